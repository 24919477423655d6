"""Which files make up the project: every ``*.py`` below the given paths, and their module names."""
from __future__ import annotations

import fnmatch
import os
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Sequence, Tuple

from .config import UsageError

#: Names (globs) of directories and files skipped while walking; a path given explicitly is
#: always checked.
DEFAULT_EXCLUDE: Tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".sendsync_cache",
    "node_modules",
    "*.egg-info",
)


def discover(
    paths: Iterable[str], exclude: Sequence[str] = DEFAULT_EXCLUDE
) -> List[Tuple[str, Path]]:
    """``(display_path, path)`` of every file to check, sorted by display path, each file once.

    A directory is walked for ``*.py`` files, without following directory symlinks and skipping
    names that match ``exclude``. A file given explicitly is checked whatever its name.
    Raises ``UsageError`` for a path that does not exist.
    """
    cwd = os.getcwd()
    found: Dict[str, Tuple[str, Path]] = {}  # real path -> (display, path)
    for given in paths:
        if not os.path.lexists(given):
            raise UsageError(f"path does not exist: {given}")
        if os.path.isdir(given):
            candidates: Iterable[str] = _walk(given, exclude)
        else:
            candidates = [given]
        for path in candidates:
            real = os.path.realpath(path)
            # The same file reached twice is checked once, preferably under its own name.
            if real not in found or (found[real][1].is_symlink() and not os.path.islink(path)):
                found[real] = (display_path(path, cwd), Path(path))
    return sorted(found.values(), key=lambda item: item[0])


def _walk(top: str, exclude: Sequence[str]) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not _excluded(d, exclude))
        for name in sorted(filenames):
            if name.endswith(".py") and not _excluded(name, exclude):
                yield os.path.join(dirpath, name)


def _excluded(name: str, exclude: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in exclude)


def display_path(path: str, cwd: str) -> str:
    """``path`` relative to ``cwd`` when it lies below it, else as given (normalised)."""
    absolute = os.path.abspath(path)
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, cwd)
    return os.path.normpath(path)


def module_name(path: Path) -> Tuple[str, bool]:
    """``(dotted module name, is_package)`` of a file, found from its enclosing packages.

    Walks up from the file while the directory holds an ``__init__.py``: ``pkg/sub/mod.py`` is
    ``pkg.sub.mod``, ``pkg/__init__.py`` is ``pkg``, and ``src/pkg/mod.py`` is ``pkg.mod``.
    """
    directory, name = os.path.split(os.path.abspath(path))
    is_package = name == "__init__.py"
    package, top = _package(directory)
    parts = list(package) if is_package else [*package, _stem(name)]
    if not parts:  # an __init__.py outside any importable package directory
        parts.append(top or "__init__")
    return ".".join(parts), is_package


@lru_cache(maxsize=4096)
def _package(directory: str) -> Tuple[Tuple[str, ...], str]:
    """The dotted parts of the package ``directory`` is (empty when it is none), and the name of
    the first directory above that is not a package. Cached: every file of a directory asks."""
    parent, name = os.path.split(directory)
    if parent != directory and name.isidentifier() and os.path.isfile(os.path.join(directory, "__init__.py")):
        above, top = _package(parent)
        return (*above, name), top
    return (), name


def _stem(name: str) -> str:
    return name[: -len(".py")] if name.endswith(".py") else name


__all__ = ["DEFAULT_EXCLUDE", "discover", "display_path", "module_name"]
