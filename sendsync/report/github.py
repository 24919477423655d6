"""GitHub Actions workflow commands: one ``::error`` (or ``::warning``) annotation per finding.

    ::error title=SSC102 notsend-passed,file=app/db.py,line=18,col=47,endColumn=49::SSC102 ...

GitHub shows each as an annotation on the pull request's diff. Escaping follows the runner's
rules for workflow commands (``%``, CR, LF in the message; also ``:`` and ``,`` in properties).
"""
from __future__ import annotations

import re
from typing import Iterator, Sequence

from ..diagnostics import Diagnostic
from . import Context, help_of, level, rule_name
from .style import end_of, printable


def render(diagnostics: Sequence[Diagnostic], context: Context = Context()) -> Iterator[str]:
    for d in diagnostics:
        title = f"{d.code} {rule_name(d.code)}".strip()
        props = [f"title={_property(title)}",
                 f"file={_property(printable(d.path.replace(chr(92), '/')))}",
                 f"line={d.line}", f"col={d.col}"]
        end = end_of(d, context.lines(d.path))
        if end is not None and end[0] == d.line:
            props.append(f"endColumn={end[1]}")
        elif end is not None:  # GitHub takes columns only within one line
            props = props[:-1] + [f"endLine={end[0]}"]
        message = f"{d.code} {_lines(d.message)}"
        for note in d.notes:
            message += f"\nnote: {printable(note.path)}:{note.line}:{note.col}: {_lines(note.message)}"
        fix = help_of(d)
        if fix:
            message += f"\nhelp: {_lines(fix)}"
        yield f"::{level(d.code)} {','.join(props)}::{_data(message)}"


def _lines(text: str) -> str:
    """Text whose own line breaks stay line breaks of the annotation (``_data`` encodes them),
    and nothing else gets through raw."""
    return "".join(part if part in ("\r\n", "\r", "\n") else printable(part)
                   for part in re.split(r"(\r\n|\r|\n)", text))


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


__all__ = ["render"]
