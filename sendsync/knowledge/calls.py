"""What library calls and methods do with the values they are given. Data only.

``types.py`` says what a library object *is* (NotSend, NotSync); this table says what a call
*does*: builds a container of its argument's items, binds arguments for later
(``functools.partial``), iterates its argument (``list(gen)``), leaves its arguments alone
(``print``), runs a callable on another thread's loop (a bridge), ends the sharing with a thread
(a join point), or hands a value to whoever reads the container or channel later (``append``,
``Queue.put``). The engine reads these roles; it names no library itself.

Roles of a call (``CallFact.role``):
  ``partial``   the first argument is called later with the others bound first
  ``container`` the result holds the items of the first argument (``list(x)``, ``sorted(x)``)
  ``iterator``  the result is a new iterator over the arguments' items: NotSync (``ITERATOR``)
  ``next``      the result is an item of the first argument (or the default)
  ``copy``      the result is a new object like the first argument, made here (``copy.deepcopy``)
  ``harmless``  the arguments are only looked at, in a way that is safe from any thread
  ``bridge``    the call may be made from any thread: the callable and values handed to it run
                on the thread that owns the event loop (``asyncio.run_coroutine_threadsafe``)
  ``cache``     a decorator whose function hands the first caller's result to every caller
  ``transparent`` a decorator that returns the function it decorates (or one that calls it)
  ``super``     ``super()``: the enclosing class's bases
  ``getattr``   ``getattr(obj, "name")``: the attribute
  ``setattr``   ``setattr(obj, "name", v)``: an attribute store on the first argument
  ``field``     a class attribute's declaration (``dataclasses.field``): the instance's attribute
                is the ``default`` argument, or what calling ``default_factory`` returns
  ``publish``   a synchronous publish-subscribe library's send (``pub.sendMessage(topic, **data)``):
                every listener subscribed to the topic (a string literal) runs now, on this
                thread, with the keyword arguments
  ``subscribe`` its subscription (``pub.subscribe(listener, topic)``): the listener is kept, not
                called
Roles of a method, by name, for the owners listed (``"*"``: any object; ``"?"``: an object whose
type these tables do not describe, so a ``get`` on a Tk text widget is not a container read):
  ``mutator``   stores its arguments in the container (``append``, ``d.setdefault``)
  ``reader``    returns an item of the container (``pop``, ``get``)
  ``view``      returns a container of its items (``values``, ``copy``; ``keys`` gives nothing followed)
  ``pairs``     returns (key, value) pairs whose values are its items (``items``); the keys are
                not followed, so ``for name, conn in d.items()`` gives ``name`` no object
  ``put``/``get`` a thread-safe channel: an item put on it crosses to the thread that gets it
  ``threadsafe`` may be called from any thread without touching the owner's state
  ``bridge``    like the call role: runs its callable arguments on the owner's thread
  ``harmless``  as for calls (the logging methods: they format their arguments)
  ``enter``     ``with x as y``: ``y`` is ``x`` itself
  ``invoke``    calls its first argument with the others, here and now: a thread whose target it
                is runs that argument (``Thread(target=ctx.run, args=(work,))``)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from .boundaries import Arg


@dataclass(frozen=True)
class CallFact:
    names: Tuple[str, ...]
    role: str
    source: str = ""  # the documentation sentence, where the role is a thread-safety claim
    url: str = ""
    #: the role holds only when the call has at least this many positional arguments
    #: (``QTimer.singleShot(ms, context, fn)`` is a bridge, ``singleShot(ms, fn)`` is not)
    min_args: int = 0


@dataclass(frozen=True)
class MethodFact:
    owners: Tuple[str, ...]  # type keys, ("*",) for any object, ("?",) for an undescribed one
    names: Tuple[str, ...]
    role: str
    source: str = ""
    url: str = ""


ASYNCIO_THREADSAFE = (
    "https://docs.python.org/3/library/asyncio-dev.html#concurrency-and-multithreading"
)
FREE_THREADING_HOWTO = "https://docs.python.org/3/howto/free-threading-python.html#iterators"
FREE_THREADING_SENTENCE = (
    "Sharing the same iterator object between multiple threads is generally not safe and "
    "threads may see duplicate or missing elements when iterating or crash the interpreter."
)

_CONTAINERS = ("builtins.list", "builtins.dict", "builtins.set", "builtins.tuple",
               "builtins.frozenset", "collections.deque", "collections.OrderedDict",
               "collections.defaultdict")

CALLS: Tuple[CallFact, ...] = (
    CallFact(("functools.partial",), "partial"),
    CallFact(("copy.deepcopy",), "copy"),
    CallFact(("builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset",
              "builtins.sorted", "builtins.dict", "collections.deque", "collections.OrderedDict",
              "copy.copy", "builtins.min", "builtins.max"), "container"),
    CallFact(("builtins.iter", "builtins.enumerate", "builtins.zip", "builtins.map",
              "builtins.filter", "builtins.reversed", "itertools.count", "itertools.cycle",
              "itertools.repeat", "itertools.accumulate", "itertools.chain",
              "itertools.chain.from_iterable", "itertools.compress", "itertools.dropwhile",
              "itertools.filterfalse", "itertools.groupby", "itertools.islice",
              "itertools.pairwise", "itertools.starmap", "itertools.takewhile", "itertools.tee",
              "itertools.zip_longest", "itertools.product", "itertools.permutations",
              "itertools.combinations", "itertools.combinations_with_replacement",
              "itertools.batched", "csv.reader", "csv.DictReader"), "iterator",
             FREE_THREADING_SENTENCE, FREE_THREADING_HOWTO),
    CallFact(("builtins.next",), "next"),
    # the calling thread's identity (`if self._owner == current_thread():` runs on the owner only)
    CallFact(("threading.get_ident", "threading.get_native_id", "threading.current_thread",
              "threading.currentThread", "_thread.get_ident", "_thread.get_native_id"), "thread-identity"),
    CallFact(("builtins.print", "builtins.repr", "builtins.str", "builtins.id", "builtins.format",
              "builtins.isinstance", "builtins.issubclass", "builtins.type", "builtins.hash",
              "builtins.callable", "builtins.hasattr", "builtins.bool"), "harmless"),
    CallFact(("asyncio.set_event_loop", "asyncio.events.set_event_loop"), "harmless",
             "set_event_loop(loop): Set loop as the current event loop for the current OS thread. "
             "It only keeps a reference, per thread: the loop itself is not touched.",
             "https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.set_event_loop"),
    CallFact(("asyncio.run_coroutine_threadsafe", "asyncio.tasks.run_coroutine_threadsafe"), "bridge",
             "asyncio.run_coroutine_threadsafe(coro, loop): Submit a coroutine to the given event "
             "loop. Thread-safe.",
             "https://docs.python.org/3/library/asyncio-task.html#asyncio.run_coroutine_threadsafe"),
    CallFact(("functools.lru_cache", "functools.cache", "functools.cached_property"), "cache",
             "lru_cache: Decorator to wrap a function with a memoizing callable that saves up to "
             "the maxsize most recent calls.",
             "https://docs.python.org/3/library/functools.html#functools.lru_cache"),
    CallFact(("builtins.staticmethod", "builtins.classmethod", "builtins.property",
              "abc.abstractmethod", "typing.override", "typing_extensions.override",
              "functools.wraps", "functools.singledispatch", "contextlib.contextmanager",
              "typing.overload", "typing_extensions.overload", "dataclasses.dataclass",
              "functools.total_ordering"), "transparent"),
    CallFact(("builtins.super",), "super"),
    CallFact(("builtins.getattr",), "getattr"),
    CallFact(("builtins.setattr", "builtins.delattr"), "setattr"),
    CallFact(("dataclasses.field", "attr.ib", "attr.attrib", "attr.field", "attrs.field"), "field"),
)

#: the keywords of a ``field`` call that give the attribute's value, and that give a callable
#: returning it
FIELD_DEFAULT = ("default",)
FIELD_FACTORY = ("default_factory", "factory")

METHODS: Tuple[MethodFact, ...] = (
    MethodFact(("contextvars.Context",), ("run",), "invoke",
               "run(callable, *args, **kwargs): Execute callable(*args, **kwargs) code in the context "
               "object the run method is called on.",
               "https://docs.python.org/3/library/contextvars.html#contextvars.Context.run"),
    MethodFact(_CONTAINERS + ("?",), ("append", "extend", "insert", "add", "update", "setdefault",
                                      "appendleft", "extendleft", "__setitem__"), "mutator"),
    MethodFact(_CONTAINERS + ("?",), ("pop", "popleft", "popitem", "get", "__getitem__"), "reader"),
    MethodFact(_CONTAINERS + ("?",), ("values", "copy"), "view"),
    MethodFact(_CONTAINERS + ("?",), ("items",), "pairs"),
    MethodFact(("concurrent.futures.Future", "concurrent.futures._base.Future", "asyncio.Future",
                "asyncio.futures.Future", "asyncio.Task", "asyncio.tasks.Task",
                "multiprocessing.pool.AsyncResult"), ("result", "get"), "reader"),
    MethodFact(("queue.Queue", "queue.LifoQueue", "queue.PriorityQueue", "queue.SimpleQueue"),
               ("put", "put_nowait"), "put",
               "The queue module implements multi-producer, multi-consumer queues. It is especially "
               "useful in threaded programming when information must be exchanged safely between "
               "multiple threads.", "https://docs.python.org/3/library/queue.html"),
    MethodFact(("queue.Queue", "queue.LifoQueue", "queue.PriorityQueue", "queue.SimpleQueue"),
               ("get", "get_nowait"), "get"),
    MethodFact(("asyncio.AbstractEventLoop", "asyncio.events.AbstractEventLoop", "asyncio.BaseEventLoop",
                "asyncio.base_events.BaseEventLoop", "asyncio.SelectorEventLoop",
                "asyncio.ProactorEventLoop", "asyncio.unix_events.SelectorEventLoop",
                "asyncio.selector_events.BaseSelectorEventLoop", "uvloop.Loop"),
               ("call_soon_threadsafe",), "bridge",
               "Unlike call_soon(), this method is thread-safe [...] to schedule callbacks from "
               "another thread.",
               "https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.loop.call_soon_threadsafe"),
    MethodFact(("asyncio.AbstractEventLoop", "asyncio.events.AbstractEventLoop", "asyncio.BaseEventLoop",
                "asyncio.base_events.BaseEventLoop", "asyncio.SelectorEventLoop",
                "asyncio.ProactorEventLoop", "asyncio.unix_events.SelectorEventLoop",
                "asyncio.selector_events.BaseSelectorEventLoop", "uvloop.Loop"),
               ("is_running", "is_closed", "time", "get_debug", "create_future"), "threadsafe",
               "An event loop's state flags and clock are plain reads; create_future() makes a "
               "future attached to the loop and touches nothing the loop runs.", ASYNCIO_THREADSAFE),
    MethodFact(("asyncio.Future", "asyncio.futures.Future", "asyncio.Task", "asyncio.tasks.Task",
                "concurrent.futures.Future", "concurrent.futures._base.Future"),
               ("done", "cancelled", "get_loop", "get_name", "get_coro", "exception"), "threadsafe",
               "done(): Return True if the future is done; get_loop(): Return the event loop the "
               "Future object is bound to. Reads of one attribute (the name, the coroutine, the "
               "exception it was resolved with).",
               "https://docs.python.org/3/library/asyncio-future.html#asyncio.Future.done"),
    MethodFact(("sqlite3.Connection", "sqlite3.dbapi2.Connection",
                "sqlite3.Connection[check_same_thread=False]"),
               ("interrupt",), "threadsafe",
               "interrupt(): Call this method from a different thread to abort any queries that "
               "might be executing on the connection.",
               "https://docs.python.org/3/library/sqlite3.html#sqlite3.Connection.interrupt"),
    MethodFact(("*",), ("debug", "info", "warning", "warn", "error", "exception", "critical", "log"),
               "harmless"),
    MethodFact(("*",), ("__enter__",), "enter"),
)

#: library methods that keep a callable to call later, when an event happens (a GObject or Qt
#: signal's ``connect``, a pubsub ``subscribe``, a Tk widget's ``after`` or an asyncio loop's
#: ``call_soon``/``add_reader``: its event loop runs it): the call does not run it, so a thread
#: that connects a handler does not run that handler (where it runs is the emitter's business)
REGISTERS = ("connect", "connect_after", "connect_object", "subscribe", "add_listener", "add_handler",
             "after", "after_idle",
             "call_soon", "call_later", "call_at", "add_reader", "add_writer", "add_signal_handler")

#: event loop methods that run the loop on the calling thread until it stops: a thread that
#: calls one (or is handed one as its target) is the thread that loop's bridges run work on
LOOP_RUNS = ("run_forever", "run_until_complete")


@dataclass(frozen=True)
class LoopBridge:
    """A call, by its last name, that hands work to the event loop it names: the loop runs the
    work on its own thread."""

    name: str
    work: Arg  # the coroutine or the callback
    loop: Optional[Arg]  # where the loop is given; None: the method's receiver
    #: the work is a coroutine (its function runs there, with the arguments of that call), else
    #: a callback (called there with the bridge call's other positional arguments)
    coroutine: bool


#: the bridges that hand work to a given loop: ``asyncio.run_coroutine_threadsafe(coro, loop)``
#: and ``loop.call_soon_threadsafe(callback, *args)``
LOOP_BRIDGES: Tuple[LoopBridge, ...] = (
    LoopBridge("run_coroutine_threadsafe", work=Arg(0, "coro"), loop=Arg(1, "loop"), coroutine=True),
    LoopBridge("call_soon_threadsafe", work=Arg(0), loop=None, coroutine=False),
)

#: the type of what the ``iterator`` calls return
ITERATOR = "builtins.iterator"
#: the type of a container the checker builds (``[x]``, ``list(xs)``, a filled field)
CONTAINER = "builtins.list"
#: the type of the (key, value) pairs ``dict.items()`` yields (the keys are not followed)
PAIR = "builtins.tuple"
#: the type a dict display, comprehension or ``dict(...)`` has besides ``CONTAINER``: what it
#: holds is its values; iterating it gives its keys, which are not followed
MAPPING = "builtins.dict"
#: the calls that build such a dict from what they are given
MAPPING_CALLS = ("builtins.dict", "collections.OrderedDict")
#: the type of what calling a generator function returns
GENERATOR_TYPE = "types.GeneratorType"
#: the handle a boundary returns when its table names none
FUTURE = "concurrent.futures.Future"
#: the thread boundary messages name when a thread has no spawn of its own (a Thread subclass)
THREAD = "threading.Thread"
#: decorators that make a method an attribute read (``x.attr`` runs it)
PROPERTIES = ("builtins.property", "functools.cached_property")
