"""The calls that hand work to another thread, and how each passes the work along. Data only.

A boundary is either a callable with a qualified name (``threading.Thread``,
``asyncio.to_thread``) or a method of a known type (``submit`` of ``ThreadPoolExecutor``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class Arg:
    """Where an argument of the boundary call is: its position, its keyword, or both."""

    pos: Optional[int] = None
    kw: Optional[str] = None


@dataclass(frozen=True)
class Boundary:
    label: str  # as messages name it: "threading.Thread", "ThreadPoolExecutor.submit"
    callees: Tuple[str, ...] = ()  # qualified names of the boundary callable
    receiver: Tuple[str, ...] = ()  # or: type keys whose method ``name`` is the boundary
    name: str = ""
    func: Arg = Arg(0)  # the callable that runs on the other thread
    args: Optional[Arg] = None  # one tuple/list holding the positional arguments of ``func``
    kwargs: Optional[Arg] = None  # one dict holding its keyword arguments
    star_from: Optional[int] = None  # positional arguments from here on are ``func``'s own
    star_kwargs: bool = False  # other keyword arguments of the call are ``func``'s own
    iterables_from: Optional[int] = None  # map-style: each element of these is one task's argument
    starmap: bool = False  # each element of the iterable is a tuple of arguments
    many: bool = False  # ``func`` runs on several threads (initializers, map-style calls)
    #: how the spawner waits for it: "thread" (``.start()``/``.join()``), "future" (``.result()``),
    #: "await" (awaiting the call), "sync" (the call returns when the work is done),
    #: "async_result" (``.get()``/``.wait()``), "pool" (leaving ``with`` or ``shutdown``/``join``)
    handle: str = "future"
    role: str = "target"  # how messages name ``func``: "target", "initializer", "function"
    #: the type of what the boundary call returns (a handle to wait on: a future, the thread)
    returns: str = ""
    #: the callable gets the receiver as its argument (``future.add_done_callback(fn)``)
    passes_receiver: bool = False
    #: what is handed over may also be an object whose methods of these names run on the other
    #: thread (a ``QRunnable`` handed to ``QThreadPool.start`` runs its ``run()``; a watchdog
    #: event handler, its ``on_modified()`` and the rest)
    methods: Tuple[str, ...] = ()
    #: the work of every call runs on one thread, the receiver's (a watchdog observer calls all
    #: its handlers on its own thread): calls in a loop do not run at once
    one_thread: bool = False
    #: the callees are decorators: calling a function they decorate hands it, with the call's
    #: arguments, to another thread (superqt's ``@thread_worker``)
    decorator: bool = False
    #: keyword arguments that are the boundary's own options, not ``func``'s
    #: (superqt's ``_start_thread=True``)
    options: Tuple[str, ...] = ()
    #: the call is a decorator (``@app.route("/")``): the function it decorates is the work
    decorates: bool = False
    #: ... only a plain ``def`` (FastAPI runs an ``async def`` endpoint on its event loop)
    sync_only: bool = False
    #: a server runs the work for each request, on that request's thread (``many`` too)
    per_request: bool = False


_EXECUTORS = ("concurrent.futures.ThreadPoolExecutor", "concurrent.futures.thread.ThreadPoolExecutor")
#: an executor of unknown kind (it may run processes): a boundary only at strictness "complete"
UNCERTAIN_EXECUTORS = ("concurrent.futures.Executor", "concurrent.futures._base.Executor")
CERTAIN_EXECUTOR = "concurrent.futures.ThreadPoolExecutor"
_POOLS = ("multiprocessing.pool.ThreadPool",)
_FUTURES = ("concurrent.futures.Future", "concurrent.futures._base.Future")
_LOOPS = (
    "asyncio.AbstractEventLoop", "asyncio.events.AbstractEventLoop", "asyncio.BaseEventLoop",
    "asyncio.base_events.BaseEventLoop", "asyncio.SelectorEventLoop", "asyncio.ProactorEventLoop",
)
_POOL_CTORS = ("multiprocessing.pool.ThreadPool", "multiprocessing.dummy.Pool")

BOUNDARIES: Tuple[Boundary, ...] = (
    Boundary(
        "threading.Thread", callees=("threading.Thread",), func=Arg(1, "target"),
        args=Arg(3, "args"), kwargs=Arg(4, "kwargs"), handle="thread", returns="threading.Thread",
    ),
    Boundary(
        "threading.Timer", callees=("threading.Timer",), func=Arg(1, "function"),
        args=Arg(2, "args"), kwargs=Arg(3, "kwargs"), handle="thread", role="function",
        returns="threading.Timer",
    ),
    Boundary(
        "_thread.start_new_thread",
        callees=("_thread.start_new_thread", "_thread.start_new", "thread.start_new_thread"),
        func=Arg(0, "function"), args=Arg(1, "args"), kwargs=Arg(2, "kwargs"), handle="detached",
        role="function",
    ),
    Boundary(
        "asyncio.to_thread", callees=("asyncio.to_thread", "asyncio.threads.to_thread"),
        func=Arg(0, "func"), star_from=1, star_kwargs=True, handle="await", role="function",
        returns="asyncio.Future",
    ),
    Boundary(
        "anyio.to_thread.run_sync", callees=("anyio.to_thread.run_sync",), func=Arg(0, "func"),
        star_from=1, handle="await", role="function",
    ),
    Boundary(
        "trio.to_thread.run_sync", callees=("trio.to_thread.run_sync",), func=Arg(0, "sync_fn"),
        star_from=1, handle="await", role="function",
    ),
    Boundary(
        "run_in_threadpool",
        callees=("starlette.concurrency.run_in_threadpool", "fastapi.concurrency.run_in_threadpool"),
        func=Arg(0, "func"), star_from=1, star_kwargs=True, handle="await", role="function",
    ),
    Boundary(
        "ThreadPoolExecutor", callees=_EXECUTORS, func=Arg(2, "initializer"),
        args=Arg(3, "initargs"), many=True, handle="pool", role="initializer",
    ),
    Boundary(
        "ThreadPoolExecutor.submit", receiver=_EXECUTORS, name="submit", func=Arg(0, "fn"),
        star_from=1, star_kwargs=True, handle="future", role="function",
        returns="concurrent.futures.Future",
    ),
    Boundary(
        "ThreadPoolExecutor.map", receiver=_EXECUTORS, name="map", func=Arg(0, "fn"),
        iterables_from=1, many=True, handle="pool", role="function",
    ),
    Boundary(
        "loop.run_in_executor", receiver=_LOOPS, name="run_in_executor", func=Arg(1, "func"),
        star_from=2, handle="await", role="function", returns="asyncio.Future",
    ),
    Boundary(
        "ThreadPool", callees=_POOL_CTORS, func=Arg(1, "initializer"), args=Arg(2, "initargs"),
        many=True, handle="pool", role="initializer",
    ),
    Boundary(
        "ThreadPool.apply", receiver=_POOLS, name="apply", func=Arg(0, "func"), args=Arg(1, "args"),
        kwargs=Arg(2, "kwds"), handle="sync", role="function",
    ),
    Boundary(
        "ThreadPool.apply_async", receiver=_POOLS, name="apply_async", func=Arg(0, "func"),
        args=Arg(1, "args"), kwargs=Arg(2, "kwds"), handle="async_result", role="function",
        returns="multiprocessing.pool.AsyncResult",
    ),
    Boundary(
        "Future.add_done_callback", receiver=_FUTURES, name="add_done_callback", func=Arg(0, "fn"),
        handle="detached", role="callback", passes_receiver=True,
    ),
) + tuple(
    Boundary(
        f"ThreadPool.{method}", receiver=_POOLS, name=method, func=Arg(0, "func"), iterables_from=1,
        starmap=method.startswith("starmap"), many=True,
        handle="sync" if method in ("map", "starmap") else "async_result", role="function",
        returns="builtins.list" if method in ("map", "starmap") else (
            "multiprocessing.pool.AsyncResult" if method.endswith("_async") else "builtins.iterator"),
    )
    for method in ("map", "map_async", "imap", "imap_unordered", "starmap", "starmap_async")
)


#: how the spawner waits for the work, by ``Boundary.handle``: the methods of the handle (or of the
#: pool, for "pool") that are join points when called without a timeout. ``shutdown`` is one
#: unless called with ``wait=False``. Leaving the ``with`` block of the executor or pool is one too.
JOINS = {
    "thread": ("join",),
    "future": ("result",),
    "await": ("result",),
    "async_result": ("get", "wait"),
    "pool": ("join",),
}
#: pool methods that wait for every task (the pool's, not a handle's)
POOL_JOINS = ("shutdown",)
#: the handle kinds whose work also ends when the pool or executor ends
POOLED = ("future", "pool", "async_result")
