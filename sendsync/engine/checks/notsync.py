"""SSC2xx: a NotSync object, or shared state, used from two threads that may run at once.

For each spawn, the NotSync objects its thread uses (``effects``) that came from elsewhere are
grouped by how they crossed. Each group is then held against what may run at the same time:

- the thread itself, when it runs several times at once (a pool initializer, a map-style call,
  a spawn in a loop handing over a value made outside it): SSC201;
- another spawn handing over the same value while this thread may still run: SSC201;
- the spawner's own code between the start and the join point (moves are fine: a value handed
  to one thread and not used again before the join is Swift's ``sending``): SSC202;
- a module global: every other thread can reach it: SSC203;
- an event loop that runs on its own thread, used directly rather than through its bridges: SSC205.

Uses that all hold one lock (on every thread, a lock taken inside a method counting for every
caller) are shared safely, as Rust's ``Mutex<T>`` makes them. SSC204 is shared state rebound
(``nonlocal n; n += 1``, ``self.n += 1``) by code that several threads may run at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple

from ...knowledge import FUTURE, THREAD
from ...diagnostics import Diagnostic, Note, Span
from ...rules import wording
from ...rules.notsync import (
    Many, NotSyncGlobal, NotSyncSharedTasks, NotSyncUsedBeforeJoin, OnLoop, Owner, Rebound, RunningLoopOffThread, Shared, Started,
    Sharing, Unlocked, UnsynchronizedRebinding,
)
from ...rules.base import BaseFinding
from ...rules.wording import Origin, Target
from ..effects import Use
from ..flow import END, WAITS, Window, assigned_name, assigned_place, calls_on, every_call_reaches, in_loop, leaves_early, repeated, spelled, window
from ..program import Module, called_name, comparison, enclosing_tests, other_branches, sole_values, statement_of
from ..solve import Solution
from ..threads import FuncKey, Spawn, ThreadClass, Walk, bridge_parts
from ..evaluate import bind_arguments, last_assigned, parameter_reads
from ..facts import ASYNC, BUILTIN, GENERATOR, KWONLY, NORMAL, POSONLY
from ..values import HOME, SELF_SITE, SUPER_SITE, Bound, Ctx, Entry, Fn, Inst, Partial, Ref, Trait, Value, called_functions
from .common import (
    Root, _callers, display, entry_frame, first, held_as, home_notes, home_roots, home_uses, joined, notes, place, caller_roots, starts_through_super,
    runs_before, spawn_at, target_of, thread_starts, via,
)
from .notsend import READS, crossed, single_worker

Binding = Tuple[str, int, str]  # (module, scope, name): a variable of the spawner


#: how many calls down from a thread's root its code may operate on a task or future of a
#: running loop and be reported: the defects resolve or cancel it within a call or two of the
#: thread's own code (a reader thread's loop, a done-callback), and a future found ten calls
#: down is most often one that sibling classes' shared methods mixed into the value flow
LOOP_OBJECT_DEPTH = 3


@dataclass
class Crossing:
    """One NotSync object, as one thread gets it, and everything that thread does with it."""

    spawn: Optional[Spawn]
    walk: Walk
    entry: Entry
    atom: Inst
    uses: List[Use]
    #: where the finding goes, and the spawner's variable the object is in (if any)
    module: str = ""
    node: int = -1
    binding: Optional[Binding] = None
    direct: bool = True

    @property
    def name(self) -> str:
        """How messages name the object: the variable a method handed over is bound to
        (``queue`` of ``queue.put_nowait``), else what was handed over."""
        if self.binding is not None and self.entry.route != "self" and self.entry.name.startswith(self.binding[2] + "."):
            return self.binding[2]
        return self.entry.name

    @property
    def guard(self) -> FrozenSet[object]:
        common: Optional[FrozenSet[object]] = None
        for use in self.uses:
            common = use.locks if common is None else common & use.locks
            if not common:
                return frozenset()
        return common or frozenset()


def check(sol: Solution, spawns: List[Spawn], classes: List[ThreadClass]) -> List[Diagnostic]:
    """SSC201-SSC205 for ``spawns`` (of one module: a value handed to two of them is one
    finding) and the Thread subclasses ``classes``."""
    return _Check(sol).run(spawns, classes)


class _Check:
    def __init__(self, sol: Solution) -> None:
        self.sol = sol
        self.out: List[Diagnostic] = []
        self.windows: Dict[int, Optional[Window]] = {}
        self._called_in_loop: Dict[int, Optional[Tuple[Module, int, int]]] = {}
        self.handed_again: Set[Tuple[str, int]] = set()
        #: the crossings a finding was reported for (by ``id``), and their objects (site, thread)
        self.reported: Set[int] = set()
        self.reported_objects: Set[tuple] = set()
        #: the spawner's variables read where an SSC202 says "still used": (module, node)
        self.reported_uses: Set[Tuple[str, int]] = set()

    def run(self, spawns: List[Spawn], classes: List[ThreadClass]) -> List[Diagnostic]:
        sol = self.sol
        crossings: Dict[int, List[Crossing]] = {}
        for spawn in spawns:
            crossings[spawn.index] = self.crossings(sol.threads.walks[spawn.ctx])
        by_node: Dict[Tuple[str, int], Tuple[Spawn, Crossing]] = {}
        for spawn in spawns:
            for c in crossings[spawn.index]:
                if c.entry.route in ("argument", "partial", "self", "capture") and c.entry.module == spawn.mod.name:
                    by_node.setdefault((c.entry.module, self._handed(c)), (spawn, c))
        for spawn in spawns:
            for c in crossings[spawn.index]:
                self.crossing(spawn, c, by_node)
            self.rebindings(spawn)
            self.later(spawn, crossings[spawn.index])
        for tc in classes:
            walk = sol.threads.walks[tc.ctx]
            for c in self.crossings(walk):
                if c.entry.route == "global" and not c.atom.loop:
                    self.report_global(c)
                elif c.entry.route in ("field", "set-field") and not c.atom.loop:
                    self.thread_field(tc, c)
            if tc.many:
                self.request_rebindings(tc, walk)
            else:
                self.class_rebindings(tc, walk)
        self.coming_back(spawns, classes)
        return self.out

    # ------------------------------------------------------------------ made on the thread
    def coming_back(self, spawns: List[Spawn], classes: List[ThreadClass]) -> None:
        """SSC202 for a NotSync object a thread makes and operates on, that the code which
        started the thread (or what it calls) operates on too while the thread may still run:
        a field the thread stores, read back through the object that holds it."""
        sol = self.sol
        made: Dict[str, Dict[tuple, List[Use]]] = {}
        done: Set[tuple] = set()
        for root in home_roots(sol, spawns, classes):
            walk = root.walk
            assert walk is not None
            own = made.get(walk.ctx)
            if own is None:
                own = made[walk.ctx] = self._own_objects(walk)
            if not own and not sol.threads.runs_loop(walk.ctx):
                continue
            for use, chain in home_uses(sol, root):
                atom = use.atom
                key = (atom.site, walk.ctx)
                if key in done or key in self.reported_objects:
                    continue
                if self._is_loop(atom) and walk.ctx in sol.threads.loop_target_threads(atom.site) \
                        and not self._in_coroutine(use) and self._one_loop(use):
                    atom = replace(atom, loop=True, home=walk.ctx)  # the loop this thread runs
                    use = replace(use, atom=atom)
                if atom.home != walk.ctx:
                    continue
                if atom.loop and not self._in_coroutine(use):
                    # the loop the thread runs, or a task or future of it: the loop is its other user
                    if self._alongside(root, chain[0][1] if chain else use.node) and not joined(sol, root, use, chain) \
                            and not self._reported_at(use):
                        done.add(key)
                        self._report_on_their_loop(root, use, chain)
                    continue
                if atom.site not in own:
                    continue
                if not self._alongside(root, chain[0][1] if chain else use.node) or self._said(use, chain) \
                        or joined(sol, root, use, chain):
                    continue
                theirs = own[atom.site]
                if use.locks & frozenset.intersection(*(u.locks for u in theirs)):
                    continue
                done.add(key)
                self._report_back(root, use, chain, theirs)

    def _reported_at(self, use: Use) -> bool:
        """Does a finding already stand where ``use`` is (SSC202 for the spawner's later use)?"""
        where = place(self.sol, use.module, use.node)
        return any((d.path, d.line, d.col) == (where.path, where.line, where.col) for d in self.out)

    def _one_loop(self, use: Use) -> bool:
        """Is the loop ``use`` operates on the only loop it may be (``loop = self.bg_loop if
        shared else asyncio.new_event_loop()`` may be either)?"""
        mod = self.sol.program.modules[use.module]
        return len({a.site for a in self.sol.ev.value(mod, use.node, HOME).insts if self._is_loop(a)}) == 1

    def _report_on_their_loop(self, root: Root, use: Use, chain: List[Tuple[FuncKey, int]]) -> None:
        """SSC205 at ``use``, on the spawning side, of the loop the thread runs, or of a task or
        future made on it (by a coroutine handed over with ``run_coroutine_threadsafe``)."""
        sol = self.sol
        trait = use.atom.not_sync
        assert trait is not None and root.walk is not None
        where = place(sol, use.module, use.node)
        mod = sol.program.modules[use.module]
        smod, snode = (root.spawn.mod, root.spawn.call) if root.spawn is not None else root.start or (root.mod, root.after)
        line = smod.line(snode)
        target = Target(display(sol, (use.module, use.fn)))
        kind = OnLoop.RUN_BY if self._is_loop(use.atom) else OnLoop.THEIRS
        finding = RunningLoopOffThread.Finding(mod.short(use.node), trait.describe("NotSync", where.path),
                                               Owner(kind, line), target, mod.line(use.node))
        extra = self._bridged_note(root.walk, use.atom)
        self.out.append(finding.at(where, notes(sol, trait, root.walk) + extra
                                   + tuple(home_notes(sol, root, use, chain))))

    def _bridged_note(self, walk: Walk, atom: Inst) -> Tuple[Note, ...]:
        """Where a bridge hands the loop's thread the coroutine whose calls made ``atom``."""
        sol = self.sol
        amod = sol.program.modules.get(atom.site[0])
        if amod is None or atom.site[1] < 0:
            return ()
        key = (amod.name, amod.frame(atom.site[1]))
        chain = walk.chain(key)
        root = chain[0][0] if chain else key
        found = sol.threads.bridge_calls.get((walk.ctx, root))
        if found is None:
            return ()
        bmod = sol.program.modules[found[2]]
        label = bmod.short(bmod.nodes[found[3]][1])
        return (wording.bridged_note(place(sol, bmod.name, found[3]), display(sol, root), label),)

    def _said(self, use: Use, chain: List[Tuple[FuncKey, int]]) -> bool:
        """Is ``use`` (or the call leading to it) where a finding already says the spawner
        still uses what it handed over (``self`` of ``self.loop.call_soon``)?"""
        module = chain[0][0][0] if chain else use.module
        mod = self.sol.program.modules[module]
        node = chain[0][1] if chain else use.node
        if mod.nodes[node][0] == "Call":
            node = mod.nodes[node][1]  # the method called
        elif mod.nodes[node][0] not in ("Name", "Attr", "Sub"):
            return False  # a `with` block, ...
        return (module, _root_name(mod, node)) in self.reported_uses

    def _own_objects(self, walk: Walk) -> Dict[tuple, List[Use]]:
        """The NotSync objects the thread makes and operates on itself, by creation site."""
        out: Dict[tuple, List[Use]] = {}
        for use in self.sol.uses(walk.ctx):
            atom = use.atom
            if atom.home == walk.ctx and atom.not_sync is not None and atom.not_send is None and not atom.loop:
                out.setdefault(atom.site, []).append(use)
        return out

    def _alongside(self, root: Root, node: int) -> bool:
        """May the thread run while ``node`` (of ``root``'s function) does?"""
        mod = root.mod
        if root.caller:
            # the function that starts it has returned: the thread runs on, unless it was joined
            win = self.window_of(root.spawn) if root.spawn is not None else None
            running = (win is not None and win.end == END) if root.spawn is not None else root.join < 0
            return running and not runs_before(root, node)
        if root.spawn is not None:
            win = self.window_of(root.spawn)
            return win is not None and win.open_at(mod, node)
        pos = mod.pos(node)
        return mod.end(root.after) < pos and (root.join < 0 or pos < mod.pos(root.join))

    def _report_back(self, root: Root, use: Use, chain: List[Tuple[FuncKey, int]], theirs: List[Use],
                     trait: Optional[Trait] = None) -> None:
        """SSC202 at ``use``, on the spawning side, of an object the thread uses too (``theirs``)."""
        sol = self.sol
        trait = trait or use.atom.not_sync
        assert trait is not None and root.walk is not None
        where = place(sol, use.module, use.node)
        mod = sol.program.modules[use.module]
        if root.spawn is not None:
            win = self.window_of(root.spawn)
            start = started(root.spawn, win) if win is not None else Started(root.spawn.line, True)
        else:
            smod, snode = root.start or (root.mod, root.after)
            start = Started(smod.line(snode))
        theirs_first = first(theirs, sol)
        finding = NotSyncUsedBeforeJoin.Finding(mod.short(use.node), trait.describe("NotSync", where.path),
                                                mod.line(use.node), start)
        extra = [wording.used_there(place(sol, theirs_first.module, theirs_first.node))]
        extra += home_notes(sol, root, use, chain)
        self.out.append(finding.at(where, notes(sol, trait, root.walk) + tuple(extra)))

    # ------------------------------------------------------------------ later, through calls
    def later(self, spawn: Spawn, crossings: List[Crossing]) -> None:
        """SSC202 for a NotSync object that crossed through one of the spawner's variables
        (``self`` of the thread's bound method, ``self`` of ``args=(self._queue,)``), that the
        spawning side operates on through that same variable while the thread may run: a method
        the spawner calls on it after the spawn (``self.skip()``), or the spawner's caller,
        after the call that spawned, on the object it called it on or built
        (``feed.start(); feed.skip()``, ``runner = Runner(); runner.submit(f)``). The
        spawner's own direct uses are ``first_use``'s."""
        sol = self.sol
        theirs: Dict[tuple, Crossing] = {}
        for c in crossings:
            if c.entry.route in ("self", "argument", "partial") and not c.atom.loop \
                    and (c.entry.sync or c.atom.not_sync) is not None and id(c) not in self.reported:
                theirs.setdefault(c.atom.site, c)
        if not theirs or self.window_of(spawn) is None:
            return
        done: Set[tuple] = set()
        # only the spawner's callers, after their call, hold the object it used: no siblings
        for root in home_roots(sol, [spawn], [], siblings=False):
            for use, chain in home_uses(sol, root):
                found = theirs.get(use.atom.site)
                if found is None or id(found) in self.reported or use.atom.site in done or not (chain or root.caller):
                    continue
                c = found
                holder = self._holder(root, c)
                if holder is None or not self._alongside(root, chain[0][1] if chain else use.node) \
                        or self._said(use, chain) or joined(sol, root, use, chain):
                    continue
                if not self._through(root.mod, chain[0][1] if chain else use.node, holder, bool(chain)):
                    continue
                if c.guard and use.locks & c.guard:
                    continue
                done.add(use.atom.site)
                self._report_back(root, use, chain, c.uses, use.atom.not_sync or c.entry.sync)

    def _handed_root(self, c: Crossing) -> Optional[Binding]:
        """The spawner's variable the handed object is reached through: the one it is in
        (``binding``), or the one the handed expression starts from (``self`` of
        ``self._loop.run_forever``, of ``args=(self._queue,)``)."""
        if c.binding is not None:
            return c.binding
        mod = self.sol.program.modules[c.entry.module]
        rid = _root_name(mod, self._handed(c))
        return (mod.name, mod.nodes[rid][3], mod.nodes[rid][1]) if rid >= 0 else None

    def _holder(self, root: Root, c: Crossing) -> Optional[Tuple[int, str]]:
        """(scope, name) of the variable the spawning side reaches the handed object through at
        ``root``: the spawner's own (``self``), or what its caller called it on (``feed``)."""
        handed = self._handed_root(c)
        if handed is None or handed[0] != root.mod.name and not root.caller:
            return None
        if not root.caller:
            return (handed[1], handed[2])
        spawn = root.spawn
        assert spawn is not None
        if spawn.spawner <= 0 or _self_param(self.sol, spawn.mod, spawn.spawner) != handed[2] \
                or handed[0] != spawn.mod.name:
            return None
        if root.mod.nodes[root.mod.nodes[root.after][1]][0] != "Attr" and spawn.mod.name_of(spawn.spawner) != "__init__":
            return None  # neither `feed.start()` nor `runner = Runner()`
        return self._started_on(root.mod, root.after)

    @staticmethod
    def _through(mod: Module, node: int, holder: Tuple[int, str], call: bool) -> bool:
        """Is ``node`` an expression rooted at ``holder``, or (``call``) the way into a method of
        ``holder``: a call of one (``feed.skip()``), a property read, a ``with feed:`` block?"""
        if call:
            kind = mod.nodes[node][0]
            if kind == "Call":
                func = mod.nodes[mod.nodes[node][1]]
                receivers = [func[1]] if func[0] == "Attr" else []
            elif kind == "Attr":
                receivers = [mod.nodes[node][1]]
            elif kind == "With":
                receivers = [expr for expr, _ in mod.nodes[node][1]]
            else:
                return False
            return any(mod.nodes[r][0] == "Name" and (mod.nodes[r][3], mod.nodes[r][1]) == holder for r in receivers)
        rid = _root_name(mod, node)
        return rid >= 0 and (mod.nodes[rid][3], mod.nodes[rid][1]) == holder

    def thread_field(self, tc: ThreadClass, c: Crossing) -> None:
        """A NotSync object a Thread subclass's ``run()`` uses, that the code which started the
        thread still uses before joining it."""
        sol = self.sol
        trait = c.entry.sync or c.atom.not_sync
        if trait is None or c.guard:
            return
        for mod, call, start, join in thread_starts(self.sol, tc):
            frame = mod.frame(call)
            uses = []
            for nid in mod.body_nodes(frame):
                node = mod.nodes[nid]
                if not (node[0] == "Name" and node[2] == "L" or node[0] == "Attr" and node[3] == "L"
                        or node[0] == "Call" and mod.nodes[node[1]][0] == "Attr"
                        and mod.nodes[mod.nodes[node[1]][1]][0] == "Name"):
                    continue  # a variable, a field of one (`loader.batch`), what a method returns (`w.conn()`)
                pos = mod.pos(nid)
                if not (mod.end(start) < pos < (mod.pos(join) if join >= 0 else END)):
                    continue
                value = sol.ev.value(mod, nid, HOME)
                if not any(a.site == c.atom.site for a in value.insts):
                    continue
                if self.passive(mod, nid, c) or any(a == start for a in mod.ancestors(nid)):
                    continue
                uses.append((pos, nid))
            if not uses:
                continue
            use = min(uses)[1]
            where = place(sol, mod.name, start)
            finding = NotSyncUsedBeforeJoin.Finding(c.entry.name, trait.describe("NotSync", where.path),
                                                    mod.line(use), Started(mod.line(start)))
            self.out.append(finding.at(where, notes(sol, trait, c.walk) + (wording.still_used(mod.place(use)),)))
            return
        self._thread_field_later(tc, c, trait)

    def _thread_field_later(self, tc: ThreadClass, c: Crossing, trait: Trait) -> None:
        """The same, through a method the starting code calls on the thread's object after
        ``start()`` (``p.start(); p.skip(3)``, where ``skip`` does ``next(self.items)``)."""
        sol = self.sol
        for root in home_roots(sol, [], [tc], siblings=False):
            if root.caller:
                continue
            mod = root.mod
            holder = self._started_on(mod, root.after)
            if holder is None:
                continue
            for use, chain in home_uses(sol, root):
                if not chain or use.atom.site != c.atom.site or (c.atom.site, c.walk.ctx) in self.reported_objects:
                    continue
                if not self._alongside(root, chain[0][1]) or not self._through(mod, chain[0][1], holder, True) \
                        or joined(sol, root, use, chain) or c.guard and use.locks & c.guard:
                    continue
                self.reported_objects.add((c.atom.site, c.walk.ctx))
                self._report_back(root, use, chain, c.uses, use.atom.not_sync or trait)
                return

    @staticmethod
    def _started_on(mod: Module, start: int) -> Optional[Tuple[int, str]]:
        """(scope, name) of the object a call is made on or makes: ``feed`` of ``feed.start()``,
        ``runner`` of ``runner = Runner()`` (a constructor that starts the thread)."""
        node = mod.nodes[start]
        func = mod.nodes[node[1]]
        if func[0] == "Attr":
            receiver = mod.nodes[func[1]]
        else:
            up = mod.parent(start)
            parent = mod.nodes[up] if up >= 0 else ("",)
            receiver = mod.nodes[parent[1][0]] if parent[0] == "Asg" and len(parent[1]) == 1 else ("",)
        return (receiver[3], receiver[1]) if receiver[0] == "Name" else None

    def _handed(self, c: Crossing) -> int:
        """The spawner's expression that hands the object over (the receiver of a bound
        method, not the method)."""
        mod = self.sol.program.modules[c.entry.module]
        node = mod.nodes[c.entry.node]
        if c.entry.route == "self" and node[0] == "Attr":
            return node[1]
        return c.entry.node

    # ------------------------------------------------------------------ grouping
    def crossings(self, walk: Walk) -> List[Crossing]:
        groups: Dict[tuple, Crossing] = {}
        for use in self.sol.uses(walk.ctx):
            atom = use.atom
            if not (atom.not_sync or atom.loop) or atom.not_send and not atom.loop and crossed(atom, walk.ctx):
                continue  # NotSend objects of another thread are SSC1xx's
            entry = atom.entry
            if not crossed(atom, walk.ctx) or entry is None:
                continue
            if atom.loop and self._stored_over(use, walk.ctx):
                continue  # `self.loop = new_event_loop(); self.loop.run_forever()`: its own
            if atom.loop and self._bridged_in(walk, use):
                continue  # it runs on a loop a bridge hands it to: which loop it uses is not known
            if atom.loop and not self._is_loop(atom) and (
                    self._in_coroutine(use) or walk.funcs[(use.module, use.fn)].depth > LOOP_OBJECT_DEPTH):
                # a coroutine runs on a loop: the one its task or future belongs to; and a
                # future reached only far down a thread's calls is not taken as the loop's:
                # either way it is an object like any NotSync one here
                atom = replace(atom, loop=False)
                use = replace(use, atom=atom)
            key = (atom.site, atom.home, atom.loop, entry.route, entry.module,
                   entry.node if entry.route not in READS else entry.name)
            c = groups.get(key)
            if c is None:
                c = groups[key] = Crossing(walk.spawn, walk, entry, atom, [])
            c.uses.append(use)
        out = sorted(groups.values(), key=lambda c: self._pos(c.entry.module, c.entry.node))
        for c in out:
            self._locate(c)
        return out

    def _stored_over(self, use: Use, ctx: Ctx) -> bool:
        """Is the use made on ``name.field`` right after a statement of the same block stored
        something else there (``self.loop = asyncio.new_event_loop()``, then
        ``self.loop.run_forever()``)? What it operates on is what that statement stored, which
        is not the crossing object. Only the nearest store before it, in straight-line code.
        Asked of a loop running on the spawning thread only: for other objects, what the
        thread stores in a field the spawner reads is the conflict (the spawner's later
        reads may get it), and is reported through the object the field held before."""
        mod = self.sol.program.modules[use.module]
        node = mod.nodes[use.node]
        if node[0] != "Attr" or node[3] != "L" or mod.nodes[node[1]][0] != "Name":
            return False
        receiver = mod.nodes[node[1]]
        held = statement_of(mod, use.node)
        if held is None:
            return False
        stmt, _, block = held
        for earlier in reversed(block[:block.index(stmt)] if stmt in block else ()):
            snode = mod.nodes[earlier]
            if snode[0] != "Asg":
                continue
            for t in snode[1]:
                target = mod.nodes[t]
                if target[0] == "Attr" and target[2] == node[2] and mod.nodes[target[1]][0] == "Name" \
                        and mod.nodes[target[1]][1:4:2] == receiver[1:4:2]:
                    stored = self.sol.ev.value(mod, snode[2], ctx)
                    return bool(stored.insts) and all(a.site != use.atom.site for a in stored.insts)
        return False

    def _pos(self, module: str, node: int) -> Tuple[str, int, int]:
        mod = self.sol.program.modules[module]
        return (mod.path, *mod.pos(node))

    def _locate(self, c: Crossing) -> None:
        """Where the finding goes: the crossing when the thread's callable uses the object
        itself, else the first use, reached through calls."""
        sol, entry, walk = self.sol, c.entry, c.walk
        use = first(c.uses, sol)
        key = (use.module, use.fn)
        if entry.route in READS:
            direct = entry_frame(sol, entry) == key or any(entry_frame(sol, entry) == (u.module, u.fn) for u in c.uses)
        else:
            direct = any((u.module, u.fn) in walk.roots or u.kind == "target" for u in c.uses)
        c.direct = direct
        c.module, c.node = (entry.module, entry.node) if direct else (use.module, use.node)
        c.binding = self._binding(entry, c.atom)

    def _bridged_in(self, walk: Walk, use: Use) -> bool:
        """Does the thread run ``use``'s code because a bridge handed its loop that work (the
        walk's way there starts at a bridged root)?"""
        bridged = self.sol.threads.bridge_calls
        if not bridged:
            return False
        key = (use.module, use.fn)
        chain = walk.chain(key)
        return (walk.ctx, chain[0][0] if chain else key) in bridged

    def _in_coroutine(self, use: Use) -> bool:
        return self.sol.program.modules[use.module].is_coroutine(use.fn)

    def _is_loop(self, atom: Inst) -> bool:
        """Is ``atom`` the event loop itself (not a task or future made on it)?"""
        return self.sol.knowledge.event_loop(atom.types)

    def _binding(self, entry: Entry, atom: Inst) -> Optional[Binding]:
        """The spawner's variable the crossing object is in (the receiver of a bound method
        handed over: ``queue`` of ``args=(queue.put_nowait,)``)."""
        mod = self.sol.program.modules[entry.module]
        node = mod.nodes[entry.node]
        if node[0] == "Attr" and (entry.route == "self" or self._bound_to(mod, entry.node, atom)):
            node = mod.nodes[node[1]]
        if node[0] == "Name":
            scope = node[3]
            return (mod.name, scope, node[1])
        return None

    def _bound_to(self, mod: Module, nid: int, atom: Inst) -> bool:
        """Is ``nid`` a method bound to ``atom``, or to an object that holds it (``queue.put``
        of a wrapper whose ``put`` operates on its ``self._queue``), not a field holding it?"""
        return any(isinstance(a, Bound) and a.self_value.insts for a in self.sol.ev.value(mod, nid, HOME).atoms)

    # ------------------------------------------------------------------ one crossing
    def crossing(self, spawn: Spawn, c: Crossing, by_node) -> None:
        sol = self.sol
        atom = c.atom
        where = place(sol, c.module, c.node)
        trait = c.entry.sync or atom.not_sync
        if trait is None and not atom.loop:
            return
        desc = trait.describe("NotSync", where.path) if trait is not None else ""
        use0 = first(c.uses, sol)
        target = target_of(sol, c.walk, (use0.module, use0.fn))
        win = self.window_of(spawn)
        loop = repeated(spawn, win)
        if atom.loop:
            if trait is not None:
                umod0 = sol.program.modules[use0.module]
                held = atom.not_sync
                if self._is_loop(atom) and (held is None or trait == held):
                    name, owner = c.entry.name, Owner(OnLoop.LOOP)
                else:  # a task or future of the loop, or the loop through what holds it: named
                    # and described as the thread reaches it
                    name, owner = umod0.short(use0.node), Owner(OnLoop.LOOP)
                    if not self._is_loop(atom):
                        owner = Owner(OnLoop.MADE_ON)
                        home = atom.home
                        runner = sol.threads.started_line(home) if home is not None and home != HOME else None
                        if runner is not None and home is not None and sol.threads.runs_loop(home):
                            owner = Owner(OnLoop.THEIRS, runner)
                    trait = held or trait
                    desc = trait.describe("NotSync", where.path)
                finding: BaseFinding = RunningLoopOffThread.Finding(name, desc, owner, target,
                                                                    umod0.line(use0.node))
                self.emit(finding, c, where, trait, (wording.used_there(umod0.place(use0.node)),))
            return
        guard = c.guard
        if c.entry.route == "global":
            if guard and self.global_guarded(c, guard):
                return
            if self._is_loop(atom) and sol.threads.runs_forever(atom.site, spawn.ctx) and c.binding is not None \
                    and self._global_kept_for_bridges(sol.program.modules[c.binding[0]], c.binding[2], atom, c.walk):
                return  # the loop this thread runs, which other code reaches only through bridges
            self.report_global(c)
            return
        if (c.entry.module, self._handed(c)) in self.handed_again:
            return
        sharing = None if guard else self.many(spawn, c, loop, target, win)
        if sharing is not None:
            self.emit(NotSyncSharedTasks.Finding(c.entry.name, desc, sharing), c, where, trait)
            return
        by_loop = None if guard or loop >= 0 else self.called_in_loop(spawn, win)
        if by_loop is not None and self._spawners_self_each_call(spawn, by_loop, c):
            cmod, call, _ = by_loop
            sharing = Sharing(Shared.PER_CALL, spawn.line, spawn.label, spawn.mod.name_of(spawn.spawner))
            self.emit(NotSyncSharedTasks.Finding(c.entry.name, desc, sharing), c, where, trait,
                      (wording.called_per_iteration(cmod.place(call)),))
            return
        every = None if guard or loop < 0 else self.held_by_every(spawn, c, loop, win)
        if every is not None:
            amod, arg, holder, wrapper = every
            hold = holder.not_sync or trait
            if hold is not None:
                at = amod.place(arg)
                sharing = Sharing(Shared.HELD, spawn.line, spawn.label, wrapper)
                self.emit(NotSyncSharedTasks.Finding(amod.short(arg), hold.describe("NotSync", at.path), sharing),
                          c, at, hold, (wording.used_there(place(sol, use0.module, use0.node)),))
                return
        if win is None or c.entry.route == "default" or c.binding is None:
            return
        rival = self.overlapping(spawn, c, win, by_node)
        if rival is not None:
            r_spawn, r_c = rival
            self.handed_again.add((r_c.entry.module, self._handed(r_c)))
            other = self.window_of(r_spawn)
            sharing = Sharing(Shared.OVERLAP, other.start_line if other else r_spawn.line, other=win.start_line)
            self.emit(NotSyncSharedTasks.Finding(r_c.entry.name, desc, sharing), r_c,
                      place(sol, r_c.module, r_c.entry.node), trait, (wording.still_runs(started_at(spawn, win)),))
            return
        use = self.first_use(spawn, c, win, guard)
        if use is None:
            return
        umod = sol.program.modules[c.binding[0]]
        other = by_node.get((umod.name, use))
        if other is not None and other[0] is not spawn:
            self.handed_again.add((umod.name, use))
            sharing = Sharing(Shared.SECOND_TASK, umod.line(use), other=spawn.line)
            self.emit(NotSyncSharedTasks.Finding(other[1].entry.name, desc, sharing), other[1],
                      umod.place(use), trait, (wording.still_runs(spawn.mod.place(spawn.call)),))
            return
        loop_use = self._forever_loop_use(spawn, c, umod, use)
        if loop_use == _BRIDGED:
            return  # `self._loop.call_soon_threadsafe(...)`: what holds the loop is used to bridge
        if loop_use is not None:
            # the thread runs this loop until it is stopped: joining it first would wait
            # forever, and only the bridges may touch the loop meanwhile
            node, name = loop_use
            held = atom.not_sync
            assert held is not None
            self.reported_uses.add((umod.name, use))
            target = Target(display(sol, (umod.name, umod.frame(use))))
            finding = RunningLoopOffThread.Finding(name, held.describe("NotSync", umod.path),
                                                   Owner(OnLoop.RUN_BY, started(spawn, win).line), target, umod.line(node))
            self.emit(finding, c, umod.place(node), held)
            return
        note = Unlocked()
        if not guard and self.sol.threads.locks_at(umod, use, HOME):
            note = Unlocked(sol.program.modules[use0.module].line(use0.node))
        self.reported_uses.add((umod.name, use))
        finding = NotSyncUsedBeforeJoin.Finding(c.name, desc, umod.line(use), started(spawn, win), note)
        extra = []
        if win is not None and win.start_node not in (-1, spawn.call):
            extra.append(wording.started_here(started_at(spawn, win), started(spawn, win).task))
        extra.append(wording.still_used(umod.place(use)))
        if note.line:
            extra.append(wording.unlocked_there(sol.program.modules[use0.module].place(use0.node)))
        self.emit(finding, c, where, trait, extra)

    def _forever_loop_use(self, spawn: Spawn, c: Crossing, umod: Module, use: int) -> Optional[Tuple[int, str]]:
        """Where (node, name) the spawner uses the loop its thread runs until stopped, when
        ``use`` is such a use: of the loop itself, or of the object holding it, through the
        field that holds it (``self._loop.call_soon(...)`` after ``Thread(target=run)`` whose
        ``run`` captures ``self``). None otherwise."""
        sol, atom = self.sol, c.atom
        if not self._is_loop(atom) or not sol.threads.runs_forever(atom.site, spawn.ctx):
            return None
        node, name = use, c.name
        if (c.entry.sync or atom.not_sync) != atom.not_sync:  # what holds it: name the field
            node = umod.parent(use)
            if node < 0 or umod.nodes[node][0] != "Attr" or umod.nodes[node][1] != use:
                return None
            method = umod.parent(node)
            if method >= 0 and umod.nodes[method][0] == "Asg":
                # `loop = self._loop`, then `loop.stop()`: the first method not a bridge
                reads = _alias_reads(umod, node)
                unsafe = [r for r in reads or () if not self._bridge_read(umod, r, [atom])]
                if not unsafe or any(umod.frame(r) != umod.frame(use) for r in unsafe):
                    return None  # a nested function's, which may run on any thread: not said here
                node = unsafe[0]
                name = umod.nodes[node][1]
            elif method < 0 or umod.nodes[method][0] != "Attr":
                return None  # not a method of the loop, called or bound (`post = self._loop.stop`)
            else:
                name = umod.short(node)
        if {a.site for a in sol.ev.value(umod, node, HOME).insts if self._is_loop(a)} != {atom.site}:
            return None  # it may be another loop too (a field the thread replaces)
        if node != use and _bridges(umod, node):
            return _BRIDGED
        return node, name

    def emit(self, finding: BaseFinding, c: Crossing, where: Span, trait, extra: Sequence[Note] = ()) -> None:
        """``finding`` at ``where``, with the notes every finding of a crossing has and ``extra``
        (the other places its message names)."""
        self.reported.add(id(c))
        self.reported_objects.add((c.atom.site, c.walk.ctx))
        chain = c.walk.chain((first(c.uses, self.sol).module, first(c.uses, self.sol).fn)) if not c.direct else []
        self.out.append(finding.at(where, notes(self.sol, trait, c.walk, chain) + tuple(extra)))

    def report_global(self, c: Crossing) -> None:
        sol = self.sol
        where = place(sol, c.module, c.node)
        path = where.path
        trait = c.entry.sync or c.atom.not_sync
        if trait is None:
            return
        reader = entry_frame(sol, c.entry) if c.direct else None
        finding = NotSyncGlobal.Finding(c.entry.name, trait.describe("NotSync", path), target_of(sol, c.walk),
                                        via(sol, c.walk, first(c.uses, sol), reader),
                                        c.walk.spawn.label if c.walk.spawn else (
                                            c.walk.thread_class.label if c.walk.thread_class else THREAD),
                                        spawn_at(sol, c.walk, path), held_as(sol, c.entry))
        self.emit(finding, c, where, trait)

    def window_of(self, spawn: Spawn) -> Optional[Window]:
        if spawn.index not in self.windows:
            self.windows[spawn.index] = window(spawn)
        return self.windows[spawn.index]

    # ------------------------------------------------------------------ several threads
    def many(self, spawn: Spawn, c: Crossing, loop: int, target: Target, win: Optional[Window]) -> Optional[Sharing]:
        b = spawn.boundary
        if b.role == "initializer":
            return Sharing(Shared.INITIALIZER, spawn.line, b.label, str(target))
        if b.many:
            return Sharing(Shared.WORKERS, spawn.line, b.label, str(target))
        if loop >= 0:
            inside = self._bound_inside(c, loop)
            if not inside and not _joined_each_pass(spawn, win, loop):
                return Sharing(Shared.LOOP, spawn.line, b.label)
        return None

    def held_by_every(self, spawn: Spawn, c: Crossing, loop: int, win: Optional[Window]
                      ) -> Optional[Tuple[Module, int, Inst, str]]:
        """``for i in range(n): w = Worker(shared); Thread(target=w.run).start()``: each thread
        gets its own ``w``, but every ``w`` holds the one ``shared`` made before the loop. The
        argument (module, node) that hands it in, the object it holds the used one through, and
        the variable's name; None when the used object is not known to come from such an
        argument."""
        sol, atom = self.sol, c.atom
        if c.binding is None or spawn.boundary.many or spawn.boundary.role == "initializer":
            return None
        if _joined_each_pass(spawn, win, loop):
            return None  # the threads do not overlap
        mod = sol.program.modules[c.binding[0]]
        scope = mod.scopes.get(c.binding[1])
        sites = scope.bindings.get(c.binding[2], ()) if scope is not None else ()
        if not sites or not _per_iteration(mod, loop, sites):
            return None
        calls = []
        for site in sites:
            stmt = mod.nodes[mod.parent(site)]
            if mod.pos(site) >= mod.end(loop):
                continue
            if stmt[0] != "Asg" or site not in stmt[1] or mod.nodes[stmt[2]][0] != "Call":
                return None  # not `w = Worker(...)`: what each iteration gets is not known
            calls.append(stmt[2])
        for call in calls:
            made = list(sol.ev.value(mod, call, HOME).insts)
            if not made or any(a.site == atom.site for a in made):
                return None  # the object used is the new one itself
            classes = {t for a in made for t in a.types if sol.program.definition(t) is not None}
            for _, arg in mod.nodes[call][2]:
                if not self._loop_invariant(mod, arg, loop):
                    continue
                for holder in sol.ev.value(mod, arg, HOME).insts:
                    path = self._path_to(holder, atom, mod, arg, 3)
                    if path is not None and not self._made_by(classes, path):
                        return mod, arg, holder, c.binding[2]
        return None

    def _loop_invariant(self, mod: Module, expr: int, loop: int) -> bool:
        """Is ``expr`` the same object on every pass of ``loop``: names (and their attributes)
        bound only outside it, no attribute it sets, no call that could make a new one?"""
        stored = {mod.nodes[n][2] for n in mod.walk(loop, into_functions=False)
                  if mod.nodes[n][0] == "Attr" and mod.nodes[n][3] == "S"}
        for nid in mod.walk(expr, into_functions=False):
            node = mod.nodes[nid]
            if node[0] not in ("Name", "Attr") or node[0] == "Attr" and node[2] in stored:
                return False  # a call, or an attribute the loop sets (`self.current = Source(p)`)
            if node[0] == "Name":
                if node[3] < 0 or node[3] not in mod.scopes:
                    return False
                bound = mod.scopes[node[3]].bindings.get(node[1], ())
                if not bound or any(loop in set(mod.ancestors(b)) for b in bound):
                    return False
        return True

    def _path_to(self, holder: Inst, atom: Inst, mod: Module, nid: int, depth: int) -> Optional[List[Inst]]:
        """The objects from ``holder`` down to ``atom`` through fields (``holder`` first, the
        one holding ``atom`` last), at most ``depth`` fields deep."""
        if holder.site == atom.site:
            return []
        if depth <= 0:
            return None
        ev = self.sol.ev
        for t in sorted(holder.types):
            if self.sol.program.definition(t) is None:
                continue
            for field in sorted(ev.fields_of(t)):
                for inner in ev.class_attribute(t, field, HOME, nid, mod, holder).insts:
                    if inner.site == holder.site:
                        continue
                    rest = self._path_to(inner, atom, mod, nid, depth - 1)
                    if rest is not None:
                        return [holder, *rest]
        return None

    def _made_by(self, classes: Set[str], path: List[Inst]) -> bool:
        """Could each new object make one of ``path``'s objects itself (a class on the path that
        a method of its class, or of a project base, calls by name)? Then the object the thread
        uses may be its own: creation sites do not tell one object of a site from another."""
        names = {t.rpartition(".")[2] for a in path for t in a.types}
        for cls in classes:
            for base in self.sol.ev.mro(cls):
                found = self.sol.program.definition(base)
                if found is None:
                    continue
                cmod, cid = found
                if any(called_name(cmod, nid) in names for nid in cmod.walk(cid)):
                    return True
        return False

    def _bound_inside(self, c: Crossing, loop: int) -> bool:
        """Is the crossing object made inside the loop (one per iteration)?"""
        site_mod, site_node = c.atom.site
        if c.binding is not None:
            mod = self.sol.program.modules[c.binding[0]]
            sites = mod.scopes[c.binding[1]].bindings.get(c.binding[2], ()) if c.binding[1] in mod.scopes else ()
            if sites:
                return _per_iteration(mod, loop, sites)
        smod = self.sol.program.modules.get(site_mod)
        if smod is not None and site_node >= 0 and site_mod == c.module:
            return loop in set(smod.ancestors(site_node))
        return False

    def overlapping(self, spawn: Spawn, c: Crossing, win: Window, by_node):
        """Another spawn handing over the same value whose thread starts while this one runs
        (both built first, then both started)."""
        for key, (other, oc) in by_node.items():
            if other is spawn or key in self.handed_again or oc.binding != c.binding or c.binding is None:
                continue
            other_win = self.window_of(other)
            if other_win is None or other.mod.pos(other.call) > win.start:
                continue  # handed over after this thread started: first_use sees it
            if win.start < other_win.start < win.end:
                return other, oc
        return None

    def global_guarded(self, c: Crossing, guard: FrozenSet[object]) -> bool:
        """Every use of the global, anywhere, holds one of ``guard``'s locks."""
        sol = self.sol
        mod = sol.program.modules[c.entry.module]
        node = mod.nodes[c.entry.node]
        name = node[1] if node[0] == "Name" else node[2] if node[0] == "Attr" else ""
        for user, nid, frame in sol.threads.references(name):
            ctxs = sol.threads.contexts(user, frame) if frame else [HOME]
            for ctx in ctxs:
                if not (sol.threads.locks_at(user, nid, ctx) & guard):
                    return False
        return True

    # ------------------------------------------------------------------ the spawner's uses
    def first_use(self, spawn: Spawn, c: Crossing, win: Window, guard: FrozenSet[object] = frozenset(),
                  reads_count: bool = False, updates_only: bool = False) -> Optional[int]:
        """The spawner's first use of the crossing variable inside the window, outside the
        spawn itself, that is neither handed to a thread-safe bridge nor under the lock the
        thread holds; ``updates_only``: an update of it (``n += 1``, ``n = n + 1``), not a
        read (a progress display reading a count the threads update under their lock)."""
        assert c.binding is not None
        sol = self.sol
        module, scope, name = c.binding
        mod = sol.program.modules[module]
        if mod is not spawn.mod:
            return None
        frame = spawn.spawner
        excluded = self._excluded(spawn) | self._bridge_call(mod, c.entry.node)
        uses = []
        for nid in mod.body_nodes(frame) if frame else self._module_level(mod):
            node = mod.nodes[nid]
            if node[0] != "Name" or node[1] != name or node[3] != scope:
                continue
            if node[2] != "L" and not (reads_count and _updated(mod, nid)):
                continue  # a store, unless it is `n += 1`, which reads `n` first
            if updates_only and not (_updated(mod, nid) or _read_to_rebind(mod, nid)):
                continue
            if nid == c.entry.node:
                continue
            pos = mod.pos(nid)
            if not win.open_at(mod, nid) or other_branches(mod, spawn.call, nid) and in_loop(mod, spawn.call, -1) < 0:
                continue  # outside the window, or in the other branch of an `if` run once
            if any(a in excluded for a in mod.ancestors(nid)) or nid in excluded:
                continue
            if not reads_count and self._returned(mod, nid):
                # handed back: what the callers do with it next is the use
                uses += [(mod.pos(u), u) for u in self._result_uses(mod, frame, nid, c)]
                continue
            if not reads_count and self.passive(mod, nid, c):
                continue
            if guard and (sol.threads.locks_at(mod, nid, HOME) & guard or self.guarded_call(mod, nid, guard)):
                continue
            uses.append((pos, nid))
        return min(uses)[1] if uses else None

    @staticmethod
    def _bridge_call(mod: Module, node: int) -> Set[int]:
        """The loop bridge call that hands ``node`` over (``run_coroutine_threadsafe(self.m(),
        self.loop)``), if any: what it reads is handed to the loop, not used here."""
        for anc in mod.ancestors(node):
            anode = mod.nodes[anc]
            if anode[0] == "Call":
                if bridge_parts(mod, anc)[2] is not None:
                    return {anc}
            elif anode[0] not in ("Attr", "Name", "Tuple", "List", "Star", "Dict", "Lam"):
                break
        return set()

    def _module_level(self, mod: Module) -> Tuple[int, ...]:
        return mod.body_nodes(0)

    def _excluded(self, spawn: Spawn) -> Set[int]:
        out = {spawn.call}
        mod = spawn.mod
        func = mod.nodes[spawn.func]
        if func[0] == "Name" and func[3] >= 0:
            for site in mod.scopes[func[3]].bindings.get(func[1], ()) if func[3] in mod.scopes else ():
                if mod.nodes[site][0] == "Def":
                    out.add(site)
        return out

    def passive(self, mod: Module, nid: int, c: Crossing) -> bool:
        """Is this use of the variable one that leaves the object alone: a thread-safe method
        (a bridge, a status read), a field that holds a thread-safe object, or handing it to a
        bridge or to a harmless call (``print``, logging)?"""
        sol = self.sol
        knowledge = sol.knowledge
        parent = mod.parent(nid)
        pnode = mod.nodes[parent] if parent >= 0 else None
        if self._returned(mod, nid):
            return True  # handing it to the caller operates on nothing
        if pnode is not None and pnode[0] == "Op" and (comparison(mod, parent) or ("",))[0] in ("is", "is not"):
            return True  # `assert loop is not None`: which object it is, not an operation on it
        if pnode is not None and pnode[0] == "Call" and self._is_loop(c.atom) and self._bridging_helper(mod, nid, c):
            return True  # `shutdown_loop(loop)`, which only hands the loop work through bridges
        if pnode is not None and pnode[0] == "Asg" and pnode[2] == nid and self._kept(mod, parent, c):
            return True  # `_bg_loop = loop`: storing the reference operates on nothing
        if pnode is not None and pnode[0] == "Attr" and pnode[1] == nid:
            attr = pnode[2]
            if sol.effects.safe_method(c.atom, attr) or \
                    not c.atom.types and knowledge.method_role(None, attr) in ("bridge", "threadsafe"):
                return True
            if self.sync_field(c.atom, attr) or self.plain_field(mod, nid, parent) or self.other_field(mod, nid, parent, c):
                return True
            if pnode[3] == "S" and self._holder_store(mod, nid, c):
                return True  # `self.running = False`: the holder's own attribute, not what it holds
            if pnode[3] == "L" and (self._safe_through_field(mod, parent) or self._calls_bridge(mod, parent)):
                return True  # `post = self._loop.call_soon_threadsafe`: binding is not operating
            if pnode[3] == "L" and self._sets_plain_fields(mod, parent, c.atom.site):
                return True  # `client.close()` whose body is `self._http = None`, or `self._ev.clear()`
            parent = mod.parent(parent)  # `loop.stop` handed to a bridge
            pnode = mod.nodes[parent] if parent >= 0 else None
        if pnode is not None and pnode[0] == "Call" and any(a == nid or a == mod.parent(nid) for _, a in pnode[2]):
            func = mod.nodes[pnode[1]]
            if func[0] == "Attr" and knowledge.method_role(None, func[2]) in ("bridge", "harmless"):
                return True
            if func[0] == "Attr" and func[2] not in _ITERATES and any(
                    t.startswith(("builtins.", "collections.")) and knowledge.method_role(t, func[2]) == "mutator"
                    for a in sol.ev.value(mod, func[1], HOME).insts for t in a.types):
                return True  # `jobs.append(job)`: kept in a container, not operated on
            if sol.ev.library_roles(sol.ev.value(mod, pnode[1], HOME)) & {"bridge", "harmless"}:
                return True
        return False

    def _bridging_helper(self, mod: Module, arg: int, c: Crossing) -> bool:
        """Is ``arg`` (a loop) handed to functions of the project that use the parameter it
        binds only through the loop's bridges: its thread-safe methods, the loop given to a
        bridge, a coroutine made for a bridge, an identity test (``shutdown_loop(loop)``, whose
        body is ``run_coroutine_threadsafe(..., loop)`` and ``loop.call_soon_threadsafe(...)``)?
        The parameter must never be bound again, nested functions included."""
        sol = self.sol
        call = mod.parent(arg)
        node = mod.nodes[call]
        if node[1] == arg or not any(a == arg for _, a in node[2]):
            return False
        found = parameter_reads(sol.program, sol.ev.value(mod, node[1], HOME), node[2], arg)
        return found is not None and all(self._bridging_read(fmod, n, c) for fmod, reads in found for n in reads)

    def _bridging_read(self, mod: Module, read: int, c: Crossing) -> bool:
        """A read of a loop inside ``_bridging_helper``'s function: a thread-safe method or one
        handed to a bridge, the loop a bridge is given, an identity test, or an argument of a
        coroutine made for a bridge (``run_coroutine_threadsafe(_all_tasks(loop), loop)``: it
        runs on the loop's own thread)."""
        parent = mod.parent(read)
        pnode = mod.nodes[parent] if parent >= 0 else ("",)
        if pnode[0] == "Attr" and pnode[1] == read:
            return self._bridge_read(mod, read, [c.atom])
        if _loop_of_bridge(mod, read) or pnode[0] == "Op" and (comparison(mod, parent) or ("",))[0] in ("is", "is not"):
            return True
        if pnode[0] != "Call" or pnode[1] == read:
            return False
        threads = self.sol.threads
        callee = self.sol.ev.value(mod, pnode[1], HOME).atoms
        made = [a.func if isinstance(a, Bound) else a for a in callee]
        return bool(made) and all(isinstance(f, Fn) and threads._is_coroutine_function((f.module, f.node)) for f in made) \
            and threads._bridged_coroutine(mod, parent, HOME, through=False)

    def _kept(self, mod: Module, stmt: int, c: Crossing) -> bool:
        """Does the assignment ``stmt`` only keep the loop a thread runs, for its bridges: in a
        field, an item or a global (``_bg_loop = loop``, ``self._loop = loop``), whose later
        reads are judged where they are made, or in a local whose every read is a bridge (or
        is handed to one)? Only for a loop: a store of anything else may be all its spawner
        needs to reach it later."""
        if not self._is_loop(c.atom):
            return False
        node = mod.nodes[stmt]
        for t in node[1]:
            target = mod.nodes[t]
            if target[0] == "Attr":
                continue  # a field: its reads, in methods called or not, are judged there
            if target[0] != "Name":
                return False  # an item: its reads (`LOOPS[name].stop()`) are not followed
            if target[3] == 0 or target[3] in mod.scopes and target[1] in mod.scopes[target[3]].globals:
                if self._global_kept_for_bridges(mod, target[1], c.atom):
                    continue
                return False
            reads = _alias_reads(mod, node[2])
            if reads is None or not all(self._bridge_read(mod, r, [c.atom]) for r in reads):
                return False
        return True

    def _global_kept_for_bridges(self, mod: Module, name: str, atom: Inst, walk: Optional[Walk] = None) -> bool:
        """Is every read of the module's global ``name`` one that operates on nothing: compared
        (``is None``), returned, a bridge (or handed to one)? A read in a function nothing calls
        is judged nowhere else, so only then is storing the loop there no use of it.

        With ``walk`` (the thread that runs the loop), the reads of the functions it reaches are
        its own and left out, and the others are looked for everywhere the loop may be read:
        through the module (``app.loop.LOOP``), under another name (``from app.loop import LOOP
        as L``), and a read handed back to a caller (``return LOOP``) is a use."""
        sol = self.sol
        idents = [name] + (sol.program.import_aliases(name) if walk is not None else [])
        for ident in idents:
            for rmod, nid, frame in sol.threads.references(ident):
                node = rmod.nodes[nid]
                if node[0] == "Attr" and walk is not None:
                    if node[2] != name or node[3] != "L":
                        continue
                elif node[0] != "Name" or node[2] != "L":
                    continue
                if walk is not None and frame and (rmod.name, frame) in walk.funcs:
                    continue
                if rmod is not mod or node[0] == "Attr" or ident != name:
                    if all(a.site != atom.site for a in sol.ev.value(rmod, nid, HOME).insts):
                        continue  # not the global imported (`from app import LOOP`): another name
                elif node[3] != 0 and not (node[3] in rmod.scopes and name in rmod.scopes[node[3]].globals):
                    continue  # a local of the same name
                parent = rmod.parent(nid)
                pnode = rmod.nodes[parent] if parent >= 0 else None
                if pnode is None:
                    return False
                if pnode[0] == "Ret" and walk is None or _tested(rmod, nid):
                    continue
                if pnode[0] == "Attr" and pnode[1] == nid and (sol.effects.safe_method(atom, pnode[2])
                                                               or self._handed_to_bridge(rmod, parent, nid)):
                    continue
                if self._handed_to_bridge(rmod, nid, nid) or pnode[0] == "Call" and bridge_parts(rmod, parent)[0] == nid:
                    continue  # `run_coroutine_threadsafe(coro, _bg_loop)`
                return False
        return True

    def _safe_through_field(self, mod: Module, field: int) -> bool:
        """Is the field read at ``field`` (``self._loop``) only used for a method that may be
        called from any thread (a bridge): ``self._loop.call_soon_threadsafe`` called, bound to a
        name or handed to ``functools.partial``, or ``loop = self._loop`` where every read of
        ``loop`` is such a method? Reading a bound method operates on nothing; calling a bridge
        is the one safe operation."""
        sol = self.sol
        held = list(sol.ev.value(mod, field, HOME).insts)
        if not held or any(not a.types for a in held):
            return False

        def safe(attr: str) -> bool:
            return all(sol.effects.safe_method(a, attr) for a in held)

        up = mod.parent(field)
        unode = mod.nodes[up] if up >= 0 else None
        if unode is None:
            return False
        if unode[0] == "Attr" and unode[1] == field:
            return safe(unode[2]) or self._handed_to_bridge(mod, up, field)  # `bridge(self._loop.stop)`
        if _tested(mod, field) or _loop_of_bridge(mod, field):
            return True  # `if self._loop is not None:`, `run_coroutine_threadsafe(coro, self._loop)`
        reads = _alias_reads(mod, field)
        return reads is not None and all(self._bridge_read(mod, r, held) for r in reads)

    def _bridge_read(self, mod: Module, read: int, atoms: List[Inst]) -> bool:
        """Is ``read`` (``loop`` of ``loop.<attr>``) used only for a bridge of ``atoms``: a
        method each may be called with from any thread, or one handed to a bridge of it?"""
        attr = mod.parent(read)
        if mod.nodes[attr][0] != "Attr":
            return True  # compared, or the loop a bridge is given (``_alias_reads``)
        return all(self.sol.effects.safe_method(a, mod.nodes[attr][2]) for a in atoms) \
            or self._handed_to_bridge(mod, attr, read) or self._run_by_bridge(mod, read)

    def _run_by_bridge(self, mod: Module, read: int) -> bool:
        """Is ``read`` (``loop``) in a nested function or lambda that only a bridge of the same
        loop is handed (``def cb(): loop.stop()``, then ``loop.call_soon_threadsafe(cb)``)? It
        runs on that loop's thread."""
        frame = mod.frame(read)
        if frame <= 0:
            return False
        node = mod.nodes[frame]
        if node[0] == "Lam":
            return self._handed_to_bridge(mod, frame, read)
        if node[0] != "Def" or node[3]:
            return False
        outer = mod.frame(frame)
        refs = [nid for nid in mod.walk(outer) if mod.nodes[nid][0] == "Name" and mod.nodes[nid][1] == node[1]
                and mod.nodes[nid][3] == outer and mod.nodes[nid][2] == "L"] if outer > 0 else []
        return bool(refs) and all(self._handed_to_bridge(mod, r, read) for r in refs)

    def _handed_to_bridge(self, mod: Module, arg: int, field: int) -> bool:
        """Is ``arg`` the work of a bridge call to the loop read at ``field``
        (``self._loop.call_soon_threadsafe(arg)``), or wrapped in ``functools.partial`` for it?
        What it binds runs on that loop's thread; another loop's bridge, or a GUI's
        (``wx.CallAfter``), would run it on another thread."""
        sol = self.sol
        while True:
            call = mod.parent(arg)
            cnode = mod.nodes[call] if call >= 0 else None
            if cnode is None or cnode[0] != "Call" or all(a != arg for _, a in cnode[2]):
                return False
            loop, work, bridge = bridge_parts(mod, call)
            if bridge is not None:
                return work == arg and loop >= 0 and mod.short(loop) == mod.short(field)
            if "functools.partial" not in set(sol.ev.value(mod, cnode[1], HOME).refs()):
                return False
            arg = call  # `partial(self._loop.create_task, coro)`: what the partial is handed to

    def _calls_bridge(self, mod: Module, field: int) -> bool:
        """Is ``field`` (``self.post``) called, and does it hold only bridges, bound or wrapped
        in ``functools.partial`` (``self.post = partial(self._loop.call_soon_threadsafe, f)``)?"""
        call = mod.parent(field)
        if call < 0 or mod.nodes[call][0] != "Call" or mod.nodes[call][1] != field:
            return False
        knowledge = self.sol.knowledge
        todo = list(self.sol.ev.value(mod, field, HOME).atoms)
        if not todo:
            return False
        while todo:
            atom = todo.pop()
            if isinstance(atom, Partial):
                todo.extend(atom.func.atoms)
            elif isinstance(atom, Ref):
                if knowledge.call_role(atom.name) != "bridge":
                    return False
            elif isinstance(atom, Bound) and isinstance(atom.func, Ref):
                owner, _, name = atom.func.name.rpartition(".")
                if knowledge.method_role(owner, name) not in ("bridge", "threadsafe"):
                    return False
            else:
                return False
        return True

    def _result_uses(self, mod: Module, fn: int, nid: int, c: Crossing) -> List[int]:
        """The uses, by callers in the same module running on the main thread, of what ``fn``
        returns at ``nid`` (alone, or at one place of a returned tuple): the variable the result
        (or that place of it) is bound to, read after the call (``waiter = as_awaitable(...)``
        then ``await waiter``), or the call itself used in an expression (iterated, operated
        on, passed on). A result thrown away, bound and never read, or returned further up is
        not used. Callers in other modules are not followed (left quiet)."""
        sol = self.sol
        out: List[int] = []
        if not fn:
            return out
        index = self._returned_index(mod, nid)
        coroutine = mod.is_coroutine(fn)
        for caller, call, frame in sol.ev.callers(mod, fn):
            if caller is not mod or caller.nodes[call][0] != "Call" or (
                    frame and not sol.threads.runs_in(caller, frame, HOME)):
                continue
            if not any((a.module, a.node) == (mod.name, fn) for a in called_functions(
                    sol.ev.value(mod, caller.nodes[call][1], HOME))):
                continue
            result = call
            if coroutine and mod.parent(call) >= 0 and mod.nodes[mod.parent(call)][0] == "Await":
                result = mod.parent(call)  # what awaiting the coroutine gives
            out += self._uses_of_result(mod, result, frame, index, c)
        return out

    def _uses_of_result(self, mod: Module, result: int, frame: int, index: Optional[int],
                        c: Crossing) -> List[int]:
        parent = mod.parent(result)
        pnode = mod.nodes[parent] if parent >= 0 else None
        if pnode is None or pnode[0] in ("Expr", "Ret"):
            return []  # thrown away, or handed further up (not followed)
        if pnode[0] != "Asg" or pnode[2] != result or len(pnode[1]) != 1:
            # used in an expression: operated on, iterated, passed on; unless handed to a
            # bridge (`run_coroutine_threadsafe(coro, get_loop())`) or used through one
            return [] if self.passive(mod, result, c) else [result]
        target = mod.nodes[pnode[1][0]]
        if target[0] in ("Tuple", "List") and index is not None and index < len(target[1]) \
                and not any(mod.nodes[e][0] == "Star" for e in target[1]):
            target = mod.nodes[target[1][index]]
        if target[0] in ("Attr", "Sub"):
            return []  # kept in a field or a container: keeping is not operating
        if target[0] != "Name":
            return [result]  # unpacked some other way (which iterates it)
        out = []
        for nid in mod.body_nodes(frame) if frame else self._module_level(mod):
            node = mod.nodes[nid]
            if node[0] == "Name" and node[1] == target[1] and node[3] == target[3] and node[2] == "L" \
                    and mod.pos(nid) > mod.pos(result) and not self.passive(mod, nid, c):
                out.append(nid)
        return out

    @staticmethod
    def _returned_index(mod: Module, nid: int) -> Optional[int]:
        """The place of ``nid`` in the tuple or list a ``return`` gives back (None: returned
        alone, or deeper in)."""
        parent = mod.parent(nid)
        if parent >= 0 and mod.nodes[parent][0] in ("Tuple", "List") and mod.parent(parent) >= 0 \
                and mod.nodes[mod.parent(parent)][0] == "Ret":
            return mod.nodes[parent][1].index(nid)
        return None

    @staticmethod
    def _returned(mod: Module, nid: int) -> bool:
        """Is ``nid`` what a ``return`` gives back, alone or in a tuple or list?"""
        parent = mod.parent(nid)
        while parent >= 0 and mod.nodes[parent][0] in ("Tuple", "List"):
            parent = mod.parent(parent)
        return parent >= 0 and mod.nodes[parent][0] == "Ret"

    def _holder_store(self, mod: Module, nid: int, c: Crossing) -> bool:
        """Is an attribute store on the variable ``nid`` a store on a project object, rather
        than on the NotSync object itself (a library object, whose attributes may be settings)?"""
        sol = self.sol
        if sol.effects.declared(c.atom) or any(sol.effects.marked(t) for t in c.atom.types):
            return False  # the user said the object itself is NotSync: any use is one
        if c.atom.types and all(sol.program.definition(t) is not None for t in c.atom.types):
            return True
        sites = {a.site for a in sol.ev.value(mod, nid, HOME).insts}
        return c.atom.site not in sites

    def sync_field(self, atom: Inst, attr: str) -> bool:
        """``loop._default_executor.shutdown()``: reading a field that holds only thread-safe
        objects leaves the NotSync owner's own state alone."""
        sol = self.sol
        owners = [t for t in atom.types if sol.program.definition(t) is not None]
        if not owners:
            return False
        seen = False
        for t in owners:
            for _, _, value in sol.ev.field_sites(t, attr, HOME):
                for a in value.insts:
                    if a.not_send or a.not_sync:
                        return False
                    for typ in a.types:
                        fact = sol.knowledge.type_fact(typ)
                        if fact is None or fact.not_sync or fact.not_send:
                            return False
                        seen = True
        return seen

    def plain_field(self, mod: Module, holder: int, read: int) -> bool:
        """Is ``read`` (``holder.attr``) a plain field of an object that is NotSync for what
        another field holds (``self._readers.append(t)``)? Its class stores ``attr`` on its
        instances, defines no method or property of that name, and nothing stored there (or
        added to it) is NotSend or NotSync: operating on it leaves alone what makes its owner
        NotSync. A method called on the owner (``self.flush()``) is not passed over here."""
        sol = self.sol
        attr = mod.nodes[read][2]
        parent = mod.parent(read)
        if parent >= 0 and mod.nodes[parent][0] == "Call" and mod.nodes[parent][1] == read:
            return False  # `self.attr(...)`: calls what the field holds, whatever it is
        insts = sol.ev.value(mod, holder, HOME).insts
        owners = sorted({t for a in insts for t in a.types})
        if not owners or any(not a.types for a in insts) or any(sol.program.definition(t) is None for t in owners):
            return False  # a library object: its attributes are its own state
        return all(self._plain_attribute(t, attr) for t in owners)

    def other_field(self, mod: Module, holder: int, read: int, c: Crossing) -> bool:
        """Is ``read`` (``holder.attr``) a field of the object that holds what crossed in another
        field, which cannot hold or reach it (``client._tasks`` while the thread uses
        ``client._queue``)? As for ``plain_field``, the class stores ``attr`` on its instances
        and binds no method or property of that name. What is stored there may be NotSync (the
        spawner's own tasks), but no object of the project (it may hold its owner: ``View(self)``)
        and nothing callable (a bound method keeps its ``self``)."""
        sol = self.sol
        parent = mod.parent(read)
        if mod.nodes[read][3] != "L" or parent >= 0 and mod.nodes[parent][0] == "Call" and mod.nodes[parent][1] == read:
            return False
        insts = list(sol.ev.value(mod, holder, HOME).insts)
        owners = sorted({t for a in insts for t in a.types})
        if not owners or any(not a.types or a.site == c.atom.site for a in insts) \
                or any(sol.program.definition(t) is None for t in owners):
            return False  # the crossing object itself, or a library object
        attr = mod.nodes[read][2]
        site = c.atom.site
        return all(self._field_holding(t, attr, lambda v: self._apart(v, site)) for t in owners) \
            and self._apart(sol.ev.value(mod, read, HOME), site)

    def _apart(self, value: Value, site: tuple, depth: int = 0) -> bool:
        """Can no object ``value`` may be be, hold or reach the object made at ``site``: objects
        of library classes other than it, made from library names and constants alone (a
        cursor of the connection, a task of the holder's coroutine reach it), and containers of
        such only?"""
        if depth > 3:
            return False
        for atom in value.atoms:
            if not isinstance(atom, Inst) or atom.site == site or not atom.types:
                return False
            if any(self.sol.program.definition(t) is not None for t in atom.types) or not self._made_apart(atom):
                return False
            if atom.items is not None and not self._apart(atom.items, site, depth + 1):
                return False
        return True

    def _made_apart(self, atom: Inst) -> bool:
        """Is ``atom`` made by an expression whose every name is a library name or a plain
        constant (``asyncio.ensure_future(asyncio.sleep(1))``, ``sqlite3.connect(PATH)``), so
        that it can hold nothing of the program's objects?"""
        sol = self.sol
        mod = sol.program.modules.get(atom.site[0])
        if mod is None or not 0 <= atom.site[1] < len(mod.nodes):
            # a container the analysis stands in for (a field's items): what it holds is judged
            return atom.items is not None and atom.types <= _CONTAINERS
        for nid in mod.walk(atom.site[1]):
            node = mod.nodes[nid]
            if node[0] == "Name" and node[2] == "L":
                for a in sol.ev.value(mod, nid, HOME).atoms:
                    if not (isinstance(a, Ref) or isinstance(a, Inst) and a.items is None and a.types <= _SCALARS):
                        return False
        return True

    def _held_only(self, qualname: str) -> bool:
        """Is the project class NotSend or NotSync (if at all) only for what its fields hold: no
        library base, no marker?"""
        traits = self.sol.ev.class_traits(qualname)
        return not traits.library_base and _held(traits.not_sync) and _held(traits.not_send)

    def _plain_attribute(self, qualname: str, attr: str) -> bool:
        """Is ``attr`` a plain field of the project class ``qualname`` (``plain_field``)?"""
        return self._field_holding(qualname, attr, self._plain)

    def _field_holding(self, qualname: str, attr: str, test: Callable[[Value], bool]) -> bool:
        """Is ``attr`` a field the project class ``qualname`` (NotSync, if at all, only for what
        its fields hold) stores on its instances, bound to no method or property, where what
        every place stores passes ``test``?"""
        sol = self.sol
        if not self._held_only(qualname):
            return False  # a library's subclass, or marked: any use may be the library's
        if attr not in sol.ev.fields_of(qualname) or self._defines(qualname, attr):
            return False
        return all(test(value) for _, _, value in sol.ev.field_sites(qualname, attr, HOME))

    def _sets_plain_fields(self, mod: Module, first: int, site: tuple) -> bool:
        """Is ``first`` (``x.m``, or ``x.part`` of ``x.part.m``: fields, no properties) the start
        of a call with constants alone, where every method it may be only sets plain fields of
        its own object to constants (``def close(self): self._http = None``), or touches only
        fields of it that cannot reach the object made at ``site`` (``_touches_apart``)? Such a
        call leaves alone what makes the object NotSync, or at least what the thread uses."""
        sol = self.sol
        read = first
        for _ in range(3):
            up = mod.parent(read)
            if up < 0 or mod.nodes[up][0] != "Attr" or mod.nodes[up][1] != read:
                break
            if any(sol.ev.property_getter(t, mod.nodes[read][2]) is not None
                   for a in sol.ev.value(mod, mod.nodes[read][1], HOME).insts for t in a.types):
                return False  # a property runs code of its own
            read = up
        call = mod.parent(read)
        if call < 0 or mod.nodes[call][0] != "Call" or mod.nodes[call][1] != read \
                or any(mod.nodes[a][0] != "Const" for _, a in mod.nodes[call][2]):
            return False
        awaited = mod.parent(call) >= 0 and mod.nodes[mod.parent(call)][0] == "Await"
        value = sol.ev.value(mod, read, HOME)
        if not value.atoms:
            return False
        for atom in value.atoms:
            if not isinstance(atom, Bound) or not isinstance(atom.func, Fn) or not atom.self_value.insts:
                return False
            for obj in atom.self_value.insts:
                if sol.effects.declared(obj) or not obj.types or obj.site == site or any(
                        sol.effects.marked(t) or sol.program.definition(t) is None or not self._held_only(t)
                        for t in obj.types):
                    return False  # the object itself is NotSync (marked, a library's): any call is a use
            fmod = sol.program.modules[atom.func.module]
            if not (self._only_plain_stores(fmod, atom.func.node, awaited)
                    or self._touches_apart(fmod, atom.func.node, awaited, site)):
                return False
        return True

    def _run_by_call(self, fmod: Module, fn: int, awaited: bool) -> Optional[Tuple[str, str]]:
        """(its ``self``, its class) when ``fn`` is a method whose body a call runs there and
        then: not a generator, a coroutine only where the call is ``awaited``, not decorated."""
        node = fmod.nodes[fn]
        selfname = _self_param(self.sol, fmod, fn)
        cls = fmod.class_of_method(fn)
        if node[0] != "Def" or node[6] & GENERATOR or node[6] & ASYNC and not awaited or node[3] \
                or selfname is None or cls < 0:
            return None  # a generator, a coroutine no one awaits here, decorated, or no method
        return selfname, self.sol.ev.qualname(fmod, cls)

    def _touches_apart(self, fmod: Module, fn: int, awaited: bool, site: tuple) -> bool:
        """Is the method ``fn`` a function that reaches its object only through fields that
        cannot hold or reach the object made at ``site`` (``def reset(self):
        self._ready.clear()`` while the thread uses ``self._queue``), run by the call as
        ``_only_plain_stores`` asks? Every read of ``self``, nested functions included, must be
        ``self.field`` of such a field: no method of its own, no property, no ``self`` handed on."""
        sol = self.sol
        ran = self._run_by_call(fmod, fn, awaited)
        if ran is None:
            return False
        selfname, qualname = ran
        classes = [qualname, *sol.ev.subclasses(qualname)]
        if any(sol.ev.find_method(q, hook) is not None for q in classes for hook in ("__getattr__", "__getattribute__")):
            return False  # a field read runs the class's own code
        seen = False
        for nid in fmod.walk(fn):
            name = fmod.nodes[nid]
            if name[0] != "Name" or name[1] != selfname or name[3] != fn:
                continue
            if nid in fmod.nodes[fmod.nodes[fn][2]][1]:
                continue  # the parameter itself
            read = fmod.parent(nid)
            rnode = fmod.nodes[read] if read >= 0 else ("",)
            if rnode[0] != "Attr" or rnode[1] != nid or rnode[3] != "L" or fmod.nodes[fmod.parent(read)][0] == "Call" \
                    and fmod.nodes[fmod.parent(read)][1] == read:
                return False  # `self` itself, a store, or a method of its own
            if not all(self._field_holding(q, rnode[2], lambda v: self._apart(v, site)) for q in classes):
                return False
            seen = True
        return seen

    def _only_plain_stores(self, fmod: Module, fn: int, awaited: bool) -> bool:
        """Is the method ``fn`` a function whose body only stores constants in plain fields of
        ``self`` (a docstring and a constant ``return`` aside), run by the call: not a generator,
        and a coroutine only where the call is ``awaited``?"""
        sol = self.sol
        ran = self._run_by_call(fmod, fn, awaited)
        if ran is None:
            return False
        selfname, qualname = ran
        node = fmod.nodes[fn]
        if any(sol.ev.find_method(q, "__setattr__") is not None for q in [qualname, *sol.ev.subclasses(qualname)]):
            return False  # a store runs the class's own code
        for stmt in node[5]:
            snode = fmod.nodes[stmt]
            if snode[0] == "Expr" and fmod.nodes[snode[1]][0] == "Const":
                continue
            if snode[0] == "Ret" and (snode[1] < 0 or fmod.nodes[snode[1]][0] == "Const"):
                continue
            if snode[0] != "Asg" or fmod.nodes[snode[2]][0] != "Const":
                return False
            for t in snode[1]:
                target = fmod.nodes[t]
                if target[0] != "Attr" or fmod.nodes[target[1]][0] != "Name" \
                        or fmod.nodes[target[1]][1:4:2] != (selfname, fn) \
                        or not all(self._plain_attribute(q, target[2]) for q in [qualname, *sol.ev.subclasses(qualname)]):
                    return False
        return True

    def _plain(self, value: Value, depth: int = 0) -> bool:
        """Is every object ``value`` may be plain data: no callable (a bound method keeps its
        ``self``: `self.commands["tick"] = self.tick`), no object of a project class (it may
        hold its owner: `View(self)`), nothing NotSend or NotSync, and containers of such only?"""
        if depth > 3:
            return False
        for atom in value.atoms:
            if not isinstance(atom, Inst) or atom.not_send or atom.not_sync or atom.loop:
                return False
            if any(self.sol.program.definition(t) is not None for t in atom.types):
                return False
            if atom.items is not None and not self._plain(atom.items, depth + 1):
                return False
        return True

    def _defines(self, qualname: str, attr: str) -> bool:
        """Does the class, or a project base of it, bind ``attr`` other than to a plain default
        (a ``def``, a nested class, an import, ``property(...)`` or any other call)?"""
        sol = self.sol
        for cls_name in sol.ev.mro(qualname):
            found = sol.program.definition(cls_name)
            if found is None:
                continue
            cmod, cid = found
            for site in cmod.scopes[cid].bindings.get(attr, ()):
                if cmod.nodes[site][0] != "Name":
                    return True
                stmt = cmod.nodes[cmod.parent(site)]
                value = stmt[2] if stmt[0] == "Asg" else stmt[3] if stmt[0] == "Ann" else -1
                if value >= 0 and cmod.nodes[value][0] not in _PLAIN_DEFAULTS:
                    return True
        return False

    def guarded_call(self, mod: Module, nid: int, guard: FrozenSet[object]) -> bool:
        """``store.count()`` where ``count`` takes the lock itself around what it does."""
        sol = self.sol
        parent = mod.parent(nid)
        if parent < 0 or mod.nodes[parent][0] != "Attr":
            return False
        call = mod.parent(parent)
        if call < 0 or mod.nodes[call][0] != "Call" or mod.nodes[call][1] != parent:
            return False
        callee = sol.ev.value(mod, parent, HOME)
        methods = [a.func for a in callee if isinstance(a, Bound) and isinstance(a.func, Fn)]
        if not methods:
            return False
        for fn in methods:
            fmod = sol.program.modules[fn.module]
            uses = sol.home_uses(fmod, fn.node)
            if not uses or any(not (u.locks & guard) for u in uses):
                return False
        return True

    # ------------------------------------------------------------------ SSC204
    def rebindings(self, spawn: Spawn) -> None:
        sol = self.sol
        walk = sol.threads.walks[spawn.ctx]
        mod = spawn.mod
        win = self.window_of(spawn)
        loop = repeated(spawn, win)
        by_loop = self.called_in_loop(spawn, win) if loop < 0 else None
        for r in self._rebindings(walk):
            if r.locked and not r.locks or r.param >= 0 and not self._same_argument(spawn, loop, r):
                continue
            # under a lock, the thread's update is ordered with every other thread's that
            # holds it (its own copies, the same code, do): only the spawner's own may not be
            many = self.many_reason(spawn, loop) if not r.locked else None
            if many is not None and (self._self_per_iteration(spawn, loop, r) or self._own_item(spawn, loop, r)
                                     or single_worker(sol, spawn)):
                many = None  # one pass's own object, or one worker that runs the tasks in turn
            why: Optional[Rebound] = None
            extra: List[Note] = []
            if many is None and by_loop is not None and not r.locked and self._same_on_each_call(spawn, by_loop, r):
                cmod, call, _ = by_loop
                why = Rebound(Many.PER_CALL, spawn.label, spawn.line, caller=mod.name_of(spawn.spawner))
                extra.append(wording.called_per_iteration(cmod.place(call)))
            elif many is not None:
                why = Rebound(many, spawn.label, spawn.line)
            elif win is not None and (r.binding is not None or r.on_self) \
                    and not self._called_holding(mod, spawn.spawner, r.locks):
                use = None
                if r.binding is not None:
                    probe = Crossing(spawn, walk, Entry("capture", mod.name, -1, r.name), Inst(("", -1)), [],
                                     binding=r.binding)
                    use = self.first_use(spawn, probe, win, guard=r.locks, reads_count=True,
                                         updates_only=bool(r.locks))
                if use is not None:
                    why = Rebound(start=started(spawn, win), name=mod.nodes[use][1], use=mod.line(use),
                                  held=bool(r.locks))
                    extra.append(wording.still_used(mod.place(use)))
                else:
                    found = self._home_update(spawn, r)
                    if found is not None:
                        umod, unode, lead = found
                        why = Rebound(start=started(spawn, win), name=umod.short(unode, 200), use=umod.line(unode),
                                      held=bool(r.locks))
                        extra += lead
                        extra.append(wording.still_used(umod.place(unode)))
            if why is not None:
                rmod = sol.program.modules[r.module]
                declared = _declaration(rmod, r.fn, r.name) if r.kind in ("nonlocal", "global") else -1
                if declared >= 0:
                    extra.insert(0, wording.declared_here(rmod.place(declared), r.kind))
                finding = UnsynchronizedRebinding.Finding(r.name, r.kind, target_of(sol, walk, (r.module, r.fn)), why)
                self.out.append(finding.at(rmod.place(r.node), self._update_notes(walk, r) + tuple(extra)))

    def _update_notes(self, walk: Walk, r: "_Rebinding") -> Tuple[Note, ...]:
        """The notes of an update ``r`` made by ``walk``'s thread: the handover and the calls
        from the thread's root down to the function that makes it."""
        key = (r.module, r.fn)
        return notes(self.sol, None, walk, walk.chain(key) if key not in walk.roots else [], last=key)

    def _called_holding(self, mod: Module, fn: int, locks: FrozenSet[object], depth: int = 0) -> bool:
        """Is the function ``fn`` called (at HOME, up to three callers out) under one of
        ``locks``? Then what it does runs under that lock (``with self.lock: self._spawn()``)."""
        if not locks or depth > 2:
            return False
        for cmod, call in _callers(self.sol, mod, fn):
            if self.sol.threads.locks_at(cmod, call, HOME) & locks \
                    or self._called_holding(cmod, cmod.frame(call), locks, depth + 1):
                return True
        return False

    def _home_update(self, spawn: Spawn, r: "_Rebinding") -> Optional[Tuple[Module, int, List[Note]]]:
        """An unlocked ``+=`` of what ``r`` rebinds, by code at HOME while the thread may run
        (after the start, before the join): the module, the node and the notes that lead there.

        - A global: in a function of the global's module that the spawner calls (or its callers
          after their call), through calls; the spawner's own uses are ``first_use``'s.
        - A field of the object whose method the thread runs, when the thread updates the field
          through ``self`` calls alone, and the spawner holds the object as its own ``self`` or
          in a variable of its own bound only before the start (``c = Client();
          Thread(target=c.run)``) or another name for it (``d = c``): in the spawner itself,
          or in a function of its module it calls that holds the object as it was handed on
          (``_object_along``: a method's ``self``, a parameter, a nested function that reads
          the spawner's variable).

        Reads through calls are left alone (a progress display reads a count)."""
        sol = self.sol
        holder: Optional[str] = None
        if r.on_self:
            holder = self._spawners_receiver(spawn)
            if holder is None or not r.own_field or not self._self_calls(sol.threads.walks[spawn.ctx], (r.module, r.fn)):
                return None
        elif r.kind != "global" or r.binding is None:
            return None
        win = self.window_of(spawn)

        def alongside(fmod: Module, nid: int) -> bool:
            return win is not None and win.open_at(fmod, nid) and fmod.pos(nid) > fmod.pos(spawn.call)

        for root in home_roots(sol, [spawn], [], siblings=False):
            if r.on_self and root.caller:
                continue  # its callers hold the object under names of their own: not followed
            found = self._update_at_home(root, r, holder, alongside)
            if found is not None:
                return found
        return None

    def _update_at_home(self, root: Root, r: "_Rebinding", holder: Optional[str],
                        alongside: Callable[[Module, int], bool]) -> Optional[Tuple[Module, int, List[Note]]]:
        """``_home_update`` from one root: ``holder`` is the root's name for the object whose
        field ``r`` updates (None for a global); ``alongside`` says whether a node of the root's
        own body runs while the thread may."""
        sol = self.sol
        field = r.name.rpartition(".")[2]
        walk = sol.threads.home_walk(root.mod, root.fn, lambda nid: runs_before(root, nid))
        for key in sorted(walk.funcs):
            own = key == (root.mod.name, root.fn) and not root.caller
            fmod = sol.program.modules[key[0]]
            if not (key[1] or own) or (walk.funcs[key].locks or frozenset()) & r.locks:
                continue  # under the lock the thread holds too
            held: FrozenSet[Tuple[str, int]] = frozenset()  # the object's names in `key`, with their scopes
            if holder is not None:
                held = _names_for(root.mod, root.fn, holder) if own else self._object_along(walk, key, (holder, root.fn))
                if not held:
                    continue
            elif own or r.binding is None or key[0] != r.binding[0] or r.name not in fmod.scopes[key[1]].globals:
                continue
            chain = walk.chain(key)
            for nid in sorted(fmod.body_nodes(key[1]), key=fmod.pos):
                node = fmod.nodes[nid]
                # `c.n += 1`, or spelled out: `c.n = c.n + 1`
                spot = node[1] if node[0] == "Aug" else node[1][0] \
                    if node[0] == "Asg" and len(node[1]) == 1 and _read_modify_write(fmod, node, node[1][0]) else -1
                if spot < 0 or sol.threads.locks_at(fmod, nid, HOME) & r.locks:
                    continue
                target = fmod.nodes[spot]
                if holder is not None:
                    if target[0] != "Attr" or target[2] != field or _spelled_holder(fmod, target[1]) not in held:
                        continue
                elif target[0] != "Name" or target[1] != r.name:
                    continue
                if holder is not None and self._waited_for(root, r, nid if own else chain[0][1] if chain else nid):
                    continue
                use = Use(HOME, key[0], key[1], spot, "target", Inst(("", -1)), frozenset())
                if own:
                    # a call between may wait for the thread (`self.shutdown()`, which joins it)
                    if alongside(fmod, nid) and not joined(sol, root, use, []):
                        return fmod, spot, []
                    continue
                if self._alongside(root, chain[0][1] if chain else nid) and not joined(sol, root, use, chain):
                    return fmod, spot, home_notes(sol, root, use, chain)
        return None

    def _waited_for(self, root: Root, r: "_Rebinding", at: int) -> bool:
        """Is the update at ``at`` (in ``root``'s function) ordered with the thread's by a
        wait: the root asks ``is_alive()`` or waits (``self.done.wait()``) between the start
        and ``at`` (``while w.is_alive(): sleep()``, but not for an update in that loop's body),
        or the thread's function waits
        (``self.ready.wait()``) before its update and the root sets something after ``at``?
        What is waited for is not followed further: precision first."""
        mod, rmod = root.mod, self.sol.program.modules[r.module]

        def calls(m: Module, fn: int, method: str) -> List[int]:
            return [n for n in m.body_nodes(fn) if m.nodes[n][0] == "Call" and m.nodes[m.nodes[n][1]][0] == "Attr"
                    and m.nodes[m.nodes[n][1]][2] == method]

        def polled_meanwhile(n: int) -> bool:
            """Does ``at`` run in the body of the loop ``while w.is_alive():`` asking at ``n``,
            that is while the thread does?"""
            ups = list(mod.ancestors(n))
            return any(mod.nodes[w][0] == "While" and (mod.nodes[w][1] == n or mod.nodes[w][1] in ups)
                       and w in mod.ancestors(at) for w in ups)

        if any(mod.pos(root.after) < mod.pos(n) < mod.pos(at) and not polled_meanwhile(n)
               for n in calls(mod, root.fn, "is_alive")) \
                or any(mod.pos(root.after) < mod.pos(n) < mod.pos(at) for n in calls(mod, root.fn, "wait")):
            return True
        return any(rmod.pos(n) < rmod.pos(r.node) for n in calls(rmod, r.fn, "wait")) and \
            any(mod.pos(n) > mod.pos(at) for n in calls(mod, root.fn, "set"))

    def class_rebindings(self, tc: ThreadClass, walk: Walk) -> None:
        """SSC204 for a field a Thread subclass's ``run()`` updates through ``self``, that the
        code which started the thread (``c.start()``) updates too before joining it: directly
        (``c.n += 1``) or in a method it calls on the object (``c.send()``)."""
        sol = self.sol
        starts = sol.ev.find_method(tc.qualname, tc.starts)
        if starts is not None and starts[0] in sol.program.modules and not starts_through_super(sol, tc.qualname, starts):
            return  # a `start()` of the project's own: what it starts is not known
        own_starts: Optional[List[Root]] = None  # its methods that start it, and their callers
        for r in self._rebindings(walk):
            if r.locked and not r.locks or not (r.on_self and r.own_field) \
                    or not self._self_calls(walk, (r.module, r.fn)):
                continue
            if own_starts is None:
                own_starts = self._self_starts(tc, walk)
                done: set = set()
                own_starts += [c for s in list(own_starts) for c in caller_roots(sol, s, done)]
            for root in [*home_roots(sol, [], [tc], siblings=False), *own_starts]:
                if root.start is None:
                    continue
                mod, start = (root.mod, root.after) if root.caller else root.start
                if self._called_holding(mod, root.fn, r.locks):
                    continue  # the starter itself runs under the lock the thread holds
                holder = self._held_after_call(root) if root.caller else self._holding_started(mod, root.fn, start)
                if holder is None:
                    continue
                end = mod.pos(root.join) if root.join >= 0 and not root.caller else END

                def alongside(fmod: Module, nid: int, mod: Module = mod, start: int = start, end=end) -> bool:
                    return fmod is mod and mod.end(start) < fmod.pos(nid) < end

                found = self._update_at_home(root, r, holder, alongside)
                if found is None:
                    continue
                umod, unode, lead = found
                why = Rebound(start=Started(mod.line(start)), name=umod.short(unode, 200), use=umod.line(unode),
                              held=bool(r.locks))
                rmod = sol.program.modules[r.module]
                finding = UnsynchronizedRebinding.Finding(r.name, r.kind, target_of(sol, walk, (r.module, r.fn)), why)
                extra = tuple(lead) + (wording.still_used(umod.place(unode)),)
                self.out.append(finding.at(rmod.place(r.node), self._update_notes(walk, r) + extra))
                break

    def _holding_started(self, mod: Module, fn: int, start: int) -> Optional[str]:
        """The name under which ``fn`` holds the object whose thread ``start`` starts, when it
        is that one object all through ``fn``: a variable of its own bound once (``w`` of
        ``w.start()``), or a field of its ``self`` that ``fn`` does not store again after the
        start (``self.w`` of ``self.w.start()``); neither handed to a call as it is, which may
        join it. ``fn`` 0 is the module's code (its variables are globals). None otherwise."""
        if fn < 0:
            return None
        holder = self._started_on(mod, start)
        if holder is not None:
            scope, name = holder
            if scope != fn or len(mod.scopes[fn].bindings.get(name, ())) != 1 or _handed_on(mod, fn, name):
                return None
            return name
        func = mod.nodes[mod.nodes[start][1]]
        field: tuple = mod.nodes[func[1]] if func[0] == "Attr" else ("",)
        selfname = _self_param(self.sol, mod, fn)
        if field[0] != "Attr" or selfname is None or _spelled_holder(mod, func[1]) is None \
                or _spelled_holder(mod, field[1]) != (selfname, fn):
            return None
        for nid in mod.body_nodes(fn):
            node = mod.nodes[nid]
            if node[0] == "Attr" and node[2] == field[2] and _spelled_holder(mod, node[1]) == (selfname, fn):
                parent = mod.nodes[mod.parent(nid)]
                if node[3] == "S" and mod.pos(nid) > mod.pos(start) \
                        or parent[0] == "Call" and any(arg == nid for _, arg in parent[2]):
                    return None  # stored again, or handed on
        return f"{selfname}.{field[2]}"

    def _held_after_call(self, root: Root) -> Optional[str]:
        """The variable under which a caller of the function that starts the thread holds the
        started object after its call (``root.after``): what it called the method on, when that
        method starts its own ``self`` (``c.connect()``), or what the call's result is bound
        to, when the function returns the object it started (``w = spawn()``). Bound once in
        the caller and handed to no call, as ``_holding_started`` asks of the starter."""
        sol = self.sol
        assert root.start is not None
        smod, sstart = root.start
        sfn = smod.frame(sstart)
        inner = self._holding_started(smod, sfn, sstart) if sfn > 0 else None
        mod, call = root.mod, root.after
        node = mod.nodes[call]
        if inner is None or node[0] != "Call" or "." in inner or root.fn <= 0 \
                or (smod.name, sfn) not in {(f.module, f.node) for f in called_functions(sol.ev.value(mod, node[1], HOME))}:
            return None
        func = mod.nodes[node[1]]
        name: Optional[str] = None
        if inner == _self_param(sol, smod, sfn):
            receiver = mod.nodes[func[1]] if func[0] == "Attr" else None
            if receiver is not None and receiver[0] == "Name" and receiver[3] == root.fn:
                name = receiver[1]  # `c.connect()`
        else:
            returns = [n for n in smod.body_nodes(sfn) if smod.nodes[n][0] == "Ret" and smod.frame(n) == sfn]
            if not returns or any(smod.nodes[r][1] < 0 or smod.nodes[smod.nodes[r][1]][0] != "Name"
                                  or smod.nodes[smod.nodes[r][1]][1] != inner for r in returns):
                return None  # it may give back another object
            name = assigned_name(mod, call)  # `w = spawn()`
        if name is None or len(mod.scopes[root.fn].bindings.get(name, ())) != 1 or _handed_on(mod, root.fn, name):
            return None
        return name

    def _self_starts(self, tc: ThreadClass, walk: Walk) -> List[Root]:
        """The class's own methods that start its thread with ``self.start()`` and go on
        (``def connect(self): self.start(); return self._next_id()``), as roots at HOME: after
        the start, before a ``self.join()``. Only methods some code at HOME may run."""
        sol = self.sol
        mod = tc.mod
        prefix = mod.qualname_of.get(tc.cls, "") + "."
        out: List[Root] = []
        if any(sol.ev.find_method(sub, tc.method) != tc.run for sub in sol.ev.subclasses(tc.qualname)):
            return out  # `self` may be a subclass's, whose thread runs another method
        for fn, qualname in sorted(mod.qualname_of.items()):
            if not qualname.startswith(prefix) or "." in qualname[len(prefix):] or mod.def_kind.get(fn) != "Def" \
                    or not sol.threads.home_reachable(mod, fn) or _self_param(sol, mod, fn) != "self":
                continue
            starts = calls_on(mod, fn, "self", (tc.starts,))
            if not starts:
                continue
            if _handed_on(mod, fn, "self"):
                continue  # handed to code that may join it
            # `self.join(timeout=1)` may return while the thread runs: only a plain join ends it
            joins = [j for j in calls_on(mod, fn, "self", ("join",))
                     if mod.pos(j) > mod.pos(starts[0]) and not mod.nodes[j][2]]
            out.append(Root(mod, fn, starts[0], walk, join=joins[0] if joins else -1, start=(mod, starts[0]),
                            handle=(mod.name, starts[0]), thread_class=tc.qualname))
        return out

    def _object_along(self, walk: Walk, key: FuncKey, first: Tuple[str, int]) -> FrozenSet[Tuple[str, int]]:
        """The names, each with the scope that binds it, under which the function ``key``
        holds the object that ``walk``'s root holds as ``first``, along the calls from the root
        to ``key``, all in the root's module. A call hands the object on as the receiver of a
        method (``c.send()``: the method's ``self``), as an argument to a parameter bound
        nowhere else (``bump(c)``), or to a function nested where the name is bound, which
        reads it as its own (``def go(): c.n += 1``). Empty when a call on the way does none of
        these: what the function updates may be another object."""
        sol = self.sol
        chain = walk.chain(key)
        held = frozenset([first])
        for n, ((cmodule, cfn), call) in enumerate(chain):
            callee = chain[n + 1][0] if n + 1 < len(chain) else key
            mod = sol.program.modules[cmodule]
            node = mod.nodes[call]
            if callee[0] != cmodule or cmodule != chain[0][0][0] or node[0] != "Call" \
                    or mod.def_kind.get(callee[1]) != "Def":
                return frozenset()
            func = mod.nodes[node[1]]
            method = _self_param(sol, mod, callee[1])

            def names_it(nid: int) -> bool:
                return _spelled_holder(mod, nid) in held

            now: Set[Tuple[str, int]] = set()
            on_object = func[0] == "Attr" and method is not None and (
                names_it(func[1]) or _spelled_holder(mod, func[1]) == (_self_param(sol, mod, cfn), cfn))
            if on_object and method is not None and names_it(func[1]):
                now.add((method, callee[1]))
            # the arguments' parameters, where their places are certain: a plain function called
            # by its name, or a method called on an object (the object or the caller's `self`;
            # `Client.bump(c)` on the class would shift them)
            plain = func[0] == "Name" and mod.class_of_method(callee[1]) < 0
            for i, (keyword, arg) in enumerate(node[2]):
                if (plain or on_object) and names_it(arg):
                    param = _parameter_for(mod, callee[1], node[2], (i, keyword), bound=on_object)
                    if param is not None:
                        now.add(param)
            if func[0] == "Name" and mod.def_kind.get(callee[1]) == "Def" and mod.frame(callee[1]) == cfn > 0:
                # a nested function reads the variables of the function around it
                now |= {(name, scope) for name, scope in held
                        if scope == cfn and name.partition(".")[0] not in mod.scopes[callee[1]].bindings}
            if not now:
                return frozenset()
            held = frozenset(now)
        return held

    def _self_calls(self, walk: Walk, key: FuncKey) -> bool:
        """Is every call on the way from ``walk``'s root to ``key`` a method called on the
        caller's own ``self`` (``self.bump()``), so that ``key``'s ``self`` is the root's?"""
        sol = self.sol
        for (cmodule, cfn), call in walk.chain(key):
            cmod = sol.program.modules[cmodule]
            selfname = _self_param(sol, cmod, cfn)
            func = cmod.nodes[cmod.nodes[call][1]] if cmod.nodes[call][0] == "Call" else None
            if selfname is None or func is None or func[0] != "Attr" or cmod.nodes[func[1]][0] != "Name" \
                    or cmod.nodes[func[1]][1:4:2] != (selfname, cfn):
                return False
        return True

    def request_rebindings(self, tc: ThreadClass, walk: Walk) -> None:
        """SSC204 for the unlocked updates a threading server's request threads make: every
        request runs the same method on the same server, several at once."""
        sol = self.sol
        for r in self._rebindings(walk):
            if r.locked:
                continue
            rmod = sol.program.modules[r.module]
            if tc.own_self and r.own_field:
                continue  # `self.n += 1` of a request handler: each request has its own
            why = Rebound(Many.PER_REQUEST, tc.label)
            finding = UnsynchronizedRebinding.Finding(r.name, r.kind, target_of(sol, walk, (r.module, r.fn)), why)
            self.out.append(finding.at(rmod.place(r.node), self._update_notes(walk, r)))

    def called_in_loop(self, spawn: Spawn, win: Optional[Window]) -> Optional[Tuple[Module, int, int]]:
        """``for oid in oids: agent.register(oid)`` where ``register`` starts a new thread on
        every call and never waits for it: the call (module, node) in a loop that runs the
        spawner once per pass, with the threads of the passes overlapping, and that loop.
        Only a spawn that makes a thread of its own (not a task handed to a pool, whose
        workers may be one), reached by every call of a method or function, and a call that
        the project resolves to it, on the main thread."""
        if spawn.index in self._called_in_loop:
            return self._called_in_loop[spawn.index]
        found: Optional[Tuple[Module, int, int]] = None
        mod, fn, b = spawn.mod, spawn.spawner, spawn.boundary
        start = win.start_node if win is not None and win.start_node >= 0 else spawn.call
        handle = assigned_place(mod, spawn.call)
        if fn > 0 and mod.nodes[fn][0] == "Def" and not b.receiver and not b.many and b.role != "initializer" \
                and win is not None and win.end == END and not mod.is_coroutine(fn) \
                and every_call_reaches(mod, start, fn) and not self._may_refuse(mod, fn, start) \
                and not (handle is not None and self._waits_for(mod, mod.body_nodes(fn), {handle})):
            sol = self.sol
            for caller, call, frame in sol.ev.callers(mod, fn):
                if caller.nodes[call][0] != "Call" or (frame and not sol.threads.runs_in(caller, frame, HOME)):
                    continue
                loop = in_loop(caller, call, frame)
                if loop < 0 or leaves_early(caller, loop, call) or self._waits_for(
                        caller, (n for n in caller.walk(loop, into_functions=False) if n != call), _receivers(caller, call)):
                    continue  # (the spawner's own waits are its body's, above)
                if any((a.module, a.node) == (mod.name, fn) for a in called_functions(
                        sol.ev.value(caller, caller.nodes[call][1], HOME))):
                    found = (caller, call, loop)
                    break
        self._called_in_loop[spawn.index] = found
        return found

    def _called(self, mod: Module, nodes) -> Iterator[Tuple[int, Module, int]]:
        """(call node, module, def) of each project function the calls among ``nodes`` run
        (on the main thread's reading)."""
        for n in nodes:
            if mod.nodes[n][0] == "Call":
                for a in called_functions(self.sol.ev.value(mod, mod.nodes[n][1], HOME)):
                    fmod = self.sol.program.modules.get(a.module)
                    if fmod is not None and fmod.nodes[a.node][0] == "Def":
                        yield n, fmod, a.node

    def _waits_for(self, mod: Module, nodes, handles: Set[str]) -> bool:
        """Do ``nodes`` wait for, or call off, a thread (or timer, or future) kept as one of
        ``handles`` (as the code spells it: ``t``, ``self._timer``, or the object whose method
        started it): ``handle.join()``, ``handle.cancel()``, ``self._wait(handle)`` or
        ``svc.drain()`` where the project function called joins a thread?"""
        for n in nodes:
            node = mod.nodes[n]
            if node[0] != "Call":
                continue
            func = mod.nodes[node[1]]
            waited = _waited_on(mod, n)
            if waited >= 0:
                receiver = spelled(mod, waited)
                if receiver in handles if receiver is not None else self._handle(mod, waited):
                    return True  # `t.join()`, `self._timer.cancel()`, `register(oid).join()`
            mentioned = {spelled(mod, a) for _, a in node[2]}
            if func[0] == "Attr":
                mentioned.add(spelled(mod, func[1]))
            if mentioned & handles and any(self._joins_a_thread(fmod, f) for _, fmod, f in self._called(mod, [n])):
                return True  # `self._wait(t)`, `svc.drain()`
        return False

    def _handle(self, mod: Module, nid: int) -> bool:
        """Is the value at ``nid`` a thread, a timer or a future (what ``join`` or ``cancel``
        of it waits for or calls off)?"""
        ev = self.sol.ev
        return any(t in _HANDLE_TYPES or THREAD in ev.mro(t) for a in ev.value(mod, nid, HOME).insts for t in a.types)

    def _joins_a_thread(self, mod: Module, fn: int) -> bool:
        """Does the def ``fn`` wait for, or call off, a thread, a timer or a future?"""
        return any(w >= 0 and self._handle(mod, w) for w in (_waited_on(mod, n) for n in mod.body_nodes(fn)))

    def _may_refuse(self, mod: Module, fn: int, start: int) -> bool:
        """Does ``fn`` call, before ``start``, a method of its own object that raises on that
        object's state (``if self._thread: raise RuntimeError("already started")``)? Then not
        every call starts a thread. A check of the arguments (``if oid < 0: raise``) is not."""
        at = mod.pos(start)
        for call, fmod, f in self._called(mod, mod.body_nodes(fn)):
            selfname = _self_param(self.sol, fmod, f)
            if mod.pos(call) >= at or selfname is None:
                continue
            for n in fmod.body_nodes(f):
                if fmod.nodes[n][0] == "Raise" and any(
                        any(fmod.nodes[m][0] == "Name" and fmod.nodes[m][1] == selfname for m in fmod.walk(test))
                        for test, _ in enclosing_tests(fmod, n, f, exits=False)):
                    return True
        return False

    def _same_on_each_call(self, spawn: Spawn, by_loop: Tuple[Module, int, int], r: "_Rebinding") -> bool:
        """Do the threads that each call of the spawner starts update the same thing? A global
        or an object of the module's, yes; ``self``, when the thread runs a method of the
        spawner's own ``self`` and the loop calls the spawner on one object each pass;
        anything the spawner or its caller makes for each call, no."""
        if r.key_param >= 0 or r.kind == "nonlocal":
            return False
        mod = self.sol.program.modules[r.module]
        if r.kind == "global":
            return True
        if not r.on_self:
            return r.binding is not None and r.binding[1] == 0 and mod.scopes[0].kind == "Mod"
        return self._spawners_self(spawn) is not None and _one_receiver(by_loop)

    def _spawners_self_each_call(self, spawn: Spawn, by_loop: Tuple[Module, int, int], c: Crossing) -> bool:
        """Does every thread the spawner starts get the same NotSync object through the
        spawner's ``self`` (``Thread(target=self.work)``, on one object each pass), made
        outside the spawner (not one per call)?"""
        selfname = self._spawners_self(spawn)
        site_mod, site_node = c.atom.site
        if selfname is None or c.binding != (spawn.mod.name, spawn.spawner, selfname) or not _one_receiver(by_loop):
            return False
        return not (site_mod == spawn.mod.name and site_node >= 0 and spawn.mod.within(site_node, spawn.spawner))

    def _spawners_receiver(self, spawn: Spawn) -> Optional[str]:
        """The spawner's name for the object whose method the thread runs: its ``self``
        (``Thread(target=self.tick)``), or a variable of its own, bound only before the start,
        that holds an object (``c = Client(); Thread(target=c.run)``); else None."""
        smod, fn = spawn.mod, spawn.spawner
        handle = assigned_name(smod, spawn.call) if fn > 0 else None
        if handle is not None and self._handed_to_project(smod, fn, handle):
            return None  # the thread handed to code that may join it (`wait(t)`)
        selfname = self._spawners_self(spawn)
        if selfname is not None:
            return selfname
        receiver = self._object_of_target(spawn) if fn > 0 else -1
        if receiver < 0:
            return None
        name, scope = smod.nodes[receiver][1:4:2]
        sites = smod.scopes[fn].bindings.get(name, ())
        # bound only before the start (`c = A() if .. else B()`, `if flag: c = B()`): the thread
        # runs whichever object it holds then, and it holds the same one after
        if scope != fn or not sites or any(smod.pos(b) > smod.pos(spawn.call) for b in sites) \
                or self._handed_to_waiter(smod, fn, name):
            return None
        return name

    def _handed_to_waiter(self, mod: Module, fn: int, name: str) -> bool:
        """Is the variable ``name`` of ``fn`` handed as it is to a call that may wait for the
        thread (``finish(c)``, which may ``c.done.wait()``)? Any call may, but one that only
        looks at its arguments or keeps them (logging, ``items.append(c)``), and a function of
        the project that calls nothing that waits (``_MAY_WAIT``), itself or through the calls
        it makes (``bump(c)``, which updates ``c.n``). Code not known may: precision first."""
        for callee in self._callees_handed(mod, fn, name):
            called = [a.func if isinstance(a, Bound) else a for a in callee.atoms]
            if not called or not all(isinstance(a, Fn) for a in called) \
                    or any(self._may_wait(a) for a in called if isinstance(a, Fn)):
                return True
        return False

    def _may_wait(self, callee: Fn) -> bool:
        """Does the project's function ``callee``, or one it calls, call something that waits
        (``_MAY_WAIT``)? Yes too when its calls are not all followed."""
        threads = self.sol.threads
        cmod = self.sol.program.modules.get(callee.module)
        if cmod is None:
            return True
        walk = threads.home_walk(cmod, callee.node, lambda nid: False)
        if walk.truncated or (callee.module, callee.node) not in walk.funcs:
            return True
        modules = self.sol.program.modules
        return any(called_name(modules[m], nid) in _MAY_WAIT for m, fn in walk.funcs
                   for nid in modules[m].body_nodes(fn))

    def _handed_to_project(self, mod: Module, fn: int, name: str) -> bool:
        """Is the variable ``name`` of ``fn`` handed as it is to a function of the project
        (``wait(t)``), which may join it? Library calls (``threads.append(t)``, logging) do not."""
        return any(not callee.atoms or any(isinstance(a, Fn) or isinstance(a, Bound) and isinstance(a.func, Fn)
                                           for a in callee.atoms)  # project code, or code not known
                   for callee in self._callees_handed(mod, fn, name))

    def _callees_handed(self, mod: Module, fn: int, name: str) -> Iterator[Value]:
        """What is called with the variable ``name`` of ``fn`` as an argument, as it is, but
        for the calls that only look at it or keep it (``log.debug("%s", t)``,
        ``threads.append(t)``): each callee's value."""
        for call in _calls_handed(mod, fn, name):
            func = mod.nodes[mod.nodes[call][1]]
            if func[0] == "Attr" and self.sol.knowledge.method_role(None, func[2]) in ("harmless", "mutator"):
                continue
            yield self.sol.ev.value(mod, mod.nodes[call][1], HOME)

    def _object_of_target(self, spawn: Spawn) -> int:
        """The variable (a Name node) holding the object whose method the thread runs: ``c`` of
        ``target=c.run``, of ``target=partial(c.run, x)``, or of ``target=Client.run,
        args=(c,)``; -1 when it is not spelled so."""
        smod, ev = spawn.mod, self.sol.ev
        func = smod.nodes[spawn.func]
        if func[0] == "Call" and func[2] and func[2][0][0] is None \
                and "functools.partial" in ev.value(smod, func[1], HOME).refs():
            return self._object_of_method(smod, func[2][0][1])
        found = self._object_of_method(smod, spawn.func)
        if found >= 0 or func[0] != "Attr":
            return found
        value = ev.value(smod, spawn.func, HOME)
        first = spawn.args[0] if spawn.args else None
        if value.atoms and all(isinstance(a, Fn) for a in value.atoms) and first is not None and first[2] is None \
                and smod.nodes[first[0]][0] == "Name" \
                and all(self.sol.program.modules[a.module].class_of_method(a.node) >= 0
                        for a in value.atoms if isinstance(a, Fn)):
            return first[0]  # a method read from its class, handed its object first
        return -1

    def _object_of_method(self, smod: Module, nid: int) -> int:
        """``c`` of ``c.run`` when that is a method bound to the object ``c`` holds, else -1."""
        func = smod.nodes[nid]
        if func[0] != "Attr" or smod.nodes[func[1]][0] != "Name":
            return -1
        value = self.sol.ev.value(smod, nid, HOME)
        if not value.atoms or not all(isinstance(a, Bound) for a in value.atoms):
            return -1  # a method read from a class (`Client.run`) has no object of its own
        return func[1]

    def _spawners_self(self, spawn: Spawn) -> Optional[str]:
        """The name of the spawner's ``self`` when the thread runs a method of it
        (``Thread(target=self.tick)``), else None."""
        smod, fn = spawn.mod, spawn.spawner
        func = smod.nodes[spawn.func]
        selfname = _self_param(self.sol, smod, fn)
        if selfname is None or func[0] != "Attr" or smod.nodes[func[1]][0] != "Name" \
                or smod.nodes[func[1]][1:4:2] != (selfname, fn):
            return None
        return selfname

    def many_reason(self, spawn: Spawn, loop: int) -> Optional[Many]:
        b = spawn.boundary
        if b.role == "initializer":
            return Many.INITIALIZER
        if b.many:
            return Many.PER_REQUEST if b.per_request else Many.PER_ELEMENT
        if loop >= 0:
            return Many.PER_ITERATION
        return None

    def _self_per_iteration(self, spawn: Spawn, loop: int, r: "_Rebinding") -> bool:
        """``for s in states: pool.submit(s.parse)``: each task's ``self`` is the object of its
        own iteration, so writes to ``self`` do not meet across the loop's threads."""
        if loop < 0 or spawn.boundary.many or spawn.boundary.role == "initializer" or not r.on_self:
            return False
        mod = spawn.mod
        func = mod.nodes[spawn.func]
        if func[0] == "Name":
            # `pool.submit(c)` of an object with `__call__`: `c` is that method's `self`; one
            # per pass only as the loop's own variable (`c = shared` in the body is not)
            value = self.sol.ev.value(mod, spawn.func, HOME)
            if not value.atoms or not all(isinstance(a, Inst) for a in value.atoms) or func[3] not in mod.scopes \
                    or not all(_new_each_pass(mod, b) for b in mod.scopes[func[3]].bindings.get(func[1], ())):
                return False
            receiver = func
        elif func[0] != "Attr" or mod.nodes[func[1]][0] != "Name":
            return False
        else:
            receiver = mod.nodes[func[1]]
        if receiver[3] < 0 or receiver[3] not in mod.scopes:
            return False
        sites = mod.scopes[receiver[3]].bindings.get(receiver[1], ())
        return bool(sites) and _per_iteration(mod, loop, sites)

    def _same_argument(self, spawn: Spawn, loop: int, r: "_Rebinding") -> bool:
        """``for c in chunks: pool.submit(download, c, self.progress)`` where ``download``
        updates ``progress.value += n``: does every task the spawn starts in its loop get the
        same object for the parameter ``r`` updates through? The spawn must hand its function
        that argument itself, spelled as a variable or its attributes, bound outside the loop
        (a call or an item may give a new object each pass). Only the root the spawn names."""
        if loop < 0 or spawn.boundary.many or spawn.boundary.role == "initializer":
            return False
        sol, mod = self.sol, spawn.mod
        if set(_functions_called(sol.ev.value(mod, spawn.func, HOME))) != {(r.module, r.fn)}:
            return False
        rmod = sol.program.modules[r.module]
        args = self._spelled_arguments(mod, spawn.func, rmod, r.fn)
        if args is None:
            return False
        given = bind_arguments(rmod, r.fn, args + [(key, nid) for nid, _, key in spawn.args]).get(r.param)
        if not isinstance(given, list) or len(given) != 1 or not isinstance(given[0], int):
            return False
        expr = given[0]
        while mod.nodes[expr][0] == "Attr":
            expr = mod.nodes[expr][1]
        root = mod.nodes[expr]
        if root[0] != "Name" or root[3] < 0 or root[3] not in mod.scopes:
            return False
        sites = mod.scopes[root[3]].bindings.get(root[1], ())
        return bool(sites) and not any(mod.within(site, loop) for site in sites)

    def _spelled_arguments(self, mod: Module, func: int, rmod: Module, fn: int, depth: int = 0
                           ) -> Optional[List[Tuple[Optional[str], int]]]:
        """The arguments the callable spelled at ``func`` binds before the spawn's own (nodes):
        none for a function's name, the receiver for a method bound to it (``self.work``), and
        those of ``functools.partial(f, p)`` after what ``f`` binds. None for anything else."""
        node = mod.nodes[func]
        if node[0] == "Name":
            return []
        if node[0] == "Attr":
            # a method bound to the receiver (`self.work`) takes it first; a function read
            # from a class (`Worker.process`) is handed its arguments as they are
            atoms = list(self.sol.ev.value(mod, func, HOME))
            if atoms and all(isinstance(a, Bound) for a in atoms):
                return [(None, node[1])]
            if atoms and all(isinstance(a, Fn) for a in atoms):
                return []
            return None
        if node[0] != "Call" or depth > 2 or not node[2] or node[2][0][0] is not None \
                or "functools.partial" not in set(self.sol.ev.value(mod, node[1], HOME).refs()):
            return None
        inner = self._spelled_arguments(mod, node[2][0][1], rmod, fn, depth + 1)
        if inner is None or any(key in ("*", "**") for key, _ in node[2][1:]):
            return None
        return inner + list(node[2][1:])

    def _own_item(self, spawn: Spawn, loop: int, r: "_Rebinding") -> bool:
        """``for i in range(n): Thread(target=work, args=(i,))`` where ``work(i)`` updates
        ``totals[i]``: each thread is given a key no other thread gets (the loop's index), so
        their read-modify-writes are of different items and do not meet."""
        if loop < 0 or r.key_param < 0 or spawn.boundary.many or spawn.boundary.role == "initializer":
            return False
        mod = spawn.mod
        func = mod.nodes[spawn.func]
        if r.module != mod.name or func[0] != "Name" or func[3] not in mod.scopes or \
                tuple(mod.scopes[func[3]].bindings.get(func[1], ())) != (r.fn,):
            return False  # the key must come straight from the spawn, as its function's parameter
        given = bind_arguments(mod, r.fn, [(key, nid) for nid, _, key in spawn.args]).get(r.key_param)
        if not isinstance(given, list) or len(given) != 1 or not isinstance(given[0], int):
            return False
        arg = mod.nodes[given[0]]
        scope = loop if mod.nodes[loop][0] == "Comp" else mod.frame(loop)
        if arg[0] != "Name" or arg[3] != scope or arg[1] not in _distinct_names(mod, loop):
            return False
        if tuple(mod.scopes[scope].bindings.get(arg[1], ())) != tuple(_loop_targets(mod, loop, arg[1])):
            return False  # the index is bound elsewhere too (`i = i % 2`, a walrus)
        if in_loop(mod, loop, spawn.spawner) >= 0 or mod.nodes[loop][0] == "Comp" and len(mod.nodes[loop][4]) != 1:
            return False  # an enclosing loop runs the indexes again
        # the only thread that runs the function: no other spawn of it (a second one in the same
        # pass, or another loop over the same range), and not run by the spawner itself
        enclosing = mod.frame(r.fn)
        if enclosing and mod.class_of_method(r.fn) < 0:
            # a nested function is named only in the function around it: this spawn, alone
            name = mod.nodes[r.fn][1]
            return [n for n in mod.walk(enclosing) if mod.nodes[n][0] == "Name" and mod.nodes[n][1] == name
                    and mod.nodes[n][3] == enclosing and mod.nodes[n][2] == "L"] == [spawn.func]
        key = (r.module, r.fn)
        if sum(1 for w in self.sol.threads.walks.values() if key in w.roots) != 1:
            return False
        return not self.sol.threads.home_reachable(mod, r.fn)

    def _shared_self(self, mod: Module, fn: int, walk: Walk, seen: FrozenSet[FuncKey] = frozenset()) -> bool:
        """Can the object a method runs on be reached by other threads: did it come from
        elsewhere, rather than being made by this thread's own code?"""
        params = mod.nodes[mod.nodes[fn][2]][1]
        if not params:
            return False
        value = self.sol.ev.param_value(mod, params[0], walk.ctx)
        for a in value.insts:
            if a.entry is not None:
                return True
            if a.site == SUPER_SITE:
                # `super().m()` runs m on the caller's own `self`: shared if that one is
                if self._super_callers_share(mod, fn, walk, seen | {(mod.name, fn)}):
                    return True
            elif a.home != walk.ctx and a.site != SELF_SITE:
                return True
        # an object nobody is known to hand over (no value, or `self` of code whose callers
        # are not followed) may well be one per thread: precision first
        return False

    def _shared_part(self, mod: Module, target: int, walk: Walk) -> bool:
        """``self.stats.hits += 1`` updates ``self.stats``, not ``self``: of an object this
        thread made for itself, that part may still be another thread's (a shared ``Stats``
        it was given, the class itself through ``self.__class__``)."""
        holder = mod.nodes[target][1]
        node = mod.nodes[holder]
        if node[0] == "Name":
            return False  # `self.n`: the object itself
        if node[0] == "Attr" and node[2] == "__class__" or \
                node[0] == "Call" and mod.nodes[node[1]][0] == "Name" and mod.nodes[node[1]][1] == "type":
            return True  # the class, which every object of it shares
        value = self.sol.ev.value(mod, holder, walk.ctx)
        return any(isinstance(a, Ref) for a in value.atoms) or any(crossed(a, walk.ctx) for a in value.insts)

    def _super_callers_share(self, mod: Module, fn: int, walk: Walk, seen: FrozenSet[FuncKey]) -> bool:
        """Does a method that reaches ``fn`` through ``super()`` on this thread run on a shared
        ``self``? A caller that cannot be told is taken to."""
        reached = walk.funcs.get((mod.name, fn))
        for edge in reached.edges if reached is not None else ():
            if edge.call < 0 or not edge.module:
                return True
            cmod = self.sol.program.modules[edge.module]
            func = cmod.nodes[cmod.nodes[edge.call][1]]
            made = cmod.nodes[func[1]] if func[0] == "Attr" else None
            if made is None or made[0] != "Call" or made[2]:
                return True  # not a bare `super().m()`: `super(Cls, other)` runs m on `other`
            caller = cmod.frame(edge.call)
            if (cmod.name, caller) in seen or not caller or cmod.nodes[caller][0] != "Def":
                return True
            if self._shared_self(cmod, caller, walk, seen):
                return True
        return False

    def _thread_local_part(self, mod: Module, target: int, ctx: Ctx) -> bool:
        """Is ``target`` an attribute of a ``threading.local`` (``tl.n``), which each thread
        has its own of, or a part of what such an attribute holds when every object there was
        made on this thread (``tl.seen = {}``, then ``tl.seen[k] += 1``)? Not when it holds an
        object of another (``tl.stats = STATS``, then ``tl.stats.hits += 1``)."""
        sol = self.sol
        nid = target
        while mod.nodes[nid][0] in ("Attr", "Sub"):
            node = mod.nodes[nid]
            if node[0] == "Attr":
                insts = list(sol.ev.value(mod, node[1], ctx).insts)
                if insts and all(any(getattr(sol.knowledge.type_fact(t), "thread_local", False) for t in a.types)
                                 for a in insts):
                    if nid == target:
                        return True
                    held = list(sol.ev.value(mod, nid, ctx).insts)
                    return bool(held) and all(a.home == ctx for a in held)
            nid = node[1]
        return False

    def _rebindings(self, walk: Walk) -> List["_Rebinding"]:
        """Writes to state that outlives one call, by the code a thread runs: ``nonlocal`` /
        ``global`` names, and read-modify-writes of attributes or items of captured, global or
        ``self`` objects."""
        sol = self.sol
        out: List[_Rebinding] = []
        for (module, fn), reached in sorted(walk.funcs.items()):
            mod = sol.program.modules[module]
            node = mod.nodes[fn]
            if node[0] != "Def":
                continue
            scope = mod.scopes[fn]
            declared = {n: "nonlocal" for n in scope.nonlocals}
            declared.update({n: "global" for n in scope.globals})
            selfname = _self_param(sol, mod, fn)
            held: FrozenSet[object] = reached.locks or frozenset()
            done: Set[str] = set()
            for nid in sorted(mod.body_nodes(fn), key=mod.pos):
                stmt = mod.nodes[nid]
                if stmt[0] not in ("Asg", "Aug", "Ann"):
                    continue
                targets = stmt[1] if stmt[0] == "Asg" else (stmt[1],)
                for t in targets:
                    tnode = mod.nodes[t]
                    keys = held | sol.threads.locks_at(mod, nid, walk.ctx)
                    locked = bool(keys)
                    if tnode[0] == "Name":
                        name = tnode[1]
                        if name in declared and name not in done and _read_modify_write(mod, stmt, t):
                            if declared[name] == "nonlocal" and (module, tnode[3]) in walk.funcs:
                                continue  # the cell of a call this thread makes: one per call
                            done.add(name)
                            binding = (mod.name, tnode[3], name) if tnode[3] >= 0 else None
                            out.append(_Rebinding(name, mod.name, nid, fn, declared[name], locked, binding,
                                                  locks=keys))
                        continue
                    if tnode[0] not in ("Attr", "Sub"):
                        continue
                    code = mod.short(t, 200)
                    if code in done or not _read_modify_write(mod, stmt, t):
                        continue
                    root = _root_name(mod, t)
                    if root < 0 or self._thread_local_part(mod, t, walk.ctx):
                        continue
                    rnode = mod.nodes[root]
                    on_self = rnode[1] == selfname and rnode[3] == fn
                    # the owning thread's own branch guards the object's fields, not the rest
                    if on_self and _owner_only(sol, mod, nid, fn):
                        locked, keys = True, frozenset()
                    if on_self and (module, fn) not in walk.roots and not self._shared_self(mod, fn, walk) \
                            and not self._shared_part(mod, t, walk):
                        continue  # a method of an object this thread made for itself
                    binding = None
                    param = -1
                    if not on_self and rnode[3] == fn and (module, fn) in walk.roots:
                        # `shared.value += n` on a parameter of the thread's function: shared
                        # when every task is handed the same object (``_same_argument``)
                        param = _param_index(mod, fn, rnode[1])
                    if not on_self and param < 0:
                        if rnode[3] == fn or rnode[3] == -2:
                            continue  # an object of the call's own
                        if rnode[3] >= 0 and rnode[3] in mod.scopes and mod.scopes[rnode[3]].kind == "Comp":
                            continue
                        binding = (mod.name, rnode[3], rnode[1])
                    done.add(code)
                    out.append(_Rebinding(code, mod.name, nid, fn, "read-modify-write", locked, binding, on_self,
                                          _key_param(mod, fn, t), own_field=on_self and tnode[1] == root,
                                          param=param, locks=keys))
        return out


@dataclass
class _Rebinding:
    name: str
    module: str
    node: int
    fn: int
    kind: str
    locked: bool
    binding: Optional[Binding]
    on_self: bool = False
    #: ``d[k]`` where ``k`` is a parameter of the function, never rebound: its index (else -1)
    key_param: int = -1
    #: a field or item of ``self`` itself (``self.n += 1``), not of what it reaches (``self.server.n``)
    own_field: bool = False
    #: of an object the thread's function is handed as this parameter (index; else -1)
    param: int = -1
    #: the locks the thread holds there (known by where they were made): an update by the
    #: spawner under one of them is ordered with it, and none other is (``locked`` without
    #: them: the owning thread's own branch, which no other thread takes)
    locks: FrozenSet[object] = frozenset()


#: container methods that iterate what they are given (the others only keep it)
_ITERATES = frozenset({"extend", "extendleft", "update"})


def _joined_each_pass(spawn: Spawn, win: Optional[Window], loop: int) -> bool:
    """Is the thread a pass of ``loop`` starts waited for before the pass ends?"""
    return win is not None and win.end != END and win.end <= spawn.mod.end(loop)


def _waited_on(mod: Module, nid: int) -> int:
    """The receiver of ``nid`` when it is a call that waits for or calls off what it is called
    on (``x.join()``, ``x.cancel()``, ``x.result()``: ``flow.WAITS``), else -1."""
    node = mod.nodes[nid]
    if node[0] != "Call":
        return -1
    func = mod.nodes[node[1]]
    return func[1] if func[0] == "Attr" and func[2] in WAITS else -1


def _functions_called(value: Value, depth: int = 0) -> Iterator[FuncKey]:
    """The project functions calling ``value`` runs, through ``functools.partial`` too."""
    for fn in called_functions(value):
        yield fn.module, fn.node
    for atom in value if depth < 3 else ():
        if isinstance(atom, Partial):
            yield from _functions_called(atom.func, depth + 1)


def _alias_reads(mod: Module, field: int) -> Optional[List[int]]:
    """``loop = self._loop`` bound from ``field``: every read of ``loop`` (the Name nodes), in
    the function or the functions and lambdas nested in it, when each is ``loop.<attr>``, a
    test (``loop is not None``) or the loop handed to a bridge (``run_coroutine_threadsafe(coro,
    loop)``), and ``loop`` is bound to nothing but reads of the same field. None for anything
    else (another binding, a read handed on)."""
    up = mod.parent(field)
    unode = mod.nodes[up] if up >= 0 else None
    if unode is None or unode[0] != "Asg" or unode[2] != field or len(unode[1]) != 1:
        return None
    target = mod.nodes[unode[1][0]]
    frame = mod.frame(up)
    if target[0] != "Name" or not frame:
        return None
    spelled = mod.short(field)
    sites = mod.scopes[target[3]].bindings.get(target[1], ()) if target[3] in mod.scopes else ()
    # bound to nothing else; or else each read is judged by the one binding that reaches it
    # (`loop = self._loop; loop.call_soon_threadsafe(f); loop = new_event_loop(); loop.run...`)
    same = all(mod.nodes[mod.parent(site)][0] == "Asg" and mod.nodes[mod.parent(site)][1] == (site,)
               and mod.short(mod.nodes[mod.parent(site)][2]) == spelled for site in sites)
    reads = []
    for nid in mod.walk(frame):
        node = mod.nodes[nid]
        if node[0] != "Name" or node[1] != target[1] or node[3] != target[3] or node[2] != "L":
            continue
        if not same:
            held = statement_of(mod, nid) if mod.frame(nid) == frame else None
            found = last_assigned(mod, *held, sites) if held is not None else -1
            if found < 0:
                return None  # a read another binding may reach too, or one in a nested function
            if found != unode[1][0]:
                continue  # a read of what another binding holds
        parent = mod.parent(nid)
        if parent < 0 or (mod.nodes[parent][0] != "Attr" or mod.nodes[parent][1] != nid) \
                and not _tested(mod, nid) and not _loop_of_bridge(mod, nid):
            return None
        reads.append(nid)
    return sorted(reads, key=mod.pos)


def _tested(mod: Module, nid: int) -> bool:
    """Is ``nid`` only tested: compared (``x is not None``, ``x == other``) or the test of an
    ``if`` or ``while`` (alone or in ``and``/``or``)? That asks which object it is and operates
    on nothing."""
    parent = mod.parent(nid)
    pnode = mod.nodes[parent] if parent >= 0 else None
    if pnode is None:
        return False
    if pnode[0] == "Op":
        return comparison(mod, parent) is not None
    if pnode[0] == "Bool":
        return _tested(mod, parent)
    return pnode[0] in ("If", "While", "IfX") and pnode[1] == nid


def _loop_of_bridge(mod: Module, nid: int) -> bool:
    """Is ``nid`` the loop a bridge call is handed (``run_coroutine_threadsafe(coro, loop)``)?"""
    call = mod.parent(nid)
    return call >= 0 and mod.nodes[call][0] == "Call" and mod.nodes[call][1] != nid and bridge_parts(mod, call)[0] == nid


def _read_to_rebind(mod: Module, read: int) -> bool:
    """Is the name ``read`` read by a statement that binds that same name (``n = n + 1``)?"""
    node = mod.nodes[read]
    held = statement_of(mod, read)
    stmt = mod.nodes[held[0]] if held is not None else None
    return stmt is not None and stmt[0] == "Asg" and any(
        mod.nodes[t][0] == "Name" and mod.nodes[t][1] == node[1] and mod.nodes[t][3] == node[3] for t in stmt[1])


def _updated(mod: Module, target: int) -> bool:
    """Is ``target`` the target of an augmented assignment (``n += 1`` reads ``n`` first)?"""
    parent = mod.parent(target)
    return parent >= 0 and mod.nodes[parent][0] == "Aug" and mod.nodes[parent][1] == target


#: what ``_forever_loop_use`` says of a use that only hands the loop work through a bridge
_BRIDGED = (-1, "")


def _bridges(mod: Module, loop: int) -> bool:
    """Is the loop at ``loop`` the one a bridge call hands work to: the receiver of
    ``loop.call_soon_threadsafe(...)``, or the loop argument of ``run_coroutine_threadsafe``?"""
    parent = mod.parent(loop)
    call = mod.parent(parent) if parent >= 0 and mod.nodes[parent][0] == "Attr" else parent
    return call >= 0 and mod.nodes[call][0] == "Call" and bridge_parts(mod, call)[0] == loop


def _owner_only(sol: Solution, mod: Module, nid: int, fn: int, asked: bool = True) -> bool:
    """Is ``nid`` in the branch of an ``if`` that only the thread named by a field runs
    (``if self._owner == threading.current_thread():``, the re-entry of a home-made re-entrant
    lock)? Only the owner updates there, one thread at a time. With ``asked``, the test may
    also be a method of the object that answers that question (``if self.is_writer():``)."""
    for test, in_body in enclosing_tests(mod, nid, fn):
        op = comparison(mod, test)
        if op is not None and any(_thread_identity(sol, mod, side, fn) for side in op[1:]) \
                and in_body == (op[0] in ("==", "is")):
            return True
        if asked and in_body and _asks_for_the_owner(sol, mod, test, fn):
            return True
    return False


def _asks_for_the_owner(sol: Solution, mod: Module, test: int, fn: int) -> bool:
    """Is ``test`` a call of a method of ``self`` that returns true only in the owner's
    branch (``if self._writer == me: return True``), given the constant arguments of the call
    (``is_writer(check_pending=False)`` leaves out the branch that also counts the waiting)?"""
    node = mod.nodes[test]
    selfname = _self_param(sol, mod, fn)
    if node[0] != "Call" or selfname is None:
        return False
    func = mod.nodes[node[1]]
    if func[0] != "Attr" or mod.nodes[func[1]][0] != "Name" or mod.nodes[func[1]][1] != selfname:
        return False
    methods = {(a.func.module, a.func.node) for a in sol.ev.value(mod, node[1], HOME)
               if isinstance(a, Bound) and isinstance(a.func, Fn)}
    if len(methods) != 1:
        return False
    (module, mfn), = methods
    cls = mod.class_of_method(fn)
    if cls < 0 or any(sol.ev.find_method(sub, func[2]) != (module, mfn)
                      for sub in sol.ev.subclasses(sol.ev.qualname(mod, cls))):
        return False  # a subclass's object may answer with its own method
    mmod = sol.program.modules[module]
    if any(mmod.nodes[n][0] in ("Attr", "Sub") and mmod.nodes[n][-1] == "S" for n in mmod.body_nodes(mfn)):
        return False  # it changes the object (claims it first): not a question only the owner says yes to
    params = [mmod.nodes[p] for p in mmod.nodes[mmod.nodes[mfn][2]][1]]
    if not params or mmod.nodes[mfn][0] != "Def" or any(p[2] not in (0, 1, 3) for p in params):
        return False
    names = [p[1] for p in params[1:]]
    # what each parameter is: its default, or what the call passes
    given: Dict[str, tuple] = {p[1]: mmod.nodes[p[4]] for p in params[1:] if p[4] >= 0}
    for i, (key, arg) in enumerate(node[2]):
        if key is None and i < len(names):
            given[names[i]] = mod.nodes[arg]
        elif key in names:
            given[key] = mod.nodes[arg]
        else:
            return False
    truth = {name: bool(value[1]) for name, value in given.items() if value[0] == "Const"
             and len(mmod.scopes[mfn].bindings.get(name, ())) == 1}  # not bound again in the method
    owner = False
    for ret in mmod.body_nodes(mfn):
        rnode = mmod.nodes[ret]
        if rnode[0] != "Ret":
            continue
        value = mmod.nodes[rnode[1]] if rnode[1] >= 0 else ("Const", None)
        if value[0] == "Const" and not value[1]:
            continue  # `return False`
        if any(mmod.nodes[t][0] == "Name" and mmod.nodes[t][1] in truth and truth[mmod.nodes[t][1]] != in_body
               for t, in_body in enclosing_tests(mmod, ret, mfn)):
            continue  # in a branch this call's arguments rule out
        if value[0] == "Const" and value[1] is True and _owner_only(sol, mmod, ret, mfn, asked=False):
            owner = True
            continue
        return False
    return owner


def _thread_identity(sol: Solution, mod: Module, expr: int, fn: int) -> bool:
    """Is ``expr`` the running thread (``threading.current_thread()``, ``get_ident()``, its
    ``ident``), or a variable of ``fn`` bound to nothing else?"""
    node = mod.nodes[expr]
    if node[0] == "Name":
        values = sole_values(mod, expr) if node[3] == fn else None
        return values is not None and all(mod.nodes[v][0] != "Name" and _thread_identity(sol, mod, v, fn)
                                          for v in values)
    if node[0] == "Attr" and node[2] in ("ident", "native_id"):  # not `name`: names repeat
        node = mod.nodes[node[1]]
    if node[0] != "Call" or node[2]:
        return False
    return any(sol.knowledge.call_role(r) == "thread-identity" for r in sol.ev.value(mod, node[1], HOME).refs())


#: what ``join``/``cancel``/``result`` of waits for or calls off (besides Thread subclasses)
_HANDLE_TYPES = frozenset({THREAD, "threading.Timer", FUTURE, "asyncio.Future", "asyncio.Task"})


def _new_each_pass(mod: Module, binding: int) -> bool:
    """Is ``binding`` a loop's own variable, or bound to what a call makes (``c = Client(u)``),
    rather than to an object named elsewhere (``c = shared``)?"""
    parent = mod.nodes[mod.parent(binding)]
    if parent[0] in ("For", "Comp"):
        return True
    return parent[0] == "Asg" and parent[1] == (binding,) and mod.nodes[parent[2]][0] == "Call"


def _receivers(mod: Module, call: int) -> Set[str]:
    """How the code spells the object a method call is made on (``svc`` of ``svc.start()``)."""
    func = mod.nodes[mod.nodes[call][1]]
    name = spelled(mod, func[1]) if func[0] == "Attr" else None
    return {name} if name is not None else set()


def _one_receiver(by_loop: Tuple[Module, int, int]) -> bool:
    """Is the loop's call a method call on one object for all passes (``agent.register(oid)``
    with ``agent`` bound outside the loop)?"""
    cmod, call, loop = by_loop
    callee = cmod.nodes[cmod.nodes[call][1]]
    if callee[0] != "Attr" or cmod.nodes[callee[1]][0] != "Name":
        return False
    receiver = cmod.nodes[callee[1]]
    if receiver[3] < 0 or receiver[3] not in cmod.scopes:
        return False
    return not any(cmod.within(b, loop) for b in cmod.scopes[receiver[3]].bindings.get(receiver[1], ()))


def _per_iteration(mod: Module, loop: int, sites: Sequence[int]) -> bool:
    """Is a variable bound inside ``loop`` wherever it is bound before the loop ends (so that
    what the loop hands over is one object per iteration)? A binding after the loop
    (``for job in jobs: job.describe()`` after the threads are started) reaches no iteration."""
    end = mod.end(loop)
    before = [s for s in sites if mod.pos(s) < end]
    return bool(before) and all(loop in set(mod.ancestors(s)) for s in before)


def _param_index(mod: Module, fn: int, name: str) -> int:
    """The index of ``fn``'s parameter ``name`` when nothing in ``fn`` rebinds it (else -1)."""
    sites = mod.scopes[fn].bindings.get(name, ()) if fn in mod.scopes else ()
    params = mod.nodes[mod.nodes[fn][2]][1]
    if len(sites) != 1 or sites[0] not in params:
        return -1
    return params.index(sites[0])


def _key_param(mod: Module, fn: int, target: int) -> int:
    node = mod.nodes[target]
    if node[0] != "Sub":
        return -1
    key = mod.nodes[node[2]]
    if key[0] != "Name" or key[3] != fn:
        return -1
    sites = mod.scopes[fn].bindings.get(key[1], ())
    params = mod.nodes[mod.nodes[fn][2]][1]
    if len(sites) != 1 or sites[0] not in params:
        return -1
    return params.index(sites[0])


#: class-level values that are defaults of a field, not descriptors
_PLAIN_DEFAULTS = frozenset({"Const", "Tuple", "List", "Dict", "Set"})


def _loop_pairs(mod: Module, loop: int) -> List[Tuple[int, int]]:
    """(target, iterable) of a ``for`` loop, or of each ``for`` of a comprehension."""
    node = mod.nodes[loop]
    return [(node[1], node[2])] if node[0] == "For" else [(t, i) for t, i, _ in node[4]] if node[0] == "Comp" else []


def _loop_targets(mod: Module, loop: int, name: str) -> List[int]:
    """The Name nodes of ``loop``'s targets that bind ``name``."""
    targets = [t for t, _ in _loop_pairs(mod, loop)]
    out: List[int] = []
    while targets:
        t = targets.pop()
        tnode = mod.nodes[t]
        if tnode[0] == "Name" and tnode[1] == name:
            out.append(t)
        elif tnode[0] in ("Tuple", "List"):
            targets.extend(tnode[1])
    return sorted(out)


def _distinct_names(mod: Module, loop: int) -> Set[str]:
    """The names a ``for`` loop or a comprehension binds to a different value at each
    iteration: ``i`` of ``for i in range(n)`` and of ``for i, x in enumerate(xs)`` (not ``k``
    of ``for k in keys``, which may repeat)."""
    out: Set[str] = set()
    for target, it in _loop_pairs(mod, loop):
        call = mod.nodes[it]
        func = mod.nodes[call[1]] if call[0] == "Call" else None
        if func is None or func[0] != "Name" or func[3] != BUILTIN:
            continue
        t = mod.nodes[target]
        if func[1] == "range" and t[0] == "Name":
            out.add(t[1])
        elif func[1] == "enumerate" and t[0] in ("Tuple", "List") and t[1]:
            first = mod.nodes[t[1][0]]
            if first[0] == "Name":
                out.add(first[1])
    return out


def _declaration(mod: Module, fn: int, name: str) -> int:
    """The ``nonlocal``/``global`` statement of function ``fn`` that declares ``name`` (-1: none)."""
    for nid in sorted(mod.body_nodes(fn), key=mod.pos):
        node = mod.nodes[nid]
        if node[0] in ("Nonlocal", "Global") and name in node[1]:
            return nid
    return -1


def started_at(spawn: Spawn, win: Optional[Window]) -> Span:
    """Where the work of ``spawn`` starts: a thread's ``start()``, else the spawning call."""
    node = win.start_node if win is not None and win.start_node >= 0 else spawn.call
    return spawn.mod.place(node)


def started(spawn: Spawn, win: Window) -> Started:
    """How messages name the work a spawn hands over: a thread, or a task of a pool."""
    return Started(win.start_line, task=spawn.boundary.handle not in ("thread", "detached"))


def _calls_handed(mod: Module, fn: int, name: str) -> Iterator[int]:
    """The calls of ``fn`` that get its variable ``name`` as an argument, as it is (``wait(t)``)."""
    for nid in mod.body_nodes(fn):
        node = mod.nodes[nid]
        if node[0] == "Name" and node[1] == name and node[3] == fn and node[2] == "L":
            parent = mod.parent(nid)
            if parent >= 0 and mod.nodes[parent][0] == "Call" and any(a == nid for _, a in mod.nodes[parent][2]):
                yield parent


#: the types of plain constants: an object made from them holds nothing of the program's
_SCALARS = frozenset({"builtins.str", "builtins.bytes", "builtins.int", "builtins.float", "builtins.bool",
                      "builtins.complex", "builtins.NoneType"})

#: the builtin containers, whose items say what they hold
_CONTAINERS = frozenset({"builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset", "builtins.dict",
                         "collections.deque"})

def _handed_on(mod: Module, fn: int, name: str) -> bool:
    """Is the variable ``name`` of ``fn`` handed to a call as it is (``wait(t)``), so that
    what it is waited for or done with is that code's?"""
    return next(_calls_handed(mod, fn, name), -1) >= 0


#: the calls that may wait for another thread, by the name called (``t.join()``,
#: ``done.wait()``, ``q.get()``, ``while w.is_alive()``, ``with``-less ``lock.acquire()``)
_MAY_WAIT = WAITS | {"is_alive", "is_set", "acquire", "get", "wait_for", "as_completed", "sleep"}


def _names_for(mod: Module, fn: int, holder: str) -> FrozenSet[Tuple[str, int]]:
    """The names ``fn`` holds the object ``holder`` names by (``c``, ``self.w``): ``holder``,
    and each variable of ``fn`` bound once, to one of these as it is (``d = c``), and handed to
    no call (what that code does with it is its own). A field (``self.w``) may be stored again
    after ``d = self.w``: only a variable's are followed."""
    held = {(holder, fn)}
    if "." in holder:
        return frozenset(held)
    scope = mod.scopes[fn]
    grew = True
    while grew:
        grew = False
        for name, sites in scope.bindings.items():
            if (name, fn) in held or len(sites) != 1 or name in scope.globals:
                continue
            parent = mod.parent(sites[0])
            node = mod.nodes[parent] if parent >= 0 else None
            source = _spelled_holder(mod, node[2]) if node is not None and node[0] == "Asg" \
                and node[1] == (sites[0],) else None
            # made after the source's last binding (`c = A(); d = c; c = B()`: `d` is the first)
            if source is not None and source in held and not _handed_on(mod, fn, name) and all(
                    mod.pos(b) < mod.pos(parent) for b in scope.bindings.get(source[0], ())):
                held.add((name, fn))
                grew = True
    return frozenset(held)


def _self_param(sol: Solution, mod: Module, fn: int) -> Optional[str]:
    if mod.class_of_method(fn) < 0 or sol.ev._static(mod, fn):
        return None
    params = mod.nodes[mod.nodes[fn][2]][1]
    return mod.nodes[params[0]][1] if params else None


def _spelled_holder(mod: Module, nid: int) -> Optional[Tuple[str, int]]:
    """How a read names an object it holds (``flow.spelled``: ``c``, ``self.w``), with the
    scope that binds its variable; None for anything else."""
    text = spelled(mod, nid)
    if text is None:
        return None
    node = mod.nodes[nid]
    return text, (node if node[0] == "Name" else mod.nodes[node[1]])[3]


def _parameter_for(mod: Module, fn: int, args: Sequence[Tuple[Optional[str], int]], passed: Tuple[int, Optional[str]],
                   bound: bool) -> Optional[Tuple[str, int]]:
    """The parameter of ``fn`` (name, scope) that gets the argument at ``passed`` (its place
    in ``args``, its keyword) of a call, when that is certain: a plain positional or keyword
    argument, no spread before it, and a parameter bound nowhere else in ``fn``. ``bound``:
    the call is a method call, whose receiver goes to the first parameter."""
    index, keyword = passed
    params = [mod.nodes[p] for p in mod.nodes[mod.nodes[fn][2]][1]]
    if bound:
        params = params[1:]
    name: Optional[str] = None
    if keyword is None:
        if any(k is not None for k, _ in args[:index]):
            return None  # a spread before it: its place is not known
        positional = [p for p in params if p[2] in (POSONLY, NORMAL)]
        name = positional[index][1] if index < len(positional) else None
    elif keyword not in ("*", "**"):
        name = next((p[1] for p in params if p[1] == keyword and p[2] in (NORMAL, KWONLY)), None)
    if name is None or len(mod.scopes[fn].bindings.get(name, ())) != 1:
        return None
    return name, fn


def _root_name(mod: Module, nid: int) -> int:
    node = mod.nodes[nid]
    while node[0] in ("Attr", "Sub"):
        nid = node[1]
        node = mod.nodes[nid]
    return nid if node[0] == "Name" else -1


def _read_modify_write(mod: Module, stmt: tuple, target: int) -> bool:
    """``x.n += 1``, or ``x.n = x.n + 1`` / ``d[k] = d.get(k, 0) + 1`` (the value reads what
    is written); not ``self.tree = self.parse()``, which reads ``self`` but not ``self.tree``."""
    if stmt[0] == "Aug":
        return True
    value = stmt[2] if stmt[0] == "Asg" else stmt[3]
    if value < 0:
        return False
    tnode = mod.nodes[target]
    if tnode[0] == "Name":
        return any(mod.nodes[n][0] == "Name" and mod.nodes[n][1] == tnode[1] for n in mod.walk(value))
    text = mod.code(value)
    whole = mod.code(target).strip()
    if tnode[0] == "Sub":
        return _mentions(text, mod.code(tnode[1]).strip()) or _mentions(text, whole)
    return _mentions(text, whole)


def _mentions(text: str, code: str) -> bool:
    """``code`` (a dotted name) occurs in ``text`` as a whole: `self.n` is not in `self.name`."""
    return re.search(r"(?<![\w.])" + re.escape(code) + r"(?!\w)", text) is not None


def _held(trait: Optional[Trait]) -> bool:
    """Is a class's trait absent, or there only because of what a field holds (through its
    project bases), not a marker or a library base?"""
    while trait is not None and trait.origin is Origin.SUBCLASS and trait.inner is not None:
        trait = trait.inner
    return trait is None or trait.origin is Origin.HOLDS


__all__ = ["check"]
