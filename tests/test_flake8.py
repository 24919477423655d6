"""The flake8 plugin, driven through flake8 itself: ``flake8 --select SSC`` on real files, with
flake8's own ``noqa``, ``--extend-ignore``, ``per-file-ignores`` and configuration files."""
from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

pytest.importorskip("flake8")

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "sendsync" / "flake8_plugin.py"

TIMER = """\
import sqlite3
import threading


def main():
    conn = sqlite3.connect(":memory:")
    timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))
    timer.start()
"""
MESSAGE = ("SSC101 `conn` (sqlite3 connection, NotSend: created at line 6 with "
           "check_same_thread=True) is captured by the lambda passed to threading.Timer")


def flake8(cwd: Path, *args: str) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ)
    # the plugin must come from the installed distribution (its entry point), running this code
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "flake8", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(autouse=True)
def registered():
    points = metadata.entry_points()
    group = (points.select(group="flake8.extension") if hasattr(points, "select")
             else points.get("flake8.extension", []))
    found = [p for p in group if p.name == "SSC"]
    assert found, "the flake8 entry point is not installed: run `pip install -e .`"
    assert found[0].value == "sendsync.flake8_plugin:Plugin"


def test_flake8_select_ssc_reports_findings(tmp_path):
    (tmp_path / "app.py").write_text(TIMER)
    proc = flake8(tmp_path, "--select", "SSC", "app.py")
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout == f"app.py:7:42: {MESSAGE}\n"


def test_plugin_runs_with_flake8s_default_selection_and_is_listed(tmp_path):
    (tmp_path / "app.py").write_text(TIMER)
    proc = flake8(tmp_path, "app.py")
    assert proc.stdout == f"app.py:7:42: {MESSAGE}\n"
    assert "sendsync: " in flake8(tmp_path, "--version").stdout


def test_clean_file_exits_0(tmp_path):
    (tmp_path / "ok.py").write_text("import threading\n\nthreading.Thread(target=print).start()\n")
    assert flake8(tmp_path, "--select", "SSC", "ok.py").returncode == 0


@pytest.mark.parametrize("comment, shown", [
    ("  # noqa: SSC101", False), ("  # noqa", False), ("  # noqa: SSC1", False),
    ("  # noqa: E501", True),
])
def test_flake8_noqa(tmp_path, comment, shown):
    source = TIMER.replace('"SELECT 1"))', f'"SELECT 1")){comment}')
    (tmp_path / "app.py").write_text(source)
    proc = flake8(tmp_path, "--select", "SSC", "app.py")
    assert bool(proc.stdout) is shown
    assert flake8(tmp_path, "--select", "SSC", "--disable-noqa", "app.py").stdout.count(
        "SSC101") == 1


def test_flake8_configuration_is_honoured(tmp_path):
    (tmp_path / "app.py").write_text(TIMER)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(TIMER)
    (tmp_path / ".flake8").write_text(
        "[flake8]\nselect = SSC\nper-file-ignores =\n    tests/*: SSC101\n"
    )
    proc = flake8(tmp_path, ".")
    assert proc.stdout == f"./app.py:7:42: {MESSAGE}\n"
    proc = flake8(tmp_path, ".", "--extend-ignore", "SSC1")
    assert (proc.returncode, proc.stdout) == (0, "")


def test_sendsync_knowledge_from_pyproject_applies(tmp_path):
    (tmp_path / "cam.py").write_text(
        "import threading\n\nimport camlib\n\n\ndef main():\n    shot = camlib.Camera()\n"
        "    threading.Thread(target=camlib.Camera.snap, args=(shot,)).start()\n"
    )
    assert flake8(tmp_path, "--select", "SSC", "cam.py").stdout == ""
    (tmp_path / "pyproject.toml").write_text('[tool.sendsync.types]\n"camlib.Camera" = "NotSend"\n')
    assert flake8(tmp_path, "--select", "SSC", "cam.py").stdout == (
        "cam.py:8:55: SSC102 `shot` (camlib.Camera, NotSend: created at line 7) is passed to "
        "threading.Thread as an argument of `camlib.Camera.snap`\n"
    )


def test_bad_sendsync_configuration_is_a_finding_not_a_traceback(tmp_path):
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text("[tool.sendsync]\nselct = 1\n")
    proc = flake8(tmp_path, "--select", "SSC", "app.py")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.startswith(
        "app.py:1:1: SSC998 sendsync's configuration is not usable: pyproject.toml: unknown key "
        "tool.sendsync.selct (did you mean select?)"
    )


def test_syntax_errors_and_parallel_runs(tmp_path):
    for n in range(3):
        (tmp_path / f"app{n}.py").write_text(TIMER)
    proc = flake8(tmp_path, "-j", "2", "--select", "SSC", ".")
    assert sorted(proc.stdout.splitlines()) == [f"./app{n}.py:7:42: {MESSAGE}" for n in range(3)]


def test_each_file_sees_its_project(tmp_path):
    """flake8 hands the plugin one file, yet a NotSend class defined in a sibling module is
    known there, as in ``sendsync check``: the project (from its root, here the directory of
    ``pyproject.toml``) is read for facts. Without a project root a file stands alone."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "camera.py").write_text(
        "from sendsync import NotSend\n\n\nclass Camera(NotSend):\n    def snap(self):\n        pass\n"
    )
    (tmp_path / "pkg" / "use.py").write_text(
        "import threading\n\nfrom pkg.camera import Camera\n\n\ndef main():\n    cam = Camera()\n"
        "    threading.Thread(target=Camera.snap, args=(cam,)).start()\n"
    )
    use = os.path.join("pkg", "use.py")
    assert flake8(tmp_path, "--select", "SSC", use).stdout == ""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    assert flake8(tmp_path, "--select", "SSC", use).stdout.startswith(use + ":8:48: SSC102 `cam`")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "sendsync", "check", use], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.stdout.startswith(use + ":8:48: SSC102 `cam`")


def test_the_adapter_stays_small():
    assert len(PLUGIN.read_text(encoding="utf-8").splitlines()) < 60
