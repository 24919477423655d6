"""Verdicts for library types, and the calls that create them. Data only.

Every entry cites the documentation it rests on; `docs/knowledge.md` is generated from this table.
An entry without a documented source does not go in.

A *type key* is a qualified name (``sqlite3.Connection``); a key with a ``[...]`` suffix names a
variant that only a factory argument produces (``sqlite3.Connection[check_same_thread=False]``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class TypeFact:
    names: Tuple[str, ...]
    label: str  # how a message names an instance: "sqlite3 connection"
    not_send: bool
    not_sync: bool
    source: str  # the documentation sentence
    url: str
    #: instances are per-thread storage (``threading.local``): nothing stored there crosses.
    thread_local: bool = False
    #: a lock: ``with`` it guards what is accessed inside.
    lock: bool = False
    #: iterating it yields values we know nothing about (a generator is NotSync, its items are not).
    generator: bool = False
    #: a lock that wraps the lock given as this argument (``Condition(lock)``): holding one is
    #: holding the other
    wraps: Optional[Tuple[int, str]] = None
    #: a GUI object: created and used only on the thread that runs the application's main loop,
    #: so creating one on another thread is a defect too (Qt, wx, GTK and Kivy widgets)
    gui_thread: bool = False
    #: an asyncio event loop (what a task or future made on it belongs to)
    event_loop: bool = False


@dataclass(frozen=True)
class Variant:
    """A keyword argument, given as a literal, that changes what a factory returns."""

    keyword: str
    literal: str  # the argument's source text, e.g. "False"
    returns: str  # type key
    note: str  # "with check_same_thread=False"
    #: the argument may also be given at this position (``open(path, "rb")``)
    position: Optional[int] = None
    #: match when the argument is a string literal containing ``literal`` (``"b"`` in a mode)
    contains: bool = False
    #: match too when the argument is an expression whose value the source does not show
    #: (``check_same_thread=not shared``): the checker does not claim what it cannot see
    unknown: bool = False
    #: match whenever the argument is given, whatever its value (``QTimer(parent)``)
    given: bool = False


@dataclass(frozen=True)
class Factory:
    """A callable that returns an instance of a known type (``sqlite3.connect``)."""

    names: Tuple[str, ...]
    returns: str
    note: str = ""  # "with check_same_thread=True (the default)"
    variants: Tuple[Variant, ...] = ()
    #: the result is the event loop running on the calling thread, or belongs to it (a task
    #: made on it, whose steps and callbacks that loop runs)
    running_loop: bool = False
    #: ... when called inside a coroutine (``async def``), which only a running loop runs
    running_in_coroutine: bool = False
    #: ... when called on the main thread outside a coroutine: the main thread's own loop,
    #: running there when the main thread calls one of ``main_runs`` on such a result
    #: (``loop = asyncio.get_event_loop(); loop.run_until_complete(main())``) and the project
    #: never installs another loop with one of ``main_replaced_by``
    main_runs: Tuple[str, ...] = ()
    main_replaced_by: Tuple[str, ...] = ()
    #: the call returns an object that already exists (messages say "obtained", not "created")
    obtained: bool = False
    #: methods that give the object to another owner (``timer.moveToThread(t)``): when the
    #: module calls one on the name the result is bound to, the result is ``released`` instead
    released_by: Tuple[str, ...] = ()
    released: str = ""


@dataclass(frozen=True)
class Method:
    """A method of a known type that returns another known type (``conn.cursor()``)."""

    owners: Tuple[str, ...]
    name: str
    returns: str
    #: the result belongs to the receiver's event loop: made on a running loop, it is in use
    #: by that loop's thread as the loop is (``loop.create_future()``, ``loop.create_task()``)
    same_loop: bool = False


SQLITE_DOC = "https://docs.python.org/3/library/sqlite3.html#sqlite3.connect"
SQLITE_SENTENCE = (
    "check_same_thread: If True (default), ProgrammingError will be raised if the database "
    "connection is used by a thread other than the one that created it. If False, the connection "
    "may be accessed in multiple threads; write operations may need to be serialized by the user "
    "to avoid data corruption."
)
ASYNCIO_DEV = "https://docs.python.org/3/library/asyncio-dev.html#concurrency-and-multithreading"
ASYNCIO_SENTENCE = (
    "Almost all asyncio objects are not thread safe, which is typically not a problem unless "
    "there is code that works with them from outside of a Task or a callback."
)
ASYNCIO_SYNC = "https://docs.python.org/3/library/asyncio-sync.html"
ASYNCIO_SYNC_SENTENCE = (
    "asyncio primitives are not thread-safe, therefore they should not be used for OS thread "
    "synchronization (use threading for that)."
)
TK_DOC = "https://docs.python.org/3/library/tkinter.html#threading-model"
TK_SENTENCE = (
    "A Tcl interpreter has only one thread of execution associated with it [...] tkinter calls "
    "made from other threads must be marshalled to the interpreter's thread; with a non-threaded "
    "Tcl they raise RuntimeError."
)


def _both(*names: str) -> Tuple[str, ...]:
    """A public name and the defining module's name for the same class."""
    return tuple(names)


_TK_WIDGETS = (
    "Tk", "Toplevel", "Frame", "Label", "Button", "Canvas", "Entry", "Text", "Listbox",
    "Scrollbar", "Menu", "Menubutton", "Checkbutton", "Radiobutton", "Scale", "Spinbox",
    "PanedWindow", "LabelFrame", "Message", "OptionMenu", "PhotoImage", "BitmapImage",
    "StringVar", "IntVar", "DoubleVar", "BooleanVar", "Variable", "Widget", "BaseWidget", "Misc",
    "Wm",
)
_TTK_WIDGETS = (
    "Button", "Checkbutton", "Combobox", "Entry", "Frame", "Label", "Labelframe", "LabelFrame",
    "Menubutton", "Notebook", "Panedwindow", "PanedWindow", "Progressbar", "Radiobutton", "Scale",
    "Scrollbar", "Separator", "Sizegrip", "Spinbox", "Treeview", "Widget", "Style", "OptionMenu",
    "LabeledScale",
)

TYPES: Tuple[TypeFact, ...] = (
    TypeFact(
        _both("sqlite3.Connection"), "sqlite3 connection", not_send=True, not_sync=True,
        source=SQLITE_SENTENCE, url=SQLITE_DOC,
    ),
    TypeFact(
        _both("sqlite3.Cursor"), "sqlite3 cursor", not_send=True, not_sync=True,
        source=SQLITE_SENTENCE, url=SQLITE_DOC,
    ),
    TypeFact(
        ("sqlite3.Connection[check_same_thread=False]",), "sqlite3 connection",
        not_send=False, not_sync=True, source=SQLITE_SENTENCE, url=SQLITE_DOC,
    ),
    TypeFact(
        ("sqlite3.Cursor[check_same_thread=False]",), "sqlite3 cursor",
        not_send=False, not_sync=True, source=SQLITE_SENTENCE, url=SQLITE_DOC,
    ),
    TypeFact(
        (
            "asyncio.AbstractEventLoop", "asyncio.events.AbstractEventLoop", "asyncio.BaseEventLoop",
            "asyncio.base_events.BaseEventLoop", "asyncio.SelectorEventLoop",
            "asyncio.ProactorEventLoop", "asyncio.unix_events.SelectorEventLoop",
            "asyncio.selector_events.BaseSelectorEventLoop", "uvloop.Loop",
        ),
        "asyncio event loop", not_send=False, not_sync=True, source=ASYNCIO_SENTENCE,
        url=ASYNCIO_DEV, event_loop=True,
    ),
    TypeFact(
        _both("asyncio.Queue", "asyncio.queues.Queue", "asyncio.PriorityQueue",
              "asyncio.queues.PriorityQueue", "asyncio.LifoQueue", "asyncio.queues.LifoQueue"),
        "asyncio queue", not_send=False, not_sync=True,
        source="This class is not thread safe.",
        url="https://docs.python.org/3/library/asyncio-queue.html#asyncio.Queue",
    ),
    TypeFact(
        _both("asyncio.Lock", "asyncio.locks.Lock"), "asyncio lock", not_send=False, not_sync=True,
        source=ASYNCIO_SYNC_SENTENCE, url=ASYNCIO_SYNC,
    ),
    TypeFact(
        _both("asyncio.Event", "asyncio.locks.Event"), "asyncio event", not_send=False,
        not_sync=True, source=ASYNCIO_SYNC_SENTENCE, url=ASYNCIO_SYNC,
    ),
    TypeFact(
        _both("asyncio.Condition", "asyncio.locks.Condition"), "asyncio condition",
        not_send=False, not_sync=True, source=ASYNCIO_SYNC_SENTENCE, url=ASYNCIO_SYNC,
    ),
    TypeFact(
        _both("asyncio.Semaphore", "asyncio.locks.Semaphore", "asyncio.BoundedSemaphore",
              "asyncio.locks.BoundedSemaphore"),
        "asyncio semaphore", not_send=False, not_sync=True, source=ASYNCIO_SYNC_SENTENCE,
        url=ASYNCIO_SYNC,
    ),
    TypeFact(
        _both("asyncio.Barrier", "asyncio.locks.Barrier"), "asyncio barrier", not_send=False,
        not_sync=True, source=ASYNCIO_SYNC_SENTENCE, url=ASYNCIO_SYNC,
    ),
    TypeFact(
        _both("asyncio.Future", "asyncio.futures.Future"), "asyncio future", not_send=False,
        not_sync=True, source="This class is not thread-safe.",
        url="https://docs.python.org/3/library/asyncio-future.html#asyncio.Future",
    ),
    TypeFact(
        _both("asyncio.Task", "asyncio.tasks.Task"), "asyncio task", not_send=False,
        not_sync=True, source="This class is not thread-safe.",
        url="https://docs.python.org/3/library/asyncio-task.html#asyncio.Task",
    ),
    TypeFact(
        (
            "types.GeneratorType", "typing.Generator", "collections.abc.Generator",
            "typing_extensions.Generator", "types.AsyncGeneratorType", "typing.AsyncGenerator",
            "collections.abc.AsyncGenerator",
        ),
        "generator", not_send=False, not_sync=True,
        source=(
            "A generator runs in the thread that resumes it; resuming it while another thread is "
            "inside it raises ValueError('generator already executing')."
        ),
        url="https://docs.python.org/3/reference/expressions.html#generator-iterator-methods",
        generator=True,
    ),
    TypeFact(
        tuple(f"tkinter.{w}" for w in _TK_WIDGETS) + tuple(f"tkinter.ttk.{w}" for w in _TTK_WIDGETS),
        "tkinter object", not_send=True, not_sync=True, source=TK_SENTENCE, url=TK_DOC,
    ),
    TypeFact(
        ("builtins.iterator",), "iterator", not_send=False, not_sync=True,
        source=(
            "Sharing the same iterator object between multiple threads is generally not safe and "
            "threads may see duplicate or missing elements when iterating or crash the interpreter."
        ),
        url="https://docs.python.org/3/howto/free-threading-python.html#iterators",
        generator=True,
    ),
    # Send + Sync, listed so that explicit knowledge wins over any inference about them.
    TypeFact(
        ("queue.Queue", "queue.LifoQueue", "queue.PriorityQueue", "queue.SimpleQueue"),
        "queue.Queue", not_send=False, not_sync=False,
        source=(
            "The queue module implements multi-producer, multi-consumer queues. It is especially "
            "useful in threaded programming when information must be exchanged safely between "
            "multiple threads."
        ),
        url="https://docs.python.org/3/library/queue.html",
    ),
    TypeFact(
        (
            "threading.Lock", "threading.RLock", "threading.Semaphore",
            "threading.BoundedSemaphore", "_thread.allocate_lock", "_thread.LockType",
            "_thread.RLock", "threading._RLock", "multiprocessing.Lock", "multiprocessing.RLock",
        ),
        "threading lock", not_send=False, not_sync=False,
        source="This module constructs higher-level threading interfaces [...] lock objects.",
        url="https://docs.python.org/3/library/threading.html#lock-objects", lock=True,
    ),
    TypeFact(
        ("multiprocessing.sharedctypes.Synchronized",), "multiprocessing shared value",
        not_send=False, not_sync=False,
        source="Operations like += which involve a read and write are not atomic. [...] you can "
               "instead do with counter.get_lock(): counter.value += 1",
        url="https://docs.python.org/3/library/multiprocessing.html#multiprocessing.Value",
    ),
    TypeFact(
        ("threading.Condition",), "threading condition", not_send=False, not_sync=False,
        source="If the lock argument is given and not None, it must be a Lock or RLock object, and it "
               "is used as the underlying lock.",
        url="https://docs.python.org/3/library/threading.html#threading.Condition", lock=True,
        wraps=(0, "lock"),
    ),
    TypeFact(
        ("threading.Event", "threading.Barrier", "threading.Thread", "threading.Timer"),
        "threading primitive", not_send=False, not_sync=False,
        source="This module constructs higher-level threading interfaces on top of the lower level _thread module.",
        url="https://docs.python.org/3/library/threading.html",
    ),
    TypeFact(
        ("threading.local", "_threading_local.local", "_thread._local"),
        "threading.local", not_send=False, not_sync=False,
        source="Thread-local data is data whose values are thread specific.",
        url="https://docs.python.org/3/library/threading.html#thread-local-data",
        thread_local=True,
    ),
    TypeFact(
        ("concurrent.futures.Future", "concurrent.futures._base.Future"), "concurrent.futures.Future",
        not_send=False, not_sync=False,
        source="Future instances are created by Executor.submit() [...] result(timeout=None): "
        "Return the value returned by the call. If the call hasn't yet completed then this method "
        "will wait up to timeout seconds.",
        url="https://docs.python.org/3/library/concurrent.futures.html#future-objects",
    ),
    TypeFact(
        ("concurrent.futures.ThreadPoolExecutor", "concurrent.futures.thread.ThreadPoolExecutor"),
        "ThreadPoolExecutor", not_send=False, not_sync=False,
        source="ThreadPoolExecutor is an Executor subclass that uses a pool of threads to execute calls asynchronously.",
        url="https://docs.python.org/3/library/concurrent.futures.html#threadpoolexecutor",
    ),
    TypeFact(
        ("multiprocessing.pool.ThreadPool",), "ThreadPool", not_send=False, not_sync=False,
        source="A thread pool object which controls a pool of worker threads to which jobs can be submitted.",
        url="https://docs.python.org/3/library/multiprocessing.html#multiprocessing.pool.ThreadPool",
    ),
    TypeFact(
        ("contextvars.Context",), "context", not_send=False, not_sync=False,
        source="A mapping of ContextVars to their values.",
        url="https://docs.python.org/3/library/contextvars.html#contextvars.Context",
    ),
)

FACTORIES: Tuple[Factory, ...] = (
    Factory(("contextvars.copy_context",), "contextvars.Context"),
    Factory(
        ("sqlite3.connect", "sqlite3.dbapi2.connect"), "sqlite3.Connection",
        note="with check_same_thread=True",
        variants=(
            Variant("check_same_thread", "False", "sqlite3.Connection[check_same_thread=False]",
                    "with check_same_thread=False", unknown=True),
            Variant("check_same_thread", "0", "sqlite3.Connection[check_same_thread=False]",
                    "with check_same_thread=False"),
        ),
    ),
    Factory(("asyncio.new_event_loop", "asyncio.events.new_event_loop"), "asyncio.AbstractEventLoop"),
    Factory(("asyncio.get_event_loop", "asyncio.events.get_event_loop"), "asyncio.AbstractEventLoop",
            note="by asyncio.get_event_loop()", obtained=True, running_in_coroutine=True,
            main_runs=("run_until_complete", "run_forever"),
            main_replaced_by=("asyncio.set_event_loop", "asyncio.events.set_event_loop",
                              "asyncio.set_event_loop_policy", "asyncio.events.set_event_loop_policy")),
    Factory(
        ("asyncio.get_running_loop", "asyncio.events.get_running_loop"), "asyncio.AbstractEventLoop",
        note="by asyncio.get_running_loop()", running_loop=True, obtained=True,
    ),
    # a task is run, step by step, by the loop running on the thread that made it: "This method
    # is not thread-safe" (Task.cancel), "Most asyncio APIs are not thread-safe"
    Factory(("asyncio.create_task", "asyncio.tasks.create_task"), "asyncio.Task", running_loop=True),
    Factory(("asyncio.ensure_future", "asyncio.tasks.ensure_future"), "asyncio.Task", running_in_coroutine=True),
    Factory(("asyncio.Future", "asyncio.futures.Future"), "asyncio.Future", running_in_coroutine=True),
    # "Wrap a concurrent.futures.Future object in a asyncio.Future object": of the running loop
    Factory(("asyncio.wrap_future", "asyncio.futures.wrap_future"), "asyncio.Future", running_in_coroutine=True),
    Factory(("tkinter.Tcl",), "tkinter.Tk"),
    Factory(("threading.local",), "threading.local"),
    Factory(("multiprocessing.dummy.Pool",), "multiprocessing.pool.ThreadPool"),
    # `Value(...)` is "a synchronized wrapper" whose `get_lock()` is the lock its updates need
    Factory(("multiprocessing.Value", "multiprocessing.sharedctypes.Value"),
            "multiprocessing.sharedctypes.Synchronized"),
)

_LOOPS = (
    "asyncio.AbstractEventLoop", "asyncio.events.AbstractEventLoop", "asyncio.BaseEventLoop",
    "asyncio.base_events.BaseEventLoop",
)

METHODS: Tuple[Method, ...] = (
    Method(("sqlite3.Connection",), "cursor", "sqlite3.Cursor"),
    Method(("sqlite3.Connection",), "execute", "sqlite3.Cursor"),
    Method(("sqlite3.Connection",), "executemany", "sqlite3.Cursor"),
    Method(("sqlite3.Connection",), "executescript", "sqlite3.Cursor"),
    Method(("sqlite3.Connection[check_same_thread=False]",), "cursor",
           "sqlite3.Cursor[check_same_thread=False]"),
    Method(("sqlite3.Connection[check_same_thread=False]",), "execute",
           "sqlite3.Cursor[check_same_thread=False]"),
    Method(("sqlite3.Connection[check_same_thread=False]",), "executemany",
           "sqlite3.Cursor[check_same_thread=False]"),
    Method(("sqlite3.Connection[check_same_thread=False]",), "executescript",
           "sqlite3.Cursor[check_same_thread=False]"),
    Method(_LOOPS, "create_future", "asyncio.Future", same_loop=True),
    Method(_LOOPS, "create_task", "asyncio.Task", same_loop=True),
    Method(("concurrent.futures.ThreadPoolExecutor",), "submit", "concurrent.futures.Future"),
    Method(("multiprocessing.sharedctypes.Synchronized",), "get_lock", "multiprocessing.RLock"),
)
