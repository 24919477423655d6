"""Parse every module once and index what other modules may refer to.

A ``ModuleInfo`` holds one parsed module with the libcst metadata the analysis needs (scopes,
parents, positions). The ``Project`` maps qualified names (``pkg.mod.func``, ``pkg.mod.Class``,
``pkg.mod.Class.method``, ``pkg.mod.main.<locals>.worker``) to their definitions.
"""
from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Set, Tuple, Union

import libcst as cst
from libcst.metadata import (
    Access,
    GlobalScope,
    MetadataWrapper,
    PositionProvider,
    QualifiedNameSource,
    Scope,
    ScopeProvider,
)

from . import Source

FuncNode = Union[cst.FunctionDef, cst.Lambda]
_FIELDS: Dict[type, Tuple[str, ...]] = {}
#: type -> whether it is a libcst node. libcst's classes are ABCs, and ``isinstance`` against one
#: goes through ``ABCMeta.__instancecheck__``: asking once per type keeps the walk cheap.
_IS_NODE: Dict[type, bool] = {}


def _is_node(value: object) -> bool:
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = isinstance(value, cst.CSTNode)
    return known


def children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The child nodes of ``node``, read from its dataclass fields: about ten times cheaper
    than libcst's ``node.children`` / visitor machinery, which rebuilds every node it visits."""
    cls = type(node)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    for name in names:
        value = getattr(node, name)
        kind = type(value)
        if kind is list or kind is tuple:
            for item in value:
                if _is_node(item):
                    yield item
        elif _is_node(value):
            yield value


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node below it (no particular order)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children(current))


#: the nodes that are only spelling (whitespace, comments, commas, parentheses...): no analysis
#: asks for their parent or position, and they are half of a tree's nodes
_TOKENS = frozenset({cst.SimpleWhitespace, cst.ParenthesizedWhitespace, cst.TrailingWhitespace,
                     cst.Newline, cst.EmptyLine, cst.Comment, cst.Comma, cst.Dot, cst.Colon,
                     cst.AssignEqual, cst.LeftParen, cst.RightParen})


def parent_map(tree: cst.CSTNode) -> Dict[cst.CSTNode, cst.CSTNode]:
    """Each node's parent (spelling-only nodes left out)."""
    out: Dict[cst.CSTNode, cst.CSTNode] = {}
    tokens = _TOKENS
    stack = [tree]
    while stack:
        current = stack.pop()
        for child in children(current):
            if type(child) not in tokens:
                out[child] = current
                stack.append(child)
    return out


@dataclass
class FunctionInfo:
    qualname: str
    module: "ModuleInfo"
    node: cst.FunctionDef
    cls: Optional["ClassInfo"] = None  # set for methods

    @property
    def name(self) -> str:
        return self.node.name.value

    @property
    def display(self) -> str:
        return f"{self.cls.name}.{self.name}" if self.cls else self.name


@dataclass
class ClassInfo:
    qualname: str
    module: "ModuleInfo"
    node: cst.ClassDef
    methods: Dict[str, FunctionInfo] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.node.name.value


class ModuleInfo:
    """One parsed module. Its libcst metadata (the costly part) is resolved on first use, so
    modules that no analysis reaches are only parsed."""

    def __init__(self, source: Source, module: cst.Module, owners: Optional[Dict[int, "ModuleInfo"]] = None) -> None:
        self.source = source
        self.path = source.path
        self.name = source.module
        self.package = source.module if source.is_package else source.module.rpartition(".")[0]
        self.tree = module
        self.digest = ""
        self.functions: Dict[cst.CSTNode, FunctionInfo] = {}
        self.classes: Dict[cst.CSTNode, ClassInfo] = {}
        self._owners = owners if owners is not None else {}
        self._resolved = False
        self.size = len(source.data)  # the bytes parsed (less when blanked)
        self.used = 0  # when the project last handed it out

    @property
    def resolved(self) -> bool:
        return self._resolved

    def _resolve(self) -> None:
        tokens = _TOKENS
        scopes = MetadataWrapper(self.tree, unsafe_skip_copy=True).resolve(ScopeProvider)
        self._scopes: Mapping[cst.CSTNode, Optional[Scope]] = {
            n: s for n, s in scopes.items() if type(n) not in tokens}
        del scopes
        self._parents: Mapping[cst.CSTNode, cst.CSTNode] = parent_map(self.tree)
        self._positions: Optional[Dict[cst.CSTNode, Tuple[int, int, int, int]]] = None  # on first use: a module the analysis only reads
        # through (a base class, a called function) and reports nothing about never needs them
        # every name read, with what libcst resolved it to; and the scope each function opens
        self._accesses: Dict[cst.CSTNode, Access] = {}
        self._scope_of_function: Dict[cst.CSTNode, Scope] = {}
        for scope in {s for s in self._scopes.values() if s is not None}:
            for access in scope.accesses:
                self._accesses[access.node] = access
            node = getattr(scope, "node", None)
            if node is not None and not isinstance(scope, GlobalScope):
                self._scope_of_function.setdefault(node, scope)
        self._global_scope = self._scopes.get(self.tree)
        self._by_type: Dict[type, List[cst.CSTNode]] = {}
        self._exact: Optional[Dict[type, List[cst.CSTNode]]] = None
        self._resolved = True
        if self._global_scope is not None:
            self._owners[id(self._global_scope)] = self

    def release(self) -> None:
        """Break the reference cycles that hold this module's tree (libcst's scopes, accesses
        and assignments refer to each other; definitions refer to their module), so that
        letting go of it frees its memory at once, without a run of the cyclic collector over
        everything still held. The module is unusable afterwards."""
        if self._resolved:
            scopes = {s for s in self._scopes.values() if s is not None}
            for scope in list(scopes):
                parent = getattr(scope, "parent", None)
                while parent is not None and parent not in scopes:
                    scopes.add(parent)
                    parent = getattr(parent, "parent", None)
            for scope in scopes:
                for group in ("_assignments", "_accesses_by_name", "_accesses_by_node"):
                    for items in list(getattr(scope, group, {}).values()):
                        for item in items:
                            _clear(item)
                _clear(scope)
        for defs in (self.functions, self.classes):
            for d in defs.values():
                _clear(d)
        _clear(self)

    def _need(self) -> None:
        if not self._resolved:
            self._resolve()

    @property
    def scopes(self) -> Mapping[cst.CSTNode, Optional[Scope]]:
        self._need()
        return self._scopes

    @property
    def parents(self) -> Mapping[cst.CSTNode, cst.CSTNode]:
        self._need()
        return self._parents

    def span(self, node: cst.CSTNode) -> Tuple[int, int, int, int]:
        """(line, column, end line, end column) of ``node``, columns from 0. libcst's own
        ranges (three objects a node) are kept as tuples, and only for the nodes that are not
        mere spelling: a quarter of the memory."""
        self._need()
        if self._positions is None:
            ranges = MetadataWrapper(self.tree, unsafe_skip_copy=True).resolve(PositionProvider)
            tokens = _TOKENS
            self._positions = {n: (r.start.line, r.start.column, r.end.line, r.end.column)
                               for n, r in ranges.items() if type(n) not in tokens}
        return self._positions[node]

    @property
    def accesses(self) -> Dict[cst.CSTNode, Access]:
        self._need()
        return self._accesses

    @property
    def scope_of_function(self) -> Dict[cst.CSTNode, Scope]:
        self._need()
        return self._scope_of_function

    @property
    def global_scope(self) -> Optional[Scope]:
        self._need()
        return self._global_scope

    def nodes(self, kind: type) -> List[cst.CSTNode]:
        """Every node of ``kind`` in the module, in no particular order (from the parent map)."""
        self._need()
        found = self._by_type.get(kind)
        if found is None:
            exact = self._by_exact_type()
            found = [n for t, nodes in exact.items() if issubclass(t, kind) for n in nodes]
            self._by_type[kind] = found
        return found

    def _by_exact_type(self) -> Dict[type, List[cst.CSTNode]]:
        if self._exact is None:
            groups: Dict[type, List[cst.CSTNode]] = {}
            for n in self._parents:
                groups.setdefault(type(n), []).append(n)
            self._exact = groups
        return self._exact

    # -- positions -------------------------------------------------------------------------
    def line(self, node: cst.CSTNode) -> int:
        return self.span(node)[0]

    def pos(self, node: cst.CSTNode) -> Tuple[int, int]:
        line, column, _, _ = self.span(node)
        return line, column + 1

    def end(self, node: cst.CSTNode) -> Tuple[int, int]:
        _, _, line, column = self.span(node)
        return line, column + 1

    # -- structure -------------------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        current = self.parents.get(node)
        while current is not None:
            yield current
            current = self.parents.get(current)

    def enclosing_function(self, node: cst.CSTNode) -> Optional[FuncNode]:
        for anc in self.ancestors(node):
            if isinstance(anc, (cst.FunctionDef, cst.Lambda)):
                return anc
        return None

    def code(self, node: cst.CSTNode) -> str:
        return self.tree.code_for_node(node)

    # -- names -----------------------------------------------------------------------------
    def absolute(self, name: str, source: QualifiedNameSource) -> str:
        """Turn one of libcst's qualified names into a project-wide one."""
        if source is QualifiedNameSource.LOCAL:
            return f"{self.name}.{name}" if self.name else name
        if name.startswith("."):
            stripped = name.lstrip(".")
            base = self.package
            for _ in range(len(name) - len(stripped) - 1):
                base = base.rpartition(".")[0]
            return f"{base}.{stripped}" if base else stripped
        return name

    def qualnames(self, node: cst.CSTNode) -> List[str]:
        """libcst's qualified names of ``node`` (a Name, Attribute or Call), made absolute."""
        scope = self.scopes.get(node)
        if scope is None:
            return []
        try:
            names = scope.get_qualified_names_for(node)
        except Exception:  # libcst cannot name every expression
            return []
        return sorted(self.absolute(q.name, q.source) for q in names)


class Project:
    """Every module of the checked project, and its definitions by qualified name.

    Modules are parsed with libcst only when the analysis first needs them (``module()``): a
    module that no spawn site, marker or Thread subclass leads to costs one ``ast.parse`` in the
    light pass and nothing here. ``shape`` gives the text to parse for a source (default: its
    bytes); the deep pass blanks there what of a module its analysis cannot reach (``prune``).
    """

    def __init__(self, sources: Sequence[Source] = (),
                 shape: Optional[Callable[[Source], bytes]] = None) -> None:
        self._shape = shape
        self.modules: Dict[str, ModuleInfo] = {}
        self._pending: Dict[str, Source] = {}
        #: module -> (line, column, why) libcst could not parse it
        self.broken: Dict[str, Tuple[int, int, str]] = {}
        #: modules libcst parsed but the analysis could not index (recursion limit)
        self.too_deep: Set[str] = set()
        #: id(global scope) -> its module, filled as modules are resolved
        self.owners: Dict[int, ModuleInfo] = {}
        #: bytes of source parsed and held (what the trees' memory grows with)
        self.held = 0
        #: paths of every module parsed so far, those since let go included
        self.ever: Set[str] = set()
        #: the deep pass counts the modules it checks here; ``uses``: module -> how many checks
        #: (epochs) have read it, which tells what is worth keeping in memory
        self.epoch = 0
        self.uses: Dict[str, int] = {}
        self._read_in: Dict[str, int] = {}  # module -> the last epoch that read it
        self._tick = 0
        self.functions: Dict[str, FunctionInfo] = {}
        self.classes: Dict[str, ClassInfo] = {}
        #: every source by path, parsed or not (a note may point into a module let go)
        self.sources: Dict[str, Source] = {}
        for source in sources:
            self._pending.setdefault(source.module, source)
            self.sources.setdefault(source.path, source)

    def module(self, name: str) -> Optional[ModuleInfo]:
        info = self.modules.get(name)
        if info is not None:
            self._tick += 1
            info.used = self._tick
            if self._read_in.get(name) != self.epoch:
                self._read_in[name] = self.epoch
                self.uses[name] = self.uses.get(name, 0) + 1
            return info
        source = self._pending.pop(name, None)
        if source is None:
            return None
        data = self._shape(source) if self._shape is not None else source.data
        try:
            try:
                tree = cst.parse_module(data)
            except UnicodeDecodeError:  # bytes CPython never decodes (a comment), libcst does
                tree = cst.parse_module(_decoded(data))
        except RecursionError:
            self.broken[name] = (1, 1, "nesting too deep for libcst's parser")
            return None
        except cst.ParserSyntaxError as exc:
            self.broken[name] = (max(exc.raw_line, 1), exc.raw_column + 1,
                                 exc.message.replace("parser error: ", ""))
            return None
        except Exception as exc:  # an encoding libcst rejects, ...
            self.broken[name] = (1, 1, f"{type(exc).__name__}: {exc}")
            return None
        try:
            return self.load(source, tree, len(data))
        except RecursionError:  # indexing follows nested definitions and elif chains
            dropped = self.modules.pop(name, None)
            if dropped is not None:
                self.held -= dropped.size
            for table in (self.functions, self.classes):
                for key in [k for k, v in table.items() if v.module.name == name]:
                    del table[key]
            self.too_deep.add(name)
            return None

    def let_go(self, name: str) -> None:
        """Forget a parsed module (its tree, metadata and definitions): it is parsed again if
        the analysis needs it again. What refers to its nodes elsewhere (an evaluator's memo)
        must be dropped too, and the cyclic collector run, for the memory to come back."""
        info = self.modules.pop(name, None)
        if info is None:
            return
        self._pending[name] = info.source
        self.held -= info.size
        for table, defs in ((self.functions, info.functions), (self.classes, info.classes)):
            for d in defs.values():
                if table.get(d.qualname) is d:
                    del table[d.qualname]
        if info.resolved and info.global_scope is not None:
            self.owners.pop(id(info.global_scope), None)

    def has_module(self, name: str) -> bool:
        return name in self.modules or name in self._pending

    def load(self, source: Source, tree: cst.Module, size: Optional[int] = None) -> ModuleInfo:
        info = ModuleInfo(source, tree, self.owners)
        if size is not None:
            info.size = size
        if self.modules.setdefault(info.name, info) is info:
            self.held += info.size
            if self._read_in.get(info.name) != self.epoch:
                self._read_in[info.name] = self.epoch
                self.uses[info.name] = self.uses.get(info.name, 0) + 1
        self.ever.add(info.path)
        self._pending.pop(info.name, None)
        _Indexer(self, info).index()
        return info

    def loaded(self) -> List[ModuleInfo]:
        return list(self.modules.values())

    # -- lookups ---------------------------------------------------------------------------
    def split(self, qualname: str) -> Optional[Tuple[ModuleInfo, str]]:
        """The project module a qualified name lives in, and the rest of the name."""
        head, rest = qualname, ""
        while head:
            if self.has_module(head):
                info = self.module(head)
                return (info, rest) if info is not None else None
            head, _, last = head.rpartition(".")
            rest = f"{last}.{rest}" if rest else last
        return None

    def function(self, qualname: str) -> Optional[FunctionInfo]:
        found = self.functions.get(qualname)
        if found is None and self._pending:
            self.split(qualname)
            found = self.functions.get(qualname)
        return found

    def cls(self, qualname: str) -> Optional[ClassInfo]:
        found = self.classes.get(qualname)
        if found is None and self._pending:
            self.split(qualname)
            found = self.classes.get(qualname)
        return found


def _clear(obj: object) -> None:
    try:
        vars(obj).clear()
    except TypeError:  # no __dict__: left to the cyclic collector
        pass


def _decoded(data: bytes) -> str:
    """The text of a file with bytes its encoding cannot decode replaced (U+FFFD)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except (SyntaxError, LookupError):
        encoding = "utf-8"
    return data.decode(encoding, errors="replace")


class _Indexer:
    def __init__(self, project: Project, info: ModuleInfo) -> None:
        self.project = project
        self.info = info

    def index(self) -> None:
        self._walk(self.info.tree.body, prefix="", cls=None)

    def _walk(self, body: Sequence[cst.CSTNode], prefix: str, cls: Optional[ClassInfo]) -> None:
        for stmt in body:
            self._stmt(stmt, prefix, cls)

    def _qual(self, prefix: str, name: str) -> str:
        local = f"{prefix}{name}"
        return f"{self.info.name}.{local}" if self.info.name else local

    def _stmt(self, stmt: cst.CSTNode, prefix: str, cls: Optional[ClassInfo]) -> None:
        if isinstance(stmt, cst.FunctionDef):
            qual = self._qual(prefix, stmt.name.value)
            fn = FunctionInfo(qual, self.info, stmt, cls)
            self.project.functions.setdefault(qual, fn)
            self.info.functions[stmt] = fn
            if cls is not None:
                cls.methods.setdefault(stmt.name.value, fn)
            self._walk(_body(stmt), f"{prefix}{stmt.name.value}.<locals>.", None)
        elif isinstance(stmt, cst.ClassDef):
            qual = self._qual(prefix, stmt.name.value)
            ci = ClassInfo(qual, self.info, stmt)
            self.project.classes.setdefault(qual, ci)
            self.info.classes[stmt] = ci
            self._walk(_body(stmt), f"{prefix}{stmt.name.value}.", ci)
        elif isinstance(stmt, (cst.If, cst.Try, cst.TryStar, cst.With, cst.For, cst.While)):
            # definitions under `if TYPE_CHECKING:`, `try: ... except ImportError:` and the like
            for child in _blocks(stmt):
                self._walk(child, prefix, cls)


def _body(node: Union[cst.FunctionDef, cst.ClassDef]) -> Sequence[cst.CSTNode]:
    body = node.body
    if isinstance(body, cst.IndentedBlock):
        return body.body
    return []


def _blocks(stmt: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """The statement lists directly inside a compound statement (its branches, handlers...)."""
    parts: List[Optional[cst.CSTNode]] = [getattr(stmt, "body", None)]
    parts += list(getattr(stmt, "handlers", ()) or ())
    parts += [getattr(stmt, "orelse", None), getattr(stmt, "finalbody", None)]
    for part in parts:
        if isinstance(part, cst.If):
            yield from _blocks(part)
        elif isinstance(part, cst.IndentedBlock):
            yield part.body
        elif part is not None and isinstance(getattr(part, "body", None), cst.IndentedBlock):
            yield part.body.body


def parse(source: Source) -> cst.Module:
    return cst.parse_module(source.data)
