"""SSC3xx: markers that contradict each other, are not restated, or mean nothing where they are."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .base import BaseFinding, Invalid, Rule, Valid


class Misplaced(Enum):
    """What is wrong with a marker where it is written."""

    ARITY = "{marker}[...] takes exactly one type"
    CALLED = "markers are not instantiated; mark a class by its bases or a declaration by its annotation"
    BARE = "a bare marker annotation says nothing about the type; write {marker}[T]"


@dataclass(frozen=True)
class Problem:
    kind: Misplaced
    marker: str = ""

    def __str__(self) -> str:
        return self.kind.value.format(marker=self.marker)


class ContradictoryMarkers(Rule):
    """A class or annotation says both `Send` and `NotSend` (or `Sync` and `NotSync`).

    ## What it does
    Flags `class X(Send, NotSend)`, `Annotated[T, Sync, NotSync]` and `NotSend[Send[T]]`.

    ## Why is this bad?
    One of the two markers is wrong, and sendsync cannot tell which: the value's verdict then
    depends on the order of the bases, not on what the author meant.

    ## Example
    ```python
    class Pool(Send, NotSend): ...
    ```

    ## Fix
    Keep the marker that is true and delete the other.
    """

    code = "SSC301"
    name = "contradictory-markers"
    MESSAGE = "`{what}` is marked both {first} and {second}"
    HELP = "keep the marker that is true and delete the other"
    VALID = [Valid("from sendsync import Send, Sync\nclass Cache(Send, Sync): pass\n")]
    INVALID = [
        Invalid(
            "from sendsync import Send, NotSend\nclass Pool(Send, NotSend): pass\n",
            line=2,
            message="`Pool` is marked both Send and NotSend",
        ),
    ]


class UnrestatedAssertion(Rule):
    """A subclass inherits a `Send`/`Sync` assertion but adds a NotSend/NotSync field.

    ## What it does
    Flags a field assigned in a subclass when the subclass holds a NotSend (NotSync) value while
    an ancestor asserts `Send` (`Sync`) and the subclass does not restate the assertion itself.

    ## Why is this bad?
    An explicit `Send` is a promise about the fields its author could see, like Rust's
    `unsafe impl Send`. A subclass that adds a thread-bound field silently inherits a promise that
    no longer holds.

    ## Example
    ```python
    class Store(Send, Sync): ...

    class CachedStore(Store):
        def __init__(self):
            self.conn = sqlite3.connect("cache.db")
    ```

    ## Fix
    Make the new field safe (a lock, check_same_thread=False with serialized writes) and restate
    `Send`/`Sync` on the subclass, or drop the assertion from the subclass's guarantees.
    """

    code = "SSC302"
    name = "unrestated-assertion"
    MESSAGE = ("`{owner}` inherits the {marker} assertion of `{base}` but adds `self.{field}` "
               "({desc}); restate {marker} on `{owner}` if it still holds")
    HELP = "restate the assertion on the subclass after checking the new field, or remove it"
    VALID = [
        Valid(
            "import sqlite3\nfrom sendsync import Send, Sync\n"
            "class Store(Send, Sync): pass\n"
            "class Cached(Store, Send, Sync):\n"
            "    def __init__(self):\n"
            "        self.conn = sqlite3.connect('c.db')\n"
        ),
    ]
    INVALID = [
        Invalid(
            "import sqlite3\nfrom sendsync import Send, Sync\n"
            "class Store(Send, Sync): pass\n"
            "class Cached(Store):\n"
            "    def __init__(self):\n"
            "        self.conn = sqlite3.connect('c.db')\n",
            line=6,
            message="`Cached` inherits the Send assertion of `Store` but adds `self.conn`",
        ),
    ]


class MisplacedMarker(Rule):
    """A marker is used where it means nothing, or in a malformed expression.

    ## What it does
    Flags `NotSend[A, B]` (the shorthand takes one type), `NotSend()` (markers are not
    instantiated), a bare marker as an annotation (`x: NotSend`, which says nothing about the
    type), and markers in `Annotated[...]` positions other than the metadata.

    ## Why is this bad?
    sendsync ignores such a marker, so the value is not checked the way its author believes.

    ## Example
    ```python
    conn: NotSend = sqlite3.connect("x.db")
    ```

    ## Fix
    Write `conn: NotSend[sqlite3.Connection]`, or `Annotated[sqlite3.Connection, NotSend]`.
    """

    code = "SSC303"
    name = "misplaced-marker"
    MESSAGE = "`{code}`: {problem}"

    @dataclass(frozen=True)
    class Finding(BaseFinding):
        code: str
        problem: Problem
    HELP = "write NotSend[T] or Annotated[T, NotSend] on a declaration, or mark a class by its bases"
    VALID = [Valid("import sqlite3\nfrom sendsync import NotSend\nconn: NotSend[sqlite3.Connection]\n")]
    INVALID = [
        Invalid(
            "import sqlite3\nfrom sendsync import NotSend\nconn: NotSend = sqlite3.connect('x')\n",
            line=3,
            message="a bare marker annotation says nothing about the type",
        ),
    ]
