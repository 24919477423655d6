"""SSC2xx: NotSync objects and shared state used from two threads at once."""
from __future__ import annotations

from typing import List

from ...diagnostics import Diagnostic
from ..solve import Solution


def check(sol: Solution) -> List[Diagnostic]:
    return []
