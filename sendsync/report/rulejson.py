"""``sendsync rule CODE --format json``: a rule's documentation as data (like ``ruff rule``).

    {"code", "name", "summary", "family", "message", "help", "explanation", "url",
     "default": true, "examples": {"flagged": [...], "clean": [...]}}
"""
from __future__ import annotations

import json
import textwrap
from typing import Any, Dict, Type

from ..rules import FAMILIES, Rule
from . import rule_url
from .ruledoc import doc_text, summary


def describe(rule: Type[Rule]) -> Dict[str, Any]:
    family = FAMILIES.get(rule.code[:4])
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": summary(rule),
        "family": f"{family[0]}: {family[1]}" if family else None,
        "message": rule.MESSAGE,
        "help": rule.HELP or None,
        "explanation": doc_text(rule).partition("\n\n")[2].strip(),
        "url": rule_url(rule.code),
        "default": rule.default_enabled,
        "examples": {
            "flagged": [_code(e.code) for e in rule.INVALID],
            "clean": [_code(e.code) for e in rule.VALID],
        },
    }


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _code(source: str) -> str:
    return textwrap.dedent(source).strip("\n").rstrip() + "\n"


__all__ = ["describe", "dumps"]
