"""The same input gives byte-identical output: across runs, hash seeds, argument order and formats
(and, once they exist, with any ``--jobs`` and with or without the cache)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from sendsync import api

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
HASH_SEEDS = ("0", "1", "4242")


def run(args: List[str], cwd: Path, hash_seed: str = "0", extra_env: Optional[Dict[str, str]] = None
        ) -> "subprocess.CompletedProcess[bytes]":
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONHASHSEED"] = hash_seed
    env.pop("NO_COLOR", None)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "sendsync", "check", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=600)


def check_help() -> str:
    return run(["--help"], ROOT).stdout.decode()


def formats() -> List[str]:
    match = re.search(r"--format \{([a-z,]+)\}", check_help())
    return match.group(1).split(",") if match else ["text"]


SPAWNS = '''\
import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from .shared import CONN, make_gen


def many(items):
    conn = sqlite3.connect(":memory:")
    gen = make_gen()
    loop = asyncio.new_event_loop()
    event = asyncio.Event()
    t = threading.Thread(target=lambda: (conn.execute("x"), next(gen), loop.stop(), event.set(),
                                         CONN.execute("y")))
    t.start()
    next(gen)
    with ThreadPoolExecutor() as pool:
        for item in items:
            pool.submit(lambda: (conn.execute(item), next(gen), event.set()))
    total = 0

    def bump():
        nonlocal total
        total += 1

    for _ in range(3):
        threading.Thread(target=bump).start()
'''


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A project with findings of many kinds in many files, several on one line, plus the
    acceptance corpus and the shipped example when they are on disk."""
    root = tmp_path_factory.mktemp("determinism")
    pkg = root / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "shared.py").write_text(
        "import sqlite3\nCONN = sqlite3.connect('x')\n\n\ndef make_gen():\n    yield 1\n")
    for n in range(6):
        (pkg / f"spawns_{n:02}.py").write_text(SPAWNS)
    (pkg / "broken.py").write_bytes(b"def broken(:\n")
    (pkg / "gone.py").symlink_to(pkg / "nowhere.py")
    if SHARED_CORPUS.is_dir():
        shutil.copytree(SHARED_CORPUS, root / "corpus",
                        ignore=shutil.ignore_patterns("score.py", "__pycache__"))
    if (ROOT / "examples").is_dir():
        shutil.copytree(ROOT / "examples", root / "examples")
    return root


@pytest.fixture(scope="module")
def reference(tree) -> "subprocess.CompletedProcess[bytes]":
    """The text output, PYTHONHASHSEED=0: what every other run is compared with."""
    return run(["."], tree, "0")


def test_the_tree_has_plenty_of_findings(reference):
    proc = reference
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert len(lines) >= 40
    assert len({line.split(" ")[1] for line in lines}) >= 4  # several codes


def test_text_byte_identical_across_runs_and_hash_seeds(tree, reference):
    outputs = {seed: run(["."], tree, seed) for seed in HASH_SEEDS[1:]}
    outputs["again"] = run(["."], tree, HASH_SEEDS[0])
    for key, proc in outputs.items():
        assert proc.returncode == reference.returncode, key
        assert proc.stdout == reference.stdout, f"output differs with PYTHONHASHSEED={key}"
        assert proc.stderr == reference.stderr, key


@pytest.mark.parametrize("fmt", [f for f in formats() if f != "text"])
def test_every_format_byte_identical_across_hash_seeds(tree, fmt):
    outputs = {seed: run([".", "--format", fmt], tree, seed) for seed in (HASH_SEEDS[0], HASH_SEEDS[-1])}
    first = outputs[HASH_SEEDS[0]]
    assert first.returncode == 1 and first.stdout
    for key, proc in outputs.items():
        assert proc.returncode == first.returncode, key
        assert proc.stdout == first.stdout, f"output differs with PYTHONHASHSEED={key}"
        assert proc.stderr == first.stderr, key


def test_argument_order_does_not_matter(tree, reference):
    parts = sorted(str(p.relative_to(tree)) for p in tree.iterdir())
    backward = run(list(reversed(parts)), tree, "1")
    assert backward.stdout == reference.stdout


def test_in_process_results_repeat(tree, monkeypatch):
    monkeypatch.chdir(tree)
    first = api.check(["."])
    second = api.check(["."])
    assert first.diagnostics == second.diagnostics
    assert [d.message for d in first.diagnostics] == [d.message for d in second.diagnostics]


def test_statistics_are_deterministic(tree):
    outputs = {run([".", "--statistics"], tree, seed).stdout for seed in HASH_SEEDS[:2]}
    assert len(outputs) == 1


@pytest.mark.skipif("--jobs" not in check_help(), reason="parallel checking (`--jobs`) does not exist yet")
@pytest.mark.parametrize("jobs", ["1", "2", "3"])
def test_same_output_with_any_number_of_jobs(tree, reference, jobs):
    sequential = reference
    parallel = run([".", "--jobs", jobs], tree, "1")
    assert parallel.returncode == sequential.returncode
    assert parallel.stdout == sequential.stdout


@pytest.mark.skipif("--no-cache" not in check_help(), reason="there is no cache (`--no-cache`) yet")
def test_same_output_with_and_without_the_cache(tree, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tree, copy, symlinks=True)
    uncached = run([".", "--no-cache"], copy)
    cold = run(["."], copy)
    warm = run(["."], copy, "1")
    assert cold.stdout == uncached.stdout
    assert warm.stdout == uncached.stdout
    (copy / "app" / "spawns_00.py").write_text(SPAWNS.replace("next(gen)", "pass"))
    changed = run(["."], copy)
    assert changed.stdout == run([".", "--no-cache"], copy).stdout


def test_what_is_done_per_object_follows_one_order_not_the_sets():
    """Two objects of one creation site, alike in all the cheap order compares (an event loop
    and a plain object made by one call), and many objects at once: a value hands them out in
    the same order however its set happens to lay them out. A set's own order can differ
    between two runs under one hash seed (``hash(None)`` is an address before Python 3.12);
    when it leaked, which of two findings on one line was kept varied from run to run."""
    from sendsync.engine.values import Inst, Trait, Value, canonical, order
    from sendsync.rules.wording import Origin

    alike = [Inst(("m", 7), frozenset({"asyncio.Task"}), not_sync=Trait("asyncio task", Origin.CREATED, "m.py", line),
                  home="t0") for line in range(1, 24)]
    expected = alike  # alike in site, thread and type: by what they hold (here, the line)
    assert list(Value(alike)) == expected
    assert list(Value(reversed(alike))) == expected
    assert list(Value(alike).insts) == expected
    mixed = alike + [Inst(("m", site)) for site in range(20, 0, -1)]
    ordered = list(Value(mixed))
    assert [order(a) for a in ordered] == sorted(order(a) for a in mixed)
    assert ordered == list(canonical(reversed(mixed)))
