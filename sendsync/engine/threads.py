"""What runs where: the calls that hand work to another thread, and every function each thread
runs.

A *spawn* is a call the knowledge calls a boundary (``threading.Thread(target=...)``,
``executor.submit``, ``asyncio.to_thread``, a done-callback...), found however the boundary was
imported or reached (an executor in a field, a parameter annotated with its type). Each spawn
starts a thread context ``t<n>``; each ``threading.Thread`` subclass with a ``run()`` one
context ``c:<class>``. A context's *walk* is every function its root reaches through calls in the
project: plain calls, methods (``self.refresh()`` on the object's class), constructors
(``Cls()`` runs ``__init__``), properties, ``with`` blocks, callables passed to helpers or to
library code (which calls them on the same thread), partials and decorators. The walk records
each function's call edges on that thread (where its parameters come from) and the locks held
around each call.

An event loop a thread runs (``Thread(target=loop.run_forever)``, or ``loop.run_forever()`` in
the thread's code) runs on that thread what the loop's bridges hand it: the coroutine of
``run_coroutine_threadsafe(coro, loop)`` and the callback of ``loop.call_soon_threadsafe(cb)``
are roots of that thread's walk, never walked on the thread that hands them over. A coroutine
handed to a loop no thread of the project runs is taken to run at HOME.

Everything not on a walk runs at ``HOME``: the main thread, or whichever thread calls into the
project. A function runs at HOME too if code at HOME refers to it (module-level code, a function
that runs at HOME, a reference that escapes), or if nothing in the project refers to it at all
(``main()``, a public API): only a function that is reached from thread roots alone stays off
HOME (``run()``'s helpers).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple

from ..knowledge import FUTURE, LOOP_BRIDGES, LOOP_RUNS, REGISTERS, Arg, Boundary, Knowledge, LoopBridge
from ..knowledge.annotations import (
    HANDLER_METHODS, HANDLER_PREFIX, REQUEST_HANDLERS, REQUEST_METHODS, REQUEST_SERVERS, REQUEST_SERVES, THREAD_CLASSES,
    THREAD_RUNS,
)
from ..knowledge.thirdparty import GREEN_SERVERS
from ..knowledge.toolkits import GOBJECT_EMITTERS, QT_BINDINGS
from ..rules.wording import Handed, How
from .evaluate import Edge, Evaluator, Frames, bind_arguments, parameter_reads
from .evaluate import resolve
from .facts import NO_USES
from .program import Module, Program, called_name, comparison, enclosing_tests, per_node, sole_values
from .values import (
    EMPTY, HOME, SELF_SITE, Atom, Bound, Ctx, Entry, Fn, Inst, Partial, Ref, Value, called_functions, order, with_entry,
)

FuncKey = Tuple[str, int]  # (module, Def/Lam node)
#: rounds of walking before the call graph is taken as settled
ROUNDS = 3
#: how many times the receivers read too early are read again (each pass binds one more call
#: of a chain ``a()`` -> ``self.b()`` -> ``self.c()`` whose values were worked out early)
REBIND_PASSES = 3
#: the nodes through which a walk enters a function: a call, a property read, a ``with`` block
_WAYS_IN = frozenset({"Call", "Attr", "With"})
#: the decorator that makes a generator function a context manager (its ``yield`` is the block)
CONTEXT_MANAGER = "contextlib.contextmanager"
#: how deep a walk follows calls from its root, and how many functions it takes in at most:
#: what a thread does a dozen calls down, through a test framework's machinery, is left out
#: (precision first: unseen code reports nothing) and costs nothing
MAX_DEPTH = 10
MAX_FUNCS = 600
#: the same for the spawning side's walk (``home_walk``): what comes back is used within a
#: few calls of the code that handed the work over, or of its caller
HOME_DEPTH = 3
HOME_FUNCS = 120


@dataclass(eq=False)
class Spawn:
    index: int
    mod: Module
    call: int
    boundary: Boundary
    func: int  # the node of the callable handed over
    #: (node, how it is handed over, keyword or None) of each argument that reaches the callable
    args: List[Tuple[int, Handed, Optional[str]]] = field(default_factory=list)
    iterables: List[int] = field(default_factory=list)
    spawner: int = 0  # the frame making the call (0: module level)

    @property
    def ctx(self) -> Ctx:
        return f"t{self.index}"

    @property
    def label(self) -> str:
        return self.boundary.label

    @property
    def line(self) -> int:
        return self.mod.line(self.call)


@dataclass(eq=False)
class ThreadClass:
    """A ``threading.Thread`` subclass: ``run()`` is the root of its own thread. Or a threading
    server's subclass: its override of a method each request's thread runs (``finish_request``)
    is the root of those threads, several at once. Or a request handler given to such a server:
    its request methods (``setup``, ``do_GET``...) are the roots, on a handler of each thread's own."""

    qualname: str
    mod: Module
    cls: int
    run: FuncKey
    #: how messages name the thread it is (``threading.Thread``, ``QThread``, ``ThreadingHTTPServer``)
    label: str = "threading.Thread"
    #: the root method's name, and the method that starts the thread (or the serving)
    method: str = "run"
    starts: str = "start"
    #: one thread per request: the root runs on several threads at once
    many: bool = False
    #: each of those threads has an object of the class of its own (a request handler): only
    #: what it reaches beyond its own fields is shared
    own_self: bool = False
    #: the other methods the same thread runs, on the same object (a handler's ``handle``,
    #: ``do_GET``... after its ``setup``)
    also: Tuple[FuncKey, ...] = ()

    @property
    def ctx(self) -> Ctx:
        return f"c:{self.qualname}" if self.method == "run" else f"c:{self.qualname}.{self.method}"


@dataclass
class Reached:
    """A function on a walk: how the thread gets there."""

    key: FuncKey
    edges: List[Edge] = field(default_factory=list)
    #: ``edges`` as a set, to ask whether one is known (a function called from a thousand
    #: places has a thousand ways in)
    known: Set[Edge] = field(default_factory=set)
    #: the locks every way in holds (None: not known yet)
    locks: Optional[FrozenSet[object]] = None
    #: the first way in: (caller, call node), None for a root
    via: Optional[Tuple[FuncKey, int]] = None
    depth: int = 0
    #: some way in may run it with an event loop running on the thread (a coroutine, or what
    #: one calls); else the branches that need one (``if running_loop is not None:``) are dead
    loop: bool = False


@dataclass
class Walk:
    ctx: Ctx
    spawn: Optional[Spawn] = None
    thread_class: Optional[ThreadClass] = None
    funcs: Dict[FuncKey, Reached] = field(default_factory=dict)
    roots: List[FuncKey] = field(default_factory=list)
    #: what the thread's work is run on directly (``Thread(target=conn.commit)``): (node, the
    #: objects, whether library code runs it, the library method bound to them or "")
    direct: List[Tuple[int, Value, bool, str]] = field(default_factory=list)
    #: the walk stopped at MAX_DEPTH or MAX_FUNCS
    truncated: bool = False
    #: (how deep, how many functions) it goes
    limits: Tuple[int, int] = (MAX_DEPTH, MAX_FUNCS)
    #: a thread's walk, which the evaluator reads (``contexts``, ``incoming``); a HOME walk is
    #: read by the checks alone
    indexed: bool = True
    #: nodes a HOME walk does not go through (the calls before the thread starts)
    skip: FrozenSet[Tuple[str, int]] = frozenset()

    def chain(self, key: FuncKey) -> List[Tuple[FuncKey, int]]:
        """The calls from the root to ``key``: [(caller, call node), ...]."""
        out: List[Tuple[FuncKey, int]] = []
        seen: Set[FuncKey] = set()
        current = self.funcs.get(key)
        while current is not None and current.via is not None and current.key not in seen:
            seen.add(current.key)
            caller, call = current.via
            out.append((caller, call))
            current = self.funcs.get(caller)
        return list(reversed(out))


class Threads(Frames):
    def __init__(self, program: Program, knowledge: Knowledge) -> None:
        self.program = program
        self.knowledge = knowledge
        self.ev: Evaluator = None  # type: ignore[assignment]  # set by solve()
        self.spawns: List[Spawn] = []
        self.by_call: Dict[Tuple[str, int], Spawn] = {}
        self.classes: List[ThreadClass] = []
        self.walks: Dict[Ctx, Walk] = {}
        #: what ``walks`` holds, by function: the walks that reach it (in the order of
        #: ``walks``), and the functions some walk starts at
        self._reaching: Dict[FuncKey, List[Ctx]] = {}
        self._walk_order: Dict[Ctx, int] = {}
        self._walk_roots: Set[FuncKey] = set()
        self._home: Dict[FuncKey, bool] = {}
        self._busy: Set[FuncKey] = set()
        self._refs: Dict[str, List[Tuple[Module, int]]] = {}
        self._targets: Set[Tuple[str, int]] = set()  # callable nodes handed to spawns
        self._target_modules: Set[str] = set()
        self._roots: Set[FuncKey] = set()
        #: module -> the exception that stopped the walk of one of its threads
        self.failures: Dict[str, BaseException] = {}
        self._by_ctx: Dict[Ctx, Spawn] = {}
        self._library: Dict[FuncKey, bool] = {}
        self._pool_memo: Dict[int, FrozenSet[Tuple[str, int]]] = {}
        self._wrapped_locks: Dict[Tuple[Tuple[str, int], str], Set[object]] = {}
        self._decorator_refs: Dict[FuncKey, Tuple[str, ...]] = {}
        self._declared_safe: Optional[FrozenSet[FuncKey]] = None
        self._home_walks: Dict[Tuple[FuncKey, FrozenSet[int]], Walk] = {}
        self._manager_memo: Dict[FuncKey, Set[object]] = {}
        #: event loops (by creation site) and the threads that run them, from the last round
        self._loop_threads: Dict[Tuple[str, int], List[Ctx]] = {}
        #: ... of those, the threads whose work is running the loop (its target)
        self._loop_targets: Dict[Tuple[str, int], List[Ctx]] = {}
        #: of those, the threads that run it until it is stopped (``run_forever``)
        self._forever: Dict[Tuple[str, int], List[Ctx]] = {}
        #: by thread: what bridges hand to the loop it runs, entered as roots (last round's)
        self._bridge_roots: Dict[Ctx, List[Tuple[FuncKey, Edge]]] = {}
        self._makes_loop_objects: Dict[Ctx, bool] = {}
        #: a bridge call handing a coroutine to a loop a thread runs -> (thread, coroutine function)
        self._bridge_results: Dict[Tuple[str, int], List[Tuple[Ctx, FuncKey]]] = {}
        #: (thread, root) -> the first bridge call that hands that root over: (path, position,
        #: module, node)
        self.bridge_calls: Dict[Tuple[Ctx, FuncKey], tuple] = {}

    # ------------------------------------------------------------------ Frames
    def contexts(self, mod: Module, fn: int) -> List[Ctx]:
        if fn == 0:
            return [HOME]
        key = (mod.name, fn)
        out = [HOME] if self.home_reachable(mod, fn) else []
        reaching = self._reaching.get(key)
        if reaching:
            out += reaching
        return out

    def runs_in(self, mod: Module, fn: int, ctx: Ctx) -> bool:
        if fn == 0:
            return ctx == HOME
        if ctx == HOME:
            return self.home_reachable(mod, fn)
        walk = self.walks.get(ctx)
        return walk is not None and (mod.name, fn) in walk.funcs

    def incoming(self, mod: Module, fn: int, ctx: Ctx) -> Optional[List[Edge]]:
        if ctx == HOME:
            return None
        walk = self.walks.get(ctx)
        if walk is None:
            return []
        reached = walk.funcs.get((mod.name, fn))
        return list(reached.edges) if reached is not None else []

    def spawn_result(self, mod: Module, call: int, ctx: Ctx) -> Optional[Value]:
        spawn = self.by_call.get((mod.name, call))
        if spawn is None:
            bridged = self._bridge_results.get((mod.name, call))
            if bridged is None:
                return None
            # `run_coroutine_threadsafe(coro, loop)`: a future of what the coroutine returns on
            # the thread that runs the loop
            items = EMPTY
            for thread, key in bridged:
                items = items.join(self.ev.returned(self.program.modules[key[0]], key[1], thread))
            return Value([Inst((mod.name, call), frozenset({FUTURE}), None, None, ctx, items=items or None)])
        items = self.result(spawn)
        node = mod.nodes[mod.parent(call)] if mod.parent(call) >= 0 else None
        if node is not None and node[0] == "Await":
            return with_entry(items, Entry("back", mod.name, mod.parent(call), spawn.mod.short(spawn.call),
                                           spawn=spawn.index), ctx)
        returns = spawn.boundary.returns or FUTURE
        return Value([Inst((mod.name, call), frozenset({returns}), None, None, ctx, items=items or None)])

    def started_at(self, ctx: Ctx) -> Optional[Tuple[str, int, int]]:
        spawn = self._by_ctx.get(ctx)
        return (spawn.mod.name, spawn.spawner, spawn.call) if spawn is not None else None

    def started_line(self, ctx: Ctx) -> Optional[int]:
        """The line of the boundary call that starts the thread ``ctx`` (None: not a spawn's)."""
        spawn = self._by_ctx.get(ctx)
        return spawn.line if spawn is not None else None

    def same_threads(self, ctx: Ctx) -> List[Ctx]:
        spawn = self._by_ctx.get(ctx)
        if spawn is None:
            return [ctx]
        pools = self.pools(spawn)
        if not pools:
            return [ctx]
        return [s.ctx for s in self.spawns if s.ctx in self.walks and self.pools(s) & pools] or [ctx]

    def pools(self, spawn: Spawn) -> FrozenSet[Tuple[str, int]]:
        """The executors or pools a spawn's work runs on, by where they are created."""
        found = self._pool_memo.get(spawn.index)
        if found is None:
            if spawn.boundary.role == "initializer":
                found = frozenset({(spawn.mod.name, spawn.call)})
            else:
                func = spawn.mod.nodes[spawn.mod.nodes[spawn.call][1]]
                found = frozenset()
                if func[0] == "Attr":
                    receiver = self.ev.value(spawn.mod, func[1], HOME)
                    found = frozenset(a.site for a in receiver.insts)
            self._pool_memo[spawn.index] = found
        return found

    def result(self, spawn: Spawn) -> Value:
        """What the work handed over at ``spawn`` returns (on its own thread)."""
        walk = self.walks.get(spawn.ctx)
        if walk is None:
            return EMPTY
        out = EMPTY
        for key in walk.roots:
            mod = self.program.modules[key[0]]
            out = out.join(self.ev.returned(mod, key[1], spawn.ctx))
        return out

    # ------------------------------------------------------------------ solving
    def solve(self, ev: Evaluator) -> None:
        """Find the spawns and walk every thread until the call graph settles."""
        self.ev = ev
        self.find_spawns()
        self.find_thread_classes()
        previous: Optional[Dict[Ctx, Set[Tuple[FuncKey, Edge]]]] = None
        for _ in range(ROUNDS):
            ev.reset()
            self._home.clear()
            walks: Dict[Ctx, Walk] = {}
            for spawn in self.spawns:
                walks[spawn.ctx] = Walk(spawn.ctx, spawn=spawn)
            for tc in self.classes:
                walks[tc.ctx] = Walk(tc.ctx, thread_class=tc)
            old = self.walks
            self.walks = walks
            self._reaching, self._walk_roots = {}, set()
            self._walk_order = {ctx: n for n, ctx in enumerate(walks)}
            for ctx, walk in list(walks.items()):
                try:
                    self._walk(walk, old.get(ctx))
                except Exception as exc:  # this thread's failure is its module's finding
                    del walks[ctx]
                    self._forget(walk)
                    owner = walk.spawn.mod if walk.spawn is not None else walk.thread_class.mod  # type: ignore[union-attr]
                    self.failures.setdefault(owner.name, exc)
            shape = {ctx: {(k, e) for k, r in w.funcs.items() for e in r.edges} for ctx, w in walks.items()}
            bridged = self._bridge_roots
            self._find_loop_threads()
            if shape == previous and self._bridge_roots == bridged:
                break
            previous = shape
        self._rebind_receivers()
        ev.reset()
        self._home.clear()

    def _rebind_receivers(self) -> None:
        """A walk binds ``self`` at a call with what the receiver held when the walk got
        there, and it gets to a field's reads before the constructor that stores the field on
        its thread as often as after (websockets' ``close_socket`` before
        ``Connection.__init__``): the receiver then holds what other threads store. Once the
        walks are done, each bound receiver is read again, for all walks before any edge
        changes, and the edges are bound to that. Only receivers that hold an object of
        another thread than the walk's (or one only declared, which is the main thread's) can
        have been read too early: the others are left as they are. So can a stand-in for
        ``self`` (``self.connect()`` read while ``self.get_cursor()``'s value was worked out,
        before the walk entered ``get_cursor``) in a method the walk enters with its object:
        those are read again too, and again while that binds another call (a chain of them)."""
        for _ in range(REBIND_PASSES):
            if not self._rebind_once():
                break

    def _rebind_once(self) -> bool:
        """One pass of ``_rebind_receivers``: True when an edge changed."""
        stale = [(reached, i, edge) for walk in self.walks.values() for reached in walk.funcs.values()
                 for i, edge in enumerate(reached.edges)
                 if edge.call >= 0 and len(edge.prefix) == 1 and any(
                     a.home != edge.ctx and (a.site[0] != SELF_SITE[0] or self._self_known(walk, edge))
                     for a in edge.prefix[0][1].insts)]
        if not stale:
            return False
        ev = self.ev
        ev.reset()
        self._home.clear()
        fresh: List[Tuple[Reached, int, Edge]] = []
        for reached, i, edge in stale:
            caller = self.program.modules[edge.module]
            node = caller.nodes[edge.call]
            if node[0] != "Call":
                continue
            bound: Optional[Value] = None
            for target, prefix in self.targets(caller, edge.call, ev.value(caller, node[1], edge.ctx), edge.ctx):
                if target == reached.key and len(prefix) == 1:
                    bound = prefix[0][1] if bound is None else bound.join(prefix[0][1])
            if bound is not None and bound.insts and bound != edge.prefix[0][1]:
                fresh.append((reached, i, replace(edge, prefix=((edge.prefix[0][0], bound),))))
        for reached, i, edge in fresh:
            reached.edges[i] = edge
            reached.known = set(reached.edges)
            self.version += 1
        return bool(fresh)

    def _self_known(self, walk: Walk, edge: Edge) -> bool:
        """Does the walk enter the function making the call ``edge`` with an object of its own
        as ``self`` (not a stand-in)?"""
        caller = self.program.modules[edge.module]
        reached = walk.funcs.get((edge.module, caller.frame(edge.call)))
        return reached is not None and any(
            e.prefix and any(a.site[0] != SELF_SITE[0] for a in e.prefix[0][1].insts) for e in reached.edges)

    # ------------------------------------------------------------------ spawn sites
    def find_spawns(self) -> None:
        knowledge = self.knowledge
        names = set(knowledge.boundary_names)
        found: List[Tuple[Module, int, Boundary]] = []
        for mod in sorted(self.program.modules.values(), key=lambda m: m.name):
            if not (mod.facts.identifiers & names):
                continue
            calls = mod.facts.index.get("call", NO_USES)
            spelled = {n for n in mod.facts.identifiers & names if n in calls}
            spelled |= {alias for alias in _aliases(mod, names) if alias in calls}
            # `d.get(k)` is not worth resolving for `@app.get("/")`: only a decorator can be
            # that, and the header says which calls decorate (no body is decoded for `d.get`)
            decorating = mod.facts.index.get("dcall", NO_USES)
            candidates = {entry[0] for n in spelled - knowledge.decorating_names for entry in calls[n]}
            candidates |= {entry[0] for n in spelled & knowledge.decorating_names if n in decorating
                           for entry in decorating[n]}
            for nid in sorted(candidates):
                boundary = self.boundary_of(mod, nid)
                if boundary is not None:
                    found.append((mod, nid, boundary))
        found += self._worker_calls()
        if any(b.per_request for _, _, b in found) and self._green():
            found = [(m, n, b) for m, n, b in found if not b.per_request]
        for mod, nid, boundary in found:
            spawn = self._spawn(len(self.spawns), mod, nid, boundary)
            if spawn is not None:
                self.spawns.append(spawn)
                self.by_call[(mod.name, nid)] = spawn
                self._by_ctx[spawn.ctx] = spawn
                self._targets.add((mod.name, spawn.func))
                self._target_modules.add(mod.name)

    def _green(self) -> bool:
        """Does the project import a library that serves requests on greenlets (gevent)?"""
        for mod in self.program.modules.values():
            for binds in mod.facts.module_names.values():
                for b in binds:
                    if b[0] == "Alias" and (b[2] or b[4]).partition(".")[0] in GREEN_SERVERS:
                        return True
        return False

    def _worker_calls(self) -> List[Tuple[Module, int, Boundary]]:
        """Calls of functions a boundary decorator decorates (``@thread_worker``): each hands
        its function, with the call's arguments, to another thread."""
        names = self.knowledge.decorator_names
        decorated: Dict[str, List[FuncKey]] = {}
        for mod in sorted(self.program.modules.values(), key=lambda m: m.name):
            if not (mod.facts.identifiers & names):
                continue
            for nid, node in enumerate(mod.nodes):
                if node[0] == "Def" and node[3] and self._worker(Fn(mod.name, nid, None)) is not None:
                    decorated.setdefault(node[1], []).append((mod.name, nid))
        out: List[Tuple[Module, int, Boundary]] = []
        if not decorated:
            return out
        for mod in sorted(self.program.modules.values(), key=lambda m: m.name):
            calls = mod.facts.index.get("call", NO_USES)
            for name in sorted(set(decorated) & set(calls)):
                for nid, _ in calls[name]:
                    for fn in called_functions(self.ev.value(mod, mod.nodes[nid][1], HOME)):
                        if (fn.module, fn.node) in decorated[name]:
                            boundary = self._worker(fn)
                            if boundary is not None:
                                out.append((mod, nid, boundary))
                                break
        return out

    def boundary_of(self, mod: Module, call: int) -> Optional[Boundary]:
        func = mod.nodes[mod.nodes[call][1]]
        knowledge = self.knowledge
        if func[0] == "Attr":
            if func[2] not in knowledge.boundary_names:
                return None
            inner = mod.nodes[func[1]]
            if inner[0] == "Attr" and f"{inner[2]}.{func[2]}" in knowledge.dotted_methods:
                # a method of an attribute of a known object (`thread.started.connect(worker.run)`)
                dotted = f"{inner[2]}.{func[2]}"
                for atom in sorted(self.ev.value(mod, inner[1], HOME).insts, key=order):
                    for owner in sorted(atom.types):
                        found = knowledge.boundary_method(owner, dotted)
                        if found is not None:
                            return found
                return None
            receiver = self.ev.value(mod, func[1], HOME)
            # every object the receiver may be must have the boundary (an asyncio future's
            # add_done_callback is not a concurrent.futures one's): precision first
            found_one: Optional[Boundary] = None
            for atom in sorted(receiver.insts, key=order):
                if not atom.types:
                    continue
                if any(knowledge.boundary_method(t, func[2]) is None and self.program.definition(t) is not None
                       and self.ev.find_method(t, func[2]) is not None for t in atom.types):
                    return None  # a project subclass's own method runs (its override of `submit`)
                mine = None
                for owner in sorted(atom.types):
                    if owner in knowledge.uncertain_executors and self.ev.strictness == "complete":
                        owner = knowledge.certain_executor
                    mine = mine or knowledge.boundary_method(owner, func[2])
                if mine is None:
                    return None
                found_one = found_one or mine
            if found_one is not None or any(isinstance(a, Inst) for a in receiver.atoms):
                return found_one
        elif func[0] != "Name":
            return None
        callee = self.ev.value(mod, mod.nodes[call][1], HOME)
        for ref in sorted(callee.refs()):
            found = knowledge.boundary_call(ref)
            if found is not None:
                return found
        return None

    def _spawn(self, index: int, mod: Module, call: int, b: Boundary) -> Optional[Spawn]:
        args = mod.nodes[call][2]
        if b.decorates:
            # `@app.route("/")`: the def it decorates (a plain one, for a server that runs
            # coroutines on its loop)
            owner = _decorated_by(mod, call)
            if owner < 0 or mod.nodes[owner][0] != "Def" or b.sync_only and mod.is_coroutine(owner):
                return None
            func: Optional[int] = owner
        else:
            func = mod.nodes[call][1] if b.decorator else _arg(args, b.func)
        if func is None:
            return None  # Thread() with no target, ThreadPoolExecutor() with no initializer
        spawn = Spawn(index, mod, call, b, func, spawner=mod.frame(call))
        named = {b.func.kw} | ({b.args.kw} if b.args else set()) | ({b.kwargs.kw} if b.kwargs else set())
        args_arg = _arg(args, b.args)
        if args_arg is not None:
            spawn.args += _spread(mod, args_arg, Handed(How.ELEMENT_OF, b.args.kw or ""))  # type: ignore[union-attr]
        kwargs_arg = _arg(args, b.kwargs)
        if kwargs_arg is not None:
            spawn.args += _spread_dict(mod, kwargs_arg, b.kwargs.kw or "kwargs")  # type: ignore[union-attr]
        positional = [(k, a) for k, a in args if k in (None, "*")]
        if b.star_from is not None:
            for key, arg in positional[b.star_from:]:
                spawn.args.append((arg, Handed(How.ARGUMENT if key is None else How.STAR),
                                   None if key is None else "*"))
        if b.star_kwargs:
            for key, arg in args:
                if key in b.options:
                    continue  # the boundary's own option (`_start_thread=True`)
                if key not in (None, "*", "**") and key not in named:
                    spawn.args.append((arg, Handed(How.KEYWORD, key), key))
                elif key == "**":
                    spawn.args.append((arg, Handed(How.DOUBLE_STAR), "**"))
        if spawn.args and spawn.args[0][2] is None and spawn.args[0][1].how in (How.ELEMENT_OF, How.ARGUMENT) \
                and self.ev.library_roles(self.ev.value(mod, func, HOME)) == {"invoke"}:
            # `Thread(target=ctx.run, args=(work, x))`, `pool.submit(ctx.run, work, x)`: the
            # thread runs `work(x)`
            spawn.func, spawn.args = spawn.args[0][0], spawn.args[1:]
        if b.iterables_from is not None:
            if b.receiver == ("multiprocessing.pool.ThreadPool",):
                it = _arg(args, Arg(b.iterables_from, "iterable"))
                spawn.iterables = [it] if it is not None else []
            else:
                spawn.iterables = [a for k, a in positional[b.iterables_from:] if k is None]
        return spawn

    def find_thread_classes(self) -> None:
        for full, mod, cid, base in self._subclasses(THREAD_CLASSES):
            run = self.ev.find_method(full, "run")
            if run is None or self.ev.qualname(self.program.modules[run[0]], run[1]) in THREAD_RUNS:
                continue  # Thread's own run() calls the target a spawn site hands it
            label = base if base == "threading.Thread" else base.rpartition(".")[2]
            self.classes.append(ThreadClass(full, mod, cid, run, label))
            self._roots.add(run)
        self._find_request_servers()

    def _subclasses(self, library: FrozenSet[str]) -> Iterator[Tuple[str, Module, int, str]]:
        """(qualified name, module, class node, the library class it derives from) of each
        project class derived from one of ``library``. Only classes whose bases may lead there
        by their spelling (or an import's alias of it) are worth resolving."""
        last = {t.rpartition(".")[2] for t in library}
        spelled = self.program.subclass_names(self.program.subclass_names(last) | self._aliases_of(last))
        for mod in sorted(self.program.modules.values(), key=lambda m: m.name):
            for qualname, cid, kind, bases in sorted(mod.facts.defs):
                if kind != "Cls" or not (set(bases) & spelled):
                    continue
                full = f"{mod.name}.{qualname}" if mod.name else qualname
                base = next((t for t in self.ev.mro(full) if t in library), None)
                if base is not None and full not in library:
                    yield full, mod, cid, base

    def _find_request_servers(self) -> None:
        """Subclasses of the standard library's threading servers that override a method each
        request's thread runs (``knowledge.annotations.REQUEST_METHODS``), and the request
        handlers given to those servers."""
        servers: Set[str] = {t.rpartition(".")[2] for t in REQUEST_SERVERS}
        for full, mod, cid, base in self._subclasses(REQUEST_SERVERS):
            servers.add(full.rpartition(".")[2])
            for method in REQUEST_METHODS:
                found = self.ev.find_method(full, method)
                if found is None or not self._overrides(found, REQUEST_SERVERS):
                    continue
                self.classes.append(ThreadClass(full, mod, cid, found, base.rpartition(".")[2], method,
                                                REQUEST_SERVES, many=True))
                self._roots.add(found)
        self._find_request_handlers(servers)

    def _find_request_handlers(self, servers: Set[str]) -> None:
        """The project's request handler classes given to a threading server (a call of one of
        ``servers``, by their last names): each method a request's thread runs is a root."""
        seen: Set[str] = set()
        for name in sorted(servers):
            for mod, nid, _ in self.references(name):
                call = mod.parent(nid)
                if call < 0 or mod.nodes[call][0] != "Call" or mod.nodes[call][1] != nid:
                    continue
                server = next((r for r in sorted(self.ev.value(mod, nid, HOME).refs())
                               if any(t in REQUEST_SERVERS for t in [r, *self.ev.mro(r)])), None)
                handler = _arg(mod.nodes[call][2], Arg(1, "RequestHandlerClass"))
                if server is None or handler is None:
                    continue
                for ref in sorted(self.ev.value(mod, handler, HOME).refs()):
                    found = self.program.definition(ref)
                    if ref in seen or found is None or found[0].kind(found[1]) != "Cls" or ref in REQUEST_HANDLERS \
                            or not any(t in REQUEST_HANDLERS for t in self.ev.mro(ref)):
                        continue
                    seen.add(ref)
                    self._handler_roots(ref, found[0], found[1], server.rpartition(".")[2])

    def _overrides(self, method: FuncKey, library: FrozenSet[str]) -> bool:
        """Is ``method`` the project's own, in a class derived from one of ``library`` (not that
        class's own method, nor one of its bases', when the standard library itself is checked)?"""
        mod = self.program.modules[method[0]]
        owner = mod.class_of(method[1])
        if owner < 0:
            return False
        qualname = self.ev.qualname(mod, owner)
        return qualname not in library and any(t in library for t in self.ev.mro(qualname))

    def _handler_roots(self, qualname: str, mod: Module, cid: int, server: str) -> None:
        names = set(HANDLER_METHODS)
        for cls_name in self.ev.mro(qualname):
            found = self.program.definition(cls_name)
            if found is not None:
                names |= {n for n in found[0].scopes[found[1]].bindings if n.startswith(HANDLER_PREFIX)}
        roots: List[Tuple[str, FuncKey]] = []
        for method in sorted(names):
            key = self.ev.find_method(qualname, method)
            if key is not None and self._overrides(key, REQUEST_HANDLERS):
                roots.append((method, key))
        if not roots:
            return
        # one thread runs them all, on one handler: one walk, whose roots they all are
        (method, first), rest = roots[0], tuple(key for _, key in roots[1:])
        self.classes.append(ThreadClass(qualname, mod, cid, first, server, method, REQUEST_SERVES, many=True,
                                        own_self=True, also=rest))
        self._roots.update(key for _, key in roots)

    def _aliases_of(self, last: Set[str]) -> Set[str]:
        """Names imports give a class whose last name is one of ``last`` (``from threading
        import Thread as T``)."""
        out: Set[str] = set()
        for mod in self.program.modules.values():
            for name, binds in mod.facts.module_names.items():
                for b in binds:
                    if b[0] == "Alias" and b[4].rpartition(".")[2] in last:
                        out.add(name)
        return out

    # ------------------------------------------------------------------ walking
    def _walk(self, walk: Walk, old: Optional[Walk]) -> None:
        ev = self.ev
        if walk.spawn is not None:
            self._spawn_roots(walk, walk.spawn)
        for key, edge in self._bridge_roots.get(walk.ctx, ()):
            # a coroutine or callback a bridge hands to the loop this thread runs
            if self._enter(walk, key, edge, None, frozenset()) or key in walk.funcs:
                self._add_root(walk, key)
        if walk.thread_class is not None:
            tc = walk.thread_class
            instance = Value([Inst(("<thread>", tc.cls), frozenset({tc.qualname}),
                                   ev.class_traits(tc.qualname).not_send, ev.class_traits(tc.qualname).not_sync,
                                   HOME, entry=Entry("thread-self", tc.mod.name, tc.cls, "self"))])
            for root in (tc.run, *tc.also):
                self._enter(walk, root, Edge("", -1, HOME, prefix=((None, instance),)), None, frozenset(),
                            loop=False)
                self._add_root(walk, root)
        queue = deque(walk.funcs)
        queued = set(queue)
        while queue:
            key = queue.popleft()
            queued.discard(key)
            mod = self.program.modules[key[0]]
            for new in self._step(walk, mod, key[1]):
                if new not in queued:
                    queue.append(new)
                    queued.add(new)

    def home_walk(self, mod: Module, fn: int, before: Callable[[int], bool]) -> Walk:
        """What the code at HOME in ``fn`` (a function that hands work over, or that calls
        one) runs through calls, ``HOME_DEPTH`` calls deep, once a thread is running: where
        the spawning side uses what comes back (``t.join(); print(t.count())``). The calls of
        ``fn`` that ``before`` says run before the thread starts are left out, so that the
        locks each function is reached with count only the ways in while it runs. Only the
        checks read it."""
        key = (mod.name, fn)
        skip = frozenset(nid for nid in mod.body_nodes(fn) if mod.nodes[nid][0] in _WAYS_IN and before(nid))
        found = self._home_walks.get((key, skip))
        if found is None:
            found = self._home_walks[(key, skip)] = Walk(HOME, limits=(HOME_DEPTH, HOME_FUNCS), indexed=False,
                                                         skip=frozenset((mod.name, nid) for nid in skip))
            self._enter(found, key, Edge("", -1, HOME), None, frozenset())
            if key not in found.funcs:
                return found  # library code, or code declared thread-safe: not walked
            found.roots.append(key)
            queue = deque([key])
            while queue:
                here = queue.popleft()
                for new in self._step(found, self.program.modules[here[0]], here[1]):
                    if new not in queue:
                        queue.append(new)
        return found

    def _spawn_roots(self, walk: Walk, spawn: Spawn) -> None:
        ev, mod = self.ev, spawn.mod
        ctx = spawn.ctx
        for c in self.contexts(mod, spawn.spawner) or [HOME]:
            given: List[Tuple[Optional[str], Value]] = []
            for nid, how, key in spawn.args:
                value = with_entry(ev.value(mod, nid, c), Entry("argument", mod.name, nid, mod.short(nid), how,
                                                                spawn.index), ctx, handed=True)
                if key == "*":
                    given.append(("*", value))
                elif key == "**":
                    given.append(("**", value))
                else:
                    given.append((key, value))
            for it in spawn.iterables:
                items = ev.value(mod, it, c).items()
                entry = Entry("argument", mod.name, it, mod.short(it), Handed(How.ITERABLE_ELEMENT),
                              spawn.index)
                items = with_entry(items, entry, ctx, handed=True)
                if spawn.boundary.starmap:
                    given.append(("*", items))
                else:
                    given.append((None, items))
            if spawn.boundary.passes_receiver:
                func = mod.nodes[mod.nodes[spawn.call][1]]
                receiver = ev.value(mod, func[1], c)
                given.insert(0, (None, receiver))
            paired = self._paired(spawn, c)
            if paired is not None:
                for target, pair in paired:
                    for atom in target:
                        self._root(walk, spawn, atom, pair, c, ())
                continue
            if mod.nodes[spawn.func][0] == "Def":  # the def a decorator registers
                target = Value([Fn(mod.name, spawn.func, c if mod.frame(spawn.func) else None)])
            else:
                target = ev.value(mod, spawn.func, c)
            for atom in target:
                self._root(walk, spawn, atom, tuple(given), c, ())

    def _paired(self, spawn: Spawn, c: Ctx) -> Optional[List[Tuple[Value, tuple]]]:
        """A helper that hands its own parameters to the boundary (``def run_bg(fn, *args):
        Thread(target=fn, args=args)``): for each call of the helper, the callable and the
        arguments that call gives, so that one caller's function never gets another caller's
        arguments. None when the spawn is not of that shape, or the helper's calls are unknown."""
        mod, helper = spawn.mod, spawn.spawner
        if not helper or mod.nodes[helper][0] != "Def" or spawn.iterables or spawn.boundary.passes_receiver:
            return None
        index_of = {mod.nodes[p][1]: i for i, p in enumerate(mod.nodes[mod.nodes[helper][2]][1])}

        def param(nid: int) -> Optional[int]:
            node = mod.nodes[nid]
            return index_of.get(node[1]) if node[0] == "Name" and node[3] == helper else None

        func = param(spawn.func)
        found = [param(nid) for nid, _, _ in spawn.args]
        places = [i for i in found if i is not None]
        if func is None or not spawn.args or len(places) != len(found):
            return None
        out: List[Tuple[Value, tuple]] = []
        for bound in self.ev.call_bindings(mod, helper, c):
            given = []
            for (nid, how, key), i in zip(spawn.args, places):
                entry = Entry("argument", mod.name, nid, mod.short(nid), how, spawn.index)
                given.append((key, with_entry(resolve(bound.get(i, EMPTY)), entry, spawn.ctx, handed=True)))
            out.append((resolve(bound.get(func, EMPTY)), tuple(given)))
        return out or None

    def _root(self, walk: Walk, spawn: Spawn, atom: Atom, given, c: Ctx, prefix) -> None:
        ctx = walk.ctx
        mod = spawn.mod
        if isinstance(atom, Fn):
            key = (atom.module, atom.node)
            self._enter(walk, key, Edge("", -1, c, prefix=prefix, given=given), None, frozenset(), loop=False)
            self._add_root(walk, key)
            fmod = self.program.modules[atom.module]
            bound = prefix or tuple(given)
            if bound and fmod.nodes[atom.node][0] == "Def" and fmod.class_of_method(atom.node) >= 0 \
                    and not self.declared_safe(key):
                # a method run on the new thread uses its object there (`Thread(target=Cls.m, args=(x,))`),
                # unless the project declares it thread-safe
                walk.direct.append((spawn.func, bound[0][1], False, ""))
        elif isinstance(atom, Bound):
            entry = Entry("self", mod.name, spawn.func, mod.short(mod.nodes[spawn.func][1])
                          if mod.nodes[spawn.func][0] == "Attr" else mod.short(spawn.func),
                          Handed(How.BOUND_SELF, mod.short(spawn.func)), spawn.index)
            self_value = with_entry(atom.self_value, entry, ctx, handed=True)
            if isinstance(atom.func, Fn):
                # the object comes before what a partial over the bound method adds
                self._root(walk, spawn, atom.func, given, c, ((None, self_value),) + prefix)
            # running a method on the new thread is using the object there: any method of a
            # marked object, a library method of a library one (the project's own methods are
            # walked, and their library calls are the uses); not one declared thread-safe
            if isinstance(atom.func, Fn):
                if not self.declared_safe((atom.func.module, atom.func.node)):
                    walk.direct.append((spawn.func, self_value, False, ""))
            else:
                name = atom.func.name.rpartition(".")[2] if isinstance(atom.func, Ref) else ""
                walk.direct.append((spawn.func, self_value, True, name))
        elif isinstance(atom, Partial):
            bound = []
            for kw, value, node in atom.args:
                pmod = self.program.modules.get(atom.site[0], mod)
                entry = Entry("partial", pmod.name, node, pmod.short(node) if node >= 0 else "",
                              Handed(How.PARTIAL), spawn.index)
                bound.append((kw, with_entry(value, entry, ctx, handed=True)))
            for inner in atom.func:
                self._root(walk, spawn, inner, given, c, prefix + tuple(bound))
        elif isinstance(atom, Ref):
            found = self.program.definition(atom.name)
            if found is None and self.knowledge.call_role(atom.name) != "harmless":
                for _, value in given:
                    walk.direct.append((spawn.func, value, True, ""))
            elif found is not None:
                # a class handed over (`Thread(target=Job, args=(conn,))`): the new thread makes
                # the object, running its `__new__` and `__init__` with the arguments
                for key, first in self.ev.constructors(mod, spawn.call, atom.name, ctx):
                    self._enter(walk, key, Edge("", -1, c, prefix=((None, first),) + prefix, given=given), None,
                                frozenset(), loop=False)
                    self._add_root(walk, key)
        elif isinstance(atom, Inst):
            # an object whose methods run on the new thread (a QRunnable handed to a pool, a
            # watchdog event handler; any callable object's `__call__`): the project's own
            # methods of those names, each a root
            for t in sorted(atom.types):
                runs: List[Tuple[str, FuncKey]] = []
                for name in spawn.boundary.methods or ("__call__",):
                    method = self.ev.find_method(t, name)
                    if method is not None:
                        runs.append((name, method))
                for name, method in runs:
                    entry = Entry("self", mod.name, spawn.func, mod.short(spawn.func),
                                  Handed(How.RUNNABLE, name), spawn.index)
                    self_value = with_entry(Value([atom]), entry, ctx, handed=True)
                    self._root(walk, spawn, Fn(*method), given, c, ((None, self_value),) + prefix)
                    if not self.declared_safe(method):
                        walk.direct.append((spawn.func, self_value, False, ""))
                if runs:
                    break

    def _enter(self, walk: Walk, key: FuncKey, edge: Edge, via: Optional[Tuple[FuncKey, int]],
               locks: FrozenSet[object], loop: bool = True) -> bool:
        """Record a way into ``key`` on this walk; True when that changed what is known. A root
        (no ``via``) runs with an event loop unless ``loop`` says not (a thread's own target);
        a function called, when its caller does or it is a coroutine."""
        if self._library_code(key):
            return False  # the knowledge speaks for it: calling it is a use of its object
        if self.declared_safe(key):
            return False  # the project vouches for it (``thread-safe``): its insides are its own
        reached = walk.funcs.get(key)
        if reached is None:
            depth = walk.funcs[via[0]].depth + 1 if via is not None and via[0] in walk.funcs else 0
            if depth > walk.limits[0] or len(walk.funcs) >= walk.limits[1]:
                walk.truncated = True
                return False
            reached = walk.funcs[key] = Reached(key, via=via, depth=depth)
            self.version += 1
            if walk.indexed:
                self._reached(walk.ctx, key)
        changed = False
        if edge not in reached.known:
            reached.edges.append(edge)
            reached.known.add(edge)
            self.version += 1
            changed = True
        if not reached.loop and (self._is_coroutine_function(key) or (
                walk.funcs[via[0]].loop if via is not None and via[0] in walk.funcs else via is None and loop)):
            reached.loop = changed = True
        merged = locks if reached.locks is None else reached.locks & locks
        if merged != reached.locks:
            reached.locks = merged
            changed = True
        return changed

    def _library_code(self, key: FuncKey) -> bool:
        """Is ``key`` a method of a class the knowledge describes (the standard library checked
        as a project: a lock's, a loop's, a widget's own code)? Its insides are not walked."""
        found = self._library.get(key)
        if found is None:
            mod = self.program.modules[key[0]]
            cls = mod.class_of(key[1])
            found = cls >= 0 and self.knowledge.type_fact(self.ev.qualname(mod, cls)) is not None
            self._library[key] = found
        return found

    def declared_safe(self, key: FuncKey) -> bool:
        """Is ``key`` a function or method the configuration declares safe to call from any
        thread (``thread-safe``)? Named as the project's code imports it: re-exports followed."""
        safe = self._declared_safe
        if safe is None:
            safe = self._declared_safe = frozenset(filter(None, map(self._declared, sorted(self.knowledge.thread_safe))))
        return key in safe

    def _declared(self, name: str) -> Optional[FuncKey]:
        """The def a ``thread-safe`` entry names (where the method is defined: naming it
        through a subclass that inherits it would vouch for every other subclass too)."""
        found = self.program.definition(name)
        return (found[0].name, found[1]) if found is not None and found[0].nodes[found[1]][0] == "Def" else None

    def safe_method(self, type_key: str, name: str) -> bool:
        """Is ``name``, called on an instance of ``type_key``, a method declared thread-safe
        (inherited ones too)?"""
        if not self.knowledge.thread_safe:
            return False
        method = self.ev.find_method(type_key, name)
        return method is not None and self.declared_safe(method)

    def _step(self, walk: Walk, mod: Module, fn: int) -> Iterator[FuncKey]:
        """The functions ``fn`` calls on this thread (entering them on the walk)."""
        ev, ctx = self.ev, walk.ctx
        key = (mod.name, fn)
        held = walk.funcs[key].locks or frozenset()
        for nid in self._walked(walk, mod, fn):
            node = mod.nodes[nid]
            kind = node[0]
            if kind == "Call":
                callee = ev.value(mod, node[1], ctx)
                locks = held | self.locks_at(mod, nid, ctx)
                for target, prefix in self._runs_here(mod, nid, callee, ctx):
                    edge = Edge(mod.name, nid, ctx, prefix=prefix)
                    if self._enter(walk, target, edge, (key, nid), locks):
                        yield target
                if not any(isinstance(a, (Fn, Bound)) and not (isinstance(a, Bound) and isinstance(a.func, Ref))
                           for a in callee) and not self.by_call.get((mod.name, nid)) \
                        and not self._bridges(callee, node) and not self._hands_off_spelled(mod, node) \
                        and _may_call_arguments(ev.library_roles(callee)):
                    # library code calls what it is given, on this thread (`map(f, xs)`), unless
                    # it hands it to another one (`loop.call_soon_threadsafe(f)` runs f on the loop's),
                    # only looks at it (`hasattr(f, "x")`, `log.debug("%s", f)`) or binds it for
                    # whoever calls the result (`partial(f, x)`)
                    for target, prefix in self._handed_to_library(mod, node, ctx):
                        if self._enter(walk, target, Edge(mod.name, -1, ctx, prefix=prefix), (key, nid), locks):
                            yield target
                for target, prefix, given in self.gobject_handlers(mod, nid, ctx):
                    # a GObject signal's handlers run where it is emitted
                    if self._enter(walk, target, Edge(mod.name, -1, ctx, prefix=prefix, given=given),
                                   (key, nid), locks):
                        yield target
                for target, prefix, given in self.listeners(mod, nid, callee, ctx):
                    # a synchronous publish runs the topic's listeners here and now
                    if self._enter(walk, target, Edge(mod.name, -1, ctx, prefix=prefix, given=given),
                                   (key, nid), locks):
                        yield target
                for target, prefix in self.slots(mod, nid, ctx):
                    # a function connected to a signal without a context object runs on the
                    # emitting thread: this one
                    if self._enter(walk, target, Edge(mod.name, nid, ctx, prefix=prefix), (key, nid), locks):
                        yield target
            elif kind == "Attr" and node[3] == "L":
                for target, prefix in self.properties(mod, nid, ctx):
                    if self._enter(walk, target, Edge(mod.name, -1, ctx, prefix=prefix), (key, nid), held):
                        yield target
            elif kind == "With":
                for expr, _ in node[1]:
                    for atom in ev.value(mod, expr, ctx).insts:
                        for t in sorted(atom.types):
                            for name in ("__enter__", "__exit__"):
                                method = ev.find_method(t, name)
                                if method is not None:
                                    edge = Edge(mod.name, -1, ctx, prefix=((None, Value([atom])),))
                                    if self._enter(walk, method, edge, (key, nid), held):
                                        yield method

    def _handed_to_library(self, mod: Module, node: tuple, ctx: Ctx
                           ) -> Iterator[Tuple[FuncKey, Tuple[Tuple[Optional[str], Value], ...]]]:
        """The functions of the project a library call is given (``map(f, xs)``) that it may call
        here: not coroutine functions, whose calls only make coroutines that code does not run."""
        for _, arg in node[2]:
            if not self._names_a_function(mod, arg):
                continue
            for target, prefix in self.targets(mod, arg, self.ev.value(mod, arg, ctx), ctx, calling=False):
                if not self._is_coroutine_function(target):
                    yield target, prefix

    def _runs_here(self, mod: Module, call: int, callee: Value, ctx: Ctx
                   ) -> Iterator[Tuple[FuncKey, Tuple[Tuple[Optional[str], Value], ...]]]:
        """``targets`` of a call that run on this thread: not a coroutine function whose
        coroutine the call makes for a bridge, which runs it on the loop's thread, nor one
        whose coroutine is thrown away (``parser.read()`` as a statement: nothing awaits it,
        so its body never runs), nor one beside a plain function the call of plain code may
        be (``response = conn.read_response()`` on a sync or an async connection), nor one
        whose result plain code uses as an ordinary object (``conn = pool.get(); conn.send()``:
        a coroutine has no such attribute, so the call is not one of those)."""
        bridged: Optional[bool] = None  # asked only of a call that makes a coroutine
        found = list(self.targets(mod, call, callee, ctx))
        frame = mod.frame(call)
        # plain code that may be calling a plain function uses what it returns as a value: the
        # coroutine functions the callee may also be (a sync and an async twin of one method)
        # only make coroutines there, which nothing runs
        plain = not (frame and mod.is_coroutine(frame))
        mixed = plain and not all(self._is_coroutine_function(t) for t, _ in found)
        for target, prefix in found:
            if self._is_coroutine_function(target):
                if mixed or _discarded(mod, call) or plain and _used_as_an_object(mod, call, frame):
                    continue
                if bridged is None:
                    bridged = self._bridged_coroutine(mod, call, ctx)
                if bridged:
                    continue
            yield target, prefix

    # ------------------------------------------------------------------ loops run by threads
    def _find_loop_threads(self) -> None:
        """Which thread runs which event loop (``Thread(target=loop.run_forever)``, or
        ``loop.run_forever()`` in a thread's code), and what bridges hand to those loops
        (``run_coroutine_threadsafe(self.start(), loop)``, ``loop.call_soon_threadsafe(cb)``):
        that work runs on the loop's thread, and is entered there in the next round."""
        ev = self.ev
        runs: Dict[Tuple[str, int], List[Ctx]] = {}
        self._forever = {}
        for ctx, walk in self.walks.items():
            for _, value, library, method in walk.direct:
                if library and method in LOOP_RUNS:
                    for site in self._loop_sites(value):
                        runs.setdefault(site, []).append(ctx)
                        if method == "run_forever":
                            self._forever.setdefault(site, []).append(ctx)
        self._loop_targets = {site: list(threads) for site, threads in runs.items()}
        for method in LOOP_RUNS:
            for mod, nid, frame in self.references(method):
                call = mod.parent(nid)
                if call < 0 or mod.nodes[call][0] != "Call" or mod.nodes[call][1] != nid \
                        or mod.nodes[nid][0] != "Attr":
                    continue
                # the thread's own function that only sets the loop up and runs it until it
                # is stopped is the plain shape too (``asyncio.set_event_loop(loop)`` first)
                whole = method == "run_forever" and _statement_of_body(mod, call, frame)
                for ctx in self._reaching.get((mod.name, frame), ()):
                    for site in self._loop_sites(ev.value(mod, mod.nodes[nid][1], ctx)):
                        if ctx not in runs.setdefault(site, []):
                            runs[site].append(ctx)
                        if whole and (mod.name, frame) in self.walks[ctx].roots \
                                and ctx not in self._loop_targets.setdefault(site, []):
                            self._loop_targets[site].append(ctx)
                            self._forever.setdefault(site, []).append(ctx)
        self._loop_threads = runs
        self._makes_loop_objects = {}
        self._bridge_results = {}
        self.bridge_calls = {}
        bridged: Dict[Ctx, List[Tuple[FuncKey, Edge]]] = {}
        if runs:
            for bridge in LOOP_BRIDGES:
                for mod, nid, frame in self.references(bridge.name):
                    call = mod.parent(nid)
                    if call >= 0 and mod.nodes[call][0] == "Call" and mod.nodes[call][1] == nid:
                        self._bridge_work(mod, call, frame, bridged)
        for work in bridged.values():
            work.sort(key=lambda kv: (kv[0], kv[1].module, kv[1].call))
        self._bridge_roots = bridged

    def loop_threads(self, site: Tuple[str, int]) -> List[Ctx]:
        return self._loop_threads.get(site, [])

    def loop_target_threads(self, site: Tuple[str, int]) -> List[Ctx]:
        """The threads handed the loop made at ``site`` to run as their work
        (``Thread(target=loop.run_forever)``): the plain shape of a loop on its own thread."""
        return self._loop_targets.get(site, [])

    def runs_forever(self, site: Tuple[str, int], ctx: Ctx) -> bool:
        """Is ``ctx`` one of ``loop_target_threads(site)`` that runs the loop until it is
        stopped (``run_forever``, not ``run_until_complete``): joining it first would wait
        forever?"""
        return ctx in self._forever.get(site, ())

    def runs_loop(self, ctx: Ctx) -> bool:
        """Does the thread ``ctx`` run an event loop of the project, or may its code obtain the
        loop it runs or make an object of it (``get_running_loop()``, ``create_task()``)?"""
        if any(ctx in threads for threads in self._loop_threads.values()):
            return True
        found = self._makes_loop_objects.get(ctx)
        if found is None:
            walk = self.walks.get(ctx)
            found = walk is not None and any(
                (mod.name, frame) in walk.funcs
                for name in sorted(self.knowledge.loop_makers) for mod, _, frame in self.references(name))
            self._makes_loop_objects[ctx] = found
        return found

    def _loop_threads_of(self, mod: Module, call: int, ctx: Ctx) -> List[Ctx]:
        """The threads that run the loop the bridge call ``call`` hands its work to, on ``ctx``."""
        node = mod.nodes[call]
        loop_node, _, _ = bridge_parts(mod, call)
        if loop_node < 0 or not self._loop_threads:
            return []
        if not self._bridges(self.ev.value(mod, node[1], ctx), node) and not self._hands_off_spelled(mod, node):
            return []
        return [t for site in sorted(self._loop_sites(self.ev.value(mod, loop_node, ctx)))
                for t in self._loop_threads.get(site, ())]

    def _loop_sites(self, value: Value) -> Set[Tuple[str, int]]:
        return {atom.site for atom in value.insts if self.knowledge.event_loop(atom.types)}

    def _bridge_work(self, mod: Module, call: int, frame: int,
                     out: Dict[Ctx, List[Tuple[FuncKey, Edge]]]) -> None:
        """What the bridge call ``call`` hands to a loop some thread runs, by that thread."""
        ev = self.ev
        node = mod.nodes[call]
        loop_node, work, bridge = bridge_parts(mod, call)
        if loop_node < 0 or work < 0 or bridge is None:
            return
        wnode = mod.nodes[work]
        coroutine = bridge.coroutine
        if coroutine != (wnode[0] == "Call"):
            # a coroutine made elsewhere: which function it runs is not known here; a callback
            # a call returns (``partial(f, x)``): what it binds is not told apart here yet
            return
        # a coroutine: its function runs there, with the call's arguments; a callback: called
        # there with the bridge's other positional arguments
        if coroutine:
            fnode, arg_nodes = wnode[1], wnode[2]
        else:
            fnode, arg_nodes = work, tuple(a for a in node[2] if a[1] != work and a[0] is None)
        for c in self.contexts(mod, frame) or [HOME]:
            threads = self._loop_threads_of(mod, call, c)
            if not threads:
                continue
            for t in threads:
                spawn = self._by_ctx.get(t)
                index = spawn.index if spawn is not None else -1
                given = tuple((key, with_entry(ev.value(mod, arg, c), Entry(
                    "argument", mod.name, arg, mod.short(arg),
                    Handed(How.ARGUMENT if key is None else How.KEYWORD, key or ""), index), t, handed=True))
                    for key, arg in arg_nodes if key not in ("*", "**"))
                entry = Entry("self", mod.name, fnode, mod.short(mod.nodes[fnode][1]) if mod.nodes[fnode][0] == "Attr"
                              else mod.short(fnode), Handed(How.BOUND_SELF, mod.short(fnode)), index)
                callee = ev.value(mod, fnode, c)
                for key, prefix in self.targets(mod, work, callee, c, calling=coroutine):
                    if coroutine != self._is_coroutine_function(key):
                        continue
                    prefix = tuple((k, with_entry(v, entry, t, handed=True)) for k, v in prefix)
                    edge = Edge("", -1, c, prefix=prefix, given=given)
                    if (key, edge) not in out.setdefault(t, []):
                        out[t].append((key, edge))
                    if coroutine and (t, key) not in self._bridge_results.setdefault((mod.name, call), []):
                        self._bridge_results[(mod.name, call)].append((t, key))
                    here = (mod.path, mod.pos(call), mod.name, call)
                    known = self.bridge_calls.get((t, key))
                    if known is None or here < known:
                        self.bridge_calls[(t, key)] = here

    def _bridged_coroutine(self, mod: Module, call: int, ctx: Ctx, through: bool = True) -> bool:
        """Is the call ``call`` an argument of a bridge (``run_coroutine_threadsafe(self.m(),
        loop)``), or (``through``) of a function of the project that hands that parameter to
        one and does nothing else with it (``run_coro_with_timeout(self.m(), loop, 5)``)?
        Calling a coroutine function only makes the coroutine; the bridge runs it on the
        loop's thread."""
        parent = mod.parent(call)
        if parent < 0:
            return False
        pnode = mod.nodes[parent]
        if pnode[0] != "Call" or not any(arg == call for _, arg in pnode[2]):
            return False
        callee = self.ev.value(mod, pnode[1], ctx)
        if self._hands_off_spelled(mod, pnode) or self._bridges(callee, pnode):
            return True
        return through and self._bridging_helper(callee, pnode, call, ctx)

    def _bridging_helper(self, callee: Value, pnode: tuple, arg: int, ctx: Ctx) -> bool:
        """Is every function ``callee`` may be one of the project's whose parameter that gets
        ``arg`` is read only to be handed to a bridge, everywhere in its body (nested
        functions included), and never bound again?"""
        found = parameter_reads(self.program, callee, pnode[2], arg)
        return found is not None and all(self._bridged_coroutine(fmod, n, ctx, through=False)
                                          for fmod, reads in found for n in reads)

    def _bridged_coroutine_ref(self, user: Module, nid: int, fn: int, mod: Module) -> Optional[bool]:
        """Is ``nid`` a call of the coroutine function ``fn`` handed to a bridge
        (``run_coroutine_threadsafe(self.finish(), loop)``)? None when not; else whether a
        thread of the project runs that loop (the coroutine is that thread's root). A loop no
        thread is known to run is taken as the main thread's, whichever thread hands work to it."""
        if not self._is_coroutine_function((mod.name, fn)):
            return None
        call = user.parent(nid)
        if not (call >= 0 and user.nodes[call][0] == "Call" and user.nodes[call][1] == nid
                and self._bridged_coroutine(user, call, HOME)):
            return None
        bridge = user.parent(call)
        frame = user.frame(bridge)
        return any(self._loop_threads_of(user, bridge, c) for c in self.contexts(user, frame) or [HOME])

    def _is_coroutine_function(self, key: FuncKey) -> bool:
        return self.program.modules[key[0]].is_coroutine(key[1])

    def _walked(self, walk: Walk, mod: Module, fn: int) -> Iterator[int]:
        """The nodes of ``fn`` whose calls run on the walk's thread: on a HOME walk, not the
        callable the spawning side hands over (``Thread(target=partial(work))``)."""
        if walk.indexed:
            if walk.funcs[(mod.name, fn)].loop or not _asks_for_a_loop(mod):
                return _receivers_first(mod, mod.body_nodes(fn))
            # a thread that runs no event loop never takes `if running_loop is not None:`
            return _receivers_first(mod, [
                nid for nid in mod.body_nodes(fn)
                if mod.nodes[nid][0] != "Call" or not (_needs_a_loop(mod, nid, fn) or _on_its_loop(mod, nid, fn))])
        targets = mod.name in self._target_modules
        return _receivers_first(mod, [
            nid for nid in mod.body_nodes(fn) if (mod.name, nid) not in walk.skip
            and (not targets or mod.nodes[nid][0] != "Call" or not self._inside_target(mod, nid))
            and (mod.nodes[nid][0] != "Call" or not _on_its_loop(mod, nid, fn))])

    @staticmethod
    def _names_a_function(mod: Module, arg: int) -> bool:
        """Is the argument spelled as a function (``f``, ``self.m``, a lambda, a partial), not a
        variable that may hold one among other values? Only those are taken to be called by the
        library code they are handed to: `quote(name)` does not call whatever `name` may be."""
        node = mod.nodes[arg]
        if node[0] == "Name":
            scope = node[3]
            if scope < 0 or scope not in mod.scopes:
                return False
            sites = mod.scopes[scope].bindings.get(node[1], ())
            return bool(sites) and all(mod.nodes[b][0] in ("Def", "Alias", "Import", "ImportFrom") for b in sites)
        return node[0] in ("Attr", "Lam", "Call")

    def _bridges(self, callee: Value, call: tuple) -> bool:
        """Is ``callee`` library code that runs what it is given on another thread (a bridge),
        or keeps it for later (a subscription)? Some are bridges only in one form
        (``QTimer.singleShot`` with a context object)."""
        roles = self.ev.library_roles(callee)
        if "subscribe" in roles:
            return True
        if "bridge" not in roles:
            return False
        given = sum(1 for key, _ in call[2] if key is None)
        for ref in callee.refs():
            fact = self.knowledge.call_fact(ref)
            if fact is not None and fact.role == "bridge" and given < fact.min_args:
                return False
        return True

    def _decorators(self, fn: Fn) -> Tuple[str, ...]:
        """What ``fn``'s decorators name (``@ensure_main_thread(await_return=True)``: the
        factory's name), evaluated once a solve."""
        key = (fn.module, fn.node)
        found = self._decorator_refs.get(key)
        if found is None:
            mod = self.program.modules[fn.module]
            node = mod.nodes[fn.node]
            found = tuple(sorted(
                ref for deco in (node[3] if node[0] == "Def" else ())
                for ref in self.ev.value(mod, mod.nodes[deco][1] if mod.nodes[deco][0] == "Call" else deco,
                                         HOME).refs()))
            self._decorator_refs[key] = found
        return found

    def _worker(self, fn: Fn) -> Optional[Boundary]:
        """The boundary ``fn``'s decorator makes of calling it (``@thread_worker``), if any."""
        return next(filter(None, map(self.knowledge.boundary_decorator, self._decorators(fn))), None)

    def _bridged(self, fn: Fn) -> bool:
        """Is ``fn`` decorated with a bridge (Kivy's ``@mainthread``)? Calling it runs it on the
        owner's thread, not on the caller's."""
        return any(self.knowledge.call_role(ref) == "bridge" for ref in self._decorators(fn))

    def _hands_off_spelled(self, mod: Module, call: tuple) -> bool:
        """Is the call spelled as a method that hands the callable off on any object, where the
        tables cannot say what the receiver is: a bridge (``x.ioloop.add_callback_threadsafe(cb)``
        runs it on the loop's thread) or a registration (``app.connect("activate", cb)`` keeps
        it for later, ``knowledge.REGISTERS``)? Either way this thread does not run it now."""
        func = mod.nodes[call[1]]
        return func[0] == "Attr" and (func[2] in REGISTERS or self.knowledge.method_role(None, func[2]) == "bridge")

    def targets(self, mod: Module, call: int, callee: Value, ctx: Ctx, calling: bool = True
                ) -> Iterator[Tuple[FuncKey, Tuple[Tuple[Optional[str], Value], ...]]]:
        """The project functions a call of ``callee`` runs, with what is bound before the
        call's own arguments."""
        ev = self.ev
        for atom in callee:
            if isinstance(atom, Fn):
                if not self._bridged(atom) and (not calling or self._worker(atom) is None):
                    yield (atom.module, atom.node), ()
            elif isinstance(atom, Bound) and isinstance(atom.func, Fn):
                if not self._bridged(atom.func) and (not calling or self._worker(atom.func) is None):
                    yield (atom.func.module, atom.func.node), ((None, atom.self_value),)
            elif isinstance(atom, Partial):
                bound = tuple((k, v) for k, v, _ in atom.args)
                for key, prefix in self.targets(mod, call, atom.func, ctx, calling):
                    yield key, prefix + bound
            elif isinstance(atom, Ref) and calling:
                for key, first in ev.constructors(mod, call, atom.name, ctx):
                    yield key, ((None, first),)
            elif isinstance(atom, Inst) and calling:
                for t in sorted(atom.types):
                    method = ev.find_method(t, "__call__")
                    if method is not None:
                        yield method, ((None, Value([atom])),)

    def gobject_handlers(self, mod: Module, call: int, ctx: Ctx) -> Iterator[tuple]:
        """(function, prefix, arguments) of each handler ``obj.emit("name", *args)`` runs on the
        emitting thread, for an object of a GObject class: those connected to the same signal
        name (``x.connect("name", handler)``) on an object of the same class. The handler gets
        the object first, then the emitted arguments."""
        node = mod.nodes[call]
        func = mod.nodes[node[1]]
        if func[0] != "Attr" or func[2] != "emit":
            return
        name = _literal(mod, call, 0, "detailed_signal")
        if name is None:
            return
        emitter = self.ev.value(mod, func[1], ctx)
        types = {t for a in emitter.insts for t in a.types
                 if any(b in GOBJECT_EMITTERS for b in self.ev.mro(t))}
        if not types:
            return
        given = ((None, emitter),) + tuple((k, self.ev.value(mod, a, ctx)) for k, a in node[2][1:]
                                           if k is None or k not in ("*", "**"))
        def same_class(cmod: Module, cnid: int) -> bool:
            cfunc = cmod.nodes[cmod.nodes[cnid][1]]
            return cfunc[0] == "Attr" and bool(
                types & {t for a in self.ev.value(cmod, cfunc[1], HOME).insts for t in a.types})

        for key, prefix in self._registered("connect", (0, "detailed_signal"), name,
                                            Arg(1, "handler"), same_class):
            yield key, prefix, given

    def listeners(self, mod: Module, call: int, callee: Value, ctx: Ctx) -> Iterator[tuple]:
        """(function, prefix, keyword arguments) of each listener a synchronous publish
        (``pub.sendMessage("topic", **data)``) runs: those subscribed to the same topic, spelled
        as the same string literal, anywhere in the project."""
        if "publish" not in self.ev.library_roles(callee):
            return
        topic = _literal(mod, call, 0, "topicName")
        if topic is None:
            return
        given = tuple((k, self.ev.value(mod, a, ctx)) for k, a in mod.nodes[call][2] if k not in (None, "*", "**"))
        def subscribes(smod: Module, snid: int) -> bool:
            return "subscribe" in self.ev.library_roles(self.ev.value(smod, smod.nodes[snid][1], HOME))

        for key, prefix in self._registered("subscribe", (1, "topicName"), topic, Arg(0, "listener"),
                                            subscribes):
            yield key, prefix, given

    def _registered(self, method: str, named: Tuple[int, str], name: str, handler: Arg,
                    accepts: Callable[[Module, int], bool]) -> Iterator[Tuple[FuncKey, tuple]]:
        """The functions registered anywhere in the project by a call ``x.method(...)`` whose
        argument ``named`` is the string literal ``name`` and that ``accepts``: the callable
        given as ``handler`` (``obj.connect("clicked", fn)``, ``pub.subscribe(fn, "topic")``)."""
        for rmod, rnid, _frame in self.program.sites("call", method):
            if _literal(rmod, rnid, *named) != name or not accepts(rmod, rnid):
                continue
            given = _arg(rmod.nodes[rnid][2], handler)
            if given is not None:
                yield from self.targets(rmod, rnid, self.ev.value(rmod, given, HOME), HOME, calling=False)

    def slots(self, mod: Module, call: int, ctx: Ctx
              ) -> Iterator[Tuple[FuncKey, Tuple[Tuple[Optional[str], Value], ...]]]:
        """The functions ``obj.signal.emit(...)`` runs on the emitting thread: those connected
        to that signal (``obj.signal.connect(fn)``, on an object of the same class) without a
        context object, as a plain function, a lambda, or a method of an object that is no Qt
        object. A method of a Qt object (a widget's ``setText``, a window's own slot) runs on
        the thread that object lives in, and a queued connection is queued: neither is followed.
        Qt's rule for functor connections; PyQt5 queues some of them, the reading taken here is
        the one that holds for every binding."""
        func = self._emit_signal(mod, call)
        if func is None:
            return
        signal, base = func
        emitters = {t for a in self.ev.value(mod, base, ctx).insts for t in a.types}
        if not emitters:
            return
        for cmod, cnid, _frame in self.program.sites("call", "connect"):
            found = self._connected(cmod, cnid, signal)
            if found is None:
                continue
            receiver, slot = found
            if not emitters & {t for a in self.ev.value(cmod, receiver, HOME).insts for t in a.types}:
                continue
            for atom in self.ev.value(cmod, slot, HOME):
                if isinstance(atom, Fn) and not self._bridged(atom):
                    yield (atom.module, atom.node), ()
                elif isinstance(atom, Bound) and isinstance(atom.func, Fn) and not self._qt_object(atom.self_value):
                    yield (atom.func.module, atom.func.node), ((None, atom.self_value),)

    @staticmethod
    def _emit_signal(mod: Module, call: int) -> Optional[Tuple[str, int]]:
        """(signal name, node of its object) for a call spelled ``obj.signal.emit(...)``."""
        func = mod.nodes[mod.nodes[call][1]]
        if func[0] != "Attr" or func[2] != "emit":
            return None
        inner = mod.nodes[func[1]]
        return (inner[2], inner[1]) if inner[0] == "Attr" else None

    def _connected(self, mod: Module, call: int, signal: str) -> Optional[Tuple[int, int]]:
        """(node of the object, node of the slot) of ``obj.<signal>.connect(slot)`` made without a
        context object or a connection type (either may make it queued)."""
        node = mod.nodes[call]
        func = mod.nodes[node[1]]
        if func[0] != "Attr" or func[2] != "connect" or len(node[2]) != 1 or node[2][0][0] is not None:
            return None
        inner = mod.nodes[func[1]]
        if inner[0] != "Attr" or inner[2] != signal:
            return None
        return inner[1], node[2][0][1]

    def _qt_object(self, value: Value) -> bool:
        """Is it an object of a Qt class (a QObject: it lives in a thread, and its slots run
        there)? Known by a base spelled through one of the Qt bindings."""
        prefixes = tuple(f"{b}." for b in QT_BINDINGS)
        return any(base.startswith(prefixes) for a in value.insts for t in a.types for base in self.ev.mro(t))

    def properties(self, mod: Module, nid: int, ctx: Ctx
                   ) -> Iterator[Tuple[FuncKey, Tuple[Tuple[Optional[str], Value], ...]]]:
        """The property getters an attribute read runs, with the object they run on."""
        node = mod.nodes[nid]
        receiver = self.ev.value(mod, node[1], ctx)
        for atom in receiver.insts:
            for t in sorted(atom.types):
                getter = self.ev.property_getter(t, node[2])
                if getter is not None:
                    yield getter, ((None, Value([atom])),)

    def locks_at(self, mod: Module, nid: int, ctx: Ctx) -> FrozenSet[object]:
        """The locks held where ``nid`` runs, inside its own function: ``with`` blocks, and
        ``try:`` blocks whose ``finally:`` releases a lock. A lock is known by the objects it
        may be (where they were created), so two spellings of one lock match."""
        keys: Set[object] = set()
        child = nid
        acquires = not mod.facts.identifiers.isdisjoint(("acquire", "release"))
        for anc in mod.ancestors(nid):
            node = mod.nodes[anc]
            kind = node[0]
            if acquires:
                keys |= self._acquired_before(mod, node, child, ctx)
            if kind in ("Def", "Lam", "Cls"):
                break
            if kind == "With" and child in node[2]:
                for expr, _ in node[1]:
                    keys |= self.lock_key(mod, expr, ctx) or self._held_by_manager(mod, expr, ctx)
            elif kind == "Try" and child in node[1] and node[4]:
                for stmt in node[4]:
                    s = mod.nodes[stmt]
                    if s[0] == "Expr" and mod.nodes[s[1]][0] == "Call":
                        f = mod.nodes[mod.nodes[s[1]][1]]
                        if f[0] == "Attr" and f[2] == "release":
                            keys |= self.lock_of(mod, f[1], "release", ctx)
            child = anc
        return frozenset(keys)

    def _held_by_manager(self, mod: Module, expr: int, ctx: Ctx) -> Set[object]:
        """The locks a ``with`` block holds through a generator-based context manager of the
        project (``@contextmanager def locked(self): with self.lock: yield``): those held at
        every ``yield`` of every function the call may be."""
        node = mod.nodes[expr]
        if node[0] != "Call":
            return set()
        out: Optional[Set[object]] = None
        for atom in self.ev.value(mod, node[1], ctx):
            fn = atom if isinstance(atom, Fn) else atom.func if isinstance(atom, Bound) else None
            if not isinstance(fn, Fn) or CONTEXT_MANAGER not in self._decorators(fn):
                return set()
            keys = self._manager_locks((fn.module, fn.node))
            out = keys if out is None else out & keys
        return out or set()

    def _manager_locks(self, key: FuncKey) -> Set[object]:
        found = self._manager_memo.get(key)
        if found is None:
            self._manager_memo[key] = set()  # a manager that uses itself holds nothing more
            fmod = self.program.modules[key[0]]
            common: Optional[Set[object]] = None
            for nid in fmod.body_nodes(key[1]):
                if fmod.nodes[nid][0] == "Yield":
                    held = set(self.locks_at(fmod, nid, HOME))
                    common = held if common is None else common & held
            found = self._manager_memo[key] = common or set()
        return found

    def _acquired_before(self, mod: Module, node: tuple, child: int, ctx: Ctx) -> Set[object]:
        """Locks held at ``child`` in the statement list of ``node`` that holds it, by lock
        statements around it in that list: ``lock.acquire()`` before it, not released between
        (``acquire(False)`` or with a timeout may fail: not counted, short of ``ok =
        lock.acquire(...)`` followed by ``if not ok: return``), or ``lock.release()`` after it,
        not acquired between."""
        body = next((f for f in node[1:] if isinstance(f, tuple) and child in f
                     and all(isinstance(x, int) for x in f)), None)
        if body is None:
            return set()
        held: Dict[int, Set[object]] = {}
        checked: Dict[str, int] = {}  # `ok = lock.acquire(...)`: the name -> the lock's expression
        tried: Set[str] = set()  # the locks acquired or released before, however
        for stmt in body[:body.index(child)]:
            s = mod.nodes[stmt]
            bound = _acquire_bound(mod, stmt)
            if bound is not None:
                checked[bound[0]] = bound[1]
                continue
            failed = _failure_leaves(mod, stmt)
            if failed in checked:  # `if not ok: return False`: past it, the lock is held
                lock = checked.pop(failed)
                held[lock] = self.lock_of(mod, lock, "acquire", ctx)
                continue
            found = _lock_statement(mod, stmt)
            if found is None:
                continue
            method, lock = found
            args = mod.nodes[s[1]][2]
            tried.add(mod.code(lock).strip())
            if method == "release":
                spelling = mod.code(lock).strip()
                held = {k: v for k, v in held.items() if mod.code(k).strip() != spelling}
            elif not args or all(k in (None, "blocking") and mod.nodes[a] == ("Const", True) for k, a in args):
                held[lock] = self.lock_of(mod, lock, "acquire", ctx)
        # a lock this block releases later, with no acquire between, is held until then: only
        # its holder may release it (a lock class's own `release()` ends with its inner lock's).
        # Not when the block itself tried to take it before (`acquire(timeout=1)` may fail)
        taken = tried | {mod.code(lock).strip() for lock in checked.values()}
        for stmt in body[body.index(child) + 1:]:
            found = _lock_statement(mod, stmt)
            if found is None:
                continue
            method, lock = found
            spelling = mod.code(lock).strip()
            if method == "acquire":
                taken.add(spelling)
            elif spelling not in taken and not any(mod.code(k).strip() == spelling for k in held):
                held[lock] = self.lock_of(mod, lock, "release", ctx)
        return set().union(*held.values()) if held else set()

    def lock_of(self, mod: Module, expr: int, method: str, ctx: Ctx) -> Set[object]:
        """The locks ``expr.acquire()``/``expr.release()`` takes or lets go: ``expr`` itself
        if it is a lock, else the locks the project method of that name acquires or releases
        on its own object (logging's ``Handler.acquire()``: ``self.lock.acquire()``)."""
        keys = self.lock_key(mod, expr, ctx)
        if keys:
            return keys
        for atom in self.ev.value(mod, expr, ctx).insts:
            for t in sorted(atom.types):
                found = self.ev.find_method(t, method)
                if found is None:
                    continue
                key = (found, method)
                if key not in self._wrapped_locks:
                    self._wrapped_locks[key] = set()  # a method that calls itself holds none
                    self._wrapped_locks[key] = self._locks_in_method(found, method)
                keys |= self._wrapped_locks[key]
        return keys

    def _locks_in_method(self, found: Tuple[str, int], method: str) -> Set[object]:
        """The locks a method takes or releases on its own fields: ``self.<f>.<method>()``."""
        mmod = self.program.modules[found[0]]
        params = mmod.nodes[mmod.nodes[found[1]][2]][1]
        if not params:
            return set()
        selfname = mmod.nodes[params[0]][1]
        out: Set[object] = set()
        for nid in mmod.body_nodes(found[1]):
            n = mmod.nodes[nid]
            if n[0] != "Call":
                continue
            f = mmod.nodes[n[1]]
            if f[0] != "Attr" or f[2] != method:
                continue
            recv = mmod.nodes[f[1]]
            if recv[0] == "Attr" and mmod.nodes[recv[1]][0] == "Name" and mmod.nodes[recv[1]][1] == selfname:
                out |= self.lock_key(mmod, f[1], HOME)
        return out

    def lock_key(self, mod: Module, expr: int, ctx: Ctx, depth: int = 0) -> Set[object]:
        value = self.ev.value(mod, expr, ctx)
        out: Set[object] = set()
        for atom in value.insts:
            facts = [f for f in map(self.knowledge.type_fact, sorted(atom.types)) if f is not None and f.lock]
            if not facts:
                continue
            out.add(atom.site)
            wraps = next((f.wraps for f in facts if f.wraps), None)
            cmod = self.program.modules.get(atom.site[0])
            if wraps and cmod is not None and depth < 3 and cmod.nodes[atom.site[1]][0] == "Call":
                # `Condition(self.mutex)`: holding the condition is holding the lock it wraps
                args = cmod.nodes[atom.site[1]][2]
                positional = [a for k, a in args if k is None]
                given = [a for k, a in args if k == wraps[1]] or positional[wraps[0]:wraps[0] + 1]
                for arg in given:
                    out |= self.lock_key(cmod, arg, ctx if cmod is mod else HOME, depth + 1)
        return out

    # ------------------------------------------------------------------ HOME
    def home_reachable(self, mod: Module, fn: int) -> bool:
        """Does ``fn`` run at HOME? Yes when code at HOME refers to it, or nothing refers to it
        (an entry point) and it is no thread's root."""
        key = (mod.name, fn)
        found = self._home.get(key)
        if found is not None:
            return found
        if key in self._busy:
            return False
        self._busy.add(key)
        try:
            result = self._home_reachable(mod, fn)
        finally:
            self._busy.discard(key)
        self._home[key] = result
        return result

    def _home_reachable(self, mod: Module, fn: int) -> bool:
        if mod.def_kind.get(fn) is None:  # a lambda: where it is written
            if (mod.name, fn) in self._targets:
                return False
            frame = mod.frame(fn)
            return frame == 0 or self.home_reachable(mod, frame)
        name = mod.name_of(fn)
        cls = mod.class_of(fn)
        if cls >= 0 and name.startswith("__") and name.endswith("__"):
            name = mod.name_of(cls)  # a dunder runs where its class is used
        refs = 0
        plain = cls < 0 and mod.def_kind.get(fn) == "Def"
        for user, nid, frame in self.references(name):
            if user is mod and frame == fn:
                continue  # recursion
            if plain and not self._may_name_function(user, nid):
                continue  # `t.start()`: an attribute of some object, not the function `start`
            if cls >= 0 and self._of_library_object(user, nid):
                continue  # `ctx.run` of `ctx = contextvars.copy_context()`: not `App.run`
            refs += 1
            if user.name in self._target_modules and self._inside_target(user, nid):
                continue  # handed to a thread: that thread's root, not a call here
            bridged = self._bridged_coroutine_ref(user, nid, fn, mod)
            if bridged is not None:
                if bridged:
                    continue  # handed to a loop a thread runs: that thread's root
                return True  # handed to a loop no thread of the project runs: the main one's
            if frame == 0 or self.home_reachable(user, frame):
                return True
        if refs:
            return False
        return (mod.name, fn) not in self._roots and not self._is_walk_root(mod, fn)

    @per_node
    def _of_library_object(self, mod: Module, nid: int) -> bool:
        """Is ``nid`` an attribute of what a library factory or class the knowledge describes
        returns (``copy_context().run``; ``t.start`` of ``t = threading.Thread(...)``, a local
        variable bound to nothing else), so that it names none of the project's methods?"""
        node = mod.nodes[nid]
        if node[0] != "Attr":
            return False
        receiver = mod.nodes[node[1]]
        if receiver[0] == "Call":
            return self._library_made(mod, node[1])
        if receiver[0] != "Name" or receiver[3] <= 0 or receiver[3] not in mod.scopes:
            return False
        sites = mod.scopes[receiver[3]].bindings.get(receiver[1], ())
        if not sites:
            return False
        for site in sites:
            stmt = mod.nodes[mod.parent(site)]
            if stmt[0] != "Asg" or site not in stmt[1] or not self._library_made(mod, stmt[2]):
                return False
        return True

    def _library_made(self, mod: Module, call: int) -> bool:
        """Is ``call`` a call of a library factory or class the knowledge describes, spelled
        through a module-level import (``copy_context()``, ``threading.Thread(...)``)?"""
        if mod.nodes[call][0] != "Call":
            return False
        callee = mod.nodes[mod.nodes[call][1]]
        if callee[0] == "Name":
            head, rest = callee, ""
        elif callee[0] == "Attr" and mod.nodes[callee[1]][0] == "Name":
            head, rest = mod.nodes[callee[1]], callee[2]
        else:
            return False
        target = mod.alias_target(head[1]) if head[3] == 0 else None
        if target is None:
            return False  # not an import
        qualified = f"{target}.{rest}" if rest else target
        return self.program.definition(qualified) is None and (
            self.knowledge.factory(qualified) is not None or self.knowledge.type_fact(qualified) is not None)

    @per_node
    def _may_name_function(self, mod: Module, nid: int) -> bool:
        """Can this read of a name refer to a plain function? A bare name can; an attribute
        only of a module (``jobs.start``: its receiver an imported name or a dotted path), not
        of an object (``thread.start()``, ``Thread(...).start()``)."""
        node = mod.nodes[nid]
        if node[0] != "Attr":
            return True
        receiver = mod.nodes[node[1]]
        while receiver[0] == "Attr":
            receiver = mod.nodes[receiver[1]]
        if receiver[0] != "Name":
            return False
        name, scope = receiver[1], receiver[3]
        if scope == 0:  # a module-level name: an import, or something `import *` brought
            return mod.alias_target(name) is not None or not mod.binds(name)
        if scope in mod.scopes:  # a local: only a local import
            return any(mod.nodes[site][0] == "Alias" for site in mod.scopes[scope].bindings.get(name, ()))
        return False

    def _inside_target(self, mod: Module, nid: int) -> bool:
        """Is ``nid`` (part of) the callable a spawn hands over?"""
        if (mod.name, nid) in self._targets:
            return True
        child = nid
        for anc in mod.ancestors(nid):
            node = mod.nodes[anc]
            if node[0] == "Call" and node[1] == child:
                return False  # called here, by the spawner: `submit(Job(conn).run)` runs Job() here
            if (mod.name, anc) in self._targets:
                return True
            if node[0] not in _EXPRESSIONS:
                return False
            child = anc
        return False

    def _is_walk_root(self, mod: Module, fn: int) -> bool:
        return (mod.name, fn) in self._walk_roots

    def _add_root(self, walk: Walk, key: FuncKey) -> None:
        if key not in walk.roots:
            walk.roots.append(key)
            self._walk_roots.add(key)

    def _reached(self, ctx: Ctx, key: FuncKey) -> None:
        """Index a function a walk has just reached (``contexts`` lists walks in their order)."""
        reaching = self._reaching.setdefault(key, [])
        reaching.append(ctx)
        if len(reaching) > 1 and self._walk_order[reaching[-2]] > self._walk_order[ctx]:
            reaching.sort(key=self._walk_order.__getitem__)

    def _forget(self, walk: Walk) -> None:
        """Take a walk that failed out of the indexes."""
        for key in walk.funcs:
            self._reaching[key] = [c for c in self._reaching.get(key, ()) if c != walk.ctx]
        self._walk_roots = {key for w in self.walks.values() for key in w.roots}

    def references(self, ident: str) -> List[Tuple[Module, int, int]]:
        """Every Name or Attr read of ``ident`` in the project: (module, node, frame)."""
        return self.program.sites("ref", ident)


def _statement_of_body(mod: Module, call: int, fn: int) -> bool:
    """Is ``call`` a statement of its own in the body of the def ``fn``: not in a branch or a
    loop, though it may be in the body of a ``try`` (``try: loop.run_forever() finally:
    loop.close()``) or of a ``with``, not in their handlers?"""
    stmt = mod.parent(call)
    node = mod.nodes[fn] if fn > 0 else None
    if node is None or node[0] != "Def" or mod.nodes[stmt][0] != "Expr":
        return False
    while stmt not in node[5]:
        outer = mod.parent(stmt)
        onode = mod.nodes[outer] if outer >= 0 else None
        if onode is None or not (onode[0] == "Try" and stmt in onode[1] or onode[0] == "With" and stmt in onode[2]):
            return False
        stmt = outer
    return True


def _decorated_by(mod: Module, call: int) -> int:
    """The def or class ``call`` decorates (-1: it decorates nothing)."""
    parent = mod.parent(call)
    if parent < 0:
        return -1
    node = mod.nodes[parent]
    decorators = node[3] if node[0] == "Def" else node[4] if node[0] == "Cls" else ()
    return parent if call in decorators else -1


def _on_its_loop(mod: Module, nid: int, fn: int) -> bool:
    """Is ``nid`` in the branch of an ``if`` that asks whether the running loop is a given one
    and runs only when it is (``if asyncio.get_running_loop() is self.loop:``, either side,
    ``==`` or ``is``; with ``!=`` or ``is not``, the ``else``): code the loop's own thread
    runs, whatever thread walks ``fn``? Not ``... is None``, which asks whether one runs."""
    for test, in_body in enclosing_tests(mod, nid, fn):
        op = comparison(mod, test)
        if op is None or any(mod.nodes[side][0] == "Const" for side in op[1:]) or in_body != (op[0] in ("==", "is")):
            continue
        for side, other in ((op[1], op[2]), (op[2], op[1])):
            if _running_loop_call(mod, side):
                return True
            # `running is self._loop`, with `running` None when no loop runs: only once
            # `self._loop` is known not to be None (`if self._loop is None: return` before)
            if _running_loop_read(mod, side, fn) and _not_none(mod, other, nid, fn):
                return True
    return False


def _not_none(mod: Module, expr: int, nid: int, fn: int) -> bool:
    """Do the tests that decide whether ``nid`` runs say ``expr`` (spelled the same) is not
    ``None`` there (``if self._loop is None: return`` before it, or ``if self._loop is not
    None:`` around it)?"""
    spelled = mod.short(expr)
    for test, in_body in enclosing_tests(mod, nid, fn):
        if mod.short(test) == spelled and in_body:
            return True
        op = comparison(mod, test)
        if op is None or not any(_none(mod, side) for side in op[1:]) \
                or not any(mod.short(side) == spelled for side in op[1:]):
            continue
        if in_body == (op[0] in ("!=", "is not")):
            return True
    return False


def _discarded(mod: Module, call: int) -> bool:
    """Is the value of ``call`` thrown away: the whole of an expression statement or of an
    assert's test?"""
    parent = mod.parent(call)
    return parent >= 0 and mod.nodes[parent][0] == "Expr" and mod.nodes[parent][1] == call


#: what a coroutine object has: plain code that reads anything else of a call's result does
#: not hold a coroutine there
COROUTINE_ATTRIBUTES = frozenset({"send", "throw", "close", "cr_await", "cr_code", "cr_frame", "cr_running",
                                  "cr_origin", "cr_suspended", "__await__", "__class__", "__name__", "__qualname__"})


def _used_as_an_object(mod: Module, call: int, frame: int) -> bool:
    """Does ``frame`` read an attribute that no coroutine has (``COROUTINE_ATTRIBUTES``) on what
    ``call`` returns: directly (``make().connect()``), or through the local name it is bound to
    (``conn = pool.get()``, then ``conn.connect()``)?"""
    parent = mod.parent(call)
    if parent < 0:
        return False
    pnode = mod.nodes[parent]
    if pnode[0] == "Attr" and pnode[1] == call:
        return pnode[2] not in COROUTINE_ATTRIBUTES
    if pnode[0] != "Asg" or pnode[2] != call or len(pnode[1]) != 1 or mod.nodes[pnode[1][0]][0] != "Name":
        return False
    name, scope = mod.nodes[pnode[1][0]][1], mod.nodes[pnode[1][0]][3]
    for nid in mod.body_nodes(frame):
        node = mod.nodes[nid]
        if node[0] == "Attr" and node[2] not in COROUTINE_ATTRIBUTES:
            base = mod.nodes[node[1]]
            if base[0] == "Name" and base[1] == name and base[3] == scope and base[2] == "L":
                return True
    return False


def _receivers_first(mod: Module, nids: Sequence[int]) -> Iterator[int]:
    """``nids`` in their order, but each call after the calls its callee is reached through
    (``Box()`` before ``Box().inner.bump()``): what the outer call runs is worked out once the
    inner one's function is on the walk (its ``__init__`` storing ``inner``)."""
    given = set(nids)
    done: Set[int] = set()
    for nid in nids:
        if nid in done:
            continue
        node = mod.nodes[nid]
        if node[0] == "Call":
            for inner in _calls_reaching(mod, node[1]):
                if inner in given and inner not in done:
                    done.add(inner)
                    yield inner
        done.add(nid)
        yield nid


def _calls_reaching(mod: Module, expr: int) -> List[int]:
    """The calls in the receiver chain of ``expr`` (``make().x().y``: ``make()``, then
    ``make().x()``), innermost first."""
    out: List[int] = []
    node = mod.nodes[expr]
    while node[0] in ("Attr", "Sub", "Call", "Walrus"):
        if node[0] == "Call":
            out.append(expr)
        expr = node[2] if node[0] == "Walrus" else node[1]  # `(b := Box()).inner.bump()`
        node = mod.nodes[expr]
    return out[::-1]


def _may_call_arguments(roles: Set[Optional[str]]) -> bool:
    """May library code of these roles call a function it is given, there and then?"""
    return not roles or bool(roles - {"harmless", "partial"})


def _asks_for_a_loop(mod: Module) -> bool:
    """Does the module ask which event loop runs (``get_running_loop()``) at all?"""
    idents = mod.facts.identifiers
    return "get_running_loop" in idents or "_get_running_loop" in idents


def _needs_a_loop(mod: Module, nid: int, fn: int) -> bool:
    """Is ``nid`` in a branch that runs only when an event loop runs on the thread: the body of
    ``if running_loop is not None:`` (or ``if running_loop:``), the ``else`` of ``... is None``,
    where ``running_loop`` is ``asyncio.get_running_loop()`` or a variable bound to it or to
    ``None`` alone (``try: running_loop = get_running_loop() / except RuntimeError: running_loop
    = None``)? A thread's own code that runs no loop never gets there."""
    for test, in_body in enclosing_tests(mod, nid, fn):
        if _running_loop_read(mod, test, fn):
            if in_body:
                return True
            continue
        op = comparison(mod, test)
        if op is None or not any(_none(mod, side) for side in op[1:]) \
                or not any(_running_loop_read(mod, side, fn) for side in op[1:]):
            continue
        if in_body == (op[0] in ("!=", "is not")):
            return True
    return False


def _none(mod: Module, nid: int) -> bool:
    node = mod.nodes[nid]
    return node[0] == "Const" and node[1] is None


def _running_loop_read(mod: Module, nid: int, fn: int) -> bool:
    """``asyncio.get_running_loop()``, or a variable of ``fn`` itself (not one a closure
    reads: that was bound where the outer function ran) every binding of which is that or
    ``None``: it holds a loop exactly when one runs on the thread."""
    if _running_loop_call(mod, nid):
        return True
    values = sole_values(mod, nid) if mod.nodes[nid][0] == "Name" and mod.nodes[nid][3] == fn else None
    return values is not None and any(_running_loop_call(mod, v) for v in values) \
        and all(_running_loop_call(mod, v) or _none(mod, v) for v in values)


def _running_loop_call(mod: Module, nid: int) -> bool:
    """``asyncio.get_running_loop()`` (or ``_get_running_loop()``), however the module is named."""
    node = mod.nodes[nid]
    if node[0] != "Call" or node[2]:
        return False
    return called_name(mod, nid) in ("get_running_loop", "_get_running_loop")


def _lock_statement(mod: Module, stmt: int) -> Optional[Tuple[str, int]]:
    """(``"acquire"`` or ``"release"``, the receiver) of a statement ``x.acquire(...)`` or
    ``x.release()``."""
    node = mod.nodes[stmt]
    if node[0] != "Expr" or mod.nodes[node[1]][0] != "Call":
        return None
    func = mod.nodes[mod.nodes[node[1]][1]]
    if func[0] != "Attr" or func[2] not in ("acquire", "release"):
        return None
    return func[2], func[1]


def _acquire_bound(mod: Module, stmt: int) -> Optional[Tuple[str, int]]:
    """(name, lock expression) of ``ok = lock.acquire(...)``, or of an ``if``/``else`` each of
    whose branches ends binding the same name to an ``acquire()`` of the same lock, spelled alike
    (``acquire(blocking)`` in one, ``acquire(blocking, timeout)`` in the other)."""
    node = mod.nodes[stmt]
    if node[0] == "Asg" and len(node[1]) == 1 and mod.nodes[node[1][0]][0] == "Name":
        value = mod.nodes[node[2]]
        if value[0] == "Call":
            func = mod.nodes[value[1]]
            if func[0] == "Attr" and func[2] == "acquire":
                return mod.nodes[node[1][0]][1], func[1]
        return None
    if node[0] == "If" and node[2] and node[3]:
        first, other = _acquire_bound(mod, node[2][-1]), _acquire_bound(mod, node[3][-1])
        if first is not None and other is not None and first[0] == other[0] \
                and mod.code(first[1]).strip() == mod.code(other[1]).strip():
            return first
    return None


def _failure_leaves(mod: Module, stmt: int) -> Optional[str]:
    """The name ``if not <name>: return ...`` (or ``raise``) tests, when that is what ``stmt`` is:
    an ``if`` with no ``else`` whose body always leaves the function."""
    node = mod.nodes[stmt]
    if node[0] != "If" or node[3] or not node[2] or mod.nodes[node[2][-1]][0] not in ("Ret", "Raise"):
        return None
    test = mod.nodes[node[1]]
    if test[0] != "Op" or len(test[1]) != 1 or mod.nodes[test[1][0]][0] != "Name" \
            or not mod.code(node[1]).strip().startswith("not "):
        return None
    return mod.nodes[test[1][0]][1]


def bridge_parts(mod: Module, call: int) -> Tuple[int, int, Optional[LoopBridge]]:
    """(the loop, the coroutine or callback, the bridge) of a loop bridge call, as
    ``knowledge.LOOP_BRIDGES`` places them, -1 where not given (and the bridge None where the
    call is none of them): ``loop.call_soon_threadsafe(cb, ...)``, ``run_coroutine_threadsafe(coro,
    loop)``."""
    node = mod.nodes[call]
    func = mod.nodes[node[1]]
    if func[0] == "Attr":
        name = func[2]
    elif func[0] == "Name":
        name = (mod.alias_target(func[1]) or func[1]).rpartition(".")[2]
    else:
        return -1, -1, None
    bridge = next((b for b in LOOP_BRIDGES if b.name == name), None)
    if bridge is None:
        return -1, -1, None
    loop = (func[1] if func[0] == "Attr" else None) if bridge.loop is None else _arg(node[2], bridge.loop)
    work = _arg(node[2], bridge.work)
    return (-1 if loop is None else loop), (-1 if work is None else work), bridge


def _aliases(mod: Module, names: Set[str]) -> Set[str]:
    """Local names an import binds to one of ``names`` (``from threading import Thread as T``),
    from the header: ``("Alias", kind, module, level, name, asname)`` at the module's level,
    the "alias" index inside its functions."""
    out = set()
    for binds in mod.facts.module_names.values():
        for b in binds:
            if b[0] == "Alias" and b[5] and b[4].rpartition(".")[2] in names:
                out.add(b[5])
    inside = mod.facts.index.get("alias", NO_USES)
    for name in names & set(inside):
        out.update(entry[2] for entry in inside[name])
    return out


_EXPRESSIONS = frozenset({"Attr", "Call", "Sub", "Tuple", "List", "Set", "Star", "Dict", "IfX", "Bool",
                          "Walrus", "Await", "Op", "Name"})


# ---------------------------------------------------------------------- spawn arguments
def _arg(args, where: Optional[Arg]) -> Optional[int]:
    if where is None:
        return None
    if where.kw:
        for key, node in args:
            if key == where.kw:
                return node
    if where.pos is not None:
        positional = [(k, a) for k, a in args if k in (None, "*")]
        if where.pos < len(positional):
            if any(k == "*" for k, _ in positional[: where.pos + 1]):
                return None  # after *args nothing is where we think it is
            return positional[where.pos][1]
    return None


def _literal(mod: Module, call: int, pos: int, kw: str) -> Optional[str]:
    """The string literal given to a call at ``pos`` or as ``kw``, if that is what it is."""
    node = _arg(mod.nodes[call][2], Arg(pos, kw))
    if node is None or mod.nodes[node][0] != "Const" or not isinstance(mod.nodes[node][1], str):
        return None
    return mod.nodes[node][1]


def _spread(mod: Module, node: int, how: Handed) -> List[Tuple[int, Handed, Optional[str]]]:
    n = mod.nodes[node]
    if n[0] in ("Tuple", "List"):
        out: List[Tuple[int, Handed, Optional[str]]] = []
        for el in n[1]:
            if mod.nodes[el][0] == "Star":
                out.append((mod.nodes[el][1], how, "*"))
            else:
                out.append((el, Handed(How.ARGUMENT), None))
        return out
    return [(node, how, "*")]


def _spread_dict(mod: Module, node: int, kw: str) -> List[Tuple[int, Handed, Optional[str]]]:
    n = mod.nodes[node]
    if n[0] == "Dict":
        out: List[Tuple[int, Handed, Optional[str]]] = []
        for k, v in zip(n[1], n[2]):
            knode = mod.nodes[k] if k >= 0 else None
            if knode is not None and knode[0] == "Const" and isinstance(knode[1], str):
                out.append((v, Handed(How.KEYWORD, knode[1]), knode[1]))
            else:
                out.append((v, Handed(How.VALUE_OF, kw), "**"))
        return out
    if n[0] == "Call" and mod.nodes[n[1]][0] == "Name" and mod.nodes[n[1]][1] == "dict":
        return [(a, Handed(How.KEYWORD, k) if k not in (None, "*", "**") else Handed(How.VALUE_OF, kw),
                 k if k not in (None, "*") else "**") for k, a in n[2]]
    return [(node, Handed(How.VALUE_OF, kw), "**")]


__all__ = ["Reached", "Spawn", "ThreadClass", "Threads", "Walk", "bind_arguments"]
