"""ANSI styles for the human formats, and the extent of the code a finding points at."""
from __future__ import annotations

import re
from typing import Optional, Protocol, Sequence, Tuple

RESET = "\x1b[0m"
STYLES = {
    "bold": "1", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36",
}


def paint(text: str, *styles: str, color: bool) -> str:
    """``text`` in the given styles when ``color`` is on, else unchanged."""
    if not color or not styles or not text:
        return text
    codes = ";".join(STYLES[s] for s in styles)
    return f"\x1b[{codes}m{text}{RESET}"


#: what must never reach a terminal or a log raw: C0 and C1 controls, DEL, line and paragraph
#: separators, the bidirectional controls of "Trojan Source", and lone surrogates (the bytes of a
#: file name that is not UTF-8)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_UNSAFE_BUT_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                             "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, tabs: bool = False) -> str:
    """``text`` with every character that could move the cursor, end a line, recolour a terminal
    or reorder what is shown written as an escape (``\\n``, ``\\x1b``, ``\\u202e``); a byte of an
    undecodable file name shows as ``\\xff``. ``tabs``: keep tabs (source lines expand them)."""
    return (_UNSAFE_BUT_TAB if tabs else _UNSAFE).sub(_escape, text)


def _escape(match: "re.Match[str]") -> str:
    char = match.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def level_style(level: str) -> Sequence[str]:
    return ("bold", "yellow") if level == "warning" else ("bold", "red")


_CLOSE = {"(": ")", "[": "]", "{": "}"}
_NAMED = re.compile(r"`([^`\n]+)`")


class Located(Protocol):
    """A finding or a note: where it points, and where that code ends when the engine knew."""

    @property
    def line(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_col(self) -> int: ...
    @property
    def message(self) -> str: ...


def end_of(where: Located, lines: Sequence[str]) -> Optional[Tuple[int, int]]:
    """Where the code ``where`` points at ends (line, exclusive 1-based column): the engine's
    span when it gave one that fits ``lines``, else guessed from the start's line (``extent``);
    None when the file's lines are not known or do not have the start."""
    line, col = where.line, where.col
    if not 0 < line <= len(lines):
        return None
    end_line, end_col = where.end_line, where.end_col
    if line < end_line <= len(lines) and 0 < end_col <= len(lines[end_line - 1]) + 1:
        return end_line, end_col
    if end_line == line and col < end_col <= len(lines[line - 1]) + 1:
        return end_line, end_col
    return line, col + extent(lines[line - 1], col, where.message)


def extent(text: str, col: int, message: str = "") -> int:
    """How many characters, from 1-based ``col`` of the line ``text``, the pointed-at code spans.

    The value the message names first (`` `conn` ``) when the line has it there; else a name, a
    bracketed expression, a string literal or a comment on the same line; otherwise one
    character."""
    start = col - 1
    if start < 0 or start >= len(text):
        return 1
    named = _NAMED.match(message)
    if named and text.startswith(named.group(1), start):
        return len(named.group(1))
    ch = text[start]
    if ch == "#":  # a comment (a `noqa`): to the end of the line
        return max(len(text.rstrip()) - start, 1)
    if ch.isidentifier():
        return _name_end(text, start) - start
    if ch in _CLOSE:
        depth, quote = 0, ""
        for i in range(start, len(text)):
            c = text[i]
            if quote:
                quote = "" if c == quote and text[i - 1] != "\\" else quote
            elif c in "'\"":
                quote = c
            elif c in _CLOSE:
                depth += 1
            elif c in _CLOSE.values():
                depth -= 1
                if depth == 0:
                    return i - start + 1
        return 1
    if ch in "'\"":
        end = text.find(ch, start + 1)
        return end - start + 1 if end > start else 1
    return 1


def _name_end(text: str, start: int) -> int:
    end = start + 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return end


__all__ = ["Located", "end_of", "extent", "level_style", "paint", "printable"]
