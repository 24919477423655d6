"""Flow-aware sharing: moves, join points, locks, bridges, shared state, Thread-subclass fields.

Each case is a small program and the exact (code, line) findings it must get; a fragment of the
first finding's message is checked where the wording matters to the user.
"""
from __future__ import annotations

import textwrap

import pytest

from sendsync.engine import Source, check_project


def findings(code: str):
    src = textwrap.dedent(code).lstrip("\n")
    found = check_project([Source("m.py", "m", False, src.encode())])
    return sorted(found, key=lambda d: d.sort_key())


PRELUDE = """
import asyncio, sqlite3, threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.pool import ThreadPool
from sendsync import NotSync

class Tok(NotSync):
    def go(self): pass

def use(tok): tok.go()
# snippets start on line 11
"""
# PRELUDE is 10 lines once dedented; snippets below start at line 11.

#: an object holding a loop known from its class's annotation, used by a worker; `{call}` is
#: how the worker hands the loop a callback
#: a global a thread updates; `bump()` does `{helper}` and `main()` does `{then}` after making the thread
_HITS = """
hits = 0
def work():
    global hits
    hits += 1
def bump():
    global hits
    {helper}
def main():
    global hits
    t = threading.Thread(target=work)
    {then}
"""

#: a field the thread's method updates; `run()` does `{then}` after making the thread
_COUNTER = """
class Counter:
    def __init__(self):
        self.n = 0
    def run(self):
        self.t = threading.Thread(target=self.work)
        {then}
    def bump(self):
        self.n += 1
    def work(self):
        self.n += 1
"""

#: a thread joined with a timeout, then `{check}`, then the object it was handed used
_TIMED_JOIN = """
def main(test):
    tok = Tok()
    t = threading.Thread(target=use, args=(tok,))
    t.start()
    t.join(timeout=1)
    {check}
    tok.go()
"""

_RUNNER = """
        class Runner:
            loop: asyncio.AbstractEventLoop
            def __init__(self):
                self.loop = asyncio.new_event_loop()
            def submit(self, cb):
                if self.loop.is_running():
                    self.loop.{call}(cb)
        runner = Runner()
        def work():
            runner.submit(print)
        def main():
            t = threading.Thread(target=work)
            t.start()
            runner.loop.run_forever()
        """

#: an object keeping the loop of the thread that builds it, handed a callback by `work`;
#: `{call}` is how it hands the loop the callback
_BRIDGE = """
        class Bridge:
            def __init__(self):
                self.loop = asyncio.get_event_loop()
            def notify(self, callback):
                self.loop.{call}(callback)
        def work(bridge):
            bridge.notify(print)
        """

#: a helper that starts a thread iterating a generator and hands both back
_SPAWNS_GENERATOR = """
        def gen():
            yield from range(10)
        def consume(it):
            for x in it:
                print(x)
        def spawn():
            g = gen()
            t = threading.Thread(target=consume, args=(g,))
            t.start()
            return t, g
        """

#: a coroutine that starts a thread setting an asyncio event and hands the event back
_RETURNS_EVENT = """
        def work(ev):
            ev.set()
        async def helper():
            ev = asyncio.Event()
            threading.Thread(target=work, args=(ev,)).start()
            return ev
        """

#: a client whose reader thread resolves the futures its coroutine waits on; `{resolve}` is
#: what the reader does with one
_PENDING = """
        class Client:
            def __init__(self, sock):
                self.sock = sock
                self.pending = {{}}
                self.loop = None
            def start(self):
                threading.Thread(target=self.read, daemon=True).start()
            def read(self):
                key, data = self.sock.recv()
                {resolve}
            async def ask(self, key):
                self.loop = asyncio.get_running_loop()
                self.pending[key] = self.loop.create_future()
                self.sock.send(key)
                return await self.pending[key]
        """

#: an asyncio future wrapping a concurrent one, made in a coroutine; `{resolve}` is how the
#: thread resolves it (the concurrent future is thread-safe, the asyncio one is not)
_WRAPPED = """
        import concurrent.futures
        class Ticket:
            def __init__(self):
                self.afut = self.cfut = None
            def work(self):
                {resolve}
            async def wait(self):
                self.cfut = concurrent.futures.Future()
                self.afut = asyncio.wrap_future(self.cfut)
                threading.Thread(target=self.work, daemon=True).start()
                return await self.afut
        """

#: an asyncio future a pool task fails; `{head}` says whether a loop runs `main`
_FILLED = """
        def fill(fut):
            fut.set_exception(RuntimeError("gone"))
        {head} main():
            fut = asyncio.Future()
            with ThreadPoolExecutor() as pool:
                {submit}
            {tail}
        """

#: a coroutine whose task a worker thread cancels; `{cancel}` is how the worker does it
_CANCELS = """
        async def tick():
            await asyncio.sleep(1)
        def stop(task):
            {cancel}
        async def main():
            task = asyncio.create_task(tick())
            await asyncio.to_thread(stop, task)
        """

#: a field that keeps a future, or what awaiting it gives (`{keep}`), used by another thread
_AWAITS = """
        def work(fut):
            fut.get_loop().call_soon_threadsafe(fut.set_result, 1)
        class Db:
            def __init__(self):
                self.conn = None
            def start(self):
                threading.Thread(target=self.close).start()
            def close(self):
                self.conn.cancel()
            async def open(self):
                fut = asyncio.get_running_loop().create_future()
                threading.Thread(target=work, args=(fut,)).start()
                self.conn = {keep}
        """

def _deep(calls: int) -> str:
    """A thread that resolves the caller's future ``calls`` helper calls below its root."""
    chain = "".join(f"        def resolve{n}(fut):\n            resolve{n - 1}(fut)\n" for n in range(1, calls + 1))
    return ("""
        def resolve0(fut):
            fut.set_result(1)
""" + chain + f"""        async def main():
            fut = asyncio.get_running_loop().create_future()
            threading.Thread(target=resolve{calls}, args=(fut,)).start()
            await fut
        """)


#: a loop run by a thread the constructor starts, with a coroutine handed to it; `{send}` and
#: `{stop}` are how the main thread talks to it
_LOOP_THREAD = """
        class Network:
            def __init__(self):
                self.loop = asyncio.new_event_loop()
                self.queue = asyncio.Queue()
                self.task = None
                threading.Thread(target=self.loop.run_forever, daemon=True).start()
                asyncio.run_coroutine_threadsafe(self.begin(), self.loop).result()
            async def begin(self):
                self.task = asyncio.ensure_future(self.pump())
            async def pump(self):
                while True:
                    print(await self.queue.get())
            def send(self, item):
                {send}
            def stop(self):
                {stop}
        def main():
            net = Network()
            net.send(1)
            net.stop()
        """
#: a pool task's future turned into a future of a loop a thread runs; `{resolve}` is how the
#: done-callback (on the pool's thread) resolves it
_WRAPS = """
        class Comm:
            def __init__(self):
                self.loop = asyncio.new_event_loop()
                self.pool = ThreadPoolExecutor()
                threading.Thread(target=self.loop.run_forever, daemon=True).start()
            def wrap(self, job):
                aio = self.loop.create_future()
                def done(finished):
                    {resolve}
                self.pool.submit(job).add_done_callback(done)
                return aio
        """
#: a loop on a thread, handed back up two calls to a caller that gives it `work`; `{start}` is
#: how the thread gets its loop, `{use}` what the caller does with it
_LOOP_GETTER = """
        class Service:
            def __init__(self):
                self.loop = None
            def start_loop(self):
{start}
                return self.loop
            def get_loop(self):
                return self.start_loop()
            def use(self, work):
                loop = self.get_loop()
                {use}
        """
#: the thread obtains its running loop inside `asyncio.run` (synchronicity's shape)
_RUN_INSIDE = """\
                ready = threading.Event()
                def thread_inner():
                    async def loop_inner():
                        self.loop = asyncio.get_running_loop()
                        ready.set()
                        await asyncio.sleep(3600)
                    asyncio.run(loop_inner())
                threading.Thread(target=thread_inner, daemon=True).start()
                ready.wait()"""
#: the loop is made once and handed to a thread as its target
_RUN_TARGET = """\
                if self.loop is None:
                    self.loop = asyncio.new_event_loop()
                    threading.Thread(target=self.loop.run_forever, daemon=True).start()"""
#: a helper that starts a loop on a thread and returns it; `{keep}` is what the caller does
_BACKGROUND = """
        def start_background_loop():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, daemon=True).start()
            return loop
        class Client:
            def __init__(self):
                {keep}
        """
#: a task made on a loop thread by a bridged coroutine and handed back through the bridge's
#: future; `{close}` is how the main thread cancels it
_OPENS = """
        class Streams:
            def __init__(self):
                self.loop = asyncio.new_event_loop()
                threading.Thread(target=self.loop.run_forever, daemon=True).start()
            async def pump(self):
                await asyncio.sleep(1)
            async def make(self):
                return asyncio.create_task(self.pump())
            def open(self):
                return asyncio.run_coroutine_threadsafe(self.make(), self.loop).result()
            def close(self, task):
                {close}
        def main():
            s = Streams()
            s.close(s.open())
        """
_SEND_SAFE = "self.loop.call_soon_threadsafe(self.queue.put_nowait, item)"
_STOP_SAFE = "self.loop.call_soon_threadsafe(self.task.cancel)"

#: an asyncio client (it has coroutine methods) that takes the loop and its futures in its plain
#: `__init__`, and a blocking library-style socket whose `connect`, run in an executor, calls
#: the client back on the executor's thread; `{head}` is the client's other method, `{opened}`
#: what the callback does
_CALLED_BACK = """
        class Sock:
            def __init__(self):
                self.on_open = None
            def connect(self, host):
                self.on_open(7)
        class Client:
            def __init__(self, host):
                self._loop = asyncio.get_event_loop()
                self._connected = asyncio.Future()
                self._sock = Sock()
                self._sock.on_open = self._on_open
                self.host = host
            {head}(self):
                await self._loop.run_in_executor(None, self._sock.connect, self.host)
                await self._connected
            def _on_open(self, fd):
                {opened}
            def _on_read(self):
                self._connected.set_result(True)
        """

#: a worker thread that makes the caller's running loop its current one (a reference kept per
#: thread, the loop untouched); `{schedule}` is how it then gives the loop work
_SETS_LOOP = """
        class Worker:
            async def start(self):
                self.loop = asyncio.get_running_loop()
                threading.Thread(target=self.work, daemon=True).start()
            def work(self):
                asyncio.set_event_loop(self.loop)
                {schedule}
            async def job(self):
                pass
        """

#: a loop made for a thread in one branch, the running one used in the other; `{head}` is what
#: holds both (a loop, or a block run once)
_BRANCHES = """
        def start(modes):
            {head}
                if mode:
                    loop = asyncio.new_event_loop()
                    def run():
                        loop.run_until_complete(asyncio.sleep(0))
                    threading.Thread(target=run).start()
                else:
                    loop = asyncio.get_running_loop()
                    loop.call_soon(print)
        """

#: an object whose method a thread runs, held in a variable of the spawner's; `{then}` is
#: the spawner's body (in `main`, line 23 on)
_CLIENT = """
    class Client:
        def __init__(self):
            self.n = self.m = 0
            self.lock = threading.Lock()
        def run(self):
            self.n += 1
        def bump(self):
            self.n += 1
        def locked(self):
            with self.lock:
                self.n += 1
    def main():
        {then}
    """

#: module-level functions `_CLIENT`'s `main` may hand its object to: `bump` updates
#: its field; `finish` joins the object's thread (through a call) before it does
_BUMP = """
    def bump(x):
        x.n += 1
    """
_FINISH = """
    def finish(x):
        settle(x)
        x.n += 1
    def settle(x):
        x.t.join()
    """

#: a Thread subclass whose run() updates a field through a method; `{then}` follows `w = Worker()`
#: in `main` (line 21 on)
_WORKER = """
    class Worker(threading.Thread):
        def __init__(self):
            super().__init__()
            self.n = 0
        def run(self):
            self.tick()
        def tick(self):
            self.n += 1
    def main():
        w = Worker()
        {then}
    """

#: the same Thread subclass, kept in a field of the object whose method starts it; `{then}`
#: follows `self.w = Worker()` in `App.go` (line 22 on)
_WORKER_IN_FIELD = _WORKER.replace("    def main():\n        w = Worker()\n        {then}",
                                   "    class App:\n        def go(self):\n            self.w = Worker()\n"
                                   "            {then}")

#: the same Thread subclass, started by the module's own code; `{then}` follows `w = Worker()`
#: (line 20 on)
_WORKER_AT_MODULE = _WORKER.replace("    def main():\n        w = Worker()\n        {then}",
                                    "    w = Worker()\n    {then}")

#: a Thread subclass whose method starts its own thread; `{then}` is `connect`'s body (line 22 on)
_SELF_START = """
    LOCK = threading.Lock()
    class Client(threading.Thread):
        def __init__(self):
            super().__init__(daemon=True)
            self.n = self.m = 0
        def run(self):
            self.tick()
        def tick(self):
            self.n += 1
            return self.n
        def connect(self):
            {then}
    """

#: a method of `self` run by a thread whose handle `go` then does `{then}` with, before its update
_SELF_HANDLE = """
    def wait(t):
        t.join()
    class Counter:
        def __init__(self):
            self.n = 0
        def tick(self):
            self.n += 1
        def go(self):
            t = threading.Thread(target=self.tick)
            t.start()
            {then}
            self.n += 1
    """

#: a nonlocal the thread updates under a lock; the spawner does `{then}` before the join (line 20)
_NONLOCAL_LOCKED = """
    def main():
        n = 0
        lock = threading.Lock()
        def work():
            nonlocal n
            with lock:
                n += 1
        t = threading.Thread(target=work)
        t.start()
        {then}
        t.join()
    """

#: a coroutine method that updates a field, and workers on three threads that do `{call}`
_PARSER = """
    class Parser:
        def __init__(self):
            self.pos = 0
        async def read(self):
            self.pos += 1
        def read_now(self):
            self.pos += 1
    parser = Parser()
    def worker():
        {call}
    for _ in range(3):
        threading.Thread(target=worker).start()
    """

#: a client whose lock a subclass's constructor replaces; `{make}` makes the object three
#: workers share
_SUBCLASS_LOCK = """
    class Base:
        def __init__(self):
            pass
    class Client(Base):
        def __init__(self):
            super().__init__()
            self._lock = threading.RLock()
        def get(self):
            with self._lock:
                return 1
    class Pipeline(Client):
        def __init__(self, lock):
            self._lock = lock
    async def on_loop():
        Pipeline(asyncio.Lock())
    def main():
        client = {make}
        def worker():
            client.get()
        for _ in range(3):
            threading.Thread(target=worker).start()
    """

#: a bus whose watcher keeps the event it is told of, in a parameter annotated with a class
#: some of whose objects hold a Tok; the workers publish `{event}` (`main`'s parameter: `{param}`)
_BUS = """
    class Opened:
        def __init__(self, tok):
            self.tok = tok
    class Closed:
        pass
    class Watcher:
        def __init__(self):
            self._seen = None
        def notify(self, event: Opened):
            self._seen = event
            self.check()
        def check(self):
            self._seen.tok.go()
    class Bus:
        def __init__(self):
            self._watchers = [Watcher()]
        def publish(self, event):
            for w in self._watchers:
                w.notify(event)
    def opened_elsewhere(bus):
        bus.publish(Opened(Tok()))
    def main({param}):
        bus = Bus()
        def worker():
            bus.publish({event})
        for _ in range(3):
            threading.Thread(target=worker).start()
    """

#: a client whose queue a thread puts on; the coroutine that started it does `{use}` before
#: the join
_QUEUE_CLIENT = """
    class Client:
        def __init__(self):
            self._queue = asyncio.Queue()
            self._http = None
        def capture(self, x):
            self._queue.put_nowait(x)
        def close(self):
            \"\"\"Forget the session.\"\"\"
            self._http = None
        async def aclose(self):
            self._http = None
        def drain(self):
            while not self._queue.empty():
                self._queue.get_nowait()
        def detach(self):
            self._http = None
            return self._queue
    async def main():
        client = Client()
        t = threading.Thread(target=lambda: client.capture(1))
        t.start()
        {use}
        t.join()
    """

#: a connection whose constructor keeps `{kept}` of the retry policy it is given (or a new one)
#: and updates what it keeps; workers make connections from one shared policy and rebind another
#: connection's policy
_RETRY = """
    import copy
    class Retry:
        def __init__(self):
            self._errors = ()
        def update(self, more):
            self._errors = tuple(set(self._errors + tuple(more)))
    class Conn:
        def __init__(self, retry=None, errors=()):
            if retry is None:
                self.retry = Retry()
            else:
                self.retry = {kept}
            if errors:
                self.retry.update(errors)
        def share(self, retry):
            self.retry = retry
    SHARED = Retry()
    def worker():
        Conn(SHARED, [KeyError])
        Conn().share(SHARED)
    def main():
        for _ in range(3):
            threading.Thread(target=worker).start()
    """

#: a loop run by a thread, and a sync method that hands a coroutine to a helper; `{helper}`
#: is the helper's body
_BRIDGE_HELPER = """
    def run_coro(aw, loop, timeout):
        {helper}
    class Zeroconf:
        def __init__(self):
            self.loop = asyncio.new_event_loop()
            threading.Thread(target=self.loop.run_forever, daemon=True).start()
        async def async_wait(self, timeout):
            self.loop.call_later(timeout, print, "tick")
        def wait(self, timeout):
            run_coro(self.async_wait(timeout), self.loop, timeout + 1)
    def inject(zc):
        async def _inject():
            print(zc)
        asyncio.run_coroutine_threadsafe(_inject(), zc.loop).result()
    def test():
        zc = Zeroconf()
        threading.Thread(target=zc.wait, args=(0.1,)).start()
        inject(zc)
    """

#: a loop a thread runs, handed to a helper; `{first}` and `{last}` are what the helper does
_LOOP_HELPER = """
    async def _all_tasks(loop):
        return asyncio.all_tasks(loop)
    def shutdown_loop(loop):
        pending = {first}
        print(pending)
        {last}
    def main():
        loop = asyncio.new_event_loop()
        t = threading.Thread(target=loop.run_forever, daemon=True)
        t.start()
        shutdown_loop(loop)
        t.join()
    """

CASES = [
    # --- moves and join points ------------------------------------------------------------
    ("move-then-join", """
        def main():
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            t.join()
            tok.go()
        """, [], None),
    ("use-before-join", """
        def main():
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            tok.go()
            t.join()
        """, [("SSC202", 13)], "is still used at line 15 while the thread started at line 14"),
    ("join-with-timeout-is-no-join-point", """
        def main():
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            t.join(timeout=1)
            tok.go()
        """, [("SSC202", 13)], "still used at line 16"),
    # ... unless the code goes on only once the thread is known to have ended
    ("join-with-timeout-then-asserted-dead", _TIMED_JOIN.format(check="test.assertFalse(t.is_alive())"), [], None),
    ("join-with-timeout-then-refused-if-alive", _TIMED_JOIN.format(
        check='if t.is_alive():\n        raise TimeoutError("worker hangs")'), [], None),
    ("join-with-timeout-then-only-logs-if-alive", _TIMED_JOIN.format(
        check='if t.is_alive():\n        print("worker hangs")'), [("SSC202", 13)], "still used at line 18"),
    ("join-with-timeout-in-a-with-then-asserted-dead-after-it", """
        def main(test, lock):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            with lock:
                t.start()
                t.join(timeout=1)
            test.assertFalse(t.is_alive())
            tok.go()
        """, [], None),
    ("join-with-timeout-then-a-check-whose-raise-is-caught", _TIMED_JOIN.format(
        check='try:\n        if t.is_alive():\n            raise TimeoutError("worker hangs")\n'
              '    except TimeoutError:\n        pass'), [("SSC202", 13)], "still used at line 21"),
    ("join-with-timeout-then-a-check-of-another-thread", _TIMED_JOIN.format(
        check="t = threading.Thread(target=print)\n    test.assertFalse(t.is_alive())"),
        [("SSC202", 13)], "still used at line 18"),
    # one worker runs the tasks one at a time
    ("tasks-of-a-one-worker-pool-update-a-global~clean", """
        hits = 0
        def work(x):
            global hits
            hits += x
        def main(items):
            with ThreadPoolExecutor(max_workers=1) as pool:
                for x in items:
                    pool.submit(work, x)
        """, [], None),
    ("join-in-a-branch-may-be-skipped", """
        def main(fast):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if not fast:
                t.join()
            tok.go()
        """, [("SSC202", 13)], "still used at line 17 while the thread started at line 14"),
    ("join-in-an-except-block-may-be-skipped", """
        def main():
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            try:
                print("waiting")
            except KeyboardInterrupt:
                t.join()
                raise
            tok.go()
        """, [("SSC202", 13)], "still used at line 20"),
    ("join-in-one-elif-may-be-skipped", """
        def main(mode):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if mode == "fast":
                print("not waiting")
            elif mode == "slow":
                t.join()
            tok.go()
        """, [("SSC202", 13)], "still used at line 19 while the thread started at line 14"),
    ("join-in-the-else-may-be-skipped", """
        def main(fast):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if fast:
                print("not waiting")
            else:
                t.join()
            tok.go()
        """, [("SSC202", 13)], "still used at line 19"),
    # every branch of the chain joins, leaves, or waits in its own way
    ("elif-chains-that-join-on-every-way-on", """
        def every_branch(mode):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if mode == "a":
                t.join()
            elif mode == "b":
                t.join(5)
                t.join()
            else:
                t.join()
            tok.go()
        def the_others_leave(mode):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if mode == "a":
                return
            elif mode == "b":
                t.join()
            else:
                raise ValueError(mode)
            tok.go()
        def polls(mode):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if mode == "a":
                t.join()
            else:
                while t.is_alive():
                    pass
            tok.go()
        def asks(mode):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if mode == "a":
                pass
            elif t.is_alive():
                t.join()
            tok.go()
        """, [], None),
    # the branch without the join leaves, or may join, in a way one statement does not show
    ("branches-that-leave-or-join-out-of-sight", """
        import sys
        def nested_leave(mode, strict):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if mode == "detach":
                if strict:
                    return
                else:
                    raise ValueError(mode)
            else:
                t.join()
            tok.go()
        def exits(detach):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if detach:
                print("detached")
                sys.exit(0)
            else:
                t.join()
            tok.go()
        def through_a_closure(force):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            def finish():
                t.join()
            t.start()
            if force:
                finish()
            else:
                t.join()
            tok.go()
        """, [], None),
    ("join-after-or-may-be-skipped", """
        def main(fast):
            tok = Tok()
            fut = ThreadPoolExecutor().submit(use, tok)
            fast or fut.result()
            tok.go()
        """, [("SSC202", 13)], "still used at line 15"),
    # a join skipped on one way, and yet run on every way to the use
    ("joins-on-every-way-to-the-use", """
        def branches(verbose, timeout, parallel):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if verbose:
                t.join()
                tok.go()
            elif timeout is None:
                t.join()
            else:
                t.join(timeout)
                if t.is_alive():
                    raise TimeoutError
            tok.go()
        def flag(parallel):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            if parallel:
                t.start()
            print("working")
            if parallel:
                t.join()
            tok.go()
        def finally_(quiet):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if not quiet:
                print("started")
            try:
                print("work")
            finally:
                if quiet:
                    t.join()
                else:
                    t.join()
            tok.go()
        def optional(background):
            tok = Tok()
            if background:
                t = threading.Thread(target=use, args=(tok,))
                t.start()
                if background > 1:
                    t.join()
                    return
                t.join()
            tok.go()
        def polite(patient):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if patient:
                t.join()
            else:
                while t.is_alive():
                    t.join(0.2)
            tok.go()
        def early(wait):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if not wait:
                return
            if wait:
                t.join()
            tok.go()
        def or_leave(wait):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            if wait:
                t.join()
            else:
                raise SystemExit
            tok.go()
        def pooled(verbose):
            tok = Tok()
            with ThreadPoolExecutor() as pool:
                fut = pool.submit(use, tok)
                if verbose:
                    fut.result()
            tok.go()
        def polled(items):
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            for item in items:
                if item:
                    t.join()
                else:
                    continue
                tok.go()
        def tried():
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            t.start()
            try:
                print("work")
            except Exception:
                t.join()
                raise
            else:
                t.join()
            tok.go()
        """, [], None),
    ("use-before-start-is-fine", """
        def main():
            tok = Tok()
            t = threading.Thread(target=use, args=(tok,))
            tok.go()
            t.start()
            t.join()
        """, [], None),
    ("thread-kept-in-a-field-starts-at-its-start-call", """
        class Owner:
            def run(self):
                tok = Tok()
                self._thread = threading.Thread(target=use, args=(tok,))
                self._thread.start()
                tok.go()
        """, [("SSC202", 14)], "is still used at line 16 while the thread started at line 15"),
    ("starting-a-thread-kept-in-a-field-is-no-use", """
        class Owner:
            def __init__(self):
                self.tok = Tok()
                self._thread = threading.Thread(target=self.work)
                self._thread.start()
            def work(self):
                self.tok.go()
        """, [], None),
    ("thread-kept-in-a-field-joined-there", """
        class Owner:
            def run(self):
                tok = Tok()
                self._thread = threading.Thread(target=use, args=(tok,))
                self._thread.start()
                self._thread.join()
                tok.go()
        """, [], None),
    ("a-plain-field-of-the-holder-is-not-what-makes-it-notsync", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.started = []
            def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.started.append(t)
            def work(self):
                self.tok.go()
        """, [], None),
    ("the-notsync-field-of-the-holder-used-after-start", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.started = []
            def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.tok.go()
            def work(self):
                self.tok.go()
        """, [("SSC202", 16)], "still used at line 18"),
    ("a-method-of-the-holder-after-start-is-an-operation", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
            def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.work()
            def work(self):
                self.tok.go()
        """, [("SSC202", 15)], "still used at line 17"),
    ("a-field-filled-with-notsync-values-is-not-plain", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.more = []
            def go(self):
                self.more.append(Tok())
                t = threading.Thread(target=self.work)
                t.start()
                self.more[0].go()
            def work(self):
                self.tok.go()
                self.more[0].go()
        """, [("SSC202", 17)], "still used at line 19"),
    ("another-notsync-field-of-the-holder-is-not-what-the-thread-uses", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.tasks = []
            async def go(self):
                self.tasks.append(asyncio.ensure_future(asyncio.sleep(1)))
                t = threading.Thread(target=self.work)
                t.start()
                for task in self.tasks:
                    task.cancel()
                t.join()
            def work(self):
                self.tok.go()
        """, [], None),
    ("another-field-of-the-holder-holding-a-task-of-its-own-coroutine", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.tasks = []
            async def go(self):
                self.tasks.append(asyncio.ensure_future(self.consume()))
                t = threading.Thread(target=self.work)
                t.start()
                for task in self.tasks:
                    task.cancel()
                t.join()
            async def consume(self):
                self.tok.go()
            def work(self):
                self.tok.go()
        """, [("SSC202", 17)], "still used at line 19"),
    ("another-field-of-the-holder-holding-a-cursor-of-what-the-thread-uses", """
        class Holder:
            def __init__(self):
                self.conn = sqlite3.connect("db", check_same_thread=False)
                self.cur = self.conn.cursor()
            def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.cur.execute("select 1")
                t.join()
            def work(self):
                self.conn.execute("select 1")
        """, [("SSC202", 16)], "still used at line 18"),
    ("a-method-of-the-holder-that-touches-only-another-field", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.ready = asyncio.Event()
            async def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.reset()
                t.join()
            def reset(self):
                self.ready.clear()
            def work(self):
                self.tok.go()
        """, [], None),
    ("a-method-of-the-holder-that-touches-the-field-the-thread-uses", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.ready = asyncio.Event()
            async def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.reset()
                t.join()
            def reset(self):
                self.ready.clear()
                self.tok.go()
            def work(self):
                self.tok.go()
        """, [("SSC202", 16)], "still used at line 18"),
    ("a-method-of-the-holder-that-calls-another-one", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.ready = asyncio.Event()
            async def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.reset()
                t.join()
            def reset(self):
                self.ready.clear()
                self.more()
            def more(self):
                self.tok.go()
            def work(self):
                self.tok.go()
        """, [("SSC202", 16)], "still used at line 18"),
    ("another-field-of-the-holder-holding-the-same-kind-of-object", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.others = []
            def go(self):
                self.others.append(Tok())
                t = threading.Thread(target=self.work)
                t.start()
                for o in self.others:
                    o.go()
            def work(self):
                self.tok.go()
        """, [("SSC202", 17)], "still used at line 19"),
    ("another-field-of-the-holder-holding-what-the-thread-uses", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.others = []
            def go(self):
                self.others.append(self.tok)
                t = threading.Thread(target=self.work)
                t.start()
                for o in self.others:
                    o.go()
            def work(self):
                self.tok.go()
        """, [("SSC202", 17)], "still used at line 19"),
    ("another-field-of-the-holder-holding-an-object-that-may-reach-it", """
        class View:
            def __init__(self, owner):
                self.owner = owner
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.view = View(self)
            def go(self):
                t = threading.Thread(target=self.work)
                t.start()
                self.view.owner.tok.go()
            def work(self):
                self.tok.go()
        """, [("SSC202", 19)], "still used at line 21"),
    ("future-result-is-a-join-point", """
        def main():
            tok = Tok()
            with ThreadPoolExecutor() as ex:
                f = ex.submit(use, tok)
                f.result()
                tok.go()
        """, [], None),
    ("leaving-with-executor-is-a-join-point", """
        def main():
            tok = Tok()
            with ThreadPoolExecutor() as ex:
                ex.submit(use, tok)
            tok.go()
        """, [], None),
    ("use-inside-with-executor", """
        def main():
            tok = Tok()
            with ThreadPoolExecutor() as ex:
                ex.submit(use, tok)
                tok.go()
        """, [("SSC202", 14)], "still used at line 15"),
    ("apply-async-get-is-a-join-point", """
        def main():
            tok = Tok()
            pool = ThreadPool(2)
            r = pool.apply_async(use, (tok,))
            r.get()
            tok.go()
        """, [], None),
    ("pool-close-join-is-a-join-point", """
        def main():
            tok = Tok()
            pool = ThreadPool(2)
            pool.apply_async(use, (tok,))
            pool.close()
            pool.join()
            tok.go()
        """, [], None),
    ("awaited-to-thread-is-joined", """
        async def main():
            tok = Tok()
            await asyncio.to_thread(use, tok)
            tok.go()
        """, [], None),
    ("spawn-in-loop-shares", """
        def main():
            tok = Tok()
            for _ in range(3):
                threading.Thread(target=use, args=(tok,)).start()
        """, [("SSC201", 14)], "inside a loop"),
    ("value-made-per-iteration-is-moved", """
        def main():
            for _ in range(3):
                tok = Tok()
                threading.Thread(target=use, args=(tok,)).start()
        """, [], None),
    ("two-submits-before-result", """
        def main():
            tok = Tok()
            with ThreadPoolExecutor() as ex:
                a = ex.submit(use, tok)
                b = ex.submit(use, tok)
        """, [("SSC201", 15)], "handed to a second task at line 15 while the task from line 14"),
    # --- locks ------------------------------------------------------------------------------
    ("both-sides-under-one-lock", """
        def main():
            tok = Tok()
            lock = threading.Lock()
            def work():
                with lock:
                    tok.go()
            t = threading.Thread(target=work)
            t.start()
            with lock:
                tok.go()
            t.join()
        """, [], None),
    ("guarded-on-one-side-only", """
        def main():
            tok = Tok()
            lock = threading.Lock()
            def work():
                tok.go()
            t = threading.Thread(target=work)
            t.start()
            with lock:
                tok.go()
            t.join()
        """, [("SSC202", 15)], "(the thread's use at line 15 holds no lock)"),
    ("acquire-try-finally-release", """
        def main():
            tok = Tok()
            lock = threading.RLock()
            def work():
                lock.acquire()
                try:
                    tok.go()
                finally:
                    lock.release()
            for _ in range(3):
                threading.Thread(target=work).start()
        """, [], None),
    ("two-different-locks-do-not-guard", """
        def main():
            tok = Tok()
            a, b = threading.Lock(), threading.Lock()
            def work():
                with a:
                    tok.go()
            t = threading.Thread(target=work)
            t.start()
            with b:
                tok.go()
            t.join()
        """, [("SSC202", 16)], None),
    # --- bridges ----------------------------------------------------------------------------
    ("future-only-handed-to-a-bridge", """
        async def main():
            loop = asyncio.get_running_loop()
            fut = loop.create_future()
            def work():
                loop.call_soon_threadsafe(fut.set_result, 1)
            t = threading.Thread(target=work)
            t.start()
            await fut
            t.join()
        """, [], None),
    ("running-loop-used-directly", """
        async def main():
            loop = asyncio.get_running_loop()
            threading.Thread(target=lambda: loop.create_task(asyncio.sleep(0))).start()
        """, [("SSC205", 13)], "used directly by the lambda on another thread (line 13)"),
    # get_event_loop() inside a coroutine is the loop running it (prompt-toolkit's 2e28beec
    # moved such a worker's loop.call_soon to call_soon_threadsafe)
    ("event-loop-got-inside-a-coroutine-is-running", """
        def work(loop):
            loop.call_soon(print)
        async def main():
            loop = asyncio.get_event_loop()
            await loop.run_in_executor(None, work, loop)
        """, [("SSC205", 15)], "`loop` (asyncio event loop, NotSync: obtained at line 14 by asyncio.get_event_loop())"
                               " runs on the spawning thread and is used directly by `work`"),
    ("event-loop-got-inside-a-coroutine-through-its-bridge", """
        def work(loop):
            loop.call_soon_threadsafe(print)
        async def main():
            loop = asyncio.get_event_loop()
            await loop.run_in_executor(None, work, loop)
        """, [], None),
    # outside a coroutine, on the main thread, get_event_loop() is the main thread's own loop,
    # running there once the main thread runs it (prompt-toolkit's 2e28beec: a loop kept in a
    # field from the main thread's get_event_loop(), handed callbacks from executor threads)
    ("main-thread-loop-in-a-field-used-by-an-executor", _BRIDGE.format(call="call_soon") + """
        def main():
            bridge = Bridge()
            loop = asyncio.get_event_loop()
            loop.run_until_complete(loop.run_in_executor(None, work, bridge))
        """, [("SSC205", 15)], "`self.loop` (asyncio event loop, NotSync: obtained at line 13 by"
                               " asyncio.get_event_loop()) runs on the spawning thread and is used directly by `work`"),
    ("main-thread-loop-in-a-field-through-its-bridge", _BRIDGE.format(call="call_soon_threadsafe") + """
        def main():
            bridge = Bridge()
            loop = asyncio.get_event_loop()
            loop.run_until_complete(loop.run_in_executor(None, work, bridge))
        """, [], None),
    ("main-thread-loop-that-the-main-thread-never-runs", _BRIDGE.format(call="call_soon") + """
        def main():
            t = threading.Thread(target=work, args=(Bridge(),))
            t.start()
            t.join()
        """, [], None),
    ("main-thread-loop-run-at-module-level", """
        LOOP = asyncio.get_event_loop()
        def work():
            LOOP.call_soon(print)
        def start():
            threading.Thread(target=work).start()
        if __name__ == "__main__":
            start()
            asyncio.get_event_loop().run_forever()
        """, [("SSC205", 13)], "`LOOP` (asyncio event loop, NotSync: obtained at line 11"),
    # handing the object back to the caller operates on nothing (a loop started on its own
    # thread and returned for the caller's bridges: a common helper)
    ("loop-run-on-a-thread-and-returned", """
        def start():
            loop = asyncio.new_event_loop()
            t = threading.Thread(target=loop.run_forever)
            t.start()
            return loop
        """, [], None),
    ("loop-run-on-a-thread-and-returned-with-the-thread", """
        def start():
            loop = asyncio.new_event_loop()
            def run():
                loop.run_forever()
            t = threading.Thread(target=run)
            t.start()
            return loop, t
        """, [], None),
    ("loop-run-on-a-thread-used-before-it-is-returned", """
        def start():
            loop = asyncio.new_event_loop()
            t = threading.Thread(target=loop.run_forever)
            t.start()
            loop.call_soon(print)
            return loop
        """, [("SSC205", 15)], "`loop` (asyncio event loop, NotSync: created at line 12) runs on the thread started at "
        "line 14 and is used directly by `start`"),
    # a method bound on one thread runs on the thread that calls it (caproto's bdc7672: a
    # keyboard thread called an asyncio queue's put_nowait, handed over as a callback)
    ("bound-method-of-a-loop-object-called-by-the-thread", """
        def monitor(callback):
            callback("x")
        async def main():
            queue = asyncio.Queue()
            t = threading.Thread(target=monitor, args=(queue.put_nowait,))
            t.start()
            await queue.get()
        """, [("SSC202", 15)], "`queue` (asyncio queue, NotSync: created at line 14) is still used at line 17"),
    ("bound-method-of-a-loop-object-called-through-the-bridge", """
        def monitor(loop, callback):
            loop.call_soon_threadsafe(callback, "x")
        async def main():
            queue = asyncio.Queue()
            loop = asyncio.get_running_loop()
            t = threading.Thread(target=monitor, args=(loop, queue.put_nowait))
            t.start()
            await queue.get()
        """, [], None),
    # ... but what the caller does with it next is a use (a future resolved by a worker's
    # done-callback, handed back and awaited while the worker may be setting it)
    ("future-returned-then-awaited-by-the-caller", """
        def wrap(job, loop):
            waiter = loop.create_future()
            def on_done(finished):
                waiter.set_result(finished.result())
            job.add_done_callback(on_done)
            return waiter
        async def main():
            with ThreadPoolExecutor() as pool:
                waiter = wrap(pool.submit(print), asyncio.get_running_loop())
                await waiter
        """, [("SSC205", 14)], "`waiter` (asyncio future, NotSync: created at line 12) belongs to the event loop"),
    # the caller's next use, however it takes the result: unpacked from a returned tuple,
    # iterated, passed on, from a method, or awaited from a coroutine
    ("generator-returned-in-a-tuple-then-advanced", _SPAWNS_GENERATOR + """
        def main():
            t, g = spawn()
            print(next(g))
            t.join()
        """, [("SSC202", 18)], "is still used at line 24"),
    ("generator-returned-in-a-tuple-and-only-its-thread-joined", _SPAWNS_GENERATOR + """
        def main():
            t, g = spawn()
            t.join()
        """, [], None),
    ("generator-returned-then-iterated-by-the-caller", _SPAWNS_GENERATOR.replace("return t, g", "return g")
     + """
        def main():
            for v in spawn():
                print(v)
        """, [("SSC202", 18)], "is still used at line 23"),
    ("event-returned-by-a-coroutine-and-left-alone", _RETURNS_EVENT + """
        async def main():
            ev = await helper()
            print("not touching it")
        """, [], None),
    ("event-returned-by-a-coroutine-then-set", _RETURNS_EVENT + """
        async def main():
            ev = await helper()
            ev.set()
        """, [("SSC202", 15)], "is still used at line 20"),
    ("running-loop-through-run-coroutine-threadsafe", """
        async def tick(): pass
        def work(loop):
            asyncio.run_coroutine_threadsafe(tick(), loop).result()
            loop.call_soon_threadsafe(print, "done")
        async def main():
            loop = asyncio.get_running_loop()
            threading.Thread(target=work, args=(loop,)).start()
        """, [], None),
    ("thread-only-asks-a-future-its-status", """
        def work(loop, fut):
            if not fut.cancelled() and not fut.done():
                loop.call_soon_threadsafe(fut.set_result, None)
        async def main():
            loop = asyncio.get_running_loop()
            fut = loop.create_future()
            t = threading.Thread(target=work, args=(loop, fut))
            t.start()
            await fut
            t.join()
        """, [], None),
    ("thread-sets-a-future-directly", """
        def work(loop, fut):
            fut.set_result(None)
        async def main():
            loop = asyncio.get_running_loop()
            fut = loop.create_future()
            t = threading.Thread(target=work, args=(loop, fut))
            t.start()
            fut.add_done_callback(print)
            t.join()
        """, [("SSC205", 16)], "`fut` (asyncio future, NotSync: created at line 15) belongs to the event loop"),
    ("spawner-uses-only-a-thread-safe-field", """
        class Svc(NotSync):
            def __init__(self):
                self.pool = None
                self.pool = ThreadPoolExecutor()
                self.n = 0
            def stop(self): self.pool.shutdown(wait=True)
        def main():
            s = Svc()
            t = threading.Thread(target=s.stop)
            t.start()
            s.pool.shutdown(wait=False)
            t.join()
        """, [], None),
    ("spawner-uses-a-plain-field", """
        class Svc(NotSync):
            def __init__(self):
                self.pool = ThreadPoolExecutor()
                self.n = 0
            def stop(self):
                self.n = -1
                self.pool.shutdown(wait=True)
        def main():
            s = Svc()
            t = threading.Thread(target=s.stop)
            t.start()
            s.n += 1
            t.join()
        """, [("SSC202", 20)], "is still used at line 22"),
    # a task or future made on a running loop belongs to that loop: the loop's thread steps it
    # and runs its callbacks, so another thread goes through a bridge to touch it
    ("reader-thread-resolves-pending-futures", _PENDING.format(resolve="self.pending.pop(key).set_result(data)"),
     [("SSC205", 17)], "`self.pending.pop(key)` (asyncio future, NotSync: created at line 23) belongs to the event loop"),
    ("reader-thread-resolves-pending-futures-through-the-bridge",
     _PENDING.format(resolve="self.loop.call_soon_threadsafe(self.pending.pop(key).set_result, data)"), [], None),
    ("reader-thread-only-reads-whether-a-future-is-done",
     _PENDING.format(resolve="print(self.pending[key].done())"), [], None),
    ("worker-cancels-the-callers-task", _CANCELS.format(cancel="task.cancel()"),
     [("SSC205", 17)], "`task` (asyncio task, NotSync: created at line 16) belongs to the event loop running on"),
    ("worker-cancels-the-callers-task-through-the-bridge",
     _CANCELS.format(cancel="task.get_loop().call_soon_threadsafe(task.cancel)"), [], None),
    ("future-made-by-its-class-in-a-coroutine-resolved-by-a-pool-task",
     _FILLED.format(head="async def", submit="pool.submit(fill, fut)", tail="await fut"), [("SSC205", 16)], "`fut` (asyncio future, NotSync: created at line 14) belongs to the event loop"),
    ("future-wrapped-in-a-coroutine-resolved-by-a-thread", _WRAPPED.format(resolve="self.afut.set_result(1)"),
     [("SSC205", 20)], "`self.afut` (asyncio future, NotSync: created at line 19) belongs to the event loop"),
    ("future-wrapped-in-a-coroutine-resolved-through-its-concurrent-future",
     _WRAPPED.format(resolve="self.cfut.set_result(1)"), [], None),
    # a plain method of a class whose other methods are coroutines runs where a loop runs: its
    # users make the client in a coroutine (aiomqtt took its loop and futures this way)
    ("client-init-takes-the-loop-its-executor-callback-uses-directly",
     _CALLED_BACK.format(head="async def connect", opened="self._loop.add_reader(fd, self._on_read)"),
     [("SSC205", 27)], "`self._loop` (asyncio event loop, NotSync: obtained at line 18 by asyncio.get_event_loop())"),
    ("client-init-takes-the-loop-its-executor-callback-uses-through-the-bridge",
     _CALLED_BACK.format(head="async def connect",
                         opened="self._loop.call_soon_threadsafe(self._loop.add_reader, fd, self._on_read)"),
     [], None),
    ("client-init-makes-the-future-its-executor-callback-resolves-directly",
     _CALLED_BACK.format(head="async def connect", opened="self._connected.set_result(fd)"),
     [("SSC205", 27)], "`self._connected` (asyncio future, NotSync: created at line 19) belongs to the event loop"),
    ("client-init-makes-the-future-its-executor-callback-resolves-through-the-bridge",
     _CALLED_BACK.format(head="async def connect",
                         opened="self._loop.call_soon_threadsafe(self._connected.set_result, fd)"),
     [], None),
    # without a coroutine of its own, nothing says a loop runs where the class is made
    ("plain-class-init-takes-a-loop-nothing-is-known-to-run",
     _CALLED_BACK.format(head="def connect", opened="self._connected.set_result(fd)")
     .replace("await self._connected", "return self._connected").replace("await ", ""),
     [], None),
    # `asyncio.set_event_loop(loop)` on a worker only keeps a reference there: what counts is
    # what the worker does with the loop next
    ("worker-sets-the-callers-loop-as-its-own-then-makes-a-task-on-it",
     _SETS_LOOP.format(schedule="self.loop.create_task(self.job())"), [("SSC205", 14)],
     "`self.loop` (asyncio event loop, NotSync: obtained at line 13 by asyncio.get_running_loop()) runs on the "
     "spawning thread and is used directly by `Worker.work` on another thread (line 17)"),
    ("worker-sets-the-callers-loop-as-its-own-then-goes-through-the-bridge",
     _SETS_LOOP.format(schedule="asyncio.run_coroutine_threadsafe(self.job(), self.loop).result()"), [], None),
    ("future-made-outside-any-loop-is-not-the-loops",
     _FILLED.format(head="def", submit="pool.submit(fill, fut).result()", tail="return fut"), [], None),
    ("coroutine-handed-to-the-bridge-resolves-on-the-loop", """
        class Client:
            def __init__(self, sock):
                self.sock = sock
                self.pending = {}
                self.loop = None
                threading.Thread(target=self.read, daemon=True).start()
            def read(self):
                key, data = self.sock.recv()
                asyncio.run_coroutine_threadsafe(self.finish(key, data), self.loop)
            async def finish(self, key, data):
                self.pending.pop(key).set_result(data)
            async def ask(self, key):
                self.loop = asyncio.get_running_loop()
                self.pending[key] = self.loop.create_future()
                return await self.pending[key]
        """, [], None),
    ("future-kept-in-a-field-cancelled-by-another-thread", _AWAITS.format(keep="fut"),
     [("SSC205", 17)], "`self.conn` (asyncio future, NotSync: created at line 21) belongs to the event loop"),
    ("awaited-future-leaves-its-result-in-the-field", _AWAITS.format(keep="await fut"), [], None),
    ("future-resolved-three-calls-down-the-reader", _deep(3), [("SSC205", 12)], "`fut` (asyncio future"),
    # past LOOP_OBJECT_DEPTH calls the future is judged as any NotSync object: used at HOME
    # (`await fut`) while the thread may use it
    ("future-resolved-far-down-the-reader-is-not-taken-as-the-loops", _deep(4), [("SSC202", 12)],
     "is still used at line 24 while the thread started at line 23"),
    # a loop run by a thread of the project: what bridges hand it runs on that thread, and the
    # tasks it makes there belong to that loop
    ("main-thread-cancels-a-task-of-the-loop-thread",
     _LOOP_THREAD.format(send=_SEND_SAFE, stop="self.task.cancel()"), [("SSC205", 26)],
     "`self.task` (asyncio task, NotSync: created at line 19) belongs to the event loop the thread started at line 16"),
    ("main-thread-cancels-a-task-of-the-loop-thread-through-the-bridge",
     _LOOP_THREAD.format(send=_SEND_SAFE, stop=_STOP_SAFE), [], None),
    ("done-callback-resolves-a-future-of-the-loop-thread", _WRAPS.format(resolve="aio.set_result(finished.result())"),
     [("SSC205", 19)], "`aio` (asyncio future, NotSync: created at line 17) belongs to the event loop the thread "
     "started at line 15 runs and is used directly by `done`"),
    ("done-callback-resolves-a-future-of-the-loop-thread-through-the-bridge",
     _WRAPS.format(resolve="self.loop.call_soon_threadsafe(aio.set_result, finished.result())"), [], None),
    # the loop a thread runs, returned to the code that asked for it (two calls up), used there
    ("loop-of-a-thread-returned-through-two-calls-gets-a-task-directly",
     _LOOP_GETTER.format(start=_RUN_INSIDE, use="return asyncio.ensure_future(work, loop=loop)"), [("SSC205", 29)],
     "`loop` (asyncio event loop, NotSync: obtained at line 18 by asyncio.get_running_loop()) runs on the thread "
     "started at line 22 and is used directly by `Service.use`"),
    ("loop-of-a-thread-returned-through-two-calls-gets-a-coroutine-through-the-bridge",
     _LOOP_GETTER.format(start=_RUN_INSIDE, use="return asyncio.run_coroutine_threadsafe(work, loop).result()"),
     [], None),
    # a helper that starts a loop on a thread and returns it: keeping the loop in a field is not
    # using it; calling a non-bridge method of it is
    ("loop-started-by-a-helper-kept-in-a-field", _BACKGROUND.format(keep="self.loop = start_background_loop()"),
     [], None),
    # the thread runs the loop until it is stopped: the fix is a bridge, never a join (which
    # would wait forever), so it is SSC205 at the use rather than SSC202 at the hand-over
    # a loop a thread runs until its work completes: the fix is the join, so SSC202 stays
    ("loop-run-until-complete-on-a-thread-closed-before-the-join", """
        async def work():
            await asyncio.sleep(1)
        def main():
            loop = asyncio.new_event_loop()
            t = threading.Thread(target=loop.run_until_complete, args=(work(),))
            t.start()
            loop.close()
            t.join()
        """, [("SSC202", 15)], "is still used at line 17 while the thread started at line 16"),
    ("loop-started-by-a-helper-used-directly", _BACKGROUND.format(keep="start_background_loop().call_soon(print)"),
     [("SSC205", 17)], "runs on the thread started at line 13 and is used directly by `Client.__init__`"),
    ("main-thread-reads-the-name-of-a-task-of-the-loop-thread",
     _LOOP_THREAD.format(send=_SEND_SAFE, stop="print(self.task.get_name(), self.task.exception())"), [], None),
    ("task-of-the-loop-thread-returned-through-the-bridge-cancelled-directly",
     _OPENS.format(close="task.cancel()"), [("SSC205", 22)],
     "`task` (asyncio task, NotSync: created at line 18) belongs to the event loop the thread started at line 14"),
    ("task-of-the-loop-thread-returned-through-the-bridge-cancelled-through-it",
     _OPENS.format(close="self.loop.call_soon_threadsafe(task.cancel)"), [], None),
    # the loop a thread runs, cached in a field and handed up by a getter: the caller gives it
    # work directly, or through a bridge, or makes a future on it (which touches nothing it runs)
    ("loop-of-a-thread-from-a-getter-given-a-callback-directly", _LOOP_GETTER.format(start=_RUN_TARGET, use="loop.call_soon(work)"),
     [("SSC205", 23)], "`loop` (asyncio event loop, NotSync: created at line 16) runs on the thread started at line 17"),
    ("loop-of-a-thread-from-a-getter-given-a-callback-through-the-bridge",
     _LOOP_GETTER.format(start=_RUN_TARGET, use="loop.call_soon_threadsafe(work)"), [], None),
    ("loop-of-a-thread-from-a-getter-makes-a-future", _LOOP_GETTER.format(start=_RUN_TARGET, use="return loop.create_future()"), [], None),
    ("main-thread-feeds-an-asyncio-queue-the-loop-thread-reads",
     _LOOP_THREAD.format(send="self.queue.put_nowait(item)", stop=_STOP_SAFE), [("SSC202", 24)],
     "`self.queue` (asyncio queue, NotSync: created at line 14) is still used at line 24"),
    # a closure made in one branch of an `if` never sees what the other branch binds, unless a
    # loop around both runs the other branch while the closure still may run
    ("closure-does-not-see-the-other-branch", _BRANCHES.format(head="with open(modes) as mode:"), [], None),
    ("closure-in-a-loop-sees-the-other-branch-of-a-later-pass", _BRANCHES.format(head="for mode in modes:"),
     [("SSC202", 16), ("SSC205", 16)], "`loop` (asyncio event loop, NotSync: created at line 14) is still used at line 20"),
    # --- shared state -----------------------------------------------------------------------
    ("attribute-rmw-in-a-mapped-method", """
        class Stats:
            def __init__(self): self.n = 0
            def bump(self, k): self.n += 1
        def main(keys):
            s = Stats()
            with ThreadPoolExecutor() as ex:
                ex.map(s.bump, keys)
        """, [("SSC204", 13)], "`self.n` (read-modify-write) is rebound by `Stats.bump` which runs on several"),
    ("item-rmw-on-captured-dict", """
        def main(keys):
            counts = {}
            def work(k):
                counts[k] = counts.get(k, 0) + 1
            with ThreadPoolExecutor() as ex:
                for k in keys:
                    ex.submit(work, k)
        """, [("SSC204", 14)], "`counts[k]`"),
    ("item-rmw-on-each-threads-own-index", """
        def main(n):
            totals = {}
            def work(i):
                totals[i] = totals.get(i, 0) + 1
            ts = []
            for i in range(n):
                t = threading.Thread(target=work, args=(i,))
                ts.append(t)
                t.start()
            for t in ts:
                t.join()
        """, [], None),
    ("item-rmw-on-each-tasks-own-enumerate-index", """
        def main(items):
            sizes = [0] * len(items)
            def measure(k, item):
                sizes[k] = sizes[k] + len(item)
            with ThreadPoolExecutor() as ex:
                for k, item in enumerate(items):
                    ex.submit(measure, k, item)
        """, [], None),
    ("item-rmw-on-an-index-a-second-loop-gives-again", """
        def main(n):
            totals = {}
            def work(i):
                totals[i] = totals.get(i, 0) + 1
            for i in range(n):
                threading.Thread(target=work, args=(i,)).start()
            with ThreadPoolExecutor() as ex:
                for j in range(n):
                    ex.submit(work, j)
        """, [("SSC204", 14)], "`totals[i]`"),
    ("item-rmw-on-an-index-an-outer-loop-repeats", """
        def main(rounds, n):
            totals = {}
            def work(i):
                totals[i] = totals.get(i, 0) + 1
            for _ in range(rounds):
                for i in range(n):
                    threading.Thread(target=work, args=(i,)).start()
        """, [("SSC204", 14)], "`totals[i]`"),
    ("item-rmw-on-an-index-every-thread-gets", """
        def main(n):
            totals = {}
            def work(i):
                totals[i] = totals.get(i, 0) + 1
            ts = []
            for i in range(n):
                t = threading.Thread(target=work, args=(0,))
                ts.append(t)
                t.start()
            for t in ts:
                t.join()
        """, [("SSC204", 14)], "`totals[i]`"),
    # the loop's verdict comes from a type annotation, not a marker: its bridges stay bridges
    ("a-loop-known-from-a-type-annotation-used-through-its-bridge", _RUNNER.format(call="call_soon_threadsafe"),
     [], None),
    ("a-loop-known-from-a-type-annotation-used-directly", _RUNNER.format(call="call_soon"),
     [("SSC203", 17)], "`runner` (Runner, NotSync: holds `self.loop`, asyncio event loop `loop` annotated"),
    ("a-closure-made-after-the-last-binding-sees-only-that-one", """
        def start():
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = asyncio.new_event_loop()
                def run():
                    asyncio.set_event_loop(loop)
                    loop.run_forever()
                threading.Thread(target=run, daemon=True).start()
            loop.call_soon_threadsafe(print)
        """, [], None),
    ("a-closure-made-where-either-binding-may-reach", """
        def start():
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = asyncio.new_event_loop()
            def run():
                loop.run_forever()
            threading.Thread(target=run, daemon=True).start()
            loop.call_soon_threadsafe(print)
        """, [("SSC205", 17)], None),
    ("a-closure-made-in-a-loop-sees-every-pass-binding", """
        def main(paths):
            for p in paths:
                conn = sqlite3.connect(p)
                conn.execute("create table if not exists t(x)")
                conn = sqlite3.connect(p, check_same_thread=False)
                threading.Thread(target=lambda: conn.execute("insert into t values (1)")).start()
        """, [("SSC101", 16)], "`conn` (sqlite3 connection, NotSend: created at line 13"),
    ("a-registry-of-bound-methods-is-not-a-plain-field", """
        class Holder:
            def __init__(self):
                self.tok = Tok()
                self.handlers = {"poll": self.poll}
            def poll(self):
                self.tok.go()
            def go(self):
                t = threading.Thread(target=self.poll)
                t.start()
                self.handlers["poll"]()
        """, [("SSC202", 18)], "still used at line 20"),
    ("a-field-reused-for-a-second-thread-starts-at-its-own-start", """
        def warmup(): pass
        class Service:
            def run(self):
                tok = Tok()
                self._t = threading.Thread(target=warmup)
                self._t.start()
                self._t.join()
                self._t = threading.Thread(target=use, args=(tok,))
                self._t.start()
                tok.go()
                self._t.join()
        """, [("SSC202", 18)], "is still used at line 20 while the thread started at line 19"),
    ("item-rmw-under-lock", """
        def main(keys):
            counts = {}
            lock = threading.Lock()
            def work(k):
                with lock:
                    counts[k] = counts.get(k, 0) + 1
            with ThreadPoolExecutor() as ex:
                for k in keys:
                    ex.submit(work, k)
        """, [], None),
    ("one-thread-rebinds-spawner-reads-after-join", """
        def main():
            total = 0
            def work():
                nonlocal total
                total += 5
            t = threading.Thread(target=work)
            t.start()
            t.join()
            return total
        """, [], None),
    ("one-thread-rebinds-spawner-reads-before-join", """
        def main():
            total = 0
            def work():
                nonlocal total
                total += 5
            t = threading.Thread(target=work)
            t.start()
            print(total)
            t.join()
        """, [("SSC204", 15)], "while this code still uses `total` at line 18"),
    # the spawner's own `+=` reads the name before it writes: a use, as `print(total)` is
    ("one-thread-rebinds-spawner-updates-before-join", """
        def main():
            total = 0
            def work():
                nonlocal total
                total += 5
            t = threading.Thread(target=work)
            t.start()
            total += 1
            t.join()
        """, [("SSC204", 15)], "while this code still uses `total` at line 18"),
    ("one-thread-rebinds-a-global-spawner-updates-before-join", _HITS.format(
        helper="pass", then="t.start()\n    hits += 1\n    t.join()"),
        [("SSC204", 14)], "while this code still uses `hits` at line 22"),
    ("one-thread-rebinds-a-global-spawner-updates-after-join", _HITS.format(
        helper="pass", then="t.start()\n    t.join()\n    hits += 1"), [], None),
    # ... or through the functions it calls meanwhile, in the global's module
    ("one-thread-rebinds-a-global-a-helper-updates-before-join", _HITS.format(
        helper="hits += 1", then="t.start()\n    bump()\n    t.join()"),
        [("SSC204", 14)], "while this code still uses `hits` at line 17"),
    ("one-thread-rebinds-a-global-a-helper-updates-after-join", _HITS.format(
        helper="hits += 1", then="t.start()\n    t.join()\n    bump()"), [], None),
    ("one-thread-rebinds-a-global-a-helper-only-reads-it", _HITS.format(
        helper='print("so far:", hits)', then="t.start()\n    bump()\n    t.join()"), [], None),
    ("one-thread-rebinds-a-global-module-code-calls-a-helper-that-updates", """
        hits = 0
        def work():
            global hits
            hits += 1
        def on_message():
            global hits
            hits += 1
        threading.Thread(target=work, daemon=True).start()
        on_message()
        """, [("SSC204", 14)], "`hits` (global) is rebound by `work` on the thread started at line 18 while this "
                               "code still uses `hits` at line 17"),
    ("one-thread-rebinds-a-global-a-helper-updates-under-a-lock", """
        hits = 0
        LOCK = threading.Lock()
        def work():
            global hits
            with LOCK:
                hits += 1
        def bump():
            global hits
            with LOCK:
                hits += 1
        def main():
            t = threading.Thread(target=work)
            t.start()
            bump()
            t.join()
        """, [], None),
    # a field of the spawner's own object, updated by the thread's method and by the spawner
    ("thread-method-updates-a-field-the-spawner-updates-before-join", _COUNTER.format(
        then="self.t.start()\n        self.n += 1\n        self.t.join()"),
        [("SSC204", 22)], "`self.n` (read-modify-write) is rebound by `Counter.work` on the thread started at "
                          "line 16 while this code still uses `self.n` at line 17"),
    ("thread-method-updates-a-field-a-method-the-spawner-calls-updates", _COUNTER.format(
        then="self.t.start()\n        self.bump()\n        self.t.join()"),
        [("SSC204", 22)], "while this code still uses `self.n` at line 20"),
    # ... or in a function the spawner hands its object to, as an argument
    ("thread-method-updates-a-field-a-function-the-spawner-hands-self-to-updates",
     _COUNTER.format(then="self.t.start()\n        bump(self)\n        self.t.join()")
     + "def bump(counter):\n    counter.n += 1\n",
     [("SSC204", 22)], "while this code still uses `counter.n` at line 24"),
    ("thread-method-updates-a-field-a-function-the-spawner-hands-another-object-to-updates",
     _COUNTER.format(then="self.t.start()\n        bump(Counter())\n        self.t.join()")
     + "def bump(counter):\n    counter.n += 1\n",
     [], None),
    ("thread-method-updates-a-field-a-function-binds-the-parameter-again",
     _COUNTER.format(then="self.t.start()\n        bump(self)\n        self.t.join()")
     + "def bump(counter):\n    counter = Counter()\n    counter.n += 1\n",
     [], None),
    ("thread-method-updates-a-field-a-method-called-on-its-class-gets-self-and-another",
     _COUNTER.format(then="self.t.start()\n        Pair.merge(self, Counter())\n        self.t.join()")
     + "class Pair:\n    def merge(self, other):\n        other.n += 1\n",
     [], None),
    ("thread-method-updates-a-field-a-method-the-spawner-hands-self-to-by-keyword",
     _COUNTER.format(then="self.t.start()\n        self.add(into=self)\n        self.t.join()\n"
                          "    def add(self, into):\n        into.n += 1"),
     [("SSC204", 24)], "while this code still uses `into.n` at line 20"),
    ("thread-method-updates-a-field-the-spawner-updates-after-join", _COUNTER.format(
        then="self.t.start()\n        self.t.join()\n        self.n += 1"), [], None),
    ("thread-method-updates-a-field-the-spawner-updates-on-another-object", _COUNTER.format(
        then="self.t.start()\n        Counter().n += 1\n        self.t.join()"), [], None),
    ("thread-method-updates-a-field-the-spawner-only-reads", _COUNTER.format(
        then="self.t.start()\n        print(self.n)\n        self.t.join()"), [], None),
    # the spawner's own `self`: a thread handed to a helper may be joined there
    ("thread-runs-a-method-of-self-handed-to-a-helper", _SELF_HANDLE.format(then="wait(t)"), [], None),
    ("thread-runs-a-method-of-self-not-handed-on", _SELF_HANDLE.format(then="wait(None)"),
     [("SSC204", 17)], "while this code still uses `self.n` at line 22"),
    # ... or held in a variable of the spawner's own, bound once (`c = Client()`)
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-its-field", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        c.n += 1"),
        [("SSC204", 16)], "`self.n` (read-modify-write) is rebound by `Client.run` on the thread started at "
                          "line 24 while this code still uses `c.n` at line 25"),
    ("thread-runs-a-method-of-a-variables-object-the-spawner-calls-a-method-that-updates", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        c.bump()"),
        [("SSC204", 16)], "while this code still uses `self.n` at line 18"),
    # ... or in a function nested in the spawner, which reads the spawner's variable as its own
    ("thread-runs-a-method-of-a-variables-object-a-nested-function-updates-its-field", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        def go():\n"
             "            c.n += 1\n        go()"),
        [("SSC204", 16)], "on the thread started at line 24 while this code still uses `c.n` at line 26"),
    ("thread-runs-a-method-of-a-variables-object-a-nested-function-calls-a-method-that-updates", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        def go():\n"
             "            c.bump()\n        go()"),
        [("SSC204", 16)], "while this code still uses `self.n` at line 18"),
    ("thread-runs-a-method-of-a-variables-object-a-nested-function-updates-its-own-object", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        def go():\n"
             "            c = Client()\n            c.n += 1\n        go()"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-a-nested-function-updates-after-join", _CLIENT.format(
        then="c = Client()\n        t = threading.Thread(target=c.run)\n        t.start()\n        def go():\n"
             "            c.n += 1\n        t.join()\n        go()"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-a-pool-task-meanwhile", _CLIENT.format(
        then="c = Client()\n        with ThreadPoolExecutor() as pool:\n            pool.submit(c.run)\n"
             "            c.n += 1"),
        [("SSC204", 16)], "on the task submitted at line 25 while this code still uses `c.n` at line 26"),
    # ... or under another name the spawner gives it (`d = c`), bound once and handed nowhere
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-it-under-an-alias", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        d = c\n        d.n += 1"),
        [("SSC204", 16)], "on the thread started at line 24 while this code still uses `d.n` at line 26"),
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-it-under-an-alias-of-an-alias",
     _CLIENT.format(then="c = Client()\n        d = c\n        e = d\n        threading.Thread(target=c.run).start()\n"
                         "        e.n += 1"),
     [("SSC204", 16)], "on the thread started at line 26 while this code still uses `e.n` at line 27"),
    ("thread-runs-a-method-of-a-variables-object-the-alias-is-made-before-the-variable-is-bound-again",
     _CLIENT.format(then="c = Client()\n        d = c\n        c = Client()\n        threading.Thread(target=c.run).start()\n"
                         "        d.n += 1"),
     [], None),
    # the variable bound again, but only before the start: the thread runs what it holds then
    ("thread-runs-a-method-of-a-variables-object-bound-again-in-a-branch-before-the-start", _CLIENT.format(
        then="c = Client()\n        if c.m:\n            c = Client()\n        threading.Thread(target=c.run).start()\n"
             "        c.n += 1"),
        [("SSC204", 16)], "on the thread started at line 26 while this code still uses `c.n` at line 27"),
    ("thread-runs-a-method-of-a-variables-object-bound-again-in-a-branch-after-the-start", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        if c.m:\n"
             "            c = Client()\n            c.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-the-alias-is-bound-again", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        d = c\n        d = Client()\n"
             "        d.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-the-alias-is-handed-on", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        d = c\n        wait(d)\n"
             "        d.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-an-alias-of-another-object", _CLIENT.format(
        then="c, other = Client(), Client()\n        threading.Thread(target=c.run).start()\n        d = other\n"
             "        d.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-an-alias-of-its-field", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        d = c.n\n        d += 1"),
        [], None),
    # ... or in a function of the project the spawner hands it to, which waits for nothing
    ("thread-runs-a-method-of-a-variables-object-a-function-it-is-handed-to-updates-its-field", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        bump(c)") + _BUMP,
        [("SSC204", 16)], "on the thread started at line 24 while this code still uses `x.n` at line 28"),
    ("thread-runs-a-method-of-a-variables-object-handed-before-the-start", _CLIENT.format(
        then="c = Client()\n        bump(c)\n        threading.Thread(target=c.run).start()") + _BUMP,
        [], None),
    ("thread-runs-a-method-of-a-variables-object-handed-to-a-function-that-waits-through-a-call", _CLIENT.format(
        then="c = Client()\n        c.t = threading.Thread(target=c.run)\n        c.t.start()\n        finish(c)")
        + _BUMP + _FINISH,
        [], None),
    ("thread-runs-a-method-of-a-variables-object-handed-to-code-not-known", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        wait(c)\n        c.n += 1"),
        [], None),
    # `while t.is_alive():` waits for the thread, but its own body runs while the thread does
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-while-it-is-alive", _CLIENT.format(
        then="c = Client()\n        t = threading.Thread(target=c.run)\n        t.start()\n"
             "        while t.is_alive():\n            c.n += 1"),
        [("SSC204", 16)], "on the thread started at line 25 while this code still uses `c.n` at line 27"),
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-once-it-is-not-alive", _CLIENT.format(
        then="c = Client()\n        t = threading.Thread(target=c.run)\n        t.start()\n"
             "        while t.is_alive():\n            t.join(0.1)\n        c.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-after-join", _CLIENT.format(
        then="c = Client()\n        t = threading.Thread(target=c.run)\n        t.start()\n        t.join()\n        c.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-the-pool-is-done-first", _CLIENT.format(
        then="c = Client()\n        with ThreadPoolExecutor() as pool:\n            pool.submit(c.run)\n        c.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-the-variable-is-bound-again", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        c = Client()\n        c.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-another-object", _CLIENT.format(
        then="c, d = Client(), Client()\n        threading.Thread(target=c.run).start()\n        d.n += 1"),
        [], None),
    ("thread-runs-a-method-read-from-the-class-the-spawner-updates-another-object", _CLIENT.format(
        then="c, d = Client(), Client()\n        threading.Thread(target=Client.run, args=(c,)).start()\n"
             "        d.n += 1"),
        [], None),
    ("thread-runs-a-method-read-from-the-class-on-the-spawners-object", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=Client.run, args=(c,)).start()\n        c.n += 1"),
        [("SSC204", 16)], "on the thread started at line 24 while this code still uses `c.n` at line 25"),
    ("thread-runs-a-partial-of-a-method-of-the-spawners-object", _CLIENT.format(
        then="import functools\n        c = Client()\n"
             "        threading.Thread(target=functools.partial(c.run)).start()\n        c.n += 1"),
        [("SSC204", 16)], "on the thread started at line 25 while this code still uses `c.n` at line 26"),
    ("thread-runs-a-partial-of-a-method-of-another-object", _CLIENT.format(
        then="import functools\n        c, d = Client(), Client()\n"
             "        threading.Thread(target=functools.partial(c.run)).start()\n        d.n += 1"),
        [], None),
    ("thread-runs-a-method-of-a-variables-object-both-sides-lock", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.locked).start()\n        with c.lock:\n            c.n += 1"),
        [], None),
    # a lock on one side only, or a different lock on each, orders nothing
    ("thread-runs-a-method-of-a-variables-object-only-the-thread-locks", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.locked).start()\n        c.n += 1"),
        [("SSC204", 21)], "still uses `c.n` at line 25, outside the lock the thread holds there"),
    ("thread-runs-a-method-of-a-variables-object-only-the-spawner-locks", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        with c.lock:\n            c.n += 1"),
        [("SSC204", 16)], "still uses `c.n` at line 26, outside a lock"),
    ("thread-runs-a-method-of-a-variables-object-each-side-its-own-lock", _CLIENT.format(
        then="c = Client()\n        other = threading.Lock()\n        threading.Thread(target=c.locked).start()\n"
             "        with other:\n            c.n += 1"),
        [("SSC204", 21)], "outside the lock the thread holds there"),
    ("thread-runs-a-method-of-a-variables-object-the-spawner-calls-the-locked-method", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.locked).start()\n        c.locked()"),
        [], None),
    ("nonlocal-the-thread-updates-under-a-lock-the-spawner-does-not-hold", _NONLOCAL_LOCKED.format(then="n += 1"),
     [("SSC204", 17)], "still uses `n` at line 20, outside the lock the thread holds there"),
    ("nonlocal-the-thread-updates-under-a-lock-the-spawner-reads-it-unlocked", _NONLOCAL_LOCKED.format(then="print(n)"),
     [], None),
    ("nonlocal-the-thread-updates-under-a-lock-the-spawner-spells-out-an-update", _NONLOCAL_LOCKED.format(then="n = n + 1"),
     [("SSC204", 17)], "still uses `n` at line 20, outside the lock the thread holds there"),
    ("nonlocal-the-thread-and-the-spawner-update-under-one-lock", _NONLOCAL_LOCKED.format(then="with lock:\n            n += 1"),
     [], None),
    ("thread-runs-a-method-of-a-variables-object-the-spawner-updates-another-field", _CLIENT.format(
        then="c = Client()\n        threading.Thread(target=c.run).start()\n        c.m += 1"),
        [], None),
    # a Thread subclass's field, which its run() updates and so does the code that started it
    ("thread-subclass-run-updates-a-field-the-starter-updates", _WORKER.format(
        then="w.start()\n        w.n += 1"),
        [("SSC204", 18)], "`self.n` (read-modify-write) is rebound by `Worker.run` on the thread started at "
                          "line 21 while this code still uses `w.n` at line 22"),
    # ... kept in a field of the starter's own object
    ("thread-subclass-in-a-field-run-updates-a-field-the-starter-updates", _WORKER_IN_FIELD.format(
        then="self.w.start()\n            self.w.n += 1"),
        [("SSC204", 18)], "on the thread started at line 22 while this code still uses `self.w.n` at line 23"),
    ("thread-subclass-in-a-field-run-updates-a-field-a-method-the-starter-calls-updates", _WORKER_IN_FIELD.format(
        then="self.w.start()\n            self.w.tick()"),
        [("SSC204", 18)], "on the thread started at line 22 while this code still uses `self.n` at line 18"),
    ("thread-subclass-in-a-field-the-starter-updates-after-join", _WORKER_IN_FIELD.format(
        then="self.w.start()\n            self.w.join()\n            self.w.n += 1"), [], None),
    ("thread-subclass-in-a-field-the-field-is-stored-again", _WORKER_IN_FIELD.format(
        then="self.w.start()\n            self.w = Worker()\n            self.w.n += 1"), [], None),
    ("thread-subclass-in-a-field-the-starter-updates-another-field", _WORKER_IN_FIELD.format(
        then="self.w.start()\n            self.v = Worker()\n            self.v.n += 1"), [], None),
    ("thread-subclass-in-a-field-handed-on", _WORKER_IN_FIELD.format(
        then="self.w.start()\n            self.finish(self.w)\n            self.w.n += 1"), [], None),
    ("thread-subclass-in-a-field-joined-by-a-method-the-starter-calls", _WORKER_IN_FIELD.format(
        then="self.w.start()\n            self.shutdown()\n            self.w.n += 1\n"
             "        def shutdown(self):\n            self.w.join()"), [], None),
    # ... started by a function the code calls, which returns it, or by the object's own method
    ("thread-subclass-started-and-returned-by-a-factory-the-caller-updates", _WORKER.format(
        then="w.start()\n        return w\n    def user():\n        w = main()\n        w.n += 1"),
        [("SSC204", 18)], "on the thread started at line 24 while this code still uses `w.n` at line 25"),
    ("thread-subclass-started-and-returned-by-a-factory-the-caller-joins-first", _WORKER.format(
        then="w.start()\n        return w\n    def user():\n        w = main()\n        w.join()\n        w.n += 1"),
        [], None),
    ("thread-subclass-started-by-a-factory-that-returns-another-object", _WORKER.format(
        then="w.start()\n        return Worker()\n    def user():\n        w = main()\n        w.n += 1"),
        [], None),
    ("thread-subclass-started-by-its-own-method-the-caller-updates", _WORKER.format(
        then="w.go()\n        w.n += 1").replace("def run(self):", "def go(self):\n            self.start()\n        def run(self):"),
        [("SSC204", 20)], "on the thread started at line 23 while this code still uses `w.n` at line 24"),
    ("thread-subclass-started-by-its-own-method-the-caller-joins-first", _WORKER.format(
        then="w.go()\n        w.join()\n        w.n += 1").replace("def run(self):", "def go(self):\n            self.start()\n        def run(self):"),
        [], None),
    # ... whose own `start()` starts it through `super().start()`
    ("thread-subclass-start-override-calls-super-start-the-starter-updates", _WORKER.format(
        then="w.start()\n        w.n += 1").replace("def run(self):", "def start(self):\n            self.ready = True\n"
                                                      "            super().start()\n        def run(self):"),
        [("SSC204", 21)], "on the thread started at line 24 while this code still uses `w.n` at line 25"),
    ("thread-subclass-start-override-starts-only-on-a-condition", _WORKER.format(
        then="w.start()\n        w.n += 1").replace("def run(self):", "def start(self):\n            if self.n:\n"
                                                      "                super().start()\n        def run(self):"),
        [], None),
    # ... started by the module's own code
    ("thread-subclass-started-at-module-level-run-updates-a-field-the-module-updates", _WORKER_AT_MODULE.format(
        then="w.start()\n    w.n += 1"),
        [("SSC204", 18)], "on the thread started at line 20 while this code still uses `w.n` at line 21"),
    ("thread-subclass-started-at-module-level-joined-first", _WORKER_AT_MODULE.format(
        then="w.start()\n    w.join()\n    w.n += 1"), [], None),
    ("thread-subclass-started-at-module-level-joined-by-a-function-called-first", _WORKER_AT_MODULE.format(
        then="def stop():\n        w.join()\n    w.start()\n    stop()\n    w.n += 1"), [], None),
    ("thread-subclass-started-at-module-level-the-variable-is-bound-again", _WORKER_AT_MODULE.format(
        then="w.start()\n    w = Worker()\n    w.n += 1"), [], None),
    ("thread-subclass-run-updates-a-field-the-starter-updates-spelled-out", _WORKER.format(
        then="w.start()\n        w.n = w.n + 1"),
        [("SSC204", 18)], "on the thread started at line 21 while this code still uses `w.n` at line 22"),
    ("thread-subclass-run-updates-a-field-the-starter-only-stores", _WORKER.format(
        then="w.start()\n        w.n = 5"), [], None),
    ("thread-subclass-run-updates-a-field-a-method-the-starter-calls-updates", _WORKER.format(
        then="w.start()\n        w.tick()"),
        [("SSC204", 18)], "on the thread started at line 21 while this code still uses `self.n` at line 18"),
    ("thread-subclass-run-updates-a-field-the-starter-updates-after-join", _WORKER.format(
        then="w.start()\n        w.join()\n        w.n += 1"), [], None),
    ("thread-subclass-run-updates-a-field-the-starter-updates-before-start", _WORKER.format(
        then="w.n += 1\n        w.start()"), [], None),
    ("thread-subclass-run-updates-a-field-the-starter-updates-another-object", _WORKER.format(
        then="w.start()\n        Worker().n += 1"), [], None),
    ("thread-subclass-run-updates-a-field-the-starter-only-reads", _WORKER.format(
        then="w.start()\n        print(w.n)"), [], None),
    # ... or that a method of the class updates after its own `self.start()`
    ("thread-subclass-method-starts-itself-then-updates-a-field", _SELF_START.format(
        then="self.start()\n            self.n += 1"),
        [("SSC204", 19)], "on the thread started at line 22 while this code still uses `self.n` at line 23"),
    ("thread-subclass-method-starts-itself-then-calls-a-method-that-updates", _SELF_START.format(
        then="self.start()\n            return self.tick()"),
        [("SSC204", 19)], "on the thread started at line 22 while this code still uses `self.n` at line 19"),
    ("thread-subclass-method-starts-itself-in-a-retry-loop-then-updates", _SELF_START.format(
        then="for attempt in range(3):\n                self.start()\n                break\n            self.n += 1"),
        [("SSC204", 19)], "on the thread started at line 23 while this code still uses `self.n` at line 25"),
    ("thread-subclass-method-starts-itself-in-a-retry-loop-updates-after-join", _SELF_START.format(
        then="for attempt in range(3):\n                self.start()\n                break\n            self.join()\n"
             "            self.n += 1"), [], None),
    ("thread-subclass-method-starts-itself-updates-after-join", _SELF_START.format(
        then="self.start()\n            self.join()\n            self.n += 1"), [], None),
    ("thread-subclass-method-starts-itself-updates-before", _SELF_START.format(
        then="self.n += 1\n            self.start()"), [], None),
    ("thread-subclass-method-starts-itself-updates-another-field", _SELF_START.format(
        then="self.start()\n            self.m += 1"), [], None),
    ("thread-subclass-method-starts-itself-both-sides-lock", _SELF_START.format(
        then="self.start()\n            with LOCK:\n                self.n += 1").replace(
            "            self.n += 1\n            return", "            with LOCK:\n                self.n += 1\n"
            "            return"),
        [], None),
    # ... not when the code waits in a way not followed (precision first)
    ("thread-runs-a-method-of-a-variables-object-the-thread-is-handed-to-a-helper-that-joins", _CLIENT.format(
        then="def wait(t):\n            t.join()\n        c = Client()\n        t = threading.Thread(target=c.run)\n"
             "        t.start()\n        wait(t)\n        c.n += 1"), [], None),
    ("thread-subclass-run-updates-a-field-the-starter-waits-while-alive", _WORKER.format(
        then="w.start()\n    while w.is_alive():\n        pass\n    w.n += 1"), [], None),
    ("thread-subclass-run-updates-a-field-the-variable-is-bound-again", _WORKER.format(
        then="w.start()\n    w = Worker()\n    w.n += 1"), [], None),
    ("thread-method-waits-for-an-event-the-spawner-sets-after-its-update", """
        class Client:
            def __init__(self):
                self.n = 0
                self.ready = threading.Event()
            def run(self):
                self.ready.wait()
                self.n += 1
        def main():
            c = Client()
            threading.Thread(target=c.run).start()
            c.n += 1
            c.ready.set()
        """, [], None),
    ("thread-subclass-method-starts-itself-waits-for-an-event-the-thread-sets", """
        class Client(threading.Thread):
            def __init__(self):
                super().__init__()
                self.n = 0
                self.done = threading.Event()
            def run(self):
                self.n += 1
                self.done.set()
            def connect(self):
                self.start()
                self.done.wait()
                self.n += 1
        """, [], None),
    ("thread-subclass-method-starts-itself-joins-with-a-timeout", _SELF_START.format(
        then="self.start()\n            self.join(timeout=1)\n            self.n += 1"),
        [("SSC204", 19)], "on the thread started at line 22 while this code still uses `self.n` at line 24"),
    ("thread-subclass-with-a-start-of-its-own", """
        class Client(threading.Thread):
            def __init__(self):
                super().__init__()
                self.n = 0
            def run(self):
                self.n += 1
            def start(self):
                pass  # started by a supervisor elsewhere
            def connect(self):
                self.start()
                self.n += 1
        """, [], None),
    ("thread-subclass-method-starts-itself-a-subclass-runs-another-method", """
        class Client(threading.Thread):
            def __init__(self):
                super().__init__()
                self.n = 0
            def run(self):
                self.n += 1
            def connect(self):
                self.start()
                self.n += 1
        class Quiet(Client):
            def run(self):
                print(self.n)
        def main():
            Quiet().connect()
        """, [], None),
    # a loop a thread runs: asking which object it is does not use it
    ("a-loop-a-thread-runs-is-asserted-not-none-then-bridged", """
        def main():
            loop = None
            ready = threading.Event()
            def run():
                nonlocal loop
                loop = asyncio.new_event_loop()
                ready.set()
                loop.run_forever()
            t = threading.Thread(target=run, daemon=True)
            t.start()
            ready.wait()
            assert loop is not None
            loop.call_soon_threadsafe(loop.stop)
        """, [], None),
    ("a-loop-a-thread-runs-is-asserted-not-none-then-stopped", """
        def main():
            loop = asyncio.new_event_loop()
            t = threading.Thread(target=loop.run_forever, daemon=True)
            t.start()
            assert loop is not None
            loop.stop()
        """, [("SSC205", 16)], "used directly by `main` on another thread (line 16)"),
    # a coroutine made on a thread and handed to a helper that hands it to a bridge
    ("coroutine-handed-to-a-helper-that-hands-it-to-a-bridge", _BRIDGE_HELPER.format(
        helper="return asyncio.run_coroutine_threadsafe(aw, loop).result(timeout)"), [], None),
    ("coroutine-handed-to-a-helper-that-also-iterates-it", _BRIDGE_HELPER.format(
        helper="asyncio.run_coroutine_threadsafe(aw, loop)\n        list(aw)"),
        [("SSC202", 19)], "is still used at line 29 while the thread started at line 28"),
    # a field the thread stores its own loop in, then runs: not the spawner's loop
    ("thread-stores-its-own-loop-in-the-field-then-runs-it", """
        def running_loop():
            try:
                return asyncio.get_running_loop()
            except RuntimeError:
                return None
        class Server:
            def __init__(self):
                self.loop = running_loop()
                if self.loop:
                    return
                def run():
                    self.loop = asyncio.new_event_loop()
                    self.loop.run_forever()
                threading.Thread(target=run, daemon=True).start()
        def sync_code():
            Server()
        async def main():
            await asyncio.get_running_loop().run_in_executor(None, sync_code)
        """, [], None),
    ("thread-stores-the-spawners-loop-in-the-field-then-uses-it", """
        class Server:
            def __init__(self):
                self.loop = asyncio.get_running_loop()
                self.main_loop = self.loop
                def run():
                    self.loop = self.main_loop
                    self.loop.call_soon(print)
                threading.Thread(target=run, daemon=True).start()
        async def main():
            Server()
        """, [("SSC205", 16)], "is used directly by `run` on another thread (line 17)"),
    # a loop a thread runs, handed to a function of the project that only bridges with it
    ("a-loop-a-thread-runs-is-handed-to-a-helper-that-only-bridges", _LOOP_HELPER.format(
        last="loop.call_soon_threadsafe(loop.stop)", first="asyncio.run_coroutine_threadsafe(_all_tasks(loop), loop)"),
        [], None),
    ("a-loop-a-thread-runs-is-handed-to-a-helper-that-stops-it", _LOOP_HELPER.format(
        last="loop.stop()", first="asyncio.run_coroutine_threadsafe(_all_tasks(loop), loop)"),
        [("SSC205", 21)], "used directly by `main` on another thread (line 21)"),
    ("a-loop-a-thread-runs-is-handed-to-a-helper-that-runs-a-coroutine-on-it", _LOOP_HELPER.format(
        last="loop.call_soon_threadsafe(loop.stop)", first="loop.run_until_complete(_all_tasks(loop))"),
        [("SSC205", 21)], "used directly by `main` on another thread (line 21)"),
    ("each-iteration-submits-its-own-objects-method", """
        class Job:
            def __init__(self): self.spent = 0
            def run(self, src): self.spent += len(src)
        def main(jobs: list[Job], src):
            with ThreadPoolExecutor() as ex:
                for job in jobs:
                    ex.submit(job.run, src)
        """, [], None),
    ("every-iteration-submits-one-objects-method", """
        class Job:
            def __init__(self): self.spent = 0
            def run(self, src): self.spent += len(src)
        def main(srcs):
            job = Job()
            with ThreadPoolExecutor() as ex:
                for src in srcs:
                    ex.submit(job.run, src)
        """, [("SSC204", 13)], "`self.spent` (read-modify-write) is rebound by `Job.run` which runs on several threads at once"),
    ("storing-a-value-computed-from-self-is-no-read-modify-write", """
        class Job:
            def __init__(self): self.tree = None; self.name = ""
            def parse(self, src): return src
            def run(self, src):
                self.tree = self.parse(src)
                self.named = self.name + "!"
        def main(srcs):
            job = Job()
            with ThreadPoolExecutor() as ex:
                ex.map(job.run, srcs)
        """, [], None),
    ("local-per-call-object-is-not-shared", """
        def work(k):
            counts = {}
            counts[k] = counts.get(k, 0) + 1
        def main(keys):
            with ThreadPoolExecutor() as ex:
                ex.map(work, keys)
        """, [], None),
    # --- Thread subclasses and threading.local ----------------------------------------------
    ("field-set-by-spawner-before-start", """
        class Worker(threading.Thread):
            def run(self):
                self.conn.execute("SELECT 1")
        def main():
            w = Worker()
            w.conn = sqlite3.connect("app.db")
            w.start()
        """, [("SSC106", 16)], "`w.conn` (sqlite3 connection, NotSend"),
    ("field-created-in-run-stays", """
        class Worker(threading.Thread):
            def run(self):
                self.conn = sqlite3.connect("app.db")
                self.conn.execute("SELECT 1")
        """, [], None),
    ("threading-local-never-crosses", """
        class Worker(threading.Thread):
            def __init__(self):
                super().__init__()
                self.local = threading.local()
            def run(self):
                self.local.conn = sqlite3.connect("app.db")
                self.local.conn.execute("SELECT 1")
        """, [], None),
    # an annotated parameter stands for what its callers' values do not tell, and for no more
    ("annotation-adds-nothing-where-every-argument-is-known", _BUS.format(param="", event="Closed()"), [], None),
    ("annotation-stands-for-an-unknown-argument", _BUS.format(param="event", event="event"),
     [("SSC201", 23)], "Opened holds `self.tok`"),
    # a subclass's constructor runs on its own objects, not on those made by calling the base
    ("subclass-constructor-store-not-on-base-objects", _SUBCLASS_LOCK.format(make="Client()"), [], None),
    ("subclass-constructor-store-on-subclass-objects", _SUBCLASS_LOCK.format(make="Pipeline(asyncio.Lock())"),
     [("SSC201", 19)], "asyncio lock"),
    # a method that only sets plain fields to constants leaves alone the NotSync part
    ("spawner-calls-a-method-that-only-resets-a-plain-field", _QUEUE_CLIENT.format(use="client.close()"), [], None),
    ("spawner-awaits-a-method-that-only-resets-a-plain-field", _QUEUE_CLIENT.format(use="await client.aclose()"),
     [], None),
    ("spawner-calls-a-method-that-drains-the-queue", _QUEUE_CLIENT.format(use="client.drain()"),
     [("SSC202", 16)], "is still used at line 32"),
    ("spawner-calls-a-method-that-hands-the-queue-back", _QUEUE_CLIENT.format(use="client.detach().get_nowait()"),
     [("SSC202", 16)], "is still used at line 32"),
    # a field read in its constructor right after an `if`/`else` that stores it in each branch
    # holds what those stores put there (a deep copy is a new object of this thread's own)
    ("constructor-reads-the-field-each-branch-stored-a-copy", _RETRY.format(kept="copy.deepcopy(retry)"), [], None),
    ("constructor-reads-the-field-each-branch-stored-the-shared-one", _RETRY.format(kept="retry"),
     [("SSC204", 16)], "`self._errors` (read-modify-write) is rebound by `worker` which runs on several threads"),
    # the review of this change's probes: each was a lost finding or a new false one
    ("spawner-runs-under-the-lock-its-caller-holds", """
        class Pool:
            def __init__(self):
                self.lock = threading.Lock()
                self.active = 0
            def _run(self):
                with self.lock:
                    self.active -= 1
            def _spawn(self):
                t = threading.Thread(target=self._run)
                t.start()
                self.active += 1
            def submit(self):
                with self.lock:
                    self._spawn()
        """, [], None),
    ("self-shape-thread-handle-kept-in-a-list-is-not-joined-there", """
        class Service:
            def __init__(self):
                self.ticks = 0
                self._threads = []
            def tick(self):
                self.ticks += 1
            def start(self):
                t = threading.Thread(target=self.tick)
                t.start()
                self._threads.append(t)
                self.ticks += 1
        """, [("SSC204", 16)], "outside a lock"),
    ("constructor-hands-a-method-to-a-thread-that-replaces-the-field", """
        class Store:
            def __init__(self, path):
                self.conn = sqlite3.connect(":memory:")
                self._ready = threading.Event()
                threading.Thread(target=self._open, args=(path,), daemon=True).start()
                self._ready.wait()
                self.conn.execute("PRAGMA journal_mode=WAL")
            def _open(self, path):
                self.conn = sqlite3.connect(path)
                self._ready.set()
        """, [("SSC107", 17)], "`self.conn`"),
    ("deep-copy-that-a-class-hook-makes-the-object-itself", _RETRY.format(kept="copy.deepcopy(retry)").replace(
        "        def update(self, more):", "        def __deepcopy__(self, memo):\n            return self\n"
        "        def update(self, more):"),
     [("SSC204", 18)], "`self._errors` (read-modify-write)"),
    ("deep-copies-of-a-template-each-hold-their-own-iterator", """
        import copy
        class Job:
            def __init__(self, rows):
                self.rows = rows
            def run(self):
                for r in self.rows:
                    print(r)
        TEMPLATE = Job(iter([1, 2, 3]))
        def main():
            for _ in range(3):
                job = copy.deepcopy(TEMPLATE)
                threading.Thread(target=job.run).start()
        """, [], None),
    ("a-deep-copy-used-by-both-threads-is-shared", """
        import copy
        class Feed:
            def __init__(self, rows):
                self.rows = rows
            def pull(self):
                return next(self.rows)
        def main():
            mine = copy.deepcopy(Feed(iter([1, 2, 3])))
            t = threading.Thread(target=mine.pull)
            t.start()
            mine.pull()
            t.join()
        """, [("SSC202", 19)], "`mine` (Feed, NotSync"),
    ("plain-store-method-of-a-class-whose-stores-run-code", _QUEUE_CLIENT.format(use="client.close()").replace(
        "        def capture(self, x):", "        def __setattr__(self, k, v):\n            object.__setattr__(self, k, v)\n"
        "        def capture(self, x):"),
     [("SSC202", 18)], "is still used at line 34"),
    # a call of plain code that may be a plain method or its async twin uses the result as a value
    ("plain-code-calls-a-method-that-may-be-sync-or-async", """
        class SyncConn:
            def read(self):
                return b"x"
        class AsyncConn:
            def __init__(self):
                self.pos = 0
            async def read(self):
                self.pos += 1
        CONNS = [SyncConn(), AsyncConn()]
        def worker():
            data = CONNS[0].read()
            return data
        for _ in range(3):
            threading.Thread(target=worker).start()
        """, [], None),
    ("plain-code-uses-the-result-of-what-may-only-be-async-as-an-object", """
        class AsyncConn:
            def __init__(self):
                self.pos = 0
            async def read(self):
                self.pos += 1
        CONNS = [AsyncConn()]
        def worker():
            data = CONNS[0].read()
            return data.decode()
        for _ in range(3):
            threading.Thread(target=worker).start()
        """, [], None),
    ("library-code-given-a-coroutine-function-only-makes-coroutines", _PARSER.format(
        call="import somelib; somelib.retry(parser.read)"), [], None),
    ("library-code-given-a-plain-method-calls-it-here", _PARSER.format(
        call="import somelib; somelib.retry(parser.read_now)"), [("SSC204", 17)], "`self.pos`"),
    ("plain-code-runs-the-async-method-it-can-only-be", """
        class AsyncConn:
            def __init__(self):
                self.pos = 0
            async def read(self):
                self.pos += 1
        CONNS = [AsyncConn()]
        def worker():
            return asyncio.run(CONNS[0].read())
        for _ in range(3):
            threading.Thread(target=worker).start()
        """, [("SSC204", 15)], "`self.pos`"),
    # calling a coroutine function only makes the coroutine: thrown away, its body never runs
    ("coroutine-made-and-thrown-away-never-runs", _PARSER.format(call="parser.read()"), [], None),
    ("coroutine-made-and-asserted-never-runs", _PARSER.format(call="assert parser.read()"), [], None),
    ("coroutine-run-by-asyncio-run-runs-here", _PARSER.format(call="asyncio.run(parser.read())"),
     [("SSC204", 15)], "`self.pos`"),
    ("coroutine-kept-and-run-later-runs-here", _PARSER.format(call="c = parser.read(); asyncio.run(c)"),
     [("SSC204", 15)], "`self.pos`"),
    ("plain-method-called-as-statement-runs-here", _PARSER.format(call="parser.read_now()"),
     [("SSC204", 17)], "`self.pos`"),
    ("field-through-helper-method", """
        class Worker(threading.Thread):
            def __init__(self):
                super().__init__()
                self.conn = sqlite3.connect("app.db")
            def run(self):
                self.flush()
            def flush(self):
                self.conn.commit()
        """, [("SSC106", 18)], "used by `Worker.run` on the new thread"),
]


@pytest.mark.parametrize("name, body, expected, fragment", CASES, ids=[c[0] for c in CASES])
def test_flow(name, body, expected, fragment):
    code = textwrap.dedent(PRELUDE).lstrip("\n") + textwrap.dedent(body).lstrip("\n")
    found = findings(code)
    assert [(d.code, d.line) for d in found] == expected, [f"{d.line}: {d.code} {d.message}" for d in found]
    if fragment:
        assert fragment in found[0].message


def test_prelude_is_ten_lines():
    assert len(textwrap.dedent(PRELUDE).lstrip("\n").splitlines()) == 10


def test_an_update_reached_through_calls_shows_the_calls_from_the_threads_root():
    """The update is in a method the thread's function reaches through two calls: the notes lead
    from the handover down to it, each call naming the function it calls."""
    found = findings(textwrap.dedent(PRELUDE).lstrip("\n") + textwrap.dedent("""
        class Stats:
            def __init__(self):
                self.hits = 0
            def hit(self):
                self.hits += 1
        class Cache:
            def __init__(self):
                self.stats = Stats()
            def get(self, key):
                self.stats.hit()
                return key
        cache = Cache()
        def work(key):
            return cache.get(key)
        for k in range(3):
            threading.Thread(target=work, args=(k,)).start()
        """).lstrip("\n"))
    assert [(d.code, d.line) for d in found] == [("SSC204", 15)]
    assert [(n.line, n.message) for n in found[0].notes] == [
        (26, "the work is handed to threading.Thread here"),
        (24, "the other thread calls `Cache.get` here"),
        (20, "the other thread calls `Stats.hit` here"),
    ]
