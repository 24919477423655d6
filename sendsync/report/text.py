"""flake8-style text: ``path:line:col: CODE message``, one finding per line."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator, Sequence

from ..diagnostics import Diagnostic
from . import Context, level, rule_name
from .style import level_style, paint, printable


def render(diagnostics: Sequence[Diagnostic], context: Context = Context()) -> Iterator[str]:
    color = context.color
    colon = paint(":", "cyan", color=color)
    for d in diagnostics:
        where = f"{paint(printable(d.path), 'bold', color=color)}{colon}{d.line}{colon}{d.col}{colon}"
        code = paint(d.code, *level_style(level(d.code)), color=color)
        yield f"{where} {code} {printable(one_line(d.message))}"


def statistics(diagnostics: Iterable[Diagnostic]) -> Iterator[str]:
    """``count code rule-name`` per code, in code order (flake8's ``--statistics``)."""
    counts = Counter(d.code for d in diagnostics)
    for code in sorted(counts):
        yield f"{counts[code]:<5} {code} {rule_name(code)}".rstrip()


def one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


__all__ = ["one_line", "render", "statistics"]
