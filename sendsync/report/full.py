"""rustc-like output: the message, the source line with carets under the value, the notes
(where the value came from, where the boundary is) and the usual fix.

    error[SSC102]: `db` (sqlite3 connection, NotSend: ...) is passed to ThreadPoolExecutor.submit
      --> examples/reports/report.py:18:47
       |
    18 |         futures = {t: pool.submit(count_rows, db, t) for t in tables}
       |                                               ^^ notsend-passed
       |
       = help: open the connection on the thread that uses it
"""
from __future__ import annotations

from typing import Iterator, Sequence, Tuple

from ..diagnostics import Diagnostic
from . import Context, help_of, level, rule_name
from .style import Located, end_of, level_style, paint, printable

TAB = 4


def render(diagnostics: Sequence[Diagnostic], context: Context = Context()) -> Iterator[str]:
    for d in diagnostics:
        yield from _diagnostic(d, context)
        yield ""


def _diagnostic(d: Diagnostic, ctx: Context) -> Iterator[str]:
    color = ctx.color
    severity = level(d.code)
    first, *rest = [printable(line) for line in d.message.splitlines()] or [""]
    head = paint(f"{severity}[{d.code}]", *level_style(severity), color=color)
    yield f"{head}{paint(': ' + first, 'bold', color=color)}"
    yield from rest
    places = [(d.line, d.path)] + [(n.line, n.path) for n in d.notes]
    width = max(len(str(line)) for line, _ in places)
    pad = " " * width
    bar = paint(f"{pad} |", "bold", "blue", color=color)
    yield from _snippet(d.path, d, ctx, width, "^", rule_name(d.code), level_style(severity))
    for note in d.notes:
        yield bar
        title = paint(": " + printable(note.message), "bold", color=color)
        yield f"{paint('note', 'bold', 'green', color=color)}{title}"
        yield from _snippet(note.path, note, ctx, width, "-", "", ("bold", "blue"))
    fix = help_of(d)
    if fix:
        yield bar
        equals = paint(pad + " =", "bold", "blue", color=color)
        yield f"{equals} {paint('help', 'bold', 'cyan', color=color)}: {printable(fix)}"


def _snippet(path: str, where: Located, ctx: Context, width: int, mark: str, label: str,
             style: Sequence[str]) -> Iterator[str]:
    """The location line, the source line and the marks under the code ``where`` points at (to
    the end of the line when that code goes on over more lines)."""
    color = ctx.color
    pad = " " * width
    line, col = where.line, where.col
    arrow = paint(f"{pad}-->", "bold", "blue", color=color)
    yield f"{arrow} {printable(path)}:{line}:{col}"
    lines = ctx.lines(path)
    end = end_of(where, lines)
    if end is None:
        return
    text = lines[line - 1]
    stop = end[1] if end[0] == line else len(text.rstrip()) + 1
    shown, start, length = _expand(text, col, stop)
    bar = paint(f"{pad} |", "bold", "blue", color=color)
    number = paint(f"{line:>{width}} |", "bold", "blue", color=color)
    yield bar
    yield f"{number} {shown}".rstrip()
    carets = paint(mark * length + (f" {label}" if label else ""), *style, color=color)
    yield f"{bar} {' ' * start}{carets}"


def _expand(text: str, col: int, stop: int) -> Tuple[str, int, int]:
    """The line as shown (control characters escaped, tabs expanded), and the start and length
    of the carets under columns ``col`` up to ``stop`` (exclusive) in it."""
    start = max(col - 1, 0)
    length = max(stop - col, 1)
    before = printable(text[:start], tabs=True).expandtabs(TAB)
    through = printable(text[:start + length], tabs=True).expandtabs(TAB)
    return printable(text, tabs=True).expandtabs(TAB), len(before), max(len(through) - len(before), 1)


__all__ = ["render"]
