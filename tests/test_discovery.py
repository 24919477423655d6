"""Which files a check reads, how they are shown, and which module each one is."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from sendsync.config import UsageError
from sendsync.discovery import DEFAULT_EXCLUDE, discover, module_name


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """Create files below tmp_path (the cwd); a name ending in / is a directory."""
    monkeypatch.chdir(tmp_path)

    def make(*names: str) -> None:
        for name in names:
            path = tmp_path / name
            if name.endswith("/"):
                path.mkdir(parents=True, exist_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("x = 1\n")

    return make


def shown(paths):
    return [display.replace(os.sep, "/") for display, _ in discover(paths)]


def test_finds_py_files_sorted(tree):
    tree("b.py", "a/z.py", "a/b/c.py", "notes.txt", "a/data.pyc", "a/stub.pyi")
    assert shown(["."]) == ["a/b/c.py", "a/z.py", "b.py"]


def test_default_excludes(tree):
    skipped = [
        ".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "build", "dist", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".sendsync_cache", "node_modules", "thing.egg-info",
    ]
    tree("keep.py", "src/build/gone.py", *(f"{name}/gone.py" for name in skipped))
    assert shown(["."]) == ["keep.py"]
    assert "*.egg-info" in DEFAULT_EXCLUDE


def test_explicit_paths_are_checked_even_if_excluded_or_not_py(tree):
    tree("build/gen.py", "bin/tool")
    assert shown(["build", "bin/tool"]) == ["bin/tool", "build/gen.py"]


def test_custom_exclude(tree):
    tree("keep.py", "generated/x.py", "skip_me.py")
    found = [d for d, _ in discover(["."], exclude=("generated", "skip_*.py"))]
    assert found == ["keep.py"]


def test_symlink_loop_does_not_hang(tree, tmp_path):
    tree("a/x.py")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "up").symlink_to(tmp_path, target_is_directory=True)
    assert shown(["."]) == ["a/x.py"]


def test_directory_named_like_a_module(tree):
    tree("x.py/inner.py", "y.py/")
    assert shown(["."]) == ["x.py/inner.py"]
    assert shown(["x.py", "y.py"]) == ["x.py/inner.py"]


def test_duplicates_checked_once(tree, tmp_path):
    tree("a.py", "sub/b.py")
    assert shown([".", "a.py", "./a.py", str(tmp_path / "a.py"), "sub", "sub/../sub/b.py"]) == [
        "a.py",
        "sub/b.py",
    ]


def test_symlinked_file_checked_once_under_its_own_name(tree, tmp_path):
    tree("real.py")
    (tmp_path / "alias.py").symlink_to(tmp_path / "real.py")
    assert shown(["."]) == ["real.py"]


def test_broken_symlink_is_listed(tree, tmp_path):
    (tmp_path / "gone.py").symlink_to(tmp_path / "nowhere.py")
    assert shown(["."]) == ["gone.py"]
    assert shown(["gone.py"]) == ["gone.py"]


def test_nonexistent_path_is_usage_error(tree):
    with pytest.raises(UsageError, match="^path does not exist: nope/x.py$"):
        discover(["nope/x.py"])


def test_display_paths(tree, tmp_path, monkeypatch):
    tree("here/a.py", "other/b.py")
    assert shown([str(tmp_path / "here")]) == ["here/a.py"]
    monkeypatch.chdir(tmp_path / "here")
    assert shown([".", os.path.join("..", "other")]) == ["../other/b.py", "a.py"]
    outside = [d for d, _ in discover([str(tmp_path / "other")])]
    assert outside == [str(tmp_path / "other" / "b.py")]


@pytest.mark.parametrize(
    "files, target, expected",
    [
        (["pkg/__init__.py", "pkg/mod.py"], "pkg/mod.py", ("pkg.mod", False)),
        (["pkg/__init__.py"], "pkg/__init__.py", ("pkg", True)),
        (["pkg/__init__.py", "pkg/sub/__init__.py", "pkg/sub/mod.py"], "pkg/sub/mod.py",
         ("pkg.sub.mod", False)),
        (["pkg/__init__.py", "pkg/sub/__init__.py"], "pkg/sub/__init__.py", ("pkg.sub", True)),
        (["src/pkg/__init__.py", "src/pkg/mod.py"], "src/pkg/mod.py", ("pkg.mod", False)),
        (["script.py"], "script.py", ("script", False)),
        (["tools/run.py"], "tools/run.py", ("run", False)),
        (["pkg/__init__.py", "pkg/loose/mod.py"], "pkg/loose/mod.py", ("mod", False)),
        (["bin/tool"], "bin/tool", ("tool", False)),
    ],
)
def test_module_name(tree, files, target, expected):
    tree(*files)
    assert module_name(Path(target)) == expected


def test_module_name_when_cwd_is_inside_the_package(tree, tmp_path, monkeypatch):
    tree("pkg/__init__.py", "pkg/mod.py")
    monkeypatch.chdir(tmp_path / "pkg")
    assert module_name(Path("mod.py")) == ("pkg.mod", False)
    assert module_name(Path("__init__.py")) == ("pkg", True)


# --- what cannot be read is said, links out of the tree are not followed --------------------------

BUG = (
    "import sqlite3\n"
    "import threading\n"
    "\n"
    "\n"
    "def main():\n"
    "    conn = sqlite3.connect(':memory:')\n"
    "    flush = threading.Timer(0.01, lambda: conn.execute('SELECT 1'))\n"
    "    flush.start()\n"
)
BUG_FINDING = ":7:43: SSC101 `conn` (sqlite3 connection, NotSend: created at line 6 with "
UNLISTABLE = "cannot read directory: Permission denied"


@pytest.fixture
def unlistable(monkeypatch):
    """Directories (by name) that ``os.scandir`` refuses, as a directory without read permission
    does for anyone but root (the suite also runs as root)."""
    names = set()
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.path.abspath(path)) in names:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return names


def test_an_unreadable_directory_below_a_path_is_a_finding(tree, tmp_path, run, unlistable):
    (tmp_path / "app.py").write_text(BUG)
    (tmp_path / "secret" / "deep").mkdir(parents=True)
    (tmp_path / "secret" / "deep" / "mod.py").write_text(BUG)
    unlistable.add("secret")
    status, out, err = run("check", "--no-cache")
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("app.py" + BUG_FINDING)
    assert lines[1:] == ["secret:1:1: SSC999 " + UNLISTABLE]


def test_an_unreadable_directory_given_explicitly_is_a_clear_error(tree, tmp_path, run, unlistable):
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "mod.py").write_text(BUG)
    unlistable.add("secret")
    assert run("check", "--no-cache", "secret") == (
        2, "", "sendsync: error: cannot read directory secret: Permission denied\n")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_a_directory_without_read_permission_is_a_finding(tree, tmp_path, run):
    (tmp_path / "app.py").write_text(BUG)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "mod.py").write_text(BUG)
    locked.chmod(0)
    try:
        status, out, err = run("check", "--no-cache")
    finally:
        locked.chmod(0o755)
    assert (status, err) == (1, "")
    assert out.splitlines()[1:] == ["locked:1:1: SSC999 " + UNLISTABLE]


@pytest.fixture
def outside(tmp_path):
    """A file with a real bug outside the checked tree."""
    where = tmp_path / "elsewhere"
    where.mkdir()
    (where / "secret.py").write_text(BUG.replace("SELECT 1", "SELECT 42 -- top secret"))
    (tmp_path / "proj").mkdir()
    return where / "secret.py"


def test_a_file_link_out_of_the_tree_is_not_followed(tmp_path, run, outside):
    proj = tmp_path / "proj"
    (proj / "app.py").write_text(BUG)
    (proj / "link.py").symlink_to(outside)
    (proj / "inner.py").symlink_to(proj / "app.py")  # a link inside the tree: the same file
    status, out, err = run("check", "--no-cache", "--format", "full", cwd=proj)
    assert status == 1 and err == ""
    assert "top secret" not in out and "link.py" not in out
    assert "--> app.py:7:43" in out
    status, out, err = run("check", "--no-cache", "-v", cwd=proj)
    assert [line for line in out.splitlines() if "SSC" in line][0].startswith("app.py" + BUG_FINDING)
    assert "link.py" not in out
    assert f"sendsync: skipped link.py: not followed, a link to {outside} outside the checked paths\n" in err


def test_a_link_out_of_the_tree_named_explicitly_is_read(tmp_path, run, outside):
    proj = tmp_path / "proj"
    (proj / "link.py").symlink_to(outside)
    status, out, err = run("check", "--no-cache", "link.py", cwd=proj)
    assert (status, err) == (1, "")
    assert out.startswith("link.py" + BUG_FINDING)


def test_a_link_into_another_given_path_is_followed(tmp_path, run, outside):
    proj = tmp_path / "proj"
    (proj / "link.py").symlink_to(outside)
    status, out, err = run("check", "--no-cache", ".", str(outside.parent), cwd=proj)
    assert status == 1  # the same file, once, under its own name
    assert out.startswith(str(outside) + BUG_FINDING)
    assert len(out.splitlines()) == 1


# Patterns that only name a file or directory are matched by one regular expression instead of
# pathspec (the walk asks about every name it meets); the answer must be pathspec's, always.
_NAME_PATTERNS = [".git", "build", "*.egg-info", "venv", "node_modules", "a*b", "x.y",
                  "tests", "__pycache__", "foo*", "*bar", "~tmp", "a+b", "v1.2"]
_PATHS = ["build", "build/x.py", "src/build/x.py", "src/builder/x.py", "rebuild/x.py",
          "pkg.egg-info/PKG", "a/pkg.egg-info", "a/egg-info/x.py", ".git/config", "a/.git",
          "a/.gitignore", "ab", "axxb/c.py", "a/b/axb", "x.y", "xzy/q.py", "tests/t.py",
          "my_tests/t.py", "foo", "food/x.py", "a/xfoo.py", "sidebar/x.py", "bar", "~tmp/x.py",
          "a+b/c.py", "aab/c.py", "v1.2/x.py", "v132/x.py", "deep/er/still/venv/lib/x.py"]


@pytest.mark.parametrize("patterns", [
    (p,) for p in _NAME_PATTERNS] + [tuple(DEFAULT_EXCLUDE), ("build", "*.egg-info", "foo*")])
def test_name_patterns_match_as_pathspec_says(patterns):
    from sendsync.discovery import Globs, _spec

    globs = Globs(patterns)
    assert globs._names is not None  # the fast way is taken
    spec = _spec(tuple(patterns))
    for path in _PATHS:
        for is_dir in (False, True):
            expected = bool(spec.match_file(path + "/" if is_dir else path))
            assert globs.match(path, is_dir) == expected, (patterns, path, is_dir)


@pytest.mark.parametrize("pattern", ["src/build", "!build", "**/build", "b?ild", "[bc]uild",
                                     "build/", ".", "..", "*", "*."])
def test_other_patterns_are_left_to_pathspec(pattern):
    from sendsync.discovery import Globs

    assert Globs([pattern])._names is None
