"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

One run; the driver lists every rule with its summary, help (the rule's documentation page in
Markdown) and help URI; each result names its rule, level and location relative to
``%SRCROOT%`` (the current directory), and carries the finding's notes as related locations.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence, Type
from urllib.parse import quote

from .._version import __version__
from ..diagnostics import Diagnostic
from ..rules import Rule, all_rules
from . import Context, level, rule_url, ruledoc
from .style import Located, end_of

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/sendsync/sendsync"
SRCROOT = "%SRCROOT%"


def render(diagnostics: Sequence[Diagnostic], context: Context = Context()) -> Iterator[str]:
    rules = _rules()
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    for d in diagnostics:  # a code no rule describes still gets a descriptor
        if d.code not in index:
            index[d.code] = len(rules)
            rules.append({"id": d.code, "shortDescription": {"text": d.code}})
    run: Dict[str, Any] = {
        "tool": {"driver": {
            "name": "sendsync",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": rules,
        }},
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.path.abspath(context.cwd)).as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True}],
        "results": [_result(d, index[d.code], context) for d in diagnostics],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    yield from json.dumps(log, indent=2, ensure_ascii=False).splitlines()


def _rules() -> List[Dict[str, Any]]:
    out = []
    for rule in all_rules():
        summary = ruledoc.summary(rule)
        descriptor: Dict[str, Any] = {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": summary},
            "help": {"text": rule.HELP or summary, "markdown": ruledoc.render(rule, example=False)},
            "defaultConfiguration": {"level": level(rule.code)},
            "properties": _properties(rule),
        }
        url = rule_url(rule.code)
        if url:
            descriptor["helpUri"] = url
        out.append(descriptor)
    return sorted(out, key=lambda r: r["id"])


def _properties(rule: Type[Rule]) -> Dict[str, Any]:
    return {
        "tags": ["maintainability"] if rule.TOOL else ["correctness", "thread-safety"],
        "precision": "very-high" if rule.TOOL else "high",
        "problem.severity": rule.level,
    }


def _result(d: Diagnostic, rule_index: int, context: Context) -> Dict[str, Any]:
    result: Dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.code),
        "message": {"text": d.message},
        "locations": [_location(d.path, d, context)],
    }
    if d.notes:
        result["relatedLocations"] = [
            dict(_location(n.path, n, context), id=i,
                 message={"text": n.message})
            for i, n in enumerate(d.notes)
        ]
    return result


def _location(path: str, where: Located, context: Context) -> Dict[str, Any]:
    region: Dict[str, Any] = {"startLine": max(where.line, 1), "startColumn": max(where.col, 1)}
    end = end_of(where, context.lines(path))
    if end is not None:
        if end[0] != where.line:
            region["endLine"] = end[0]
        region["endColumn"] = end[1]
    return {"physicalLocation": {"artifactLocation": _artifact(path), "region": region}}


def _artifact(path: str) -> Dict[str, Any]:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # percent-encoded bytes: a file name that is not UTF-8 is still one URI, byte for byte
    return {"uri": quote(os.fsencode(path.replace(os.sep, "/"))), "uriBaseId": SRCROOT}


__all__ = ["render"]
