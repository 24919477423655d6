"""Where values go: the abstract objects an expression may hold, on a given thread.

``Evaluator.value(module, node, ctx)`` answers for the code of ``node`` running on thread
``ctx``. It is demand-driven and memoised, and follows values through the whole program:
assignments and unpacking, parameters (from the call sites on the same thread, or for a thread's
root from the spawn site), return values, fields (every store to ``x.f`` anywhere in the project,
on the thread that runs the store), class attributes, module globals (also those rebound under
``global``), imports of every form, containers (displays and mutation: ``append``, ``d[k] = v``),
``functools.partial`` and bound methods, decorators, cached factories.

Objects are created by calls that the knowledge (``sendsync.knowledge``) or the project's own
classes describe, on the thread doing the call (their ``home``). A value read from shared state
(a global, a field, a captured variable, a cached factory) keeps the home of the thread that
stored it; when that is another thread, the atom is marked with the crossing (``Entry``).

What runs on which thread comes from ``Frames`` (``threads.py``): which functions a thread runs,
and through which call sites. Anything not known is Send + Sync: precision first.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from ..knowledge import (
    CONTAINER, FIELD_DEFAULT, FIELD_FACTORY, GENERATOR_TYPE, ITERATOR, MAPPING, MAPPING_CALLS, PAIR, PROPERTIES, Knowledge,
)
from ..knowledge.annotations import ANNOTATED, CONTAINERS, MAPPINGS, MARKERS, THREAD_CLASSES, TRANSPARENT, UNION
from ..knowledge.types import Factory
from ..rules.wording import LAMBDA, Handed, How, Origin
from ..rules.wording import declared as declared_as
from .facts import BUILTIN, GENERATOR, NO_USES, KWARG, KWONLY, NORMAL, POSONLY, VARARG
from .program import Module, Program, block_holding, other_branches, sole_values, statement_of
from .values import (
    EMPTY, HOME, SELF_SITE, SUPER_SITE, Atom, Bound, Ctx, Entry, Fn, Inst, Partial, Ref, Trait, Value, container,
    called_functions, crosses, with_entry,
)

#: call sites of one function searched for its parameters' values; past this the name is too
#: common to follow (precision first: an unknown parameter is Send + Sync)
MAX_CALLERS = 100
#: how many parameter searches may nest (a caller's argument that is its own caller's...)
SEARCH_DEPTH = 3
#: how many evaluations may be nested (a value that needs a value that needs...): past that the
#: value is unknown. Real chains are far shorter; generated or pathological code must not exhaust
#: the stack
MAX_NESTING = 1200
#: `self.m()` dispatches to the overrides of the project's subclasses only for a class with at
#: most this many subclasses, and only when at most ``MAX_OVERRIDES`` of them replace `m`: past
#: that (a framework's base class) which one runs is anybody's guess, and following them all costs
#: more than it finds
MAX_SUBCLASSES = 40
MAX_OVERRIDES = 6


@dataclass
class ClassTraits:
    not_send: Optional[Trait] = None
    not_sync: Optional[Trait] = None
    asserted: Dict[str, Tuple[str, int]] = field(default_factory=dict)  # marker -> (module, base node)
    thread: bool = False  # a subclass of threading.Thread
    #: a base the knowledge describes (``tkinter.Frame``): its methods are the library's
    library_base: bool = False


@dataclass(frozen=True)
class Edge:
    """A way a function is entered on a thread: a call site in the project, or the spawn."""

    module: str  # the caller's module ("" for a spawn, which evaluates its own arguments)
    call: int  # the Call node (-1 for a spawn)
    ctx: Ctx  # the thread the caller runs on
    #: values bound before the call's own arguments: a bound method's ``self``, partial's args
    prefix: Tuple[Tuple[Optional[str], Value], ...] = ()
    #: for a spawn: the arguments as (keyword or None, value, entry) already evaluated
    given: Tuple[Tuple[Optional[str], Value], ...] = ()
    star: bool = False  # ``given`` holds one element per task (map-style): not unpacked


class Frames:
    """What runs where. The default knows one thread: everything runs at HOME."""

    #: counts what the frames have learned (a function reached on a thread, a way into one):
    #: a value kept across reads is kept only while this stays the same
    version = 0

    def contexts(self, mod: Module, fn: int) -> List[Ctx]:
        return [HOME]

    def runs_in(self, mod: Module, fn: int, ctx: Ctx) -> bool:
        return ctx == HOME

    def incoming(self, mod: Module, fn: int, ctx: Ctx) -> Optional[List[Edge]]:
        """The edges into ``fn`` on ``ctx``; None: not tracked (search the project's calls)."""
        return None

    def spawn_result(self, mod: Module, call: int, ctx: Ctx) -> Optional[Value]:
        """What waiting for the work handed over at ``call`` gives back."""
        return None

    def same_threads(self, ctx: Ctx) -> List[Ctx]:
        """The contexts that run on the very threads ``ctx`` runs on (a pool's initializer and
        its tasks): they share thread-local storage."""
        return [ctx]

    def started_at(self, ctx: Ctx) -> Optional[Tuple[str, int, int]]:
        """Where the thread ``ctx`` is handed its work: (module, the spawner's frame, the
        boundary call); None for the main thread and for threads with no such call."""
        return None

    def loop_threads(self, site: Tuple[str, int]) -> List[Ctx]:
        """The threads that run the event loop made at ``site`` (``Thread(target=loop.run_forever)``)."""
        return []


class Evaluator:
    def __init__(self, program: Program, knowledge: Knowledge, strictness: str = "targeted",
                 frames: Optional[Frames] = None) -> None:
        self.program = program
        self.knowledge = knowledge
        self.strictness = strictness
        self.frames = frames or Frames()
        self._memo: Dict[Tuple[str, int, Ctx], Value] = {}
        self._busy: Set[object] = set()
        #: a cycle cut some value short since this was last cleared (``local`` keeps no value then)
        self._cycled = False
        #: ("local", module, scope, name, ctx) -> (the frames' version, every binding's value)
        self._locals: Dict[tuple, Tuple[int, Value]] = {}
        self._locals_active: Set[tuple] = set()
        self._locals_nested: Set[tuple] = set()
        self._searching = 0
        self._cut = False  # a search was cut short at SEARCH_DEPTH since this was last cleared
        #: values found empty by a search cut short, with the search depth they were asked at
        self._cut_at: Dict[Tuple[str, int, Ctx], int] = {}
        self._mros: Dict[str, List[str]] = {}
        #: what ``find_method`` and ``fields_of`` found: both read only the classes' bodies
        #: along an MRO, which is kept once worked out
        self._methods: Dict[Tuple[str, str], Optional[Tuple[str, int]]] = {}
        self._fields_of: Dict[str, Dict[str, List[Tuple[Module, int, int]]]] = {}
        self._overrides: Dict[Tuple[str, str], List[Tuple[str, int]]] = {}
        self._subclasses: Dict[str, List[str]] = {}
        self._globals_busy: Set[Tuple[str, str, Ctx]] = set()
        self._classes: Dict[object, ClassTraits] = {}
        self._main_loops: Dict[str, bool] = {}
        self._async_classes: Dict[Tuple[str, int], bool] = {}  # (module, class) -> has coroutine methods
        self._fields: Dict[Tuple[str, str, Ctx, bool], Value] = {}
        self._getters: Dict[Tuple[str, str], Optional[Tuple[str, int]]] = {}
        self._stores: Dict[str, List[Tuple[Module, int]]] = {}
        self._callers: Dict[Tuple[str, int], List[Tuple[Module, int, int]]] = {}
        self._returns: Dict[Tuple[str, int, Ctx], Value] = {}
        self._mutations: Dict[Tuple[str, Optional[str]], List[Tuple[Module, int, int, str]]] = {}

    def reset(self) -> None:
        """Forget what depends on which thread runs what (after ``Frames`` learned more)."""
        self._memo.clear()
        self._cut_at.clear()
        self._fields.clear()
        self._returns.clear()
        self._locals.clear()

    # ------------------------------------------------------------------ cycles
    def _in_cycle(self, key: object, busy: Optional[Set[Any]] = None) -> bool:
        """Is ``key`` being worked out already, further up (``busy``: the questions under
        way)? The value being worked out is then cut short: ``local`` must not keep it."""
        if key in (self._busy if busy is None else busy):
            self._cycled = True
            return True
        return False

    def _too_deep(self) -> bool:
        """Are ``MAX_NESTING`` questions under way? The value is then cut short as by a cycle."""
        if len(self._busy) >= MAX_NESTING:
            self._cycled = True
            return True
        return False

    # ------------------------------------------------------------------ the entry point
    def value(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        if nid < 0:
            return EMPTY
        key = (mod.name, nid, ctx)
        found = self._memo.get(key)
        if found is not None:
            return found
        if self._cut_at.get(key, SEARCH_DEPTH + 1) <= self._searching:
            self._cut = True
            return EMPTY  # found empty by a cut search with as much depth left as now
        if self._in_cycle(key):
            return EMPTY
        if self._too_deep():
            return EMPTY  # a chain of values this deep is unknown (precision first), not a crash
        self._busy.add(key)
        outer, self._cut = self._cut, False
        try:
            result = self._value(mod, nid, ctx)
        finally:
            self._busy.discard(key)
            cut, self._cut = self._cut, outer or self._cut
        if result or not cut:
            self._memo[key] = result
        else:
            # nothing found only because a search was cut short is not kept for good: asked
            # again from higher up, with more depth left, the search may find something
            self._cut_at[key] = self._searching
        return result

    def _value(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        node = mod.nodes[nid]
        kind = node[0]
        if kind == "Name":
            return self.name_value(mod, nid, ctx)
        if kind == "Attr":
            return self.attribute_value(mod, nid, ctx)
        if kind == "Call":
            return self.call_value(mod, nid, ctx)
        if kind in ("Tuple", "List", "Set"):
            items = EMPTY
            for el in node[1]:
                v = self.value(mod, el, ctx)
                if mod.nodes[el][0] == "Star":
                    v = v.iterated()
                items = items.join(v)
            return container(items, (mod.name, nid), ctx) if items else EMPTY
        if kind == "Dict":  # what it holds is its values (`**other` gives other's)
            items = EMPTY
            for k, v in zip(node[1], node[2]):
                items = items.join(self.value(mod, v, ctx).items() if k < 0 else self.value(mod, v, ctx))
            # `{}` too: what `d[k] = v` puts in it later is its values, and iterating it gives keys
            return container(items, (mod.name, nid), ctx, mapping=True) if items or not node[1] else EMPTY
        if kind == "Comp":
            if node[3] >= 0:  # `{k: v for ...}`: what it holds is its values
                values = self.value(mod, node[3], ctx)
                return container(values, (mod.name, nid), ctx, mapping=True) if values else EMPTY
            elt = self.value(mod, node[2], ctx)
            if node[1] == "gen":
                return self.generator(mod, nid, ctx, Origin.GENERATOR_EXPRESSION, "", elt)
            return container(elt, (mod.name, nid), ctx) if elt else EMPTY
        if kind == "IfX":
            return self.value(mod, node[2], ctx).join(self.value(mod, node[3], ctx))
        if kind == "Bool":
            out = EMPTY
            for v in node[1]:
                out = out.join(self.value(mod, v, ctx))
            return out
        if kind == "Walrus":
            return self.value(mod, node[2], ctx)
        if kind == "Star":
            return self.value(mod, node[1], ctx)
        if kind == "Await":
            return self.awaited(mod, node[1], ctx)
        if kind == "Sub":
            return self.subscript(mod, node, ctx)
        if kind == "Lam":
            return Value([Fn(mod.name, nid, ctx)])
        return EMPTY

    def subscript(self, mod: Module, node: tuple, ctx: Ctx) -> Value:
        """``x[k]``: what the container holds; ``pair[1]`` of a tuple written out as a literal
        (``(Listener, Client)[1]``), only that element."""
        base = self.value(mod, node[1], ctx)
        index = mod.nodes[node[2]]
        if index[0] != "Const" or type(index[1]) is not int:
            return base.items()
        return self.element(base, index[1], ctx)

    def element(self, value: Value, index: int, ctx: Ctx) -> Value:
        """Element ``index`` of what ``value`` may be: of a tuple written out as a literal, that
        element alone; of anything else, whatever it holds."""
        out = EMPTY
        for atom in value.insts:
            if PAIR in atom.types:  # a pair of `d.items()`: the key is not followed
                if index in (1, -1):
                    out = out.join(atom.items or EMPTY)
                continue
            tmod = self.program.modules.get(atom.site[0])
            literal = tmod.nodes[atom.site[1]] if tmod is not None and atom.site[1] > 0 else None
            elts = literal[1] if literal is not None and literal[0] == "Tuple" else ()
            if tmod is None or not elts or any(tmod.nodes[e][0] == "Star" for e in elts) or not -len(elts) <= index < len(elts):
                out = out.join(atom.items or EMPTY)
                continue
            # the element's own atoms among the items (they carry how they crossed, if they did)
            frame = tmod.frame(atom.site[1])
            where = ctx if self.frames.runs_in(tmod, frame, ctx) else HOME
            keys = {_identity(a) for a in self.value(tmod, elts[index], where).atoms}
            out = out.join(Value(a for a in (atom.items or EMPTY).atoms if _identity(a) in keys))
        return out

    def awaited(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        """``await x``: a spawn's result, what a coroutine call returns, or a future's result
        (what ``x.result()`` would give), never the future itself."""
        got = self.frames.spawn_result(mod, nid, ctx)
        if got is not None:
            return got
        value = self.value(mod, nid, ctx)
        if not any(self._has_result(a) for a in value.insts):
            return value
        out = Value([a for a in value.atoms if not (isinstance(a, Inst) and self._has_result(a))])
        for atom in value.insts:
            if self._has_result(atom) and atom.items is not None:
                out = out.join(atom.items)
        return out

    def _has_result(self, atom: Inst) -> bool:
        """Is ``atom`` a future, whose ``result()`` gives what it was resolved with?"""
        return any(self.knowledge.method_role(t, "result") == "reader" for t in atom.types)

    # ------------------------------------------------------------------ names
    def name_value(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        _, name, _, scope = mod.nodes[nid]
        if scope == BUILTIN:
            return Value([Ref(f"builtins.{name}")])
        if scope == 0:
            return self.global_value(mod, name, ctx, (mod, nid))
        kind = mod.scopes[scope].kind
        if kind == "Cls":
            return self.bindings(mod, mod.scopes[scope].bindings.get(name, ()), ctx)
        if kind == "Comp" or mod.frame(nid) == scope:
            return self.local(mod, scope, name, ctx)
        # a variable of an enclosing function: the closure's
        owner = scope if kind != "Comp" else mod.frame(scope)
        seen = closure_sites(mod, nid, scope) if kind == "Def" else None
        if self.frames.runs_in(mod, owner, ctx):
            return self.local(mod, scope, name, ctx, seen)
        out = EMPTY
        entry = Entry("capture", mod.name, nid, name)
        for c in self.frames.contexts(mod, owner):
            # the closure runs here, its variables were bound on `c`: they were handed over
            # (`self` of a method whose callers are not followed too)
            out = out.join(with_entry(self.local(mod, scope, name, c, seen), entry, ctx, handed=True))
        return out

    def local(self, mod: Module, scope: int, name: str, ctx: Ctx, sites: Optional[Sequence[int]] = None) -> Value:
        """The variable's value: every binding of it in ``scope``, or the ``sites`` given.

        Every binding's value is the same for each read of the variable, so it is kept and
        reused (a function that binds and fills one name a thousand times is not read a
        thousand times over) while nothing it was worked out from can differ: the frames have
        learned nothing since, and no cycle, cut search or nested reading of the same variable
        cut it short. Else each read works it out, as every read did before."""
        if sites is not None:
            return self._local(mod, sites, scope, name, ctx)
        sites = mod.scopes[scope].bindings.get(name, ())
        key = ("local", mod.name, scope, name, ctx)
        version = self.frames.version
        found = self._locals.get(key)
        if found is not None and found[0] == version:
            return found[1]
        if key in self._locals_active:
            self._locals_nested.add(key)
            return self._local(mod, sites, scope, name, ctx)
        self._locals_active.add(key)
        outer_cut, self._cut = self._cut, False
        outer_cycled, self._cycled = self._cycled, False
        try:
            result = self._local(mod, sites, scope, name, ctx)
        finally:
            self._locals_active.discard(key)
            nested = key in self._locals_nested
            self._locals_nested.discard(key)
            cut, self._cut = self._cut, outer_cut or self._cut
            cycled, self._cycled = self._cycled, outer_cycled or self._cycled
        if not (cut or cycled or nested) and self.frames.version == version:
            self._locals[key] = (version, result)
        return result

    def _local(self, mod: Module, sites: Sequence[int], scope: int, name: str, ctx: Ctx) -> Value:
        value = self.bindings(mod, sites, ctx)
        mutated = self.mutation_items(("l", mod.name, scope, name), ctx) if self.fillable(value) else EMPTY
        return _with_items(value, mutated, (mod.name, scope)) if mutated else value

    def bindings(self, mod: Module, sites: Iterable[int], ctx: Ctx) -> Value:
        out = EMPTY
        for site in sites:
            out = out.join(self.binding_value(mod, site, ctx))
        return out

    def global_value(self, mod: Module, name: str, ctx: Ctx, reader: Optional[Tuple[Module, int]] = None) -> Value:
        key = (mod.name, name, ctx)
        if self._in_cycle(key, self._globals_busy):
            return EMPTY  # imports that go round in a circle (a imports x from b, b from a)
        self._globals_busy.add(key)
        try:
            return self._global_value(mod, name, ctx, reader)
        finally:
            self._globals_busy.discard(key)

    def _global_value(self, mod: Module, name: str, ctx: Ctx, reader: Optional[Tuple[Module, int]]) -> Value:
        sites = mod.scopes[0].bindings.get(name)
        if not sites:
            source = self.program.star_source(mod, name)
            if source is not None:
                return self.global_value(source, name, ctx, reader)
            return self._library_star(mod, name)
        out = EMPTY
        for site in sites:
            frame = mod.frame(site)
            if frame == 0 or self.frames.runs_in(mod, frame, ctx):
                out = out.join(self.binding_value(mod, site, ctx if frame else self._module_ctx(ctx)))
            else:
                for c in self.frames.contexts(mod, frame):
                    out = out.join(self.binding_value(mod, site, c))
        mutated = self.mutation_items(("g", mod.name, name), ctx) if self.fillable(out) else EMPTY
        if mutated:
            out = _with_items(out, mutated, (mod.name, 0))
        if reader is not None and out and crosses(out, ctx):
            rmod, rnode = reader
            out = with_entry(out, Entry("global", rmod.name, rnode, rmod.short(rnode)), ctx)
        return out

    def _library_star(self, mod: Module, name: str) -> Value:
        """``name`` given by ``from tkinter import *`` (a module outside the project): the
        library's name, when the knowledge describes it (a type, a factory, a call it knows);
        else nothing, since which names such a module gives is not known without running it."""
        knowledge = self.knowledge
        for star in mod.star_imports():
            if self.program.module(star) is not None:
                continue
            ref = f"{star}.{name}"
            if knowledge.type_fact(ref) or knowledge.factory(ref) or knowledge.call_fact(ref) \
                    or knowledge.boundary_call(ref) or knowledge.boundary_decorator(ref):
                return Value([Ref(ref)])
        return EMPTY

    @staticmethod
    def _module_ctx(ctx: Ctx) -> Ctx:
        """Module-level code runs on the importing thread."""
        return HOME

    def binding_value(self, mod: Module, site: int, ctx: Ctx) -> Value:
        node = mod.nodes[site]
        kind = node[0]
        if kind == "Name":
            return self.target_value(mod, site, ctx)
        if kind == "Def":
            return self.function_value(mod, site, ctx)
        if kind == "Cls":
            return self.decorated(mod, node[4], Value([Ref(self.qualname(mod, site))]), ctx)
        if kind == "Alias":
            return self.ref_value(mod.import_target(site), ctx)
        if kind == "Param":
            return self.param_value(mod, site, ctx)
        return EMPTY

    def qualname(self, mod: Module, nid: int) -> str:
        local = mod.qualname_of.get(nid, f"<{nid}>")
        return f"{mod.name}.{local}" if mod.name else local

    def function_value(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        """A def as a value: the closure, through its decorators."""
        nested = mod.frame(nid) != 0
        fn = Value([Fn(mod.name, nid, ctx if nested else None)])
        return self.decorated(mod, mod.nodes[nid][3], fn, ctx)

    def decorated(self, mod: Module, decorators: Sequence[int], value: Value, ctx: Ctx) -> Value:
        for deco in reversed(decorators):
            node = mod.nodes[deco]
            if node[0] == "Call":  # `@lru_cache(maxsize=None)`: what the factory is
                refs = list(self.value(mod, node[1], ctx).refs())
                if any(self.knowledge.boundary_decorator(r) for r in refs):
                    continue  # `@thread_worker(connect=...)`: calls of it are spawns (``threads``)
                factory = {self.knowledge.call_role(r) for r in refs}
                if factory & {"cache", "transparent"}:
                    if "cache" in factory:
                        value = value.map(lambda a: replace(a, home="<cached>") if isinstance(a, Fn) else a)
                    continue
            d = self.value(mod, deco, ctx)
            if not d:
                continue  # an unknown decorator: assume it keeps the function callable as it was
            roles = {self.knowledge.call_role(r) for r in d.refs()}
            if roles & {"transparent"} and len(d.atoms) == 1:
                continue
            if any(self.knowledge.boundary_decorator(r) for r in d.refs()):
                continue  # `@thread_worker`: the function, whose calls are spawns (``threads``)
            if "cache" in roles:
                value = value.map(lambda a: replace(a, home="<cached>") if isinstance(a, Fn) else a)
                continue
            if d.atoms and all(isinstance(a, Fn) and self._returns_its_argument(a) for a in d.atoms):
                continue  # `def register(f): REGISTRY.append(f); return f`: the function itself
            result = self.call_atoms(mod, deco, d, [(None, value, -1)], ctx)
            if result and not all(isinstance(a, Fn) and self._forwards(a) for a in result.atoms):
                # a wrapper that only forwards (`return f(*args)`) leaves the function as it
                # is, called with what its callers give (the wrapper's `*args` would blur it)
                value = result
        return value

    def target_value(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        """The value bound to a Name where it is a target (of =, for, with, :=, ...)."""
        path: List[int] = []  # positions inside unpacking targets, innermost first
        child, parent = nid, mod.parent(nid)
        while parent >= 0 and mod.nodes[parent][0] in ("Tuple", "List", "Star"):
            pnode = mod.nodes[parent]
            if pnode[0] != "Star":
                path.append(pnode[1].index(child))
            child, parent = parent, mod.parent(parent)
        if parent < 0:
            return EMPTY
        pnode = mod.nodes[parent]
        kind = pnode[0]
        if kind == "Asg":
            return self._unpack(mod, pnode[2], path, ctx)
        if kind == "Aug":
            return self.value(mod, pnode[2], ctx)
        if kind == "Ann":
            declared = self.annotation_value(mod, pnode[2], declared_as("variable", mod.nodes[nid][1]), ctx)
            if pnode[3] < 0:
                return declared
            found = self.value(mod, pnode[3], ctx)
            if declared_asserts(declared):
                return assert_markers(found, declared)
            if mod.nodes[pnode[3]][0] == "Const":
                return EMPTY  # a placeholder (`conn: Optional[Connection] = None`): the type is the other bindings'
            return found if found.interesting or not declared.interesting else declared.join(found)
        if kind == "For":
            return self._unpacked(self.iterated(mod, pnode[2], ctx), path, ctx)
        if kind == "Comp":
            for target, it, _ in pnode[4]:
                if target == child:
                    return self._unpacked(self.iterated(mod, it, ctx), path, ctx)
            return EMPTY
        if kind == "With":
            for expr, target in pnode[1]:
                if target == child:
                    entered = self.entered(mod, expr, ctx)
                    return entered.items() if path else entered
            return EMPTY
        if kind == "Walrus":
            return self.value(mod, pnode[2], ctx)
        return EMPTY

    def _unpacked(self, items: Value, path: List[int], ctx: Ctx) -> Value:
        """What a loop target at ``path`` binds, for elements ``items`` (``for k, v in ...``,
        ``for i, (k, v) in ...``: each level takes its element)."""
        for index in reversed(path):
            items = self.element(items, index, ctx)
        return items

    def _unpack(self, mod: Module, value: int, path: List[int], ctx: Ctx) -> Value:
        if not path:
            return self.value(mod, value, ctx)
        index = path[-1]
        node = mod.nodes[value]
        if node[0] in ("Tuple", "List") and index < len(node[1]) and \
                not any(mod.nodes[e][0] == "Star" for e in node[1]):
            return self._unpack(mod, node[1][index], path[:-1], ctx)
        whole = self.value(mod, value, ctx)
        return self.element(whole, index, ctx) if len(path) == 1 else whole.items()

    def iterated(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        """What ``for x in <nid>`` binds ``x`` to."""
        got = self.frames.spawn_result(mod, nid, ctx)
        if got is not None:
            return got.items() if got.items() else got
        return self.value(mod, nid, ctx).iterated()  # a dict's keys: not followed

    def entered(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        """``with <nid> as x``: ``x`` is the object itself for what the knowledge and the
        project say returns itself from ``__enter__``, else what the project's ``__enter__``
        returns."""
        value = self.value(mod, nid, ctx)
        out = EMPTY
        for atom in value:
            if isinstance(atom, Inst) and any(
                    getattr(self.knowledge.type_fact(t), "generator", False) for t in atom.types):
                # a generator is no context manager: this is `@contextmanager`'s, and `as`
                # binds what it yields
                if atom.items is not None:
                    out = out.join(atom.items)
                continue
            if isinstance(atom, Inst):
                method = None
                for t in sorted(atom.types):
                    method = self.find_method(t, "__enter__")
                    if method is not None:
                        break
                if method is not None:
                    out = out.join(self.returned(self.program.modules[method[0]], method[1], ctx))
                    continue
            out = out.join(Value([atom]))
        return out

    # ------------------------------------------------------------------ parameters
    def param_value(self, mod: Module, pid: int, ctx: Ctx, receiver: Optional[str] = None) -> Value:
        """What the parameter ``pid`` may be given on ``ctx``; ``receiver``: by the calls that
        run its method on an object that may be of that class (``_may_be``)."""
        _, pname, pkind, annotation, default = mod.nodes[pid]
        params_node = mod.parent(pid)
        fn = mod.parent(params_node)
        fnode = mod.nodes[fn]
        params = mod.nodes[params_node][1]
        index = params.index(pid)
        cls = mod.class_of_method(fn) if fnode[0] == "Def" else -1
        is_self = cls >= 0 and index == 0 and pkind in (POSONLY, NORMAL) and not self._static(mod, fn)
        declared = EMPTY
        if annotation >= 0:
            declared = self.annotation_value(mod, annotation, declared_as("parameter", pname), ctx)
            if declared.atoms and all(isinstance(a, Inst) and a.send_asserted and a.sync_asserted
                                      for a in declared):
                return declared
        if cls >= 0 and index == 0 and pkind in (POSONLY, NORMAL) and self._classmethod(mod, fn):
            return Value([Ref(self.qualname(mod, cls))])  # `cls`: the class (short of a subclass)
        edges = self.frames.incoming(mod, fn, ctx)
        known = False  # does every call that runs it on ctx give an object of its own?
        if edges is None:
            if is_self:
                return self.self_value(mod, cls)
            given = self._search_arguments(mod, fn, index, ctx, receiver)
        else:
            given = EMPTY
            known = bool(edges)
            for edge in edges:
                passed = self._edge_argument(mod, fn, index, edge, receiver)
                known = known and bool(passed.atoms)
                given = given.join(passed)
            if is_self and not given:
                given = self.self_value(mod, cls)
        if default >= 0 and not (is_self or pkind in (VARARG, KWARG)):
            dv = self.value(mod, default, mod_ctx(self.frames, mod, mod.frame(fn), ctx))
            if dv:
                dv = with_entry(dv, Entry("default", mod.name, default, mod.short(default),
                                          Handed(How.DEFAULT, pname), origin=(mod.name, fn)), ctx)
                given = given.join(dv)
        if declared:
            if declared_asserts(declared):
                return assert_markers(given, declared)
            if not given.interesting and not (known and given.insts):
                # the declaration stands for what the callers' values do not tell; where each
                # of them is known (`listen(SlotsRefreshed())`), it says nothing more
                return declared.join(given)
        return given

    def self_value(self, mod: Module, cls: int) -> Value:
        """``self`` where the callers are not followed: an instance of the class, home unknown."""
        qualname = self.qualname(mod, cls)
        traits = self.class_traits(qualname)
        return Value([Inst(SELF_SITE, frozenset({qualname}), traits.not_send, traits.not_sync, None)])

    @staticmethod
    def _static(mod: Module, fn: int, kinds: Tuple[str, ...] = ("staticmethod", "classmethod")) -> bool:
        """Is the method ``fn`` decorated as one of ``kinds`` (it takes no ``self``)?"""
        for deco in mod.nodes[fn][3]:
            node = mod.nodes[deco]
            name = node[1] if node[0] == "Name" else (node[2] if node[0] == "Attr" else "")
            if name in kinds:
                return True
        return False

    def _method_value(self, mod: Module, fn: int, plain: Fn) -> Value:
        """A method as its class holds it: ``plain`` through its decorators (a project decorator
        may put a wrapper there, ``@threadsafe_generator``). Decorators run where the class
        body does."""
        key = ("method", mod.name, fn)
        if not mod.nodes[fn][3] or key in self._busy:
            return Value([plain])
        self._busy.add(key)
        try:
            return self.decorated(mod, mod.nodes[fn][3], Value([plain]), HOME) or Value([plain])
        finally:
            self._busy.discard(key)

    def _forwards(self, wrapper: Fn) -> bool:
        """Is ``wrapper`` a decorator's closure that calls the function it wraps and returns
        what that call returns, if anything (every ``return`` is such a call)?"""
        fmod = self.program.modules.get(wrapper.module)
        if fmod is None or fmod.nodes[wrapper.node][0] != "Def":
            return False
        outer = fmod.frame(wrapper.node)
        params = fmod.nodes[fmod.nodes[outer][2]][1] if outer and fmod.nodes[outer][0] == "Def" else ()
        if not params:
            return False
        wrapped = fmod.nodes[params[0]][1]

        def calls_it(nid: int) -> bool:
            node = fmod.nodes[nid]
            if node[0] == "Await":
                node = fmod.nodes[node[1]]
            if node[0] != "Call":
                return False
            func = fmod.nodes[node[1]]
            if any(_holding(fmod, a) for a in fmod.ancestors(nid) if fmod.within(a, wrapper.node)):
                return False  # under a lock the wrapper takes (`with self._lock:`, `try: ... finally:`)
            return func[0] == "Name" and func[1] == wrapped and func[3] == outer

        body = fmod.body_nodes(wrapper.node)
        returns = [fmod.nodes[n][1] for n in body if fmod.nodes[n][0] == "Ret"]
        return any(calls_it(n) for n in body) and all(r >= 0 and calls_it(r) for r in returns)

    def _classmethod(self, mod: Module, fn: int) -> bool:
        return self._static(mod, fn, ("classmethod",))

    def _edge_argument(self, mod: Module, fn: int, index: int, edge: Edge, receiver: Optional[str] = None) -> Value:
        args: List[Tuple[Optional[str], Value]] = list(edge.prefix)
        if edge.call >= 0:
            caller = self.program.modules[edge.module]
            call = caller.nodes[edge.call]
            for key, arg in call[2]:
                args.append((key, _Lazy(self, caller, arg, edge.ctx)))  # type: ignore[arg-type]
        else:
            args.extend(edge.given)
        bound = bind_arguments(mod, fn, args)
        if receiver is not None and not self._may_be(resolve(bound.get(0, EMPTY)), receiver):
            return EMPTY
        return self._argument_for(bound.get(index, EMPTY), receiver)

    def _search_arguments(self, mod: Module, fn: int, index: int, ctx: Ctx, receiver: Optional[str] = None) -> Value:
        """A parameter's values from every call site in the project that runs on ``ctx``.
        Searches nest (a caller's argument is its own parameter...) at most ``SEARCH_DEPTH``
        deep: past that a parameter is unknown, Send + Sync (precision first, and bounded cost)."""
        if self._searching >= SEARCH_DEPTH:
            self._cut = True
            return EMPTY
        self._searching += 1
        try:
            return self._search(mod, fn, index, ctx, receiver)
        finally:
            self._searching -= 1

    def _search(self, mod: Module, fn: int, index: int, ctx: Ctx, receiver: Optional[str]) -> Value:
        out = EMPTY
        for bound in self.call_bindings(mod, fn, ctx):
            if receiver is None or self._may_be(resolve(bound.get(0, EMPTY)), receiver):
                out = out.join(self._argument_for(bound.get(index, EMPTY), receiver))
        return out

    def _argument_for(self, given: object, receiver: Optional[str]) -> Value:
        """An argument of a call made on an object that may be of ``receiver``: a parameter
        of the calling method passed on as it is (``super().__init__(conn)`` in a constructor
        taking ``conn``) is what the calls on such objects give it, a step further up."""
        if receiver is None:
            return resolve(given)
        if isinstance(given, list):
            out = EMPTY
            for one in given:
                out = out.join(self._argument_for(one, receiver))
            return out
        if isinstance(given, _Lazy):
            mod, node = given.mod, given.mod.nodes[given.nid]
            if node[0] == "Name" and node[3] > 0:
                pid = self._own_parameter(mod, node[3], node[1])
                cls = mod.class_of_method(node[3]) if pid is not None else -1
                if cls >= 0 and self.qualname(mod, cls) != receiver:
                    # a method that calls itself with its own parameter (`self.send(kind)`, a
                    # retry) hands it nothing new: asked again inside, it is empty
                    key = ("argument", mod.name, pid, given.ctx, receiver)
                    if self._in_cycle(key) or self._too_deep():
                        return EMPTY
                    self._busy.add(key)
                    try:
                        return self.param_value(mod, pid, given.ctx, receiver)  # type: ignore[arg-type]
                    finally:
                        self._busy.discard(key)
        return resolve(given)

    def call_bindings(self, mod: Module, fn: int, ctx: Ctx) -> Iterator[Dict[int, object]]:
        """For each call of ``fn`` in the project that runs on ``ctx``, which argument goes to
        which parameter (by index; evaluated when read, with ``resolve``)."""
        for caller, call, frame in self.callers(mod, fn):
            if frame and not self.frames.runs_in(caller, frame, ctx):
                continue
            if caller.nodes[call][0] in ("Def", "Cls"):  # `@fn` above a def: fn(the def)
                undecorated = Fn(caller.name, call, ctx if frame else None) if caller.nodes[call][0] == "Def" \
                    else Ref(self.qualname(caller, call))
                yield {0: Value([undecorated])}
                continue
            func = caller.nodes[call][1]
            callee = self.value(caller, func, ctx)
            for atom in callee:
                prefix: List[Tuple[Optional[str], Value]] = []
                target = atom
                if isinstance(atom, Bound):
                    prefix.append((None, atom.self_value))
                    target = atom.func
                elif isinstance(atom, Ref):
                    first = [v for key, v in self.constructors(caller, call, atom.name, ctx) if key == (mod.name, fn)]
                    if not first:
                        continue
                    prefix.append((None, first[0]))
                    target = Fn(mod.name, fn)
                if not isinstance(target, Fn) or (target.module, target.node) != (mod.name, fn):
                    continue
                args = prefix + [(key, _Lazy(self, caller, arg, ctx)) for key, arg in caller.nodes[call][2]]
                yield bind_arguments(mod, fn, args)

    def constructors(self, mod: Module, call: int, qualname: str, ctx: Ctx) -> Iterator[Tuple[Tuple[str, int], Value]]:
        """What the call ``call`` of the project class ``qualname`` runs, with what each gets
        first: its ``__new__`` the class, its ``__init__`` the new instance."""
        found = self.program.definition(qualname)
        if found is None or found[0].nodes[found[1]][0] != "Cls":
            return
        new = self.find_method(qualname, "__new__")
        if new is not None:
            yield (new[0], new[1]), Value([Ref(qualname)])
        init = self.find_method(qualname, "__init__")
        if init is not None:
            yield (init[0], init[1]), self.instance(mod, call, qualname, ctx)

    def callers(self, mod: Module, fn: int) -> List[Tuple[Module, int, int]]:
        """Call sites in the project whose callee may be ``fn``, by name (the value check is
        left to the caller), and the defs it decorates (``@fn`` calls it with the function):
        (module, node, the frame that runs it), from the index."""
        key = (mod.name, fn)
        found = self._callers.get(key)
        if found is not None:
            return found
        node = mod.nodes[fn]
        out: List[Tuple[Module, int, int]] = []
        if node[0] == "Def":
            names = {node[1]}
            cls = mod.class_of_method(fn)
            if node[1] in ("__init__", "__new__") and cls >= 0:
                inherited, replaced = self._constructed_as(mod, fn, cls, node[1])
                names = {mod.nodes[cls][1], *inherited}
                out += replaced
                out += self._made_by_classmethods(mod, fn, cls, node[1])
            outer = mod.frame(fn)
            if outer and self._returns_name(mod, outer, node[1]):
                # a decorator's wrapper: called wherever the functions it decorates are
                names |= {mod_.nodes[d][1] for mod_, d, _ in self.decorated_by(mod, outer)}
            # and under the names it is imported as (`from m import f as g`: `g(...)` calls it)
            names |= {alias for name in names for alias in self.program.import_aliases(name)}
            for name in sorted(names):
                out += self.program.sites("call", name)
                if len(out) > MAX_CALLERS:
                    out = []
                    break
            out += self.decorated_by(mod, fn)
        self._callers[key] = out
        return out

    def _made_by_classmethods(self, mod: Module, fn: int, cls: int, method: str) -> List[Tuple[Module, int, int]]:
        """The calls ``cls(...)`` in the classmethods of the class ``cls`` (and of its subclasses
        whose constructor ``fn`` is) that make its objects (``return cls(asyncio.Queue())``)."""
        out: List[Tuple[Module, int, int]] = []
        qualname = self.qualname(mod, cls)
        for owner in [qualname] + sorted(self.subclasses(qualname)):
            if owner != qualname and self.find_method(owner, method) != (mod.name, fn):
                continue
            found = self.program.definition(owner)
            if found is None or found[0].nodes[found[1]][0] != "Cls":
                continue
            omod, cid = found
            for stmt, first in _methods_and_first_params(omod, cid, self._classmethod):
                name = omod.nodes[stmt][1]
                if any(self.find_method(sub, name) == (omod.name, stmt) and self.find_method(sub, method) != (mod.name, fn)
                       for sub in self.subclasses(owner)):
                    continue  # called on a subclass with a constructor of its own, `cls` makes one of those
                for nid in omod.body_nodes(stmt):
                    call = omod.nodes[nid]
                    if call[0] == "Call" and omod.nodes[call[1]][0] == "Name" and omod.nodes[call[1]][1] == first \
                            and omod.nodes[call[1]][3] == stmt:
                        out.append((omod, nid, stmt))
        return out

    def _constructed_as(self, mod: Module, fn: int, cls: int, method: str
                        ) -> Tuple[Set[str], List[Tuple[Module, int, int]]]:
        """The constructor ``fn`` (``method`` of the class ``cls``) runs for the project's
        subclasses too: the names of those that inherit it (``Sub(...)`` calls it), and the
        calls of ``method`` in the classes that replace it (``super().__init__(...)``,
        ``Base.__init__(self, ...)``)."""
        names: Set[str] = set()
        out: List[Tuple[Module, int, int]] = []
        for sub in self.subclasses(self.qualname(mod, cls)):
            found = self.find_method(sub, method)
            if found is not None and (found[0], found[1]) == (mod.name, fn):
                names.add(sub.rpartition(".")[2])
                continue
            where = self.program.definition(sub)
            if where is None:
                continue
            smod, scls = where
            out += [site for site in self.program.sites_in("call", method, smod.name)
                    if site[2] and smod.class_of_method(site[2]) == scls]
        return names, out

    def decorated_by(self, mod: Module, fn: int) -> List[Tuple[Module, int, int]]:
        """The defs (and classes) whose decorators name the function ``fn``, with the frame
        that runs the decorators."""
        name = mod.nodes[fn][1]
        out = []
        for user, nid, frame in self.program.sites("deco", name):
            n = user.nodes[nid]
            decorators = n[3] if n[0] == "Def" else n[4]
            if any(user.nodes[d][0] != "Call" and _names(user, d) == name for d in decorators):
                out.append((user, nid, frame))
        return out

    def _returns_its_argument(self, fn: Fn) -> bool:
        """Does every return of the project function ``fn`` give back its first parameter
        unchanged (a decorator that registers or documents the function)? Its result at one
        use is then that use's argument, not every argument it is ever given."""
        fmod = self.program.modules.get(fn.module)
        if fmod is None or fmod.nodes[fn.node][0] != "Def":
            return False
        params = fmod.nodes[fmod.nodes[fn.node][2]][1]
        if not params:
            return False
        first = fmod.nodes[params[0]][1]
        returns = [fmod.nodes[n] for n in fmod.body_nodes(fn.node) if fmod.nodes[n][0] == "Ret"]
        return bool(returns) and all(r[1] >= 0 and _names_parameter(fmod, fn.node, r[1], first) for r in returns)

    @staticmethod
    def _returns_name(mod: Module, fn: int, name: str) -> bool:
        for nid in mod.body_nodes(fn):
            node = mod.nodes[nid]
            if node[0] == "Ret" and node[1] >= 0:
                value = mod.nodes[node[1]]
                if value[0] == "Name" and value[1] == name:
                    return True
        return False

    # ------------------------------------------------------------------ references
    def ref_value(self, qualname: str, ctx: Ctx, reader: Optional[Tuple[Module, int]] = None) -> Value:
        """What a qualified name refers to: a project function, class or global, or a name of a
        library (kept as a ``Ref``)."""
        found = self.program.definition(qualname)
        if found is not None:
            mod, nid = found
            if mod.nodes[nid][0] == "Def":
                return self.function_value(mod, nid, ctx) if mod.frame(nid) == 0 else Value([Fn(mod.name, nid)])
            return Value([Ref(self.qualname(mod, nid))])
        split = self.program.split(qualname)
        if split is not None:
            mod, rest = split
            if not rest:
                # `pkg.main` is the submodule, unless pkg/__init__ rebinds the name (`from .main
                # import main`): then it is what that binding holds
                parent, _, last = qualname.rpartition(".")
                pmod = self.program.module(parent) if parent else None
                if pmod is not None and pmod.binds(last) and self.program.global_alias(pmod, last) != qualname:
                    return self.global_value(pmod, last, ctx, reader)
                return Value([Ref(qualname)])
            if "." not in rest:
                if mod.binds(rest) or self.program.star_source(mod, rest) is not None:
                    return self.global_value(mod, rest, ctx, reader)
        return Value([Ref(qualname)])

    def attribute_value(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        _, base, attr, _ = mod.nodes[nid]
        receiver = self.value(mod, base, ctx)
        out = EMPTY
        for atom in receiver:
            if isinstance(atom, Ref):
                found = self.program.definition(atom.name)
                if found is not None and found[0].nodes[found[1]][0] == "Cls":
                    out = out.join(self.class_attribute(atom.name, attr, ctx, nid, mod, None))
                else:
                    out = out.join(self.ref_value(f"{atom.name}.{attr}", ctx, (mod, nid)))
            elif isinstance(atom, Inst):
                got = self.instance_attribute(atom, attr, ctx, mod, nid)
                if atom.site == SUPER_SITE:
                    got = self._on_own_object(got, atom, mod, base, ctx)
                out = out.join(got)
        if out and mod.nodes[base][0] == "Name":
            stores = last_stores(mod, nid)
            if stores and not any(self._stored_meanwhile(mod, store, nid, receiver.types, ctx) for store in stores):
                stored = [self.stored_value(mod, store, ctx) for store in stores]
                if len(stored) == 1 or all(v.insts for v in stored):
                    # each branch's object is known: the field holds one of them
                    out = _narrowed(out, Value(a for v in stored for a in v.atoms))
        return out

    def _on_own_object(self, found: Value, stand_in: Inst, mod: Module, call: int, ctx: Ctx) -> Value:
        """``super().m``: ``m`` is looked up from the base (``stand_in``), but it runs on the
        object itself, whose class may be a subclass with fields and overrides of its own
        (``super().__init__()`` in ``ServerProtocol`` runs ``Protocol.__init__`` on the
        server's object, never on a client's). The object: the caller's ``self``, or
        ``super(Cls, obj)``'s ``obj``."""
        node = mod.nodes[call]
        if node[0] != "Call":
            return found
        if node[2]:
            if len(node[2]) != 2 or node[2][1][0] is not None:
                return found
            own = self.value(mod, node[2][1][1], ctx)
        else:
            fn = mod.frame(call)
            params = mod.nodes[mod.nodes[fn][2]][1] if fn and mod.nodes[fn][0] == "Def" else ()
            if not params or self._static(mod, fn):
                return found
            own = self.param_value(mod, params[0], ctx)
        if not own.insts:
            return found
        return Value([Bound(a.func, own, a.node) if isinstance(a, Bound) and a.self_value.atoms == {stand_in} else a
                      for a in found])

    def _calls_later(self, mod: Module, frame: int, after: int, started: Tuple[str, int, int]) -> bool:
        """Does ``frame`` call, after ``after``, the function that makes the spawn ``started``?"""
        target = started[:2]
        for nid in mod.body_nodes(frame):
            if mod.nodes[nid][0] == "Call" and mod.pos(nid) > mod.pos(after) and any(
                    (fn.module, fn.node) == target for fn in called_functions(self.value(mod, mod.nodes[nid][1], HOME))):
                return True
        return False

    def _stored_meanwhile(self, mod: Module, store: int, read: int, types: FrozenSet[str], ctx: Ctx) -> bool:
        """May ``attr`` of the object be stored again between ``store`` and ``read`` (both in
        one function, the store on every way to the read)? By a call in between whose function
        stores ``attr`` itself, or by another thread: a store of ``attr`` in code another thread runs,
        or, read on a thread, one by the main thread: in the code that started it after the
        start, or in any other function but a constructor (and a read of ``attr`` by the
        spawner after the start counts too: it may see either thread's object, so the field
        is kept whole for the checks to see both). Only stores that may be on an object of these
        ``types`` count (any store on an object whose class is not known does)."""
        attr = mod.nodes[read][2]

        def related(smod: Module, owner: str) -> bool:
            """A store by a method of class ``owner`` (of module ``smod``) on its own ``self``."""
            if not owner or not types:
                return True
            cls = f"{smod.name}.{owner}"
            return any(cls in self.mro(t) or t in self.mro(cls) for t in types)

        frame = mod.frame(read)
        # calls that run after the store statement and end before the read
        after, before = mod.end(mod.parent(store)), mod.pos(read)
        for nid in mod.body_nodes(frame):
            if mod.nodes[nid][0] != "Call" or not (after <= mod.pos(nid) and mod.end(nid) <= before):
                continue
            for fn in called_functions(self.value(mod, mod.nodes[nid][1], ctx)):
                if any(f == fn.node and related(smod, owner) for smod, _, f, owner in
                       self.program.sites_in("store", attr, fn.module)):
                    return True
        if self._constructing(mod, read, frame):
            return False  # `self.x = ...; self.x.m()` in its constructor: no one else has it yet
        started = self.frames.started_at(ctx) if ctx != HOME else None
        for smod, snid, sframe, owner in self.program.sites("store", attr):
            if (smod is mod and snid == store) or not related(smod, owner):
                continue
            if sframe and any(c not in (HOME, ctx) for c in self.frames.contexts(smod, sframe)):
                return True  # another thread stores it too (this one's own code runs in order)
            if ctx != HOME and (started is None or (
                    smod.pos(snid) > smod.pos(started[2]) if (smod.name, sframe) == started[:2]
                    else not sframe or smod.name_of(sframe) != "__init__"
                    and not self._calls_later(smod, sframe, snid, started))):
                # the code that started this thread stores it after the start, or other code
                # of the main thread may (a helper, another method); not a constructor, which
                # runs before the object is anyone's, nor a function that goes on to call the
                # one that starts the thread (`self.loop = ...; self._start_thread()`)
                return True
        if started is not None:
            smod = self.program.modules[started[0]]
            at = smod.pos(started[2])
            if any(frame == started[1] and smod.pos(nid) > at for _, nid, frame in
                   self.program.sites_in("ref", attr, smod.name)):
                return True  # ... or reads it while it runs: the field is not this thread's alone
        return False

    def _constructing(self, mod: Module, read: int, frame: int) -> bool:
        """Is ``read`` (``self.attr``) in the ``__init__`` of its object, before anything hands
        ``self`` on (as an argument, a value stored, returned)? Then no other code has the object."""
        node = mod.nodes[frame] if frame > 0 else None
        if node is None or node[0] != "Def" or node[1] != "__init__" or mod.class_of_method(frame) < 0:
            return False
        params = mod.nodes[node[2]][1]
        base = mod.nodes[mod.nodes[read][1]]
        if not params or base[0] != "Name" or base[1:4:2] != (mod.nodes[params[0]][1], frame):
            return False
        here = mod.pos(read)
        qualname = self.qualname(mod, mod.class_of_method(frame))
        for nid in mod.body_nodes(frame):
            n = mod.nodes[nid]
            if mod.pos(nid) >= here:
                continue
            if n[0] == "Call" and mod.nodes[n[1]][0] == "Name" and mod.nodes[n[1]][1] == "super":
                return False  # the base's constructor runs on it
            if n[0] == "Name" and n[1] == base[1] and n[3] == frame:
                parent = mod.parent(nid)
                if parent < 0 or mod.nodes[parent][0] != "Attr" or mod.nodes[parent][1] != nid:
                    return False  # `register(self)`, `x = self`: handed on
                if mod.nodes[parent][3] == "L" and self.find_method(qualname, mod.nodes[parent][2]) is not None:
                    return False  # `self.start()`, `Thread(target=self._open)`: its code runs, or is handed on
        return True

    def instance_attribute(self, inst: Inst, attr: str, ctx: Ctx, mod: Module, nid: int) -> Value:
        out = EMPTY
        library: List[str] = []
        project: List[str] = []
        for t in sorted(inst.types):
            fact = self.knowledge.type_fact(t)
            if fact is not None and fact.thread_local:
                out = out.join(self.local_attribute(t, attr, ctx))
            elif self.program.definition(t) is not None:
                project.append(t)
                out = out.join(self.class_attribute(t, attr, ctx, nid, mod, inst))
            else:
                library.append(t)
        for t in library:
            if any(t in self.mro(p) and (out or self.find_method(p, attr) is not None) for p in project):
                continue  # the project class's own method or field, not its library base's
            # a library object's method, bound to it (`conn.cursor`)
            out = out.join(Value([Bound(Ref(f"{t}.{attr}"), Value([inst]), (mod.name, nid))]))
        return out

    def class_attribute(self, qualname: str, attr: str, ctx: Ctx, nid: int, mod: Module,
                        inst: Optional[Inst]) -> Value:
        """``x.attr`` for an instance (``inst``) or the class itself of a project class."""
        if inst is not None:
            getter = self.property_getter(qualname, attr)
            if getter is not None:
                return self.returned(self.program.modules[getter[0]], getter[1], ctx)
        method = self.find_method(qualname, attr)
        if method is not None:
            mmod, mnid = self.program.modules[method[0]], method[1]
            fn = Fn(mmod.name, mnid)
            if self._classmethod(mmod, mnid):
                # bound to the class, read on it or on one of its objects: `Registry.instance()`
                return Value([Bound(fn, Value([Ref(qualname)]), (mod.name, nid))])
            if inst is None or self._static(mmod, mnid):
                return Value([fn])
            bound = Value([Bound(f, Value([inst]), (mod.name, nid)) if isinstance(f, Fn) else f
                           for f in self._method_value(mmod, mnid, fn).atoms])
            return bound.join(self._dispatch(qualname, attr, method, inst, ctx, (mod.name, nid)))
        if inst is not None:
            hooks = self._dispatch(qualname, attr, None, inst, ctx, (mod.name, nid))
            if hooks:
                return hooks  # a method only the project's subclasses define
        if inst is not None and inst.entry is not None and inst.entry.route == "thread-self":
            return self._asserted(qualname, self._thread_field(qualname, attr, ctx, mod, nid))
        exact = inst is not None and self._made_by_calling(qualname, inst)
        if inst is not None and inst.home == ctx and inst.entry is None and ctx != HOME:
            # an object this thread made: what other threads store in the same field is (most
            # likely) on their own objects of the class
            found = self._asserted(qualname, self.field_value(qualname, attr, ctx, own=True, exact=exact))
        else:
            narrowed = self._constructed_field(qualname, attr, inst, ctx) if inst is not None else None
            found = self._asserted(qualname, narrowed if narrowed is not None
                                   else self.field_value(qualname, attr, ctx, exact=exact))
        if found and inst is not None and self._copied(inst):
            found = _copies(found, inst)
        if not found and inst is not None:
            base = self.library_base(qualname)
            if base is not None:
                # a method the class inherits from a library base (`self.title()` on a Toplevel
                # subclass): the library's method, bound to the object
                return Value([Bound(Ref(f"{base}.{attr}"), Value([inst]), (mod.name, nid))])
        if found and inst is not None:
            if inst.entry is not None:
                # what an object handed over holds crosses with it, ``self`` of the code that
                # stored it too (a helper's back-reference to the window that made it)
                found = with_entry(found, inst.entry, ctx, inherited=True, handed=inst.entry.route in HANDED_ROUTES)
            else:
                found = with_entry(found, Entry("field", mod.name, nid, mod.short(nid)), ctx)
        elif found:
            found = with_entry(found, Entry("global", mod.name, nid, mod.short(nid)), ctx)
        return found

    def _creator(self, inst: Inst) -> Value:
        """What was called to make ``inst``, where its creation site is a call; else EMPTY."""
        cmod = self.program.modules.get(inst.site[0])
        if cmod is None or not 0 <= inst.site[1] < len(cmod.nodes) or cmod.nodes[inst.site[1]][0] != "Call":
            return EMPTY
        return self.value(cmod, cmod.nodes[inst.site[1]][1], HOME)

    def _copied(self, inst: Inst) -> bool:
        """Was ``inst`` made by copying another object (``copy.deepcopy(template)``)?"""
        return any(self.knowledge.call_role(r) == "copy" for r in self._creator(inst).refs())

    def _made_by_calling(self, qualname: str, inst: Inst) -> bool:
        """Was ``inst`` made by calling ``qualname`` itself (``Client()``), so that it is of that
        class and of none of its subclasses? Not by a factory (``copy.deepcopy(c)``, ``make()``)."""
        return inst.types == {qualname} and Ref(qualname) in self._creator(inst).atoms

    def _dispatch(self, qualname: str, attr: str, found: Optional[Tuple[str, int]], inst: Inst, ctx: Ctx,
                  site: Tuple[str, int]) -> Value:
        """``self.m()`` in a class's own code, on a thread, runs whichever override the object's
        class has: the project's subclasses that replace (or alone define) ``m`` are candidates
        too, so that what they do there is found. Only for ``self`` whose callers are not
        followed, and not at HOME, where the results would mix sibling subclasses' values into
        every object's fields."""
        if inst.site != SELF_SITE or ctx == HOME:
            return EMPTY
        return Value([Bound(Fn(*key), Value([inst]), site) for key in self.overrides(qualname, attr, found)])

    def _asserted(self, qualname: str, found: Value) -> Value:
        """What an object of a class that asserts ``Send``/``Sync`` holds is covered by the
        assertion (Rust's ``unsafe impl Send``): its fields' verdicts are the class's to answer."""
        asserted = self.class_traits(qualname).asserted
        send, sync = "Send" in asserted, "Sync" in asserted
        if not (send or sync) or not found:
            return found
        def cover(atom: Atom) -> Atom:
            if isinstance(atom, Inst):
                return replace(atom, not_send=None if send else atom.not_send,
                               not_sync=None if sync else atom.not_sync,
                               items=cover_value(atom.items) if atom.items is not None else None)
            return atom

        def cover_value(v: Value) -> Value:
            return v.map(cover)
        return cover_value(found)

    def _thread_field(self, qualname: str, attr: str, ctx: Ctx, mod: Module, nid: int) -> Value:
        """A field of a Thread subclass read by the code ``run()`` runs: it crosses at
        ``start()`` from where it was set, in a method (``__init__``) or by the spawner."""
        out = EMPTY
        for smod, site, value in self.field_sites(qualname, attr, ctx):
            method = smod.frame(site) if site >= 0 else 0
            cls = smod.class_of_method(method) if method else -1
            if smod.nodes[site][0] == "Attr" and cls < 0:
                base = smod.nodes[site][1]
                entry = Entry("set-field", smod.name, site, smod.short(site),
                              Handed(How.SET_ON, smod.short(base)), origin=(smod.name, site))
            else:
                where = self.display(smod, method) if method else smod.nodes[smod.enclosing(site, ("Cls",))][1] \
                    if smod.enclosing(site, ("Cls",)) >= 0 else qualname.rpartition(".")[2]
                entry = Entry("field", mod.name, nid, mod.short(nid), Handed(How.SET_IN, where),
                              origin=(smod.name, site))
            out = out.join(with_entry(value, entry, ctx))
        return out

    def property_getter(self, qualname: str, attr: str) -> Optional[Tuple[str, int]]:
        """The function reading ``attr`` on an object of the class runs: a ``@property`` (or
        ``cached_property``) method, or the getter of ``attr = property(fget)``."""
        key = (qualname, attr)
        if key in self._getters:
            return self._getters[key]
        found: Optional[Tuple[str, int]] = None
        method = self.find_method(qualname, attr)
        if method is not None:
            if self._is_property(self.program.modules[method[0]], method[1]):
                found = method
        else:
            found = self._property_call(qualname, attr)
        self._getters[key] = found
        return found

    def _property_call(self, qualname: str, attr: str) -> Optional[Tuple[str, int]]:
        """The getter of ``attr = property(fget, ...)`` in the nearest class that binds ``attr``."""
        for cls_name in self.mro(qualname):
            found = self.program.definition(cls_name)
            if found is None:
                continue
            cmod, cid = found
            sites = cmod.scopes[cid].bindings.get(attr, ()) if cid in cmod.scopes else ()
            for site in sites:
                parent = cmod.parent(site)
                asg = cmod.nodes[parent] if parent >= 0 else None
                if cmod.nodes[site][0] != "Name" or asg is None or asg[0] != "Asg" or cmod.nodes[asg[2]][0] != "Call":
                    continue
                call = cmod.nodes[asg[2]]
                if not any(r in PROPERTIES for r in self.value(cmod, call[1], HOME).refs()):
                    continue
                fget = next((arg for k, arg in call[2] if k in (None, "fget")), -1)
                for atom in self.value(cmod, fget, HOME).atoms:
                    if isinstance(atom, Fn):
                        return (atom.module, atom.node)
            if sites:
                return None  # the nearest binding decides
        return None

    def _is_property(self, mod: Module, fn: int) -> bool:
        for deco in mod.nodes[fn][3]:
            v = self.value(mod, deco, HOME)
            if any(r in PROPERTIES for r in v.refs()):
                return True
        return False

    def local_attribute(self, type_key: str, attr: str, ctx: Ctx) -> Value:
        """An attribute of a ``threading.local``: only what this thread stored there (the
        threads of one pool share what its initializer stored)."""
        out = EMPTY
        for c in self.frames.same_threads(ctx):
            for mod, store, frame, _ in self.attribute_stores(attr):
                if not (frame == 0 and c == HOME) and not (frame and self.frames.runs_in(mod, frame, c)):
                    continue
                receiver = self.value(mod, mod.nodes[store][1], c)
                if type_key in receiver.types:
                    out = out.join(self.stored_value(mod, store, c))
        return out

    # ------------------------------------------------------------------ fields
    def _constructed_field(self, qualname: str, attr: str, inst: Inst, ctx: Ctx) -> Optional[Value]:
        """The field of one object that its class's ``__init__`` alone sets, from a parameter
        (``self._on_drop = on_drop``): what the call that made this object passed there
        (``Q(self._account_drop)``), rather than what every construction of the class did.
        None when that cannot be told: another store, a class-level value, a container the
        project fills through the field, an argument not given plainly."""
        cmod = self.program.modules.get(inst.site[0])
        call = inst.site[1]
        if cmod is None or not self._made_by_calling(qualname, inst):
            return None
        sites = self.field_sites(qualname, attr, ctx, exact=True)
        if len(sites) != 1:
            return None
        smod, store, _ = sites[0]
        init = self.find_method(qualname, "__init__")
        if init is None or (smod.name, smod.frame(store)) != init or smod.nodes[store][0] != "Attr":
            return None
        stmt = smod.nodes[smod.parent(store)]
        receiver, value = smod.nodes[smod.nodes[store][1]], smod.nodes[stmt[2]] if stmt[0] == "Asg" else None
        params = smod.nodes[smod.nodes[init[1]][2]][1]
        if value is None or stmt[1] != (store,) or value[0] != "Name" or value[3] != init[1] or not params \
                or receiver[0] != "Name" or receiver[1:4:2] != (smod.nodes[params[0]][1], init[1]):
            return None
        sites_of = smod.scopes[init[1]].bindings.get(value[1], ())
        if len(sites_of) != 1 or sites_of[0] not in params:
            return None
        given = bind_arguments(smod, init[1], [(None, -1)] + [(k, a) for k, a in cmod.nodes[call][2]]) \
            .get(params.index(sites_of[0]))
        if not isinstance(given, list) or len(given) != 1 or not isinstance(given[0], int) or given[0] < 0:
            return None
        return self.value(cmod, given[0], inst.home if inst.home is not None else HOME)

    def field_value(self, qualname: str, attr: str, ctx: Ctx, own: bool = False, exact: bool = False) -> Value:
        """What the field may hold, read on ``ctx``; ``own``: of an object ``ctx`` made, so only
        what ``ctx`` stores there (and class-level values) counts; ``exact``: of an object of
        ``qualname`` itself, not of a subclass."""
        out = EMPTY
        for smod, site, value in self.field_sites(qualname, attr, ctx, exact):
            if own and site >= 0 and smod.nodes[site][0] == "Attr":
                frame = smod.frame(site)
                if frame and not self.frames.runs_in(smod, frame, ctx):
                    continue
            out = out.join(value)
        return out

    def field_sites(self, qualname: str, attr: str, ctx: Ctx, exact: bool = False
                    ) -> List[Tuple[Module, int, Value]]:
        """What each place that sets ``attr`` on an object of ``qualname`` stores there, on the
        thread that runs it: class-level bindings (module, binding node), stores ``x.attr = v``
        (module, Attr node), and what mutation adds to a container kept there (("", -1)).
        ``exact``: on an object made by calling ``qualname`` itself, which a subclass's own
        methods never see (``Pipeline.__init__`` does not run on a ``Client()``)."""
        key = (qualname, attr, ctx, exact)
        found = self._fields.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        if self._in_cycle(key):
            return []
        self._busy.add(key)
        try:
            result = self._field_sites(qualname, attr, ctx, exact)
        finally:
            self._busy.discard(key)
        self._fields[key] = result  # type: ignore[assignment]
        return result

    def _field_sites(self, qualname: str, attr: str, ctx: Ctx, exact: bool) -> List[Tuple[Module, int, Value]]:
        related = set(self.mro(qualname))
        out: List[Tuple[Module, int, Value]] = []
        # class-level declarations and assignments, in the class and its bases
        for cls_name in self.mro(qualname):
            found = self.program.definition(cls_name)
            if found is None:
                continue
            cmod, cid = found
            for site in cmod.scopes[cid].bindings.get(attr, ()):
                v = self.binding_value(cmod, site, mod_ctx(self.frames, cmod, cmod.frame(cid), ctx))
                if v:
                    out.append((cmod, site, v))
        unknown = False  # a store whose value is not known (no verdict)
        for mod, store, frame, owner in self.attribute_stores(attr):
            if not self._store_on(mod, store, owner, qualname, related, exact):
                continue
            if owner and frame and self._overridden(mod, frame, qualname):
                continue
            if frame == 0:
                v = self.stored_value(mod, store, HOME)
            elif self.frames.runs_in(mod, frame, ctx):
                v = self._stored_on(mod, store, frame, owner, qualname, ctx)
            else:
                v = EMPTY
                for c in self.frames.contexts(mod, frame):
                    v = v.join(self._stored_on(mod, store, frame, owner, qualname, c))
            if v:
                out.append((mod, store, v))
            if not v.interesting and not self._declaration(mod, store) and not self._placeholder(mod, store):
                unknown = True
        if not unknown and any(v.interesting for m, n, v in out if not self._declaration(m, n)):
            # `self.protocol: ServerProtocol` says what the stores put there, and stands for
            # them where they are not known (as an annotated parameter does): once every store
            # is known, it adds nothing
            out = [(m, n, v) for m, n, v in out if not self._declaration(m, n) or declared_asserts(v)]
        whole = EMPTY
        for _, _, v in out:
            whole = whole.join(v)
        mutated = self.mutation_items(("f", qualname, attr), ctx) if self.fillable(whole) else EMPTY
        if mutated:
            if not any(a.items is not None or CONTAINER in a.types for a in whole.insts):
                out.append((self.program.modules[next(iter(self.program.modules))], -1,
                            container(mutated, ("<field>", 0), None)))
            else:
                out = [(m, n, _with_items(v, mutated, ("<field>", 0))) for m, n, v in out]
        return out

    def _stored_on(self, mod: Module, store: int, frame: int, owner: str, qualname: str, ctx: Ctx) -> Value:
        """What the store puts on objects of ``qualname``, on ``ctx`` (``_stored_for``)."""
        if owner:
            found = self._stored_for(mod, store, frame, qualname, ctx)
            if found is not None:
                return found
        return self.stored_value(mod, store, ctx)

    @staticmethod
    def _placeholder(mod: Module, store: int) -> bool:
        """Is ``store`` the target of ``x.attr = None`` (or another constant)?"""
        parent = mod.nodes[mod.parent(store)]
        return parent[0] == "Asg" and mod.nodes[parent[2]][0] == "Const"

    @staticmethod
    def _declaration(mod: Module, site: int) -> bool:
        """Is ``site`` the target of an annotation without a value (``self.x: T``)?"""
        if site < 0 or mod.nodes[site][0] != "Attr":
            return False
        parent = mod.nodes[mod.parent(site)]
        return parent[0] == "Ann" and parent[3] < 0

    def stored_value(self, mod: Module, store: int, ctx: Ctx) -> Value:
        """The value an attribute store (an Attr target) stores."""
        parent = mod.parent(store)
        path: List[int] = []
        child = store
        while parent >= 0 and mod.nodes[parent][0] in ("Tuple", "List", "Star"):
            pnode = mod.nodes[parent]
            if pnode[0] != "Star":
                path.append(pnode[1].index(child))
            child, parent = parent, mod.parent(parent)
        if parent < 0:
            return EMPTY
        pnode = mod.nodes[parent]
        if pnode[0] == "Asg":
            return self._unpack(mod, pnode[2], path, ctx)
        if pnode[0] == "Aug":
            return self.value(mod, pnode[2], ctx)
        if pnode[0] == "Ann":
            declared = self.annotation_value(mod, pnode[2], declared_as("field", mod.nodes[store][2]), ctx)
            if pnode[3] < 0:
                return declared
            found = self.value(mod, pnode[3], ctx)
            if declared_asserts(declared):
                return assert_markers(found, declared)
            if mod.nodes[pnode[3]][0] == "Const":
                return EMPTY  # a placeholder: what the field holds comes from its other stores
            return found if found.interesting or not declared.interesting else declared
        if pnode[0] == "For":
            items = self.iterated(mod, pnode[2], ctx)
            return items.items() if path else items
        if pnode[0] == "With":
            for expr, target in pnode[1]:
                if target == child:
                    return self.entered(mod, expr, ctx)
        return EMPTY

    def attribute_stores(self, attr: str) -> List[Tuple[Module, int, int, str]]:
        """Every ``x.attr = ...`` in the project: (module, Attr node, frame, owner: the class
        whose method stores on its own ``self``, or "")."""
        return self.program.sites("store", attr)

    def _store_on(self, mod: Module, store: int, owner: str, qualname: str, related: Set[str],
                  exact: bool = False) -> bool:
        """Does ``x.attr = ...`` write to an object of class ``qualname`` (``related``: it and
        its bases)? A store on ``self`` in a method of the class (``owner``), a base or (unless
        ``exact``) a subclass does; any other store when ``x`` may be such an object."""
        if owner:
            full = f"{mod.name}.{owner}" if mod.name else owner
            return full in related or (not exact and full in self.subclasses(qualname))
        # another object's field: only a module that names the class (or one of its bases) can
        # hold one, short of values passed through modules that never name it (left out)
        if not (mod.facts.identifiers & {r.rpartition(".")[2] for r in related}):
            return False
        receiver = self.value(mod, mod.nodes[store][1], HOME)
        # an object of the class, or the class (or a base) itself: `Registry._instance = self`
        # sets what every object of it reads, short of its own
        return any(t in related or (not exact and qualname in self.mro(t)) for t in receiver.types) \
            or any(isinstance(a, Ref) and a.name in related for a in receiver.atoms)

    def _overridden(self, mod: Module, fn: int, qualname: str) -> bool:
        """Is the method ``fn`` (of a base of ``qualname``) replaced, for objects of ``qualname``,
        by an override that does not call it through ``super()``? Then what it stores is not
        stored on them."""
        node = mod.nodes[fn]
        if node[0] != "Def" or mod.class_of_method(fn) < 0:
            return False
        found = self.find_method(qualname, node[1])
        if found is None or found == (mod.name, fn):
            return False
        omod = self.program.modules[found[0]]
        params = omod.nodes[omod.nodes[found[1]][2]][1]
        selfname = omod.nodes[params[0]][1] if params else ""
        for nid in omod.body_nodes(found[1]):
            n = omod.nodes[nid]
            if n[0] == "Attr" and n[2] == node[1]:
                base = omod.nodes[n[1]]
                if base[0] == "Call" and omod.nodes[base[1]][0] == "Name" and omod.nodes[base[1]][1] == "super":
                    return False  # super()._init()
                if base[0] == "Name" and base[1] != selfname:
                    return False  # Base._init(self)
        return True

    # ------------------------------------------------------------------ containers filled by mutation
    def fillable(self, value: Value) -> bool:
        """Can ``append``/``d[k] = v`` on what holds ``value`` fill a container? Not when all it
        holds are library objects the knowledge describes as something else (``text["font"] = f``
        sets an option of a Tk widget)."""
        insts = list(value.insts)
        if not insts:
            return True
        for atom in insts:
            if atom.items is not None or not atom.types:
                return True
            if any(self.knowledge.type_fact(t) is None or self.knowledge.method_role(t, "__setitem__")
                   for t in atom.types):
                return True
        return False

    def mutation_items(self, location: tuple, ctx: Ctx) -> Value:
        """Values stored into the container held at ``location`` by ``append``, ``d[k] = v``...:
        ``("l", module, scope, name)`` a variable, ``("g", module, name)`` a global,
        ``("f", class, attr)`` a field."""
        name = location[-1]
        out = EMPTY
        # a variable is only mutated in its own module; a global or a field anywhere, but only
        # a module that names its class (or its module) can hold it
        only = location[1] if location[0] == "l" else None
        names: Optional[Set[str]] = None
        if location[0] == "f":
            names = {r.rpartition(".")[2] for r in self.mro(location[1])}
        for mod, nid, frame, kind in self.mutations(name, only):
            if names is not None and not (mod.facts.identifiers & names):
                continue
            if location[0] == "g" and mod.name != location[1] and not mod.binds(name) and not mod.facts.stars:
                continue  # only the module or one importing the name at module level binds it
            receiver = self._receiver(mod, nid)
            if receiver < 0 or not self._located(mod, receiver, location):
                continue
            for value_node in self._mutation_values(mod, nid, kind):
                if frame == 0:
                    out = out.join(self.value(mod, value_node, HOME))
                elif self.frames.runs_in(mod, frame, ctx):
                    out = out.join(self.value(mod, value_node, ctx))
                else:
                    for c in self.frames.contexts(mod, frame):
                        out = out.join(self.value(mod, value_node, c))
        return out

    def channel_items(self, channel: Inst) -> Value:
        """What any thread puts on this channel (a ``queue.Queue``), on the thread that puts it:
        the object is followed, not the variable (queues are handed from thread to thread)."""
        key = ("channel", channel.site)
        if self._in_cycle(key):
            return EMPTY
        self._busy.add(key)
        try:
            out = channel.items or EMPTY
            for name in self._put_methods():
                for mod, nid, frame in self.program.sites("call", name):
                    node = mod.nodes[nid]
                    func = mod.nodes[node[1]]
                    if func[0] != "Attr" or not node[2]:
                        continue
                    for c in (self.frames.contexts(mod, frame) if frame else [HOME]):
                        receiver = self.value(mod, func[1], c)
                        if any(a.site == channel.site for a in receiver.insts):
                            out = out.join(self.value(mod, node[2][0][1], c))
            return out
        finally:
            self._busy.discard(key)

    def _put_methods(self) -> List[str]:
        return sorted(self.knowledge.methods_with_role("put"))

    def mutations(self, name: str, only: Optional[str] = None) -> List[Tuple[Module, int, int, str]]:
        """(module, call or store node, frame, "call" or "store") of every mutation of a
        container held by something called ``name`` (in module ``only``, if given):
        ``name.append(v)``, ``x.name[k] = v``... From the index alone: no body is read."""
        key = (name, only)
        found = self._mutations.get(key)
        if found is not None:
            return found
        found = []
        mutators = self._mutators()
        def sites(kind: str) -> List[tuple]:
            return self.program.sites(kind, name) if only is None else self.program.sites_in(kind, name, only)
        for mod, nid, frame, method in sites("recv"):
            if method in mutators:
                found.append((mod, nid, frame, "call"))
        for mod, nid, frame in sites("sub"):
            found.append((mod, nid, frame, "store"))
        self._mutations[key] = found
        return found

    def _mutation_values(self, mod: Module, nid: int, kind: str) -> List[int]:
        """The nodes a mutation stores: the arguments of ``append(v)``, the value of ``d[k] = v``."""
        if kind == "call":
            return [arg for argkey, arg in mod.nodes[nid][2] if argkey != "**"]
        return [_store_source(mod, nid)]

    def _mutators(self) -> FrozenSet[str]:
        return self.knowledge.methods_with_role("mutator")

    def _receiver(self, mod: Module, nid: int) -> int:
        node = mod.nodes[nid]
        if node[0] == "Call":
            return mod.nodes[node[1]][1]
        return node[1]

    def _located(self, mod: Module, expr: int, location: tuple) -> bool:
        node = mod.nodes[expr]
        if location[0] == "l":
            return node[0] == "Name" and (mod.name, node[3], node[1]) == location[1:]
        if location[0] == "g":
            if node[0] == "Name" and node[3] == 0:
                return (mod.name, node[1]) == location[1:] or \
                    self._global_alias(mod, node[1]) == f"{location[1]}.{location[2]}"
            return False
        if node[0] != "Attr" or node[2] != location[2]:
            return False
        receiver = self.value(mod, node[1], HOME)
        return bool(receiver.types & set(self.mro(location[1]))) or \
            any(location[1] in self.mro(t) for t in receiver.types)

    def _global_alias(self, mod: Module, name: str) -> Optional[str]:
        return self.program.global_alias(mod, name)

    # ------------------------------------------------------------------ calls
    def call_value(self, mod: Module, nid: int, ctx: Ctx) -> Value:
        got = self.frames.spawn_result(mod, nid, ctx)
        if got is not None:
            return got
        node = mod.nodes[nid]
        callee = self.value(mod, node[1], ctx)
        if not callee:
            return EMPTY
        args: List[Tuple[Optional[str], object, int]] = [
            (key, _Lazy(self, mod, arg, ctx), arg) for key, arg in node[2]]
        return self.call_atoms(mod, nid, callee, args, ctx)

    def call_atoms(self, mod: Module, nid: int, callee: Value, args: List[tuple], ctx: Ctx) -> Value:
        out = EMPTY
        for atom in callee:
            out = out.join(self.call_atom(mod, nid, atom, args, ctx))
        return out

    def call_atom(self, mod: Module, nid: int, atom: Atom, args: List[tuple], ctx: Ctx) -> Value:
        if isinstance(atom, Ref):
            return self.call_ref(mod, nid, atom.name, args, ctx)
        if isinstance(atom, Fn):
            fmod = self.program.modules.get(atom.module)
            if fmod is None:
                return EMPTY
            return self.function_result(fmod, atom.node, ctx, mod, nid, cached=atom.home == "<cached>")
        if isinstance(atom, Bound):
            if isinstance(atom.func, Fn):
                fmod = self.program.modules.get(atom.func.module)
                if fmod is None:
                    return EMPTY
                return self.function_result(fmod, atom.func.node, ctx, mod, nid)
            return self.library_method(mod, nid, atom, args, ctx)
        if isinstance(atom, Partial):
            return self.call_atoms(mod, nid, atom.func, args, ctx)
        if isinstance(atom, Inst):
            out = EMPTY
            for t in sorted(atom.types):
                method = self.find_method(t, "__call__")
                if method is not None:
                    out = out.join(self.function_result(self.program.modules[method[0]], method[1], ctx, mod, nid))
                known = self.knowledge.method(t, "__call__")
                if known is not None:
                    out = out.join(self.instance_of(known.returns, mod, nid, ctx))
            return out
        return EMPTY

    def made_by(self, mod: Module, nid: int, made: Factory, ctx: Ctx) -> Value:
        """What the call ``nid`` of a factory makes: its type, or a variant's for the arguments
        given, or the released type when the object is given away (``moveToThread``)."""
        returns, note = made.returns, made.note
        for variant in made.variants:
            if _variant_applies(mod, nid, variant):
                returns, note = variant.returns, variant.note
        if made.released_by and _released(mod, nid, made.released_by):
            returns, note = made.released, ""
        origin = Origin.OBTAINED if made.obtained and note else Origin.CREATED_WITH if note else Origin.CREATED
        value = self.instance_of(returns, mod, nid, ctx, origin, note)
        if made.running_loop or made.running_in_coroutine and self._loop_side(mod, nid) \
                or made.main_runs and ctx == HOME and self._main_loop(mod, nid, made):
            value = _on_loop(value)
        return value

    def _main_loop(self, mod: Module, nid: int, made: Factory) -> bool:
        """Is the call ``nid`` of ``made`` (``asyncio.get_event_loop()``) run by the main thread
        and the loop it returns there the one the main thread runs?"""
        frame = mod.frame(nid)
        if frame and not self.frames.runs_in(mod, frame, HOME):
            return False
        key = made.names[0]
        found = self._main_loops.get(key)
        if found is None:
            found = self._main_loops[key] = self._runs_main_loop(made)
        return found

    def _runs_main_loop(self, made: Factory) -> bool:
        """Does code on the main thread call ``run_until_complete`` (a ``made.main_runs``) on
        what ``made`` returned there, spelled as that call or as a name bound to it alone, with
        no call in the project that installs another loop?"""
        if any(self.program.sites("call", name.rpartition(".")[2]) for name in made.main_replaced_by):
            return False
        for method in made.main_runs:
            for mod, call, frame in self.program.sites("call", method):
                if frame and (self._in_coroutine(mod, call) or not self.frames.runs_in(mod, frame, HOME)):
                    continue
                func = mod.nodes[mod.nodes[call][1]]
                if func[0] == "Attr" and self._made_here(mod, func[1], made):
                    return True
        return False

    def _made_here(self, mod: Module, expr: int, made: Factory) -> bool:
        """Is ``expr`` a call of ``made``, or a name whose every binding is one?"""
        node = mod.nodes[expr]
        if node[0] == "Call":
            return self._annotation_ref(mod, node[1]) in made.names
        values = sole_values(mod, expr)
        return values is not None and all(mod.nodes[v][0] == "Call" and self._made_here(mod, v, made) for v in values)

    def _loop_side(self, mod: Module, nid: int) -> bool:
        """Does ``nid`` run where an event loop is running: in a coroutine, or in the
        ``__init__`` of a class whose methods are coroutines (``self._loop =
        asyncio.get_event_loop()`` in a client its users make in a coroutine)? Only the
        constructor: the class's other plain methods may be its API for other threads (an
        event loop's own ``create_future``)."""
        frame = mod.frame(nid)
        if not frame:
            return False
        if mod.is_coroutine(frame):
            return True
        if mod.kind(frame) != "Def" or mod.nodes[frame][1] != "__init__":
            return False
        cls = mod.class_of(frame)
        if cls < 0:
            return False
        found = self._async_classes.get((mod.name, cls))
        if found is None:
            body = mod.nodes[cls][5]
            found = self._async_classes[(mod.name, cls)] = any(
                mod.kind(stmt) == "Def" and mod.is_coroutine(stmt) for stmt in body)
        return found

    @staticmethod
    def _in_coroutine(mod: Module, nid: int) -> bool:
        """Does ``nid`` run in the body of an ``async def`` (not a lambda or def inside it)?"""
        frame = mod.frame(nid)
        return bool(frame) and mod.is_coroutine(frame)

    def call_ref(self, mod: Module, nid: int, ref: str, args: List[tuple], ctx: Ctx) -> Value:
        knowledge = self.knowledge
        made = knowledge.factory(ref)
        if made is not None:
            return self.made_by(mod, nid, made, ctx)
        if knowledge.type_fact(ref) is not None:
            return self.instance_of(ref, mod, nid, ctx)
        role = knowledge.call_role(ref)
        if role == "partial" and args:
            func = resolve(args[0][1])
            bound = tuple((key, resolve(v), node) for key, v, node in args[1:])
            return Value([Partial(func, bound, (mod.name, nid))])
        if role == "container":
            if not args:  # `dict()` is a mapping to be filled, as `{}` is
                return container(EMPTY, (mod.name, nid), ctx, mapping=True) if ref in MAPPING_CALLS else EMPTY
            given = resolve(args[0][1])
            items = given.iterated()  # `sorted(d)`, `list(d)`: a dict's keys
            if ref in MAPPING_CALLS:  # `dict(d)`: its values; `dict(d.items())`: the pairs' values
                items = given.items()
                items = Value(a for a in items.atoms if not (isinstance(a, Inst) and PAIR in a.types)).join(
                    self.element(items, 1, ctx))
                return container(items, (mod.name, nid), ctx, mapping=True) if items else EMPTY
            return container(items, (mod.name, nid), ctx) if items else EMPTY
        if role == "iterator":
            items = EMPTY
            for key, v, _ in args:
                if key is None or key == "*":
                    items = items.join(resolve(v).iterated())
            return self.instance_of(ITERATOR, mod, nid, ctx, Origin.ITERATOR_CALL, mod.short(mod.nodes[nid][1]),
                                    items=items)
        if role == "copy":
            # a new object of each class the argument may be, this thread's own; what a class
            # with a copy hook of its own (`__deepcopy__` may return self) gives is not known
            return Value(a if any(self.find_method(t, hook) is not None for t in a.types for hook in COPY_HOOKS)
                         else replace(a, site=(mod.name, nid), home=ctx, entry=None, loop=False)
                         for a in resolve(args[0][1]).insts) if args else EMPTY
        if role == "next":
            out = EMPTY
            if args:
                out = resolve(args[0][1]).items()
            if len(args) > 1:
                out = out.join(resolve(args[1][1]))
            return out
        if role == "field":
            out = EMPTY
            for key, v, _ in args:
                if key in FIELD_DEFAULT:
                    out = out.join(resolve(v))
                elif key in FIELD_FACTORY:
                    out = out.join(self.call_atoms(mod, nid, resolve(v), [], ctx))
            return out
        if role == "super":
            fn = mod.frame(nid)
            cls = mod.class_of_method(fn) if fn else -1
            if cls < 0:
                return EMPTY
            qualname = self.qualname(mod, cls)
            bases = [b for b in self.mro(qualname) if b != qualname]
            # the object itself, seen as its base: no dispatch to overrides from here
            return Value([Inst(SUPER_SITE, frozenset(bases[:1]), None, None, None)]) if bases else EMPTY
        if role == "getattr":
            if len(args) >= 2:
                key_node = mod.nodes[args[1][2]] if args[1][2] >= 0 else None
                if key_node is not None and key_node[0] == "Const" and isinstance(key_node[1], str):
                    receiver = resolve(args[0][1])
                    out = EMPTY
                    for atom in receiver.insts:
                        out = out.join(self.instance_attribute(atom, key_node[1], ctx, mod, nid))
                    return out
            return EMPTY
        found = self.program.definition(ref)
        if found is not None and found[0].nodes[found[1]][0] == "Cls":
            return self.instance(mod, nid, ref, ctx)
        return EMPTY

    def instance(self, mod: Module, nid: int, qualname: str, ctx: Ctx) -> Value:
        """A new instance of a project class, made by the call ``nid``."""
        traits = self.class_traits(qualname)
        types = frozenset({qualname})
        for t in self.mro(qualname):
            if self.knowledge.type_fact(t) is not None:
                types |= {t}
        return Value([Inst((mod.name, nid), types, traits.not_send, traits.not_sync, ctx)])

    def library_roles(self, callee: Value) -> Set[Optional[str]]:
        """What the library code ``callee`` may be does with what it is given (the roles of
        ``knowledge.calls``): a library function's call role, a library method's method role."""
        roles: Set[Optional[str]] = set()
        for atom in callee.atoms:
            if isinstance(atom, Ref):
                roles.add(self.knowledge.call_role(atom.name))
            elif isinstance(atom, Bound) and isinstance(atom.func, Ref):
                owner, _, name = atom.func.name.rpartition(".")
                roles.add(self.knowledge.method_role(owner, name))
        return roles

    def library_method(self, mod: Module, nid: int, bound: Bound, args: List[tuple], ctx: Ctx) -> Value:
        assert isinstance(bound.func, Ref)
        owner, _, name = bound.func.name.rpartition(".")
        known = self.knowledge.method(owner, name)
        if known is not None:
            value = self.instance_of(known.returns, mod, nid, ctx)
            if known.same_loop and any(a.loop for a in bound.self_value.insts):
                value = _on_loop(value)  # a future of a running loop is in use by its thread
            elif known.same_loop:
                # a future of a loop one thread of the project runs is in use by that thread
                runners = {t for a in bound.self_value.insts for t in self.frames.loop_threads(a.site)}
                if len(runners) == 1:
                    value = _on_loop(value, home=next(iter(runners)))
            return value
        role = self.knowledge.method_role(owner, name)
        if role == "get":
            out = EMPTY
            for atom in bound.self_value.insts:
                out = out.join(self.channel_items(atom))
            return with_entry(out, Entry("back", mod.name, nid, mod.short(nid)), ctx)
        if role == "reader":
            # an item another thread put there (a task's result, a queue item) comes back here
            return with_entry(bound.self_value.items(), Entry("back", mod.name, nid, mod.short(nid)), ctx)
        if role == "view":
            items = bound.self_value.items()
            # `d.copy()` of a dict is a dict (iterating it gives keys); `d.values()` is not
            mapping = name == "copy" and any(MAPPING in a.types for a in bound.self_value.insts)
            return container(items, (mod.name, nid), ctx, mapping=mapping) if items else EMPTY
        if role == "pairs":  # `d.items()`: (key, value) pairs, whose values are what it holds
            items = bound.self_value.items()
            if not items:
                return EMPTY
            pair = Inst((mod.name, nid), frozenset({PAIR}), items.not_send, items.not_sync, ctx, items=items)
            return container(Value([pair]), (mod.name, nid), ctx)
        return EMPTY

    def instance_of(self, key: str, mod: Module, nid: int, ctx: Ctx, origin: Origin = Origin.CREATED,
                    detail: str = "", items: Value = EMPTY) -> Value:
        """An instance of ``key`` created (or declared) by ``nid``: NotSend/NotSync per the
        knowledge, with ``nid`` as the origin."""
        fact = self.knowledge.type_fact(key)
        trait = None
        if fact is not None and self.strictness != "minimal" and (fact.not_send or fact.not_sync):
            trait = Trait(fact.label, origin, mod.path, mod.line(nid), detail, **_origin(mod, nid))
        return Value([Inst((mod.name, nid), frozenset({key}), trait if fact and fact.not_send else None,
                           trait if fact and fact.not_sync else None, ctx, items=items or None)])

    def generator(self, mod: Module, nid: int, ctx: Ctx, origin: Origin, detail: str, items: Value) -> Value:
        return self.instance_of(GENERATOR_TYPE, mod, nid, ctx, origin, detail, items=items)

    def function_result(self, fmod: Module, fn: int, ctx: Ctx, mod: Module, call: int,
                        cached: bool = False) -> Value:
        node = fmod.nodes[fn]
        if node[0] == "Def" and node[6] & GENERATOR:
            display = self.display(fmod, fn)
            return self.generator(mod, call, ctx, Origin.GENERATOR_CALL, display, self.yielded(fmod, fn, ctx))
        if cached:
            out = EMPTY
            for c in self.frames.contexts(fmod, fn):
                out = out.join(self.returned(fmod, fn, c))
            return with_entry(out, Entry("cached", mod.name, call, mod.short(call), origin=(fmod.name, fn)), ctx)
        result = self.returned(fmod, fn, ctx)
        if node[0] == "Def" and node[4] >= 0:
            declared = self.annotation_value(fmod, node[4], declared_as("return", self.display(fmod, fn)),
                                             ctx, site=(mod, call))
            if declared_asserts(declared):
                return assert_markers(result, declared)
            if result.interesting:
                return result  # what the body creates says more than the annotation
            return declared.join(result)
        return result

    def returned(self, fmod: Module, fn: int, ctx: Ctx) -> Value:
        """The union of what ``fn``'s return statements (or a lambda's body) evaluate to."""
        key = (fmod.name, fn, ctx)
        found = self._returns.get(key)
        if found is not None:
            return found
        if self._in_cycle(key):
            return EMPTY
        self._busy.add(key)
        try:
            node = fmod.nodes[fn]
            out = EMPTY
            if node[0] == "Lam":
                out = self.value(fmod, node[2], ctx)
            else:
                for nid in fmod.body_nodes(fn):
                    if fmod.nodes[nid][0] == "Ret" and fmod.nodes[nid][1] >= 0:
                        out = out.join(self.value(fmod, fmod.nodes[nid][1], ctx))
        finally:
            self._busy.discard(key)
        self._returns[key] = out
        return out

    def yielded(self, fmod: Module, fn: int, ctx: Ctx) -> Value:
        out = EMPTY
        for nid in fmod.body_nodes(fn):
            node = fmod.nodes[nid]
            if node[0] == "Yield" and node[1] >= 0:
                v = self.value(fmod, node[1], ctx)
                if v.not_send:
                    out = out.join(v)
        return out

    def display(self, mod: Module, fn: int) -> str:
        node = mod.nodes[fn]
        if node[0] == "Lam":
            return LAMBDA
        cls = mod.class_of_method(fn)
        return f"{mod.nodes[cls][1]}.{node[1]}" if cls >= 0 else node[1]

    # ------------------------------------------------------------------ annotations
    def marker_of(self, mod: Module, nid: int) -> Optional[str]:
        if mod.nodes[nid][0] not in ("Name", "Attr"):
            return None
        for r in self.value(mod, nid, HOME).refs():
            if r in MARKERS:
                return MARKERS[r]
        return None

    def _annotation_ref(self, mod: Module, nid: int) -> Optional[str]:
        node = mod.nodes[nid]
        if node[0] == "Const" and isinstance(node[1], str):
            return None
        refs = sorted(self.value(mod, nid, HOME).refs())
        return refs[0] if refs else None

    def annotation_value(self, mod: Module, nid: int, role: str, ctx: Ctx,
                         site: Optional[Tuple[Module, int]] = None) -> Value:
        """The value a declaration of this type holds. ``role``: "parameter `x` annotated"."""
        node = mod.nodes[nid]
        at_mod, at_node = site if site is not None else (mod, nid)
        if node[0] == "Sub":
            base = self._annotation_ref(mod, node[1]) or ""
            slice_node = mod.nodes[node[2]]
            args = list(slice_node[1]) if slice_node[0] == "Tuple" else [node[2]]
            marker = MARKERS.get(base)
            if marker is not None:
                inner = self.annotation_value(mod, args[0], role, ctx, site) if args else EMPTY
                return self._apply_markers(mod, nid, inner, [marker], args[0] if args else -1, role, ctx, site)
            if base in ANNOTATED and args:
                inner = self.annotation_value(mod, args[0], role, ctx, site)
                markers = [m for m in (self.marker_of(mod, a) for a in args[1:]) if m]
                return self._apply_markers(mod, nid, inner, markers, args[0], role, ctx, site) if markers else inner
            if base in TRANSPARENT:
                return self.annotation_value(mod, args[0], role, ctx, site) if args else EMPTY
            if base in UNION:
                out = EMPTY
                for arg in args:
                    out = out.join(self.annotation_value(mod, arg, role, ctx, site))
                return out
            if base in CONTAINERS:
                items = EMPTY
                for arg in (args[-1:] if base in MAPPINGS else args):
                    if mod.nodes[arg][0] != "Const":
                        items = items.join(self.annotation_value(mod, arg, role, ctx, site))
                return container(items, (at_mod.name, at_node), None) if items else EMPTY
            return self._type_annotation(mod, node[1], role, ctx, site)
        if node[0] == "Op" and len(node[1]) == 2:  # `A | B`
            return self.annotation_value(mod, node[1][0], role, ctx, site).join(
                self.annotation_value(mod, node[1][1], role, ctx, site))
        if node[0] in ("Name", "Attr"):
            return self._type_annotation(mod, nid, role, ctx, site)
        return EMPTY

    def _type_annotation(self, mod: Module, nid: int, role: str, ctx: Ctx,
                         site: Optional[Tuple[Module, int]]) -> Value:
        ref = self._annotation_ref(mod, nid)
        if not ref or ref in MARKERS:
            return EMPTY
        at_mod, at_node = site if site is not None else (mod, nid)
        if self.knowledge.type_fact(ref) is not None:
            value = self.instance_of(ref, at_mod, at_node, ctx, Origin.ANNOTATED, f"{role} `{mod.code(nid)}`")
            if site is None:
                value = value.map(lambda a: replace(a, home=None) if isinstance(a, Inst) else a)
            return value
        if self.program.definition(ref) is not None:
            traits = self.class_traits(ref)
            home = ctx if site is not None else None
            return Value([Inst((at_mod.name, at_node), frozenset({ref}), traits.not_send, traits.not_sync, home)])
        return Value([Inst((at_mod.name, at_node), frozenset({ref}), None, None, None)])

    def _apply_markers(self, mod: Module, nid: int, inner: Value, markers: List[str], typ: int, role: str,
                       ctx: Ctx, site: Optional[Tuple[Module, int]]) -> Value:
        what = _type_label(mod, typ) if typ >= 0 else "value"
        at_mod, at_node = site if site is not None else (mod, nid)
        line = mod.line(nid)
        home = ctx if site is not None else None
        atoms = list(inner.insts) or [Inst((at_mod.name, at_node), frozenset(), None, None, home)]
        out = []
        for atom in atoms:
            not_send, not_sync = atom.not_send, atom.not_sync
            send_ok = sync_ok = False
            for marker in markers:
                trait = Trait(what, Origin.ANNOTATED_MARKER, mod.path, line, f"{role} {marker}",
                              **_origin(mod, nid))
                if marker == "NotSend":
                    not_send = trait
                elif marker == "NotSync":
                    not_sync = trait
                elif marker == "Send":
                    not_send, send_ok = None, True
                elif marker == "Sync":
                    not_sync, sync_ok = None, True
            out.append(replace(atom, not_send=not_send, not_sync=not_sync, send_asserted=send_ok,
                               sync_asserted=sync_ok))
        return Value(out)

    # ------------------------------------------------------------------ classes
    def mro(self, qualname: str) -> List[str]:
        """The class and its bases, project and library, in lookup order (breadth first)."""
        found = self._mros.get(qualname)
        if found is None:
            found = self._mros[qualname] = self._mro(qualname)
        return found

    def _mro(self, qualname: str) -> List[str]:
        out: List[str] = []
        todo = [qualname]
        while todo:
            current = todo.pop(0)
            if current in out:
                continue
            out.append(current)
            found = self.program.definition(current)
            if found is None:
                continue
            cmod, cid = found
            for base in cmod.nodes[cid][2]:
                expr = base
                if cmod.nodes[expr][0] == "Sub":
                    expr = cmod.nodes[expr][1]
                ref = self._annotation_ref(cmod, expr)
                if ref and ref not in MARKERS:
                    todo.append(ref)
        return out

    def subclasses(self, qualname: str) -> List[str]:
        """The project's classes that derive from ``qualname`` (itself left out), resolved."""
        found = self._subclasses.get(qualname)
        if found is None:
            short = qualname.rpartition(".")[2]
            found = []
            for name in sorted(self.program.subclass_names({short}) - {short}):
                for sub in self.program.classes_named(name):
                    if sub != qualname and qualname in self.mro(sub):
                        found.append(sub)
            self._subclasses[qualname] = found
        return found

    def overrides(self, qualname: str, name: str, found: Optional[Tuple[str, int]]) -> List[Tuple[str, int]]:
        """The methods ``name`` of the project's subclasses of ``qualname`` that replace
        ``found`` (what ``qualname`` itself has), in a stable order."""
        key = (qualname, name)
        cached = self._overrides.get(key)
        if cached is not None:
            return cached
        out: List[Tuple[str, int]] = []
        subs = self.subclasses(qualname)
        if len(subs) <= MAX_SUBCLASSES:
            for sub in subs:
                method = self.find_method(sub, name)
                if method is not None and method != found and method not in out:
                    out.append(method)
        if len(out) > MAX_OVERRIDES:
            out = []  # a hook everybody fills in (a test case's setUp): no override in particular
        out.sort()
        self._overrides[key] = out
        return out

    def library_base(self, qualname: str) -> Optional[str]:
        """The first base of a project class the knowledge describes (``tkinter.Toplevel``)."""
        for base in self.mro(qualname):
            if self.knowledge.type_fact(base) is not None and self.program.definition(base) is None:
                return base
        return None

    def find_method(self, qualname: str, name: str) -> Optional[Tuple[str, int]]:
        """(module, Def node) of the method ``name`` a project class or its bases define."""
        key = (qualname, name)
        found = self._methods.get(key, self._methods)
        if found is self._methods:
            found = self._methods[key] = self._find_method(qualname, name)
        return found  # type: ignore[return-value]

    def _find_method(self, qualname: str, name: str) -> Optional[Tuple[str, int]]:
        for cls_name in self.mro(qualname):
            found = self.program.definition(cls_name)
            if found is None:
                continue
            cmod, cid = found
            defs = [site for site in cmod.scopes[cid].bindings.get(name, ()) if cmod.nodes[site][0] == "Def"]
            if defs:
                # `@overload` stubs come first and do nothing: the implementation is what runs
                real = [site for site in defs if not self._static(cmod, site, ("overload",))]
                return cmod.name, (real or defs)[0]
        return None

    def class_traits(self, qualname: str, receiver: Optional[str] = None) -> ClassTraits:
        """What makes objects of ``qualname`` NotSend or NotSync. ``receiver``: a subclass whose
        objects are asked about; the fields a base's methods store are then what those objects
        get (``_held``)."""
        memo = qualname if receiver is None or receiver == qualname else (qualname, receiver)
        found = self._classes.get(memo)
        if found is not None:
            return found
        key = ("class", memo)
        if self._in_cycle(key):
            return ClassTraits()
        self._busy.add(key)
        try:
            traits = self._class_traits(qualname, receiver or qualname)
        finally:
            self._busy.discard(key)
        self._classes[memo] = traits
        return traits

    def _class_traits(self, qualname: str, receiver: str) -> ClassTraits:
        traits = ClassTraits()
        found = self.program.definition(qualname)
        if found is None:
            return traits
        mod, cid = found
        name = mod.nodes[cid][1]
        for base in mod.nodes[cid][2]:
            expr = mod.nodes[base][1] if mod.nodes[base][0] == "Sub" else base
            ref = self._annotation_ref(mod, expr)
            if not ref:
                continue
            line = mod.line(base)
            marker = MARKERS.get(ref)
            if marker is not None:
                traits.asserted.setdefault(marker, (mod.name, base))
                trait = Trait(name, Origin.MARKED, mod.path, line, marker, **_origin(mod, base))
                if marker == "NotSend":
                    traits.not_send = traits.not_send or trait
                elif marker == "NotSync":
                    traits.not_sync = traits.not_sync or trait
                continue
            if ref in THREAD_CLASSES:
                traits.thread = True
            fact = self.knowledge.type_fact(ref)
            if fact is not None:
                if fact.not_send or fact.not_sync:
                    traits.library_base = True
                if self.strictness != "minimal":
                    inherited = Trait(name, Origin.SUBCLASS, mod.path, line, ref,
                                      inner=Trait(fact.label, Origin.DOCUMENTED, mod.path, line, **_origin(mod, base)),
                                      **_origin(mod, base))
                    if fact.not_send:
                        traits.not_send = traits.not_send or inherited
                    if fact.not_sync:
                        traits.not_sync = traits.not_sync or inherited
                continue
            base_def = self.program.definition(ref)
            if base_def is not None:
                parent = self.class_traits(ref, receiver)
                base_name = base_def[0].nodes[base_def[1]][1]
                traits.thread = traits.thread or parent.thread
                traits.library_base = traits.library_base or parent.library_base
                for m in ("Send", "Sync"):
                    if m in parent.asserted and m not in traits.asserted:
                        traits.asserted[m] = parent.asserted[m]
                if parent.not_send and not traits.not_send:
                    traits.not_send = Trait(name, Origin.SUBCLASS, mod.path, line, base_name, inner=parent.not_send,
                                            **_origin(mod, base))
                if parent.not_sync and not traits.not_sync:
                    traits.not_sync = Trait(name, Origin.SUBCLASS, mod.path, line, base_name, inner=parent.not_sync,
                                            **_origin(mod, base))
        for fname, places in self.fields_of(qualname).items():
            if traits.not_send and traits.not_sync:
                break
            for fmod, site, method in places:
                if traits.thread and method >= 0 and fmod.nodes[method][1] == "run":
                    continue  # fields first created in run() stay on the new thread
                not_send, not_sync = self._held(fmod, site, method, receiver)
                if not_send and not traits.not_send:
                    traits.not_send = Trait(name, Origin.HOLDS, fmod.path, fmod.line(site), fname,
                                            inner=not_send, field=fname, **_origin(fmod, site))
                if not_sync and not traits.not_sync:
                    traits.not_sync = Trait(name, Origin.HOLDS, fmod.path, fmod.line(site), fname,
                                            inner=not_sync, field=fname, **_origin(fmod, site))
        if "Send" in traits.asserted:
            traits.not_send = None
        if "Sync" in traits.asserted:
            traits.not_sync = None
        return traits

    def fields_of(self, qualname: str) -> Dict[str, List[Tuple[Module, int, int]]]:
        """Every field a class (and its project bases) declares or stores on ``self``:
        name -> [(module, the target or binding node, the method storing it or -1)]. Shared:
        not to be changed by the caller."""
        found = self._fields_of.get(qualname)
        if found is None:
            found = self._fields_of[qualname] = self._find_fields(qualname)
        return found

    def _find_fields(self, qualname: str) -> Dict[str, List[Tuple[Module, int, int]]]:
        out: Dict[str, List[Tuple[Module, int, int]]] = {}
        for cls_name in reversed(self.mro(qualname)):
            found = self.program.definition(cls_name)
            if found is None:
                continue
            cmod, cid = found
            for fname, sites in cmod.scopes[cid].bindings.items():
                for site in sites:
                    if cmod.nodes[site][0] in ("Name",):
                        out.setdefault(fname, []).append((cmod, site, -1))
            for site, selfname in _methods_and_first_params(cmod, cid, lambda m, d: not self._static(m, d)):
                for nid in cmod.body_nodes(site):
                    node = cmod.nodes[nid]
                    if node[0] == "Attr" and node[3] == "S":
                        base = cmod.nodes[node[1]]
                        if base[0] == "Name" and base[1] == selfname and base[3] == site:
                            out.setdefault(node[2], []).append((cmod, nid, site))
        return out

    def _held(self, mod: Module, site: int, method: int, receiver: str
              ) -> Tuple[Optional[Trait], Optional[Trait]]:
        """The verdicts of what the store ``site`` (in ``method``, -1 for a class-level binding)
        puts on objects of ``receiver``. A method of a base that stores its own parameter
        (``self.resource = resource``) stores there only what the calls made on such objects
        hand it: ``super().__init__(conn)`` in one subclass says nothing of another's objects;
        one that stores what its own method returns stores what ``receiver``'s method does."""
        v = self.field_site_value(mod, site)
        if method < 0 or not v.interesting and self._own_method_call(mod, site, method) is None:
            return v.not_send, v.not_sync
        given = self._stored_for(mod, site, method, receiver, HOME)
        return (v.not_send, v.not_sync) if given is None else (given.not_send, given.not_sync)

    def _stored_for(self, mod: Module, site: int, method: int, receiver: str, ctx: Ctx) -> Optional[Value]:
        """What the store ``site`` in ``method`` (of a base of ``receiver``) puts on objects of
        ``receiver`` when it stores a parameter of the method as it is, or the result of a
        method of its own object that ``receiver`` replaces or alone defines
        (``self._connection = self.get_connection()``). None: the store's value stands."""
        cls = mod.class_of_method(method)
        if cls < 0 or self.qualname(mod, cls) == receiver:
            return None
        pid = self._stored_parameter(mod, site, method)
        if pid is not None:
            return self.param_value(mod, pid, ctx, receiver)
        call = self._own_method_call(mod, site, method)
        owner = self.qualname(mod, cls)
        if call is None or owner not in self.mro(receiver):
            return None  # asked of a base of the storing class: any of its subclasses' methods
        name = mod.nodes[mod.nodes[call][1]][2]
        found = self.find_method(receiver, name)
        if found is None or found == self.find_method(owner, name):
            return None
        return self.function_result(self.program.modules[found[0]], found[1], ctx, mod, call)

    @staticmethod
    def _own_method_call(mod: Module, site: int, method: int) -> Optional[int]:
        """The call the store ``site`` stores the result of, if it is ``self.m(...)`` on the
        object of ``method``."""
        parent = mod.nodes[mod.parent(site)]
        if parent[0] != "Asg" or parent[1] != (site,) or mod.nodes[parent[2]][0] != "Call":
            return None
        func = mod.nodes[mod.nodes[parent[2]][1]]
        params = mod.nodes[mod.nodes[method][2]][1]
        if func[0] != "Attr" or not params:
            return None
        base = mod.nodes[func[1]]
        if base[0] != "Name" or base[3] != method or base[1] != mod.nodes[params[0]][1]:
            return None
        return parent[2]

    @staticmethod
    def _stored_parameter(mod: Module, site: int, method: int) -> Optional[int]:
        """The parameter of ``method`` that the store ``site`` stores as it is (``self.x = x``,
        the parameter not bound again, not annotated, not the first), if that is all it does."""
        parent = mod.nodes[mod.parent(site)]
        if parent[0] != "Asg" or parent[1] != (site,):
            return None
        value = mod.nodes[parent[2]]
        if value[0] != "Name" or value[3] != method:
            return None
        return Evaluator._own_parameter(mod, method, value[1])

    @staticmethod
    def _own_parameter(mod: Module, method: int, name: str) -> Optional[int]:
        """The parameter ``name`` of ``method`` if it is one, not the first, not annotated and
        not bound again in the body (what a call gives it is what it holds)."""
        if mod.nodes[method][0] != "Def":
            return None
        sites = mod.scopes[method].bindings.get(name, ())
        if len(sites) != 1 or mod.nodes[sites[0]][0] != "Param":
            return None
        param = mod.nodes[sites[0]]
        params = mod.nodes[mod.nodes[method][2]][1]
        if param[3] >= 0 or param[2] not in (POSONLY, NORMAL, KWONLY) or sites[0] not in params[1:]:
            return None
        return sites[0]

    def _may_be(self, value: Value, receiver: str) -> bool:
        """May ``value`` (what a call hands a method as ``self``) be an object of ``receiver``?
        Yes unless each of its objects is of a class known to be neither ``receiver``, nor a
        base or a subclass of it."""
        insts = [a for a in value.insts if a.types]
        if not insts or len(insts) != len(value.atoms):
            return True
        return any(t == receiver or receiver in self.mro(t) or t in self.mro(receiver)
                   for a in insts for t in a.types)

    def field_site_value(self, mod: Module, site: int) -> Value:
        if mod.nodes[site][0] == "Attr":
            return self.stored_value(mod, site, HOME)
        return self.binding_value(mod, site, HOME)


# ---------------------------------------------------------------------- arguments
class _Lazy:
    """An argument evaluated only if a parameter needs it."""

    __slots__ = ("ev", "mod", "nid", "ctx")

    def __init__(self, ev: Evaluator, mod: Module, nid: int, ctx: Ctx) -> None:
        self.ev, self.mod, self.nid, self.ctx = ev, mod, nid, ctx

    def get(self) -> Value:
        return self.ev.value(self.mod, self.nid, self.ctx)


def parameter_reads(program: "Program", callee: Value, args: Sequence[tuple], arg: int
                    ) -> Optional[List[Tuple[Module, List[int]]]]:
    """For a call handing the node ``arg`` among ``args`` (``(keyword, node)`` in call order)
    to ``callee``: each function it may run, with every read of the one parameter ``arg``
    binds there (nested functions included). None unless every function is a plain ``def``
    of the project, ``arg`` binds one parameter, and that parameter is read and never bound
    again."""
    if not callee.atoms:
        return None
    out: List[Tuple[Module, List[int]]] = []
    for atom in callee.atoms:
        if isinstance(atom, Fn):
            fn, first = atom, []
        elif isinstance(atom, Bound) and isinstance(atom.func, Fn):
            fn, first = atom.func, [(None, -1)]
        else:
            return None
        fmod = program.modules.get(fn.module)
        if fmod is None or fmod.nodes[fn.node][0] != "Def" or fmod.is_coroutine(fn.node):
            return None
        bound = bind_arguments(fmod, fn.node, first + [(k, a) for k, a in args])
        params = [i for i, given in bound.items()
                  if isinstance(given, list) and any(isinstance(g, int) and g == arg for g in given)]
        if len(params) != 1:
            return None
        name = fmod.nodes[fmod.nodes[fmod.nodes[fn.node][2]][1][params[0]]][1]
        reads = [n for n in fmod.walk(fn.node) if fmod.nodes[n][0] == "Name" and fmod.nodes[n][1] == name
                 and fmod.nodes[n][3] == fn.node]
        if not reads or any(fmod.nodes[n][2] != "L" for n in reads):
            return None
        out.append((fmod, reads))
    return out


def bind_arguments(mod: Module, fn: int, args: Sequence[tuple]) -> Dict[int, object]:
    """Which argument (a value, or a lazy one) goes to which parameter (by index) of ``fn``.
    ``args``: (keyword or None or "*" or "**", value[, node]) in call order."""
    fnode = mod.nodes[fn]
    params = [mod.nodes[p] for p in mod.nodes[fnode[2] if fnode[0] == "Def" else fnode[1]][1]]
    positional = [i for i, p in enumerate(params) if p[2] in (POSONLY, NORMAL)]
    by_name = {p[1]: i for i, p in enumerate(params) if p[2] in (NORMAL, KWONLY)}
    vararg = next((i for i, p in enumerate(params) if p[2] == VARARG), None)
    kwarg = next((i for i, p in enumerate(params) if p[2] == KWARG), None)
    out: Dict[int, list] = {}
    pos = 0
    unknown_position = False
    for arg in args:
        key, value = arg[0], arg[1]
        if key is None:
            if unknown_position:
                continue
            if pos < len(positional):
                out.setdefault(positional[pos], []).append(value)
            elif vararg is not None:
                out.setdefault(vararg, []).append(_Container(value))
            pos += 1
        elif key == "*":
            # spread: its items may go to any positional parameter from here on
            for i in positional[pos:]:
                out.setdefault(i, []).append(_Items(value))
            if vararg is not None:
                out.setdefault(vararg, []).append(value)
            unknown_position = True
        elif key == "**":
            for name, i in by_name.items():
                out.setdefault(i, []).append(_Items(value))
            if kwarg is not None:
                out.setdefault(kwarg, []).append(value)
        elif key in by_name:
            out.setdefault(by_name[key], []).append(value)
        elif kwarg is not None:
            out.setdefault(kwarg, []).append(_Container(value))
    return out  # type: ignore[return-value]


class _Items:
    __slots__ = ("inner",)

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def get(self) -> Value:
        return resolve(self.inner).items()


class _Container:
    __slots__ = ("inner",)

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def get(self) -> Value:
        items = resolve(self.inner)
        return container(items, ("<args>", 0), None) if items else EMPTY


_LAZY = (_Lazy, _Items, _Container)


def resolve(v: object) -> Value:
    """A bound argument's value: lazy ones evaluated, lists of them joined."""
    if isinstance(v, _LAZY):
        return v.get()  # type: ignore[union-attr]
    if isinstance(v, list):
        out = EMPTY
        for item in v:
            out = out.join(resolve(item))
        return out
    return v  # type: ignore[return-value]


# ---------------------------------------------------------------------- helpers
def mod_ctx(frames: Frames, mod: Module, frame: int, ctx: Ctx) -> Ctx:
    """The thread to evaluate code of ``frame`` on, when a value of it is needed on ``ctx``:
    ``ctx`` itself when the frame runs there, else the frame's first thread."""
    if frame == 0:
        return HOME
    if frames.runs_in(mod, frame, ctx):
        return ctx
    found = frames.contexts(mod, frame)
    return found[0] if found else HOME


def declared_asserts(declared: Value) -> bool:
    return any(isinstance(a, Inst) and (a.send_asserted or a.sync_asserted) for a in declared)


def assert_markers(found: Value, declared: Value) -> Value:
    """``found``, overridden by what a ``Send``/``Sync`` annotation asserts."""
    send = any(isinstance(a, Inst) and a.send_asserted for a in declared)
    sync = any(isinstance(a, Inst) and a.sync_asserted for a in declared)
    out = []
    for a in found:
        if isinstance(a, Inst):
            a = replace(a, not_send=None if send else a.not_send, not_sync=None if sync else a.not_sync,
                        send_asserted=send, sync_asserted=sync)
        out.append(a)
    for a in declared:
        if isinstance(a, Inst) and not found:
            out.append(a)
    return Value(out)


#: statements whose blocks run at most once each time the statement runs
_ONCE = frozenset({"If", "With", "Try", "Handler"})
#: methods by which a class decides what copying its objects gives (`copy.deepcopy`)
COPY_HOOKS = ("__deepcopy__", "__reduce__", "__reduce_ex__", "__copy__")


def closure_sites(mod: Module, read: int, scope: int) -> Optional[Tuple[int, ...]]:
    """The one binding of a variable of function ``scope`` that the closure reading it
    (``read``) can see, when there is one: the last binding before the statement that makes
    the closure, on every way there (``loop = asyncio.new_event_loop()`` in an ``except``
    block whose ``try`` bound ``loop = asyncio.get_running_loop()``), with no binding of it
    after that statement or inside another function. Else the bindings outside the other
    branch of an ``if`` whose one branch makes the closure, or ``None``: every binding may be
    seen."""
    sites = mod.scopes[scope].bindings.get(mod.nodes[read][1], ())
    if len(sites) < 2:
        return None
    # the statement of `scope`'s own code that makes the closure (a `def`, or one holding a lambda)
    child, parent, block = read, -1, None
    for parent in mod.ancestors(read):
        if mod.frame(child) == scope:
            block = block_holding(mod.nodes[parent], child)
            if block is not None:
                break
        if parent == scope:
            return None
        child = parent
    if block is None:
        return None
    made = mod.pos(child)
    looped = any(mod.nodes[a][0] in ("For", "While") for a in _up_to(mod, child, scope))
    apart = () if looped else tuple(site for site in sites if other_branches(mod, child, site))
    if apart:
        # `if a: x = f(); t = Thread(target=lambda: x) / else: x = g()`: the closure never sees g()
        sites = tuple(site for site in sites if site not in apart)
        if len(sites) < 2:
            return sites or None
    if any(mod.frame(site) != scope or mod.pos(site) >= made or child in mod.ancestors(site) for site in sites):
        # bound again after the closure is made, by its own statement, or elsewhere (`nonlocal`)
        return sites if apart else None
    every = sites if apart else None
    if looped:
        return None  # in a loop: the next pass binds it again while this pass's closure may run
    found = last_assigned(mod, child, parent, block, sites)
    return every if found < 0 else (found,)


def last_stores(mod: Module, read: int) -> Tuple[int, ...]:
    """The stores ``x.attr = value`` that a read of ``x.attr`` sees, when its own function made
    one of them on every way to the read (``self.loop = asyncio.new_event_loop()`` and then
    ``asyncio.set_event_loop(self.loop)``; or one in each branch of an ``if``/``else`` before
    it): no other store of ``attr`` in between, ``x`` a name never bound again, neither in a
    loop around both nor in a comprehension or lambda. Empty when there are none. What a call in
    between may store there is not looked at: the field reads as what was just stored (as a
    local variable would)."""
    _, base, attr, _ = mod.nodes[read]
    if attr not in mod.facts.index.get("store", NO_USES):
        return ()
    frame = mod.frame(read)
    stores = [entry[0] for entry in mod.facts.index["store"][attr] if entry[1] == frame]
    if not stores:
        return ()
    first, here = min(mod.pos(s) for s in stores), mod.pos(read)
    for nid in mod.body_nodes(frame):
        node = mod.nodes[nid]
        if first < mod.pos(nid) < here and (node[0] == "Del" or node[0] == "Call" and _names(mod, node[1])
                                             in ("setattr", "delattr", "vars", "__setattr__")
                                             or node[0] == "Attr" and node[2] == "__dict__"):
            return ()  # `del x.attr` (a class attribute shows again), `setattr(x, name, v)`, `vars(x)[k] = v`
    name, scope = mod.nodes[base][1], mod.nodes[base][3]
    if scope < 0 or scope not in mod.scopes or len(mod.scopes[scope].bindings.get(name, ())) > 1:
        return ()
    held = statement_of(mod, read)
    if held is None or any(mod.nodes[a][0] in ("Comp", "Lam") for a in _up_to(mod, read, held[1])):
        return ()  # a comprehension or lambda runs later, or once for each item
    found = _last_assigned(mod, *held, stores, branches=True)
    return found if found and all(mod.nodes[mod.nodes[f][1]][:2] == ("Name", name) for f in found) else ()


def _copies(found: Value, copy: Inst, depth: int = 0) -> Value:
    """What a field of a deep copy holds: copies of the objects the field holds, made where
    ``copy`` was, on its thread (and so on inside containers)."""
    if depth > 3:
        return found
    return found.map(lambda a: replace(a, site=copy.site, home=copy.home, entry=None, loop=False,
                                       items=_copies(a.items, copy, depth + 1) if a.items is not None else None)
                     if isinstance(a, Inst) else a)


def _narrowed(read: Value, stored: Value) -> Value:
    """The objects of a field's value (``read``) that the store it sees (``stored``) put there:
    the objects of the field's other stores are not there. Unchanged when the store's value
    holds no object the field's value has (it is not known)."""
    sites = {a.site for a in stored.insts}
    kept = [a for a in read if not isinstance(a, Inst) or a.site in sites]
    if not any(isinstance(a, Inst) for a in kept):
        return read
    return Value(kept)


def last_assigned(mod: Module, child: int, parent: int, block: Tuple[int, ...], sites: Sequence[int]) -> int:
    """The one of ``sites`` (targets) that holds on every way to the statement ``child`` of
    ``block`` (in ``parent``), as ``_last_assigned`` finds it; -1 when there is none."""
    found = _last_assigned(mod, child, parent, block, sites)
    return found[0] if found else -1


def _last_assigned(mod: Module, child: int, parent: int, block: Tuple[int, ...], sites: Sequence[int],
                   branches: bool = False) -> Tuple[int, ...]:
    """The ones of ``sites`` (targets) that hold on every way to the statement ``child`` of
    ``block`` (in ``parent``): the target of a plain ``target = value`` statement before it, with
    no other site in between, in its block or in an ``if``/``with``/``try`` or a loop around it
    (a loop with no site in it); with ``branches``, also one such target at the end of each
    branch of an ``if``/``else`` before it. Empty when there is none: a site in a branch
    (short of that), a loop or an unpacking, or none before the start of the function."""
    while True:
        for prev in reversed(block[:block.index(child)]):
            if not any(mod.within(site, prev) for site in sites):
                continue
            return _assigned_at_end(mod, (prev,), sites, branches)
        kind = mod.nodes[parent][0]
        if kind not in _ONCE and kind not in ("For", "While"):
            return ()  # the start of the function
        if kind == "Handler":  # from an `except` block to its `try` statement
            parent = mod.parent(parent)
        # a binding elsewhere in the statement (the `try` body before a handler, a later
        # statement of a loop's body on the pass before) may have run
        if any(mod.within(site, parent) for site in sites):
            return ()
        child, parent = parent, mod.parent(parent)
        found = block_holding(mod.nodes[parent], child) if parent >= 0 else None
        if found is None:
            return ()
        block = found


def _assigned_at_end(mod: Module, block: Sequence[int], sites: Sequence[int], branches: bool) -> Tuple[int, ...]:
    """The ones of ``sites`` that hold at the end of ``block`` on every way through it, found
    from its last statement that holds one: a plain ``target = value``, or (``branches``) an
    ``if``/``else`` whose test holds none and each of whose branches ends so. Empty otherwise."""
    for stmt in reversed(block):
        inside = [site for site in sites if mod.within(site, stmt)]
        if not inside:
            continue
        node = mod.nodes[stmt]
        if node[0] == "Asg" and len(node[1]) == 1 and inside == [node[1][0]]:
            return (inside[0],)  # `x = value`, on every way on
        if branches and node[0] == "If" and node[3] and not any(mod.within(site, node[1]) for site in sites):
            body = _assigned_at_end(mod, node[2], sites, branches)
            orelse = _assigned_at_end(mod, node[3], sites, branches) if body else ()
            return body + orelse if orelse else ()
        return ()  # bound in a branch, a loop, by unpacking...
    return ()


def _up_to(mod: Module, nid: int, stop: int) -> Iterator[int]:
    """The ancestors of ``nid`` below ``stop``."""
    for a in mod.ancestors(nid):
        if a == stop:
            return
        yield a


#: the crossings that hand an object over (not a global, or a field of a shared object, that
#: another thread reads)
HANDED_ROUTES = frozenset({"self", "argument", "partial", "capture"})


def _with_items(value: Value, items: Value, site: Tuple[str, int]) -> Value:
    """``value`` with ``items`` added to every container it holds (or a container of them)."""
    conts = [a for a in value.insts if a.items is not None or CONTAINER in a.types]
    if not conts:
        return value.join(container(items, site, None))

    def add(atom: Atom) -> Atom:
        if isinstance(atom, Inst) and atom in conts:
            merged = (atom.items or EMPTY).join(items)
            return replace(atom, items=merged, not_send=atom.not_send or merged.not_send,
                           not_sync=atom.not_sync or merged.not_sync)
        return atom
    return value.map(add)


def _names(mod: Module, nid: int) -> Optional[str]:
    """The last name of a receiver expression (``x`` of ``x``, ``f`` of ``a.f``)."""
    node = mod.nodes[nid]
    if node[0] == "Name":
        return node[1]
    if node[0] == "Attr":
        return node[2]
    return None


def _holding(mod: Module, nid: int) -> bool:
    """Is ``nid`` a ``with`` block, or a ``try`` whose ``finally`` releases something (what a
    wrapper holds a lock with)?"""
    node = mod.nodes[nid]
    if node[0] == "With":
        return True
    if node[0] != "Try":
        return False
    return any(mod.nodes[n][0] == "Attr" and mod.nodes[n][2] == "release"
               for stmt in node[4] for n in mod.walk(stmt, into_functions=False))


def _names_parameter(mod: Module, fn: int, nid: int, param: str, depth: int = 0) -> bool:
    """Is ``nid`` (in the body of ``fn``) the parameter ``param`` itself, read by its name or
    through a local name bound to nothing else (``clazz = method_or_class; return clazz``)?"""
    node = mod.nodes[nid]
    if node[0] != "Name" or node[3] != fn:
        return False
    if node[1] == param:  # and never rebound (`f = wrap(f); return f` is not `f`)
        return all(mod.nodes[b][0] != "Name" for b in mod.scopes[fn].bindings.get(param, ()))
    values = sole_values(mod, nid) if depth < 3 else None
    return values is not None and all(_names_parameter(mod, fn, v, param, depth + 1) for v in values)


def _store_source(mod: Module, store: int) -> int:
    parent = mod.parent(store)
    pnode = mod.nodes[parent] if parent >= 0 else None
    if pnode is not None and pnode[0] in ("Asg", "Aug"):
        return pnode[2]
    if pnode is not None and pnode[0] == "Ann":
        return pnode[3]
    return -1


def _on_loop(value: Value, home: Optional[Ctx] = None) -> Value:
    """``value``'s objects as in use by the event loop running where they were made, or on the
    thread ``home`` that runs the loop they were made on."""
    return value.map(lambda a: replace(a, loop=True, home=home or a.home) if isinstance(a, Inst) else a)


def _variant_applies(mod: Module, call: int, variant) -> bool:
    args = mod.nodes[call][2]
    arg = next((a for k, a in args if k == variant.keyword), None)
    if arg is None and variant.position is not None:
        positional = [(k, a) for k, a in args if k in (None, "*")]
        if variant.position < len(positional) and not any(k == "*" for k, _ in positional[: variant.position + 1]):
            arg = positional[variant.position][1]
    if arg is None:
        return False
    node = mod.nodes[arg]
    if variant.given:
        return node != ("Const", None)
    if variant.contains:
        return node[0] == "Const" and isinstance(node[1], str) and variant.literal in node[1]
    if variant.unknown and node[0] != "Const":
        return True
    return mod.code(arg).strip() == variant.literal


def _released(mod: Module, call: int, methods: Sequence[str]) -> bool:
    """Does the code call one of ``methods`` on what the result of ``call`` is bound to,
    spelled the same way: a name in the same function, ``self.x`` in a method of the same class
    (``self.timer = QTimer()`` ... ``self.timer.moveToThread(t)``)?"""
    parent = mod.parent(call)
    node = mod.nodes[parent] if parent >= 0 else None
    if node is None or node[0] != "Asg" or node[2] != call or len(node[1]) != 1:
        return False
    target = node[1][0]
    if mod.nodes[target][0] not in ("Name", "Attr"):
        return False
    spelled = mod.code(target).strip()
    last = mod.nodes[target][1] if mod.nodes[target][0] == "Name" else mod.nodes[target][2]
    here = mod.frame(call)
    owner = mod.class_of_method(here) if here and spelled.startswith("self.") else -1
    for site, frame, method in mod.facts.index.get("recv", NO_USES).get(last, ()):
        if method not in methods or mod.code(mod.nodes[mod.nodes[site][1]][1]).strip() != spelled:
            continue
        if frame == here or (owner >= 0 and frame and mod.class_of_method(frame) == owner):
            return True
    return False


def _origin(mod: Module, nid: int) -> Dict[str, Any]:
    """Where a trait's origin is, beyond its line: the column and end of ``nid``'s code."""
    where = mod.place(nid)
    return {"col": where.col, "end": (where.end_line, where.end_col)}


def _type_label(mod: Module, nid: int) -> str:
    node = mod.nodes[nid]
    if node[0] == "Sub":
        nid = node[1]
        node = mod.nodes[nid]
    if node[0] == "Attr":
        return node[2] if node[2] not in ("Connection", "Cursor") else mod.code(nid)
    if node[0] == "Name":
        return node[1]
    return mod.code(nid)



def _methods_and_first_params(mod: Module, cls: int, keep: Callable[[Module, int], bool]
                              ) -> Iterator[Tuple[int, str]]:
    """The methods a class's body defines that ``keep`` keeps, each with the name of its first
    parameter (``self``, ``cls``); methods without parameters are left out."""
    for stmt in mod.nodes[cls][5]:
        if mod.nodes[stmt][0] != "Def" or not keep(mod, stmt):
            continue
        params = mod.nodes[mod.nodes[stmt][2]][1]
        if params:
            yield stmt, mod.nodes[params[0]][1]

__all__ = ["ClassTraits", "Edge", "Evaluator", "Frames", "bind_arguments"]


def _identity(atom: object) -> object:
    """What an atom is, whatever crossing it carries: an object by its creation site, a function
    by its node, a name by itself, a bound method by its function."""
    if isinstance(atom, Inst):
        return atom.site
    if isinstance(atom, Fn):
        return (atom.module, atom.node)
    if isinstance(atom, Bound):
        return ("bound", _identity(atom.func), atom.node)
    if isinstance(atom, Partial):
        return ("partial", atom.site)
    return atom
