"""The checks: each reads the solution and hands its findings to the rules that word them.

``notsend``: NotSend objects used on a thread other than their own (SSC101-SSC107);
``gui``: GUI objects created on a thread other than the GUI thread (SSC108);
``notsync``: NotSync objects and shared state used from two threads at once (SSC201-SSC205);
``markers``: the markers themselves (SSC301-SSC303).

The unit is a module: its spawn sites, its Thread subclasses, its markers. A failure while
checking one module is that module's SSC998 finding; the others are checked as usual.
"""
from __future__ import annotations

from typing import List

from ...diagnostics import Diagnostic
from ..program import Module
from ..solve import Solution
from . import gui, markers, notsend, notsync


def check_module(sol: Solution, mod: Module) -> List[Diagnostic]:
    """Every finding that starts in ``mod``: its threads' uses (wherever they are reported),
    what comes back to it, its markers."""
    threads = sol.threads
    spawns = [s for s in threads.spawns if s.mod is mod and s.ctx in threads.walks]
    classes = [c for c in threads.classes if c.mod is mod and c.ctx in threads.walks]
    walks = [threads.walks[s.ctx] for s in spawns] + [threads.walks[c.ctx] for c in classes]
    out: List[Diagnostic] = []
    out += notsend.check(sol, walks)
    out += notsend.coming_back(sol, spawns, classes)
    out += gui.check(sol, walks)
    out += notsync.check(sol, spawns, classes)
    out += markers.check(sol, mod)
    return out
