"""``[tool.sendsync]``: found upward from the paths, every key, and every mistake a user can make
(exit status 2 and one line naming the file and the key, never a traceback)."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from sendsync import api, config, discovery, engine
from sendsync.config import Config, UsageError
from sendsync.knowledge.boundaries import Arg

TIMER = """\
import sqlite3
import threading


def main():
    conn = sqlite3.connect(":memory:")
    timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))
    timer.start()
"""
TIMER_FINDING = (
    ":7:42: SSC101 `conn` (sqlite3 connection, NotSend: created at line 6 with "
    "check_same_thread=True) is captured by the lambda passed to threading.Timer"
)



def pyproject(directory: Path, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def findings(out: str):
    return [line.split(" ", 2)[:2] for line in out.splitlines()]


# --- finding the file ----------------------------------------------------------------------------


def test_without_a_file_the_defaults_apply(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    loaded = config.load(["."])
    assert loaded == Config(root=tmp_path)
    assert loaded.path is None and loaded.strictness == "targeted"
    assert ".venv" in loaded.excludes and "build" in loaded.excludes


def test_nearest_pyproject_with_a_table_is_found_upward(tmp_path, write, run):
    pyproject(tmp_path, '[tool.sendsync]\nignore = ["SSC1"]\n')
    pyproject(tmp_path / "app", '[project]\nname = "app"\n')  # no table: skipped
    write("app/src/mod.py", TIMER)
    assert run("check", "src", cwd=tmp_path / "app") == (0, "", "")
    assert config.find([str(tmp_path / "app" / "src")]) == tmp_path / "pyproject.toml"


def test_a_nearer_table_wins(tmp_path, write, run):
    pyproject(tmp_path, '[tool.sendsync]\nignore = ["SSC1"]\n')
    pyproject(tmp_path / "app", "[tool.sendsync]\n")
    write("app/mod.py", TIMER)
    status, out, _ = run("check", "app")
    assert (status, out) == (1, os.path.join("app", "mod.py") + TIMER_FINDING + "\n")


def test_search_starts_at_the_paths_not_the_current_directory(tmp_path, write, run):
    pyproject(tmp_path / "proj", '[tool.sendsync]\nignore = ["SSC101"]\n')
    write("proj/mod.py", TIMER)
    (tmp_path / "elsewhere").mkdir()
    proj = os.path.join("..", "proj")
    assert run("check", proj, cwd=tmp_path / "elsewhere") == (0, "", "")


def test_config_option_reads_a_named_file(tmp_path, write, run):
    write("mod.py", TIMER)
    write("ci/strict.toml", 'ignore = ["SSC101"]\n')  # any other name: the top-level table
    assert run("check", "--config", "ci/strict.toml") == (0, "", "")
    pyproject(tmp_path / "ci", '[tool.sendsync]\nignore = ["SSC1"]\n')
    assert run("check", "--config", os.path.join("ci", "pyproject.toml")) == (0, "", "")


def test_isolated_reads_no_file(tmp_path, write, run):
    pyproject(tmp_path, '[tool.sendsync]\nignore = ["SSC1"]\n')
    write("mod.py", TIMER)
    assert run("check")[0] == 0
    assert run("check", "--isolated") == (1, "mod.py" + TIMER_FINDING + "\n", "")


def test_missing_config_file_is_a_usage_error(run):
    assert run("check", "--config", "nope.toml") == (
        2, "", "sendsync: error: configuration file not found: nope.toml\n"
    )


# --- mistakes: exit 2, the file and the key named ------------------------------------------------


BAD = [
    ('selct = ["SSC1"]',
     "unknown key tool.sendsync.selct (did you mean select?); known keys: select, "
     "extend-select, ignore, per-file-ignores, exclude, extend-exclude, force-exclude, "
     "respect-gitignore, strictness, types, boundaries, baseline, output-format, cache-dir, "
     "jobs, environment, thread-safe"),
    ('select = "SSC1"', "tool.sendsync.select must be a list of strings, not a string ('SSC1')"),
    ("select = [1]", "tool.sendsync.select[0] must be a string, not an integer"),
    ('ignore = ["SSC1", 3]', "tool.sendsync.ignore[1] must be a string, not an integer"),
    ('respect-gitignore = "no"', "tool.sendsync.respect-gitignore must be true or false, not a "
     "string ('no')"),
    ('output-format = "xml"', "tool.sendsync.output-format must be one of text, full, json, "
     "sarif, github, not a string ('xml')"),
    ("jobs = -1", "tool.sendsync.jobs must be a non-negative integer, not an integer"),
    ('jobs = "4"', "tool.sendsync.jobs must be a non-negative integer, not a string ('4')"),
    ("cache-dir = 3", "tool.sendsync.cache-dir must be a non-empty string, not an integer"),
    ('ignore = ["SSC1", "E501"]', "tool.sendsync.ignore has an unknown rule code or prefix: E501"),
    ('extend-select = ["SSC0"]',
     "tool.sendsync.extend-select has an unknown rule code or prefix: SSC0"),
    ('strictness = "strict"',
     "tool.sendsync.strictness must be one of minimal, targeted, complete, not a string "
     "('strict')"),
    ('force-exclude = "yes"', "tool.sendsync.force-exclude must be true or false, not a string "
     "('yes')"),
    ('exclude = "build"', "tool.sendsync.exclude must be a list of strings, not a string "
     "('build')"),
    ("baseline = 3", "tool.sendsync.baseline must be a non-empty string, not an integer"),
    ('per-file-ignores = ["tests/*"]',
     "tool.sendsync.per-file-ignores must be a table of glob = [codes], not a list"),
    ('per-file-ignores = { "tests/*" = ["W0"] }',
     'tool.sendsync.per-file-ignores."tests/*" has an unknown rule code or prefix: W0'),
    ('[tool.sendsync.types]\n"app.Camera" = "NotSnd"',
     "tool.sendsync.types.\"app.Camera\" has an unknown trait 'NotSnd'; use Send, Sync, NotSend, "
     "NotSync"),
    ('[tool.sendsync.types]\n"app.Camera" = ["Send", "NotSend"]',
     'tool.sendsync.types."app.Camera" says both Send and NotSend'),
    ('[tool.sendsync.types]\n"app.Camera" = []',
     'tool.sendsync.types."app.Camera" names no trait; use Send, Sync, NotSend, NotSync'),
    ('[tool.sendsync.types]\n"app Camera" = "NotSend"',
     'tool.sendsync.types."app Camera" must be a dotted qualified name like "pkg.module.Name", '
     "not 'app Camera'"),
    ("types = 3", 'tool.sendsync.types must be a table of "qualified.Name" = [traits], not an '
     "integer"),
    ("boundaries = 3", "tool.sendsync.boundaries must be an array of tables "
     "([[tool.sendsync.boundaries]]), not an integer"),
    ('[[tool.sendsync.boundaries]]\nfunction = 0',
     'tool.sendsync.boundaries[0] needs exactly one of call = "pkg.function" or '
     'method = "pkg.Class.method"'),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nmethod = "a.B.run"',
     'tool.sendsync.boundaries[0] needs exactly one of call = "pkg.function" or '
     'method = "pkg.Class.method"'),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nfunc = 0',
     "unknown key tool.sendsync.boundaries[0].func (did you mean function?); known keys: call, "
     "method, label, function, args, kwargs, star-args-from, star-kwargs, iterables-from, "
     "starmap, many, wait, role"),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nfunction = true',
     'tool.sendsync.boundaries[0].function must be a position (0), a keyword ("fn") or '
     '{ position = 0, keyword = "fn" }, not a boolean'),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nfunction = { positon = 0 }',
     "unknown key tool.sendsync.boundaries[0].function.positon (did you mean position?); "
     "known keys: "
     "position, keyword"),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nfunction = {}',
     "tool.sendsync.boundaries[0].function needs a position, a keyword, or both"),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nfunction = "1fn"',
     "tool.sendsync.boundaries[0].function must be a parameter name, not '1fn'"),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nstar-args-from = -1',
     "tool.sendsync.boundaries[0].star-args-from must be a non-negative integer, not an integer"),
    ('[[tool.sendsync.boundaries]]\ncall = "a.run"\nwait = "later"',
     "tool.sendsync.boundaries[0].wait must be one of thread, future, await, sync, async_result, "
     "pool, detached, not a string ('later')"),
    ('[[tool.sendsync.boundaries]]\nmethod = "run"',
     "tool.sendsync.boundaries[0].method must be \"pkg.Class.method\", not 'run'"),
    ('[[tool.sendsync.boundaries]]\ncall = []',
     "tool.sendsync.boundaries[0].call names no callable"),
    ('thread-safe = "app.Window.write"',
     "tool.sendsync.thread-safe must be a list of strings, not a string ('app.Window.write')"),
    ('thread-safe = ["app.Window.write()"]',
     'tool.sendsync.thread-safe must be a dotted qualified name like "pkg.module.Name", '
     "not 'app.Window.write()'"),
    ("[tool]\nsendsync = 1", "tool.sendsync must be a table"),
    ("select = [", "invalid TOML: Invalid value (at end of document)"),
]


@pytest.mark.parametrize("body, problem", BAD)
def test_bad_configuration_exits_2_naming_file_and_key(tmp_path, write, run, body, problem):
    text = body if body.startswith("[") else f"[tool.sendsync]\n{body}\n"
    if body == "select = [":
        text = f"[tool.sendsync]\n{body}"
    pyproject(tmp_path / "proj", text)
    write("proj/mod.py", "x = 1\n")
    assert run("check", "proj") == (
        2, "", f"sendsync: error: {os.path.join('proj', 'pyproject.toml')}: {problem}\n"
    )


def test_bad_configuration_as_the_user_sees_it(sendsync, tmp_path, write):
    pyproject(tmp_path, '[tool.sendsync]\nselect = ["SSC1"]\nextend-exclude = "tests"\n')
    write("mod.py", "x = 1\n")
    proc = sendsync("check")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "sendsync: error: pyproject.toml: tool.sendsync.extend-exclude must be a list of "
        "strings, not a string ('tests')\n"
    )


def test_not_utf8_is_a_usage_error(tmp_path, write, run):
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.sendsync]\nselect = ["\xff"]\n')
    write("mod.py", "x = 1\n")
    status, out, err = run("check")
    assert (status, out) == (2, "")
    assert err.startswith("sendsync: error: pyproject.toml: not UTF-8")


def test_other_tools_broken_pyproject_without_our_table_is_ignored(tmp_path, write, run):
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n")  # not ours, not read
    write("mod.py", "x = 1\n")
    assert run("check") == (0, "", "")


# --- rule selection ------------------------------------------------------------------------------


@pytest.fixture
def two_codes(write, tmp_path):
    """A project with one SSC101 finding (mod.py) and one SSC999 (bad.py)."""
    write("mod.py", TIMER)
    write("bad.py", "def broken(:\n    pass\n")
    return tmp_path


@pytest.mark.parametrize(
    "table, options, codes",
    [
        ("", (), ["SSC999", "SSC101"]),
        ('select = ["SSC1"]', (), ["SSC101"]),
        ('ignore = ["SSC9"]', (), ["SSC101"]),
        ('select = ["SSC1"]', ("--select", "SSC9"), ["SSC999"]),  # the command line replaces it
        ('select = ["SSC1"]', ("--extend-select", "SSC9"), ["SSC999", "SSC101"]),
        ('select = ["SSC1"]\nextend-select = ["SSC999"]', (), ["SSC999", "SSC101"]),
        ('ignore = ["SSC9"]', ("--ignore", "SSC1"), []),  # the command line adds to it
        ('ignore = ["SSC1"]', ("--select", "SSC101"), ["SSC101"]),  # the longer prefix wins
    ],
)
def test_select_ignore_extend_select(two_codes, run, table, options, codes):
    pyproject(two_codes, f"[tool.sendsync]\n{table}\n")
    status, out, err = run("check", *options)
    assert [code for _, code in findings(out)] == codes
    assert status == (1 if codes else 0) and err == ""


@pytest.mark.parametrize(
    "pattern",
    ["legacy/*", "legacy", "legacy/mod.py", "mod.py", "legacy/**/*.py", "./legacy/"],
)
def test_per_file_ignores(tmp_path, write, run, pattern):
    pyproject(tmp_path, f'[tool.sendsync]\nper-file-ignores = {{ "{pattern}" = ["SSC1"] }}\n')
    write("legacy/mod.py", TIMER)
    write("new.py", TIMER)
    status, out, _ = run("check")
    assert (status, out) == (1, "new.py" + TIMER_FINDING + "\n")


def test_per_file_ignores_win_over_select(tmp_path, write, run):
    pyproject(tmp_path, '[tool.sendsync]\nselect = ["SSC101"]\n'
                        'per-file-ignores = { "tests/*" = ["SSC1"] }\n')
    write("tests/test_mod.py", TIMER)
    assert run("check") == (0, "", "")


def test_per_file_ignores_are_relative_to_the_project_root(tmp_path, write, run):
    pyproject(tmp_path, '[tool.sendsync]\nper-file-ignores = { "src/legacy.py" = ["SSC101"] }\n')
    write("src/legacy.py", TIMER)
    assert run("check", ".", cwd=tmp_path / "src") == (0, "", "")


# --- which files ---------------------------------------------------------------------------------


@pytest.fixture
def tree(write, tmp_path):
    for name in ("app/mod.py", "build/gen.py", ".venv/lib/site.py", "app/generated/api_pb2.py",
                 "tests/test_mod.py"):
        write(name, TIMER)
    return tmp_path


def checked(out: str):
    return sorted({line.split(":")[0].replace(os.sep, "/") for line in out.splitlines()})


@pytest.mark.parametrize(
    "table, options, files",
    [
        ("", (), ["app/generated/api_pb2.py", "app/mod.py", "tests/test_mod.py"]),
        ('extend-exclude = ["*_pb2.py", "tests"]', (), ["app/mod.py"]),
        ('exclude = ["tests"]', (),  # replaces the defaults: build and .venv come back
         [".venv/lib/site.py", "app/generated/api_pb2.py", "app/mod.py", "build/gen.py"]),
        ('extend-exclude = ["app/generated"]', (), ["app/mod.py", "tests/test_mod.py"]),
        ("", ("--extend-exclude", "app/generated,tests"), ["app/mod.py"]),
        ("", ("--exclude", "app"), [".venv/lib/site.py", "build/gen.py", "tests/test_mod.py"]),
    ],
)
def test_exclude_and_extend_exclude(tree, run, table, options, files):
    pyproject(tree, f"[tool.sendsync]\n{table}\n")
    assert checked(run("check", *options)[1]) == files


def test_explicit_paths_are_checked_unless_force_exclude(tree, run):
    pyproject(tree, '[tool.sendsync]\nextend-exclude = ["tests"]\n')
    names = [os.path.join("build", "gen.py"), os.path.join("tests", "test_mod.py"),
             os.path.join("app", "mod.py")]
    assert checked(run("check", *names)[1]) == ["app/mod.py", "build/gen.py", "tests/test_mod.py"]
    assert checked(run("check", "--force-exclude", *names)[1]) == ["app/mod.py"]
    assert checked(run("check", "tests")[1]) == ["tests/test_mod.py"]
    pyproject(tree, '[tool.sendsync]\nextend-exclude = ["tests"]\nforce-exclude = true\n')
    assert run("check", *names[:2]) == (0, "", "")


# --- knowledge: strictness, types, boundaries ----------------------------------------------------


UNCERTAIN = """\
import sqlite3
from concurrent.futures import Executor


def run(pool: Executor):
    conn = sqlite3.connect(":memory:")
    pool.submit(sqlite3.Connection.close, conn)
"""


@pytest.mark.parametrize(
    "table, options, found",
    [
        ("", (), False),
        ('strictness = "complete"', (), True),
        ('strictness = "complete"', ("--strictness", "targeted"), False),
        ("", ("--strictness", "complete"), True),
    ],
)
def test_strictness(tmp_path, write, run, table, options, found):
    pyproject(tmp_path, f"[tool.sendsync]\n{table}\n")
    write("mod.py", UNCERTAIN)
    status, out, _ = run("check", *options)
    assert status == int(found)
    assert findings(out) == ([["mod.py:7:43:", "SSC102"]] if found else [])


def test_strictness_and_knowledge_reach_the_engine(tmp_path, write, monkeypatch):
    pyproject(tmp_path, '[tool.sendsync]\nstrictness = "minimal"\n'
                        '[tool.sendsync.types]\n"app.Camera" = "NotSend"\n')
    write("mod.py", "x = 1\n")
    monkeypatch.chdir(tmp_path)
    seen = {}
    monkeypatch.setattr(engine, "check_project", lambda sources, **kw: seen.update(kw) or [])
    api.check(["."])
    assert seen["strictness"] == "minimal"
    assert seen["knowledge"].type_fact("app.Camera").not_send is True
    assert seen["knowledge"].type_fact("sqlite3.Connection") is not None


CAMERA = """\
import threading

import camlib


def main():
    cam = camlib.open_camera()
    shot = camlib.Camera()
    threading.Thread(target=camlib.Camera.snap, args=(shot,)).start()
"""


@pytest.mark.parametrize(
    "traits, codes",
    [('"NotSend"', ["SSC102"]), ('["NotSend", "NotSync"]', ["SSC102"]), ('"Send"', [])],
)
def test_types(tmp_path, write, run, traits, codes):
    pyproject(tmp_path, f'[tool.sendsync.types]\n"camlib.Camera" = {traits}\n')
    write("mod.py", CAMERA)
    status, out, _ = run("check")
    assert [code for _, code in findings(out)] == codes
    if codes:
        assert "`shot` (camlib.Camera, NotSend: created at line 8)" in out


SESSION = """\
import threading

import boto3


def main():
    session = boto3.Session()
    workers = [threading.Thread(target=session.client, args=("s3",)) for _ in range(4)]
    for w in workers:
        w.start()
"""


def test_types_override_the_built_in_verdicts(tmp_path, write, run):
    write("mod.py", SESSION)
    assert findings(run("check")[1]) == [["mod.py:8:40:", "SSC201"]]
    pyproject(tmp_path, '[tool.sendsync.types]\n"boto3.Session" = ["Send", "Sync"]\n')
    assert run("check") == (0, "", "")


OFFLOADS = {
    "anyio": ("import anyio.to_thread as offload", "offload.run_sync",
              'call = "anyio.to_thread.run_sync"\nfunction = { position = 0, keyword = "func" }\n'
              'star-args-from = 1\nwait = "await"'),
    "trio": ("import trio", "trio.to_thread.run_sync",
             'call = "trio.to_thread.run_sync"\nfunction = { position = 0, keyword = "sync_fn" }\n'
             'star-args-from = 1\nwait = "await"'),
    "starlette": ("from starlette.concurrency import run_in_threadpool", "run_in_threadpool",
                  'call = ["starlette.concurrency.run_in_threadpool", '
                  '"fastapi.concurrency.run_in_threadpool"]\nfunction = { position = 0, keyword = '
                  '"func" }\nstar-args-from = 1\nstar-kwargs = true\nwait = "await"'),
}


def without_columns(out: str):
    """(path:line, code, message) of each finding: the call's name sets the columns."""
    return [(line.split(":")[0], line.split(":")[1], line.split(": ", 1)[1])
            for line in out.splitlines()]


def offload_module(imports: str, call: str) -> str:
    return (
        f"import sqlite3\n\n{imports}\n\n\n"
        "async def main(rows):\n"
        "    conn = sqlite3.connect(':memory:')\n"
        f"    await {call}(lambda: conn.execute('SELECT 1'))\n"
        f"    await {call}(sqlite3.Connection.close, conn)\n"
        f"    await {call}(conn.commit)\n"
    )


@pytest.mark.parametrize("library", sorted(OFFLOADS))
def test_configured_boundaries_describe_the_built_in_offloads(tmp_path, write, run, library):
    """A project's own offload function, described as the built-in entry for anyio/trio/starlette
    is, gets exactly the findings the built-in one does."""
    imports, call, spec = OFFLOADS[library]
    write("builtin/mod.py", offload_module(imports, call))
    _, builtin, _ = run("check", "builtin")
    assert [code for _, code in findings(builtin)] == ["SSC101", "SSC102", "SSC103"]
    own_spec = spec.replace(spec.split("\n")[0], 'call = "ourlib.offload"')
    pyproject(tmp_path / "own", f"[[tool.sendsync.boundaries]]\n{own_spec}\n")
    write("own/mod.py", offload_module("import ourlib", "ourlib.offload"))
    _, own, _ = run("check", "own")
    label = {"anyio": "anyio.to_thread.run_sync", "trio": "trio.to_thread.run_sync",
             "starlette": "run_in_threadpool"}[library]
    assert without_columns(own) == without_columns(
        builtin.replace("builtin", "own").replace(label, "ourlib.offload")
    )


def test_method_boundary_and_label(tmp_path, write, run):
    pyproject(tmp_path, '[[tool.sendsync.boundaries]]\nmethod = "jobs.Pool.spawn"\n'
                        'label = "jobs pool"\nfunction = 0\nargs = { position = 1, keyword = '
                        '"args" }\n')
    write("mod.py", "import sqlite3\n\nimport jobs\n\n\ndef main():\n    pool = jobs.Pool()\n"
                    "    conn = sqlite3.connect(':memory:')\n    pool.spawn(sqlite3.Connection.close, (conn,))\n")
    status, out, _ = run("check")
    assert status == 1
    assert out == ("mod.py:9:43: SSC102 `conn` (sqlite3 connection, NotSend: created at line 8 "
                   "with check_same_thread=True) is passed to jobs pool as an argument of "
                   "`sqlite3.Connection.close`\n")


WINDOW = """\
import queue
import threading
import tkinter


class Window:
    def __init__(self):
        self.root = tkinter.Tk()
        self.events = queue.Queue()
        self.status = tkinter.StringVar(self.root)

    def write_event_value(self, key, value):
        self.events.put((key, value))
        self.status.set(key)
        self.root.event_generate("<<event>>", when="tail")

    def start(self, func):
        threading.Thread(target=self._run, args=(func,), daemon=True).start()

    def _run(self, func):
        self.write_event_value("done", func())
"""

WINDOW_USERS = """\
import threading

from app import Window


def main(safe_only):
    window = Window()
    window.start(lambda: 42)
    threading.Thread(target=window.write_event_value, args=("tick", 1)).start()
    if not safe_only:
        threading.Thread(target=lambda: window.root.title("busy")).start()
    window.root.mainloop()
"""


def window_project(tmp_path, write, declared: str) -> None:
    pyproject(tmp_path, f"[tool.sendsync]\nthread-safe = [{declared}]\n" if declared else "[project]\n")
    write("app/__init__.py", "from .gui import Window\n")
    write("app/gui.py", WINDOW)
    write("app/main.py", WINDOW_USERS)


def test_a_method_declared_thread_safe_is_not_followed_from_other_threads(tmp_path, write, run):
    """PySimpleGUI's ``Window.write_event_value`` is how its threads talk to a window: it puts on
    a queue and pokes Tcl, which the project knows to be safe where sendsync cannot. Declared
    ``thread-safe``, its calls from threads are quiet; everything else a thread does to the window
    is still reported."""
    window_project(tmp_path, write, "")
    status, out, _ = run("check")
    assert status == 1
    # the window crossing at `self._run` is one defect, reported at its first operation
    assert findings(out) == [["app/gui.py:14:9:", "SSC103"],
                             ["app/main.py:9:29:", "SSC103"], ["app/main.py:11:41:", "SSC101"]]
    # a re-export, followed; the cache of the run before does not answer for the new setting
    window_project(tmp_path, write, '"app.Window.write_event_value"')
    assert run("check") == (1, (
        "app/main.py:11:41: SSC101 `window` (Window, NotSend: holds `self.root`, tkinter object "
        "created at app/gui.py:8) is captured by the lambda passed to threading.Thread\n"), "")


@pytest.mark.parametrize("declared", ['"app.gui.Window.write_event_valu"', '"app.gui.Window"'])
def test_thread_safe_names_a_function_or_method_exactly(tmp_path, write, run, declared):
    """A name that is not a function of the project (a typo, a class) vouches for nothing."""
    window_project(tmp_path, write, declared)
    status, out, _ = run("check", "--no-cache")
    assert status == 1 and ["app/gui.py:14:9:", "SSC103"] in findings(out)


MARKED = """\
import threading

from sendsync import NotSync


class Counter(NotSync):
    def __init__(self):
        self.lock = threading.Lock()
        self.total = 0

    def add(self, n):
        with self.lock:
            self.total += n

    def reset(self):
        self.total = 0


def main():
    counter = Counter()
    threads = [threading.Thread(target=counter.add, args=(1,)) for _ in range(4)]
    for t in threads:
        t.start()
"""


def test_thread_safe_method_of_a_marked_class(tmp_path, write, run):
    """Any method call on a class the user marked NotSync is an operation on it, unless that
    method is declared thread-safe; the class's other methods still are."""
    write("mod.py", MARKED)
    assert findings(run("check", "--no-cache")[1]) == [["mod.py:21:40:", "SSC201"]]
    pyproject(tmp_path, '[tool.sendsync]\nthread-safe = ["mod.Counter.add"]\n')
    assert run("check", "--no-cache") == (0, "", "")
    write("mod.py", MARKED.replace("target=counter.add, args=(1,)", "target=counter.reset"))
    assert findings(run("check", "--no-cache")[1]) == [["mod.py:21:40:", "SSC201"]]


BRIDGED = """\
import asyncio
import threading


async def job(ev):
    ev.set()


def work(loop, ev):
    asyncio.run_coroutine_threadsafe(job(ev), loop).result()


async def main():
    loop = asyncio.get_running_loop()
    ev = asyncio.Event()
    threading.Thread(target=work, args=(loop, ev)).start()
"""


def test_thread_safe_keeps_what_the_tables_say(tmp_path, write, run):
    """Listing a library call the tables already know as a bridge (it is documented as
    thread-safe, so a user may well list it) keeps it a bridge: the loop it is handed is not
    used by the calling thread."""
    write("mod.py", BRIDGED)
    assert run("check", "--no-cache") == (0, "", "")
    pyproject(tmp_path, '[tool.sendsync]\nthread-safe = ["asyncio.run_coroutine_threadsafe"]\n')
    assert run("check", "--no-cache") == (0, "", "")


def test_thread_safe_library_method(tmp_path, write, run):
    """A library's method declared thread-safe does not operate on its object."""
    write("mod.py", "import threading\n\nimport camlib\n\n\ndef main():\n    cam = camlib.Camera()\n"
                    "    threading.Thread(target=cam.abort).start()\n")
    pyproject(tmp_path, '[tool.sendsync.types]\n"camlib.Camera" = "NotSend"\n')
    assert findings(run("check", "--no-cache")[1]) == [["mod.py:8:29:", "SSC103"]]
    pyproject(tmp_path, '[tool.sendsync]\nthread-safe = ["camlib.Camera.abort"]\n'
                        '[tool.sendsync.types]\n"camlib.Camera" = "NotSend"\n')
    assert run("check", "--no-cache") == (0, "", "")


# --- in process -----------------------------------------------------------------------------------


def test_config_values(tmp_path, monkeypatch):
    path = pyproject(tmp_path, """\
[tool.sendsync]
select = ["ssc1", "SSC2"]
extend-select = ["SSC901"]
ignore = ["SSC201"]
per-file-ignores = { "tests/*" = ["SSC2"] }
exclude = ["vendor"]
extend-exclude = ["*_pb2.py"]
force-exclude = true
strictness = "complete"
baseline = "ci/baseline.json"

[[tool.sendsync.boundaries]]
call = "ourlib.offload"
function = "fn"
args = 1
kwargs = { keyword = "kw" }
iterables-from = 2
""")
    monkeypatch.chdir(tmp_path)
    loaded = config.load(["."])
    assert loaded.path == path and loaded.root == tmp_path
    assert (loaded.select, loaded.extend_select, loaded.ignore) == (
        ("SSC1", "SSC2"), ("SSC901",), ("SSC201",)
    )
    assert loaded.per_file_ignores == (("tests/*", ("SSC2",)),)
    assert loaded.excludes == ("vendor", "*_pb2.py") and loaded.force_exclude
    assert loaded.strictness == "complete"
    assert loaded.baseline == tmp_path / "ci" / "baseline.json"
    (boundary,) = loaded.boundaries
    assert (boundary.label, boundary.callees, boundary.func, boundary.args, boundary.kwargs) == (
        "ourlib.offload", ("ourlib.offload",), Arg(None, "fn"), Arg(1, None),
        Arg(None, "kw"),
    )
    assert boundary.iterables_from == 2 and boundary.many and boundary.handle == "future"
    assert loaded.ignores_for(("tests", "a.py")) == ("SSC2",)
    assert loaded.ignores_for(("src", "a.py")) == ()
    assert not loaded.selects("SSC202", loaded.ignores_for(("tests", "a.py")))
    assert loaded.selects("SSC202") and loaded.selects("SSC901") and not loaded.selects("SSC999")


@pytest.mark.parametrize(
    "select, extend, ignore, code, selected",
    [
        ((), (), (), "SSC901", False),  # off by default
        (("SSC",), (), (), "SSC901", False),  # ... and not switched on by the whole tool prefix
        (("SSC9",), (), (), "SSC901", True),
        ((), ("SSC901",), (), "SSC901", True),
        ((), ("SSC901",), ("SSC9",), "SSC901", True),  # longer prefix
        ((), ("SSC901",), ("SSC901",), "SSC901", False),
        ((), (), (), "SSC101", True),
        (("SSC2",), ("SSC101",), (), "SSC101", True),
        (("SSC2",), ("SSC101",), (), "SSC102", False),
    ],
)
def test_is_selected_with_extend_select(select, extend, ignore, code, selected):
    assert config.is_selected(code, select, ignore, extend) is selected


def test_tomli_below_python_3_11(tmp_path, monkeypatch):
    tomllib = pytest.importorskip("tomllib")
    monkeypatch.setattr(sys, "version_info", (3, 10, 0))
    monkeypatch.setitem(sys.modules, "tomli", tomllib)
    pyproject(tmp_path, '[tool.sendsync]\nstrictness = "minimal"\n')
    assert config.load([str(tmp_path)]).strictness == "minimal"


def test_api_check_raises_usage_error(tmp_path, monkeypatch):
    pyproject(tmp_path, "[tool.sendsync]\nselect = 1\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="tool.sendsync.select must be a list of strings"):
        api.check(["."])


@pytest.mark.parametrize(
    "path, pattern, matched",
    [
        ("a/b/c.py", "c.py", True),
        ("a/b/c.py", "b", True),
        ("a/b/c.py", "*.py", True),
        ("a/b/c.py", "a/b", True),
        ("a/b/c.py", "a/*", True),  # the directory a/b matches
        ("a/b/c.py", "a/*.py", False),  # `*` stays within one name
        ("a/b/c.py", "a/**/*.py", True),
        ("a/c.py", "a/**/*.py", True),
        ("a/b/c.py", "**/c.py", True),
        ("a/b/c.py", "./a/b/", True),
        ("a/b/c.py", "b/c.py", False),  # a path pattern is relative to the root
        ("a/b/c.py", "[ab]", True),
        ("a/b/c.py", "[!ab]", False),
        ("a/b/c.py", "", False),
    ],
)
def test_glob_matching(path, pattern, matched):
    assert discovery.matches(tuple(path.split("/")), pattern) is matched


DOCS = Path(__file__).resolve().parents[1] / "docs"


def toml_blocks(text: str):
    import re

    return re.findall(r"```toml\n(.*?)```", text, re.S)


@pytest.mark.parametrize("document", ["configuration.md", "getting-started.md",
                                      "recipes/legacy-code.md", "../README.md"])
def test_documented_configuration_is_valid(tmp_path, document):
    blocks = toml_blocks((DOCS / document).read_text(encoding="utf-8"))
    assert blocks, document
    for block in blocks:
        path = pyproject(tmp_path, block)
        loaded = config.load(config_file=str(path))
        assert loaded.path == path
        loaded.knowledge()


def test_documented_built_in_offloads_match_the_built_in_table(tmp_path):
    """configuration.md shows the entries that describe anyio, trio and starlette: they must be
    exactly what knowledge/boundaries.py ships."""
    from sendsync.knowledge import BOUNDARIES

    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    block = next(b for b in toml_blocks(text) if "trio.to_thread.run_sync" in b
                 and "run_in_threadpool" in b and "[tool.sendsync]" not in b)
    configured = config.load(config_file=str(pyproject(tmp_path, block))).boundaries
    built_in = {b.label: b for b in BOUNDARIES}
    assert [b.label for b in configured] == [
        "anyio.to_thread.run_sync", "trio.to_thread.run_sync", "run_in_threadpool",
    ]
    for boundary in configured:
        assert boundary == built_in[boundary.label]


def test_readme_has_the_ci_section_right_after_use():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    headings = [line for line in readme.splitlines() if line.startswith("## ")]
    assert headings[headings.index("## Use") + 1] == "## Use it in CI"


# --- globs: one engine (.gitignore patterns), bad patterns are configuration errors ------------------


@pytest.mark.parametrize(
    "key, pattern, problem",
    [
        ("extend-exclude", "[z-a]", "is not a valid glob (bad character range z-a)"),
        ("exclude", "[!]x", "is not a valid glob (an unclosed `[`, a comment, or nothing to match)"),
        ("extend-exclude", "**a**a**a**a**a**a**a**a/b",
         "has 8 `*` or `**`, and at most 3 are allowed (matching time grows with each)"),
    ],
)
def test_a_bad_glob_is_a_configuration_error_naming_the_key(tmp_path, write, run, key, pattern,
                                                             problem):
    pyproject(tmp_path, f"[tool.sendsync]\n{key} = [{pattern!r}]\n")
    write("mod.py", TIMER)
    assert run("check") == (
        2, "", f"sendsync: error: pyproject.toml: tool.sendsync.{key} has a bad pattern "
               f"{pattern!r}: it {problem}\n")


def test_a_bad_per_file_ignores_glob_names_its_key(tmp_path, write, run):
    pyproject(tmp_path, '[tool.sendsync]\nper-file-ignores = { "[z-a]" = ["SSC1"] }\n')
    write("mod.py", TIMER)
    assert run("check") == (
        2, "", "sendsync: error: pyproject.toml: tool.sendsync.per-file-ignores has a "
               "bad pattern '[z-a]': it is not a valid glob (bad character range z-a)\n")


def test_a_bad_glob_on_the_command_line_names_the_option(tmp_path, write, run):
    write("mod.py", TIMER)
    assert run("check", "--extend-exclude", "[z-a]") == (
        2, "", "sendsync: error: --extend-exclude: the pattern '[z-a]' is not a valid glob "
               "(bad character range z-a)\n")


def test_a_pathological_glob_ends_fast_on_a_hostile_tree(sendsync, tmp_path, write):
    # eight wildcards against directory names full of the letter they look for: the old
    # hand-made regex (and any backtracking engine) took minutes here
    for n in range(30):
        write(f"{'a' * (40 + n)}/{'a' * 60}/mod.py", "x = 1\n")
    write("app.py", TIMER)
    pyproject(tmp_path, '[tool.sendsync]\nextend-exclude = ["**a**a**a**a**a**a**a**a/b"]\n')
    started = time.perf_counter()
    proc = sendsync("check")
    assert time.perf_counter() - started < 30
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "tool.sendsync.extend-exclude has a bad pattern" in proc.stderr
    # the most wildcards a pattern may hold stays fast on the same tree
    pyproject(tmp_path, '[tool.sendsync]\nextend-exclude = ["*a*a*a/b"]\n')
    started = time.perf_counter()
    proc = sendsync("check", "--no-cache")
    assert time.perf_counter() - started < 30
    assert (proc.returncode, proc.stdout) == (1, "app.py" + TIMER_FINDING + "\n")


@pytest.mark.parametrize(
    "patterns, files",
    [
        (["/app"], ["lib/app/mod.py", "main.py"]),  # a leading / anchors at the project root
        (["app/"], ["main.py"]),  # a trailing / matches directories only
        (["mod.py"], ["app/keep.py", "main.py"]),
        (["app/*", "!app/keep.py"], ["app/keep.py", "lib/app/mod.py", "main.py"]),  # ! takes back
        (["**/mod.py"], ["app/keep.py", "main.py"]),
    ],
)
def test_excludes_read_like_gitignore(tmp_path, write, run, patterns, files):
    for name in ("app/mod.py", "app/keep.py", "lib/app/mod.py", "main.py"):
        write(name, TIMER)
    pyproject(tmp_path, f"[tool.sendsync]\nextend-exclude = {patterns!r}\n".replace("'", '"'))
    status, out, err = run("check", "--no-cache")
    assert err == ""
    assert sorted({line.split(":")[0].replace(os.sep, "/") for line in out.splitlines()}) == files


def test_an_excluded_directory_named_explicitly_is_walked_with_the_other_excludes(tmp_path, write,
                                                                                 run):
    for name in ("build/gen.py", "build/sub/gen.py", "build/sub/__pycache__/x.py",
                 "build/sub/gen_pb2.py"):
        write(name, TIMER)
    pyproject(tmp_path, '[tool.sendsync]\nextend-exclude = ["*_pb2.py"]\n')
    status, out, err = run("check", "--no-cache", "build")
    assert sorted({line.split(":")[0].replace(os.sep, "/") for line in out.splitlines()}) == [
        "build/gen.py", "build/sub/gen.py"]
