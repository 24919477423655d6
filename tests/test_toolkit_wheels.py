"""The toolkit tables name things that exist: every class, method and function that
``sendsync/knowledge/toolkits.py`` names for a library that installs from wheels here (PySide6,
PyQt6, qtpy over either, pika, superqt, Kivy) is looked up in the installed library.

The test extra installs those libraries, and Kivy. Each binding is looked up in a process of its
own (two Qt bindings do not load into one process). wxPython and PyGObject need system libraries
(and pygobject-stubs does not build without them), so their names rest on the documentation the
tables cite, not on this test; PyQt5 and PySide2 have no wheels for current Pythons, and their
names are the Qt 6 bindings' names with another prefix.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from typing import Dict, List, Set

import pytest

from sendsync.knowledge import toolkits

#: looks names up in the installed libraries and prints the ones it cannot find, as JSON. A module
#: that needs an optional dependency that is not installed (pika's gevent adapter) is read, not run.
LOOKUP = textwrap.dedent('''
    import ast, importlib, importlib.util, json, sys

    def defined(parts):
        """Read, not run: the longest module of ``parts`` that has a source, then its classes
        and functions down the rest."""
        for i in range(len(parts), 0, -1):
            try:
                spec = importlib.util.find_spec(".".join(parts[:i]))
            except ImportError:
                continue
            if spec is None or not spec.origin or not spec.origin.endswith(".py"):
                continue
            with open(spec.origin, encoding="utf-8") as f:
                tree = ast.parse(f.read())
            imported = {}
            for node in tree.body:
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    imported.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
                elif isinstance(node, ast.Import):
                    imported.update({a.asname or a.name: a.name for a in node.names})
            body, owner = tree.body, None
            for part in parts[i:]:
                found = [n for n in body if isinstance(n, (ast.ClassDef, ast.FunctionDef))
                         and n.name == part]
                if not found:  # a method a class inherits: look it up on its imported bases
                    bases = [ast.unparse(b) for b in getattr(owner, "bases", [])]
                    return any(exists(imported[b.split(".")[0]] + b[len(b.split(".")[0]):] + "." + part)
                               for b in bases if b.split(".")[0] in imported)
                owner = found[0]
                body = getattr(owner, "body", [])
            return True
        return False

    def exists(dotted):
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):
            module = ".".join(parts[:i])
            try:
                obj = importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name and not (module + ".").startswith(exc.name + "."):
                    return defined(parts)  # an optional dependency is missing
                continue
            except ImportError:  # the binding lacks the module (qtpy says so this way)
                return False
            for part in parts[i:]:
                if not hasattr(obj, part):
                    return False
                obj = getattr(obj, part)
            return True
        return False

    names = json.loads(sys.stdin.read())
    print(json.dumps([n for n in names if not exists(n)]))
''')

QT_BINDINGS = ("PySide6", "PyQt6")


def table_names() -> Set[str]:
    """Every dotted name the toolkit tables give a verdict or a role to."""
    names: Set[str] = set()
    for fact in toolkits.TYPES:
        names.update(n for n in fact.names if "[" not in n)  # "QtCore.QThread[object]": ours
    for factory in toolkits.FACTORIES:
        names.update(factory.names)
    for method in toolkits.METHODS:
        names.update(f"{owner}.{method.name}" for owner in method.owners)
    for call in toolkits.CALLS:
        names.update(call.names)
    for role in toolkits.METHOD_ROLES:
        names.update(f"{owner}.{n}" for owner in role.owners if owner not in ("*", "?")
                     for n in role.names)
    for boundary in toolkits.BOUNDARIES:
        names.update(boundary.callees)
        for receiver in boundary.receiver:
            if receiver in toolkits.QT_THREAD_OBJECT.names:  # a QThread object: its signal
                names.update(f"{b}.QtCore.QThread.{boundary.name.split('.')[0]}"
                             for b in toolkits.QT_BINDINGS)
            else:
                names.add(f"{receiver}.{boundary.name}")
    names.update(toolkits.THREAD_CLASSES)
    names.update(f"{owner}.{p}" for owner, props in toolkits.PROPERTIES for p in props)
    names.update(toolkits.PROPERTY_FACTORIES)
    return names


def missing(names: List[str], env: Dict[str, str]) -> List[str]:
    env = {k: v.format(tmp=tempfile.mkdtemp()) for k, v in env.items()}
    proc = subprocess.run([sys.executable, "-c", LOOKUP], input=json.dumps(sorted(names)),
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


GROUPS = [
    # (what, the table's names that start with this prefix, the environment, what must be installed)
    ("PySide6", "PySide6.", {}, ("PySide6",)),
    ("PyQt6", "PyQt6.", {}, ("PyQt6",)),
    ("qtpy over PySide6", "qtpy.", {"QT_API": "pyside6"}, ("qtpy", "PySide6")),
    ("qtpy over PyQt6", "qtpy.", {"QT_API": "pyqt6"}, ("qtpy", "PyQt6")),
    ("pika", "pika.", {}, ("pika",)),
    ("superqt", "superqt.", {"QT_API": "pyside6"}, ("superqt", "PySide6")),
    # no window, no argument parsing, no log files: Kivy's modules import headless
    ("kivy", "kivy.", {"KIVY_NO_ARGS": "1", "KIVY_NO_WINDOW": "1", "KIVY_NO_CONSOLELOG": "1",
                       "KIVY_NO_FILELOG": "1", "KIVY_HOME": "{tmp}"}, ("kivy",)),
]


def test_the_tables_name_each_library_checked_here():
    names = table_names()
    for _, prefix, _, _ in GROUPS:
        assert any(n.startswith(prefix) for n in names), prefix


@pytest.mark.parametrize("what, prefix, env, needs", GROUPS, ids=[g[0] for g in GROUPS])
def test_every_name_exists_in_the_installed_library(what, prefix, env, needs):
    for package in needs:
        if not installed(package):
            pytest.skip(f"{package} is not installed (pip install '.[test]' installs it)")
    names = sorted(n for n in table_names() if n.startswith(prefix))
    assert missing(names, env) == []
