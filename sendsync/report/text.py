"""flake8-style text: ``path:line:col: CODE message``, one finding per line."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic
from ..rules import REGISTRY


def render(diagnostics: Iterable[Diagnostic]) -> Iterator[str]:
    for d in diagnostics:
        yield f"{d.path}:{d.line}:{d.col}: {d.code} {_one_line(d.message)}"


def statistics(diagnostics: Iterable[Diagnostic]) -> Iterator[str]:
    """``count code rule-name`` per code, in code order (flake8's ``--statistics``)."""
    counts = Counter(d.code for d in diagnostics)
    for code in sorted(counts):
        rule = REGISTRY.get(code)
        name = rule.name if rule is not None else ""
        yield f"{counts[code]:<5} {code} {name}".rstrip()


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


__all__ = ["render", "statistics"]
