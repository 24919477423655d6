"""Adopting sendsync in a legacy code base: record today's findings, fail only on new ones."""
from __future__ import annotations

import json
import os
import sys

import pytest

from sendsync import baseline

TIMER = """\
import sqlite3
import threading


def main():
    conn = sqlite3.connect(":memory:")
    timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))
    timer.start()
"""
GENERATOR = """\
import threading


def rows():
    yield 1


def main():
    records = rows()
    writer = threading.Thread(target=lambda: [print(r) for r in records])
    writer.start()
    next(records)
    writer.join()
"""



@pytest.fixture
def legacy(write, tmp_path):
    write("app/db.py", TIMER)
    write("app/gen.py", GENERATOR)
    return tmp_path


def test_write_baseline_records_every_finding(legacy, run):
    assert run("check", "--write-baseline", "sendsync-baseline.json") == (
        0, "", "sendsync: wrote 2 finding(s) to sendsync-baseline.json\n"
    )
    document = json.loads((legacy / "sendsync-baseline.json").read_text(encoding="utf-8"))
    assert document == {
        "sendsync-baseline": 1,
        "findings": [
            {
                "path": "app/db.py",
                "code": "SSC101",
                "message": "`conn` (sqlite3 connection, NotSend: created at line N with "
                           "check_same_thread=True) is captured by the lambda passed to "
                           "threading.Timer",
                "source": 'timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))',
                "count": 1,
            },
            {
                "path": "app/gen.py",
                "code": "SSC202",
                "message": "`records` (generator, NotSync: created at line N by calling `rows()`, "
                           "a generator function) is still used at line N while the thread "
                           "started at line N may be using it; join the thread first or give it "
                           "its own",
                "source": "writer = threading.Thread(target=lambda: [print(r) for r in records])",
                "count": 1,
            },
        ],
    }


def test_only_new_findings_fail(legacy, run, write):
    run("check", "--write-baseline", "b.json")
    assert run("check", "--baseline", "b.json") == (0, "", "")
    write("app/new.py", TIMER)
    status, out, err = run("check", "--baseline", "b.json")
    assert (status, err) == (1, "")
    assert out.startswith(os.path.join("app", "new.py") + ":7:42: SSC101 ")
    assert len(out.splitlines()) == 1


def test_line_shifts_do_not_make_findings_new(legacy, run):
    run("check", "--write-baseline", "b.json")
    db = legacy / "app" / "db.py"
    db.write_text("# a header\n\n\n" + TIMER.replace("def main():", "def helper():\n    pass\n\n\n"
                                                     "def main():"), encoding="utf-8")
    gen = legacy / "app" / "gen.py"
    gen.write_text(GENERATOR.replace("    writer.start()\n", "\n    writer.start()\n\n"),
                   encoding="utf-8")
    assert run("check")[1].count("\n") == 2  # both still found, on other lines
    assert run("check", "--baseline", "b.json") == (0, "", "")


def test_a_second_identical_finding_is_new(legacy, run):
    run("check", "--write-baseline", "b.json")
    db = legacy / "app" / "db.py"
    db.write_text(TIMER + "\n\n" + TIMER.split("\n\n\n", 1)[1].replace("main", "again"))
    status, out, _ = run("check", "--baseline", "b.json")
    assert status == 1
    assert [line.split(": ")[0] for line in out.splitlines()] == [
        os.path.join("app", "db.py") + ":13:42"
    ]


def test_fixed_findings_are_reported_on_stderr(legacy, run):
    run("check", "--write-baseline", "b.json")
    (legacy / "app" / "gen.py").write_text("x = 1\n")
    assert run("check", "--baseline", "b.json") == (
        0, "",
        "sendsync: 1 finding(s) of the baseline no longer occur; write it again "
        "(--write-baseline) to keep them from coming back\n",
    )


def test_baseline_paths_are_relative_to_the_baseline_file(legacy, run):
    (legacy / "ci").mkdir()
    run("check", "app", "--write-baseline", os.path.join("ci", "b.json"))
    entry = json.loads((legacy / "ci" / "b.json").read_text())["findings"][0]
    assert entry["path"] == "../app/db.py"
    assert run("check", ".", "--baseline", os.path.join("..", "ci", "b.json"),
               cwd=legacy / "app") == (0, "", "")


def test_baseline_from_the_configuration(legacy, run, write):
    write("pyproject.toml", '[tool.sendsync]\nbaseline = "ci/known.json"\n')
    (legacy / "ci").mkdir()
    status, out, err = run("check", "--write-baseline", os.path.join("ci", "known.json"))
    assert status == 0 and "wrote 2 finding(s)" in err
    assert run("check") == (0, "", "")
    assert run("check", "app") == (0, "", "")
    write("app/new.py", TIMER)
    assert run("check")[0] == 1
    # writing again ignores the configured baseline: every finding is recorded
    assert "wrote 3 finding(s)" in run("check", "--write-baseline", "ci/known.json")[2]


def test_baseline_applies_to_every_format(legacy, run, write):
    run("check", "--write-baseline", "b.json")
    write("app/new.py", TIMER)
    status, out, _ = run("check", "--baseline", "b.json", "--format", "json")
    assert status == 1
    assert [f["path"] for f in json.loads(out)["findings"]] == [os.path.join("app", "new.py")]


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{", "b.json: not a sendsync baseline (invalid JSON: "),
        ("[]", "b.json: not a sendsync baseline (version 1); write one with --write-baseline"),
        ('{"sendsync-baseline": 1, "findings": {}}',
         'b.json: not a sendsync baseline: "findings" must be a list'),
        ('{"sendsync-baseline": 1, "findings": [{"path": "a.py"}]}',
         "b.json: findings[0] needs string path, code, message, source and an integer count"),
    ],
)
def test_bad_baseline_is_a_usage_error(legacy, run, content, problem):
    (legacy / "b.json").write_text(content)
    status, out, err = run("check", "--baseline", "b.json")
    assert (status, out) == (2, "")
    assert err.startswith(f"sendsync: error: {problem}")
    assert "Traceback" not in err


def test_missing_baseline_is_a_usage_error(legacy, run):
    assert run("check", "--baseline", "nope.json") == (
        2, "", "sendsync: error: baseline file not found: nope.json (write one with "
               "--write-baseline nope.json)\n"
    )


def test_baseline_as_the_user_sees_it(sendsync, legacy):
    proc = sendsync("check", "--write-baseline", "b.json")
    assert (proc.returncode, proc.stdout) == (0, "")
    proc = sendsync("check", "--baseline", "b.json")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


@pytest.mark.parametrize(
    "message, normal",
    [
        ("created at line 12 and used at line 3", "created at line N and used at line N"),
        ("see pkg/mod.py:12 and pkg/mod.py:12:4", "see pkg/mod.py:N and pkg/mod.py:N"),
        ("max_workers=4 on  two\nlines", "max_workers=4 on two lines"),
    ],
)
def test_normalise_message(message, normal):
    assert baseline.normalise_message(message) == normal


def test_fingerprint_uses_forward_slashes():
    path = os.path.join("a", "b.py")
    assert baseline.fingerprint(path, "SSC101", "m", "  x = 1  ")[::3] == ("a/b.py", "x = 1")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_dumps_is_stable():
    keys = [("b.py", "SSC1", "m", "s"), ("a.py", "SSC1", "m", "s"), ("b.py", "SSC1", "m", "s")]
    text = baseline.dumps(keys)
    assert text == baseline.dumps(reversed(keys))
    assert [e["path"] for e in json.loads(text)["findings"]] == ["a.py", "b.py"]
    assert baseline.loads(text, "x").counts == {keys[1]: 1, keys[0]: 2}


def test_a_run_over_some_files_does_not_call_the_others_fixed(legacy, run):
    run("check", "--write-baseline", "b.json")
    assert run("check", os.path.join("app", "db.py"), "--baseline", "b.json") == (0, "", "")


# --- the same finding from any directory, any path form, any part of the project -------------

CAMERA = """\
from sendsync import NotSend


class Camera(NotSend):
    def shoot(self):
        return b""
"""
CAPTURE = """\
import threading

from toy.camera import Camera


def main():
    cam = Camera()
    worker = threading.Thread(target=lambda: cam.shoot())
    worker.start()
"""


@pytest.fixture
def toy(write, tmp_path):
    """A project whose finding names another file (`marked NotSend at toy/camera.py:4`), with its
    baseline configured in pyproject.toml."""
    write("pyproject.toml", '[tool.sendsync]\nbaseline = "sendsync-baseline.json"\n')
    write("toy/__init__.py")
    write("toy/camera.py", CAMERA)
    write("toy/capture.py", CAPTURE)
    write("toy/db.py", TIMER)
    return tmp_path


def test_a_baseline_matches_from_a_subdirectory(toy, run):
    status, _, err = run("check", "--write-baseline", "sendsync-baseline.json")
    assert (status, err) == (0, "sendsync: wrote 2 finding(s) to sendsync-baseline.json\n")
    status, out, _ = run("check", "--isolated", cwd=toy / "toy")
    assert "camera.py:4" in out  # the message names the other file from here, differently
    assert run("check", cwd=toy / "toy") == (0, "", "")
    assert run("check", "capture.py", cwd=toy / "toy") == (0, "", "")


@pytest.mark.parametrize("form", ["relative", "dotted", "absolute"])
def test_a_baseline_matches_whatever_path_form_names_the_files(toy, run, form):
    run("check", "--write-baseline", "sendsync-baseline.json")
    given = {"relative": os.path.join("toy", "capture.py"),
             "dotted": os.path.join(".", "toy", "..", "toy", "capture.py"),
             "absolute": str(toy / "toy" / "capture.py")}[form]
    assert run("check", given) == (0, "", "")
    assert run("check", given, "--baseline", str(toy / "sendsync-baseline.json")) == (0, "", "")


def test_a_baseline_written_from_a_subdirectory_matches_from_the_root(toy, run):
    run("check", "--write-baseline", os.path.join("..", "sendsync-baseline.json"),
        cwd=toy / "toy")
    assert run("check") == (0, "", "")


def test_writing_a_baseline_from_some_files_keeps_the_others_entries(toy, run):
    run("check", "--write-baseline", "sendsync-baseline.json")
    before = json.loads((toy / "sendsync-baseline.json").read_text(encoding="utf-8"))
    assert len(before["findings"]) == 2
    status, out, err = run("check", os.path.join("toy", "db.py"),
                           "--write-baseline", "sendsync-baseline.json")
    assert (status, out) == (0, "")
    assert err == ("sendsync: wrote 2 finding(s) to sendsync-baseline.json (1 of them kept from "
                   "files this run did not check)\n")
    assert json.loads((toy / "sendsync-baseline.json").read_text(encoding="utf-8")) == before
    assert run("check") == (0, "", "")


def test_a_partial_write_replaces_the_entries_of_the_files_it_checked(toy, run, write):
    run("check", "--write-baseline", "sendsync-baseline.json")
    write("toy/db.py", "x = 1\n")  # fixed
    run("check", os.path.join("toy", "db.py"), "--write-baseline", "sendsync-baseline.json")
    entries = json.loads((toy / "sendsync-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["code"]) for e in entries] == [("toy/capture.py", "SSC101")]


def test_a_partial_run_judges_only_its_own_files_stale(toy, run, write):
    run("check", "--write-baseline", "sendsync-baseline.json")
    write("toy/db.py", "x = 1\n")  # fixed, but not checked below
    assert run("check", os.path.join("toy", "capture.py")) == (0, "", "")
    status, _, err = run("check", os.path.join("toy", "db.py"))
    assert (status, err) == (0, "sendsync: 1 finding(s) of the baseline no longer occur; write "
                                "it again (--write-baseline) to keep them from coming back\n")


def test_entries_of_a_deleted_file_are_stale_in_any_run_and_dropped_when_written(toy, run):
    run("check", "--write-baseline", "sendsync-baseline.json")
    (toy / "toy" / "db.py").unlink()
    assert "1 finding(s) of the baseline no longer occur" in run(
        "check", os.path.join("toy", "capture.py"))[2]
    run("check", os.path.join("toy", "capture.py"), "--write-baseline", "sendsync-baseline.json")
    entries = json.loads((toy / "sendsync-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [e["path"] for e in entries] == ["toy/capture.py"]


def test_message_paths_are_fingerprinted_relative_to_the_baseline(toy, run):
    run("check", "--write-baseline", os.path.join("..", "sendsync-baseline.json"),
        cwd=toy / "toy")
    entries = json.loads((toy / "sendsync-baseline.json").read_text(encoding="utf-8"))["findings"]
    capture = [e for e in entries if e["path"] == "toy/capture.py"]
    assert len(capture) == 1 and "toy/camera.py:N" in capture[0]["message"]


@pytest.mark.parametrize(
    "message, normal",
    [
        ("marked NotSend at camera.py:4", "marked NotSend at toy/camera.py:N"),
        ("held at (../lib/io.py:12:3) and `x.py:1`", "held at (../toy/lib/io.py:N) and `toy/x.py:N`"),
        ("a.pyc:3 and version 3.py and line 3", "a.pyc:3 and version 3.py and line N"),
    ],
)
def test_normalise_message_rewrites_the_paths_it_names(message, normal):
    moved = {"camera.py": "toy/camera.py", "../lib/io.py": "../toy/lib/io.py", "x.py": "toy/x.py"}
    assert baseline.normalise_message(message, moved.__getitem__) == normal
