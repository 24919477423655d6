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


class UnusedNoqaRule(Rule):
    """A `# noqa` comment names a sendsync code that suppresses nothing on its line.

    ## What it does
    Reports the codes of a `# noqa: SSC...` comment for which no finding is reported on that line
    in this run: the bug was fixed, the code moved, or the code is mistyped. Off by default, like
    ruff's RUF100: switch it on with `extend-select = ["SSC901"]` or `--extend-select SSC901`.

    A bare `# noqa`, other tools' codes (`E501`), and codes switched off in the run are never
    reported: those comments may be there for flake8 or for another configuration.

    ## Why is this bad?
    A stale suppression hides the next real finding on that line, and tells readers that a
    thread-safety problem exists where there is none.

    ## Example
    ```python
    settings = load_settings()  # noqa: SSC101
    ```

    ## Fix
    Remove the code from the comment, or the whole comment if nothing is left. To keep one on
    purpose, list `SSC901` in it too.
    """

    code = "SSC901"
    name = "unused-noqa"
    MESSAGE = "`noqa` names {codes} but no such finding is reported on this line"
    HELP = "remove the code from the comment, or the whole comment if nothing is left"
    TOOL = True
    default_enabled = False
    level = "warning"
