"""The ``sendsync`` command: parse the arguments, call the api, print, pick the exit status.

Exit status: 0 no findings, 1 findings, 2 usage, configuration or output error (the report
could not be written), 130 interrupted.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import stat
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import replace
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, TextIO, Tuple

from . import api, config, fix
from ._version import __version__
from .cache import CACHE_MARK
from .config import STRICTNESS, UsageError
from .diagnostics import Diagnostic
from .report import FORMATS, MACHINE_FORMATS, Context, ruledoc, rulejson, text
from .report.style import printable
from .rules import all_rules, lookup
from .rules.tool import UnusedNoqaRule

UNUSED_NOQA = UnusedNoqaRule.code
#: the tool's own findings (unused noqa, internal and syntax errors): --add-noqa leaves them
TOOL_CODES = "SSC9"

EXAMPLES = """\
examples:
  sendsync check                      check every *.py below the current directory
  sendsync check src tests            check two trees (the rest of the project gives facts)
  sendsync check --select SSC1        only NotSend findings (codes starting with SSC1)
  sendsync check --ignore SSC201,SSC3 everything except SSC201 and the SSC3xx family
  sendsync check --per-file-ignores 'tests/**:SSC2'   not SSC2xx in the tests
  sendsync check --format full        each finding with its source line and the usual fix
  sendsync check --format sarif -o sendsync.sarif   for GitHub code scanning
  sendsync check src/app/db.py        one file, with the rest of its project read for facts
  sendsync check - --stdin-filename src/app/db.py < buffer.py   the same, from standard input
  sendsync check --write-baseline sendsync-baseline.json   record today's findings ...
  sendsync check --baseline sendsync-baseline.json         ... and fail only on new ones
  sendsync check --add-noqa           or: add `# noqa: CODE` to each finding's line
  sendsync check --extend-select SSC901 --fix   remove the noqa codes that suppress nothing
  sendsync check --show-settings      the settings a check would use (--show-files: the files)
  sendsync clean                      remove the cache (.sendsync_cache)
  sendsync rules                      list every rule
  sendsync rule SSC101                explain one rule (by code or name)
  sendsync server                     the language server for editors

configuration: [tool.sendsync] in the nearest pyproject.toml; .gitignore is respected.
  https://github.com/sendsync/sendsync/blob/main/docs/configuration.md
exit status: 0 no findings, 1 findings, 2 usage or configuration error.
suppress one finding with `# noqa: SSC101` (or a bare `# noqa`) on its line, a whole file
with `# sendsync: noqa` on a line of its own.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendsync",
        description="Rust's Send and Sync for Python: find values that cross thread boundaries "
        "unsafely.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"sendsync {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check files and directories (default: .)",
        description="Check every *.py below the paths. The rest of their project (from the "
        "nearest pyproject.toml, setup.cfg or repository root) is read for facts; only the "
        "paths are reported on.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    check.add_argument("paths", nargs="*", metavar="PATH", default=[],
                       help="default: .; - reads a file from standard input")
    rules = check.add_argument_group("rule selection (over the configuration file's)")
    rules.add_argument(
        "--select", type=_codes, action="extend", default=[], metavar="CODES",
        help="report only these codes or code prefixes, comma-separated (replaces `select`)",
    )
    rules.add_argument(
        "--extend-select", type=_codes, action="extend", default=[], metavar="CODES",
        help="also report these codes (SSC901, off by default, for unused noqa comments)",
    )
    rules.add_argument(
        "--ignore", "--extend-ignore", type=_codes, action="extend", default=[],
        metavar="CODES",
        help="never report these codes or code prefixes, comma-separated (added to `ignore`)",
    )
    rules.add_argument(
        "--per-file-ignores", action="append", default=[], metavar="PATTERN:CODES",
        help="never report these codes in the files the glob matches (relative to the project "
             "root), e.g. 'tests/**:SSC2,SSC101'; added to `per-file-ignores`; repeatable",
    )
    files = check.add_argument_group("files and configuration")
    files.add_argument("--config", metavar="FILE",
                       help="read this file instead of the nearest pyproject.toml")
    files.add_argument("--isolated", action="store_true", help="read no configuration file")
    files.add_argument("--stdin-filename", metavar="FILE",
                       help="the path of the file read from standard input (`-`): it is checked "
                            "as that file of its project, and reported under that name")
    files.add_argument("--exclude", type=_codes, metavar="GLOBS",
                       help="skip these names or paths, comma-separated (replaces the defaults)")
    files.add_argument("--extend-exclude", type=_codes, action="extend", default=[],
                       metavar="GLOBS", help="skip these too")
    files.add_argument("--force-exclude", action="store_true",
                       help="apply the excludes to files named on the command line too")
    files.add_argument("--respect-gitignore", action="store_true", default=None,
                       help="leave out what the repository's .gitignore files ignore (default)")
    files.add_argument("--no-respect-gitignore", action="store_false", dest="respect_gitignore",
                       help="check what .gitignore ignores too")
    files.add_argument("--strictness", choices=STRICTNESS,
                       help="which knowledge counts (default: targeted)")
    output = check.add_argument_group("output")
    output.add_argument("--format", choices=sorted(FORMATS),
                        help="text (default), full, json, sarif or github (default: "
                             "`output-format`, else text)")
    output.add_argument("-o", "--output-file", metavar="FILE",
                        help="write the findings to FILE instead of standard output")
    output.add_argument("--show-settings", action="store_true",
                        help="print the settings the check would use (and where they come "
                             "from), and exit without checking")
    output.add_argument("--show-files", action="store_true",
                        help="print the files the check would report on, and exit without "
                             "checking")
    output.add_argument("--statistics", action="store_true",
                        help="after the findings, print how many there are of each code")
    output.add_argument("--exit-zero", action="store_true",
                        help="exit with status 0 even when there are findings")
    output.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour text and full output: auto (default: on a terminal, unless "
                             "NO_COLOR is set), always, never")
    loudness = output.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="print the findings and errors only: no summary, no warnings")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="report the configuration file, progress and internal errors in "
                               "full on stderr")
    speed = check.add_argument_group("speed")
    speed.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                       help="processes to check with (default: `jobs`, else every core; the "
                            "output is the same)")
    speed.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the cache")
    speed.add_argument("--cache-dir", metavar="DIR",
                       help="where to keep the cache (default: `cache-dir`, else .sendsync_cache "
                            "in the project root, or in the current directory)")
    adoption = check.add_argument_group("adoption")
    adoption.add_argument("--baseline", metavar="FILE",
                          help="leave out the findings recorded in FILE: only new ones count")
    adoption.add_argument("--write-baseline", metavar="FILE",
                          help="record every current finding in FILE and exit 0")
    edits = adoption.add_mutually_exclusive_group()
    edits.add_argument("--fix", action="store_true",
                       help="remove, in place, the codes of noqa comments that suppress nothing "
                            "(the SSC901 findings: select them with --extend-select SSC901)")
    edits.add_argument("--add-noqa", action="store_true",
                       help="suppress every current finding in place: add `# noqa: CODE` to its "
                            "line (into the noqa comment already there); what cannot take one "
                            "(a line inside a string) is still reported")

    rule = commands.add_parser("rule", help="print the documentation of one rule",
                               description="Print the documentation page of a rule.",
                               allow_abbrev=False)
    rule.add_argument("rule", metavar="CODE|NAME", help="a rule code (SSC101) or name")
    rule.add_argument("--format", choices=("text", "json"), default="text",
                      help="Markdown text (default) or JSON")
    commands.add_parser(
        "server", help="run the language server (LSP over stdin/stdout) for editors",
        description="Run sendsync as a language server speaking LSP over stdin and stdout: "
        "editors get the findings of every open file as diagnostics while you type, and quick "
        "fixes for `noqa` comments. Needs the `server` extra: "
        "python -m pip install 'sendsync[server]'. Set-up for editors: "
        "https://github.com/sendsync/sendsync/blob/main/docs/editors.md")
    clean = commands.add_parser(
        "clean", help="remove the cache", allow_abbrev=False,
        description="Remove the cache directory a check of PATH would use (default: the "
        ".sendsync_cache of the project the current directory belongs to, or `cache-dir`).")
    clean.add_argument("path", nargs="?", default=".", metavar="PATH",
                       help="a directory of the project (default: .)")
    clean.add_argument("--cache-dir", metavar="DIR", help="remove this cache directory instead")
    listing = commands.add_parser("rules", help="list every rule", description="List every rule.",
                                  allow_abbrev=False)
    listing.add_argument("--format", choices=("text", "json"), default="text",
                         help="one line per rule (default) or JSON")
    return parser


def _codes(value: str) -> List[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def entry() -> None:
    """The ``sendsync`` command (and ``python -m sendsync``): ``main()``, then exit with its status.

    After Ctrl-C the process ends at once (``os._exit``): the worker processes are already
    killed, and the interpreter's exit handlers would only wait on their pipes and may print a
    traceback of their own.

    Worker processes that Python starts afresh (``spawn``, ``forkserver``: macOS, Windows) run
    ``python -c ...`` in the checked project's directory, which would put it first on their
    ``sys.path``; ``PYTHONSAFEPATH`` (Python 3.11+) keeps it off."""
    os.environ.setdefault("PYTHONSAFEPATH", "1")
    status = main(one_shot=True)
    if status == 130:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(130)
    raise SystemExit(status)


def main(argv: Optional[Sequence[str]] = None, *, one_shot: bool = False) -> int:
    """Run the command line; returns the exit status (never raises, never shows a traceback).
    ``one_shot``: the process ends after it (``entry``): see ``api.check``."""
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    verbose = False
    try:
        parser = build_parser()
        args = _parse(parser, argv)
        verbose = bool(getattr(args, "verbose", False))
        if args.command == "check":
            return _check(args, one_shot)
        if args.command == "rule":
            return _rule(args.rule, args.format)
        if args.command == "rules":
            return _rules(args.format)
        if args.command == "clean":
            return _clean(args.path, args.cache_dir)
        if args.command == "server":
            from . import server

            return server.main()
        parser.print_help(sys.stderr)
        return 2
    except SystemExit as exc:  # argparse: --help, --version, bad arguments
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as exc:
        if verbose:
            traceback.print_exc()
        _error(f"internal error: {type(exc).__name__}: {exc} (run with --verbose for details)")
        return 2


def _parse(parser: argparse.ArgumentParser, argv: Optional[Sequence[str]]) -> argparse.Namespace:
    """The arguments; an unknown option is an error of the command it was given to, with that
    command's usage and the closest option it has (options are never abbreviated)."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        command = _commands(parser).get(getattr(args, "command", None) or "", parser)
        options = [o for action in command._actions for o in action.option_strings]
        hints = []
        for word in unknown:
            close = difflib.get_close_matches(word.split("=", 1)[0], options, n=1, cutoff=0.6)
            hints.append(f"{word} (did you mean {close[0]}?)" if close else word)
        command.error(f"unrecognized arguments: {' '.join(hints)}")
    return args


def _commands(parser: argparse.ArgumentParser) -> "dict[str, argparse.ArgumentParser]":
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of processes cannot be negative")
    return value


def _cache_dir(args: argparse.Namespace, settings: "config.Config") -> "str | None":
    if args.no_cache:
        return None
    if args.cache_dir:
        return str(args.cache_dir)
    if settings.cache_dir is not None:
        return str(settings.cache_dir)
    return api.default_cache_dir(args.paths, settings)


def _settings(args: argparse.Namespace) -> "config.Config":
    """The configuration file's settings with the command line laid over them; ``args`` gets
    the file's ``output-format`` and ``jobs`` where the command line has none."""
    settings = config.load(args.paths, args.config, args.isolated).override(
        select=args.select, extend_select=args.extend_select, ignore=args.ignore,
        exclude=args.exclude, extend_exclude=args.extend_exclude,
        force_exclude=args.force_exclude, strictness=args.strictness, baseline=args.baseline,
        per_file_ignores=args.per_file_ignores, respect_gitignore=args.respect_gitignore,
    )
    if args.format is None:
        args.format = settings.output_format or "text"
    if args.jobs is None:
        args.jobs = settings.jobs if settings.jobs is not None else 0
    if not args.quiet:
        for warning in settings.warnings:
            _warn(warning)
    if args.verbose:
        used = _shown(settings.path) if settings.path is not None else "none (the defaults)"
        sys.stderr.write(f"sendsync: configuration file: {used}\n")
    return settings


def _shown(path: "os.PathLike[str] | str") -> str:
    from .discovery import display_path

    return printable(display_path(str(path), os.getcwd()))


class Progress:
    """On a terminal, a run that takes more than a second says so on stderr until it ends."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.active = bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")
        self._stop = threading.Event()
        self._thread: "threading.Thread | None" = None
        self._shown = False

    def __enter__(self) -> "Progress":
        if self.active:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        started = time.perf_counter()
        if self._stop.wait(1.0):
            return
        frames = "|/-\\"
        n = 0
        while not self._stop.wait(0.2):
            self._shown = True
            self.stream.write(f"\rsendsync: checking {frames[n % 4]} {time.perf_counter() - started:4.0f}s")
            self.stream.flush()
            n += 1

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _stdin(args: argparse.Namespace) -> "dict[str, bytes]":
    """Read standard input when the paths say so (``-``, or none with ``--stdin-filename``):
    ``-`` in ``args.paths`` becomes the file's name; returns it with the bytes read."""
    if args.paths.count("-") > 1:
        raise UsageError("`-` (standard input) can be given once")
    if "-" not in args.paths and not (args.stdin_filename and not args.paths):
        if args.stdin_filename:
            raise UsageError("--stdin-filename names the file read from standard input: "
                             "give `-` among the paths")
        return {}
    name = args.stdin_filename or "stdin"
    if os.path.isdir(name):
        raise UsageError(f"--stdin-filename must name a file, not a directory: {name}")
    args.paths = [name if p == "-" else p for p in args.paths] or [name]
    return {name: sys.stdin.buffer.read()}


def _check(args: argparse.Namespace, one_shot: bool = False) -> int:
    started = time.perf_counter()
    if (args.fix or args.add_noqa) and (
            "-" in args.paths or args.stdin_filename or args.write_baseline is not None):
        raise UsageError(f"{'--fix' if args.fix else '--add-noqa'} edits files in place: it "
                         "cannot edit standard input or be combined with --write-baseline")
    overrides = _stdin(args)
    args.paths = args.paths or ["."]
    settings = _settings(args)
    if args.show_settings:
        _print(show_settings(args, settings))
        return 0
    if args.show_files:
        _print(printable(shown) for shown, _ in api.files(args.paths, settings))
        return 0
    if args.write_baseline is not None:
        return _write_baseline(args, settings, overrides)
    with Progress(sys.stderr):
        result = api.check(args.paths, config=settings, verbose=args.verbose, jobs=args.jobs,
                           cache_dir=_cache_dir(args, settings), overrides=overrides,
                           one_shot=one_shot)
    if args.fix:
        result = _fix(args, result)
    elif args.add_noqa:
        result = _add_noqa(args, result)
    _report(args, result)
    if args.verbose:
        _verbose(result, started)
    if not args.quiet:
        _advise(args, result)
    return 1 if result.diagnostics and not args.exit_zero else 0


def _write_baseline(args: argparse.Namespace, settings: "config.Config",
                    overrides: "dict[str, bytes]") -> int:
    result = api.check(args.paths, config=settings.without_baseline(), verbose=args.verbose,
                       jobs=args.jobs, cache_dir=_cache_dir(args, settings), overrides=overrides)
    count = api.write_baseline(result, args.write_baseline)
    kept = count - len(result.diagnostics)
    others = f" ({kept} of them kept from files this run did not check)" if kept else ""
    if not args.quiet:
        sys.stderr.write(f"sendsync: wrote {count} finding(s) to {args.write_baseline}{others}\n")
    return 0


def show_settings(args: argparse.Namespace, settings: "config.Config") -> List[str]:
    """The settings of a check as ``--show-settings`` prints them: TOML-like lines, the file
    and the command line merged."""
    def toml(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (tuple, list)):
            return "[" + ", ".join(toml(v) for v in value) + "]"
        return json.dumps(str(value))

    cache = _cache_dir(args, settings)
    lines = [
        f"# configuration file: {_shown(settings.path) if settings.path else 'none'}",
        f"# project root: {printable(str(api.project_root(args.paths) or settings.root))}",
        f"paths = {toml(args.paths)}",
        f"select = {toml(settings.select)}",
        f"extend-select = {toml(settings.extend_select)}",
        f"ignore = {toml(settings.ignore)}",
        "per-file-ignores = {" + ", ".join(f"{json.dumps(p)} = {toml(c)}"
                                           for p, c in settings.per_file_ignores) + "}",
        f"exclude = {toml(settings.excludes)}",
        f"force-exclude = {toml(settings.force_exclude)}",
        f"respect-gitignore = {toml(settings.respect_gitignore)}",
        f"strictness = {toml(settings.strictness)}",
        f"baseline = {toml(_shown(settings.baseline))}" if settings.baseline else
        "# baseline: none",
        f"output-format = {toml(args.format)}",
        f"cache-dir = {toml(_shown(cache))}" if cache else "# cache-dir: none (--no-cache)",
        f"jobs = {args.jobs}",
        "# installed libraries are read from: "
        + (", ".join(printable(d) for d in api.environment(args.paths, settings).site_dirs) or "nowhere"),
    ]
    for fact in settings.types:
        traits = [t for t, on in (("NotSend", fact.not_send), ("NotSync", fact.not_sync)) if on]
        lines.append(f"types.{json.dumps(fact.names[0])} = {toml(traits or ['Send', 'Sync'])}")
    lines += [f"boundaries = {toml([b.label for b in settings.boundaries])}",
              f"thread-safe = {toml(settings.thread_safe)}"]
    return [printable(line) for line in lines]


def _fix(args: argparse.Namespace, result: "api.Result") -> "api.Result":
    """Remove the unused codes the reported ``SSC901`` findings name; the result without the
    findings fixed. Nothing else changes: the codes removed suppressed nothing."""
    wanted: Dict[str, Dict[int, Tuple[str, ...]]] = {}
    for d in result.diagnostics:
        codes = result.unused_noqa.get((d.path, d.line)) if d.code == UNUSED_NOQA else None
        if codes:
            wanted.setdefault(d.path, {})[d.line] = codes
    fixed = _edit_files(result, wanted, fix.remove_codes)
    if not args.quiet and fixed:
        files = len({path for path, _ in fixed})
        sys.stderr.write(f"sendsync: fixed {len(fixed)} finding(s) in {files} file(s)\n")
    left = [d for d in result.diagnostics
            if not (d.code == UNUSED_NOQA and (d.path, d.line) in fixed)]
    return replace(result, diagnostics=left)


def _add_noqa(args: argparse.Namespace, result: "api.Result") -> "api.Result":
    """Add ``# noqa: CODE`` for every reported finding (but the tool's own, ``SSC9xx``); the
    result holds the findings that could not be suppressed so."""
    wanted: Dict[str, Dict[int, List[str]]] = {}
    for d in result.diagnostics:
        if not d.code.startswith(TOOL_CODES):
            wanted.setdefault(d.path, {}).setdefault(d.line, []).append(d.code)
    def add(old: bytes, lines: Dict[int, List[str]]) -> Tuple[bytes, Iterable[int]]:
        new, skipped = fix.add_codes(old, lines)
        return new, [n for n in lines if n not in skipped]

    done = _edit_files(result, wanted, add)
    left = [d for d in result.diagnostics if (d.path, d.line) not in done]
    if not args.quiet:
        count = len(result.diagnostics) - len(left)
        files = len({path for path, _ in done})
        sys.stderr.write(f"sendsync: added noqa comments for {count} finding(s) in {files} "
                         "file(s)\n")
    return replace(result, diagnostics=left)


def _edit_files(result: "api.Result", wanted: Mapping[str, Any],
                edit: Callable[[bytes, Any], Tuple[bytes, Iterable[int]]]) -> Set[Tuple[str, int]]:
    """Apply ``edit(source, what is wanted of its lines)`` to each file and write it back;
    the (path, line) pairs done. A file changed on disk since it was read is left alone."""
    done: Set[Tuple[str, int]] = set()
    for path, lines in wanted.items():
        old = result.sources.get(path)
        if old is None:
            continue
        new, changed = edit(old, lines)
        changed = list(changed)
        if changed and (new == old or _rewrite(path, old, new)):
            done |= {(path, n) for n in changed}
    return done


def _rewrite(path: str, old: bytes, new: bytes) -> bool:
    """Write ``new`` over the file at ``path`` if it still holds ``old`` (else leave it, and
    say so): in place, so that its permissions, owner and links stay."""
    try:
        with open(path, "rb") as handle:
            current = handle.read()
        if current != old:
            _warn(f"{path} changed while it was checked: not edited")
            return False
        with open(path, "wb") as handle:
            handle.write(new)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return True


def _report(args: argparse.Namespace, result: "api.Result") -> None:
    """The findings in the chosen format, on stdout or in ``-o FILE``; ``--statistics`` after
    them (on stderr for a machine format or a file, so that the report stays what it is)."""
    to_file = args.output_file is not None
    color = args.format in ("text", "full") and not to_file and _color(sys.stdout, args.color)
    context = Context(color=color, lines=result.source_lines, cwd=os.getcwd(),
                      files_checked=result.files_checked)
    lines = list(FORMATS[args.format](result.diagnostics, context))
    stats = list(text.statistics(result.diagnostics)) if args.statistics else []
    if args.format in MACHINE_FORMATS or to_file:
        _print(stats, sys.stderr)
    else:
        lines.extend(stats)
    if to_file:
        _write(args.output_file, lines)
    else:
        _print(lines)


def _verbose(result: "api.Result", started: float) -> None:
    for note in result.notes:
        sys.stderr.write(f"sendsync: {printable(note)}\n")
    for trace in result.internal_errors:
        sys.stderr.write(trace)
    elapsed = time.perf_counter() - started
    project = ""
    if result.root is not None:
        project = f" of the project at {result.root} ({result.project_files} file(s) read)"
    sys.stderr.write(
        f"sendsync: checked {result.files_checked} file(s){project}, "
        f"{len(result.diagnostics)} finding(s), in {elapsed:.2f}s\n"
    )
    if result.baselined:
        sys.stderr.write(f"sendsync: {result.baselined} finding(s) known to the baseline\n")


def _advise(args: argparse.Namespace, result: "api.Result") -> None:
    """What a person running the check should know besides the findings, on stderr: that
    nothing was checked, that the baseline is stale, and (on a terminal, for the text and full
    formats printed there) the summary line."""
    # files named one by one and all excluded (pre-commit with force-exclude) are no surprise
    if not result.checked and not all(os.path.isfile(p) for p in args.paths):
        _warn("no Python files to check below the paths given (excluded, ignored by "
              ".gitignore, or none there)")
    if result.baseline_gone:
        sys.stderr.write(
            f"sendsync: {result.baseline_gone} finding(s) of the baseline no longer occur; "
            "write it again (--write-baseline) to keep them from coming back\n")
    if (result.checked and args.format in ("text", "full") and args.output_file is None
            and _terminal(sys.stderr)):
        sys.stderr.write(summary(result.diagnostics, result.baselined) + "\n")


def summary(diagnostics: Sequence["Diagnostic"], baselined: int = 0) -> str:
    """``Found 3 findings in 2 files.`` or ``All checks passed.``, as ruff ends a run."""
    known = f" ({baselined} more known to the baseline)" if baselined else ""
    if not diagnostics:
        return f"All checks passed.{known}"
    n, files = len(diagnostics), len({d.path for d in diagnostics})
    return (f"Found {n} finding{'s' if n != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}.{known}")


def _clean(path: str, cache_dir: Optional[str]) -> int:
    """Remove the cache directory a check of ``path`` would use. Only a directory sendsync
    made (it holds the ``.gitignore`` the cache writes) is removed; links are not followed."""
    if cache_dir is None:
        if not os.path.isdir(path):
            raise UsageError(f"not a directory: {path}")
        settings = config.load([path])
        cache_dir = (str(settings.cache_dir) if settings.cache_dir is not None
                     else api.default_cache_dir([path], settings))
    shown = _shown(cache_dir)
    if not os.path.lexists(cache_dir):
        sys.stderr.write(f"sendsync: no cache at {shown}\n")
        return 0
    marker = os.path.join(cache_dir, ".gitignore")
    try:
        with open(marker, "rb") as handle:
            ours = handle.read(64).startswith(CACHE_MARK)
    except OSError:
        ours = False
    if os.path.islink(cache_dir) or not os.path.isdir(cache_dir) or not ours:
        raise UsageError(f"not removing {shown}: it is not a cache sendsync made")
    try:
        shutil.rmtree(cache_dir)
    except OSError as exc:
        raise UsageError(f"cannot remove {shown}: {exc.strerror or exc}") from None
    sys.stderr.write(f"sendsync: removed {shown}\n")
    return 0


def _rule(key: str, fmt: str = "text") -> int:
    rule = lookup(key)
    if rule is None:
        known = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        close = difflib.get_close_matches(key.strip(), known, n=1, cutoff=0.6)
        close += difflib.get_close_matches(key.strip().upper(), known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UsageError(f"unknown rule: {key} ({hint}`sendsync rules` lists them)")
    if fmt == "json":
        _print(rulejson.dumps(rulejson.describe(rule)).splitlines())
    else:
        _print(ruledoc.render(rule).splitlines())
    return 0


def _rules(fmt: str = "text") -> int:
    rules = all_rules()
    if fmt == "json":
        _print(rulejson.dumps([rulejson.describe(r) for r in rules]).splitlines())
        return 0
    width = max((len(r.name) for r in rules), default=0)
    _print(f"{r.code}  {r.name:<{width}}  {ruledoc.summary(r)}"
           f"{'' if r.default_enabled else ' (off by default: --extend-select ' + r.code + ')'}"
           for r in rules)
    return 0


def _color(stream: object, choice: str = "auto") -> bool:
    """ANSI colour: ``--color always`` or ``never`` decide; ``auto`` colours on a terminal only,
    ``NO_COLOR`` turns it off, ``FORCE_COLOR`` on (``NO_COLOR`` wins, as in CPython),
    ``TERM=dumb`` off."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return _terminal(stream)


def _terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):
        return False


def _write(path: str, lines: Iterable[str]) -> None:
    """Write the report to ``path`` whole or not at all: into a temporary file beside it, renamed
    over it at the end (a special file such as ``/dev/stdout`` is written to directly).
    Undecodable bytes of file names are written as stdout writes them (backslash escapes)."""
    target = os.path.realpath(path)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    tmp = None
    try:
        if mode is not None and not stat.S_ISREG(mode):
            handle = open(target, "w", encoding="utf-8", errors="backslashreplace", newline="\n")
        else:
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target),
                                       prefix=f".{os.path.basename(target)}.", suffix=".tmp")
            handle = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n")
        with handle:
            for line in lines:
                handle.write(line + "\n")
        if tmp is not None:
            os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
            os.replace(tmp, target)
            tmp = None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _print(lines: Iterable[str], stream: Optional[TextIO] = None) -> None:
    """Write lines to stdout; a reader that went away (``| head``) ends the output quietly.
    Output that cannot be written (a full disk, ``/dev/full``, a closed stdout) is a
    ``UsageError`` (exit status 2), so the run does not look successful."""
    out = sys.stdout if stream is None else stream
    try:
        if out is None:  # started with that descriptor closed
            if stream is None and any(True for _ in lines):
                raise UsageError("cannot write the report: standard output is closed")
            return
        for line in lines:
            out.write(line + "\n")
        out.flush()
    except BrokenPipeError:
        if out is sys.stdout:
            _silence_stdout()
    except (OSError, ValueError) as exc:
        if out is sys.stdout:
            _silence_stdout()
            reason = getattr(exc, "strerror", None) or exc
            raise UsageError(f"cannot write the report to standard output: {reason}") from None


def _silence_stdout() -> None:
    # Python flushes stdout again at exit: point it at devnull so that cannot fail too.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _warn(message: str) -> None:
    try:
        sys.stderr.write(f"sendsync: warning: {printable(message)}\n")
    except (OSError, ValueError, AttributeError):
        pass


def _error(message: str) -> None:
    try:
        sys.stderr.write(f"sendsync: error: {printable(message)}\n")
    except (OSError, ValueError, AttributeError):  # no stderr, or a closed one
        pass


def _tolerant(stream: object) -> None:
    # Undecodable file names and messages must print, not raise UnicodeEncodeError.
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass


__all__ = ["build_parser", "main"]
