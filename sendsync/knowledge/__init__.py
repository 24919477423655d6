"""What sendsync knows without annotations: verdicts of library types and the thread boundaries.

Everything here is data (``types.py``, ``boundaries.py``); this module only indexes it.
"""
from __future__ import annotations

from typing import Dict, Optional

from .boundaries import BOUNDARIES, Boundary
from .types import FACTORIES, METHODS, TYPES, Factory, Method, TypeFact

_TYPES: Dict[str, TypeFact] = {}
for _fact in TYPES:
    for _name in _fact.names:
        _TYPES[_name] = _fact

_FACTORIES: Dict[str, Factory] = {}
for _factory in FACTORIES:
    for _name in _factory.names:
        _FACTORIES[_name] = _factory

_METHODS: Dict[tuple, Method] = {}
for _method in METHODS:
    for _owner in _method.owners:
        _METHODS[(_owner, _method.name)] = _method

_BOUNDARY_FUNCS: Dict[str, Boundary] = {}
_BOUNDARY_METHODS: Dict[tuple, Boundary] = {}
for _b in BOUNDARIES:
    if _b.receiver:
        for _owner in _b.receiver:
            _BOUNDARY_METHODS[(_owner, _b.name)] = _b
    else:
        for _name in _b.callees:
            _BOUNDARY_FUNCS[_name] = _b


#: the last name of every boundary callable and method: a call spelled otherwise (after import
#: aliases are followed) cannot be a boundary, so the engine resolves no other call
BOUNDARY_NAMES = frozenset(
    {c.rpartition(".")[2] for b in BOUNDARIES for c in b.callees} | {b.name for b in BOUNDARIES if b.name}
)


def type_fact(qualname: str) -> Optional[TypeFact]:
    return _TYPES.get(qualname)


def factory(qualname: str) -> Optional[Factory]:
    return _FACTORIES.get(qualname)


def method(owner: str, name: str) -> Optional[Method]:
    return _METHODS.get((owner, name))


def boundary_call(qualname: str) -> Optional[Boundary]:
    return _BOUNDARY_FUNCS.get(qualname)


def boundary_method(owner: str, name: str) -> Optional[Boundary]:
    return _BOUNDARY_METHODS.get((owner, name))


__all__ = [
    "BOUNDARIES", "FACTORIES", "METHODS", "TYPES", "Boundary", "Factory", "Method", "TypeFact",
    "boundary_call", "boundary_method", "factory", "method", "type_fact",
]
