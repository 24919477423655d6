"""Check a project: discover its files, read them, run the engine, filter and sort the findings.

All file I/O of a check happens here (and in ``config.load``); nothing in this module prints.
The order of filters: ``select``/``ignore``/``per-file-ignores``, then ``# noqa`` (and ``SSC901``
for a ``noqa`` that suppresses nothing), then the baseline.
"""
from __future__ import annotations

import io
import os
import stat
import tokenize
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Type,
)

from . import baseline as baselines
from . import engine
from .cache import Cache
from .config import API_CODES, Config, UsageError, is_selected, load, validate_codes
from .diagnostics import Diagnostic
from .discovery import Selection, display_path, module_name, select
from .noqa import apply_noqa, unused
from .rules import REGISTRY, Rule
from .rules.tool import InternalErrorRule, SyntaxErrorRule

UNUSED_NOQA = "SSC901"
_UNUSED_NOQA_MESSAGE = "`noqa` names {codes} but no such finding is reported on this line"
_UNUSED_NOQA_HELP = "remove the code from the comment, or the whole comment if nothing is left"


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
    #: What ``--verbose`` says besides: what was left out and why (a link out of the given
    #: paths), and why there was no cache.
    notes: Tuple[str, ...] = ()

    def source_lines(self, path: str) -> List[str]:
        """The lines of a checked file, decoded as Python decodes it ([] when unknown)."""
        data = self.sources.get(path)
        return decode(data).splitlines() if data is not None else []


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
) -> Result:
    """Check the project made of every ``*.py`` file below ``paths``.

    ``config``: the run's options (default: ``[tool.sendsync]`` of the nearest
    ``pyproject.toml``); ``select``/``ignore`` are laid over it as the command line's are.
    ``baseline``: a baseline file whose findings are left out (default: the configuration's).
    ``jobs``: processes for the analysis (0: every core); ``cache_dir``: where to keep results
    between runs (None: no cache). Neither changes the findings.
    Raises ``UsageError`` for an unknown code, a path that does not exist, a bad configuration
    or baseline.
    """
    paths = list(paths) or ["."]
    cfg = (config if config is not None else load(paths)).override(
        select=list(select), ignore=list(ignore)
    )
    known = _read_baseline(baseline, cfg)
    sources: List[engine.Source] = []
    findings: List[Diagnostic] = []
    selection = _select(paths, cfg)
    findings.extend(_tool_finding(SyntaxErrorRule, display, reason)
                    for display, reason in selection.unreadable)
    for display, path in selection.files:
        data, reason = _read(path)
        if data is None:
            findings.append(_tool_finding(SyntaxErrorRule, display, reason))
            continue
        module, is_package = module_name(path)
        sources.append(engine.Source(display, module, is_package, data))
    internal_errors: Tuple[str, ...] = ()
    notes = [f"skipped {note}" for note in selection.skipped]
    try:
        store = None
        if cache_dir is not None:
            store = Cache(Path(cache_dir), repr((cfg.strictness, cfg.types, cfg.boundaries, verbose)))
            if store.disabled is not None:
                notes.append(store.disabled)
                store = None
        findings.extend(_out_of_memory(engine.check_project(
            sources, knowledge=cfg.knowledge(), strictness=cfg.strictness, verbose=verbose,
            jobs=jobs, store=store,
        ), sources))
        if store is not None:
            store.save()
    except Exception as exc:  # the engine isolates files itself; this is the last resort
        reason = f"{type(exc).__name__}: {exc}"
        findings.extend(_tool_finding(InternalErrorRule, s.path, reason) for s in sources)
        internal_errors = (traceback.format_exc(),)
    data_of = {s.path: s.data for s in sources}
    by_path: Dict[str, List[Diagnostic]] = {s.path: [] for s in sources}
    for d in findings:
        by_path.setdefault(d.path, []).append(d)
    kept: List[Diagnostic] = []
    for shown, group in by_path.items():
        kept.extend(_filter_file(shown, group, data_of.get(shown), cfg))
    result = sort_diagnostics(kept)
    baselined = gone = 0
    if known is not None:
        base, where = known
        checked = {baselines.fingerprint(os.path.relpath(os.path.abspath(s.path), where), "", "",
                                         "")[0] for s in sources}
        result, baselined, gone = base.split(result, _fingerprinter(where, data_of), checked)
    return Result(result, len(sources), internal_errors, baselined, gone, data_of, tuple(notes))


def _filter_file(
    shown: str, group: List[Diagnostic], data: Optional[bytes], cfg: Config
) -> List[Diagnostic]:
    ignore = cfg.ignores_for(cfg.relative_parts(shown))
    selected = [d for d in group if cfg.selects(d.code, ignore)]
    if data is None:
        return selected
    kept = apply_noqa(selected, data)
    if cfg.selects(UNUSED_NOQA, ignore):
        def enabled(code: str) -> bool:
            if UNUSED_NOQA.startswith(code):
                return False  # a noqa for SSC901 itself
            matching = [k for k in (*REGISTRY, *API_CODES) if k.startswith(code)]
            return not matching or any(cfg.selects(k, ignore) for k in matching)

        idle = [_unused_noqa(shown, directive.line, directive.col, codes)
                for directive, codes in unused(group, data, enabled)]
        kept.extend(apply_noqa(idle, data))  # a comment that also lists SSC901 keeps it quiet
    return kept


def _unused_noqa(path: str, line: int, col: int, codes: Sequence[str]) -> Diagnostic:
    listed = ", ".join(codes)
    rule = REGISTRY.get(UNUSED_NOQA)
    if rule is not None:
        return Diagnostic(path, line, col, UNUSED_NOQA, rule.render(codes=listed),
                          help=rule.HELP or None)
    return Diagnostic(path, line, col, UNUSED_NOQA, _UNUSED_NOQA_MESSAGE.format(codes=listed),
                      help=_UNUSED_NOQA_HELP)


def files(paths: Sequence[str], cfg: Config) -> List[Tuple[str, Path]]:
    """``(display path, path)`` of the files to check: below ``paths``, less ``exclude``
    (``discovery.select``)."""
    return _select(paths, cfg).files


def _select(paths: Sequence[str], cfg: Config) -> Selection:
    return select(paths, cfg.excludes, root=str(cfg.root), force_exclude=cfg.force_exclude)


def write_baseline(result: Result, path: str) -> int:
    """Write every finding of ``result`` into a baseline file; returns how many it holds."""
    where = Path(os.path.abspath(path)).parent
    fingerprint = _fingerprinter(where, result.sources)
    text = baselines.dumps(fingerprint(d) for d in result.diagnostics)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(result.diagnostics)


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
        relative = os.path.relpath(os.path.abspath(d.path), where)
        return baselines.fingerprint(relative, d.code, d.message, text)

    return fingerprint


def decode(data: bytes) -> str:
    """Source bytes as Python reads them (coding cookie, BOM), never raising."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


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


#: how the light pass words a file the parser gives up on, whether for its depth (a RecursionError,
#: or the parser's own MemoryError) or because this run ran out of memory
_TOO_DEEP = "nesting too deep for the parser"
_OUT_OF_MEMORY = ("out of memory while parsing it, so it was not checked (it parses now: run "
                  "again, with fewer --jobs if memory is short)")


def _out_of_memory(found: List[Diagnostic], sources: Sequence[engine.Source]) -> List[Diagnostic]:
    """A MemoryError of this run is not a syntax error: a file the light pass gave up on for
    "nesting too deep" that parses now was lost to memory, and is SSC998 (the cache does not keep
    such a result either, so the next run checks it)."""
    suspects = {d.path for d in found if d.code == SyntaxErrorRule.code and _TOO_DEEP in d.message}
    if not suspects:
        return found
    lost = {s.path for s in sources if s.path in suspects and _parses(s.data)}
    return [_tool_finding(InternalErrorRule, d.path, _OUT_OF_MEMORY)
            if d.path in lost and d.code == SyntaxErrorRule.code and _TOO_DEEP in d.message else d
            for d in found]


def _parses(data: bytes) -> bool:
    import ast
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(data)
    except (SyntaxError, ValueError, LookupError, RecursionError, MemoryError):
        return False
    return True


def _tool_finding(rule: Type[Rule], path: str, reason: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, rule.code, rule.render(reason=reason), help=rule.HELP or None)


__all__ = [
    "Result", "UsageError", "check", "decode", "files", "filter_diagnostics", "is_selected",
    "sort_diagnostics", "validate_codes", "write_baseline",
]
