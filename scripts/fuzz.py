#!/usr/bin/env python3
"""Fuzz sendsync differentially: generated multi-module projects, each checked through the real
command line again and again (``-j1``/``-j2``, cold and warm cache, after edits); any difference
in output bytes or exit status is a failure, and so is a planted finding that is missing or a
finding on a clean twin.

    python scripts/fuzz.py                  # the quick round: 3 projects, about 30 runs
    python scripts/fuzz.py --long           # 40 bigger projects, more edits and noise
    python scripts/fuzz.py --projects 10 --seed 7
    python scripts/fuzz.py --seed 7 --project 4     # again, only the project that failed

A **project** is a handful of modules made of **cases**. A case is one NotSend value (a
``sqlite3.connect(...)`` connection, a ``tkinter.Tk()``) made by a factory in one module, kept
as it is, in a field set from a constructor argument or in a container, and handed to a thread
spawned in another module (``Thread``, ``Timer``, a pool, a lambda, ``functools.partial``, a
helper in yet another module, a ``Thread`` subclass) by a function of its own or by one
``start_workers()`` beside other cases' threads, the modules importing each other in the usual
ways (``from m import f``, ``import m``, aliases, packages). A **planted** case must be
reported, with a known code at a known line (unless a ``noqa`` on that line names it); its
**clean twin** differs by one detail that makes it safe (``check_same_thread=False``, the worker
touching only a plain field, the value made on the worker) and must not be reported. Most
projects also have cases that share one holder class, spawned from different modules, so that
several crossings meet at one position. Besides the cases, a project holds **noise**: mutants
cut and spliced from real files, and programs from hypothesmith when it is installed.

Each project is checked with ``python -m sendsync check --format json`` in a subprocess:

1. cold, ``--no-cache -j1``: the reference;
2. cold with a cache ``-j2``, then warm ``-j1``: each byte-identical to the reference;
3. then edits, one at a time (a comment that moves every line, a syntax error put in and taken
   out again, a value changed so that a finding appears or disappears in another module, a
   ``noqa`` added or removed): after each, a warm run (``-j2`` and ``-j1`` in turn) must be
   byte-identical to a cold ``--no-cache -j1`` run of the same tree, the new reference.

The oracle on every reference run: exit status 0 or 1 as the contract says and nothing on
stderr; no SSC998; SSC999 exactly where CPython (this interpreter's ``ast.parse``) rejects a
file, and only there; every planted finding present, nothing else in the case modules. Cases
that use a module with a syntax error may lose their findings meanwhile (that module is not
analysed), so they are not asserted until it is fixed. The shapes of the bugs the fuzzer found
(``KNOWN_BUGS``, all fixed) are generated too, unless ``--avoid-known-bugs``.

Deterministic from ``--seed``. The ``sendsync`` that runs is whatever ``python -m sendsync``
imports with the caller's ``PYTHONPATH`` first (this checkout after it), printed at the start:
point ``PYTHONPATH`` at another copy to fuzz that copy. Failing projects are kept in ``--out``
(default ``fuzz-failures/``), one directory each with the tree as it was and ``failure.txt``
(the edits that led there, what went wrong). Exit status 1 when anything failed.
"""
from __future__ import annotations

import argparse
import ast
import copy
import difflib
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import tokenize
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

#: Bugs the fuzzer found, each with a reproducer in ``tests/test_fuzz_found.py``. All three are
#: fixed, and their shapes are generated in every round; ``--avoid-known-bugs`` leaves them out
#: (to tell a regression of one of them from a new bug). An open bug found later goes here too,
#: with an ``xfail(strict=True)`` reproducer, and is avoided until fixed.
KNOWN_BUGS = {
    "aliased-call": "a project function or class called through `from m import f as g` does not "
                    "get that call's arguments (a helper's thread, a holder's field): the "
                    "finding is lost",
    "shared-helper": "callers of one `run_in_background(fn, *args)` helper are mixed up: a clean "
                     "value handed through it is reported as reaching another caller's worker",
    "helper-beside-spawn": "a function that calls a thread-spawning helper and also starts "
                           "another thread loses the finding of a holder handed to either",
}

# --- generated projects --------------------------------------------------------------------------

MODULE_NAMES = ("inventory", "ledger", "mailer", "reports", "uploads", "billing", "catalog",
                "audit", "exports", "alerts")

#: the NotSend values: (module to import, constructor, an operation on the value)
KINDS = {
    "sqlite": ("sqlite3", 'sqlite3.connect(":memory:")', 'execute("SELECT 1")'),
    "tk": ("tkinter", "tkinter.Tk()", 'title("busy")'),
}
#: the same connection made safe to hand over: Send (and not used by two threads)
SHARED_SQLITE = 'sqlite3.connect(":memory:", check_same_thread=False)'
#: how the value is kept: as it is, in a field set from a constructor argument, in a container
HOLDERS = ("none", "field", "list", "dict")
#: how the work is handed to another thread
BOUNDARIES = ("thread", "timer", "pool", "lambda", "partial", "helper", "subclass")
#: the boundaries whose crossings are reported with one code (SSC102) at the holder's method,
#: from the module of the spawn (a helper's ``Thread(...)`` is in the holder's module)
MEETING = ("thread", "timer", "pool", "partial")
#: how a module imports another one's names
IMPORT_STYLES = ("from", "from", "module", "alias")
#: a line that CPython rejects, put into a module by an edit (and taken out again)
BROKEN_LINES = ("def broken(:", "total = (1,", 'label = "unterminated', "    stray_indent = 1",
                "return = 5", "class:", "x = 1 +", "for in range(3): pass")


@dataclass
class Case:
    """One value handed to a thread. ``twin`` None: a planted crossing, which must be reported;
    else how this clean twin avoids the crossing: ``shared`` (``check_same_thread=False``),
    ``plain`` (the worker reads only a plain field of the holder), ``home`` (the worker makes the
    value itself)."""

    n: int
    kind: str
    twin: Optional[str]
    holder: str
    boundary: str
    #: module index of each role: the holder class, the factory, the worker function, the spawn
    holder_mod: int
    factory_mod: int
    worker_mod: int
    spawn_mod: int
    #: a ``noqa`` on the line the finding is reported on: None, "code" (the right code),
    #: "bare", "other" (another code: suppresses nothing)
    noqa: Optional[str]
    style: str
    #: the case whose holder class this one uses (its own when None): crossings from several
    #: spawns then meet at one operation, one finding per code, whatever order they are found in
    holder_of: Optional[int] = None
    #: spawned by the one ``start_workers()`` of its spawn module, beside other cases' threads
    #: (else by a ``start_N()`` of its own)
    together: bool = False

    @property
    def planted(self) -> bool:
        return self.twin is None

    def modules(self, project: "Project") -> Set[int]:
        """The modules this case's code is in."""
        used = {self.factory_mod, self.worker_mod, self.spawn_mod}
        if self.holder == "field" or self.boundary == "helper":
            used.add(self.holder_mod)  # the holder class, or the case's own helper
        if uses_shared_helper(self, project.known_bugs):
            used.add(project.helper_mod)
        return used


@dataclass
class Project:
    """The model a project's files are rendered from; edits change the model."""

    modules: List[str]  # dotted names, in import order: a module imports only earlier ones
    cases: List[Case]
    noise: Dict[str, bytes] = field(default_factory=dict)  # extra files by path
    comments: Dict[int, int] = field(default_factory=dict)  # module -> comment lines at its top
    broken: Dict[int, str] = field(default_factory=dict)  # module -> the line CPython rejects
    helper_mod: int = 0  # where the ``helper`` boundary's ``run_in_background`` lives
    #: also generate the shapes of the bugs in ``KNOWN_BUGS`` (the default: all are fixed)
    known_bugs: bool = True


@dataclass
class Expected:
    """What the reference run must report: the codes planted at each (path, line); the cases
    whose code each line of the case modules is; the cases not asserted (they use a module with
    a syntax error); the case modules' paths."""

    planted: Dict[Tuple[str, int], Set[str]]
    owner: Dict[Tuple[str, int], Tuple[int, ...]]
    relaxed: Set[int]
    case_paths: Set[str]


def module_path(dotted: str) -> str:
    return dotted.replace(".", "/") + ".py"


def generate(rng: random.Random, cases: int, modules: int) -> Project:
    """A project of ``cases`` random cases in ``modules`` modules and, most of the time, for
    each kind of value, up to three more that share one holder class and are spawned from
    different modules: their crossings meet at its method."""
    names = rng.sample(MODULE_NAMES, modules)
    dotted = [("pkg." + name if rng.random() < 0.3 else name) for name in names]
    out: List[Case] = []

    def add(kind: str, holder: str, holder_mod: int, twin: Optional[str] = None,
            noqa: Optional[str] = None, holder_of: Optional[int] = None,
            boundaries: Sequence[str] = BOUNDARIES, spawn_mod: Optional[int] = None) -> Case:
        if spawn_mod is None:
            factory_mod = rng.randint(holder_mod, modules - 1)
            worker_mod = rng.randrange(modules)
            spawn_mod = rng.randint(max(factory_mod, worker_mod), modules - 1)
        else:
            factory_mod = rng.randint(holder_mod, spawn_mod)
            worker_mod = rng.randint(0, spawn_mod)
        case = Case(len(out), kind, twin, holder, rng.choice(boundaries), holder_mod, factory_mod,
                    worker_mod, spawn_mod, noqa, rng.choice(IMPORT_STYLES), holder_of)
        out.append(case)
        return case

    for _ in range(cases):
        kind = rng.choice(sorted(KINDS))
        holder = rng.choice(HOLDERS)
        twins: List[Optional[str]] = [None, None, "home"]
        if kind == "sqlite":
            twins.append("shared")
        if holder == "field":
            twins.append("plain")
        case = add(kind, holder, rng.randrange(modules), rng.choice(twins),
                   rng.choice((None, None, None, None, "code", "bare", "other")))
        case.together = rng.random() < 0.4
    # meeting points: one holder class, and three spawns, each in a module of its own, of a
    # random size (the order of paths and the order of sizes differ)
    comments: Dict[int, int] = {}
    for kind in sorted(KINDS):
        if rng.random() < 0.2:
            continue
        leader: Optional[Case] = None
        for k in range(3):
            dotted.append(f"{'pkg.' if rng.random() < 0.3 else ''}dispatch_{kind}_{k}")
            spawn_mod = len(dotted) - 1
            comments[spawn_mod] = rng.randrange(40)
            if leader is None:
                leader = add(kind, "field", 0, boundaries=MEETING, spawn_mod=spawn_mod)
            else:
                twin = rng.choice((None, None, "plain", "shared" if kind == "sqlite" else None))
                add(kind, "field", 0, twin, holder_of=leader.n, boundaries=MEETING, spawn_mod=spawn_mod)
    return Project(dotted, out, comments=comments, helper_mod=0)


def report_site(case: Case) -> Tuple[str, str]:
    """Where a planted case is reported, and with which code. The contract: at the operation on
    the other thread when the value got there through calls (a method of the holder; the worker
    called by a lambda or by ``run()``), else at the use that crosses (the spawn call, the
    helper's ``Thread(...)``)."""
    code = {"lambda": "SSC101", "subclass": "SSC106"}.get(case.boundary, "SSC102")
    if case.holder == "field":
        return "holder", code
    if case.boundary in ("lambda", "subclass"):
        return "worker", code
    return ("helper" if case.boundary == "helper" else "spawn"), code


def uses_shared_helper(case: Case, known_bugs: bool) -> bool:
    """Planted cases whose finding is at the helper's ``Thread(...)`` share one helper; the
    others get a helper each (see ``KNOWN_BUGS``: callers of one helper are mixed up)."""
    if case.boundary != "helper":
        return False
    return known_bugs or (case.planted and report_site(case)[0] == "helper" and case.noqa is None)


def expected_codes(reported: Sequence[Case], relaxed: Set[int]) -> Set[str]:
    """The codes a line must be reported with, for the cases whose finding would be there. The
    method of a holder class is special: the contract's auto traits are per class, so a class
    one of whose instances holds a NotSend value is NotSend, and every case that hands one of
    its instances to a thread whose code uses the value is reported, even the one whose own
    instance holds a safe connection (twin ``shared``)."""
    live = [c for c in reported if c.n not in relaxed]
    if live and live[0].holder == "field":  # (a field holder is reported at its method only)
        if not any(c.twin != "shared" for c in live):
            return set()
        return {report_site(c)[1] for c in live if c.twin in (None, "shared")}
    return {report_site(c)[1] for c in live if c.planted}


NOQA_COMMENTS = {None: "", "bare": "  # noqa", "other": "  # noqa: SSC2"}


def _suppressed(code: str, noqa: Optional[str], own_code: str) -> bool:
    """Whether the ``noqa`` of kind ``noqa`` that a case reported with ``own_code`` wrote on a
    line suppresses a finding ``code`` there."""
    return noqa == "bare" or (noqa == "code" and code == own_code)


class _Module:
    """A module being rendered: its imports and its lines. Each line has the cases whose code it
    is, the cases whose finding is reported on it, and the ``noqa`` kind written on it."""

    def __init__(self, dotted: str) -> None:
        self.dotted = dotted
        self.imports: Set[str] = set()
        self.lines: List[Tuple[str, Tuple[Case, ...], Tuple[Case, ...], Optional[str], str]] = []
        #: the body of ``start_workers()``, which ends the module
        self.together: List[Tuple[str, Tuple[Case, ...], Tuple[Case, ...], Optional[str], str]] = []

    def add(self, owners: Sequence[Case], text: str, reported: Sequence[Case] = (),
            noqa: Optional[str] = None, own_code: str = "", together: bool = False) -> None:
        comment = f"  # noqa: {own_code}" if noqa == "code" else NOQA_COMMENTS[noqa]
        lines = text.splitlines()
        for k, line in enumerate(lines):
            last = k == len(lines) - 1  # the comment and the finding are on the last line
            (self.together if together else self.lines).append(
                (line + (comment if last and reported else ""), tuple(owners),
                 tuple(reported) if last else (), noqa, own_code))

    def ref(self, owner: "_Module", name: str, style: str) -> str:
        """How this module spells ``name`` defined in ``owner`` (importing it)."""
        if owner is self:
            return name
        if style == "module":
            self.imports.add(f"import {owner.dotted}")
            return f"{owner.dotted}.{name}"
        if style == "alias":
            self.imports.add(f"from {owner.dotted} import {name} as {name}_")
            return f"{name}_"
        self.imports.add(f"from {owner.dotted} import {name}")
        return name


def render(project: Project) -> Tuple[Dict[str, bytes], Expected]:
    """The project's files, and what checking them must report."""
    mods = [_Module(d) for d in project.modules]
    helper = mods[project.helper_mod]
    sharing = [c for c in project.cases if uses_shared_helper(c, project.known_bugs)]
    if sharing:
        helper.imports.add("import threading")
        helper.add(sharing, "\n\ndef run_in_background(fn, *args):")
        reported_here = [c for c in sharing if report_site(c)[0] == "helper"]
        helper.add(sharing, "    worker = threading.Thread(target=fn, args=args, daemon=True)",
                   reported_here)
        helper.add(sharing, "    worker.start()\n    return worker")
    for case in project.cases:
        _render_case(case, project, mods, helper)
    files: Dict[str, bytes] = {}
    planted: Dict[Tuple[str, int], Set[str]] = {}
    owner: Dict[Tuple[str, int], Tuple[int, ...]] = {}
    relaxed = {c.n for c in project.cases if c.modules(project) & set(project.broken)}
    for i, mod in enumerate(mods):
        path = module_path(mod.dotted)
        text = [f"# generated by scripts/fuzz.py ({n + 1})" for n in range(project.comments.get(i, 0))]
        text += sorted(mod.imports)
        if i in project.broken:
            text.append(project.broken[i])
        if mod.together:
            mod.add((), "\n\ndef start_workers():")
        for line, owners, reported, noqa, own_code in mod.lines + mod.together:
            text.append(line)
            where = (path, len(text))
            owner[where] = tuple(c.n for c in owners)
            codes = {code for code in expected_codes(reported, relaxed)
                     if not _suppressed(code, noqa, own_code)}
            if codes:
                planted[where] = codes
        files[path] = ("\n".join(text) + "\n").encode()
    if any(d.startswith("pkg.") for d in project.modules):
        files["pkg/__init__.py"] = b""
    files.update(project.noise)
    files["pyproject.toml"] = b'[project]\nname = "fuzzed"\nversion = "0"\n'
    return files, Expected(planted, owner, relaxed, {module_path(d) for d in project.modules})


def _render_case(case: Case, project: Project, mods: List[_Module], helper: _Module) -> None:
    n = case.n
    known_bugs = project.known_bugs
    # a class or helper called through an aliased import: see KNOWN_BUGS
    called_style = "from" if case.style == "alias" and not known_bugs else case.style
    module_of_kind, make, operation = KINDS[case.kind]
    if case.twin == "shared":
        make = SHARED_SQLITE
    holder_m, factory_m = mods[case.holder_mod], mods[case.factory_mod]
    worker_m, spawn_m = mods[case.worker_mod], mods[case.spawn_mod]
    site, code = report_site(case)
    mine = [case]

    def at(where: str) -> Dict[str, object]:
        """What a line at ``where`` carries: this case's finding and noqa, if it is reported there."""
        return {"reported": mine, "noqa": case.noqa, "own_code": code} if where == site else {}

    # the holder class (shared by the cases that use it): the operation happens in its method
    holder_class = f"Holder{n if case.holder_of is None else case.holder_of}"
    if case.holder == "field" and case.holder_of is None:
        users = [c for c in project.cases if c is case or c.holder_of == n]
        holder_m.add(users, f"\n\nclass {holder_class}:\n"
                            f"    def __init__(self, res, tag):\n"
                            f"        self.res = res\n"
                            f"        self.tag = tag\n\n"
                            f"    def use(self):")
        holder_m.add(users, f"        return self.res.{operation}", users, case.noqa, code)
        holder_m.add(users, "\n    def label(self):\n"
                            "        return self.tag\n")

    # the factory
    factory_m.imports.add(f"import {module_of_kind}")
    if case.holder == "field":
        made = f'{factory_m.ref(holder_m, holder_class, called_style)}({make}, "t{n}")'
    elif case.holder == "list":
        made = f"[{make}]"
    elif case.holder == "dict":
        made = f'{{"res": {make}}}'
    else:
        made = make
    factory_m.add(mine, f"\n\ndef make_{n}():\n    return {made}\n")

    # the worker: operates on what it is handed (or, for the twin ``home``, on what it makes)
    home = case.twin == "home"
    if home:
        worker_m.add(mine, f"\n\ndef work_{n}():\n"
                           f"    x = {worker_m.ref(factory_m, f'make_{n}', case.style)}()")
    else:
        worker_m.add(mine, f"\n\ndef work_{n}(x):")
    if case.holder == "field":
        worker_m.add(mine, "    x.label()" if case.twin == "plain" else "    x.use()")
    elif case.holder == "list":
        worker_m.add(mine, "    for item in x:")
        worker_m.add(mine, f"        item.{operation}", **at("worker"))
    elif case.holder == "dict":
        worker_m.add(mine, f'    x["res"].{operation}', **at("worker"))
    else:
        worker_m.add(mine, f"    x.{operation}", **at("worker"))

    # the spawn, by a function of its own or by the module's start_workers()
    work = spawn_m.ref(worker_m, f"work_{n}", case.style)
    x = f"x{n}"
    handed = "" if home else f", {x}"  # what follows the callable in a call that hands it over
    together = case.together and (known_bugs or case.boundary != "helper")  # see KNOWN_BUGS

    def spawn(text: str, **carried) -> None:
        spawn_m.add(mine, text, together=together, **carried)

    if case.boundary == "helper" and uses_shared_helper(case, known_bugs):
        run_bg = spawn_m.ref(helper, "run_in_background", called_style)
    elif case.boundary == "helper":  # a helper of its own, in the holder's module
        holder_m.imports.add("import threading")
        holder_m.add(mine, f"\n\ndef run_in_background_{n}(fn, *args):")
        holder_m.add(mine, "    threading.Thread(target=fn, args=args).start()", **at("helper"))
        run_bg = spawn_m.ref(holder_m, f"run_in_background_{n}", called_style)
    if case.boundary == "subclass":  # a Thread subclass whose field, set in __init__, is used in run()
        spawn_m.add(mine, f"\n\nclass Runner{n}(threading.Thread):\n"
                          f"    def __init__(self, x):\n"
                          f"        super().__init__()\n"
                          f"        self.x = x\n\n"
                          f"    def run(self):")
        spawn_m.add(mine, f"        {work}({'' if home else 'self.x'})")
    if not together:
        spawn_m.add(mine, f"\n\ndef start_{n}():")
    if not home:
        spawn(f"    {x} = {spawn_m.ref(factory_m, f'make_{n}', case.style)}()")
    if case.boundary in ("thread", "timer", "lambda", "partial", "subclass"):
        spawn_m.imports.add("import threading")
    args = "" if home else f", args=({x},)"
    if case.boundary == "thread":
        spawn(f"    threading.Thread(target={work}{args}).start()", **at("spawn"))
    elif case.boundary == "timer":
        spawn(f"    threading.Timer(0.5, {work}{args}).start()", **at("spawn"))
    elif case.boundary == "pool":
        spawn_m.imports.add("from concurrent.futures import ThreadPoolExecutor")
        spawn("    with ThreadPoolExecutor(max_workers=2) as pool:")
        spawn(f"        pool.submit({work}{handed})", **at("spawn"))
    elif case.boundary == "lambda":
        spawn(f"    threading.Thread(target=lambda: {work}({'' if home else x})).start()")
    elif case.boundary == "partial":
        spawn_m.imports.add("import functools")
        spawn(f"    threading.Thread(target=functools.partial({work}{handed})).start()", **at("spawn"))
    elif case.boundary == "helper":
        spawn(f"    {run_bg}({work}{handed})")
    else:
        spawn(f"    Runner{n}({'' if home else x}).start()")


# --- noise: mutants of real files, and programs from hypothesmith ---------------------------------

#: makes any program interesting to the thread analysis: a thread that captures names
SPAWN_EPILOGUE = (
    "\n\nimport sqlite3, threading\n"
    "def _fuzz_main():\n"
    "    conn = sqlite3.connect(':memory:')\n"
    "    threading.Timer(0.01, lambda: conn.execute('SELECT 1')).start()\n"
)

JUNK = [b"(", b")", b"[", b"]", b"{", b"}", b":", b",", b"lambda", b"lambda: ", b"\t", b"\r",
        b"\r\n", b"\x00", b"\xff", b"\xe9", b'"""', b"'", b'"', b"\\", b"\\\n", b"def ", b"class ",
        b"async ", b"await ", b"yield", b"f'{", b"f\"{x!r:>{w}}\"", b"@", b"*", b"**", b"=",
        b":=", b"->", b"nonlocal x", b"global x", b"# noqa", b"# noqa: SSC101", b"#", b";",
        b"\x0c", b"\xef\xbb\xbf", b"    ", b"\n    ", b"\n", b"match x:\n    case 1:\n        pass\n",
        b"except* E:", b"type X = int\n", b"with ", b"threading.Thread(target=", b"conn",
        "\u00e9".encode(), "\U0001f600".encode(), b"\xf0\x9f"]

COOKIES = [b"# -*- coding: latin-1 -*-\n", b"# coding: cp1252\n", b"# coding=utf-8\n",
           b"# -*- coding: nonesuch -*-\n", b"# vim: set fileencoding=utf-16 :\n"]



def seed_files(limit_bytes: int = 400_000) -> List[Path]:
    """The real files mutants are made of (read from disk, never copied into the repository)."""
    files: List[Path] = []
    for folder in ("sendsync", "tests", "scripts", "examples"):
        files += sorted((ROOT / folder).rglob("*.py"))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files.append(stdlib / "threading.py")
    files += sorted((stdlib / "concurrent" / "futures").glob("*.py"))
    if SHARED_CORPUS.is_dir():
        files += sorted(SHARED_CORPUS.rglob("*.py"))
    return [f for f in files if f.is_file() and f.stat().st_size <= limit_bytes]


class Mutator:
    def __init__(self, files: Sequence[Path], rng: random.Random, max_lines: int = 150) -> None:
        self.rng = rng
        self.max_lines = max_lines
        self.sources, self.blocks = _read_seeds(tuple(files))
        if not self.sources:
            raise SystemExit("no seed files to mutate")

    def _lines(self) -> List[bytes]:
        return self.rng.choice(self.sources).splitlines(keepends=True)

    def window(self) -> List[bytes]:
        lines = self._lines()
        size = self.rng.randint(1, min(self.max_lines, len(lines)))
        start = self.rng.randint(0, len(lines) - size)
        return lines[start:start + size]

    def spliced(self) -> List[bytes]:
        """Whole top-level statements of one to three files, in order: mostly valid Python, so
        the deep analysis runs on it; sometimes a function body loses or gains statements."""
        r = self.rng
        out: List[bytes] = []
        for _ in range(r.choice((1, 1, 2, 3))):
            top, bodies, lines = r.choice(self.blocks)
            first = r.randrange(len(top))
            last = min(len(top), first + r.randint(1, 12))
            chosen = lines[top[first][0]:top[last - 1][1]]
            out.extend(chosen)
            if bodies and r.random() < 0.5:  # statements of some function, in a function of ours
                out.append(b"\n\ndef _spliced(self, conn, items):\n")
                for _ in range(r.randint(1, 6)):
                    start, end, indent = r.choice(bodies)
                    for ln in lines[start:end]:
                        cut = len(ln) - len(ln.lstrip(b" \t"))
                        out.append(b"    " + ln[min(cut, indent):] if ln.strip() else ln)
        return out

    def mutant(self) -> bytes:
        r = self.rng
        mode = r.random()
        if mode < 0.45 and self.blocks:
            lines = self.spliced()
            if r.random() < 0.3:
                lines = self._edit(lines)
            return b"".join(lines)
        lines = self.window()
        if r.random() < 0.4:  # splice another window in
            other = self.window()
            at = r.randint(0, len(lines))
            lines = lines[:at] + other + lines[at:]
        for _ in range(r.choice((0, 1, 1, 2, 3, 5))):
            lines = self._edit(lines)
        data = b"".join(lines)
        if r.random() < 0.1 and data:  # cut at a random byte
            data = data[: r.randint(0, len(data))]
        if r.random() < 0.08:
            data = r.choice(COOKIES) + data
        if r.random() < 0.05:
            data = b"\xef\xbb\xbf" + data
        if r.random() < 0.1:
            ending = r.choice((b"\r\n", b"\r"))
            data = data.replace(b"\n", ending) if r.random() < 0.5 else data.replace(b"\n", ending, 3)
        return data

    def _edit(self, lines: List[bytes]) -> List[bytes]:
        r = self.rng
        if not lines:
            return [r.choice(JUNK)]
        i = r.randrange(len(lines))
        op = r.randrange(7)
        if op == 0:  # delete a few lines
            del lines[i:i + r.randint(1, 3)]
        elif op == 1:  # duplicate a line
            lines.insert(i, lines[i])
        elif op == 2:  # swap two lines
            j = r.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:  # re-indent
            body = lines[i].lstrip(b" \t")
            lines[i] = b" " * r.choice((0, 1, 2, 4, 8, 12)) + body
        elif op == 4:  # junk inside a line
            line = lines[i]
            at = r.randint(0, len(line))
            lines[i] = line[:at] + r.choice(JUNK) + line[at:]
        elif op == 5:  # cut a line short
            line = lines[i]
            lines[i] = line[: r.randint(0, len(line))] + b"\n"
        else:  # a line from elsewhere
            lines.insert(i, r.choice(self._lines()) if self.sources else b"\n")
        return lines


@functools.lru_cache(maxsize=2)
def _read_seeds(files: Tuple[Path, ...]) -> Tuple[List[bytes], List[tuple]]:
    """The seed files' bytes, and per file the line spans of its top-level statements and of
    the statements of its function bodies (valid pieces to splice); read once per process."""
    sources = [s for s in (f.read_bytes() for f in files) if s.strip()]
    return sources, [b for b in (_blocks(s) for s in sources) if b[0]]


def _blocks(source: bytes) -> Tuple[List[Tuple[int, int]], List[Tuple[int, int, int]], List[bytes]]:
    """(top-level statement spans, function-body statement spans with their indent, lines)."""
    lines = source.splitlines(keepends=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [], [], lines
    top = [(n.lineno - 1, getattr(n, "end_lineno", n.lineno) or n.lineno) for n in tree.body]
    top = [(a, b) for a, b in top if b > a]
    bodies = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for stmt in node.body:
                end = getattr(stmt, "end_lineno", stmt.lineno) or stmt.lineno
                bodies.append((stmt.lineno - 1, end, stmt.col_offset))
    return top, bodies, lines




def hypothesmith_installed() -> bool:
    import importlib.util
    return all(importlib.util.find_spec(name) is not None for name in ("hypothesis", "hypothesmith"))


def hypothesmith_programs(count: int, seed: int) -> List[bytes]:
    """``count`` programs from hypothesmith, every other one followed by a thread spawn; none
    when hypothesmith is not installed. Hypothesis starts with the simplest examples, so more
    are drawn and the longest kept: ``from_grammar`` (fast), and in big rounds ``from_node``
    too (slow, and its first examples are a name or two)."""
    if count <= 0 or not hypothesmith_installed():
        return []
    import hypothesmith
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fix_seed

    drawn: List[bytes] = []

    def collect(strategy, n: int) -> None:
        @fix_seed(seed)
        @settings(max_examples=n, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def gather(source: str) -> None:
            drawn.append(source.encode("utf-8", "surrogatepass"))

        gather()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # hypothesmith compiles what it generates
        collect(hypothesmith.from_grammar(), count + 3)
        if count >= 8:
            collect(hypothesmith.from_node(), count // 2)
    kept = sorted(set(drawn), key=lambda p: (-len(p), p))[:count]
    return [p + SPAWN_EPILOGUE.encode() if i % 2 else p for i, p in enumerate(kept)]


# --- edits -----------------------------------------------------------------------------------------


def edited(project: Project, rng: random.Random, fix: bool = False) -> Tuple[Project, str]:
    """A copy of ``project`` with one edit, and what the edit was. A module with a syntax error
    is fixed by the next edit half of the time, and always with ``fix``."""
    new = copy.deepcopy(project)
    names = new.modules
    if new.broken and (fix or rng.random() < 0.5):
        i = rng.choice(sorted(new.broken))
        del new.broken[i]
        return new, f"fixed the syntax error in {module_path(names[i])}"
    kind = rng.choice(("comment", "break", "flip", "flip", "flip", "noqa"))
    if kind == "break" and len(new.broken) < len(names):
        i = rng.choice([i for i in range(len(names)) if i not in new.broken])
        new.broken[i] = rng.choice(BROKEN_LINES)
        return new, f"put a syntax error in {module_path(names[i])}: {new.broken[i]!r}"
    if kind == "noqa":  # on a case's own line (a case that uses another's holder has none)
        case = rng.choice([c for c in new.cases if c.holder_of is None])
        case.noqa = None if case.noqa else rng.choice(("code", "bare", "other"))
        return new, f"case {case.n}: noqa {case.noqa or 'removed'}"
    if kind == "flip":
        # a case made safe or unsafe by a change in one module: its finding appears or
        # disappears, best in another module, whose own bytes did not change
        flips = _flips(new)
        remote = [f for f in flips if f[2] != f[3]]
        if flips:
            case, twin, changed, reported = rng.choice(remote or flips)
            case.twin = twin
            return new, (f"case {case.n} made {'safe' if twin else 'unsafe'} in "
                         f"{module_path(names[changed])} (reported in {module_path(names[reported])})")
    i = rng.randrange(len(names))
    new.comments[i] = new.comments.get(i, 0) + 1
    return new, f"a comment at the top of {module_path(names[i])} moves its lines"


def _flips(project: Project) -> List[Tuple[Case, Optional[str], int, int]]:
    """The cases one edit makes safe or unsafe, outside the meeting points: (case, its new twin,
    the module the edit changes, the module its finding is reported in)."""
    shared = {c.holder_of for c in project.cases if c.holder_of is not None}
    out = []
    for case in project.cases:
        if case.holder_of is not None or case.n in shared:
            continue
        reported = _reported_in(case, project)
        if case.kind == "sqlite" and case.twin in (None, "shared"):
            out.append((case, "shared" if case.twin is None else None, case.factory_mod, reported))
        if case.holder == "field" and case.twin in (None, "plain"):
            out.append((case, "plain" if case.twin is None else None, case.worker_mod, reported))
    return out


def _reported_in(case: Case, project: Project) -> int:
    """The module a planted case's finding is reported in."""
    site = report_site(case)[0]
    if site == "helper" and uses_shared_helper(replace(case, twin=None), project.known_bugs):
        return project.helper_mod
    return {"holder": case.holder_mod, "helper": case.holder_mod, "worker": case.worker_mod,
            "spawn": case.spawn_mod}[site]


# --- the oracle ------------------------------------------------------------------------------------


def cpython_verdict(data: bytes) -> Optional[Tuple[int, int]]:
    """CPython's (line, column) for bytes it rejects, ``None`` when it accepts them."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(data)
    except SyntaxError as err:
        return err.lineno or 1, max(err.offset or 1, 1)
    except (ValueError, RecursionError, MemoryError):
        return 1, 1
    return None

def _noqa_comment_on(data: bytes, line: int) -> bool:
    """Whether ``line`` has a bare ``# noqa`` (or one naming SSC999) as a comment token, read up
    to where the file stops tokenizing (text in an unterminated string is no comment)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    lines = iter(text.splitlines(keepends=True))
    try:
        for token in tokenize.generate_tokens(lambda: next(lines, "")):
            if token.type == tokenize.ERRORTOKEN:
                return False
            if token.type == tokenize.COMMENT and token.start[0] == line:
                found = re.search(r"#\s*noqa\b(\s*:\s*(?P<codes>[\w, ]+))?", token.string, re.I)
                if found:
                    codes = found.group("codes")
                    return codes is None or any("SSC999".startswith(c.strip().upper())
                                                for c in codes.split(",") if c.strip())
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return False
    return False



@dataclass
class Run:
    """One run of the command line on a tree."""

    label: str
    args: List[str]
    status: int
    stdout: bytes
    stderr: bytes


def describe(case: Case, project: Project) -> str:
    holder = {"none": "as it is", "field": f"in a field of Holder{case.n}", "list": "in a list",
              "dict": "in a dict"}[case.holder]
    what = "planted" if case.planted else f"clean twin ({case.twin})"
    return (f"case {case.n} ({what}): a {case.kind} value {holder}, handed over by {case.boundary} "
            f"in {module_path(project.modules[case.spawn_mod])}")


def judge(run: Run, files: Dict[str, bytes], expected: Expected, project: Project) -> List[str]:
    """What is wrong with a reference run's answer (empty: nothing)."""
    if run.status not in (0, 1):
        return [f"{run.label}: exit status {run.status}\n{_tail(run.stderr)}"]
    problems: List[str] = []
    if run.stderr.strip():
        problems.append(f"{run.label}: wrote to stderr\n{_tail(run.stderr)}")
    try:
        findings = json.loads(run.stdout)["findings"]
        found = [(f["path"], f["line"], f["column"], f["code"], f["message"]) for f in findings]
    except (ValueError, KeyError, TypeError) as exc:
        return problems + [f"{run.label}: not the JSON document of the contract ({exc})"]
    if run.status != (1 if found else 0):
        problems.append(f"{run.label}: exit status {run.status} with {len(found)} finding(s)")
    problems += [f"SSC998 at {path}:{line}:{col}: {message}"
                 for path, line, col, code, message in found if code == "SSC998"]
    for path, data in sorted(files.items()):
        if path.endswith(".py"):
            problems += _syntax_verdict(path, data, [f for f in found if f[0] == path])
    return problems + _planted_verdict(found, expected, project)


def _planted_verdict(found: List[tuple], expected: Expected, project: Project) -> List[str]:
    """Every planted finding at its line with its code; no other finding in the case modules
    (but on the lines of a case that uses a module with a syntax error)."""
    cases = {c.n: c for c in project.cases}

    def whose(where: Tuple[str, int]) -> str:
        return "; ".join(describe(cases[n], project) for n in expected.owner.get(where, ())) or "no case"

    problems = []
    for (path, line), codes in sorted(expected.planted.items()):
        for code in sorted(codes):
            if not any(f[:2] == (path, line) and f[3] == code for f in found):
                problems.append(f"missing planted finding {code} at {path}:{line}: {whose((path, line))}")
    for path, line, col, code, message in found:
        if path not in expected.case_paths or code in ("SSC998", "SSC999"):
            continue
        if code in expected.planted.get((path, line), ()):
            continue
        if set(expected.owner.get((path, line), ())) & expected.relaxed:
            continue
        problems.append(f"unexpected finding {path}:{line}:{col}: {code} {message} "
                        f"(a line of {whose((path, line))})")
    return problems


def _syntax_verdict(path: str, data: bytes, found: List[tuple]) -> List[str]:
    """SSC999 exactly where CPython rejects the file, and only then."""
    verdict = cpython_verdict(data)
    ssc999 = [(line, col) for _, line, col, code, _ in found if code == "SSC999"]
    if verdict is None:
        return [f"CPython accepts {path}; sendsync said SSC999 at {line}:{col}" for line, col in ssc999]
    if not ssc999 and _noqa_comment_on(data, verdict[0]):
        return []  # a real noqa comment on the error line: the user's to hide
    if ssc999 != [verdict]:
        return [f"CPython rejects {path} at {verdict[0]}:{verdict[1]}; sendsync said SSC999 at {ssc999}"]
    return []


def compare(reference: Run, other: Run) -> List[str]:
    """A run that differs from the reference in output bytes or exit status."""
    if (other.status, other.stdout) == (reference.status, reference.stdout):
        return []
    if other.status != reference.status:
        what = f"exit status {other.status}, not {reference.status}"
    else:
        what = f"the same exit status ({other.status}), another output"
    diff = difflib.unified_diff(reference.stdout.decode(errors="replace").splitlines(),
                                other.stdout.decode(errors="replace").splitlines(),
                                reference.label, other.label, lineterm="", n=1)
    shown = "\n".join(list(diff)[:60])
    return [f"{other.label} differs from {reference.label}: {what}\n{shown}\n{_tail(other.stderr)}"]


def _tail(data: bytes, limit: int = 2000) -> str:
    return data.decode(errors="replace")[-limit:]


# --- running -------------------------------------------------------------------------------------


class Checker:
    """Runs ``python -m sendsync check --format json`` on a tree, in a subprocess, with a cache
    key of its own (``XDG_CACHE_HOME`` below ``work``)."""

    def __init__(self, work: Path, timeout: float) -> None:
        self.timeout = timeout
        self.env = dict(os.environ)
        # the caller's PYTHONPATH first (a copy to fuzz), then this checkout
        paths = [self.env.get("PYTHONPATH", ""), str(ROOT)]
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        self.env["XDG_CACHE_HOME"] = str(work / "xdg")
        self.env.pop("NO_COLOR", None)

    def which(self) -> str:
        """Where the ``sendsync`` that runs comes from."""
        code = "import os, sendsync; print(os.path.dirname(os.path.abspath(sendsync.__file__)))"
        proc = subprocess.run([sys.executable, "-c", code], env=self.env, capture_output=True,
                              text=True, cwd=tempfile.gettempdir())
        return proc.stdout.strip() or proc.stderr.strip()

    def run(self, tree: Path, jobs: int, cache: Optional[Path], label: str) -> Run:
        args = ["check", "--format", "json", f"-j{jobs}"]
        args += ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
        args.append(".")
        try:
            proc = subprocess.run([sys.executable, "-m", "sendsync", *args], cwd=tree, env=self.env,
                                  capture_output=True, timeout=self.timeout)
        except subprocess.TimeoutExpired as exc:
            return Run(label, args, -1, exc.stdout or b"",
                       (exc.stderr or b"") + f"\nno answer within {self.timeout:.0f}s".encode())
        return Run(label, args, proc.returncode, proc.stdout, proc.stderr)


def write_tree(tree: Path, files: Dict[str, bytes]) -> None:
    """Make ``tree`` hold exactly ``files``: changed files rewritten, others left alone."""
    tree.mkdir(parents=True, exist_ok=True)
    for old in sorted(tree.rglob("*"), reverse=True):
        relative = old.relative_to(tree).as_posix()
        if old.is_file() and relative not in files:
            old.unlink()
    for relative, data in files.items():
        path = tree / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)


@dataclass
class Settings:
    """The size of a round."""

    projects: int = 3
    cases: Tuple[int, int] = (6, 10)
    modules: Tuple[int, int] = (3, 5)
    edits: int = 3
    mutants: int = 3  # noise files per project
    programs: int = 1  # hypothesmith programs in the round (when installed), one per project
    known_bugs: bool = True


QUICK = Settings()
LONG = Settings(projects=40, cases=(8, 24), modules=(2, 8), edits=8, mutants=20, programs=40)


def make_project(seed: int, index: int, settings: Settings, mutator: Optional["Mutator"],
                 programs: Sequence[bytes]) -> Project:
    """Project ``index`` of the round of ``seed``: the same every time. ``programs``: the
    round's hypothesmith programs, the one of index ``index`` for this project, if any."""
    rng = random.Random(f"{seed}-{index}")
    project = generate(rng, rng.randint(*settings.cases), rng.randint(*settings.modules))
    project.known_bugs = settings.known_bugs
    if mutator is not None:
        mutator.rng = random.Random(f"{seed}-{index}-mutants")
        for k in range(settings.mutants):
            project.noise[f"noise/mutant_{k}.py"] = mutator.mutant()
    if index < len(programs):
        project.noise["noise/program.py"] = programs[index]
    return project


def fuzz_project(project: Project, seed: int, index: int, settings: Settings, checker: Checker,
                 work: Path) -> Tuple[List[str], List[str]]:
    """Check one project through every run; returns (problems, the history of edits). Stops at
    the first state that goes wrong, leaving the tree as it was then."""
    tree, cache = work / "tree", work / "cache"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    rng = random.Random(f"{seed}-{index}-edits")
    history = ["generated"]
    files, expected = render(project)
    write_tree(tree, files)
    reference = checker.run(tree, 1, None, "cold -j1 --no-cache")
    problems = judge(reference, files, expected, project)
    for jobs, kept, label in ((2, cache, "cold -j2 with a cache"), (1, cache, "warm -j1")):
        problems += compare(reference, checker.run(tree, jobs, kept, label))
    step = 0
    while not problems and (step < settings.edits or project.broken):
        step += 1
        project, what = edited(project, rng, fix=step > settings.edits)
        history.append(what)
        files, expected = render(project)
        write_tree(tree, files)
        jobs = 1 + step % 2
        warm = checker.run(tree, jobs, cache, f"warm -j{jobs} after edit {step}")
        reference = checker.run(tree, 1, None, f"cold -j1 --no-cache after edit {step}")
        problems = judge(reference, files, expected, project) + compare(reference, warm)
    return problems, history


def save_failure(out: Path, seed: int, index: int, work: Path, problems: List[str],
                 history: List[str]) -> Path:
    where = out / f"seed{seed}-project{index}"
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(work / "tree", where / "tree")
    text = [f"scripts/fuzz.py --seed {seed} --project {index}", "", "edits:"]
    text += [f"  {n}. {what}" for n, what in enumerate(history)]
    text += ["", "problems:", *problems]
    (where / "failure.txt").write_text("\n".join(text) + "\n")
    return where


def fuzz_round(seed: int, settings: Settings, out: Optional[Path], timeout: float = 300,
               only: Optional[int] = None, log=None) -> int:
    """Run a round; returns how many projects failed. ``log``: where progress goes (default:
    printed as it comes)."""
    if log is None:
        def log(line: str) -> None:
            print(line, flush=True)
    work = Path(tempfile.mkdtemp(prefix="sendsync-fuzz-"))
    failed = 0
    try:
        checker = Checker(work, timeout)
        log(f"sendsync fuzz: seed {seed}, {sys.executable} ({sys.version.split()[0]}), "
            f"sendsync from {checker.which()}")
        if settings.programs and not hypothesmith_installed():
            log("hypothesmith is not installed: no generated programs in the noise")
        files = seed_files()
        mutator = Mutator(files, random.Random(seed), max_lines=60) if settings.mutants and files else None
        indexes = range(settings.projects) if only is None else [only]
        programs = hypothesmith_programs(min(settings.programs, max(indexes) + 1), seed)
        for index in indexes:
            started = time.monotonic()
            project = make_project(seed, index, settings, mutator, programs)
            problems, history = fuzz_project(project, seed, index, settings, checker, work)
            planted = sum(c.planted for c in project.cases)
            log(f"project {index}: {len(project.modules)} modules, {len(project.cases)} cases "
                f"({planted} planted), {len(project.noise)} noise files, {len(history) - 1} edits, "
                f"{time.monotonic() - started:.1f}s: {'FAIL' if problems else 'ok'}")
            if problems:
                failed += 1
                for problem in problems[:5]:
                    log("  " + problem.replace("\n", "\n    "))
                if out is not None:
                    log(f"  kept in {save_failure(out, seed, index, work, problems, history)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return failed


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", action="store_true", help="a long round: more and bigger projects")
    parser.add_argument("--seed", type=int, default=None, help="default: random, printed")
    parser.add_argument("--projects", type=int, help="how many projects")
    parser.add_argument("--project", type=int, help="only this project of the round (to reproduce)")
    parser.add_argument("--edits", type=int, help="edits per project")
    parser.add_argument("--mutants", type=int, help="mutants of real files per project")
    parser.add_argument("--programs", type=int, help="hypothesmith programs in the round")
    parser.add_argument("--avoid-known-bugs", action="store_true",
                        help="leave out the shapes of the bugs the fuzzer found: " + "; ".join(KNOWN_BUGS))
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"),
                        help="where failing projects are kept (default: fuzz-failures/)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    settings = LONG if args.long else QUICK
    for name in ("projects", "edits", "mutants", "programs"):
        if getattr(args, name) is not None:
            settings = replace(settings, **{name: getattr(args, name)})
    settings = replace(settings, known_bugs=not args.avoid_known_bugs)
    started = time.monotonic()
    failed = fuzz_round(seed, settings, args.out, args.timeout, args.project)
    print(f"{'FAILED' if failed else 'passed'}: {failed} failing project(s), seed {seed}, "
          f"{time.monotonic() - started:.0f}s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
