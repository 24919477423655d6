"""The Send/Sync verdict of an expression, a name, an annotation or a class, with its origin.

One ``Evaluator`` per project run. It reads the library knowledge (``sendsync.knowledge``), the
markers, and the project's own definitions, and it infers the rest: a class whose instances hold a
NotSend field is NotSend (Rust's auto traits), a function whose return is annotated or returns a
NotSend value makes its callers' results NotSend, a generator function's result is NotSync.
Anything unknown is Send + Sync: precision first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Union

import libcst as cst
from libcst.metadata import BuiltinAssignment, ImportAssignment

from ..knowledge import DEFAULT, Knowledge
from .project import ClassInfo, FunctionInfo, ModuleInfo, Project, children
from .values import EMPTY, Trait, Value

MARKERS = {
    f"{mod}.{name}": name
    for mod in ("sendsync", "sendsync.markers")
    for name in ("Send", "Sync", "NotSend", "NotSync")
}
ANNOTATED = {"typing.Annotated", "typing_extensions.Annotated"}
OPTIONAL = {"typing.Optional", "typing_extensions.Optional"}
UNION = {"typing.Union", "typing_extensions.Union"}
CLASSVAR = {"typing.ClassVar", "typing_extensions.ClassVar", "typing.Final", "typing_extensions.Final"}
CONTAINERS = {
    f"{mod}.{name}"
    for mod, names in (
        ("builtins", ("list", "dict", "set", "frozenset", "tuple")),
        ("typing", ("List", "Dict", "Set", "FrozenSet", "Tuple", "Sequence", "MutableSequence",
                    "Mapping", "MutableMapping", "Iterable", "Collection", "Deque", "DefaultDict",
                    "OrderedDict", "AbstractSet", "MutableSet")),
        ("collections.abc", ("Sequence", "MutableSequence", "Mapping", "MutableMapping", "Iterable",
                             "Collection", "Set", "MutableSet")),
        ("collections", ("deque", "defaultdict", "OrderedDict")),
    )
    for name in names
}
CONTAINER_CALLS = {"builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset",
                   "builtins.sorted", "builtins.dict", "collections.deque"}
PARTIAL = {"functools.partial"}
THREAD = {"threading.Thread"}


@dataclass
class ClassTraits:
    not_send: Optional[Trait] = None
    not_sync: Optional[Trait] = None
    asserted: Dict[str, cst.CSTNode] = field(default_factory=dict)  # marker name -> base node
    thread: bool = False  # a subclass of threading.Thread


@dataclass(frozen=True)
class Field:
    """One place where ``self.<name>`` is set, or a class-level declaration."""

    name: str
    mod: ModuleInfo
    method: Optional[FunctionInfo]  # None for a class-level declaration
    target: cst.CSTNode
    value: Optional[cst.BaseExpression]
    annotation: Optional[cst.BaseExpression]


class Evaluator:
    def __init__(self, project: Project, knowledge: Knowledge = DEFAULT, strictness: str = "targeted") -> None:
        self.project = project
        self.knowledge = knowledge
        #: "minimal": only what the project's own markers say; "targeted" (default): markers,
        #: library knowledge and inference; "complete": also boundaries whose kind is uncertain
        self.strictness = strictness
        self._memo: Dict[ModuleInfo, Dict[cst.CSTNode, Value]] = {}  # by the node's module
        self._busy: Set[object] = set()
        self._classes: Dict[str, ClassTraits] = {}
        self._fields: Dict[str, Dict[str, List[Field]]] = {}
        self._results: Dict[str, Value] = {}

    # ------------------------------------------------------------------ expressions
    def forget(self, modules: Sequence[ModuleInfo]) -> None:
        """What refers to the nodes of ``modules``, which the project let go of: their values,
        every class's fields, and the class traits that name a node. Values and traits are plain
        data, and the same for a module parsed again: the rest is kept."""
        for mod in modules:
            self._memo.pop(mod, None)
        self._fields.clear()
        for name in [n for n, traits in self._classes.items() if traits.asserted]:
            del self._classes[name]

    def value(self, mod: ModuleInfo, node: cst.CSTNode) -> Value:
        memos = self._memo.get(mod)
        if memos is None:
            memos = self._memo[mod] = {}
        memo = memos.get(node)
        if memo is not None:
            return memo
        if node in self._busy:
            return EMPTY
        self._busy.add(node)
        try:
            result = self._value(mod, node)
        finally:
            self._busy.discard(node)
        memos[node] = result
        return result

    def _value(self, mod: ModuleInfo, node: cst.CSTNode) -> Value:
        if isinstance(node, cst.Name):
            return self.name_value(mod, node)
        if isinstance(node, cst.Attribute):
            if node in mod.accesses:  # `concurrent.futures` after `import concurrent.futures`
                return self.name_value(mod, node)
            return self.attribute_value(mod, node)
        if isinstance(node, cst.Call):
            return self.call_value(mod, node)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return self._elements(mod, [e.value for e in node.elements], node.elements)
        if isinstance(node, cst.Dict):
            items = EMPTY
            for el in node.elements:
                if isinstance(el, cst.DictElement):
                    items = items.join(self.value(mod, el.key)).join(self.value(mod, el.value))
                else:  # **other
                    items = items.join(self.value(mod, el.value).items or EMPTY)
            return items.container()
        if isinstance(node, (cst.ListComp, cst.SetComp)):
            return self.value(mod, node.elt).container()
        if isinstance(node, cst.DictComp):
            return self.value(mod, node.key).join(self.value(mod, node.value)).container()
        if isinstance(node, cst.GeneratorExp):
            return self._generator(mod, node, "created {at} by a generator expression",
                                   items=self.value(mod, node.elt))
        if isinstance(node, cst.IfExp):
            return self.value(mod, node.body).join(self.value(mod, node.orelse))
        if isinstance(node, cst.BooleanOperation):
            return self.value(mod, node.left).join(self.value(mod, node.right))
        if isinstance(node, cst.NamedExpr):
            return self.value(mod, node.value)
        if isinstance(node, cst.Subscript):
            base = self.value(mod, node.value)
            return base.items or EMPTY
        if isinstance(node, (cst.StarredElement, cst.Element)):
            return self.value(mod, node.value)
        return EMPTY

    def _elements(self, mod: ModuleInfo, values: Iterable[cst.CSTNode], elements) -> Value:
        items = EMPTY
        for el, val in zip(elements, values):
            v = self.value(mod, val)
            if isinstance(el, (cst.StarredElement, cst.StarredDictElement)):
                v = v.items or EMPTY
            items = items.join(v)
        return items.container()

    def _generator(self, mod: ModuleInfo, node: cst.CSTNode, why: str, items: Value = EMPTY) -> Value:
        fact = self.knowledge.type_fact("types.GeneratorType")
        assert fact is not None
        trait = Trait(fact.label, why, mod.path, mod.line(node))
        return Value(types=frozenset({"types.GeneratorType"}), not_sync=trait,
                     items=Value(not_send=items.not_send, not_sync=None) if items.not_send else None)

    # ------------------------------------------------------------------ names and bindings
    def name_value(self, mod: ModuleInfo, node: cst.CSTNode) -> Value:
        access = mod.accesses.get(node)
        if access is None:
            return EMPTY
        result = EMPTY
        for assignment in access.referents:
            result = result.join(self.binding_value(assignment, mod, node))
        return result

    def binding_value(self, assignment, mod: ModuleInfo, used: Optional[cst.CSTNode] = None) -> Value:
        if isinstance(assignment, BuiltinAssignment):
            return Value(ref=f"builtins.{assignment.name}")
        node = getattr(assignment, "node", None)
        if node is None:
            return EMPTY
        home = self.module_of_scope(assignment.scope) or mod
        if isinstance(assignment, ImportAssignment):
            names = sorted(
                home.absolute(q.name, q.source)
                for q in assignment.get_qualified_names_for(assignment.name)
            )
            return self.ref_value(names[0]) if names else EMPTY
        if isinstance(node, cst.FunctionDef):
            fn = home.functions.get(node)
            return Value(ref=fn.qualname) if fn else EMPTY
        if isinstance(node, cst.ClassDef):
            ci = home.classes.get(node)
            return Value(ref=ci.qualname) if ci else EMPTY
        if isinstance(node, cst.Name):
            return self.target_value(home, node)
        if isinstance(node, cst.Param):
            return self.param_value(home, node)
        return EMPTY

    def module_of_scope(self, scope) -> Optional[ModuleInfo]:
        while scope is not None and scope.parent is not scope:
            scope = scope.parent
        if scope is None:
            return None
        return self.project.owners.get(id(scope))

    def target_value(self, mod: ModuleInfo, name: cst.Name) -> Value:
        """The value bound to ``name`` where it is an assignment target."""
        memo_key = ("target", name)
        if memo_key in self._busy:
            return EMPTY
        self._busy.add(memo_key)
        try:
            return self._target_value(mod, name)
        finally:
            self._busy.discard(memo_key)

    def _target_value(self, mod: ModuleInfo, name: cst.Name) -> Value:
        child: cst.CSTNode = name
        parent = mod.parent(name)
        path: List[int] = []  # positions inside unpacking targets, innermost first
        while isinstance(parent, (cst.Element, cst.StarredElement, cst.Tuple, cst.List)):
            if isinstance(parent, (cst.Tuple, cst.List)):
                path.append(next(i for i, e in enumerate(parent.elements) if e is child))
            child, parent = parent, mod.parent(parent)
        if isinstance(parent, cst.AssignTarget):
            stmt = mod.parent(parent)
            if isinstance(stmt, cst.Assign):
                return self._unpack(mod, stmt.value, path)
        if isinstance(parent, cst.AnnAssign):
            declared = self.annotation_value(mod, parent.annotation.annotation, f"`{name.value}` annotated")
            if declared.send_asserted or declared.sync_asserted or parent.value is None:
                return declared if parent.value is None else _assert(self.value(mod, parent.value), declared)
            found = self.value(mod, parent.value)
            return found if found.interesting or not declared.interesting else declared.join(found)
        if isinstance(parent, (cst.For, cst.CompFor)):
            return self._unpack_items(mod, parent.iter, path)
        if isinstance(parent, cst.AsName):
            holder = mod.parent(parent)
            if isinstance(holder, cst.WithItem):
                return self._unpack(mod, holder.item, path)
            return EMPTY
        if isinstance(parent, cst.Param):
            return self.param_value(mod, parent)
        if isinstance(parent, cst.NamedExpr):
            return self.value(mod, parent.value)
        return EMPTY

    def _unpack(self, mod: ModuleInfo, value: cst.BaseExpression, path: List[int]) -> Value:
        if not path:
            return self.value(mod, value)
        index = path[-1]
        if isinstance(value, (cst.Tuple, cst.List)) and index < len(value.elements):
            element = value.elements[index]
            if not any(isinstance(e, cst.StarredElement) for e in value.elements):
                return self._unpack(mod, element.value, path[:-1])
        whole = self.value(mod, value)
        return whole.items or EMPTY

    def _unpack_items(self, mod: ModuleInfo, iterable: cst.BaseExpression, path: List[int]) -> Value:
        items = self.value(mod, iterable).items or EMPTY
        if path:
            return items.items or EMPTY
        return items

    def param_value(self, mod: ModuleInfo, param: cst.Param) -> Value:
        func = mod.enclosing_function(param)
        if isinstance(func, cst.FunctionDef):
            fn = mod.functions.get(func)
            if fn is not None and fn.cls is not None and _is_self(func, param):
                traits = self.class_traits(fn.cls.qualname)
                return Value(types=frozenset({fn.cls.qualname}), not_send=traits.not_send,
                             not_sync=traits.not_sync)
        result = EMPTY
        if param.annotation is not None:
            result = self.annotation_value(
                mod, param.annotation.annotation, f"parameter `{param.name.value}` annotated")
            if result.send_asserted and result.sync_asserted:
                return result
        if param.default is not None:
            result = result.join(self.value(mod, param.default)) if not result.interesting else result
        return result

    # ------------------------------------------------------------------ references
    def ref_value(self, qualname: str) -> Value:
        """What a qualified name refers to: a project global's value, or the definition itself."""
        if self.project.function(qualname) is not None or self.project.cls(qualname) is not None:
            return Value(ref=qualname)
        found = self.project.split(qualname)
        if found is not None:
            info, rest = found
            if not rest:
                return Value(ref=qualname)
            if "." not in rest and info.global_scope is not None:
                result = EMPTY
                assigned = False
                for assignment in info.global_scope.assignments[rest]:
                    assigned = True
                    if isinstance(getattr(assignment, "node", None), cst.Name):
                        result = result.join(self.target_value(info, assignment.node))
                    else:
                        result = result.join(self.binding_value(assignment, info))
                if assigned:
                    return result
        return Value(ref=qualname)

    def attribute_value(self, mod: ModuleInfo, node: cst.Attribute) -> Value:
        receiver = self.value(mod, node.value)
        attr = node.attr.value
        if receiver.ref is not None:
            return self.ref_value(f"{receiver.ref}.{attr}")
        result = EMPTY
        for owner in receiver.types:
            fact = self.knowledge.type_fact(owner)
            if fact is not None and fact.thread_local:
                return EMPTY
            ci = self.project.cls(owner)
            if ci is None:
                continue
            method = self.find_method(ci, attr)
            if method is not None:
                result = result.join(Value(ref=method.qualname))
                continue
            for f in self.fields(ci).get(attr, ()):
                result = result.join(self.field_value(f))
        return result

    def find_method(self, ci: ClassInfo, name: str) -> Optional[FunctionInfo]:
        seen: Set[str] = set()
        todo = [ci]
        while todo:
            current = todo.pop(0)
            if current.qualname in seen:
                continue
            seen.add(current.qualname)
            if name in current.methods:
                return current.methods[name]
            todo += [b for b in (self.project.cls(q) for q in self.base_names(current)) if b]
        return None

    def base_names(self, ci: ClassInfo) -> List[str]:
        names: List[str] = []
        for base in ci.node.bases:
            expr = base.value
            if isinstance(expr, cst.Subscript):
                expr = expr.value
            ref = self.value(ci.module, expr).ref
            if ref:
                names.append(ref)
        return names

    # ------------------------------------------------------------------ calls
    def call_value(self, mod: ModuleInfo, call: cst.Call) -> Value:
        func = call.func
        if isinstance(func, cst.Attribute):
            receiver = self.value(mod, func.value)
            if receiver.ref is None:
                return self.method_result(mod, call, receiver, func.attr.value)
        callee = self.value(mod, func)
        if callee.ref is None:
            # calling an instance: `Session = sessionmaker(...)` then `Session()`
            return self.method_result(mod, call, callee, "__call__") if callee.types else EMPTY
        return self.call_ref(mod, call, callee.ref)

    def call_ref(self, mod: ModuleInfo, call: cst.Call, ref: str) -> Value:
        made = self.knowledge.factory(ref)
        if made is not None:
            returns, note = made.returns, made.note
            for variant in made.variants:
                if _variant_applies(mod, call, variant):
                    returns, note = variant.returns, variant.note
            value = self.instance_of(returns, mod, call, f"created {{at}}{' ' + note if note else ''}")
            if made.running_loop:
                value = Value(types=value.types, not_send=value.not_send, not_sync=value.not_sync,
                              running_loop=True)
            return value
        if self.knowledge.type_fact(ref) is not None:
            return self.instance_of(ref, mod, call, "created {at}")
        if ref in PARTIAL:
            bound = EMPTY
            for arg in call.args[1:]:
                bound = bound.join(self.value(mod, arg.value))
            return bound.container()
        if ref in CONTAINER_CALLS and call.args:
            return (self.value(mod, call.args[0].value).items or EMPTY).container()
        ci = self.project.cls(ref)
        if ci is not None:
            traits = self.class_traits(ci.qualname)
            return Value(types=frozenset({ci.qualname}), not_send=traits.not_send, not_sync=traits.not_sync)
        fn = self.project.function(ref)
        if fn is not None:
            return self.function_result(fn, mod, call)
        return EMPTY

    def method_result(self, mod: ModuleInfo, call: cst.Call, receiver: Value, name: str) -> Value:
        result = EMPTY
        for owner in receiver.types:
            known = self.knowledge.method(owner, name)
            if known is not None:
                result = result.join(self.instance_of(known.returns, mod, call, "created {at}"))
                continue
            ci = self.project.cls(owner)
            if ci is not None:
                method = self.find_method(ci, name)
                if method is not None:
                    result = result.join(self.function_result(method, mod, call))
        return result

    def instance_of(self, key: str, mod: ModuleInfo, node: cst.CSTNode, why: str) -> Value:
        """An instance of ``key`` created (or declared) by ``node``: NotSend/NotSync per the
        knowledge, with ``node``'s line as the origin."""
        fact = self.knowledge.type_fact(key)
        if fact is None or self.strictness == "minimal":
            return Value(types=frozenset({key}))
        if not (fact.not_send or fact.not_sync):
            return Value(types=frozenset({key}))
        trait = Trait(fact.label, why, mod.path, mod.line(node))
        return Value(
            types=frozenset({key}),
            not_send=trait if fact.not_send else None,
            not_sync=trait if fact.not_sync else None,
        )

    def function_result(self, fn: FunctionInfo, mod: ModuleInfo, call: cst.Call) -> Value:
        if any(not _is_plain_decorator(d) for d in fn.node.decorators):
            return EMPTY  # @contextmanager, @lru_cache...: the call returns something else
        if is_generator(fn.node):
            return self._generator(
                mod, call, f"created {{at}} by calling `{fn.display}()`, a generator function")
        if fn.node.returns is not None:
            return self.annotation_value(
                fn.module, fn.node.returns.annotation, f"returned by `{fn.display}()`, annotated")
        memo = self._results.get(fn.qualname)
        if memo is not None:
            return memo
        key = ("result", fn.qualname)
        if key in self._busy:
            return EMPTY
        self._busy.add(key)
        try:
            result = EMPTY
            for ret in own_nodes(fn.node, cst.Return):
                if ret.value is not None:
                    result = result.join(self.value(fn.module, ret.value))
        finally:
            self._busy.discard(key)
        self._results[fn.qualname] = result
        return result

    # ------------------------------------------------------------------ annotations
    def marker_of(self, mod: ModuleInfo, node: cst.CSTNode) -> Optional[str]:
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return None
        ref = self.value(mod, node).ref
        return MARKERS.get(ref) if ref else None

    def annotation_value(self, mod: ModuleInfo, node: cst.BaseExpression, role: str) -> Value:
        """The value a declaration of this type holds. ``role``: "parameter `x` annotated"."""
        if isinstance(node, cst.Subscript):
            base = self.value(mod, node.value).ref or ""
            args = [s.slice.value for s in node.slice if isinstance(s.slice, cst.Index)]
            marker = MARKERS.get(base)
            if marker is not None:
                inner = self.annotation_value(mod, args[0], role) if args else EMPTY
                return self._apply_markers(mod, node, inner, [marker], args[0] if args else None, role)
            if base in ANNOTATED and args:
                inner = self.annotation_value(mod, args[0], role)
                markers = [m for m in (self.marker_of(mod, a) for a in args[1:]) if m]
                return self._apply_markers(mod, node, inner, markers, args[0], role) if markers else inner
            if base in OPTIONAL or base in CLASSVAR:
                return self.annotation_value(mod, args[0], role) if args else EMPTY
            if base in UNION:
                result = EMPTY
                for arg in args:
                    result = result.join(self.annotation_value(mod, arg, role))
                return result
            if base in CONTAINERS:
                result = EMPTY
                for arg in args:
                    if not (isinstance(arg, cst.Ellipsis)):
                        result = result.join(self.annotation_value(mod, arg, role))
                return result.container()
            return self._type_annotation(mod, node.value, role)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            return self.annotation_value(mod, node.left, role).join(self.annotation_value(mod, node.right, role))
        if isinstance(node, (cst.Name, cst.Attribute)):
            return self._type_annotation(mod, node, role)
        return EMPTY

    def _type_annotation(self, mod: ModuleInfo, node: cst.BaseExpression, role: str) -> Value:
        ref = self.value(mod, node).ref
        if not ref or ref in MARKERS:
            return EMPTY
        fact = self.knowledge.type_fact(ref)
        if fact is not None:
            return self.instance_of(ref, mod, node, f"{role} `{mod.code(node)}` {{at}}")
        ci = self.project.cls(ref)
        if ci is not None:
            traits = self.class_traits(ci.qualname)
            return Value(types=frozenset({ref}), not_send=traits.not_send, not_sync=traits.not_sync)
        return Value(types=frozenset({ref}))

    def _apply_markers(self, mod, node, inner: Value, markers: List[str], typ, role: str) -> Value:
        what = _type_label(mod, typ) if typ is not None else "value"
        line = mod.line(node)
        not_send, not_sync = inner.not_send, inner.not_sync
        send_ok = sync_ok = False
        for marker in markers:
            trait = Trait(what, f"{role} {marker} {{at}}", mod.path, line)
            if marker == "NotSend":
                not_send = trait
            elif marker == "NotSync":
                not_sync = trait
            elif marker == "Send":
                not_send, send_ok = None, True
            elif marker == "Sync":
                not_sync, sync_ok = None, True
        return Value(types=inner.types, not_send=not_send, not_sync=not_sync, items=inner.items,
                     send_asserted=send_ok, sync_asserted=sync_ok)

    # ------------------------------------------------------------------ classes
    def class_traits(self, qualname: str) -> ClassTraits:
        memo = self._classes.get(qualname)
        if memo is not None:
            return memo
        key = ("class", qualname)
        if key in self._busy:
            return ClassTraits()
        self._busy.add(key)
        try:
            traits = self._class_traits(qualname)
        finally:
            self._busy.discard(key)
        self._classes[qualname] = traits
        return traits

    def _class_traits(self, qualname: str) -> ClassTraits:
        ci = self.project.cls(qualname)
        traits = ClassTraits()
        if ci is None:
            return traits
        mod = ci.module
        for base in ci.node.bases:
            expr = base.value.value if isinstance(base.value, cst.Subscript) else base.value
            ref = self.value(mod, expr).ref
            if not ref:
                continue
            marker = MARKERS.get(ref)
            if marker is not None:
                traits.asserted.setdefault(marker, base)
                trait = Trait(ci.name, f"marked {marker} {{at}}", mod.path, mod.line(base))
                if marker == "NotSend":
                    traits.not_send = traits.not_send or trait
                elif marker == "NotSync":
                    traits.not_sync = traits.not_sync or trait
                continue
            if ref in THREAD:
                traits.thread = True
            fact = self.knowledge.type_fact(ref)
            if fact is not None:
                inherited = Trait(ci.name, f"subclass of `{ref}`, {{inner}}", mod.path, mod.line(base),
                                  inner=Trait(fact.label, "(not thread-safe per its documentation)", mod.path, mod.line(base)))
                if fact.not_send:
                    traits.not_send = traits.not_send or inherited
                if fact.not_sync:
                    traits.not_sync = traits.not_sync or inherited
                continue
            base_ci = self.project.cls(ref)
            if base_ci is not None:
                parent = self.class_traits(ref)
                traits.thread = traits.thread or parent.thread
                for name in ("Send", "Sync"):
                    if name in parent.asserted and name not in traits.asserted:
                        traits.asserted[name] = parent.asserted[name]
                if parent.not_send and not traits.not_send:
                    traits.not_send = Trait(ci.name, f"subclass of `{base_ci.name}`, {{inner}}",
                                            mod.path, mod.line(base), inner=parent.not_send)
                if parent.not_sync and not traits.not_sync:
                    traits.not_sync = Trait(ci.name, f"subclass of `{base_ci.name}`, {{inner}}",
                                            mod.path, mod.line(base), inner=parent.not_sync)
        for name, places in self.fields(ci).items():
            if traits.not_send and traits.not_sync:
                break
            for f in places:
                if traits.thread and f.method is not None and f.method.name == "run":
                    continue  # fields first created in run() stay on the new thread
                v = self.field_value(f)
                if v.not_send and not traits.not_send:
                    traits.not_send = Trait(ci.name, f"holds `self.{name}`, {{inner}}", f.mod.path,
                                            f.mod.line(f.target), inner=v.not_send, field=name)
                if v.not_sync and not traits.not_sync:
                    traits.not_sync = Trait(ci.name, f"holds `self.{name}`, {{inner}}", f.mod.path,
                                            f.mod.line(f.target), inner=v.not_sync, field=name)
        if "Send" in traits.asserted:
            traits.not_send = None
        if "Sync" in traits.asserted:
            traits.not_sync = None
        return traits

    def fields(self, ci: ClassInfo) -> Dict[str, List[Field]]:
        memo = self._fields.get(ci.qualname)
        if memo is not None:
            return memo
        found: Dict[str, List[Field]] = {}
        body = ci.node.body.body if isinstance(ci.node.body, cst.IndentedBlock) else ()
        for stmt in body:
            for small in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    found.setdefault(small.target.value, []).append(
                        Field(small.target.value, ci.module, None, small.target, small.value, small.annotation.annotation))
                elif isinstance(small, cst.Assign):
                    for t in small.targets:
                        if isinstance(t.target, cst.Name):
                            found.setdefault(t.target.value, []).append(
                                Field(t.target.value, ci.module, None, t.target, small.value, None))
        for method in ci.methods.values():
            params = method.node.params.params
            if not params or _is_static(method.node):
                continue
            selfname = params[0].name.value
            for node in own_nodes(method.node, (cst.Assign, cst.AnnAssign)):
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                for target in targets:
                    if (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
                            and target.value.value == selfname):
                        ann = node.annotation.annotation if isinstance(node, cst.AnnAssign) else None
                        found.setdefault(target.attr.value, []).append(
                            Field(target.attr.value, method.module, method, target, node.value, ann))
        # fields set by base classes of the project (`Semaphore.__init__` sets `self._cond`)
        self._fields[ci.qualname] = found
        merged: Dict[str, List[Field]] = {}
        for base in self.base_names(ci):
            base_ci = self.project.cls(base)
            if base_ci is not None and base_ci is not ci:
                for name, places in self.fields(base_ci).items():
                    merged.setdefault(name, []).extend(places)
        for name, places in found.items():
            merged[name] = merged.get(name, []) + places
        self._fields[ci.qualname] = merged
        return merged

    def field_value(self, f: Field) -> Value:
        mod = f.mod
        declared = (self.annotation_value(mod, f.annotation, f"`{f.name}` annotated")
                    if f.annotation is not None else EMPTY)
        if f.value is None:
            return declared
        found = self.value(mod, f.value)
        if declared.send_asserted or declared.sync_asserted:
            return _assert(found, declared)
        return found if found.interesting or not declared.interesting else declared


# ---------------------------------------------------------------------- helpers
def _assert(found: Value, declared: Value) -> Value:
    return Value(
        types=found.types | declared.types,
        not_send=None if declared.send_asserted else (declared.not_send or found.not_send),
        not_sync=None if declared.sync_asserted else (declared.not_sync or found.not_sync),
        items=found.items, running_loop=found.running_loop,
        send_asserted=declared.send_asserted, sync_asserted=declared.sync_asserted,
    )


def _variant_applies(mod: ModuleInfo, call: cst.Call, variant) -> bool:
    arg = _keyword(call, variant.keyword)
    if arg is None and variant.position is not None:
        positional = [a for a in call.args if a.keyword is None]
        if variant.position < len(positional) and not any(a.star for a in positional[: variant.position + 1]):
            arg = positional[variant.position]
    if arg is None:
        return False
    if variant.contains:
        value = arg.value
        return isinstance(value, cst.SimpleString) and variant.literal in value.evaluated_value
    return mod.code(arg.value).strip() == variant.literal


def _keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def _type_label(mod: ModuleInfo, node: cst.CSTNode) -> str:
    if isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value if node.attr.value not in ("Connection", "Cursor") else mod.code(node)
    if isinstance(node, cst.Name):
        return node.value
    return mod.code(node)


def _is_plain_decorator(deco: cst.Decorator) -> bool:
    d = deco.decorator
    name = d.value if isinstance(d, cst.Name) else (d.attr.value if isinstance(d, cst.Attribute) else "")
    return name in ("staticmethod", "classmethod", "abstractmethod", "override")


def _is_static(fn: cst.FunctionDef) -> bool:
    for deco in fn.decorators:
        d = deco.decorator
        name = d.value if isinstance(d, cst.Name) else (d.attr.value if isinstance(d, cst.Attribute) else "")
        if name in ("staticmethod", "classmethod"):
            return True
    return False


def _is_self(fn: cst.FunctionDef, param: cst.Param) -> bool:
    params = fn.params.params
    return bool(params) and params[0] is param and not _is_static(fn)


def own_nodes(fn: Union[cst.FunctionDef, cst.Lambda], kinds) -> Iterator:
    """Nodes of ``kinds`` in ``fn``'s own body, not inside nested functions, lambdas or classes."""
    stack: List[cst.CSTNode] = [fn.body]
    while stack:
        node = stack.pop()
        if isinstance(node, kinds):
            yield node
        for child in children(node):
            if not isinstance(child, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                stack.append(child)


def is_generator(fn: cst.FunctionDef) -> bool:
    for _ in own_nodes(fn, cst.Yield):
        return True
    return False
