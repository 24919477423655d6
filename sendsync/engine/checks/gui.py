"""SSC108: a GUI object created by code that runs on a thread other than the GUI thread.

GUI objects (``TypeFact.gui_thread``: Qt, wxPython, GTK and Kivy widgets) belong to the thread
that runs the application's main loop from the start: making one on a worker is the defect, even
if it never leaves that thread. Each creation site is reported once, for the first thread (in
the order of the module's spawns) that runs it.

A function that the GUI thread runs too, and that creates the object only under a condition
(``if window.uid == "master":``), is left alone: the condition may be what keeps the creation on
the GUI thread, and the analysis does not follow values into conditions (precision first).
"""
from __future__ import annotations

from typing import List, Optional, Set, Tuple

from ...diagnostics import Diagnostic
from ...rules.notsend import GuiObjectCreatedOffThread
from ...rules.wording import Target
from ..program import Module
from ..solve import Solution
from ..threads import Walk
from ..values import Inst
from .common import display, notes, place, spawn_at, target_of


def check(sol: Solution, walks: List[Walk]) -> List[Diagnostic]:
    out: List[Diagnostic] = []
    seen: Set[Tuple[str, int]] = set()
    for walk in walks:
        for key in sorted(walk.funcs):
            mod = sol.program.modules[key[0]]
            for nid in mod.body_nodes(key[1]):
                if mod.nodes[nid][0] != "Call" or (mod.name, nid) in seen:
                    continue
                label = _gui_label(sol, [a for a in sol.ev.value(mod, nid, walk.ctx).insts
                                         if a.site == (mod.name, nid)])
                if label is None:
                    continue
                if key[1] and _conditional(mod, key[1], nid) and sol.threads.home_reachable(mod, key[1]):
                    continue
                seen.add((mod.name, nid))
                out.append(_report(sol, walk, key, nid, label))
    return out


def _conditional(mod: Module, fn: int, nid: int) -> bool:
    """Does ``nid`` run in function ``fn`` only under a condition: inside an ``if``, a
    conditional expression, ``and``/``or`` or a ``match``, or after an ``if`` that returns or
    raises (``if not master: return``)?"""
    top = nid
    for up in mod.ancestors(nid):
        if up == fn:
            break
        if mod.nodes[up][0] in ("If", "IfX", "Bool", "Match"):
            return True
        top = up
    body = mod.nodes[fn][5]
    for stmt in body:
        if stmt == top:
            return False
        node = mod.nodes[stmt]
        if node[0] == "If" and any(mod.nodes[s][0] in ("Ret", "Raise") for s in (*node[2], *node[3])):
            return True
    return False


def _gui_label(sol: Solution, made: List[Inst]) -> Optional[str]:
    """The label of the GUI type among what a call creates, if it creates a GUI object."""
    for atom in made:
        for t in sorted(atom.types):
            fact = sol.knowledge.type_fact(t)
            if fact is not None and fact.gui_thread:
                return fact.label
    return None


def _report(sol: Solution, walk: Walk, key: Tuple[str, int], nid: int, label: str) -> Diagnostic:
    mod = sol.program.modules[key[0]]
    at = place(sol, mod.name, nid)
    path = at.path
    root = target_of(sol, walk, key)
    where = root if key in walk.roots or key[1] == 0 else Target(display(sol, key))
    reached = "" if where == root else f", reached from {root}"
    started = (f"{walk.spawn.label} at {spawn_at(sol, walk, path)}" if walk.spawn is not None
               else f"started by {spawn_at(sol, walk, path)}")
    finding = GuiObjectCreatedOffThread.Finding(mod.short(nid), label, where, reached, started)
    return finding.at(at, notes(sol, None, walk, walk.chain(key)))


__all__ = ["check"]
