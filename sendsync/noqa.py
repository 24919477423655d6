"""``# noqa`` suppression, as flake8 does it, on the line a finding is reported on.

``# noqa`` alone suppresses every finding on its line; ``# noqa: SSC101,SSC2`` only the codes that
start with one of the listed codes. Only a real comment counts, not text inside a string.
"""
from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence

from .diagnostics import Diagnostic

NOQA = re.compile(
    r"#\s*noqa\b(?:\s*:\s*(?P<codes>[a-z]+[0-9]+(?:[,\s]+[a-z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_CODE = re.compile(r"[a-z]+[0-9]+", re.IGNORECASE)
_NEWLINE = re.compile(r"\r\n|\r|\n")

#: What a line's ``noqa`` suppresses: ``None`` means everything, else codes (or code prefixes).
Suppression = Optional[FrozenSet[str]]


def apply_noqa(diagnostics: Sequence[Diagnostic], data: bytes) -> List[Diagnostic]:
    """The findings of one file (whose bytes are ``data``) that no ``noqa`` comment suppresses."""
    if not diagnostics or not re.search(rb"(?i)noqa", data):
        return list(diagnostics)
    rules = noqa_lines(data, {d.line for d in diagnostics})
    return [d for d in diagnostics if not suppressed(d.code, rules, d.line)]


def suppressed(code: str, rules: Dict[int, Suppression], line: int) -> bool:
    if line not in rules:
        return False
    codes = rules[line]
    return codes is None or any(code.upper().startswith(c) for c in codes)


def noqa_lines(data: bytes, lines: Iterable[int]) -> Dict[int, Suppression]:
    """For each of ``lines`` (1-based) that carries a ``noqa`` comment, what it suppresses."""
    text = _decode(data)
    physical = _NEWLINE.split(text)
    wanted = {n for n in lines if 0 < n <= len(physical) and NOQA.search(physical[n - 1])}
    if not wanted:
        return {}
    comments = _comments(physical)
    if comments is None:  # not tokenizable: fall back to the text of the line
        comments = {n: [physical[n - 1]] for n in wanted}
    result: Dict[int, Suppression] = {}
    for n in sorted(wanted):
        for comment in comments.get(n, ()):
            match = NOQA.search(comment)
            if match:
                result[n] = _parse(match)
                break
    return result


def _parse(match: "re.Match[str]") -> Suppression:
    codes = match.group("codes")
    if codes is None:
        return None
    return frozenset(c.upper() for c in _CODE.findall(codes))


def _comments(physical: List[str]) -> Optional[Dict[int, List[str]]]:
    lines = iter([line + "\n" for line in physical])
    found: Dict[int, List[str]] = {}
    try:
        for token in tokenize.generate_tokens(lambda: next(lines, "")):
            if token.type == tokenize.COMMENT:
                found.setdefault(token.start[0], []).append(token.string)
    except (tokenize.TokenError, SyntaxError):
        return None
    return found


def _decode(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


__all__ = ["NOQA", "apply_noqa", "noqa_lines", "suppressed"]
