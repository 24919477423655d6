"""What the deep pass hands back, and the findings the tool itself makes (SSC998, SSC999).

Free of libcst, so that a run the cache answers entirely never imports it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Set, Tuple

from ..diagnostics import Diagnostic
from ..rules import REGISTRY


@dataclass
class Analysis:
    diagnostics: List[Diagnostic]
    #: paths the deep pass checked, and paths it parsed with libcst to do so (its inputs)
    checked: List[str] = field(default_factory=list)
    loaded: List[str] = field(default_factory=list)
    #: per checked path: its findings (wherever they are reported) and the paths it read
    by_module: Dict[str, List[Diagnostic]] = field(default_factory=dict)
    deps: Dict[str, List[str]] = field(default_factory=dict)


def dedupe(found: List[Diagnostic]) -> List[Diagnostic]:
    """``found`` without repeats of one (path, line, column, code), first kept."""
    seen: Set[Tuple[str, int, int, str]] = set()
    unique = []
    for d in found:
        key = (d.path, d.line, d.col, d.code)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def tool_finding(path: str, line: int, col: int, code: str, reason: str) -> Diagnostic:
    """An SSC998 / SSC999 finding with ``reason`` in its rule's message."""
    return Diagnostic(path, line, col, code, REGISTRY[code].render(reason=reason))
