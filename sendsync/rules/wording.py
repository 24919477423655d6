"""The words findings are made of, in one place: the engine hands over structured facts (where a
value came from, how it was handed over, which calls lead to a use) and this module spells them.

``Origin`` says why a value is NotSend/NotSync, as a trait records it ("created at line 9 with
check_same_thread=True", "holds `self.conn`, ..."); ``How`` how a value is handed to the other
thread; ``Target`` names the callable that runs there; ``Via`` the calls that lead from it to a
read or a use. Notes (rustc's ``note:``) are built here too.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Optional, Sequence, Tuple

from ..diagnostics import Note, Span

if TYPE_CHECKING:
    from ..engine.values import Trait


class Origin(Enum):
    """Why a value has a verdict, and how a message words it (``{detail}`` is the trait's
    detail, ``{at}`` its place). Each member is its own value: two origins may be worded alike
    and still differ (a type annotation and a marker annotation), where an Enum valued by the
    wording would make the second an alias of the first."""

    template: str

    def __new__(cls, template: str) -> "Origin":
        member = object.__new__(cls)
        member._value_ = len(cls.__members__)
        member.template = template
        return member

    CREATED = "created {at}"
    CREATED_WITH = "created {at} {detail}"  # detail: the knowledge's note ("with check_same_thread=True")
    OBTAINED = "obtained {at} {detail}"  # an object that already existed: the loop running here
    GENERATOR_EXPRESSION = "created {at} by a generator expression"
    GENERATOR_CALL = "created {at} by calling `{detail}()`, a generator function"
    ITERATOR_CALL = "created {at} by `{detail}()`"
    ANNOTATED = "{detail} {at}"  # detail: "parameter `db` annotated `sqlite3.Connection`"
    MARKED = "marked {detail} {at}"
    ANNOTATED_MARKER = "{detail} {at}"  # detail: "parameter `db` annotated NotSend"
    SUBCLASS = "subclass of `{detail}`, {inner}"
    DOCUMENTED = "(not thread-safe per its documentation)"
    HOLDS = "holds `self.{detail}`, {inner}"


def declared(role: str, name: str = "") -> str:
    """How a declaration names itself in an origin: ``role`` is "parameter", "variable",
    "field" or "return"."""
    if role == "parameter":
        return f"parameter `{name}` annotated"
    if role == "return":
        return f"returned by `{name}()`, annotated"
    return f"`{name}` annotated"


def render(trait: "Trait", here: str) -> str:
    """A trait's *why*, with places spelled relative to the file the finding is in."""
    at = f"at line {trait.line}" if trait.path == here else f"at {trait.path}:{trait.line}"
    inner = f"{trait.inner.what} {render(trait.inner, here)}" if trait.inner else ""
    return trait.origin.template.format(at=at, detail=trait.detail, inner=inner)


def describe(trait: "Trait", kind: str, here: str) -> str:
    """``sqlite3 connection, NotSend: created at line 9 with check_same_thread=True``"""
    return f"{trait.what}, {kind}: {render(trait, here)}"


def origin_notes(trait: Optional["Trait"], column) -> Tuple[Note, ...]:
    """One note per level of a trait: where the value (and what made it NotSend) came from.
    ``column(path, line)`` gives the column to point at when the trait has none."""
    out = []
    while trait is not None:
        where = (Span(trait.path, trait.line, trait.col, *trait.end) if trait.col
                 else Span(trait.path, trait.line, column(trait.path, trait.line)))
        out.append(Note.at(where, f"{trait.what}: {render(trait, trait.path)}"))
        trait = trait.inner
    return tuple(out)


#: how messages name a lambda (it has no name to quote); the engine's ``display`` gives it too
LAMBDA = "the lambda"


def quoted(name: str, call: bool = False) -> str:
    """A function as messages name it: `f` (`f()` as a call), or "the lambda" as it is."""
    if name == LAMBDA:
        return name
    return f"`{name}()`" if call else f"`{name}`"


def handover_note(where: Span, label: str) -> Note:
    return Note.at(where, f"the work is handed to {label} here")


def bridged_note(where: Span, callee: str, label: str) -> Note:
    return Note.at(where, f"{quoted(callee)} runs on that loop, handed to {label} here")


def chain_note(where: Span, callee: str) -> Note:
    return Note.at(where, f"the other thread calls {quoted(callee)} here")


def home_chain_note(where: Span, callee: str) -> Note:
    return Note.at(where, f"this thread calls {quoted(callee)} here")


def starts_by_call_note(where: Span, callee: str) -> Note:
    return Note.at(where, f"this call of {quoted(callee)} starts the other thread")


def sibling_note(where: Span, spawner: str) -> Note:
    return Note.at(where, f"a method of the same object as `{spawner}`, which hands work to the other thread; "
                          "nothing in the project calls it, so it may run while that thread does")


def returned_note(where: Span) -> Note:
    return Note.at(where, "the other thread's value comes back here")


def called_per_iteration(where: Span) -> Note:
    return Note.at(where, "called here once per iteration, each call starting another thread")


def still_used(where: Span) -> Note:
    return Note.at(where, "still used here, while the other thread may be using it")


def captured_here(where: Span, name: str) -> Note:
    return Note.at(where, f"`{name}` is captured here")


def used_there(where: Span) -> Note:
    return Note.at(where, "the other thread uses it here")


def unlocked_there(where: Span) -> Note:
    return Note.at(where, "the other thread uses it here without the lock")


def still_runs(where: Span) -> Note:
    return Note.at(where, "the work started here may still be running")


def started_here(where: Span, task: bool) -> Note:
    return Note.at(where, "the task is submitted here" if task else "the thread is started here")


def declared_here(where: Span, kind: str) -> Note:
    return Note.at(where, f"declared {kind} here")


def marked_here(where: Span, name: str, marker: str) -> Note:
    return Note.at(where, f"`{name}` is marked {marker} here")


def set_here(where: Span) -> Note:
    return Note.at(where, "set here, on the creating thread")


@dataclass(frozen=True)
class Target:
    """The callable that runs on the other thread (``display``: "" for a lambda). ``caller``:
    the thread's callable that calls it, when it was handed over as a value (a lambda passed as
    an argument, connected to a signal) rather than passed to the boundary itself."""

    display: str = ""
    caller: str = ""

    def __str__(self) -> str:
        named = quoted(self.display or LAMBDA)
        return f"{named} called by {self.caller}" if self.caller else named


class How(Enum):
    ARGUMENT = "an argument"
    KEYWORD = "keyword argument `{key}`"
    ELEMENT_OF = "an element of `{key}`"
    STAR = "an element of `*` arguments"
    DOUBLE_STAR = "`**` keyword arguments"
    VALUE_OF = "a value of `{key}`"
    ITERABLE_ELEMENT = "an element of the iterable (one per task)"
    PARTIAL = "an argument bound by functools.partial"
    DEFAULT = "the default value of parameter `{key}`"
    BOUND_SELF = "`self` of the bound method `{key}`"
    RUNNABLE = "the object whose `{key}()` runs there"
    SET_IN = "set in `{key}`"
    SET_ON = "set on `{key}`"


@dataclass(frozen=True)
class Handed:
    how: How
    key: str = ""

    def __str__(self) -> str:
        return self.how.value.format(key=self.key)


@dataclass(frozen=True)
class Via:
    """Where on the other thread a value is read or used, when that is not the root itself:
    ``reader`` the function, ``root`` the thread's callable, ``through`` the calls between."""

    reader: str = ""
    root: str = ""
    through: Tuple[str, ...] = ()
    use_line: int = 0  # the line of the use, when it is not where the finding is shown

    def __str__(self) -> str:
        if not self.reader:
            return ""
        if self.through:
            path = " -> ".join(quoted(step) for step in (*self.through, self.reader))
            return f" (used in {quoted(self.reader, call=True)}, reached from {self.root} through {path})"
        return f" (read in {quoted(self.reader, call=True)}, called by {self.root})"


@dataclass(frozen=True)
class Chain:
    """The calls from a thread's root to the use a finding is about, for the message."""

    steps: Tuple[str, ...] = ()

    def __str__(self) -> str:
        if len(self.steps) < 2:
            return ""
        return " (" + " -> ".join(quoted(s) for s in self.steps) + ")"


def plural(items: Sequence[str]) -> str:
    return ", ".join(items)


__all__ = ["Chain", "Handed", "How", "Origin", "Target", "Via", "declared", "describe", "origin_notes",
           "render"]
