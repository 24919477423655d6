"""A run over some files of a project (one file, a directory, the files of a commit) sees the
whole project, as mypy and pyright do, and reports only on the files it was given: a class marked
``NotSend`` in ``camera.py`` is known in ``capture.py`` whichever of them is named."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sendsync import api
from sendsync.config import UsageError

from shared_cases import BUG, PACKAGE_ROOT

CAMERA = """\
from sendsync import NotSend


class Camera(NotSend):
    def shoot(self):
        return b""
"""
CAPTURE = """\
import threading

from shop.camera import Camera


def main():
    cam = Camera()
    worker = threading.Thread(target=lambda: cam.shoot())
    worker.start()
"""
#: what a whole-project run says about capture.py: the finding needs camera.py
CROSSING = ("SSC101 `cam` (Camera, NotSend: marked NotSend at {camera}:4) is captured by the "
            "lambda passed to threading.Thread")


def crossing(capture: str, camera: str) -> str:
    return f"{capture}:8:46: " + CROSSING.format(camera=camera)


@pytest.fixture
def shop(write, tmp_path):
    """A project (its root marked by pyproject.toml) with a crossing that needs two modules, and
    an unrelated bug in a third."""
    write("pyproject.toml", "[project]\nname = 'shop'\n")
    write("shop/__init__.py")
    write("shop/camera.py", CAMERA)
    write("shop/capture.py", CAPTURE)
    write("shop/db.py", BUG)
    return tmp_path


CAPTURE_PY = os.path.join("shop", "capture.py")
CAMERA_PY = os.path.join("shop", "camera.py")


def test_one_file_gets_the_findings_of_a_whole_project_run(shop, run):
    status, whole, _ = run("check")
    assert status == 1
    assert crossing(CAPTURE_PY, CAMERA_PY) in whole.splitlines()
    assert run("check", CAPTURE_PY) == (1, crossing(CAPTURE_PY, CAMERA_PY) + "\n", "")


def test_only_the_given_files_are_reported(shop, run):
    assert run("check", CAMERA_PY) == (0, "", "")
    status, out, _ = run("check", os.path.join("shop", "db.py"), CAPTURE_PY)
    assert status == 1
    assert [line.split(": ")[0] for line in out.splitlines()] == [
        f"{CAPTURE_PY}:8:46", os.path.join("shop", "db.py") + ":7:43"]


def test_from_a_subdirectory_the_root_is_found_above(shop, run):
    assert run("check", "capture.py", cwd=shop / "shop") == (
        1, crossing("capture.py", "camera.py") + "\n", "")
    assert run("check", cwd=shop / "shop")[1].splitlines()[0] == crossing("capture.py",
                                                                           "camera.py")


def test_paths_are_printed_as_given(shop, run):
    given = str(shop / "shop" / "capture.py")
    elsewhere = shop / "elsewhere"
    elsewhere.mkdir()
    status, out, _ = run("check", given, cwd=elsewhere)
    assert status == 1
    assert out.startswith(f"{given}:8:46: SSC101 `cam` (Camera, NotSend: marked NotSend at ")
    assert run("check", "./" + CAPTURE_PY)[1].startswith(f"{CAPTURE_PY}:8:46: SSC101")


@pytest.mark.parametrize("marker", [".git", "setup.cfg", "pyproject.toml"])
def test_the_root_is_marked_by_a_repository_or_a_project_file(write, tmp_path, run, marker):
    write("shop/__init__.py")
    write("shop/camera.py", CAMERA)
    write("shop/capture.py", CAPTURE)
    assert run("check", CAPTURE_PY) == (0, "", "")  # no root: the file alone
    if marker == ".git":
        (tmp_path / ".git").mkdir()
    else:
        write(marker, "")
    assert run("check", CAPTURE_PY) == (1, crossing(CAPTURE_PY, CAMERA_PY) + "\n", "")


def test_project_root_rule(write, tmp_path):
    write("a/pyproject.toml", "[tool.sendsync]\n")
    write("a/b/setup.cfg", "")
    write("a/b/c/x.py")
    write("a/d/pyproject.toml", "[project]\nname = 'd'\n")
    write("a/d/y.py")
    write("e/pyproject.toml", "[project]\nname = 'e'\n")
    write("e/f/z.py")
    # the nearest [tool.sendsync] wins over a nearer project file
    assert api.project_root([str(tmp_path / "a/b/c/x.py")]) == tmp_path / "a"
    assert api.project_root([str(tmp_path / "a/d/y.py")]) == tmp_path / "a"
    # else the nearest project file or repository
    assert api.project_root([str(tmp_path / "e/f/z.py")]) == tmp_path / "e"
    assert api.project_root([str(tmp_path / "e/f"), str(tmp_path / "e/f/z.py")]) == tmp_path / "e"
    # a file that does not exist yet (an editor's new buffer) has a root too
    assert api.project_root([str(tmp_path / "e/f/new.py")]) == tmp_path / "e"


def test_a_file_the_excludes_would_skip_is_still_checked_when_named(shop, run, write):
    write("pyproject.toml", '[tool.sendsync]\nextend-exclude = ["legacy"]\n')
    write("legacy/old.py", BUG)
    assert not any(line.startswith("legacy") for line in run("check")[1].splitlines())
    status, out, _ = run("check", os.path.join("legacy", "old.py"))
    assert status == 1 and out.startswith(os.path.join("legacy", "old.py") + ":7:43: SSC101")
    assert run("check", "--force-exclude", os.path.join("legacy", "old.py")) == (0, "", "")


def test_excluded_modules_give_no_facts(shop, run, write):
    write("pyproject.toml", '[tool.sendsync]\nextend-exclude = ["shop/camera.py"]\n')
    assert run("check", CAPTURE_PY) == (0, "", "")
    assert run("check") == (1, os.path.join("shop", "db.py") + ":7:43: SSC101 `conn` (sqlite3 "
                            "connection, NotSend: created at line 6 with check_same_thread=True) "
                            "is captured by the lambda passed to threading.Timer\n", "")


def test_problems_of_other_files_are_not_reported(shop, run, write, tmp_path):
    write("shop/broken.py", "def broken(:\n")
    (tmp_path / "shop" / "gone.py").symlink_to(tmp_path / "nowhere.py")
    assert run("check", CAPTURE_PY) == (1, crossing(CAPTURE_PY, CAMERA_PY) + "\n", "")


def test_a_directory_of_the_project(shop, run, write):
    write("hw/__init__.py")
    write("hw/camera.py", CAMERA)
    write("app/run.py", CAPTURE.replace("shop.camera", "hw.camera"))
    status, out, _ = run("check", "app")
    assert (status, out) == (1, crossing(os.path.join("app", "run.py"),
                                         os.path.join("hw", "camera.py")) + "\n")


def test_directories_without_init_are_namespace_packages(write, tmp_path, run):
    """PEP 420: ``hw/camera.py`` with no ``hw/__init__.py`` is imported as ``hw.camera``."""
    write("pyproject.toml", "[project]\nname = 'shop'\n")
    write("hw/camera.py", CAMERA)
    write("app/run.py", CAPTURE.replace("shop.camera", "hw.camera"))
    write("app/other.py", CAPTURE.replace("from shop.camera import Camera", "import hw.camera")
          .replace("Camera()", "hw.camera.Camera()"))
    status, out, _ = run("check")
    assert status == 1
    assert out.splitlines() == [
        crossing(os.path.join("app", "other.py"), os.path.join("hw", "camera.py")),
        crossing(os.path.join("app", "run.py"), os.path.join("hw", "camera.py")),
    ]


def test_a_namespace_name_two_modules_could_have_names_neither(write, tmp_path, run):
    write("pyproject.toml", "[project]\nname = 'shop'\n")
    write("a/hw/camera.py", CAMERA)
    write("b/hw/camera.py", CAMERA.replace("NotSend", "Send"))
    write("app/run.py", CAPTURE.replace("shop.camera", "hw.camera"))
    assert run("check") == (0, "", "")
    write("app/run.py", CAPTURE.replace("shop.camera", "a.hw.camera"))
    status, out, _ = run("check")
    assert (status, out) == (1, crossing(os.path.join("app", "run.py"),
                                         os.path.join("a", "hw", "camera.py")) + "\n")


def test_a_project_inside_an_excluded_directory_of_another_stands_alone(write, tmp_path, run):
    """A package installed in a virtual environment inside a repository is not that
    repository's code: it is checked as its own project, as before."""
    (tmp_path / ".git").mkdir()
    write("app.py", "from lib.camera import Camera\n")
    write(".venv/site/lib/__init__.py")
    write(".venv/site/lib/camera.py", CAMERA)
    write(".venv/site/lib/use.py", CAPTURE.replace("shop.camera", "lib.camera"))
    given = os.path.join(".venv", "site", "lib")
    assert run("check", given)[1].startswith(os.path.join(given, "use.py") + ":8:46: SSC101")
    result = api.check([given])
    assert result.project_files == 3


def test_verbose_names_the_project(shop, run):
    status, _, err = run("check", "-v", CAPTURE_PY)
    assert status == 1
    assert f"checked 1 file(s) of the project at {shop} (4 file(s) read), 1 finding(s)" in err


def test_warm_and_cold_partial_runs_print_the_same(shop, run, tmp_path):
    cache = tmp_path / "cache"
    cold = run("check", "--cache-dir", str(cache), CAPTURE_PY)
    assert cache.is_dir()
    assert run("check", "--cache-dir", str(cache), CAPTURE_PY) == cold
    assert run("check", "--no-cache", CAPTURE_PY) == cold
    assert cold[1] == crossing(CAPTURE_PY, CAMERA_PY) + "\n"
    # a change to the other module is seen through the cache
    (tmp_path / "shop" / "camera.py").write_text("class Camera:\n    pass\n", encoding="utf-8")
    assert run("check", "--cache-dir", str(cache), CAPTURE_PY) == (0, "", "")


def test_a_partial_run_keeps_the_whole_projects_cache(shop, run):
    run("check")
    before = _entries(shop)
    assert {"facts", "results"} <= set(before) and len(before["facts"]) > 1
    run("check", CAPTURE_PY)
    assert _entries(shop) == before


def _entries(root):
    """The cache's entry files by namespace: {namespace: {file name: contents}}."""
    out: dict = {}
    for path in (root / ".sendsync_cache").glob("v*/*/*/*"):
        if not path.name.startswith("."):
            out.setdefault(path.parent.name, {})[path.name] = path.read_bytes()
    return out


# --- the api: in-memory contents -------------------------------------------------------------


def test_overrides_replace_what_is_on_disk(shop, monkeypatch):
    monkeypatch.chdir(shop)
    clean = CAPTURE.replace("target=lambda: cam.shoot()", "target=print")
    result = api.check([CAPTURE_PY], overrides={CAPTURE_PY: clean.encode()})
    assert result.diagnostics == []
    # another module's unsaved contents count too: Camera is no longer NotSend
    result = api.check([CAPTURE_PY], overrides={
        str(shop / "shop" / "camera.py"): b"class Camera:\n    def shoot(self):\n        pass\n"})
    assert result.diagnostics == []
    result = api.check([CAPTURE_PY])
    assert [(d.path, d.line, d.col, d.code) for d in result.diagnostics] == [
        (CAPTURE_PY, 8, 46, "SSC101")]


def test_an_override_need_not_exist_on_disk(shop, monkeypatch):
    monkeypatch.chdir(shop)
    new = os.path.join("shop", "new.py")
    result = api.check([new], overrides={new: CAPTURE.encode()})
    assert [(d.path, d.line, d.col, d.code) for d in result.diagnostics] == [(new, 8, 46, "SSC101")]
    with pytest.raises(UsageError, match="path does not exist"):
        api.check([new])


def test_a_session_reuses_the_project_until_something_changes(shop, monkeypatch):
    monkeypatch.chdir(shop)
    session = api.Session()
    calls = []
    real = api.engine.check_project
    monkeypatch.setattr(api.engine, "check_project",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    first = session.check([CAPTURE_PY])
    assert session.check([CAMERA_PY]).diagnostics == []
    assert session.check([CAPTURE_PY]).diagnostics == first.diagnostics
    assert len(calls) == 1
    session.check([CAPTURE_PY], overrides={CAPTURE_PY: CAPTURE.encode() + b"\nx = 1\n"})
    assert len(calls) == 2
    (shop / "shop" / "camera.py").write_text(CAMERA + "\n\n", encoding="utf-8")
    os.utime(shop / "shop" / "camera.py", ns=(1, 1))
    session.check([CAPTURE_PY])
    assert len(calls) == 3


def test_a_session_sees_files_created_and_deleted(shop, monkeypatch):
    monkeypatch.chdir(shop)
    session = api.Session()
    (shop / "shop" / "camera.py").unlink()
    assert session.check([CAPTURE_PY]).diagnostics == []
    (shop / "shop" / "camera.py").write_text(CAMERA, encoding="utf-8")
    os.utime(shop / "shop", ns=(1, 1))  # whatever the file system's clock resolution
    assert [d.code for d in session.check([CAPTURE_PY]).diagnostics] == ["SSC101"]
    (shop / "lib").mkdir()
    (shop / "shop" / "camera.py").rename(shop / "lib" / "camera.py")
    os.utime(shop / "shop", ns=(2, 2))
    assert session.check([CAPTURE_PY]).diagnostics == []


# --- the same finding through flake8 and pre-commit --------------------------------------------


def test_flake8_reports_a_crossing_that_needs_another_module(shop):
    pytest.importorskip("flake8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH")) if p)
    for args in ([CAPTURE_PY], ["-j", "2", "shop"]):
        proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "SSC", *args],
                              cwd=shop, env=env, capture_output=True, text=True, timeout=300)
        lines = [line.replace("./", "", 1) for line in proc.stdout.splitlines()]
        assert proc.stderr == ""
        assert crossing(CAPTURE_PY, CAMERA_PY) in lines


def test_pre_commit_reports_a_crossing_in_the_one_changed_file(tmp_path):
    """``pre-commit`` hands the hook only the staged files: here capture.py alone."""
    pytest.importorskip("pre_commit")
    pytest.importorskip("yaml")
    from test_precommit import git, make_hook_repo, try_repo

    repo = make_hook_repo(tmp_path / "hook")
    project = tmp_path / "project"
    for name, text in (("shop/__init__.py", ""), ("shop/camera.py", CAMERA),
                       ("shop/capture.py", CAPTURE), ("shop/db.py", BUG)):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    proc = try_repo(repo, project, tmp_path / "home", "sendsync", "--files", "shop/capture.py",
                    all_files=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    findings = [line for line in output.splitlines() if " SSC" in line]
    assert findings == [crossing(CAPTURE_PY, CAMERA_PY)]
