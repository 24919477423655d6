"""What sendsync knows without annotations: verdicts of library types and the thread boundaries.

Everything is data (``types.py``, ``thirdparty.py``, ``boundaries.py``); ``Knowledge`` only
indexes it, together with what a project's configuration adds (``[tool.sendsync]``).
"""
from __future__ import annotations

import copy

from typing import Dict, FrozenSet, Iterable, Optional, Set, Tuple

from . import calls, thirdparty, toolkits
from .installed import Installed, InstalledTypes
from .boundaries import (
    BOUNDARIES, CERTAIN_EXECUTOR, JOINS, POOL_JOINS, POOLED, UNCERTAIN_EXECUTORS, Arg, Boundary,
)
from .calls import (
    CALLS, CONTAINER, FIELD_DEFAULT, FIELD_FACTORY, FUTURE, GENERATOR_TYPE, ITERATOR, LOOP_BRIDGES, LOOP_RUNS, MAPPING, MAPPING_CALLS, PAIR,
    PROPERTIES, REGISTERS, THREAD, CallFact, LoopBridge, MethodFact,
)
from .types import FACTORIES, METHODS, TYPES, Factory, Method, TypeFact, Variant

ALL_TYPES: Tuple[TypeFact, ...] = TYPES + thirdparty.TYPES + toolkits.TYPES
ALL_FACTORIES: Tuple[Factory, ...] = FACTORIES + thirdparty.FACTORIES + toolkits.FACTORIES
ALL_METHODS: Tuple[Method, ...] = METHODS + thirdparty.METHODS + toolkits.METHODS
ALL_CALLS: Tuple[CallFact, ...] = CALLS + toolkits.CALLS
ALL_METHOD_ROLES: Tuple[MethodFact, ...] = calls.METHODS + toolkits.METHOD_ROLES
ALL_BOUNDARIES: Tuple[Boundary, ...] = BOUNDARIES + toolkits.BOUNDARIES + thirdparty.BOUNDARIES


class Knowledge:
    """The tables, indexed by qualified name. Later entries (configuration) override earlier ones."""

    def __init__(
        self,
        types: Iterable[TypeFact] = ALL_TYPES,
        factories: Iterable[Factory] = ALL_FACTORIES,
        methods: Iterable[Method] = ALL_METHODS,
        boundaries: Iterable[Boundary] = ALL_BOUNDARIES,
        thread_safe: Iterable[str] = (),
    ) -> None:
        self._types: Dict[str, TypeFact] = {}
        #: classes of the checked environment's installed libraries, read when first asked for
        self.installed: Optional[InstalledTypes] = None
        for fact in types:
            for name in fact.names:
                self._types[name] = fact
        self._factories: Dict[str, Factory] = {}
        for made in factories:
            for name in made.names:
                self._factories[name] = made
        self._methods: Dict[Tuple[str, str], Method] = {}
        for m in methods:
            for owner in m.owners:
                self._methods[(owner, m.name)] = m
        self._calls: Dict[str, Boundary] = {}
        self._bound_methods: Dict[Tuple[str, str], Boundary] = {}
        self._decorators: Dict[str, Boundary] = {}
        for b in boundaries:
            if b.decorator:
                for name in b.callees:
                    self._decorators[name] = b
            elif b.receiver:
                for owner in b.receiver:
                    self._bound_methods[(owner, b.name)] = b
            else:
                for name in b.callees:
                    self._calls[name] = b
        #: the last name of every call that obtains a running loop or makes an object of one
        #: (``get_running_loop``, ``create_task``, ``create_future``...)
        self.loop_makers: FrozenSet[str] = frozenset(
            [name.rpartition(".")[2] for name, made in self._factories.items()
             if made.running_loop or made.running_in_coroutine]
            + [name for (_, name), m in self._methods.items() if m.same_loop])
        #: the last name of every boundary callable and method: a call spelled otherwise (after
        #: import aliases are followed) cannot be a boundary, so the engine resolves no other call
        self.call_names: FrozenSet[str] = frozenset(c.rpartition(".")[2] for c in self._calls)
        self.method_names: FrozenSet[str] = frozenset(
            name.rpartition(".")[2] for _, name in self._bound_methods)
        #: boundaries spelled as a method of an attribute (``thread.started.connect``)
        self.dotted_methods: FrozenSet[str] = frozenset(
            name for _, name in self._bound_methods if "." in name)
        self.boundary_names: FrozenSet[str] = self.call_names | self.method_names
        #: names that are boundaries only as decorators (``@app.get("/")``, not ``d.get(k)``):
        #: a call so spelled is resolved only where it decorates a def
        self.decorating_names: FrozenSet[str] = frozenset(
            name for _, name in self._bound_methods
            if all(b.decorates for (_, n), b in self._bound_methods.items() if n == name)
            and name not in self.call_names)
        #: the last name of every decorator that makes a function run on another thread
        self.decorator_names: FrozenSet[str] = frozenset(d.rpartition(".")[2] for d in self._decorators)
        #: executors of unknown kind (they may run processes): boundaries at strictness "complete"
        self.uncertain_executors: FrozenSet[str] = frozenset(UNCERTAIN_EXECUTORS)
        #: what such an executor is taken for at strictness "complete"
        self.certain_executor = CERTAIN_EXECUTOR
        #: functions and methods the project declares safe to call from any thread
        #: (``thread-safe``): the engine does not follow a call of one of the project's own into
        #: it from another thread, and a library one's call does not operate on its receiver
        self.thread_safe: FrozenSet[str] = frozenset(thread_safe)
        declared = tuple(sorted(self.thread_safe))
        self._call_roles: Dict[str, CallFact] = {}
        for c in ALL_CALLS:
            for name in c.names:
                self._call_roles[name] = c
        for name in declared:  # a role the tables give (a bridge) says more than "thread-safe"
            self._call_roles.setdefault(name, CallFact((name,), "threadsafe"))
        #: attributes whose assignment is an operation on a widget, by type key (Kivy properties)
        self._properties: Dict[str, FrozenSet[str]] = {k: frozenset(v) for k, v in toolkits.PROPERTIES}
        #: callables that declare such a property in a class body (``StringProperty()``)
        self.property_factories: FrozenSet[str] = frozenset(toolkits.PROPERTY_FACTORIES)
        self._method_roles: Dict[Tuple[str, str], MethodFact] = {}
        for mf in ALL_METHOD_ROLES:
            for owner in mf.owners:
                for name in mf.names:
                    self._method_roles.setdefault((owner, name), mf)
        for name in declared:
            owner, _, method = name.rpartition(".")
            if owner:
                self._method_roles.setdefault((owner, method), MethodFact((owner,), (method,), "threadsafe"))
        #: role -> the names of the methods that have it for some owner (asked on hot paths)
        by_role: Dict[str, Set[str]] = {}
        for (_, name), mf in self._method_roles.items():
            by_role.setdefault(mf.role, set()).add(name)
        self._names_by_role: Dict[str, FrozenSet[str]] = {r: frozenset(n) for r, n in by_role.items()}

    def extended(
        self,
        types: Iterable[TypeFact] = (),
        boundaries: Iterable[Boundary] = (),
        thread_safe: Iterable[str] = (),
    ) -> "Knowledge":
        """These tables plus a project's own entries (which win)."""
        return Knowledge(
            tuple(self._unique_types()) + tuple(types),
            tuple({id(f): f for f in self._factories.values()}.values()),
            tuple({id(m): m for m in self._methods.values()}.values()),
            tuple({id(b): b for b in [*self._calls.values(), *self._bound_methods.values(),
                                      *self._decorators.values()]}.values())
            + tuple(boundaries),
            self.thread_safe | frozenset(thread_safe),
        )

    def with_installed(self, installed: Installed, project: FrozenSet[str] = frozenset()) -> "Knowledge":
        """These tables, and the verdicts installed libraries' classes get from their bases
        (``installed.py``): a library's subclass of a listed class is known by its own name.
        ``project``: the checked project's top-level packages, never read as libraries."""
        out = copy.copy(self)  # the same tables, as indexed (re-indexing would reorder overrides)
        out.installed = InstalledTypes(installed, out._types.get, project)
        return out

    def _unique_types(self) -> Iterable[TypeFact]:
        return {id(f): f for f in self._types.values()}.values()

    def type_fact(self, qualname: str) -> Optional[TypeFact]:
        fact = self._types.get(qualname)
        if fact is None and self.installed is not None:
            fact = self.installed.resolve(qualname)
        return fact

    def event_loop(self, types: Iterable[str]) -> bool:
        """Is an object of ``types`` an asyncio event loop (not a task or future made on one)?"""
        return any(f is not None and f.event_loop for f in map(self.type_fact, types))

    def factory(self, qualname: str) -> Optional[Factory]:
        return self._factories.get(qualname)

    def method(self, owner: str, name: str) -> Optional[Method]:
        return self._methods.get((owner, name))

    def properties(self, type_key: str) -> FrozenSet[str]:
        """The attributes of ``type_key`` whose assignment is an operation (Kivy properties)."""
        return self._properties.get(type_key, frozenset())

    def call_fact(self, qualname: str) -> Optional[CallFact]:
        """The whole entry of a library call's role (a bridge's ``min_args``...)."""
        return self._call_roles.get(qualname)

    def call_role(self, qualname: str) -> Optional[str]:
        """What a library call does with its arguments (``sendsync.knowledge.calls``)."""
        fact = self._call_roles.get(qualname)
        return fact.role if fact is not None else None

    def method_role(self, owner: Optional[str], name: str) -> Optional[str]:
        """What a method does with its arguments: for ``owner`` (a type key), else for any object."""
        fact = self._method_roles.get((owner, name)) if owner else None
        if fact is None and (not owner or self.type_fact(owner) is None):
            fact = self._method_roles.get(("?", name))
        if fact is None:
            fact = self._method_roles.get(("*", name))
        return fact.role if fact is not None else None

    def methods_with_role(self, role: str) -> FrozenSet[str]:
        """The names of the methods that have ``role`` for some owner (``put``...)."""
        return self._names_by_role.get(role, frozenset())

    def boundary_call(self, qualname: str) -> Optional[Boundary]:
        return self._calls.get(qualname)

    def boundary_decorator(self, qualname: str) -> Optional[Boundary]:
        """The boundary a decorator makes of calling the functions it decorates."""
        return self._decorators.get(qualname)

    def boundary_method(self, owner: str, name: str) -> Optional[Boundary]:
        return self._bound_methods.get((owner, name))


DEFAULT = Knowledge()

__all__ = [
    "ALL_BOUNDARIES", "ALL_CALLS", "ALL_FACTORIES", "ALL_METHOD_ROLES", "ALL_METHODS", "ALL_TYPES", "Arg", "BOUNDARIES", "Boundary", "CALLS", "CallFact",
    "CONTAINER", "DEFAULT", "FIELD_DEFAULT", "FIELD_FACTORY", "FUTURE", "GENERATOR_TYPE", "ITERATOR", "MAPPING", "MAPPING_CALLS", "PAIR", "PROPERTIES",
    "LOOP_BRIDGES", "LOOP_RUNS", "LoopBridge", "REGISTERS", "THREAD", "JOINS", "MethodFact", "POOLED", "POOL_JOINS",
    "Factory", "Knowledge", "Method", "TypeFact", "Variant",
]
