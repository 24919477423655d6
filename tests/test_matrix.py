"""The contract's matrix: every thread boundary x every route a value can cross by.

Each case is a small program and the exact findings it must produce: the rule code, the 1-based
line, and fragments of the message (the value's name, the boundary, the route's wording). A clean
variant sits next to every flagged one, so that the checker is held to its precision as much as to
its recall.

Layout:
  * ``MATRIX`` is generated: every boundary of the contract (each pool method, each way of passing
    arguments) x every route (lambda capture, nested-def capture, argument, ``functools.partial``,
    bound ``self``, module global, module global read through a helper, default argument) x two
    values: a default ``sqlite3`` connection (NotSend: flagged SSC1xx) and one opened with
    ``check_same_thread=False`` (Send + NotSync: a move to one thread is clean, a target that runs
    on several workers is SSC201, a module global is SSC203).
  * ``PRECISION`` is generated too: ordinary values (ints, strings, lists, dicts, threading locks
    and events, ``queue.Queue``, ``concurrent.futures.Future``) through every boundary and route:
    no findings at all.
  * The hand-written tables cover import/alias forms, deeper routes (nesting, sibling functions,
    other modules), the kinds of NotSend values, Thread subclasses, and the SSC2xx basics.

A row is ``(id, source, expected_code_or_None, expected_line, fragments)``. ``source`` is one module
or a dict ``{module: code}``; in the latter case ``expected_line`` is ``"path.py:line"``.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

import pytest

from sendsync.engine import Source, check_project

Code = Union[str, Dict[str, str]]
Row = Tuple[str, Code, Optional[str], Union[int, str, None], Tuple[str, ...]]


# --------------------------------------------------------------------------------------------
# running the engine


def src(code: str) -> str:
    """Dedent a snippet; its first non-blank line is line 1."""
    return textwrap.dedent(code).lstrip("\n")


def check(code: str, path: str = "m.py", module: str = "m"):
    return sorted(
        check_project([Source(path, module, False, code.encode())]), key=lambda d: d.sort_key()
    )


def check_modules(modules: Dict[str, str]):
    sources = [
        Source(name.replace(".", "/") + ".py", name, False, src(code).encode())
        for name, code in modules.items()
    ]
    return sorted(check_project(sources), key=lambda d: d.sort_key())


def findings(code: Code):
    if isinstance(code, dict):
        return check_modules(code)
    return check(src(code))


def listing(code: Code) -> str:
    files = code if isinstance(code, dict) else {"m": code}
    out = []
    for name, text in files.items():
        out.append(f"--- {name}.py")
        out += [f"{i:3} | {line}" for i, line in enumerate(src(text).splitlines(), 1)]
    return "\n".join(out)


def assert_row(code: Code, expected: Optional[str], line, fragments: Sequence[str]) -> None:
    found = findings(code)
    got = [(d.code, f"{d.path}:{d.line}" if isinstance(code, dict) else d.line) for d in found]
    want = [] if expected is None else [(expected, line)]
    context = "\n" + listing(code) + "\n" + "\n".join(f"  {d.code} {d.line}: {d.message}" for d in found)
    assert got == want, context
    for fragment in fragments:
        assert fragment in found[0].message, f"{fragment!r} missing{context}"


def rows(table: Sequence[Row], xfail: Optional[Dict[str, str]] = None):
    """pytest params from a table; ids in ``xfail`` are expected to fail (engine defects)."""
    xfail = xfail or {}
    out = []
    for row in table:
        marks = [pytest.mark.xfail(strict=True, reason=xfail[row[0]])] if row[0] in xfail else []
        out.append(pytest.param(*row[1:], id=row[0], marks=marks))
    assert not set(xfail) - {row[0] for row in table}, "xfail for an unknown case"
    assert len({row[0] for row in table}) == len(table), "duplicate case id"
    return out


ROW_ARGS = "code, expected, line, fragments"


# --------------------------------------------------------------------------------------------
# the generated matrix: boundaries x routes x values

HERE = "  #<here>"  # marks the line a finding is expected on; stripped before checking


@dataclass(frozen=True)
class Boundary:
    id: str
    label: str  # how messages name it
    imports: Tuple[str, ...]
    spawn: str  # the line that hands {f} over; {x} is where arguments go
    pre: Tuple[str, ...] = ()
    post: Tuple[str, ...] = ()
    # how arguments are passed: form id -> (text for {x} with {v} for the value, wording)
    forms: Tuple[Tuple[str, str, str], ...] = ()
    noarg: str = ""  # {x} when the route passes nothing
    is_async: bool = False
    per_task: bool = False  # map-style: the target takes one argument per task
    many: bool = False  # the target runs on several threads at once


POSITIONAL = "as an argument of `work`"
KEYWORD = "as keyword argument `db`"
ELEMENT = "as an element of the iterable"


def _pool_methods(prefix: str, cls: str, imports: Tuple[str, ...]) -> List[Boundary]:
    """The eight task methods and the initializer of a thread pool class (as imported)."""
    pre = (f"pool = {cls}(2)",)
    post = ("pool.close()", "pool.join()")
    apply_forms = (("args", ", ({v},)", POSITIONAL), ("kwds", ", kwds={{'db': {v}}}", KEYWORD))
    out = [
        Boundary(f"{prefix}.apply", "ThreadPool.apply", imports, "pool.apply({f}{x})", pre, post,
                 apply_forms),
        Boundary(f"{prefix}.apply_async", "ThreadPool.apply_async", imports,
                 "pool.apply_async({f}{x}).get()", pre, post, apply_forms),
    ]
    for method, wrap in (("map", "{}"), ("map_async", "{}.get()"), ("imap", "list({})"),
                         ("imap_unordered", "list({})"), ("starmap", "{}"),
                         ("starmap_async", "{}.get()")):
        star = method.startswith("starmap")
        out.append(Boundary(
            f"{prefix}.{method}", f"ThreadPool.{method}", imports,
            wrap.format(f"pool.{method}({{f}}{{x}})"), pre, post,
            (("iterable", ", [({v},)]" if star else ", [{v}]", ELEMENT),),
            noarg=", [(1,), (2,)]" if star else ", [1, 2]", per_task=True, many=True,
        ))
    out.append(Boundary(
        f"{prefix}.initializer", "ThreadPool", imports,
        f"with {cls}(2, initializer={{f}}{{x}}) as pool:", (), ("    pool.apply(print, ('warm',))",),
        (("initargs", ", initargs=({v},)", POSITIONAL),), many=True,
    ))
    return out


TPE = ("from concurrent.futures import ThreadPoolExecutor",)
BOUNDARIES: List[Boundary] = [
    Boundary("Thread", "threading.Thread", ("import threading",),
             "t = threading.Thread(target={f}{x})", (), ("t.start()", "t.join()"),
             (("args", ", args=({v},)", POSITIONAL), ("kwargs", ", kwargs={{'db': {v}}}", KEYWORD))),
    Boundary("Timer", "threading.Timer", ("import threading",),
             "t = threading.Timer(0.5, {f}{x})", (), ("t.start()", "t.join()"),
             (("args", ", args=({v},)", POSITIONAL), ("kwargs", ", kwargs={{'db': {v}}}", KEYWORD))),
    Boundary("start_new_thread", "_thread.start_new_thread", ("import _thread",),
             "_thread.start_new_thread({f}{x})", (), (),
             (("args", ", ({v},)", POSITIONAL), ("kwargs", ", (), {{'db': {v}}}", KEYWORD)),
             noarg=", ()"),
    Boundary("Executor.submit", "ThreadPoolExecutor.submit", TPE,
             "    fut = ex.submit({f}{x})", ("with ThreadPoolExecutor() as ex:",),
             ("    fut.result()",),
             (("args", ", {v}", POSITIONAL), ("kwargs", ", db={v}", KEYWORD))),
    Boundary("Executor.map", "ThreadPoolExecutor.map", TPE,
             "    list(ex.map({f}{x}))", ("with ThreadPoolExecutor(max_workers=2) as ex:",), (),
             (("iterable", ", [{v}]", ELEMENT),), noarg=", [1, 2]", per_task=True, many=True),
    Boundary("Executor.initializer", "ThreadPoolExecutor", TPE,
             "with ThreadPoolExecutor(initializer={f}{x}) as ex:", (), ("    ex.submit(print, 'warm')",),
             (("initargs", ", initargs=({v},)", POSITIONAL),), many=True),
    Boundary("to_thread", "asyncio.to_thread", ("import asyncio",),
             "await asyncio.to_thread({f}{x})", (), (),
             (("args", ", {v}", POSITIONAL), ("kwargs", ", db={v}", KEYWORD)), is_async=True),
    Boundary("run_in_executor", "loop.run_in_executor", ("import asyncio",),
             "await loop.run_in_executor(None, {f}{x})", ("loop = asyncio.get_running_loop()",), (),
             (("args", ", {v}", POSITIONAL),), is_async=True),
]
BOUNDARIES += _pool_methods("ThreadPool", "ThreadPool",
                            ("from multiprocessing.pool import ThreadPool",))
BOUNDARIES += _pool_methods("DummyPool", "DummyPool",
                            ("from multiprocessing.dummy import Pool as DummyPool",))


@dataclass(frozen=True)
class Value:
    id: str
    expr: str  # {path} is replaced by a file name
    use: str  # how the thread uses it; {v} is the name
    imports: Tuple[str, ...] = ()


NOTSEND = Value("notsend", "sqlite3.connect('books.db')", "{v}.execute('SELECT 1')", ("import sqlite3",))
UNCHECKED = Value("unchecked", "sqlite3.connect('books.db', check_same_thread=False)",
                  "{v}.execute('SELECT 1')", ("import sqlite3",))


@dataclass
class Program:
    imports: List[str] = field(default_factory=list)
    module: List[str] = field(default_factory=list)  # module-level definitions
    body: List[str] = field(default_factory=list)  # inside main(), before the spawn
    f: str = "work"
    x: str = ""
    at_spawn: bool = True  # the finding is on the spawn line (else a line marked HERE)


def _params(b: Boundary, *first: str) -> str:
    return ", ".join(list(first) + (["n"] if b.per_task else []))


# A route builds the program for a boundary and a value, and says what a NotSend value yields:
# (program, SSC1xx code, route wording, value-name fragment). `form` picks how `arg` passes it.
def route_lambda(b, v, form=None):
    params = "n" if b.per_task else ""
    lam = f"lambda {params}: {v.use.format(v='ledger')}".replace("lambda :", "lambda:")
    p = Program(body=[f"ledger = {v.expr}"], f=lam, x=b.noarg)
    return p, "SSC101", "is captured by the lambda passed to", "`ledger`"


def route_def(b, v, form=None):
    p = Program(body=[f"ledger = {v.expr}", f"def job({_params(b)}):",
                      "    " + v.use.format(v="ledger") + HERE], f="job", x=b.noarg, at_spawn=False)
    return p, "SSC101", "is captured by `job` passed to", "`ledger`"


def route_arg(b, v, form):
    _, text, wording = form
    # map-style: the element itself is the argument
    p = Program(module=["def work(db):", "    " + v.use.format(v="db")],
                body=[f"ledger = {v.expr}"], f="work", x=text.format(v="ledger"))
    return p, "SSC102", wording, "ledger"


def route_partial(b, v, form=None):
    p = Program(imports=["import functools"],
                module=[f"def work({_params(b, 'db')}):", "    " + v.use.format(v="db")],
                body=[f"ledger = {v.expr}"], f="functools.partial(work, ledger)", x=b.noarg)
    return p, "SSC102", "bound by functools.partial", "`ledger`"


def route_self(b, v, form=None):
    p = Program(module=["class Ledger:", "    def __init__(self):", f"        self.db = {v.expr}",
                        f"    def flush({_params(b, 'self')}):", "        " + v.use.format(v="self.db")],
                body=["ledger = Ledger()"], f="ledger.flush", x=b.noarg)
    return p, "SSC103", "`self` of the bound method `ledger.flush`", "`ledger`"


def route_global(b, v, form=None):
    p = Program(module=[f"LEDGER = {v.expr}", f"def work({_params(b)}):",
                        "    " + v.use.format(v="LEDGER") + HERE], x=b.noarg, at_spawn=False)
    return p, "SSC104", "is a module global read by `work`", "`LEDGER`"


def route_global_helper(b, v, form=None):
    p = Program(module=[f"LEDGER = {v.expr}", "def record():", "    " + v.use.format(v="LEDGER") + HERE,
                        f"def work({_params(b)}):", "    record()"], x=b.noarg, at_spawn=False)
    return p, "SSC104", "called by `work`", "`LEDGER`"


def route_default(b, v, form=None):
    p = Program(module=[f"def work({_params(b)}{', ' if b.per_task else ''}db={v.expr}):" + HERE,
                        "    " + v.use.format(v="db")], x=b.noarg, at_spawn=False)
    return p, "SSC105", "default value of parameter `db` of `work`", "sqlite3.connect('books.db'"


ROUTES = {
    "lambda": route_lambda, "def": route_def, "arg": route_arg, "partial": route_partial,
    "self": route_self, "global": route_global, "global-via-helper": route_global_helper,
    "default": route_default,
}


def render(b: Boundary, v: Value, p: Program) -> Tuple[str, int]:
    """The program as source text, and the line of the expected finding."""
    imports = sorted(set(v.imports) | set(b.imports) | set(p.imports))
    spawn = b.spawn.format(f=p.f, x=p.x) + ("" if not p.at_spawn else HERE)
    main = ["async def main():" if b.is_async else "def main():"]
    main += ["    " + line for line in p.body + list(b.pre) + [spawn] + list(b.post)]
    lines = imports + p.module + main
    marked = [i for i, line in enumerate(lines, 1) if line.endswith(HERE)]
    assert len(marked) == 1, lines
    return "\n".join(line[: -len(HERE)] if line.endswith(HERE) else line for line in lines) + "\n", marked[0]


def _matrix() -> List[Row]:
    out: List[Row] = []
    for b in BOUNDARIES:
        for route_id, route in ROUTES.items():
            for form in b.forms if route_id == "arg" else (None,):
                rid = route_id if form is None else f"{route_id}:{form[0]}"
                for v in (NOTSEND, UNCHECKED):
                    p, code, wording, name = route(b, v, form)
                    text, line = render(b, v, p)
                    if v is NOTSEND:
                        frags: Tuple[str, ...] = (name, "NotSend", wording)
                        if route_id not in ("default",):
                            frags += (b.label,)
                        out.append((f"{b.id}-{rid}-{v.id}", text, code, line, frags))
                        continue
                    # Send + NotSync: a module global is always reachable from two threads; other
                    # routes move it to one thread, unless the target runs on several workers.
                    if route_id.startswith("global"):
                        out.append((f"{b.id}-{rid}-{v.id}", text, "SSC203", line,
                                    (name, "NotSync", "is a module global used by `work`")))
                    elif b.many and not (form and form[0] == "iterable"):
                        # (one element of one iterable reaches one task only: not listed here)
                        out.append((f"{b.id}-{rid}-{v.id}", text, "SSC201", line,
                                    ("NotSync", "reachable from several threads at once")))
                    elif not b.many:
                        out.append((f"{b.id}-{rid}-{v.id}", text, None, None, ()))
    return out


MATRIX = _matrix()
MATRIX_XFAIL: Dict[str, str] = {}


@pytest.mark.parametrize(ROW_ARGS, rows(MATRIX, MATRIX_XFAIL))
def test_boundary_route_matrix(code, expected, line, fragments):
    assert_row(code, expected, line, fragments)


def test_matrix_covers_every_boundary_and_route():
    ids = {row[0] for row in MATRIX}
    for b in BOUNDARIES:
        for route_id in ROUTES:
            assert any(i.startswith(f"{b.id}-{route_id}") and i.endswith("-notsend") for i in ids)
    assert len(BOUNDARIES) == 8 + 2 * 9


# --------------------------------------------------------------------------------------------
# precision: ordinary values through every boundary and route produce nothing

ORDINARY = [
    Value("int", "42", "print({v} + 1)"),
    Value("str", "'books.db'", "print({v}.upper())"),
    Value("list-of-str", "['a', 'b']", "print(len({v}))"),
    Value("dict", "{'db': 'books.db'}", "print({v}['db'])"),
    Value("lock", "threading.Lock()", "{v}.acquire()", ("import threading",)),
    Value("queue", "queue.Queue()", "{v}.put(1)", ("import queue",)),
    Value("event", "threading.Event()", "{v}.set()", ("import threading",)),
    Value("future", "concurrent.futures.Future()", "{v}.set_result(1)", ("import concurrent.futures",)),
]


def _precision() -> List[Row]:
    """Every ordinary value is passed through every boundary (each way of passing arguments); each
    other route sees one value per boundary, in rotation, so that every route meets every value."""
    out: List[Row] = []
    for i, b in enumerate(BOUNDARIES):
        for r, route_id in enumerate(("lambda", "def", "arg", "partial", "self", "global", "default")):
            for form in b.forms if route_id == "arg" else (None,):
                rid = route_id if form is None else f"{route_id}:{form[0]}"
                if route_id == "arg":
                    values = ORDINARY
                else:
                    values = [ORDINARY[(i + r) % len(ORDINARY)]]
                for v in values:
                    p = ROUTES[route_id](b, v, form)[0]
                    text, _ = render(b, v, p)
                    out.append((f"{b.id}-{rid}-{v.id}", text, None, None, ()))
    return out


PRECISION = _precision()


@pytest.mark.parametrize(ROW_ARGS, rows(PRECISION))
def test_ordinary_values_never_flagged(code, expected, line, fragments):
    assert_row(code, expected, line, fragments)


# --------------------------------------------------------------------------------------------
# import and alias forms: each boundary however it is imported. The flagged twin hands over a
# default sqlite3 connection; the clean twin the same program with `check_same_thread=False`
# (Send: a move to one thread is fine) or, for map-style calls, paths the worker opens itself.

CHECKED = "sqlite3.connect('books.db')"
MOVED = "sqlite3.connect('books.db', check_same_thread=False)"


def twins(rid: str, code: Code, expected: str, line, fragments: Tuple[str, ...],
          clean: Optional[Code] = None) -> List[Row]:
    """A flagged row and its clean twin (by default: the connection made Send)."""
    if clean is None:
        if isinstance(code, dict):
            clean = {k: v.replace(CHECKED, MOVED) for k, v in code.items()}
        else:
            clean = code.replace(CHECKED, MOVED)
        assert clean != code
    return [(rid, code, expected, line, fragments), (rid + "~clean", clean, None, None, ())]


EXPORT = "as an argument of `export`"

IMPORT_FORMS: List[Row] = [
    *twins("import threading as th", """
        import sqlite3
        import threading as th
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            t = th.Thread(target=export, args=(ledger,))
            t.start()
            t.join()
        """, "SSC102", 7, ("`ledger`", "threading.Thread", EXPORT)),
    *twins("from threading import Thread as T", """
        import sqlite3
        from threading import Thread as T
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            t = T(target=export, kwargs={'db': ledger})
            t.start()
            t.join()
        """, "SSC102", 7, ("`ledger`", "threading.Thread", "keyword argument `db`")),
    *twins("from threading import Thread as T, inside the function", """
        import sqlite3
        def export(db):
            db.execute('SELECT 1')
        def main():
            from threading import Thread as T
            ledger = sqlite3.connect('books.db')
            t = T(target=export, args=(ledger,))
            t.start()
            t.join()
        """, "SSC102", 7, ("`ledger`", "threading.Thread", EXPORT)),
    *twins("from threading import Timer as Later, inside a method", """
        import sqlite3
        def export(db):
            db.execute('SELECT 1')
        class Exporter:
            def run(self):
                from threading import Timer as Later
                ledger = sqlite3.connect('books.db')
                Later(1.0, export, [ledger]).start()
        """, "SSC102", 8, ("`ledger`", "threading.Timer", EXPORT)),
    *twins("Thread positional target and args", """
        import sqlite3
        import threading
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            t = threading.Thread(None, export, 'exporter', (ledger,))
            t.start()
            t.join()
        """, "SSC102", 7, ("`ledger`", "threading.Thread", EXPORT)),
    *twins("from threading import Timer, list args", """
        import sqlite3
        from threading import Timer
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            t = Timer(1.0, export, [ledger])
            t.start()
            t.join()
        """, "SSC102", 7, ("`ledger`", "threading.Timer", EXPORT)),
    *twins("import _thread as thread", """
        import sqlite3
        import _thread as thread
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            thread.start_new_thread(export, (ledger,))
        """, "SSC102", 7, ("`ledger`", "_thread.start_new_thread", EXPORT)),
    *twins("from _thread import start_new_thread", """
        import sqlite3
        from _thread import start_new_thread
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            start_new_thread(export, (ledger,))
        """, "SSC102", 7, ("`ledger`", "_thread.start_new_thread", EXPORT)),
    *twins("from concurrent import futures", """
        import sqlite3
        from concurrent import futures
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with futures.ThreadPoolExecutor() as ex:
                ex.submit(export, ledger).result()
        """, "SSC102", 8, ("`ledger`", "ThreadPoolExecutor.submit", EXPORT)),
    *twins("import concurrent.futures, no with", """
        import sqlite3
        import concurrent.futures
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            ex = concurrent.futures.ThreadPoolExecutor(max_workers=2)
            fut = ex.submit(export, ledger)
            fut.result()
            ex.shutdown()
        """, "SSC102", 8, ("`ledger`", "ThreadPoolExecutor.submit", EXPORT)),
    *twins("from concurrent.futures import ThreadPoolExecutor as Executor", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor as Executor
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with Executor(max_workers=4) as pool:
                pool.submit(export, ledger)
        """, "SSC102", 8, ("`ledger`", "ThreadPoolExecutor.submit", EXPORT)),
    *twins("executor parameter annotated ThreadPoolExecutor", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def export(db):
            db.execute('SELECT 1')
        def schedule(ex: ThreadPoolExecutor):
            ledger = sqlite3.connect('books.db')
            return ex.submit(export, ledger)
        """, "SSC102", 7, ("`ledger`", "ThreadPoolExecutor.submit", EXPORT)),
    *twins("with ThreadPoolExecutor() as ex: map over two iterables", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def export(name, db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with ThreadPoolExecutor() as ex:
                list(ex.map(export, ['a'], [ledger]))
        """, "SSC102", 8, ("ledger", "ThreadPoolExecutor.map", "element of the iterable"),
        clean="""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def export(name, path):
            sqlite3.connect(path).execute('SELECT 1')
        def main():
            with ThreadPoolExecutor() as ex:
                list(ex.map(export, ['a', 'b'], ['a.db', 'b.db']))
        """),
    *twins("pool = ThreadPool()", """
        import sqlite3
        from multiprocessing.pool import ThreadPool
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            pool = ThreadPool()
            pool.apply_async(export, (ledger,)).get()
        """, "SSC102", 8, ("`ledger`", "ThreadPool.apply_async", EXPORT)),
    *twins("import multiprocessing.pool as mpp", """
        import sqlite3
        import multiprocessing.pool as mpp
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with mpp.ThreadPool(2) as pool:
                pool.apply(export, (ledger,))
        """, "SSC102", 8, ("`ledger`", "ThreadPool.apply", EXPORT)),
    *twins("from multiprocessing.dummy import Pool as DummyPool", """
        import sqlite3
        from multiprocessing.dummy import Pool as DummyPool
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with DummyPool(4) as pool:
                list(pool.imap_unordered(export, [ledger]))
        """, "SSC102", 8, ("ledger", "ThreadPool.imap_unordered", "element of the iterable"),
        clean="""
        import sqlite3
        from multiprocessing.dummy import Pool as DummyPool
        def export(path):
            sqlite3.connect(path).execute('SELECT 1')
        def main():
            with DummyPool(4) as pool:
                list(pool.imap_unordered(export, ['a.db', 'b.db']))
        """),
    *twins("import multiprocessing.dummy", """
        import sqlite3
        import multiprocessing.dummy
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            pool = multiprocessing.dummy.Pool(2)
            pool.apply(export, (ledger,))
        """, "SSC102", 8, ("`ledger`", "ThreadPool.apply", EXPORT)),
    *twins("from multiprocessing import dummy", """
        import sqlite3
        from multiprocessing import dummy
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with dummy.Pool(2) as pool:
                pool.apply(export, (ledger,))
        """, "SSC102", 8, ("`ledger`", "ThreadPool.apply", EXPORT)),
    *twins("from asyncio import to_thread", """
        import sqlite3
        from asyncio import to_thread
        def export(db):
            db.execute('SELECT 1')
        async def main():
            ledger = sqlite3.connect('books.db')
            await to_thread(export, ledger)
        """, "SSC102", 7, ("`ledger`", "asyncio.to_thread", EXPORT)),
    *twins("import asyncio as aio", """
        import sqlite3
        import asyncio as aio
        def export(db):
            db.execute('SELECT 1')
        async def main():
            ledger = sqlite3.connect('books.db')
            await aio.to_thread(export, ledger)
        """, "SSC102", 7, ("`ledger`", "asyncio.to_thread", EXPORT)),
    *twins("get_event_loop().run_in_executor chained", """
        import asyncio
        import sqlite3
        def export(db):
            db.execute('SELECT 1')
        async def main():
            ledger = sqlite3.connect('books.db')
            await asyncio.get_event_loop().run_in_executor(None, export, ledger)
        """, "SSC102", 7, ("`ledger`", "loop.run_in_executor", EXPORT)),
    *twins("run_in_executor with an explicit executor", """
        import asyncio
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def export(db):
            db.execute('SELECT 1')
        async def main():
            ledger = sqlite3.connect('books.db')
            loop = asyncio.get_running_loop()
            with ThreadPoolExecutor() as ex:
                await loop.run_in_executor(ex, export, ledger)
        """, "SSC102", 10, ("`ledger`", "loop.run_in_executor", EXPORT)),
    *twins("new_event_loop().run_in_executor", """
        import asyncio
        import sqlite3
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            loop = asyncio.new_event_loop()
            fut = loop.run_in_executor(None, export, ledger)
            loop.run_until_complete(fut)
        """, "SSC102", 8, ("`ledger`", "loop.run_in_executor", EXPORT)),
]


IMPORT_XFAIL: Dict[str, str] = {}


@pytest.mark.parametrize(ROW_ARGS, rows(IMPORT_FORMS, IMPORT_XFAIL))
def test_import_and_alias_forms(code, expected, line, fragments):
    assert_row(code, expected, line, fragments)


# --------------------------------------------------------------------------------------------
# routes in more depth: nesting, sibling functions, other modules, partial, self, defaults

ROUTE_VARIANTS: List[Row] = [
    # captures at depth 2 and more
    *twins("capture by a def nested in the target", """
        import sqlite3
        import threading
        def main():
            ledger = sqlite3.connect('books.db')
            def job():
                def inner():
                    ledger.execute('SELECT 1')
                inner()
            threading.Thread(target=job).start()
        """, "SSC101", 7, ("`ledger`", "threading.Thread", "is captured by")),
    *twins("capture by a lambda inside the target", """
        import sqlite3
        import threading
        def main():
            ledger = sqlite3.connect('books.db')
            def job():
                run = lambda: ledger.execute('SELECT 1')
                run()
            threading.Thread(target=job).start()
        """, "SSC101", 6, ("`ledger`", "threading.Thread", "is captured by",
                           "(read in the lambda, called by `job`)")),
    *twins("target defined two scopes below the value", """
        import sqlite3
        import threading
        def main():
            ledger = sqlite3.connect('books.db')
            def schedule():
                def job():
                    ledger.execute('SELECT 1')
                threading.Thread(target=job).start()
            schedule()
        """, "SSC101", 7, ("`ledger`", "threading.Thread", "is captured by `job`")),
    # sibling nested functions the target calls
    ("sibling def called by the target", """
        import sqlite3
        import threading
        def main():
            ledger = sqlite3.connect('books.db')
            def record():
                ledger.execute('SELECT 1')
            def job():
                record()
            threading.Thread(target=job).start()
        """, "SSC101", 6, ("`ledger`", "threading.Thread", "`job`")),
    ("sibling def not called by the target~clean", """
        import sqlite3
        import threading
        def main():
            ledger = sqlite3.connect('books.db')
            def record():
                ledger.execute('SELECT 1')
            def job():
                print('tick')
            threading.Thread(target=job).start()
            record()
        """, None, None, ()),
    ("sibling chain of two calls from a lambda", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def main():
            ledger = sqlite3.connect('books.db')
            def record():
                ledger.execute('SELECT 1')
            def step():
                record()
            with ThreadPoolExecutor() as ex:
                ex.submit(lambda: step())
        """, "SSC101", 6, ("`ledger`", "ThreadPoolExecutor.submit")),
    ("sibling def opening its own connection~clean", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def main(path):
            def record():
                sqlite3.connect(path).execute('SELECT 1')
            def step():
                record()
            with ThreadPoolExecutor() as ex:
                ex.submit(lambda: step())
        """, None, None, ()),
    # a function handed to the target as a value (not written where the target could name it):
    # the message names that function, and the target that calls it
    *twins("lambda handed to the target as an argument", """
        import sqlite3
        import threading
        def run(callback):
            callback()
        def main():
            ledger = sqlite3.connect('books.db')
            threading.Thread(target=run, args=(lambda: ledger.execute('SELECT 1'),)).start()
        """, "SSC101", 7, ("`ledger`", "is captured by the lambda called by `run` passed to threading.Thread")),
    *twins("nested def handed on through a method, then to the target", """
        import sqlite3
        import threading
        def run(callback):
            callback()
        class Runner:
            def start(self, func):
                threading.Thread(target=run, args=(func,)).start()
        def main():
            ledger = sqlite3.connect('books.db')
            def record():
                ledger.execute('SELECT 1')
            Runner().start(record)
        """, "SSC101", 11, ("`ledger`", "is captured by `record` called by `run` passed to threading.Thread")),
    # module globals read through functions of another module
    *twins("global of another module read by a function the target calls", {
        "store": """
            import sqlite3
            LEDGER = sqlite3.connect('books.db')
            def record():
                LEDGER.execute('SELECT 1')
            """,
        "main": """
            import threading
            from store import record
            def job():
                record()
            threading.Thread(target=job).start()
            """,
    }, "SSC104", "store.py:4", ("`LEDGER`", "threading.Thread", "`job`"), clean={
        "store": """
            import sqlite3
            PATH = 'books.db'
            def record():
                sqlite3.connect(PATH).execute('SELECT 1')
            """,
        "main": """
            import threading
            from store import record
            def job():
                record()
            threading.Thread(target=job).start()
            """,
    }),
    *twins("another module's function as the target", {
        "store": """
            import sqlite3
            LEDGER = sqlite3.connect('books.db')
            def record():
                LEDGER.execute('SELECT 1')
            """,
        "main": """
            import store
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor() as ex:
                ex.submit(store.record)
            """,
    }, "SSC104", "store.py:4", ("`LEDGER`", "ThreadPoolExecutor.submit"), clean={
        "store": """
            import sqlite3
            import threading
            LOCAL = threading.local()
            def record():
                LOCAL.db = sqlite3.connect('books.db')
                LOCAL.db.execute('SELECT 1')
            """,
        "main": """
            import store
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor() as ex:
                ex.submit(store.record)
            """,
    }),
    ("target calls module.function() of another module", {
        "store": """
            import sqlite3
            LEDGER = sqlite3.connect('books.db')
            def record():
                LEDGER.execute('SELECT 1')
            """,
        "main": """
            import threading
            import store
            def job():
                store.record()
            threading.Thread(target=job).start()
            """,
    }, "SSC104", "store.py:4", ("`LEDGER`", "threading.Thread", "`job`")),
    ("target calls module.function() of another module, no NotSend~clean", {
        "store": """
            import sqlite3
            PATH = 'books.db'
            def record():
                sqlite3.connect(PATH).execute('SELECT 1')
            """,
        "main": """
            import threading
            import store
            def job():
                store.record()
            threading.Thread(target=job).start()
            """,
    }, None, None, ()),
    ("another module's global read as module.attribute", {
        "store": """
            import sqlite3
            LEDGER = sqlite3.connect('books.db')
            """,
        "main": """
            import threading
            import store
            def job():
                store.LEDGER.execute('SELECT 1')
            threading.Thread(target=job).start()
            """,
    }, "SSC104", "main.py:4", ("LEDGER", "threading.Thread", "`job`")),
    ("global imported by name from another module", {
        "store": """
            import sqlite3
            LEDGER = sqlite3.connect('books.db')
            """,
        "main": """
            import threading
            from store import LEDGER
            def job():
                LEDGER.execute('SELECT 1')
            threading.Thread(target=job).start()
            """,
    }, "SSC104", "main.py:4", ("`LEDGER`", "threading.Thread", "`job`")),
    ("global kept per thread in a threading.local~clean", {
        "store": """
            import sqlite3
            import threading
            LOCAL = threading.local()
            def record():
                LOCAL.db = sqlite3.connect('books.db')
                LOCAL.db.execute('SELECT 1')
            """,
        "main": """
            import threading
            from store import record
            threading.Thread(target=record).start()
            """,
    }, None, None, ()),
    ("global only read by the spawning thread~clean", """
        import sqlite3
        import threading
        LEDGER = sqlite3.connect('books.db')
        def job():
            print('tick')
        threading.Thread(target=job).start()
        LEDGER.execute('SELECT 1')
        """, None, None, ()),
    # functools.partial
    *twins("partial with a keyword, imported as bind", """
        import sqlite3
        import threading
        from functools import partial as bind
        def export(*, db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            threading.Thread(target=bind(export, db=ledger)).start()
        """, "SSC102", 8, ("`ledger`", "threading.Thread", "functools.partial")),
    ("partial binding a path~clean", """
        import sqlite3
        import threading
        from functools import partial
        def export(path):
            sqlite3.connect(path).execute('SELECT 1')
        threading.Thread(target=partial(export, 'books.db')).start()
        """, None, None, ()),
    *twins("partial submitted to an executor", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        from functools import partial
        def export(db, name):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with ThreadPoolExecutor() as ex:
                ex.submit(partial(export, ledger), 'orders')
        """, "SSC102", 9, ("`ledger`", "ThreadPoolExecutor.submit", "functools.partial")),
    # bound methods
    *twins("self of a method submitted by the object itself", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        class Exporter:
            def __init__(self):
                self.db = sqlite3.connect('books.db')
            def flush(self):
                self.db.execute('SELECT 1')
            def start(self, ex: ThreadPoolExecutor):
                return ex.submit(self.flush)
        """, "SSC103", 9, ("`self`", "ThreadPoolExecutor.submit", "`self` of the bound method")),
    *twins("a connection's own bound method as the target", """
        import sqlite3
        import threading
        def main():
            ledger = sqlite3.connect('books.db')
            t = threading.Thread(target=ledger.commit)
            t.start()
            t.join()
        """, "SSC103", 5, ("`ledger`", "threading.Thread", "bound method `ledger.commit`")),
    ("bound method of a NotSend-annotated parameter", """
        import asyncio
        from typing import Annotated
        from sendsync import NotSend
        class PdfCanvas:
            def render(self) -> bytes:
                return b''
        async def export(canvas: Annotated[PdfCanvas, NotSend]) -> bytes:
            return await asyncio.get_running_loop().run_in_executor(None, canvas.render)
        """, "SSC103", 8, ("`canvas`", "loop.run_in_executor", "bound method `canvas.render`")),
    ("bound method of a plain object~clean", """
        import asyncio
        class PdfCanvas:
            def render(self) -> bytes:
                return b''
        async def export(canvas: PdfCanvas) -> bytes:
            return await asyncio.get_running_loop().run_in_executor(None, canvas.render)
        """, None, None, ()),
    *twins("initializer and initargs passed positionally to ThreadPool", """
        import sqlite3
        from multiprocessing.pool import ThreadPool
        def warm_up(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with ThreadPool(2, warm_up, (ledger,)) as pool:
                pool.map(print, ['a', 'b'])
        """, "SSC102", 7, ("`ledger`", "ThreadPool", "as an argument of `warm_up`"),
        clean="""
        import sqlite3
        from multiprocessing.pool import ThreadPool
        def warm_up(path):
            sqlite3.connect(path).execute('SELECT 1')
        with ThreadPool(2, warm_up, ('books.db',)) as pool:
            pool.map(print, ['a', 'b'])
        """),
    ("initializer and initargs passed positionally to ThreadPoolExecutor", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        def warm_up(db):
            db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            with ThreadPoolExecutor(2, 'db', warm_up, (ledger,)) as ex:
                ex.submit(print, 'ready')
        """, "SSC102", 7, ("`ledger`", "ThreadPoolExecutor", "as an argument of `warm_up`")),
    # default-argument values
    ("default naming a NotSend module global", """
        import sqlite3
        import threading
        LEDGER = sqlite3.connect('books.db')
        def job(db=LEDGER):
            db.execute('SELECT 1')
        threading.Thread(target=job).start()
        """, "SSC105", 4, ("`LEDGER`", "threading.Thread", "default value of parameter `db` of `job`")),
    ("default None, connection opened inside~clean", """
        import sqlite3
        import threading
        def job(db=None):
            db = db or sqlite3.connect('books.db')
            db.execute('SELECT 1')
        threading.Thread(target=job).start()
        """, None, None, ()),
    *twins("default of a lambda target", """
        import sqlite3
        import threading
        def main():
            ledger = sqlite3.connect('books.db')
            threading.Thread(target=lambda db=ledger: db.execute('SELECT 1')).start()
        """, "SSC105", 5, ("`ledger`", "threading.Thread", "default value of parameter `db`")),
    *twins("keyword-only default of an initializer", """
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        LEDGER = sqlite3.connect('books.db')
        def warm_up(*, db=LEDGER):
            db.execute('SELECT 1')
        with ThreadPoolExecutor(initializer=warm_up) as ex:
            ex.submit(print, 'ready')
        """, "SSC105", 4, ("`LEDGER`", "ThreadPoolExecutor", "default value of parameter `db` of `warm_up`"),
        clean="""
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor
        PATH = 'books.db'
        def warm_up(*, path=PATH):
            sqlite3.connect(path).execute('SELECT 1')
        with ThreadPoolExecutor(initializer=warm_up) as ex:
            ex.submit(print, 'ready')
        """),
]


ROUTE_XFAIL: Dict[str, str] = {}


@pytest.mark.parametrize(ROW_ARGS, rows(ROUTE_VARIANTS, ROUTE_XFAIL))
def test_route_variants(code, expected, line, fragments):
    assert_row(code, expected, line, fragments)


# --------------------------------------------------------------------------------------------
# what is NotSend: each kind of value, handed to `threading.Thread(args=...)` or `submit`

VALUE_KINDS: List[Row] = [
    *twins("sqlite3 cursor", """
        import sqlite3
        import threading
        def export(cur):
            cur.execute('SELECT 1')
        def main():
            cur = sqlite3.connect('books.db').cursor()
            threading.Thread(target=export, args=(cur,)).start()
        """, "SSC102", 7, ("`cur`", "sqlite3 cursor", "NotSend", "threading.Thread")),
    ("rows fetched from a connection are plain data~clean", """
        import sqlite3
        import threading
        def export(rows):
            print(len(rows))
        def main():
            ledger = sqlite3.connect('books.db')
            rows = ledger.execute('SELECT 1').fetchall()
            threading.Thread(target=export, args=(rows,)).start()
        """, None, None, ()),
    *twins("sqlite3.connect imported as open_db", """
        from sqlite3 import connect as open_db
        import threading
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = open_db('books.db')
            threading.Thread(target=export, args=(ledger,)).start()
        """, "SSC102", 7, ("`ledger`", "sqlite3 connection", "threading.Thread"),
        clean="""
        from sqlite3 import connect as open_db
        import threading
        def export(db):
            db.execute('SELECT 1')
        def main():
            ledger = open_db('books.db', check_same_thread=False)
            threading.Thread(target=export, args=(ledger,)).start()
        """),
    ("class marked NotSend", """
        import threading
        from sendsync import NotSend
        class Printer(NotSend):
            def feed(self) -> None: ...
        def run(p):
            p.feed()
        printer = Printer()
        threading.Thread(target=run, args=(printer,)).start()
        """, "SSC102", 8, ("`printer`", "Printer", "marked NotSend at line 3", "threading.Thread")),
    ("subclass of a class marked NotSend", """
        import threading
        from sendsync import NotSend
        class Printer(NotSend):
            def feed(self) -> None: ...
        class LabelPrinter(Printer):
            pass
        def run(p):
            p.feed()
        printer = LabelPrinter()
        threading.Thread(target=run, args=(printer,)).start()
        """, "SSC102", 10, ("`printer`", "LabelPrinter", "NotSend", "threading.Thread")),
    ("the same class unmarked~clean", """
        import threading
        class Printer:
            def feed(self) -> None: ...
        def run(p):
            p.feed()
        printer = Printer()
        threading.Thread(target=run, args=(printer,)).start()
        """, None, None, ()),
    ("tkinter.Tk()", """
        import threading
        import tkinter as tk
        def refresh(root):
            root.title('done')
        root = tk.Tk()
        threading.Thread(target=refresh, args=(root,)).start()
        root.mainloop()
        """, "SSC102", 6, ("`root`", "tkinter object", "NotSend", "threading.Thread")),
    ("a tkinter widget, Tk imported by name", """
        import threading
        from tkinter import Tk, Label
        def refresh(label):
            label.config(text='done')
        root = Tk()
        status = Label(root)
        threading.Thread(target=refresh, args=(status,)).start()
        root.mainloop()
        """, "SSC102", 7, ("`status`", "tkinter object", "threading.Thread")),
    ("tkinter: the thread only puts results on a queue~clean", """
        import queue
        import threading
        import tkinter as tk
        def fetch(results):
            results.put('done')
        root = tk.Tk()
        results = queue.Queue()
        threading.Thread(target=fetch, args=(results,)).start()
        root.mainloop()
        """, None, None, ()),
    ("variable annotated NotSend[T]", """
        import threading
        from sendsync import NotSend
        class Ledger:
            def flush(self) -> None: ...
        def run(ledger):
            ledger.flush()
        ledger: NotSend[Ledger] = Ledger()
        threading.Thread(target=run, args=(ledger,)).start()
        """, "SSC102", 8, ("`ledger`", "NotSend", "threading.Thread")),
    ("variable annotated Annotated[T, NotSend]", """
        import threading
        from typing import Annotated
        from sendsync import NotSend
        class Ledger:
            def flush(self) -> None: ...
        def run(ledger):
            ledger.flush()
        ledger: Annotated[Ledger, NotSend] = Ledger()
        threading.Thread(target=run, args=(ledger,)).start()
        """, "SSC102", 9, ("`ledger`", "NotSend", "threading.Thread")),
    ("variable annotated with the plain type~clean", """
        import threading
        class Ledger:
            def flush(self) -> None: ...
        def run(ledger):
            ledger.flush()
        ledger: Ledger = Ledger()
        threading.Thread(target=run, args=(ledger,)).start()
        """, None, None, ()),
    ("parameter annotated sqlite3.Connection", """
        import sqlite3
        import threading
        def export(db):
            db.execute('SELECT 1')
        def start(ledger: sqlite3.Connection) -> None:
            threading.Thread(target=export, args=(ledger,)).start()
        """, "SSC102", 6, ("`ledger`", "sqlite3 connection", "NotSend", "threading.Thread")),
    ("parameter annotated Send[sqlite3.Connection]~clean", """
        import sqlite3
        import threading
        from sendsync import Send
        def export(db):
            db.execute('SELECT 1')
        def start(ledger: Send[sqlite3.Connection]) -> None:
            threading.Thread(target=export, args=(ledger,)).start()
        """, None, None, ()),
    ("parameter annotated Annotated[sqlite3.Connection, Send]~clean", """
        import sqlite3
        import threading
        from typing import Annotated
        from sendsync import Send
        def export(db):
            db.execute('SELECT 1')
        def start(ledger: Annotated[sqlite3.Connection, Send]) -> None:
            threading.Thread(target=export, args=(ledger,)).start()
        """, None, None, ()),
    ("factory returning NotSend[T], other module", {
        "store": """
            from sendsync import NotSend
            class Ledger:
                def flush(self) -> None: ...
            def open_ledger() -> NotSend[Ledger]:
                return Ledger()
            """,
        "main": """
            import threading
            from store import open_ledger
            def run(ledger):
                ledger.flush()
            ledger = open_ledger()
            threading.Thread(target=run, args=(ledger,)).start()
            """,
    }, "SSC102", "main.py:6", ("`ledger`", "NotSend", "threading.Thread")),
    ("factory returning NotSend[T], called as module.attribute", {
        "store": """
            from sendsync import NotSend
            class Ledger:
                def flush(self) -> None: ...
            def open_ledger() -> NotSend[Ledger]:
                return Ledger()
            """,
        "main": """
            import store
            from concurrent.futures import ThreadPoolExecutor
            def run(ledger):
                ledger.flush()
            with ThreadPoolExecutor() as ex:
                ex.submit(run, store.open_ledger())
            """,
    }, "SSC102", "main.py:6", ("open_ledger()", "NotSend", "ThreadPoolExecutor.submit")),
    ("factory returning the plain type, other module~clean", {
        "store": """
            class Ledger:
                def flush(self) -> None: ...
            def open_ledger() -> Ledger:
                return Ledger()
            """,
        "main": """
            import threading
            from store import open_ledger
            def run(ledger):
                ledger.flush()
            ledger = open_ledger()
            threading.Thread(target=run, args=(ledger,)).start()
            """,
    }, None, None, ()),
    ("factory annotated to return sqlite3.Connection", """
        import sqlite3
        import threading
        def open_db(path: str) -> sqlite3.Connection:
            return sqlite3.connect(path)
        def export(db):
            db.execute('SELECT 1')
        ledger = open_db('books.db')
        threading.Thread(target=export, args=(ledger,)).start()
        """, "SSC102", 8, ("`ledger`", "sqlite3 connection", "threading.Thread")),
    # auto traits
    *twins("class holding a connection field", """
        import sqlite3
        import threading
        class Repo:
            def __init__(self, path):
                self.db = sqlite3.connect('books.db')
        def export(repo):
            repo.db.execute('SELECT 1')
        repo = Repo('books.db')
        threading.Thread(target=export, args=(repo,)).start()
        """, "SSC102", 9, ("`repo`", "Repo", "holds `self.db`", "threading.Thread")),
    ("dataclass with a field annotated sqlite3.Connection", """
        import sqlite3
        import threading
        from dataclasses import dataclass
        @dataclass
        class Job:
            db: sqlite3.Connection
        def export(job):
            job.db.execute('SELECT 1')
        job = Job(sqlite3.connect('books.db'))
        threading.Thread(target=export, args=(job,)).start()
        """, "SSC102", 10, ("`job`", "Job", "NotSend", "threading.Thread")),
    ("class holding a list of connections", """
        import sqlite3
        import threading
        class Shards:
            def __init__(self, paths):
                self.conns = [sqlite3.connect(p) for p in paths]
        def export(shards):
            for db in shards.conns:
                db.execute('SELECT 1')
        shards = Shards(['a.db', 'b.db'])
        threading.Thread(target=export, args=(shards,)).start()
        """, "SSC102", 10, ("`shards`", "Shards", "NotSend", "threading.Thread")),
    ("class holding a list of connections it never uses~clean", """
        import sqlite3
        import threading
        class Shards:
            def __init__(self, paths):
                self.conns = [sqlite3.connect(p) for p in paths]
        def export(shards):
            print(len(shards.conns))
        shards = Shards(['a.db', 'b.db'])
        threading.Thread(target=export, args=(shards,)).start()
        """, None, None, ()),
    *twins("class holding a class holding a connection, across modules", {
        "repo": """
            import sqlite3
            class Repo:
                def __init__(self):
                    self.db = sqlite3.connect('books.db')
            """,
        "service": """
            from repo import Repo
            class Service:
                def __init__(self):
                    self.repo = Repo()
            """,
        "main": """
            import threading
            from service import Service
            def export(svc):
                svc.repo.db.execute('SELECT 1')
            svc = Service()
            threading.Thread(target=export, args=(svc,)).start()
            """,
    }, "SSC102", "main.py:6", ("`svc`", "Service", "NotSend", "threading.Thread")),
    ("class asserting Send over a connection field~clean", """
        import sqlite3
        import threading
        from sendsync import Send
        class SafeRepo(Send):
            def __init__(self):
                self.db = sqlite3.connect('books.db')
        def export(repo):
            repo.db.execute('SELECT 1')
        repo = SafeRepo()
        threading.Thread(target=export, args=(repo,)).start()
        """, None, None, ()),
    ("class holding a Send-asserting class, across modules~clean", {
        "repo": """
            import sqlite3
            from sendsync import Send
            class SafeRepo(Send):
                def __init__(self):
                    self.db = sqlite3.connect('books.db')
            """,
        "main": """
            import threading
            from repo import SafeRepo
            class Service:
                def __init__(self):
                    self.repo = SafeRepo()
            def export(svc):
                svc.repo.db.execute('SELECT 1')
            threading.Thread(target=export, args=(Service(),)).start()
            """,
    }, None, None, ()),
    ("class keeping its connection in a threading.local~clean", """
        import sqlite3
        import threading
        class Repo:
            def __init__(self):
                self.local = threading.local()
                self.local.db = sqlite3.connect('books.db')
            def count(self):
                return 0
        def export(repo):
            repo.count()
        repo = Repo()
        threading.Thread(target=export, args=(repo,)).start()
        """, None, None, ()),
    # containers
    *twins("list of connections", """
        import sqlite3
        import threading
        def export(dbs):
            for db in dbs:
                db.execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            threading.Thread(target=export, args=([ledger],)).start()
        """, "SSC102", 8, ("[ledger]", "NotSend", "threading.Thread")),
    *twins("dict of connections", """
        import sqlite3
        import threading
        def export(dbs):
            dbs['db'].execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            threading.Thread(target=export, args=({'db': ledger},)).start()
        """, "SSC102", 7, ("ledger", "NotSend", "threading.Thread")),
    *twins("tuple of a connection and a name, kept in a variable", """
        import sqlite3
        import threading
        def export(job):
            job[0].execute('SELECT 1')
        def main():
            ledger = sqlite3.connect('books.db')
            job = (ledger, 'orders')
            threading.Thread(target=export, args=(job,)).start()
        """, "SSC102", 8, ("`job`", "NotSend", "threading.Thread")),
    ("list comprehension of connections", """
        import sqlite3
        import threading
        def export(dbs):
            dbs[0].execute('SELECT 1')
        def main(paths):
            dbs = [sqlite3.connect(p) for p in paths]
            threading.Thread(target=export, args=(dbs,)).start()
        """, "SSC102", 7, ("`dbs`", "NotSend", "threading.Thread")),
    ("dict comprehension of connections, captured", """
        import sqlite3
        import threading
        def main(paths):
            dbs = {p: sqlite3.connect(p) for p in paths}
            threading.Thread(target=lambda: [db.execute('SELECT 1') for db in dbs.values()]).start()
        """, "SSC101", 5, ("`dbs`", "NotSend", "threading.Thread")),
    ("dict comprehension of connections, only printed~clean", """
        import sqlite3
        import threading
        def main(paths):
            dbs = {p: sqlite3.connect(p) for p in paths}
            threading.Thread(target=lambda: print(len(dbs))).start()
        """, None, None, ()),
    ("list of paths~clean", """
        import sqlite3
        import threading
        def export(paths):
            for p in paths:
                sqlite3.connect(p).execute('SELECT 1')
        threading.Thread(target=export, args=(['a.db', 'b.db'],)).start()
        """, None, None, ()),
]

VALUE_XFAIL: Dict[str, str] = {}


@pytest.mark.parametrize(ROW_ARGS, rows(VALUE_KINDS, VALUE_XFAIL))
def test_value_kinds(code, expected, line, fragments):
    assert_row(code, expected, line, fragments)


# --------------------------------------------------------------------------------------------
# Thread subclasses: fields set on the creating thread and used in run()

THREAD_SUBCLASS: List[Row] = [
    ("field set in __init__, used in run()", """
        import sqlite3
        import threading
        class Shipper(threading.Thread):
            def __init__(self, path):
                super().__init__()
                self.db = sqlite3.connect(path)
            def run(self):
                self.db.execute('SELECT 1')
        """, "SSC106", 8, ("`self.db`", "`Shipper.__init__`", "line 6", "`Shipper.run`")),
    ("field first created in run()~clean", """
        import sqlite3
        import threading
        class Shipper(threading.Thread):
            def __init__(self, path):
                super().__init__()
                self.path = path
            def run(self):
                self.db = sqlite3.connect(self.path)
                self.db.execute('SELECT 1')
        """, None, None, ()),
    ("field used by a method that run() calls", """
        import sqlite3
        import threading
        class Shipper(threading.Thread):
            def __init__(self):
                super().__init__()
                self.db = sqlite3.connect('orders.db')
            def run(self):
                self.ship()
            def ship(self):
                self.db.execute('SELECT 1')
        """, "SSC106", 10, ("`self.db`", "line 6")),
    ("field created in run() and used by a method it calls~clean", """
        import sqlite3
        import threading
        class Shipper(threading.Thread):
            def run(self):
                self.db = sqlite3.connect('orders.db')
                self.ship()
            def ship(self):
                self.db.execute('SELECT 1')
        """, None, None, ()),
    ("field set by the spawner before start()", """
        import sqlite3
        import threading
        class Shipper(threading.Thread):
            db = None
            def run(self):
                self.db.execute('SELECT 1')
        def main():
            s = Shipper()
            s.db = sqlite3.connect('orders.db')
            s.start()
        """, "SSC106", 9, ("`s.db`", "line 9", "`Shipper.run`")),  # reported where it is handed over
    ("plain field set by the spawner before start()~clean", """
        import sqlite3
        import threading
        class Shipper(threading.Thread):
            path = ''
            def run(self):
                sqlite3.connect(self.path).execute('SELECT 1')
        def main():
            s = Shipper()
            s.path = 'orders.db'
            s.start()
        """, None, None, ()),
    *twins("subclass of threading as th", """
        import sqlite3
        import threading as th
        class Shipper(th.Thread):
            def __init__(self):
                super().__init__(daemon=True)
                self.db = sqlite3.connect('books.db')
            def run(self):
                self.db.execute('SELECT 1')
        """, "SSC106", 8, ("`self.db`", "`Shipper.run`")),
    *twins("subclass of Thread imported as T", """
        import sqlite3
        from threading import Thread as T
        class Shipper(T):
            def __init__(self):
                super().__init__()
                self.db = sqlite3.connect('books.db')
            def run(self):
                self.db.execute('SELECT 1')
        """, "SSC106", 8, ("`self.db`", "`Shipper.run`")),
    *twins("subclass of a Thread subclass from another module", {
        "base": """
            import threading
            class Worker(threading.Thread):
                daemon = True
            """,
        "ship": """
            import sqlite3
            from base import Worker
            class Shipper(Worker):
                def __init__(self):
                    super().__init__()
                    self.db = sqlite3.connect('books.db')
                def run(self):
                    self.db.execute('SELECT 1')
            """,
    }, "SSC106", "ship.py:8", ("`self.db`", "`Shipper.run`")),
    ("NotSend field that run() never uses~clean", """
        import sqlite3
        import threading
        class Shipper(threading.Thread):
            def __init__(self, path):
                super().__init__()
                self.path = path
                self.db = sqlite3.connect(path)
            def run(self):
                sqlite3.connect(self.path).execute('SELECT 1')
        """, None, None, ()),
    ("field holding a class marked NotSend", """
        import threading
        from sendsync import NotSend
        class Printer(NotSend):
            def feed(self) -> None: ...
        class Spooler(threading.Thread):
            def __init__(self):
                super().__init__()
                self.printer = Printer()
            def run(self):
                self.printer.feed()
        """, "SSC106", 10, ("`self.printer`", "Printer", "`Spooler.run`")),
]


SUBCLASS_XFAIL: Dict[str, str] = {}


@pytest.mark.parametrize(ROW_ARGS, rows(THREAD_SUBCLASS, SUBCLASS_XFAIL))
def test_thread_subclass_fields(code, expected, line, fragments):
    assert_row(code, expected, line, fragments)


# --------------------------------------------------------------------------------------------
# SSC2xx: NotSync values reachable from two threads at once, join points, shared state, loops

NOTSYNC: List[Row] = [
    # SSC201: one value, several tasks
    ("generator handed to two submits", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            with ThreadPoolExecutor() as ex:
                a = ex.submit(ship, batch)
                b = ex.submit(ship, batch)
        """, "SSC201", 10, ("`batch`", "generator", "second task at line 10", "line 9")),
    ("generator: first task joined before the second submit~clean", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            with ThreadPoolExecutor() as ex:
                a = ex.submit(ship, batch)
                a.result()
                b = ex.submit(ship, batch)
        """, None, None, ()),
    ("each submit gets its own generator~clean", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            with ThreadPoolExecutor() as ex:
                a = ex.submit(ship, rows())
                b = ex.submit(ship, rows())
        """, None, None, ()),
    ("asyncio.Lock handed to two submits", """
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        def guard(lock):
            return lock.locked()
        def main():
            lock = asyncio.Lock()
            with ThreadPoolExecutor() as ex:
                ex.submit(guard, lock)
                ex.submit(guard, lock)
        """, "SSC201", 9, ("`lock`", "asyncio lock", "reachable from several threads at once")),
    ("threading.Lock handed to two submits~clean", """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        def guard(lock):
            return lock.locked()
        def main():
            lock = threading.Lock()
            with ThreadPoolExecutor() as ex:
                ex.submit(guard, lock)
                ex.submit(guard, lock)
        """, None, None, ()),
    ("class marked NotSync handed to two apply_async", """
        from multiprocessing.pool import ThreadPool
        from sendsync import NotSync
        class Session(NotSync):
            def get(self, path): return path
        def fetch(session, path):
            return session.get(path)
        session = Session()
        with ThreadPool(2) as pool:
            a = pool.apply_async(fetch, (session, '/users'))
            b = pool.apply_async(fetch, (session, '/groups'))
        """, "SSC201", 10, ("`session`", "marked NotSync at line 3", "second task")),
    ("generator handed to two Threads", """
        import threading
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            t1 = threading.Thread(target=ship, args=(batch,))
            t2 = threading.Thread(target=ship, args=(batch,))
            t1.start()
            t2.start()
        """, "SSC201", 9, ("`batch`", "generator")),
    ("two to_thread calls gathered with one generator", """
        import asyncio
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        async def main():
            batch = rows()
            await asyncio.gather(asyncio.to_thread(ship, batch),
                                 asyncio.to_thread(ship, batch))
        """, "SSC201", 9, ("`batch`", "generator", "second task")),
    ("map-style callable capturing a generator", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def main(paths):
            batch = rows()
            def ship(path):
                return next(batch)
            with ThreadPoolExecutor() as ex:
                list(ex.map(ship, paths))
        """, "SSC201", 7, ("`batch`", "generator", "several workers", "ThreadPoolExecutor.map")),
    ("map-style callable making its own generator~clean", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def main(paths):
            def ship(path):
                return next(rows())
            with ThreadPoolExecutor() as ex:
                list(ex.map(ship, paths))
        """, None, None, ()),
    ("ThreadPool.imap callable capturing a NotSync object", """
        from multiprocessing.pool import ThreadPool
        from sendsync import NotSync
        class Session(NotSync):
            def get(self, path): return path
        def main(paths):
            session = Session()
            with ThreadPool(4) as pool:
                return list(pool.imap(lambda p: session.get(p), paths))
        """, "SSC201", 8, ("`session`", "several workers", "ThreadPool.imap")),
    ("map-style callable using a NotSync object only under one lock~clean", """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        from sendsync import NotSync
        class Session(NotSync):
            def get(self, path): return path
        def main(paths):
            session = Session()
            lock = threading.Lock()
            def fetch(path):
                with lock:
                    return session.get(path)
            with ThreadPoolExecutor() as ex:
                return list(ex.map(fetch, paths))
        """, None, None, ()),
    ("spawn in a for loop, value made outside the loop", """
        import threading
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            threads = []
            for _ in range(4):
                t = threading.Thread(target=ship, args=(batch,))
                t.start()
                threads.append(t)
        """, "SSC201", 10, ("`batch`", "generator")),
    ("spawn in a for loop, value made inside the loop~clean", """
        import threading
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            threads = []
            for _ in range(4):
                batch = rows()
                t = threading.Thread(target=ship, args=(batch,))
                t.start()
                threads.append(t)
        """, None, None, ()),
    ("spawn in a for loop, joined in the same iteration~clean", """
        import threading
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            for _ in range(4):
                t = threading.Thread(target=ship, args=(batch,))
                t.start()
                t.join()
        """, None, None, ()),
    ("spawn in a list comprehension, captured value", """
        import threading
        def rows():
            yield 1
        def main():
            batch = rows()
            threads = [threading.Thread(target=lambda: next(batch)) for _ in range(4)]
            for t in threads:
                t.start()
        """, "SSC201", 6, ("`batch`", "generator")),
    # SSC203: NotSync module globals
    ("asyncio.Event module global used by a target", """
        import asyncio
        from multiprocessing.pool import ThreadPool
        SHUTDOWN = asyncio.Event()
        def check(host):
            if SHUTDOWN.is_set():
                return None
            return host
        with ThreadPool(3) as pool:
            pool.map(check, ['a', 'b'])
        """, "SSC203", 5, ("`SHUTDOWN`", "asyncio event", "`check`", "ThreadPool.map")),
    ("threading.Event module global used by a target~clean", """
        import threading
        from multiprocessing.pool import ThreadPool
        SHUTDOWN = threading.Event()
        def check(host):
            if SHUTDOWN.is_set():
                return None
            return host
        with ThreadPool(3) as pool:
            pool.map(check, ['a', 'b'])
        """, None, None, ()),
    ("generator module global read through a helper of another module", {
        "feed": """
            def rows():
                yield 1
            FEED = rows()
            def pull():
                return next(FEED)
            """,
        "main": """
            import threading
            from feed import pull
            threading.Thread(target=pull).start()
            """,
    }, "SSC203", "feed.py:5", ("`FEED`", "generator", "`pull`")),
    # SSC202: the spawner uses the value before the join point
    ("used after start() before join()", """
        import threading
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            t = threading.Thread(target=ship, args=(batch,))
            t.start()
            first = next(batch)
            t.join()
        """, "SSC202", 8, ("`batch`", "still used at line 10", "started at line 9")),
    ("used after join()~clean", """
        import threading
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            t = threading.Thread(target=ship, args=(batch,))
            t.start()
            t.join()
            return next(batch, None)
        """, None, None, ()),
    ("used after join(timeout=1)", """
        import threading
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            t = threading.Thread(target=ship, args=(batch,))
            t.start()
            t.join(timeout=1)
            return next(batch, None)
        """, "SSC202", 8, ("`batch`", "still used at line 11", "started at line 9")),
    ("captured by a lambda, used before join()", """
        import asyncio
        import threading
        def main():
            ready = asyncio.Event()
            t = threading.Thread(target=lambda: ready.set())
            t.start()
            ready.clear()
            t.join()
        """, "SSC202", 5, ("`ready`", "asyncio event", "still used at line 7", "started at line 6")),
    ("used after leaving with ThreadPoolExecutor()~clean", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            with ThreadPoolExecutor() as ex:
                ex.submit(ship, batch)
            return next(batch, None)
        """, None, None, ()),
    ("used inside with ThreadPoolExecutor() after submit", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main():
            batch = rows()
            with ThreadPoolExecutor() as ex:
                ex.submit(ship, batch)
                return next(batch, None)
        """, "SSC202", 9, ("`batch`", "still used at line 10")),
    ("used after future.result()~clean", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main(ex: ThreadPoolExecutor):
            batch = rows()
            fut = ex.submit(ship, batch)
            fut.result()
            return next(batch, None)
        """, None, None, ()),
    ("used before future.result()", """
        from concurrent.futures import ThreadPoolExecutor
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        def main(ex: ThreadPoolExecutor):
            batch = rows()
            fut = ex.submit(ship, batch)
            first = next(batch, None)
            fut.result()
        """, "SSC202", 8, ("`batch`", "still used at line 9")),
    ("used after await asyncio.to_thread(...)~clean", """
        import asyncio
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        async def main():
            batch = rows()
            await asyncio.to_thread(ship, batch)
            return next(batch, None)
        """, None, None, ()),
    ("used while run_in_executor(...) is not yet awaited", """
        import asyncio
        def rows():
            yield 1
        def ship(batch):
            return list(batch)
        async def main():
            batch = rows()
            loop = asyncio.get_running_loop()
            fut = loop.run_in_executor(None, ship, batch)
            first = next(batch, None)
            await fut
        """, "SSC202", 9, ("`batch`", "still used at line 10")),
    ("check_same_thread=False connection moved to one thread~clean", """
        import sqlite3
        import threading
        def write(db):
            db.execute('SELECT 1')
        def main():
            db = sqlite3.connect('books.db', check_same_thread=False)
            t = threading.Thread(target=write, args=(db,))
            t.start()
            t.join()
            db.close()
        """, None, None, ()),
    ("check_same_thread=False connection written by both threads", """
        import sqlite3
        import threading
        def write(db):
            db.execute('SELECT 1')
        def main():
            db = sqlite3.connect('books.db', check_same_thread=False)
            t = threading.Thread(target=write, args=(db,))
            t.start()
            db.execute('SELECT 2')
            t.join()
        """, "SSC202", 7, ("`db`", "check_same_thread=False", "still used at line 9")),
    # SSC204: shared state rebound by several threads
    ("nonlocal counter, threads started in a loop", """
        import threading
        def crawl(urls):
            fetched = 0
            def worker(url):
                nonlocal fetched
                fetched += 1
            threads = []
            for url in urls:
                t = threading.Thread(target=worker, args=(url,))
                t.start()
                threads.append(t)
            for t in threads:
                t.join()
            return fetched
        """, "SSC204", 6, ("`fetched`", "nonlocal", "`worker`", "outside a lock")),
    ("nonlocal counter under with lock~clean", """
        import threading
        def crawl(urls):
            fetched = 0
            lock = threading.Lock()
            def worker(url):
                nonlocal fetched
                with lock:
                    fetched += 1
            threads = []
            for url in urls:
                t = threading.Thread(target=worker, args=(url,))
                t.start()
                threads.append(t)
            for t in threads:
                t.join()
            return fetched
        """, None, None, ()),
    ("nonlocal counter, one thread, read after join~clean", """
        import threading
        def crawl(urls):
            fetched = 0
            def worker():
                nonlocal fetched
                for _ in urls:
                    fetched += 1
            t = threading.Thread(target=worker)
            t.start()
            t.join()
            return fetched
        """, None, None, ()),
    ("global counter rebound by a pool.map callable", """
        from concurrent.futures import ThreadPoolExecutor
        DONE = 0
        def work(item):
            global DONE
            DONE = DONE + 1
        with ThreadPoolExecutor() as ex:
            list(ex.map(work, range(10)))
        """, "SSC204", 5, ("`DONE`", "global", "`work`")),
    ("global counter under with LOCK~clean", """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        DONE = 0
        LOCK = threading.Lock()
        def work(item):
            global DONE
            with LOCK:
                DONE = DONE + 1
        with ThreadPoolExecutor() as ex:
            list(ex.map(work, range(10)))
        """, None, None, ()),
    # SSC205: the running event loop used from another thread
    ("running loop: thread calls loop.call_soon", """
        import asyncio
        import threading
        def report(loop):
            loop.call_soon(print, 'done')
        async def main():
            loop = asyncio.get_running_loop()
            threading.Thread(target=report, args=(loop,)).start()
        """, "SSC205", 7, ("`loop`", "`report`", "(line 4)", "thread-safe bridges")),
    ("running loop: thread calls loop.call_soon_threadsafe~clean", """
        import asyncio
        import threading
        def report(loop):
            loop.call_soon_threadsafe(print, 'done')
        async def main():
            loop = asyncio.get_running_loop()
            threading.Thread(target=report, args=(loop,)).start()
        """, None, None, ()),
    ("running loop: thread uses run_coroutine_threadsafe~clean", """
        import asyncio
        import threading
        async def notify():
            print('done')
        def report(loop):
            asyncio.run_coroutine_threadsafe(notify(), loop).result()
        async def main():
            loop = asyncio.get_running_loop()
            t = threading.Thread(target=report, args=(loop,))
            t.start()
        """, None, None, ()),
    ("running loop: a lambda calls loop.create_task", """
        import asyncio
        import threading
        async def notify():
            print('done')
        async def main():
            loop = asyncio.get_running_loop()
            threading.Thread(target=lambda: loop.create_task(notify())).start()
        """, "SSC205", 7, ("`loop`", "the lambda")),
    ("running loop: an asyncio.Queue fed through call_soon_threadsafe~clean", """
        import asyncio
        import threading
        async def main():
            loop = asyncio.get_running_loop()
            inbox = asyncio.Queue()
            def produce():
                loop.call_soon_threadsafe(inbox.put_nowait, 'item')
            threading.Thread(target=produce).start()
            return await inbox.get()
        """, None, None, ()),
    ("running loop: to_thread worker uses call_soon_threadsafe~clean", """
        import asyncio
        def work(loop, fut):
            loop.call_soon_threadsafe(fut.set_result, 1)
        async def main():
            loop = asyncio.get_running_loop()
            fut = loop.create_future()
            await asyncio.to_thread(work, loop, fut)
            return await fut
        """, None, None, ()),
    ("a new loop run by one thread, fed from the main thread~clean", """
        import asyncio
        import threading
        async def notify():
            print('done')
        def main():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, daemon=True).start()
            asyncio.run_coroutine_threadsafe(notify(), loop).result()
            loop.call_soon_threadsafe(loop.stop)
        """, None, None, ()),
]

NOTSYNC_XFAIL: Dict[str, str] = {}


@pytest.mark.parametrize(ROW_ARGS, rows(NOTSYNC, NOTSYNC_XFAIL))
def test_notsync(code, expected, line, fragments):
    assert_row(code, expected, line, fragments)
