"""What the analysis knows about a value: the abstract objects it may be, and why each is NotSend
or NotSync.

An ``Inst`` is an object created at one place (a call, a display, a declaration) on one thread
(its ``home``), with the verdicts of its type. A ``Trait`` is the *why*, with the place it came
from, so that a diagnostic can say, as rustc does, "`conn` is a sqlite3 connection, created at
line 9". Functions, classes and library names are values too (``Fn``, ``Ref``), so that calls
through variables, parameters, containers and ``functools.partial`` resolve. A ``Value`` is a
set of such atoms: a variable bound in two places holds either.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Optional, Tuple, TypeVar, Union

from ..knowledge import CONTAINER, MAPPING
from ..rules import wording
from ..rules.wording import Handed, Origin

#: the thread that runs everything no spawn site hands elsewhere: the main thread, or whichever
#: thread calls into the project (a request handler, a test)
HOME = "home"
#: the site of ``self`` in a class's own code where its callers are not followed (any object of
#: the class or a subclass), and of ``super()`` (the same object, seen as its base)
SELF_SITE = ("<self>", 0)
SUPER_SITE = ("<self>", 1)
Ctx = str


_T = TypeVar("_T")


def _hashed_once(cls: _T) -> _T:
    """Give a frozen dataclass a hash worked out once per object, as the generated one (the
    hash of the tuple of its fields), kept beside the fields. Values are sets of atoms made
    again and again, and an object's hash would otherwise walk its traits and entry each time.
    The kept hash is not pickled: another process hashes strings differently."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]

    def __hash__(self: Any) -> int:
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash(tuple([getattr(self, n) for n in names]))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self: Any) -> Dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    setattr(cls, "__hash__", __hash__)
    setattr(cls, "__getstate__", __getstate__)
    return cls


@_hashed_once
@dataclass(frozen=True)
class Trait:
    """Why a value is NotSend or NotSync, and where that came from (worded by ``rules.wording``)."""

    what: str  # "sqlite3 connection", "OrderRepository", "generator"
    origin: Origin
    path: str
    line: int
    detail: str = ""  # what the origin's wording needs: a note, a name, a marker
    inner: Optional["Trait"] = None
    #: for a class that is NotSend/NotSync because of one field: that field's name
    field: str = ""
    #: the column (1-based) of the origin, for notes; 0: the start of the line's code
    col: int = 0
    #: where the origin's code ends (line, exclusive column); (0, 0): not known
    end: Tuple[int, int] = (0, 0)

    def render(self, here: str) -> str:
        return wording.render(self, here)

    def describe(self, kind: str, here: str) -> str:
        return wording.describe(self, kind, here)

    def chain(self) -> Iterator["Trait"]:
        trait: Optional[Trait] = self
        while trait is not None:
            yield trait
            trait = trait.inner


@_hashed_once
@dataclass(frozen=True)
class Entry:
    """How an object from another thread entered the one that uses it: the crossing."""

    #: "argument", "partial", "self", "capture", "global", "default", "field", "set-field",
    #: "thread-self", "cached", "back"
    route: str
    module: str  # where the crossing is shown
    node: int
    name: str  # how messages name the value there: "conn", "self.repo"
    how: Optional[Handed] = None  # for arguments, defaults, bound methods, fields
    spawn: int = -1  # the spawn whose thread it entered (-1: the thread that reads it)
    #: the verdicts of the value that crossed (a `Repo` holding a connection, not the connection)
    send: Optional[Trait] = None
    sync: Optional[Trait] = None
    #: for a field: the method (module, Def node) that stored it, or the store's node
    origin: Tuple[str, int] = ("", -1)


@_hashed_once
@dataclass(frozen=True)
class Inst:
    site: Tuple[str, int]  # (module, node) of the creation or declaration
    types: FrozenSet[str] = frozenset()
    not_send: Optional[Trait] = None
    not_sync: Optional[Trait] = None
    home: Optional[Ctx] = None  # the thread that created it; None: not known (a declaration)
    #: an event loop running on its home thread
    loop: bool = False
    #: for containers and iterables: what their elements are
    items: Optional["Value"] = None
    send_asserted: bool = False
    sync_asserted: bool = False
    entry: Optional[Entry] = None

    @property
    def interesting(self) -> bool:
        return bool(self.not_send or self.not_sync)


@dataclass(frozen=True)
class Fn:
    """A function or lambda of the project. ``home``: the thread whose frame created this
    closure (None for module-level functions and methods)."""

    module: str
    node: int
    home: Optional[Ctx] = None


@dataclass(frozen=True)
class Ref:
    """A qualified name: a library callable or type (``sqlite3.connect``), a project class or
    module (``pkg.mod.Class``), a builtin (``builtins.print``)."""

    name: str


@dataclass(frozen=True)
class Bound:
    """A bound method: ``func`` called with ``self_value`` first."""

    func: Union[Fn, Ref]
    self_value: "Value"
    node: Tuple[str, int] = ("", -1)  # where the method was looked up (`ledger.flush`)


@dataclass(frozen=True)
class Partial:
    """``functools.partial(func, *args, **kwargs)``."""

    func: "Value"
    args: Tuple[Tuple[Optional[str], "Value", int], ...]  # (keyword or None, value, node)
    site: Tuple[str, int] = ("", -1)


Atom = Union[Inst, Fn, Ref, Bound, Partial]


def _kept(obj: Any, name: str, make: Any) -> Any:
    """``make(obj)``, worked out once per (immutable) object and kept beside its fields."""
    found = obj.__dict__.get(name)
    if found is None:
        found = make(obj)
        object.__setattr__(obj, name, found)
    return found


def order(atom: Atom) -> tuple:
    """A cheap total order on atoms, so that what is done per atom is done in the same order
    in every run (hash seeds and set order aside), without rendering nested values."""
    if isinstance(atom, Inst):
        return _kept(atom, "_order", _inst_order)  # type: ignore[no-any-return]
    if isinstance(atom, Fn):
        return (1, atom.module, atom.node, atom.home or "")
    if isinstance(atom, Ref):
        return (2, atom.name)
    if isinstance(atom, Bound):
        return (3, order(atom.func), atom.node)
    return (4, atom.site)


def _inst_order(atom: Inst) -> tuple:
    entry = atom.entry
    return (0, atom.site, atom.home or "", entry.route if entry else "", entry.module if entry else "",
            entry.node if entry else -1, tuple(sorted(atom.types)))


def canonical(atoms: Iterable[Atom]) -> Tuple[Atom, ...]:
    """``atoms`` in one total order: by ``order``, and atoms alike in all it compares by all
    they hold (``_full_key``). A set's own order may differ between runs even under one hash
    seed (``hash(None)`` is an address before Python 3.12), and what is done per atom, in
    order, must not."""
    keyed = sorted(((order(a), a) for a in atoms), key=lambda pair: pair[0])
    if len(keyed) < 2:
        return tuple(a for _, a in keyed)
    out: List[Atom] = []
    i = 0
    while i < len(keyed):
        j = i + 1
        while j < len(keyed) and keyed[j][0] == keyed[i][0]:
            j += 1
        group = [a for _, a in keyed[i:j]]
        out.extend(sorted(group, key=_full_key) if len(group) > 1 else group)
        i = j
    return tuple(out)


def _full_key(atom: Atom) -> tuple:
    """Everything an atom holds, as a tuple of plain values (None spelled as nothing); nested
    values by their own key, which each value keeps once made."""
    if isinstance(atom, Inst):
        return _kept(atom, "_full_key", _inst_key)  # type: ignore[no-any-return]
    if isinstance(atom, Fn):
        return (1, atom.module, atom.node, atom.home or "")
    if isinstance(atom, Ref):
        return (2, atom.name)
    if isinstance(atom, Bound):
        return (3, _full_key(atom.func), atom.self_value.key(), atom.node)
    return (4, atom.func.key(), tuple((k or "", v.key(), n) for k, v, n in atom.args), atom.site)


def _inst_key(atom: Inst) -> tuple:
    return (0, atom.site, atom.home or "", tuple(sorted(atom.types)), _trait_key(atom.not_send),
            _trait_key(atom.not_sync), atom.loop, atom.send_asserted, atom.sync_asserted,
            _entry_key(atom.entry), atom.items.key() if atom.items is not None else ())


def _trait_key(trait: Optional[Trait]) -> tuple:
    if trait is None:
        return ()
    return _kept(trait, "_key", _trait_fields)  # type: ignore[no-any-return]


def _trait_fields(trait: Trait) -> tuple:
    return (trait.what, trait.origin.value, trait.path, trait.line, trait.detail, trait.field, trait.col,
            trait.end, _trait_key(trait.inner))


def _entry_key(entry: Optional[Entry]) -> tuple:
    if entry is None:
        return ()
    how = (entry.how.how.value, entry.how.key) if entry.how is not None else ()
    return (entry.route, entry.module, entry.node, entry.name, how, entry.spawn, _trait_key(entry.send),
            _trait_key(entry.sync), entry.origin)


#: every value made since ``forget_values()``, by its atoms: one object per set of atoms, whose
#: order and key are then worked out once (the standard library's run makes 1.2 M values of
#: 107 k sets of atoms)
_MADE: Dict[FrozenSet["Atom"], "Value"] = {}


class Value:
    """A set of atoms. ``EMPTY`` is the unknown, plain value: Send + Sync. Values are equal
    when their atoms are; equal values made during one run are mostly one object."""

    __slots__ = ("atoms", "_hash", "_ordered", "_key")
    #: beyond this many atoms a value keeps what can matter (objects with a verdict, callables,
    #: containers of such), and beyond twice this many only the first of those, in ``order``:
    #: a value that may be anything of hundreds is known too little to find anything with
    LIMIT = 48

    atoms: FrozenSet[Atom]
    _hash: int
    _ordered: Optional[Tuple[Atom, ...]]
    _key: Optional[tuple]

    def __new__(cls, atoms: Iterable[Atom] = ()) -> "Value":
        given = frozenset(atoms)
        found = _MADE.get(given)
        if found is not None:
            return found
        atoms = given
        if len(atoms) > cls.LIMIT:
            atoms = frozenset(a for a in atoms if not isinstance(a, Inst) or a.interesting or a.loop
                              or (a.items is not None and a.items.interesting))
            if len(atoms) > 2 * cls.LIMIT:
                atoms = frozenset(canonical(atoms)[: 2 * cls.LIMIT])
        self = object.__new__(cls)
        self.atoms = atoms
        self._hash = hash(atoms)
        self._ordered = None
        self._key = None
        _MADE[given] = self
        return self

    def __reduce__(self) -> Tuple[Any, Tuple[FrozenSet[Atom]]]:
        return Value, (self.atoms,)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Value) and other.atoms == self.atoms

    def __bool__(self) -> bool:
        return bool(self.atoms)

    def key(self) -> tuple:
        """What ``canonical`` compares a value holding this one by (kept once made)."""
        found = self._key
        if found is None:
            found = self._key = tuple(_full_key(a) for a in self)
        return found

    def __iter__(self) -> Iterator[Atom]:
        """The atoms in ``canonical`` order: the same in every run, whatever the set's order."""
        ordered = self._ordered
        if ordered is None:
            ordered = self._ordered = canonical(self.atoms)
        return iter(ordered)

    def __repr__(self) -> str:
        return f"Value({sorted(map(repr, self.atoms))})"

    def join(self, other: "Value") -> "Value":
        if not other.atoms:
            return self
        if not self.atoms:
            return other
        return Value(self.atoms | other.atoms)

    @property
    def insts(self) -> Iterator[Inst]:
        return (a for a in self if isinstance(a, Inst))

    @property
    def types(self) -> FrozenSet[str]:
        out: set = set()
        for a in self.insts:
            out |= a.types
        return frozenset(out)

    @property
    def not_send(self) -> Optional[Trait]:
        return _first(a.not_send for a in _sorted(self.insts))

    @property
    def not_sync(self) -> Optional[Trait]:
        return _first(a.not_sync for a in _sorted(self.insts))

    @property
    def interesting(self) -> bool:
        return any(a.interesting for a in self.insts)

    def items(self) -> "Value":
        """What iterating the value (or indexing it) gives."""
        out = EMPTY
        for a in self.insts:
            if a.items is not None:
                out = out.join(a.items)
        return out

    def iterated(self) -> "Value":
        """What iterating the value gives: its items, but nothing of a mapping (its keys are not
        followed; indexing it gives its values)."""
        out = EMPTY
        for a in self.insts:
            if a.items is not None and MAPPING not in a.types:
                out = out.join(a.items)
        return out

    def refs(self) -> Iterator[str]:
        return (a.name for a in self.atoms if isinstance(a, Ref))

    def map(self, fn) -> "Value":
        return Value(fn(a) for a in self.atoms)


def _first(traits: Iterable[Optional[Trait]]) -> Optional[Trait]:
    for t in traits:
        if t is not None:
            return t
    return None


def _sorted(insts: Iterable[Inst]):
    return sorted(insts, key=order)


EMPTY = Value()


def forget_values() -> None:
    """Let the values made so far go (at the start and end of a run): only ``EMPTY`` stays."""
    _MADE.clear()
    _MADE[EMPTY.atoms] = EMPTY


def container(items: Value, site: Tuple[str, int], home: Optional[Ctx], mapping: bool = False) -> Value:
    """A list/tuple/dict holding ``items``: NotSend/NotSync if they are (Rust's auto traits).
    ``mapping``: a dict whose values are ``items`` (iterating it gives keys, not followed)."""
    types = frozenset({CONTAINER, MAPPING}) if mapping else frozenset({CONTAINER})
    return Value([Inst(site, types, items.not_send, items.not_sync, home, items=items)])


def with_entry(value: Value, entry: Entry, here: Ctx, inherited: bool = False, handed: bool = False) -> Value:
    """The atoms of ``value`` that come from another thread than ``here`` (or from no known
    thread), marked with the crossing that brought them; an atom already marked keeps its first
    crossing. The entry records the verdicts of each atom that crossed, as it crossed, unless it
    is ``inherited`` from the object that crossed (a field read from it keeps its verdicts).
    ``handed``: the value is handed over at a spawn (an argument, ``self``), so even ``self``
    of code whose callers are not followed crosses."""
    def mark(atom: Atom) -> Atom:
        if isinstance(atom, Inst):
            if _open(atom, handed) and _foreign(atom, here, handed):
                e = entry if inherited else _with_verdicts(entry, atom.not_send, atom.not_sync)
                items = _mark_items(atom.items, e, here, handed) if atom.items is not None else None
                return _entered(atom, e, items)
            return atom
        if isinstance(atom, Bound):
            return replace(atom, self_value=with_entry(atom.self_value, entry, here, handed=handed))
        return atom
    return value.map(mark) if value else value


# Crossings mark hundreds of thousands of atoms on a large project: these two make the copies
# ``dataclasses.replace`` would, field by field, at half its cost (it looks the fields up each
# time). The assertions keep them in step with the classes' fields.
assert [f.name for f in fields(Inst)] == ["site", "types", "not_send", "not_sync", "home", "loop", "items",
                                          "send_asserted", "sync_asserted", "entry"]
assert [f.name for f in fields(Entry)] == ["route", "module", "node", "name", "how", "spawn", "send", "sync",
                                           "origin"]


def _entered(atom: Inst, entry: Entry, items: Optional[Value]) -> Inst:
    """``replace(atom, entry=entry, items=items)``."""
    return Inst(atom.site, atom.types, atom.not_send, atom.not_sync, atom.home, atom.loop, items,
                atom.send_asserted, atom.sync_asserted, entry)


def _with_verdicts(entry: Entry, send: Optional[Trait], sync: Optional[Trait]) -> Entry:
    """``replace(entry, send=send, sync=sync)``."""
    return Entry(entry.route, entry.module, entry.node, entry.name, entry.how, entry.spawn, send, sync,
                 entry.origin)


def called_functions(value: Value) -> Iterator[Fn]:
    """The project functions calling ``value`` runs: its functions and its bound methods'
    (``self._load(p)``), in ``order``."""
    for atom in value:
        fn = atom.func if isinstance(atom, Bound) else atom
        if isinstance(fn, Fn):
            yield fn


def crosses(value: Value, here: Ctx, handed: bool = False) -> bool:
    """Would ``with_entry`` mark anything of ``value`` on ``here``? (So that the entry, and the
    text it names, is made only for values that cross.)"""
    for atom in value.atoms:
        if isinstance(atom, Inst):
            if _open(atom, handed) and _foreign(atom, here, handed):
                return True
        elif isinstance(atom, Bound) and crosses(atom.self_value, here, handed):
            return True
    return False


def _open(atom: Inst, handed: bool) -> bool:
    """May a crossing mark ``atom``? One not marked yet; or one that came back to the thread
    that handed the work over (``future.result()``) and is now handed over again, to a thread
    for which that return is not the crossing (a connection a pool task made, passed to another
    task)."""
    return atom.entry is None or (handed and atom.entry.route == "back")


def _foreign(atom: Inst, here: Ctx, handed: bool = False) -> bool:
    """Does the object come from another thread than ``here``? A declared one (home unknown)
    does when ``here`` is a thread of the project's: declarations are HOME's."""
    if atom.home is None:
        # a declaration crosses into a thread; ``self`` of code whose callers are not followed
        # ("<self>") stands for no object in particular, and crosses only where it is handed over
        return here != HOME and (handed or atom.site[0] != SELF_SITE[0])
    return atom.home != here


def _mark_items(items: Value, entry: Entry, here: Ctx, handed: bool = False) -> Value:
    def mark(atom: Atom) -> Atom:
        if isinstance(atom, Inst) and _open(atom, handed) and _foreign(atom, here, handed):
            inner = _mark_items(atom.items, entry, here, handed) if atom.items is not None else None
            return _entered(atom, entry, inner)
        return atom
    return items.map(mark)


__all__ = ["order", "Atom", "Bound", "Ctx", "EMPTY", "called_functions", "crosses", "Entry", "Fn", "HOME", "Inst", "Partial", "Ref", "SELF_SITE",
           "SUPER_SITE", "Trait", "Value",
           "container", "with_entry"]
