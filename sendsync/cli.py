"""The ``sendsync`` command: parse the arguments, call the api, print, pick the exit status.

Exit status: 0 no findings, 1 findings, 2 usage or configuration error, 130 interrupted.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from typing import Iterable, List, Optional, Sequence

from . import api
from ._version import __version__
from .config import UsageError
from .report import FORMATS, ruledoc, text
from .rules import all_rules, lookup

EXAMPLES = """\
examples:
  sendsync check                      check every *.py below the current directory
  sendsync check src tests            check two trees as one project
  sendsync check --select SSC1        only NotSend findings (codes starting with SSC1)
  sendsync check --ignore SSC201,SSC3 everything except SSC201 and the SSC3xx family
  sendsync rules                      list every rule
  sendsync rule SSC101                explain one rule (by code or name)

exit status: 0 no findings, 1 findings, 2 usage or configuration error.
suppress one finding with `# noqa: SSC101` (or a bare `# noqa`) on its line.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sendsync",
        description="Rust's Send and Sync for Python: find values that cross thread boundaries "
        "unsafely.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sendsync {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check files and directories (default: .)",
        description="Check every *.py below the paths; together they form one project.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="*", metavar="PATH", default=["."], help="default: .")
    check.add_argument(
        "--select", type=_codes, action="extend", default=[], metavar="CODES",
        help="report only these codes or code prefixes, comma-separated (default: all)",
    )
    check.add_argument(
        "--ignore", type=_codes, action="extend", default=[], metavar="CODES",
        help="never report these codes or code prefixes, comma-separated",
    )
    check.add_argument("--format", choices=sorted(FORMATS), default="text",
                       help="output format (default: text)")
    check.add_argument("--statistics", action="store_true",
                       help="after the findings, print how many there are of each code")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit with status 0 even when there are findings")
    check.add_argument("-v", "--verbose", action="store_true",
                       help="report progress and internal errors in full on stderr")

    rule = commands.add_parser("rule", help="print the documentation of one rule",
                               description="Print the documentation page of a rule.")
    rule.add_argument("rule", metavar="CODE|NAME", help="a rule code (SSC101) or name")
    commands.add_parser("rules", help="list every rule", description="List every rule.")
    return parser


def _codes(value: str) -> List[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status (never raises, never shows a traceback)."""
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    verbose = False
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        verbose = bool(getattr(args, "verbose", False))
        if args.command == "check":
            return _check(args)
        if args.command == "rule":
            return _rule(args.rule)
        if args.command == "rules":
            return _rules()
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


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = api.check(args.paths, select=args.select, ignore=args.ignore)
    status = 1 if result.diagnostics and not args.exit_zero else 0
    lines = list(FORMATS[args.format](result.diagnostics))
    if args.statistics:
        lines.extend(text.statistics(result.diagnostics))
    if args.verbose:
        for trace in result.internal_errors:
            sys.stderr.write(trace)
        elapsed = time.perf_counter() - started
        sys.stderr.write(
            f"sendsync: checked {result.files_checked} file(s), "
            f"{len(result.diagnostics)} finding(s), in {elapsed:.2f}s\n"
        )
    _print(lines)
    return status


def _rule(key: str) -> int:
    rule = lookup(key)
    if rule is None:
        raise UsageError(f"unknown rule: {key} (`sendsync rules` lists them)")
    _print(ruledoc.render(rule).splitlines())
    return 0


def _rules() -> int:
    rules = all_rules()
    width = max((len(r.name) for r in rules), default=0)
    _print(f"{r.code}  {r.name:<{width}}  {ruledoc.summary(r)}" for r in rules)
    return 0


def _print(lines: Iterable[str]) -> None:
    """Write lines to stdout; a reader that went away (``| head``) ends the output quietly."""
    try:
        for line in lines:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    # Python flushes stdout again at exit: point it at devnull so that cannot fail too.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _error(message: str) -> None:
    try:
        sys.stderr.write(f"sendsync: error: {message}\n")
    except (OSError, ValueError):
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
