"""The cache and --jobs change how fast a run is, never what it finds."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GFX_PLAIN = """
    class Context:
        pass

    def make_context() -> Context:
        return Context()
"""
GFX_NOTSEND = """
    from sendsync import NotSend

    class Context:
        pass

    def make_context() -> NotSend[Context]:
        return Context()
"""
MAIN = """
    import threading
    from gfx import make_context

    def render(ctx):
        pass

    def main():
        ctx = make_context()
        threading.Thread(target=render, args=(ctx,)).start()
"""


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def sendsync(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sendsync", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_change_in_a_module_another_depends_on_invalidates_its_findings(tmp_path):
    write(tmp_path / "gfx.py", GFX_PLAIN)
    write(tmp_path / "main.py", MAIN)
    first = sendsync(tmp_path, ".")
    assert (first.returncode, first.stdout) == (0, "")
    assert (tmp_path / ".sendsync_cache").is_dir()
    # main.py does not change; what it imports does
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    second = sendsync(tmp_path, ".")
    assert second.returncode == 1
    assert second.stdout.startswith("main.py:9:43: SSC102 `ctx` (Context, NotSend: returned by `make_context()`")
    # and back
    write(tmp_path / "gfx.py", GFX_PLAIN)
    assert sendsync(tmp_path, ".").stdout == ""


def test_warm_cold_uncached_and_any_jobs_print_the_same_bytes(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    for example in (ROOT / "examples").rglob("*.py"):
        target = project / example.relative_to(ROOT / "examples")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(example.read_bytes())
    write(project / "gfx.py", GFX_NOTSEND)
    write(project / "main.py", MAIN)
    runs = [
        sendsync(project, "--no-cache", "-j1", "."),
        sendsync(project, "--no-cache", "-j2", "."),
        sendsync(project, "-j2", "."),  # cold: writes the cache
        sendsync(project, "-j2", "."),  # warm
        sendsync(project, "-j1", "."),  # warm, one process
    ]
    outputs = {(r.returncode, r.stdout) for r in runs}
    assert len(outputs) == 1, outputs
    code, out = outputs.pop()
    assert code == 1 and out.count("\n") == 3


def test_a_broken_cache_is_ignored_and_rewritten(tmp_path):
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    write(tmp_path / "main.py", MAIN)
    expected = sendsync(tmp_path, "--no-cache", ".").stdout
    sendsync(tmp_path, ".")
    files = list((tmp_path / ".sendsync_cache").rglob("*.json"))
    assert len(files) == 1
    files[0].write_text("{not json", encoding="utf-8")
    again = sendsync(tmp_path, ".")
    assert again.stdout == expected and "Traceback" not in again.stderr
    assert json.loads(files[0].read_text(encoding="utf-8"))["format"] == 1
    assert (tmp_path / ".sendsync_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_no_cache_writes_nothing(tmp_path):
    write(tmp_path / "main.py", MAIN)
    write(tmp_path / "gfx.py", GFX_PLAIN)
    sendsync(tmp_path, "--no-cache", ".")
    assert not (tmp_path / ".sendsync_cache").exists()


def test_jobs_must_be_a_number(tmp_path):
    result = sendsync(tmp_path, "-j", "many", ".")
    assert result.returncode == 2 and "not a number of processes" in result.stderr
