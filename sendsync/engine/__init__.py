"""The analysis: parse -> index the project -> find boundaries -> find crossings -> diagnostics.

No I/O happens here: the api hands in the bytes of every file, and gets diagnostics back.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Sequence

from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from ..knowledge import Knowledge


@dataclass(frozen=True)
class Source:
    path: str  # the path as it will be displayed
    module: str  # dotted module name inside the checked project ("pkg.mod", "pkg" for __init__)
    is_package: bool  # True for a package's __init__.py
    data: bytes


def check_project(sources: Sequence[Source], knowledge: "Optional[Knowledge]" = None,
                  strictness: str = "targeted", verbose: bool = False) -> List[Diagnostic]:
    """Every finding for the project made of ``sources`` (unsorted, unfiltered).

    ``knowledge``: the library tables, extended by the project's configuration
    (``sendsync.knowledge.DEFAULT.extended(...)``); ``strictness``: "minimal", "targeted"
    (default) or "complete"; ``verbose``: put tracebacks in SSC998 messages.
    """
    from ..knowledge import DEFAULT
    from .checker import check_project as _check

    return _check(sources, knowledge or DEFAULT, strictness, verbose)


def run(sources: Sequence[Source], knowledge: "Optional[Knowledge]" = None, strictness: str = "targeted",
        verbose: bool = False, *, jobs: int = 1, lights=None, only=None):
    """The whole analysis with the knobs the api needs: ``jobs`` processes, light-pass results
    kept from an earlier run (``lights``, by path), and ``only`` these paths deep-checked.
    Returns an ``Analysis`` (findings overall and per checked module, with the paths each read)."""
    from ..knowledge import DEFAULT
    from .parallel import analyse_parallel

    return analyse_parallel(sources, knowledge or DEFAULT, strictness, verbose, jobs=jobs, lights=lights,
                            only=only)


__all__ = ["Source", "check_project", "run"]
