#!/usr/bin/env python3
"""Write docs/knowledge.md: every built-in verdict, with the documentation sentence it rests on.

  python scripts/gen_knowledge_docs.py            write the page
  python scripts/gen_knowledge_docs.py --check    exit 1 if the committed page is stale

The page is made from the tables alone: ``sendsync/knowledge/types.py`` (standard library),
``sendsync/knowledge/thirdparty.py`` (libraries, plus what was left out and why),
``sendsync/knowledge/toolkits.py`` (GUI toolkits and thread-affine clients, their bridges and
boundaries) and ``sendsync/knowledge/calls.py`` (what calls and methods do with what they are
given).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterable, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # document the tables of this working tree

from sendsync.knowledge import calls, thirdparty, toolkits, types  # noqa: E402
from sendsync.knowledge.annotations import (  # noqa: E402
    HANDLER_METHODS, HANDLER_PREFIX, REQUEST_HANDLERS, REQUEST_METHODS, REQUEST_SERVERS, REQUEST_SERVES,
)
from sendsync.knowledge.types import Factory, Method, TypeFact  # noqa: E402

OUT = ROOT / "docs" / "knowledge.md"
STDLIB_DOCS = "https://docs.python.org/"


def verdict(fact: TypeFact) -> str:
    if fact.not_send and fact.not_sync:
        return "NotSend, NotSync"
    if fact.not_send:
        return "NotSend"
    if fact.not_sync:
        return "Send, NotSync"
    return "Send + Sync"


def meaning(fact: TypeFact) -> str:
    if fact.not_send:
        return "must stay on the thread that created it"
    if fact.not_sync:
        return "may be handed to another thread, but must never be used by two threads at once"
    return "may be shared by threads"


def code(name: str) -> str:
    return f"`{name}`"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def quote(text: str) -> List[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()]


def created_by(fact: TypeFact, factories: Sequence[Factory], methods: Sequence[Method]) -> List[str]:
    """How the checker comes to know a value has this type, besides constructors and annotations."""
    names = set(fact.names)
    lines: List[str] = []
    for made in tuple(factories) + (thirdparty.OPEN_FACTORY,):
        opt_in = " (opt-in, see below)" if made is thirdparty.OPEN_FACTORY else ""
        if made.returns in names:
            note = f" ({made.note})" if made.note else ""
            if made.running_loop:
                note += ": the loop running on the calling thread"
            elif made.running_in_coroutine:
                note += (": inside a coroutine, or the `__init__` of a class whose methods are coroutines,"
                         " the loop running it")
            if made.main_runs:
                note += ("; elsewhere on the main thread, the main thread's loop, running there when"
                         f" the main thread calls {' or '.join(code(m + '()') for m in made.main_runs)}"
                         " on it and no other loop is installed"
                         f" ({', '.join(code(n + '()') for n in made.main_replaced_by)})")
            lines.append(", ".join(code(f"{n}(...)") for n in made.names) + note + opt_in)
        for variant in made.variants:
            if variant.returns in names:
                how = (f'`{variant.keyword}` containing "{variant.literal}"' if variant.contains
                       else f"`{variant.keyword}={variant.literal}`")
                lines.append(", ".join(code(f"{n}(...)") for n in made.names) + f" with {how}"
                             + opt_in)
    for m in methods:
        if m.returns in names:
            lines.append(f"`.{m.name}()` of {code(m.owners[0])}")
    return lines


def entry(fact: TypeFact, factories: Sequence[Factory], methods: Sequence[Method]) -> List[str]:
    lines = [f"### {fact.label}: {code(fact.names[0])}", ""]
    lines.append(f"**{verdict(fact)}**: {meaning(fact)}.")
    lines.append("")
    if len(fact.names) > 1:
        lines.append("Also spelled: " + ", ".join(code(n) for n in fact.names[1:]) + ".")
        lines.append("")
    made = created_by(fact, factories, methods)
    if made:
        lines.append("Created by: " + "; ".join(made) + ".")
        lines.append("")
    extras = [what for flag, what in (
        (fact.thread_local, "its attributes are per thread: nothing stored there crosses"),
        (fact.lock, "a lock: what is used inside `with` it on every thread is shared safely"),
        (fact.generator, "iterating it yields values the checker knows nothing about"),
        (fact.gui_thread, "a GUI object: creating one on a thread other than the GUI thread is "
                          "reported too (SSC108)"),
    ) if flag]
    props = sorted({p for key, names in toolkits.PROPERTIES if key in fact.names for p in names})
    if props:
        extras.append("assigning a property is an operation, on an object of a project's subclass "
                      "too (" + ", ".join(code(p) for p in props) + ", and those its class body "
                      "declares with `kivy.properties.*Property()`)")
    if extras:
        lines.append("Also: " + "; ".join(extras) + ".")
        lines.append("")
    lines.extend(quote(fact.source))
    lines.append(">")
    lines.append(f"> {fact.url}")
    lines.append("")
    return lines


def summary(facts: Iterable[TypeFact]) -> List[str]:
    lines = ["| object | verdict | source |", "| --- | --- | --- |"]
    for fact in facts:
        lines.append(f"| {code(fact.names[0])} ({cell(fact.label)}) | {verdict(fact)} | "
                     f"<{fact.url}> |")
    return lines + [""]


def roles() -> List[str]:
    """What library calls and methods do with their arguments: ``calls.py``, with its role legend."""
    legend = (calls.__doc__ or "").split("Roles of a call", 1)
    out = [
        "## What calls and methods do",
        "",
        "Besides what an object *is*, the checker knows what some calls *do* with what they are",
        "given: build a container of it, bind it for later, hand it to another thread's loop, leave",
        "it alone. `*` stands for any object, `?` for an object whose type these tables do not",
        "describe.",
        "",
    ]
    if len(legend) == 2:
        out += ["```", ("Roles of a call" + legend[1]).strip("\n"), "```", ""]
    out += ["| calls | role | source |", "|---|---|---|"]
    for fact in calls.CALLS + toolkits.CALLS:
        source = f"[docs]({fact.url})" if fact.url else ""
        out.append(f"| {cell(', '.join(code(n) for n in fact.names))} | {fact.role} | {source} |")
    out += ["", "| methods | of | role | source |", "|---|---|---|---|"]
    for mfact in calls.METHODS + toolkits.METHOD_ROLES:
        source = f"[docs]({mfact.url})" if mfact.url else ""
        out.append(f"| {cell(', '.join(code(n) for n in mfact.names))} | "
                   f"{cell(', '.join(code(o) for o in mfact.owners))} | {mfact.role} | {source} |")
    return out + [""]


def toolkit_boundaries() -> List[str]:
    """The thread boundaries the toolkits and libraries add (``toolkits.py``,
    ``thirdparty.py``), besides the standard ones."""
    out = [
        "## Thread boundaries of the toolkits and libraries",
        "",
        "Besides the standard library's boundaries, these hand work to another thread. A bridge",
        "(above, role `bridge`) is a boundary too, towards the thread that owns the objects: what a",
        "worker hands to one is not run or operated on by the worker.",
        "",
        "| boundary | what runs on the other thread |",
        "|---|---|",
    ]
    for b in toolkits.BOUNDARIES + thirdparty.BOUNDARIES:
        where = b.callees or tuple(f"{o}.{b.name}" for o in b.receiver if "[" not in o)
        if not where:  # a synthetic key (`QtCore.QThread[object]`): what makes such an object
            makers = [n for f in toolkits.FACTORIES if f.returns in b.receiver for n in f.names]
            where = tuple(f"{m}().{b.name}" for m in makers)
        runs = f"the callable given as `{b.func.kw}`" if b.func.kw else f"its argument {b.func.pos}"
        if b.decorator:
            where = tuple(f"@{n}" for n in where)
            runs = "the decorated function, each time it is called, with that call's arguments"
        if b.decorates:
            where = tuple(f"@{n}(...)" for n in where)
            runs = "the function it decorates" + (" (a plain `def` only: an `async def` runs on the loop)"
                                                  if b.sync_only else "")
        if b.per_request:
            runs += ", on each request's thread: several at once"
        if b.options:
            runs += " (" + ", ".join(code(o) for o in b.options) + " are the boundary's own)"
        if b.methods:
            runs += ", or that object's " + ", ".join(f"`{m}()`" for m in b.methods)
        out.append(f"| {cell(', '.join(code(n) for n in where))} | {runs} |")
    out.append("| subclasses of " + ", ".join(code(n) for n in sorted(toolkits.THREAD_CLASSES))
               + " | the subclass's `run()`, as for `threading.Thread` |")
    out.append("| subclasses of " + ", ".join(code(n) for n in sorted(REQUEST_SERVERS))
               + " | the subclass's own " + " or ".join(f"`{m}()`" for m in REQUEST_METHODS)
               + ", on a new thread for each request once `" + REQUEST_SERVES
               + "()` serves: several at once |")
    out.append("| a subclass of " + ", ".join(code(n) for n in sorted(REQUEST_HANDLERS))
               + " given to such a server (its `RequestHandlerClass`) | the handler's own "
               + ", ".join(f"`{m}()`" for m in HANDLER_METHODS) + " and `" + HANDLER_PREFIX
               + "*()` methods, one handler per request on that request's thread: its own fields are its own,"
               " what it reaches through `self.server` or globals is shared |")
    out += [
        "",
        "Web views run on their server's request threads, unless the project imports "
        + " or ".join(code(n) for n in thirdparty.GREEN_SERVERS)
        + ": then its requests are served on greenlets that take turns on one thread, and views are no "
        "boundaries:",
        "",
        *quote(thirdparty.GREEN_SERVERS_SOURCE),
        ">",
        f"> {thirdparty.GREEN_SERVERS_URL}",
        "",
        "Qt signals: `obj.signal.emit(...)` on a thread runs, on that thread, what was connected to",
        "that signal (`obj.signal.connect(fn)`, on an object of the same class) as a plain function,",
        "a lambda or a method of an object that is no Qt object, without a context object or a",
        "connection type. A method of a Qt object (a widget's `setText`, a window's own slot) runs",
        "on the thread that object lives in, and is not followed; neither is a queued connection.",
        "PyQt5 queues some functor connections that PySide runs directly: the reading taken is the",
        "one that holds for every binding.",
        "",
        "GObject signals: `obj.emit(\"name\", ...)` on a thread runs, on that thread, the handlers",
        "connected with `x.connect(\"name\", handler)` to an object of the same class (a subclass of "
        + ", ".join(code(n) for n in toolkits.GOBJECT_EMITTERS) + "):",
        "",
        *quote(toolkits.GTK_SIGNALS_SENTENCE),
        ">",
        f"> {toolkits.GTK_THREADS_DOC}",
    ]
    return out + [""]


def page() -> str:
    factories: Tuple[Factory, ...] = types.FACTORIES + thirdparty.FACTORIES + toolkits.FACTORIES
    methods: Tuple[Method, ...] = types.METHODS + thirdparty.METHODS + toolkits.METHODS
    everything = types.TYPES + thirdparty.TYPES + toolkits.TYPES
    stdlib = [f for f in everything if f.url.startswith(STDLIB_DOCS)]
    libraries = [f for f in everything if not f.url.startswith(STDLIB_DOCS)]

    out: List[str] = [
        "# Built-in knowledge",
        "",
        "<!-- Generated by scripts/gen_knowledge_docs.py from sendsync/knowledge/types.py,",
        "     sendsync/knowledge/thirdparty.py, sendsync/knowledge/toolkits.py and",
        "     sendsync/knowledge/calls.py; do not edit by hand. -->",
        "",
        "What sendsync knows about library types without any annotation, and the documentation",
        "sentence each verdict rests on. An entry without a documented source does not go in.",
        "Verdicts mean what they mean in Rust:",
        "",
        "- **NotSend**: must stay on the thread that created it.",
        "- **Send, NotSync**: may be handed to another thread (a *move*: the spawner does not use it",
        "  until the join point), but must never be reachable from two threads at once, unless every",
        "  use, on every thread, is inside `with` the same lock.",
        "- **Send + Sync**: may be shared; listed so that the knowledge is explicit.",
        "",
        "A value gets a type from a call of the type itself, from a factory or a method listed",
        "under *Created by*, or from an annotation naming the type. Anything not listed is",
        "Send + Sync. A project can add or override entries in `[tool.sendsync]`.",
        "",
        f"{len(everything)} entries: {len(stdlib)} from the standard library, "
        f"{len(libraries)} from other libraries.",
        "",
        "## Summary",
        "",
    ]
    out += summary(everything)
    out += ["## Standard library", ""]
    for fact in stdlib:
        out += entry(fact, factories, methods)
    out += ["## Other libraries", ""]
    for fact in libraries:
        out += entry(fact, factories, methods)
    out += [
        "## DB-API drivers and their `threadsafety` level",
        "",
        "A DB-API 2.0 driver states how far threads may share it in the module constant",
        f"`threadsafety` ([PEP 249]({thirdparty.PEP249})):",
        "",
        "> - 0: Threads may not share the module.",
        f"> - {thirdparty.PEP249_LEVEL1}",
        f"> - {thirdparty.PEP249_LEVEL2}",
        f"> - {thirdparty.PEP249_LEVEL3}",
        ">",
        "> Sharing in the above context means that two threads may use a resource without wrapping",
        "> it using a mutex semaphore to implement resource locking.",
        "",
        "So at level 1 a connection and its cursors are Send, NotSync (one thread at a time; handing",
        "them to another thread is fine), and at level 2 connections are Send + Sync while cursors",
        "stay NotSync. Drivers that document more than the constant are quoted above instead.",
        "",
    ]
    out += roles()
    out += toolkit_boundaries()
    out += [
        "## Installed libraries",
        "",
        "A class of an installed library that derives from a listed class gets that class's",
        "verdict under its own name: `qfluentwidgets.PrimaryPushButton` and `pyqtgraph.PlotWidget`",
        "are Qt widgets. As mypy and pyright do, the checker reads the library's source (its stubs",
        "first: a `-stubs` package or `.pyi` files) and never imports it, following the bases",
        "through the library's imports, re-exports and `from m import *`, including imports made",
        "under `if` or `try`. A binding chosen at run time (imported by a function, or through",
        "`importlib`) is not followed: such a class stays unknown, so nothing is reported on it.",
        "",
        "The environment read is the project's `.venv` or `venv` (the directory of its",
        "`pyproject.toml` or repository root), else the active virtual environment",
        "(`VIRTUAL_ENV`), else the site directories of the Python running sendsync. Installing,",
        "upgrading or removing a distribution there, or editing a file that was read, makes the",
        "next run compute its findings again rather than take them from the cache.",
        "",
    ]
    out += [
        "## Opt-in: files from `open()`",
        "",
    ]
    opt_in = thirdparty.OPEN_FACTORY
    out += [
        "Not enabled by default (see below): "
        + ", ".join(code(f"{n}(...)") for n in opt_in.names)
        + f" returns {code(opt_in.returns)} ({opt_in.note}); "
        + "; ".join(
            f'with `{v.keyword}` (or positional argument {v.position}) a string literal containing '
            f'"{v.literal}", {code(v.returns)} ({v.note})'
            for v in opt_in.variants
        )
        + ". A program using the API enables it with "
        "`Knowledge(factories=ALL_FACTORIES + (OPEN_FACTORY,))` (from `sendsync.knowledge` and "
        "`sendsync.knowledge.thirdparty`); the command line has no switch for it.",
        "",
        "## Left out, and why",
        "",
    ]
    for what, why in thirdparty.LEFT_OUT + toolkits.LEFT_OUT:
        out += [f"- **{what}**: {why}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: "Sequence[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report a stale page, write nothing")
    parser.add_argument("--out", type=Path, default=OUT, help="default: docs/knowledge.md")
    args = parser.parse_args(argv)
    expected = page()
    present = args.out.read_bytes().decode("utf-8", errors="replace") if args.out.is_file() else None
    if args.check:
        if present != expected:
            state = "missing" if present is None else "stale"
            print(f"{state}: {args.out}")
            print("knowledge docs are out of date: run python scripts/gen_knowledge_docs.py")
            return 1
        return 0
    if present != expected:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(expected)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
