"""What of a chosen module the deep pass needs to parse: the rest is blanked before libcst sees it.

A module is chosen because some of its code hands work to a thread; in a large module (a test
module with a hundred tests, one of which starts a thread) most function bodies cannot matter
to that. libcst's tree and scopes cost ~500 bytes of memory per byte of source and most of the
deep pass's time, so the bodies that cannot matter are replaced by ``pass`` and blank lines
before parsing: every kept line keeps its number and its columns, every definition keeps its
name, signature and decorators (the module's names and scopes are unchanged), and only code
the analysis cannot reach from a boundary is gone.

A body is kept when it is a *seed* or when kept code may lead to it, by name, to a fixpoint:

- seeds: a function whose code names a boundary (as the light pass decides, for its own body)
  or a possible Thread subclass or marked class; every method of such a class;
- a function or method whose name kept code uses (as a name, an attribute, an imported name or
  an identifier-like string: ``getattr(self, "worker")``);
- a function that stores, or declares ``global`` and assigns, a name or attribute kept code
  uses (``self.conn = ...`` in a method another kept method reads ``self.conn`` from);
- in a class that is used or has a kept method: its dunder methods (called implicitly) and
  every method that stores an attribute of its first parameter (what the class holds decides
  whether it is Send).

Code outside function bodies (module and class statements, decorators, signatures) is always
kept and is where the fixpoint starts. Bodies of one line (``def f(): return 1``) are kept.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Set

from .light import Spotter, base_name

#: modules smaller than this are parsed whole: blanking saves little there
MIN_BYTES = 8 * 1024


@dataclass
class _Unit:
    node: ast.AST  # a FunctionDef or AsyncFunctionDef
    defines: Set[str]  # its name, the names and attributes its body stores
    idents: Set[str]  # every identifier its body uses
    seed: bool
    owner: Optional["_Class"] = None
    stores_self: bool = False  # stores an attribute of its first parameter
    kept: bool = False


@dataclass
class _Class:
    name: str
    units: List[_Unit] = field(default_factory=list)
    live: bool = False


def pruned(data: bytes, spotter: Spotter, threadish: Set[str], marked: Set[str],
           min_bytes: int = MIN_BYTES) -> bytes:
    """``data`` with the function bodies the analysis cannot reach blanked (or ``data`` itself)."""
    if len(data) < min_bytes or b"sendsync" in data:
        return data
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return data
    units: List[_Unit] = []
    classes: List[_Class] = []
    try:
        return _blanked(data, tree, spotter, threadish | marked, units, classes)
    except RecursionError:  # statements nested past the limit: parse it whole
        return data
    finally:  # units and classes refer to each other, and to the syntax tree: let it go now
        for cls in classes:
            cls.units.clear()
        units.clear()


def _blanked(data: bytes, tree: ast.Module, spotter: Spotter, roots: Set[str],
             units: List[_Unit], classes: List[_Class]) -> bytes:
    lines = data.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    outside: Set[str] = set()  # identifiers of code outside any unit's body

    def text(body: List[ast.stmt]) -> bytes:
        """The whole lines a body spans (ast's columns count UTF-8 bytes, not the file's)."""
        return data[offsets[_start(body[0]) - 1]:offsets[body[-1].end_lineno]]  # type: ignore[index]

    def unit(fn: ast.AST, owner: Optional[_Class]) -> None:
        body = fn.body  # type: ignore[attr-defined]
        idents: Set[str] = set()
        defines: Set[str] = {fn.name}  # type: ignore[attr-defined]
        first = _first_param(fn)
        stores_self = False
        for stmt in body:
            for node in ast.walk(stmt):
                _collect(node, idents)
                if isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)) \
                        and isinstance(node.value, ast.Name) and node.value.id == first:
                    defines.add(node.attr)
                    stores_self = True
                elif isinstance(node, ast.Global):
                    defines.update(node.names)
        header_outside(fn)
        seed = bool(idents & roots) or spotter.spawns(text(body), ast.Module(body, []))
        u = _Unit(fn, defines, idents, seed, owner, stores_self)
        if _start(body[0]) <= _header_end(fn):  # a one-line body: nothing to blank
            u.seed = True
        units.append(u)
        if owner is not None:
            owner.units.append(u)

    def header_outside(node: ast.AST) -> None:
        for part in _header_parts(node):
            for sub in ast.walk(part):
                _collect(sub, outside)

    def statements(body: Iterable[ast.stmt], owner: Optional[_Class]) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                unit(stmt, owner)
            elif isinstance(stmt, ast.ClassDef) and owner is None:
                cls = _Class(stmt.name)
                classes.append(cls)
                header_outside(stmt)
                if any(base_name(b) in roots for b in stmt.bases):
                    cls.live = True
                    statements(stmt.body, cls)
                    for u in cls.units:
                        u.seed = True
                else:
                    statements(stmt.body, cls)
            elif isinstance(stmt, (ast.If, ast.Try, ast.For, ast.While, ast.With)) or \
                    type(stmt).__name__ == "TryStar":
                header_outside_compound(stmt)
                for name in ("body", "orelse", "finalbody"):
                    statements(getattr(stmt, name, None) or (), owner)
                for handler in getattr(stmt, "handlers", None) or ():
                    if handler.type is not None:
                        for sub in ast.walk(handler.type):
                            _collect(sub, outside)
                    if handler.name:
                        outside.add(handler.name)
                    statements(handler.body, owner)
            else:
                for sub in ast.walk(stmt):
                    _collect(sub, outside)

    def header_outside_compound(stmt: ast.stmt) -> None:
        for name in ("test", "target", "iter"):
            part = getattr(stmt, name, None)
            if part is not None:
                for sub in ast.walk(part):
                    _collect(sub, outside)
        for item in getattr(stmt, "items", None) or ():
            for sub in ast.walk(item):
                _collect(sub, outside)

    statements(tree.body, None)
    statements = None  # type: ignore[assignment]  # it refers to itself: no cycle left behind
    used = set(outside)
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if not cls.live and (cls.name in used or any(u.kept for u in cls.units)):
                cls.live = True
                changed = True
        for u in units:
            if u.kept:
                continue
            owner = u.owner
            implicit = owner is not None and owner.live and (_dunder(u.node.name) or u.stores_self)  # type: ignore[attr-defined]
            if u.seed or implicit or u.defines & used:
                u.kept = True
                used |= u.idents
                changed = True
    blank = [u.node for u in units if not u.kept]
    if not blank:
        return data
    out = list(lines)
    for fn in blank:
        body = fn.body  # type: ignore[attr-defined]
        first, last = _start(body[0]), body[-1].end_lineno
        indent = lines[first - 1][:body[0].col_offset]
        out[first - 1] = indent + b"pass" + _ending(lines[first - 1])
        for i in range(first, last):
            out[i] = _ending(lines[i])
    return b"".join(out)


def _collect(node: ast.AST, into: Set[str]) -> None:
    if isinstance(node, ast.Name):
        into.add(node.id)
    elif isinstance(node, ast.Attribute):
        into.add(node.attr)
    elif isinstance(node, ast.alias):
        into.update(node.name.split("."))
        if node.asname:
            into.add(node.asname)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
        into.add(node.value)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        into.add(node.name)
    elif isinstance(node, ast.keyword) and node.arg:
        into.add(node.arg)


def _header_parts(node: ast.AST) -> List[ast.AST]:
    parts: List[ast.AST] = list(getattr(node, "decorator_list", ()))
    if isinstance(node, ast.ClassDef):
        parts += node.bases + node.keywords
    else:
        parts.append(node.args)  # type: ignore[attr-defined]
        if node.returns is not None:  # type: ignore[attr-defined]
            parts.append(node.returns)  # type: ignore[attr-defined]
    return parts


def _start(stmt: ast.stmt) -> int:
    """The first line of a statement, its decorators included."""
    return min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", ())])


def _header_end(fn: ast.AST) -> int:
    """The last line of a def's header (decorators, signature, return annotation)."""
    end = fn.lineno  # type: ignore[attr-defined]
    for part in _header_parts(fn):
        end = max(end, getattr(part, "end_lineno", None) or end)
    return end


def _first_param(fn: ast.AST) -> Optional[str]:
    args = fn.args  # type: ignore[attr-defined]
    params = list(getattr(args, "posonlyargs", [])) + list(args.args)
    return params[0].arg if params else None


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _ending(line: bytes) -> bytes:
    if line.endswith(b"\r\n"):
        return b"\r\n"
    if line.endswith(b"\n") or line.endswith(b"\r"):
        return line[-1:]
    return b""
