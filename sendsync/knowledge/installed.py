"""Verdicts of installed libraries' classes, read from their source: a widget library's button
(``qfluentwidgets.PrimaryPushButton``) is a Qt widget because it derives from one.

As mypy and pyright do, the checker reads the packages installed in the checked environment; it
never imports them. A library class gets the verdict of the first class of its bases (followed
through the library's imports, re-exports and ``from m import *``) that the tables know, and only
that: nothing a library does with its objects is inferred. What the reading cannot follow (a
binding imported by a function or through ``importlib``) stays unknown: no verdict, no finding.
"""
from __future__ import annotations

import ast
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .types import TypeFact

#: at most this many library files are read in one run, and bases followed this deep: a
#: library beyond that is left unknown (precision first: unknown is silent)
MAX_FILES = 400
MAX_DEPTH = 25


class Installed:
    """The source of installed modules, found in site directories (stub files first)."""

    def __init__(self, site_dirs: Sequence[str]) -> None:
        self.site_dirs = tuple(d for d in site_dirs if os.path.isdir(d))
        self._tops: Dict[str, bool] = {}
        self._files: Dict[str, Optional[Path]] = {}
        self._fingerprint: Optional[str] = None

    def has_package(self, top: str) -> bool:
        """Is ``top`` an installed package or module? Never one the standard library has: a
        distribution named like it (``asyncio`` on PyPI) is not what the project imports."""
        found = self._tops.get(top)
        if found is None:
            found = top not in STDLIB and any(
                os.path.exists(os.path.join(d, name))
                for d in self.site_dirs for name in (top, f"{top}-stubs", f"{top}.py", f"{top}.pyi"))
            self._tops[top] = found
        return found

    def file(self, module: str) -> Optional[Path]:
        """The file that defines ``module`` (a ``.pyi`` beside or in a ``-stubs`` package
        first, as type checkers read them), None when no site directory has it."""
        if module in self._files:
            return self._files[module]
        found: Optional[Path] = None
        top, _, rest = module.partition(".")
        parts = rest.split(".") if rest else []
        for d in self.site_dirs:
            for root in (f"{top}-stubs", top):
                base = Path(d, root, *parts)
                for candidate in (base / "__init__.pyi", base.with_suffix(".pyi"),
                                  base / "__init__.py", base.with_suffix(".py")):
                    try:
                        if candidate.is_file():
                            found = candidate
                            break
                    except (OSError, ValueError):  # unreadable, a name too long: not there
                        continue
                if found:
                    break
            if found:
                break
        self._files[module] = found
        return found

    @staticmethod
    def unchanged(read: Dict[str, Tuple[int, int]]) -> bool:
        """Are the library files an earlier run read still as they were?"""
        for path, (mtime, size) in read.items():
            try:
                stat = os.stat(path)
            except OSError:
                return False
            if (stat.st_mtime_ns, stat.st_size) != (mtime, size):
                return False
        return True

    def fingerprint(self) -> str:
        """What the verdicts read here depend on, cheaply: the installed distributions (name
        and version, from their ``.dist-info`` directories) of every site directory."""
        if self._fingerprint is not None:
            return self._fingerprint
        parts: List[str] = []
        for d in self.site_dirs:
            try:
                names = sorted(n for n in os.listdir(d) if n.endswith((".dist-info", ".egg-info")))
            except OSError:
                names = []
            parts.append(d + ":" + ",".join(names))
        self._fingerprint = "\n".join(parts)
        return self._fingerprint


class _Module:
    """A library module as far as class bases need it: what each top-level name is bound to."""

    def __init__(self, name: str, is_package: bool, tree: ast.Module) -> None:
        self.name = name
        self.classes: Dict[str, ast.ClassDef] = {}
        self.imports: Dict[str, str] = {}  # bound name -> qualified name
        self.stars: List[str] = []  # modules of `from m import *`, in order
        package = name if is_package else name.rpartition(".")[0]
        for stmt in _top_level(tree.body):
            if isinstance(stmt, ast.ClassDef):
                self.classes.setdefault(stmt.name, stmt)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        self.imports.setdefault(alias.asname, alias.name)
                    else:
                        top = alias.name.partition(".")[0]
                        self.imports.setdefault(top, top)
            elif isinstance(stmt, ast.ImportFrom):
                source = _absolute(package, stmt.module, stmt.level)
                if source is None:
                    continue
                for alias in stmt.names:
                    if alias.name == "*":
                        self.stars.append(source)
                    else:
                        self.imports.setdefault(alias.asname or alias.name, f"{source}.{alias.name}")
            elif (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                  and isinstance(stmt.targets[0], ast.Name) and _dotted(stmt.value)):
                self.imports.setdefault(stmt.targets[0].id, self.qualify(_dotted(stmt.value)))

    def qualify(self, dotted: str, within: str = "") -> str:
        """``dotted`` as spelled in this module, as a qualified name. In the bases of class
        ``within``, its own name is what it shadows (``class QPushButton(QPushButton)``)."""
        head, _, rest = dotted.partition(".")
        if head in self.classes and not (head == within and head in self.imports):
            base = f"{self.name}.{head}"
        elif head in self.imports:
            base = self.imports[head]
        else:
            base = f"{self.name}.{head}"
        return f"{base}.{rest}" if rest else base


class InstalledTypes:
    """``resolve(qualname)``: the verdict a class of an installed library has through its
    bases, as a ``TypeFact`` naming that class, or None."""

    def __init__(self, installed: Installed, known: Callable[[str], Optional[TypeFact]],
                 project: FrozenSet[str] = frozenset()) -> None:
        self.installed = installed
        self.known = known
        #: the project's own top-level packages: an installed copy of them is not read
        self.project = project
        self._modules: Dict[str, Optional[_Module]] = {}
        self._facts: Dict[str, Optional[TypeFact]] = {}
        #: the listed class each library class derives from (None: none, or not known)
        self._roots: Dict[str, Optional[Tuple[TypeFact, str]]] = {}
        self._located: Dict[str, Optional[Tuple[_Module, ast.ClassDef]]] = {}
        self.files_read = 0
        #: every library file read: path -> (modification time in ns, size)
        self.read: Dict[str, Tuple[int, int]] = {}

    def resolve(self, qualname: str) -> Optional[TypeFact]:
        if qualname not in self._facts:
            found = self._listed(qualname, 0) if self._readable(qualname) else None
            self._facts[qualname] = found and replace(
                found[0], names=(qualname,), label=f"{found[0].label} `{qualname.rpartition('.')[2]}`",
                source=f"`{qualname}` derives from `{found[1]}` (read from the installed source). "
                       + found[0].source)
        return self._facts[qualname]

    def _readable(self, qualname: str) -> bool:
        """Is ``qualname`` in an installed package other than the project's own?"""
        top = qualname.partition(".")[0]
        return top not in self.project and self.installed.has_package(top)

    def _listed(self, qualname: str, depth: int) -> Optional[Tuple[TypeFact, str]]:
        """The listed NotSend/NotSync class (its fact, and the name the library's bases reach it
        by) that the library class ``qualname`` derives from; each class followed once a run."""
        if qualname in self._roots:
            return self._roots[qualname]
        if depth > MAX_DEPTH:
            return None  # not kept: a shallower lookup may still get there
        self._roots[qualname] = None  # in progress: a cycle in the bases finds nothing
        found: Optional[Tuple[TypeFact, str]] = None
        located = self._locate(qualname, depth)
        if located is None:
            return None
        mod, cls = located
        for base in cls.bases:
            spelled = _dotted(base.value if isinstance(base, ast.Subscript) else base)
            if not spelled:
                continue
            ref = mod.qualify(spelled, cls.name)
            fact = self.known(ref)
            if fact is not None:
                found = (fact, ref) if fact.not_send or fact.not_sync else None
            elif self._readable(ref):
                found = self._listed(ref, depth + 1)
            if found is not None:
                break
        self._roots[qualname] = found
        return found

    def _locate(self, qualname: str, depth: int) -> Optional[Tuple[_Module, ast.ClassDef]]:
        """The module and class statement ``qualname`` names, through re-exports (each name
        looked up once a run: star imports that import each other end)."""
        if qualname in self._located:
            return self._located[qualname]
        self._located[qualname] = None  # in progress: a cycle finds nothing
        found = self._locate_once(qualname, depth)
        self._located[qualname] = found
        return found

    def _locate_once(self, qualname: str, depth: int) -> Optional[Tuple[_Module, ast.ClassDef]]:
        parts = qualname.split(".")
        for i in range(len(parts) - 1, 0, -1):
            mod = self._module(".".join(parts[:i]))
            if mod is None:
                continue
            name, rest = parts[i], parts[i + 1:]
            if rest:
                return None  # a nested class: not followed
            if name in mod.classes:
                return mod, mod.classes[name]
            if depth > MAX_DEPTH:
                return None
            target = mod.imports.get(name)
            if target is not None and target != qualname:
                return self._locate(target, depth + 1)
            for star in mod.stars:
                found = self._locate(f"{star}.{name}", depth + 1)
                if found is not None:
                    return found
            return None
        return None

    def _module(self, name: str) -> Optional[_Module]:
        if name in self._modules:
            return self._modules[name]
        self._modules[name] = None
        path = self.installed.file(name)
        if path is None or self.files_read >= MAX_FILES:
            return None
        self.files_read += 1
        try:
            stat = path.stat()
            self.read[str(path)] = (stat.st_mtime_ns, stat.st_size)
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except (OSError, SyntaxError, ValueError, RecursionError):
            return None
        mod = self._modules[name] = _Module(name, path.stem == "__init__", tree)
        return mod


#: the standard library's top-level modules (3.10+; before, the built-in ones at least)
STDLIB: FrozenSet[str] = frozenset(getattr(sys, "stdlib_module_names", sys.builtin_module_names))


def _top_level(body: Iterable[ast.stmt]) -> Iterable[ast.stmt]:
    """The statements that run at import time: inside ``if``, ``try`` and ``with`` too."""
    for stmt in body:
        if isinstance(stmt, ast.If):
            yield from _top_level(stmt.body)
            yield from _top_level(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            yield from _top_level(stmt.body)
            for handler in stmt.handlers:
                yield from _top_level(handler.body)
            yield from _top_level(stmt.orelse)
            yield from _top_level(stmt.finalbody)
        elif isinstance(stmt, ast.With):
            yield from _top_level(stmt.body)
        else:
            yield stmt


def _absolute(package: str, module: Optional[str], level: int) -> Optional[str]:
    if not level:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[:len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base) or None


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def site_dirs(root: Optional[str], environ: Dict[str, str], fallback: Sequence[str],
              configured: Optional[str] = None) -> List[str]:
    """Where the checked environment's packages are: the configured one (``environment``: a
    virtual environment or a site directory), else the project's own ``.venv`` or ``venv``,
    else the active virtual environment (``VIRTUAL_ENV``), else ``fallback`` (the running
    interpreter's site directories). The project's comes before the active one: a pre-commit
    hook runs with the hook's environment active."""
    if configured:
        if os.path.isfile(os.path.join(configured, "pyvenv.cfg")):
            return _venv_sites(configured)
        return [configured] if os.path.isdir(configured) else []
    candidates: List[str] = []
    if root:
        candidates += [os.path.join(root, name) for name in (".venv", "venv")]
    if environ.get("VIRTUAL_ENV"):
        candidates.append(environ["VIRTUAL_ENV"])
    for env in candidates:
        if os.path.isfile(os.path.join(env, "pyvenv.cfg")):
            found = _venv_sites(env)
            if found:
                return found
    return [d for d in fallback if os.path.isdir(d)]


def _venv_sites(env: str) -> List[str]:
    found = sorted(str(p) for p in Path(env).glob("lib/python*/site-packages"))
    return found + [str(p) for p in (Path(env) / "Lib" / "site-packages",) if p.is_dir()]


__all__ = ["Installed", "InstalledTypes", "MAX_FILES", "site_dirs"]
