"""What each thread does to the objects it reaches: its *uses* (operations).

A use is an operation on an object: calling one of its library methods, iterating it (``for``,
``next()``, ``list(x)``), awaiting it, entering it (``with``), storing an attribute on a library
object (not on an object of a project class: that attribute is the object's own), or handing it
to library code (which counts as operating on what it receives). Binding
is not operating: ``functools.partial(channel.publish, ...)`` or a bound method handed to a
bridge operates on nothing until it runs, on the thread it runs on. Reaching an object is not
operating either: a thread that touches only ``self.queue`` and plain attributes of a window
operates on neither the window nor its widgets.

What counts is what the object *is*: a library type with a verdict, a class the user marked, a
class whose base is such a library type (its inherited methods are the library's). A class
that is NotSend only because of a field is operated on where its methods touch that field: the
walk goes into those methods, and the use is found there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterator, List

from ..knowledge import CONTAINER, Knowledge
from .evaluate import Evaluator
from .program import Module, Program
from .threads import Threads, Walk
from ..rules.wording import Origin
from .values import HOME, Bound, Ctx, Inst, Ref

#: method roles that do not operate on their receiver
_NOT_OPERATING = frozenset({"threadsafe", "harmless", "bridge", "mutator", "reader", "view", "put", "get",
                            "enter"})
#: call roles that do not operate on their arguments
_PASSIVE_CALLS = frozenset({"harmless", "bridge", "partial", "cache", "transparent", "super", "getattr",
                            "setattr", "publish", "subscribe"})
#: call roles that iterate their first argument
_ITERATING = frozenset({"container", "iterator", "next"})


@dataclass(frozen=True)
class Use:
    ctx: Ctx
    module: str
    fn: int  # the function whose code operates
    node: int  # where: the receiver or argument expression
    kind: str  # "call", "iterate", "await", "with", "argument", "store", "target"
    atom: Inst
    locks: FrozenSet[object]
    detail: str = ""  # the method called, for messages


class Effects:
    def __init__(self, program: Program, knowledge: Knowledge, ev: Evaluator, threads: Threads) -> None:
        self.program = program
        self.knowledge = knowledge
        self.ev = ev
        self.threads = threads
        self._marked: Dict[str, bool] = {}
        self._properties: Dict[tuple, bool] = {}

    def uses(self, walk: Walk) -> List[Use]:
        """Every use of an object with a verdict by the code ``walk`` runs."""
        out: List[Use] = []
        for key, reached in sorted(walk.funcs.items()):
            mod = self.program.modules[key[0]]
            held = reached.locks or frozenset()
            out.extend(self.function_uses(mod, key[1], walk.ctx, held))
        for node, value, library, method in walk.direct:
            spawn = walk.spawn
            if spawn is None:
                continue
            for atom in value.insts:
                if method and self.safe_method(atom, method):
                    continue  # a bound method documented to leave its object alone (``conn.interrupt``)
                if self.operable(atom) and (self.declared(atom) or (library and self._library_object(atom))
                                            or any(self.marked(t) for t in atom.types)):
                    out.append(Use(walk.ctx, spawn.mod.name, spawn.spawner, node, "target", atom, frozenset()))
        return out

    def function_uses(self, mod: Module, fn: int, ctx: Ctx, held: FrozenSet[object] = frozenset()
                      ) -> Iterator[Use]:
        for nid in mod.body_nodes(fn):
            node = mod.nodes[nid]
            kind = node[0]
            if kind == "Call":
                yield from self._call(mod, fn, nid, ctx, held)
            elif kind == "For":
                yield from self._on(mod, fn, node[2], ctx, "iterate", held)
            elif kind == "Comp":
                for _, it, _ in node[4]:
                    yield from self._on(mod, fn, it, ctx, "iterate", held)
            elif kind == "YFrom":
                yield from self._on(mod, fn, node[1], ctx, "iterate", held)
            elif kind == "Await":
                if not self.threads.by_call.get((mod.name, node[1])):
                    yield from self._on(mod, fn, node[1], ctx, "await", held)
            elif kind == "With":
                for expr, _ in node[1]:
                    yield from self._on(mod, fn, expr, ctx, "with", held, exclude_locks=True)
            elif kind == "Attr" and node[3] == "S":
                yield from self._store(mod, fn, nid, node[1], node[2], ctx, held)
            elif kind == "Sub" and node[3] == "S":
                yield from self._item_store(mod, fn, node[1], ctx, held)

    def _store(self, mod: Module, fn: int, nid: int, receiver: int, attr: str, ctx: Ctx,
               held: FrozenSet[object]) -> Iterator[Use]:
        for atom in self.ev.value(mod, receiver, ctx).insts:
            # on a library object an attribute may be a setting (`conn.isolation_level`); on an
            # object of a project class it is that object's own (`self.done = True` on a
            # Toplevel subclass sets a Python attribute, no Tcl call)
            if self.operable(atom) and (any(self.knowledge.type_fact(t) is not None for t in atom.types)
                                        or any(self._property(t, attr) for t in atom.types)):
                yield Use(ctx, mod.name, fn, receiver, "store", atom, self._locks(mod, nid, ctx, held), attr)

    def _runs_library(self, inst: Inst, owner: str, method: str) -> bool:
        """Is running the library method ``owner.method`` on ``inst`` an operation on it? The
        library's own method (``super().destroy()`` in a Frame subclass that overrides
        ``destroy``) is judged by the library's table, not by the project's override."""
        if any(self.threads.safe_method(t, method) for t in inst.types):
            return False
        if self.knowledge.type_fact(owner) is not None:
            return self.knowledge.method_role(owner, method) not in _NOT_OPERATING
        return self._operates(inst, method)

    def _item_store(self, mod: Module, fn: int, receiver: int, ctx: Ctx, held: FrozenSet[object]
                    ) -> Iterator[Use]:
        """``w["text"] = ...``: on a library object the knowledge describes (a Tk widget, whose
        items are its options), a call of its ``__setitem__``; a container's items are what
        the value flow follows instead."""
        for atom in self.ev.value(mod, receiver, ctx).insts:
            if self.operable(atom) and any(self.knowledge.type_fact(t) is not None for t in atom.types) \
                    and self._operates(atom, "__setitem__"):
                yield Use(ctx, mod.name, fn, receiver, "call", atom, self._locks(mod, receiver, ctx, held),
                          "__setitem__")

    def _property(self, qualname: str, attr: str) -> bool:
        """Is ``attr`` a property of a project class derived from a toolkit widget (a Kivy
        property it inherits, or one its class body declares with ``StringProperty()``...)?
        Assigning it dispatches events and redraws: an operation on the widget."""
        key = (qualname, attr)
        found = self._properties.get(key)
        if found is None:
            found = False
            mro = self.ev.mro(qualname)
            if any(self.knowledge.properties(base) for base in mro):
                found = any(attr in self.knowledge.properties(base) for base in mro) or any(
                    self._declares_property(cls, attr) for cls in mro)
            self._properties[key] = found
        return found

    def _declares_property(self, qualname: str, attr: str) -> bool:
        found = self.program.definition(qualname)
        if found is None:
            return False
        cmod, cid = found
        for site in cmod.scopes[cid].bindings.get(attr, ()):
            stmt = cmod.nodes[cmod.parent(site)] if cmod.parent(site) >= 0 else None
            value = stmt[2] if stmt is not None and stmt[0] == "Asg" else (
                stmt[3] if stmt is not None and stmt[0] == "Ann" else None)
            if value is not None and value >= 0 and cmod.nodes[value][0] == "Call":
                refs = self.ev.value(cmod, cmod.nodes[value][1], HOME).refs()
                if any(r in self.knowledge.property_factories for r in refs):
                    return True
        return False

    def _locks(self, mod: Module, nid: int, ctx: Ctx, held: FrozenSet[object]) -> FrozenSet[object]:
        return held | self.threads.locks_at(mod, nid, ctx)

    def _on(self, mod: Module, fn: int, expr: int, ctx: Ctx, kind: str, held: FrozenSet[object],
            exclude_locks: bool = False, detail: str = "") -> Iterator[Use]:
        value = self.ev.value(mod, expr, ctx)
        for atom in value.insts:
            if not self.operable(atom):
                continue
            if exclude_locks and any(getattr(self.knowledge.type_fact(t), "lock", False) for t in atom.types):
                continue
            yield Use(ctx, mod.name, fn, expr, kind, atom, self._locks(mod, expr, ctx, held), detail)

    def _call(self, mod: Module, fn: int, nid: int, ctx: Ctx, held: FrozenSet[object]) -> Iterator[Use]:
        ev, knowledge = self.ev, self.knowledge
        node = mod.nodes[nid]
        func = mod.nodes[node[1]]
        if self.threads.by_call.get((mod.name, nid)):
            return  # a spawn: what it hands over is used on the new thread, not here
        callee = ev.value(mod, node[1], ctx)
        spelled: FrozenSet[Inst] = frozenset()
        if func[0] == "Attr":
            receiver = ev.value(mod, func[1], ctx)
            spelled = frozenset(receiver.insts)
            method = func[2]
            for inst in receiver.insts:
                if not self.operable(inst):
                    continue
                if self._operates(inst, method):
                    yield Use(ctx, mod.name, fn, func[1], "call", inst, self._locks(mod, nid, ctx, held), method)
        for atom in callee:
            # a library method bound elsewhere and called here (`cb(x)` given `queue.put_nowait`):
            # it runs now, on this thread, on the object it was bound to
            if isinstance(atom, Bound) and isinstance(atom.func, Ref):
                owner, _, method = atom.func.name.rpartition(".")
                for inst in atom.self_value.insts:
                    if inst not in spelled and self.operable(inst) and self._runs_library(inst, owner, method):
                        yield Use(ctx, mod.name, fn, node[1], "call", inst, self._locks(mod, nid, ctx, held), method)
        # library code handed objects operates on them
        passive = True
        iterating = False
        for atom in callee:
            if isinstance(atom, Ref):
                if self.program.definition(atom.name) is not None:
                    continue
                role = knowledge.call_role(atom.name)
                if role == "setattr" and node[2]:
                    name = mod.nodes[node[2][1][1]] if len(node[2]) > 1 else None
                    attr = name[1] if name is not None and name[0] == "Const" and isinstance(name[1], str) else ""
                    yield from self._store(mod, fn, nid, node[2][0][1], attr, ctx, held)
                elif role in _ITERATING:
                    iterating = True
                elif role not in _PASSIVE_CALLS and knowledge.boundary_call(atom.name) is None:
                    passive = False
            elif isinstance(atom, Bound) and isinstance(atom.func, Ref):
                owner, _, name = atom.func.name.rpartition(".")
                role = knowledge.method_role(owner, name)
                if role in (None,) and knowledge.boundary_method(owner, name) is None:
                    passive = False
        if not passive or iterating:
            for index, (key, arg) in enumerate(node[2]):
                if passive and (index > 0 or key is not None):
                    continue  # only the iterated argument
                yield from self._on(mod, fn, arg, ctx, "iterate" if iterating and index == 0 else "argument",
                                    held)

    def operable(self, atom: Inst) -> bool:
        """Can a use of this object be wrong: does it have a verdict of its own (not one it
        only inherits from what it holds)?"""
        if not (atom.not_send or atom.not_sync or atom.loop):
            return False
        if atom.items is not None and CONTAINER in atom.types:
            return False
        return self.declared(atom) or any(self._own_verdict(t) for t in atom.types) or not atom.types

    @staticmethod
    def declared(atom: Inst) -> bool:
        """Marked NotSend/NotSync where it was declared (``x: NotSend[T]``): every method call
        on it is an operation, as for a class the user marked."""
        return any(t is not None and t.origin is Origin.ANNOTATED_MARKER for t in (atom.not_send, atom.not_sync))

    def _own_verdict(self, type_key: str) -> bool:
        fact = self.knowledge.type_fact(type_key)
        if fact is not None:
            return fact.not_send or fact.not_sync
        return self.marked(type_key) or self.ev.class_traits(type_key).library_base

    def marked(self, qualname: str) -> bool:
        """A class the user marked NotSend or NotSync (or a subclass of one)."""
        found = self._marked.get(qualname)
        if found is None:
            found = False
            for cls in self.ev.mro(qualname):
                traits = self.ev.class_traits(cls)
                if "NotSend" in traits.asserted or "NotSync" in traits.asserted:
                    found = True
                    break
            self._marked[qualname] = found
        return found

    def _library_object(self, atom: Inst) -> bool:
        return any(self.knowledge.type_fact(t) is not None or self.ev.class_traits(t).library_base
                   for t in atom.types)

    def safe_method(self, atom: Inst, method: str) -> bool:
        """Is ``method`` one that the tables or the project's ``thread-safe`` list say may be
        called on this object from any thread? (Not merely a method that is no operation in
        a call's sense, such as a container's ``get``.)"""
        return any(self.knowledge.method_role(t, method) in ("threadsafe", "bridge")
                   or self.threads.safe_method(t, method) for t in atom.types)

    def _operates(self, atom: Inst, method: str) -> bool:
        """Is calling ``method`` on this object an operation on it?"""
        if any(self.threads.safe_method(t, method) for t in atom.types):
            return False  # the project declares the method safe to call from any thread
        if self.declared(atom):
            return self.knowledge.method_role(None, method) not in _NOT_OPERATING
        for t in sorted(atom.types):
            if self.knowledge.type_fact(t) is not None:
                role = self.knowledge.method_role(t, method)
                return role not in _NOT_OPERATING
            if self.marked(t):
                return True  # a class the user marked: any method call uses it
            if self.ev.find_method(t, method) is not None or self.ev.overrides(t, method, None):
                return False  # the project's own method (or its subclasses'): the walk looks inside
            if self.ev.class_traits(t).library_base:
                for base in self.ev.mro(t):
                    if self.knowledge.type_fact(base) is not None:
                        return self.knowledge.method_role(base, method) not in _NOT_OPERATING
                return True
        return not atom.types


__all__ = ["Effects", "Use"]
