"""The one data type that leaves the engine: a finding at a place in a file.

Text is rendered by the rule that owns the code (``Rule.render``); reporters only lay it out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple


@dataclass(frozen=True)
class Note:
    """A secondary location that explains a finding (rustc's ``note:``)."""

    path: str
    line: int
    col: int
    message: str


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    col: int  # 1-based, as flake8 prints it
    code: str
    message: str
    notes: Tuple[Note, ...] = field(default=(), compare=False)
    help: Optional[str] = field(default=None, compare=False)

    def sort_key(self) -> Tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.code, self.message)

    def to_json(self) -> list:
        return [self.path, self.line, self.col, self.code, self.message,
                [[n.path, n.line, n.col, n.message] for n in self.notes], self.help]

    @classmethod
    def from_json(cls, raw: object) -> "Diagnostic":
        """The diagnostic ``to_json`` wrote; ``ValueError`` for anything of another shape."""
        if not (isinstance(raw, list) and len(raw) == 7):
            raise ValueError("not a diagnostic")
        path, line, col, code, message, notes, help_ = raw
        if not (isinstance(path, str) and _int(line) and _int(col) and isinstance(code, str)
                and isinstance(message, str) and isinstance(notes, list)
                and (help_ is None or isinstance(help_, str))):
            raise ValueError("not a diagnostic")
        out = []
        for n in notes:
            if not (isinstance(n, list) and len(n) == 4 and isinstance(n[0], str) and _int(n[1])
                    and _int(n[2]) and isinstance(n[3], str)):
                raise ValueError("not a note")
            out.append(Note(*n))
        return cls(path, line, col, code, message, notes=tuple(out), help=help_)


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
