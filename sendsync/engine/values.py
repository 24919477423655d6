"""What the analysis knows about a value: its types, and why it is NotSend / NotSync.

A ``Trait`` is the *why*, with the place it came from, so that a diagnostic can say, as rustc
does, "`conn` is a sqlite3 connection, created at line 9".
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import FrozenSet, Optional


@dataclass(frozen=True)
class Trait:
    what: str  # "sqlite3 connection", "OrderRepository", "generator"
    why: str  # template: "{at}" is the origin's place, "{inner}" the nested trait
    path: str
    line: int
    inner: Optional["Trait"] = None
    #: for a class that is NotSend/NotSync because of one field: that field's name
    field: str = ""

    def render(self, here: str) -> str:
        """``why`` with places spelled relative to the file the finding is in."""
        at = f"at line {self.line}" if self.path == here else f"at {self.path}:{self.line}"
        inner = f"{self.inner.what} {self.inner.render(here)}" if self.inner else ""
        return self.why.format(at=at, inner=inner)

    def describe(self, kind: str, here: str) -> str:
        """``sqlite3 connection, NotSend: created at line 9 with check_same_thread=True``"""
        return f"{self.what}, {kind}: {self.render(here)}"


@dataclass(frozen=True)
class Value:
    types: FrozenSet[str] = frozenset()  # instance of: qualified names of classes / type keys
    not_send: Optional[Trait] = None
    not_sync: Optional[Trait] = None
    #: the value is a reference to a definition (function, class, module), not an instance
    ref: Optional[str] = None
    #: for containers and iterables: what their elements are
    items: Optional["Value"] = None
    #: the asyncio event loop running on the thread that created the value
    running_loop: bool = False
    #: an explicit ``Send`` / ``Sync`` marker on the annotation
    send_asserted: bool = False
    sync_asserted: bool = False

    @property
    def interesting(self) -> bool:
        return bool(self.not_send or self.not_sync)

    def join(self, other: "Value") -> "Value":
        if other is EMPTY:
            return self
        if self is EMPTY:
            return other
        items = self.items
        if other.items is not None:
            items = other.items if items is None else items.join(other.items)
        return Value(
            types=self.types | other.types,
            not_send=self.not_send or other.not_send,
            not_sync=self.not_sync or other.not_sync,
            ref=self.ref if self.ref == other.ref else (self.ref or other.ref),
            items=items,
            running_loop=self.running_loop or other.running_loop,
            send_asserted=self.send_asserted and other.send_asserted,
            sync_asserted=self.sync_asserted and other.sync_asserted,
        )

    def container(self) -> "Value":
        """A list/tuple/dict holding values like this one: NotSend/NotSync if they are."""
        return Value(not_send=self.not_send, not_sync=self.not_sync, items=self)

    def with_traits(self, not_send: Optional[Trait], not_sync: Optional[Trait]) -> "Value":
        return replace(self, not_send=not_send, not_sync=not_sync)


EMPTY = Value()
