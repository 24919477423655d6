"""SSC1xx: a NotSend value crosses a thread boundary. One rule per route it takes."""
from __future__ import annotations

from dataclasses import dataclass

from .base import BaseFinding, Invalid, Rule, Valid
from .wording import Handed, Target, Via


@dataclass(frozen=True)
class Back:
    """Where a value from another thread comes back (0: not one place)."""

    line: int = 0

    def __str__(self) -> str:
        return f" (it comes back at line {self.line})" if self.line else ""


class NotSendCaptured(Rule):
    """A NotSend value is captured by a lambda or nested function that runs on another thread.

    ## What it does
    Flags a free variable of a lambda or nested `def` handed to a thread boundary
    (`threading.Thread`, `Timer`, an executor, `asyncio.to_thread`, ...) when the variable holds a
    value that must stay on the thread that created it: a default `sqlite3` connection, a tkinter,
    Qt, wxPython, GTK or Kivy widget, a pika connection, an instance of a class marked `NotSend`
    or holding such a field. Captures at any depth, and captures of sibling functions the target
    calls, count.

    ## Why is this bad?
    The closure runs on the new thread and uses the value there. A `sqlite3` connection raises
    `ProgrammingError` ("SQLite objects created in a thread can only be used in that same thread");
    other thread-bound objects corrupt state or crash without a word.

    ## Example
    ```python
    conn = sqlite3.connect("app.db")
    threading.Timer(1.0, lambda: conn.execute("DELETE FROM jobs")).start()
    ```

    ## Fix
    Create the value on the thread that uses it (open the connection inside the target), or hand
    over something that may cross: a path, plain data, a `queue.Queue` to the owning thread.
    """

    code = "SSC101"
    name = "notsend-captured"
    MESSAGE = "`{name}` ({desc}) is captured by {target} passed to {boundary}{via}"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        target: Target
        boundary: str
        via: Via = Via()
    HELP = "create the value inside the target, or pass plain data and let the target build its own"
    VALID = [
        Valid(
            "import sqlite3, threading\n"
            "def main(path):\n"
            "    def work():\n"
            "        conn = sqlite3.connect(path)\n"
            "        conn.execute('SELECT 1')\n"
            "    threading.Thread(target=work).start()\n"
        ),
        # Qt: the pool thread emits a signal; the slot connected to it runs on the GUI thread
        Valid(
            "from PyQt5.QtCore import QThreadPool\n"
            "from PyQt5.QtWidgets import QLabel\n"
            "def show_total(label: QLabel, numbers, total_ready):\n"
            "    label.setText('adding up...')\n"
            "    QThreadPool.globalInstance().start(lambda: total_ready.emit(str(sum(numbers))))\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import sqlite3, threading\n"
            "def main():\n"
            "    conn = sqlite3.connect(':memory:')\n"
            "    t = threading.Timer(1.0, lambda: conn.execute('SELECT 1'))\n"
            "    t.start()\n",
            line=4,
            message="`conn` (sqlite3 connection, NotSend: created at line 3 with check_same_thread=True)"
            " is captured by the lambda passed to threading.Timer",
        ),
        Invalid(
            "from PyQt5.QtCore import QThreadPool\n"
            "from PyQt5.QtWidgets import QLabel\n"
            "def show_total(label: QLabel, numbers):\n"
            "    QThreadPool.globalInstance().start(lambda: label.setText(str(sum(numbers))))\n",
            line=4,
            message="`label` (Qt widget, NotSend: parameter `label` annotated `QLabel` at line 3) is"
            " captured by the lambda passed to QThreadPool.start",
        ),
    ]


class NotSendPassed(Rule):
    """A NotSend value is passed as an argument to code that runs on another thread.

    ## What it does
    Flags an argument handed along by a thread boundary: `Thread(args=..., kwargs=...)`,
    `executor.submit(fn, *args, **kwargs)`, `asyncio.to_thread(fn, ...)`,
    `loop.run_in_executor(None, fn, ...)`, `pool.apply(fn, args)`, arguments bound by
    `functools.partial`, `initargs=`, and elements of the iterables of map-style calls.

    ## Why is this bad?
    The function receives the value on the worker thread and uses it there, off the thread that
    owns it.

    ## Example
    ```python
    async def main():
        db = sqlite3.connect("events.db")
        await asyncio.to_thread(store_event, "login", db=db)
    ```

    ## Fix
    Pass what the worker needs to build its own (a path, a DSN), or do the work on the owning
    thread.
    """

    code = "SSC102"
    name = "notsend-passed"
    MESSAGE = "`{name}` ({desc}) is passed to {boundary} as {how}{target_note}{via}"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        boundary: str
        how: Handed
        target_note: str = ""  # " of `work`"
        via: Via = Via()
    HELP = "pass plain data (a path, a DSN) and create the value on the worker thread"
    VALID = [
        Valid(
            "import sqlite3, threading\n"
            "def export(path):\n"
            "    conn = sqlite3.connect(path)\n"
            "    conn.close()\n"
            "threading.Thread(target=export, args=('shop.db',)).start()\n"
        ),
        Valid(
            "import sqlite3, threading\n"
            "def write(conn): conn.execute('SELECT 1')\n"
            "conn = sqlite3.connect('x.db', check_same_thread=False)\n"
            "t = threading.Thread(target=write, args=(conn,))\n"
            "t.start()\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import asyncio, sqlite3\n"
            "def store(kind, *, db): db.execute('SELECT 1')\n"
            "async def main():\n"
            "    db = sqlite3.connect(':memory:')\n"
            "    await asyncio.to_thread(store, 'login', db=db)\n",
            line=5,
            message="`db` (sqlite3 connection, NotSend: created at line 4 with check_same_thread=True)"
            " is passed to asyncio.to_thread as keyword argument `db`",
        ),
    ]


class NotSendBoundSelf(Rule):
    """A NotSend object crosses as `self` of a bound method handed to another thread.

    ## What it does
    Flags `obj.method` passed as a thread target (`Thread(target=obj.run)`,
    `loop.run_in_executor(None, canvas.render)`, `pool.submit(obj.work)`) when `obj` is NotSend.

    ## Why is this bad?
    The method runs on the worker thread with `self` bound to the object: every attribute it
    touches is used off the owning thread.

    ## Example
    ```python
    async def export(canvas: Annotated[PdfCanvas, NotSend]) -> int:
        return await asyncio.get_running_loop().run_in_executor(None, canvas.render)
    ```

    ## Fix
    Call the method on the owning thread, or give the worker its own object.
    """

    code = "SSC103"
    name = "notsend-bound-self"
    MESSAGE = "`{name}` ({desc}) crosses to another thread as {how} passed to {boundary}{via}"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        how: Handed
        boundary: str
        via: Via = Via()
    HELP = "call the method on the owning thread, or let the worker create its own object"
    VALID = [
        Valid(
            "import threading\n"
            "class Counter:\n"
            "    def __init__(self): self.n = 0\n"
            "    def bump(self): self.n += 1\n"
            "c = Counter()\n"
            "t = threading.Thread(target=c.bump)\n"
            "t.start(); t.join()\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import threading\n"
            "from sendsync import NotSend\n"
            "class Printer(NotSend):\n"
            "    def feed(self): pass\n"
            "p = Printer()\n"
            "threading.Thread(target=p.feed).start()\n",
            line=6,
            message="`p` (Printer, NotSend: marked NotSend at line 3) crosses to another thread as"
            " `self` of the bound method `p.feed` passed to threading.Thread",
        ),
    ]


class NotSendGlobal(Rule):
    """A NotSend module global is read by code that runs on another thread.

    ## What it does
    Flags a read of a NotSend module global (or class attribute, `Config.DB`) inside a thread
    target, or inside a function the target calls (in the same module or another module of the
    project).

    ## Why is this bad?
    Module globals are created by the thread that imports the module. A target that reads one uses
    it off that thread.

    ## Example
    ```python
    DB = sqlite3.connect("app.db")

    def job():
        DB.execute("DELETE FROM sessions")

    threading.Thread(target=job).start()
    ```

    ## Fix
    Open the resource inside the target, or keep it in a `threading.local()`.
    """

    code = "SSC104"
    name = "notsend-global"
    MESSAGE = "`{name}` ({desc}) is {held} read by {target}{via}, which runs on another thread ({boundary} at {spawn_at})"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        target: Target
        via: Via
        boundary: str
        spawn_at: str  # "line 7", "pkg/run.py:7", "`Worker.start()`"
        #: what holds it: a module global, or a field of an object every thread reaches (a
        #: class attribute, a field of a global object)
        held: str = "a module global"
    HELP = "create the value inside the target, or keep one per thread in a threading.local()"
    VALID = [
        Valid(
            "import sqlite3, threading\n"
            "local = threading.local()\n"
            "def job():\n"
            "    local.db = sqlite3.connect('app.db')\n"
            "    local.db.execute('SELECT 1')\n"
            "threading.Thread(target=job).start()\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import sqlite3, threading\n"
            "DB = sqlite3.connect('app.db')\n"
            "def job():\n"
            "    DB.execute('SELECT 1')\n"
            "threading.Thread(target=job).start()\n",
            line=4,
            message="`DB` (sqlite3 connection, NotSend: created at line 2 with check_same_thread=True)"
            " is a module global read by `job`, which runs on another thread (threading.Thread at line 5)",
        ),
    ]


class NotSendDefault(Rule):
    """A NotSend value is the default of a parameter of code that runs on another thread.

    ## What it does
    Flags a default-argument value of a thread target, initializer or function handed to a
    boundary when that value is NotSend.

    ## Why is this bad?
    Defaults are evaluated once, on the thread that defines the function, and shared by every call:
    the worker thread then uses the object its creator owns.

    ## Example
    ```python
    SESSION = InferenceSession("model")  # class InferenceSession(NotSend)

    def init_worker(session=SESSION): ...

    ThreadPoolExecutor(initializer=init_worker)
    ```

    ## Fix
    Default to `None` and create the value inside the function.
    """

    code = "SSC105"
    name = "notsend-default"
    MESSAGE = "`{name}` ({desc}) is {how} of {target}, which runs on another thread ({boundary} at {spawn_at})"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        how: Handed
        target: Target
        boundary: str
        spawn_at: str
    HELP = "default to None and create the value inside the function"
    VALID = [
        Valid(
            "import sqlite3, threading\n"
            "def job(db=None):\n"
            "    db = db or sqlite3.connect('app.db')\n"
            "threading.Thread(target=job).start()\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import sqlite3, threading\n"
            "def job(db=sqlite3.connect('app.db')):\n"
            "    db.execute('SELECT 1')\n"
            "threading.Thread(target=job).start()\n",
            line=2,
            message="is the default value of parameter `db` of `job`, which runs on another thread",
        ),
    ]


class NotSendThreadField(Rule):
    """A Thread subclass uses, in `run()`, a NotSend field set on the creating thread.

    ## What it does
    Flags a read in `run()` (or a method it calls on `self`) of a field that `__init__` or another
    method running on the creating thread set to a NotSend value.

    ## Why is this bad?
    `__init__` runs on the thread that creates the `Thread` object; `run()` runs on the new thread.
    A field created in one and used in the other crosses between them.

    ## Example
    ```python
    class Shipper(threading.Thread):
        def __init__(self):
            super().__init__()
            self.db = sqlite3.connect("orders.db")

        def run(self):
            self.db.execute("UPDATE orders SET shipped = 1")
    ```

    ## Fix
    Create the value in `run()`, where it stays on the new thread; keep only plain data (the path)
    in `__init__`.
    """

    code = "SSC106"
    name = "notsend-thread-field"
    MESSAGE = "`{name}` ({desc}) is {how} on the creating thread (line {field_line}) and used by {target} on the new thread{via}"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        how: Handed
        field_line: int
        target: Target
        via: Via = Via()
    HELP = "create the value in run(); store only plain data (a path, a DSN) in __init__"
    VALID = [
        Valid(
            "import sqlite3, threading\n"
            "class Shipper(threading.Thread):\n"
            "    def __init__(self, path):\n"
            "        super().__init__()\n"
            "        self.path = path\n"
            "    def run(self):\n"
            "        self.db = sqlite3.connect(self.path)\n"
            "        self.db.execute('SELECT 1')\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import sqlite3, threading\n"
            "class Shipper(threading.Thread):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.db = sqlite3.connect('orders.db')\n"
            "    def run(self):\n"
            "        self.db.execute('SELECT 1')\n",
            line=7,
            message="`self.db` (sqlite3 connection, NotSend: created at line 5 with check_same_thread=True)"
            " is set in `Shipper.__init__` on the creating thread (line 5) and used by `Shipper.run` on the new thread",
        ),
    ]


class NotSendReturned(Rule):
    """A NotSend value created on another thread comes back and is used on this one.

    ## What it does
    Flags a use (a method call, iteration, handing it to library code) of a NotSend value that
    was created by code running on another thread and came back: the task's return value read
    through `future.result()`, `await asyncio.to_thread(...)` or `pool.map`, a global or a field
    the worker stored, an item a worker put on a queue, or the result of a cached factory
    (`functools.lru_cache`) that another thread called first. The use may be in the code that
    handed the work over, in a method it calls (`t.join(); print(t.count())`, where `count`
    reads the connection `run()` opened), or in its caller after the call that handed the work
    over; the notes show the calls that lead there.

    ## Why is this bad?
    The value belongs to the thread that created it, and that thread is not this one: a
    `sqlite3` connection opened in a pool task raises `ProgrammingError` on the caller's thread;
    a widget built on a worker corrupts the toolkit.

    ## Example
    ```python
    def open_catalog(path):
        return sqlite3.connect(path)

    with ThreadPoolExecutor() as pool:
        catalog = pool.submit(open_catalog, "catalog.db").result()
    catalog.execute("SELECT 1")
    ```

    ## Fix
    Return plain data (the rows, a path), or create the value on the thread that uses it.
    """

    code = "SSC107"
    name = "notsend-returned"
    MESSAGE = ("`{name}` ({desc}) is used on this thread but belongs to the thread of {boundary} at "
               "{spawn_at}{back}")
    HELP = "return plain data from the worker, or create the value on the thread that uses it"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        name: str
        desc: str
        boundary: str
        spawn_at: str
        back: Back = Back()

    VALID = [
        Valid(
            "import sqlite3\n"
            "from concurrent.futures import ThreadPoolExecutor\n"
            "def load(path):\n"
            "    conn = sqlite3.connect(path)\n"
            "    rows = conn.execute('SELECT 1').fetchall()\n"
            "    conn.close()\n"
            "    return rows\n"
            "with ThreadPoolExecutor() as pool:\n"
            "    rows = pool.submit(load, 'x.db').result()\n"
            "print(len(rows))\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import sqlite3\n"
            "from concurrent.futures import ThreadPoolExecutor\n"
            "def open_db(path):\n"
            "    return sqlite3.connect(path)\n"
            "with ThreadPoolExecutor() as pool:\n"
            "    conn = pool.submit(open_db, 'x.db').result()\n"
            "conn.execute('SELECT 1')\n",
            line=7,
            message="`conn` (sqlite3 connection, NotSend: created at line 4 with check_same_thread=True)"
            " is used on this thread but belongs to the thread of ThreadPoolExecutor.submit at line 6"
            " (it comes back at line 6)",
        ),
    ]


class GuiObjectCreatedOffThread(Rule):
    """A GUI object (a Qt, wxPython, GTK or Kivy widget) is created on a thread other than the
    GUI thread.

    ## What it does
    Flags the creation of a widget, or of an object of a class derived from one, by code that
    runs on a worker thread: a thread target, a `QThread` subclass's `run()`, a `QRunnable`
    handed to a `QThreadPool`, an executor task, or any function they call.

    ## Why is this bad?
    These toolkits let one thread, the one that runs the application's main loop, create and use
    their GUI objects. Qt says that QWidget and its subclasses "can only be used from the main
    thread"; a widget or pixmap made on a worker crashes the program, or warns ("QObject: Cannot
    create children for a parent that is in a different thread") and misbehaves later. Unlike a
    `sqlite3` connection, such an object is wrong on the worker even if it never leaves it.

    ## Example
    ```python
    class Loader(QThread):
        def run(self):
            preview = QPixmap(self.path)  # made on the loader's thread
            self.ready.emit(preview)
    ```

    ## Fix
    Do the work that needs no GUI object on the worker (read the file, decode a `QImage`) and hand
    the result to the GUI thread (a signal, `wx.CallAfter`, `GLib.idle_add`,
    `Clock.schedule_once`), which creates the widget.
    """

    code = "SSC108"
    name = "gui-object-created-off-thread"
    MESSAGE = ("`{what}` ({label}) is created in {where}{reached}, on another thread ({started}); "
               "GUI objects may only be created and used on the GUI thread")
    HELP = "create GUI objects on the GUI thread: hand the worker's plain result over through a bridge"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        what: str
        label: str
        where: Target
        reached: str
        started: str

    VALID = [
        Valid(
            "from PyQt5.QtCore import QThread, pyqtSignal\n"
            "from PyQt5.QtGui import QImage\n"
            "class Loader(QThread):\n"
            "    ready = pyqtSignal(object)\n"
            "    def run(self):\n"
            "        self.ready.emit(QImage('photo.png'))\n"
        ),
    ]
    INVALID = [
        Invalid(
            "from PyQt5.QtCore import QThread, pyqtSignal\n"
            "from PyQt5.QtGui import QPixmap\n"
            "class Loader(QThread):\n"
            "    ready = pyqtSignal(object)\n"
            "    def run(self):\n"
            "        self.ready.emit(QPixmap('photo.png'))\n",
            line=6,
            message="`QPixmap('photo.png')` (Qt pixmap) is created in `Loader.run`, on another thread"
            " (started by `Loader.start()`); GUI objects may only be created and used on the GUI thread",
        ),
    ]
