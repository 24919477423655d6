"""The light pass: what every file costs. CPython's own parser (``ast``, about ten times cheaper
than libcst with metadata) validates the syntax, and the text and the class headers tell which
modules the deep pass must look at:

- modules whose code names a boundary (``Thread``, ``to_thread``, ``.submit(`` ...): the text
  is searched first, then the syntax tree, so a name in a string or a comment does not count,
- modules that mention the markers (``sendsync``),
- modules with a class whose base is, by name, ``Thread``, a marked class, or (transitively) a
  subclass of one.

Everything else is only read by the deep pass if the analysis of an interesting module leads
there (an import, a base class, a called function). The result of this pass is plain data, so
the api can cache it per file content.
"""
from __future__ import annotations

import ast
import hashlib
import re
import warnings
from dataclasses import dataclass, replace
from typing import Dict, FrozenSet, Iterable, List, Optional, Pattern, Sequence, Set, Tuple

from ..knowledge import Knowledge
from . import Source

MARKER_NAMES = {"Send", "Sync", "NotSend", "NotSync"}


@dataclass(frozen=True)
class Light:
    #: (line, column, message) when CPython rejects the file
    error: Optional[Tuple[int, int, str]]
    #: the text names a thread boundary
    spawns: bool
    #: the text mentions sendsync's markers
    markers: bool
    #: (class name, last names of its bases) for every class in the module; an import alias
    #: (``from threading import Thread as T``) is recorded as a class ``T`` with base ``Thread``
    classes: Tuple[Tuple[str, Tuple[str, ...]], ...]

    def to_json(self) -> list:
        return [list(self.error) if self.error else None, self.spawns, self.markers,
                [[name, list(bases)] for name, bases in self.classes]]

    @classmethod
    def from_json(cls, data: list) -> "Light":
        error, spawns, markers, classes = data
        return cls(tuple(error) if error else None, bool(spawns), bool(markers),
                   tuple((name, tuple(bases)) for name, bases in classes))


@dataclass(frozen=True)
class Spotter:
    """What tells a module that may hand work to a thread: the names of the boundaries."""

    pattern: Pattern[bytes]
    calls: FrozenSet[str]
    methods: FrozenSet[str]

    def spawns(self, data: bytes, tree: ast.Module) -> bool:
        """The text names a boundary (cheap, most files stop here), and the code does, not only
        a string or a comment: a name, an attribute, an import, or a call of a boundary method."""
        if not self.pattern.search(data):
            return False
        calls, methods = self.calls, self.methods
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                if node.id in calls:
                    return True
            elif isinstance(node, ast.Attribute):
                if node.attr in calls:
                    return True
            elif isinstance(node, ast.alias):
                if node.name.rpartition(".")[2] in calls or (node.asname or "") in calls:
                    return True
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Attribute) and node.func.attr in methods:
                    return True
        return False


def spawn_pattern(knowledge: Knowledge) -> Spotter:
    """Boundary callables by name (``Thread``, ``to_thread``: also catches their imports and
    aliases), boundary methods only where called (``.submit(``): ``map`` alone is everywhere."""
    calls = sorted(knowledge.call_names)
    methods = sorted(knowledge.method_names)
    words = b"|".join(re.escape(n.encode()) for n in calls)
    called = b"|".join(re.escape(n.encode()) for n in methods)
    pattern = re.compile(rb"\b(?:" + words + rb")\b|\.\s*(?:" + called + rb")\s*\(")
    return Spotter(pattern, frozenset(calls), frozenset(methods))


def light(source: Source, spotter: Spotter) -> Light:
    data = source.data
    try:
        with warnings.catch_warnings():  # SyntaxWarnings about the checked code are not ours
            warnings.simplefilter("ignore")
            tree = ast.parse(data)
    except SyntaxError as err:
        return Light((err.lineno or 1, max(err.offset or 1, 1), f"syntax error: {err.msg}"), False, False, ())
    except (RecursionError, MemoryError):
        return Light((1, 1, "syntax error: nesting too deep for the parser"), False, False, ())
    except (ValueError, LookupError) as err:  # NUL bytes (3.11-), undecodable bytes, bad cookie
        return Light((1, 1, f"cannot decode file: {err}"), False, False, ())
    classes: List[Tuple[str, Tuple[str, ...]]] = []
    for node in _statements(tree):
        if isinstance(node, ast.ClassDef):
            classes.append((node.name, tuple(base_name(b) for b in node.bases)))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname and alias.asname != alias.name:
                    classes.append((alias.asname, (alias.name,)))
    return Light(None, spotter.spawns(data, tree), b"sendsync" in data, tuple(classes))


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(tree: ast.Module) -> Iterable[ast.AST]:
    """Every statement, at any depth (classes and imports are statements): expressions, most of
    the tree, are never visited, which makes this several times cheaper than ``ast.walk``."""
    stack: List[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        for name in _BODIES:
            sub = getattr(node, name, None)
            if type(sub) is list:
                stack.extend(sub)


def base_name(expr: ast.expr) -> str:
    """The last name of a base class expression (``threading.Thread``, ``Generic[T]``)."""
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return ""


def subclass_names(lights: Iterable[Light], roots: Set[str]) -> Set[str]:
    """Names of classes that may derive from ``roots``, by spelling alone, to a fixpoint."""
    classes = [c for lt in lights for c in lt.classes]
    names = set(roots)
    changed = True
    while changed:
        changed = False
        for name, bases in classes:
            if name not in names and any(b in names for b in bases):
                names.add(name)
                changed = True
    return names


def marked_names(lights: Iterable[Light]) -> Set[str]:
    """Names of classes that may derive from a marker (empty when no file mentions sendsync)."""
    lights = list(lights)
    return subclass_names(lights, MARKER_NAMES) if any(lt.markers for lt in lights) else set()


def interesting(sources: Sequence[Source], lights: Dict[str, Light]) -> Tuple[List[Source], Set[str]]:
    """The sources the deep pass must check, and the names of possible Thread subclasses."""
    valid = [lights[s.path] for s in sources if lights[s.path].error is None]
    threadish = subclass_names(valid, {"Thread"})
    marked = marked_names(valid)
    chosen = []
    for s in sources:
        lt = lights[s.path]
        if lt.error is not None:
            continue
        bases = {b for _, bs in lt.classes for b in bs}
        if lt.spawns or lt.markers or bases & threadish or bases & marked:
            chosen.append(s)
    return chosen, threadish


def unique_modules(sources: Sequence[Source]) -> List[Source]:
    """Two files with one module name (two scripts called main.py) are both checked; imports
    resolve to the first, the second gets a name nothing can import."""
    seen: Dict[str, int] = {}
    out = []
    for s in sources:
        n = seen.get(s.module, 0)
        seen[s.module] = n + 1
        out.append(s if n == 0 else replace(s, module=f"{s.module}#{n + 1}"))
    return out


@dataclass(frozen=True)
class Plan:
    chosen: List[str]  # paths the deep pass must check
    context: str  # what every module's findings also depend on (for caches)


def plan(sources: Sequence[Source], lights: Dict[str, Light], fast: bool = True) -> Plan:
    """Which modules the deep pass checks, and a digest of the project-wide facts their findings
    depend on besides the files they read: the module names, the possible Thread subclasses and
    whether markers are in use."""
    unique = unique_modules(sources)
    valid = [s for s in unique if lights[s.path].error is None]
    chosen, threadish = interesting(valid, lights)
    if not fast:
        chosen = valid
    markers = any(lights[s.path].markers for s in valid)
    names = sorted(f"{s.path}={s.module}" for s in unique)
    context = "|".join([",".join(sorted(threadish)), str(markers), *names])
    digest = hashlib.blake2b(context.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return Plan([s.path for s in chosen], digest)
