"""What the deep pass parses of a chosen module (the rest blanked), and letting go of parsed
modules to bound memory: neither may change a finding."""
from __future__ import annotations

import gc
import textwrap

from sendsync.engine.checker import DeepPass, analyse
from sendsync.engine.light import spawn_pattern
from sendsync.engine.prune import pruned
from sendsync.knowledge import DEFAULT

from test_fastpath import keys, sources_of

SPOTTER = spawn_pattern(DEFAULT)

MODULE = '''
import sqlite3
import threading


def unrelated(x):
    total = 0
    for i in range(x):
        total += i
    return total


def helper(conn):
    return conn.execute("SELECT 1")


def work(conn):
    helper(conn)


def main():
    conn = sqlite3.connect("x.db")
    holder = Holder()
    threading.Thread(target=work, args=(conn,)).start()


class Holder:
    def __init__(self):
        self.conn = sqlite3.connect("h.db")

    def setup(self):
        self.cursor = self.conn.cursor()

    def report(self):
        return "report"

    @property
    def label(self): return "one line"


class Untouched:
    def method(self):
        return 42
'''


def _lines(text: str):
    return textwrap.dedent(text).lstrip("\n").encode().splitlines(keepends=True)


def test_unreached_bodies_are_blanked_and_every_line_keeps_its_number():
    before = _lines(MODULE)
    after = pruned(b"".join(before), SPOTTER, {"Thread"}, set(), min_bytes=0).splitlines(keepends=True)
    assert len(after) == len(before)
    changed = {i + 1: (a, b) for i, (a, b) in enumerate(zip(before, after)) if a != b}
    # each changed line is now empty, or the `pass` that stands for a blanked body
    assert all(b in (b"\n", b"    pass\n", b"        pass\n") for _, b in changed.values())
    text = b"".join(after).decode()
    assert "total = 0" not in text  # unrelated(): nothing kept uses it
    assert 'return "report"' not in text  # Holder.report(): never called
    assert "return 42" not in text  # Untouched: never used
    for kept in ('conn.execute("SELECT 1")',  # helper(): called by the thread's target
                 "helper(conn)",  # work(): the target
                 "threading.Thread(target=work",  # main(): names the boundary
                 'self.conn = sqlite3.connect("h.db")',  # Holder.__init__: a used class's dunder
                 "self.cursor = self.conn.cursor()",  # Holder.setup(): stores what Holder holds
                 'def label(self): return "one line"'):  # a one-line body stays
        assert kept in text
    # signatures and decorators stay: the module still defines every name
    for header in ("def unrelated(x):", "def report(self):", "class Untouched:", "def method(self):",
                   "@property"):
        assert header in text


def test_small_modules_and_modules_with_markers_are_parsed_whole():
    data = b"".join(_lines(MODULE))
    assert pruned(data, SPOTTER, {"Thread"}, set()) == data  # under MIN_BYTES
    marked = data + b"from sendsync import NotSend\n"
    assert pruned(marked, SPOTTER, {"Thread"}, set(), min_bytes=0) == marked


def _filler(n: int) -> str:
    """Functions nobody calls, enough of them to make the module worth pruning."""
    return "\n".join(f"def filler_{i}(items):\n    out = []\n    for item in items:\n"
                     f"        out.append(item * {i})\n    return out\n" for i in range(n))


BIG = {
    "shop/__init__.py": "",
    "shop/db.py": """
        import sqlite3

        LEDGER = sqlite3.connect("ledger.db")

        def record(x):
            LEDGER.execute("INSERT INTO t VALUES (?)", (x,))
    """,
    "shop/orders.py": """
        import asyncio
        import sqlite3
        import threading
        from concurrent.futures import ThreadPoolExecutor
        from shop import db

        LOCK = asyncio.Lock()

        def count_rows(conn):
            return conn.execute("SELECT count(*) FROM t")

        def audit(conn):
            count_rows(conn)

        def guarded():
            return LOCK.locked()

        class Session:
            def __init__(self):
                self.conn = sqlite3.connect("s.db")

            def run(self):
                self.conn.execute("SELECT 1")

        def main():
            conn = sqlite3.connect("x.db")
            threading.Thread(target=audit, args=(conn,)).start()
            session = Session()
            threading.Thread(target=session.run).start()
            with ThreadPoolExecutor() as ex:
                ex.submit(db.record, 1)
                ex.submit(guarded)
        """.rstrip(" ") + textwrap.indent(_filler(150), " " * 8),
    "shop/reports.py": """
        import threading
        from shop import db

        def nightly():
            threading.Thread(target=db.record, args=(2,)).start()
    """,
}


def test_pruning_changes_no_finding():
    sources = sources_of(BIG)
    assert len(sources[2].data) > 8 * 1024
    full = analyse(sources, fast=False)  # every module parsed whole
    fast = analyse(sources, fast=True)
    assert keys(fast.diagnostics) == keys(full.diagnostics)
    assert {(d.path, d.line, d.code) for d in fast.diagnostics} == {
        ("shop/orders.py", 27, "SSC102"),  # through a target that hands it to a helper
        ("shop/orders.py", 29, "SSC103"),  # a bound method of a class whose __init__ stores it
        ("shop/orders.py", 16, "SSC203"),  # a global read by a target
        ("shop/db.py", 6, "SSC104"),  # in another module, reached from two
    }
    # and the fast path did blank the fillers
    deep = DeepPass(sources)
    assert "out.append" not in deep.project.module("shop.orders").tree.code


def test_letting_go_of_parsed_modules_changes_no_finding():
    sources = sources_of(BIG)
    keeping = DeepPass(sources, hold=10**9)
    letting_go = DeepPass(sources, hold=0)  # every module let go after every check
    for source in keeping.chosen:
        kept, let_go = keeping.check(source), letting_go.check(source)
        assert keys(let_go) == keys(kept)
        assert [d.notes for d in sorted(let_go, key=str)] == [d.notes for d in sorted(kept, key=str)]
        assert letting_go.project.held == 0 and not letting_go.project.modules
    assert keeping.project.modules
    # what the findings depend on (for the cache) still names every module read
    assert letting_go.loaded() == keeping.loaded()
    assert "shop/db.py" in letting_go.loaded()


def test_a_module_let_go_is_parsed_again_when_another_check_reads_it():
    sources = sources_of(BIG)
    deep = DeepPass(sources, hold=0)
    by_path = {s.path: s for s in sources}
    first = deep.check(by_path["shop/reports.py"])
    assert "shop.db" not in deep.project.modules
    again = deep.check(by_path["shop/reports.py"])
    assert keys(again) == keys(first) and any(d.code == "SSC104" for d in first)
    assert deep.project.uses["shop.db"] == 2


def test_the_source_of_a_finding_is_not_the_blanked_text():
    """A note's column is read from the file as it is, not as it was parsed."""
    sources = sources_of(BIG)
    lines = {s.path: s.data.decode().splitlines() for s in sources}
    for d in analyse(sources).diagnostics:
        assert 1 <= d.line <= len(lines[d.path])
        assert lines[d.path][d.line - 1].strip(), d


def test_letting_go_leaves_nothing_for_the_cyclic_collector():
    """The deep pass runs with the collector off: a module let go must free itself."""
    deep = DeepPass(sources_of(BIG), hold=0)
    gc.collect()
    gc.disable()
    try:
        for source in deep.chosen:
            deep.check(source)
        assert not deep.project.modules
        assert gc.collect() == 0
    finally:
        gc.enable()
