"""``--format``: text, full, json, sarif and github, byte for byte where a user or a program reads
them; SARIF validated against the official SARIF 2.1.0 schema (vendored, no network)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sendsync import report
from sendsync.diagnostics import Diagnostic, Note
from sendsync.report import Context, full, github, sarif, text
from sendsync.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
FORMATS_DOC = ROOT / "docs" / "formats.md"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

APP = """\
import sqlite3
import threading


def main():
    conn = sqlite3.connect(":memory:")
    timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))
    timer.start()
    x = 1  # noqa: SSC101
"""
MESSAGE = ("`conn` (sqlite3 connection, NotSend: created at line 6 with check_same_thread=True) "
           "is captured by the lambda passed to threading.Timer")
HELP = "create the value inside the target, or pass plain data and let the target build its own"


def run(tmp_path: Path, *args: str, env=None, **kwargs) -> "subprocess.CompletedProcess[str]":
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), environ.get("PYTHONPATH")) if p)
    environ.update(env or {})
    options = dict(capture_output=True, text=True, timeout=120)
    options.update(kwargs)
    return subprocess.run([sys.executable, "-m", "sendsync", *args], cwd=tmp_path, env=environ,
                          **options)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    (tmp_path / "bad.py").write_text("def broken(:\n    pass\n", encoding="utf-8")
    return tmp_path


# --- text ----------------------------------------------------------------------------------------


def test_text_is_flake8_style(project):
    proc = run(project, "check")
    assert proc.returncode == 1 and proc.stderr == ""
    assert proc.stdout == (
        f"app.py:7:42: SSC101 {MESSAGE}\n"
        "bad.py:1:12: SSC999 syntax error: invalid syntax\n"
    )


@pytest.mark.parametrize(
    "env, colored",
    [({}, False), ({"FORCE_COLOR": "1"}, True), ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
     ({"FORCE_COLOR": ""}, False)],
)
def test_color_only_when_asked_for_off_a_terminal(project, env, colored):
    proc = run(project, "check", env=env)
    assert bool(ANSI.search(proc.stdout)) is colored
    assert ANSI.sub("", proc.stdout) == run(project, "check").stdout


def test_forced_color_text_line(project):
    proc = run(project, "check", "--select", "SSC101", env={"FORCE_COLOR": "1"})
    assert proc.stdout == (
        "\x1b[1mapp.py\x1b[0m\x1b[36m:\x1b[0m7\x1b[36m:\x1b[0m42\x1b[36m:\x1b[0m "
        f"\x1b[1;31mSSC101\x1b[0m {MESSAGE}\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("env, colored", [({}, True), ({"NO_COLOR": "1"}, False),
                                          ({"TERM": "dumb"}, False)])
def test_color_on_a_terminal(project, env, colored):
    import pty

    master, slave = pty.openpty()
    try:
        proc = run(project, "check", "--select", "SSC101", env=dict({"TERM": "xterm"}, **env),
                   stdout=slave, stderr=subprocess.PIPE, capture_output=False, text=False)
    finally:
        os.close(slave)
    output = b""
    try:
        while True:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            output += chunk
    except OSError:  # Linux: EIO once the terminal's other end is closed and drained
        pass
    finally:
        os.close(master)
    assert proc.returncode == 1
    shown = output.decode().replace("\r\n", "\n")
    assert bool(ANSI.search(shown)) is colored
    assert ANSI.sub("", shown) == f"app.py:7:42: SSC101 {MESSAGE}\n"


# --- full ----------------------------------------------------------------------------------------


def test_full_shows_the_line_carets_and_help(project):
    proc = run(project, "check", "--format", "full")
    assert proc.returncode == 1 and proc.stderr == ""
    assert proc.stdout == f"""\
error[SSC101]: {MESSAGE}
 --> app.py:7:42
  |
7 |     timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))
  |                                          ^^^^ notsend-captured
  |
note: sqlite3 connection: created at line 6 with check_same_thread=True
 --> app.py:6:12
  |
6 |     conn = sqlite3.connect(":memory:")
  |            ---------------------------
  |
note: the work is handed to threading.Timer here
 --> app.py:7:13
  |
7 |     timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))
  |             ------------------------------------------------------
  |
  = help: {HELP}

error[SSC999]: syntax error: invalid syntax
 --> bad.py:1:12
  |
1 | def broken(:
  |            ^ syntax-error
  |
  = help: fix the file so that it parses, or exclude it

"""


def test_full_renders_notes_with_their_own_snippets():
    sources = {
        "pkg/a.py": ["import threading", "", "\tworker = threading.Thread(target=job, args=(db,))"],
        "pkg/db.py": ["db = open_db()"] + ["pass"] * 10 + ["class Db(NotSend): ..."],
    }
    d = Diagnostic(
        "pkg/a.py", 3, 46, "SSC102", "`db` (Db, NotSend) is passed to threading.Thread",
        notes=(Note("pkg/db.py", 12, 7, "`Db` is marked NotSend here"),
               Note("pkg/db.py", 99, 1, "a line the file does not have")),
        help="pass plain data",
    )
    lines = list(full.render([d], Context(lines=lambda p: sources.get(p, []))))
    assert lines == [
        "error[SSC102]: `db` (Db, NotSend) is passed to threading.Thread",
        "  --> pkg/a.py:3:46",
        "   |",
        " 3 |     worker = threading.Thread(target=job, args=(db,))",
        "   |                                                 ^^ notsend-passed",
        "   |",
        "note: `Db` is marked NotSend here",
        "  --> pkg/db.py:12:7",
        "   |",
        "12 | class Db(NotSend): ...",
        "   |       --",
        "   |",
        "note: a line the file does not have",
        "  --> pkg/db.py:99:1",
        "   |",
        "   = help: pass plain data",
        "",
    ]


def test_full_in_color_marks_the_level_and_carets():
    d = Diagnostic("a.py", 1, 1, "SSC901", "`noqa` names SSC101 but no such finding is reported")
    lines = list(full.render([d], Context(color=True, lines=lambda p: ["# noqa: SSC101"])))
    assert lines[0] == ("\x1b[1;33mwarning[SSC901]\x1b[0m\x1b[1m: `noqa` names SSC101 but no such "
                        "finding is reported\x1b[0m")
    assert lines[4] == "\x1b[1;34m  |\x1b[0m \x1b[1;33m^^^^^^^^^^^^^^ unused-noqa\x1b[0m"


# --- json ----------------------------------------------------------------------------------------


def documented_schema() -> dict:
    """The JSON Schema that docs/formats.md publishes for ``--format json``."""
    doc = FORMATS_DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- json-schema -->\s*```json\n(.*?)```", doc, re.S)
    assert match, "docs/formats.md must hold the JSON format's schema after <!-- json-schema -->"
    return json.loads(match.group(1))


def test_json_output(project):
    proc = run(project, "check", "--format", "json", "--statistics")
    assert proc.returncode == 1
    assert proc.stderr == "1     SSC101 notsend-captured\n1     SSC999 syntax-error\n"
    document = json.loads(proc.stdout)
    assert document["version"] == 1 and document["files_checked"] == 2
    assert document["tool"]["name"] == "sendsync"
    assert document["findings"][0] == {
        "path": "app.py", "line": 7, "column": 42, "end_line": 7, "end_column": 46, "code": "SSC101",
        "name": "notsend-captured", "severity": "error", "message": MESSAGE, "help": HELP,
        "url": report.DOCS_URL + "SSC101-notsend-captured.md", "notes": [
            {"path": "app.py", "line": 6, "column": 12, "end_line": 6, "end_column": 39,
             "message": "sqlite3 connection: created at line 6 with check_same_thread=True"},
            {"path": "app.py", "line": 7, "column": 13, "end_line": 7, "end_column": 67,
             "message": "the work is handed to threading.Timer here"},
        ],
    }
    assert [f["code"] for f in document["findings"]] == ["SSC101", "SSC999"]


def test_json_output_matches_the_documented_schema(project):
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads(run(project, "check", "--format", "json",
                              "--extend-select", "SSC901").stdout)
    d = Diagnostic("a.py", 1, 1, "SSC101", "m", notes=(Note("b.py", 2, 3, "n"),), help=None)
    (with_notes,) = json.loads("\n".join(report.render("json", [d])))["findings"]
    # a note on a file whose lines the report does not have: no end
    assert with_notes["notes"] == [{"path": "b.py", "line": 2, "column": 3, "end_line": None,
                                    "end_column": None, "message": "n"}]
    document["findings"].append(with_notes)
    schema = documented_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(document)
    assert {f["code"] for f in document["findings"]} == {"SSC101", "SSC901", "SSC999"}


def test_empty_json_is_still_a_document(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n")
    proc = run(tmp_path, "check", "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["findings"] == []


# --- sarif ---------------------------------------------------------------------------------------


def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_is_valid_against_the_official_schema(project):
    (project / "sub dir").mkdir()
    (project / "sub dir" / "more.py").write_text(APP, encoding="utf-8")
    proc = run(project, "check", "--format", "sarif", "--extend-select", "SSC901")
    assert proc.returncode == 1 and proc.stderr == ""
    log = json.loads(proc.stdout)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    results = run_["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("SSC101", "error"), ("SSC901", "warning"), ("SSC999", "error"), ("SSC101", "error"),
        ("SSC901", "warning"),
    ]
    first = results[0]
    assert first["message"]["text"] == MESSAGE
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7, "startColumn": 42, "endColumn": 46},
    }
    uri = results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "sub%20dir/more.py"
    base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == project.resolve().as_uri() + "/" or base == project.as_uri() + "/"
    rules = run_["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]


def test_sarif_rule_metadata():
    log = json.loads("\n".join(report.render("sarif", [])))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "sendsync" and driver["informationUri"].startswith("https://")
    by_id = {r["id"]: r for r in driver["rules"]}
    assert set(by_id) == {r.code for r in all_rules()} | {"SSC901"}
    for rule in all_rules():
        descriptor = by_id[rule.code]
        assert descriptor["name"] == rule.name
        assert descriptor["helpUri"] == f"{report.DOCS_URL}{rule.code}-{rule.name}.md"
        assert descriptor["help"]["markdown"].startswith(f"# {rule.code} {rule.name}\n")
        assert descriptor["shortDescription"]["text"]
        assert descriptor["properties"]["problem.severity"] in ("error", "warning")
    assert not list(sarif_validator().iter_errors(log))


def test_sarif_related_locations_from_notes():
    d = Diagnostic("a.py", 2, 5, "SSC102", "`db` is passed",
                   notes=(Note("b.py", 9, 1, "`db` is created here"),))
    log = json.loads("\n".join(report.render("sarif", [d])))
    (result,) = log["runs"][0]["results"]
    assert result["relatedLocations"] == [{
        "id": 0, "message": {"text": "`db` is created here"},
        "physicalLocation": {"artifactLocation": {"uri": "b.py", "uriBaseId": "%SRCROOT%"},
                             "region": {"startLine": 9, "startColumn": 1}},
    }]
    assert not list(sarif_validator().iter_errors(log))


# --- github --------------------------------------------------------------------------------------


def test_github_annotations(project):
    proc = run(project, "check", "--format", "github", env={"FORCE_COLOR": "1"})
    assert proc.returncode == 1
    assert proc.stdout == (
        "::error title=SSC101 notsend-captured,file=app.py,line=7,col=42,endColumn=46::"
        f"SSC101 {MESSAGE}%0Anote: app.py:6:12: sqlite3 connection: created at line 6 with "
        "check_same_thread=True%0Anote: app.py:7:13: the work is handed to threading.Timer here"
        f"%0Ahelp: {HELP}\n"
        "::error title=SSC999 syntax-error,file=bad.py,line=1,col=12,endColumn=13::"
        "SSC999 syntax error: invalid syntax%0Ahelp: fix the file so that it parses, "
        "or exclude it\n"
    )


def test_github_escapes_workflow_command_syntax():
    d = Diagnostic("a,b:c%.py", 3, 1, "SSC901", "100% sure:\r\nyes",
                   notes=(Note("n.py", 1, 2, "note, here"),))
    (line,) = github.render([d], Context())
    assert line == ("::warning title=SSC901 unused-noqa,file=a%2Cb%3Ac%25.py,line=3,col=1::"
                    "SSC901 100%25 sure:%0D%0Ayes%0Anote: n.py:1:2: note, here"
                    "%0Ahelp: remove the code from the comment, or the whole comment if nothing is left")


# --- where the output goes ------------------------------------------------------------------------


def test_output_file(project):
    proc = run(project, "check", "--format", "sarif", "-o", "sendsync.sarif",
               "--statistics")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == "1     SSC101 notsend-captured\n1     SSC999 syntax-error\n"
    log = json.loads((project / "sendsync.sarif").read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == 2


def test_output_file_is_never_colored(project):
    run(project, "check", "-o", "out.txt", env={"FORCE_COLOR": "1"})
    assert (project / "out.txt").read_text() == run(project, "check").stdout


def test_unwritable_output_file_is_a_usage_error(project):
    proc = run(project, "check", "-o", "missing/dir/out.txt")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith("sendsync: error: cannot write missing/dir/out.txt: ")


def test_statistics_follow_text_and_full_on_stdout(project):
    proc = run(project, "check", "--format", "full", "--statistics")
    assert proc.stdout.endswith("\n\n1     SSC101 notsend-captured\n1     SSC999 syntax-error\n")


# --- rule documentation as JSON -------------------------------------------------------------------


def test_rule_as_json(tmp_path):
    proc = run(tmp_path, "rule", "notsend-captured", "--format", "json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert (doc["code"], doc["name"], doc["default"]) == ("SSC101", "notsend-captured", True)
    assert doc["summary"].startswith("A NotSend value is captured")
    assert doc["family"] == "SSC1xx: a NotSend value crosses a thread boundary"
    assert doc["message"].startswith("`{name}` ({desc})")
    assert doc["help"] == HELP
    assert doc["explanation"].startswith("## What it does\n")
    assert doc["url"] == report.DOCS_URL + "SSC101-notsend-captured.md"
    assert doc["examples"]["flagged"] and doc["examples"]["clean"]


def test_rules_as_json(tmp_path):
    proc = run(tmp_path, "rules", "--format", "json")
    assert proc.returncode == 0
    assert [r["code"] for r in json.loads(proc.stdout)] == [r.code for r in all_rules()]


def test_every_format_is_registered():
    assert sorted(report.FORMATS) == ["full", "github", "json", "sarif", "text"]
    assert report.FORMATS["text"] is text.render and report.FORMATS["sarif"] is sarif.render


# --- nothing a checked project names reaches a terminal raw; odd names never crash the output ------

ESC_BUG = APP.replace('"SELECT 1"', '"\x1b[2J\x1b]0;pwned\x07"')
NEWLINE_NAME = "evil.py\nfake.py:1:1: SSC999 injected.py"
LABEL_PROJECT = """\
[tool.sendsync]

[[tool.sendsync.boundaries]]
call = "ourlib.spawn"
label = "\\u001b[2Jspawn\\u202e"
"""
SPAWN = "from ourlib import spawn\nimport sqlite3\n\n\ndef main():\n    conn = sqlite3.connect(':memory:')\n    spawn(lambda: conn.execute('SELECT 1'))\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a newline in a file name")
@pytest.mark.parametrize("fmt", ["text", "full", "github"])
def test_a_file_name_with_a_newline_cannot_inject_a_finding(tmp_path, fmt):
    (tmp_path / NEWLINE_NAME).write_text(APP, encoding="utf-8")
    proc = run(tmp_path, "check", "--no-cache", "--format", fmt)
    assert proc.returncode == 1 and proc.stderr == ""
    assert not any(line.startswith("fake.py:1:1") for line in proc.stdout.splitlines())
    assert "evil.py\\nfake.py:1:1: SSC999 injected.py" in proc.stdout
    if fmt == "text":
        assert proc.stdout == "evil.py\\nfake.py:1:1: SSC999 injected.py:7:42: SSC101 " + MESSAGE + "\n"


@pytest.mark.parametrize("fmt", ["text", "full", "github"])
def test_control_characters_in_messages_and_excerpts_are_shown_escaped(tmp_path, fmt):
    (tmp_path / "app.py").write_text(ESC_BUG, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(LABEL_PROJECT, encoding="utf-8")
    (tmp_path / "job.py").write_text(SPAWN, encoding="utf-8")
    proc = run(tmp_path, "check", "--no-cache", "--format", fmt)
    assert proc.returncode == 1 and proc.stderr == ""
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in proc.stdout
    assert "\\x1b[2Jspawn\\u202e" in proc.stdout  # the label, in a message
    if fmt == "full":
        assert '"\\x1b[2J\\x1b]0;pwned\\x07"' in proc.stdout  # the source line
        lines = proc.stdout.splitlines()
        excerpt = lines.index(next(line for line in lines if "pwned" in line))
        assert lines[excerpt + 1] == "  |" + " " * 42 + "^^^^ notsend-captured"


def test_the_carets_of_an_escaped_line_stay_under_the_value():
    d = Diagnostic("a.py", 1, 11, "SSC101", "`conn` (x) is captured")
    lines = list(full.render([d], Context(lines=lambda path: ['s = "\x1b\x1b"; conn.go()'])))
    assert lines[3] == '1 | s = "\\x1b\\x1b"; conn.go()'
    assert lines[4] == "  | " + " " * len('s = "\\x1b\\x1b"; ') + "^^^^ " + report.rule_name("SSC101")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs byte file names")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "full"])
def test_a_name_that_is_not_utf8_does_not_crash_any_format_or_the_output_file(tmp_path, fmt):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.py"), "wb") as handle:
        handle.write(APP.encode())
    to_stdout = run(tmp_path, "check", "--no-cache", "--format", fmt)
    assert (to_stdout.returncode, to_stdout.stderr) == (1, "")
    out = tmp_path / "report.out"
    out.write_text("an earlier report\n")
    to_file = run(tmp_path, "check", "--no-cache", "--format", fmt, "-o", str(out))
    assert (to_file.returncode, to_file.stdout, to_file.stderr) == (1, "", "")
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    if fmt in ("json", "sarif"):
        document = json.loads(out.read_text(encoding="utf-8"))
        if fmt == "sarif":
            location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"] == "caf%E9.py"
    elif fmt == "github":
        assert "file=caf\\xe9.py,line=7,col=42" in out.read_text(encoding="utf-8")
    else:
        assert "caf\\xe9.py:7:42" in out.read_text(encoding="utf-8")


def test_output_file_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch, capsys):
    from sendsync import cli

    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    out = tmp_path / "report.json"
    out.write_text("the last good report\n")
    monkeypatch.chdir(tmp_path)

    class Full:
        """A file on a disk that fills up after the first 100 bytes."""

        def __init__(self, handle):
            self.handle, self.written = handle, 0

        def write(self, text):
            self.written += len(text)
            if self.written > 100:
                raise OSError(28, "No space left on device")
            return self.handle.write(text)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    real_open, real_fdopen = open, os.fdopen
    monkeypatch.setattr(cli, "open", lambda *a, **k: Full(real_open(*a, **k)), raising=False)
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    status = cli.main(["check", "--no-cache", "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err == f"sendsync: error: cannot write {out}: No space left on device\n"
    assert out.read_text() == "the last good report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.py", "report.json"]
