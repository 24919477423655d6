"""SSC3xx: the markers themselves."""
from __future__ import annotations

from typing import List

from ...diagnostics import Diagnostic
from ..solve import Solution


def check(sol: Solution) -> List[Diagnostic]:
    return []
