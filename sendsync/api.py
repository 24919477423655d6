"""Check a project: discover its files, read them, run the engine, filter and sort the findings.

All file I/O of a check happens here; nothing in this module prints.
"""
from __future__ import annotations

import os
import stat
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Type

from . import engine
from .config import UsageError
from .diagnostics import Diagnostic
from .discovery import discover, module_name
from .noqa import apply_noqa
from .rules import FAMILIES, REGISTRY, Rule
from .rules.tool import InternalErrorRule, SyntaxErrorRule


@dataclass(frozen=True)
class Result:
    #: Findings after ``select``/``ignore`` and ``noqa``, sorted by path, line, column, code.
    diagnostics: List[Diagnostic]
    #: Files read and handed to the engine (unreadable files are findings, not counted).
    files_checked: int
    #: Tracebacks of internal errors, for ``--verbose``; each also produced SSC998 findings.
    internal_errors: Tuple[str, ...] = ()


def check(
    paths: Sequence[str] = (".",),
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Result:
    """Check the project made of every ``*.py`` file below ``paths``.

    ``select``/``ignore`` are code prefixes (``SSC1``, ``SSC101``); the longest matching prefix
    decides, and an ignore wins a tie. An empty ``select`` selects everything. Raises
    ``UsageError`` for an unknown code or a path that does not exist.
    """
    select = validate_codes(select)
    ignore = validate_codes(ignore)
    sources: List[engine.Source] = []
    findings: List[Diagnostic] = []
    for display, path in discover(paths):
        data, reason = _read(path)
        if data is None:
            findings.append(_tool_finding(SyntaxErrorRule, display, reason))
            continue
        module, is_package = module_name(path)
        sources.append(engine.Source(display, module, is_package, data))
    internal_errors: Tuple[str, ...] = ()
    try:
        findings.extend(engine.check_project(sources))
    except Exception as exc:  # the engine isolates files itself; this is the last resort
        reason = f"{type(exc).__name__}: {exc}"
        findings.extend(_tool_finding(InternalErrorRule, s.path, reason) for s in sources)
        internal_errors = (traceback.format_exc(),)
    findings = filter_diagnostics(findings, select, ignore)
    data_of = {s.path: s.data for s in sources}
    by_path: Dict[str, List[Diagnostic]] = {}
    for d in findings:
        by_path.setdefault(d.path, []).append(d)
    kept: List[Diagnostic] = []
    for shown, group in by_path.items():
        kept.extend(apply_noqa(group, data_of[shown]) if shown in data_of else group)
    return Result(sort_diagnostics(kept), len(sources), internal_errors)


def validate_codes(codes: Iterable[str]) -> Tuple[str, ...]:
    """Upper-cased code prefixes; ``UsageError`` for one that matches no rule or rule family."""
    known = [*REGISTRY, *FAMILIES]
    result = []
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        if not any(k.startswith(code) for k in known):
            raise UsageError(f"unknown rule code or prefix: {raw.strip()}")
        result.append(code)
    return tuple(result)


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """ruff/flake8 semantics: the longest matching prefix wins, an ignore wins a tie."""
    chosen = _longest(code, select) if select else 0
    dropped = _longest(code, ignore)
    return chosen is not None and (dropped is None or chosen > dropped)


def _longest(code: str, prefixes: Sequence[str]) -> Optional[int]:
    lengths = [len(p) for p in prefixes if code.startswith(p)]
    return max(lengths) if lengths else None


def filter_diagnostics(
    diagnostics: Iterable[Diagnostic], select: Sequence[str], ignore: Sequence[str]
) -> List[Diagnostic]:
    return [d for d in diagnostics if is_selected(d.code, select, ignore)]


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> List[Diagnostic]:
    """Sorted by path, line, column, code; exact duplicates dropped."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def _read(path: Path) -> Tuple[Optional[bytes], str]:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None, "cannot read file: not a regular file"
        with open(path, "rb") as handle:
            return handle.read(), ""
    except OSError as exc:
        if os.path.islink(path) and not os.path.exists(path):
            return None, "cannot read file: broken symbolic link"
        return None, f"cannot read file: {exc.strerror or exc}"


def _tool_finding(rule: Type[Rule], path: str, reason: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, rule.code, rule.render(reason=reason), help=rule.HELP or None)


__all__ = ["Result", "UsageError", "check", "filter_diagnostics", "is_selected", "validate_codes"]
