"""Renderers: findings and rule documentation laid out as text. Nothing here decides anything."""
from __future__ import annotations

from typing import Callable, Dict, Iterable, Iterator

from ..diagnostics import Diagnostic
from . import text

#: ``--format`` name -> function yielding output lines for the sorted findings.
FORMATS: Dict[str, Callable[[Iterable[Diagnostic]], Iterator[str]]] = {
    "text": text.render,
}

__all__ = ["FORMATS"]
