"""The command as a user sees it: exit status, stdout and stderr, byte for byte where it matters."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sendsync import api, cli, engine
from sendsync._version import __version__
from sendsync.config import UsageError
from sendsync.diagnostics import Diagnostic
from sendsync.report import ruledoc
from sendsync.rules import all_rules, lookup

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"
FINDING = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>SSC\d{3}) \S")


def broken_link(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(path.with_name(path.name + ".missing"))
    return path


def engine_reports_syntax_errors() -> bool:
    source = engine.Source("bad.py", "bad", False, b"def broken(:\n    pass\n")
    return any(d.code == "SSC999" for d in engine.check_project([source]))


# --- exit status and output --------------------------------------------------------------------


def test_version(sendsync):
    proc = sendsync("--version")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"sendsync {__version__}\n", "")


def test_no_command_prints_help_to_stderr_and_exits_2(sendsync):
    proc = sendsync()
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("usage: sendsync")
    assert "examples:" in proc.stderr


def test_help_has_examples(sendsync):
    proc = sendsync("check", "--help")
    assert proc.returncode == 0
    assert "sendsync check --select SSC1" in proc.stdout


def test_clean_project_exits_0_silently(sendsync, write):
    write("app.py", "import threading\nx = 1\n")
    write("pkg/__init__.py")
    proc = sendsync("check")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_unreadable_file_is_ssc999_exit_1(sendsync, write, tmp_path):
    write("ok.py", "x = 1\n")
    broken_link(tmp_path / "gone.py")
    proc = sendsync("check")
    assert proc.returncode == 1
    assert proc.stdout == "gone.py:1:1: SSC999 cannot read file: broken symbolic link\n"
    assert proc.stderr == ""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_is_ssc999(sendsync, write):
    locked = write("locked.py", "x = 1\n")
    locked.chmod(0)
    try:
        proc = sendsync("check")
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 1
    assert proc.stdout == "locked.py:1:1: SSC999 cannot read file: Permission denied\n"


def test_syntax_error_is_ssc999_at_the_parsers_position(sendsync, write):
    if not engine_reports_syntax_errors():
        pytest.skip("the engine does not report syntax errors yet")
    write("good.py", "x = 1\n")
    write("bad.py", "a = 1\nb = = 2\n")
    proc = sendsync("check")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    match = FINDING.match(lines[0])
    assert match and match["path"] == "bad.py" and match["code"] == "SSC999"
    assert match["line"] == "2"
    assert "Traceback" not in proc.stderr


def test_output_sorted_and_relative_to_cwd(sendsync, tmp_path):
    for name in ("b/z.py", "a.py", "b/a.py", "a/b.py"):
        broken_link(tmp_path / "proj" / name)
    proc = sendsync("check", str(tmp_path / "proj" / "b"), "proj")
    assert proc.returncode == 1
    paths = [FINDING.match(line)["path"] for line in proc.stdout.splitlines()]
    expected = ["proj/a.py", "proj/a/b.py", "proj/b/a.py", "proj/b/z.py"]
    assert paths == [p.replace("/", os.sep) for p in expected]


def test_path_outside_cwd_shown_as_given(sendsync, tmp_path):
    broken_link(tmp_path / "other" / "x.py")
    (tmp_path / "here").mkdir()
    proc = sendsync("check", os.path.join("..", "other"), cwd=tmp_path / "here")
    assert proc.stdout.startswith(os.path.join("..", "other", "x.py") + ":1:1: SSC999 ")


def test_directory_named_like_a_module_is_walked(sendsync, tmp_path):
    broken_link(tmp_path / "x.py" / "inner.py")
    proc = sendsync("check", "x.py")
    assert proc.stdout.startswith(os.path.join("x.py", "inner.py") + ":1:1: SSC999 ")


def test_nonexistent_path_is_usage_error(sendsync):
    proc = sendsync("check", "missing.py")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "sendsync: error: path does not exist: missing.py\n"


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_code_is_usage_error(sendsync, write, option):
    write("a.py", "x = 1\n")
    proc = sendsync("check", option, "SSC999,XYZ12")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "sendsync: error: unknown rule code or prefix: XYZ12\n"


def test_unknown_format_is_usage_error(sendsync):
    proc = sendsync("check", "--format", "nope")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


@pytest.mark.parametrize(
    "options, status",
    [
        ((), 1),
        (("--select", "SSC1"), 0),
        (("--ignore", "SSC9"), 0),
        (("--ignore", "ssc9", "--select", "SSC999"), 1),
        (("--select", "SSC9", "--ignore", "SSC999"), 0),
        (("--exit-zero",), 0),
    ],
)
def test_select_ignore_exit_zero(sendsync, tmp_path, options, status):
    broken_link(tmp_path / "gone.py")
    proc = sendsync("check", *options)
    assert proc.returncode == status
    assert bool(proc.stdout) == ("--exit-zero" in options or status == 1)


def test_statistics_follow_the_findings(sendsync, tmp_path):
    broken_link(tmp_path / "a.py")
    broken_link(tmp_path / "b.py")
    proc = sendsync("check", "--statistics")
    assert proc.stdout.splitlines()[2:] == ["2     SSC999 syntax-error"]


def test_noqa_on_the_reported_line_is_honoured(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("x = 1  # noqa: SSC999\ny = 2\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        engine, "check_project",
        lambda sources, **kw: [Diagnostic("a.py", n, 1, "SSC999", "boom") for n in (1, 2)],
    )
    assert [d.line for d in api.check(["."]).diagnostics] == [2]


def test_broken_pipe_is_quiet(tmp_path):
    for n in range(2000):
        broken_link(tmp_path / f"f{n:04}.py")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sendsync", "check"], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) in (0, 1)
    assert stderr == ""


# --- rule documentation ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["SSC999", "ssc999", "syntax-error"])
def test_rule_prints_its_page(sendsync, key):
    proc = sendsync("rule", key)
    assert proc.returncode == 0
    page = ruledoc.render(lookup("SSC999"))
    assert proc.stdout == page
    assert proc.stdout.startswith("# SSC999 syntax-error\n")
    assert proc.stdout == (DOCS / "SSC999-syntax-error.md").read_text(encoding="utf-8")


def test_unknown_rule_is_usage_error(sendsync):
    proc = sendsync("rule", "SSC000")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("sendsync: error: unknown rule: SSC000")


def test_rules_lists_every_rule(sendsync):
    proc = sendsync("rules")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [[r.code, r.name] for r in all_rules()]
    width = max(len(r.name) for r in all_rules())
    expected = f"SSC999  {'syntax-error':<{width}}  A file could not be read or parsed"
    assert expected in proc.stdout.splitlines()[-1]


# --- in process: what never reaches the user ---------------------------------------------------


def test_engine_crash_is_ssc998_on_every_file_without_traceback(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.py").write_text("y = 2\n")
    monkeypatch.chdir(tmp_path)

    def crash(sources, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(engine, "check_project", crash)
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    message = "SSC998 internal error while checking this file: RecursionError: maximum recursion"
    assert out.splitlines() == [f"{p}:1:1: {message} depth exceeded" for p in ("a.py", "b.py")]
    assert err == ""
    assert cli.main(["check", "--verbose"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_keyboard_interrupt_exits_130(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "check", interrupted)
    assert cli.main(["check"]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_unexpected_error_exits_2_without_traceback(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ValueError("bad")

    monkeypatch.setattr(api, "check", broken)
    assert cli.main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sendsync: error: internal error: ValueError: bad")
    assert "Traceback" not in err


# --- api: select and ignore ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, select, ignore, selected",
    [
        ("SSC101", (), (), True),
        ("SSC101", ("SSC1",), (), True),
        ("SSC201", ("SSC1",), (), False),
        ("SSC101", (), ("SSC1",), False),
        ("SSC101", ("SSC101",), ("SSC1",), True),  # the longer prefix wins
        ("SSC102", ("SSC101",), ("SSC1",), False),
        ("SSC101", ("SSC1",), ("SSC101",), False),
        ("SSC101", ("SSC1",), ("SSC1",), False),  # a tie goes to ignore
        ("SSC999", ("SSC1",), (), False),  # tool findings obey select too
        ("SSC999", (), ("SSC",), False),
    ],
)
def test_is_selected(code, select, ignore, selected):
    assert api.is_selected(code, select, ignore) is selected


def test_filter_diagnostics_keeps_order():
    codes = ["SSC101", "SSC201", "SSC999"]
    found = [Diagnostic("a.py", n, 1, code, "m") for n, code in enumerate(codes, 1)]
    assert api.filter_diagnostics(found, ("SSC",), ("SSC2",)) == [found[0], found[2]]


def test_validate_codes():
    assert api.validate_codes([" ssc9 ", "", "SSC999"]) == ("SSC9", "SSC999")
    with pytest.raises(UsageError, match="unknown rule code or prefix: E501"):
        api.validate_codes(["E501"])


def test_check_hands_sources_to_the_engine(tmp_path, monkeypatch):
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "__init__.py").write_bytes(b"")
    (tmp_path / "src" / "pkg" / "mod.py").write_bytes(b"x = 1\r\n")
    monkeypatch.chdir(tmp_path)
    seen = []
    monkeypatch.setattr(engine, "check_project", lambda sources, **kw: seen.extend(sources) or [])
    result = api.check(["src"])
    assert result == api.Result([], 2)
    assert seen == [
        engine.Source(os.path.join("src", "pkg", "__init__.py"), "pkg", True, b""),
        engine.Source(os.path.join("src", "pkg", "mod.py"), "pkg.mod", False, b"x = 1\r\n"),
    ]


def test_check_sorts_and_deduplicates(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    found = [
        Diagnostic("a.py", 3, 1, "SSC201", "m"),
        Diagnostic("a.py", 2, 5, "SSC101", "m"),
        Diagnostic("a.py", 2, 1, "SSC201", "m"),
        Diagnostic("a.py", 2, 1, "SSC101", "m"),
        Diagnostic("a.py", 2, 1, "SSC101", "m"),
    ]
    monkeypatch.setattr(engine, "check_project", lambda sources, **kw: list(found))
    keys = [(d.line, d.col, d.code) for d in api.check(["."]).diagnostics]
    assert keys == [(2, 1, "SSC101"), (2, 1, "SSC201"), (2, 5, "SSC101"), (3, 1, "SSC201")]


# --- the integration options ---------------------------------------------------------------------


def test_check_help_lists_the_integration_options(sendsync):
    proc = sendsync("check", "--help")
    assert proc.returncode == 0
    for option in ("--extend-select", "--config", "--isolated", "--exclude", "--extend-exclude",
                   "--force-exclude", "--strictness", "--format", "--output-file", "--baseline",
                   "--write-baseline", "--statistics", "--exit-zero"):
        assert option in proc.stdout, option
    assert "{full,github,json,sarif,text}" in proc.stdout


def test_bad_strictness_is_a_usage_error(sendsync):
    proc = sendsync("check", "--strictness", "strict")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "invalid choice: 'strict'" in proc.stderr


def test_api_prints_nothing(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.py").write_text("import threading\nthreading.Thread(target=print).start()\n")
    (tmp_path / "bad.py").write_text("def broken(:\n")
    (tmp_path / "pyproject.toml").write_text('[tool.sendsync]\nextend-select = ["SSC901"]\n')
    monkeypatch.chdir(tmp_path)
    result = api.check(["."])
    assert [d.code for d in result.diagnostics] == ["SSC999"]
    assert result.source_lines("a.py") == ["import threading",
                                           "threading.Thread(target=print).start()"]
    assert capsys.readouterr() == ("", "")


def test_rule_json_for_an_unknown_rule_is_a_usage_error(sendsync):
    proc = sendsync("rule", "nope", "--format", "json")
    assert (proc.returncode, proc.stdout) == (2, "")


# --- output that cannot be written, configuration that cannot be read: one line, never a crash -----

TIMER_BUG = (
    "import sqlite3\nimport threading\n\n\ndef main():\n    conn = sqlite3.connect(':memory:')\n"
    "    flush = threading.Timer(0.01, lambda: conn.execute('SELECT 1'))\n    flush.start()\n"
)


def command(cwd: Path, *args: str, **kwargs) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.run([sys.executable, "-m", "sendsync", "check", "--no-cache", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_on_stdout_is_a_one_line_error(tmp_path):
    (tmp_path / "app.py").write_text(TIMER_BUG)
    with open("/dev/full", "w") as full:
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
        proc = subprocess.run([sys.executable, "-m", "sendsync", "check", "--no-cache"],
                              cwd=tmp_path, env=env, stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == "sendsync: error: cannot write the report to standard output: " \
                          "No space left on device\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
def test_a_closed_stdout_is_a_one_line_error(tmp_path):
    (tmp_path / "app.py").write_text(TIMER_BUG)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.run(
        [sys.executable, "-c", "import os, runpy, sys; os.close(1); sys.argv = ['sendsync', "
         "'check', '--no-cache']; runpy.run_module('sendsync', run_name='__main__')"],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "sendsync: error: cannot write the report to standard output: Bad file descriptor")
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
def test_a_stdout_closed_before_start_is_a_one_line_error(tmp_path):
    (tmp_path / "app.py").write_text(TIMER_BUG)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m sendsync check --no-cache >&-'],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True, timeout=120)
    assert (proc.returncode, proc.stderr) == (
        2, "sendsync: error: cannot write the report: standard output is closed\n")


def test_a_reader_that_goes_away_at_once_ends_the_output_quietly(tmp_path):
    (tmp_path / "app.py").write_text(TIMER_BUG)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m sendsync check --no-cache | head -c0; '
                     'exit "${PIPESTATUS:-0}"'],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.stderr == ""


def test_a_deeply_nested_toml_array_is_a_configuration_error(tmp_path):
    (tmp_path / "app.py").write_text(TIMER_BUG)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.sendsync]\nselect = " + "[" * 5000 + "]" * 5000 + "\n")
    proc = command(tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "sendsync: error: pyproject.toml: invalid TOML: nested too deeply to read\n"


def test_in_process_callers_keep_their_garbage_collected(tmp_path, monkeypatch, capsys):
    """The command's own process leaves the analysis's objects to the exit (``one_shot``); a
    caller of ``cli.main`` or ``api.check`` that goes on running must not have them frozen for
    good, nor its collector left off."""
    import gc

    (tmp_path / "app.py").write_text(
        "import sqlite3, threading\n"
        "conn = sqlite3.connect(':memory:')\n"
        "threading.Thread(target=lambda: conn.execute('select 1')).start()\n")
    monkeypatch.chdir(tmp_path)
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    assert cli.main(["check", "--no-cache"]) == 1
    assert "app.py:3:" in capsys.readouterr().out
    assert api.check([str(tmp_path)]).diagnostics
    assert (gc.get_freeze_count(), gc.isenabled()) == (frozen, enabled)


def test_one_shot_changes_no_finding(tmp_path):
    (tmp_path / "app.py").write_text(
        "import sqlite3, threading\n"
        "conn = sqlite3.connect(':memory:')\n"
        "threading.Thread(target=lambda: conn.execute('select 1')).start()\n")
    import gc

    frozen = gc.get_freeze_count()
    try:
        shot = api.check([str(tmp_path)], one_shot=True).diagnostics
        left = gc.get_freeze_count() - frozen
    finally:
        gc.unfreeze()
    assert left > 0  # nothing the analysis made is walked again
    assert shot == api.check([str(tmp_path)]).diagnostics
    assert [(d.line, d.code) for d in shot] == [(3, "SSC104")]
