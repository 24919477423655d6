"""``sendsync check - --stdin-filename PATH``: editors and formatters pipe a buffer in; it is
checked as that file of its project (the rest read from disk for facts), reported under that
name, whatever the file on disk holds."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from shared_cases import BUG, PACKAGE_ROOT
from test_partial_runs import CAMERA, CAPTURE, CAPTURE_PY, CAMERA_PY, crossing

CLEAN = CAPTURE.replace("target=lambda: cam.shoot()", "target=print")


@pytest.fixture
def shop(write, tmp_path):
    write("pyproject.toml", "[project]\nname = 'shop'\n")
    write("shop/__init__.py")
    write("shop/camera.py", CAMERA)
    write("shop/capture.py", CLEAN)
    return tmp_path


def piped(cwd, stdin: str, *args: str) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "sendsync", "check", *args], input=stdin,
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_stdin_is_checked_as_the_named_file_of_its_project(shop):
    proc = piped(shop, CAPTURE, "-", "--stdin-filename", CAPTURE_PY)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        1, crossing(CAPTURE_PY, CAMERA_PY) + "\n", "")


def test_stdin_wins_over_the_file_on_disk(shop, write):
    write("shop/capture.py", CAPTURE)  # the bug is on disk, the editor's buffer fixed it
    proc = piped(shop, CLEAN, "-", "--stdin-filename", CAPTURE_PY)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_a_new_file_that_is_not_on_disk_yet(shop):
    new = os.path.join("shop", "new.py")
    proc = piped(shop, CAPTURE, "-", "--stdin-filename", new)
    assert (proc.returncode, proc.stdout) == (1, crossing(new, CAMERA_PY) + "\n")


def test_stdin_filename_alone_reads_stdin_and_from_a_subdirectory(shop):
    proc = piped(shop / "shop", CAPTURE, "--stdin-filename", "capture.py")
    assert (proc.returncode, proc.stdout) == (1, crossing("capture.py", "camera.py") + "\n")


def test_stdin_without_a_name_is_shown_as_stdin(tmp_path):
    proc = piped(tmp_path, BUG, "-")
    assert proc.returncode == 1
    assert proc.stdout.startswith("stdin:7:43: SSC101 `conn`")


def test_noqa_and_formats_apply_to_stdin(shop):
    quiet = CAPTURE.replace("cam.shoot())", "cam.shoot())  # noqa: SSC101")
    assert piped(shop, quiet, "-", "--stdin-filename", CAPTURE_PY).returncode == 0
    proc = piped(shop, CAPTURE, "-", "--stdin-filename", CAPTURE_PY, "--format", "json")
    finding, = json.loads(proc.stdout)["findings"]
    assert (finding["path"], finding["line"], finding["column"], finding["end_column"],
            finding["code"]) == (CAPTURE_PY, 8, 46, 49, "SSC101")


def test_stdin_together_with_other_paths(shop, write):
    write("shop/db.py", BUG)
    proc = piped(shop, CAPTURE, os.path.join("shop", "db.py"), "-", "--stdin-filename", CAPTURE_PY)
    assert [line.split(": ")[0] for line in proc.stdout.splitlines()] == [
        f"{CAPTURE_PY}:8:46", os.path.join("shop", "db.py") + ":7:43"]


@pytest.mark.parametrize("args, problem", [
    (["-", "-"], "`-` (standard input) can be given once"),
    (["shop", "--stdin-filename", CAPTURE_PY],
     "--stdin-filename names the file read from standard input: give `-` among the paths"),
    (["-", "--stdin-filename", "shop"],
     "--stdin-filename must name a file, not a directory: shop"),
])
def test_stdin_usage_errors(shop, args, problem):
    proc = piped(shop, CAPTURE, *args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"sendsync: error: {problem}\n")
