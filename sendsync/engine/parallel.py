"""The deep pass on several processes (``--jobs``), with output identical to one process.

The light pass runs once, here. Each worker process receives every source once (its
initializer), keeps one project and one evaluator for all the modules it is given, and returns
findings per module. A worker that dies takes only its unfinished modules with it: they are
tried once more in a fresh pool, and a module that kills a worker twice is an SSC998 finding.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Dict, List, Optional, Sequence, Tuple

from ..diagnostics import Diagnostic
from ..knowledge import DEFAULT, Knowledge
from . import Source
from .checker import Analysis, DeepPass, _dedupe, _tool, _unique_modules, analyse
from .light import Light, interesting, light, spawn_pattern

_STATE: Dict[str, object] = {}


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def analyse_parallel(
    sources: Sequence[Source],
    knowledge: Knowledge = DEFAULT,
    strictness: str = "targeted",
    verbose: bool = False,
    *,
    jobs: int = 1,
    lights: Optional[Dict[str, Light]] = None,
    only: Optional[set] = None,
) -> Analysis:
    lights = light_pass(sources, knowledge, jobs, lights)
    unique = _unique_modules(sources)
    valid = [s for s in unique if lights[s.path].error is None]
    chosen, _ = interesting(valid, lights)
    todo = [s.path for s in chosen if only is None or s.path in only]
    if jobs <= 1 or len(todo) < 2:
        return analyse(sources, knowledge, strictness, verbose, lights=lights, only=only)
    out: List[Diagnostic] = []
    for s in sources:
        err = lights[s.path].error
        if err is not None and (only is None or s.path in only):
            out.append(_tool(s.path, err[0], err[1], "SSC999", err[2]))
    # biggest files first, so that the last task to finish is a small one
    size = {s.path: len(s.data) for s in sources}
    todo.sort(key=lambda p: -size[p])
    loaded: set = set()
    result = Analysis([])
    attempts: Dict[str, int] = {}
    while todo:
        done, failed = _run_pool(sources, knowledge, strictness, verbose, lights, todo, min(jobs, len(todo)))
        for path, (diags, mods) in done.items():
            out.extend(diags)
            loaded.update(mods)
            result.checked.append(path)
            result.by_module[path] = diags
            result.deps[path] = mods
        todo = []
        for path in failed:
            attempts[path] = attempts.get(path, 0) + 1
            if attempts[path] >= 2:
                out.append(_tool(path, 1, 1, "SSC998", "a worker process died while checking this file"))
            else:
                todo.append(path)
    result.diagnostics = _dedupe(out)
    result.checked.sort()
    result.loaded = sorted(loaded)
    return result


def light_pass(sources: Sequence[Source], knowledge: Knowledge = DEFAULT, jobs: int = 1,
               known: Optional[Dict[str, Light]] = None) -> Dict[str, Light]:
    """Light-pass results for every source (``known`` ones are kept), on ``jobs`` processes."""
    lights = dict(known or {})
    missing = [s for s in sources if s.path not in lights]
    if jobs > 1 and len(missing) > 64:
        chunks = [missing[i::jobs] for i in range(jobs)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for chunk, found in zip(chunks, pool.map(_light_chunk, chunks, [knowledge] * jobs)):
                lights.update(zip((s.path for s in chunk), found))
    else:
        pattern = spawn_pattern(knowledge)
        for s in missing:
            lights[s.path] = light(s, pattern)
    return lights


def _light_chunk(chunk: List[Source], knowledge: Knowledge) -> List[Light]:
    pattern = spawn_pattern(knowledge)
    return [light(s, pattern) for s in chunk]


def _run_pool(sources, knowledge, strictness, verbose, lights, todo: List[str], jobs: int
              ) -> Tuple[Dict[str, Tuple[List[Diagnostic], List[str]]], List[str]]:
    done: Dict[str, Tuple[List[Diagnostic], List[str]]] = {}
    failed: List[str] = []
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                               initargs=(list(sources), knowledge, strictness, verbose, lights))
    try:
        futures: List[Tuple[str, Future]] = [(p, pool.submit(_work, p)) for p in todo]
        for path, future in futures:
            try:
                done[path] = future.result()
            except BrokenProcessPool:
                failed.append(path)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return done, failed


def _init(sources, knowledge, strictness, verbose, lights) -> None:
    _STATE["deep"] = DeepPass(sources, knowledge, strictness, verbose, lights=lights)


def _work(path: str) -> Tuple[List[Diagnostic], List[str]]:
    deep: DeepPass = _STATE["deep"]  # type: ignore[assignment]
    return deep.check(deep.by_path[path]), deep.loaded()
