"""The one data type that leaves the engine: a finding at a place in a file.

Text is rendered by the rule that owns the code (``Rule.render``); reporters only lay it out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Tuple


class Span(NamedTuple):
    """A stretch of a file: from ``line``:``col`` up to ``end_line``:``end_col`` (exclusive), in
    1-based characters; an end of 0 is not known."""

    path: str
    line: int
    col: int
    end_line: int = 0
    end_col: int = 0


@dataclass(frozen=True)
class Note:
    """A secondary location that explains a finding (rustc's ``note:``): the code from
    ``line``:``col`` up to ``end_line``:``end_col`` (exclusive), in characters, 1-based."""

    path: str
    line: int
    col: int
    message: str
    #: where the pointed-at code ends (exclusive); 0: not known (a reporter guesses from the line)
    end_line: int = 0
    end_col: int = 0

    @classmethod
    def at(cls, where: Span, message: str) -> "Note":
        return cls(where.path, where.line, where.col, message, where.end_line, where.end_col)


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    col: int  # 1-based, as flake8 prints it
    code: str
    message: str
    notes: Tuple[Note, ...] = field(default=(), compare=False)
    help: Optional[str] = field(default=None, compare=False)
    #: where the pointed-at code ends (exclusive, 1-based characters); 0: not known
    end_line: int = field(default=0, compare=False)
    end_col: int = field(default=0, compare=False)

    def sort_key(self) -> Tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.code, self.message)

    def to_json(self) -> list:
        return [self.path, self.line, self.col, self.code, self.message,
                [[n.path, n.line, n.col, n.message, n.end_line, n.end_col] for n in self.notes], self.help,
                self.end_line, self.end_col]

    @classmethod
    def from_json(cls, raw: object) -> "Diagnostic":
        """The diagnostic ``to_json`` wrote; ``ValueError`` for anything of another shape."""
        if not (isinstance(raw, list) and len(raw) == 9):
            raise ValueError("not a diagnostic")
        path, line, col, code, message, notes, help_, end_line, end_col = raw
        if not (isinstance(path, str) and _int(line) and _int(col) and isinstance(code, str)
                and isinstance(message, str) and isinstance(notes, list)
                and (help_ is None or isinstance(help_, str)) and _int(end_line) and _int(end_col)):
            raise ValueError("not a diagnostic")
        out = []
        for n in notes:
            if not (isinstance(n, list) and len(n) == 6 and isinstance(n[0], str) and _int(n[1])
                    and _int(n[2]) and isinstance(n[3], str) and _int(n[4]) and _int(n[5])):
                raise ValueError("not a note")
            out.append(Note(*n))
        return cls(path, line, col, code, message, notes=tuple(out), help=help_, end_line=end_line,
                   end_col=end_col)


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
