from __future__ import annotations

from typing import List, Sequence

from ..diagnostics import Diagnostic


def check_project(sources: Sequence["object"]) -> List[Diagnostic]:  # placeholder until the engine lands
    return []
