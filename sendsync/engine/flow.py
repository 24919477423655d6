"""When a thread may run: from its start to its join point, in the spawner's code.

The window of a spawn opens at ``t.start()`` (or at the boundary call itself) and closes at the
first join point after it: ``t.join()`` without a timeout, ``future.result()``, ``.get()`` /
``.wait()`` of an async result, leaving the ``with`` block of the executor or pool, awaiting the
``to_thread`` / ``run_in_executor`` call. A spawn inside a loop or comprehension starts several
threads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Tuple

import libcst as cst

from .boundaries import Spawn
from .evaluate import Evaluator
from .project import ModuleInfo, children

Pos = Tuple[int, int]
END: Pos = (10 ** 9, 0)


@dataclass
class Window:
    start: Pos
    end: Pos  # END: no join point found
    start_line: int
    join_line: Optional[int]


def window(spawn: Spawn, ev: Evaluator) -> Optional[Window]:
    """``None`` when the spawner waits for the work inside the call itself (``pool.apply``)."""
    mod, call, kind = spawn.mod, spawn.call, spawn.boundary.handle
    parent = mod.parent(call)
    if kind == "sync" or (kind == "await" and isinstance(parent, cst.Await)):
        return None
    start_node: cst.CSTNode = call
    handle = _assigned_name(mod, call)
    if kind == "thread":
        if isinstance(parent, cst.Attribute) and parent.attr.value == "start":
            start_node = parent
        elif handle is not None:
            starts = [c for c in _calls_on(mod, spawn, handle, ("start",))]
            if starts:
                start_node = starts[0]
    start = mod.end(start_node) if start_node is not call else mod.pos(call)
    join = _join_after(mod, spawn, handle, start, kind, ev)
    return Window(start, join or END, mod.line(start_node), join[0] if join else None)


def lock_keys(ev: Evaluator, mod: ModuleInfo, node: cst.CSTNode) -> FrozenSet[object]:
    """The locks held where ``node`` runs: ``with lock:`` blocks, and ``try:`` blocks whose
    ``finally:`` releases a lock (``lock.acquire()`` / ``try: ... finally: lock.release()``).
    A lock is keyed by what it is bound to, so two spellings of one lock match."""
    keys = set()
    for anc in mod.ancestors(node):
        if isinstance(anc, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            break
        if isinstance(anc, cst.With):
            for item in anc.items:
                key = _lock_key(ev, mod, item.item)
                if key is not None:
                    keys.add(key)
        elif isinstance(anc, cst.Try) and anc.finalbody is not None:
            for stmt in anc.finalbody.body.body:
                for small in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
                    call = getattr(small, "value", None)
                    if (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                            and call.func.attr.value == "release"):
                        key = _lock_key(ev, mod, call.func.value)
                        if key is not None:
                            keys.add(key)
    return frozenset(keys)


def _lock_key(ev: Evaluator, mod: ModuleInfo, expr: cst.BaseExpression) -> Optional[object]:
    value = ev.value(mod, expr)
    if not any(getattr(ev.knowledge.type_fact(t), "lock", False) for t in value.types):
        return None
    if isinstance(expr, cst.Name):
        access = mod.accesses.get(expr)
        if access is not None and access.referents:
            return frozenset(id(a) for a in access.referents)
    if isinstance(expr, cst.Attribute):
        return ("attribute", expr.attr.value)
    return ("expression", mod.code(expr).strip())


def in_loop(mod: ModuleInfo, node: cst.CSTNode, stop: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    """The innermost loop or comprehension around ``node`` inside ``stop``."""
    for anc in mod.ancestors(node):
        if anc is stop or isinstance(anc, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return None
        if isinstance(anc, (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.GeneratorExp,
                            cst.DictComp)):
            return anc
    return None


def _assigned_name(mod: ModuleInfo, call: cst.Call) -> Optional[str]:
    parent = mod.parent(call)
    if isinstance(parent, cst.AssignTarget):
        return None
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        target = parent.targets[0].target
        if isinstance(target, cst.Name):
            return target.value
    if isinstance(parent, cst.AnnAssign) and isinstance(parent.target, cst.Name):
        return parent.target.value
    return None


def _calls_on(mod: ModuleInfo, spawn: Spawn, name: str, methods: Tuple[str, ...]) -> List[cst.Call]:
    scope_root = spawn.spawner.body if spawn.spawner is not None else mod.tree
    found = []
    stack: List[cst.CSTNode] = [scope_root]
    while stack:
        node = stack.pop()
        if (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                and node.func.attr.value in methods and isinstance(node.func.value, cst.Name)
                and node.func.value.value == name):
            found.append(node)
        stack.extend(children(node))
    return sorted(found, key=mod.pos)


def _join_after(mod: ModuleInfo, spawn: Spawn, handle: Optional[str], start: Pos, kind: str,
                ev: Evaluator) -> Optional[Pos]:
    candidates: List[Pos] = []
    root = spawn.spawner.body if spawn.spawner is not None else mod.tree
    loop_vars = _for_targets(root)
    stack: List[cst.CSTNode] = [root]
    while stack:
        node = stack.pop()
        stack.extend(children(node))
        if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
            continue
        if mod.pos(node) <= start:
            continue
        method, receiver = node.func.attr.value, node.func.value
        if not isinstance(receiver, cst.Name):
            continue
        mine = handle is None or receiver.value == handle or receiver.value in loop_vars
        if method == "shutdown" and kind in ("future", "pool", "async_result"):
            wait = [a for a in node.args if a.keyword is None or a.keyword.value == "wait"]
            if not wait or mod.code(wait[0].value).strip() != "False":
                candidates.append(mod.end(node))
            continue
        if node.args:
            continue  # join(timeout), result(timeout), get(timeout): the work may still run
        if kind == "thread" and method == "join" and mine:
            candidates.append(mod.end(node))
        elif kind in ("future", "await") and method == "result" and mine:
            candidates.append(mod.end(node))
        elif kind == "async_result" and method in ("get", "wait") and mine:
            candidates.append(mod.end(node))
        elif kind in ("async_result", "pool") and method == "join":
            candidates.append(mod.end(node))
    # leaving the `with` block of the executor / pool the work was handed to
    if kind in ("future", "pool", "async_result"):
        for anc in mod.ancestors(spawn.call):
            if anc is spawn.spawner:
                break
            if isinstance(anc, cst.With):
                candidates.append(mod.end(anc))
                break
    return min(candidates) if candidates else None


def _for_targets(root: cst.CSTNode) -> set:
    names = set()
    stack: List[cst.CSTNode] = [root]
    while stack:
        node = stack.pop()
        stack.extend(children(node))
        if isinstance(node, (cst.For, cst.CompFor)) and isinstance(node.target, cst.Name):
            names.add(node.target.value)
    return names
