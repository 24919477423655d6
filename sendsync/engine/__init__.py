"""The analysis: parse -> index the project -> find boundaries -> find crossings -> diagnostics.

No I/O happens here: the api hands in the bytes of every file, and gets diagnostics back.
"""
from __future__ import annotations

from dataclasses import dataclass
import hashlib
from typing import TYPE_CHECKING, Any, List, Optional, Sequence

from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from ..knowledge import Knowledge

Store = Any  # sendsync.cache.Cache: the engine only calls its methods; it does no I/O itself


@dataclass(frozen=True)
class Source:
    path: str  # the path as it will be displayed
    module: str  # dotted module name inside the checked project ("pkg.mod", "pkg" for __init__)
    is_package: bool  # True for a package's __init__.py
    data: bytes


def check_project(sources: Sequence[Source], knowledge: "Optional[Knowledge]" = None,
                  strictness: str = "targeted", verbose: bool = False, *, jobs: int = 1,
                  store: "Optional[Store]" = None) -> List[Diagnostic]:
    """Every finding for the project made of ``sources`` (unsorted, unfiltered).

    ``knowledge``: the library tables, extended by the project's configuration
    (``sendsync.knowledge.DEFAULT.extended(...)``); ``strictness``: "minimal", "targeted"
    (default) or "complete"; ``verbose``: tracebacks in SSC998 messages; ``jobs``: processes
    (0: every core); ``store``: what an earlier run kept (``sendsync.cache.Cache``: light-pass
    results by file digest, module findings with the digests of the files they were computed
    from). None of these change the findings.
    """
    from ..knowledge import DEFAULT
    from .light import plan
    from .parallel import default_jobs, light_pass
    from .results import dedupe

    knowledge = knowledge or DEFAULT
    jobs = jobs if jobs > 0 else default_jobs()
    digests = {s.path: _digest(s.data) for s in sources} if store is not None else {}
    lights = {}
    if store is not None:
        for s in sources:
            kept = store.light(digests[s.path])
            if kept is not None:
                lights[s.path] = kept
    known = set(lights)
    lights = light_pass(sources, knowledge, jobs, lights)
    the_plan = plan(sources, lights)
    reused: List[Diagnostic] = []
    todo = {s.path for s in sources if lights[s.path].error is not None}
    for path in the_plan.chosen:
        kept_findings = store.findings(path, digests, the_plan.context) if store is not None else None
        if kept_findings is None:
            todo.add(path)
        else:
            reused.extend(kept_findings)
    found: List[Diagnostic] = []
    if todo:
        analysis = run(sources, knowledge, strictness, verbose, jobs=jobs, lights=lights, only=todo)
        found = analysis.diagnostics
        if store is not None:
            for path in analysis.checked:
                store.put_findings(path, analysis.deps.get(path, []), digests, the_plan.context,
                                   analysis.by_module.get(path, []))
    if store is not None:
        for s in sources:
            if s.path not in known:
                store.put_light(digests[s.path], lights[s.path])
        store.keep_only("lights", set(digests.values()))
        store.keep_only("modules", set(digests))
    return dedupe(found + reused)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
