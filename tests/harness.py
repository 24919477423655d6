"""One harness for "snippet -> findings": expected findings are marked in the snippet itself.

A line that ends with ``# SSC102`` (several codes: ``# SSC102 SSC201``) must get exactly those
findings, and no other line any; a snippet is one module (``m.py``) or a dict of modules
(``{"pkg.store": "...", "main": "..."}``, each ``pkg/store.py``...). ``check(snippet)`` returns
the findings; ``assert_marked(snippet)`` checks them against the marks and shows the numbered
source on failure.
"""
from __future__ import annotations

import re
import textwrap
from typing import Dict, List, Set, Tuple, Union

from sendsync.diagnostics import Diagnostic
from sendsync.engine import Source, check_project

Snippet = Union[str, Dict[str, str]]
MARK = re.compile(r"#\s*((?:SSC\d{3}\s*)+)$")


def _modules(snippet: Snippet) -> Dict[str, str]:
    files = snippet if isinstance(snippet, dict) else {"m": snippet}
    return {name: textwrap.dedent(code).lstrip("\n") for name, code in files.items()}


def _path(module: str) -> str:
    return module.replace(".", "/") + ".py"


def check(snippet: Snippet, **options) -> List[Diagnostic]:
    sources = [Source(_path(name), name, False, code.encode()) for name, code in _modules(snippet).items()]
    return sorted(check_project(sources, **options), key=Diagnostic.sort_key)


def marked(snippet: Snippet) -> Set[Tuple[str, int, str]]:
    out = set()
    for name, code in _modules(snippet).items():
        for number, line in enumerate(code.splitlines(), 1):
            m = MARK.search(line)
            if m:
                for found in m.group(1).split():
                    out.add((_path(name), number, found))
    return out


def listing(snippet: Snippet, found: List[Diagnostic]) -> str:
    out = []
    for name, code in _modules(snippet).items():
        out.append(f"--- {_path(name)}")
        out += [f"{i:3} | {line}" for i, line in enumerate(code.splitlines(), 1)]
    out += [f"  {d.path}:{d.line}:{d.col} {d.code} {d.message}" for d in found]
    return "\n".join(out)


def assert_marked(snippet: Snippet, *fragments: str, **options) -> List[Diagnostic]:
    """The findings are exactly the marked ones; ``fragments`` must appear in the first's message."""
    found = check(snippet, **options)
    got = {(d.path, d.line, d.code) for d in found}
    assert got == marked(snippet), "\n" + listing(snippet, found)
    for fragment in fragments:
        assert found and fragment in found[0].message, f"{fragment!r} missing\n" + listing(snippet, found)
    return found
