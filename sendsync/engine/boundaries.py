"""Find the calls that hand work to another thread (spawn sites), driven by ``sendsync.knowledge``.

A call is a boundary when its callee resolves (through imports and aliases, with libcst's scope
analysis) to a boundary's qualified name, or when it is a boundary method of a value whose type is
known (``ex.submit`` where ``ex`` is a ``ThreadPoolExecutor``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import libcst as cst

from ..knowledge.boundaries import UNCERTAIN_EXECUTORS, Arg, Boundary
from .evaluate import Evaluator
from .project import FuncNode, ModuleInfo


@dataclass(eq=False)
class Spawn:
    mod: ModuleInfo
    call: cst.Call
    boundary: Boundary
    func: Optional[cst.BaseExpression]
    #: (expression, how it is handed over) for each argument that reaches the callable
    args: List[Tuple[cst.BaseExpression, str]] = field(default_factory=list)
    #: map-style: each element of these goes to its own task
    iterables: List[cst.BaseExpression] = field(default_factory=list)
    #: the code that runs on the new thread may run on several threads at once
    many: bool = False
    #: the function whose code makes the call (None: module level)
    spawner: Optional[FuncNode] = None

    @property
    def line(self) -> int:
        return self.mod.line(self.call)

    @property
    def label(self) -> str:
        return self.boundary.label


def find_spawns(mod: ModuleInfo, ev: Evaluator) -> List[Spawn]:
    knowledge = ev.knowledge
    names = set(knowledge.boundary_names)
    for alias in mod.nodes(cst.ImportAlias):
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            real = alias.name.value if isinstance(alias.name, cst.Name) else alias.name.attr.value
            if real in knowledge.boundary_names:
                names.add(alias.asname.name.value)
    found = []
    for call in mod.nodes(cst.Call):
        func = call.func
        last = func.value if isinstance(func, cst.Name) else (
            func.attr.value if isinstance(func, cst.Attribute) else None)
        if last not in names:
            continue
        boundary = _boundary_of(mod, ev, call)
        if boundary is None:
            continue
        spawn = _spawn(mod, call, boundary)
        if spawn is not None:
            found.append(spawn)
    return sorted(found, key=lambda s: mod.pos(s.call))


def _boundary_of(mod: ModuleInfo, ev: Evaluator, call: cst.Call) -> Optional[Boundary]:
    func = call.func
    if isinstance(func, cst.Attribute):
        receiver = ev.value(mod, func.value)
        if receiver.ref is None:
            for owner in sorted(receiver.types):
                if owner in UNCERTAIN_EXECUTORS and ev.strictness == "complete":
                    owner = "concurrent.futures.ThreadPoolExecutor"
                found = ev.knowledge.boundary_method(owner, func.attr.value)
                if found is not None:
                    return found
            return None
    ref = ev.value(mod, func).ref
    return ev.knowledge.boundary_call(ref) if ref else None


def get_arg(call: cst.Call, where: Optional[Arg]) -> Optional[cst.Arg]:
    if where is None:
        return None
    if where.kw:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == where.kw:
                return arg
    if where.pos is not None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if where.pos < len(positional):
            # a positional argument is only where we think it is if no *args came before it
            before = call.args[: call.args.index(positional[where.pos])]
            if not any(a.star for a in before):
                return positional[where.pos]
    return None


def _spawn(mod: ModuleInfo, call: cst.Call, b: Boundary) -> Optional[Spawn]:
    func_arg = get_arg(call, b.func)
    if func_arg is None:
        return None  # Thread() with no target, ThreadPoolExecutor() with no initializer
    spawn = Spawn(mod, call, b, func_arg.value, many=b.many, spawner=mod.enclosing_function(call))
    named = {b.func.kw} | ({b.args.kw} if b.args else set()) | ({b.kwargs.kw} if b.kwargs else set())
    args_arg = get_arg(call, b.args)
    if args_arg is not None:
        spawn.args += _spread(args_arg.value, "an element of `{kw}`".format(kw=b.args.kw))
    kwargs_arg = get_arg(call, b.kwargs)
    if kwargs_arg is not None:
        spawn.args += _spread_dict(kwargs_arg.value, b.kwargs.kw or "kwargs")
    positional = [a for a in call.args if a.keyword is None]
    if b.star_from is not None:
        for arg in positional[b.star_from:]:
            how = "an argument" if not arg.star else "an element of `*` arguments"
            spawn.args.append((arg.value, how))
    if b.star_kwargs:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in named:
                spawn.args.append((arg.value, f"keyword argument `{arg.keyword.value}`"))
            elif arg.star == "**":
                spawn.args.append((arg.value, "`**` keyword arguments"))
    if b.iterables_from is not None:
        if b.receiver == ("multiprocessing.pool.ThreadPool",):
            it = get_arg(call, Arg(b.iterables_from, "iterable"))
            spawn.iterables = [it.value] if it is not None else []
        else:
            spawn.iterables = [a.value for a in positional[b.iterables_from:] if not a.star]
    return spawn


def _spread(node: cst.BaseExpression, how: str) -> List[Tuple[cst.BaseExpression, str]]:
    if isinstance(node, (cst.Tuple, cst.List)):
        out = []
        for el in node.elements:
            out.append((el.value, "an argument" if not isinstance(el, cst.StarredElement) else how))
        return out
    return [(node, how)]


def _spread_dict(node: cst.BaseExpression, kw: str) -> List[Tuple[cst.BaseExpression, str]]:
    if isinstance(node, cst.Dict):
        out = []
        for el in node.elements:
            if isinstance(el, cst.DictElement):
                key = el.key.evaluated_value if isinstance(el.key, cst.SimpleString) else None
                out.append((el.value, f"keyword argument `{key}`" if key else f"a value of `{kw}`"))
            else:
                out.append((el.value, f"a value of `{kw}`"))
        return out
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict":
        return [(a.value, f"keyword argument `{a.keyword.value}`" if a.keyword else f"a value of `{kw}`")
                for a in node.args]
    return [(node, f"a value of `{kw}`")]
