"""Which files make up the project: every ``*.py`` below the given paths, less the excluded ones,
and their module names.

All file selection happens here, with one glob engine: ``pathspec``'s ``.gitignore`` patterns,
for ``exclude``/``extend-exclude`` while walking and for ``per-file-ignores`` (``matches``).
A pattern without ``/`` matches a file or directory name anywhere; a pattern with ``/`` matches a
path relative to the project root; ``*`` stays within one name, ``**`` crosses directories, and
a directory that matches takes everything below it along.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .errors import UsageError

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

#: At most this many ``*`` or ``**`` in one pattern. Glob matching backtracks, and its cost grows
#: with the length of the path to the power of the number of wildcards: three keep a hostile
#: file name (255 bytes) in the milliseconds, eight take minutes.
MAX_WILDCARDS = 3


class GlobError(ValueError):
    """A pattern that is not a valid glob; the message says why (``configuration`` adds where)."""


# -- the glob engine ------------------------------------------------------------------------------


def normalise_pattern(pattern: str) -> str:
    """The pattern as pathspec reads it: ``/`` for ``\\``, no surrounding blanks, no ``./``."""
    pattern = pattern.replace("\\", "/").strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


@lru_cache(maxsize=1024)
def check_glob(pattern: str, negation: bool = True) -> str:
    """The normalised pattern, or ``GlobError`` saying what is wrong with it."""
    text = normalise_pattern(pattern)
    if not text:
        raise GlobError("is empty")
    if text.startswith("!") and not negation:
        raise GlobError("cannot start with `!` here")
    wildcards = len(re.findall(r"\*+", text))
    if wildcards > MAX_WILDCARDS:
        raise GlobError(f"has {wildcards} `*` or `**`, and at most {MAX_WILDCARDS} are allowed "
                        "(matching time grows with each)")
    try:
        spec = _spec((text,))
    except re.error as exc:
        raise GlobError(f"is not a valid glob ({exc.msg})") from None
    except ValueError:  # pathspec's own pattern errors
        raise GlobError("is not a valid glob") from None
    if spec.patterns[0].include is None:
        raise GlobError("is not a valid glob (an unclosed `[`, a comment, or nothing to match)")
    return text


@lru_cache(maxsize=1024)
def _spec(patterns: Tuple[str, ...]):  # -> pathspec.GitIgnoreSpec
    import pathspec  # only runs that have patterns to match pay for it

    return pathspec.GitIgnoreSpec.from_lines(patterns)


class Globs:
    """A list of patterns compiled once; ``match`` asks about one path relative to the root."""

    def __init__(self, patterns: Iterable[str], key: str = "exclude") -> None:
        texts = []
        for pattern in patterns:
            try:
                texts.append(check_glob(pattern))
            except GlobError as exc:
                raise UsageError(f"{key}: the pattern {pattern!r} {exc}") from None
        self.patterns: Tuple[str, ...] = tuple(texts)
        self._spec = _spec(self.patterns) if self.patterns else None
        self._names = _names(self.patterns) if self.patterns else None

    def match(self, relative: str, is_dir: bool = False) -> bool:
        """Whether the file (or directory) at ``relative`` (``/``-separated) or a directory above
        it is matched."""
        if self._spec is None or not relative:
            return False
        if self._names is not None:
            return self._names.search(relative) is not None
        return bool(self._spec.match_file(relative + "/" if is_dir else relative))

    def without_those_matching(self, relative: str) -> "Globs":
        """These patterns less the ones that match ``relative`` (a directory) or a directory above
        it: the excludes that apply below a directory named on the command line."""
        kept = [p for p in self.patterns if p.startswith("!") or not Globs([p]).match(relative, True)]
        return self if len(kept) == len(self.patterns) else Globs(kept)


#: a pattern that only names a file or directory, anywhere (``.git``, ``*.egg-info``): no
#: ``/``, no negation, no escapes, classes or ``?``, no ``**``, no surrounding blanks
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.*+=@~,%-]+")


@lru_cache(maxsize=64)
def _names(patterns: Tuple[str, ...]) -> "Optional[re.Pattern[str]]":
    """One expression for patterns that each only name a file or directory, None if any does
    more. A path matches when one of its names does (a directory that matches takes everything
    below it along), as pathspec says, in one regular-expression search instead of a pathspec
    walk over every pattern: the walk asks about every file and directory it meets."""
    if not all(_PLAIN_NAME.fullmatch(p) and "**" not in p and p.strip(".*") for p in patterns):
        return None
    names = "|".join(re.escape(p).replace(r"\*", "[^/]*") for p in patterns)
    return re.compile(f"(?:^|/)(?:{names})(?:/|$)")


def matches(parts: Sequence[str], pattern: str) -> bool:
    """Whether a glob matches a file (or one of its directories), given the file's path
    components relative to the project root (``per-file-ignores``)."""
    try:
        text = check_glob(pattern)
    except GlobError:
        return False
    return bool(_spec((text,)).match_file("/".join(parts))) if parts else False


# -- .gitignore -------------------------------------------------------------------------------------


class GitIgnore:
    """What git ignores in a repository: the ``.gitignore`` file of each directory from the
    repository's root (the nearest directory holding ``.git``) down to a path, and the root's
    ``.git/info/exclude``. A deeper file's patterns win over a shallower one's, and a ``!``
    pattern takes back what came before, as in git. Outside a repository nothing is ignored.
    A ``.gitignore`` that cannot be read or decoded counts as empty."""

    def __init__(self) -> None:
        self._files: Dict[str, object] = {}  # path of an ignore file -> its spec (None: none)
        self._tops: Dict[str, Optional[str]] = {}  # directory -> its repository root
        self._chains: Dict[str, List[Tuple[str, object]]] = {}  # directory -> (base, spec)

    def ignored(self, absolute: str, is_dir: bool = False) -> bool:
        """Whether git would ignore the file or directory at ``absolute``."""
        for base, spec in self._chain(os.path.dirname(absolute)):
            # the deepest file first: it decides when it has a say
            relative = absolute[len(base):].lstrip(os.sep).replace(os.sep, "/")
            include = spec.check_file(relative + "/" if is_dir else relative).include  # type: ignore[attr-defined]
            if include is not None:
                return bool(include)
        return False

    def _chain(self, directory: str) -> List[Tuple[str, object]]:
        """The ignore files that apply in ``directory``, deepest first, with their bases."""
        chain = self._chains.get(directory)
        if chain is None:
            top = self._top(directory)
            if top is None:
                chain = []
            elif directory == top:
                chain = [(top, self._spec(os.path.join(top, ".gitignore"))),
                         (top, self._spec(os.path.join(top, ".git", "info", "exclude")))]
            else:
                chain = [(directory, self._spec(os.path.join(directory, ".gitignore"))),
                         *self._chain(os.path.dirname(directory))]
            chain = [(base, spec) for base, spec in chain if spec is not None]
            self._chains[directory] = chain
        return chain

    def _top(self, directory: str) -> Optional[str]:
        if directory not in self._tops:
            parent = os.path.dirname(directory)
            if os.path.exists(os.path.join(directory, ".git")):
                self._tops[directory] = directory
            elif parent == directory:
                self._tops[directory] = None
            else:
                self._tops[directory] = self._top(parent)
        return self._tops[directory]

    def _spec(self, path: str) -> object:
        if path not in self._files:
            spec = None
            try:
                if not stat.S_ISREG(os.stat(path).st_mode):  # never wait on a FIFO
                    raise OSError(path)
                with open(path, "rb") as handle:
                    lines = handle.read().decode("utf-8").splitlines()
                spec = _spec(tuple(line for line in lines if _usable(line)))
            except (OSError, UnicodeDecodeError, ValueError, re.error):
                spec = None
            self._files[path] = spec
        return self._files[path]


def _usable(line: str) -> bool:
    """A ``.gitignore`` line worth compiling: not blank, not a comment, not so many wildcards
    that matching would take minutes (such a line is left out, as a bad one is by git)."""
    text = line.strip()
    return bool(text) and not text.startswith("#") and \
        len(re.findall(r"\*+", text)) <= MAX_WILDCARDS


# -- the walk ---------------------------------------------------------------------------------------


@dataclass
class Selection:
    """What ``select`` found."""

    #: ``(display path, path)`` of every file to check, sorted by display path, each file once
    files: List[Tuple[str, Path]] = field(default_factory=list)
    #: ``(display path, reason)`` of every directory below a given path that could not be read
    unreadable: List[Tuple[str, str]] = field(default_factory=list)
    #: what was left out and why, for ``--verbose`` (links that lead out of the checked paths)
    skipped: List[str] = field(default_factory=list)


def select(
    paths: Iterable[str],
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    *,
    root: Optional[str] = None,
    force_exclude: bool = False,
    respect_gitignore: bool = False,
) -> Selection:
    """The files to check below ``paths``: every ``*.py`` file, walking directories without
    following directory symlinks, less what ``exclude`` matches.

    Patterns with ``/`` match paths relative to ``root`` (default: the current directory); below
    it, and for anything outside it, only names are matched. A path named explicitly is checked
    whatever its name and whatever ``exclude`` says (and so is everything below it that no other
    pattern matches), unless ``force_exclude``. With ``respect_gitignore``, what the
    repository's ``.gitignore`` files ignore is left out in the same way. A file symlink met while walking whose target lies
    outside every given path is skipped (``Selection.skipped``); one named explicitly is read.
    Raises ``UsageError`` for a path that does not exist or a given directory that cannot be read.
    """
    paths = list(paths)
    cwd = os.getcwd()
    top = os.path.abspath(root) if root is not None else cwd
    globs = Globs(exclude)
    gitignore = GitIgnore() if respect_gitignore else None
    trees = [os.path.realpath(g) for g in paths]
    out = Selection()
    found: Dict[str, Tuple[str, Path]] = {}  # real path -> (display, path)

    def add(path: str, real: Optional[str] = None, absolute: Optional[str] = None) -> None:
        real = real or os.path.realpath(path)
        # The same file reached twice is checked once, preferably under its own name.
        if real not in found or (found[real][1].is_symlink() and not os.path.islink(path)):
            found[real] = (display_path(path, cwd, absolute), Path(path))

    for given in paths:
        try:
            mode = os.lstat(given).st_mode
        except FileNotFoundError:
            raise UsageError(f"path does not exist: {given}") from None
        except OSError as exc:
            raise UsageError(f"cannot read {given}: {exc.strerror or exc}") from None
        is_dir = os.path.isdir(given) if stat.S_ISLNK(mode) else stat.S_ISDIR(mode)
        absolute = os.path.abspath(given)
        relative = _relative(absolute, top)
        if force_exclude and absolute != top and (
                _excluded(globs, absolute, relative, is_dir)
                or (gitignore is not None and gitignore.ignored(absolute, is_dir))):
            continue
        if not is_dir:
            add(given)
            continue
        below = globs if force_exclude or relative is None else globs.without_those_matching(relative)
        try:
            names = _listing(given)
        except OSError as exc:
            raise UsageError(f"cannot read directory {given}: {exc.strerror or exc}") from None
        real_given = os.path.realpath(given)
        # below a directory named on the command line that git ignores, git's patterns do not
        # apply (as the excludes that match it do not)
        git = None if gitignore is None or gitignore.ignored(absolute, True) else gitignore

        def excluded(absolute: str, is_dir: bool, below: Globs = below,
                     git: Optional[GitIgnore] = git) -> bool:
            if _excluded(below, absolute, _relative(absolute, top), is_dir):
                return True
            return git is not None and git.ignored(absolute, is_dir)

        for path, inner in _walk(given, names, excluded, out.unreadable, cwd):
            if os.path.islink(path):
                if not _inside(os.path.realpath(path), trees):
                    out.skipped.append(f"{display_path(path, cwd)}: not followed, a link to "
                                       f"{os.path.realpath(path)} outside the checked paths")
                    continue
                add(path, absolute=_below(absolute, inner))
            else:
                # the walk follows no directory link: below the given directory's real path,
                # a file that is no link is where its name says (no realpath per file)
                add(path, _below(real_given, inner), _below(absolute, inner))
    out.files = sorted(found.values(), key=lambda item: item[0])
    out.unreadable.sort()
    return out


def discover(
    paths: Iterable[str], exclude: Sequence[str] = DEFAULT_EXCLUDE
) -> List[Tuple[str, Path]]:
    """``(display_path, path)`` of every file to check (``select(...).files``)."""
    return select(paths, exclude).files


def _relative(absolute: str, top: str) -> Optional[str]:
    """``absolute`` (normalised) relative to the project root, ``/``-separated; None when
    outside it."""
    if absolute == top:
        return ""
    prefix = top.rstrip(os.sep) + os.sep
    if absolute.startswith(prefix):
        return absolute[len(prefix):].replace(os.sep, "/")
    return None


def _below(directory: str, inner: str) -> str:
    """The path ``inner`` (names joined by ``os.sep``, or empty) has below ``directory``."""
    return os.path.join(directory, inner) if inner else directory


def _excluded(globs: Globs, absolute: str, relative: Optional[str], is_dir: bool) -> bool:
    if relative is None:  # outside the project root: only names can match
        return globs.match(os.path.basename(absolute), is_dir)
    return globs.match(relative, is_dir)


def _inside(real: str, trees: Sequence[str]) -> bool:
    return any(real == t or real.startswith(t.rstrip(os.sep) + os.sep) for t in trees)


def _listing(directory: str) -> List[Tuple[str, bool]]:
    """``(name, is a directory)`` of every entry to consider, sorted. A symlink to a directory is
    left out: directory links are never followed (no loops, no trees counted twice)."""
    entries = []
    with os.scandir(directory) as it:
        for entry in it:
            try:
                is_dir = entry.is_dir()
                if is_dir and entry.is_symlink():
                    continue
            except OSError:
                is_dir = False
            entries.append((entry.name, is_dir))
    entries.sort()
    return entries


def _walk(top: str, names: List[Tuple[str, bool]], excluded: Callable[[str, bool], bool],
          unreadable: List[Tuple[str, str]], cwd: str) -> Iterator[Tuple[str, str]]:
    """Every ``*.py`` below ``top`` (whose listing is ``names``) that ``excluded`` keeps, as
    its path and the names below ``top`` that lead to it (joined by ``os.sep``); ``excluded``
    is asked with the absolute path. A directory that cannot be listed goes to ``unreadable``."""
    # paths are joined by hand (as os.path.join would): the walk meets thousands of names
    absolute_top = _joinable(os.path.abspath(top))
    pending = [(top, "", names)]
    while pending:
        directory, inner, listing = pending.pop()
        here, inner_ = _joinable(directory), inner + os.sep if inner else ""
        subdirectories = []
        for name, is_dir in listing:
            below = inner_ + name
            if is_dir:
                if not excluded(absolute_top + below, True):
                    subdirectories.append((here + name, below))
            elif name.endswith(".py") and not excluded(absolute_top + below, False):
                yield here + name, below
        for path, below in reversed(subdirectories):
            try:
                pending.append((path, below, _listing(path)))
            except OSError as exc:
                unreadable.append((display_path(path, cwd),
                                   f"cannot read directory: {exc.strerror or exc}"))


def _joinable(directory: str) -> str:
    """``directory`` ready to have a name appended (``os.path.join(directory, name)``)."""
    return directory if directory.endswith(os.sep) else directory + os.sep


def display_path(path: str, cwd: str, absolute: Optional[str] = None) -> str:
    """``path`` relative to ``cwd`` when it lies below it, else as given (normalised).
    ``absolute``: ``os.path.abspath(path)``, when the caller has it."""
    if absolute is None:
        absolute = os.path.abspath(path)
    if absolute == cwd:
        return os.curdir
    prefix = cwd.rstrip(os.sep) + os.sep
    if absolute.startswith(prefix):
        return absolute[len(prefix):]
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


__all__ = [
    "DEFAULT_EXCLUDE", "GitIgnore", "GlobError", "Globs", "MAX_WILDCARDS", "Selection", "check_glob", "discover",
    "display_path", "matches", "module_name", "normalise_pattern", "select",
]
