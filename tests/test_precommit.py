"""The pre-commit hooks, end to end: ``pre-commit try-repo`` installs this repository as a hook
(in its own virtual environment, dependencies from the package index) and runs it on a
temporary git repository, as a user's ``pre-commit run`` would."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")
yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"

TIMER = """\
import sqlite3
import threading


def main():
    conn = sqlite3.connect(":memory:")
    timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))
    timer.start()
"""
FINDING = ("app.py:7:42: SSC101 `conn` (sqlite3 connection, NotSend: created at line 6 with "
           "check_same_thread=True) is captured by the lambda passed to threading.Timer")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=sendsync tests", "-c", "user.email=tests@invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True, timeout=120)


def project_files() -> list:
    """The files a commit of this working tree would hold (tracked and new, not ignored)."""
    proc = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                          cwd=ROOT, capture_output=True, timeout=120)
    if proc.returncode != 0:  # not a git checkout: the files the package needs
        return ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml",
                *(str(p.relative_to(ROOT)) for p in (ROOT / "sendsync").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)]
    return [name for name in proc.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This working tree, committed into a scratch repository (try-repo reads commits)."""
    return make_hook_repo(tmp_path_factory.mktemp("hook"))


def make_hook_repo(repo: Path) -> Path:
    """Commit the files of this working tree that the hook needs into ``repo``."""
    repo.mkdir(parents=True, exist_ok=True)
    for name in project_files():
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "docs/", "examples/")):
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hook under test")
    return repo


def try_repo(hook_repo: Path, cwd: Path, home: Path, *args: str, all_files: bool = True):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(PRE_COMMIT_HOME=str(home), NO_COLOR="1", PYTHONPATH="")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), *args,
         *(["--all-files"] if all_files else []), "--color", "never"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
    )


def test_hooks_are_declared():
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"sendsync", "sendsync-project"}
    assert hooks["sendsync"]["entry"] == "sendsync check --force-exclude"
    assert hooks["sendsync"]["language"] == "python"
    assert hooks["sendsync"]["require_serial"] is True
    assert hooks["sendsync-project"]["pass_filenames"] is False


def test_try_repo_end_to_end(hook_repo, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(TIMER)
    (project / "ok.py").write_text("x = 1\n")
    (project / "build").mkdir()
    (project / "build" / "gen.py").write_text(TIMER)  # excluded by default, even when named
    (project / "legacy").mkdir()
    (project / "legacy" / "old.py").write_text(TIMER)
    (project / "pyproject.toml").write_text('[tool.sendsync]\nextend-exclude = ["legacy"]\n')
    git(project, "init", "-q")
    git(project, "add", "-A")
    home = tmp_path / "cache"

    proc = try_repo(hook_repo, project, home)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    lines = output.splitlines()
    assert [line for line in lines if line.startswith(("sendsync.", "sendsync (whole"))] == [
        "sendsync" + "." * (79 - len("sendsync") - len("Failed")) + "Failed",
        "sendsync (whole project)" + "." * (79 - len("sendsync (whole project)") - len("Failed"))
        + "Failed",
    ]
    assert lines.count(FINDING) == 2  # once per hook; build/ and legacy/ stay excluded
    assert not [line for line in lines if "SSC" in line and line != FINDING]

    (project / "app.py").write_text("x = 2\n")
    git(project, "add", "-A")
    proc = try_repo(hook_repo, project, home, "sendsync")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sendsync" + "." * (79 - len("sendsync") - len("Passed")) + "Passed" in proc.stdout


@pytest.mark.parametrize("document", ["README.md", "docs/recipes/pre-commit.md"])
def test_documented_pre_commit_configuration_names_real_hooks(document):
    import re

    ids = {h["id"] for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    text = (ROOT / document).read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    used = [hook["id"] for b in blocks if isinstance(b, dict) and "repos" in b
            for repo in b["repos"] for hook in repo["hooks"]]
    assert used and set(used) <= ids
