"""One file's failure stays that file's finding; interrupts end the run promptly; the checked code
is never run.

Internal errors are injected without touching sendsync: in process by monkeypatching the engine,
and for the real command by a ``sitecustomize`` module (on ``PYTHONPATH``) that patches the engine
in every interpreter the run starts, its worker processes included.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pytest

from sendsync import api
from sendsync.engine import checks

from shared_cases import BUG, FINDING, PACKAGE_ROOT  # noqa: E402

#: Patches the engine at interpreter start-up: checking the file named by SENDSYNC_TEST_FAIL_ON
#: raises (or, with SENDSYNC_TEST_DIE=1, ends the worker process that checks it abruptly).
SITECUSTOMIZE = '''
import os

_target = os.environ.get("SENDSYNC_TEST_FAIL_ON")
if _target:
    from sendsync.engine import checks as _checks
    from sendsync.engine import extract as _extract

    _check = _checks.check_module
    _read = _extract._extract_here

    def _failing_check(solution, mod):
        if os.path.basename(mod.path) == _target:
            raise RuntimeError("injected failure")
        return _check(solution, mod)

    def _dying_read(source, *args, **kwargs):
        import multiprocessing
        if (os.path.basename(source.path) == _target and os.environ.get("SENDSYNC_TEST_DIE")
                and multiprocessing.parent_process() is not None):
            os._exit(9)  # a worker dies as if killed
        return _read(source, *args, **kwargs)

    _checks.check_module = _failing_check
    _extract._extract_here = _dying_read
'''


def env_with(*paths: Path, **extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    entries = [str(p) for p in paths] + [str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in entries if p)
    env.update(extra)
    return env


def run(args: Sequence[str], cwd: Path, env: Dict[str, str], timeout: float = 300
        ) -> "subprocess.CompletedProcess[str]":
    return subprocess.run([sys.executable, "-m", "sendsync", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def findings(stdout: str) -> List[Tuple[str, int, int, str, str]]:
    out = []
    for line in stdout.splitlines():
        m = FINDING.match(line)
        assert m, f"not a finding line: {line!r}"
        out.append((m["path"], int(m["line"]), int(m["col"]), m["code"], m["msg"]))
    return out


def three_files(root: Path) -> None:
    for name in ("a.py", "b.py", "c.py"):
        (root / name).write_text(BUG)


def hooks(tmp_path: Path) -> Path:
    where = tmp_path / "hooks"
    where.mkdir()
    (where / "sitecustomize.py").write_text(SITECUSTOMIZE)
    return where


def check_help() -> str:
    proc = subprocess.run([sys.executable, "-m", "sendsync", "check", "--help"],
                          env=env_with(), capture_output=True, text=True, timeout=60)
    return proc.stdout


# --- an internal error on one file -------------------------------------------------------------


def test_internal_error_in_process_is_ssc998_for_that_file_only(tmp_path, monkeypatch):
    three_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    original = checks.check_module

    def failing(solution, mod):
        if mod.path == "b.py":
            raise KeyError("injected failure")
        return original(solution, mod)

    monkeypatch.setattr(checks, "check_module", failing)
    result = api.check(["."])
    got = [(d.path, d.line, d.col, d.code) for d in result.diagnostics]
    assert got == [("a.py", 7, 43, "SSC101"), ("b.py", 1, 1, "SSC998"), ("c.py", 7, 43, "SSC101")]
    message = result.diagnostics[1].message
    assert message == "internal error while checking this file: KeyError: 'injected failure'"
    assert result.files_checked == 3


def test_recursion_error_in_process_is_ssc998_for_that_file_only(tmp_path, monkeypatch):
    three_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    original = checks.check_module

    def failing(solution, mod):
        if mod.path == "a.py":
            raise RecursionError("maximum recursion depth exceeded")
        return original(solution, mod)

    monkeypatch.setattr(checks, "check_module", failing)
    got = [(d.path, d.code) for d in api.check(["."]).diagnostics]
    assert got == [("a.py", "SSC998"), ("b.py", "SSC101"), ("c.py", "SSC101")]


def test_internal_error_in_process_verbose_carries_the_traceback(tmp_path, monkeypatch):
    three_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    original = checks.check_module

    def failing(solution, mod):
        if mod.path == "b.py":
            raise RuntimeError("injected failure")
        return original(solution, mod)

    monkeypatch.setattr(checks, "check_module", failing)
    quiet = api.check(["."])
    loud = api.check(["."], verbose=True)
    assert [(d.path, d.code) for d in quiet.diagnostics] == [(d.path, d.code) for d in loud.diagnostics]
    everything = "".join(d.message for d in loud.diagnostics) + "".join(loud.internal_errors)
    assert "Traceback" in everything and "injected failure" in everything
    assert "Traceback" not in "".join(d.message for d in quiet.diagnostics)


def test_internal_error_from_the_command(tmp_path):
    (tmp_path / "proj").mkdir()
    three_files(tmp_path / "proj")
    env = env_with(hooks(tmp_path), SENDSYNC_TEST_FAIL_ON="b.py")
    proc = run(["."], tmp_path / "proj", env)
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert proc.stdout.splitlines()[1] == (
        "b.py:1:1: SSC998 internal error while checking this file: RuntimeError: injected failure")
    assert [(p, ln, c, code) for p, ln, c, code, _ in findings(proc.stdout)] == [
        ("a.py", 7, 43, "SSC101"), ("b.py", 1, 1, "SSC998"), ("c.py", 7, 43, "SSC101")]

    verbose = run([".", "--verbose"], tmp_path / "proj", env)
    assert verbose.returncode == 1
    assert "Traceback" in verbose.stdout + verbose.stderr
    assert "injected failure" in verbose.stdout + verbose.stderr
    # the findings themselves are unchanged, one line each
    assert [f[:4] for f in findings(verbose.stdout)] == [f[:4] for f in findings(proc.stdout)]


def test_internal_error_alone_still_exits_nonzero(tmp_path):
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "only.py").write_text(BUG)
    env = env_with(hooks(tmp_path), SENDSYNC_TEST_FAIL_ON="only.py")
    proc = run(["--select", "SSC998"], tmp_path / "proj", env)
    assert proc.returncode == 1
    assert [(p, code) for p, _, _, code, _ in findings(proc.stdout)] == [("only.py", "SSC998")]
    assert "Traceback" not in proc.stderr


# --- interrupts and dying workers --------------------------------------------------------------


def _large_tree(root: Path, files: int = 400) -> None:
    """Many modules that all hand work to threads: each one is analysed in depth."""
    body = "".join(
        f"def helper_{n}(items):\n    return [i * {n} for i in items if i]\n\n\n" for n in range(30))
    for n in range(files):
        pkg = root / f"pkg{n // 50}"
        pkg.mkdir(parents=True, exist_ok=True)
        (pkg / "__init__.py").touch()
        (pkg / f"mod{n}.py").write_text(BUG + "\n\n" + body)


def _default_sigint() -> None:  # a CI runner may start us with SIGINT ignored
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(tmp_path: Path, jobs: str, whole_group: bool) -> Tuple[int, float, str]:
    """Start a long run, interrupt it, return (exit status, seconds it took to exit, stderr)."""
    _large_tree(tmp_path)
    args = [sys.executable, "-m", "sendsync", "check", ".", "--no-cache"]
    if "--jobs" in check_help():
        args += ["--jobs", jobs]
    proc = subprocess.Popen(args, cwd=tmp_path, env=env_with(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint,
                            start_new_session=True)
    try:
        time.sleep(6)  # start-up is over: the run is checking files
        assert proc.poll() is None, "the run ended before it could be interrupted"
        if whole_group:  # what a terminal's Ctrl-C does
            os.killpg(proc.pid, signal.SIGINT)
        else:  # `kill -INT <pid>`, or a runner that signals only the process it started
            proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            return -1, time.monotonic() - sent, "still running 30s after SIGINT"
        return proc.returncode, time.monotonic() - sent, err
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("jobs, whole_group", [("1", True), ("2", True), ("1", False)],
                         ids=["ctrl-c, one process", "ctrl-c, two workers", "kill -INT, one process"])
def test_ctrl_c_exits_130_promptly_without_traceback(tmp_path, jobs, whole_group):
    status, waited, err = _interrupt(tmp_path, jobs, whole_group)
    assert status == 130, (status, err)
    assert waited < 5, f"exited {waited:.1f}s after SIGINT"
    assert "Traceback" not in err
    assert err.endswith("sendsync: error: interrupted\n"), err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.skipif("--jobs" not in check_help(), reason="no `--jobs`: no worker processes")
def test_sigint_to_the_main_process_stops_the_workers_too(tmp_path):
    status, waited, err = _interrupt(tmp_path, "2", whole_group=False)
    assert status == 130, (status, err)
    assert waited < 5, f"exited {waited:.1f}s after SIGINT"
    assert "Traceback" not in err


@pytest.mark.skipif("--jobs" not in check_help(),
                    reason="parallel checking (`--jobs`) does not exist yet: no workers to die")
def test_a_dying_worker_does_not_hang_the_run(tmp_path):
    (tmp_path / "proj").mkdir()
    three_files(tmp_path / "proj")
    env = env_with(hooks(tmp_path), SENDSYNC_TEST_FAIL_ON="b.py", SENDSYNC_TEST_DIE="1")
    started = time.monotonic()
    proc = run([".", "--jobs", "2", "--no-cache"], tmp_path / "proj", env, timeout=120)
    assert time.monotonic() - started < 60
    assert proc.returncode == 1
    got = [(p, code) for p, _, _, code, _ in findings(proc.stdout)]
    assert ("b.py", "SSC998") in got
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif("--jobs" not in check_help(),
                    reason="parallel checking (`--jobs`) does not exist yet: no workers to die")
def test_a_dying_worker_costs_only_its_own_file(tmp_path):
    (tmp_path / "proj").mkdir()
    for name in ("a.py", "b.py", "c.py", "d.py", "e.py", "f.py"):
        (tmp_path / "proj" / name).write_text(BUG)
    env = env_with(hooks(tmp_path), SENDSYNC_TEST_FAIL_ON="b.py", SENDSYNC_TEST_DIE="1")
    proc = run([".", "--jobs", "2", "--no-cache"], tmp_path / "proj", env, timeout=120)
    got = [(p, code) for p, _, _, code, _ in findings(proc.stdout)]
    assert got == [("a.py", "SSC101"), ("b.py", "SSC998"), ("c.py", "SSC101"), ("d.py", "SSC101"),
                   ("e.py", "SSC101"), ("f.py", "SSC101")]
    assert proc.returncode == 1


# --- the checked code never runs ---------------------------------------------------------------

SENTINEL = "SENDSYNC_TEST_SENTINEL_7F3A"


def _side_effect_project(root: Path, witness: Path) -> None:
    """A project whose every module does something visible the moment it is imported."""
    effect = textwrap.dedent(f"""\
        import os, sys
        {SENTINEL} = 1
        open({str(witness)!r} + "." + __name__, "w").close()
        sys.modules.pop("sendsync", None)
        sys.setrecursionlimit(50)
        """)
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text(effect + "while True:\n    pass\n")
    (root / "pkg" / "db.py").write_text(
        effect + "import sqlite3\n\n\ndef make():\n    return sqlite3.connect(':memory:')\n"
        "\n\nos._exit(3)\n")
    (root / "app.py").write_text(
        "import threading\nfrom pkg.db import make\nfrom pkg import db\n" + effect +
        "\n\ndef main():\n    conn = db.make()\n"
        "    threading.Timer(0.01, lambda: conn.execute('SELECT 1')).start()\n"
        "    eval('1')\n"
        "\n\nraise SystemExit(4)\n")
    (root / "conftest.py").write_text(effect + "os._exit(5)\n")
    (root / "setup.py").write_text(effect + "os._exit(6)\n")
    (root / "__main__.py").write_text(effect + "os._exit(7)\n")


PROJECT_MODULES = {"pkg", "pkg.db", "app", "conftest", "setup"}

#: Installed in every interpreter of the run (workers included) before anything else: records an
#: import of a project module, and the execution of any code object compiled from project code.
AUDIT_SITECUSTOMIZE = '''
import atexit, json, os, sys

_report = os.environ["SENDSYNC_TEST_AUDIT_REPORT"]
_sentinel = os.environ["SENDSYNC_TEST_SENTINEL"]
_names = set(os.environ["SENDSYNC_TEST_MODULES"].split(","))


def _log(*event):
    with open(_report, "a") as handle:
        handle.write(json.dumps([os.getpid(), *event]) + "\\n")


def _contains(code):
    if _sentinel in getattr(code, "co_names", ()) or _sentinel in getattr(code, "co_consts", ()):
        return True
    return any(_contains(c) for c in getattr(code, "co_consts", ()) if hasattr(c, "co_code"))


def _hook(event, args):
    if event == "import" and args[0] in _names:
        _log("import", args[0])
    elif event == "exec" and _contains(args[0]):
        _log("exec", repr(args[0]))


sys.addaudithook(_hook)
atexit.register(lambda: [_log("still imported", n) for n in sorted(_names & set(sys.modules))])
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_checked_code_is_never_imported_or_executed(tmp_path, jobs):
    witness = tmp_path / "witness"
    _side_effect_project(tmp_path / "proj", witness)
    audit = tmp_path / "audit"
    audit.mkdir()
    (audit / "sitecustomize.py").write_text(AUDIT_SITECUSTOMIZE)
    report = tmp_path / "report.jsonl"
    report.touch()
    env = env_with(audit, SENDSYNC_TEST_AUDIT_REPORT=str(report), SENDSYNC_TEST_SENTINEL=SENTINEL,
                   SENDSYNC_TEST_MODULES=",".join(sorted(PROJECT_MODULES)))
    proc = run([".", "--jobs", jobs, "--no-cache"], tmp_path / "proj", env, timeout=120)
    assert proc.returncode == 1, (proc.returncode, proc.stderr)  # not 3, 4, 5, 6, 7: nothing ran
    assert proc.stderr == ""
    assert report.read_text() == ""
    assert ("app.py", "SSC101") in [(p, code) for p, _, _, code, _ in findings(proc.stdout)]
    assert list(tmp_path.glob("witness*")) == []


def test_the_audit_hook_would_see_an_import(tmp_path):
    """The proof above is not vacuous: importing a project module is recorded."""
    witness = tmp_path / "witness"
    _side_effect_project(tmp_path / "proj", witness)
    (tmp_path / "proj" / "pkg" / "__init__.py").write_text(f"{SENTINEL} = 1\n")
    audit = tmp_path / "audit"
    audit.mkdir()
    (audit / "sitecustomize.py").write_text(AUDIT_SITECUSTOMIZE)
    report = tmp_path / "report.jsonl"
    env = env_with(audit, tmp_path / "proj", SENDSYNC_TEST_AUDIT_REPORT=str(report),
                   SENDSYNC_TEST_SENTINEL=SENTINEL, SENDSYNC_TEST_MODULES="pkg")
    subprocess.run([sys.executable, "-c", "import pkg"], env=env, check=True, timeout=60)
    events = [json.loads(line)[1:] for line in report.read_text().splitlines()]
    assert ["import", "pkg"] in events and any(e[0] == "exec" for e in events)


def test_the_command_does_not_run_the_checked_code(tmp_path):
    witness = tmp_path / "witness"
    _side_effect_project(tmp_path / "proj", witness)
    proc = run(["."], tmp_path / "proj", env_with(), timeout=120)
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert proc.stderr == ""
    assert ("app.py", "SSC101") in [(p, code) for p, _, _, code, _ in findings(proc.stdout)]
    assert list(tmp_path.glob("witness*")) == []


def _console_script() -> Optional[Path]:
    script = Path(sys.executable).with_name("sendsync")
    return script if script.exists() else None


@pytest.mark.parametrize("shadow", ["ast.py", "dataclasses.py", "tokenize.py"])
def test_a_project_module_named_like_a_stdlib_module_is_not_run_by_the_console_script(tmp_path, shadow):
    if _console_script() is None:
        pytest.skip("the sendsync command is not installed beside this interpreter")
    witness = tmp_path / "witness"
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / shadow).write_text(f"open({str(witness)!r}, 'w').close()\nimport os\nos._exit(3)\n")
    (tmp_path / "proj" / "app.py").write_text(BUG)
    proc = subprocess.run([str(_console_script()), "check", "."], cwd=tmp_path / "proj",
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert not witness.exists()


@pytest.mark.parametrize("shadow", ["ast.py", "dataclasses.py"])
def test_a_project_module_named_like_a_stdlib_module_is_not_run_by_python_m(tmp_path, shadow):
    witness = tmp_path / "witness"
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / shadow).write_text(f"open({str(witness)!r}, 'w').close()\nimport os\nos._exit(3)\n")
    (tmp_path / "proj" / "app.py").write_text(BUG)
    env = dict(os.environ)
    env.pop("PYTHONSAFEPATH", None)
    env["PYTHONPATH"] = str(PACKAGE_ROOT)
    proc = run(["."], tmp_path / "proj", env, timeout=120)
    assert not witness.exists()
    assert proc.returncode == 1, proc.stderr


# --- no module of the checked project shadows one that sendsync or the interpreter imports --------

#: The names a hostile test found run by ``python -m sendsync``; the test plants these and every
#: module a real run imports (computed below), not a hand list.
REPORTED_SHADOWS = {
    "typing", "importlib", "contextlib", "functools", "re", "enum", "warnings", "types",
    "operator", "collections", "copyreg", "keyword", "reprlib", "_typing", "sendsync",
}

#: Records, in order, every module imported in this interpreter and the modules loaded at exit.
#: It imports nothing itself before the end (atexit and sys are built in), so that it hides no
#: import from what it records.
PROBE_SITECUSTOMIZE = '''
import atexit, sys

_pid = __import__("os").getpid()
_events = []


def _hook(event, args):
    if event == "import":
        _events.append(args[0])


def _dump():
    import json, os
    if os.getpid() == _pid:
        with open(os.environ["SENDSYNC_TEST_PROBE"], "w") as handle:
            json.dump({"events": _events, "modules": sorted(sys.modules)}, handle)


sys.addaudithook(_hook)
atexit.register(_dump)
'''

SHADOW_ARGS = ("check", "-j2", "--format", "sarif", ".")


def _two_bugs(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "app.py").write_text(BUG)
    (root / "other.py").write_text(BUG)  # two modules to check: -j2 starts worker processes


def _probe(tmp_path: Path) -> Tuple[set, set]:
    """(every top-level module a real ``python -m sendsync`` run imports, the ones the
    interpreter imports before any code of sendsync runs)."""
    hooks, report, proj = tmp_path / "probe-hooks", tmp_path / "probe.json", tmp_path / "probe"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(PROBE_SITECUSTOMIZE)
    _two_bugs(proj)
    env = env_with(hooks, SENDSYNC_TEST_PROBE=str(report), XDG_CACHE_HOME=str(tmp_path / "uc"))
    env.pop("PYTHONSAFEPATH", None)
    proc = subprocess.run([sys.executable, "-m", "sendsync", *SHADOW_ARGS], cwd=proj, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    seen = json.loads(report.read_text())
    top = {name.partition(".")[0] for name in seen["modules"] + seen["events"]}
    events = [name.partition(".")[0] for name in seen["events"]]
    before = set(events[:events.index("sendsync")]) if "sendsync" in events else set()
    names = {n for n in top | REPORTED_SHADOWS
             if n.isidentifier() and n not in ("__main__", "sitecustomize", "usercustomize")}
    return names, before


def _plant(root: Path, names: set, hits: Path) -> None:
    hits.mkdir()
    for name in names:
        (root / f"{name}.py").write_text(
            f"open({str(hits / name)!r}, 'w').close()\nimport os\nos._exit(3)\n")


def _shadow_run(command: List[str], root: Path, env: Dict[str, str]
                ) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_python_m_runs_no_module_of_the_checked_project(tmp_path):
    names, before = _probe(tmp_path)
    assert {"ast", "typing", "json", "multiprocessing", "hmac"} <= names
    # What the interpreter imports before sendsync's first line is out of sendsync's reach
    # (runpy on 3.9/3.10, importlib and types on 3.12+): docs/reliability.md says so.
    planted = names - before - {"sendsync"}
    proj = tmp_path / "proj"
    _two_bugs(proj)
    _plant(proj, planted, tmp_path / "hits")
    env = env_with(XDG_CACHE_HOME=str(tmp_path / "uc"))
    env.pop("PYTHONSAFEPATH", None)
    proc = _shadow_run([sys.executable, "-m", "sendsync", *SHADOW_ARGS], proj, env)
    assert sorted(p.name for p in (tmp_path / "hits").iterdir()) == []
    assert proc.returncode == 1, proc.stderr
    results = json.loads(proc.stdout)["runs"][0]["results"]
    assert sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
                  for r in results) == [("app.py", "SSC101"), ("other.py", "SSC101")]


def test_the_console_script_runs_no_module_of_the_checked_project(tmp_path):
    if _console_script() is None:
        pytest.skip("the sendsync command is not installed beside this interpreter")
    names, before = _probe(tmp_path)
    proj = tmp_path / "proj"
    _two_bugs(proj)
    _plant(proj, names | before, tmp_path / "hits")  # sendsync.py and runpy.py too
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "uc"))
    proc = _shadow_run([str(_console_script()), *SHADOW_ARGS], proj, env)
    assert sorted(p.name for p in (tmp_path / "hits").iterdir()) == []
    assert proc.returncode == 1, proc.stderr
    assert len(json.loads(proc.stdout)["runs"][0]["results"]) == 2


#: Makes the run start its workers as macOS and Windows do (``spawn``), in the main process only.
SPAWN_SITECUSTOMIZE = '''
import os
if not os.environ.get("SENDSYNC_TEST_SPAWNED"):
    os.environ["SENDSYNC_TEST_SPAWNED"] = "1"
    import multiprocessing
    multiprocessing.set_start_method("spawn", force=True)
'''


@pytest.mark.skipif(sys.version_info < (3, 11), reason="PYTHONSAFEPATH exists from Python 3.11")
@pytest.mark.parametrize("how", ["python -m", "command"])
def test_workers_started_afresh_run_no_module_of_the_checked_project(tmp_path, how):
    if how == "command" and _console_script() is None:
        pytest.skip("the sendsync command is not installed beside this interpreter")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SPAWN_SITECUSTOMIZE)
    proj = tmp_path / "proj"
    _two_bugs(proj)
    _plant(proj, {"multiprocessing", "concurrent", "runpy", "ast", "typing", "json"},
           tmp_path / "hits")
    env = env_with(hooks, XDG_CACHE_HOME=str(tmp_path / "uc"))
    env.pop("PYTHONSAFEPATH", None)
    command = ([sys.executable, "-m", "sendsync"] if how == "python -m"
               else [str(_console_script())])
    proc = _shadow_run(command + ["check", "-j2", "."], proj, env)
    assert sorted(p.name for p in (tmp_path / "hits").iterdir()) == []
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout.splitlines()) == 2
