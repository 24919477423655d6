"""SSC1xx: a NotSend object used on a thread other than the one that created it.

For each thread, each use of a NotSend object whose home is another thread is a defect; uses of
one object that crossed one way (the same argument, the same captured name) are one defect,
reported once. It is reported where it crosses (the argument in the spawn call, the captured or
global name read by the thread's callable) when the thread's own callable uses it, and at the use
when the thread reaches it through calls, with the calls as notes. The rule follows the route:
captured (SSC101), passed (SSC102), bound ``self`` (SSC103), global (SSC104), default (SSC105),
a Thread subclass's field (SSC106); an object of another thread coming back (SSC107).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ...knowledge import THREAD
from ...diagnostics import Diagnostic, Note
from ...rules import wording
from ...rules.notsend import (
    Back, NotSendBoundSelf, NotSendCaptured, NotSendDefault, NotSendGlobal, NotSendPassed, NotSendReturned,
    NotSendThreadField,
)
from ...rules.base import BaseFinding
from ...rules.wording import Handed, How, Target, Via
from ..effects import Use
from ..flow import in_loop
from ..solve import Solution
from ..threads import FuncKey, Spawn, ThreadClass, Walk
from ..values import HOME, Ctx, Inst
from .common import (
    Root, entry_frame, first, function_target, held_as, home_notes, home_roots, home_uses, notes, place, root_of, spawn_at,
    target_of, thread_starts, via,
)

#: routes whose crossing is a read on the other thread (the finding is at the read when the
#: function reading it is the one using it)
READS = frozenset({"capture", "global", "field", "cached", "back"})


def crossed(atom: Inst, ctx: Ctx) -> bool:
    """Does the object belong to another thread than ``ctx``?"""
    if atom.home is None:
        return atom.entry is not None
    return atom.home != ctx


def check(sol: Solution, walks: List[Walk]) -> List[Diagnostic]:
    """SSC101-SSC106 for the threads of ``walks``."""
    out: List[Diagnostic] = []
    for walk in walks:
        defects: Dict[tuple, List[Use]] = {}
        for use in sol.uses(walk.ctx):
            atom = use.atom
            if atom.not_send is None or not crossed(atom, walk.ctx) or one_worker(sol, atom.home, walk.ctx):
                continue
            defects.setdefault(_key(use), []).append(use)
        for uses in defects.values():
            entry = uses[0].atom.entry
            if entry is not None and entry.route not in READS:
                # the thread's own code operating on what crossed is reported where it crosses;
                # only when all of it is reached through calls does the first operation stand
                uses = [u for u in uses if u.kind == "target" or (u.module, u.fn) in walk.roots] or uses
            found = _report(sol, walk, first(uses, sol))
            if found is not None:
                out.append(found)
    return out


def one_worker(sol: Solution, a: Optional[Ctx], b: Ctx) -> bool:
    """Do the threads ``a`` and ``b`` both run tasks of one executor made with
    ``max_workers=1``: the same thread, whichever task it runs (a connection one task opens and
    the next uses)?"""
    walks = sol.threads.walks
    first, second = walks.get(a) if a is not None else None, walks.get(b)
    if first is None or second is None or first.spawn is None or second.spawn is None:
        return False
    ours = _executors(sol, first.spawn) & _executors(sol, second.spawn)
    return any(_single_worker(sol, site) for site in ours)


def single_worker(sol: Solution, spawn: Spawn) -> bool:
    """Does the spawn hand its task to an executor made with one worker, which runs its tasks
    one at a time?"""
    ours = _executors(sol, spawn)
    return bool(ours) and all(_single_worker(sol, site) for site in ours)


def _executors(sol: Solution, spawn: Spawn) -> set:
    """The creation sites of the executor a ``submit``-like spawn hands its task to."""
    func = spawn.mod.nodes[spawn.mod.nodes[spawn.call][1]]
    if func[0] != "Attr" or not spawn.boundary.receiver:
        return set()
    return {a.site for a in sol.ev.value(spawn.mod, func[1], HOME).insts}


def _single_worker(sol: Solution, site: Tuple[str, int]) -> bool:
    """Was the executor made at ``site`` given one worker (``max_workers=1``, or 1 first)?"""
    mod = sol.program.modules.get(site[0])
    if mod is None or site[1] < 0 or mod.nodes[site[1]][0] != "Call":
        return False
    args = mod.nodes[site[1]][2]
    given = [arg for key, arg in args if key == "max_workers"] or [arg for key, arg in args[:1] if key is None]
    return bool(given) and mod.nodes[given[0]][0] == "Const" and mod.nodes[given[0]][1] == 1


def _order(walk: Walk) -> Tuple[int, str]:
    return (walk.spawn.index if walk.spawn is not None else 10 ** 6, walk.ctx)


def _key(use: Use) -> tuple:
    atom, entry = use.atom, use.atom.entry
    if entry is None:
        return (atom.site, atom.home, use.module, use.node)
    if entry.route in READS:
        return (atom.site, atom.home, entry.route, entry.name, entry.origin)
    if entry.send is not None:
        # the message names the object that crossed (a window handed over as `self`), whether
        # the other thread operates on it or on what came in inside it (its widgets): one
        # crossing is one defect, reported at its first operation
        return (entry.send, entry.route, entry.module, entry.node)
    return (atom.site, atom.home, entry.route, entry.module, entry.node)


def _report(sol: Solution, walk: Walk, use: Use) -> Optional[Diagnostic]:
    atom = use.atom
    entry = atom.entry
    key = (use.module, use.fn)
    root = key in walk.roots
    target = target_of(sol, walk, key)
    boundary = walk.spawn.label if walk.spawn is not None else (
        walk.thread_class.label if walk.thread_class is not None else THREAD)
    if entry is None:
        return None
    direct = root if entry.route not in READS else entry_frame(sol, entry) == key
    if use.kind == "target":
        direct = True
    if entry.route == "set-field":
        direct = True
    if entry.route == "field" and entry.how is not None:
        direct = entry_frame(sol, entry) == key
    at_module, at_node = (entry.module, entry.node) if direct else (use.module, use.node)
    where = place(sol, at_module, at_node)
    path = where.path
    trait = entry.send or atom.not_send
    assert trait is not None
    desc = trait.describe("NotSend", path)
    chain = walk.chain(key) if not direct else []
    route = entry.route
    extra: List[Note] = []
    finding: BaseFinding
    if route == "capture":
        capturer = entry_frame(sol, entry)
        handed = _handed_as_value(sol, walk, capturer)
        if handed is None:
            finding = NotSendCaptured.Finding(entry.name, desc, target, boundary,
                                              via(sol, walk, use, capturer if direct else None))
        else:
            # the function that captures is not the target's own code: it reached the thread
            # as a value (an argument, a field) and the target calls it; that is what is named
            finding = NotSendCaptured.Finding(entry.name, desc, handed, boundary,
                                              _none() if direct else via(sol, walk, use))
            if not direct:
                extra.append(wording.captured_here(place(sol, entry.module, entry.node), entry.name))
    elif route in ("argument", "partial"):
        how = entry.how or Handed(How.ARGUMENT)
        note = f" of {target}" if how.how is How.ARGUMENT and route == "argument" else ""
        finding = NotSendPassed.Finding(entry.name, desc, boundary, how, note, via(sol, walk, use) if not direct else _none())
    elif route == "self":
        finding = NotSendBoundSelf.Finding(entry.name, desc, entry.how or Handed(How.BOUND_SELF, entry.name), boundary,
                                           via(sol, walk, use) if not direct else _none())
    elif route in ("global", "cached"):
        reader = entry_frame(sol, entry) if direct else None
        finding = NotSendGlobal.Finding(entry.name, desc, target, via(sol, walk, use, reader), boundary,
                                        spawn_at(sol, walk, path), held=held_as(sol, entry))
    elif route == "default":
        owner = target
        if entry.origin[1] >= 0:
            omod = sol.program.modules[entry.origin[0]]
            owner = Target("" if omod.nodes[entry.origin[1]][0] == "Lam" else sol.ev.display(omod, entry.origin[1]))
        finding = NotSendDefault.Finding(entry.name, desc, entry.how or Handed(How.DEFAULT, "?"), owner, boundary,
                                         spawn_at(sol, walk, path))
    elif route in ("field", "set-field") and walk.thread_class is not None and entry.how is not None \
            and entry.origin[1] >= 0 and entry.origin[0] in sol.program.modules:
        # a field of the Thread object itself, set where the entry says
        smod = sol.program.modules[entry.origin[0]]
        finding = NotSendThreadField.Finding(entry.name, desc, entry.how, smod.line(entry.origin[1]),
                                             target, via(sol, walk, use) if not direct else _none())
        extra.append(wording.set_here(smod.place(entry.origin[1])))
    elif route == "field":
        # a field of an object that did not cross itself (a class attribute, a global object's
        # field...)
        finding = NotSendGlobal.Finding(entry.name, desc, target, via(sol, walk, use), boundary,
                                        spawn_at(sol, walk, path), held="a field of a shared object")
    else:
        return None
    if direct and use.kind != "target" and (use.module, use.node) != (at_module, at_node):
        # reported where it crosses: the note shows what the other thread does with it
        extra.append(wording.used_there(place(sol, use.module, use.node)))
    return finding.at(where, notes(sol, trait, walk, chain) + tuple(extra))


def _handed_as_value(sol: Solution, walk: Walk, capturer: FuncKey) -> Optional[Target]:
    """How messages name the function that captures a value, when the root that reaches it
    could not have named it where it is written (a lambda handed over as an argument and called
    by the target): it is not written in the function that defines the root. None when the
    target's own code captures it (itself, a function it defines, or a sibling it calls), which
    the message names by the target."""
    if capturer in walk.roots or not capturer[1]:
        return None
    root = root_of(walk, capturer)
    if root not in walk.roots:
        return None
    rmod = sol.program.modules[root[0]]
    outer = rmod.frame(root[1])  # the function whose code defines the root (0: the module)
    if outer and root[0] == capturer[0] and rmod.within(capturer[1], outer):
        return None
    return function_target(sol, capturer, caller=str(target_of(sol, walk, root)))


def _none() -> Via:
    return Via()


def _before(spawn: Optional[Spawn], module: str, fn: int, node: int) -> bool:
    """Does ``node`` (of function ``fn``) run before ``spawn`` starts its thread, every time:
    earlier in the same function, outside any loop around the spawn?"""
    if spawn is None or spawn.mod.name != module or spawn.spawner != fn:
        return False
    mod = spawn.mod
    if mod.frame(node) != fn or in_loop(mod, spawn.call, spawn.spawner) >= 0:
        return False
    return mod.pos(node) < mod.pos(spawn.call)


def coming_back(sol: Solution, spawns: List[Spawn], classes: List[ThreadClass]) -> List[Diagnostic]:
    """SSC107: NotSend objects a thread created that are used at HOME by the code that handed
    the work over (returned through a future or an await, stored where it reads them), by its
    caller after that call, or by what either calls (``t.join(); print(t.count())``)."""
    out: List[Diagnostic] = []
    seen: set = set()
    for root in home_roots(sol, spawns, classes):
        for use, chain in home_uses(sol, root):
            found = _returned(sol, root, use, chain, seen)
            if found is not None:
                out.append(found)
    return out


def _returned(sol: Solution, root: Root, use: Use, chain: List[Tuple[tuple, int]], seen: set
              ) -> Optional[Diagnostic]:
    atom = use.atom
    if atom.not_send is None or atom.home in (None, HOME):
        return None
    walk = sol.threads.walks.get(atom.home)
    if walk is None or walk is not root.walk and (use.module, use.fn) != (root.mod.name, root.fn):
        return None
    if not chain and (_before(walk.spawn, use.module, use.fn, use.node) or (
            atom.entry is not None and atom.entry.route == "cached"
            and _before(walk.spawn, atom.entry.module, use.fn, atom.entry.node))):
        return None  # used, or taken from the cache, before that thread starts: not its own
    dkey = (atom.site, atom.home, use.module)
    if dkey in seen:
        return None
    seen.add(dkey)
    at = place(sol, use.module, use.node)
    path = at.path
    boundary, started = _thread_of(sol, walk, path)
    back, extra = Back(), []
    if atom.entry is not None and atom.entry.route == "back":
        bmod = sol.program.modules[atom.entry.module]
        back = Back(bmod.line(atom.entry.node))
        extra.append(wording.returned_note(bmod.place(atom.entry.node)))
    extra += home_notes(sol, root, use, chain)
    mod = sol.program.modules[use.module]
    finding = NotSendReturned.Finding(mod.short(use.node), atom.not_send.describe("NotSend", path),
                                      boundary, started, back)
    return finding.at(at, notes(sol, atom.not_send, walk) + tuple(extra))


def _thread_of(sol: Solution, walk: Walk, path: str) -> Tuple[str, str]:
    """How a message names a thread and where it starts: the boundary and its line, or a
    Thread subclass and its first ``start()``."""
    tc = walk.thread_class
    if walk.spawn is not None or tc is None:
        return (walk.spawn.label if walk.spawn is not None else "?"), spawn_at(sol, walk, path)
    starts = thread_starts(sol, tc)
    if not starts:
        return tc.label, spawn_at(sol, walk, path)
    mod, start = starts[0][0], starts[0][2]
    return f"`{tc.qualname.rpartition('.')[2]}`", (f"line {mod.line(start)}" if mod.path == path
                                                     else f"{mod.path}:{mod.line(start)}")


__all__ = ["check", "coming_back", "crossed"]
