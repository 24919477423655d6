"""``python -m sendsync``."""
import os
import sys

# `python -m` puts the current directory first on sys.path: a checked project's own `ast.py` or
# `dataclasses.py` would be imported (and run) in place of the standard library's. The package is
# already found; nothing else may come from there.
if not getattr(sys.flags, "safe_path", False) and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from sendsync.cli import entry  # noqa: E402

entry()
