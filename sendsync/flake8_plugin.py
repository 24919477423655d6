"""The flake8 plugin: ``flake8 --select SSC`` runs sendsync on each file flake8 checks.

flake8 owns file selection, ``select``/``ignore``/``per-file-ignores``, ``# noqa`` and the output;
``[tool.sendsync]`` adds only knowledge (``types``, ``boundaries``) and ``strictness``. Each file
is checked alone, so facts from other modules of the project (a ``NotSend`` class imported from
a sibling module) are not seen: ``sendsync check`` sees the whole project. A configuration error
is reported as ``SSC998`` on line 1 of each file, since a plugin cannot stop flake8 cleanly.
"""
from __future__ import annotations

import ast
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterator, List, Tuple, Type

from . import config, engine
from ._version import __version__
from .discovery import module_name
from .report.text import one_line


@lru_cache(maxsize=None)
def _settings(directory: str) -> config.Config:
    return config.load([directory])


class Plugin:
    name = "sendsync"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str, lines: List[str]) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[Tuple[int, int, str, Type["Plugin"]]]:
        path = Path(self.filename)
        real = path.is_file()
        try:
            settings = _settings(os.path.dirname(os.path.abspath(path)) if real else os.getcwd())
        except config.UsageError as exc:  # flake8 would show a traceback: report it instead
            yield 1, 0, f"SSC998 sendsync's configuration is not usable: {exc}", type(self)
            return
        module, is_package = module_name(path) if real else ("stdin", False)
        source = engine.Source(self.filename, module, is_package, "".join(self.lines).encode())
        found = engine.check_project([source], knowledge=settings.knowledge(),
                                     strictness=settings.strictness)
        for d in sorted(found, key=lambda d: d.sort_key()):
            yield d.line, d.col - 1, f"{d.code} {one_line(d.message)}", type(self)


__all__ = ["Plugin"]
