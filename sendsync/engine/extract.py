"""The facts stage: every source's facts, from the cache or from the parser, on ``jobs`` processes.

Facts depend only on a file's bytes (and the facts layout), so they are kept by content digest:
a run after an edit parses the edited files alone. Parsing runs in worker processes when the run
asks for several (``--jobs``) and there is enough to parse; a worker that dies costs only the file
it was reading (found by reading the rest again one at a time), which becomes an SSC998 finding.

Workers ignore SIGINT: Ctrl-C reaches the main process, which kills its workers at once and exits
(130, from the cli) instead of waiting for them. Workers also end when the main process does,
however it ends: each watches its parent and exits when it is gone.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

from . import facts as facts_module
from .facts import Facts
from .sources import Source, digest

#: The analysis runs on a thread of its own with this much stack, and this recursion limit: the
#: parser and the walks recurse once per nesting level, and a long `and` chain or `elif` ladder
#: overflows the 8 MiB main stack or Python's default limit of 1000. Untouched stack costs no
#: memory. When a thread that large cannot start (an address-space limit), smaller ones are tried.
STACK_BYTES = (512 * 1024 * 1024, 64 * 1024 * 1024, 16 * 1024 * 1024)
RECURSION_LIMIT = 50_000
#: with the number of processes left to sendsync (``jobs`` 0), parse in workers only past this
#: much source: starting a pool costs more than parsing a small project
AUTO_PARALLEL_BYTES = 2_000_000
#: a file larger than this is not parsed: CPython's parser and the facts need about 160 times
#: its size in memory (4 MB: 650 MB), so one generated file could take the whole machine. It
#: gets an SSC998 that says so; the rest of the run goes on.
MAX_FILE_BYTES = 4_000_000
NAMESPACE = "facts"


@dataclass
class Extracted:
    """A source's facts (``facts``), or why it has none (``died``: a worker died reading it)."""

    source: Source
    facts: Optional[Facts]
    died: bool = False
    error: str = ""  # an internal error while reading it
    too_large: bool = False  # not read on purpose (``MAX_FILE_BYTES``): the same every run
    #: ``facts`` as the cache keeps them, when just worked out (let go once written)
    encoded: Optional[bytes] = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def extract_all(sources: Sequence[Source], jobs: int, store=None) -> List[Extracted]:
    """Facts for every source (in ``sources``' order). ``jobs``: processes, 0 for "as many as
    there are cores, if the project is big enough to be worth it"."""
    digests = [digest(s.data) for s in sources]
    out: Dict[int, Extracted] = {}
    todo: List[int] = []
    wanted = [i for i, source in enumerate(sources) if len(source.data) <= MAX_FILE_BYTES]
    kept = store.get_many(NAMESPACE, {digests[i] for i in wanted}) if store is not None else {}
    for i, source in enumerate(sources):
        if len(source.data) > MAX_FILE_BYTES:
            out[i] = Extracted(source, None, error=too_large(len(source.data)), too_large=True)
            continue
        data = kept.get(digests[i])
        if isinstance(data, bytes):
            try:
                out[i] = Extracted(source, Facts.from_bytes(data))
                continue
            except Exception:  # a foreign or broken entry: parse again
                pass
        todo.append(i)
    del kept
    if todo:
        size = sum(len(sources[i].data) for i in todo)
        workers = jobs if jobs > 0 else (default_jobs() if size >= AUTO_PARALLEL_BYTES else 1)
        workers = min(workers, len(todo))
        if workers > 1:
            done = _in_workers([sources[i] for i in todo], workers)
        else:
            done = [_extract_here(sources[i]) for i in todo]
        out.update(zip(todo, done))
        if store is not None:
            store.put_many(NAMESPACE, ((digests[i], found.encoded) for i, found in zip(todo, done)
                                       if found.encoded is not None and found.facts is not None
                                       and not found.facts.transient))
        for found in done:
            found.encoded = None  # kept only to be written
    if store is not None:
        store.keep_only(NAMESPACE, set(digests))
    return [out[i] for i in range(len(sources))]


def too_large(size: int) -> str:
    return (f"not checked: the file is {size / 1e6:.1f} MB, over the limit of {MAX_FILE_BYTES / 1e6:.0f} MB "
            "per file (generated code is best excluded)")


def _extract_here(source: Source, encoded: bool = True) -> Extracted:
    """A source's facts; ``encoded``: as the program keeps them (the body compressed until
    read), not decoded."""
    try:
        found = facts_module.extract(source.data)
        if not encoded:
            return Extracted(source, found)
        data = found.to_bytes()
        return Extracted(source, Facts.from_bytes(data), encoded=data)
    except MemoryError:
        return Extracted(source, None, error="out of memory while parsing it, so it was not checked (run again, "
                                             "with fewer --jobs if memory is short)")
    except RecursionError:
        return Extracted(source, None, error="nesting too deep for the analysis (recursion limit)")
    except Exception as exc:  # one file's failure must not lose the others' findings
        return Extracted(source, None, error=f"{type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------- worker processes
def _in_workers(sources: List[Source], jobs: int) -> List[Extracted]:
    results: Dict[int, Extracted] = {}
    pending = list(range(len(sources)))
    # biggest first, so that the last task to finish is a small one
    pending.sort(key=lambda i: -len(sources[i].data))
    done, unfinished = _run_pool(sources, pending, jobs)
    results.update(done)
    while unfinished:  # a worker died: find which file kills it, one file at a time
        done, unfinished = _run_pool(sources, unfinished, 1)
        results.update(done)
        if unfinished:
            culprit, unfinished = unfinished[0], unfinished[1:]
            results[culprit] = Extracted(sources[culprit], None, died=True)
    return [results[i] for i in range(len(sources))]


#: files handed to a worker at once (fewer round trips), up to about this many bytes
CHUNK_BYTES = 200_000


def _chunks(sources: List[Source], todo: List[int], jobs: int) -> List[List[int]]:
    """``todo`` (biggest first) cut into tasks of about CHUNK_BYTES, at least two per worker."""
    total = sum(len(sources[i].data) for i in todo)
    limit = max(1, min(CHUNK_BYTES, total // (2 * jobs) + 1))
    out: List[List[int]] = []
    current: List[int] = []
    size = 0
    for i in todo:
        current.append(i)
        size += len(sources[i].data)
        if size >= limit:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out


def _run_pool(sources: List[Source], todo: List[int], jobs: int) -> Tuple[Dict[int, Extracted], List[int]]:
    done: Dict[int, Extracted] = {}
    unfinished: List[int] = []
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        chunks = _chunks(sources, todo, jobs) if jobs > 1 else [[i] for i in todo]
        futures = [(chunk, pool.submit(_work, [sources[i] for i in chunk])) for chunk in chunks]
        for chunk, future in futures:
            try:
                answers = future.result()
            except BrokenProcessPool:
                unfinished.extend(chunk)
                continue
            for i, (data, error) in zip(chunk, answers):
                if data is None:
                    done[i] = Extracted(sources[i], None, error=error)
                else:
                    done[i] = Extracted(sources[i], Facts.from_bytes(data), encoded=data)
    except BaseException:  # Ctrl-C, or an error of our own: do not wait for the workers
        _kill(pool)
        raise
    pool.shutdown(wait=True)
    return done, unfinished


def _work(chunk: List[Source]) -> List[Tuple[Optional[bytes], str]]:
    return on_big_stack(lambda: [_answer(_extract_here(source, encoded=False)) for source in chunk])


def _answer(found: Extracted) -> Tuple[Optional[bytes], str]:
    if found.facts is None:
        return None, found.error
    return found.facts.to_bytes(), ""


def _worker_start(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(parent)


def _watch_parent(parent: int) -> None:
    """End this worker when the process that started it is gone (SIGTERM, SIGKILL, a crash):
    a worker must never outlive its run."""
    try:  # Linux: the kernel delivers the signal the moment the parent dies
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except Exception:
        pass

    def watch() -> None:  # everywhere: poll the parent
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="sendsync-parent-watch", daemon=True).start()


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: its workers are killed, not waited for (``shutdown`` would let each
    finish the file it is on, and the interpreter's exit joins them)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except Exception:  # already gone
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=2)


T = TypeVar("T")


def on_big_stack(work: Callable[[], T], leave_garbage: bool = False) -> T:
    """``work()``, run on a thread with a large stack and ``RECURSION_LIMIT``; its exception,
    if any, is raised here. Ctrl-C interrupts the wait (the thread is a daemon). When no such
    thread can start, ``work()`` runs here with the limit it can afford.

    ``leave_garbage``: the process ends soon after (the command line). The collector, turned on
    again, would first walk every object the analysis made (5.8 M, 3 s of the standard
    library's 51): they are frozen instead (``gc.freeze``), so that no collection, not even the
    one at exit, looks at them again."""
    outcome: Dict[str, object] = {}

    def target() -> None:
        # The cyclic garbage collector is off meanwhile: the analysis makes many small objects
        # and few cycles, and the collector would walk them all again and again.
        enabled = gc.isenabled()
        gc.disable()
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc
        finally:
            if enabled:
                if leave_garbage:
                    gc.freeze()
                gc.enable()

    old_size = threading.stack_size()
    old_limit = sys.getrecursionlimit()
    thread = None
    for size in STACK_BYTES:
        sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT * size // STACK_BYTES[0]))
        try:
            threading.stack_size(size)
            candidate = threading.Thread(target=target, name="sendsync-analysis", daemon=True)
            candidate.start()
            thread = candidate
            break
        except (ValueError, RuntimeError, MemoryError):
            sys.setrecursionlimit(old_limit)
            continue
        finally:
            threading.stack_size(old_size)
    if thread is None:
        return work()
    try:
        thread.join()
    finally:
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


__all__ = ["Extracted", "default_jobs", "extract_all", "on_big_stack"]
