"""Edits to ``noqa`` comments, as ``--fix`` and ``--add-noqa`` make them: bytes in, bytes out.

Only the lines edited change; every other byte of the file (its encoding, a BOM, its line
endings, trailing whitespace elsewhere) stays as it was. No I/O here: the command line reads and
writes the files.

- ``remove_codes``: take the codes that suppress nothing (``SSC901``) out of a ``noqa`` comment,
  and the comment itself when no code is left.
- ``add_codes``: put ``# noqa: CODE`` on a line, merged into the ``noqa`` comment already there.
  A line that ends inside a string or continues with a backslash cannot take a comment: it is
  left alone and reported back.
"""
from __future__ import annotations

import re
import tokenize
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from .engine.sources import source_encoding
from .noqa import NOQA

_CODE = re.compile(r"[a-z]+[0-9]+", re.IGNORECASE)
_LINES = re.compile(r"(\r\n|\r|\n)")


class _Source:
    """A file split into lines and their endings, and what tokenizing it says of each line."""

    def __init__(self, data: bytes) -> None:
        self.encoding, self.text = _decode(data)
        parts = _LINES.split(self.text) if self.text is not None else []
        self.lines: List[str] = parts[0::2]
        self.ends: List[str] = parts[1::2] + [""]
        #: line -> 0-based column of its first comment
        self.comments: Dict[int, int] = {}
        #: lines whose end lies inside a token (a string running on) or that end in ``\``
        self.open: set = set()
        self.tokenized = self.text is not None and self._tokenize()

    def _tokenize(self) -> bool:
        lines = iter([line + "\n" for line in self.lines])
        try:
            for token in tokenize.generate_tokens(lambda: next(lines, "")):
                if token.type == tokenize.ERRORTOKEN:
                    return False
                if token.type == tokenize.COMMENT:
                    self.comments.setdefault(token.start[0], token.start[1])
                elif token.type not in (tokenize.NL, tokenize.NEWLINE):
                    self.open.update(range(token.start[0], token.end[0]))
        except (tokenize.TokenError, SyntaxError):
            return False
        for n, line in enumerate(self.lines, 1):
            if n not in self.comments and line.rstrip().endswith("\\"):
                self.open.add(n)
        return True

    def data(self) -> bytes:
        text = "".join(line + end for line, end in zip(self.lines, self.ends))
        return text.encode(self.encoding or "utf-8")

    def noqa(self, n: int) -> "Optional[re.Match[str]]":
        """The ``noqa`` comment on line ``n`` (1-based), if it has one."""
        start = self.comments.get(n)
        return NOQA.search(self.lines[n - 1], start) if start is not None else None


def remove_codes(data: bytes, idle: Mapping[int, Sequence[str]]) -> Tuple[bytes, List[int]]:
    """``data`` without the ``idle`` codes of the ``noqa`` comment of each line (1-based), and
    the lines changed. A comment left with no code goes; text after it stays a comment."""
    source = _Source(data)
    if not source.tokenized:
        return data, []
    changed: List[int] = []
    for n, codes in idle.items():
        match = source.noqa(n) if 0 < n <= len(source.lines) else None
        if match is None or match.group("codes") is None:
            continue
        drop = {c.upper() for c in codes}
        old = source.lines[n - 1]
        listed = _CODE.findall(match.group("codes"))
        left = [c for c in listed if c.upper() not in drop]
        if len(left) == len(listed):
            continue
        if left:
            joiner = ", " if "," in match.group("codes") else " "
            new = old[:match.start("codes")] + joiner.join(left) + old[match.end("codes"):]
        else:
            before, after = old[:match.start()], old[match.end():]
            if match.start() == source.comments[n] and after.strip():
                new = before + "#" + after  # the rest of the comment stays a comment
            else:
                new = before.rstrip() + (" " + after.lstrip() if after.strip() else "")
        source.lines[n - 1] = new
        changed.append(n)
    return (source.data(), changed) if changed else (data, [])


def add_codes(data: bytes, wanted: Mapping[int, Sequence[str]]) -> Tuple[bytes, List[int]]:
    """``data`` with ``# noqa: CODE`` for each code on each line (1-based), merged into a
    ``noqa`` comment already there, and the lines that could not take one (inside a string, a
    line continued with ``\\``, a file that does not tokenize)."""
    source = _Source(data)
    if not source.tokenized:
        return data, sorted(wanted)
    skipped: List[int] = []
    changed = False
    for n, codes in sorted(wanted.items()):
        if not 0 < n <= len(source.lines) or n in source.open:
            skipped.append(n)
            continue
        old = source.lines[n - 1]
        match = source.noqa(n)
        if match is not None and match.group("codes") is None:
            continue  # a bare noqa suppresses everything already
        have = [c.upper() for c in _CODE.findall(match.group("codes"))] if match else []
        new_codes = [c for c in dict.fromkeys(codes) if not any(c.startswith(h) for h in have)]
        if not new_codes:
            continue
        if match is not None:
            end = match.end("codes")
            source.lines[n - 1] = old[:end] + "".join(f", {c}" for c in new_codes) + old[end:]
        else:
            source.lines[n - 1] = old.rstrip() + f"  # noqa: {', '.join(new_codes)}"
        changed = True
    return (source.data() if changed else data), skipped


def _decode(data: bytes) -> Tuple[Optional[str], Optional[str]]:
    """The encoding and text of a file, or ``(None, None)`` when it does not decode cleanly
    (it is then never edited: its bytes could not be written back the same)."""
    try:
        encoding = source_encoding(data)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None, None
    if text.encode(encoding) != data:
        return None, None
    return encoding, text


__all__ = ["add_codes", "remove_codes"]
