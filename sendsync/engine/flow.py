"""When a thread may run, in the code that starts it: from its start to its join point.

The window of a spawn opens at ``t.start()`` (or at the boundary call itself) and closes at the
first join point after it in the spawner's code: ``t.join()`` without a timeout,
``future.result()``, ``.get()``/``.wait()`` of an async result, ``shutdown()`` of the pool,
leaving the ``with`` block of the executor or pool, awaiting the call itself. Which methods are
join points for which kind of handle is knowledge (``knowledge.boundaries.JOINS``). A spawn
inside a loop or comprehension starts several threads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, Tuple

from ..knowledge import JOINS, POOL_JOINS, POOLED
from .program import Module, block_holding, children
from .threads import Spawn

Pos = Tuple[int, int]
END: Pos = (10 ** 9, 0)
LOOPS = frozenset({"For", "While", "Comp"})


@dataclass
class Window:
    start: Pos
    end: Pos  # END: no join point found
    start_line: int
    join_line: Optional[int]
    join_node: int = -1  # the join call, or the `with` block left (-1: none)
    start_node: int = -1  # the `start()` of a thread, else the spawn itself
    #: every join call after the start, when the first one may be skipped (`if wait:
    #: t.join()`): then a use after ``end`` is outside the window only where one of them has
    #: run on every way to it (``joined``)
    joins: Tuple[int, ...] = ()
    handle: Optional[str] = None

    def open_at(self, mod: Module, frame: int, nid: int) -> bool:
        """May the thread still run at ``nid`` of the spawner's code (``frame``)?"""
        pos = mod.pos(nid)
        if not self.start < pos:
            return False
        if pos < self.end:
            return True
        return bool(self.joins) and not joined(mod, frame, self.start, self.start_node, nid, self.joins,
                                               self.handle)


def window(spawn: Spawn) -> Optional[Window]:
    """``None`` when the spawner waits for the work inside the call itself (``pool.apply``,
    ``await asyncio.to_thread(...)``)."""
    mod, call, kind = spawn.mod, spawn.call, spawn.boundary.handle
    parent = mod.parent(call)
    pnode = mod.nodes[parent] if parent >= 0 else None
    if kind == "sync" or (kind == "await" and pnode is not None and pnode[0] == "Await"):
        return None
    start_node = call
    handle = assigned_place(mod, call)
    if kind == "thread":
        if pnode is not None and pnode[0] == "Attr" and pnode[2] == "start":
            start_node = parent
        elif handle is not None:
            # its own start(): after the thread is made, before the handle names another one
            made = mod.pos(call)
            again = min((mod.pos(n) for n in _stores_of(mod, spawn.spawner, handle) if mod.pos(n) > made),
                        default=END)
            starts = [s for s in calls_on(mod, spawn.spawner, handle, ("start",)) if made < mod.pos(s) < again]
            if starts:
                start_node = starts[0]
    start = mod.end(start_node) if start_node != call else mod.pos(call)
    found = _joins_after(mod, spawn, handle, start, kind)
    if not found:
        return Window(start, END, mod.line(start_node), None, start_node=start_node)
    # a block ends where its last statement does: at one position, the call inside it is the join
    first = min(found, key=lambda c: (c[0], mod.nodes[c[1]][0] == "With"))
    calls = tuple(nid for _, nid in found if mod.nodes[nid][0] == "Call")
    skippable = mod.nodes[first[1]][0] == "Call" and _in_branch(mod, first[1], spawn.spawner, start)
    return Window(start, first[0], mod.line(start_node), first[0][0], first[1], start_node,
                  joins=calls if skippable else (), handle=handle)


def assigned_name(mod: Module, call: int) -> Optional[str]:
    """``t`` of ``t = Thread(...)``: where the spawner keeps it, when that is a plain name."""
    place = assigned_place(mod, call)
    return place if place is not None and "." not in place else None


def assigned_place(mod: Module, call: int) -> Optional[str]:
    """Where the spawner keeps what ``call`` returns, as its code spells it: ``t`` of
    ``t = Thread(...)``, or ``self._thread`` of ``self._thread = Thread(...)``."""
    parent = mod.parent(call)
    if parent < 0:
        return None
    node = mod.nodes[parent]
    if node[0] == "Asg" and node[2] == call and len(node[1]) == 1:
        return spelled(mod, node[1][0])
    if node[0] == "Ann" and node[3] == call:
        return spelled(mod, node[1])
    return None


def spelled(mod: Module, nid: int) -> Optional[str]:
    """``t`` for a name, ``self.t`` for an attribute of a name; ``None`` for anything else."""
    node = mod.nodes[nid]
    if node[0] == "Name":
        return node[1]
    if node[0] == "Attr":
        inner = mod.nodes[node[1]]
        if inner[0] == "Name":
            return f"{inner[1]}.{node[2]}"
    return None


def _stores_of(mod: Module, frame: int, place: str) -> List[int]:
    """The statements of ``frame``'s own code that assign ``place`` (as ``spelled`` gives it)."""
    out = []
    for nid in mod.body_nodes(frame):
        node = mod.nodes[nid]
        if node[0] == "Asg" and any(spelled(mod, t) == place for t in node[1]) or \
                node[0] in ("Ann", "Aug") and spelled(mod, node[1]) == place:
            out.append(nid)
    return out


def calls_on(mod: Module, frame: int, name: str, methods: Tuple[str, ...]) -> List[int]:
    """``name.method(...)`` calls in ``frame``'s own code, in source order (``name`` as
    ``spelled`` gives it)."""
    found = []
    for nid in mod.body_nodes(frame):
        node = mod.nodes[nid]
        if node[0] != "Call":
            continue
        func = mod.nodes[node[1]]
        if func[0] == "Attr" and func[2] in methods and spelled(mod, func[1]) == name:
            found.append(nid)
    return sorted(found, key=mod.pos)


def _joins_after(mod: Module, spawn: Spawn, handle: Optional[str], start: Pos, kind: str
                 ) -> List[Tuple[Pos, int]]:
    candidates: List[Tuple[Pos, int]] = []
    frame = spawn.spawner
    loop_vars = _for_targets(mod, frame)
    joins = JOINS.get(kind, ())
    for nid in mod.body_nodes(frame):
        node = mod.nodes[nid]
        if node[0] != "Call":
            continue
        func = mod.nodes[node[1]]
        if func[0] != "Attr" or mod.pos(nid) <= start:
            continue
        method, receiver = func[2], spelled(mod, func[1])
        if receiver is None:
            continue
        if "." in receiver:  # `self._thread.join()`: only the handle kept there
            if receiver != handle:
                continue
            mine = True
        else:  # a handle kept in a field may be joined through a name too (`t = self._t`)
            mine = handle is None or "." in handle or receiver == handle or receiver in loop_vars
        if method in POOL_JOINS and kind in POOLED:
            wait = [a for k, a in node[2] if k is None or k == "wait"]
            if not wait or mod.code(wait[0]).strip() != "False":
                candidates.append((mod.end(nid), nid))
            continue
        if node[2]:
            continue  # join(timeout), result(timeout), get(timeout): the work may still run
        if method in joins and mine and kind != "pool":
            candidates.append((mod.end(nid), nid))
        elif kind in ("async_result", "pool") and method == "join":
            candidates.append((mod.end(nid), nid))
    # leaving the `with` block of the executor / pool the work was handed to
    if kind in POOLED:
        for anc in mod.ancestors(spawn.call):
            if anc == frame:
                break
            if mod.nodes[anc][0] == "With":
                candidates.append((mod.end(anc), anc))
                break
    return candidates


#: statements that leave the way on (``break`` and ``continue`` are not in the facts)
_LEAVES = frozenset({"Ret", "Raise"})


def _in_branch(mod: Module, call: int, frame: int, start: Pos) -> bool:
    """Is the join ``call`` in a branch begun after the start (an ``if``, a conditional
    expression, an ``and``/``or``, a ``match`` case, an ``except`` block), which the way on
    may skip?"""
    child = call
    for anc in mod.ancestors(call):
        if anc == frame or mod.pos(anc) <= start < mod.end(anc):
            return False
        node = mod.nodes[anc]
        kind = node[0]
        if kind in ("Handler", "Match") or kind == "Bool" and child != node[1][0] or \
                kind in ("If", "IfX") and child != node[1]:
            return True
        child = anc
    return False


def joined(mod: Module, frame: int, start: Pos, start_node: int, nid: int, joins: Sequence[int],
           handle: Optional[str]) -> bool:
    """Has one of the join calls ``joins`` run on every way from ``start`` (the end of
    ``start_node``) to ``nid``, in the spawner's code ``frame``? The statements before ``nid``'s
    own, in its block and in each block around it, are asked whether they always join: a plain
    statement holding a join call; an ``if`` whose branches all join or leave (``return``,
    ``raise``), or whose test repeats the test of an ``if`` the thread was started under (``if
    parallel:``); any ``if`` whose test asks about the thread (``if t.is_alive(): raise``,
    ``if t is not None: t.join()``); a ``try`` whose body or
    ``finally`` does; a ``with`` whose body does; a loop or ``match`` holding a join (``for t
    in threads: t.join()``). When unsure, the answer is yes, as it was before."""
    inside = set(joins)
    tests = {mod.code(mod.nodes[a][1]) for a in _up_to_frame(mod, start_node, frame) if mod.nodes[a][0] == "If"}

    def has_join(stmt: int) -> bool:
        return any(mod.pos(stmt) <= mod.pos(j) and mod.end(j) <= mod.end(stmt) for j in inside)

    def plain(stmt: int) -> bool:
        """A join in ``stmt`` that runs whenever ``stmt`` does."""
        for j in inside:
            if not (mod.pos(stmt) <= mod.pos(j) and mod.end(j) <= mod.end(stmt)):
                continue
            child = j
            for anc in mod.ancestors(j):
                if anc == stmt:
                    return True
                node = mod.nodes[anc]
                if node[0] in ("Lam", "Comp") or node[0] == "IfX" and child != node[1] or \
                        node[0] == "Bool" and child != node[1][0]:
                    break
                child = anc
        return False

    def always(stmt: int) -> bool:
        node = mod.nodes[stmt]
        kind = node[0]
        if kind == "If" and handle is not None and _asks_about(mod, node[1], handle):
            return True  # `if t.is_alive(): raise TimeoutError` after `t.join(timeout)`
        if not has_join(stmt):
            return False
        if kind == "If":
            if mod.code(node[1]) in tests:
                return True
            return block(node[2]) and block(node[3])
        if kind == "Try":
            return any(always(s) for s in node[1]) or any(always(s) for s in node[4])
        if kind == "With":
            return any(always(s) for s in node[2])
        if kind in ("For", "While", "Match"):
            return True
        if kind in ("Def", "Cls"):
            return False
        return plain(stmt)

    def block(stmts: Sequence[int]) -> bool:
        return any(always(s) or mod.nodes[s][0] in _LEAVES for s in stmts)

    child = nid
    for anc in mod.ancestors(nid):
        found = block_holding(mod.nodes[anc], child)
        if found is not None:
            for prev in found[:found.index(child)]:
                if mod.end(prev) > start and not mod.pos(prev) <= start and always(prev):
                    return True
        if anc == frame:
            return False
        child = anc
    return False


def _up_to_frame(mod: Module, nid: int, frame: int) -> List[int]:
    if nid < 0:
        return []
    out = []
    for anc in mod.ancestors(nid):
        if anc == frame:
            break
        out.append(anc)
    return out


def _asks_about(mod: Module, test: int, receiver: str) -> bool:
    """Does the expression ``test`` read the handle ``receiver`` (as ``spelled`` gives it)?"""
    todo = [test]
    while todo:
        nid = todo.pop()
        if spelled(mod, nid) == receiver:
            return True
        todo.extend(children(mod.nodes[nid]))
    return False


def _for_targets(mod: Module, frame: int) -> Set[str]:
    names: Set[str] = set()
    for nid in mod.body_nodes(frame):
        node = mod.nodes[nid]
        if node[0] == "For" and mod.nodes[node[1]][0] == "Name":
            names.add(mod.nodes[node[1]][1])
        elif node[0] == "Comp":
            for target, _, _ in node[4]:
                if mod.nodes[target][0] == "Name":
                    names.add(mod.nodes[target][1])
    return names


def repeated(spawn: Spawn, win: Optional[Window]) -> int:
    """The loop that starts ``spawn`` once per iteration with the work of several iterations
    overlapping (-1: none). A loop that waits for each piece of work before the next
    iteration (``future.result()`` or ``t.join()`` in the loop body, ``await`` of the call)
    runs them one after the other."""
    mod = spawn.mod
    loop = in_loop(mod, spawn.call, spawn.spawner)
    if loop < 0 or win is None:
        return -1
    if win.join_node >= 0 and loop in mod.ancestors(win.join_node):
        return -1
    return loop


def in_loop(mod: Module, node: int, stop: int) -> int:
    """The innermost loop or comprehension around ``node`` inside ``stop`` (-1: none)."""
    for anc in mod.ancestors(node):
        kind = mod.nodes[anc][0]
        if anc == stop or kind in ("Def", "Lam", "Cls"):
            return -1
        if kind in LOOPS:
            return anc
    return -1


__all__ = ["END", "Window", "assigned_name", "assigned_place", "calls_on", "in_loop", "repeated", "window"]
