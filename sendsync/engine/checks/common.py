"""What the checks share: where a finding goes, what a function is called, the notes."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from ...diagnostics import Note, Span
from ...rules import wording
from ...rules.wording import Target, Via
from ..effects import Use
from ..solve import Solution
from ..flow import assigned_name, calls_on
from ..program import Module
from ..threads import FuncKey, ThreadClass, Walk
from ..values import Entry, Trait


def display(sol: Solution, key: FuncKey) -> str:
    mod = sol.program.modules[key[0]]
    return sol.ev.display(mod, key[1]) if key[1] else "<module>"


def target_of(sol: Solution, walk: Walk, at: Optional[FuncKey] = None) -> Target:
    """The callable a thread runs, as messages name it. A spawn may run several (a helper's
    callers' functions): ``at``, the function a finding is in, picks the root its calls start
    from."""
    if walk.thread_class is not None:
        return Target(f"{walk.thread_class.qualname.rpartition('.')[2]}.run")
    if not walk.roots:
        spawn = walk.spawn
        return Target(spawn.mod.short(spawn.func) if spawn is not None else "?")
    chain = walk.chain(at) if at is not None and at not in walk.roots else []
    root = chain[0][0] if chain else at
    key = root if root in walk.roots else walk.roots[0]
    mod = sol.program.modules[key[0]]
    node = mod.nodes[key[1]]
    return Target("" if node[0] == "Lam" else sol.ev.display(mod, key[1]))


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
        name = walk.thread_class.qualname.rpartition(".")[2] if walk.thread_class else "?"
        return f"`{name}.start()`"
    return f"line {spawn.line}" if spawn.mod.path == here else f"{spawn.mod.path}:{spawn.line}"


def notes(sol: Solution, trait: Optional[Trait], walk: Optional[Walk], chain: Sequence[Tuple[FuncKey, int]] = ()
          ) -> Tuple[Note, ...]:
    out: List[Note] = list(wording.origin_notes(trait, lambda p, l: column(sol, p, l)))
    if walk is not None and walk.spawn is not None:
        out.append(wording.handover_note(place(sol, walk.spawn.mod.name, walk.spawn.call), walk.spawn.label))
    elif walk is not None and walk.thread_class is not None:
        starts = thread_starts(sol, walk.thread_class)
        if starts:
            mod, _, start, _ = starts[0]
            out.append(wording.started_here(mod.place(start), task=False))
    for (caller, call), callee in zip(chain, [c for c, _ in chain[1:]] + [None]):
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
    for mod, nid, _ in sol.threads.references(name):
        parent = mod.parent(nid)
        if parent < 0 or mod.nodes[parent][0] != "Call" or mod.nodes[parent][1] != nid:
            continue
        call = parent
        frame = mod.frame(call)
        if frame and not sol.threads.home_reachable(mod, frame):
            continue
        var = assigned_name(mod, call)
        starts = calls_on(mod, frame, var, ("start",)) if var else []
        if not starts:
            continue
        start = starts[0]
        joins = [j for j in calls_on(mod, frame, var, ("join",)) if mod.pos(j) > mod.pos(start)
                 and not mod.nodes[j][2]] if var else []
        out.append((mod, call, start, joins[0] if joins else -1))
    return out


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


__all__ = ["display", "entry_frame", "first", "notes", "place", "spawn_at", "target_of", "thread_starts", "through", "via"]
