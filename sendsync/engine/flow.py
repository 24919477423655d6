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
from .program import Module, statement_of
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
    #: when the first join sits in a branch of a statement beside the start that the way on
    #: may skip (``if wait: t.join()``, ``fast or t.join()``, a join in an ``except`` block):
    #: (the block holding both, the index of that statement, every join after the start)
    skippable: Optional[Tuple[Tuple[int, ...], int, Tuple[int, ...]]] = None

    def open_at(self, mod: Module, nid: int) -> bool:
        """May the thread still run at ``nid`` of the spawner's code? Before the first join;
        after a skippable one, in a plain statement of the same block that no other join
        comes before (``if not fast: t.join()`` then ``tok.go()``)."""
        pos = mod.pos(nid)
        if not self.start < pos:
            return False
        if pos < self.end:
            return True
        if self.skippable is None:
            return False
        block, index, joins = self.skippable
        stmt = _statement_in(mod, nid, block)
        if stmt < 0 or block.index(stmt) <= index or mod.nodes[stmt][0] in _COMPOUND:
            return False  # elsewhere, or under a test of its own (`if wait: tok.go()`)
        after = mod.end(block[index])
        if any(after <= mod.pos(j) and mod.end(j) <= mod.end(stmt) for j in joins):
            return False
        # a call spelled as a join that the scan of the spawner's code does not see (in a class
        # body, on another name for the thread): taken to join
        between = block[index + 1:block.index(stmt) + 1]
        return not any(mod.nodes[n][0] == "Call" and _spelled_join(mod, n)
                       for b in between for n in mod.walk(b))


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
    skippable = _skippable(mod, spawn.spawner, start_node, first[1], tuple(nid for _, nid in found), handle)
    return Window(start, first[0], mod.line(start_node), first[0][0], first[1], start_node, skippable)


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
            # join(timeout), result(timeout), get(timeout): the work may still run, unless the
            # code goes on only once it is known to have ended (`assertFalse(t.is_alive())`)
            dead = _checked_dead(mod, frame, receiver, nid) if method == "join" and mine else -1
            if dead >= 0:
                candidates.append((mod.end(dead), dead))
            continue
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


def _checked_dead(mod: Module, frame: int, handle: str, join: int) -> int:
    """The check after ``handle.join(timeout)``, in the same block (or after the ``with`` blocks
    around it) and before the handle is bound again, that the thread has ended, past which the code runs only if it has:
    ``self.assertFalse(handle.is_alive())``, or ``if handle.is_alive():`` whose body raises or
    returns. -1 when there is none. (A check inside a ``try`` is none: its handler may catch
    the raise.)"""
    placed = statement_of(mod, join)
    while placed is not None:
        stmt, holder, block = placed
        for later in block[block.index(stmt) + 1:]:
            lnode = mod.nodes[later]
            if lnode[0] == "Expr":
                call = mod.nodes[lnode[1]]
                if call[0] == "Call" and mod.nodes[call[1]][0] == "Attr" and mod.nodes[call[1]][2] == "assertFalse" \
                        and call[2] and _is_alive_of(mod, call[2][0][1], handle):
                    return later
            if lnode[0] == "If" and _is_alive_of(mod, lnode[1], handle) and lnode[2] \
                    and mod.nodes[lnode[2][-1]][0] in _LEAVES:
                return later
            if any((mod.nodes[n][0] == "Name" and mod.nodes[n][2] == "S" or mod.nodes[n][0] == "Attr"
                    and mod.nodes[n][3] == "S") and spelled(mod, n) == handle for n in mod.walk(later)):
                return -1  # the handle is bound again: a later check may be of another thread
        # the end of a `with` block goes on after the `with`; an `if`, a loop or a `try` may not
        placed = statement_of(mod, holder) if mod.nodes[holder][0] == "With" else None
    return -1


def _is_alive_of(mod: Module, nid: int, handle: str) -> bool:
    """Is ``nid`` the call ``handle.is_alive()``?"""
    node = mod.nodes[nid]
    func = mod.nodes[node[1]] if node[0] == "Call" else None
    return func is not None and func[0] == "Attr" and func[2] == "is_alive" and not node[2] \
        and spelled(mod, func[1]) == handle


#: statements that leave the way on (``break`` and ``continue`` are not in the facts)
_LEAVES = frozenset({"Ret", "Raise"})
#: statements with blocks or tests of their own
_COMPOUND = frozenset({"If", "For", "While", "With", "Try", "Match", "Def", "Cls"})


_JOIN_NAMES = frozenset({m for methods in JOINS.values() for m in methods} | set(POOL_JOINS))


def _spelled_join(mod: Module, call: int) -> bool:
    func = mod.nodes[mod.nodes[call][1]]
    return func[0] == "Attr" and func[2] in _JOIN_NAMES


def _statement_in(mod: Module, nid: int, block: Tuple[int, ...]) -> int:
    """The statement of ``block`` that holds ``nid`` (-1: none)."""
    if nid in block:
        return nid
    for anc in mod.ancestors(nid):
        if anc in block:
            return anc
    return -1


def _skippable(mod: Module, frame: int, start_node: int, join: int, joins: Tuple[int, ...],
               handle: Optional[str]) -> Optional[Tuple[Tuple[int, ...], int, Tuple[int, ...]]]:
    """The shape in which the first join may be skipped on the way on, so that the thread may
    still run after it: the join in a later statement of the start's own block (not inside a
    loop, where a ``continue``, which the facts do not keep, may leave the pass), that is an
    ``if``/``elif``/``else`` chain joining in some branches, with no test and no other branch
    touching the thread (``if t.is_alive():``, a polling loop in the ``else``) and no other
    branch leaving (``else: return``); a plain statement joining
    in the second operand of an ``and``/``or`` or in a branch of a conditional expression; or
    a ``try`` joining in an ``except`` block alone. None for any other shape: the first join
    then ends the window, as it always did."""
    if mod.nodes[join][0] != "Call" or in_loop(mod, start_node, frame) >= 0:
        return None
    held = statement_of(mod, start_node)
    if held is None:
        return None
    start_stmt, _, block = held
    stmt = _statement_in(mod, join, block)
    if stmt < 0 or block.index(stmt) <= block.index(start_stmt):
        return None
    node = mod.nodes[stmt]
    kind = node[0]

    def has_join(nids: Sequence[int]) -> bool:
        return any(mod.within(j, n) for n in nids for j in joins)

    def touches(nids: Sequence[int]) -> bool:
        return handle is not None and any(_asks_about(mod, n, handle) for n in nids)

    if _may_leave(mod, frame, block[block.index(start_stmt) + 1:block.index(stmt)]):
        return None  # `if not wait: return` before `if wait: t.join()`: the test decides both
    if kind == "If":
        # an `if`/`elif`/`else` chain: a branch joins, and every other one (the `else` that is
        # not written too) goes on without touching the thread
        tests: List[int] = []
        branches: List[Sequence[int]] = []
        link = node
        while True:
            tests.append(link[1])
            branches.append(link[2])
            if len(link[3]) == 1 and mod.nodes[link[3][0]][0] == "If":
                link = mod.nodes[link[3][0]]  # elif
                continue
            branches.append(link[3])
            break
        skipping = [b for b in branches if not has_join(b)]
        if not skipping or touches(tests) or any(touches(b) or _may_leave(mod, frame, b) for b in skipping):
            return None  # `if wait: t.join()` / `else: return`: no way on without the join
    elif kind == "Try":
        if has_join(node[1]) or has_join(node[3]) or has_join(node[4]) or not has_join(node[2]):
            return None
    elif kind in _COMPOUND:
        return None
    else:
        child, branch = join, False
        for anc in mod.ancestors(join):
            if anc == stmt:
                break
            a = mod.nodes[anc]
            if a[0] in ("Lam", "Comp"):
                return None
            if a[0] == "Bool" and child != a[1][0] or a[0] == "IfX" and child != a[1]:
                branch = True
            child = anc
        if not branch:
            return None
    return block, block.index(stmt), joins


#: calls that end the process: a branch that makes one does not go on
_EXITS = frozenset({"sys.exit", "exit", "quit", "os._exit", "os.abort"})


def _may_leave(mod: Module, frame: int, stmts: Sequence[int]) -> bool:
    """May ``stmts`` leave the function, or wait for the thread where it does not show: a
    ``return`` or ``raise`` at any depth, a call that ends the process (``sys.exit()``), or a
    call of a function of ``frame``'s own (``finish()``, which may join through the closure)."""
    scope = mod.scopes.get(frame)
    for n in (n for s in stmts for n in (s, *mod.walk(s, into_functions=False))):
        node = mod.nodes[n]
        if node[0] in _LEAVES:
            return True
        if node[0] == "Call":
            callee = spelled(mod, node[1])
            if callee in _EXITS:
                return True
            if callee is not None and scope is not None and any(
                    _local_function(mod, b) for b in scope.bindings.get(callee, ())):
                return True
    return False


def _local_function(mod: Module, binding: int) -> bool:
    """Does ``binding`` bind a function: a nested ``def``, or ``name = lambda: ...``?"""
    node = mod.nodes[binding]
    if node[0] == "Def":
        return True
    parent = mod.nodes[mod.parent(binding)] if mod.parent(binding) >= 0 else None
    return node[0] == "Name" and parent is not None and parent[0] == "Asg" and mod.nodes[parent[2]][0] == "Lam"


def _asks_about(mod: Module, test: int, receiver: str) -> bool:
    """Does the expression ``test`` read the handle ``receiver`` (as ``spelled`` gives it)?"""
    return any(spelled(mod, nid) == receiver for nid in mod.walk(test))


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
    runs them one after the other, and so does one that hands it all to one receiver whose
    work runs on one thread (a watchdog observer made before the loop)."""
    mod = spawn.mod
    loop = in_loop(mod, spawn.call, spawn.spawner)
    if loop < 0 or win is None:
        return -1
    if spawn.boundary.one_thread and not _made_in(mod, spawn.call, loop):
        return -1  # every call's work runs on the receiver's one thread, one after another
    if win.join_node >= 0 and loop in mod.ancestors(win.join_node):
        return -1
    return loop


def _made_in(mod: Module, call: int, loop: int) -> bool:
    """Is the receiver of the method call ``call`` (``observer`` of ``observer.schedule(...)``)
    a name the loop binds: a new object, so a new thread, each time round?"""
    func = mod.nodes[mod.nodes[call][1]]
    if func[0] != "Attr":
        return False
    receiver = mod.nodes[func[1]]
    if receiver[0] != "Name" or receiver[3] not in mod.scopes:
        return False
    return any(mod.within(b, loop) for b in mod.scopes[receiver[3]].bindings.get(receiver[1], ()))


#: what makes the code under it run on some calls only
_CONDITIONAL = frozenset({"If", "IfX", "Bool", "Handler", "Match", "For", "While", "Comp"})


def every_call_reaches(mod: Module, node: int, fn: int) -> bool:
    """Does every call of the def ``fn`` that returns normally run ``node``: nothing around it
    inside ``fn`` that only some calls take (a branch, a loop, an ``except``), and no
    ``return`` or ``raise`` before it (``if self._thread: return`` makes a start idempotent)?"""
    for anc in mod.ancestors(node):
        if anc == fn:
            break
        if mod.nodes[anc][0] in _CONDITIONAL:
            return False
    else:
        return False
    at = mod.pos(node)
    return not any(mod.nodes[n][0] in ("Ret", "Raise") and mod.pos(n) < at for n in mod.body_nodes(fn))


def leaves_early(mod: Module, loop: int, call: int) -> bool:
    """May ``loop`` stop after ``call`` has run in a pass, before its last pass: a ``break`` of
    this loop or a ``return`` after the call (a retry loop that stops once the call succeeds,
    a first-match loop)?"""
    node = mod.nodes[loop]
    if node[0] == "Comp":
        return False  # a comprehension runs all its passes
    at = mod.pos(call)
    breaks = node[5] if node[0] == "For" else node[4]
    return any(b > at for b in breaks) or \
        any(mod.nodes[n][0] == "Ret" and mod.pos(n) > at for n in mod.walk(loop, into_functions=False))


#: the method names that wait for, or call off, a thread, a timer or a future
WAITS = frozenset({"join", "result", "wait", "cancel", "shutdown"})


def in_loop(mod: Module, node: int, stop: int) -> int:
    """The innermost loop or comprehension around ``node`` inside ``stop`` (-1: none)."""
    for anc in mod.ancestors(node):
        kind = mod.nodes[anc][0]
        if anc == stop or kind in ("Def", "Lam", "Cls"):
            return -1
        if kind in LOOPS:
            return anc
    return -1


__all__ = ["END", "WAITS", "Window", "assigned_name", "assigned_place", "calls_on", "every_call_reaches", "in_loop", "leaves_early",
           "repeated", "window"]
