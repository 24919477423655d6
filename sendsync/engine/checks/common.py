"""What the checks share: where a finding goes, what a function is called, the notes."""
from __future__ import annotations

from typing import Iterator, List, NamedTuple, Optional, Sequence, Tuple

from ...diagnostics import Note, Span
from ...knowledge import JOINS, POOL_JOINS, POOLED
from ...rules import wording
from ...rules.wording import Target, Via
from ..effects import Use
from ..solve import Solution
from ..flow import END, assigned_place, calls_on, in_loop, window
from ..program import Module
from ..threads import FuncKey, Spawn, ThreadClass, Walk
from ..values import HOME, Entry, Inst, Trait


def display(sol: Solution, key: FuncKey) -> str:
    mod = sol.program.modules[key[0]]
    return sol.ev.display(mod, key[1]) if key[1] else "<module>"


def target_of(sol: Solution, walk: Walk, at: Optional[FuncKey] = None) -> Target:
    """The callable a thread runs, as messages name it. A spawn may run several (a helper's
    callers' functions): ``at``, the function a finding is in, picks the root its calls start
    from."""
    if walk.thread_class is not None and not walk.thread_class.also:
        return Target(f"{walk.thread_class.qualname.rpartition('.')[2]}.{walk.thread_class.method}")
    if not walk.roots:
        spawn = walk.spawn
        return Target(spawn.mod.short(spawn.func) if spawn is not None else "?")
    root = root_of(walk, at) if at is not None else None
    return function_target(sol, root if root in walk.roots else walk.roots[0])


def root_of(walk: Walk, at: FuncKey) -> FuncKey:
    """The function the walk's calls to ``at`` start from (``at`` itself if it is a root, or
    if the walk does not reach it)."""
    chain = walk.chain(at) if at not in walk.roots else []
    return chain[0][0] if chain else at


def function_target(sol: Solution, key: FuncKey, caller: str = "") -> Target:
    """A function of the project as messages name what runs on the other thread."""
    mod = sol.program.modules[key[0]]
    return Target("" if mod.nodes[key[1]][0] == "Lam" else sol.ev.display(mod, key[1]), caller)


def column(sol: Solution, path: str, line: int) -> int:
    """Where the code on ``line`` starts (1-based), for a note on a whole line."""
    mod = sol.program.by_path.get(path)
    if mod is None:
        return 1
    if 0 < line <= mod.line_count():
        text = mod.line_text(line)
        return len(text) - len(text.lstrip()) + 1
    return 1


def place(sol: Solution, module: str, node: int) -> Span:
    return sol.program.modules[module].place(node)


def spawn_at(sol: Solution, walk: Walk, here: str) -> str:
    spawn = walk.spawn
    if spawn is None:
        if walk.thread_class is None:
            return "`?.start()`"
        tc = walk.thread_class
        # a request handler's threads are started by the server it is given to (its label)
        return f"`{tc.label if tc.own_self else tc.qualname.rpartition('.')[2]}.{tc.starts}()`"
    return f"line {spawn.line}" if spawn.mod.path == here else f"{spawn.mod.path}:{spawn.line}"


def notes(sol: Solution, trait: Optional[Trait], walk: Optional[Walk], chain: Sequence[Tuple[FuncKey, int]] = (),
          last: Optional[FuncKey] = None) -> Tuple[Note, ...]:
    """The notes of a finding: where the trait comes from, where the work is handed over, and
    the calls of ``chain`` (from the thread's root), each naming the function it calls; the last
    one's is ``last`` (unnamed when None: the message names it)."""
    out: List[Note] = list(wording.origin_notes(trait, lambda p, l: column(sol, p, l)))
    if walk is not None and walk.spawn is not None:
        out.append(wording.handover_note(place(sol, walk.spawn.mod.name, walk.spawn.call), walk.spawn.label))
    elif walk is not None and walk.thread_class is not None:
        starts = thread_starts(sol, walk.thread_class)
        if starts:
            mod, _, start, _ = starts[0]
            out.append(wording.started_here(mod.place(start), task=False))
    for (caller, call), callee in zip(chain, [c for c, _ in chain[1:]] + [last]):
        if call < 0:
            continue
        name = display(sol, callee) if callee is not None else ""
        if name:
            out.append(wording.chain_note(place(sol, caller[0], call), name))
    return tuple(out)


def thread_starts(sol: Solution, tc: ThreadClass) -> List[Tuple[Module, int, int, int]]:
    """(module, the constructor call, its ``start()`` call, the first ``join()`` after it
    or -1) for each instance of the class started at HOME."""
    name = tc.mod.nodes[tc.cls][1]
    out = []
    init = sol.ev.find_method(tc.qualname, "__init__")
    # a thread its constructor starts (`self.start()` in `__init__`) starts at the call that
    # makes it
    starts_itself = tc.starts == "start" and init is not None and _starts_itself(sol.program.modules[init[0]], init[1])
    for mod, nid, _ in sol.threads.references(name):
        parent = mod.parent(nid)
        if parent < 0 or mod.nodes[parent][0] != "Call" or mod.nodes[parent][1] != nid:
            continue
        call = parent
        frame = mod.frame(call)
        if frame and not sol.threads.home_reachable(mod, frame):
            continue
        var = assigned_place(mod, call)  # `w = Worker()`, `self.w = Worker()`
        starts = [call] if starts_itself else calls_on(mod, frame, var, (tc.starts,)) if var else []
        if not starts:
            continue
        start = starts[0]
        joins = [j for j in calls_on(mod, frame, var, ("join",)) if mod.pos(j) > mod.pos(start)
                 and not mod.nodes[j][2]] if var else []
        out.append((mod, call, start, joins[0] if joins else -1))
    return out


# ---------------------------------------------------------------------- the spawning side


class Root(NamedTuple):
    """Code at HOME after a thread starts: the function, and the call after which it runs
    alongside the thread (the spawn, ``t.start()``, the call of the function that spawns)."""

    mod: Module
    fn: int
    after: int
    walk: Optional[Walk]
    spawn: Optional[Spawn] = None
    #: a Thread subclass's first ``join()`` after ``after`` in ``fn`` (-1: none)
    join: int = -1
    #: the function that starts the thread is called here, and has returned
    caller: bool = False
    #: where a Thread subclass's thread is started (``after``, but in the function called)
    start: Optional[Tuple[Module, int]] = None
    #: the object that waits for it (the ``Thread``, the future, the Thread subclass's object):
    #: where it is made, and the class whose ``self.join()`` waits for it too
    handle: Tuple[str, int] = ("", -1)
    thread_class: str = ""
    #: a method of the object whose method started the thread (or handed its loop work),
    #: called from outside the project (``stop()``, ``__exit__``): its whole body may run while
    #: the thread does; ``origin`` is that other method
    sibling: bool = False
    origin: int = 0


def home_roots(sol: Solution, spawns: List[Spawn], classes: List[ThreadClass], siblings: bool = True
               ) -> Iterator[Root]:
    """The code at HOME that runs while the threads of ``spawns`` and ``classes`` may run: the
    function that starts each, after the start, and the callers of that function after their
    call of it; with ``siblings``, also the methods beside it (``_siblings``)."""
    threads = sol.threads
    starts: List[Root] = [Root(s.mod, s.spawner, s.call, threads.walks.get(s.ctx), s, handle=(s.mod.name, s.call))
                          for s in spawns]
    for tc in classes:
        walk = threads.walks.get(tc.ctx)
        starts.extend(Root(mod, mod.frame(start), start, walk, join=join, start=(mod, start), handle=(mod.name, call),
                           thread_class=tc.qualname)
                      for mod, call, start, join in thread_starts(sol, tc))
    done: set = set()
    for root in starts:
        if root.walk is None or (root.mod.name, root.fn, root.walk.ctx) in done:
            continue
        if root.fn and not threads.home_reachable(root.mod, root.fn):
            continue
        done.add((root.mod.name, root.fn, root.walk.ctx))
        yield root
        if siblings:
            yield from _sibling_roots(sol, root, done)
        yield from caller_roots(sol, root, done)
    # a method that hands a loop some thread runs its work (`run_coroutine_threadsafe`): the
    # other methods of its object run alongside that work, as a spawner's do
    for (ctx, _), (_, _, module, call) in sorted(threads.bridge_calls.items()) if siblings else ():
        walk = threads.walks.get(ctx)
        mod = sol.program.modules[module]
        fn = mod.frame(call)
        if walk is None or not fn or not threads.home_reachable(mod, fn):
            continue
        spawn = walk.spawn
        handle = (spawn.mod.name, spawn.call) if spawn is not None else ("", -1)
        yield from _sibling_roots(sol, Root(mod, fn, call, walk, spawn, handle=handle), done)


def caller_roots(sol: Solution, root: Root, done: set) -> Iterator[Root]:
    """The callers of ``root``'s function, after their call of it, as roots of their own (and
    theirs in turn, when they hand its result straight back); ``done`` holds the (module,
    function, thread) already given."""
    ctx = root.walk.ctx if root.walk is not None else None
    callers = [(cmod, call, 0) for cmod, call in _callers(sol, root.mod, root.fn)]
    while callers:
        cmod, call, depth = callers.pop(0)
        cframe = cmod.frame(call)
        if (cmod.name, cframe, ctx) not in done:
            done.add((cmod.name, cframe, ctx))
            yield root._replace(mod=cmod, fn=cframe, after=call, caller=True)
            if depth < RETURN_CALLERS and _returned_at_once(cmod, call):
                # `return self._start_loop()`: its caller goes on, after the thread starts
                callers += [(m, c, depth + 1) for m, c in _callers(sol, cmod, cframe)]


def _sibling_roots(sol: Solution, root: Root, done: set) -> Iterator[Root]:
    """``root``'s function's sibling methods (``_siblings``), as roots of their own."""
    ctx = root.walk.ctx if root.walk is not None else None
    for method in _siblings(sol, root):
        if (root.mod.name, method, ctx) not in done:
            done.add((root.mod.name, method, ctx))
            yield root._replace(fn=method, after=method, caller=True, sibling=True, join=-1, origin=root.fn)


#: the special methods a user of the object calls by statement on their own thread (`with`);
#: the others run wherever the object is used (`for row in self`, `len(self)`) or at no set time
_USER_DUNDERS = frozenset({"__exit__", "__aexit__"})


def _siblings(sol: Solution, root: Root) -> List[int]:
    """The other methods of the class whose method starts ``root``'s thread that the project
    never names (``stop()``, ``__exit__``): the object's users call them, from the thread that
    started it, at any time after. Not those the thread itself reaches."""
    mod, walk = root.mod, root.walk
    if walk is None or not root.fn or root.caller or mod.def_kind.get(root.fn) != "Def":
        return []
    if root.spawn is not None and root.spawn.call == root.after:
        win = window(root.spawn)
        if win is None or win.end != END:
            return []  # waited for before the method returns: nothing else runs meanwhile
    elif root.spawn is None and root.join >= 0:
        return []
    cls = mod.class_of(root.fn)
    if cls < 0 or mod.nodes[cls][0] != "Cls" or not _own_dispatch(sol, mod, cls):
        return []
    out = []
    for site in mod.nodes[cls][5]:
        node = mod.nodes[site]
        if node[0] != "Def" or site == root.fn or (mod.name, site) in walk.funcs:
            continue
        if any(mod.nodes[d][0] != "Name" or mod.nodes[d][1] != "property" for d in node[3]):
            continue  # a decorated method may be anything: only plain ones and properties
        name = node[1]
        if name.startswith("__") and name.endswith("__"):
            if name in _USER_DUNDERS:
                out.append(site)
            continue
        if not _named_elsewhere(sol, sol.ev.qualname(mod, cls), name):  # else its callers say when it runs
            out.append(site)
    return out


def _named_elsewhere(sol: Solution, cls: str, name: str) -> bool:
    """Does the project read ``name`` anywhere that may be this method of the class ``cls``?
    Every read counts, but an attribute of an object whose types are all known, unrelated to
    the class and without a ``__getattr__`` (``self._loop.stop`` names the loop's ``stop``,
    not the class's own)."""
    for rmod, node, _frame, *_ in sol.threads.references(name):
        ref = rmod.nodes[node]
        if ref[0] != "Attr":
            return True
        value = sol.ev.value(rmod, ref[1], HOME)
        if not value.atoms or any(not isinstance(a, Inst) or not a.types for a in value.atoms):
            return True
        if any(t == cls or cls in sol.ev.mro(t) or t in sol.ev.mro(cls) or _forwards_attributes(sol, t)
               for a in value.insts for t in a.types):
            return True
    return False


def _forwards_attributes(sol: Solution, cls: str) -> bool:
    """Does the class hand out another object's attributes (a proxy: ``__getattr__`` or
    ``__getattribute__`` that calls ``getattr``), so that reading ``x.stop`` on it may give
    anything's ``stop``?"""
    for name in ("__getattr__", "__getattribute__"):
        found = sol.ev.find_method(cls, name)
        if found is None:
            continue
        mod = sol.program.modules[found[0]]
        if any(mod.nodes[n][0] == "Call" and mod.nodes[mod.nodes[n][1]][0] == "Name"
               and mod.nodes[mod.nodes[n][1]][1] == "getattr" for n in mod.body_nodes(found[1])):
            return True
    return False


#: library bases that call none of a class's methods themselves
_INERT_BASES = frozenset({"builtins.object", "abc.ABC", "typing.Generic", "typing_extensions.Generic"})


def _own_dispatch(sol: Solution, mod: Module, cls: int) -> bool:
    """Are the class's methods called only as its code shows: no library base that may call
    them by name on its own thread (an ``asyncio.Protocol``'s ``data_received``, a ``QObject``'s
    ``timerEvent``), no ``getattr(self, name)`` built at run time?"""
    qualname = sol.ev.qualname(mod, cls)
    if any(sol.program.definition(base) is None and base not in _INERT_BASES for base in sol.ev.mro(qualname)):
        return False
    for nid in mod.walk(cls):
        node = mod.nodes[nid]
        if node[0] == "Call" and len(node[2]) >= 2 and mod.nodes[node[1]][0] == "Name" \
                and mod.nodes[node[1]][1] == "getattr" and mod.nodes[node[2][1][1]][0] != "Const":
            return False
    return True


#: how many callers up the spawning side is followed through functions that return what the
#: call that starts the thread returns (``def _get_loop(): return self._start_loop()``)
RETURN_CALLERS = 2


def _returned_at_once(mod: Module, call: int) -> bool:
    """Is ``call`` the value of a ``return`` statement (the function ends with it)?"""
    parent = mod.parent(call)
    return parent >= 0 and mod.nodes[parent][0] == "Ret"


def _callers(sol: Solution, mod: Module, fn: int) -> List[Tuple[Module, int]]:
    """The calls at HOME of the function ``fn`` (of its class, for ``__init__``)."""
    if not fn or mod.def_kind.get(fn) is None:
        return []
    threads = sol.threads
    name = mod.name_of(fn)
    cls = mod.class_of(fn)
    if cls >= 0 and name == "__init__":
        name = mod.name_of(cls)
    out = []
    for user, nid, frame in threads.references(name):
        call = user.parent(nid)
        if call < 0 or user.nodes[call][0] != "Call" or user.nodes[call][1] != nid:
            continue
        if frame and not threads.home_reachable(user, frame):
            continue
        callee = sol.ev.value(user, nid, HOME)
        if any(key == (mod.name, fn) for key, _ in threads.targets(user, call, callee, HOME)):
            out.append((user, call))
    return out


def home_uses(sol: Solution, root: Root) -> Iterator[Tuple[Use, List[Tuple[tuple, int]]]]:
    """The uses at HOME of ``root``'s function, and of the functions it calls after the thread
    starts, with the calls that lead to each."""
    threads = sol.threads
    for use in sol.home_uses(root.mod, root.fn):
        yield use, []
    walk = threads.home_walk(root.mod, root.fn, lambda nid: runs_before(root, nid))
    for key in sorted(walk.funcs):
        if key == (root.mod.name, root.fn):
            continue
        chain = walk.chain(key)  # the walk leaves out the calls before the start
        held = walk.funcs[key].locks or frozenset()
        for use in sol.home_uses(sol.program.modules[key[0]], key[1], held):
            yield use, chain


def home_notes(sol: Solution, root: Root, use: Use, chain: List[Tuple[tuple, int]]) -> List[Note]:
    """The notes that lead from ``root`` to a use on the spawning side: the call that started
    the thread when ``root`` is a caller of the function that starts it, then each call."""
    out: List[Note] = []
    if root.sibling:
        out.append(wording.sibling_note(place(sol, root.mod.name, root.fn), display(sol, (root.mod.name, root.origin))))
    elif root.caller:
        spawner = (root.spawn.mod.name, root.spawn.spawner) if root.spawn is not None else (
            (root.start[0].name, root.start[0].frame(root.start[1])) if root.start is not None else None)
        if spawner is not None:
            out.append(wording.starts_by_call_note(place(sol, root.mod.name, root.after), display(sol, spawner)))
    for (caller, call), callee in zip(chain, [c for c, _ in chain[1:]] + [(use.module, use.fn)]):
        out.append(wording.home_chain_note(place(sol, caller[0], call), display(sol, callee)))
    return out


def joined(sol: Solution, root: Root, use: Use, chain: List[Tuple[tuple, int]]) -> bool:
    """Has the spawning side waited for the thread before ``use``: a join point after the start
    and before each step that leads to the use (in ``root``'s function, in each function of the
    calls, in the use's own), whether written there or in a method called there
    (``feed.wait()``, which does ``self.t.join()``)? Any join counts, even one the way on may
    skip: the analysis does not follow paths, and silence is the safe answer."""
    steps = [(sol.program.modules[caller[0]], caller[1], call) for caller, call in chain]
    steps.append((sol.program.modules[use.module], use.fn, use.node))
    memo: dict = {}
    for i, (mod, fn, node) in enumerate(steps):
        lower = mod.pos(root.after) if i == 0 and mod is root.mod and fn == root.fn else None
        for nid in mod.body_nodes(fn):
            if mod.nodes[nid][0] != "Call" or not mod.pos(nid) < mod.pos(node) or nid in set(mod.ancestors(node)):
                continue
            if lower is not None and not lower < mod.pos(nid):
                continue
            if _waits(sol, root, mod, nid, 0, memo):
                return True
    return False


def _waits(sol: Solution, root: Root, mod: Module, call: int, depth: int, memo: dict) -> bool:
    """Is the call a join point of ``root``'s thread, or a call of a project function (two
    calls deep at most) that has one?"""
    node = mod.nodes[call]
    func = mod.nodes[node[1]]
    ev = sol.ev
    kind = root.spawn.boundary.handle if root.spawn is not None else "thread"
    if func[0] == "Attr" and func[2] in JOINS.get(kind, ()) and not node[2]:
        # the handle's own join point, without a timeout (`t.join()`, `future.result()`)
        for atom in ev.value(mod, func[1], HOME).insts:
            if atom.site == root.handle or root.thread_class and root.thread_class in atom.types:
                return True
    if func[0] == "Attr" and func[2] in POOL_JOINS and kind in POOLED and root.spawn is not None \
            and not any(k == "wait" and mod.nodes[a] == ("Const", False) for k, a in node[2]):
        # the executor or pool that runs the task, shut down (waiting for its tasks)
        pools = sol.threads.pools(root.spawn)
        if any(atom.site in pools for atom in ev.value(mod, func[1], HOME).insts):
            return True
    if depth >= 2:
        return False
    for key, _ in sol.threads.targets(mod, call, ev.value(mod, node[1], HOME), HOME):
        found = memo.get(key)
        if found is None:
            memo[key] = False
            fmod = sol.program.modules[key[0]]
            found = memo[key] = any(fmod.nodes[n][0] == "Call" and _waits(sol, root, fmod, n, depth + 1, memo)
                                    for n in fmod.body_nodes(key[1]))
        if found:
            return True
    return False


def runs_before(root: Root, node: int) -> bool:
    """Does the call ``node`` (in ``root``'s function) run before the thread starts, every
    time? The call that starts it (``main()``, which spawns) counts as before: what it does
    is judged where it spawns. A call around it (``consume(pool.map(...))``) runs after."""
    mod = root.mod
    if node == root.after:
        return True  # the call that starts it (again, in a loop): what it does is judged there
    if mod.frame(node) != root.fn or in_loop(mod, root.after, root.fn) >= 0:
        return False
    if node in mod.ancestors(root.after):
        return False
    return mod.pos(node) < mod.pos(root.after)


def _starts_itself(mod: Module, init: int) -> bool:
    """Does the constructor's own code call ``self.start()``, not under a test?"""
    params = mod.nodes[mod.nodes[init][2]][1]
    if not params:
        return False
    selfname = mod.nodes[params[0]][1]
    return any(_always(mod, call, init) for call in calls_on(mod, init, selfname, ("start",)))


def _always(mod: Module, nid: int, fn: int) -> bool:
    """Does every run of ``fn`` run ``nid``: no test, loop, ``try`` or ``with`` around it?"""
    return all(mod.nodes[a][0] not in ("If", "Try", "While", "For", "With", "Match") for a in mod.ancestors(nid)
               if mod.frame(a) == fn and a != fn)


def starts_through_super(sol: Solution, qualname: str, starts: Tuple[str, int]) -> bool:
    """Is the project's own ``start()`` of the Thread subclass ``qualname`` (``starts``) one
    that always starts its thread: it calls ``super().start()`` outside any test or loop, and
    no other class of the project on the way up defines ``start``?"""
    mod = sol.program.modules[starts[0]]
    fn = starts[1]
    owner = sol.ev.qualname(mod, mod.class_of(fn)) if mod.class_of(fn) >= 0 else ""
    mro = sol.ev.mro(qualname)
    if owner not in mro:
        return False
    for base in mro[mro.index(owner) + 1:]:
        above = sol.ev.find_method(base, "start")
        if above is not None and above[0] in sol.program.modules:
            return False  # `super().start()` runs another `start()` of the project
    for nid in mod.body_nodes(fn):
        node = mod.nodes[nid]
        if node[0] != "Call" or mod.frame(nid) != fn or mod.nodes[node[1]][0] != "Attr":
            continue
        func = mod.nodes[node[1]]
        inner = mod.nodes[func[1]]
        if func[2] == "start" and inner[0] == "Call" and not inner[2] and mod.nodes[inner[1]][0] == "Name" \
                and mod.nodes[inner[1]][1] == "super" and _always(mod, nid, fn):
            return True
    return False


def through(sol: Solution, walk: Walk, use: Use) -> Tuple[Tuple[FuncKey, int], ...]:
    """The calls from the thread's root to the function of ``use``."""
    return tuple(walk.chain((use.module, use.fn)))


def via(sol: Solution, walk: Walk, use: Use, reader: Optional[FuncKey] = None) -> Via:
    """How the thread reaches the function that reads or uses a value, when that is not the
    root itself."""
    key = reader or (use.module, use.fn)
    if key in walk.roots or key[1] == 0:
        return Via()
    chain = walk.chain(key)
    steps = [display(sol, callee) for callee in [c for c, _ in chain[1:]]]
    return Via(display(sol, key), str(target_of(sol, walk, key)), tuple(steps))


def held_as(sol: Solution, entry: Entry) -> str:
    """How messages say a global value is kept: ``a class attribute`` for one read through its
    class (``Config.DB``), else ``a module global``."""
    mod = sol.program.modules.get(entry.module)
    if mod is not None and entry.node >= 0 and mod.nodes[entry.node][0] == "Attr":
        base = sol.ev.value(mod, mod.nodes[entry.node][1], HOME)
        for ref in base.refs():
            found = sol.program.definition(ref)
            if found is not None and found[0].kind(found[1]) == "Cls":
                return "a class attribute"
    return "a module global"


def entry_frame(sol: Solution, entry: Entry) -> FuncKey:
    mod = sol.program.modules[entry.module]
    return entry.module, mod.frame(entry.node)


def first(uses: Sequence[Use], sol: Solution) -> Use:
    """The use a finding reports: the first in the source, and among uses at one place (an
    object that may be of several classes) the same one on every run."""
    def key(u: Use) -> tuple:
        mod = sol.program.modules[u.module]
        return (mod.path, mod.pos(u.node), u.kind, u.detail, sorted(u.atom.types), u.atom.site, u.fn)
    return min(uses, key=key)


__all__ = ["Root", "display", "entry_frame", "first", "function_target", "root_of", "home_notes", "home_roots", "home_uses", "joined", "notes", "place", "caller_roots", "starts_through_super",
           "runs_before", "spawn_at", "target_of", "thread_starts", "through", "via"]
