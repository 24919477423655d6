"""A rule's documentation page, in Markdown, made from the rule class alone.

The same text is printed by ``sendsync rule CODE`` and written to ``docs/rules/`` by
``scripts/gen_rule_docs.py``: the docstring, the message template and the examples.
"""
from __future__ import annotations

import inspect
import string
import textwrap
from typing import Dict, Iterable, List, Optional, Type

from ..rules import FAMILIES, Rule


def page_name(rule: Type[Rule]) -> str:
    return f"{rule.code}-{rule.name}.md"


def doc_text(rule: Type[Rule]) -> str:
    """The rule's docstring without its indentation (the same on every Python version)."""
    return inspect.cleandoc(rule.__doc__ or "")


def summary(rule: Type[Rule]) -> str:
    """The docstring's first paragraph, on one line."""
    return " ".join(doc_text(rule).partition("\n\n")[0].split())


def render(rule: Type[Rule], example: bool = True) -> str:
    """The Markdown page of one rule, ending in a single newline. Its message is shown as the
    first flagged example gets it (the checker runs on it), or, without ``example`` or for a
    rule without one, as the template with ``<placeholders>``."""
    body = doc_text(rule).partition("\n\n")[2]
    out: List[str] = [f"# {rule.code} {rule.name}", "", summary(rule)]
    family = FAMILIES.get(rule.code[:4])
    if family is not None:
        out += ["", f"Family: {family[0]}, {family[1]}."]
    if body.strip():
        out += ["", body.strip()]
    shown = example_finding(rule) if example else None
    if shown is not None:
        out += ["", "## Message", "", "As reported on the first flagged example below:", "",
                "```text", shown, "```"]
    else:
        out += ["", "## Message", "", "```text", template(rule.MESSAGE), "```"]
    if rule.HELP:
        out += ["", f"Help: {rule.HELP}"]
    out += _examples("Flagged", [e.code for e in rule.INVALID])
    out += _examples("Clean", [e.code for e in rule.VALID])
    return "\n".join(out) + "\n"


def template(message: str) -> str:
    """A message template with its ``{fields}`` shown as ``<fields>``."""
    out = []
    for text, name, _, _ in string.Formatter().parse(message):
        out.append(text)
        if name is not None:
            out.append(f"<{name}>")
    return "".join(out)


_FOUND: Dict[str, Optional[str]] = {}


def example_finding(rule: Type[Rule]) -> Optional[str]:
    """``example.py:LINE:COL: CODE message``: the rule's finding on its first flagged example,
    as the example is shown on the page; None without one (or if the checker fails on it)."""
    if rule.code not in _FOUND:
        _FOUND[rule.code] = _example_finding(rule)
    return _FOUND[rule.code]


def _example_finding(rule: Type[Rule]) -> Optional[str]:
    if not rule.INVALID:
        return None
    from ..engine import Source, check_project

    code = _shown(rule.INVALID[0].code)
    try:
        found = check_project([Source("example.py", "example", False, code.encode("utf-8"))])
    except Exception:
        return None
    ours = [d for d in found if d.code == rule.code]
    if not ours:
        return None
    d = ours[0]
    return f"example.py:{d.line}:{d.col}: {d.code} {' '.join(d.message.split())}"


def _shown(code: str) -> str:
    return textwrap.dedent(code).strip("\n").rstrip()


def _examples(title: str, codes: List[str]) -> List[str]:
    if not codes:
        return []
    out = ["", f"## {title}"]
    for code in codes:
        out += ["", "```python", _shown(code), "```"]
    return out


def index(rules: Iterable[Type[Rule]]) -> str:
    """``docs/rules/README.md``: one table of every rule, by family."""
    out = [
        "# Rules",
        "",
        "One page per rule, generated from the rule classes by `scripts/gen_rule_docs.py`;",
        "do not edit them by hand. `sendsync rule CODE` prints the same page.",
    ]
    by_family: Dict[str, List[Type[Rule]]] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        by_family.setdefault(rule.code[:4], []).append(rule)
    for prefix, members in by_family.items():
        label, meaning = FAMILIES.get(prefix, (prefix + "xx", ""))
        heading = f"{label}: {meaning}" if meaning else label
        out += ["", f"## {heading}", "", "| Code | Name | Summary |", "| --- | --- | --- |"]
        for rule in members:
            text = summary(rule).replace("|", "\\|")
            out.append(f"| [{rule.code}]({page_name(rule)}) | `{rule.name}` | {text} |")
    return "\n".join(out) + "\n"


def pages(rules: Iterable[Type[Rule]]) -> Dict[str, str]:
    """File name -> content for every page of ``docs/rules/``, the index included."""
    rules = list(rules)
    result = {page_name(rule): render(rule) for rule in rules}
    result["README.md"] = index(rules)
    return result


__all__ = ["doc_text", "example_finding", "index", "page_name", "pages", "render", "summary",
           "template"]
