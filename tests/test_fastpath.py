"""The light pass only decides what the deep pass looks at: it must never lose a finding.

Every finding of the full analysis (every module deep-checked) must also come out of the fast
path, and processes must not change the output.
"""
from __future__ import annotations

import os
import sysconfig
import textwrap
from pathlib import Path

import pytest

from sendsync.engine import Source, run
from sendsync.engine.checker import analyse

ROOT = Path(__file__).resolve().parents[1]

PROJECT = {
    # a Thread subclass two modules away from Thread, by an alias
    "app/__init__.py": "",
    "app/base.py": """
        from threading import Thread as T

        class Base(T):
            pass
    """,
    "app/worker.py": """
        import sqlite3
        from app.base import Base

        class Worker(Base):
            def __init__(self):
                super().__init__()
                self.db = sqlite3.connect("x.db")

            def run(self):
                self.db.execute("SELECT 1")
    """,
    # a module with no boundary at all, reached only through a call from a target
    "app/store.py": """
        import sqlite3

        LEDGER = sqlite3.connect("ledger.db")

        def record(x):
            LEDGER.execute("INSERT INTO t VALUES (?)", (x,))
    """,
    "app/jobs.py": """
        from concurrent.futures import ThreadPoolExecutor
        from app import store

        def job(x):
            store.record(x)

        def main():
            with ThreadPoolExecutor() as ex:
                ex.submit(job, 1)
    """,
    # markers only, in a module without threads; the subclass is elsewhere
    "app/models.py": """
        from sendsync import Send, Sync

        class Store(Send, Sync):
            pass
    """,
    "app/cached.py": """
        import sqlite3
        from app.models import Store

        class Cached(Store):
            def __init__(self):
                self.conn = sqlite3.connect("c.db")
    """,
    "app/plain.py": """
        def add(a, b):
            return a + b
    """,
}


def sources_of(files):
    out = []
    for path, text in files.items():
        module = path[:-3].replace("/", ".")
        is_package = module.endswith(".__init__")
        module = module[: -len(".__init__")] if is_package else module
        out.append(Source(path, module, is_package, textwrap.dedent(text).lstrip("\n").encode()))
    return out


def keys(diagnostics):
    return sorted((d.path, d.line, d.col, d.code, d.message) for d in diagnostics)


def test_fast_path_finds_what_the_full_analysis_finds_in_a_project():
    sources = sources_of(PROJECT)
    full = analyse(sources, fast=False)
    fast = analyse(sources, fast=True)
    assert keys(fast.diagnostics) == keys(full.diagnostics)
    assert {(d.path, d.code) for d in full.diagnostics} == {
        ("app/worker.py", "SSC106"),
        ("app/store.py", "SSC104"),
        ("app/cached.py", "SSC302"),
    }
    assert "app/plain.py" not in fast.checked and "app/plain.py" not in fast.loaded


SPELLINGS = {
    # the boundary's name only in a docstring, a comment and a string: nothing to hand over
    "talk.py": '''
        """Why we do not start a Thread here (see ThreadPoolExecutor.submit())."""
        # threading.Timer would also do
        HELP = "use to_thread"
    ''',
    # the name in code, through an alias, a module attribute or a method call: checked
    "alias.py": """
        from threading import Thread as Worker
    """,
    "attr.py": """
        import threading as th
        START = th.Timer
    """,
    "method.py": """
        def go(pool, f):
            return pool.submit(f)
    """,
}


def test_a_boundary_named_only_in_strings_and_comments_is_not_deep_checked():
    fast = analyse(sources_of(SPELLINGS), fast=True)
    assert sorted(fast.checked) == ["alias.py", "attr.py", "method.py"]


def _tree(root: Path, limit: int = 400):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "test", "tests", "idle_test"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = Path(dirpath) / name
                rel = path.relative_to(root.parent)
                module = ".".join(rel.with_suffix("").parts)
                is_package = name == "__init__.py"
                if is_package:
                    module = module.rsplit(".", 1)[0]
                out.append(Source(str(rel), module, is_package, path.read_bytes()))
    return out[:limit]


def test_fast_path_on_real_threaded_code():
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    sources = _tree(stdlib / "concurrent") + _tree(ROOT / "examples")
    for name in ("socketserver.py", "queue.py", "sched.py"):
        data = (stdlib / name).read_bytes()
        sources.append(Source(name, name[:-3], False, data))
    full = analyse(sources, fast=False)
    fast = analyse(sources, fast=True)
    assert keys(fast.diagnostics) == keys(full.diagnostics)
    assert len(fast.checked) < len(full.checked)


@pytest.mark.parametrize("jobs", [1, 2])
def test_processes_do_not_change_the_output(jobs):
    sources = sources_of(PROJECT) + _tree(ROOT / "examples")
    reference = analyse(sources)
    assert keys(run(sources, jobs=jobs).diagnostics) == keys(reference.diagnostics)
