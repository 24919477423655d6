"""Values followed through the whole program, and judged by what each thread does with them.

One section per shape real projects take (the twelve of the value-flow issue); each flagged case
has a clean twin beside it. Expected findings are marked in the snippets (``# SSC102``).
"""
from __future__ import annotations

import pytest

from harness import assert_marked

#: a counter bumped by several threads after an acquire that may fail; `{failed}` is what the
#: thread does when it failed, `{update}` the bump
_CHECKED_ACQUIRE = """
        import threading
        class Counter:
            def __init__(self):
                self.n = 0
                self.lock = threading.Lock()
            def bump(self):
                ok = self.lock.acquire(timeout=1)
                if not ok:
                    {failed}
                {update}
                self.lock.release()
        def main():
            c = Counter()
            for _ in range(4):
                threading.Thread(target=c.bump).start()
        """

#: a reentrant lock class of the project used with `with` by several threads; `{first}` and
#: `{then}` are its `__exit__`, in order
_DEPTH_LOCK = """
        import threading
        class DepthLock:
            def __init__(self):
                self._lock = threading.RLock()
                self._depth = 0
            def __enter__(self):
                self._lock.acquire()
                self._depth += 1
            def __exit__(self, *exc):
                {first}
                {then}
        LOCK = DepthLock()
        def work():
            with LOCK:
                print("in")
        def main():
            for _ in range(4):
                threading.Thread(target=work).start()
        """

#: a method that starts a timer thread each time it is called, and a loop that calls it;
#: `{start}` is the method's body, `{passes}` the loop and `{call}` its body
_REGISTERED = """
        import threading
        class Agent:
            def __init__(self):
                self.ticks = 0
                self._timer = None
            def tick(self, oid):
                self.ticks += 1{marker}
            def register(self, oid):
                {start}
        def main(oids):
            agent = Agent()
            {passes}
                {call}
        """

def _hands_keys(made: str, each: str) -> tuple:
    """A `_KEYED` case whose threads get the mapping's keys (names): clean."""
    return _KEYED.format(made=made, each=each, work="print(x.upper())", mark=""), None


def _hands_values(each: str) -> tuple:
    """A `_KEYED` case whose threads get the connections themselves: SSC102."""
    return (_KEYED.format(made="{}", each=each, work="x.execute('select 1')", mark="  # SSC102"),
            "`x` (sqlite3 connection, NotSend: created at line 8")


def _registered(start: str, marker: str = "", passes: str = "for oid in oids:", call: str = "agent.register(oid)") -> str:
    """`_REGISTERED` with `register` doing `start`, called by `call` in `passes` (`marker` on the
    counter's bump)."""
    return _REGISTERED.format(marker=marker, start=start, passes=passes, call=call)


#: how `register` makes its timer
_TIMER = "threading.Timer(5, self.tick, args=(oid,))"

#: a function that starts a thread bumping a module's counter each time it is called
_COUNTED = """
        import threading
        seen = 0
        def count(item):
            global seen
            seen += 1{marker}
        def spawn(item):
            {start}
        def main(items):
            for item in items:
                {call}
        """

#: a crawler whose `add_worker` starts a thread reading its pages each time a loop calls it;
#: `{pages}` is where the pages come from, `{add}` the method's body and `{call}` the loop's
_ADD_WORKER = """
        import threading
        class Crawler:
            def __init__(self, urls):
                self.urls = urls
                self.pages = {pages}
            def work(self):
                for url in self.pages:
                    print(url)
            def add_worker(self):
                {add}
        def main(urls):
            crawler = Crawler(urls)
            for _ in range(4):
                {call}
        """

#: connections kept by name in a mapping that starts empty and is filled by `d[k] = v`;
#: `{made}` is the empty mapping, `{each}` what the loop goes over, `{work}` what a thread does
_KEYED = """
        import sqlite3
        import threading
        def ping(x):
            {work}
        def main(names):
            conns = {made}
            for n in names:
                conns[n] = sqlite3.connect(n + ".db")
            for x in {each}:
                threading.Thread(target=ping, args=(x,)).start(){mark}
        """

#: a method several threads call through a decorator whose wrapper holds the object's lock
#: around the call; `{call}` is the wrapper's body
_SYNCHRONIZED = """
        import functools
        import threading
        def synchronized(method):
            @functools.wraps(method)
            def wrapper(self, *args):
                {call}
            return wrapper
        class Ids:
            def __init__(self):
                self.lock = threading.Lock()
                self.ids = iter(range(1000))
            @synchronized
            def take(self):
                return next(self.ids)
        def main():
            ids = Ids()
            for _ in range(4):
                threading.Thread(target=ids.take).start()
        """

#: a decorator that hands back what it is given through a local name, on a class and on an
#: unrelated generator method; `{db}` is what the service keeps, `{ping}` what `ping` does
_EXPOSED = """
        import sqlite3
        import threading
        def expose(obj):
            marked = obj
            return marked
        @expose
        class Service:
            def __init__(self):
                self.db = {db}
            def ping(self):
                {ping}
        class Feed:
            @expose
            def chunks(self):
                yield b"data"
        def make(kind=Service):
            return kind()
        def use(svc):
            svc.ping()
        def main():
            svc = make()
            t = threading.Thread(target=use, args=(svc,))
            t.start()
            svc.ping()
            t.join()
        """

#: objects called as tasks (`__call__` bumps their own counter); `{tasks}` submits them
_CALLABLES = """
        from concurrent.futures import ThreadPoolExecutor
        class Client:
            def __init__(self, uri):
                self.uri = uri
                self.seq = 0
            def __call__(self):
                self.seq += 1{mark}
                return self.uri, self.seq
        def main(uris):
            clients = [Client(u) for u in uris]
            with ThreadPoolExecutor(max_workers=3) as pool:
                {tasks}
        """

#: a home-made re-entrant lock: its owner re-enters by bumping a count outside the condition;
#: `{me}` is who asks, `{mark}` the expected finding on the bump
_OWNED = """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        class ReentrantLock:
            def __init__(self):
                self._cond = threading.Condition()
                self._owner = None
                self._entries = 0
            def acquire(self, me):
                if self._owner == {me}:
                    self._entries += 1{mark}
                    return
                with self._cond:
                    while self._owner is not None:
                        self._cond.wait()
                    self._owner = {me}
                    self._entries = 1
        LOCK = ReentrantLock()
        def work(name):
            LOCK.acquire(name)
        def main():
            with ThreadPoolExecutor(max_workers=4) as pool:
                for i in range(4):
                    pool.submit(work, str(i % 2))
        """

#: a re-entrant lock whose `release()` first checks the owner: `if self._owner {op}
#: threading.current_thread(): {leave}`, then updates the count
_OWNER_CHECKED = """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        class ReentrantLock:
            def __init__(self):
                self._owner = None
                self._entries = 0
            def release(self):
                if self._owner {op} threading.current_thread():
                    {leave}
                self._entries -= 1{mark}
        LOCK = ReentrantLock()
        def main():
            with ThreadPoolExecutor(max_workers=4) as pool:
                for _ in range(4):
                    pool.submit(LOCK.release)
        """

#: a re-entrant lock whose `enter()` asks a method of its own whether this thread owns it:
#: `if self.{ask}:`; `owns(waiting)` also answers yes for a thread that waits
_OWNER_ASKED = """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        class ReentrantLock:
            def __init__(self):
                self._owner = None
                self._waiting = set()
                self._entries = 0
            def owns(self, waiting=True):
                if self._owner == threading.current_thread():
                    return True
                if waiting:
                    return threading.current_thread() in self._waiting
                return False
            def enter(self):
                if self.{ask}:
                    self._entries += 1{mark}
        LOCK = ReentrantLock()
        def main():
            with ThreadPoolExecutor(max_workers=4) as pool:
                for _ in range(4):
                    pool.submit(LOCK.enter)
        """

#: one thread per pass of a loop, each given a new `Job`; `{own}` is how a job keeps the `Hosts`
#: it is given, `{passes}` the loop, `{job}` the new job, `{join}` what the pass does after
_WRAPPERS = """
        import threading
        class Hosts:
            def __init__(self):
                self.names = self.cycle()
            def cycle(self):
                while True:
                    yield from ("a", "b")
        class Job:
            def __init__(self, hosts, n):
                {own}
                self.n = n
            def run(self):
                return next(self.hosts.names)
        def main():
            hosts = Hosts()
            {passes}
                {job}
                t = threading.Thread(target=job.run)
                t.start()
                {join}
        """

#: a generator method behind a decorator `{deco}` of the module `tools`, the generator shared
#: by the threads a loop starts; `{mark}` ends the line that starts them
_DECORATED_GENERATOR = """
            import threading
            from tools import *
            class Hosts:
                def __init__(self):
                    self.names = self.cycle()
                @{deco}
                def cycle(self):
                    while True:
                        yield from ("a", "b")
            def pick(hosts):
                return next(hosts.names)
            def main():
                hosts = Hosts()
                for _ in range(4):
                    threading.Thread(target=pick, args=(hosts,)).start(){mark}
            """

#: an application whose loop runs on a thread `Bar.__enter__` starts (`{target}`), and whose
#: future that loop awaits is resolved by `exit()` (after `{overloads}`; `{mark}` ends the line)
#: called by `Bar.__exit__` (`{stop}`)
_APP_THREAD = """
        import asyncio
        import contextvars
        import threading
        from typing import overload
        class App:
            def __init__(self):
                self.done = None
                self.loop = None
            def run(self):
                self.loop = asyncio.new_event_loop()
                asyncio.set_event_loop(self.loop)
                self.loop.run_until_complete(self.serve())
            async def serve(self):
                self.done = asyncio.get_running_loop().create_future()
                await self.done
            {overloads}
            def exit(self, result=None):
                self.done.set_result(result){mark}
        class Bar:
            def __enter__(self):
                self.app = App()
                self.thread = threading.Thread({target})
                self.thread.start()
                return self
            def __exit__(self, *exc):
                {stop}
                self.thread.join()
        """

#: a service that hands work to the loop a thread of the module runs (`notify()`); its
#: `__exit__` stops the loop, then `{join}`, then closes the loop (`{mark}` ends that line)
_LOOP_SERVICE = """
        import asyncio
        import threading
        LOOP = asyncio.new_event_loop()
        THREAD = threading.Thread(target=LOOP.run_forever, daemon=True)
        THREAD.start()
        class Service:
            def notify(self):
                asyncio.run_coroutine_threadsafe(self.ping(), LOOP)
            async def ping(self):
                print("ping")
            def __exit__(self, *exc):
                self.close()
            def close(self):
                LOOP.call_soon_threadsafe(LOOP.stop)
                {join}
                LOOP.close(){mark}
        """

#: a loop a method starts on a thread of its own, and its `stop()`, which nothing in the project
#: calls (its users do); `{target}` is the thread's work, `{run}` a nested function that runs the
#: loop, `{then}` what `start()` does next, `{stop}` what `stop()` does
_BACKGROUND_LOOP = """
        import asyncio
        import threading
        class Background:
            def start(self):
                self._loop = asyncio.new_event_loop()
                def run():
                    {run}
                self._thread = threading.Thread(target={target}, daemon=True)
                self._thread.start()
                {then}
            def stop(self):
                {stop}
        """

#: the thread function of `_BACKGROUND_LOOP` that sets its loop up and runs it until stopped
_RUN_NESTED = "asyncio.set_event_loop(self._loop)\n                    self._loop.run_forever()"

#: a loop made on first use and run on a thread of its own, kept by `{keep}`; the caller then
#: does `{use}` and hands it work through the bridge
_KEPT_LOOP = """
        import asyncio
        import threading
        class Holder:
            loop = None
        HOLDER = Holder()
        REGISTRY = {{}}
        _bg = None
        def get_loop():
            global _bg
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, daemon=True).start()
            {keep}
            {use}
            return loop
        def submit(coro):
            return asyncio.run_coroutine_threadsafe(coro, get_loop())
        """

#: tasks submitted in a loop, each handed `{given}` as the counter it updates with `+=`
_PROGRESS = """
        import multiprocessing
        import threading
        from concurrent.futures import ThreadPoolExecutor
        def download(url, progress):
            for chunk in range(10):
                {update}
        class Downloader:
            def __init__(self):
                self.progress = multiprocessing.Value("i", 0)
                self.lock = threading.Lock()
                self.pool = ThreadPoolExecutor(4)
            def start(self, urls):
                for url in urls:
                    self.pool.submit(download, url, {given})
        """

#: two objects of one class, each given its own callback: `Stats` gives its counter to a queue one
#: thread drains; `main` gives `{given}` to a queue `{workers}` threads drain
_CALLBACKS = """
        import threading
        class Queue:
            def __init__(self, on_drop):
                self._on_drop = on_drop
            def drain(self):
                self._on_drop(None)
        class Stats:
            def __init__(self):
                self.dropped = 0
                self.queue = Queue(self.count_drop)
                threading.Thread(target=self.queue.drain).start()
            def count_drop(self, item):
                self.dropped += 1{mark}
        def main():
            stats = Stats()
            queue = Queue({given})
            for _ in range({workers}):
                threading.Thread(target=queue.drain).start()
        """

#: the same, run in a `try` whose `finally` closes the loop
_RUN_NESTED_TRY = ("asyncio.set_event_loop(self._loop)\n                    try:\n"
                   "                        self._loop.run_forever()\n                    finally:\n"
                   "                        self._loop.close()")

#: a loop run forever by a method's thread, its `stop()`, and another class whose `__getattr__`
#: returns `{lookup}`; `main` does `{use}`
_LOOKUP = """
        import asyncio
        import threading
        class Background:
            def start(self):
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
                self._thread.start()
            def stop(self):
                self._loop.stop(){mark}
        class Other:
            def __init__(self, target):
                self._target = target
            def __getattr__(self, name):
                return {lookup}
        def main():
            bg = Background()
            bg.start()
            {use}
        """

#: a method behind a decorator whose wrapper calls it with the same arguments: it runs the
#: function it is given on a thread; `{made}` is `self.con`, `{use}` what the function does
_FORWARDED = """
        import functools
        import sqlite3
        import threading
        def traced(func):
            @functools.wraps(func)
            def wrapper(*args):
                print("calling", func.__name__)
                return func(*args)
            return wrapper
        class Suite:
            def __init__(self):
                self.con = {made}
            @traced
            def on_thread(self, fn):
                def run():
                    fn()
                t = threading.Thread(target=run)
                t.start()
                t.join()
            def test_cursor(self):
                self.on_thread(lambda: {use}){mark}
        """

#: a plugin that hands its server's coroutine to the loop a module thread runs; its `on_click`,
#: which nothing in the project calls, does `{click}`; `{mark}` ends the line that cancels
_PLUGIN = """
        import asyncio
        import threading
        LOOP = asyncio.new_event_loop()
        threading.Thread(target=LOOP.run_forever, daemon=True).start()
        class Server:
            def __init__(self):
                self.task = None
            async def run(self):
                self.task = asyncio.create_task(asyncio.sleep(10))
                await self.task
            def restart(self):
                self.task.cancel(){mark}
        class Plugin:
            def start(self):
                self.server = Server()
                asyncio.run_coroutine_threadsafe(self.server.run(), LOOP)
            def on_click(self):
                {click}
        """

#: an engine whose loop runs on the thread `start()` starts, and whose task made there
#: `shutdown()` cancels (`{mark}` ends that line); `close()`, which `__exit__` calls, does `{close}`
_ENGINE = """
        import asyncio
        import threading
        class Engine:
            def start(self):
                self.loop = asyncio.new_event_loop()
                self.thread = threading.Thread(target=self.loop.run_forever)
                self.thread.start()
                self.task = asyncio.run_coroutine_threadsafe(self.setup(), self.loop)
            async def setup(self):
                self.ticker = asyncio.get_running_loop().create_task(asyncio.sleep(60))
            def shutdown(self):
                self.ticker.cancel(){mark}
            def close(self):
                {close}
            def __exit__(self, *exc):
                self.close()
        """

#: a store whose `save` flushes its connection only in the branch `{test}` picks, on a thread
#: that `{spawn}` starts; `{mark}` ends the line that uses the connection
_LOOP_BRANCH = """
        import asyncio
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
                self.loop = asyncio.new_event_loop()
            def flush(self):
                self.conn.commit(){mark}
            def save(self):
                try:
                    running = asyncio.get_running_loop()
                except RuntimeError:
                    running = None
                if {test}:
                    self.flush()
        async def serve(store):
            store.save()
        def main():
            store = Store()
            {spawn}
        """

#: counts each of several threads keeps in `{store}`: through a field, and a global's item
_PER_THREAD = """
        import threading
        class Plain:
            pass
        class Stats:
            def __init__(self):
                self.state = {store}
            def work(self):
                self.state.hits = 0
                for _ in range(10):
                    self.state.hits += 1{mark}
            def main(self):
                for _ in range(4):
                    threading.Thread(target=self.work).start()
        SEEN = {store}
        def count(key):
            SEEN.keys = {{}}
            SEEN.keys[key] = SEEN.keys.get(key, 0) + 1{mark}
        def spawn():
            for k in "abc":
                threading.Thread(target=count, args=(k,)).start()
        """

#: a module's loop, run until stopped on a thread the module starts
_MODULE_LOOP = """
        import asyncio
        import threading
        LOOP = asyncio.new_event_loop()
        def run():
            try:
                LOOP.run_forever()
            finally:
                LOOP.close()
        THREAD = threading.Thread(target=run, daemon=True)
        THREAD.start()
        """

#: objects made by a classmethod's `cls({queue})`, one handed to a thread
_MADE_BY_CLS = """
        import asyncio
        import queue
        import threading
        class Holder:
            def __init__(self, q):
                self.q = q
            @classmethod
            def make(cls):
                return cls({queue})
        class Named(Holder):
            pass
        def work(h):
            h.q.put_nowait(1)
        def main():
            h = {maker}.make()
            t = threading.Thread(target=work, args=(h,)){mark}
            t.start()
            h.q.get_nowait()
            t.join()
        """

#: a connection one task opens and returns, handed to the next task of an executor made with
#: `{workers}`; `{mark}` ends the line that hands it over
_TWO_TASKS = """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def open_db(path):
            return sqlite3.connect(path)
        def count(db):
            return db.execute("SELECT count(*) FROM t").fetchone()
        def main():
            with ThreadPoolExecutor({workers}) as pool:
                db = pool.submit(open_db, "app.db").result()
                pool.submit(count, db){mark}
        """

#: a server that counts its requests; `{bases}` are its bases, `{count}` how it counts
_SERVER = """
        import http.server
        import socketserver
        import threading
        class CountingServer({bases}):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.lock = threading.Lock()
                self.requests = 0
            def finish_request(self, request, client_address):
                {count}
                super().finish_request(request, client_address)
        def main():
            server = CountingServer(("localhost", 0), http.server.SimpleHTTPRequestHandler)
            server.serve_forever()
        """

#: a request handler given to an HTTP server; `{server}` is the server's class, `{count}` what
#: the handler counts in do_GET
_HANDLER = """
        import http.server
        import sqlite3
        DB = sqlite3.connect("hits.db")
        class Handler(http.server.BaseHTTPRequestHandler):
            def setup(self):
                super().setup()
                self.count = 0
            def do_GET(self):
                {count}
                self.send_response(200)
        def main():
            server = http.server.{server}(("localhost", 8000), Handler)
            server.count = 0
            server.serve_forever()
        """

#: the generator a Feed hands its thread as `self`
_FEED = """
        import threading
        def numbers():
            yield from range(100)
        class Feed:
            def __init__(self):
                self.items = numbers()
            def pump(self):
                for n in self.items:
                    print(n)"""

#: a Thread subclass whose iterator field run() consumes
_POLLER = """
        import threading
        class Poller(threading.Thread):
            def __init__(self):
                super().__init__(daemon=True)
                self.items = iter(range(100))"""

#: `_POLLER` with a method `getter` returning `self.field`, and `main` (from line 14)
_POLLER_GETTER = _POLLER + """
                self.count = 0
            def {getter}(self):
                return self.{field}
            def run(self):
                for item in self.items:
                    print(item)
        def main():
            poller = Poller()
            {main}
        """

#: a Thread subclass that opens its own shareable connection in run()
_WRITER = """
        import sqlite3
        import threading
        class Writer(threading.Thread):
            def run(self):
                self.conn = sqlite3.connect("app.db", check_same_thread=False)
                self.conn.execute("INSERT INTO t VALUES (1)")
            def count(self):"""

#: a Thread subclass whose iterator field run() and skip() both advance
_PRODUCER = """
        import threading
        class Producer(threading.Thread):
            def __init__(self):
                super().__init__()
                self.items = iter(range(100))
            def skip(self, n):
                for _ in range(n):"""


CASES = {
    # 1. a field set from a constructor argument; a parameter from the project's call sites -------
    "field-from-constructor-argument": ("""
        import threading
        import tkinter as tk
        class Model:
            def __init__(self, root):
                self.root = root
                self.title = tk.Label(root)
        class Tester:
            def __init__(self, model):
                self.model = model
            def run(self):
                self.model.title.config(text="done")
        def main():
            tester = Tester(Model(tk.Tk()))
            threading.Thread(target=tester.run).start()  # SSC103
        """, "`tester` (Tester, NotSend: holds `self.model`"),
    "field-from-constructor-argument~clean": ("""
        import threading
        import tkinter as tk
        class Model:
            def __init__(self, root):
                self.root = root
                self.title = tk.Label(root)
                self.count = 0
        class Tester:
            def __init__(self, model):
                self.model = model
            def run(self):
                self.model.count += 0
        def main():
            tester = Tester(Model(tk.Tk()))
            t = threading.Thread(target=tester.run)
            t.start()
            t.join()
        """, None),
    "annotated-field-from-constructor": ("""
        import sqlite3
        import threading
        class Repo:
            def __init__(self, conn: sqlite3.Connection) -> None:
                self.conn = conn
            def count(self) -> int:
                return self.conn.execute("SELECT 1").fetchone()[0]
        def main():
            repo = Repo(sqlite3.connect("app.db"))
            threading.Thread(target=repo.count).start()  # SSC103
        """, None),
    "parameter-from-call-sites": ("""
        import sqlite3
        import threading
        def worker(conn):
            conn.execute("SELECT 1")
        def start(conn):
            threading.Thread(target=worker, args=(conn,)).start()  # SSC102
        def main():
            start(sqlite3.connect("app.db"))
        """, "sqlite3 connection"),
    "parameter-from-call-sites~clean": ("""
        import sqlite3
        import threading
        def worker(conn):
            conn.execute("SELECT 1")
        def start(conn):
            threading.Thread(target=worker, args=(conn,)).start()
        def main():
            start(sqlite3.connect("app.db", check_same_thread=False))
        """, None),
    "one-shared-object-in-every-new-wrapper": (_WRAPPERS.format(
        own="self.hosts = hosts", passes="for n in range(4):", job="job = Job(hosts, n)  # SSC201",
        join="pass"), "each thread gets a new `job`, and every one of them holds this same object"),
    "each-new-wrapper-makes-its-own~clean": (_WRAPPERS.format(
        own="self.fallback, self.hosts = hosts, Hosts()", passes="for n in range(4):", job="job = Job(hosts, n)",
        join="pass"), None),
    "each-new-wrapper-gets-what-the-pass-sets~clean": (_WRAPPERS.format(
        own="self.hosts = hosts", passes="for n in range(4):",
        job="hosts.current = Hosts()\n                job = Job(hosts.current, n)", join="pass"), None),
    "each-new-wrapper-gets-its-own-item~clean": (_WRAPPERS.format(
        own="self.hosts = hosts", passes="for hosts in [Hosts() for _ in range(4)]:", job="job = Job(hosts, 0)",
        join="pass"), None),
    "one-shared-object-in-every-new-wrapper-joined-each-pass~clean": (_WRAPPERS.format(
        own="self.hosts = hosts", passes="for n in range(4):", job="job = Job(hosts, n)", join="t.join()"), None),
    # a base's method that retries with its own parameter, run on a subclass's object: the
    # parameter's calls lead back to itself, and the rest of the module is still checked
    "method-retrying-with-its-own-parameter-on-a-subclass": ("""
        import sqlite3
        import threading
        class Strategy:
            def send(self, kind):
                self.current = kind
                print(kind.keys())
                self.send(kind)
            def resend(self):
                self.send(self.current)
        class Retrying(Strategy):
            pass
        def work():
            Retrying().resend()
        def main():
            conn = sqlite3.connect("app.db")
            threading.Thread(target=work).start()
            threading.Thread(target=conn.commit).start()  # SSC103
        """, "`conn` (sqlite3 connection"),
    # 2. containers filled by mutation --------------------------------------------------------
    "listeners-appended": ("""
        import threading
        import tkinter as tk
        class Bus:
            def __init__(self):
                self.listeners = []
            def subscribe(self, view):
                self.listeners.append(view)
            def publish(self, text):
                for view in self.listeners:
                    view.config(text=text)
        def main():
            bus = Bus()
            bus.subscribe(tk.Label(tk.Tk()))
            threading.Thread(target=bus.publish, args=("hi",)).start()  # SSC103
        """, None),
    "listeners-appended~clean": ("""
        import threading
        class Bus:
            def __init__(self):
                self.listeners = []
            def subscribe(self, view):
                self.listeners.append(view)
            def publish(self, text):
                for view in self.listeners:
                    view(text)
        def main():
            bus = Bus()
            bus.subscribe(print)
            threading.Thread(target=bus.publish, args=("hi",)).start()
        """, None),
    "registry-item-store": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        REGISTRY = {}
        def register(name, conn):
            REGISTRY[name] = conn
        def query(name):
            return REGISTRY[name].execute("SELECT 1")  # SSC104
        def main():
            register("main", sqlite3.connect("app.db"))
            with ThreadPoolExecutor() as pool:
                pool.submit(query, "main")
        """, None),
    "registry-item-store~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        REGISTRY = {}
        def register(name, path):
            REGISTRY[name] = path
        def query(name):
            return sqlite3.connect(REGISTRY[name]).execute("SELECT 1")
        def main():
            register("main", "app.db")
            with ThreadPoolExecutor() as pool:
                pool.submit(query, "main")
        """, None),
    "futures-read-back-with-items": ("""
        import asyncio
        import threading
        class Hub:
            def __init__(self):
                self.pending = {}
            async def ask(self, key):
                fut = asyncio.get_running_loop().create_future()
                self.pending[key] = fut
                threading.Thread(target=self.answer).start()  # SSC205
                return await fut
            def answer(self):
                for key, fut in list(self.pending.items()):
                    fut.set_result(key)
        """, None),
    "futures-read-back-with-items~clean": ("""
        import asyncio
        import threading
        class Hub:
            def __init__(self):
                self.pending = {}
            async def ask(self, key):
                loop = asyncio.get_running_loop()
                fut = loop.create_future()
                self.pending[key] = (loop, fut)
                threading.Thread(target=self.answer).start()
                return await fut
            def answer(self):
                for key, (loop, fut) in list(self.pending.items()):
                    loop.call_soon_threadsafe(fut.set_result, key)
        """, None),
    "connections-by-name-values-handed": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def count(conn):
            return conn.execute("SELECT count(*) FROM t").fetchone()
        def main():
            conns = {}
            conns["app"] = sqlite3.connect("app.db")
            with ThreadPoolExecutor() as pool:
                for name, conn in conns.items():
                    pool.submit(count, conn)  # SSC102
        """, None),
    "connections-by-name-keys-handed~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def count(name):
            return sqlite3.connect(name + ".db").execute("SELECT count(*) FROM t").fetchone()
        def main():
            conns = {}
            conns["app"] = sqlite3.connect("app.db")
            with ThreadPoolExecutor() as pool:
                for name, conn in conns.items():
                    pool.submit(count, name)
        """, None),
    "mapping-annotation-values-are-held": ("""
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        class Registry:
            loops: dict[str, asyncio.AbstractEventLoop] = dict()
            @staticmethod
            def main_loop():
                return Registry.loops["main"]
        def stop():
            Registry.main_loop().stop()  # SSC203
        def main():
            with ThreadPoolExecutor() as pool:
                pool.submit(stop)
        """, None),
    "mapping-annotation-keys-are-not-held~clean": ("""
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        class Registry:
            by_loop: dict[asyncio.AbstractEventLoop, "Registry"] = dict()
            @staticmethod
            def current():
                return Registry.by_loop[asyncio.get_event_loop()]
            def clear(self):
                print("cleared")
        def reset():
            Registry.current().clear()
        def main():
            with ThreadPoolExecutor() as pool:
                pool.submit(reset)
        """, None),
    "keys-of-copied-dicts-and-nested-pairs-hold-no-connection~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def show(name):
            print(name.upper())
        def main():
            conns = {"a": sqlite3.connect("a.db"), "b": sqlite3.connect("b.db")}
            copy = {name: conn for name, conn in conns.items()}
            with ThreadPoolExecutor() as pool:
                for name in copy:
                    pool.submit(show, name)
                for name in dict(conns.items()):
                    pool.submit(show, name)
                for name in conns.keys():
                    pool.submit(show, name)
                for i, (name, conn) in enumerate(conns.items()):
                    pool.submit(show, name)
        """, None),
    "mapping-filled-by-key-hands-its-values": _hands_values("conns.values()"),
    "mapping-filled-by-key-hands-its-keys~clean": _hands_keys("{}", "conns"),
    "mapping-sorted-hands-its-keys~clean": _hands_keys("{}", "sorted(conns)"),
    "mapping-values-listed-hands-its-values": _hands_values("list(conns.values())"),
    "mapping-copied-hands-its-keys~clean": _hands_keys("{}", "conns.copy()"),
    "mapping-made-by-dict-hands-its-keys~clean": _hands_keys("dict()", "conns"),
    # 3. callables stored and taken out again ----------------------------------------------------
    "wrapper-method-handed-as-callback": ("""
        import asyncio
        import threading
        class ThreadsafeQueue:
            def __init__(self):
                self._queue = asyncio.Queue()
            async def async_get(self):
                return await self._queue.get()
            def put(self, value):
                self._queue.put_nowait(value)  # SSC202
        def monitor(new_value_callback):
            while True:
                new_value_callback(1)
        async def main():
            queue = ThreadsafeQueue()
            threading.Thread(target=monitor, kwargs=dict(new_value_callback=queue.put)).start()
            while True:
                print(await queue.async_get())
        """, "`queue` (ThreadsafeQueue, NotSync: holds `self._queue`"),
    "wrapper-method-handed-as-callback-bridges~clean": ("""
        import asyncio
        import threading
        class ThreadsafeQueue:
            def __init__(self):
                self._queue = asyncio.Queue()
                self._loop = asyncio.get_running_loop()
            async def async_get(self):
                return await self._queue.get()
            def put(self, value):
                self._loop.call_soon_threadsafe(self._queue.put_nowait, value)
        def monitor(new_value_callback):
            while True:
                new_value_callback(1)
        async def main():
            queue = ThreadsafeQueue()
            threading.Thread(target=monitor, kwargs=dict(new_value_callback=queue.put)).start()
            while True:
                print(await queue.async_get())
        """, None),
    "stored-bound-method": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Shell:
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
                self.commands = {"vacuum": self.vacuum}
            def vacuum(self):
                self.conn.execute("VACUUM")
            def run(self, name, pool: ThreadPoolExecutor):
                pool.submit(self.commands[name])  # SSC103
        """, None),
    "stored-bound-method~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Shell:
            def __init__(self, path):
                self.path = path
                self.commands = {"vacuum": self.vacuum}
            def vacuum(self):
                sqlite3.connect(self.path).execute("VACUUM")
            def run(self, name, pool: ThreadPoolExecutor):
                pool.submit(self.commands[name])
        """, None),
    # 4. work that reaches a boundary through a parameter ---------------------------------------
    "class-handed-as-target-gets-connection": ("""
        import sqlite3
        import threading
        class Job:
            def __init__(self, conn):
                conn.execute("SELECT 1")
        def main():
            conn = sqlite3.connect("app.db")
            threading.Thread(target=Job, args=(conn,)).start()  # SSC102
        """, "is passed to threading.Thread as an argument of `Job.__init__`"),
    "class-handed-as-target-gets-path~clean": ("""
        import sqlite3
        import threading
        class Job:
            def __init__(self, path):
                sqlite3.connect(path).execute("SELECT 1")
        def main():
            threading.Thread(target=Job, args=("app.db",)).start()
        """, None),
    "callable-object-holding-connection-submitted": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Job:
            def __init__(self, conn):
                self.conn = conn
            def __call__(self):
                self.conn.execute("SELECT 1")
        def main():
            conn = sqlite3.connect("app.db")
            with ThreadPoolExecutor() as pool:
                pool.submit(Job(conn))  # SSC103
        """, "crosses to another thread as the object whose `__call__()` runs there"),
    "callable-object-holding-path-submitted~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Job:
            def __init__(self, path):
                self.path = path
            def __call__(self):
                sqlite3.connect(self.path).execute("SELECT 1")
        def main():
            with ThreadPoolExecutor() as pool:
                pool.submit(Job("app.db"))
        """, None),
    "decorator-submits": ("""
        import functools
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        POOL = ThreadPoolExecutor()
        def make_async(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return POOL.submit(fn, *args)  # SSC102
            return wrapper
        @make_async
        def save(conn, row):
            conn.execute("INSERT INTO t VALUES (?)", row)
        def main():
            save(sqlite3.connect("app.db"), (1,))
        """, None),
    "decorator-submits~clean": ("""
        import functools
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        POOL = ThreadPoolExecutor()
        def make_async(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return POOL.submit(fn, *args)
            return wrapper
        @make_async
        def save(path, row):
            sqlite3.connect(path).execute("INSERT INTO t VALUES (?)", row)
        def main():
            save("app.db", (1,))
        """, None),
    "helper-run-bg": ("""
        import sqlite3
        import threading
        def run_bg(fn, *args):
            threading.Thread(target=fn, args=args).start()  # SSC102
        def export(conn):
            conn.execute("SELECT 1")
        def main():
            run_bg(export, sqlite3.connect("app.db"))
        """, None),
    "helper-run-bg~clean": ("""
        import sqlite3
        import threading
        def run_bg(fn, *args):
            threading.Thread(target=fn, args=args).start()
        def export(path):
            sqlite3.connect(path).execute("SELECT 1")
        def main():
            run_bg(export, "app.db")
        """, None),
    # a project subclass of a library executor: its inherited submit hands work over; its own
    # override of submit runs what the override does
    "executor-subclass-inherits-submit": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Pool(ThreadPoolExecutor):
            pass
        def job(conn):
            conn.execute("SELECT 1")
        def main():
            conn = sqlite3.connect("app.db")
            Pool().submit(job, conn)  # SSC102
        """, None),
    "executor-subclass-inherits-submit~clean": ("""
        import sqlite3
        from concurrent.futures import Future, ThreadPoolExecutor
        class Pool(ThreadPoolExecutor):
            def submit(self, fn, *args):
                done = Future()
                done.set_result(fn(*args))
                return done
        def job(conn):
            conn.execute("SELECT 1")
        def main():
            conn = sqlite3.connect("app.db")
            Pool().submit(job, conn)
        """, None),
    "method-decorator-returns-plain-generator": ({
        "tools": """
            def logged(f):
                def call(*args, **kwargs):
                    print("calling", f.__name__)
                    return f(*args, **kwargs)
                return call
            """,
        "app": _DECORATED_GENERATOR.format(deco="logged", mark="  # SSC201")}, None),
    "method-decorator-wraps-generator-in-locked-iterator~clean": ({
        "tools": """
            import threading
            class Locked:
                def __init__(self, it):
                    self.it = it
                    self.lock = threading.Lock()
                def __iter__(self):
                    return self
                def __next__(self):
                    with self.lock:
                        return next(self.it)
            def threadsafe(f):
                def call(*args, **kwargs):
                    return Locked(f(*args, **kwargs))
                return call
            """,
        "app": _DECORATED_GENERATOR.format(deco="threadsafe", mark="")}, None),
    "method-behind-a-forwarding-decorator-spawns": (_FORWARDED.format(
        made='sqlite3.connect("app.db")', use="self.con.cursor()", mark="  # SSC101"), None),
    "method-behind-a-forwarding-decorator-spawns~clean": (_FORWARDED.format(
        made='"app.db"', use="sqlite3.connect(self.con).cursor()", mark=""), None),
    "method-behind-a-locking-decorator~clean": (_SYNCHRONIZED.format(
        call="with self.lock:\n                    return method(self, *args)"), None),
    "function-behind-a-forwarding-decorator-spawns": ("""
        import functools
        import sqlite3
        import threading
        def traced(func):
            @functools.wraps(func)
            def wrapper(*args):
                print("calling", func.__name__)
                return func(*args)
            return wrapper
        @traced
        def on_thread(fn):
            t = threading.Thread(target=fn)
            t.start()
            t.join()
        def main():
            conn = sqlite3.connect("app.db")
            on_thread(lambda: conn.cursor())  # SSC101
        """, None),
    "method-behind-a-try-finally-locking-decorator~clean": (_SYNCHRONIZED.format(
        call="self.lock.acquire()\n                try:\n                    return method(self, *args)\n"
             "                finally:\n                    self.lock.release()"), None),
    # a decorator that returns its argument through a local name is the argument, at each use
    "decorator-returning-its-argument-by-another-name-keeps-the-class": (_EXPOSED.format(
        db='sqlite3.connect("app.db")', ping='return self.db.execute("select 1")  # SSC102'),
        "`svc` (Service, NotSend: holds `self.db`"),
    "decorator-returning-its-argument-by-another-name-keeps-the-class~clean": (_EXPOSED.format(
        db="None", ping="return self.db"), None),
    # 5. class attributes, `global` rebinding, `from m import *` ---------------------------------
    "class-attribute": ("""
        import sqlite3
        import threading
        class Config:
            DB = sqlite3.connect("app.db")
        def job():
            Config.DB.execute("SELECT 1")  # SSC104
        threading.Thread(target=job).start()
        """, "`Config.DB` (sqlite3 connection, NotSend: created at line 4 with check_same_thread=True) is a class "
             "attribute read by `job`"),
    "notsync-class-attribute": ("""
        import threading
        def numbers():
            yield from range(10)
        class Feed:
            ITEMS = numbers()
        def job():
            print(next(Feed.ITEMS))  # SSC203
        threading.Thread(target=job).start()
        print(next(Feed.ITEMS))
        """, "is a class attribute used by `job`"),
    "notsync-class-attribute~clean": ("""
        import threading
        class Feed:
            ITEMS = tuple(range(10))
        def job():
            print(Feed.ITEMS[0])
        threading.Thread(target=job).start()
        print(Feed.ITEMS[1])
        """, None),
    "class-attribute~clean": ("""
        import sqlite3
        import threading
        class Config:
            DB = "app.db"
        def job():
            sqlite3.connect(Config.DB).execute("SELECT 1")
        threading.Thread(target=job).start()
        """, None),
    # a singleton: the constructor stores the object on its class, a classmethod hands it out
    "singleton-from-a-classmethod": ("""
        import sqlite3
        import threading
        class Store:
            _instance = None
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
                Store._instance = self
            @classmethod
            def instance(cls):
                return cls._instance
        def job():
            Store.instance().conn.execute("SELECT 1")  # SSC104
        def main():
            Store()
            threading.Thread(target=job).start()
        """, None),
    "singleton-from-a-classmethod~clean": ("""
        import sqlite3
        import threading
        class Store:
            _instance = None
            def __init__(self):
                self.path = "app.db"
                Store._instance = self
            @classmethod
            def instance(cls):
                return cls._instance
        def job():
            sqlite3.connect(Store.instance().path).execute("SELECT 1")
        def main():
            Store()
            threading.Thread(target=job).start()
        """, None),
    # a classmethod's arguments come after the class it is bound to
    "classmethod-hands-its-argument-to-a-thread": ("""
        import sqlite3
        import threading
        class Exporter:
            @classmethod
            def start(cls, conn, path):
                threading.Thread(target=cls.export, args=(conn, path)).start()  # SSC102
            @staticmethod
            def export(conn, path):
                conn.execute("SELECT 1")
        def main():
            Exporter.start(sqlite3.connect("app.db"), "out.csv")
        """, None),
    "classmethod-hands-its-argument-to-a-thread~clean": ("""
        import sqlite3
        import threading
        class Exporter:
            @classmethod
            def start(cls, path, conn):
                threading.Thread(target=cls.export, args=(path,)).start()
            @staticmethod
            def export(path):
                sqlite3.connect(path).execute("SELECT 1")
        def main():
            Exporter.start("app.db", sqlite3.connect("app.db"))
        """, None),
    "global-rebound-in-function": ("""
        import sqlite3
        import threading
        CONN = None
        def setup():
            global CONN
            CONN = sqlite3.connect("app.db")
        def job():
            CONN.execute("SELECT 1")  # SSC104
        def main():
            setup()
            threading.Thread(target=job).start()
        """, None),
    "global-rebound-on-the-thread~clean": ("""
        import sqlite3
        import threading
        CONN = None
        def setup():
            global CONN
            CONN = sqlite3.connect("app.db")
        def job():
            setup()
            CONN.execute("SELECT 1")
        def main():
            threading.Thread(target=job).start()
        """, None),
    "star-import": ({
        "db": """
            import sqlite3
            CONN = sqlite3.connect("app.db")
            """,
        "main": """
            import threading
            from db import *
            def job():
                CONN.execute("SELECT 1")  # SSC104
            threading.Thread(target=job).start()
            """,
    }, None),
    "star-import~clean": ({
        "db": """
            PATH = "app.db"
            """,
        "main": """
            import sqlite3
            import threading
            from db import *
            def job():
                sqlite3.connect(PATH).execute("SELECT 1")
            threading.Thread(target=job).start()
            """,
    }, None),
    # 6. `x = None` placeholders ---------------------------------------------------------------
    "none-placeholder-field": ("""
        import sqlite3
        import threading
        class Service:
            def __init__(self):
                self.conn = None
            def open(self):
                self.conn = sqlite3.connect("app.db")
            def work(self):
                self.conn.execute("SELECT 1")
        def main():
            svc = Service()
            svc.open()
            threading.Thread(target=svc.work).start()  # SSC103
        """, None),
    "none-placeholder-field~clean": ("""
        import sqlite3
        import threading
        class Service:
            def __init__(self):
                self.conn = None
            def work(self):
                self.conn = sqlite3.connect("app.db")
                self.conn.execute("SELECT 1")
        def main():
            svc = Service()
            threading.Thread(target=svc.work).start()
        """, None),
    # 7. constructors, properties and methods on the path ----------------------------------------
    "connection-behind-property-call": ("""
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self._conn = sqlite3.connect("app.db")
            def _get_conn(self):
                return self._conn
            conn = property(_get_conn)
        def work(store):
            store.conn.execute("SELECT 1")
        def main():
            store = Store()
            threading.Thread(target=work, args=(store,)).start()  # SSC102
        """, "is passed to threading.Thread as an argument of `work`"),
    "path-behind-property-call~clean": ("""
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self._conn = sqlite3.connect("app.db")
                self._path = "app.db"
            def _get_path(self):
                return self._path
            path = property(_get_path)
        def work(store):
            conn = sqlite3.connect(store.path)
            conn.execute("SELECT 1")
        def main():
            store = Store()
            threading.Thread(target=work, args=(store,)).start()
        """, None),
    "constructor-advances-shared-generator": ("""
        import threading
        def ids():
            n = 0
            while True:
                n += 1
                yield n
        IDS = ids()
        class Context:
            def __init__(self):
                self.id = next(IDS)  # SSC203
        def handle():
            return Context()
        def main():
            threads = [threading.Thread(target=handle) for _ in range(4)]
            for t in threads:
                t.start()
        """, None),
    "constructor-own-generator~clean": ("""
        import threading
        def ids():
            yield 1
        class Context:
            def __init__(self):
                self.id = next(ids())
        def handle():
            return Context()
        def main():
            threads = [threading.Thread(target=handle) for _ in range(4)]
            for t in threads:
                t.start()
        """, None),
    "method-operates-on-field": ("""
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self._conn = sqlite3.connect("app.db", check_same_thread=False)
            def add(self, user):
                self._conn.execute("INSERT INTO users VALUES (?)", (user,))  # SSC201
        def record(store, user):
            store.add(user)
        def main():
            store = Store()
            for user in ("a", "b"):
                threading.Thread(target=record, args=(store, user)).start()
        """, None),
    "property-on-the-path": ("""
        import sqlite3
        import threading
        class Repo:
            def __init__(self):
                self._conn = sqlite3.connect("app.db")
            @property
            def size(self):
                return self._conn.execute("SELECT count(*) FROM t").fetchone()[0]  # SSC102
        def report(repo):
            print(repo.size)
        def main():
            threading.Thread(target=report, args=(Repo(),)).start()
        """, None),
    "property-on-the-path~clean": ("""
        import sqlite3
        import threading
        class Repo:
            def __init__(self):
                self._conn = sqlite3.connect("app.db")
                self.name = "repo"
            @property
            def label(self):
                return self.name.upper()
        def report(repo):
            print(repo.label)
        def main():
            threading.Thread(target=report, args=(Repo(),)).start()
        """, None),
    # a thread started by a method each time a loop calls it: several at once
    "method-called-in-a-loop-starts-a-thread-each-time": (_registered(
        marker="  # SSC204", start=_TIMER + ".start()"),
        "(`register` starts one with threading.Timer at line 9 each time it is called, and a loop calls it)"),
    "method-called-in-a-loop-starts-its-one-timer~clean": (_registered(
        start="if self._timer is None:\n                    self._timer = " + _TIMER + "\n                    self._timer.start()"), None),
    "method-called-in-a-loop-returns-early-once-started~clean": (_registered(
        start="if self._timer:\n                    return\n                self._timer = " + _TIMER + "\n"
                         "                self._timer.start()"), None),
    "method-called-in-a-loop-on-a-new-object-each-pass~clean": (_registered(
        start=_TIMER + ".start()", call="Agent().register(oid)"), None),
    "method-called-in-a-loop-that-waits-each-pass~clean": (_registered(
        start="self._timer = " + _TIMER + "\n                self._timer.start()\n"
                         "                return self._timer",
        call="agent.register(oid).join()"), None),
    "method-called-once-starts-one-thread~clean": (_registered(
        start=_TIMER + ".start()", passes="if oids:", call="agent.register(oids[0])"), None),
    "method-called-in-a-loop-that-stops-once-it-succeeds~clean": (_registered(
        start=_TIMER + ".start()", call="agent.register(oid)\n                break"),
        None),
    "method-called-in-a-loop-cancels-the-timer-it-replaces~clean": (_registered(
        start="if self._timer is not None:\n                    self._timer.cancel()\n"
                         "                self._timer = " + _TIMER + "\n                self._timer.start()"), None),
    "method-called-in-a-loop-after-a-check-of-its-argument": ("""
        import threading
        def check_id(oid):
            if oid < 0:
                raise ValueError(oid)
        class Agent:
            def __init__(self):
                self.ticks = 0
            def tick(self):
                self.ticks += 1  # SSC204
            def register(self, oid):
                check_id(oid)
                threading.Timer(5, self.tick).start()
        def main(oids):
            agent = Agent()
            for oid in oids:
                agent.register(oid)
        """, "`register` starts one"),
    # a helper that returns early on its object's state and raises on its argument refuses
    # nothing by that state: its raise is the argument's
    "method-called-in-a-loop-after-a-memo-then-a-check-of-its-argument": ("""
        import threading
        class Agent:
            def __init__(self):
                self.ticks = 0
                self._seen = set()
            def tick(self):
                self.ticks += 1  # SSC204
            def _check(self, oid):
                if oid in self._seen:
                    return
                if oid < 0:
                    raise ValueError(oid)
            def register(self, oid):
                self._check(oid)
                threading.Timer(5, self.tick).start()
        def main(oids):
            agent = Agent()
            for oid in oids:
                agent.register(oid)
        """, "`register` starts one"),
    "method-called-in-a-loop-refused-by-a-helper-once-started~clean": ("""
        import threading
        class Service:
            def __init__(self):
                self._thread = None
                self.beats = 0
            def _check_not_started(self):
                if self._thread is not None:
                    raise RuntimeError("already started")
            def _beat(self):
                self.beats += 1
            def start(self):
                self._check_not_started()
                self._thread = threading.Thread(target=self._beat)
                self._thread.start()
        def main(hosts):
            svc = Service()
            for h in hosts:
                try:
                    svc.start()
                except RuntimeError:
                    pass
        """, None),
    "method-called-in-a-loop-waits-through-helpers~clean": ("""
        import threading
        class Job:
            def __init__(self):
                self.runs = 0
                self._thread = None
            def _work(self):
                self.runs += 1
            def _wait(self, t):
                t.join()
            def run_once(self):
                t = threading.Thread(target=self._work)
                t.start()
                self._wait(t)
            def start(self):
                self._thread = threading.Thread(target=self._work)
                self._thread.start()
            def drain(self):
                self._thread.join()
        def main(n):
            job = Job()
            for _ in range(n):
                job.run_once()
            for _ in range(n):
                job.start()
                job.drain()
        """, None),
    # ... and what does not make a loop run the spawner once, or wait for it
    "method-called-in-a-loop-whose-inner-loop-breaks": (_registered(
        marker="  # SSC204", start=_TIMER + ".start()", passes="for group in oids:",
        call="for oid in group:\n                    if oid is None:\n                        break\n"
             "                    agent.register(oid)"), "`register` starts one"),
    "method-called-in-a-loop-with-break-in-a-comment": (_registered(
        marker="  # SSC204", start=_TIMER + ".start()",
        call="# never stop on a failure: break\n                agent.register(oid)"), "`register` starts one"),
    "method-called-in-a-loop-that-returns-on-bad-input-first": (_registered(
        marker="  # SSC204", start=_TIMER + ".start()",
        call="if oid is None:\n                    return\n                agent.register(oid)"), "`register` starts one"),
    "method-called-in-a-loop-reads-a-mapping-and-cancels-another-timer": (_registered(
        marker="  # SSC204", start="delay = {}.get(oid, 5)\n                if self._timer is not None:\n"
                                  "                    self._timer.cancel()\n                " + _TIMER + ".start()",
        ), "`register` starts one"),
    "function-called-in-a-loop-starts-a-thread-each-time": (_COUNTED.format(
        marker="  # SSC204", start="threading.Thread(target=count, args=(item,)).start()", call="spawn(item)"),
        "`seen` (global) is rebound by `count` which runs on several threads at once (`spawn` starts one"),
    "function-called-in-a-loop-joins-its-thread~clean": (_COUNTED.format(
        marker="", start="t = threading.Thread(target=count, args=(item,))\n            t.start()\n            t.join()",
        call="spawn(item)"), None),
    "method-called-in-a-loop-hands-its-generator-to-each-thread": (_ADD_WORKER.format(
        pages="(u for u in urls)", add="threading.Thread(target=self.work).start()  # SSC201", call="crawler.add_worker()"),
        "threading.Thread at line 10 starts a thread on each call of `add_worker`, which a loop calls, and hands "
        "it to every one"),
    "method-called-in-a-loop-hands-a-list-to-each-thread~clean": (_ADD_WORKER.format(
        pages="list(urls)", add="threading.Thread(target=self.work).start()", call="crawler.add_worker()"), None),
    "method-called-in-a-loop-of-a-new-crawler-each-pass~clean": (_ADD_WORKER.format(
        pages="(u for u in urls)", add="threading.Thread(target=self.work).start()", call="Crawler(urls).add_worker()"), None),
    # an object handed to a pool as the task runs its own `__call__`, with itself as `self`
    "one-callable-object-submitted-each-pass": (_CALLABLES.format(
        mark="  # SSC204", tasks="first = clients[0]\n                futures = [pool.submit(first) for _ in clients]"),
        "`self.seq` (read-modify-write) is rebound by `Client.__call__` which runs on several threads at once"),
    "one-callable-object-bound-again-each-pass": (_CALLABLES.format(
        mark="  # SSC204", tasks="for _ in clients:\n                    c = clients[0]\n                    pool.submit(c)"),
        "`self.seq` (read-modify-write) is rebound by `Client.__call__`"),
    "each-pass-makes-the-callable-object-it-submits~clean": (_CALLABLES.format(
        mark="", tasks="for u in uris:\n                    c = Client(u)\n                    pool.submit(c)"), None),
    "each-pass-submits-its-own-callable-object~clean": (_CALLABLES.format(
        mark="", tasks="futures = [pool.submit(c) for c in clients]"), None),
    # a method of a field of the object a call just made: the constructor runs first
    "method-of-a-field-of-a-new-object-updates-a-global": ("""
        import threading
        counter = 0
        class Inner:
            def bump(self):
                global counter
                counter += 1  # SSC204
        class Box:
            def __init__(self):
                self.inner = Inner()
        def work():
            Box().inner.bump()
        def main():
            for _ in range(2):
                threading.Thread(target=work).start()
        """, "`counter` (global) is rebound by `work`"),
    "method-of-a-field-of-a-new-object-updates-a-global-under-a-lock~clean": ("""
        import threading
        counter = 0
        lock = threading.Lock()
        class Inner:
            def bump(self):
                global counter
                with lock:
                    counter += 1
        class Box:
            def __init__(self):
                self.inner = Inner()
        def work():
            Box().inner.bump()
        def main():
            for _ in range(2):
                threading.Thread(target=work).start()
        """, None),
    # a classmethod's `cls(...)` runs the constructor with its arguments
    "object-made-by-a-classmethod-with-an-asyncio-queue": (_MADE_BY_CLS.format(
        queue="asyncio.Queue()", maker="Holder", mark="  # SSC202"), "holds `self.q`, asyncio queue created at line 9"),
    "object-of-a-subclass-made-by-an-inherited-classmethod": (_MADE_BY_CLS.format(
        queue="asyncio.Queue()", maker="Named", mark="  # SSC202"), "holds `self.q`"),
    "object-of-a-subclass-with-its-own-constructor-made-by-a-classmethod~clean": (_MADE_BY_CLS.format(
        queue="asyncio.Queue()", maker="Named", mark="").replace(
        "        class Named(Holder):\n            pass",
        "        class Named(Holder):\n            def __init__(self, q):\n                self.q = queue.Queue()"),
        None),
    "object-made-by-a-classmethod-with-a-thread-safe-queue~clean": (_MADE_BY_CLS.format(
        queue="queue.Queue()", maker="Holder", mark=""), None),
    # 8. Thread subclasses: NotSync fields the spawner still uses; helpers only run() calls ------
    "thread-field-used-after-start": ("""
        import threading
        def rows():
            yield 1
        class Loader(threading.Thread):
            def __init__(self, batch):
                super().__init__()
                self.batch = batch
            def run(self):
                for row in self.batch:
                    print(row)
        def main():
            batch = rows()
            loader = Loader(batch)
            loader.start()  # SSC202
            next(batch)
            loader.join()
        """, None),
    "thread-field-used-after-join~clean": ("""
        import threading
        def rows():
            yield 1
        class Loader(threading.Thread):
            def __init__(self, batch):
                super().__init__()
                self.batch = batch
            def run(self):
                for row in self.batch:
                    print(row)
        def main():
            batch = rows()
            loader = Loader(batch)
            loader.start()
            loader.join()
            next(batch, None)
        """, None),
    "thread-field-read-through-the-thread-after-start": (_POLLER + """
            def run(self):
                for item in self.items:
                    print(item)
        def main():
            poller = Poller()
            poller.start()  # SSC202
            next(poller.items)
        """, "is still used at line 12 while the thread started at line 11 may be using it"),
    "thread-field-returned-by-a-method-used-after-start": (_POLLER_GETTER.format(
        getter="source", field="items", main="poller.start()  # SSC202\n            next(poller.source())"),
        "is still used at line 15 while the thread started at line 14 may be using it"),
    "thread-field-returned-by-a-method-used-after-join~clean": (_POLLER_GETTER.format(
        getter="source", field="items", main="poller.start()\n            poller.join()\n            next(poller.source(), None)"),
        None),
    "thread-field-another-method-returns-a-plain-value~clean": (_POLLER_GETTER.format(
        getter="total", field="count", main="poller.start()\n            print(poller.total())"), None),
    "thread-started-by-its-constructor-field-read": (_POLLER + """
                self.start()
            def run(self):
                for item in self.items:
                    print(item)
        def main():
            poller = Poller()  # SSC202
            next(poller.items)
        """, "is still used at line 12 while the thread started at line 11 may be using it"),
    "thread-started-by-its-constructor-field-read-after-join~clean": (_POLLER + """
                self.start()
            def run(self):
                for item in self.items:
                    print(item)
        def main():
            poller = Poller()
            poller.join()
            next(poller.items, None)
        """, None),
    "thread-field-used-through-a-method-after-start": (_PRODUCER + """
                    next(self.items)  # SSC202
            def run(self):
                for item in self.items:
                    print(item)
        def main():
            producer = Producer()
            producer.start()
            producer.skip(3)
            producer.join()
        """, "while the thread started at line 14 may be using it"),
    "thread-field-used-through-a-method-before-start~clean": (_PRODUCER + """
                    next(self.items)
            def run(self):
                for item in self.items:
                    print(item)
        def main():
            producer = Producer()
            producer.skip(3)
            producer.start()
            producer.join()
            producer.skip(1)
        """, None),
    "helper-only-run-calls~clean": ("""
        import sqlite3
        import threading
        class Worker(threading.Thread):
            def _open(self):
                self.conn = sqlite3.connect("app.db")
            def run(self):
                self._open()
                self.conn.execute("SELECT 1")
        """, None),
    "helper-also-called-by-spawner": ("""
        import sqlite3
        import threading
        class Worker(threading.Thread):
            def open(self):
                self.conn = sqlite3.connect("app.db")
            def run(self):
                self.conn.execute("SELECT 1")  # SSC106
        def main():
            w = Worker()
            w.open()
            w.start()
        """, None),
    # 9. a running loop kept in a field ---------------------------------------------------------
    "loop-run-by-thread-used-by-method-caller-calls": ("""
        import asyncio
        import threading
        class Runner:
            def __init__(self):
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, daemon=True).start()
            def submit(self, fn):
                self._loop.call_soon(fn)  # SSC202
        def main():
            runner = Runner()
            runner.submit(print)
        """, "`self._loop` (asyncio event loop, NotSync: created at line 5) is still used at line 8"),
    "loop-run-by-thread-bridged-by-method~clean": ("""
        import asyncio
        import threading
        class Runner:
            def __init__(self):
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, daemon=True).start()
            def submit(self, fn):
                self._loop.call_soon_threadsafe(fn)
        def main():
            runner = Runner()
            runner.submit(print)
        """, None),
    "running-loop-in-field": ("""
        import asyncio
        class Notifier:
            def __init__(self):
                self.loop = asyncio.get_running_loop()
            def notify(self):
                self.loop.call_soon(print, "done")
        async def main():
            n = Notifier()
            await asyncio.to_thread(n.notify)  # SSC205
        """, None),
    "running-loop-in-field~clean": ("""
        import asyncio
        class Notifier:
            def __init__(self):
                self.loop = asyncio.get_running_loop()
            def notify(self):
                self.loop.call_soon_threadsafe(print, "done")
        async def main():
            n = Notifier()
            await asyncio.to_thread(n.notify)
        """, None),
    "future-of-thread-loop-resolved-in-exit": (_APP_THREAD.format(
        overloads="# one signature", mark="  # SSC205", target="target=self.app.run", stop="self.app.exit()"),
        "is used directly by `App.exit` on another thread"),
    "future-of-thread-loop-resolved-in-exit-through-bridge~clean": (_APP_THREAD.format(
        overloads="# one signature", mark="", target="target=self.app.run",
        stop="self.app.loop.call_soon_threadsafe(self.app.exit)"), None),
    "future-of-thread-loop-resolved-through-context-run": (_APP_THREAD.format(
        overloads="# one signature", mark="  # SSC205",
        target="target=contextvars.copy_context().run, args=(self.app.run,)", stop="self.app.exit()"), None),
    "implementation-after-overloads": (_APP_THREAD.format(
        overloads="@overload\n            def exit(self) -> None: ...\n            @overload\n"
                  "            def exit(self, result: int) -> None: ...",
        mark="  # SSC205", target="target=self.app.run", stop="self.app.exit()"), None),
    "task-made-on-a-loop-thread-cancelled-by-a-sibling-method": (_PLUGIN.format(
        mark="  # SSC205", click="self.server.restart()"), "is used directly by `Server.restart` on another thread"),
    "task-made-on-a-loop-thread-cancelled-through-the-loop~clean": (_PLUGIN.format(
        mark="", click="LOOP.call_soon_threadsafe(self.server.restart)"), None),
    # a method nothing calls by name, though the loop has a method of the same name
    "loop-of-a-method-stopped-directly-by-a-sibling-of-the-same-name": (_BACKGROUND_LOOP.format(
        then="pass", run="pass", target="self._loop.run_forever", stop="self._loop.stop()  # SSC205"),
        "`self._loop` (asyncio event loop, NotSync: created at line 5) runs on the thread started at line 8"),
    "loop-of-a-method-stopped-through-the-bridge-by-a-sibling~clean": (_BACKGROUND_LOOP.format(
        then="pass", run="pass", target="self._loop.run_forever", stop="self._loop.call_soon_threadsafe(self._loop.stop)"), None),
    # the thread's own function sets the loop up and runs it until it is stopped
    "loop-run-by-a-nested-function-stopped-directly": (_BACKGROUND_LOOP.format(
        then="pass", run=_RUN_NESTED, target="run", stop="self._loop.stop()  # SSC205"), "is used directly by `Background.stop`"),
    "loop-run-by-a-nested-function-stopped-through-the-bridge~clean": (_BACKGROUND_LOOP.format(
        then="pass", run=_RUN_NESTED, target="run", stop="self._loop.call_soon_threadsafe(self._loop.stop)"), None),
    # a read of `stop` through an object with `__getattr__` names the method only if it
    # hands out another object's attributes (a proxy), not its own settings
    "sibling-named-like-a-setting-of-an-object-with-getattr": (_LOOKUP.format(
        mark="  # SSC205", lookup="self._target[name]", use='print(Other({"stop": False}).stop)'),
        "is used directly by `Background.stop`"),
    "sibling-named-like-the-loops-method-read-through-a-proxy~clean": (_LOOKUP.format(
        mark="", lookup="getattr(self._target, name)", use="bg._loop.call_soon_threadsafe(Other(bg).stop)"), None),
    # the fix is a bridge, never the join SSC202 would ask for (the thread never ends by itself)
    "loop-run-by-a-nested-function-used-by-its-spawner-through-the-field": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", then='self._loop.call_soon(print, "started")  # SSC205', stop="pass"),
        "`self._loop` (asyncio event loop, NotSync: created at line 5) runs on the thread started at line 10"),
    "loop-run-by-a-nested-function-given-work-by-its-spawner-through-the-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", then='self._loop.call_soon_threadsafe(print, "started")', stop="pass"), None),
    # binding is not operating: a bridge bound to a name, wrapped in `partial` or reached
    # through a local alias is the bridge; any other method of the loop so reached is not
    "loop-given-work-through-a-bound-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then='post = self._loop.call_soon_threadsafe\n                post(print, "started")'), None),
    "loop-given-work-through-a-bound-method-not-a-bridge": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then='post = self._loop.call_soon  # SSC205\n                post(print, "started")'),
        "`self._loop` (asyncio event loop, NotSync: created at line 5) runs on the thread started at line 10"),
    "loop-given-work-through-a-partial-of-the-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then='import functools\n                self.post = functools.partial(self._loop.call_soon_threadsafe, print)'
             '\n                self.post("started")'), None),
    "loop-given-work-through-a-partial-of-a-method-not-a-bridge": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then='import functools\n                self.post = functools.partial(self._loop.call_soon, print)  # SSC205'
             '\n                self.post("started")'), "is used directly by `Background.start`"),
    "loop-given-work-through-a-local-alias-of-the-field~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then='loop = self._loop\n                loop.call_soon_threadsafe(print, "started")'), None),
    "loop-operated-on-through-a-local-alias-of-the-field": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then='loop = self._loop\n                loop.call_soon(print, "started")  # SSC205'),
        "`loop` (asyncio event loop, NotSync: created at line 5) runs on the thread started at line 10"),
    "loop-stopped-through-the-bridge-of-a-local-alias~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                loop.call_soon_threadsafe(loop.stop)"), None),
    "loop-given-work-through-an-alias-by-a-nested-function~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                threading.Timer(1.0, lambda: loop.call_soon_threadsafe(loop.stop)).start()"),
        None),
    # asking which loop a field or alias holds, or handing it to a bridge, operates on nothing
    "loop-field-tested-before-the-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="if self._loop is not None and self._thread.is_alive():\n"
             "                    self._loop.call_soon_threadsafe(self._loop.stop)"), None),
    "loop-field-tested-before-a-method-not-a-bridge": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="if self._loop:\n                    self._loop.stop()  # SSC205"), "is used directly by `Background.start`"),
    "loop-alias-tested-and-handed-to-the-coroutine-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                if loop is not None:\n"
             "                    asyncio.run_coroutine_threadsafe(asyncio.sleep(1), loop)"), None),
    "loop-field-handed-to-the-coroutine-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="asyncio.run_coroutine_threadsafe(asyncio.sleep(1), self._loop)"), None),
    "loop-alias-tested-then-operated-on": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                if loop is not None:\n"
             "                    loop.run_until_complete(asyncio.sleep(1))  # SSC205"),
        "`loop` (asyncio event loop, NotSync: created at line 5) runs on the thread started at line 10"),
    # an alias bound again to another loop: each read is of the loop the binding before it holds
    "loop-alias-bound-again-to-a-loop-of-its-own~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                loop.call_soon_threadsafe(print, 'x')\n"
             "                loop = asyncio.new_event_loop()\n"
             "                loop.run_until_complete(asyncio.sleep(0))"), None),
    # (the alias may hold either loop to the evaluator: the holder's use is reported)
    "loop-alias-operated-on-before-it-is-bound-again": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                loop.call_soon(print, 'x')\n"
             "                loop = asyncio.new_event_loop()\n"
             "                loop.run_until_complete(asyncio.sleep(0))").replace(
        "self._loop.run_forever()", "self._loop.run_forever()  # SSC202"), "still used at line 11"),
    # a nested callback that only the loop's bridge is handed runs on the loop's thread
    "loop-stopped-by-a-callback-handed-to-its-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                def halt():\n                    loop.stop()\n"
             "                loop.call_soon_threadsafe(halt)"), None),
    "loop-stopped-by-a-callback-also-called-here": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="loop = self._loop\n                def halt():\n                    loop.stop()\n"
             "                loop.call_soon_threadsafe(halt)\n                halt()").replace(
        "self._loop.run_forever()", "self._loop.run_forever()  # SSC202"), "still used at line 11"),
    # a module's loop run on a thread of its own, which other code reaches through bridges
    "module-loop-reached-only-through-bridges~clean": ({
        "app.loop": _MODULE_LOOP,
        "app.main": """
            import asyncio
            from app.loop import LOOP, THREAD
            def submit(coro):
                if LOOP is not None:
                    return asyncio.run_coroutine_threadsafe(coro, LOOP)
            def halt():
                LOOP.call_soon_threadsafe(LOOP.stop)
                THREAD.join()
            """}, None),
    "module-loop-stopped-directly-by-an-importer": ({
        "app.loop": _MODULE_LOOP.replace("LOOP.run_forever()", "LOOP.run_forever()  # SSC203"),
        "app.main": """
            import asyncio
            from app.loop import LOOP
            def submit(coro):
                return asyncio.run_coroutine_threadsafe(coro, LOOP)
            def halt():
                LOOP.stop()
            """}, "is a module global used by `run`"),
    "module-loop-stopped-directly-through-its-module": ({
        "app.loop": _MODULE_LOOP.replace("LOOP.run_forever()", "LOOP.run_forever()  # SSC203"),
        "app.main": """
            import app.loop as loops
            def halt():
                loops.LOOP.stop()
            """}, "is a module global used by `run`"),
    "module-loop-stopped-directly-under-another-name": ({
        "app.loop": _MODULE_LOOP.replace("LOOP.run_forever()", "LOOP.run_forever()  # SSC203"),
        "app.main": """
            from app.loop import LOOP as background
            def halt():
                background.stop()
            """}, "is a module global used by `run`"),
    "module-loop-handed-back-and-stopped-by-the-caller": ({
        "app.loop": _MODULE_LOOP.replace("LOOP.run_forever()", "LOOP.run_forever()  # SSC203").rstrip(" ")
        + "        def get_loop():\n            return LOOP\n",
        "app.main": """
            from app.loop import get_loop
            def halt():
                get_loop().stop()
            """}, "is a module global used by `run`"),
    "module-loop-stopped-directly-in-its-module": ({
        "app.loop": _MODULE_LOOP.replace("LOOP.run_forever()", "LOOP.run_forever()  # SSC203").rstrip(" ")
        + "        def halt():\n            LOOP.stop()\n",
        "app.main": """
            import asyncio
            from app.loop import LOOP
            def submit(coro):
                return asyncio.run_coroutine_threadsafe(coro, LOOP)
            """}, "is a module global used by `run`"),
    # a task made on the loop by a bridge, through `partial` for its arguments
    "loop-given-a-task-through-a-partial-handed-to-the-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="import functools\n                self._loop.call_soon_threadsafe("
             "functools.partial(self._loop.create_task, asyncio.sleep(1), name='t'))"), None),
    # bound for another loop's bridge, `stop` runs on that loop's thread, not on its own
    "loop-stop-handed-to-another-loops-bridge": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="other = asyncio.new_event_loop()\n"
             "                other.call_soon_threadsafe(self._loop.stop)  # SSC205"),
        "is used directly by `Background.start`"),
    # an alias of a field that holds something else than a loop is judged as the field is
    "asyncio-queue-of-a-field-used-through-a-local-alias": ("""
        import asyncio
        import threading
        class Worker:
            def __init__(self):
                self._queue = asyncio.Queue()
            async def _consume(self):
                while True:
                    print(await self._queue.get())  # SSC202
            def _run(self):
                asyncio.run(self._consume())
            def start(self):
                threading.Thread(target=self._run, daemon=True).start()
                jobs = self._queue
                jobs.put_nowait("job")
        """, "is still used at line 13"),
    # storing the loop a thread runs is no use of it: its later uses are judged where they are
    "loop-kept-in-a-global-for-its-bridge~clean": (_KEPT_LOOP.format(keep="_bg = loop", use="pass"), None),
    "loop-kept-in-a-field-for-its-bridge~clean": (_KEPT_LOOP.format(keep="HOLDER.loop = loop", use="pass"), None),
    # ... but a global or an item read by code nothing calls is judged nowhere else: the store
    # is the use then, as it is when the global is operated on
    "loop-kept-in-a-global-and-stopped-through-it": (_KEPT_LOOP.format(
        keep="_bg = loop  # SSC205", use="_bg.stop()"), "`loop` (asyncio event loop, NotSync: created at line 10)"),
    "loop-kept-in-a-registry-read-by-code-nothing-calls": (_KEPT_LOOP.format(
        keep='REGISTRY["bg"] = loop  # SSC205', use="pass")
        + '\n        def poke():\n            REGISTRY["bg"].call_soon(print)\n', "is used directly by `get_loop`"),
    "loop-kept-in-a-field-and-stopped-through-it": (_KEPT_LOOP.format(
        keep="HOLDER.loop = loop", use="HOLDER.loop.stop()  # SSC205"), "`HOLDER.loop` (asyncio event loop"),
    "loop-returned-and-stopped-by-a-caller": ("""
        import asyncio
        import threading
        def get_loop():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, daemon=True).start()
            return loop
        def submit(coro):
            return asyncio.run_coroutine_threadsafe(coro, get_loop())
        def halt():
            get_loop().stop()  # SSC205
        """, "is used directly by `halt`"),
    "loop-stopped-by-its-spawner-through-the-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED, target="run", stop="pass",
        then="self._loop.call_soon_threadsafe(self._loop.stop)"), None),
    # `try: loop.run_forever() finally: loop.close()` is the same shape
    "loop-run-in-a-try-used-by-its-spawner-through-the-field": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED_TRY, target="run", then='self._loop.call_soon(print, "started")  # SSC205', stop="pass"),
        "`self._loop` (asyncio event loop, NotSync: created at line 5) runs on the thread started at line 13"),
    "loop-run-in-a-try-given-work-through-the-bridge~clean": (_BACKGROUND_LOOP.format(
        run=_RUN_NESTED_TRY, target="run", then='self._loop.call_soon_threadsafe(print, "started")', stop="pass"),
        None),
    "loop-closed-by-a-sibling-of-the-bridging-method": (_LOOP_SERVICE.format(join="pass", mark="  # SSC205"),
                                                         None),
    "loop-closed-by-a-sibling-after-the-join~clean": (_LOOP_SERVICE.format(join="THREAD.join()", mark=""),
                                                      None),
    "protocol-callback-runs-on-its-loop~clean": ("""
        import asyncio
        import sqlite3
        import threading
        class Server(asyncio.Protocol):
            def start(self):
                self.loop = asyncio.new_event_loop()
                self.thread = threading.Thread(target=self.serve, daemon=True)
                self.thread.start()
            def serve(self):
                self.db = sqlite3.connect("log.db")
                self.loop.run_until_complete(self.loop.create_server(lambda: self, "::", 8000))
                self.loop.run_forever()
            def data_received(self, data):
                self.db.execute("INSERT INTO t VALUES (?)", (data,))
        """, None),
    "commands-dispatched-by-name-on-the-worker~clean": ("""
        import queue
        import sqlite3
        import threading
        class Service:
            def start(self):
                self.jobs = queue.Queue()
                self.thread = threading.Thread(target=self.serve, daemon=True)
                self.thread.start()
            def serve(self):
                self.conn = sqlite3.connect("app.db")
                while True:
                    name, arg = self.jobs.get()
                    getattr(self, "cmd_" + name)(arg)
            def cmd_insert(self, value):
                self.conn.execute("INSERT INTO t VALUES (?)", (value,))
        """, None),
    "rows-iterated-by-the-worker-itself~clean": ("""
        import sqlite3
        import threading
        class Tail:
            def start(self):
                self.thread = threading.Thread(target=self.follow, daemon=True)
                self.thread.start()
            def follow(self):
                self.conn = sqlite3.connect("app.db")
                for row in self:
                    print(row)
            def __iter__(self):
                return iter(self.conn.execute("SELECT * FROM t"))
        """, None),
    "connection-of-thread-closed-by-stop": ("""
        import sqlite3
        import threading
        class Store:
            def start(self):
                self.thread = threading.Thread(target=self.run)
                self.thread.start()
            def run(self):
                self.conn = sqlite3.connect("app.db")
                self.conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
            def stop(self):
                self.conn.close()  # SSC107
        """, None),
    "connection-of-thread-closed-by-its-thread-on-stop~clean": ("""
        import sqlite3
        import threading
        class Store:
            def start(self):
                self.stopping = threading.Event()
                self.thread = threading.Thread(target=self.run)
                self.thread.start()
            def run(self):
                self.conn = sqlite3.connect("app.db")
                self.conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
                self.stopping.wait()
                self.conn.close()
            def stop(self):
                self.stopping.set()
                self.thread.join()
        """, None),
    "loop-objects-closed-from-exit": (_ENGINE.format(mark="  # SSC205", close="self.shutdown()"), None),
    "loop-objects-closed-on-their-loop-when-it-runs-here~clean": (_ENGINE.format(
        mark="", close="if asyncio.get_running_loop() is self.loop:\n                    self.shutdown()\n"
                        "                else:\n                    self.loop.call_soon_threadsafe(self.shutdown)"), None),
    "loop-objects-closed-on-their-loop-in-the-else-of-is-not~clean": (_ENGINE.format(
        mark="", close="if self.loop is not asyncio.get_running_loop():\n"
                        "                    self.loop.call_soon_threadsafe(self.shutdown)\n"
                        "                else:\n                    self.shutdown()"), None),
    "loop-objects-closed-when-another-loop-runs-here": (_ENGINE.format(
        mark="  # SSC205", close="if self.loop is not asyncio.get_running_loop():\n                    self.shutdown()"), None),
    "thread-takes-the-branch-for-no-running-loop": (_LOOP_BRANCH.format(
        test="running is None", mark="  # SSC103", spawn="threading.Thread(target=store.save).start()"), None),
    "thread-runs-no-loop-so-skips-the-branch-for-one~clean": (_LOOP_BRANCH.format(
        test="running is not None", mark="", spawn="threading.Thread(target=store.save).start()"), None),
    "thread-runs-no-loop-so-skips-the-branch-for-its-object-s-loop~clean": (_LOOP_BRANCH.format(
        test="running is self.loop", mark="", spawn="threading.Thread(target=store.save).start()").replace(
        "                if running is self.loop:",
        "                if self.loop is None:\n                    return\n                if running is self.loop:"),
        None),
    # ... but `running is self.loop` also holds with no loop running while `self.loop` is None
    "thread-runs-no-loop-and-may-match-a-loop-not-set": (_LOOP_BRANCH.format(
        test="running is self.loop", mark="  # SSC103", spawn="threading.Thread(target=store.save).start()"),
        None),
    # a closure's `running` was bound where its outer coroutine ran: a loop ran there
    "thread-runs-a-closure-whose-running-loop-was-found-outside": ("""
        import asyncio
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
            def flush(self):
                self.conn.commit()  # SSC101
        async def handler(store):
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            def later():
                if running is not None:
                    store.flush()
            threading.Thread(target=later).start()
        def main():
            asyncio.run(handler(Store()))
        """, None),
    "thread-runs-a-loop-so-takes-the-branch-for-one": (_LOOP_BRANCH.format(
        test="running is not None", mark="  # SSC101",
        spawn="threading.Thread(target=lambda: asyncio.run(serve(store))).start()"), None),
    "thread-binds-a-callback-for-later-without-calling-it~clean": ("""
        import functools
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
            def flush(self):
                self.conn.commit()
            def later(self):
                return functools.partial(self.flush)
        def main():
            store = Store()
            threading.Thread(target=store.later).start()
        """, None),
    "thread-calls-the-callback-it-binds": ("""
        import functools
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
            def flush(self):
                self.conn.commit()  # SSC103
            def now(self):
                functools.partial(self.flush)()
        def main():
            store = Store()
            threading.Thread(target=store.now).start()
        """, None),
    # 10. effects, not reach -----------------------------------------------------------------------
    "window-reached-through-helper-back-reference": ("""
        import threading
        from tkinter import Toplevel
        class Controller:
            def __init__(self, master):
                self.master = master
            def parse(self, line):
                self.master.event_generate("<<Status>>")  # SSC103
        class App(Toplevel):
            def __init__(self, master):
                Toplevel.__init__(self, master)
                self.mcontrol = Controller(self)
            def open(self):
                threading.Thread(target=self.serial_io).start()
            def serial_io(self):
                self.mcontrol.parse("ok")
        """, "(read in `Controller.parse()`, called by `App.serial_io`)"),
    "window-back-reference-untouched-by-helper~clean": ("""
        import queue
        import threading
        from tkinter import Toplevel
        class Controller:
            def __init__(self, master):
                self.master = master
                self.lines = queue.Queue()
            def parse(self, line):
                self.lines.put(line)
        class App(Toplevel):
            def __init__(self, master):
                Toplevel.__init__(self, master)
                self.mcontrol = Controller(self)
            def open(self):
                threading.Thread(target=self.serial_io).start()
            def serial_io(self):
                self.mcontrol.parse("ok")
        """, None),
    # a Tk widget's items are its options: `label["text"] = ...` configures it
    # (Ginsakura/MUSYNXSave's 78f1401)
    "widget-option-set-by-item-from-worker": ("""
        import threading
        import tkinter as tk
        class App:
            def __init__(self, root):
                self.status = tk.Label(root)
            def check(self):
                self.report("running")
            def report(self, text):
                self.status["text"] = text  # SSC103
            def start(self):
                threading.Thread(target=self.check).start()
        """, "(read in `App.report()`, called by `App.check`)"),
    # what `root.after(ms, f)` is given runs on the Tk thread, not on the thread calling it
    # (which is still a Tk call from a worker: the finding is that call)
    "widget-callback-scheduled-with-after-runs-on-the-tk-thread": ("""
        import threading
        import tkinter as tk
        class App:
            def __init__(self):
                self.root = tk.Tk()
                self.label = tk.Label(self.root)
            def show(self):
                self.label.config(text="done")
            def schedule(self):
                self.root.after(0, self.show)  # SSC103
            def check(self):
                self.schedule()
            def start(self):
                threading.Thread(target=self.check).start()
        """, "(read in `App.schedule()`, called by `App.check`)"),
    "widget-option-set-by-item-on-the-gui-thread~clean": ("""
        import queue
        import threading
        import tkinter as tk
        class App:
            def __init__(self, root):
                self.status = tk.Label(root)
                self.updates = queue.Queue()
            def check(self):
                self.updates.put("running")
            def poll(self):
                self.status["text"] = self.updates.get_nowait()
            def start(self):
                threading.Thread(target=self.check).start()
                self.poll()
        """, None),
    "widget-through-two-methods": ("""
        import threading
        import tkinter as tk
        from tkinter import ttk
        class App:
            def __init__(self, root):
                self.root = root
                self._progress_bar = ttk.Progressbar(root)
            def download(self):
                self.step()
            def step(self):
                self.show()
            def show(self):
                self._progress_bar.grid(row=1)  # SSC103
            def start(self):
                threading.Thread(target=self.download).start()
        """, "reached from `App.download` through `App.step` -> `App.show`"),
    # a Frame subclass's own method run on a worker: what it does is the use, not the
    # library base (which has no such method)
    "frame-subclass-worker-uses-queue~clean": ("""
        import queue
        import threading
        import tkinter as tk
        class App(tk.Frame):
            def __init__(self, master):
                super().__init__(master)
                self.label = tk.Label(self)
                self.updates = queue.Queue()
            def download(self):
                self.updates.put("done")
            def poll(self):
                self.label.config(text=self.updates.get_nowait())
        def main():
            app = App(tk.Tk())
            threading.Thread(target=app.download).start()
            app.poll()
        """, None),
    # the override's `super().destroy()` runs tkinter's destroy, whatever the override is
    "frame-subclass-override-calls-its-library-base-from-worker": ("""
        import threading
        import tkinter as tk
        class App(tk.Frame):
            def __init__(self, master):
                super().__init__(master)
                self.pending = []
            def destroy(self):
                self.pending.clear()
                super().destroy()  # SSC103
            def work(self):
                self.destroy()
            def start(self):
                threading.Thread(target=self.work).start()
        """, "(read in `App.destroy()`, called by `App.work`)"),
    "frame-subclass-override-called-on-the-gui-thread~clean": ("""
        import queue
        import threading
        import tkinter as tk
        class App(tk.Frame):
            def __init__(self, master):
                super().__init__(master)
                self.pending = []
                self.requests = queue.Queue()
            def destroy(self):
                self.pending.clear()
                super().destroy()
            def work(self):
                self.requests.put("quit")
            def poll(self):
                if self.requests.get_nowait() == "quit":
                    self.destroy()
            def start(self):
                threading.Thread(target=self.work).start()
                self.poll()
        """, None),
    "frame-subclass-worker-touches-a-widget": ("""
        import threading
        import tkinter as tk
        class App(tk.Frame):
            def __init__(self, master):
                super().__init__(master)
                self.label = tk.Label(self)
            def download(self):
                self.label.config(text="done")
        def main():
            app = App(tk.Tk())
            threading.Thread(target=app.download).start()  # SSC103
        """, "`app` (App, NotSend: subclass of `tkinter.Frame`"),
    # one crossing is one defect: a window handed over as `self`, whose worker operates on
    # two of its widgets through calls, is one finding, at the first of them
    "window-handed-over-once-operated-on-twice": ("""
        import threading
        import tkinter as tk
        class App:
            def __init__(self, root):
                self.label = tk.Label(root)
                self.bar = tk.Scale(root)
            def download(self):
                self.show(1)
            def show(self, n):
                self.label.config(text=str(n))  # SSC103
                self.bar.set(n)
            def start(self):
                threading.Thread(target=self.download).start()
        """, "(read in `App.show()`, called by `App.download`)"),
    "widget-app-worker-uses-queue~clean": ("""
        import queue
        import threading
        import tkinter as tk
        class App:
            def __init__(self, root):
                self.root = root
                self.label = tk.Label(root)
                self.updates = queue.Queue()
                self.done = 0
            def download(self):
                for n in range(3):
                    self.done = n
                    self.updates.put(n)
            def start(self):
                threading.Thread(target=self.download).start()
        """, None),
    "library-calls-the-function-it-is-given": ("""
        import sqlite3
        import threading
        DB = sqlite3.connect("app.db")
        def rank(name):
            return DB.execute("SELECT rank FROM t WHERE name = ?", (name,)).fetchone()  # SSC104
        class Job:
            def __init__(self):
                self.key = rank
            def run(self):
                return sorted(["a", "b"], key=self.key)
        def main():
            threading.Thread(target=Job().run).start()
        """, None),
    "library-only-looks-at-the-function-it-is-given~clean": ("""
        import sqlite3
        import threading
        DB = sqlite3.connect("app.db")
        def rank(name):
            return DB.execute("SELECT rank FROM t WHERE name = ?", (name,)).fetchone()
        class Job:
            def __init__(self):
                self.key = rank
            def run(self):
                return callable(self.key) and hasattr(self.key, "__name__") and print(self.key)
        def main():
            threading.Thread(target=Job().run).start()
        """, None),
    # 11. values coming back -------------------------------------------------------------------
    "connection-from-future-result": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def open_db(path):
            return sqlite3.connect(path)
        def main():
            with ThreadPoolExecutor() as pool:
                conn = pool.submit(open_db, "app.db").result()
            conn.execute("SELECT 1")  # SSC107
        """, "belongs to the thread of ThreadPoolExecutor.submit"),
    "rows-from-future-result~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def load(path):
            return sqlite3.connect(path).execute("SELECT 1").fetchall()
        def main():
            with ThreadPoolExecutor() as pool:
                rows = pool.submit(load, "app.db").result()
            print(len(rows))
        """, None),
    "connection-of-a-one-worker-executor-used-by-its-next-task~clean": (_TWO_TASKS.format(
        workers="max_workers=1", mark=""), None),
    "connection-from-one-task-passed-to-another": (_TWO_TASKS.format(workers="4", mark="  # SSC102"),
                                                   "is passed to ThreadPoolExecutor.submit as an argument of `count`"),
    "path-from-one-task-passed-to-another~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def pick(name):
            return name + ".db"
        def count(path):
            db = sqlite3.connect(path)
            return db.execute("SELECT count(*) FROM t").fetchone()
        def main():
            with ThreadPoolExecutor(4) as pool:
                path = pool.submit(pick, "app").result()
                pool.submit(count, path)
        """, None),
    "field-set-by-worker": ("""
        import sqlite3
        import threading
        class Job:
            def __init__(self):
                self.conn = None
            def work(self):
                self.conn = sqlite3.connect("app.db")
        def main():
            job = Job()
            t = threading.Thread(target=job.work)
            t.start()
            t.join()
            job.conn.execute("SELECT 1")  # SSC107
        """, None),
    "queue-item-from-worker": ("""
        import queue
        import sqlite3
        import threading
        def produce(out):
            out.put(sqlite3.connect("app.db"))
        def main():
            out = queue.Queue()
            threading.Thread(target=produce, args=(out,)).start()
            conn = out.get()
            conn.execute("SELECT 1")  # SSC107
        """, None),
    "queue-item-plain~clean": ("""
        import queue
        import sqlite3
        import threading
        def produce(out):
            out.put(sqlite3.connect("app.db").execute("SELECT 1").fetchall())
        def main():
            out = queue.Queue()
            threading.Thread(target=produce, args=(out,)).start()
            print(len(out.get()))
        """, None),
    "thread-field-used-through-method-after-join": ("""
        import sqlite3
        import threading
        class Loader(threading.Thread):
            def run(self):
                self.conn = sqlite3.connect("app.db")
            def count(self):
                return self.conn.execute("SELECT count(*) FROM t").fetchone()  # SSC107
        def main():
            loader = Loader()
            loader.start()
            loader.join()
            print(loader.count())
        """, "belongs to the thread of `Loader` at line"),
    "thread-field-kept-on-its-thread~clean": ("""
        import sqlite3
        import threading
        class Loader(threading.Thread):
            def run(self):
                self.conn = sqlite3.connect("app.db")
                self.total = self.count()
                self.conn.close()
            def count(self):
                return self.conn.execute("SELECT count(*) FROM t").fetchone()
        def main():
            loader = Loader()
            loader.start()
            loader.join()
            print(loader.total)
        """, None),
    "task-field-used-by-caller-after-spawn": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Catalog:
            def __init__(self, pool):
                self.pool = pool
                self.conn = None
            def open(self):
                self.conn = sqlite3.connect("catalog.db")
            def start(self):
                self.pool.submit(self.open).result()
            def titles(self):
                return self.conn.execute("SELECT title FROM books").fetchall()  # SSC107
        def main():
            catalog = Catalog(ThreadPoolExecutor())
            catalog.start()
            print(catalog.titles())
        """, "belongs to the thread of ThreadPoolExecutor.submit at line 10"),
    "task-field-plain-data-read-by-caller~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Catalog:
            def __init__(self, pool):
                self.pool = pool
                self.rows = []
            def load(self):
                conn = sqlite3.connect("catalog.db")
                self.rows = conn.execute("SELECT title FROM books").fetchall()
                conn.close()
            def start(self):
                self.pool.submit(self.load).result()
            def titles(self):
                return list(self.rows)
        def main():
            catalog = Catalog(ThreadPoolExecutor())
            catalog.start()
            print(catalog.titles())
        """, None),
    "holder-made-by-handed-partial~clean": ("""
        import functools
        import sqlite3
        import threading
        class Holder:
            def __init__(self, res):
                self.res = res
            def use(self):
                return self.res.execute("SELECT 1")
        def work():
            Holder(sqlite3.connect("app.db")).use()
        def main():
            threading.Thread(target=functools.partial(work)).start()
        """, None),
    "iterator-made-by-thread-read-while-it-runs": ("""
        import itertools
        import threading
        class Numberer(threading.Thread):
            def run(self):
                self.ids = itertools.count()
                while True:
                    print(next(self.ids))
            def peek(self):
                return next(self.ids)  # SSC202
        def main():
            numberer = Numberer()
            numberer.start()
            print(numberer.peek())
        """, "is still used at line 9 while the thread started at line 12 may be using it"),
    "iterator-made-by-thread-read-after-join~clean": ("""
        import itertools
        import threading
        class Numberer(threading.Thread):
            def run(self):
                self.ids = itertools.count()
                for _ in range(3):
                    print(next(self.ids))
            def peek(self):
                return next(self.ids)
        def main():
            numberer = Numberer()
            numberer.start()
            numberer.join()
            print(numberer.peek())
        """, None),
    "iterator-made-by-thread-both-under-lock~clean": ("""
        import itertools
        import threading
        class Numberer(threading.Thread):
            def __init__(self):
                super().__init__()
                self.lock = threading.Lock()
            def run(self):
                with self.lock:
                    self.ids = itertools.count()
                while True:
                    with self.lock:
                        print(next(self.ids))
            def peek(self):
                with self.lock:
                    return next(self.ids)
        def main():
            numberer = Numberer()
            numberer.start()
            print(numberer.peek())
        """, None),
    "generator-made-by-task-read-by-caller": ("""
        import threading
        def numbers():
            yield from range(100)
        class Feed:
            def __init__(self):
                self.source = None
            def pump(self):
                self.source = numbers()
                for n in self.source:
                    print(n)
            def start(self):
                threading.Thread(target=self.pump).start()
            def skip(self):
                next(self.source)  # SSC202
        def main():
            feed = Feed()
            feed.start()
            feed.skip()
        """, "while the thread started at line 12 may be using it"),
    "generator-made-by-task-read-after-join~clean": ("""
        import threading
        def numbers():
            yield from range(100)
        class Feed:
            def __init__(self):
                self.source = None
            def pump(self):
                self.source = numbers()
                for n in self.source:
                    print(n)
            def run_once(self):
                t = threading.Thread(target=self.pump)
                t.start()
                t.join()
            def skip(self):
                next(self.source, None)
        def main():
            feed = Feed()
            feed.run_once()
            feed.skip()
        """, None),
    "generator-handed-as-self-read-by-caller": (_FEED + """
            def start(self):
                threading.Thread(target=self.pump).start()
            def skip(self):
                next(self.items)  # SSC202
        def main():
            feed = Feed()
            feed.start()
            feed.skip()
        """, "`self.items` (generator, NotSync: created at line 6"),
    "generator-handed-as-self-caller-uses-another-feed~clean": (_FEED + """
            def start(self):
                threading.Thread(target=self.pump).start()
            def skip(self):
                next(self.items)
        def main():
            busy = Feed()
            busy.start()
            idle = Feed()
            idle.skip()
        """, None),
    "generator-handed-as-self-joined-in-spawner~clean": (_FEED + """
            def start(self):
                t = threading.Thread(target=self.pump)
                t.start()
                t.join()
            def skip(self):
                next(self.items, None)
        def main():
            feed = Feed()
            feed.start()
            feed.skip()
        """, None),
    "queue-handed-as-self-to-executor-read-by-caller": ("""
        import asyncio
        class Stream:
            def __init__(self):
                self._ch = asyncio.Queue()
            def _produce(self):
                for i in range(10):
                    self._ch.put_nowait(i)
            async def start(self):
                loop = asyncio.get_running_loop()
                self._done = loop.run_in_executor(None, self._produce)
            async def next(self):
                return await self._ch.get()  # SSC202
        async def main():
            stream = Stream()
            await stream.start()
            print(await stream.next())
        """, "while the task submitted at line 10 may be using it"),
    "queue-handed-as-self-to-executor-awaited~clean": ("""
        import asyncio
        class Stream:
            def __init__(self):
                self._ch = asyncio.Queue()
            def _produce(self):
                for i in range(10):
                    self._ch.put_nowait(i)
            async def start(self):
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(None, self._produce)
            async def next(self):
                return await self._ch.get()
        async def main():
            stream = Stream()
            await stream.start()
            print(await stream.next())
        """, None),
    "generator-handed-as-self-read-by-caller-unlocked": ("""
        import contextlib
        import threading
        def numbers():
            yield from range(100)
        class Feed:
            def __init__(self):
                self.items = numbers()
                self.mutex = threading.Lock()
            @contextlib.contextmanager
            def locked(self):
                with self.mutex:
                    yield
            def advance(self):
                next(self.items)  # SSC202
            def pump(self):
                while True:
                    with self.locked():
                        self.advance()
            def start(self):
                threading.Thread(target=self.pump).start()
        def main():
            feed = Feed()
            feed.start()
            feed.advance()
        """, "while the thread started at line 20 may be using it"),
    "generator-handed-as-self-locked-by-a-context-manager~clean": ("""
        import contextlib
        import threading
        def numbers():
            yield from range(100)
        class Feed:
            def __init__(self):
                self.items = numbers()
                self.mutex = threading.Lock()
            @contextlib.contextmanager
            def locked(self):
                with self.mutex:
                    yield
            def advance(self):
                next(self.items)
            def pump(self):
                while True:
                    with self.locked():
                        self.advance()
            def prepare(self):
                self.advance()
            def start(self):
                threading.Thread(target=self.pump).start()
        def main():
            feed = Feed()
            feed.prepare()
            feed.start()
            with feed.locked():
                feed.advance()
        """, None),
    "generator-handed-as-self-joined-by-caller~clean": (_FEED + """
            def start(self):
                self.worker = threading.Thread(target=self.pump)
                self.worker.start()
        def main():
            feed = Feed()
            feed.start()
            feed.worker.join()
            print(next(feed.items, None))
        """, None),
    "generator-handed-as-self-joined-by-a-method~clean": (_FEED + """
            def start(self):
                self.worker = threading.Thread(target=self.pump)
                self.worker.start()
            def wait(self):
                self.worker.join()
            def skip(self):
                next(self.items, None)
        def main():
            feed = Feed()
            feed.start()
            feed.wait()
            feed.skip()
        """, None),
    "loop-run-by-thread-closed-after-join~clean": ("""
        import asyncio
        import threading
        class Runner:
            def __init__(self):
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
                self._thread.start()
            def stop(self):
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join()
                self._loop.close()
        def main():
            runner = Runner()
            runner.stop()
        """, None),
    "thread-made-connection-read-after-caller-joins~clean": (_WRITER + """
                return self.conn.execute("SELECT count(*) FROM t").fetchone()
        def launch():
            writer = Writer()
            writer.start()
            return writer
        def main():
            writer = launch()
            writer.join()
            print(writer.count())
        """, None),
    "thread-made-connection-read-while-it-runs": (_WRITER + """
                return self.conn.execute("SELECT count(*) FROM t").fetchone()  # SSC202
        def launch():
            writer = Writer()
            writer.start()
            return writer
        def main():
            writer = launch()
            print(writer.count())
        """, "while the thread started at line 11 may be using it"),
    "job-per-iteration-kept-in-a-list~clean": ("""
        import threading
        def numbers(k):
            yield from range(k)
        class Job:
            def __init__(self, k):
                self.gen = numbers(k)
                self.total = 0
            def run(self):
                for x in self.gen:
                    self.total += x
        def main():
            threads, jobs = [], []
            for k in range(5):
                job = Job(k)
                thread = threading.Thread(target=job.run)
                thread.start()
                threads.append(thread)
                jobs.append(job)
            for thread in threads:
                thread.join()
            for job in jobs:
                print(job.total)
        """, None),
    "one-job-for-every-iteration": ("""
        import threading
        def numbers(k):
            yield from range(k)
        class Job:
            def __init__(self, k):
                self.gen = numbers(k)
            def run(self):
                for x in self.gen:
                    print(x)
        def main():
            job = Job(5)
            for k in range(5):
                threading.Thread(target=job.run).start()  # SSC201
            for job in [Job(1)]:
                print(job)
        """, "is inside a loop and hands it to every thread it starts"),
    "generator-handed-to-pool-read-after-shutdown~clean": ("""
        from concurrent.futures import ThreadPoolExecutor
        def numbers():
            yield from range(5)
        class Store:
            def __init__(self):
                self.pool = ThreadPoolExecutor()
                self.gen = numbers()
            def drain(self):
                return list(self.gen)
            def start(self):
                self.pool.submit(self.drain)
            def stop(self):
                self.pool.shutdown()
            def more(self):
                return next(self.gen, None)
        def main():
            store = Store()
            store.start()
            store.stop()
            print(store.more())
        """, None),
    "generator-handed-to-pool-read-after-shutdown-without-wait": ("""
        from concurrent.futures import ThreadPoolExecutor
        def numbers():
            yield from range(5)
        class Store:
            def __init__(self):
                self.pool = ThreadPoolExecutor()
                self.gen = numbers()
            def drain(self):
                return list(self.gen)
            def start(self):
                self.pool.submit(self.drain)
            def stop(self):
                self.pool.shutdown(wait=False)
            def more(self):
                return next(self.gen, None)  # SSC202
        def main():
            store = Store()
            store.start()
            store.stop()
            print(store.more())
        """, "while the task submitted at line 11 may be using it"),
    # a threading server runs each request on a thread of its own: a subclass's override of
    # finish_request runs on all of them at once
    "threading-server-counts-its-requests": (_SERVER.format(
        bases="http.server.ThreadingHTTPServer", count="self.requests += 1  # SSC204"),
        "`self.requests` (read-modify-write) is rebound by `CountingServer.finish_request` which runs on several "
        "threads at once (ThreadingHTTPServer runs it on a new thread for each request), outside a lock"),
    "threading-server-counts-its-requests~clean": (_SERVER.format(
        bases="http.server.ThreadingHTTPServer", count="with self.lock:\n                    self.requests += 1"),
        None),
    "threading-mixin-server-counts-its-requests": (_SERVER.format(
        bases="socketserver.ThreadingMixIn, socketserver.TCPServer", count="self.requests += 1  # SSC204"), None),
    "one-thread-server-counts-its-requests~clean": (_SERVER.format(
        bases="http.server.HTTPServer", count="self.requests += 1"), None),
    # the request handler a threading server is given: one per request, on that request's
    # thread; what it reaches through `self.server` or a global is every request's
    "request-handler-counts-on-the-server": (_HANDLER.format(
        server="ThreadingHTTPServer", count="self.server.count += 1  # SSC204"),
        "`self.server.count` (read-modify-write) is rebound by `Handler.do_GET` which runs on several threads at "
        "once (ThreadingHTTPServer runs it on a new thread for each request)"),
    "request-handler-counts-on-the-server~clean": (_HANDLER.format(
        server="ThreadingHTTPServer", count="self.count += 1"), None),
    "request-handler-uses-a-global-connection": (_HANDLER.format(
        server="ThreadingHTTPServer", count='DB.execute("SELECT 1")  # SSC104'),
        "`DB` (sqlite3 connection, NotSend: created at line 3 with check_same_thread=True) is a module global "
        "read by `Handler.do_GET`, which runs on another thread (ThreadingHTTPServer"),
    "request-handler-uses-a-global-connection~clean": ("""
        import http.server
        import sqlite3
        class Handler(http.server.BaseHTTPRequestHandler):
            def setup(self):
                super().setup()
                self.conn = sqlite3.connect("hits.db")
            def do_GET(self):
                self.conn.execute("SELECT 1")
                self.send_response(200)
            def finish(self):
                self.conn.close()
                super().finish()
        def main():
            http.server.ThreadingHTTPServer(("localhost", 8000), Handler).serve_forever()
        """, None),
    "request-handler-of-a-one-thread-server~clean": (_HANDLER.format(
        server="HTTPServer", count='self.server.count += 1\n                DB.execute("SELECT 1")'), None),
    "flask-views-share-a-connection-and-a-counter": ({
        "views": """
            import sqlite3
            from flask import Blueprint, Flask
            app = Flask(__name__)
            shop = Blueprint("shop", __name__)
            DB = sqlite3.connect("app.db")
            HITS = 0
            @app.route("/users")
            def users():
                global HITS
                HITS += 1  # SSC204
                return str(DB.execute("SELECT name FROM users").fetchall())  # SSC104
            def items():
                return str(DB.execute("SELECT name FROM items").fetchall())  # SSC104
            shop.add_url_rule("/items", "items", items)
            """}, None),
    "flask-views-open-their-own-connection~clean": ({
        "views": """
            import sqlite3
            import threading
            from flask import Blueprint, Flask
            app = Flask(__name__)
            shop = Blueprint("shop", __name__)
            LOCK = threading.Lock()
            HITS = 0
            @app.route("/users")
            def users():
                global HITS
                with LOCK:
                    HITS += 1
                db = sqlite3.connect("app.db")
                return str(db.execute("SELECT name FROM users").fetchall())
            def items():
                return str(sqlite3.connect("app.db").execute("SELECT name FROM items").fetchall())
            shop.add_url_rule("/items", "items", items)
            CACHE = {}
            CACHE.get("users")
            """}, None),
    "flask-views-served-on-greenlets~clean": ({
        "views": """
            import sqlite3
            from flask import Flask
            from gevent import pywsgi
            app = Flask(__name__)
            DB = sqlite3.connect("app.db")
            HITS = 0
            @app.route("/users")
            def users():
                global HITS
                HITS += 1
                return str(DB.execute("SELECT name FROM users").fetchall())
            def serve():
                pywsgi.WSGIServer(("", 8089), app).serve_forever()
            """}, None),
    "fastapi-plain-endpoint-runs-in-its-thread-pool": ({
        "api": """
            import sqlite3
            from fastapi import FastAPI
            app = FastAPI()
            DB = sqlite3.connect("app.db")
            @app.get("/users")
            def users():
                return DB.execute("SELECT name FROM users").fetchall()  # SSC104
            """}, None),
    "fastapi-coroutine-endpoint-runs-on-the-loop~clean": ({
        "api": """
            import sqlite3
            from fastapi import FastAPI
            app = FastAPI()
            DB = sqlite3.connect("app.db")
            @app.get("/users")
            async def users():
                return DB.execute("SELECT name FROM users").fetchall()
            """}, None),
    # 12. locks inside methods, acquire/try/finally ----------------------------------------------
    # a count only the owning thread updates (`if self._owner == current_thread():`)
    "update-by-whoever-claims-the-owner-name": (_OWNED.format(me="me", mark="  # SSC204"),
                                                 "`self._entries` (read-modify-write) is rebound by `work`"),
    "update-by-the-owning-thread-only~clean": (_OWNED.format(me="threading.current_thread()", mark=""), None),
    "update-by-whoever-has-the-owners-thread-name": (_OWNED.format(me="threading.current_thread().name",
                                                                   mark="  # SSC204"), "`self._entries`"),
    # a check that leaves first (`if owner != me: raise`) guards what follows as its branch would
    "update-after-refusing-every-thread-but-the-owner~clean": (_OWNER_CHECKED.format(
        op="!=", leave='raise RuntimeError("not the owner")', mark=""), None),
    "update-after-returning-for-every-thread-but-the-owner~clean": (_OWNER_CHECKED.format(
        op="is not", leave="return", mark=""), None),
    "update-after-refusing-only-the-owner": (_OWNER_CHECKED.format(
        op="==", leave='raise RuntimeError("re-entered")', mark="  # SSC204"),
        "`self._entries` (read-modify-write) is rebound by `ReentrantLock.release`"),
    "update-after-a-check-that-does-not-leave": (_OWNER_CHECKED.format(
        op="!=", leave='print("not the owner")', mark="  # SSC204"), "`self._entries`"),
    # ... or a method of the object that answers whether this thread owns it
    "update-after-asking-the-owner-only~clean": (_OWNER_ASKED.format(ask="owns(waiting=False)", mark=""), None),
    "update-after-asking-the-owner-only-by-position~clean": (_OWNER_ASKED.format(ask="owns(False)", mark=""),
                                                               None),
    "update-after-asking-a-method-a-subclass-replaces": (_OWNER_ASKED.format(
        ask="owns(waiting=False)", mark="  # SSC204").replace(
        "        LOCK = ReentrantLock()",
        "        class Loose(ReentrantLock):\n            def owns(self, waiting=True):\n                return True\n"
        "        LOCK = Loose()"), "`self._entries` (read-modify-write)"),
    "update-after-asking-a-method-that-rebinds-its-argument": (_OWNER_ASKED.format(
        ask="owns(waiting=False)", mark="  # SSC204").replace(
        "            def owns(self, waiting=True):\n",
        "            def owns(self, waiting=True):\n                waiting = waiting or self._waiting\n"),
        "`self._entries` (read-modify-write)"),
    "update-after-asking-a-method-that-also-counts-the-waiting": (_OWNER_ASKED.format(
        ask="owns()", mark="  # SSC204"), "`self._entries` (read-modify-write)"),
    "update-after-asking-a-method-that-counts-the-waiting-by-choice": (_OWNER_ASKED.format(
        ask="owns(waiting=True)", mark="  # SSC204"), "`self._entries` (read-modify-write)"),
    # an object every task is handed as an argument is shared by them all, as a global is
    "tasks-update-the-one-object-each-is-handed": (_PROGRESS.format(
        given="self.progress", update="progress.value += chunk  # SSC204"),
        "`progress.value` (read-modify-write) is rebound by `download` which runs on several threads at once"),
    "tasks-update-the-one-object-bound-by-a-partial": (_PROGRESS.format(
        given="self.progress", update="progress.value += chunk  # SSC204").replace(
        "self.pool.submit(download, url, self.progress)",
        "self.pool.submit(functools.partial(download, progress=self.progress), url)").replace(
        "import threading", "import threading\n        import functools"), "`progress.value`"),
    "tasks-update-an-object-a-partial-makes-for-each~clean": (_PROGRESS.format(
        given="self.progress", update="progress.value += chunk").replace(
        "self.pool.submit(download, url, self.progress)",
        "self.pool.submit(functools.partial(download, progress=multiprocessing.Value('i', 0)), url)").replace(
        "import threading", "import threading\n        import functools"), None),
    "tasks-of-a-method-update-the-one-object-each-is-handed": (_PROGRESS.format(
        given="self.progress", update="print(url, progress)").replace(
        "self.pool.submit(download, url, self.progress)", "self.pool.submit(self.fetch, url, self.progress)").replace(
        "            def start(self, urls):",
        "            def fetch(self, url, progress):\n                for chunk in range(10):\n"
        "                    progress.value += chunk  # SSC204\n"
        "            def start(self, urls):"), "`progress.value`"),
    "tasks-of-a-method-read-from-its-class-update-an-object-made-for-each~clean": ("""
        from concurrent.futures import ThreadPoolExecutor
        class Progress:
            def __init__(self):
                self.n = 0
        class Worker:
            def process(self, p):
                p.n += 1
        W = Worker()
        def main():
            with ThreadPoolExecutor(4) as pool:
                for _ in range(4):
                    pool.submit(Worker.process, W, Progress())
        """, None),
    "tasks-update-an-object-made-for-each~clean": (_PROGRESS.format(
        given='multiprocessing.Value("i", 0)', update="progress.value += chunk"), None),
    "tasks-update-the-item-of-their-pass~clean": (_PROGRESS.format(
        given="url", update="progress.value += chunk"), None),
    "tasks-update-the-one-object-under-its-lock~clean": (_PROGRESS.format(
        given="self.progress", update="with progress.get_lock():\n                    progress.value += chunk"), None),
    # a threading.local's attributes are each thread's own
    "counts-kept-on-a-shared-object": (_PER_THREAD.format(store="Plain()", mark="  # SSC204"), None),
    "counts-kept-per-thread-in-a-threading-local~clean": (_PER_THREAD.format(store="threading.local()", mark=""),
                                                            None),
    "counts-kept-on-a-shared-object-a-threading-local-points-at": ("""
        import threading
        class Stats:
            def __init__(self):
                self.hits = 0
        STATS = Stats()
        TL = threading.local()
        def work():
            TL.stats = STATS
            TL.stats.hits += 1  # SSC204
        def main():
            for _ in range(4):
                threading.Thread(target=work).start()
        """, "`TL.stats.hits` (read-modify-write)"),
    # a field set from a constructor argument holds what that object's construction passed
    "callback-of-one-object-drained-by-one-thread~clean": (_CALLBACKS.format(
        given="lambda item: None", workers=5, mark=""), None),
    "callback-of-one-object-drained-by-several-threads": (_CALLBACKS.format(
        given="stats.count_drop", workers=5, mark="  # SSC204"),
        "`self.dropped` (read-modify-write) is rebound by `Queue.drain` which runs on several threads at once"),
    "update-of-a-global-in-the-owners-branch": ("""
        import threading
        sent = 0
        class Conn:
            def __init__(self):
                self._owner = threading.current_thread()
            def send(self, data):
                global sent
                if self._owner == threading.current_thread():
                    sent += 1  # SSC204
        def work():
            Conn().send(b"x")
        def main():
            for _ in range(4):
                threading.Thread(target=work).start()
        """, "`sent` (global) is rebound by `work`"),

    "lock-inside-method~clean": ("""
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self._lock = threading.Lock()
                self._conn = sqlite3.connect("app.db", check_same_thread=False)
            def add(self, user):
                with self._lock:
                    self._conn.execute("INSERT INTO users VALUES (?)", (user,))
        def record(store, user):
            store.add(user)
        def main():
            store = Store()
            for user in ("a", "b"):
                threading.Thread(target=record, args=(store, user)).start()
        """, None),
    "acquire-try-finally~clean": ("""
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self._lock = threading.Lock()
                self._conn = sqlite3.connect("app.db", check_same_thread=False)
            def add(self, user):
                self._lock.acquire()
                try:
                    self._conn.execute("INSERT INTO users VALUES (?)", (user,))
                finally:
                    self._lock.release()
        def record(store, user):
            store.add(user)
        def main():
            store = Store()
            for user in ("a", "b"):
                threading.Thread(target=record, args=(store, user)).start()
        """, None),
    "lock-taken-by-caller~clean": ("""
        import sqlite3
        import threading
        LOCK = threading.Lock()
        class Store:
            def __init__(self):
                self._conn = sqlite3.connect("app.db", check_same_thread=False)
            def add(self, user):
                self._conn.execute("INSERT INTO users VALUES (?)", (user,))
        def record(store, user):
            with LOCK:
                store.add(user)
        def main():
            store = Store()
            for user in ("a", "b"):
                threading.Thread(target=record, args=(store, user)).start()
        """, None),
    # an acquire that may fail, checked before going on: past the check the lock is held
    "checked-acquire-that-goes-on-either-way": (_CHECKED_ACQUIRE.format(
        failed='print("late")', update="self.n += 1  # SSC204"), None),
    "checked-acquire-that-goes-on-either-way~clean": (_CHECKED_ACQUIRE.format(
        failed="return False", update="self.n += 1"), None),
    # a lock class of the project: its `__exit__` updates its own state, then lets its inner
    # lock go; only the holder of that lock runs it
    "lock-class-updates-its-state-after-letting-its-lock-go": (_DEPTH_LOCK.format(
        first="self._lock.release()", then="self._depth -= 1  # SSC204"), None),
    "lock-class-updates-its-state-after-letting-its-lock-go~clean": (_DEPTH_LOCK.format(
        first="self._depth -= 1", then="self._lock.release()"), None),
    "lock-on-one-path-only": ("""
        import sqlite3
        import threading
        LOCK = threading.Lock()
        class Store:
            def __init__(self):
                self._conn = sqlite3.connect("app.db", check_same_thread=False)
            def add(self, user):
                self._conn.execute("INSERT INTO users VALUES (?)", (user,))  # SSC201
        def record(store, user):
            with LOCK:
                store.add(user)
            store.add(user + "!")
        def main():
            store = Store()
            for user in ("a", "b"):
                threading.Thread(target=record, args=(store, user)).start()
        """, None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_value_flow(name):
    snippet, fragment = CASES[name]
    assert_marked(snippet, *([fragment] if fragment else []))


def test_value_coming_back_through_a_method_shows_the_calls_on_this_thread():
    """The use is in a method the spawning side calls: the notes lead from the call there."""
    found = assert_marked(CASES["task-field-used-by-caller-after-spawn"][0])
    notes = [(n.line, n.message) for n in found[0].notes]
    assert notes == [
        (8, "sqlite3 connection: created at line 8 with check_same_thread=True"),
        (10, "the work is handed to ThreadPoolExecutor.submit here"),
        (15, "this call of `Catalog.start` starts the other thread"),
        (16, "this thread calls `Catalog.titles` here"),
    ]


def test_value_made_by_one_task_and_handed_to_another_points_at_both_threads():
    """The connection came back from one task and crosses again: the notes show where it was
    made (in the first task's function) and what the second task does with it."""
    found = assert_marked(CASES["connection-from-one-task-passed-to-another"][0])
    notes = [(n.line, n.message) for n in found[0].notes]
    assert notes == [
        (4, "sqlite3 connection: created at line 4 with check_same_thread=True"),
        (10, "the work is handed to ThreadPoolExecutor.submit here"),
        (6, "the other thread uses it here"),
    ]


def test_a_method_nothing_calls_is_said_to_run_beside_the_work_its_object_handed_over():
    found = assert_marked(CASES["task-made-on-a-loop-thread-cancelled-by-a-sibling-method"][0])
    notes = [(n.line, n.message) for n in found[0].notes]
    assert (17, "a method of the same object as `Plugin.start`, which hands work to the other thread; "
                "nothing in the project calls it, so it may run while that thread does") in notes


def test_every_flagged_shape_has_a_clean_twin():
    flagged = [n for n in CASES if not n.endswith("~clean")]
    clean = [n for n in CASES if n.endswith("~clean")]
    assert len(clean) >= 12 and len(flagged) >= 12
