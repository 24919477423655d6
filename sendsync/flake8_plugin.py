"""The flake8 plugin: ``flake8 --select SSC`` runs sendsync on each file flake8 checks.

flake8 owns file selection, ``select``/``ignore``/``per-file-ignores``, ``# noqa`` and the output;
``[tool.sendsync]`` adds only knowledge (``types``, ``boundaries``) and ``strictness``. Each file
gets the findings ``sendsync check`` has for it: the rest of its project is read for facts (a
``NotSend`` class imported from a sibling module), once per flake8 process, through the cache.
A configuration error is reported as ``SSC998`` on line 1 of each file, since a plugin cannot
stop flake8 cleanly.
"""
from __future__ import annotations

import ast
import os
from functools import lru_cache
from typing import Iterator, List, Tuple, Type

from . import api, config
from ._version import __version__
from .report.text import one_line
from .rules.tool import InternalErrorRule


@lru_cache(maxsize=None)
def _settings(directory: str) -> config.Config:
    return config.load([directory])


@lru_cache(maxsize=None)
def _session(cache_dir: str) -> api.Session:
    # flake8's workers cannot start processes of their own: one job; flake8 -j spreads the files
    return api.Session(cache_dir=cache_dir, snapshot=True)


class Plugin:
    name = "sendsync"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str, lines: List[str]) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[Tuple[int, int, str, Type["Plugin"]]]:
        try:
            settings = _settings(os.path.dirname(os.path.abspath(self.filename)))
            session = _session(api.default_cache_dir([self.filename], settings))
            found = session.report(self.filename, "".join(self.lines), settings)
        except config.UsageError as exc:  # flake8 would show a traceback: report it instead
            yield 1, 0, f"{InternalErrorRule.code} sendsync's configuration is not usable: {exc}", type(self)
            return
        for d in sorted(found, key=lambda d: d.sort_key()):
            yield d.line, d.col - 1, f"{d.code} {one_line(d.message)}", type(self)


__all__ = ["Plugin"]
