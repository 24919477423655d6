"""Fuzzing in the regular suite, at a modest size: programs generated from the grammar, and
mutants cut and spliced from real files. ``scripts/fuzz.py --long`` runs many more of both.

The property for every input: checking it raises nothing, reports no SSC998, reports SSC999
exactly where CPython rejects it (and only then), and gives the same findings twice.
"""
from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
hypothesmith = pytest.importorskip("hypothesmith")
from hypothesis import HealthCheck, given, settings  # noqa: E402

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fuzz.py"


def _load_fuzz():
    spec = importlib.util.spec_from_file_location("sendsync_fuzz_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()

# derandomized: the suite stays reproducible; scripts/fuzz.py explores with fresh seeds
FUZZ_SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it generates
@FUZZ_SETTINGS
@given(source=hypothesmith.from_grammar())
def test_programs_from_the_grammar(workdir, source):
    data = source.encode("utf-8", "surrogatepass")
    assert fuzz.judge(data, workdir) == []
    assert fuzz.judge(data + fuzz.SPAWN_EPILOGUE.encode(), workdir) == []


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(FUZZ_SETTINGS, max_examples=12)
@given(source=hypothesmith.from_node())
def test_programs_from_syntax_nodes(workdir, source):
    data = source.encode("utf-8", "surrogatepass")
    assert fuzz.judge(data + fuzz.SPAWN_EPILOGUE.encode(), workdir) == []


def test_seed_files_are_read_from_disk():
    names = {p.name for p in fuzz.seed_files()}
    assert "threading.py" in names and "thread.py" in names  # concurrent/futures/thread.py
    assert "evaluate.py" in names  # this repository's own engine


@pytest.mark.parametrize("seed", range(3))
def test_mutants_of_real_files(workdir, seed):
    mutator = fuzz.Mutator(fuzz.seed_files(), random.Random(seed))
    failures = {}
    for n in range(12):
        data = mutator.mutant()
        problems = fuzz.judge(data, workdir)
        if problems:
            failures[n] = (problems, data[:2000])
    assert failures == {}


def test_the_oracle_catches_a_wrong_position(workdir, monkeypatch):
    """The judge is not vacuous: an SSC999 at the wrong place is a failure."""
    data = b"x = 1\ny = = 2\n"
    assert fuzz.judge(data, workdir) == []
    real = fuzz.check_bytes

    def shifted(data, workdir, name="fuzzed.py"):
        return [(line + 1, col, code, msg) for line, col, code, msg in real(data, workdir, name)]

    monkeypatch.setattr(fuzz, "check_bytes", shifted)
    assert fuzz.judge(data, workdir) != []
