"""Check a project: discover its files, read them, run the engine, filter and sort the findings.

All file I/O of a check happens here (and in ``config.load``); nothing in this module prints.
The order of filters: ``select``/``ignore``/``per-file-ignores``, then ``# noqa`` (and ``SSC901``
for a ``noqa`` that suppresses nothing), then a file's ``# sendsync: noqa``, then the baseline.

A check reports on the files below the paths it is given, and reads the rest of their project
for facts (as mypy and pyright follow imports): the project root is found from the paths
(``project_root``), and its files, less ``exclude``, are read too. So one file, a directory, the
files of a commit, a buffer from an editor or stdin get the findings a whole-project run has for
them.
"""
from __future__ import annotations

import hashlib
import os
import site
import stat
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import (
    Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Type,
)

from . import baseline as baselines
from . import engine
from .cache import CACHE_DIR, Cache
from .config import Config, UsageError, is_selected, load, validate_codes
from .config import find as find_config
from .diagnostics import Diagnostic
from .engine.sources import decode, source_encoding, source_lines
from .knowledge.installed import Installed, site_dirs
from .discovery import Selection, display_path, module_name, select
from .noqa import apply_noqa, file_exemption, unused
from .rules import REGISTRY, Rule
from .rules.tool import InternalErrorRule, SyntaxErrorRule, UnusedNoqaRule

UNUSED_NOQA = UnusedNoqaRule.code


@dataclass(frozen=True)
class Result:
    #: Findings after ``select``/``ignore``, ``noqa`` and the baseline, sorted by path, line,
    #: column, code.
    diagnostics: List[Diagnostic]
    #: Files read and handed to the engine (unreadable files are findings, not counted).
    files_checked: int
    #: Tracebacks of internal errors, for ``--verbose``; each also produced SSC998 findings.
    internal_errors: Tuple[str, ...] = ()
    #: Findings left out because the baseline knows them.
    baselined: int = 0
    #: Baseline entries that no finding matched any more (fixed since the baseline was written).
    baseline_gone: int = 0
    #: The bytes of every file read, by displayed path (for renderers that show source lines).
    sources: Mapping[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    #: The displayed paths of the files reported on (those below the paths given), read or not.
    checked: Tuple[str, ...] = field(default=(), compare=False)
    #: The project root read for facts besides the paths given (None: the paths alone).
    root: Optional[Path] = field(default=None, compare=False)
    #: Files of the project read for facts, those reported on included.
    project_files: int = field(default=0, compare=False)
    #: What ``--verbose`` says besides: what was left out and why (a link out of the given
    #: paths), and why there was no cache.
    notes: Tuple[str, ...] = field(default=(), compare=False)
    #: For each ``SSC901`` finding, by ``(path, line)``: the codes of its ``noqa`` comment that
    #: suppress nothing (what ``--fix`` removes).
    unused_noqa: Mapping[Tuple[str, int], Tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False)

    def source_lines(self, path: str) -> List[str]:
        """The lines of a checked file, decoded as Python decodes it and numbered as the parser
        numbers them ([] when unknown)."""
        data = self.sources.get(path)
        if data is None:
            return []
        lines = source_lines(decode(data))
        return lines[:-1] if lines and not lines[-1] else lines  # no line after the last break


def check(
    paths: Sequence[str] = (".",),
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    config: Optional[Config] = None,
    baseline: Optional[str] = None,
    verbose: bool = False,
    jobs: int = 1,
    cache_dir: Optional[str] = None,
    overrides: Optional[Mapping[str, bytes]] = None,
    one_shot: bool = False,
) -> Result:
    """Check every ``*.py`` file below ``paths``, with the rest of their project read for facts.

    ``config``: the run's options (default: ``[tool.sendsync]`` of the nearest
    ``pyproject.toml``); ``select``/``ignore`` are laid over it as the command line's are.
    ``baseline``: a baseline file whose findings are left out (default: the configuration's).
    ``jobs``: processes for the analysis (0: every core); ``cache_dir``: where to keep results
    between runs (None: no cache). Neither changes the findings.
    ``overrides``: contents to use instead of what is on disk, by path (stdin, an editor's
    unsaved buffers), for the files reported on and for the other files of the project; an
    overridden path among ``paths`` need not exist (one that is neither on disk nor among
    ``paths`` is not part of the project).
    Raises ``UsageError`` for an unknown code, a path that does not exist, a bad configuration
    or baseline.
    ``one_shot``: the process ends after this call (the command line does): what the analysis
    leaves behind is not collected, which takes seconds on a large project (the standard
    library: 3 s of 51). A caller that goes on running leaves it False.
    """
    return Session(verbose=verbose, jobs=jobs, cache_dir=cache_dir, one_shot=one_shot).check(
        paths, select=select, ignore=ignore, config=config, baseline=baseline,
        overrides=overrides,
    )


def default_cache_dir(paths: Sequence[str], cfg: Config) -> str:
    """Where a check of ``paths`` keeps its cache by default: ``.sendsync_cache`` in the project
    root (see ``project_root``), else in the configuration's root (the current directory when
    there is no configuration file)."""
    return os.path.join(str(project_root(paths) or cfg.root), CACHE_DIR)


#: What marks a project root, after a ``pyproject.toml`` with a ``[tool.sendsync]`` table.
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", ".git", ".hg")


def project_root(paths: Sequence[str] = (".",)) -> Optional[Path]:
    """The root of the project ``paths`` belong to: the directory of the nearest
    ``pyproject.toml`` with a ``[tool.sendsync]`` table at or above their common directory, else
    the nearest directory there that holds a ``pyproject.toml``, a ``setup.cfg`` or a
    repository (``.git``, ``.hg``); None when there is none. The paths need not exist."""
    configured = find_config(paths)
    if configured is not None:
        return Path(os.path.abspath(configured)).parent
    start = _common_directory(paths)
    for directory in (start, *start.parents):
        if any(os.path.lexists(os.path.join(directory, marker)) for marker in ROOT_MARKERS):
            return directory
    return None


def environment(paths: Sequence[str], cfg: Config) -> Installed:
    """The installed packages of the checked environment: the configured ``environment``, else
    the project's ``.venv`` or ``venv``, else the active virtual environment, else the running
    interpreter's site directories."""
    home = project_root(paths) or _common_directory(paths)
    running = [*site.getsitepackages(), site.getusersitepackages()] if hasattr(site, "getsitepackages") else []
    configured = str(cfg.environment) if cfg.environment is not None else None
    return Installed(site_dirs(str(home), dict(os.environ), running, configured))


def _common_directory(paths: Sequence[str]) -> Path:
    directories = []
    for given in paths or ["."]:
        absolute = os.path.abspath(given)
        directories.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    try:
        return Path(os.path.commonpath(directories))
    except ValueError:  # different drives
        return Path(os.getcwd())


@dataclass
class _Read:
    """One file as last read: what identifies its version on disk, its bytes (None: unreadable,
    ``reason`` says why) and their digest."""

    stamp: Tuple[int, int, int]
    data: Optional[bytes]
    reason: str
    digest: str


@dataclass(frozen=True)
class _Gathered:
    sources: List[engine.Source]
    #: displayed paths of the files reported on, in order
    checked: List[str]
    #: SSC999 of the files reported on that could not be read
    unreadable: List[Diagnostic]
    root: Optional[Path]
    digests: Tuple[str, ...]
    #: what was left out and why ("skipped X: ...")
    notes: Tuple[str, ...] = ()


class Session:
    """Checks that share what they have read, for callers that check again and again (the flake8
    plugin once per file, the language server on every edit).

    Kept between checks: each file's bytes (read again when its size, modification time or
    inode changes), the project's file list (walked again when a directory that holds project
    files changes, or after ``refresh()``), the cache, and the engine's findings for the last
    set of sources, reused as long as no source and no setting changed. With ``snapshot`` the
    disk is never looked at again: a flake8 run sees one state of it. ``check()`` makes a
    session for a single call; the findings are the same either way."""

    def __init__(self, *, verbose: bool = False, jobs: int = 1, cache_dir: Optional[str] = None,
                 snapshot: bool = False, one_shot: bool = False) -> None:
        self.verbose = verbose
        self.one_shot = one_shot
        self.jobs = jobs
        self.cache_dir = cache_dir
        self.snapshot = snapshot
        self._disk: Dict[str, _Read] = {}
        self._listings: Dict[Tuple[str, str, str], _Listing] = {}
        self._stores: Dict[str, Cache] = {}
        #: the last answer: (its inputs, findings, tracebacks, the library files it read)
        self._last: Optional[Tuple[object, List[Diagnostic], Tuple[str, ...], Dict[str, Tuple[int, int]]]] = None
        self._notes: Tuple[str, ...] = ()  # why there is no cache, if there is none

    def check(
        self,
        paths: Sequence[str] = (".",),
        *,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        config: Optional[Config] = None,
        baseline: Optional[str] = None,
        overrides: Optional[Mapping[str, bytes]] = None,
    ) -> Result:
        """As ``sendsync.api.check``."""
        paths = list(paths) or ["."]
        cfg = (config if config is not None else load(paths)).override(
            select=list(select), ignore=list(ignore)
        )
        known = _read_baseline(baseline, cfg)
        found, internal_errors, gathered = self._findings(paths, cfg, overrides)
        data_of = {s.path: s.data for s in gathered.sources}
        by_path: Dict[str, List[Diagnostic]] = {p: [] for p in gathered.checked}
        for d in (*found, *gathered.unreadable):
            if d.path in by_path:
                by_path[d.path].append(d)
        kept: List[Diagnostic] = []
        idle: Dict[Tuple[str, int], Tuple[str, ...]] = {}
        for shown, group in by_path.items():
            kept.extend(_filter_file(shown, group, data_of.get(shown), cfg, idle))
        result = sort_diagnostics(kept)
        baselined = gone = 0
        if known is not None:
            base, where = known
            scope = _baseline_scope(base.counts, where, gathered.checked)
            result, baselined, gone = base.split(result, _fingerprinter(where, data_of), scope)
        files_checked = sum(1 for p in gathered.checked if p in data_of)
        return Result(result, files_checked, internal_errors, baselined, gone, data_of,
                      tuple(gathered.checked), gathered.root, len(gathered.sources),
                      notes=gathered.notes + self._notes, unused_noqa=idle)

    def _findings(
        self, paths: Sequence[str], cfg: Config, overrides: Optional[Mapping[str, bytes]] = None,
    ) -> Tuple[List[Diagnostic], Tuple[str, ...], "_Gathered"]:
        """The engine's findings (unfiltered, for every file of the project), the tracebacks of
        internal errors, and what was read."""
        gathered = self._gather(paths, cfg, overrides or {})
        installed = environment(paths, cfg)
        settings = repr((cfg.strictness, cfg.types, cfg.boundaries, cfg.thread_safe, self.verbose))
        # the installed distributions are an input too (a library installed, removed or upgraded
        # changes what its classes are), and so are the library files an answer read
        key = (settings, tuple((s.path, s.module, s.is_package) for s in gathered.sources),
               gathered.digests, installed.fingerprint())
        if self._last is not None and self._last[0] == key and Installed.unchanged(self._last[3]):
            return self._last[1], self._last[2], gathered
        sources = gathered.sources
        internal_errors: Tuple[str, ...] = ()
        knowledge = cfg.knowledge().with_installed(
            installed, frozenset(s.module.partition(".")[0] for s in sources))
        try:
            store = self._store(settings)
            found = engine.check_project(
                sources, strictness=cfg.strictness, knowledge=knowledge,
                verbose=self.verbose, jobs=self.jobs, store=store, one_shot=self.one_shot,
            )
        except Exception as exc:  # the engine isolates files itself; this is the last resort
            reason = f"{type(exc).__name__}: {exc}"
            found = [_tool_finding(InternalErrorRule, s.path, reason) for s in sources]
            internal_errors = (traceback.format_exc(),)
        read = dict(knowledge.installed.read) if knowledge.installed is not None else {}
        self._last = (key, found, internal_errors, read)
        return found, internal_errors, gathered

    def refresh(self) -> None:
        """Walk the project again at the next check (files were created or deleted)."""
        self._listings.clear()

    def report(self, path: str, text: str, cfg: Config) -> List[Diagnostic]:
        """The engine's findings for one file whose current contents are ``text`` (decoded,
        newlines as Python reads them), with its project read for facts; unfiltered (no
        ``select``, ``noqa`` or baseline): what the flake8 plugin yields. The file is read from
        disk when it holds the same text, so that a project checked file by file runs the
        engine once."""
        data, _, _ = (self._read(Path(path), os.path.abspath(path)) if os.path.lexists(path)
                      else (None, "", ""))
        same = data is not None and _universal(decode(data)) == _universal(text)
        found, _, gathered = self._findings([path], cfg, None if same else {path: encode(text)})
        shown = set(gathered.checked)
        return [d for d in found if d.path in shown]

    def _store(self, settings: str) -> Optional[Cache]:
        if self.cache_dir is None:
            return None
        store = self._stores.get(settings)
        if store is None:
            store = self._stores[settings] = Cache(Path(self.cache_dir), settings)
        if store.disabled is not None:
            self._notes = (store.disabled,)
            return None
        return store

    def _gather(self, paths: Sequence[str], cfg: Config,
                overrides: Mapping[str, bytes]) -> _Gathered:
        cwd = os.getcwd()
        virtual = {os.path.abspath(p): data for p, data in overrides.items()}
        # a path given only in memory (stdin for a new file, an unsaved buffer) is not on disk
        unsaved = [p for p in paths if os.path.abspath(p) in virtual and not os.path.lexists(p)]
        on_disk = [p for p in paths if p not in unsaved]
        selection = _select(on_disk, cfg) if on_disk else Selection()
        named = list(selection.files)
        named += [(display_path(p, cwd), Path(p)) for p in unsaved]
        root = project_root(paths)
        listing: Optional[_Listing] = None
        if root is not None and any(
            os.path.isdir(p) and _below(os.path.abspath(p), str(root)) for p in on_disk
        ):
            root = None  # a directory given holds the whole project: nothing more to read
        if root is not None:
            listing = self._listing(root, cfg, cwd)
            if not listing.holds(paths):
                root, listing = None, None
        # each file once, under the name it was given by, in the order of displayed paths
        chosen: Dict[str, _Entry] = {}
        for shown, path in named:
            entry = _Entry(shown, path)
            chosen.setdefault(entry.real, entry)
        if listing is not None:
            for entry in listing.entries:
                chosen.setdefault(entry.real, entry)
        checked = {shown for shown, _ in named}
        sources: List[engine.Source] = []
        unreadable: List[Diagnostic] = [_tool_finding(SyntaxErrorRule, shown, reason)
                                        for shown, reason in selection.unreadable]
        checked |= {shown for shown, _ in selection.unreadable}
        digests: List[str] = []
        for entry in sorted(chosen.values(), key=lambda entry: entry.shown):
            if entry.absolute in virtual:
                data: Optional[bytes] = virtual[entry.absolute]
                reason, digest = "", _digest(virtual[entry.absolute])
            else:
                data, reason, digest = self._read(entry.path, entry.absolute)
            if data is None:
                if entry.shown in checked:
                    unreadable.append(_tool_finding(SyntaxErrorRule, entry.shown, reason))
                continue
            sources.append(engine.Source(entry.shown, entry.module, entry.is_package, data))
            digests.append(digest)
        if not self.snapshot and len(self._disk) > len(chosen):  # forget files that are gone
            for absolute in set(self._disk) - {entry.absolute for entry in chosen.values()}:
                del self._disk[absolute]
        ordered = sorted({shown for shown, _ in named} | {shown for shown, _ in selection.unreadable})
        return _Gathered(sources, list(dict.fromkeys(ordered)), unreadable, root, tuple(digests),
                         tuple(f"skipped {note}" for note in selection.skipped))

    def _listing(self, root: Path, cfg: Config, cwd: str) -> "_Listing":
        """The project's files below ``root``, less ``exclude``, displayed as from ``cwd``."""
        key = (str(root), cwd, repr(cfg))
        known = self._listings.get(key)
        if known is not None and (self.snapshot or known.current()):
            return known
        try:
            top = os.path.relpath(root, cwd)
        except ValueError:  # another drive
            top = str(root)
        if top.startswith(os.pardir) and len(top) > len(str(root)):
            top = str(root)
        listing = _Listing(root, files([top], replace(cfg, force_exclude=False)))
        self._listings[key] = listing
        return listing

    def _read(self, path: Path, absolute: str) -> Tuple[Optional[bytes], str, str]:
        known = self._disk.get(absolute)
        if known is not None and self.snapshot:
            return known.data, known.reason, known.digest
        try:
            st = os.stat(absolute)
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = (-1, -1, -1)
        if known is not None and known.stamp == stamp and stamp[0] != -1:
            return known.data, known.reason, known.digest
        data, reason = _read(path)
        digest = _digest(data) if data is not None else ""
        self._disk[absolute] = _Read(stamp, data, reason, digest)
        return data, reason, digest


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _below(directory: str, path: str) -> bool:
    """Whether ``path`` is ``directory`` or lies below it (absolute paths)."""
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


class _Entry:
    """A file of the project: how it is shown, its path, and what is derived from it."""

    __slots__ = ("shown", "path", "real", "absolute", "module", "is_package")

    def __init__(self, shown: str, path: Path) -> None:
        self.shown = shown
        self.path = path
        self.absolute = os.path.abspath(path)
        self.real = os.path.realpath(path)
        self.module, self.is_package = module_name(path)


class _Listing:
    """The files of a project (as ``files()`` gives them) and the directories that hold them,
    with their modification times: a file created or deleted in one of them changes it."""

    def __init__(self, root: Path, found: List[Tuple[str, Path]]) -> None:
        self.root = str(root)
        self.entries = [_Entry(shown, path) for shown, path in found]
        directories = {self.root}
        for entry in self.entries:
            parent = os.path.dirname(entry.absolute)
            while parent not in directories and _below(self.root, parent):
                directories.add(parent)
                parent = os.path.dirname(parent)
        self.stamps = {d: _mtime(d) for d in directories}

    def current(self) -> bool:
        return all(_mtime(d) == stamp for d, stamp in self.stamps.items())

    def holds(self, paths: Sequence[str]) -> bool:
        """Whether one of ``paths`` is part of the project: it lies in the root or in a
        directory of it that holds project files. A path inside a directory the project excludes
        (a package installed in ``.venv``) belongs to no project but its own."""
        for given in paths:
            here = os.path.abspath(given)
            if not os.path.isdir(here):
                here = os.path.dirname(here)
            while not os.path.isdir(here) and _below(self.root, here) and here != self.root:
                here = os.path.dirname(here)
            if here in self.stamps:
                return True
        return False


def _mtime(directory: str) -> int:
    try:
        return os.stat(directory).st_mtime_ns
    except OSError:
        return -1


def _baseline_scope(counts: Mapping[baselines.Fingerprint, int], where: Path,
                    checked: Sequence[str]) -> Set[str]:
    """The baseline paths a run may call fixed: those of the files it reported on, and those of
    files that no longer exist."""
    scope = {_relative(shown, where) for shown in checked}
    for path, *_ in counts:
        if path not in scope and not os.path.lexists(os.path.join(where, path)):
            scope.add(path)
    return scope


def _relative(shown: str, where: Path) -> str:
    """A displayed path as a baseline records it: relative to the baseline's directory."""
    return baselines.fingerprint(_relpath(shown, where), "", "", "")[0]


def _relpath(path: str, where: Path) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), where)
    except ValueError:  # another drive
        return os.path.abspath(path)


def _filter_file(
    shown: str, group: List[Diagnostic], data: Optional[bytes], cfg: Config,
    idle_codes: Optional[Dict[Tuple[str, int], Tuple[str, ...]]] = None,
) -> List[Diagnostic]:
    ignore = cfg.ignores_for(cfg.relative_parts(shown)) if cfg.per_file_ignores else ()
    selected = [d for d in group if cfg.selects(d.code, ignore)]
    if data is None:
        return selected
    kept = apply_noqa(selected, data)
    if cfg.selects(UNUSED_NOQA, ignore):
        def enabled(code: str) -> bool:
            if UNUSED_NOQA.startswith(code):
                return False  # a noqa for SSC901 itself
            matching = [k for k in REGISTRY if k.startswith(code)]
            return not matching or any(cfg.selects(k, ignore) for k in matching)

        idle = []
        for directive, codes in unused(group, data, enabled):
            idle.append(_unused_noqa(shown, directive.line, directive.col, codes))
            if idle_codes is not None:
                idle_codes[(shown, directive.line)] = tuple(codes)
        kept.extend(apply_noqa(idle, data))  # a comment that also lists SSC901 keeps it quiet
    exempt = file_exemption(data) if kept else frozenset()
    return [d for d in kept if not any(d.code.startswith(p) for p in exempt)] if exempt else kept


def _unused_noqa(path: str, line: int, col: int, codes: Sequence[str]) -> Diagnostic:
    listed = ", ".join(codes)
    return Diagnostic(path, line, col, UNUSED_NOQA, UnusedNoqaRule.render(codes=listed),
                      help=UnusedNoqaRule.HELP or None)


def files(paths: Sequence[str], cfg: Config) -> List[Tuple[str, Path]]:
    """``(display path, path)`` of the files to check: below ``paths``, less ``exclude``
    (``discovery.select``)."""
    return _select(paths, cfg).files


def _select(paths: Sequence[str], cfg: Config) -> Selection:
    return select(paths, cfg.excludes, root=str(cfg.root), force_exclude=cfg.force_exclude,
                  respect_gitignore=cfg.respect_gitignore)


def write_baseline(result: Result, path: str) -> int:
    """Write the findings of ``result`` into a baseline file; returns how many it holds.

    The entries an existing baseline file holds for files the run did not check are kept (a run
    over some files says nothing of the others), except those of files that no longer exist; an
    existing file that is not a baseline is replaced."""
    where = Path(os.path.abspath(path)).parent
    fingerprint = _fingerprinter(where, result.sources)
    entries = [fingerprint(d) for d in result.diagnostics]
    try:
        old = baselines.loads(Path(path).read_text(encoding="utf-8"), path).counts
    except (OSError, UnicodeDecodeError, UsageError):
        old = {}
    scope = _baseline_scope(old, where, result.checked)
    for key, count in old.items():
        if key[0] not in scope:
            entries.extend([key] * count)
    text = baselines.dumps(entries)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(entries)


def _read_baseline(
    given: Optional[str], cfg: Config
) -> Optional[Tuple[baselines.Baseline, Path]]:
    path = Path(given) if given is not None else cfg.baseline
    if path is None:
        return None
    shown = display_path(str(path), os.getcwd())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {shown} (write one with "
                         f"--write-baseline {shown})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read baseline {shown}: {exc}") from None
    return baselines.loads(text, shown), Path(os.path.abspath(path)).parent


def _fingerprinter(
    where: Path, data_of: Mapping[str, bytes]
) -> Callable[[Diagnostic], baselines.Fingerprint]:
    cache: Dict[str, List[str]] = {}

    def fingerprint(d: Diagnostic) -> baselines.Fingerprint:
        if d.path not in cache:
            data = data_of.get(d.path)
            cache[d.path] = decode(data).splitlines() if data is not None else []
        lines = cache[d.path]
        text = lines[d.line - 1] if 0 < d.line <= len(lines) else ""
        return baselines.fingerprint(_relpath(d.path, where), d.code, d.message, text,
                                     lambda named: _relative(named, where))

    return fingerprint


def encode(text: str) -> bytes:
    """Source text as bytes in the encoding its coding cookie names (UTF-8 without one)."""
    data = text.encode("utf-8", errors="surrogateescape")
    try:
        encoding = source_encoding(data)
        return data if encoding in ("utf-8", "utf-8-sig") else text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeEncodeError):
        return data


def _universal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def filter_diagnostics(
    diagnostics: Iterable[Diagnostic], select: Sequence[str], ignore: Sequence[str]
) -> List[Diagnostic]:
    return [d for d in diagnostics if is_selected(d.code, select, ignore)]


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> List[Diagnostic]:
    """Sorted by path, line, column, code; exact duplicates dropped."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def _read(path: Path) -> Tuple[Optional[bytes], str]:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None, "cannot read file: not a regular file"
        with open(path, "rb") as handle:
            return handle.read(), ""
    except OSError as exc:
        if os.path.islink(path) and not os.path.exists(path):
            return None, "cannot read file: broken symbolic link"
        return None, f"cannot read file: {exc.strerror or exc}"


def _tool_finding(rule: Type[Rule], path: str, reason: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, rule.code, rule.render(reason=reason), help=rule.HELP or None)


__all__ = [
    "ROOT_MARKERS", "Result", "Session", "UsageError", "check", "decode", "default_cache_dir",
    "encode", "environment", "files", "filter_diagnostics", "is_selected", "project_root", "sort_diagnostics", "validate_codes",
    "write_baseline",
]
