"""The analysis: sources -> facts -> program -> solution -> checks -> diagnostics.

No I/O happens here: the api hands in the bytes of every file, and gets diagnostics back.
"""
from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any, List, Optional, Sequence

from ..diagnostics import Diagnostic
from ..rules.tool import InternalErrorRule, SyntaxErrorRule
from .sources import Source, digest

if TYPE_CHECKING:
    from ..knowledge import Knowledge

Store = Any  # sendsync.cache.Cache: the engine only calls its methods


def check_project(sources: Sequence[Source], knowledge: "Optional[Knowledge]" = None,
                  strictness: str = "targeted", verbose: bool = False, *, jobs: int = 1,
                  store: "Optional[Store]" = None) -> List[Diagnostic]:
    """Every finding for the project made of ``sources`` (unsorted, unfiltered)."""
    from ..knowledge import DEFAULT
    from .facts import extract
    from .program import Module, Program, unique_modules

    knowledge = knowledge or DEFAULT
    out: List[Diagnostic] = []
    modules = []
    for source in unique_modules(sources):
        facts = extract(source.data)
        if facts.error is not None:
            line, col, reason = facts.error
            out.append(SyntaxErrorRule.finding(reason=reason).at(source.path, line, col))
            continue
        modules.append(Module(source, facts))
    try:
        from .checks import run
        from .solve import solve

        solution = solve(Program(modules), knowledge, strictness)
        out += run(solution)
    except Exception as exc:  # the last resort: no finding is lost silently
        reason = f"{type(exc).__name__}: {exc}"
        if verbose:
            reason += "\n" + traceback.format_exc()
        out += [InternalErrorRule.finding(reason=reason).at(m.path, 1, 1) for m in modules]
    return out


__all__ = ["Source", "check_project", "digest"]
