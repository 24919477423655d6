"""SSC9xx: findings about the run itself, not about thread safety."""
from __future__ import annotations

from .base import Rule


class SyntaxErrorRule(Rule):
    """A file could not be read or parsed, so it was not checked.

    ## What it does
    Reports a file that is not valid Python for the parser sendsync uses, or that cannot be read
    (permissions, undecodable bytes, a broken link), at the line and column the parser names.

    ## Why is this bad?
    Nothing in that file was checked: a thread-safety bug there would go unreported. Every other
    file is still checked.

    ## Example
    ```python
    def broken(:
        pass
    ```

    ## Fix
    Fix the syntax error, or exclude the file from the run.
    """

    code = "SSC999"
    name = "syntax-error"
    MESSAGE = "{reason}"
    HELP = "fix the file so that it parses, or exclude it"
    TOOL = True


class InternalErrorRule(Rule):
    """sendsync failed on this file; the other files were still checked.

    ## What it does
    Reports an internal error of the checker on one file instead of stopping the run. Run with
    `--verbose` to see the traceback, and please report it.

    ## Why is this bad?
    The file was not (fully) checked.

    ## Fix
    Report the bug with the file (or a reduced copy) that triggers it.
    """

    code = "SSC998"
    name = "internal-error"
    MESSAGE = "internal error while checking this file: {reason}"
    HELP = "run with --verbose for the traceback and report it"
    TOOL = True
