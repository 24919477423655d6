"""The project as one program: every module's facts, indexed by qualified name and by identifier.

A ``Module`` wraps one file's facts with what the analysis asks of a node: its span, its
parent, the function whose frame runs it, its source text. The ``Program`` maps qualified
names (``pkg.mod.func``, ``pkg.mod.Class.method``) to definitions, resolves imports (relative,
aliased, re-exported, ``from m import *``), and answers "which modules use this identifier", the
index every whole-program question (who calls this function, who stores this field) starts
from.
"""
from __future__ import annotations

import heapq
import itertools
import re
from array import array
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, TypeVar

from ..diagnostics import Span
from .facts import ASYNC, BUILTIN, NO_USES, Facts
from .sources import Source, decode

NodeRef = Tuple["Module", int]


#: the most dots a qualified name of the project may have (module path and nested names)
MAX_DOTS = 24

class Module:
    def __init__(self, source: Source, facts: Facts) -> None:
        self.source = source
        self.path = source.path
        self.name = source.module
        self.package = source.module if source.is_package else source.module.rpartition(".")[0]
        self.facts = facts
        #: told when this module's body is decoded (the program keeps memory bounded)
        self.on_load = lambda module: None
        self._utf8 = b""
        self._starts: "array[int]" = array("i")  # see _text
        self._ends: "array[int]" = array("i")
        self._read = False
        self.defs: Dict[str, int] = {q: nid for q, nid, _, _ in facts.defs}
        self.qualname_of: Dict[int, str] = {nid: q for q, nid, _, _ in facts.defs}
        self.def_kind: Dict[int, str] = {nid: kind for _, nid, kind, _ in facts.defs}
        self._bodies: Dict[int, Tuple[int, ...]] = {}
        #: answers to questions about one node that read only this module's body and what never
        #: changes (see ``per_node``): kept when the body is let go, so that asking again does
        #: not decode it again
        self.known: Dict[str, Dict[int, Any]] = {}
        if facts.loaded:
            self.nodes = facts.nodes
            self.scopes = facts.scopes
            self._spans = facts.spans
            self._parents = facts.parents
            self._frames = facts.frames
        else:
            self._stand_in()

    def __repr__(self) -> str:
        return f"<Module {self.name}>"

    # -- the body, decoded when first read ---------------------------------------------------
    # ``nodes``, ``scopes``, ``_spans``, ``_parents`` and ``_frames`` are plain attributes once
    # the body is decoded (the hot path is one attribute read), and stand-ins that decode it
    # when it is not; ``unload`` puts the stand-ins back.
    def load(self) -> None:
        facts = self.facts
        self.nodes = facts.nodes
        self.scopes = facts.scopes
        self._spans = facts.spans
        self._parents = facts.parents
        self._frames = facts.frames
        self._bodies = {}
        self.on_load(self)

    def unload(self) -> None:
        self.facts.release()
        self._stand_in()

    def _stand_in(self) -> None:
        for part in ("nodes", "scopes", "_spans", "_parents", "_frames"):
            setattr(self, part, _Unloaded(self, part))
        self._bodies = {}

    # -- structure -----------------------------------------------------------------------------
    def kind(self, nid: int) -> str:
        return self.nodes[nid][0]

    def parent(self, nid: int) -> int:
        return self._parents[nid]

    def ancestors(self, nid: int) -> Iterator[int]:
        parents = self._parents
        current = parents[nid]
        while current >= 0:
            yield current
            current = parents[current]

    def frame(self, nid: int) -> int:
        """The Def/Lam whose invocation evaluates ``nid`` (0: the module's code). A function's
        decorators, defaults, annotations and a comprehension's first iterable run in the
        enclosing frame; class bodies and comprehensions run in their enclosing frame too."""
        return self._frames[nid]

    def is_coroutine(self, fn: int) -> bool:
        """Is ``fn`` an ``async def`` (calling it makes a coroutine, which a loop runs)?"""
        known = self.known.setdefault("is_coroutine", {})
        found = known.get(fn)
        if found is None:
            node = self.nodes[fn]
            found = known[fn] = node[0] == "Def" and bool(node[6] & ASYNC)
        return found

    def name_of(self, fn: int) -> str:
        """A def's or class's name, from the header (the body is not decoded)."""
        return self.qualname_of.get(fn, "").rpartition(".")[2]

    def class_of(self, fn: int) -> int:
        """The class a def is a method of, from the header (-1: none)."""
        prefix = self.qualname_of.get(fn, "").rpartition(".")[0]
        cid = self.defs.get(prefix, -1) if prefix else -1
        return cid if cid >= 0 and self.def_kind.get(cid) == "Cls" else -1

    def enclosing(self, nid: int, kinds: Iterable[str]) -> int:
        kinds = set(kinds)
        for anc in self.ancestors(nid):
            if self.nodes[anc][0] in kinds:
                return anc
        return -1

    def class_of_method(self, fn: int) -> int:
        """The class a Def is a method of (-1: a plain function)."""
        parent = self.parent(fn)
        while parent >= 0 and self.nodes[parent][0] in ("If", "Try", "Handler", "With", "For", "While"):
            parent = self.parent(parent)
        return parent if parent >= 0 and self.nodes[parent][0] == "Cls" else -1

    def within(self, nid: int, outer: int) -> bool:
        """Is ``nid``'s source inside ``outer``'s (``outer`` itself included)?"""
        return self.pos(outer) <= self.pos(nid) and self.end(nid) <= self.end(outer)

    def walk(self, nid: int, into_functions: bool = True) -> Iterator[int]:
        """``nid`` and the nodes below it (preorder). Without ``into_functions``, the bodies of
        functions, lambdas and classes are left out (their headers are not), ``nid``'s own too:
        a ``def`` statement runs its header, not its body."""
        stack = [nid]
        nodes = self.nodes
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(self._below(nodes[current], into_functions)))

    def _walked(self, nid: int, out: List[int]) -> None:
        """``out.extend(self.walk(nid, into_functions=False))``, without a generator (what
        ``body_nodes`` runs for every statement of every function it is asked about)."""
        stack = [nid]
        nodes = self.nodes
        below = self._below
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(below(nodes[current], False)))

    def _below(self, node: tuple, into_functions: bool) -> List[int]:
        """The nodes ``walk`` goes on to from ``node``, in the order it visits them."""
        if not into_functions:
            kind = node[0]
            if kind == "Def":
                return self._header_defaults(node) + [c for c in (*node[3], node[4]) if c >= 0]
            if kind == "Lam":
                return self._header_defaults(node, lam=True)
            if kind == "Cls":
                return [*node[2], *(v for _, v in node[3]), *node[4]]
        return children(node)

    def _header_defaults(self, node: tuple, lam: bool = False) -> List[int]:
        params = self.nodes[node[1] if lam else node[2]]
        out = []
        for pid in params[1]:
            p = self.nodes[pid]
            out += [c for c in (p[3], p[4]) if c >= 0]
        return out

    def body_nodes(self, fn: int) -> Tuple[int, ...]:
        """Every node a call of ``fn`` (a Def or Lam, or 0 for the module) evaluates, nested
        functions' bodies left out (kept per function: every stage asks again)."""
        found = self._bodies.get(fn)
        if found is None:
            node = self.nodes[fn]
            out: List[int] = []
            if node[0] == "Def":
                for stmt in node[5]:
                    self._walked(stmt, out)
            elif node[0] == "Lam":
                self._walked(node[2], out)
            else:
                for stmt in node[1]:
                    self._walked(stmt, out)
            found = self._bodies[fn] = tuple(out)
        return found

    # -- places --------------------------------------------------------------------------------
    def span(self, nid: int) -> Tuple[int, int, int, int]:
        s = self._spans
        i = 4 * nid
        return s[i], s[i + 1], s[i + 2], s[i + 3]

    def line(self, nid: int) -> int:
        return self._spans[4 * nid]

    def pos(self, nid: int) -> Tuple[int, int]:
        """(line, column) with columns from 0, in UTF-8 bytes as the parser counts them."""
        s = self._spans
        return s[4 * nid], s[4 * nid + 1]

    def end(self, nid: int) -> Tuple[int, int]:
        s = self._spans
        return s[4 * nid + 2], s[4 * nid + 3]

    def _text(self) -> bytes:
        """The source as the parser read it, in UTF-8 (its spans count bytes of this), with where
        each line starts and ends in it: two numbers a line rather than a string a line."""
        if not self._read:
            data = self.source.data
            utf8 = decode(data).encode("utf-8", "surrogatepass")
            self._utf8 = data if utf8 == data else utf8  # most files: the bytes already held
            # [line, break, line, break, ..., line]: each line starts where the pieces before
            # it end
            bounds = list(itertools.accumulate(map(len, _LINE_BREAK.split(utf8)), initial=0))
            self._starts, self._ends = array("i", bounds[0::2]), array("i", bounds[1::2])
            self._read = True
        return self._utf8

    def line_count(self) -> int:
        self._text()
        return len(self._ends)

    def line_bytes(self, line: int) -> bytes:
        """Line ``line`` (1-based) without its end, in UTF-8; b"" past the last."""
        text = self._text()
        if 0 < line <= len(self._ends):
            return text[self._starts[line - 1]:self._ends[line - 1]]
        return b""

    def line_text(self, line: int) -> str:
        return self.line_bytes(line).decode("utf-8", "replace")

    def column(self, line: int, byte_col: int) -> int:
        """1-based character column of a byte offset on a line."""
        if 0 < line <= self.line_count():
            head = self.line_bytes(line)[:byte_col]
            return (len(head) if head.isascii() else len(head.decode("utf-8", "replace"))) + 1
        return byte_col + 1

    def char_pos(self, nid: int) -> Tuple[int, int]:
        """(line, 1-based character column): where a finding at ``nid`` is shown."""
        line, col = self.pos(nid)
        return line, self.column(line, col)

    def place(self, nid: int) -> Span:
        """The code of ``nid`` in 1-based characters: what a finding or note there points at."""
        line, col, end_line, end_col = self.span(nid)
        return Span(self.path, line, self.column(line, col), end_line, self.column(end_line, end_col))

    def code(self, nid: int) -> str:
        """The source text of a node."""
        line, col, end_line, end_col = self.span(nid)
        if line <= 0:
            return ""
        if line > self.line_count():
            return ""
        end_line = min(end_line, self.line_count())
        chunk = [self.line_bytes(n) for n in range(line, end_line + 1)]
        if not chunk:
            return ""
        if len(chunk) == 1:
            raw = chunk[0][col:end_col]
        else:
            raw = b"\n".join([chunk[0][col:], *chunk[1:-1], chunk[-1][:end_col]])
        return raw.decode("utf-8", "replace")

    def short(self, nid: int, limit: int = 40) -> str:
        text = " ".join(self.code(nid).split())
        return text if len(text) <= limit else text[: limit - 3] + "..."

    # -- names ---------------------------------------------------------------------------------
    def absolute(self, module: Optional[str], level: int) -> str:
        """The module an ``from <module> import`` names (relative to this one for level > 0)."""
        if level == 0:
            return module or ""
        base = self.package
        for _ in range(level - 1):
            base = base.rpartition(".")[0]
        if module:
            return f"{base}.{module}" if base else module
        return base

    def import_target(self, alias: int) -> str:
        """The qualified name an Alias node binds."""
        statement = self.nodes[self.parent(alias)]
        name, asname = self.nodes[alias][1], self.nodes[alias][2]
        if statement[0] == "Import":
            return name if asname else name.partition(".")[0]
        base = self.absolute(statement[1], statement[2])
        return f"{base}.{name}" if base else name

    def star_imports(self) -> List[str]:
        """Modules this one imports ``*`` from, at module level (from the header)."""
        return [self.absolute(module or None, level) for module, level in self.facts.stars]

    def binds(self, name: str) -> bool:
        """Does the module's code bind ``name`` at module level (from the header)?"""
        return name in self.facts.module_names

    def alias_target(self, name: str) -> Optional[str]:
        """The qualified name a module-level name imports, if an import is all it is bound to."""
        found = self.facts.module_names.get(name)
        if not found or len(found) != 1 or found[0][0] != "Alias":
            return None
        _, statement, module, level, imported, asname = found[0]
        if statement == "Import":
            return imported if asname else imported.partition(".")[0]
        base = self.absolute(module or None, level)
        return f"{base}.{imported}" if base else imported


class _Unloaded:
    """Stands for one part of a module's body while it is not decoded: the first read decodes
    the body and answers from the real part."""

    __slots__ = ("module", "part")

    def __init__(self, module: "Module", part: str) -> None:
        self.module = module
        self.part = part

    def _real(self):
        real = getattr(self.module, self.part)
        if real is self:
            self.module.load()
            real = getattr(self.module, self.part)
        return real

    def __getitem__(self, key):
        return self._real()[key]

    def __len__(self) -> int:
        return len(self._real())

    def __iter__(self):
        return iter(self._real())

    def __contains__(self, key) -> bool:
        return key in self._real()

    def get(self, *args):
        return self._real().get(*args)

    def items(self):
        return self._real().items()


#: the fields of a node that are blocks of statements, by kind
STATEMENT_BLOCKS: Dict[str, Tuple[int, ...]] = {
    "Mod": (1,), "Def": (5,), "Cls": (5,), "For": (3, 4), "While": (2, 3), "If": (2, 3), "With": (2,),
    "Try": (1, 3, 4), "Handler": (3,),
}


R = TypeVar("R")


def per_node(method: Callable[[Any, "Module", int], R]) -> Callable[[Any, "Module", int], R]:
    """Keep the answers of ``method(self, mod, nid)`` in ``mod.known``: for a question whose
    answer depends only on the module's body, the program's headers and the knowledge, none of
    which change while a program is checked. A module's body may have been let go since it was
    first asked (the program keeps memory bounded); the answer kept saves decoding it again."""
    name = method.__name__

    def remembered(self: Any, mod: "Module", nid: int) -> R:
        known = mod.known.get(name)
        if known is None:
            known = mod.known[name] = {}
        found = known.get(nid, known)
        if found is known:
            found = known[nid] = method(self, mod, nid)
        return found  # type: ignore[return-value]

    remembered.__doc__ = method.__doc__
    remembered.__name__ = name
    return remembered


def block_holding(node: tuple, stmt: int) -> Optional[Tuple[int, ...]]:
    """The block of ``node`` that ``stmt`` is a statement of (``None``: not one of them)."""
    for index in STATEMENT_BLOCKS.get(node[0], ()):
        if stmt in node[index]:
            return node[index]
    return None


def called_name(mod: "Module", call: int) -> str:
    """The name a call calls by, ``f`` of ``f(x)`` and of ``obj.f(x)`` ("" for anything else:
    ``fs[0]()``, or a node that is not a call)."""
    node = mod.nodes[call]
    if node[0] != "Call":
        return ""
    func = mod.nodes[node[1]]
    return func[1] if func[0] == "Name" else func[2] if func[0] == "Attr" else ""


def sole_values(mod: "Module", read: int) -> Optional[List[int]]:
    """What a variable read at ``read`` (a Name) may hold, when every binding of it is a plain
    ``name = value``: those values' nodes. None when one is anything else (a parameter, a
    loop target, an import, an unpacking) or there is none."""
    node = mod.nodes[read]
    if node[0] != "Name" or node[3] < 0 or node[3] not in mod.scopes:
        return None
    out = []
    for site in mod.scopes[node[3]].bindings.get(node[1], ()):
        parent = mod.nodes[mod.parent(site)]
        if parent[0] != "Asg" or parent[1] != (site,):
            return None
        out.append(parent[2])
    return out or None


def enclosing_tests(mod: "Module", nid: int, stop: int, exits: bool = True) -> Iterator[Tuple[int, bool]]:
    """The ``if`` tests that decide whether ``nid`` runs, below ``stop``, innermost first: (the
    test, whether ``nid`` runs when it holds). Those of the ``if`` statements around ``nid`` (true
    in the body, false in the ``else``), and with ``exits`` those of the statements before it in
    each block that leave when their test holds (``if owner != me: raise``, without an ``else``:
    what follows runs only when it does not)."""
    child = nid
    for anc in mod.ancestors(nid):
        node = mod.nodes[anc]
        if node[0] == "If" and child != node[1]:
            yield node[1], child in node[2]
        for field, shape in _CHILDREN.get(node[0], ()) if exits else ():
            block = node[field]
            if shape != "t" or child not in block:
                continue
            for stmt in block[:block.index(child)]:
                snode = mod.nodes[stmt]
                if snode[0] == "If" and not snode[3] and snode[2] and mod.nodes[snode[2][-1]][0] in ("Raise", "Ret"):
                    yield snode[1], False
        if anc == stop:
            return
        child = anc


def comparison(mod: "Module", test: int) -> Optional[Tuple[str, int, int]]:
    """``a == b`` (or ``is``, ``!=``, ``is not``): (the operator, a, b); None for any other
    test."""
    node = mod.nodes[test]
    if node[0] != "Op" or len(node[1]) != 2 or len(node[2]) != 1 or node[2][0] not in ("==", "!=", "is", "is not"):
        return None
    return node[2][0], node[1][0], node[1][1]


def other_branches(mod: "Module", a: int, b: int) -> bool:
    """Are ``a`` and ``b`` in the two branches of one ``if``, so that when one runs the other
    does not (in that pass)?"""
    up = set(mod.ancestors(a))
    child = b
    for anc in mod.ancestors(b):
        if anc in up:
            node = mod.nodes[anc]
            if node[0] != "If":
                return False
            b_body, b_else = child in node[2], child in node[3]
            a_body, a_else = _in_block(mod, a, anc, node[2]), _in_block(mod, a, anc, node[3])
            return (b_body and a_else) or (b_else and a_body)
        child = anc
    return False


def _in_block(mod: "Module", nid: int, owner: int, block: Tuple[int, ...]) -> bool:
    """Is ``nid`` inside a statement of ``block`` (a block of ``owner``)?"""
    child = nid
    for anc in mod.ancestors(nid):
        if anc == owner:
            return child in block
        child = anc
    return False


def statement_of(mod: "Module", nid: int) -> Optional[Tuple[int, int, Tuple[int, ...]]]:
    """The innermost statement holding ``nid`` (``nid`` itself when it is one), the node whose
    block holds it, and that block; None for a node in no block."""
    child = nid
    for parent in mod.ancestors(nid):
        block = block_holding(mod.nodes[parent], child)
        if block is not None:
            return child, parent, block
        child = parent
    return None


def children(node: tuple) -> List[int]:
    """Child node ids of a node tuple, in source order."""
    kind = node[0]
    layout = _CHILDREN.get(kind)
    if layout is None:
        return []
    out: List[int] = []
    for index, shape in layout:
        value = node[index]
        if shape == "n":
            if value >= 0:
                out.append(value)
        elif shape == "t":
            out.extend(v for v in value if v >= 0)
        elif shape == "pairs1":  # (key, node)
            out.extend(v for _, v in value if v >= 0)
        elif shape == "pairs":  # (node, node)
            for a, b in value:
                if a >= 0:
                    out.append(a)
                if b >= 0:
                    out.append(b)
        elif shape == "gens":
            for target, it, ifs in value:
                out.extend((it, target, *ifs))
        elif shape == "cases":
            for binds, guard, body in value:
                out.extend(binds)
                if guard >= 0:
                    out.append(guard)
                out.extend(body)
    return out


_CHILDREN: Dict[str, Tuple[Tuple[int, str], ...]] = {
    "Mod": ((1, "t"),),
    "Def": ((3, "t"), (2, "n"), (4, "n"), (5, "t")),
    "Lam": ((1, "n"), (2, "n")),
    "Cls": ((4, "t"), (2, "t"), (3, "pairs1"), (5, "t")),
    "Params": ((1, "t"),),
    "Param": ((3, "n"), (4, "n")),
    "Asg": ((2, "n"), (1, "t")),
    "Aug": ((2, "n"), (1, "n")),
    "Ann": ((2, "n"), (3, "n"), (1, "n")),
    "For": ((2, "n"), (1, "n"), (3, "t"), (4, "t")),
    "While": ((1, "n"), (2, "t"), (3, "t")),
    "If": ((1, "n"), (2, "t"), (3, "t")),
    "With": ((1, "pairs"), (2, "t")),
    "Try": ((1, "t"), (2, "t"), (3, "t"), (4, "t")),
    "Handler": ((1, "n"), (3, "t")),
    "Ret": ((1, "n"),),
    "Expr": ((1, "n"),),
    "Import": ((1, "t"),),
    "ImportFrom": ((3, "t"),),
    "Del": ((1, "t"),),
    "Raise": ((1, "n"), (2, "n")),
    "Match": ((1, "n"), (2, "cases")),
    "Attr": ((1, "n"),),
    "Call": ((1, "n"), (2, "pairs1")),
    "Sub": ((1, "n"), (2, "n")),
    "Tuple": ((1, "t"),),
    "List": ((1, "t"),),
    "Set": ((1, "t"),),
    "Star": ((1, "n"),),
    "Dict": ((1, "t"), (2, "t")),
    "Comp": ((4, "gens"), (2, "n"), (3, "n")),
    "IfX": ((1, "n"), (2, "n"), (3, "n")),
    "Bool": ((1, "t"),),
    "Walrus": ((2, "n"), (1, "n")),
    "Await": ((1, "n"),),
    "Yield": ((1, "n"),),
    "YFrom": ((1, "n"),),
    "Op": ((1, "t"),),
}


#: how many nodes of decoded module bodies a program keeps in memory at once (~150 bytes each).
#: Django (403,000 nodes) fits whole; the standard library with its tests (2.7 million in the
#: modules the analysis reads) does not: at 2.4 million its run decodes 2,089 bodies of 1,363
#: modules and takes 76 s (-j2 here); at 2 million 4,855 bodies and 98 s, for 60 MB less.
BODY_BUDGET = 2_400_000


class Program:
    """Every module of the project, by name, with the indexes whole-program questions need."""

    def __init__(self, modules: Sequence[Module]) -> None:
        self._held: Dict[str, Module] = {}
        self._held_nodes = 0
        self._loads: Dict[str, int] = {}
        self._evictable: List[Tuple[int, int, str]] = []  # (times decoded, order, module): a heap
        self._order = itertools.count()
        self._children: Optional[Dict[str, List[str]]] = None
        self._classes_named: Dict[str, List[str]] = {}
        self._aliases: Optional[Dict[str, List[str]]] = None
        self._split: Dict[str, Optional[Tuple[Module, str]]] = {}
        self._definitions: Dict[str, Optional[NodeRef]] = {}
        self.modules: Dict[str, Module] = {}
        self.by_path: Dict[str, Module] = {}
        for m in modules:
            self.modules.setdefault(m.name, m)
            self.by_path.setdefault(m.path, m)
        #: the names a module also has as part of namespace packages (``util/db.py`` without
        #: ``util/__init__.py`` is ``db``, imported as ``util.db``)
        self._namespace = _namespace_names(self.modules)
        self._users: Dict[str, List[Module]] = {}
        self._sites: Dict[Tuple[str, str], List[Tuple[Module, int]]] = {}
        for m in self.modules.values():
            for ident in m.facts.identifiers:
                self._users.setdefault(ident, []).append(m)
            m.on_load = self._loaded
            if m.facts.loaded:
                self._loaded(m)



    def _loaded(self, mod: Module) -> None:
        """Keep the decoded bodies under ``BODY_BUDGET`` nodes: the bodies decoded the fewest
        times are let go first, the oldest of those first (decoded again if read again; every
        memo is keyed by module and node number)."""
        loads = self._loads[mod.name] = self._loads.get(mod.name, 0) + 1
        self._held[mod.name] = mod
        self._held_nodes += mod.facts.size
        heapq.heappush(self._evictable, (loads, next(self._order), mod.name))
        kept = None
        while self._held_nodes > BODY_BUDGET and self._evictable:
            # the body decoded the fewest times goes first (the oldest of those): the analysis
            # sweeps the program several times, and a few modules are read all the time
            entry = heapq.heappop(self._evictable)
            count, _, name = entry
            gone = self._held.get(name)
            if gone is None or count != self._loads[name]:
                continue  # already let go, or decoded again since (a newer entry stands)
            if gone is mod:
                kept = entry  # the body just decoded is being read
                continue
            del self._held[name]
            self._held_nodes -= gone.facts.size
            gone.unload()
        if kept is not None:
            heapq.heappush(self._evictable, kept)

    def subclass_names(self, roots: Set[str]) -> Set[str]:
        """Names of the project's classes that may derive from ``roots``, by the spelling of
        their bases alone (from the headers), to a fixpoint: what is worth resolving."""
        children = self._children_by_spelling()
        names = set(roots)
        todo = list(roots)
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in names:
                    names.add(child)
                    todo.append(child)
        return names

    def classes_named(self, name: str) -> List[str]:
        """Qualified names of the project's classes whose own name is ``name``."""
        self._children_by_spelling()
        return self._classes_named.get(name, [])

    def _children_by_spelling(self) -> Dict[str, List[str]]:
        """Class name -> names of the classes that spell it among their bases (built once)."""
        if self._children is None:
            children: Dict[str, List[str]] = {}
            named: Dict[str, List[str]] = {}
            for m in self.modules.values():
                for q, _, kind, bases in m.facts.defs:
                    if kind != "Cls":
                        continue
                    short = q.rpartition(".")[2]
                    named.setdefault(short, []).append(f"{m.name}.{q}" if m.name else q)
                    for b in set(bases):
                        children.setdefault(b, []).append(short)
            self._children, self._classes_named = children, named
        return self._children

    def users(self, identifier: str) -> List[Module]:
        """Modules whose code mentions ``identifier`` (a name, an attribute, a keyword)."""
        return self._users.get(identifier, [])

    def sites(self, kind: str, name: str) -> List[tuple]:
        """Every use of ``name`` the facts index under ``kind``, as (module, node, frame, ...):
        "ref" (a read of the name or attribute), "call" (a call of something so named), "store"
        (``x.name = ...``; then the class whose method stores on its ``self``, or ""), "recv" (a
        method call on something so named; then the method), "sub" (``name[k] = ...``), "deco"
        (a def or class decorated by it). Answered from the modules' headers."""
        key = (kind, name)
        found = self._sites.get(key)
        if found is None:
            found = [(m, *entry) for m in self.users(name) for entry in m.facts.index.get(kind, NO_USES).get(name, ())]
            self._sites[key] = found
        return found

    def import_aliases(self, name: str) -> List[str]:
        """The other names module-level imports bind ``name`` to (``from m import name as
        other``, ``import m as other``), from the headers (an index built once)."""
        if self._aliases is None:
            aliases: Dict[str, Set[str]] = {}
            for m in self.modules.values():
                for bound, entries in m.facts.module_names.items():
                    for entry in entries:
                        if entry and entry[0] == "Alias" and entry[5]:
                            imported = entry[4].rpartition(".")[2]
                            if imported != bound:
                                aliases.setdefault(imported, set()).add(bound)
            self._aliases = {k: sorted(v) for k, v in aliases.items()}
        return self._aliases.get(name, [])

    def sites_in(self, kind: str, name: str, module: str) -> List[tuple]:
        """``sites`` of one module only (a local variable's uses are all in its own module: no
        need to go through every module that mentions the name)."""
        mod = self.modules.get(module)
        if mod is None or name not in mod.facts.identifiers:
            return []
        return [(mod, *entry) for entry in mod.facts.index.get(kind, NO_USES).get(name, ())]

    def module(self, name: str) -> Optional[Module]:
        """The project module an import names: by its name, or as part of a namespace package."""
        found = self.modules.get(name)
        return found if found is not None else self._namespace.get(name)

    # -- qualified names -----------------------------------------------------------------------
    def split(self, qualname: str) -> Optional[Tuple[Module, str]]:
        """The project module a qualified name lives in, and the rest of the name. A name of
        more than ``MAX_DOTS`` parts (an attribute chain built through an alias loop) names
        nothing of the project's."""
        if qualname in self._split:
            return self._split[qualname]
        answer = None
        if qualname.count(".") <= MAX_DOTS:
            head, rest = qualname, ""
            while head:
                found = self.module(head)
                if found is not None:
                    answer = found, rest
                    break
                head, _, last = head.rpartition(".")
                rest = f"{last}.{rest}" if rest else last
        self._split[qualname] = answer
        return answer

    def definition(self, qualname: str) -> Optional[NodeRef]:
        """The Def or Cls a qualified name names, following re-exports (``pkg.f`` where
        ``pkg/__init__.py`` imports ``f`` from ``pkg.impl``) and ``from m import *``. Read
        from the headers only, so kept (it is asked about a million times on a large project)."""
        found = self._definitions.get(qualname, self._definitions)
        if found is self._definitions:
            found = self._definitions[qualname] = self._definition(qualname)
        return found  # type: ignore[return-value]

    def _definition(self, qualname: str) -> Optional[NodeRef]:
        seen: Set[str] = set()
        while qualname not in seen:
            seen.add(qualname)
            found = self.split(qualname)
            if found is None:
                return None
            mod, rest = found
            if not rest:
                return None
            nid = mod.defs.get(rest)
            if nid is not None:
                return mod, nid
            head, _, tail = rest.partition(".")
            target = self.global_alias(mod, head)
            if target is None:
                return None
            qualname = f"{target}.{tail}" if tail else target
        return None

    def global_alias(self, mod: Module, name: str, seen: Optional[Set[str]] = None) -> Optional[str]:
        """What a module-level name of ``mod`` imports (``from x import y as name``), if that is
        all it is bound to; names from ``*`` imports too."""
        if mod.binds(name):
            return mod.alias_target(name)
        seen = seen or set()
        if mod.name in seen:
            return None
        seen.add(mod.name)
        for star in mod.star_imports():
            other = self.module(star)
            if other is None:
                continue
            if other.binds(name):
                return f"{other.name}.{name}"
            deeper = self.global_alias(other, name, seen)
            if deeper is not None:
                return deeper
        return None

    def star_source(self, mod: Module, name: str) -> Optional[Module]:
        """The project module a ``*`` import gives ``name`` from."""
        seen: Set[str] = set()
        todo = [mod]
        while todo:
            current = todo.pop(0)
            if current.name in seen:
                continue
            seen.add(current.name)
            for star in current.star_imports():
                other = self.module(star)
                if other is None:
                    continue
                if other.binds(name):
                    return other
                todo.append(other)
        return None


#: how many directories without ``__init__.py`` above a module may give it a longer name
NAMESPACE_DEPTH = 4


def _namespace_names(modules: Dict[str, Module]) -> Dict[str, Module]:
    """The dotted names modules have inside namespace packages (PEP 420): the directories above
    a module's own package, without ``__init__.py``, read from its path (``bot/util/db.py``, named
    ``db``, is also ``util.db`` and ``bot.util.db``). A name two modules could have, or that a
    module has by its own name, names neither."""
    found: Dict[str, Optional[Module]] = {}
    for mod in modules.values():
        parts = mod.path.replace("\\", "/").split("/")
        if not parts[-1].endswith(".py"):
            continue
        parts[-1] = parts[-1][:-len(".py")]
        if mod.source.is_package:
            parts.pop()
        name = mod.name.partition("#")[0]  # a renamed duplicate (`main#2`) competes for its names
        own = name.split(".")
        if parts[-len(own):] != own:
            continue
        for directory in reversed(parts[:-len(own)][-NAMESPACE_DEPTH:]):
            if not directory.isidentifier():
                break
            name = f"{directory}.{name}"
            if name in modules:
                continue
            found[name] = None if name in found and found[name] is not mod else mod
    return {name: mod for name, mod in found.items() if mod is not None}


def unique_modules(sources: Sequence[Source]) -> List[Source]:
    """Two files with one module name (two scripts called main.py) are both checked; imports
    resolve to the first, the second gets a name nothing can import."""
    from dataclasses import replace

    seen: Dict[str, int] = {}
    out = []
    for s in sources:
        n = seen.get(s.module, 0)
        seen[s.module] = n + 1
        out.append(s if n == 0 else replace(s, module=f"{s.module}#{n + 1}"))
    return out


_LINE_BREAK = re.compile(rb"(\r\n|\r|\n)")


__all__ = ["BUILTIN", "Module", "NodeRef", "Program", "children", "unique_modules"]
