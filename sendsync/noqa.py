"""``# noqa`` suppression, as flake8 does it, on the line a finding is reported on.

``# noqa`` alone suppresses every finding on its line; ``# noqa: SSC101,SSC2`` only the codes that
start with one of the listed codes. Only a real comment counts, not text inside a string.

``# sendsync: noqa`` on a line of its own exempts the whole file (ruff's ``# ruff: noqa``);
``# sendsync: noqa: SSC2`` only the codes listed, in the whole file.

``unused`` finds the sendsync codes a ``noqa`` names that suppress nothing (``SSC901``, off by
default, like ruff's RUF100). A bare ``# noqa`` and other tools' codes are never reported: they
may be there for flake8 or another linter.
"""
from __future__ import annotations

import re
import tokenize
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .diagnostics import Diagnostic
from .engine.sources import decode, source_lines
from .rules.base import PREFIX

NOQA = re.compile(
    r"#\s*noqa\b(?:\s*:\s*(?P<codes>[a-z]+[0-9]+(?:[,\s]+[a-z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_CODE = re.compile(r"[a-z]+[0-9]+", re.IGNORECASE)
FILE_NOQA = re.compile(
    r"#\s*sendsync\s*:\s*noqa\b(?:\s*:\s*(?P<codes>[a-z]+[0-9]+(?:[,\s]+[a-z]+[0-9]+)*))?\s*$",
    re.IGNORECASE,
)

#: What a line's ``noqa`` suppresses: ``None`` means everything, else codes (or code prefixes).
Suppression = Optional[FrozenSet[str]]


def apply_noqa(diagnostics: Sequence[Diagnostic], data: bytes) -> List[Diagnostic]:
    """The findings of one file (whose bytes are ``data``) that no ``noqa`` comment suppresses."""
    if not diagnostics or not re.search(rb"(?i)noqa", data):
        return list(diagnostics)
    rules = noqa_lines(data, {d.line for d in diagnostics})
    return [d for d in diagnostics if not suppressed(d.code, rules, d.line)]


def file_exemption(data: bytes) -> FrozenSet[str]:
    """The code prefixes a ``# sendsync: noqa`` comment on a line of its own exempts the whole
    file from (``{""}``, which every code starts with, for the bare form); empty when there is
    none. Only real comments count, not text in a string."""
    if not re.search(rb"(?i)sendsync\s*:\s*noqa", data):
        return frozenset()
    physical = source_lines(decode(data))
    exempt: FrozenSet[str] = frozenset()
    for n, found in _comment_tokens(physical).items():
        for col, comment in found:
            match = FILE_NOQA.match(comment)
            if match is None or physical[n - 1][:col].strip():
                continue
            codes = match.group("codes")
            listed = frozenset(c.upper() for c in _CODE.findall(codes)) if codes else {""}
            exempt = exempt | listed
    return exempt


def suppressed(code: str, rules: Dict[int, Suppression], line: int) -> bool:
    if line not in rules:
        return False
    codes = rules[line]
    return codes is None or any(code.upper().startswith(c) for c in codes)


def noqa_lines(data: bytes, lines: Iterable[int]) -> Dict[int, Suppression]:
    """For each of ``lines`` (1-based) that carries a ``noqa`` comment, what it suppresses."""
    text = decode(data)
    physical = source_lines(text)
    wanted = {n for n in lines if 0 < n <= len(physical) and NOQA.search(physical[n - 1])}
    if not wanted:
        return {}
    comments = _comments(physical)
    result: Dict[int, Suppression] = {}
    for n in sorted(wanted):
        for comment in comments.get(n, ()):
            match = NOQA.search(comment)
            if match:
                result[n] = _parse(match)
                break
    return result


@dataclass(frozen=True)
class Directive:
    """One ``noqa`` comment: where its ``noqa`` starts (1-based) and the codes it lists."""

    line: int
    col: int
    codes: Optional[Tuple[str, ...]]  # None: a bare comment, without codes


def directives(data: bytes) -> List[Directive]:
    """Every ``noqa`` comment of a file, in line order (only real comments, not strings)."""
    if not re.search(rb"(?i)noqa", data):
        return []
    physical = source_lines(decode(data))
    comments = _comment_tokens(physical)
    found = []
    for n in sorted(comments):
        for start, comment in comments[n]:
            match = NOQA.search(comment)
            if match:
                col = start + match.start() + 1
                codes = match.group("codes")
                listed = tuple(c.upper() for c in _CODE.findall(codes)) if codes else None
                found.append(Directive(n, max(col, 1), listed))
                break
    return found


def unused(
    diagnostics: Sequence[Diagnostic], data: bytes, enabled: Callable[[str], bool],
    prefix: str = PREFIX,
) -> List[Tuple[Directive, Tuple[str, ...]]]:
    """``noqa`` comments naming ``prefix`` codes that suppress none of ``diagnostics`` (the file's
    findings before ``noqa``), with those codes. ``enabled(code)`` says whether a listed code
    could have been reported in this run: a code that is switched off is not "unused"."""
    out = []
    for directive in directives(data):
        if directive.codes is None:
            continue
        on_line = [d.code.upper() for d in diagnostics if d.line == directive.line]
        idle = tuple(
            code for code in directive.codes
            if code.startswith(prefix) and enabled(code)
            and not any(found.startswith(code) for found in on_line)
        )
        if idle:
            out.append((directive, idle))
    return out


def _parse(match: "re.Match[str]") -> Suppression:
    codes = match.group("codes")
    if codes is None:
        return None
    return frozenset(c.upper() for c in _CODE.findall(codes))


def _comments(physical: List[str]) -> Dict[int, List[str]]:
    return {n: [text for _, text in found] for n, found in _comment_tokens(physical).items()}


def _comment_tokens(physical: List[str]) -> Dict[int, List[Tuple[int, str]]]:
    """line -> (0-based column, text) of each comment. A file that stops tokenizing (an unclosed
    bracket or string) has the comments before that point only: text after it cannot be told
    from a string, and `"# noqa"` inside one must not hide the file's syntax error."""
    lines = iter([line + "\n" for line in physical])
    found: Dict[int, List[Tuple[int, str]]] = {}
    try:
        for token in tokenize.generate_tokens(lambda: next(lines, "")):
            if token.type == tokenize.ERRORTOKEN:  # an unterminated 'string: the rest is not code
                break
            if token.type == tokenize.COMMENT:
                found.setdefault(token.start[0], []).append((token.start[1], token.string))
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


__all__ = ["FILE_NOQA", "NOQA", "Directive", "apply_noqa", "file_exemption", "directives", "noqa_lines", "suppressed", "unused"]
