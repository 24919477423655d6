"""What one module says, as plain data: its syntax tree reduced to what the analysis reads, with
every name already resolved to the scope that binds it.

This is the only place that parses. CPython's own parser (``ast``) reads the file; one walk then
writes a flat list of nodes (tuples whose children are indices into the list), a parallel table
of source spans and parents, and one record per scope (module, class, function, lambda,
comprehension) with the names it binds. The scope rules are Python's: ``global`` and
``nonlocal``, class bodies invisible to the functions inside them, comprehensions with their own
scope whose first iterable belongs to the enclosing one, ``:=`` binding in the enclosing
function. ``tests/test_facts.py`` holds the result against CPython's ``symtable`` on real code.

Facts depend only on the file's bytes, so they are cached by content digest and computed in
worker processes; everything after this stage works on facts, never on source text.

Node layout (``kind`` first; ``-1`` for an absent child; ``()`` tuples hold node ids):

    Mod(body)                         Def(name, params, decorators, returns, body, flags)
    Lam(params, body)                 Cls(name, bases, keywords, decorators, body)
    Params(params)                    Param(name, kind, annotation, default)
    Asg(targets, value)               Aug(target, value)         Ann(target, annotation, value)
    For(target, iter, body, orelse)   While(test, body, orelse)  If(test, body, orelse)
    With(items, body)                 Try(body, handlers, orelse, finalbody)
    Handler(type, name, body)         Ret(value)                 Expr(value)
    Global(names)                     Nonlocal(names)            Import(aliases)
    ImportFrom(module, level, aliases)  Alias(name, asname)      Del(targets)
    Raise(exc, cause)                 Match(subject, cases)      Bind(name)
    Name(id, ctx, scope)              Attr(value, attr, ctx)     Call(func, args)
    Sub(value, slice, ctx)            Tuple(elts, ctx)           List(elts, ctx)
    Set(elts)                         Star(value, ctx)           Dict(keys, values)
    Comp(kind, elt, value, gens)      IfX(test, body, orelse)    Bool(values)
    Walrus(target, value)             Await(value)               Yield(value)
    YFrom(value)                      Const(value)               Op(children)

``With.items`` are ``(expr, target)`` pairs, ``Call.args`` ``(key, expr)`` pairs (key ``None``
positional, ``"*"``, ``"**"`` or a keyword), ``Comp.gens`` ``(target, iter, ifs)`` triples,
``Match.cases`` ``(bindings, guard, body)`` triples. ``Param.kind``: 0 positional-only,
1 positional-or-keyword, 2 ``*args``, 3 keyword-only, 4 ``**kwargs``. ``Def.flags``: bit 1
async, bit 2 generator. A ``Name``'s ``scope`` is the id of the scope node that binds it, or
``BUILTIN``; names of the module scope resolve to node 0 (the module).
"""
from __future__ import annotations

import ast
import builtins
import marshal
import sys
import warnings
import zlib
from array import array
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple

#: bump when the layout changes: cached facts of another version are recomputed
VERSION = 11
BUILTIN = -2
_NONE: FrozenSet[str] = frozenset()  # a scope's globals or nonlocals when it declares none
ASYNC, GENERATOR = 1, 2
POSONLY, NORMAL, VARARG, KWONLY, KWARG = range(5)
LOAD, STORE, DEL = "L", "S", "D"
SCOPES = frozenset({"Mod", "Def", "Lam", "Cls", "Comp"})
_BUILTINS = frozenset(dir(builtins))
#: constants kept as values (a keyword argument such as ``check_same_thread=False``, a mode
#: string); longer strings and other values become ``...``
_SHORT = 64


#: a def or class in ``Facts.defs``: (qualified name, node id, "Def" or "Cls", the last names of
#: the class's bases, ``()`` for a def)
DefEntry = Tuple[str, int, str, Tuple[str, ...]]


@dataclass
class Scope:
    kind: str  # "Mod", "Def", "Lam", "Cls", "Comp"
    parent: int  # id of the enclosing scope node (-1 for the module)
    bindings: Dict[str, Tuple[int, ...]] = field(default_factory=dict)  # name -> binding node ids
    globals: FrozenSet[str] = frozenset()
    nonlocals: FrozenSet[str] = frozenset()


class Facts:
    """One module's facts. ``error`` is set (and nothing else) when the file does not parse.

    The header (``error``, ``identifiers``, ``defs``, ``index``) is what the whole program is
    indexed by; the body (``nodes``, ``spans``, ``parents``, ``scopes``), most of the memory, is
    kept compressed and decoded when first read (``loaded``); ``release()`` lets it go again,
    to be decoded anew if needed: a large project is never held whole."""

    def __init__(self, error: Optional[Tuple[int, int, str]] = None, nodes: Optional[List[tuple]] = None,
                 spans: "Optional[array[int]]" = None, parents: "Optional[array[int]]" = None,
                 scopes: Optional[Dict[int, Scope]] = None, identifiers: FrozenSet[str] = frozenset(),
                 defs: Tuple[DefEntry, ...] = (), transient: bool = False,
                 index: "Optional[Dict[str, Uses]]" = None,
                 module_names: Optional[Dict[str, tuple]] = None, stars: Tuple[Tuple[str, int], ...] = ()) -> None:
        self.error = error
        self.identifiers = identifiers
        #: (qualified name inside the module, node id) of every def and class: ``f``,
        #: ``C.m``, ``f.<locals>.g``
        self.defs = defs
        #: the answer may differ on another run (memory was short): never cached
        self.transient = transient
        #: where names are used, by kind: "ref" (a Name or Attr read, by name), "call" (a call,
        #: by the callee's last name), "store" (``x.attr = ...``, by attr), "sub" (``x[k] = ...``,
        #: by the container's last name), "deco" (a def or class, by a decorator's name)
        self._index = index
        self._index_blob: Optional[bytes] = None
        #: the names the module's code binds at module level: name -> one descriptor per binding,
        #: ("Alias", statement, module, level, name, asname) for an import, else (kind,)
        self.module_names = module_names if module_names is not None else {}
        #: the modules ``from m import *`` names at module level: (module, level)
        self.stars = stars
        self._body: Optional[bytes] = None
        self._nodes = nodes if nodes is not None else []
        self._spans = spans if spans is not None else array("i")
        self._parents = parents if parents is not None else array("i")
        self._scopes = scopes if scopes is not None else {}
        self._frames = array("i")
        self.loaded = True
        #: the node count of a body not decoded (set by ``from_bytes``; read only while not loaded)
        self._size: int

    @property
    def index(self) -> Dict[str, "Uses"]:
        """Where names are used, by kind (decoded when first asked)."""
        if self._index is None:
            if self._index_blob is None:
                self._index = {}
            else:
                self._index = {k: Uses(dict(v)) for k, v in marshal.loads(zlib.decompress(self._index_blob))}
        return self._index

    # -- the body, decoded on first use ---------------------------------------------------------
    @property
    def nodes(self) -> List[tuple]:
        if not self.loaded:
            self._decode()
        return self._nodes

    @property
    def spans(self) -> "array[int]":
        if not self.loaded:
            self._decode()
        return self._spans

    @property
    def parents(self) -> "array[int]":
        if not self.loaded:
            self._decode()
        return self._parents

    @property
    def scopes(self) -> Dict[int, Scope]:
        if not self.loaded:
            self._decode()
        return self._scopes

    @property
    def frames(self) -> "array[int]":
        """Per node, the Def/Lam whose call evaluates it (0: the module's code)."""
        if not self.loaded:
            self._decode()
        return self._frames

    @property
    def size(self) -> int:
        """How many nodes the body holds (what decoding it costs in memory)."""
        return self._count

    def release(self) -> None:
        """Let the decoded body go (it is decoded again when read)."""
        if self._body is None:
            self._body = self._encode_body()
        self._nodes, self._spans, self._parents, self._scopes = [], array("i"), array("i"), {}
        self._frames = array("i")
        self.loaded = False

    def _encode_body(self) -> bytes:
        scopes = tuple((sid, s.kind, s.parent, tuple((k, tuple(v)) for k, v in s.bindings.items()),
                        tuple(sorted(s.globals)), tuple(sorted(s.nonlocals)))
                       for sid, s in self._scopes.items())
        return zlib.compress(marshal.dumps((tuple(self._nodes), self._spans.tobytes(), self._parents.tobytes(),
                                            self._frames.tobytes(), scopes)), 1)

    def _decode(self) -> None:
        assert self._body is not None
        nodes, spans, parents, frames, scopes = marshal.loads(zlib.decompress(self._body))
        self._nodes = list(nodes)
        self._frames = array("i")
        self._frames.frombytes(frames)
        self._spans = array("i")
        self._spans.frombytes(spans)
        self._parents = array("i")
        self._parents.frombytes(parents)
        self._scopes = {sid: Scope(kind, parent, dict(bindings), frozenset(globs) if globs else _NONE,
                                   frozenset(nonlocs) if nonlocs else _NONE)
                        for sid, kind, parent, bindings, globs, nonlocs in scopes}
        self.loaded = True

    @property
    def _count(self) -> int:
        return len(self._spans) // 4 if self.loaded else self._size

    # -- plain data ----------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        body = self._body if self._body is not None else self._encode_body()
        index = self._index_blob if self._index_blob is not None else zlib.compress(
            marshal.dumps(tuple((k, tuple(v.packed.items())) for k, v in self.index.items())), 1)
        header = (self.error, tuple(sorted(self.identifiers)), self.defs, self.transient, index, self._count,
                  tuple(self.module_names.items()), self.stars)
        return marshal.dumps((VERSION, zlib.compress(marshal.dumps(header), 1), body))

    @classmethod
    def from_bytes(cls, data: bytes) -> "Facts":
        """Facts from ``to_bytes``; the body stays encoded until it is read."""
        version, header, body = marshal.loads(data)
        if version != VERSION:
            raise ValueError("facts of another version")
        error, identifiers, defs, transient, index, size, module_names, stars = \
            marshal.loads(zlib.decompress(header))
        facts = cls(error, identifiers=frozenset(identifiers), defs=defs, transient=transient,
                    module_names=dict(module_names), stars=stars)
        facts._index_blob = index
        facts._body = body
        facts._size = size
        facts.loaded = False
        return facts


_COMPARISONS = {ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in",
                ast.NotIn: "not in", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_NOT_INTO = (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _own_breaks(loop: ast.AST) -> Tuple[Tuple[int, int], ...]:
    """Where the ``break`` statements of ``loop``'s own body are, (line, column): not those
    of loops or functions inside it, nor of its ``else`` (which break an enclosing loop)."""
    out = []
    stack: List[ast.AST] = list(loop.body)  # type: ignore[attr-defined]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Break):
            out.append((node.lineno, node.col_offset))
        elif not isinstance(node, _NOT_INTO):
            stack.extend(ast.iter_child_nodes(node))
    return tuple(sorted(out))


def extract(data: bytes) -> Facts:
    """The facts of a module's source bytes (syntax errors are facts too)."""
    try:
        with warnings.catch_warnings():  # SyntaxWarnings about the checked code are not ours
            warnings.simplefilter("ignore")
            tree = _parse(data)
    except SyntaxError as err:
        return Facts(error=(err.lineno or 1, max(err.offset or 1, 1), f"syntax error: {err.msg}"))
    except RecursionError:
        return Facts(error=(1, 1, "syntax error: nesting too deep for the parser"))
    except MemoryError as err:
        # CPython 3.12+ says when its parser's own stack overflowed: CPython cannot compile the
        # file either. Earlier ones raise a bare MemoryError for that and for memory that is
        # short: parse once more; an answer from a second failure is never kept (the next run,
        # with memory to spare, reads the file again).
        if "too complex" in str(err):
            return Facts(error=(1, 1, "syntax error: the source is too complex for CPython's parser"))
        try:
            tree = _parse(data)
        except MemoryError:  # again: most likely the source, but never kept in case it was memory
            return Facts(error=(1, 1, "syntax error: the source is too complex for CPython's parser "
                                      "(or memory was short: it is read again next run)"), transient=True)
        except SyntaxError as again:
            return Facts(error=(again.lineno or 1, max(again.offset or 1, 1), f"syntax error: {again.msg}"))
        except RecursionError:
            return Facts(error=(1, 1, "syntax error: nesting too deep for the parser"))
        return _Builder().build(tree)
    except (ValueError, LookupError) as err:  # NUL bytes (3.11-), undecodable bytes, bad cookie
        return Facts(error=(1, 1, f"cannot decode file: {err}"))
    return _Builder().build(tree)


#: the recursion limit CPython starts with: a file whose tree needs more to be built is one
#: CPython itself cannot compile ("nesting too deep"), whatever limit the analysis runs with
CPYTHON_RECURSION_LIMIT = 1000


def _parse(data: bytes) -> ast.Module:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(min(limit, CPYTHON_RECURSION_LIMIT))
    try:
        return ast.parse(data)
    finally:
        sys.setrecursionlimit(limit)


# ------------------------------------------------------------------------------------------ builder
_NO_SPAN = (0, 0, 0, 0)  # a node with no place in the source (the module, an implicit one)


class _Builder:
    def __init__(self) -> None:
        #: tuples once built; a node is None while its children are visited, and a Name is a list
        #: until ``_resolve`` fills in its scope
        self.nodes: List[Any] = []
        #: per node, its span (4 ints), parent and frame: lists while building (appending to a
        #: list costs a sixth of extending an array), arrays in the facts
        self.spans: List[int] = []
        self.parents: List[int] = []
        self.scopes: Dict[int, Scope] = {}
        self.idents: Set[str] = set()
        #: (scope the name occurs in, node id) of every Name, resolved once the module is read
        self.names: List[Tuple[int, int]] = []
        #: binding sites that are not Name nodes: (scope, name, node id)
        self.binds: List[Tuple[int, str, int]] = []
        self.scope = -1
        self.parent = -1
        self.func = -1  # the innermost Def/Lam (for yields)
        self.frame = 0  # the Def/Lam whose call evaluates what is visited (0: the module)
        self.frames: List[int] = []
        self.generators: Set[int] = set()
        self.prefix = ""  # qualified-name prefix of what is defined here
        self.defs: List[DefEntry] = []
        #: one object for equal leaf nodes (the same name read in the same scope, a constant, an
        #: unannotated parameter): about a third of the nodes. Shared, they are marshalled once
        #: and decoded once, which makes a decoded body a fifth smaller and faster to decode
        self._leaves: Dict[Any, tuple] = {}

    # -- nodes ----------------------------------------------------------------------------------
    def _shared(self, node: tuple, kind: Any = None) -> tuple:
        """``node``, or the equal node built before it (leaves only: their fields are plain)."""
        return self._leaves.setdefault((kind, node), node)

    def _new(self, node: Optional[ast.AST]) -> int:
        nid = len(self.nodes)
        self.nodes.append(None)
        line = getattr(node, "lineno", None)
        if line is not None:
            end_line = getattr(node, "end_lineno", None) or line
            end_col = getattr(node, "end_col_offset", None)
            col: int = node.col_offset  # type: ignore[union-attr]  # every node with a lineno has one
            self.spans.extend((line, col, end_line, end_col if end_col is not None else col))
        else:
            self.spans.extend(_NO_SPAN)
        self.parents.append(self.parent)
        self.frames.append(self.frame)
        return nid

    def _open(self, node: Optional[ast.AST]) -> Tuple[int, int]:
        """A new node, made the parent of what is visited until ``_close``."""
        nid = self._new(node)
        saved = self.parent
        self.parent = nid
        return nid, saved

    def _scope(self, nid: int, kind: str) -> int:
        self.scopes[nid] = Scope(kind, self.scope)
        saved = self.scope
        self.scope = nid
        return saved

    def build(self, tree: ast.Module) -> Facts:
        nid, _ = self._open(tree)
        self._scope(nid, "Mod")
        body = self.block(tree.body)
        self.nodes[nid] = ("Mod", body)
        self._resolve()
        frames = array("i", self.frames)
        facts = Facts(None, self.nodes, array("i", self.spans), array("i", self.parents), self.scopes,
                      frozenset(self.idents), tuple(self.defs),
                      index=_index(self.nodes, frames, self.scopes, self.defs),
                      module_names=self._module_names(), stars=self._stars())
        facts._frames = frames
        return facts

    def _module_names(self) -> Dict[str, tuple]:
        nodes = self.nodes
        out: Dict[str, list] = {}
        for name, sites in self.scopes[0].bindings.items():
            for site in sites:
                node = nodes[site]
                if node[0] == "Alias":
                    stmt = nodes[self.parents[site]]
                    if stmt[0] == "Import":
                        out.setdefault(name, []).append(("Alias", "Import", "", 0, node[1], node[2]))
                    else:
                        out.setdefault(name, []).append(("Alias", "ImportFrom", stmt[1], stmt[2], node[1], node[2]))
                else:
                    out.setdefault(name, []).append((node[0],))
        return {k: tuple(v) for k, v in out.items()}

    def _stars(self) -> Tuple[Tuple[str, int], ...]:
        nodes = self.nodes
        out = []
        for stmt in nodes[0][1]:
            node = nodes[stmt]
            if node[0] == "ImportFrom" and any(nodes[a][1] == "*" for a in node[3]):
                out.append((node[1] or "", node[2]))
        return tuple(out)

    def block(self, stmts: Sequence[ast.stmt]) -> Tuple[int, ...]:
        out = []
        for s in stmts:
            nid = self.stmt(s)
            if nid >= 0:
                out.append(nid)
        return tuple(out)

    def opt(self, node: Optional[ast.expr]) -> int:
        return self.expr(node) if node is not None else -1

    def exprs(self, nodes: Sequence[Optional[ast.expr]]) -> Tuple[int, ...]:
        return tuple(self.opt(n) for n in nodes)

    def bind(self, name: str, nid: int) -> None:
        self.binds.append((self.scope, name, nid))
        self.idents.add(name)

    # -- statements -----------------------------------------------------------------------------
    def stmt(self, s: ast.stmt) -> int:
        method = _handler(type(s), "s_")
        if method is None:
            return -1  # pass, break, continue: nothing the analysis reads
        return method(self, s)

    def _function(self, s, kind: str) -> int:
        nid, saved_parent = self._open(s)
        decorators = self.exprs(s.decorator_list) if kind == "Def" else ()
        returns = self.opt(getattr(s, "returns", None)) if kind == "Def" else -1
        saved_scope = self.scope
        defaults = self._param_defaults(s.args)  # evaluated in the enclosing scope
        annotations = self._param_annotations(s.args) if kind == "Def" else {}
        self._scope(nid, kind)
        saved_func, self.func = self.func, nid
        saved_frame, self.frame = self.frame, nid
        params = self._params(s.args, defaults, annotations)
        if kind == "Def":
            qualname = self.prefix + s.name
            self.defs.append((qualname, nid, "Def", ()))
            saved_prefix, self.prefix = self.prefix, qualname + ".<locals>."
            body = self.block(s.body)
            self.prefix = saved_prefix
            flags = (ASYNC if isinstance(s, ast.AsyncFunctionDef) else 0) | (GENERATOR if nid in self.generators else 0)
            self.nodes[nid] = ("Def", s.name, params, decorators, returns, body, flags)
        else:
            body_expr = self.expr(s.body)
            self.nodes[nid] = ("Lam", params, body_expr)
        self.func = saved_func
        self.frame = saved_frame
        self.scope = saved_scope
        self.parent = saved_parent
        if kind == "Def":
            self.bind(s.name, nid)
        return nid

    def _param_defaults(self, args: ast.arguments) -> Dict[int, int]:
        """Default values, keyed by the ``id()`` of their ``arg``."""
        out: Dict[int, int] = {}
        positional = list(args.posonlyargs) + list(args.args)
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
            out[id(arg)] = self.expr(default)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults):
            if kw_default is not None:
                out[id(arg)] = self.expr(kw_default)
        return out

    def _param_annotations(self, args: ast.arguments) -> Dict[int, int]:
        out: Dict[int, int] = {}
        for arg, _ in self._all_args(args):
            if arg.annotation is not None:
                out[id(arg)] = self.expr(arg.annotation)
        return out

    @staticmethod
    def _all_args(args: ast.arguments) -> List[Tuple[ast.arg, int]]:
        out = [(a, POSONLY) for a in args.posonlyargs] + [(a, NORMAL) for a in args.args]
        if args.vararg is not None:
            out.append((args.vararg, VARARG))
        out += [(a, KWONLY) for a in args.kwonlyargs]
        if args.kwarg is not None:
            out.append((args.kwarg, KWARG))
        return out  # type: ignore[return-value]

    def _params(self, args: ast.arguments, defaults: Dict[int, int], annotations: Dict[int, int]) -> int:
        nid, saved = self._open(None)
        ids = []
        for arg, kind in self._all_args(args):  # type: ignore[misc]
            pid = self._new(arg)
            self.nodes[pid] = self._shared(("Param", arg.arg, kind, annotations.get(id(arg), -1),
                                            defaults.get(id(arg), -1)))
            self.bind(arg.arg, pid)
            ids.append(pid)
        self.nodes[nid] = ("Params", tuple(ids))
        self.parent = saved
        return nid

    def s_FunctionDef(self, s: ast.FunctionDef) -> int:
        return self._function(s, "Def")

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, s: ast.ClassDef) -> int:
        nid, saved_parent = self._open(s)
        decorators = self.exprs(s.decorator_list)
        bases = self.exprs(s.bases)
        keywords = tuple((k.arg, self.expr(k.value)) for k in s.keywords)
        saved_scope = self._scope(nid, "Cls")
        saved_func, self.func = self.func, -1
        qualname = self.prefix + s.name
        self.defs.append((qualname, nid, "Cls", tuple(_base_name(b) for b in s.bases)))
        saved_prefix, self.prefix = self.prefix, qualname + "."
        body = self.block(s.body)
        self.prefix = saved_prefix
        self.func = saved_func
        self.scope = saved_scope
        self.parent = saved_parent
        self.nodes[nid] = ("Cls", s.name, bases, keywords, decorators, body)
        self.bind(s.name, nid)
        return nid

    def s_Assign(self, s: ast.Assign) -> int:
        nid, saved = self._open(s)
        value = self.expr(s.value)
        targets = tuple(self.target(t) for t in s.targets)
        self.nodes[nid] = ("Asg", targets, value)
        self.parent = saved
        return nid

    def s_AugAssign(self, s: ast.AugAssign) -> int:
        nid, saved = self._open(s)
        value = self.expr(s.value)
        target = self.target(s.target)
        self.nodes[nid] = ("Aug", target, value)
        self.parent = saved
        return nid

    def s_AnnAssign(self, s: ast.AnnAssign) -> int:
        nid, saved = self._open(s)
        annotation = self.expr(s.annotation)
        value = self.opt(s.value)
        target = self.target(s.target)
        self.nodes[nid] = ("Ann", target, annotation, value)
        self.parent = saved
        return nid

    def s_For(self, s: ast.For) -> int:
        nid, saved = self._open(s)
        it = self.expr(s.iter)
        target = self.target(s.target)
        body = self.block(s.body)
        orelse = self.block(s.orelse)
        self.nodes[nid] = ("For", target, it, body, orelse, _own_breaks(s))
        self.parent = saved
        return nid

    s_AsyncFor = s_For

    def s_While(self, s: ast.While) -> int:
        nid, saved = self._open(s)
        test = self.expr(s.test)
        self.nodes[nid] = ("While", test, self.block(s.body), self.block(s.orelse), _own_breaks(s))
        self.parent = saved
        return nid

    def s_If(self, s: ast.If) -> int:
        nid, saved = self._open(s)
        test = self.expr(s.test)
        self.nodes[nid] = ("If", test, self.block(s.body), self.block(s.orelse))
        self.parent = saved
        return nid

    def s_With(self, s: ast.With) -> int:
        nid, saved = self._open(s)
        items = []
        for item in s.items:
            expr = self.expr(item.context_expr)
            target = self.target(item.optional_vars) if item.optional_vars is not None else -1
            items.append((expr, target))
        self.nodes[nid] = ("With", tuple(items), self.block(s.body))
        self.parent = saved
        return nid

    s_AsyncWith = s_With

    def s_Try(self, s) -> int:
        nid, saved = self._open(s)
        body = self.block(s.body)
        handlers = []
        for h in s.handlers:
            hid, hsaved = self._open(h)
            htype = self.opt(h.type)
            if h.name:
                self.bind(h.name, hid)
            self.nodes[hid] = ("Handler", htype, h.name, self.block(h.body))
            self.parent = hsaved
            handlers.append(hid)
        self.nodes[nid] = ("Try", body, tuple(handlers), self.block(s.orelse), self.block(s.finalbody))
        self.parent = saved
        return nid

    s_TryStar = s_Try

    def s_Return(self, s: ast.Return) -> int:
        nid, saved = self._open(s)
        self.nodes[nid] = ("Ret", self.opt(s.value))
        self.parent = saved
        return nid

    def s_Expr(self, s: ast.Expr) -> int:
        if isinstance(s.value, ast.Constant):
            return -1  # a docstring or a bare constant
        nid, saved = self._open(s)
        self.nodes[nid] = ("Expr", self.expr(s.value))
        self.parent = saved
        return nid

    def s_Global(self, s: ast.Global) -> int:
        nid = self._new(s)
        scope = self.scopes[self.scope]
        scope.globals = scope.globals.union(s.names)
        self.nodes[nid] = ("Global", tuple(s.names))
        return nid

    def s_Nonlocal(self, s: ast.Nonlocal) -> int:
        nid = self._new(s)
        scope = self.scopes[self.scope]
        scope.nonlocals = scope.nonlocals.union(s.names)
        self.nodes[nid] = ("Nonlocal", tuple(s.names))
        return nid

    def s_Import(self, s: ast.Import) -> int:
        nid, saved = self._open(s)
        aliases = []
        for a in s.names:
            aid = self._new(a)
            self.nodes[aid] = ("Alias", a.name, a.asname)
            self.bind(a.asname or a.name.partition(".")[0], aid)
            aliases.append(aid)
        self.nodes[nid] = ("Import", tuple(aliases))
        self.parent = saved
        return nid

    def s_ImportFrom(self, s: ast.ImportFrom) -> int:
        nid, saved = self._open(s)
        aliases = []
        for a in s.names:
            aid = self._new(a)
            self.nodes[aid] = ("Alias", a.name, a.asname)
            if a.name != "*":
                self.bind(a.asname or a.name, aid)
            self.idents.add(a.name)
            aliases.append(aid)
        self.nodes[nid] = ("ImportFrom", s.module, s.level or 0, tuple(aliases))
        self.parent = saved
        return nid

    def s_Delete(self, s: ast.Delete) -> int:
        nid, saved = self._open(s)
        self.nodes[nid] = ("Del", tuple(self.target(t, DEL) for t in s.targets))
        self.parent = saved
        return nid

    def s_Raise(self, s: ast.Raise) -> int:
        nid, saved = self._open(s)
        self.nodes[nid] = ("Raise", self.opt(s.exc), self.opt(s.cause))
        self.parent = saved
        return nid

    def s_Assert(self, s: ast.Assert) -> int:
        nid, saved = self._open(s)
        self.nodes[nid] = ("Expr", self.expr(s.test))
        self.parent = saved
        return nid

    def s_Match(self, s) -> int:
        nid, saved = self._open(s)
        subject = self.expr(s.subject)
        cases = []
        for case in s.cases:
            binds = []
            for pattern in ast.walk(case.pattern):
                for attr in ("name", "rest"):
                    name = getattr(pattern, attr, None)
                    if isinstance(name, str):
                        bid = self._new(pattern)
                        self.nodes[bid] = ("Bind", name)
                        self.bind(name, bid)
                        binds.append(bid)
                value = getattr(pattern, "value", None)
                if isinstance(pattern, ast.MatchValue) and value is not None:
                    binds.append(self.expr(value))
            guard = self.opt(case.guard)
            cases.append((tuple(binds), guard, self.block(case.body)))
        self.nodes[nid] = ("Match", subject, tuple(cases))
        self.parent = saved
        return nid

    def s_TypeAlias(self, s) -> int:  # `type X = ...` (3.12): a name bound to something plain
        nid = self._new(s)
        self.nodes[nid] = ("Bind", s.name.id)
        self.bind(s.name.id, nid)
        return nid

    # -- targets --------------------------------------------------------------------------------
    def target(self, t: ast.expr, ctx: str = STORE) -> int:
        if isinstance(t, ast.Name):
            nid = self._new(t)
            self.nodes[nid] = ["Name", t.id, ctx, -1]
            self.names.append((self.scope, nid))
            self.idents.add(t.id)
            return nid
        if isinstance(t, (ast.Tuple, ast.List)):
            nid, saved = self._open(t)
            elts = tuple(self.target(e, ctx) for e in t.elts)
            self.nodes[nid] = ("Tuple" if isinstance(t, ast.Tuple) else "List", elts, ctx)
            self.parent = saved
            return nid
        if isinstance(t, ast.Starred):
            nid, saved = self._open(t)
            self.nodes[nid] = ("Star", self.target(t.value, ctx), ctx)
            self.parent = saved
            return nid
        if isinstance(t, ast.Attribute):
            nid, saved = self._open(t)
            self.nodes[nid] = ("Attr", self.expr(t.value), t.attr, ctx)
            self.idents.add(t.attr)
            self.parent = saved
            return nid
        if isinstance(t, ast.Subscript):
            nid, saved = self._open(t)
            self.nodes[nid] = ("Sub", self.expr(t.value), self.expr(t.slice), ctx)
            self.parent = saved
            return nid
        return self.expr(t)

    # -- expressions ----------------------------------------------------------------------------
    def expr(self, e: ast.expr) -> int:
        method = _handler(type(e), "e_")
        if method is not None:
            return method(self, e)
        return self._opaque(e)

    def _opaque(self, e: ast.AST) -> int:
        """An expression whose value is plain (arithmetic, comparisons, f-strings...) but whose
        parts may call things."""
        nid, saved = self._open(e)
        children = []
        for child in ast.iter_child_nodes(e):
            if isinstance(child, ast.expr):
                children.append(self.expr(child))
            elif isinstance(child, (ast.comprehension, ast.keyword)):  # not expected here
                continue
        # a comparison keeps its operators (`==`, `is not`...): which branch of an `if` a test
        # picks depends on them
        ops = tuple(_COMPARISONS.get(type(op), "?") for op in e.ops) if isinstance(e, ast.Compare) else ()
        self.nodes[nid] = ("Op", tuple(children), ops)
        self.parent = saved
        return nid

    def e_Name(self, e: ast.Name) -> int:
        nid = self._new(e)
        self.nodes[nid] = ["Name", e.id, LOAD, -1]
        self.names.append((self.scope, nid))
        self.idents.add(e.id)
        return nid

    def e_Attribute(self, e: ast.Attribute) -> int:
        nid, saved = self._open(e)
        self.nodes[nid] = ("Attr", self.expr(e.value), e.attr, LOAD)
        self.idents.add(e.attr)
        self.parent = saved
        return nid

    def e_Call(self, e: ast.Call) -> int:
        nid, saved = self._open(e)
        func = self.expr(e.func)
        args: List[Tuple[Optional[str], int]] = []
        for a in e.args:
            if isinstance(a, ast.Starred):
                args.append(("*", self.expr(a.value)))
            else:
                args.append((None, self.expr(a)))
        for k in e.keywords:
            if k.arg is None:
                args.append(("**", self.expr(k.value)))
            else:
                args.append((k.arg, self.expr(k.value)))
                self.idents.add(k.arg)
        self.nodes[nid] = ("Call", func, tuple(args))
        self.parent = saved
        return nid

    def e_Subscript(self, e: ast.Subscript) -> int:
        nid, saved = self._open(e)
        self.nodes[nid] = ("Sub", self.expr(e.value), self.expr(e.slice), LOAD)
        self.parent = saved
        return nid

    def e_Index(self, e) -> int:  # 3.8 only; kept for safety
        return self.expr(e.value)

    def _display(self, e, kind: str) -> int:
        nid, saved = self._open(e)
        elts = []
        for el in e.elts:
            if isinstance(el, ast.Starred):
                sid, s_saved = self._open(el)
                self.nodes[sid] = ("Star", self.expr(el.value), LOAD)
                self.parent = s_saved
                elts.append(sid)
            else:
                elts.append(self.expr(el))
        self.nodes[nid] = (kind, tuple(elts), LOAD) if kind != "Set" else ("Set", tuple(elts))
        self.parent = saved
        return nid

    def e_Tuple(self, e: ast.Tuple) -> int:
        return self._display(e, "Tuple")

    def e_List(self, e: ast.List) -> int:
        return self._display(e, "List")

    def e_Set(self, e: ast.Set) -> int:
        return self._display(e, "Set")

    def e_Starred(self, e: ast.Starred) -> int:
        nid, saved = self._open(e)
        self.nodes[nid] = ("Star", self.expr(e.value), LOAD)
        self.parent = saved
        return nid

    def e_Dict(self, e: ast.Dict) -> int:
        nid, saved = self._open(e)
        keys = tuple(self.opt(k) for k in e.keys)
        values = tuple(self.expr(v) for v in e.values)
        self.nodes[nid] = ("Dict", keys, values)
        self.parent = saved
        return nid

    def _comprehension(self, e, kind: str, elt: ast.expr, value: Optional[ast.expr]) -> int:
        nid, saved_parent = self._open(e)
        generators = e.generators
        first_iter = self.expr(generators[0].iter)  # evaluated in the enclosing scope
        saved_scope = self._scope(nid, "Comp")
        gens = []
        for i, g in enumerate(generators):
            it = first_iter if i == 0 else self.expr(g.iter)
            target = self.target(g.target)
            ifs = tuple(self.expr(c) for c in g.ifs)
            gens.append((target, it, ifs))
        elt_id = self.expr(elt)
        value_id = self.opt(value)
        self.scope = saved_scope
        self.parent = saved_parent
        self.nodes[nid] = ("Comp", kind, elt_id, value_id, tuple(gens))
        return nid

    def e_ListComp(self, e: ast.ListComp) -> int:
        return self._comprehension(e, "list", e.elt, None)

    def e_SetComp(self, e: ast.SetComp) -> int:
        return self._comprehension(e, "set", e.elt, None)

    def e_GeneratorExp(self, e: ast.GeneratorExp) -> int:
        return self._comprehension(e, "gen", e.elt, None)

    def e_DictComp(self, e: ast.DictComp) -> int:
        return self._comprehension(e, "dict", e.key, e.value)

    def e_Lambda(self, e: ast.Lambda) -> int:
        return self._function(e, "Lam")

    def e_IfExp(self, e: ast.IfExp) -> int:
        nid, saved = self._open(e)
        self.nodes[nid] = ("IfX", self.expr(e.test), self.expr(e.body), self.expr(e.orelse))
        self.parent = saved
        return nid

    def e_BoolOp(self, e: ast.BoolOp) -> int:
        nid, saved = self._open(e)
        self.nodes[nid] = ("Bool", tuple(self.expr(v) for v in e.values))
        self.parent = saved
        return nid

    def e_NamedExpr(self, e: ast.NamedExpr) -> int:
        nid, saved = self._open(e)
        value = self.expr(e.value)
        # `:=` binds in the nearest enclosing scope that is not a comprehension
        saved_scope = self.scope
        while self.scopes[self.scope].kind == "Comp":
            self.scope = self.scopes[self.scope].parent
        target = self.target(e.target)
        self.scope = saved_scope
        self.nodes[nid] = ("Walrus", target, value)
        self.parent = saved
        return nid

    def e_Await(self, e: ast.Await) -> int:
        nid, saved = self._open(e)
        self.nodes[nid] = ("Await", self.expr(e.value))
        self.parent = saved
        return nid

    def e_Yield(self, e: ast.Yield) -> int:
        if self.func >= 0:
            self.generators.add(self.func)
        nid, saved = self._open(e)
        self.nodes[nid] = ("Yield", self.opt(e.value))
        self.parent = saved
        return nid

    def e_YieldFrom(self, e: ast.YieldFrom) -> int:
        if self.func >= 0:
            self.generators.add(self.func)
        nid, saved = self._open(e)
        self.nodes[nid] = ("YFrom", self.expr(e.value))
        self.parent = saved
        return nid

    def e_Constant(self, e: ast.Constant) -> int:
        nid = self._new(e)
        value = e.value
        if isinstance(value, (str, bytes)) and len(value) > _SHORT:
            value = ...
        elif not isinstance(value, (str, bytes, int, float, bool, type(None))):
            value = ...
        if isinstance(value, float):  # 0.0 == -0.0: not shared
            self.nodes[nid] = ("Const", value)
        else:  # the type is part of the key: 1 == True
            self.nodes[nid] = self._shared(("Const", value), type(value))
        return nid

    # -- scopes ---------------------------------------------------------------------------------
    def _resolve(self) -> None:
        """Give each Name the scope that binds it, and each scope its bindings (a store under
        ``global``/``nonlocal`` is a binding of the scope it names)."""
        scopes = self.scopes
        stores: List[Tuple[int, str, int]] = list(self.binds)
        for scope_id, nid in self.names:
            node = self.nodes[nid]
            if node[2] != LOAD:
                stores.append((scope_id, node[1], nid))
        # locals first (a name stored anywhere in a function is local to it)...
        local: Dict[int, Set[str]] = {sid: set() for sid in scopes}
        for scope_id, name, _ in stores:
            local[scope_id].add(name)
        # ...then every name, bound or read, to the scope it lives in
        where: Dict[Tuple[int, str], int] = {}

        def home(scope_id: int, name: str) -> int:
            key = (scope_id, name)
            found = where.get(key)
            if found is None:
                found = where[key] = _lookup(scope_id, name)
            return found

        def _lookup(scope_id: int, name: str) -> int:
            scope = scopes[scope_id]
            if scope.kind == "Mod" or name in scope.globals:
                return 0
            if name in scope.nonlocals:
                return _enclosing(scope.parent, name)
            if name in local[scope_id]:
                return scope_id
            return _enclosing(scope.parent, name)

        def _enclosing(scope_id: int, name: str) -> int:
            while scope_id >= 0:
                scope = scopes[scope_id]
                if scope.kind == "Mod":
                    return 0 if name in local[0] or name not in _BUILTINS else BUILTIN
                if scope.kind != "Cls":
                    if name in scope.globals:
                        return 0
                    if name in local[scope_id] and name not in scope.nonlocals:
                        return scope_id
                scope_id = scope.parent
            return 0

        for scope_id, nid in self.names:
            node = self.nodes[nid]
            name = node[1]
            if scopes[scope_id].kind == "Mod" and name not in local[0] and name in _BUILTINS:
                target = BUILTIN
            else:
                target = home(scope_id, name)
            node[3] = target
            self.nodes[nid] = self._shared(tuple(node))
        bindings: Dict[int, Dict[str, List[int]]] = {sid: {} for sid in scopes}
        for scope_id, name, nid in stores:
            target = home(scope_id, name)
            if target >= 0:
                bindings[target].setdefault(name, []).append(nid)
        for sid, found in bindings.items():
            scopes[sid].bindings = {name: tuple(ids) for name, ids in found.items()}



#: (node type, "s_" or "e_") -> the _Builder method that reads it, or None
_HANDLERS: Dict[Tuple[type, str], Any] = {}


def _handler(kind: type, prefix: str) -> Any:
    """The builder's method for a statement or expression type, looked up once per type."""
    key = (kind, prefix)
    try:
        return _HANDLERS[key]
    except KeyError:
        found = _HANDLERS[key] = getattr(_Builder, prefix + kind.__name__, None)
        return found


def _base_name(expr: ast.expr) -> str:
    """The last name of a base class expression (``threading.Thread``, ``Generic[T]``)."""
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return ""


class Uses:
    """One kind of a module's index: name -> its uses (a tuple of entries). Each name's entries
    stay marshalled until asked for: a whole program's indexes, decoded, would hold millions of
    small tuples, and most names are never asked about."""

    __slots__ = ("packed",)

    def __init__(self, packed: Dict[str, bytes]) -> None:
        self.packed = packed

    def get(self, name: str, default: tuple = ()) -> tuple:
        found = self.packed.get(name)
        return default if found is None else marshal.loads(found)

    def __getitem__(self, name: str) -> tuple:
        return marshal.loads(self.packed[name])

    def __contains__(self, name: object) -> bool:
        return name in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


NO_USES = Uses({})


def _index(nodes: List[tuple], frames: "array[int]", scopes: Dict[int, Scope],
           defs: Sequence[DefEntry]) -> Dict[str, Uses]:
    """Where names are used, with the frame of each use, so that whole-program questions
    (who calls this, who stores that field) are answered from the header of a module without
    decoding its body: "ref" (nid, frame), "call" (nid, frame), "store" (nid, frame, owner: the
    class whose method stores on its ``self``, or ""), "recv" (a method call on a receiver so
    named: nid, frame, method), "sub" (nid, frame), "deco" (nid, frame), "dcall" (a call that
    decorates, by the name it calls: the call's nid, frame), "alias" (an import inside a
    function that renames what it imports, by the last part of the imported name: nid, frame,
    the name bound; the header holds the module's own)."""
    kinds = ("ref", "call", "store", "recv", "sub", "deco", "dcall", "alias")
    out: Dict[str, Dict[str, list]] = {k: {} for k in kinds}
    ref, call, store, recv, sub, deco, dcall, alias = (out[k] for k in kinds)
    qualname = {nid: q for q, nid, _, _ in defs}
    classes = {q for q, _, kind, _ in defs if kind == "Cls"}  # by qualified name

    def last(nid: int) -> Optional[str]:
        node = nodes[nid]
        if node[0] == "Name":
            return node[1]
        if node[0] == "Attr":
            return node[2]
        return None

    def owner(store_nid: int) -> str:
        """The class whose method stores on its own ``self`` here ("" otherwise)."""
        base = nodes[nodes[store_nid][1]]
        fn = frames[store_nid]
        if base[0] != "Name" or fn <= 0 or base[3] != fn or nodes[fn][0] != "Def":
            return ""
        params = nodes[nodes[fn][2]][1]
        if not params or nodes[params[0]][1] != base[1]:
            return ""
        prefix, _, _ = qualname.get(fn, "").rpartition(".")
        return prefix if prefix in classes else ""

    for nid, node in enumerate(nodes):
        kind = node[0]
        frame = frames[nid]
        if kind == "Name":
            if node[2] == LOAD:
                ref.setdefault(node[1], []).append((nid, frame))
        elif kind == "Attr":
            if node[3] == LOAD:
                ref.setdefault(node[2], []).append((nid, frame))
            elif node[3] == STORE:
                store.setdefault(node[2], []).append((nid, frame, owner(nid)))
        elif kind == "Call":
            func = nodes[node[1]]
            name = last(node[1])
            if name is not None:
                call.setdefault(name, []).append((nid, frame))
            if func[0] == "Attr":
                receiver = last(func[1])
                if receiver is not None:
                    recv.setdefault(receiver, []).append((nid, frame, func[2]))
        elif kind == "Sub":
            if node[3] == STORE:
                name = last(node[1])
                if name is not None:
                    sub.setdefault(name, []).append((nid, frame))
        elif kind in ("Def", "Cls"):
            _decorators(nodes, frames, nid, node[3] if kind == "Def" else node[4], deco, dcall)
        elif kind == "Alias" and node[2] and frame > 0:
            alias.setdefault(node[1].rpartition(".")[2], []).append((nid, frame, node[2]))
    return {k: Uses({n: marshal.dumps(tuple(entries)) for n, entries in v.items()}) for k, v in out.items()}


def _decorators(nodes: List[tuple], frames: "array[int]", nid: int, decorating: Sequence[int],
                deco: Dict[str, list], dcall: Dict[str, list]) -> None:
    """The "deco" and "dcall" uses of the decorators of the def or class ``nid``."""
    for d in decorating:
        node = nodes[d]
        if node[0] in ("Name", "Attr"):
            deco.setdefault(node[1] if node[0] == "Name" else node[2], []).append((nid, frames[nid]))
        elif node[0] == "Call":
            func = nodes[node[1]]
            if func[0] in ("Name", "Attr"):
                dcall.setdefault(func[1] if func[0] == "Name" else func[2], []).append((d, frames[d]))


def span_of(facts: Facts, nid: int) -> Tuple[int, int, int, int]:
    s = facts.spans
    i = 4 * nid
    return s[i], s[i + 1], s[i + 2], s[i + 3]


__all__ = ["BUILTIN", "Facts", "NO_USES", "Scope", "Uses", "VERSION", "extract", "span_of"]
