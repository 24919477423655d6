"""The deep pass on several processes (``--jobs``), with output identical to one process.

The light pass runs once, here. Each worker process receives every source once (its
initializer), keeps one project and one evaluator for all the modules it is given, and returns
findings per module. A worker that dies breaks its pool, and every module still pending in it
comes back unfinished: those are then checked one at a time in a single-worker pool, where the
module a death happens on is the one that caused it. That module alone is an SSC998 finding.

Workers ignore SIGINT: Ctrl-C reaches the main process, which kills its workers at once and
exits (130, from the cli) instead of waiting for them to finish their modules.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

from ..diagnostics import Diagnostic
from ..knowledge import DEFAULT, Knowledge
from . import Source
from .light import Light, interesting, light, spawn_pattern, unique_modules
from .results import Analysis, dedupe, tool_finding

_STATE: Dict[str, object] = {}

#: The deep pass runs on a thread of its own with this much stack, and this recursion limit:
#: libcst's native parser and its metadata visitors recurse once per nesting level, and a long
#: `and` chain or `elif` ladder overflows the 8 MiB main stack (a crash, no finding) or Python's
#: default limit of 1000 (the file's real findings lost). Untouched stack costs no memory.
STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 50_000


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
    from .checker import analyse  # libcst: only when there is a deep pass to run

    lights = light_pass(sources, knowledge, jobs, lights)
    unique = unique_modules(sources)
    valid = [s for s in unique if lights[s.path].error is None]
    chosen, _ = interesting(valid, lights)
    todo = [s.path for s in chosen if only is None or s.path in only]
    if jobs <= 1 or len(todo) < 2:
        return on_big_stack(lambda: analyse(sources, knowledge, strictness, verbose, lights=lights, only=only))
    out: List[Diagnostic] = []
    for s in sources:
        err = lights[s.path].error
        if err is not None and (only is None or s.path in only):
            out.append(tool_finding(s.path, err[0], err[1], "SSC999", err[2]))
    # biggest files first, so that the last task to finish is a small one
    size = {s.path: len(s.data) for s in sources}
    todo.sort(key=lambda p: -size[p])
    loaded: set = set()
    result = Analysis([])

    def keep(done: Dict[str, Tuple[List[Diagnostic], List[str]]]) -> None:
        for path, (diags, mods) in done.items():
            out.extend(diags)
            loaded.update(mods)
            result.checked.append(path)
            result.by_module[path] = diags
            result.deps[path] = mods

    done, unfinished = _run_pool(sources, knowledge, strictness, verbose, lights, todo, min(jobs, len(todo)))
    keep(done)
    while unfinished:  # a worker died: find which module kills it, one module at a time
        done, unfinished = _run_pool(sources, knowledge, strictness, verbose, lights, unfinished, 1)
        keep(done)
        if unfinished:
            culprit, unfinished = unfinished[0], unfinished[1:]
            out.append(tool_finding(culprit, 1, 1, "SSC998", "a worker process died while checking this file"))
    result.diagnostics = dedupe(out)
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
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
        try:
            for chunk, found in zip(chunks, pool.map(_light_chunk, chunks, [knowledge] * jobs)):
                lights.update(zip((s.path for s in chunk), found))
        except BaseException:
            _kill(pool)
            raise
        pool.shutdown(wait=True)
    else:
        spotter = spawn_pattern(knowledge)
        for s in missing:
            lights[s.path] = light(s, spotter)
    return lights


def _light_chunk(chunk: List[Source], knowledge: Knowledge) -> List[Light]:
    spotter = spawn_pattern(knowledge)
    return [light(s, spotter) for s in chunk]


def _run_pool(sources, knowledge, strictness, verbose, lights, todo: List[str], jobs: int
              ) -> Tuple[Dict[str, Tuple[List[Diagnostic], List[str]]], List[str]]:
    """Check ``todo`` on ``jobs`` workers: (findings by path, the paths left unfinished because a
    worker died, in ``todo``'s order)."""
    done: Dict[str, Tuple[List[Diagnostic], List[str]]] = {}
    unfinished: List[str] = []
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                               initargs=(list(sources), knowledge, strictness, verbose, lights))
    try:
        futures: List[Tuple[str, Future]] = [(p, pool.submit(_work, p)) for p in todo]
        for path, future in futures:
            try:
                done[path] = future.result()
            except BrokenProcessPool:
                unfinished.append(path)
    except BaseException:  # Ctrl-C, or an error of our own: do not wait for the workers
        _kill(pool)
        raise
    pool.shutdown(wait=True)
    return done, unfinished


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: its workers are killed, not waited for (``shutdown`` would let each
    finish the module it is on, and the interpreter's exit joins them)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except Exception:  # already gone
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=2)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init(sources, knowledge, strictness, verbose, lights) -> None:
    from .checker import DeepPass

    _ignore_sigint()
    _STATE["deep"] = DeepPass(sources, knowledge, strictness, verbose, lights=lights)


def _work(path: str) -> Tuple[List[Diagnostic], List[str]]:
    deep = _STATE["deep"]
    return on_big_stack(lambda: (deep.check(deep.by_path[path]), deep.loaded()))


T = TypeVar("T")


def on_big_stack(work: Callable[[], T]) -> T:
    """``work()``, run on a thread with ``STACK_BYTES`` of stack and ``RECURSION_LIMIT``; its
    exception, if any, is raised here. Ctrl-C interrupts the wait (the thread is a daemon)."""
    outcome: Dict[str, object] = {}

    def target() -> None:
        # The cyclic garbage collector is off meanwhile: it would walk the whole of every parsed
        # tree again and again (a sixth of the time) to find the few cycles, which the deep pass
        # collects itself when it lets a project go.
        enabled = gc.isenabled()
        gc.disable()
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc
        finally:
            if enabled:
                gc.enable()

    old_size = threading.stack_size()
    try:
        threading.stack_size(STACK_BYTES)
    except (ValueError, RuntimeError):  # a platform that refuses: run here, as before
        return work()
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
    try:
        thread = threading.Thread(target=target, name="sendsync-deep-pass", daemon=True)
        thread.start()
    finally:
        threading.stack_size(old_size)
    try:
        thread.join()
    finally:
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
