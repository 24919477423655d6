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
