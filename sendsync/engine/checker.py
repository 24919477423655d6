"""Run the analysis over a project and turn what it finds into diagnostics.

parse every file -> index the project -> for each module: find spawn sites, what crosses each,
when the spawner waits -> classify each crossing into a rule -> Diagnostic.
"""
from __future__ import annotations

import traceback
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Type

import libcst as cst

from ..diagnostics import Diagnostic, Note
from ..knowledge import DEFAULT, Knowledge
from ..rules import REGISTRY, Rule
from . import Source
from .boundaries import Spawn, find_spawns
from .crossings import Crossing, CrossingFinder, Reach, _params
from .evaluate import MARKERS, Evaluator
from .flow import END, Window, in_loop, lock_keys, window
from .light import Light, interesting, light, marked_names, spawn_pattern, unique_modules
from .results import Analysis, dedupe, tool_finding
from .project import ModuleInfo, Project, children
from .prune import pruned
from .values import Trait, Value

#: what code on another thread may do with a NotSync value without touching its state: hand it to
#: a thread-safe bridge, or read what is safe to read from anywhere
BRIDGE_METHODS = {"call_soon_threadsafe", "is_running", "is_closed", "time", "get_debug",
                  # a future's status: one attribute load (asyncio and concurrent.futures)
                  "done", "cancelled"}
BRIDGE_CALLS = {"asyncio.run_coroutine_threadsafe", "asyncio.tasks.run_coroutine_threadsafe"}
HARMLESS_CALLS = {"builtins.print", "builtins.repr", "builtins.str", "builtins.id", "builtins.format"}
LOGGING_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}


#: how much parsed source (bytes) a deep pass keeps between modules: a libcst tree with its
#: scopes costs ~150 bytes of memory per byte of source, and a worker would otherwise keep every
#: module the analysis has read until the end of the run
HOLD_BYTES = 2_000_000


def check_project(sources: Sequence[Source], knowledge: Knowledge = DEFAULT, strictness: str = "targeted",
                  verbose: bool = False) -> List[Diagnostic]:
    return analyse(sources, knowledge, strictness, verbose).diagnostics


def analyse(sources: Sequence[Source], knowledge: Knowledge = DEFAULT, strictness: str = "targeted",
            verbose: bool = False, *, fast: bool = True, lights: Optional[Dict[str, Light]] = None,
            only: Optional[Set[str]] = None) -> Analysis:
    """The light pass over every source, the deep pass over the interesting ones.

    ``fast=False`` deep-checks every module (to show the light pass loses nothing);
    ``lights`` are light-pass results the caller kept (by path); ``only`` restricts the
    findings to these paths (a worker's share, or what a cache could not answer).
    """
    deep = DeepPass(sources, knowledge, strictness, verbose, lights=lights, fast=fast)
    out: List[Diagnostic] = []
    for s in sources:
        err = deep.lights[s.path].error
        if err is not None and (only is None or s.path in only):
            out.append(tool_finding(s.path, err[0], err[1], "SSC999", err[2]))
    result = Analysis([])
    for source in deep.chosen:
        if only is None or source.path in only:
            found = deep.check(source)
            out.extend(found)
            result.checked.append(source.path)
            result.by_module[source.path] = found
            result.deps[source.path] = deep.loaded()
    result.diagnostics = dedupe(out)
    result.loaded = deep.loaded()
    return result


class DeepPass:
    """One project and one evaluator, for checking any number of its modules."""

    def __init__(self, sources: Sequence[Source], knowledge: Knowledge = DEFAULT, strictness: str = "targeted",
                 verbose: bool = False, *, lights: Optional[Dict[str, Light]] = None, fast: bool = True,
                 hold: int = HOLD_BYTES) -> None:
        spotter = spawn_pattern(knowledge)
        self.lights = dict(lights or {})
        for s in sources:
            if s.path not in self.lights:
                self.lights[s.path] = light(s, spotter)
        unique = unique_modules(sources)
        valid = [s for s in unique if self.lights[s.path].error is None]
        self.chosen, self.threadish = interesting(valid, self.lights)
        if not fast:
            self.chosen = valid
        self.by_path = {s.path: s for s in unique}
        #: names of classes that may derive from a marker, by spelling (empty: no markers in use)
        self.marked = marked_names(self.lights[s.path] for s in valid)
        chosen_modules = {s.module for s in self.chosen}
        threadish, marked = self.threadish, self.marked

        kept: Dict[str, bytes] = {}  # a module let go and parsed again is not pruned again

        def shape(source: Source) -> bytes:  # the full analysis (fast=False) parses everything whole
            if not fast or source.module not in chosen_modules:
                return source.data
            text = kept.get(source.module)
            if text is None:
                text = kept[source.module] = pruned(source.data, spotter, threadish, marked)
            return text

        self.project = Project(valid, shape)
        self.ev = Evaluator(self.project, knowledge, strictness)
        self.knowledge, self.strictness, self.verbose = knowledge, strictness, verbose
        self.hold = hold

    def loaded(self) -> List[str]:
        """Every module parsed so far (what the findings so far may depend on)."""
        return sorted(self.project.ever)

    def check(self, source: Source) -> List[Diagnostic]:
        self.project.epoch += 1
        try:
            return self._check(source)
        finally:
            if self.project.held > self.hold:
                self._let_go()

    def _let_go(self) -> None:
        """Bring the parsed source held under three quarters of ``hold``, letting go first of the modules
        the fewest checks have read (a test module is read by its own check; ``threading`` by
        most), the least recently used among equals. The evaluator forgets what refers to
        their nodes, and each breaks its own reference cycles: their memory comes back at once,
        without a run of the cyclic collector (off in the deep pass) over all that is held."""
        project = self.project
        order = sorted(project.modules.values(), key=lambda m: (project.uses.get(m.name, 0), m.used))
        gone = []
        for info in order:
            if project.held <= self.hold * 3 // 4:
                break
            project.let_go(info.name)
            gone.append(info)
        self.ev.forget(gone)
        for info in gone:
            info.release()

    def _check(self, source: Source) -> List[Diagnostic]:
        source = self.by_path.get(source.path, source)
        try:
            info = self.project.module(source.module)
            if info is None and source.module in self.project.too_deep:
                raise RecursionError("indexing the module")
            if info is None:
                line, col, why = self.project.broken.get(source.module, (1, 1, "unknown"))
                return [tool_finding(source.path, line, col, "SSC999",
                              f"libcst cannot parse this file, which this Python accepts ({why}); it was not checked")]
            return dedupe(ModuleChecker(info, self.ev).run(self.threadish, self.marked))
        except RecursionError:
            return [tool_finding(source.path, 1, 1, "SSC998", "nesting too deep for the analysis (recursion limit)")]
        except Exception as exc:  # one file's failure must not lose the others' findings
            reason = f"{type(exc).__name__}: {exc}"
            if self.verbose:
                reason += "\n" + traceback.format_exc()
            return [tool_finding(source.path, 1, 1, "SSC998", reason)]


class ModuleChecker:
    def __init__(self, info: ModuleInfo, ev: Evaluator) -> None:
        self.info = info
        self.ev = ev
        self.finder = CrossingFinder(ev)
        self.out: List[Diagnostic] = []
        self._uses: Dict[object, List[Tuple[Tuple[int, int], cst.Name]]] = {}
        self._windows: Dict[Spawn, Optional[Window]] = {}
        #: (trait, spawn) of the crossing being reported, for its notes
        self._context: Optional[Tuple[Optional[Trait], Optional[Spawn]]] = None

    def _indent(self, path: str, line: int) -> int:
        """The column where the code on ``line`` starts (a trait records lines, not columns)."""
        source = self.ev.project.sources.get(path)
        if source is not None:
            lines = source.data.splitlines()
            if 0 < line <= len(lines):
                text = lines[line - 1]
                return len(text) - len(text.lstrip()) + 1
        return 1

    def _notes(self, trait: Optional[Trait], spawn: Optional[Spawn]) -> Tuple[Note, ...]:
        notes = []
        while trait is not None:
            notes.append(Note(trait.path, trait.line, self._indent(trait.path, trait.line),
                              f"{trait.what}: {trait.render(trait.path)}"))
            trait = trait.inner
        if spawn is not None:
            line, col = spawn.mod.pos(spawn.call)
            notes.append(Note(spawn.mod.path, line, col, f"the work is handed to {spawn.label} here"))
        return tuple(notes)

    # ------------------------------------------------------------------ reporting
    def report(self, rule: str, mod: ModuleInfo, node: cst.CSTNode, notes: Tuple[Note, ...] = (),
               **args: object) -> None:
        line, col = mod.pos(node)
        if not notes and self._context is not None:
            notes = self._notes(*self._context)
        cls: Type[Rule] = REGISTRY[rule]
        self.out.append(Diagnostic(mod.path, line, col, rule, cls.render(**args), notes=notes,
                                   help=cls.HELP or None))

    def desc(self, trait: Trait, kind: str, here: ModuleInfo) -> str:
        return trait.describe(kind, here.path)

    # ------------------------------------------------------------------ driver
    def run(self, threadish: Set[str], marked: Set[str]) -> List[Diagnostic]:
        info = self.info
        data = info.source.data
        spawns = find_spawns(info, self.ev)
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
            if any(_last(b.value) in threadish for b in ci.node.bases):
                if self.ev.class_traits(ci.qualname).thread:
                    self.thread_class(ci)
        if spawns or any(name in data for name in (n.encode() for n in threadish)):
            self.fields_set_by_spawner()
        if marked:
            self._context = None
            self.markers(marked)
        return self.out

    # ------------------------------------------------------------------ one spawn site
    def spawn(self, spawn: Spawn, reach: Reach, crossing_nodes, handed_again: Set[cst.CSTNode]) -> None:
        info = self.info
        target = reach.target or "the callable"
        spawn_at = f"line {spawn.line}"
        loop = in_loop(info, spawn.call, spawn.spawner)
        win = self.window_of(spawn)
        for c in reach.crossings:
            v = c.value
            here = c.mod
            self._context = (v.not_send or v.not_sync, spawn)
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
            uses = self._target_uses(spawn, c)
            direct = None if uses is None else [u for u in uses if not self._bridge_use(*u)]
            if v.running_loop:
                if direct:
                    first = min(direct, key=lambda u: u[0].pos(u[1]))
                    self.report("SSC205", here, c.node, name=c.name, desc=desc, target=c.target or target,
                                use=first[0].line(first[1]))
                continue
            if direct == []:
                continue  # the other thread only hands it to a thread-safe bridge
            # the lock every access on the other thread holds, if there is one (Rust's Mutex<T>)
            guard = self._common_lock(direct) if direct else frozenset()
            if c.route == "global":
                if guard and self._global_guarded(c, guard):
                    continue
                self.report("SSC203", here, c.node, name=c.name, desc=desc, target=c.target or target,
                            via=_via(c), boundary=spawn.label, spawn_at=spawn_where)
                continue
            if c.node in handed_again:
                continue
            many = "" if guard else self.many(spawn, c, loop, target, win)
            if many:
                self.report("SSC201", here, c.node, name=c.name, desc=desc, detail=many)
                continue
            if win is None or c.route == "default" or not c.bindings:
                continue
            rival = self.overlapping_handoff(spawn, c, win, crossing_nodes, handed_again)
            if rival is not None:
                r_spawn, r_c = rival
                handed_again.add(r_c.node)
                self.report("SSC201", info, r_c.node, name=r_c.name, desc=desc,
                            detail=f"the thread started at line {self.window_of(r_spawn).start_line} gets it "
                                   f"while the one started at line {win.start_line} may still run")
                continue
            use = self.first_use(spawn, c, win, guard)
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
                note = ""
                if not guard and lock_keys(self.ev, info, use) and direct:
                    first = min(direct, key=lambda u: u[0].pos(u[1]))
                    note = f" (the thread's use at line {first[0].line(first[1])} holds no lock)"
                self.report("SSC202", here, c.node, name=c.name, desc=desc, use=info.line(use),
                            start=win.start_line, note=note)
        self._context = (None, spawn)
        for r in reach.rebindings:
            if r.locked:
                continue
            why = self.many_reason(spawn, loop)
            if why and self._self_per_iteration(spawn, loop, r.bindings):
                why = ""
            if why:
                why = f"which runs on several threads at once ({why})"
            elif win is not None and r.bindings:
                probe = Crossing("capture", r.name, Value(), r.mod, r.node, bindings=r.bindings)
                use = self.first_use(spawn, probe, win, reads_count=True)
                if use is not None:
                    why = (f"on the thread started at line {win.start_line} while this code still uses "
                           f"`{use.value}` at line {info.line(use)}")
            if why:
                self.report("SSC204", r.mod, r.node, name=r.name, kind=r.kind, target=r.function, why=why)

    def window_of(self, spawn: Spawn) -> Optional[Window]:
        if spawn not in self._windows:
            self._windows[spawn] = window(spawn, self.ev)
        return self._windows[spawn]

    def overlapping_handoff(self, spawn: Spawn, c: Crossing, win: Window, crossing_nodes,
                            handed_again: Set[cst.CSTNode]):
        """Another spawn handing over the same value whose thread starts while this one runs
        (both built first, then both started)."""
        for node, (other, oc) in crossing_nodes.items():
            if other is spawn or node in handed_again or not (oc.bindings & c.bindings):
                continue
            other_win = self.window_of(other)
            if other_win is None or self.info.pos(other.call) > win.start:
                continue  # handed over after this thread started: first_use sees it
            if win.start < other_win.start < win.end:
                return other, oc
        return None

    def many_reason(self, spawn: Spawn, loop: Optional[cst.CSTNode]) -> str:
        if spawn.boundary.role == "initializer":
            return f"the initializer of {spawn.label} at line {spawn.line} runs on every worker"
        if spawn.boundary.many:
            return f"{spawn.label} at line {spawn.line} runs one task per element"
        if loop is not None:
            return f"{spawn.label} at line {spawn.line} starts one per iteration"
        return ""

    def many(self, spawn: Spawn, c: Crossing, loop: Optional[cst.CSTNode], target: str,
             win: Optional[Window] = None) -> str:
        if spawn.boundary.role == "initializer":
            return f"{c.target or target} is the initializer of {spawn.label} at line {spawn.line}, run on every worker"
        if spawn.boundary.many:
            return f"{c.target or target} runs on several workers at once ({spawn.label} at line {spawn.line})"
        if loop is not None:
            inside = any(self._bound_inside(b, loop) for b in c.bindings)
            joined = win is not None and win.end != END and win.end <= self.info.end(loop)
            if not inside and not joined:
                return f"{spawn.label} at line {spawn.line} is inside a loop and hands it to every thread it starts"
        return ""

    def _self_per_iteration(self, spawn: Spawn, loop: Optional[cst.CSTNode], bindings) -> bool:
        """``for s in states: pool.submit(s.parse)``: each task's ``self`` is the object of its
        own iteration, so writes to ``self`` do not meet across the loop's threads."""
        if loop is None or spawn.boundary.many or spawn.boundary.role == "initializer":
            return False
        if not any(isinstance(b, tuple) and b and b[0] == "self" for b in bindings):
            return False
        func = spawn.func
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)):
            return False
        access = self.info.accesses.get(func.value)
        return bool(access and access.referents) and all(self._bound_inside(b, loop) for b in access.referents)

    def _bound_inside(self, assignment: object, loop: cst.CSTNode) -> bool:
        node = getattr(assignment, "node", None)
        if node is None or node not in self.info.parents:
            return False
        return any(a is loop for a in self.info.ancestors(node))

    # ------------------------------------------------------------------ flow: uses in the window
    def _common_lock(self, uses: List[Tuple[ModuleInfo, cst.Name]]) -> FrozenSet[object]:
        common: Optional[FrozenSet[object]] = None
        for mod, name in uses:
            keys = lock_keys(self.ev, mod, name)
            common = keys if common is None else common & keys
            if not common:
                return frozenset()
        return common or frozenset()

    def _global_guarded(self, c: Crossing, guard: FrozenSet[object]) -> bool:
        """Every use of the global, anywhere in its module, holds one of ``guard``'s locks."""
        for assignment in c.bindings:
            for access in getattr(assignment, "references", ()):
                home = self.ev.module_of_scope(access.scope) or c.mod
                if not (lock_keys(self.ev, home, access.node) & guard):
                    return False
        return True

    def first_use(self, spawn: Spawn, c: Crossing, win: Window,
                  guard: FrozenSet[object] = frozenset(), reads_count: bool = False) -> Optional[cst.Name]:
        """The spawner's first use of the value inside the window, outside the spawn itself,
        that is neither handed to a thread-safe bridge nor under the lock the thread holds."""
        info = self.info
        root = spawn.spawner
        excluded = self._excluded(spawn)
        uses = []
        for assignment in c.bindings:
            for access in getattr(assignment, "references", ()):
                node = access.node
                if node is c.node or node not in info.parents:
                    continue
                pos = info.pos(node)
                if not (win.start < pos < win.end):
                    continue
                if root is not None and not self._inside(node, root):
                    continue
                if self._inside_any(node, excluded) or (not reads_count and self._bridge_use(info, node)):
                    continue
                if guard and lock_keys(self.ev, info, node) & guard:
                    continue
                uses.append((pos, node))
        return min(uses, key=lambda u: u[0])[1] if uses else None

    def _excluded(self, spawn: Spawn) -> List[cst.CSTNode]:
        out: List[cst.CSTNode] = [spawn.call]
        func = spawn.func
        if isinstance(func, cst.Name):
            v = self.ev.value(self.info, func)
            fn = self.ev.project.function(v.ref) if v.ref else None
            if fn is not None and fn.module is self.info:
                out.append(fn.node)
        return out

    def _inside_mod(self, mod: ModuleInfo, node: cst.CSTNode, container: cst.CSTNode) -> bool:
        return node in mod.parents and any(a is container for a in mod.ancestors(node))

    def _inside(self, node: cst.CSTNode, container: cst.CSTNode) -> bool:
        return any(a is container for a in self.info.ancestors(node))

    def _inside_any(self, node: cst.CSTNode, containers: List[cst.CSTNode]) -> bool:
        return any(a in containers for a in self.info.ancestors(node)) or node in containers

    # ------------------------------------------------------------------ running loops
    def direct_use(self, spawn: Optional[Spawn], c: Crossing) -> Tuple[bool, Optional[int]]:
        """Whether we know how the other thread uses the value, and the first line where it uses
        it other than through a thread-safe bridge."""
        uses = self._target_uses(spawn, c)
        if uses is None:
            return False, None
        for mod, name in sorted(uses, key=lambda u: u[0].pos(u[1])):
            if not self._bridge_use(mod, name):
                return True, mod.line(name)
        return True, None

    def _target_uses(self, spawn: Optional[Spawn], c: Crossing) -> Optional[List[Tuple[ModuleInfo, cst.Name]]]:
        uses: List[Tuple[ModuleInfo, cst.Name]] = []
        if c.route in ("capture", "global"):
            fn = c.mod.enclosing_function(c.node)
            if fn is None or not isinstance(c.node, cst.Name):
                return None
            uses = [(c.mod, a.node) for b in c.bindings for a in getattr(b, "references", ())
                    if isinstance(a.node, cst.Name) and self._inside_mod(c.mod, a.node, fn)]
        elif c.route == "argument" and spawn is not None:
            param = self._param_for(spawn, c)
            if param is None:
                return None
            mod, fnode, pname = param
            uses = [(mod, n) for n in _names_in(fnode) if n.value == pname]
        elif c.route == "self" and spawn is not None and isinstance(spawn.func, cst.Attribute):
            ref = self.ev.value(self.info, spawn.func).ref
            fn = self.ev.project.function(ref) if ref else None
            if fn is None or not fn.node.params.params:
                return None
            selfname = fn.node.params.params[0].name.value
            uses = [(fn.module, n) for n in _names_in(fn.node) if n.value == selfname]
        else:
            return None
        trait = c.value.not_sync
        if trait is not None and trait.field:
            # NotSync only because it holds `.field`: what matters is who touches that field
            narrowed = []
            for mod, name in uses:
                parent = mod.parent(name)
                if isinstance(parent, cst.Attribute) and parent.value is name:
                    if parent.attr.value == trait.field:
                        narrowed.append((mod, parent))
                elif c.route != "self":
                    return uses  # the whole object goes somewhere we do not follow
            return narrowed
        return uses

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
            if parent.attr.value in BRIDGE_METHODS or self._sync_field(mod, name, parent.attr.value):
                return True
            parent = mod.parent(parent)  # `loop.stop` handed to a bridge
        if isinstance(parent, cst.Arg):
            call = mod.parent(parent)
            if isinstance(call, cst.Call):
                func = call.func
                if isinstance(func, cst.Attribute) and func.attr.value in BRIDGE_METHODS | LOGGING_METHODS:
                    return True
                ref = self.ev.value(mod, func).ref
                return ref in BRIDGE_CALLS or ref in HARMLESS_CALLS
        return False

    def _sync_field(self, mod: ModuleInfo, name: cst.Name, attr: str) -> bool:
        """``loop._default_executor.shutdown()``: reading a field that holds a thread-safe object
        leaves the NotSync owner's own state alone. The field must be known to hold one (a type
        the knowledge calls Sync) and nothing known to be NotSend/NotSync or of another type;
        ``None`` and values of unknown type (a parameter) alongside do not count against it."""
        owners = [self.ev.project.cls(t) for t in self.ev.value(mod, name).types]
        if not owners or any(ci is None for ci in owners):
            return False
        sync_seen = False
        for ci in owners:
            for f in self.ev.fields(ci).get(attr, ()):  # type: ignore[union-attr]
                v = self.ev.field_value(f)
                if v.not_send or v.not_sync:
                    return False
                for t in v.types:
                    fact = self.ev.knowledge.type_fact(t)
                    if fact is None or fact.not_sync or fact.not_send:
                        return False
                    sync_seen = True
        return sync_seen

    # ------------------------------------------------------------------ Thread subclasses
    def thread_class(self, ci) -> None:
        reach = self.finder.thread_class_reach(ci)
        for c in reach.crossings:
            v = c.value
            self._context = (v.not_send or v.not_sync, None)
            if c.route == "field" and v.not_send:
                self.report("SSC106", c.mod, c.node, name=c.name, desc=self.desc(v.not_send, "NotSend", c.mod),
                            how=c.how, field_line=c.field_line, target=c.target)
            elif c.route == "global" and v.not_send:
                self.report("SSC104", c.mod, c.node, name=c.name, desc=self.desc(v.not_send, "NotSend", c.mod),
                            target=c.target, via=_via(c), boundary="threading.Thread",
                            spawn_at=f"`{ci.name}.start()`")
            elif c.route == "global" and v.not_sync and self.direct_use(None, c) != (True, None):
                self.report("SSC203", c.mod, c.node, name=c.name, desc=self.desc(v.not_sync, "NotSync", c.mod),
                            target=c.target, via=_via(c), boundary="threading.Thread",
                            spawn_at=f"`{ci.name}.start()`")

    def fields_set_by_spawner(self) -> None:
        """``w = Worker(); w.conn = conn; w.start()``: a field the creating thread sets on a
        Thread subclass instance crosses when ``run()`` reads it."""
        info, ev = self.info, self.ev
        for target in sorted(info.nodes(cst.AssignTarget), key=info.pos):
            attr = target.target
            if not isinstance(attr, cst.Attribute) or not isinstance(attr.value, cst.Name):
                continue
            fn = info.enclosing_function(target)
            method = info.functions.get(fn) if fn is not None else None
            if method is not None and method.cls is not None and fn.params.params \
                    and fn.params.params[0].name.value == attr.value.value:
                continue  # the object's own methods: __init__ is handled with the class, run() stays
            receiver = ev.value(info, attr.value)
            for owner in sorted(receiver.types):
                ci = ev.project.cls(owner)
                if ci is None or not ev.class_traits(owner).thread:
                    continue
                if attr.attr.value not in self.finder.run_reads(ci):
                    continue
                assign = info.parent(target)
                value = ev.value(info, assign.value) if isinstance(assign, cst.Assign) else None
                if value is not None and value.not_send:
                    self._context = (value.not_send, None)
                    self.report("SSC106", info, attr, name=_short(info, attr),
                                desc=self.desc(value.not_send, "NotSend", info),
                                how=f"set on `{attr.value.value}`", field_line=info.line(attr),
                                target=f"`{ci.name}.run`")
                    break

    # ------------------------------------------------------------------ SSC3xx
    def markers(self, marked: Set[str]) -> None:
        """SSC3xx. Only classes whose bases may lead to a marker (``marked``, by spelling) can
        assert Send or Sync: the others' auto traits are not computed here."""
        info, ev = self.info, self.ev
        for ci in info.classes.values():
            if ci.name not in marked:
                continue
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
        for node in sorted(info.nodes(cst.Subscript) + info.nodes(cst.Call) + info.nodes(cst.Annotation),
                           key=info.pos):
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
        stack.extend(children(node))


def _last(expr: cst.CSTNode) -> str:
    if isinstance(expr, cst.Subscript):
        expr = expr.value
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return ""
