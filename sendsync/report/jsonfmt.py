"""``--format json``: one JSON document, schema version 1 (see docs/formats.md).

    {"version": 1, "tool": {"name": "sendsync", "version": "..."}, "files_checked": 3,
     "findings": [{"path", "line", "column", "end_line", "end_column", "code", "name",
                   "severity", "message", "help", "url",
                   "notes": [{"path", "line", "column", "end_line", "end_column", "message"}]}]}

Fields are only ever added within a version; ``end_line``/``end_column`` end the code pointed
at (the column is exclusive) and are ``null`` when the source line is unknown; ``help`` and
``url`` may be ``null``.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Iterator, Sequence

from .._version import __version__
from ..diagnostics import Diagnostic
from . import Context, help_of, level, rule_name, rule_url
from .style import Located, end_of

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
    return {
        **_location(d.path, d, context),
        "code": d.code,
        "name": rule_name(d.code),
        "severity": level(d.code),
        "message": d.message,
        "help": help_of(d),
        "url": rule_url(d.code),
        "notes": [dict(_location(n.path, n, context), message=n.message) for n in d.notes],
    }


def _location(path: str, where: Located, context: Context) -> Dict[str, Any]:
    end = end_of(where, context.lines(path))
    return {"path": path, "line": where.line, "column": where.col,
            "end_line": end[0] if end else None, "end_column": end[1] if end else None}


__all__ = ["VERSION", "finding", "render"]
