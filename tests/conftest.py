from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Dict

import pytest

from sendsync import cli

# The package under test, so that the command in a subprocess runs this same code.
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sendsync(tmp_path: Path) -> Callable[..., "subprocess.CompletedProcess[str]"]:
    """Run ``python -m sendsync ARGS`` (in ``tmp_path`` unless ``cwd`` is given)."""

    def run(*args: str, cwd: "Path | None" = None) -> "subprocess.CompletedProcess[str]":
        env: Dict[str, str] = dict(os.environ)
        paths = [str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        return subprocess.run(
            [sys.executable, "-m", "sendsync", *args],
            cwd=cwd or tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file below ``tmp_path`` (parents created), return its path."""

    def write_file(relative: str, text: str = "") -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    """``sendsync ARGS`` through ``cli.main`` in this process, in ``tmp_path`` (or ``cwd``): (status, stdout, stderr)."""
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def go(*args: str, cwd: "Path | None" = None):
        monkeypatch.chdir(cwd or tmp_path)
        status = cli.main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return go
