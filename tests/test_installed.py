"""Widget libraries are known by reading the installed package's source (or its stubs), never by
importing it: a project whose ``.venv`` holds a library with a subclass of a Qt widget gets
findings on that subclass's objects, and the cache follows the library when it changes."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict

import pytest

from shared_cases import PACKAGE_ROOT

SITE = Path(".venv", "lib", "python3.11", "site-packages")

LIBRARY: Dict[str, str] = {
    # a widget library as qfluentwidgets is written: star re-exports, a binding picked by try
    "fluentish/__init__.py": "from .components import *\n",
    "fluentish/components/__init__.py": "from .buttons import PrimaryButton, Plain\n",
    "fluentish/components/buttons.py": """\
        raise SystemExit("the checker must never import a library")
        try:
            from PyQt5.QtWidgets import QPushButton
        except ImportError:
            from PySide6.QtWidgets import QPushButton


        class _Base(QPushButton):
            pass


        class PrimaryButton(_Base):
            pass


        class Plain:
            pass
        """,
    # the stubs say what the dynamic source hides
    "stubbed/__init__.py": "import importlib\nBadge = importlib.import_module('stubbed._impl').Badge\n",
    "stubbed-stubs/__init__.pyi": "from PyQt6.QtWidgets import QLabel\nclass Badge(QLabel): ...\n",
    # a binding chosen at run time: not followed, so no verdict and no finding
    "shimmy/__init__.py": """\
        import importlib
        QtWidgets = importlib.import_module("PyQt6.QtWidgets")
        class Plot(QtWidgets.QWidget):
            pass
        """,
}

APP = """\
import threading

from fluentish import Plain, PrimaryButton
from shimmy import Plot
from stubbed import Badge


def main():
    button = PrimaryButton()
    plain = Plain()
    badge = Badge()
    plot = Plot()
    threading.Thread(target=lambda: button.setText("x")).start()
    threading.Thread(target=lambda: plain.go()).start()
    threading.Thread(target=lambda: badge.setText("x")).start()
    threading.Thread(target=lambda: plot.go()).start()


class Mine(PrimaryButton):
    def start(self):
        threading.Thread(target=self.work).start()

    def work(self):
        self.setText("done")
"""

EXPECTED = [
    "app.py:13:37: SSC101 `button` (Qt widget `PrimaryButton`, NotSend: created at line 9) is "
    "captured by the lambda passed to threading.Thread",
    "app.py:15:37: SSC101 `badge` (Qt widget `Badge`, NotSend: created at line 11) is captured "
    "by the lambda passed to threading.Thread",
    "app.py:21:33: SSC103 `self` (Mine, NotSend: subclass of `fluentish.PrimaryButton`, Qt "
    "widget `PrimaryButton` (not thread-safe per its documentation)) crosses to another thread "
    "as `self` of the bound method `self.work` passed to threading.Thread",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'app'\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    site = tmp_path / SITE
    (site / "fluentish-1.0.dist-info").mkdir(parents=True)
    for name, code in LIBRARY.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(textwrap.dedent(code), encoding="utf-8")
    return tmp_path


def check(project: Path, *args: str) -> "subprocess.CompletedProcess[str]":
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "sendsync", "check", "--format", "text", *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


def test_a_library_subclass_of_a_widget_is_a_widget(project):
    proc = check(project, "--no-cache")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == EXPECTED


def test_the_active_environment_is_read_when_the_project_has_none(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("env")
    (project / ".venv").rename(elsewhere / "venv")
    assert check(project, "--no-cache").stdout == ""  # nothing installed where it looks
    env = dict(os.environ, VIRTUAL_ENV=str(elsewhere / "venv"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH")) if p)
    proc = subprocess.run([sys.executable, "-m", "sendsync", "check", "--no-cache"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.stdout.splitlines() == EXPECTED


def test_the_cache_follows_the_library(project, tmp_path):
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert check(project, *cache).stdout.splitlines() == EXPECTED
    assert check(project, *cache).stdout.splitlines() == EXPECTED  # warm
    # the library changes in place (an editable install): PrimaryButton is no widget any more
    buttons = project / SITE / "fluentish" / "components" / "buttons.py"
    buttons.write_text(buttons.read_text(encoding="utf-8").replace(
        "class PrimaryButton(_Base)", "class PrimaryButton(Plain)"), encoding="utf-8")
    assert check(project, *cache).stdout.splitlines() == [EXPECTED[1]]
    # the library is uninstalled
    for name in ("fluentish", "fluentish-1.0.dist-info", "stubbed", "stubbed-stubs"):
        __import__("shutil").rmtree(project / SITE / name)
    assert check(project, *cache).stdout == ""


def test_the_configured_environment_wins_and_show_settings_names_it(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("poetry-env")
    (project / ".venv").rename(elsewhere / "env")
    (project / "pyproject.toml").write_text(
        f"[project]\nname = 'app'\n\n[tool.sendsync]\nenvironment = {str(elsewhere / 'env')!r}\n",
        encoding="utf-8")
    assert check(project, "--no-cache").stdout.splitlines() == EXPECTED
    shown = check(project, "--show-settings").stdout
    assert f"# installed libraries are read from: {elsewhere / 'env' / SITE.relative_to('.venv')}" in shown


def add_library(project: Path, files: Dict[str, str]) -> None:
    for name, code in files.items():
        path = project / SITE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(code), encoding="utf-8")


def test_star_imports_that_import_each_other_end(project):
    # four modules that all `from . import *` each other: looked up once each, not 4**depth times
    add_library(project, {"cyc/__init__.py": "".join(f"from .{m} import *\n" for m in "abcd"),
                          **{f"cyc/{m}.py": "from . import *\n" for m in "abcd"}})
    (project / "app.py").write_text(APP.replace("from shimmy import Plot", "from cyc import Plot"),
                                    encoding="utf-8")
    proc = check(project, "--no-cache")
    assert proc.stdout.splitlines() == EXPECTED and proc.stderr == ""


def test_a_class_named_like_the_base_it_shadows(project):
    add_library(project, {"shadow/__init__.py": """\
        from PyQt5.QtWidgets import QPushButton
        class QPushButton(QPushButton):
            pass
        """})
    (project / "app.py").write_text(
        "import threading\nfrom shadow import QPushButton\n\n\ndef main():\n    b = QPushButton()\n"
        "    threading.Thread(target=lambda: b.click()).start()\n", encoding="utf-8")
    assert check(project, "--no-cache").stdout.startswith(
        "app.py:7:37: SSC101 `b` (Qt widget `QPushButton`, NotSend")


def test_a_base_the_file_system_cannot_look_up_is_unknown_not_an_error(project):
    add_library(project, {"deep/__init__.py": "class Odd(" + ".".join(["a"] * 3000) + "):\n    pass\n"})
    (project / "app.py").write_text(
        "import threading\nfrom deep import Odd\n\n\ndef main():\n    o = Odd()\n"
        "    threading.Thread(target=lambda: o.go()).start()\n", encoding="utf-8")
    assert check(project, "--no-cache") .stdout == ""


def test_one_session_follows_a_library_edited_between_checks(project, monkeypatch):
    from sendsync import api

    monkeypatch.chdir(project)
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    session = api.Session()
    first = session.check(["."])
    assert [d.code for d in first.diagnostics] == ["SSC101", "SSC101", "SSC103"]
    buttons = project / SITE / "fluentish" / "components" / "buttons.py"
    buttons.write_text(buttons.read_text(encoding="utf-8").replace(
        "class PrimaryButton(_Base)", "class PrimaryButton(Plain)"), encoding="utf-8")
    assert [d.line for d in session.check(["."]).diagnostics] == [15]


def test_an_environment_that_is_not_there_is_said_so(project):
    (project / "pyproject.toml").write_text(
        "[project]\nname = 'app'\n\n[tool.sendsync]\nenvironment = '.venv-missing'\n", encoding="utf-8")
    proc = check(project, "--no-cache")
    assert proc.stdout == ""  # nothing installed is read: no library verdict, no finding
    assert ("pyproject.toml: tool.sendsync.environment .venv-missing is not a directory: no "
            "installed library is read") in proc.stderr
