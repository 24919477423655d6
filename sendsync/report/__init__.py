"""Renderers: findings and rule documentation laid out as text. Nothing here decides anything.

Every ``--format`` is a function ``render(diagnostics, context) -> Iterator[str]`` yielding the
output's lines (without newlines) for the sorted findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence

from ..diagnostics import Diagnostic
from ..rules import REGISTRY

#: where the rule pages (docs/rules/) are published; SARIF ``helpUri`` and JSON ``url`` point here
DOCS_URL = "https://github.com/sendsync/sendsync/blob/main/docs/rules/"


@dataclass(frozen=True)
class Context:
    """What a renderer may know besides the findings."""

    #: ANSI colour (text and full only); the CLI decides (TTY, NO_COLOR, FORCE_COLOR)
    color: bool = False
    #: the decoded lines of a checked file, by displayed path
    lines: Callable[[str], Sequence[str]] = field(default=lambda path: [])
    #: the directory displayed paths are relative to (SARIF's %SRCROOT%)
    cwd: str = "."
    files_checked: int = 0


def level(code: str) -> str:
    """"error" or "warning" (hygiene rather than a bug), as the rule says."""
    rule = REGISTRY.get(code)
    return rule.level if rule is not None else "error"


def rule_name(code: str) -> str:
    rule = REGISTRY.get(code)
    return rule.name if rule is not None else ""


def help_of(d: Diagnostic) -> Optional[str]:
    """The finding's own help, else its rule's usual fix."""
    if d.help:
        return d.help
    rule = REGISTRY.get(d.code)
    return (rule.HELP or None) if rule is not None else None


def rule_url(code: str) -> Optional[str]:
    name = rule_name(code)
    return f"{DOCS_URL}{code}-{name}.md" if name else None


def _formats() -> Dict[str, Callable[[Sequence[Diagnostic], Context], Iterator[str]]]:
    from . import full, github, jsonfmt, sarif, text

    return {
        "text": text.render,
        "full": full.render,
        "json": jsonfmt.render,
        "sarif": sarif.render,
        "github": github.render,
    }


#: ``--format`` name -> renderer
FORMATS = _formats()
#: formats read by programs: ``--statistics`` goes to stderr, never into them
MACHINE_FORMATS = frozenset({"json", "sarif"})


def render(name: str, diagnostics: Iterable[Diagnostic], context: Context = Context()) -> List[str]:
    return list(FORMATS[name](list(diagnostics), context))


__all__ = [
    "API_RULE_NAMES", "Context", "DOCS_URL", "FORMATS", "MACHINE_FORMATS", "help_of", "level",
    "render",
    "rule_name", "rule_url",
]
