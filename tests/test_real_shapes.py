"""Shapes met when sweeping real threaded projects: correct code that must stay quiet, each
beside a buggy twin that must still be flagged. Expected findings are marked in the snippets
(``# SSC101``); a snippet without marks must be clean.
"""
from __future__ import annotations

import pytest

from harness import assert_marked

#: a connection kept by an engine whose methods call one another, used by a Thread subclass
_ENGINE = """
        import sqlite3
        from threading import Thread
        class Engine:
            _connection = None
            def open(self):
                self._connection = sqlite3.connect("x.db")
            def connect(self):
                return self._connection
            def get_cursor(self):
                return self.connect().cursor()
            def execute(self, statement):
                self.get_cursor().execute(statement)
        class DownloadThread(Thread):
            def __init__(self, engine):
                Thread.__init__(self)
                self.engine = engine
            def run(self):
                self.engine.execute("select 1")
"""

#: a base storing what a method only its subclasses define returns
_ENGINES = """
        import sqlite3
        from threading import Thread
        class Engine:
            def open(self):
                self._connection = self.get_connection()
            def execute(self, statement):
                self._connection.execute(statement)
        class SqliteEngine(Engine):
            def get_connection(self):
                return sqlite3.connect("x.db")
        class CsvEngine(Engine):
            def get_connection(self):
                return open("x.csv")
        def work(engine):
            engine.execute("select 1")
"""

#: two subclasses handing their base's constructor different things through `super()`
#: a base keeping its constructor's argument, and its subclasses
_HOLDER = """
        import sqlite3
        import threading
        class Holder:
            def __init__(self, resource):
                self.resource = resource
            def use(self):
                return self.resource.execute("select 1")
"""

_SIBLINGS = _HOLDER + """
        class DbHolder(Holder):
            def __init__(self, path):
                super().__init__(sqlite3.connect(path))
        class NameHolder(Holder):
            def __init__(self, name):
                super().__init__(name)
"""

_FEEDS = """
        import itertools
        import queue
        import threading
        COUNTER = itertools.count()
        class Source:
            def __init__(self, feed):
                self.feed = feed
            def pull(self):
                return next(self.feed)
            def size(self):
                return self.feed.qsize()
        class Shared(Source):
            def __init__(self):
                super().__init__(COUNTER)
        class Own(Source):
            def __init__(self):
                super().__init__(queue.Queue())
"""

#: work put on a queue as callables, run by the workers that take it off (forseti's fb0f1566e):
#: deep enough in searches that a parameter found only through a search cut short at its depth
#: limit must not stay unknown when it is asked again from higher up
_CRAWLER = """
    import threading
    from functools import partial
    from queue import Queue

    from storage import Storage


    class CrawlerConfig:
        def __init__(self, storage, threads):
            self.storage = storage
            self.threads = threads


    class Resource:
        def __init__(self, name, children=()):
            self._name = name
            self._children = list(children)

        def should_dispatch(self):
            return True

        def name(self):
            return self._name

        def set_key(self, key):
            self._key = key

        def try_accept(self, visitor, stack=None):
            try:
                self.accept(visitor, stack)
            except Exception as e:
                visitor.on_child_error(self._name, e)

        def accept(self, visitor, stack=None):
            stack = [] if not stack else stack
            visitor.visit(self)
            for resource in self._children:
                new_stack = stack + [self]
                if resource.should_dispatch():
                    visitor.dispatch(partial(resource.try_accept, visitor, new_stack))
                else:
                    resource.accept(visitor, new_stack)


    class Crawler:
        def __init__(self, config):
            self.config = config

        def visit(self, resource):
            self.config.storage.write(resource)

        def dispatch(self, callback):
            callback()

        def on_child_error(self, name, error):
            self.config.storage.error(str(error))


    class ParallelCrawler(Crawler):
        def __init__(self, config):
            super().__init__(config)
            self._queue = Queue()

        def _start_workers(self):
            for _ in range(self.config.threads):
                threading.Thread(target=self._process_queue, daemon=True).start()

        def _process_queue(self):
            while True:
                callback = self._queue.get()
                callback()
                self._queue.task_done()

        def run(self, resource):
            self._start_workers()
            resource.accept(self)
            self._queue.join()

        def dispatch(self, callback):
            self._queue.put(callback)


    def run_crawler(engine):
        storage = Storage(engine)
        storage.open()
        crawler = ParallelCrawler(CrawlerConfig(storage, 10))
        return crawler.run(Resource("org", [Resource("a"), Resource("b")]))
"""
_STORAGE = """
    import threading


    class InventoryIndex:
        def __init__(self):
            self.counter = 0
            self.message = None

        @classmethod
        def create(cls):
            return cls()

        def set_error(self, message):
            self.message = message


    class Storage:
        def __init__(self, engine):
            self.engine = engine
            self.inventory_index = None
            self._written = set()
            self._lock = threading.Lock()

        def open(self):
            self.inventory_index = InventoryIndex.create()

        def write(self, resource):
            with self._lock:
                if resource.name() in self._written:
                    return
                self._written.add(resource.name())
            result = self.engine.execute("INSERT", {"name": resource.name()})
            resource.set_key(result.inserted_primary_key[0])
            self.inventory_index.counter += 1

        def error(self, message):
            with self._lock:
                self.inventory_index.set_error(message)
"""
_COUNTED = "self.inventory_index.counter += 1\n"


CASES = {
    # a Tk subclass's worker that sets plain Python attributes and talks through a queue
    "tk-subclass-plain-attributes~clean": ("""
        import queue
        import threading
        import tkinter as tk
        class Progress(tk.Toplevel):
            def __init__(self, master, job):
                super().__init__(master)
                self.job, self.inbox = job, queue.Queue()
            def begin(self):
                def pump(stream):
                    for chunk in getattr(self.job, stream):
                        self.inbox.put(chunk)
                    self.finished = True
                    setattr(self, stream + "_done", True)
                threading.Thread(target=pump, args=["out"], daemon=True).start()
        """, None),
    "tk-subclass-method-from-worker": ("""
        import threading
        import tkinter as tk
        class Progress(tk.Toplevel):
            def begin(self):
                def pump():
                    self.title("working")  # SSC101
                threading.Thread(target=pump, daemon=True).start()
        """, "`self` (Progress, NotSend: subclass of `tkinter.Toplevel`"),
    # a class attribute is made once, at import, and read by every thread through any object
    "class-attribute-read-through-an-object-the-worker-made": ("""
        import sqlite3
        import threading
        class Config:
            DB = sqlite3.connect("a.db")
        class Worker:
            def run(self):
                cfg = Config()
                cfg.DB.execute("SELECT 1")  # SSC104
        threading.Thread(target=Worker().run).start()
        """, "`cfg.DB` (sqlite3 connection, NotSend: created at line 4 with check_same_thread=True) is a field"
             " of a shared object read by `Worker.run`"),
    # `self.hook()` in a base class runs the subclass's override
    "override-reached-from-base-class": ("""
        import threading
        import tkinter as tk
        class Task:
            def launch(self):
                threading.Thread(target=self._body).start()
            def _body(self):
                self.step()
            def step(self):
                pass
        class Painter(Task):
            def __init__(self, canvas):
                self.canvas = canvas
            def step(self):
                self.canvas.delete("all")  # SSC103
        Painter(tk.Canvas(tk.Tk())).launch()
        """, None),
    "override-reached-from-base-class~clean": ("""
        import threading
        class Task:
            def launch(self):
                threading.Thread(target=self._body).start()
            def _body(self):
                self.step()
            def step(self):
                pass
        class Counter(Task):
            def __init__(self):
                self.n = 0
            def step(self):
                print(self.n)
        Counter().launch()
        """, None),
    # functools.partial over a bound method: the bound arguments follow `self`
    "partial-over-bound-method~clean": ("""
        import asyncio
        import functools
        class Bridge:
            async def call(self, fn):
                loop = asyncio.get_running_loop()
                job = functools.partial(self._in_thread, loop, fn)
                return await loop.run_in_executor(None, job)
            def _in_thread(self, loop, fn):
                return fn()
        """, None),
    # a callable handed to call_soon_threadsafe runs on the loop's thread, not the worker's
    "bridged-callable-runs-on-loop~clean": ("""
        import asyncio
        import threading
        async def main():
            loop = asyncio.get_running_loop()
            done = asyncio.Event()
            def on_loop():
                done.set()
            def worker():
                loop.call_soon_threadsafe(on_loop)
            threading.Thread(target=worker).start()
            await done.wait()
        """, None),
    "event-set-from-worker": ("""
        import asyncio
        import threading
        async def main():
            done = asyncio.Event()
            def worker():
                done.set()  # SSC202
            threading.Thread(target=worker).start()
            await done.wait()
        """, None),
    # Condition(lock) and the lock it wraps guard the same data
    "condition-wraps-the-lock~clean": ("""
        import threading
        class Feed:
            def __init__(self):
                self.guard = threading.RLock()
                self.ready = threading.Condition(lock=self.guard)
                self.source = iter(range(10))
            def one(self):
                with self.ready:
                    return next(self.source)
            def rest(self):
                with self.guard:
                    return list(self.source)
        feed = Feed()
        t = threading.Thread(target=feed.one)
        t.start()
        feed.rest()
        t.join()
        """, None),
    "condition-of-another-lock": ("""
        import threading
        class Feed:
            def __init__(self):
                self.guard = threading.RLock()
                self.ready = threading.Condition()
                self.source = iter(range(10))
            def one(self):
                with self.ready:
                    return next(self.source)
            def rest(self):
                with self.guard:
                    return list(self.source)
        feed = Feed()
        t = threading.Thread(target=feed.one)  # SSC202
        t.start()
        feed.rest()
        t.join()
        """, None),
    # work waited for in the same iteration runs one piece at a time
    "result-awaited-each-iteration~clean": ("""
        from concurrent.futures import ThreadPoolExecutor
        class Tally:
            def __init__(self):
                self.total = 0
            def add(self, n):
                self.total += n
        tally = Tally()
        with ThreadPoolExecutor() as pool:
            for n in range(4):
                pending = pool.submit(tally.add, n)
                pending.result()
        """, None),
    "result-collected-after-the-loop": ("""
        from concurrent.futures import ThreadPoolExecutor
        class Tally:
            def __init__(self):
                self.total = 0
            def add(self, n):
                self.total += n  # SSC204
        tally = Tally()
        with ThreadPoolExecutor() as pool:
            pending = []
            for n in range(4):
                pending.append(pool.submit(tally.add, n))
            for p in pending:
                p.result()
        """, None),
    "to-thread-awaited-each-iteration~clean": ("""
        import asyncio
        async def pull(rows):
            cursor = iter(rows)
            while True:
                row = await asyncio.to_thread(next, cursor, None)
                if row is None:
                    break
        """, None),
    # `with cm() as x` for a @contextmanager binds what it yields
    "contextmanager-yields-the-value~clean": ("""
        import threading
        from contextlib import contextmanager
        @contextmanager
        def session():
            yield {"user": "x"}
        def handle():
            with session() as s:
                t = threading.Thread(target=print, args=(s,))
                t.start()
                s["seen"] = True
        """, None),
    "contextmanager-yields-a-connection": ("""
        import sqlite3
        import threading
        from contextlib import contextmanager
        @contextmanager
        def opened():
            conn = sqlite3.connect("app.db")
            yield conn
            conn.close()
        def work(conn):
            conn.execute("SELECT 1")
        def handle():
            with opened() as conn:
                threading.Thread(target=work, args=(conn,)).start()  # SSC102
        """, "`conn` (sqlite3 connection, NotSend"),
    # a lock made by a dataclass field factory
    "dataclass-field-lock~clean": ("""
        import threading
        from dataclasses import dataclass, field
        @dataclass
        class Meter:
            _lock: threading.Lock = field(default_factory=threading.Lock)
            hits: int = 0
            def hit(self):
                with self._lock:
                    self.hits += 1
        meter = Meter()
        for _ in range(3):
            threading.Thread(target=meter.hit).start()
        """, None),
    "dataclass-field-without-lock": ("""
        import threading
        from dataclasses import dataclass, field
        @dataclass
        class Meter:
            names: list = field(default_factory=list)
            hits: int = 0
            def hit(self):
                self.hits += 1  # SSC204
        meter = Meter()
        for _ in range(3):
            threading.Thread(target=meter.hit).start()
        """, None),
    # an expression for check_same_thread: the checker cannot see its value
    "check-same-thread-expression~clean": ("""
        import sqlite3
        import threading
        def open_db(shared):
            return sqlite3.connect("app.db", check_same_thread=not shared)
        def work(conn):
            conn.execute("SELECT 1")
        conn = open_db(True)
        threading.Thread(target=work, args=(conn,)).start()
        """, None),
    "check-same-thread-default": ("""
        import sqlite3
        import threading
        def work(conn):
            conn.execute("SELECT 1")
        conn = sqlite3.connect("app.db")
        threading.Thread(target=work, args=(conn,)).start()  # SSC102
        """, None),
    # an option set on a Tk widget by item assignment is no container store
    "widget-option-item~clean": ("""
        import threading
        import tkinter as tk
        def build(root):
            text = tk.Text(root)
            text["state"] = "disabled"
            words = {}
            words["a"] = 1
            threading.Thread(target=print, args=(words,)).start()
            return text
        """, None),
    # an annotated placeholder takes its type from the real stores
    "annotated-placeholder-field~clean": ("""
        import sqlite3
        import threading
        from typing import Optional
        class Repo:
            conn: Optional[sqlite3.Connection] = None
            def __init__(self, path):
                self.path = path
            def size(self):
                return len(self.path)
        repo = Repo("a.db")
        threading.Thread(target=repo.size).start()
        """, None),
    # a base method's store is not the subclass's when the subclass replaces the method
    "overridden-init-store~clean": ("""
        import sqlite3
        import threading
        class Base:
            def _open(self):
                self.conn = sqlite3.connect("app.db")
        class Remote(Base):
            def _open(self):
                self.conn = None
            def ping(self):
                return self.conn
        r = Remote()
        r._open()
        threading.Thread(target=r.ping).start()
        """, None),
    "overridden-init-store-calls-super": ("""
        import sqlite3
        import threading
        class Base:
            def _open(self):
                self.conn = sqlite3.connect("app.db")
        class Local(Base):
            def _open(self):
                super()._open()
            def ping(self):
                return self.conn.execute("SELECT 1")
        r = Local()
        r._open()
        threading.Thread(target=r.ping).start()  # SSC103
        """, None),
    # a nested function's return is not its enclosing function's
    "nested-def-return-is-its-own~clean": ("""
        import sqlite3
        import threading
        class Lazy:
            def __init__(self, opener):
                self.opener = opener
            def ping(self):
                return "pong"
        def lazy(path):
            def opener():
                return sqlite3.connect(path)
            return Lazy(opener)
        def work(db):
            db.ping()
        threading.Thread(target=work, args=(lazy("app.db"),)).start()
        """, None),
    "nested-def-return-is-its-own": ("""
        import sqlite3
        import threading
        def eager(path):
            def label():
                return path
            return sqlite3.connect(label())
        def work(db):
            db.execute("SELECT 1")
        threading.Thread(target=work, args=(eager("app.db"),)).start()  # SSC102
        """, None),
    # a decorator that registers and returns its function keeps each function apart
    "registering-decorator~clean": ("""
        import sqlite3
        import threading
        HANDLERS = []
        CONN = sqlite3.connect("app.db")
        def register(f):
            HANDLERS.append(f)
            return f
        @register
        def get_conn():
            return CONN
        @register
        def get_name():
            return "worker"
        def work():
            get_name().upper()
        threading.Thread(target=work).start()
        """, None),
    "registering-decorator": ("""
        import sqlite3
        import threading
        HANDLERS = []
        CONN = sqlite3.connect("app.db")
        def register(f):
            HANDLERS.append(f)
            return f
        @register
        def get_conn():
            return CONN
        def work():
            get_conn().execute("SELECT 1")  # SSC104
        threading.Thread(target=work).start()
        """, None),
    # after start(), setting a plain attribute of the holder leaves what it holds alone
    "holder-attribute-after-start~clean": ("""
        import asyncio
        import threading
        class Pump:
            def __init__(self):
                self.queue = asyncio.Queue()
                self.running = False
            def drain(self):
                while not self.queue.empty():
                    self.queue.get_nowait()
            def start(self):
                t = threading.Thread(target=self.drain)
                t.start()
                self.running = True
        """, None),
    "holder-field-used-after-start": ("""
        import asyncio
        import threading
        class Pump:
            def __init__(self):
                self.queue = asyncio.Queue()
            def drain(self):
                while not self.queue.empty():
                    self.queue.get_nowait()
            def start(self):
                t = threading.Thread(target=self.drain)  # SSC202
                t.start()
                self.queue.put_nowait(1)
        """, None),
    # what the spawner took from a cache before starting the pool is its own
    "cache-filled-before-the-pool": ("""
        import functools
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        @functools.lru_cache(maxsize=None)
        def shared():
            return sqlite3.connect("app.db")
        def job(n):
            return shared().execute("SELECT ?", (n,))  # SSC104
        def main():
            db = shared()
            db.execute("CREATE TABLE t (x)")
            with ThreadPoolExecutor() as pool:
                list(pool.map(job, [1, 2]))
            db.close()
        """, None),
    # the standard library's test suite: a barrier handing its locks from thread to thread
    # (`acquire()` ... `release()` without `with` or `try/finally` is a lock too)
    "acquire-then-release-statements~clean": ("""
        import _thread
        class Barrier:
            def __init__(self):
                self.waiting = 0
                self.mutex = _thread.allocate_lock()
            def enter(self):
                self.mutex.acquire()
                self.waiting = self.waiting + 1
                self.mutex.release()
        def task(bar):
            bar.enter()
        bar = Barrier()
        for i in range(4):
            _thread.start_new_thread(task, (bar,))
        """, None),
    "acquire-released-before-the-write": ("""
        import _thread
        class Barrier:
            def __init__(self):
                self.waiting = 0
                self.mutex = _thread.allocate_lock()
            def enter(self):
                self.mutex.acquire()
                self.mutex.release()
                self.waiting = self.waiting + 1  # SSC204
        def task(bar):
            bar.enter()
        bar = Barrier()
        for i in range(4):
            _thread.start_new_thread(task, (bar,))
        """, None),
    "acquire-that-may-fail": ("""
        import threading
        class Counter:
            def __init__(self):
                self.n = 0
                self.lock = threading.Lock()
            def bump(self):
                self.lock.acquire(timeout=1)
                self.n += 1  # SSC204
                self.lock.release()
        c = Counter()
        for i in range(4):
            threading.Thread(target=c.bump).start()
        """, None),
    # logging's Handler: acquire() and release() are methods that take the handler's own lock
    "lock-behind-acquire-and-release-methods~clean": ("""
        import threading
        class Handler:
            def __init__(self):
                self.lock = threading.RLock()
                self.retries = 0
            def acquire(self):
                if self.lock:
                    self.lock.acquire()
            def release(self):
                if self.lock:
                    self.lock.release()
            def emit(self):
                self.retries = self.retries + 1
            def handle(self):
                self.acquire()
                try:
                    self.emit()
                finally:
                    self.release()
        h = Handler()
        for i in range(4):
            threading.Thread(target=h.handle).start()
        """, None),
    "lock-behind-methods-that-do-not-lock": ("""
        import threading
        class Handler:
            def __init__(self):
                self.lock = threading.RLock()
                self.retries = 0
            def acquire(self):
                pass
            def release(self):
                pass
            def emit(self):
                self.retries = self.retries + 1  # SSC204
            def handle(self):
                self.acquire()
                try:
                    self.emit()
                finally:
                    self.release()
        h = Handler()
        for i in range(4):
            threading.Thread(target=h.handle).start()
        """, None),
    # the wording names what was handed over: a pool's task is submitted, not started
    "task-still-running-is-named-a-task": ("""
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        def job(ev):
            ev.set()
        def main(pool: ThreadPoolExecutor):
            ev = asyncio.Event()
            fut = pool.submit(job, ev)  # SSC202
            ev.clear()
            fut.result()
        """, "still used at line 8 while the task submitted at line 7 may be using it; wait for the task first"),
    "obtained-loop-is-named-obtained": ("""
        import asyncio, threading
        def job(loop):
            loop.call_soon(print, "done")
        async def main():
            loop = asyncio.get_running_loop()
            threading.Thread(target=job, args=(loop,)).start()  # SSC205
        """, "NotSync: obtained at line 5 by asyncio.get_running_loop())"),
    # one helper, two callers: each caller's function gets that caller's arguments only, and
    # the message names the root the calls start from (the clean case is in test_fuzz_found.py)
    "helper-callers-told-apart": ("""
        import sqlite3
        import threading
        def run_in_background(fn, *args):
            threading.Thread(target=fn, args=args).start()
        class Reports:
            def refresh(self):
                return "ok"
        class Mailer:
            def __init__(self, conn):
                self.conn = conn
                self.name = "mailer"
            def refresh(self):
                return self.conn.execute("SELECT 1")  # SSC102
            def label(self):
                return self.name
        def refresh_reports(reports):
            reports.refresh()
        def show_mailer(mailer):
            mailer.refresh()
        def main():
            run_in_background(refresh_reports, Reports())
            run_in_background(show_mailer, Mailer(sqlite3.connect("app.db")))
        """, "(read in `Mailer.refresh()`, called by `show_mailer`)"),
    # an object built in the boundary call itself is built by the spawner, on its thread
    "object-built-in-the-submit-call": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Job:
            def __init__(self, conn):
                self.conn = conn
            def run(self):
                self.conn.execute("SELECT 1")
        def main():
            conn = sqlite3.connect("app.db")
            with ThreadPoolExecutor() as pool:
                pool.submit(Job(conn).run)  # SSC103
        """, "`Job(conn)` (Job, NotSend: holds `self.conn`"),
    "object-built-in-the-submit-call~clean": ("""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Job:
            def __init__(self, path):
                self.path = path
            def run(self):
                sqlite3.connect(self.path).execute("SELECT 1")
        def main():
            with ThreadPoolExecutor() as pool:
                pool.submit(Job("app.db").run)
        """, None),
    # a function named like a method (`start`) is not called by every `thread.start()`
    "function-named-start-is-an-entry-point": ("""
        import sqlite3
        import threading
        class Holder:
            def __init__(self, conn):
                self.conn = conn
            def use(self):
                return self.conn.execute("SELECT 1")  # SSC102
        def work(holder):
            holder.use()
        def helper():
            worker = threading.Thread(target=print)
            worker.start()
        def start():
            threading.Thread(target=work, args=(Holder(sqlite3.connect("app.db")),)).start()
            helper()
        """, None),
    # pywebview: a worker that connects a handler to a signal does not run the handler
    "handler-connected-on-a-worker~clean": ("""
        import threading
        from gi.repository import Gtk
        APP = Gtk.Application()
        def build(app):
            Gtk.Window(application=app).present()
        def start():
            APP.connect("activate", build)
        threading.Thread(target=start).start()
        """, None),
    "handler-called-on-a-worker": ("""
        import threading
        from gi.repository import Gtk
        APP = Gtk.Application()
        def build(app):
            Gtk.Window(application=app).present()  # SSC108
        def start():
            build(APP)
        threading.Thread(target=start).start()
        """, None),
    "helper-callers-each-named-in-the-message": ("""
        import threading
        COUNT = 0
        def run_in_background(fn, *args):
            for _ in range(4):
                threading.Thread(target=fn, args=args).start()
        def ping(n):
            return n + 1
        def bump(n):
            global COUNT
            COUNT += n  # SSC204
        def main():
            run_in_background(ping, 1)
            run_in_background(bump, 1)
        """, "`COUNT` (global) is rebound by `bump` which runs on several threads"),
    # re's debug printer: each call of the outer function makes its own `level`
    "nonlocal-of-a-call-the-thread-makes~clean": ("""
        import threading
        def show(code):
            level = 0
            def step():
                nonlocal level
                level += 1
            step()
            return level
        def task():
            show("x")
        for i in range(4):
            threading.Thread(target=task).start()
        """, None),
    "nonlocal-of-the-spawner": ("""
        import threading
        def main():
            level = 0
            def step():
                nonlocal level
                level += 1  # SSC204
            for i in range(4):
                threading.Thread(target=step).start()
        """, None),
    # multiprocessing's `listener_client[serializer][1]`: one element of a literal tuple
    "literal-tuple-element~clean": ("""
        import sqlite3
        import threading
        CONN = sqlite3.connect("app.db")
        PAIR = ("name", CONN)
        def work():
            PAIR[0].upper()
        threading.Thread(target=work).start()
        """, None),
    "literal-tuple-unpacked-from-a-registry~clean": ("""
        import sqlite3
        import threading
        CONN = sqlite3.connect("app.db")
        REGISTRY = {"main": (CONN, "main")}
        class Proxy:
            def __init__(self):
                self._conn, self._name = REGISTRY["main"]
            def close(self):
                self._name.upper()
        p = Proxy()
        threading.Thread(target=p.close).start()
        """, None),
    "literal-tuple-unpacked-from-a-registry": ("""
        import sqlite3
        import threading
        CONN = sqlite3.connect("app.db")
        REGISTRY = {"main": (CONN, "main")}
        class Proxy:
            def __init__(self):
                self._conn, self._name = REGISTRY["main"]
            def close(self):
                self._conn.execute("SELECT 1")
        p = Proxy()
        threading.Thread(target=p.close).start()  # SSC103
        """, None),
    "literal-tuple-element": ("""
        import sqlite3
        import threading
        CONN = sqlite3.connect("app.db")
        PAIR = ("name", CONN)
        def work():
            PAIR[1].execute("SELECT 1")  # SSC104
        threading.Thread(target=work).start()
        """, None),
    # a field read right after its own function stored it holds what was stored (zeroconf's
    # loop thread), not what the field's other stores put there on another thread
    "field-read-after-its-own-store~clean": ("""
        import asyncio
        import threading
        class Service:
            def __init__(self, use_running):
                if use_running:
                    self.loop = asyncio.get_running_loop()
                else:
                    self._start_thread()
            def _start_thread(self):
                ready = threading.Event()
                def run_loop():
                    self.loop = asyncio.new_event_loop()
                    asyncio.set_event_loop(self.loop)
                    ready.set()
                    for _ in range(3):
                        self.loop.run_until_complete(asyncio.sleep(1))
                    self.loop.run_forever()
                threading.Thread(target=run_loop, daemon=True).start()
                ready.wait()
        """, None),
    "field-read-after-a-store-in-a-branch": ("""
        import asyncio
        import threading
        class Service:
            def __init__(self, use_running):
                if use_running:
                    self.loop = asyncio.get_running_loop()
                else:
                    self._start_thread(use_running)
            def _start_thread(self, use_running):
                def run_loop():
                    if not use_running:
                        self.loop = asyncio.new_event_loop()
                    self.loop.run_forever()  # SSC205
                threading.Thread(target=run_loop, daemon=True).start()
        """, "`self.loop` (asyncio event loop, NotSync: obtained at line 6 by asyncio.get_running_loop())"),
    "field-read-in-a-loop-that-stores-it-later": ("""
        import asyncio
        import threading
        class Service:
            def __init__(self):
                self.loop = asyncio.get_running_loop()
                threading.Thread(target=self.pump, daemon=True).start()  # SSC205
            def pump(self):
                self.loop = asyncio.new_event_loop()
                for _ in range(3):
                    self.loop.run_until_complete(asyncio.sleep(1))
                    self.loop = self.other
        """, "is used directly by `Service.pump` on another thread (line 10)"),
    # ... but not when another thread may store the field meanwhile, or read it
    "field-stored-again-by-the-spawner-while-the-thread-reads-it": ("""
        import sqlite3
        import threading
        class Store:
            def open(self):
                t = threading.Thread(target=self._work)  # SSC103
                t.start()
                self.conn = sqlite3.connect("app.db")
                t.join()
            def _work(self):
                self.conn = sqlite3.connect("app.db")
                self.conn.execute("SELECT 1")
        """, "holds `self.conn`, sqlite3 connection created at line 7"),
    "field-read-by-the-spawner-while-the-thread-replaces-it": ("""
        import asyncio
        import threading
        class Runner:
            def _serve(self):
                self.loop = asyncio.new_event_loop()
                self.loop.run_forever()
            def start(self):
                self.loop = asyncio.new_event_loop()
                t = threading.Thread(target=self._serve, daemon=True)  # SSC202
                t.start()
                self.loop.call_soon(print, "hi")
        """, "is still used at line 11 while the thread started at line 10"),
    "field-read-after-its-own-store-started-by-a-method~clean": ("""
        import asyncio
        import threading
        class Service:
            def __init__(self, use_asyncio):
                self.use_asyncio = use_asyncio
            def start(self):
                self.loop = asyncio.get_running_loop() if self.use_asyncio else None
                if self.loop:
                    return
                self._start_thread()
            def _start_thread(self):
                def run_loop():
                    self.loop = asyncio.new_event_loop()
                    self.loop.run_forever()
                threading.Thread(target=run_loop, daemon=True).start()
        """, None),
    "field-stored-again-by-another-method-of-the-main-thread": ("""
        import sqlite3
        import threading
        class Store:
            def open(self):
                threading.Thread(target=self._work).start()  # SSC103
                self._reconnect()
            def _reconnect(self):
                self.conn = sqlite3.connect("app.db")
            def _work(self):
                self.conn = sqlite3.connect("app.db")
                self.conn.execute("SELECT 1")
        """, "holds `self.conn`, sqlite3 connection created at line 8"),
    "field-stored-again-by-a-method-called-in-between": ("""
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self.main_conn = sqlite3.connect("app.db")
                self.conn = self.main_conn
            def _reset(self):
                self.conn = self.main_conn
            def _work(self):
                self.conn = sqlite3.connect("app.db")
                self._reset()
                self.conn.execute("SELECT 1")
            def run(self):
                threading.Thread(target=self._work).start()  # SSC103
        """, "holds `self.main_conn`"),
    "field-stored-again-through-setattr": ("""
        import sqlite3
        import threading
        class Store:
            def __init__(self):
                self.conn = sqlite3.connect("app.db")
                self.main_conn = self.conn
            def _work(self):
                self.conn = sqlite3.connect("app.db")
                setattr(self, "conn", self.main_conn)
                self.conn.execute("SELECT 1")
            def run(self):
                threading.Thread(target=self._work).start()  # SSC103
        """, "holds `self.conn`, sqlite3 connection created at line 5"),
    # each connection thread builds its own object; its base class's __init__, reached through
    # super(), updates that object alone (websockets' sync server)
    "super-init-of-an-object-the-thread-made~clean": ("""
        import threading
        class Base:
            def __init__(self):
                self.count = 0
                self.count += 1
        class Conn(Base):
            def __init__(self, sock):
                super().__init__()
                self.sock = sock
        def handle(sock):
            Conn(sock)
        def serve(listener):
            while True:
                sock = listener.accept()
                threading.Thread(target=handle, args=(sock,)).start()
        """, None),
    # a thread's own object may hold a part every thread shares
    "own-object-updates-a-shared-part": ("""
        import threading
        class Stats:
            def __init__(self):
                self.hits = 0
        STATS = Stats()
        class Conn:
            created = 0
            def __init__(self):
                self.stats = STATS
                self.__class__.created += 1  # SSC204
            def hit(self):
                self.stats.hits += 1  # SSC204
        def work():
            Conn().hit()
        def main():
            for _ in range(4):
                threading.Thread(target=work).start()
        """, "`self.__class__.created` (read-modify-write) is rebound by `work`"),
    "own-object-updates-its-own-part~clean": ("""
        import threading
        class Buffer:
            def __init__(self):
                self.count = 0
        class Conn:
            def __init__(self):
                self.buf = Buffer()
                self.sizes = {}
            def hit(self, key):
                self.buf.count += 1
                self.sizes[key] = self.sizes.get(key, 0) + 1
        def work():
            Conn().hit("a")
        def main():
            for _ in range(4):
                threading.Thread(target=work).start()
        """, None),
    # a base method reached through super() runs on the subclass's object: what a sibling
    # subclass stores in the same field is not on it (websockets' client and server protocols)
    "super-init-does-not-see-a-sibling-subclass-field~clean": ("""
        import threading
        def fresh():
            yield
        class Protocol:
            def __init__(self):
                self.parser = self.parse()
                next(self.parser)
            def parse(self):
                yield
        class Client(Protocol):
            def restart(self):
                self.parser = fresh()
        class Server(Protocol):
            def __init__(self):
                super().__init__()
        def handle(sock):
            Server()
        def serve(listener):
            while True:
                sock = listener.accept()
                threading.Thread(target=handle, args=(sock,)).start()
        CLIENT = Client()
        CLIENT.restart()
        """, None),
    "super-method-on-an-object-every-thread-gets": ("""
        import threading
        class Protocol:
            def __init__(self):
                self.parser = self.parse()
            def parse(self):
                yield
            def feed(self):
                next(self.parser)  # SSC201
        class Server(Protocol):
            def feed(self):
                super().feed()
        def handle(server, sock):
            server.feed()
        def serve(listener):
            server = Server()
            while True:
                sock = listener.accept()
                threading.Thread(target=handle, args=(server, sock)).start()
        """, "`server` (Server, NotSync: subclass of `Protocol`, Protocol holds `self.parser`"),
    # `self.conn: T` without a value says what the stores put there; where they are known, it
    # is not an object of its own (taken for the main thread's, it crossed into every thread)
    "bare-field-annotation-beside-the-thread-own-store~clean": ("""
        import sqlite3
        import threading
        class Worker:
            def __init__(self):
                self.conn: sqlite3.Connection
            def run(self):
                self.conn = sqlite3.connect("a.db")
                self.query()
            def query(self):
                self.conn.execute("SELECT 1")
        def handle():
            w = Worker()
            w.run()
        threading.Thread(target=handle).start()
        """, None),
    "bare-field-annotation-of-an-object-made-before-the-start": ("""
        import sqlite3
        import threading
        class Worker:
            def __init__(self):
                self.conn: sqlite3.Connection
            def open(self):
                self.conn = sqlite3.connect("a.db")
            def query(self):
                self.conn.execute("SELECT 1")
        w = Worker()
        w.open()
        threading.Thread(target=w.query).start()  # SSC103
        """, "`w` (Worker, NotSend: holds `self.conn`"),
    "bare-field-annotation-where-the-store-is-unknown": ("""
        import sqlite3
        import threading
        class Worker:
            def __init__(self, factory):
                self.conn: sqlite3.Connection
                self.conn = factory()
            def query(self):
                self.conn.execute("SELECT 1")
        def main(factory):
            w = Worker(factory)
            threading.Thread(target=w.query).start()  # SSC103
        """, "sqlite3 connection `conn` annotated `sqlite3.Connection` at line 5"),
    # a thread's walk reads `connection.protocol` before it gets, through super(), to the
    # constructor that stores it: what the walk bound there is read again once it is done
    # (websockets' sync server, where each connection thread makes its own protocol)
    "field-read-before-the-walk-reaches-its-constructor~clean": ("""
        import socket
        import threading
        class Protocol:
            def __init__(self):
                self.state = "CONNECTING"
                self.parser = self.parse()
            def parse(self):
                while True:
                    yield
            def fail(self):
                self.parser = self.parse()
            def receive_eof(self):
                next(self.parser)
        class Connection:
            def __init__(self, sock: socket.socket, protocol: Protocol):
                self.socket = sock
                self.protocol = protocol
            def close_socket(self):
                self.protocol.receive_eof()
        class ServerConnection(Connection):
            def __init__(self, sock, protocol: Protocol):
                super().__init__(sock, protocol)
        class Server:
            def __init__(self, sock, handler):
                self.socket, self.handler = sock, handler
            def serve_forever(self):
                while True:
                    sock, addr = self.socket.accept()
                    threading.Thread(target=self.handler, args=(sock, addr)).start()
        def serve(port):
            def sock_handler(sock, addr):
                protocol = Protocol()  # this connection's own
                connection = ServerConnection(sock, protocol)
                if connection.protocol.state != "OPEN":
                    connection.close_socket()
            return Server(socket.create_server(("", port)), sock_handler)
        """, None),
    "field-read-before-the-walk-reaches-its-constructor-shared": ("""
        import socket
        import threading
        class Protocol:
            def __init__(self):
                self.state = "CONNECTING"
                self.parser = self.parse()
            def parse(self):
                while True:
                    yield
            def fail(self):
                self.parser = self.parse()
            def receive_eof(self):
                next(self.parser)  # SSC201
        class Connection:
            def __init__(self, sock: socket.socket, protocol: Protocol):
                self.socket = sock
                self.protocol = protocol
            def close_socket(self):
                self.protocol.receive_eof()
        class ServerConnection(Connection):
            def __init__(self, sock, protocol: Protocol):
                super().__init__(sock, protocol)
        class Server:
            def __init__(self, sock, handler):
                self.socket, self.handler = sock, handler
            def serve_forever(self):
                while True:
                    sock, addr = self.socket.accept()
                    threading.Thread(target=self.handler, args=(sock, addr)).start()
        def serve(port):
            protocol = Protocol()  # one for every connection
            def sock_handler(sock, addr):
                connection = ServerConnection(sock, protocol)
                if connection.protocol.state != "OPEN":
                    connection.close_socket()
            return Server(socket.create_server(("", port)), sock_handler)
        """,
        "`protocol` (Protocol, NotSync: holds `self.parser`"),
    # a base class's constructor runs for its subclasses: a field it sets from its argument
    # holds what `Sub(...)` and `super().__init__(...)` pass (forseti's parallel crawler)
    "field-set-by-an-inherited-constructor": ("""
        import threading
        class Index:
            def __init__(self):
                self.count = 0
        class Storage:
            def __init__(self):
                self.index = Index()
            def write(self, row):
                self.index.count += 1  # SSC204
        class Config:
            def __init__(self, storage):
                self.storage = storage
        class Crawler:
            def __init__(self, config):
                self.config = config
        class ParallelCrawler(Crawler):
            pass
            def start(self):
                for _ in range(3):
                    threading.Thread(target=self.work).start()
            def work(self):
                self.config.storage.write(None)
        def main():
            ParallelCrawler(Config(Storage())).start()
        """, "`self.index.count` (read-modify-write) is rebound by `ParallelCrawler.work`"),
    "field-set-by-a-base-constructor-through-super": ("""
        import threading
        class Index:
            def __init__(self):
                self.count = 0
        class Storage:
            def __init__(self):
                self.index = Index()
            def write(self, row):
                self.index.count += 1  # SSC204
        class Config:
            def __init__(self, storage):
                self.storage = storage
        class Crawler:
            def __init__(self, config):
                self.config = config
        class ParallelCrawler(Crawler):
            def __init__(self, config):
                super().__init__(config)
            def start(self):
                for _ in range(3):
                    threading.Thread(target=self.work).start()
            def work(self):
                self.config.storage.write(None)
        def main():
            ParallelCrawler(Config(Storage())).start()
        """, "`self.index.count` (read-modify-write)"),
    "field-set-by-a-base-constructor-named-explicitly": ("""
        import threading
        class Index:
            def __init__(self):
                self.count = 0
        class Storage:
            def __init__(self):
                self.index = Index()
            def write(self, row):
                self.index.count += 1  # SSC204
        class Config:
            def __init__(self, storage):
                self.storage = storage
        class Crawler:
            def __init__(self, config):
                self.config = config
        class ParallelCrawler(Crawler):
            def __init__(self, config):
                Crawler.__init__(self, config)
            def start(self):
                for _ in range(3):
                    threading.Thread(target=self.work).start()
            def work(self):
                self.config.storage.write(None)
        def main():
            ParallelCrawler(Config(Storage())).start()
        """, "`self.index.count` (read-modify-write)"),
    "field-set-by-a-base-constructor-under-a-lock~clean": ("""
        import threading
        LOCK = threading.Lock()
        class Index:
            def __init__(self):
                self.count = 0
        class Storage:
            def __init__(self):
                self.index = Index()
            def write(self, row):
                with LOCK:
                    self.index.count += 1
        class Config:
            def __init__(self, storage):
                self.storage = storage
        class Crawler:
            def __init__(self, config):
                self.config = config
        class ParallelCrawler(Crawler):
            def __init__(self, config):
                super().__init__(config)
            def start(self):
                for _ in range(3):
                    threading.Thread(target=self.work).start()
            def work(self):
                self.config.storage.write(None)
        def main():
            ParallelCrawler(Config(Storage())).start()
        """, None),
    # a base's constructor stores what each subclass hands it: the fields of one subclass's
    # objects hold what the calls building those objects pass, not what a sibling passes
    "sibling-subclass-hands-its-base-a-connection": (_SIBLINGS + """
        def main():
            db = DbHolder("a.db")
            db.use()
            names = NameHolder("x")
            threading.Thread(target=db.use).start()  # SSC103
        """, "`db` (DbHolder, NotSend: subclass of `Holder`, Holder holds `self.resource`, sqlite3 connection"),
    "sibling-subclass-hands-its-base-a-name~clean": (_SIBLINGS + """
        def main():
            db = DbHolder("a.db")
            db.use()
            names = NameHolder("x")
            threading.Thread(target=names.use).start()
        """, None),
    "sibling-subclass-given-a-connection-by-its-caller": (_SIBLINGS + """
        def main():
            names = NameHolder(sqlite3.connect("a.db"))
            threading.Thread(target=names.use).start()  # SSC103
        """, "`names` (NameHolder, NotSend: subclass of `Holder`, Holder holds `self.resource`"),
    # through a middle class that passes its own parameter on, named explicitly in one subclass
    "sibling-subclass-through-a-middle-class~clean": (_HOLDER + """
        class Middle(Holder):
            def __init__(self, resource, label):
                super().__init__(resource)
                self.label = label
        class DbHolder(Middle):
            def __init__(self, path):
                super().__init__(sqlite3.connect(path), "db")
        class NameHolder(Middle):
            def __init__(self, name):
                Middle.__init__(self, name, "names")
        def main():
            db = DbHolder("a.db")
            db.use()
            threading.Thread(target=NameHolder("x").use).start()
        """, None),
    # inherited constructors: `Sub(...)` builds a `Sub`, whatever its sibling is given
    "sibling-subclass-inheriting-the-constructor~clean": (_HOLDER + """
        class DbHolder(Holder):
            pass
        class NameHolder(Holder):
            pass
        def main():
            db = DbHolder(sqlite3.connect("a.db"))
            db.use()
            threading.Thread(target=NameHolder("x").use).start()
        """, None),
    # NotSync: the shared iterator is one subclass's, the other's field is a thread-safe queue
    "sibling-subclass-shares-an-iterator": (_FEEDS + """
        def main():
            shared, own = Shared(), Own()
            for _ in range(2):
                threading.Thread(target=shared.pull).start()  # SSC201
            own.size()
        """, "`shared` (Shared, NotSync: subclass of `Source`, Source holds `self.feed`, iterator"),
    "sibling-subclass-shares-a-queue~clean": (_FEEDS + """
        def main():
            shared, own = Shared(), Own()
            for _ in range(2):
                threading.Thread(target=own.size).start()
            shared.pull()
        """, None),
    # a chain of methods whose values are worked out before the walk enters them
    # (`self.get_cursor().execute(...)` reads `get_cursor`'s result first): the object the
    # thread reaches them with is still the one it was handed (weecology/retriever's engine)
    "thread-field-reached-through-a-chain-of-methods": (_ENGINE.replace(".cursor()", ".cursor()  # SSC106") + """
        def main():
            engine = Engine()
            engine.open()
            DownloadThread(engine).start()
        """, "`self.engine` (Engine, NotSend: holds `self._connection`, sqlite3 connection created at line 6"
             " with check_same_thread=True) is set in `DownloadThread.__init__` on the creating thread"),
    "thread-field-reached-through-a-chain-of-methods-made-on-the-thread~clean": (_ENGINE.replace(
        "self.engine.execute(", "self.engine = Engine()\n            self.engine.open()\n            self.engine.execute(")
        + """
        def main():
            DownloadThread(None).start()
        """, None),
    # `from tkinter import *` (Ginsakura/MUSYNXSave and many Tk apps): the names the
    # knowledge describes are the library's, as if imported by name
    "names-from-star-imports-of-libraries": ("""
        from threading import *
        from sqlite3 import *
        from tkinter import *
        conn = connect("a.db")
        class App(Frame):
            def __init__(self, master):
                super().__init__(master)
                self.status = Label(self)
            def work(self):
                self.status.config(text="done")
        def run():
            conn.execute("select 1")  # SSC104
        def main():
            app = App(Tk())
            Thread(target=app.work).start()  # SSC103
            Thread(target=run).start()
        """, "`conn` (sqlite3 connection, NotSend: created at line 4 with check_same_thread=True) is a module"
             " global read by `run`"),
    "names-from-star-imports-of-libraries-worker-queues~clean": ("""
        from threading import *
        from queue import *
        from tkinter import *
        class App(Frame):
            def __init__(self, master):
                super().__init__(master)
                self.status = Label(self)
                self.updates = Queue()
            def work(self):
                self.updates.put("done")
            def poll(self):
                self.status.config(text=self.updates.get_nowait())
        def main():
            app = App(Tk())
            Thread(target=app.work).start()
            app.poll()
        """, None),
    # a base that stores what its own method returns, the method defined by each subclass
    # (weecology/retriever's engines): each subclass's objects hold what its method makes
    "base-stores-what-a-subclass-method-returns": (_ENGINES.replace(".execute(statement)", ".execute(statement)  # SSC102")
                                                    + """
        def main():
            engine = SqliteEngine()
            engine.open()
            Thread(target=work, args=(engine,)).start()
        """, "`engine` (SqliteEngine, NotSend: subclass of `Engine`, Engine holds `self._connection`"),
    "base-stores-what-a-sibling-subclass-method-returns~clean": (_ENGINES + """
        def main():
            engine = CsvEngine()
            engine.open()
            Thread(target=work, args=(engine,)).start()
        """, None),
    # `Cls(...)` runs `__new__` before `__init__` (python-ndb's context ids)
    "generator-advanced-in-new": ("""
        import threading
        def _ids():
            n = 0
            while True:
                n += 1
                yield n
        _context_ids = _ids()
        class Context:
            def __new__(cls, client, id=None):
                if id is None:
                    id = next(_context_ids)  # SSC203
                self = super().__new__(cls)
                self.id, self.client = id, client
                return self
        def make_some(client):
            for _ in range(100):
                Context(client)
        def serve(client):
            for _ in range(2):
                threading.Thread(target=make_some, args=(client,)).start()
        """, "`_context_ids` (generator, NotSync"),
    "generator-advanced-in-new-under-a-lock~clean": ("""
        import threading
        def _ids():
            n = 0
            while True:
                n += 1
                yield n
        _context_ids = _ids()
        _ids_lock = threading.Lock()
        class Context:
            def __new__(cls, client, id=None):
                if id is None:
                    with _ids_lock:
                        id = next(_context_ids)
                self = super().__new__(cls)
                self.id, self.client = id, client
                return self
        def make_some(client):
            for _ in range(100):
                Context(client)
        def serve(client):
            for _ in range(2):
                threading.Thread(target=make_some, args=(client,)).start()
        """, None),
    # watchdog's observer is a thread that calls the handlers scheduled on it (wahoo-results'
    # 3105c59 and 4e0aadf: a handler that reached Tk objects)
    "watchdog-handler-touches-tk-on-the-observer-thread": ("""
        import tkinter as tk
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        class Watcher(FileSystemEventHandler):
            def __init__(self, label):
                self.label = label
            def on_modified(self, event):
                self.label.config(text=event.src_path)
        def main():
            root = tk.Tk()
            label = tk.Label(root)
            observer = Observer()
            observer.schedule(Watcher(label), ".", recursive=True)  # SSC103
            observer.start()
            root.mainloop()
        """, "`Watcher(label)` (Watcher, NotSend: holds `self.label`, tkinter object created at line 11) crosses"
             " to another thread as the object whose `on_modified()` runs there passed to Observer.schedule"),
    "watchdog-handler-hands-changes-to-the-tk-thread~clean": ("""
        import queue
        import tkinter as tk
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        class Watcher(FileSystemEventHandler):
            def __init__(self, changes):
                self.changes = changes
            def on_modified(self, event):
                self.changes.put(event.src_path)
        def main():
            root = tk.Tk()
            label = tk.Label(root)
            changes = queue.Queue()
            def poll():
                while not changes.empty():
                    label.config(text=changes.get())
                root.after(100, poll)
            observer = Observer()
            observer.schedule(Watcher(changes), ".", recursive=True)
            observer.start()
            poll()
            root.mainloop()
        """, None),
    # one observer calls every handler scheduled on it from its one thread (watchmedo's loop
    # over the paths schedules one handler several times)
    "watchdog-handler-scheduled-in-a-loop-on-one-observer~clean": ("""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        class Counter(FileSystemEventHandler):
            def __init__(self):
                self.seen = 0
            def on_any_event(self, event):
                self.seen += 1
        def watch(paths):
            observer = Observer()
            counter = Counter()
            for path in paths:
                observer.schedule(counter, path, recursive=True)
            observer.start()
            return counter
        """, None),
    "callbacks-queued-for-workers-reach-an-unlocked-counter": (
        {"storage": _STORAGE.replace(_COUNTED, _COUNTED.rstrip() + "  # SSC204\n"), "crawler": _CRAWLER},
        "`self.inventory_index.counter` (read-modify-write) is rebound by `ParallelCrawler._process_queue`"),
    "callbacks-queued-for-workers-reach-a-locked-counter~clean": (
        {"storage": _STORAGE.replace(_COUNTED, "with self._lock:\n" + " " * 16 + _COUNTED), "crawler": _CRAWLER},
        None),
    "bare-field-annotation-beside-a-store-that-is-not-known": ("""
        import sqlite3
        import threading
        class Db:
            def __init__(self, path, opener=None):
                self.conn: sqlite3.Connection
                if opener is None:
                    self.conn = sqlite3.connect(path, check_same_thread=False)
                else:
                    self.conn = opener(path)
            def query(self):
                return self.conn.execute("SELECT 1")
        def main(opener):
            db = Db("a.db", opener)
            threading.Thread(target=db.query).start()  # SSC103
        """, "sqlite3 connection `conn` annotated `sqlite3.Connection` at line 5"),
    "bare-field-annotation-and-a-none-placeholder-beside-the-thread-own-store~clean": ("""
        import sqlite3
        import threading
        class Worker:
            def __init__(self):
                self.conn: sqlite3.Connection
                self.conn = None
            def run(self):
                self.conn = sqlite3.connect("a.db")
                self.query()
            def query(self):
                self.conn.execute("SELECT 1")
        def handle():
            Worker().run()
        threading.Thread(target=handle).start()
        """, None),
    "watchdog-handler-shared-by-an-observer-per-path": ("""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        class Counter(FileSystemEventHandler):
            def __init__(self):
                self.seen = 0
            def on_any_event(self, event):
                self.seen += 1  # SSC204
        def watch(paths):
            counter = Counter()
            for path in paths:
                observer = Observer()
                observer.schedule(counter, path, recursive=True)
                observer.start()
            return counter
        """, "`self.seen` (read-modify-write) is rebound by `Counter.on_any_event` which runs on several threads"),
    "super-method-of-a-shared-object": ("""
        import threading
        class Base:
            def bump(self):
                self.count += 1  # SSC204
        class Counter(Base):
            def bump(self):
                super().bump()
        counter = Counter()
        def handle(sock):
            counter.bump()
        def serve(listener):
            while True:
                sock = listener.accept()
                threading.Thread(target=handle, args=(sock,)).start()
        """, "`self.count` (read-modify-write) is rebound by `handle` which runs on several threads"),
    "super-with-another-object": ("""
        import threading
        class Base:
            def inc(self):
                self.n += 1  # SSC204
        class Sub(Base):
            def bump_other(self, other):
                super(Sub, other).inc()
        shared = Sub()
        def work():
            mine = Sub()
            mine.bump_other(shared)
        def main():
            for _ in range(4):
                threading.Thread(target=work).start()
        """, "`self.n` (read-modify-write) is rebound by `work`"),
    # a method of an object marked where it is declared: any method is a use of it
    "annotated-session-method-as-a-thread-target": ("""
        import threading
        import requests
        from sendsync import NotSend
        def main(urls):
            session: NotSend[requests.Session] = requests.Session()
            for u in urls:
                threading.Thread(target=session.get, args=(u,)).start()  # SSC103
        """, "crosses to another thread as `self` of the bound method `session.get`"),
    # sqlite3's documented way to stop a long query: interrupt() from another thread
    "sqlite-interrupt-from-a-timer~clean": ("""
        import sqlite3
        import threading
        def count(path):
            conn = sqlite3.connect(path)
            timer = threading.Timer(5.0, conn.interrupt)
            timer.start()
            try:
                return conn.execute("SELECT count(*) FROM big").fetchone()
            finally:
                timer.cancel()
        """, None),
    "sqlite-commit-from-a-timer": ("""
        import sqlite3
        import threading
        def count(path):
            conn = sqlite3.connect(path)
            threading.Timer(5.0, conn.commit).start()  # SSC103
        """, "crosses to another thread as `self` of the bound method `conn.commit`"),
    # watchdog checked as a project: its own observer is a class the knowledge describes, and
    # its method that starts a thread is where the spawning side's walk begins (it is not walked)
    "library-class-method-spawns~clean": ({"watchdog.observers.fsevents": """
        import sqlite3
        import threading
        class FSEventsObserver:
            def open(self):
                self.conn = sqlite3.connect("x.db")
            def schedule(self, handler):
                threading.Thread(target=self.open).start()
                return handler
        """}, None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_real_shape(name):
    snippet, fragment = CASES[name]
    assert_marked(snippet, *([fragment] if fragment else []))


def test_findings_do_not_depend_on_hash_seed(tmp_path):
    """Two runs under different hash seeds report the same bytes."""
    import os
    import subprocess
    import sys
    import textwrap
    for name, (snippet, _) in CASES.items():
        if "~clean" in name:
            continue
        if isinstance(snippet, dict):  # several modules: a directory of their own
            folder = tmp_path / name.replace('-', '_')
            folder.mkdir()
            for module, code in snippet.items():
                (folder / f"{module}.py").write_text(textwrap.dedent(code))
        else:
            (tmp_path / f"{name.replace('-', '_')}.py").write_text(textwrap.dedent(snippet))
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-m", "sendsync", "check", "--no-cache", "--isolated",
                              str(tmp_path)], capture_output=True, env=env, cwd=tmp_path)
        assert run.returncode == 1, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_name_that_is_module_and_attribute():
    """``unittest.main`` is a submodule and, after ``from .main import main``, the package's
    attribute bound to a class: resolving it terminates and finds the class's objects."""
    import time
    from sendsync.engine import Source, check_project
    files = [
        ("app/__init__.py", "app", True, "from .main import main\n"),
        ("app/main.py", "app.main", False,
         "import sqlite3\n"
         "class Program:\n"
         "    def __init__(self):\n"
         "        self.conn = sqlite3.connect('app.db')\n"
         "main = Program\n"),
        ("run.py", "run", False,
         "import threading\n"
         "import app\n"
         "def work(p):\n"
         "    p.conn.execute('SELECT 1')\n"
         "def start():\n"
         "    threading.Thread(target=work, args=(app.main(),)).start()\n"),
    ]
    started = time.monotonic()
    found = check_project([Source(p, m, pkg, code.encode()) for p, m, pkg, code in files])
    assert time.monotonic() - started < 30
    assert [(d.path, d.line, d.code) for d in found] == [("run.py", 6, "SSC102")]


def test_imports_in_a_circle_are_no_internal_error():
    """``a`` imports ``x`` from ``b`` and ``b`` from ``a`` (a circle CPython only meets when the
    name is never bound): the name is unknown, the rest of the project is still checked."""
    snippet = {
        "a": "from b import x\n",
        "b": "from a import x\n",
        "main": """
            import sqlite3
            import threading
            from a import x
            def work(conn):
                x(conn)
                conn.execute("SELECT 1")
            threading.Thread(target=work, args=(sqlite3.connect("app.db"),)).start()  # SSC102
            """,
    }
    assert_marked(snippet)
