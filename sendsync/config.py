"""Run options.

``[tool.sendsync]`` in ``pyproject.toml`` will be read here. For now this module only holds the
error that every bad option, path or setting becomes: exit status 2, one line on stderr.
"""
from __future__ import annotations


class UsageError(Exception):
    """A bad command line or configuration. The CLI prints ``sendsync: error: <message>``."""


__all__ = ["UsageError"]
