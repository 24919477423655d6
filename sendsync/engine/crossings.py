"""What crosses a boundary: every value the code on the new thread can reach.

Routes (the contract's list): arguments handed along (``args=``, ``*args`` of ``submit``,
``functools.partial``, map-style iterables), free variables captured by a lambda or nested def at
any depth, ``self`` of a bound-method target, fields of a Thread subclass used in ``run()``,
module globals read by the target or by functions it calls, and default-argument values.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterator, List, Optional, Set

import libcst as cst
from libcst.metadata import BuiltinAssignment, GlobalScope, ImportAssignment

from .boundaries import Spawn
from .flow import lock_keys
from .evaluate import PARTIAL, Evaluator, own_nodes
from .project import ClassInfo, FuncNode, FunctionInfo, ModuleInfo, children, walk
from .values import Value

ROUTES = ("argument", "capture", "self", "field", "global", "default")


@dataclass
class Crossing:
    route: str
    name: str  # how the message names the value: "conn", "self.repo"
    value: Value
    mod: ModuleInfo  # where ``node`` is
    node: cst.CSTNode  # where the finding is reported
    how: str = ""  # for arguments: "an argument", "keyword argument `db`"
    target: str = ""  # the callable on the other thread: "the lambda", "`ship`"
    via: str = ""  # for transitive reads: "`helper()`, called by `ship`"
    #: the spawner-side bindings the value comes from (for flow analysis)
    bindings: FrozenSet[object] = frozenset()
    #: the code on the other side uses it only through thread-safe bridges
    bridged: bool = False
    field_line: int = 0


@dataclass
class Rebinding:
    """Shared state written by code on the other thread (``nonlocal n; n += 1``)."""

    name: str
    mod: ModuleInfo
    node: cst.CSTNode
    function: str
    kind: str  # "nonlocal", "global", "attribute"
    locked: bool
    #: what the rebound name (or the object whose attribute is rebound) is bound to
    bindings: FrozenSet[object] = frozenset()


@dataclass
class Reach:
    """Everything one callable reaches when it runs on another thread."""

    crossings: List[Crossing] = field(default_factory=list)
    rebindings: List[Rebinding] = field(default_factory=list)
    target: str = ""


class CrossingFinder:
    def __init__(self, ev: Evaluator) -> None:
        self.ev = ev

    # ------------------------------------------------------------------ spawn sites
    def spawn_reach(self, spawn: Spawn) -> Reach:
        mod, ev = spawn.mod, self.ev
        reach = Reach()
        if spawn.func is not None:
            self._callable(mod, spawn.func, reach, spawn)
        for expr, how in spawn.args:
            self._argument(mod, expr, how, reach)
        for iterable in spawn.iterables:
            items = ev.value(mod, iterable).items
            if items is not None and items.interesting:
                reach.crossings.append(Crossing(
                    "argument", _name(mod, iterable), items, mod, iterable,
                    how="an element of the iterable (one per task)", bindings=_bindings(mod, iterable),
                ))
        return reach

    def _argument(self, mod: ModuleInfo, expr: cst.BaseExpression, how: str, reach: Reach) -> None:
        value = self.ev.value(mod, expr)
        if value.interesting:
            reach.crossings.append(Crossing("argument", _name(mod, expr), value, mod, expr, how=how,
                                            bindings=_bindings(mod, expr)))

    def _callable(self, mod: ModuleInfo, expr: cst.BaseExpression, reach: Reach, spawn: Optional[Spawn]) -> None:
        ev = self.ev
        if isinstance(expr, cst.Lambda):
            reach.target = "the lambda"
            self.function_reach(mod, expr, reach, "the lambda", set())
            return
        if isinstance(expr, cst.Call):
            ref = ev.value(mod, expr.func).ref
            if ref in PARTIAL and expr.args:
                for arg in expr.args[1:]:
                    how = "an argument bound by functools.partial"
                    self._argument(mod, arg.value, how, reach)
                self._callable(mod, expr.args[0].value, reach, spawn)
            return
        value = ev.value(mod, expr)
        fn = ev.project.function(value.ref) if value.ref else None
        if isinstance(expr, cst.Attribute):
            receiver = ev.value(mod, expr.value)
            if receiver.ref is None and receiver.interesting:
                # a bound method, of a project class or of a library type (`conn.commit`)
                reach.crossings.append(Crossing(
                    "self", _name(mod, expr.value), receiver, mod, expr,
                    how=f"`self` of the bound method `{mod.code(expr)}`", bindings=_bindings(mod, expr.value),
                ))
        if fn is None:
            return
        reach.target = f"`{fn.display}`"
        self.function_reach(fn.module, fn.node, reach, f"`{fn.display}`", set(), top=True)

    # ------------------------------------------------------------------ functions
    def function_reach(self, mod: ModuleInfo, fnode: FuncNode, reach: Reach, label: str,
                       seen: Set[cst.CSTNode], top: bool = True, via: str = "") -> None:
        """Captures, globals and defaults of ``fnode``, and of the functions it calls."""
        if fnode in seen:
            return
        seen.add(fnode)
        ev = self.ev
        if top:
            for param in _params(fnode):
                if param.default is not None:
                    value = ev.value(mod, param.default)
                    if value.interesting:
                        reach.crossings.append(Crossing(
                            "default", param.name.value, value, mod, param.default, target=label,
                            how=f"the default value of parameter `{param.name.value}`",
                            bindings=_bindings(mod, param.default),
                        ))
        inner = _inner_nodes(mod, fnode)
        first: Dict[FrozenSet[object], cst.CSTNode] = {}
        for name in _names(fnode):
            access = mod.accesses.get(name)
            if access is None:
                continue
            name = self._through_modules(mod, name)
            outer = frozenset(a for a in access.referents if not _inside(a, inner))
            if not outer or any(isinstance(a, BuiltinAssignment) for a in outer):
                continue
            key = outer if not isinstance(name, cst.Attribute) else outer | {mod.code(name)}
            prev = first.get(key)
            if prev is None or mod.pos(name) < mod.pos(prev):
                first[key] = name
        for referents, name in sorted(first.items(), key=lambda kv: mod.pos(kv[1])):
            self._outer_read(mod, name, referents, reach, label, seen, via)
        self._rebindings(mod, fnode, reach, label)

    def _through_modules(self, mod: ModuleInfo, node: cst.CSTNode) -> cst.CSTNode:
        """``store.LEDGER`` / ``store.record`` after ``import store``: the attribute, not the module."""
        current = node
        while True:
            parent = mod.parent(current)
            if not (isinstance(parent, cst.Attribute) and parent.value is current):
                return current
            ref = self.ev.value(mod, current).ref
            if ref is None or not self.ev.project.has_module(ref):
                return current
            current = parent

    def _outer_read(self, mod: ModuleInfo, name: cst.CSTNode, referents: FrozenSet[object], reach: Reach,
                    label: str, seen: Set[cst.CSTNode], via: str) -> None:
        ev = self.ev
        referents = frozenset(r for r in referents if not isinstance(r, str))
        is_global = all(isinstance(a.scope, GlobalScope) for a in referents)
        value = ev.value(mod, name)
        if value.ref is not None:
            # a function the target calls: what it reads crosses too
            fn = ev.project.function(value.ref)
            if fn is not None and fn.node not in seen:
                called = f"`{fn.display}()`, called by {label}" if not via else via
                self.function_reach(fn.module, fn.node, reach, label, seen, top=False, via=called)
            return
        if not value.interesting:
            return
        shown = mod.code(name).strip()
        if any(isinstance(a, ImportAssignment) for a in referents) or is_global:
            reach.crossings.append(Crossing(
                "global", shown, value, mod, name, target=label, via=via, bindings=referents))
        else:
            reach.crossings.append(Crossing(
                "capture", shown, value, mod, name, target=label, via=via, bindings=referents))

    def _rebindings(self, mod: ModuleInfo, fnode: FuncNode, reach: Reach, label: str) -> None:
        """Writes to state that outlives one call: ``nonlocal``/``global`` names, and
        read-modify-writes of attributes or items of captured, global or ``self`` objects."""
        if not isinstance(fnode, cst.FunctionDef):
            return
        declared: Dict[str, str] = {}
        for stmt in own_nodes(fnode, (cst.Nonlocal, cst.Global)):
            kind = "nonlocal" if isinstance(stmt, cst.Nonlocal) else "global"
            for item in stmt.names:
                declared[item.name.value] = kind
        inner = _inner_nodes(mod, fnode)
        selfname = _self_param(mod, fnode)
        done: Set[str] = set()
        for node in sorted(own_nodes(fnode, (cst.Assign, cst.AugAssign, cst.AnnAssign)), key=mod.pos):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                if isinstance(target, cst.Name):
                    # a plain store (`failed = True`, `exc = e`) publishes a value; a lost update
                    # needs a read-modify-write (`n += 1`, `n = n + 1`)
                    if (target.value in declared and target.value not in done
                            and _read_modify_write(mod, node, target)):
                        done.add(target.value)
                        outer = self._outer_bindings(mod, fnode, target.value)
                        reach.rebindings.append(Rebinding(
                            target.value, mod, node, label, declared[target.value], self.locked(mod, node),
                            outer))
                    continue
                if not isinstance(target, (cst.Attribute, cst.Subscript)):
                    continue
                code = mod.code(target).strip()
                if code in done or not _read_modify_write(mod, node, target):
                    continue
                root = _root_name(target)
                if root is None:
                    continue
                if root.value == selfname:
                    bindings: FrozenSet[object] = frozenset({("self", fnode)})
                else:
                    access = mod.accesses.get(root)
                    if access is None or not access.referents:
                        continue
                    bindings = frozenset(access.referents)
                    if any(_inside(a, inner) or isinstance(a, BuiltinAssignment) for a in bindings):
                        continue  # an object of the call's own
                done.add(code)
                reach.rebindings.append(Rebinding(
                    code, mod, node, label, "read-modify-write", self.locked(mod, node), bindings))

    def _outer_bindings(self, mod: ModuleInfo, fnode: FuncNode, name: str) -> FrozenSet[object]:
        scope = mod.scope_of_function.get(fnode)
        parent = scope.parent if scope is not None else None
        while parent is not None:
            if name in parent.assignments:
                return frozenset(parent.assignments[name])
            if parent.parent is parent:
                break
            parent = parent.parent
        return frozenset()

    def locked(self, mod: ModuleInfo, node: cst.CSTNode) -> bool:
        """Is ``node`` inside ``with <a threading lock>:`` (or an acquire/try/finally-release)?"""
        return bool(lock_keys(self.ev, mod, node))

    # ------------------------------------------------------------------ Thread subclasses
    def thread_class_reach(self, ci: ClassInfo) -> Reach:
        """``run()`` of a Thread subclass runs on the new thread; ``__init__`` on its creator."""
        reach = Reach(target=f"`{ci.name}.run`")
        run = self.ev.find_method(ci, "run")
        if run is None or run.cls is None:
            return reach
        fields = self.ev.fields(ci)
        methods = self._self_methods(ci, run)
        reported: Set[str] = set()
        for method in methods:
            params = method.node.params.params
            if not params:
                continue
            selfname = params[0].name.value
            reads = [n for n in own_nodes(method.node, cst.Attribute)
                     if isinstance(n.value, cst.Name) and n.value.value == selfname]
            for attr in sorted(reads, key=method.module.pos):
                fname = attr.attr.value
                if fname in reported:
                    continue
                places = [f for f in fields.get(fname, ()) if f.method is None or f.method.name != "run"]
                if not places:
                    continue
                value = Value()
                for f in places:
                    value = value.join(self.ev.field_value(f))
                if value.not_send:
                    reported.add(fname)
                    origin = places[0]
                    reach.crossings.append(Crossing(
                        "field", f"self.{fname}", value, method.module, attr, target=f"`{ci.name}.run`",
                        how=f"set in `{origin.method.display if origin.method else ci.name}`",
                        field_line=origin.method.module.line(origin.target) if origin.method else 0,
                    ))
            self.function_reach(method.module, method.node, reach, f"`{ci.name}.run`", set(), top=False)
        return reach

    def run_reads(self, ci: ClassInfo) -> Set[str]:
        """Attributes of ``self`` that ``run()`` and the methods it calls on ``self`` read."""
        run = self.ev.find_method(ci, "run")
        if run is None or run.cls is None:
            return set()
        names: Set[str] = set()
        for method in self._self_methods(ci, run):
            params = method.node.params.params
            if params:
                selfname = params[0].name.value
                names |= {n.attr.value for n in own_nodes(method.node, cst.Attribute)
                          if isinstance(n.value, cst.Name) and n.value.value == selfname}
        return names

    def _self_methods(self, ci: ClassInfo, run: FunctionInfo) -> List[FunctionInfo]:
        """``run`` and the methods it calls through ``self``, transitively."""
        out: List[FunctionInfo] = []
        todo = [run]
        while todo:
            fn = todo.pop(0)
            if fn in out:
                continue
            out.append(fn)
            params = fn.node.params.params
            if not params:
                continue
            selfname = params[0].name.value
            for call in own_nodes(fn.node, cst.Call):
                f = call.func
                if (isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name)
                        and f.value.value == selfname):
                    m = self.ev.find_method(ci, f.attr.value)
                    if m is not None and m.name != "__init__":
                        todo.append(m)
        return out


# ---------------------------------------------------------------------- helpers
def _self_param(mod: ModuleInfo, fnode: FuncNode) -> Optional[str]:
    fn = mod.functions.get(fnode)
    if fn is None or fn.cls is None or not fnode.params.params:
        return None
    for deco in fnode.decorators:
        d = deco.decorator
        if isinstance(d, cst.Name) and d.value in ("staticmethod", "classmethod"):
            return None
    return fnode.params.params[0].name.value


def _root_name(expr: cst.BaseExpression) -> Optional[cst.Name]:
    while isinstance(expr, (cst.Attribute, cst.Subscript)):
        expr = expr.value
    return expr if isinstance(expr, cst.Name) else None


def _read_modify_write(mod: ModuleInfo, node: cst.CSTNode, target: cst.BaseExpression) -> bool:
    """``x.n += 1``, or ``x.n = x.n + 1`` / ``d[k] = d.get(k, 0) + 1`` (the value reads the
    object being written)."""
    if isinstance(node, cst.AugAssign):
        return True
    value = getattr(node, "value", None)
    if value is None:
        return False
    if isinstance(target, cst.Name):
        return any(isinstance(n, cst.Name) and n.value == target.value for n in walk(value))
    text = mod.code(value)
    whole = mod.code(target).strip()
    if isinstance(target, cst.Subscript):  # `d[k] = d.get(k, 0) + 1`: the container is read
        return _mentions(text, mod.code(target.value).strip()) or _mentions(text, whole)
    # `x.n = x.n + 1`; not `self.tree = self.parse()`, which reads `self` but not `self.tree`
    return _mentions(text, whole)


def _mentions(text: str, code: str) -> bool:
    """``code`` (a dotted name) occurs in ``text`` as a whole: `self.n` is not in `self.name`."""
    return re.search(r"(?<![\w.])" + re.escape(code) + r"(?!\w)", text) is not None


def _params(fnode: FuncNode) -> List[cst.Param]:
    p = fnode.params
    return list(p.posonly_params) + list(p.params) + list(p.kwonly_params)


def _names(fnode: FuncNode) -> Iterator[cst.CSTNode]:
    """Names and dotted names in the body (defaults and annotations are evaluated where the
    function is defined, not on the thread)."""
    stack: List[cst.CSTNode] = [fnode.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Name, cst.Attribute)):
            yield node
        stack.extend(children(node))


def _inner_nodes(mod: ModuleInfo, fnode: FuncNode) -> Set[object]:
    """The scopes that ``fnode`` opens (its own and nested ones)."""
    inner: Set[object] = set()
    own = mod.scope_of_function.get(fnode)
    if own is not None:
        inner.add(own)
    for node, scope in mod.scope_of_function.items():
        if scope in inner:
            continue
        for anc in mod.ancestors(node):
            if anc is fnode:
                inner.add(scope)
                break
    return inner


def _inside(assignment: object, inner: Set[object]) -> bool:
    return getattr(assignment, "scope", None) in inner


def _name(mod: ModuleInfo, expr: cst.CSTNode) -> str:
    code = mod.code(expr).strip()
    return code if len(code) <= 40 else code[:37] + "..."


def _bindings(mod: ModuleInfo, expr: cst.CSTNode) -> FrozenSet[object]:
    if isinstance(expr, cst.Name):
        access = mod.accesses.get(expr)
        if access is not None:
            return frozenset(access.referents)
    return frozenset()
