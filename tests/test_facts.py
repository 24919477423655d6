"""The facts of a module: names resolved as CPython resolves them, and plain data that survives
the cache.

The scope resolution is held against CPython's own ``symtable`` on every function of a sample of
the standard library (and on snippets made to be awkward): for each name read in a function, the
facts must agree on whether it is the function's own local, a variable of an enclosing function,
or a global/builtin.
"""
from __future__ import annotations

import ast
import os
import symtable
import textwrap

import pytest

from sendsync.engine import facts as F


def _classify(facts: F.Facts, scope_id: int, target: int) -> str:
    if target == scope_id:
        return "local"
    if target in (0, F.BUILTIN):
        return "global"
    if facts.scopes[target].kind in ("Def", "Lam", "Comp"):
        return "free"
    return "class"


def _tables(table: symtable.SymbolTable, out):
    for child in table.get_children():
        if child.get_type() == "function":
            out.setdefault((child.get_name(), child.get_lineno()), []).append(child)
        _tables(child, out)
    return out


def _disagreements(source: str):
    tree = ast.parse(source)
    builder = F._Builder()
    facts = builder.build(tree)
    tables = _tables(symtable.symtable(source, "<m>", "exec"), {})
    wrong = []
    for scope_id, nid in builder.names:
        scope = facts.scopes[scope_id]
        node = facts.nodes[nid]
        if scope.kind != "Def" or node[2] != F.LOAD:
            continue
        name, target = node[1], node[3]
        def_node = facts.nodes[scope_id]
        candidates = tables.get((def_node[1], F.span_of(facts, scope_id)[0]))
        if not candidates:
            continue
        sym = None
        for table in candidates:
            try:
                sym = table.lookup(name)
                break
            except KeyError:
                continue
        if sym is None:
            continue
        if sym.is_free():
            expected = "free"
        elif sym.is_local() or sym.is_parameter():
            expected = "local"
        elif sym.is_global() or sym.is_declared_global():
            expected = "global"
        else:
            continue
        mine = _classify(facts, scope_id, target)
        if mine != expected:
            wrong.append((def_node[1], F.span_of(facts, nid)[0], name, mine, expected))
    return wrong


AWKWARD = '''
x = 1
def outer():
    y = 2
    z = 3
    def inner():
        nonlocal z
        z += y
        return x + len([y for y in range(3)])
    class C:
        y = 10
        def m(self):
            return y
        w = [y for _ in range(2)]
    def g():
        global x
        x = 5
        return x
    def walrus():
        if any((hit := n) for n in range(3)):
            return hit
    return inner, C, g, walrus
def shadow(print=print):
    def use():
        return print
    return use
def late():
    def f():
        return v
    v = 1
    return f
def handler():
    try:
        pass
    except Exception as err:
        return err
def deleted():
    q = 1
    del q
    return q
'''


def test_awkward_scopes_agree_with_symtable():
    assert _disagreements(textwrap.dedent(AWKWARD)) == []


def _stdlib_sample():
    root = os.path.dirname(os.__file__)
    names = ["threading.py", "asyncio/base_events.py", "concurrent/futures/thread.py",
             "logging/__init__.py", "dataclasses.py", "typing.py", "inspect.py", "argparse.py",
             "email/_header_value_parser.py", "tkinter/__init__.py", "http/server.py", "pydoc.py",
             "collections/__init__.py", "functools.py", "enum.py", "subprocess.py"]
    return [os.path.join(root, n) for n in names if os.path.exists(os.path.join(root, n))]


@pytest.mark.parametrize("path", _stdlib_sample(), ids=os.path.basename)
def test_stdlib_scopes_agree_with_symtable(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    assert _disagreements(source) == []


def test_facts_survive_the_cache_unchanged():
    source = textwrap.dedent(AWKWARD).encode()
    facts = F.extract(source)
    again = F.Facts.from_bytes(facts.to_bytes())
    assert again.nodes == facts.nodes
    assert list(again.spans) == list(facts.spans)
    assert list(again.parents) == list(facts.parents)
    assert {k: (v.kind, v.parent, v.bindings) for k, v in again.scopes.items()} == \
        {k: (v.kind, v.parent, v.bindings) for k, v in facts.scopes.items()}
    assert again.identifiers == facts.identifiers


def test_a_syntax_error_is_a_fact():
    facts = F.extract(b"def f(:\n    pass\n")
    assert facts.error is not None and facts.error[0] == 1 and facts.error[2].startswith("syntax error")
    assert F.Facts.from_bytes(facts.to_bytes()).error == facts.error


def test_bindings_of_a_global_include_stores_in_functions():
    facts = F.extract(b"conn = None\ndef init():\n    global conn\n    conn = open('x')\n")
    sites = facts.scopes[0].bindings["conn"]
    lines = sorted(F.span_of(facts, s)[0] for s in sites)
    assert lines == [1, 4]


def test_letting_bodies_go_changes_no_finding(monkeypatch):
    """A program keeps at most BODY_BUDGET nodes of decoded bodies; with a budget so small that
    every body is let go and decoded again many times over, the findings are the same."""
    from harness import check
    from test_value_flow import CASES
    from sendsync.engine import program

    snippets = [CASES[name][0] for name in sorted(CASES) if isinstance(CASES[name][0], dict)]
    snippets += [{"m": CASES[name][0]} for name in sorted(CASES)[:12] if isinstance(CASES[name][0], str)]
    merged = {}
    for n, snippet in enumerate(snippets):
        for module, code in snippet.items():
            merged[f"p{n}.{module}"] = code.replace("from db import", f"from p{n}.db import")
    expected = [(d.path, d.line, d.col, d.code, d.message) for d in check(merged)]
    assert expected
    monkeypatch.setattr(program, "BODY_BUDGET", 10)
    again = [(d.path, d.line, d.col, d.code, d.message) for d in check(merged)]
    assert again == expected


def test_comparisons_keep_their_operators_and_loops_their_own_breaks():
    """`is not` and `==` pick different branches; a `break` of an inner loop or of the `else`
    does not end the loop it sits in."""
    found = F.extract(textwrap.dedent("""\
        for a in xs:
            if a is not b:
                break
            for c in a:
                break
        else:
            while a == b:
                break
        """).encode()).to_bytes()
    nodes = F.Facts.from_bytes(found).nodes
    assert [n[2] for n in nodes if n[0] == "Op"] == [("is not",), ("==",)]
    assert [n[-1] for n in nodes if n[0] in ("For", "While")] == [((3, 8),), ((5, 8),), ((8, 8),)]
