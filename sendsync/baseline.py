"""A baseline: the findings a legacy code base already has, so that only new ones fail a check.

A finding is recognised by its *fingerprint*: its file (relative to the baseline file's
directory), code, message with line numbers blanked out and the files it names (``marked NotSend
at toy/camera.py:4``, relative to the current directory) made relative to the baseline file's
directory too, and the text of its source line without indentation. So the same finding has the
same fingerprint from any directory and whatever form the paths were given in. Line numbers are not part of it, so code added or removed above a known finding does
not make it new. Identical fingerprints are counted: a second identical finding on another line is
new. The file is JSON, sorted, one entry per fingerprint, so that it diffs well in review.

Pure functions: the api reads and writes the file.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable, Collection, Dict, Iterable, List, Mapping, Optional, Tuple

from .config import UsageError
from .diagnostics import Diagnostic

VERSION = 1
#: "at line 12", "lines 3", "pkg/mod.py:12" -> line numbers that move when code above moves
_LINE_REFS = re.compile(r"(?<=\bline )\d+|(?<=\blines )\d+|(?<=\.py:)\d+(?::\d+)?")
#: "pkg/mod.py:12" -> the file a message names (a path without spaces, quotes or brackets)
_PATH_REFS = re.compile(r"[^\s`'\"()\[\]{},;]+\.pyi?(?=:\d)")

Fingerprint = Tuple[str, str, str, str]  # path, code, message, source line


@dataclass(frozen=True)
class Baseline:
    counts: Mapping[Fingerprint, int]

    def split(
        self, diagnostics: Iterable[Diagnostic], fingerprint: Callable[[Diagnostic], Fingerprint],
        checked: Optional[Collection[str]] = None,
    ) -> Tuple[List[Diagnostic], int, int]:
        """``(new findings, how many were in the baseline, how many baseline entries are gone)``.

        Findings are matched in order: with a count of 2, the first two alike are known. Only
        entries of ``checked`` files (fingerprint paths) can be gone: a run over some files
        (pre-commit) says nothing about the others."""
        left = Counter(self.counts)
        new: List[Diagnostic] = []
        known = 0
        for d in diagnostics:
            key = fingerprint(d)
            if left[key] > 0:
                left[key] -= 1
                known += 1
            else:
                new.append(d)
        gone = sum(n for key, n in left.items()
                   if n > 0 and (checked is None or key[0] in checked))
        return new, known, gone


def normalise_message(message: str, path: Optional[Callable[[str], str]] = None) -> str:
    """``message`` with whitespace collapsed, line numbers blanked (``N``) and, with ``path``,
    each file it names (``pkg/mod.py:12``) rewritten by ``path``."""
    text = " ".join(message.split())
    if path is not None:
        text = _PATH_REFS.sub(lambda named: path(named.group(0)), text)
    return _LINE_REFS.sub("N", text)


def fingerprint(relative_path: str, code: str, message: str, source_line: str,
                path: Optional[Callable[[str], str]] = None) -> Fingerprint:
    """``path`` rewrites the files the message names (see ``normalise_message``)."""
    return (_posix(relative_path), code, normalise_message(message, path), source_line.strip())


def _posix(relative_path: str) -> str:
    return PurePosixPath(*relative_path.replace(os.sep, "/").split("/")).as_posix()


def dumps(fingerprints: Iterable[Fingerprint]) -> str:
    """The baseline file's text: stable order, one entry per fingerprint with its count."""
    counts = Counter(fingerprints)
    entries = [
        {"path": p, "code": c, "message": m, "source": s, "count": counts[(p, c, m, s)]}
        for p, c, m, s in sorted(counts)
    ]
    document = {"sendsync-baseline": VERSION, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def loads(text: str, shown: str) -> Baseline:
    """Parse a baseline file (``shown`` names it in errors, which are ``UsageError``)."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{shown}: not a sendsync baseline (invalid JSON: {exc})") from None
    if not isinstance(document, dict) or document.get("sendsync-baseline") != VERSION:
        raise UsageError(f"{shown}: not a sendsync baseline (version {VERSION}); "
                         "write one with --write-baseline")
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise UsageError(f"{shown}: not a sendsync baseline: \"findings\" must be a list")
    counts: Dict[Fingerprint, int] = {}
    for n, entry in enumerate(entries):
        try:
            key = (entry["path"], entry["code"], entry["message"], entry["source"])
            count = entry.get("count", 1)
            if not all(isinstance(k, str) for k in key) or not isinstance(count, int):
                raise TypeError
        except (KeyError, TypeError, AttributeError):
            raise UsageError(
                f"{shown}: findings[{n}] needs string path, code, message, source and an "
                "integer count"
            ) from None
        counts[key] = counts.get(key, 0) + count
    return Baseline(counts)


__all__ = ["Baseline", "Fingerprint", "dumps", "fingerprint", "loads", "normalise_message"]
