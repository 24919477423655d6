"""Run the analysis over a project and turn what it finds into diagnostics.

parse every file -> index the project -> for each module: find spawn sites, what crosses each,
when the spawner waits -> classify each crossing into a rule -> Diagnostic.
"""
from __future__ import annotations

import traceback
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple, Type

import libcst as cst

from ..diagnostics import Diagnostic, Note
from ..rules import REGISTRY, Rule
from . import Source
from .boundaries import Spawn, find_spawns, get_arg
from .crossings import Crossing, CrossingFinder, Reach, _params
from .evaluate import MARKERS, Evaluator, own_nodes
from .flow import END, Window, in_loop, window
from .project import ModuleInfo, Project
from .values import Trait, Value

BRIDGE_METHODS = {"call_soon_threadsafe", "is_running", "is_closed", "time"}
BRIDGE_CALLS = {"asyncio.run_coroutine_threadsafe", "asyncio.tasks.run_coroutine_threadsafe"}


def check_project(sources: Sequence[Source], verbose: bool = False) -> List[Diagnostic]:
    out: List[Diagnostic] = []
    project = Project()
    infos: List[ModuleInfo] = []
    for source in sources:
        info = _load(source, out, verbose)
        if info is not None:
            project.add(info)
            infos.append(info)
    ev = Evaluator(project)
    for info in infos:
        try:
            out.extend(ModuleChecker(info, ev).run())
        except RecursionError:
            out.append(_tool(info.path, 1, 1, "SSC998", "nesting too deep for the analysis (recursion limit)"))
        except Exception as exc:  # one file's failure must not lose the others' findings
            reason = f"{type(exc).__name__}: {exc}"
            if verbose:
                reason += "\n" + traceback.format_exc()
            out.append(_tool(info.path, 1, 1, "SSC998", reason))
    seen: Set[Tuple[str, int, int, str]] = set()
    unique = []
    for d in out:
        key = (d.path, d.line, d.col, d.code)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def _tool(path: str, line: int, col: int, code: str, reason: str) -> Diagnostic:
    return Diagnostic(path, line, col, code, REGISTRY[code].render(reason=reason))


def _load(source: Source, out: List[Diagnostic], verbose: bool) -> Optional[ModuleInfo]:
    try:
        tree = cst.parse_module(source.data)
    except cst.ParserSyntaxError as exc:
        out.append(_tool(source.path, max(exc.raw_line, 1), exc.raw_column + 1, "SSC999",
                         f"syntax error: {exc.message}"))
        return None
    except RecursionError:
        out.append(_tool(source.path, 1, 1, "SSC999", "syntax error: nesting too deep for the parser"))
        return None
    except (UnicodeError, LookupError, SyntaxError, ValueError) as exc:
        out.append(_tool(source.path, 1, 1, "SSC999", f"cannot decode file: {exc}"))
        return None
    try:
        return ModuleInfo(source, tree)
    except RecursionError:
        out.append(_tool(source.path, 1, 1, "SSC998", "nesting too deep for the analysis (recursion limit)"))
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}" + ("\n" + traceback.format_exc() if verbose else "")
        out.append(_tool(source.path, 1, 1, "SSC998", reason))
    return None


class ModuleChecker:
    def __init__(self, info: ModuleInfo, ev: Evaluator) -> None:
        self.info = info
        self.ev = ev
        self.finder = CrossingFinder(ev)
        self.out: List[Diagnostic] = []
        self._uses: Dict[object, List[Tuple[Tuple[int, int], cst.Name]]] = {}

    # ------------------------------------------------------------------ reporting
    def report(self, rule: str, mod: ModuleInfo, node: cst.CSTNode, notes: Tuple[Note, ...] = (),
               **args: object) -> None:
        line, col = mod.pos(node)
        cls: Type[Rule] = REGISTRY[rule]
        self.out.append(Diagnostic(mod.path, line, col, rule, cls.render(**args), notes=notes,
                                   help=cls.HELP or None))

    def desc(self, trait: Trait, kind: str, here: ModuleInfo) -> str:
        return trait.describe(kind, here.path)

    # ------------------------------------------------------------------ driver
    def run(self) -> List[Diagnostic]:
        info = self.info
        spawns = list(find_spawns(info, self.ev))
        crossing_nodes: Dict[cst.CSTNode, Tuple[Spawn, Crossing]] = {}
        reaches: List[Tuple[Spawn, Reach]] = []
        for spawn in spawns:
            reach = self.finder.spawn_reach(spawn)
            reaches.append((spawn, reach))
            for c in reach.crossings:
                if c.route in ("argument", "self", "capture") and c.mod is info:
                    crossing_nodes.setdefault(c.node, (spawn, c))
        handed_again: Set[cst.CSTNode] = set()
        for spawn, reach in reaches:
            self.spawn(spawn, reach, crossing_nodes, handed_again)
        for ci in info.classes.values():
            if self.ev.class_traits(ci.qualname).thread:
                self.thread_class(ci)
        self.markers()
        return self.out

    # ------------------------------------------------------------------ one spawn site
    def spawn(self, spawn: Spawn, reach: Reach, crossing_nodes, handed_again: Set[cst.CSTNode]) -> None:
        info = self.info
        target = reach.target or "the callable"
        spawn_at = f"line {spawn.line}"
        loop = in_loop(info, spawn.call, spawn.spawner)
        win = window(spawn, self.ev)
        for c in reach.crossings:
            v = c.value
            here = c.mod
            spawn_where = spawn_at if c.mod is info else f"{info.path}:{spawn.line}"
            if v.not_send:
                desc = self.desc(v.not_send, "NotSend", here)
                if c.route == "capture":
                    self.report("SSC101", here, c.node, name=c.name, desc=desc, target=c.target or target,
                                boundary=spawn.label, via=_via(c))
                elif c.route == "argument":
                    note = f" of {target}" if target not in ("the callable",) and c.how == "an argument" else ""
                    self.report("SSC102", here, c.node, name=c.name, desc=desc, boundary=spawn.label,
                                how=c.how, target_note=note)
                elif c.route == "self":
                    self.report("SSC103", here, c.node, name=c.name, desc=desc, how=c.how,
                                boundary=spawn.label)
                elif c.route == "global":
                    self.report("SSC104", here, c.node, name=c.name, desc=desc, target=c.target or target,
                                via=_via(c), boundary=spawn.label, spawn_at=spawn_where)
                elif c.route == "default":
                    self.report("SSC105", here, c.node, name=_short(here, c.node), desc=desc, how=c.how,
                                target=c.target or target, boundary=spawn.label, spawn_at=spawn_where)
                continue
            if not v.not_sync:
                continue
            desc = self.desc(v.not_sync, "NotSync", here)
            if v.running_loop:
                use = self.loop_misuse(spawn, c)
                if use is not None:
                    self.report("SSC205", here, c.node, name=c.name, desc=desc, target=c.target or target,
                                use=use)
                continue
            if c.route == "global":
                self.report("SSC203", here, c.node, name=c.name, desc=desc, target=c.target or target,
                            via=_via(c), boundary=spawn.label, spawn_at=spawn_where)
                continue
            if c.node in handed_again:
                continue
            many = self.many(spawn, c, loop, target)
            if many:
                self.report("SSC201", here, c.node, name=c.name, desc=desc, detail=many)
                continue
            if win is None or c.route == "default" or not c.bindings:
                continue
            use = self.first_use(spawn, c, win)
            if use is None:
                continue
            other = crossing_nodes.get(use)
            if other is not None and other[0] is not spawn:
                handed_again.add(use)
                other_c = other[1]
                self.report("SSC201", info, use, name=other_c.name, desc=desc,
                            detail=f"it is handed to a second task at line {info.line(use)} while the "
                                   f"task from line {spawn.line} may still run")
            else:
                self.report("SSC202", here, c.node, name=c.name, desc=desc, use=info.line(use),
                            start=win.start_line)
        for r in reach.rebindings:
            if r.locked:
                continue
            why = self.many_reason(spawn, loop)
            if why:
                self.report("SSC204", r.mod, r.node, name=r.name, kind=r.kind, target=r.function, why=why)

    def many_reason(self, spawn: Spawn, loop: Optional[cst.CSTNode]) -> str:
        if spawn.boundary.role == "initializer":
            return f"the initializer of {spawn.label} at line {spawn.line} runs on every worker"
        if spawn.boundary.many:
            return f"{spawn.label} at line {spawn.line} runs one task per element"
        if loop is not None:
            return f"{spawn.label} at line {spawn.line} starts one per iteration"
        return ""

    def many(self, spawn: Spawn, c: Crossing, loop: Optional[cst.CSTNode], target: str) -> str:
        if spawn.boundary.role == "initializer":
            return f"{c.target or target} is the initializer of {spawn.label} at line {spawn.line}, run on every worker"
        if spawn.boundary.many:
            return f"{c.target or target} runs on several workers at once ({spawn.label} at line {spawn.line})"
        if loop is not None:
            inside = any(self._bound_inside(b, loop) for b in c.bindings)
            if not inside:
                return f"{spawn.label} at line {spawn.line} is inside a loop and hands it to every thread it starts"
        return ""

    def _bound_inside(self, assignment: object, loop: cst.CSTNode) -> bool:
        node = getattr(assignment, "node", None)
        if node is None or node not in self.info.parents:
            return False
        return any(a is loop for a in self.info.ancestors(node))

    # ------------------------------------------------------------------ flow: uses in the window
    def first_use(self, spawn: Spawn, c: Crossing, win: Window) -> Optional[cst.Name]:
        info = self.info
        root = spawn.spawner if spawn.spawner is not None else info.tree
        uses = self._uses.get(root)
        if uses is None:
            uses = []
            stack: List[cst.CSTNode] = [root.body if spawn.spawner is not None else root]
            while stack:
                node = stack.pop()
                if isinstance(node, cst.Name) and node in info.accesses:
                    uses.append((info.pos(node), node))
                stack.extend(node.children)
            uses.sort(key=lambda u: u[0])
            self._uses[root] = uses
        excluded = self._excluded(spawn)
        for pos, node in uses:
            if pos <= win.start and not self._inside(node, spawn.call):
                continue
            if pos >= win.end:
                break
            if node is c.node or self._inside_any(node, excluded):
                continue
            if pos <= win.start:
                continue
            access = info.accesses.get(node)
            if access is not None and set(access.referents) & set(c.bindings):
                return node
        return None

    def _excluded(self, spawn: Spawn) -> List[cst.CSTNode]:
        out: List[cst.CSTNode] = [spawn.call]
        func = spawn.func
        if isinstance(func, cst.Name):
            v = self.ev.value(self.info, func)
            fn = self.ev.project.function(v.ref) if v.ref else None
            if fn is not None and fn.module is self.info:
                out.append(fn.node)
        return out

    def _inside(self, node: cst.CSTNode, container: cst.CSTNode) -> bool:
        return any(a is container for a in self.info.ancestors(node))

    def _inside_any(self, node: cst.CSTNode, containers: List[cst.CSTNode]) -> bool:
        return any(a in containers for a in self.info.ancestors(node)) or node in containers

    # ------------------------------------------------------------------ running loops
    def loop_misuse(self, spawn: Spawn, c: Crossing) -> Optional[int]:
        """The first line where the other thread uses the loop other than through a bridge."""
        uses: List[Tuple[ModuleInfo, cst.Name]] = []
        if c.route in ("capture", "global"):
            uses = [(c.mod, c.node)] if isinstance(c.node, cst.Name) else []
            if c.route == "capture":
                fn = c.mod.enclosing_function(c.node)
                if fn is not None:
                    uses = [(c.mod, n) for n in _names_in(fn) if n.value == c.name]
        elif c.route == "argument":
            param = self._param_for(spawn, c)
            if param is None:
                return None
            mod, fnode, pname = param
            uses = [(mod, n) for n in _names_in(fnode) if n.value == pname]
        for mod, name in sorted(uses, key=lambda u: u[0].pos(u[1])):
            if not self._bridge_use(mod, name):
                return mod.line(name)
        return None

    def _param_for(self, spawn: Spawn, c: Crossing):
        func = spawn.func
        if func is None:
            return None
        v = self.ev.value(self.info, func)
        fn = self.ev.project.function(v.ref) if v.ref else None
        if fn is None:
            return None
        params = [p.name.value for p in _params(fn.node)]
        if c.how.startswith("keyword argument `"):
            name = c.how.split("`")[1]
            return (fn.module, fn.node, name) if name in params else None
        index = 0
        for expr, how in spawn.args:
            if expr is c.node:
                break
            index += 1
        if fn.cls is not None and isinstance(func, cst.Attribute):
            index += 1
        return (fn.module, fn.node, params[index]) if index < len(params) else None

    def _bridge_use(self, mod: ModuleInfo, name: cst.Name) -> bool:
        parent = mod.parent(name)
        if isinstance(parent, cst.Attribute) and parent.value is name:
            return parent.attr.value in BRIDGE_METHODS
        if isinstance(parent, cst.Arg):
            call = mod.parent(parent)
            if isinstance(call, cst.Call):
                ref = self.ev.value(mod, call.func).ref
                return ref in BRIDGE_CALLS
        return False

    # ------------------------------------------------------------------ Thread subclasses
    def thread_class(self, ci) -> None:
        reach = self.finder.thread_class_reach(ci)
        for c in reach.crossings:
            v = c.value
            if c.route == "field" and v.not_send:
                self.report("SSC106", c.mod, c.node, name=c.name, desc=self.desc(v.not_send, "NotSend", c.mod),
                            how=c.how, field_line=c.field_line, target=c.target)
            elif c.route == "global" and v.not_send:
                self.report("SSC104", c.mod, c.node, name=c.name, desc=self.desc(v.not_send, "NotSend", c.mod),
                            target=c.target, via=_via(c), boundary="threading.Thread",
                            spawn_at=f"`{ci.name}.start()`")
            elif c.route == "global" and v.not_sync and not v.running_loop:
                self.report("SSC203", c.mod, c.node, name=c.name, desc=self.desc(v.not_sync, "NotSync", c.mod),
                            target=c.target, via=_via(c), boundary="threading.Thread",
                            spawn_at=f"`{ci.name}.start()`")

    # ------------------------------------------------------------------ SSC3xx
    def markers(self) -> None:
        info, ev = self.info, self.ev
        for ci in info.classes.values():
            found: Dict[str, cst.CSTNode] = {}
            for base in ci.node.bases:
                ref = ev.value(info, base.value).ref
                marker = MARKERS.get(ref or "")
                if marker:
                    found.setdefault(marker, base)
            for a, b in (("Send", "NotSend"), ("Sync", "NotSync")):
                if a in found and b in found:
                    self.report("SSC301", info, found[b], what=ci.name, first=a, second=b)
            traits = ev.class_traits(ci.qualname)
            for marker, kind in (("Send", "not_send"), ("Sync", "not_sync")):
                if marker in traits.asserted and marker not in found:
                    self._unrestated(ci, marker, kind)
        for node in _all(info.tree):
            if isinstance(node, cst.Subscript):
                ref = ev.value(info, node.value).ref or ""
                marker = MARKERS.get(ref)
                if marker and len(node.slice) != 1:
                    self.report("SSC303", info, node, code=_short(info, node),
                                problem=f"{marker}[...] takes exactly one type")
            elif isinstance(node, cst.Call):
                ref = ev.value(info, node.func).ref or ""
                if ref in MARKERS:
                    self.report("SSC303", info, node, code=_short(info, node),
                                problem="markers are not instantiated; mark a class by its bases or a declaration by its annotation")
            elif isinstance(node, cst.Annotation):
                ref = ev.value(info, node.annotation).ref or "" if isinstance(node.annotation, (cst.Name, cst.Attribute)) else ""
                if ref in MARKERS:
                    self.report("SSC303", info, node.annotation, code=_short(info, node.annotation),
                                problem=f"a bare marker annotation says nothing about the type; write {MARKERS[ref]}[T]")

    def _unrestated(self, ci, marker: str, kind: str) -> None:
        ev = self.ev
        base_name = ""
        for q in ev.base_names(ci):
            b = ev.project.cls(q)
            if b is not None and marker in ev.class_traits(q).asserted:
                base_name = b.name
                break
        for fname, places in ev.fields(ci).items():
            for f in places:
                if f.method is None or f.method.cls is not ci:
                    continue
                v = ev.field_value(f)
                trait = getattr(v, kind)
                if trait is not None:
                    label = "NotSend" if kind == "not_send" else "NotSync"
                    self.report("SSC302", f.method.module, f.target, owner=ci.name, marker=marker, base=base_name,
                                field=fname, desc=trait.describe(label, f.method.module.path))
                    return


def _via(c: Crossing) -> str:
    return f" (read in {c.via})" if c.via else ""


def _short(mod: ModuleInfo, node: cst.CSTNode) -> str:
    code = mod.code(node).strip()
    return code if len(code) <= 40 else code[:37] + "..."


def _names_in(fnode) -> Iterator[cst.Name]:
    stack: List[cst.CSTNode] = [fnode.body]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            yield node
        stack.extend(node.children)


def _all(tree: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack: List[cst.CSTNode] = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)
