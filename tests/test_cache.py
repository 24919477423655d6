"""The cache and --jobs change how fast a run is, never what it finds."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sendsync import cache as cache_module

ROOT = Path(__file__).resolve().parents[1]

#: without *at calls (Windows) the cache deletes nothing, so old entries stay
deletes = pytest.mark.skipif(not cache_module._AT, reason="without *at calls the cache deletes nothing")

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
        ctx.draw()

    def main():
        ctx = make_context()
        threading.Thread(target=render, args=(ctx,)).start()
"""


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def sendsync(cwd: Path, *args: str, home: "Path | None" = None, package: Path = ROOT,
             timeout: float = 300) -> subprocess.CompletedProcess:
    """``sendsync check ARGS`` in ``cwd``, as the user whose cache directory is ``home``
    (default: one beside ``cwd``, so that no test uses the real one)."""
    env = dict(os.environ, PYTHONPATH=str(package),
               XDG_CACHE_HOME=str(home or cwd.parent / "user-cache"))
    return subprocess.run([sys.executable, "-m", "sendsync", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


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
    assert code == 1 and out.count("\n") == 4  # three in examples/, one in main.py


def test_a_broken_cache_is_ignored_and_rewritten(tmp_path):
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    write(tmp_path / "main.py", MAIN)
    expected = sendsync(tmp_path, "--no-cache", ".").stdout
    assert expected
    sendsync(tmp_path, ".")
    files = entry_files(tmp_path)
    assert sorted(files) == ["facts", "results"] and len(files["facts"]) == 2
    for path in files["facts"] + files["results"]:
        path.write_text("{not an entry", encoding="utf-8")
    again = sendsync(tmp_path, ".")
    assert again.stdout == expected and "Traceback" not in again.stderr
    for path in files["facts"] + files["results"]:
        assert path.read_bytes().startswith(b"sendsync-cache 3 ")  # written again, signed
    assert (tmp_path / ".sendsync_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


@deletes
def test_a_file_gone_from_the_project_leaves_the_cache(tmp_path):
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    write(tmp_path / "main.py", MAIN)
    write(tmp_path / "extra.py", "VALUE = 1\n")
    sendsync(tmp_path, ".")
    assert len(entry_files(tmp_path)["facts"]) == 3
    (tmp_path / "extra.py").unlink()
    assert sendsync(tmp_path, ".").returncode == 1
    files = entry_files(tmp_path)
    assert (len(files["facts"]), len(files["results"])) == (2, 1)


@deletes
def test_a_cache_in_the_earlier_one_file_format_is_replaced(tmp_path):
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    write(tmp_path / "main.py", MAIN)
    expected = sendsync(tmp_path, "--no-cache", ".").stdout
    sendsync(tmp_path, ".")
    old = next(p for p in (tmp_path / ".sendsync_cache").iterdir() if p.name.startswith("v")) / "0123abcd.json"
    old.write_text('{"format": 2, "entries": {}}', encoding="utf-8")
    with open(tmp_path / "main.py", "a", encoding="utf-8") as f:
        f.write("# edited\n")  # a run that writes an entry
    assert sendsync(tmp_path, ".").stdout == expected
    assert not old.exists()


def test_a_long_run_writes_again_after_its_cache_was_removed(tmp_path, monkeypatch):
    """The editor's server keeps one session for hours: ``sendsync clean`` beside it removes
    the cache, and the next check writes a new one (the findings are the same either way)."""
    from sendsync import api

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    repo = project(tmp_path / "repo")
    monkeypatch.chdir(repo)
    session = api.Session(cache_dir=str(repo / ".sendsync_cache"))
    first = session.check(["."])
    assert [(d.path, d.line, d.code) for d in first.diagnostics] == [("main.py", 9, "SSC102")]
    assert sorted(entry_files(repo)) == ["facts", "results"]
    shutil.rmtree(repo / ".sendsync_cache")
    write(repo / "extra.py", "VALUE = 1\n")  # a change, so that the check writes entries
    again = session.check(["."])
    assert [(d.path, d.line, d.code) for d in again.diagnostics] == [("main.py", 9, "SSC102")]
    files = entry_files(repo)
    assert (len(files["facts"]), len(files["results"])) == (3, 1)


def test_entries_put_and_read_in_batches_are_the_single_ones(tmp_path, monkeypatch):
    """put_many/get_many (what a run does with every file's facts) keep and find exactly what
    put/get do, entry by entry: a foreign file under an entry's name is not read, a key never
    put is not found, and a batch written while its directory was removed is written anew."""
    from sendsync.cache import Cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    cache = Cache(tmp_path / "cache", "settings")
    cache.put_many("facts", iter([("a", b"bytes"), ("b", {"doc": [1, 2]})]))
    assert cache.get("facts", "a") == b"bytes" and cache.get("facts", "b") == {"doc": [1, 2]}
    assert cache.get_many("facts", ["a", "b", "never"]) == {"a": b"bytes", "b": {"doc": [1, 2]}}
    for entry in (cache.root / "facts").iterdir():  # changed by someone else
        entry.write_bytes(entry.read_bytes().replace(b"bytes", b"BYTES"))
    assert cache.get_many("facts", ["a", "b"]) == {"b": {"doc": [1, 2]}}

    def removed_midway():
        yield "c", b"c"
        shutil.rmtree(cache.root)  # `sendsync clean` beside a long run
        yield "d", b"d"

    cache.put_many("facts", removed_midway())
    assert cache.get_many("facts", ["c", "d"]) == {"d": b"d"}


@deletes
def test_forgetting_old_entries_deletes_nothing_else(tmp_path, monkeypatch):
    """keep_only() removes the entries of keys no longer wanted, and nothing it did not write:
    not a file of another name, and nothing through a directory swapped for a link while it
    runs, at any level, even between its checks and its deletions."""
    from sendsync import cache as module
    from sendsync.cache import Cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    cache = Cache(tmp_path / "cache", "settings")
    for key in ("a", "b"):
        cache.put("facts", key, key.encode())
    table = cache.root / "facts"
    (table / "notes.txt").write_text("mine")
    cache.keep_only("facts", {"a"})
    assert cache.get("facts", "a") == b"a" and cache.get("facts", "b") is None
    assert (table / "notes.txt").read_text() == "mine"
    assert len([p for p in table.iterdir() if p.name != "notes.txt"]) == 1
    real = os.listdir
    for level, swapped in enumerate((table, cache.root, cache.root.parent)):
        cache.put("facts", "b", b"b")
        elsewhere = tmp_path / f"elsewhere{level}"
        victim_dir = elsewhere.joinpath(*table.relative_to(swapped).parts)
        victim_dir.mkdir(parents=True)
        victim = victim_dir / ("0" * 32)
        victim.write_text("not the cache's")

        def listdir(where, swapped=swapped, elsewhere=elsewhere):  # another process, just then
            if swapped.exists() and not swapped.is_symlink():
                shutil.rmtree(swapped)
                swapped.symlink_to(elsewhere, target_is_directory=True)
            return real(where)

        monkeypatch.setattr(module.os, "listdir", listdir)
        cache.keep_only("facts", set())
        monkeypatch.setattr(module.os, "listdir", real)
        assert victim.read_text() == "not the cache's"
        swapped.unlink()


def test_no_cache_writes_nothing(tmp_path):
    write(tmp_path / "main.py", MAIN)
    write(tmp_path / "gfx.py", GFX_PLAIN)
    sendsync(tmp_path, "--no-cache", ".")
    assert not (tmp_path / ".sendsync_cache").exists()


def test_jobs_must_be_a_number(tmp_path):
    result = sendsync(tmp_path, "-j", "many", ".")
    assert result.returncode == 2 and "not a number of processes" in result.stderr



# --- a cache is trusted only if this user wrote it on this machine ----------------------------------

FINDING = "main.py:9:43: SSC102 `ctx` (Context, NotSend: returned by `make_context()`"


def project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    write(root / "gfx.py", GFX_NOTSEND)
    write(root / "main.py", MAIN)
    return root


def entry_files(root: Path) -> "dict[str, list[Path]]":
    """The cache's entry files (``.sendsync_cache/v<version>/<key>/<namespace>/<entry>``), by
    namespace; there must be one cache key."""
    found = [p for p in (root / ".sendsync_cache").glob("v*/*/*/*") if not p.name.startswith(".")]
    assert len({p.parent.parent for p in found}) == 1, found
    out: "dict[str, list[Path]]" = {}
    for path in sorted(found):
        out.setdefault(path.parent.name, []).append(path)
    return out


def cache_file(root: Path) -> Path:
    """The one entry that holds the findings of the whole project."""
    (path,) = entry_files(root)["results"]
    return path


def user_key(home: Path) -> bytes:
    return (home / "sendsync" / "key").read_bytes()


def read_cache(path: Path):
    """(the entry's JSON payload, its header fields)."""
    head, _, payload = path.read_bytes().partition(b"\n")
    return json.loads(payload), head.split(b" ")


def write_cache(path: Path, document, fields, key: bytes) -> None:
    """Write an entry as sendsync would, signed with ``key`` (an attacker's own)."""
    from sendsync.cache import entry_mac

    payload = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
    entry = bytes.fromhex(fields[4].decode()).decode()
    mac = entry_mac(key, path.parent.parent.name, path.parent.name, entry, fields[3], payload)
    path.write_bytes(b" ".join((fields[0], fields[1], mac, fields[3], fields[4])) + b"\n" + payload)


def emptied(document):
    """The same findings entry with the project's findings removed."""
    return {"findings": [], "read": document["read"]}


def test_a_committed_emptied_cache_does_not_silence_another_user(tmp_path):
    repo = project(tmp_path / "repo")
    attacker, victim = tmp_path / "attacker-cache", tmp_path / "victim-cache"
    first = sendsync(repo, ".", home=attacker)
    assert (first.returncode, first.stdout.startswith(FINDING)) == (1, True), first.stderr
    path = cache_file(repo)
    document, fields = read_cache(path)
    write_cache(path, emptied(document), fields, user_key(attacker))
    # on the machine that wrote it, the doctored cache is trusted: the attack is real ...
    assert sendsync(repo, ".", home=attacker).stdout == ""
    # ... but a fresh clone checked by anyone else still gets every finding
    clone = tmp_path / "clone"
    import shutil

    shutil.copytree(repo, clone, symlinks=True)
    victim_run = sendsync(clone, ".", home=victim)
    assert (victim_run.returncode, victim_run.stderr) == (1, "")
    assert victim_run.stdout.startswith(FINDING)
    # and the clone's cache is now the victim's own, which it trusts on the next run
    assert read_cache(cache_file(clone))[0]["findings"]
    assert sendsync(clone, ".", home=victim).stdout == victim_run.stdout


@deletes
def test_an_entry_moved_under_another_key_is_not_trusted(tmp_path):
    """Each entry is signed with its key. Without the user's secret, a clean findings entry kept
    from an earlier state of the project, renamed to the new state's entry with its header's key
    rewritten, must not silence the finding the new state has."""
    repo = tmp_path / "repo"
    repo.mkdir()
    write(repo / "gfx.py", GFX_PLAIN)
    write(repo / "main.py", MAIN)
    assert sendsync(repo, ".").stdout == ""
    clean = cache_file(repo).read_bytes()
    write(repo / "gfx.py", GFX_NOTSEND)
    assert sendsync(repo, ".").stdout.startswith(FINDING)
    path = cache_file(repo)
    new_key = path.read_bytes().partition(b"\n")[0].split(b" ")[4]
    head, _, payload = clean.partition(b"\n")
    fields = head.split(b" ")
    path.write_bytes(b" ".join((*fields[:4], new_key)) + b"\n" + payload)
    again = sendsync(repo, ".")
    assert (again.returncode, again.stdout.startswith(FINDING), again.stderr) == (1, True, "")


def test_the_user_key_is_private_and_made_once(tmp_path):
    repo = project(tmp_path / "repo")
    home = tmp_path / "home-cache"
    sendsync(repo, ".", home=home)
    key = home / "sendsync" / "key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    before = key.read_bytes()
    sendsync(repo, ".", home=home)
    assert key.read_bytes() == before


def test_no_key_no_cache_rather_than_an_unchecked_one(tmp_path):
    repo = project(tmp_path / "repo")
    home = tmp_path / "home-cache"
    home.write_text("a file where the cache directory should be")
    proc = sendsync(repo, ".", "-v", home=home)
    assert proc.returncode == 1 and proc.stdout.startswith(FINDING)
    assert "sendsync: no cache: no private key could be kept" in proc.stderr
    assert not (repo / ".sendsync_cache").exists()


def test_wrong_shape_entries_are_ignored_and_rewritten(tmp_path):
    repo = project(tmp_path / "repo")
    expected = sendsync(repo, "--no-cache", ".").stdout
    assert expected.startswith(FINDING)
    sendsync(repo, ".")
    files = entry_files(repo)
    # what the format before this one wrote, and a header with a field missing
    files["results"][0].write_text(json.dumps({"format": 2, "key": "x", "entries": {}}))
    files["facts"][0].write_bytes(b"sendsync-cache 3 abcd b\n" + b"\0" * 40)
    for _ in range(2):
        again = sendsync(repo, ".")
        assert (again.returncode, again.stdout, again.stderr) == (1, expected, "")
        assert all(p.read_bytes().startswith(b"sendsync-cache 3 ") for p in files["results"] + files["facts"])


def test_an_authentic_cache_of_the_wrong_shape_is_ignored_and_rewritten(tmp_path):
    repo = project(tmp_path / "repo")
    home = tmp_path / "user-cache"
    expected = sendsync(repo, "--no-cache", ".").stdout
    sendsync(repo, ".")
    for path in entry_files(repo)["facts"] + [cache_file(repo)]:
        fields = path.read_bytes().partition(b"\n")[0].split(b" ")
        write_cache(path, "abcd", fields, user_key(home))  # signed, of a kind no run wrote
    again = sendsync(repo, ".")
    assert (again.returncode, again.stdout, again.stderr) == (1, expected, "")
    assert all(b"abcd" not in p.read_bytes() for p in entry_files(repo)["facts"] + [cache_file(repo)])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_cache_file_does_not_hang(tmp_path):
    repo = project(tmp_path / "repo")
    expected = sendsync(repo, "--no-cache", ".").stdout
    sendsync(repo, ".")
    path = cache_file(repo)
    path.unlink()
    os.mkfifo(path)
    again = sendsync(repo, ".", timeout=60)
    assert (again.returncode, again.stdout, again.stderr) == (1, expected, "")
    assert path.is_file() and not path.is_fifo()


def test_a_symlinked_cache_directory_is_not_followed(tmp_path):
    repo = project(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".sendsync_cache").symlink_to(elsewhere, target_is_directory=True)
    proc = sendsync(repo, ".")
    assert (proc.returncode, proc.stdout.startswith(FINDING), proc.stderr) == (1, True, "")
    assert list(elsewhere.iterdir()) == []
    assert (repo / ".sendsync_cache").is_symlink()


def test_symlinks_inside_the_cache_directory_are_not_followed(tmp_path):
    repo = project(tmp_path / "repo")
    sendsync(repo, ".")
    import shutil

    for level in (3, 2, 1):  # the version directory, the key's, a namespace's
        elsewhere = tmp_path / f"elsewhere{level}"
        elsewhere.mkdir()
        planted = cache_file(repo).parents[level - 1]
        shutil.rmtree(planted)
        planted.symlink_to(elsewhere, target_is_directory=True)
        ignore = repo / ".sendsync_cache" / ".gitignore"
        ignore.unlink()
        ignore.symlink_to(elsewhere / "planted")  # a dangling link where .gitignore goes
        proc = sendsync(repo, ".")
        assert (proc.returncode, proc.stdout.startswith(FINDING), proc.stderr) == (1, True, "")
        assert list(elsewhere.iterdir()) == []
        shutil.rmtree(repo / ".sendsync_cache")
        sendsync(repo, ".")


def test_a_symlinked_cache_file_is_ignored_and_replaced(tmp_path):
    repo = project(tmp_path / "repo")
    home = tmp_path / "user-cache"
    sendsync(repo, ".")
    path = cache_file(repo)
    document, fields = read_cache(path)
    outside = tmp_path / "outside" / path.name
    outside.parent.mkdir()
    # emptied and signed for this very entry (its cache key, namespace and key): only the link
    # stands between it and a silent pass
    shutil.copy(path, outside)
    signed_here = path.parent.parent / "results" / path.name
    write_cache(signed_here, emptied(document), fields, user_key(home))
    outside.write_bytes(signed_here.read_bytes())
    assert sendsync(repo, ".").stdout == ""  # as an entry in its place, it would be trusted
    path.unlink()
    path.symlink_to(outside)
    proc = sendsync(repo, ".")
    assert (proc.returncode, proc.stdout.startswith(FINDING)) == (1, True)
    assert not path.is_symlink() and outside.read_bytes().startswith(b"sendsync-cache")


def test_the_cache_key_covers_the_knowledge_and_the_analysis_code(tmp_path):
    """A changed knowledge table (or any analysis code) with the same version reuses nothing."""
    import shutil

    package = tmp_path / "installed"
    shutil.copytree(ROOT / "sendsync", package / "sendsync",
                    ignore=shutil.ignore_patterns("__pycache__"))
    repo = tmp_path / "repo"
    repo.mkdir()
    write(repo / "main.py", """
        import sqlite3
        import threading

        def main():
            conn = sqlite3.connect(":memory:")
            threading.Thread(target=sqlite3.Connection.close, args=(conn,)).start()
    """)
    first = sendsync(repo, ".", package=package)
    assert "sqlite3 connection, NotSend" in first.stdout, first.stderr
    edited = 0
    for source in (package / "sendsync").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        if '"sqlite3 connection"' in text:
            source.write_text(text.replace('"sqlite3 connection"', '"sqlite3 handle"'),
                              encoding="utf-8")
            edited += 1
    assert edited
    second = sendsync(repo, ".", package=package)
    assert "sqlite3 handle, NotSend" in second.stdout, second.stdout


def test_a_memory_error_while_parsing_is_not_kept(tmp_path, monkeypatch):
    """Out of memory while parsing one large file, twice: that run cannot tell it from source
    too complex for CPython's parser and says both, and the next run, with memory to spare,
    reports the file's real finding: the answer was not kept."""
    import ast

    from sendsync import api
    from shared_cases import BUG

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    repo = tmp_path / "repo"
    repo.mkdir()
    big = "# a large file\n" + "".join(f"value_{n} = {n}\n" for n in range(2000))
    (repo / "big.py").write_text(big + BUG)  # the bug's lambda is on line 2001 + 7
    monkeypatch.chdir(repo)
    real = ast.parse
    failed = []

    def parse(source, *args, **kwargs):  # memory stays short for the whole first run
        if isinstance(source, bytes) and source.startswith(b"# a large file") and len(failed) < 2:
            failed.append(True)
            raise MemoryError
        return real(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", parse)
    first = api.check(["."], jobs=1, cache_dir=str(repo / ".sendsync_cache"))
    assert len(failed) == 2  # read once more before giving up
    assert [(d.path, d.code) for d in first.diagnostics] == [("big.py", "SSC999")]
    assert "or memory was short: it is read again next run" in first.diagnostics[0].message
    monkeypatch.setattr(ast, "parse", real)
    second = api.check(["."], jobs=1, cache_dir=str(repo / ".sendsync_cache"))
    assert [(d.path, d.line, d.code) for d in second.diagnostics] == [("big.py", 2008, "SSC101")]


def test_one_memory_error_while_parsing_costs_nothing(tmp_path, monkeypatch):
    """A MemoryError that does not happen again: the file is read once more and checked."""
    import ast

    from sendsync import api
    from shared_cases import BUG

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    (tmp_path / "big.py").write_text(BUG)
    monkeypatch.chdir(tmp_path)
    real = ast.parse
    failed = []

    def parse(source, *args, **kwargs):
        if isinstance(source, bytes) and b"sqlite3" in source and not failed:
            failed.append(True)
            raise MemoryError
        return real(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", parse)
    found = api.check(["."], jobs=1, cache_dir=None)
    assert failed
    assert [(d.path, d.code) for d in found.diagnostics] == [("big.py", "SSC101")]


def test_a_fixed_syntax_error_brings_back_the_findings_it_hid(tmp_path):
    """Save with a typo, run, fix it, run: the importer's finding comes back with the cache
    kept between the runs (not only with --no-cache)."""
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    write(tmp_path / "main.py", MAIN)
    assert sendsync(tmp_path, ".").returncode == 1  # the finding, and the cache written
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    with open(tmp_path / "gfx.py", "a", encoding="utf-8") as f:
        f.write("def broken(:\n")
    broken = sendsync(tmp_path, ".")
    assert [line.split(" ")[:2] for line in broken.stdout.splitlines()] == [["gfx.py:8:12:", "SSC999"]]
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    fixed = sendsync(tmp_path, ".")
    assert fixed.returncode == 1
    assert fixed.stdout.startswith("main.py:9:43: SSC102 `ctx` (Context, NotSend:")


def test_a_file_over_the_size_limit_is_reported_and_the_rest_is_checked(tmp_path, monkeypatch):
    """A generated module too large to parse within reason gets an SSC998 naming the limit;
    the other files' findings are all there, and the answer is the same from the cache."""
    from sendsync import api
    from sendsync.engine import extract

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 2_000)
    write(tmp_path / "gfx.py", GFX_NOTSEND)
    write(tmp_path / "main.py", MAIN)
    (tmp_path / "table.py").write_text("".join(f"value_{n} = {n}\n" for n in range(400)))
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # cold, then warm
        result = api.check(["."], jobs=1, cache_dir=str(tmp_path / ".sendsync_cache"))
        assert [(d.path, d.line, d.code) for d in result.diagnostics] == [
            ("main.py", 9, "SSC102"), ("table.py", 1, "SSC998")]
        assert "the file is 0.0 MB, over the limit of 0 MB per file" in result.diagnostics[1].message
