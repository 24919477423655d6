"""The checks: each reads the solution and hands its findings to the rules that word them.

``notsend``: NotSend objects used on a thread other than their own (SSC101-SSC107);
``notsync``: NotSync objects and shared state used from two threads at once (SSC201-SSC205);
``markers``: the markers themselves (SSC301-SSC303).
"""
from __future__ import annotations

from typing import List

from ...diagnostics import Diagnostic
from ..solve import Solution
from . import markers, notsend, notsync


def run(solution: Solution) -> List[Diagnostic]:
    out: List[Diagnostic] = []
    out += notsend.check(solution)
    out += notsync.check(solution)
    out += markers.check(solution)
    return out
