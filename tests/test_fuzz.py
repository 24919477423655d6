"""The differential fuzzer in the regular suite: one quick seeded round of ``scripts/fuzz.py``
(generated multi-module projects through the real command line, ``-j1``/``-j2``, cold and warm
cache, after edits, planted findings asserted), and proof that its oracle can fail.
``scripts/fuzz.py --long`` runs many more projects.
"""
from __future__ import annotations

import importlib.util
import random
import sys
from dataclasses import replace
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fuzz.py"
SEED = 20261201


def _load_fuzz():
    spec = importlib.util.spec_from_file_location("sendsync_fuzz_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
#: one small project, no edits: enough to see the oracle at work
ONE = replace(fuzz.QUICK, projects=1, edits=0, mutants=1, programs=0)


def test_a_quick_seeded_round_passes(tmp_path):
    log = []
    failed = fuzz.fuzz_round(SEED, fuzz.QUICK, tmp_path / "failures", log=log.append)
    assert failed == 0, "\n".join(log)
    assert any("FAIL" not in line and "planted" in line for line in log), log


def test_a_wrong_expectation_fails_the_round(monkeypatch):
    """The oracle is not vacuous: told that a clean line holds a finding, and not told of a real
    one, it reports both."""
    real = fuzz.render
    moved = []

    def wrong(project):
        files, expected = real(project)
        where = sorted(expected.planted)[0]
        clean = next(w for w in sorted(expected.owner) if w not in expected.planted)
        expected.planted[clean] = expected.planted.pop(where)
        moved.append((where, clean))
        return files, expected

    monkeypatch.setattr(fuzz, "render", wrong)
    log = []
    assert fuzz.fuzz_round(SEED, ONE, None, log=log.append) == 1
    (where, clean), = moved
    text = "\n".join(log)
    assert "missing planted finding SSC1" in text, text
    assert f" at {clean[0]}:{clean[1]}: " in text, text
    assert f"unexpected finding {where[0]}:{where[1]}:" in text, text


def test_runs_that_differ_are_a_failure():
    reference = fuzz.Run("cold", [], 1, b'{"findings": []}', b"")
    assert fuzz.compare(reference, fuzz.Run("warm", [], 1, b'{"findings": []}', b"")) == []
    assert fuzz.compare(reference, fuzz.Run("warm", [], 0, b'{"findings": []}', b"")) != []
    assert fuzz.compare(reference, fuzz.Run("warm", [], 1, b'{"findings": [1]}', b"")) != []


def test_ssc999_must_be_where_cpython_says():
    data = b"x = 1\ny = = 2\n"
    at = fuzz.cpython_verdict(data)
    assert at is not None
    right = [("m.py", at[0], at[1], "SSC999", "syntax error")]
    assert fuzz._syntax_verdict("m.py", data, right) == []
    assert fuzz._syntax_verdict("m.py", data, []) != []
    assert fuzz._syntax_verdict("m.py", data, [("m.py", at[0] + 1, at[1], "SSC999", "")]) != []
    assert fuzz._syntax_verdict("m.py", b"x = 1\n", right) != []


def test_projects_are_the_same_for_a_seed():
    def rendered(seed):
        mutator = fuzz.Mutator(fuzz.seed_files(), random.Random(seed), max_lines=60)
        return fuzz.render(fuzz.make_project(seed, 1, fuzz.QUICK, mutator, []))[0]

    assert rendered(5) == rendered(5)
    assert rendered(5) != rendered(6)


def test_planted_lines_are_the_operations_and_spawns():
    """Each expected line is a line the generator meant: a use of the value or a hand-over."""
    project = fuzz.generate(random.Random(3), cases=30, modules=4)
    files, expected = fuzz.render(project)
    assert expected.planted
    for (path, line), codes in expected.planted.items():
        text = files[path].decode().splitlines()[line - 1]
        assert any(word in text for word in ("execute(", "title(", "Thread(", "Timer(", "submit(")), text
        assert codes <= {"SSC101", "SSC102", "SSC106"}


def test_a_syntax_error_edit_breaks_its_module_and_no_other():
    project = fuzz.generate(random.Random(4), cases=6, modules=3)
    rng = random.Random(4)
    broke = 0
    for _ in range(40):
        project, what = fuzz.edited(project, rng)
        broke += what.startswith("put a syntax error")
    assert broke, "forty edits and never a syntax error"
    files, _ = fuzz.render(project)
    rejected = [path for path, data in files.items()
                if path.endswith(".py") and fuzz.cpython_verdict(data) is not None]
    assert sorted(rejected) == sorted(fuzz.module_path(project.modules[i]) for i in project.broken)


def test_works_without_hypothesmith(monkeypatch):
    monkeypatch.setattr(fuzz, "hypothesmith_installed", lambda: False)
    assert fuzz.hypothesmith_programs(3, SEED) == []
    log = []
    assert fuzz.fuzz_round(SEED, replace(ONE, programs=1), None, log=log.append) == 0, log
    assert any("hypothesmith is not installed" in line for line in log)
