"""``--format json``: one JSON document, schema version 1 (see docs/formats.md).

    {"version": 1, "tool": {"name": "sendsync", "version": "..."}, "files_checked": 3,
     "findings": [{"path", "line", "column", "end_column", "code", "name", "severity",
                   "message", "help", "url", "notes": [{"path", "line", "column", "message"}]}]}

Fields are only ever added within a version; ``end_column`` is exclusive and ``null`` when the
source line is unknown; ``help`` and ``url`` may be ``null``.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Iterator, Sequence

from .._version import __version__
from ..diagnostics import Diagnostic
from . import Context, help_of, level, rule_name, rule_url
from .style import extent

VERSION = 1


def render(diagnostics: Sequence[Diagnostic], context: Context = Context()) -> Iterator[str]:
    document = {
        "version": VERSION,
        "tool": {"name": "sendsync", "version": __version__},
        "files_checked": context.files_checked,
        "findings": [finding(d, context) for d in diagnostics],
    }
    yield from json.dumps(document, indent=2, ensure_ascii=False).splitlines()


def finding(d: Diagnostic, context: Context) -> Dict[str, Any]:
    lines = context.lines(d.path)
    end = d.col + extent(lines[d.line - 1], d.col, d.message) if 0 < d.line <= len(lines) else None
    return {
        "path": d.path,
        "line": d.line,
        "column": d.col,
        "end_column": end,
        "code": d.code,
        "name": rule_name(d.code),
        "severity": level(d.code),
        "message": d.message,
        "help": help_of(d),
        "url": rule_url(d.code),
        "notes": [
            {"path": n.path, "line": n.line, "column": n.col, "message": n.message}
            for n in d.notes
        ],
    }


__all__ = ["VERSION", "finding", "render"]
