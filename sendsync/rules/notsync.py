"""SSC2xx: a NotSync value is reachable from two threads at once."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional

from .base import BaseFinding, Invalid, Rule, Valid
from .wording import Target, Via


class Shared(Enum):
    """How one NotSync value comes to be reachable from several threads at once."""

    INITIALIZER = "{target} is the initializer of {boundary} at line {line}, run on every worker"
    WORKERS = "{target} runs on several workers at once ({boundary} at line {line})"
    LOOP = "{boundary} at line {line} is inside a loop and hands it to every thread it starts"
    OVERLAP = "the thread started at line {line} gets it while the one started at line {other} may still run"
    SECOND_TASK = "it is handed to a second task at line {line} while the task from line {other} may still run"
    PER_CALL = "{boundary} at line {line} starts a thread on each call of `{target}`, which a loop calls, and hands it to every one"
    HELD = ("{boundary} at line {line} is inside a loop: each thread gets a new `{target}`, and every one "
            "of them holds this same object")


class OnLoop(Enum):
    """How an object is tied to the event loop running on the thread that made it."""

    LOOP = "runs on the spawning thread"
    MADE_ON = "belongs to the event loop running on the spawning thread"
    THEIRS = "belongs to the event loop the thread started at line {line} runs"
    RUN_BY = "runs on the thread started at line {line}"


@dataclass(frozen=True)
class Owner:
    kind: OnLoop
    line: int = 0

    def __str__(self) -> str:
        return self.kind.value.format(line=self.line)


@dataclass(frozen=True)
class Sharing:
    kind: Shared
    line: int
    boundary: str = ""
    target: str = ""
    other: int = 0

    def __str__(self) -> str:
        return self.kind.value.format(target=self.target, boundary=self.boundary, line=self.line,
                                      other=self.other)


class Many(Enum):
    """Why the code that rebinds shared state may run on several threads at once."""

    INITIALIZER = "the initializer of {boundary} at line {line} runs on every worker"
    PER_ELEMENT = "{boundary} at line {line} runs one task per element"
    PER_ITERATION = "{boundary} at line {line} starts one per iteration"
    PER_REQUEST = "{boundary} runs it on a new thread for each request"
    PER_CALL = "`{caller}` starts one with {boundary} at line {line} each time it is called, and a loop calls it"


@dataclass(frozen=True)
class Started:
    """The work a message points at: a thread started, or a task handed to a pool or executor."""

    line: int
    task: bool = False

    def __str__(self) -> str:
        return f"the task submitted at line {self.line}" if self.task else f"the thread started at line {self.line}"

    @property
    def wait(self) -> str:
        return "wait for the task" if self.task else "join the thread"


@dataclass(frozen=True)
class Rebound:
    """Why a rebinding may race: several threads run it, or the spawner still uses the name."""

    many: Optional[Many] = None
    boundary: str = ""
    line: int = 0
    start: Optional[Started] = None  # the spawner still uses `name` at line `use` while this runs
    name: str = ""
    use: int = 0
    caller: str = ""  # PER_CALL: the function that starts it
    held: bool = False  # the thread's update is under a lock that this code's use is not

    def __str__(self) -> str:
        if self.many is not None:
            reason = self.many.value.format(boundary=self.boundary, line=self.line, caller=self.caller)
            return f"which runs on several threads at once ({reason}), outside a lock"
        lock = "the lock the thread holds there" if self.held else "a lock"
        return f"on {self.start} while this code still uses `{self.name}` at line {self.use}, outside {lock}"


@dataclass(frozen=True)
class Unlocked:
    """The thread's use that holds no lock while the spawner's does (0: none to mention)."""

    line: int = 0

    def __str__(self) -> str:
        return f" (the thread's use at line {self.line} holds no lock)" if self.line else ""


class NotSyncSharedTasks(Rule):
    """A NotSync value is handed to several threads or tasks that may run at the same time.

    ## What it does
    Flags a NotSync value (a generator, an asyncio primitive, a `check_same_thread=False`
    connection, a class marked `NotSync`) that reaches more than one thread at once: the same
    value submitted to two tasks before either is joined, captured by a function that a map-style
    call or a pool initializer runs on every worker, or handed over by a spawn inside a loop,
    itself or inside the new object each pass makes for its thread (`Job(shared)`), or through
    `self` by a method that starts a thread each time a loop calls it on one object.

    ## Why is this bad?
    NotSync means the value may move to another thread but never be used from two at once. Two
    tasks resuming one generator raise "generator already executing"; two writers on one
    `check_same_thread=False` connection corrupt its state.

    ## Example
    ```python
    session = ApiSession()  # class ApiSession(NotSync)
    with ThreadPoolExecutor() as pool:
        a = pool.submit(fetch, session, "/users")
        b = pool.submit(fetch, session, "/groups")
    ```

    ## Fix
    Give each task its own value, or guard every use with the same `threading.Lock`.
    """

    code = "SSC201"
    name = "notsync-shared-tasks"
    MESSAGE = "`{name}` ({desc}) is reachable from several threads at once: {detail}"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        detail: Sharing
    HELP = "give each task its own value, or guard every use with one threading.Lock"
    VALID = [
        Valid(
            "from concurrent.futures import ThreadPoolExecutor\n"
            "def rows(n):\n"
            "    yield from range(n)\n"
            "def total(n): return sum(rows(n))\n"
            "with ThreadPoolExecutor() as pool:\n"
            "    print(list(pool.map(total, [3, 4])))\n"
        ),
    ]
    INVALID = [
        Invalid(
            "from concurrent.futures import ThreadPoolExecutor\n"
            "from sendsync import NotSync\n"
            "class Session(NotSync): pass\n"
            "def fetch(s, path): return s.get(path)\n"
            "s = Session()\n"
            "with ThreadPoolExecutor() as pool:\n"
            "    a = pool.submit(fetch, s, '/a')\n"
            "    b = pool.submit(fetch, s, '/b')\n",
            line=8,
            message="`s` (Session, NotSync: marked NotSync at line 3) is reachable from several threads"
            " at once: it is handed to a second task at line 8 while the task from line 7 may still run",
        ),
    ]


class NotSyncUsedBeforeJoin(Rule):
    """The spawning code still uses a NotSync value while the thread it handed it to may run.

    ## What it does
    Flags a NotSync value handed to a thread when the spawner uses it again between the start and
    the join point (`t.join()` without a timeout, or with one followed by a check that goes on
    only once the thread has ended, such as `self.assertFalse(t.is_alive())`; `future.result()`,
    leaving the executor's `with` block, awaiting `to_thread`). Handing the value over and not touching it until the join is a
    *move*, and is fine. A join the way on may skip does not end the window for the plain
    statements after it in the same block: `if wait: t.join()`, or a join in one branch of an
    `if`/`elif`/`else` chain whose other branches neither leave nor touch the thread;
    `fast or t.join()`; a join in an `except` block alone. Any other shape of join ends it
    (precision first: the analysis does not follow every path).

    The spawning side's uses are followed into the methods it calls after the start, and into
    its caller after the call that started the thread (`feed.start(); feed.skip()`, where
    `start` hands `self.pump` to a thread that iterates `self.items` and `skip` calls
    `next(self.items)`); a use found there is reported where it is, with the calls as notes.
    The same holds for a NotSync value the thread makes and uses itself and keeps where the
    spawning side can reach it (a field of the Thread object, of the object whose method it
    runs). A use that holds the lock the thread's own uses hold is not reported.

    ## Why is this bad?
    Both threads can be inside the value at once: a generator pulled from two threads, an
    unsynchronised cache mutated from two sides.

    ## Example
    ```python
    records = read_records(lines)  # a generator
    t = threading.Thread(target=ship, args=(records,))
    t.start()
    first = next(records)  # the thread may be iterating it too
    t.join()
    ```

    ## Fix
    Join the thread before using the value again, or give the thread its own value.
    """

    code = "SSC202"
    name = "notsync-used-before-join"
    MESSAGE = ("`{name}` ({desc}) is still used at line {use} while {start} may be using it{note}; "
               "{start.wait} first or give it its own")

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        use: int
        start: Started
        note: Unlocked = Unlocked()
    HELP = "join the thread before the next use, or give the thread its own value"
    VALID = [
        Valid(
            "import threading\n"
            "def gen():\n"
            "    yield 1\n"
            "def ship(g): list(g)\n"
            "g = gen()\n"
            "t = threading.Thread(target=ship, args=(g,))\n"
            "t.start()\n"
            "t.join()\n"
            "print(list(g))\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import threading\n"
            "def gen():\n"
            "    yield 1\n"
            "def ship(g): list(g)\n"
            "g = gen()\n"
            "t = threading.Thread(target=ship, args=(g,))\n"
            "t.start()\n"
            "print(next(g))\n"
            "t.join()\n",
            line=6,
            message="`g` (generator, NotSync: created at line 5 by calling `gen()`, a generator function)"
            " is still used at line 8 while the thread started at line 7 may be using it",
        ),
    ]


class NotSyncGlobal(Rule):
    """A NotSync module global is used by code that runs on another thread.

    ## What it does
    Flags a read of a NotSync module global or class attribute (an `asyncio.Event`, a generator,
    a class marked `NotSync`) inside a thread target or a function it calls. A module's event
    loop that a thread runs until stopped (`LOOP.run_forever()`) is that thread's own when every
    other read of it, in its module or where it is imported, only tests it, returns it or hands
    work to it through a bridge (`asyncio.run_coroutine_threadsafe(coro, LOOP)`).

    ## Why is this bad?
    A module global is reachable from every thread: the worker and whoever else imports the module
    can use it at the same time.

    ## Example
    ```python
    SHUTDOWN = asyncio.Event()

    def check(host):
        SHUTDOWN.set()

    with ThreadPool(3) as pool:
        pool.map(check, hosts)
    ```

    ## Fix
    Use a thread-safe equivalent (`threading.Event`, `queue.Queue`), or reach the owning thread
    through `loop.call_soon_threadsafe`.
    """

    code = "SSC203"
    name = "notsync-global"
    MESSAGE = ("`{name}` ({desc}) is {held} used by {target}{via}, which runs on another "
               "thread ({boundary} at {spawn_at}) while other threads can reach it")

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        target: Target
        via: Via
        boundary: str
        spawn_at: str
        held: str = "a module global"  # or "a class attribute" (`Config.EVENTS`)
    HELP = "use a thread-safe equivalent (threading.Event, queue.Queue) or loop.call_soon_threadsafe"
    VALID = [
        Valid(
            "import threading\n"
            "STOP = threading.Event()\n"
            "def job(): STOP.set()\n"
            "threading.Thread(target=job).start()\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import asyncio, threading\n"
            "STOP = asyncio.Event()\n"
            "def job():\n"
            "    STOP.set()\n"
            "threading.Thread(target=job).start()\n",
            line=4,
            message="`STOP` (asyncio event, NotSync: created at line 2) is a module global used by `job`",
        ),
    ]


class UnsynchronizedRebinding(Rule):
    """Shared state is rebound by code on another thread while other code can touch it, outside a lock.

    ## What it does
    Flags a `nonlocal` or `global` variable rebound (`n += 1`, `n = n + 1`), or a read-modify-write
    of an attribute or item of a shared object (`obj.n += 1`, `d[k] = d.get(k, 0) + 1`), inside a
    thread target that runs on several threads at once (started in a loop, mapped over a pool, an
    initializer, a threading server's `finish_request` override or its request handler's
    `do_GET`, which every request's thread runs, or started by a method or function that a loop
    calls once per pass, on every call and without waiting for it),
    or while the spawning code still uses it before the join point (reads a captured or global
    name, updates it with `+=`, or calls a function that does: `bump()` updating the global, or
    `self.bump()` updating a field of the spawner's `self` whose method the thread runs, or of
    an object the spawner holds in a variable of its own, bound once: `c = Client();
    Thread(target=c.run).start()`, then `c.n += 1` or `c.bump()`; or `w.n += 1` after `w.start()`
    on a Thread subclass whose `run()` updates `self.n`, or `self.n += 1` after `self.start()` in
    a method of that class), when
    the write and the other thread's hold no lock in common (`with lock:`, `lock.acquire()` with
    `try: ... finally: lock.release()`, or an acquire checked with `if not ok: return`: a lock on
    one side only, or a different lock on each, orders nothing), nor in the branch only the
    owning thread takes (`if self._owner == threading.current_thread():`, or after `if
    self._owner != threading.current_thread(): raise`, a re-entrant lock's re-entry, or `if
    self.is_owner():` when that method returns true only there). One thread that rebinds while
    the spawner waits for the join is fine, and so is an attribute of a `threading.local`: each
    thread has its own. Tasks started in a loop share an object each is handed, whether as an
    argument, bound by `functools.partial` or given to a bound method (`pool.submit(self.fetch,
    url, self.progress)`).

    ## Why is this bad?
    `n += 1` is a read, an add and a write: two threads interleave and updates are lost. Free-
    threaded CPython makes such races more frequent, not less.

    ## Example
    ```python
    def crawl(urls):
        fetched = 0
        def worker(chunk):
            nonlocal fetched
            fetched += 1
        threads = [threading.Thread(target=worker, args=(c,)) for c in chunks(urls)]
    ```

    ## Fix
    Guard the update with one `threading.Lock` shared by all threads, or have each thread return
    its count and add them up after the join.
    """

    code = "SSC204"
    name = "unsynchronized-rebinding"
    MESSAGE = "`{name}` ({kind}) is rebound by {target} {why}"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        kind: str  # "nonlocal", "global", "read-modify-write"
        target: Target
        why: Rebound
    HELP = "wrap the update in `with lock:` (one threading.Lock for all threads)"
    VALID = [
        Valid(
            "import threading\n"
            "def count(items):\n"
            "    n = 0\n"
            "    lock = threading.Lock()\n"
            "    def work(item):\n"
            "        nonlocal n\n"
            "        with lock:\n"
            "            n += 1\n"
            "    ts = [threading.Thread(target=work, args=(i,)) for i in items]\n"
            "    return ts\n"
        ),
        Valid(
            "import threading\n"
            "seen = threading.local()\n"
            "def work(item):\n"
            "    seen.n = getattr(seen, 'n', 0)\n"
            "    seen.n += 1\n"
            "def count(items):\n"
            "    return [threading.Thread(target=work, args=(i,)) for i in items]\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import threading\n"
            "def count(items):\n"
            "    n = 0\n"
            "    def work(item):\n"
            "        nonlocal n\n"
            "        n += 1\n"
            "    ts = [threading.Thread(target=work, args=(i,)) for i in items]\n"
            "    return ts\n",
            line=6,
            message="`n` (nonlocal) is rebound by `work` which runs on several threads at once"
            " (threading.Thread at line 7 starts one per iteration), outside a lock",
        ),
        Invalid(
            "import threading\n"
            "class Agent:\n"
            "    def __init__(self):\n"
            "        self.ticks = 0\n"
            "    def tick(self):\n"
            "        self.ticks += 1\n"
            "    def register(self):\n"
            "        threading.Timer(5, self.tick).start()\n"
            "agent = Agent()\n"
            "for _ in range(3):\n"
            "    agent.register()\n",
            line=6,
            message="`self.ticks` (read-modify-write) is rebound by `Agent.tick` which runs on several threads at"
            " once (`register` starts one with threading.Timer at line 8 each time it is called, and a loop"
            " calls it), outside a lock",
        ),
    ]


class RunningLoopOffThread(Rule):
    """The event loop running on the spawning thread, or a task or future that belongs to it,
    is used directly from another thread.

    ## What it does
    Flags a use of a running asyncio event loop (`asyncio.get_running_loop()`, the loop inside
    `asyncio.run`, `asyncio.get_event_loop()` in a coroutine or in the `__init__` of a class whose
    methods are coroutines, or the main thread's `asyncio.get_event_loop()` when the main thread
    runs it with `run_until_complete`/`run_forever`) by code on another thread, other than the
    thread-safe bridges `loop.call_soon_threadsafe(...)` and
    `asyncio.run_coroutine_threadsafe(coro, loop)`. A callback the loop is handed to run later
    (`loop.call_soon(cb)`, `loop.add_reader(fd, cb)`) runs on the loop's thread, not on the
    thread that hands it over.
    A task or future made on a running loop (`asyncio.create_task()`, `loop.create_future()`,
    `asyncio.Future()` or `asyncio.ensure_future()` inside a coroutine, or in the `__init__` of a
    class whose methods are coroutines, which its users make on the loop) belongs to that loop: its
    `set_result()`, `cancel()` or `add_done_callback()` from another thread is flagged the same way.
    Status reads (`done()`, `cancelled()`) are not. It holds the other way too: a loop that a
    thread of the project runs (`Thread(target=loop.run_forever)`) runs what the bridges hand it
    on that thread, so a task a coroutine makes there is flagged where the code that started the
    thread calls its `cancel()` directly.

    ## Why is this bad?
    The loop is in use by its own thread the whole time it runs; `loop.call_soon`,
    `loop.create_task` and friends from another thread race with it and may never wake it up.
    A future's `set_result()` schedules its callbacks with `loop.call_soon()`, so resolving it
    from a worker is the same race: the waiting coroutine may never wake, and asyncio's debug
    mode raises "Non-thread-safe operation invoked on an event loop other than the current one".

    ## Example
    ```python
    async def main():
        loop = asyncio.get_running_loop()
        threading.Thread(target=lambda: loop.call_soon(print, "done")).start()
    ```

    ## Fix
    Use `loop.call_soon_threadsafe(...)` or `asyncio.run_coroutine_threadsafe(coro, loop)`;
    resolve a future with `loop.call_soon_threadsafe(fut.set_result, value)`.
    """

    code = "SSC205"
    name = "running-loop-off-thread"
    MESSAGE = ("`{name}` ({desc}) {owner} and is used directly by {target} on another thread (line {use}); "
               "only the thread-safe bridges may be used there")

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        owner: Owner
        target: Target
        use: int
    HELP = "use loop.call_soon_threadsafe(...) or asyncio.run_coroutine_threadsafe(coro, loop)"
    VALID = [
        Valid(
            "import asyncio, threading\n"
            "class Client:\n"
            "    def __init__(self):\n"
            "        self.loop = None\n"
            "        self.waiting = {}\n"
            "        threading.Thread(target=self.reader, daemon=True).start()\n"
            "    async def ask(self, key):\n"
            "        self.loop = asyncio.get_running_loop()\n"
            "        self.waiting[key] = self.loop.create_future()\n"
            "        return await self.waiting[key]\n"
            "    def reader(self):\n"
            "        waiter = self.waiting.pop('k')\n"
            "        if not waiter.done():\n"
            "            self.loop.call_soon_threadsafe(waiter.set_result, 1)\n"
        ),
        Valid(
            "import asyncio, threading\n"
            "def job(loop):\n"
            "    loop.call_soon_threadsafe(print, 'done')\n"
            "async def main():\n"
            "    loop = asyncio.get_running_loop()\n"
            "    threading.Thread(target=job, args=(loop,)).start()\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import asyncio, threading\n"
            "def job(loop):\n"
            "    loop.call_soon(print, 'done')\n"
            "async def main():\n"
            "    loop = asyncio.get_running_loop()\n"
            "    threading.Thread(target=job, args=(loop,)).start()\n",
            line=6,
            message="`loop` (asyncio event loop, NotSync: obtained at line 5 by"
            " asyncio.get_running_loop()) runs on the spawning thread and is used directly by `job` on another thread (line 3)",
        ),
        Invalid(
            "import asyncio, threading\n"
            "class Client:\n"
            "    def __init__(self):\n"
            "        self.waiting = {}\n"
            "        threading.Thread(target=self.reader, daemon=True).start()\n"
            "    async def ask(self, key):\n"
            "        self.waiting[key] = asyncio.get_running_loop().create_future()\n"
            "        return await self.waiting[key]\n"
            "    def reader(self):\n"
            "        self.waiting.pop('k').set_result(1)\n",
            line=5,
            message="`self.waiting.pop('k')` (asyncio future, NotSync: created at line 7) belongs to the event"
            " loop running on the spawning thread and is used directly by `Client.reader` on another thread (line 10)",
        ),
    ]
