"""The four thread-safety markers: ``Send``, ``Sync``, ``NotSend`` and ``NotSync``.

Each marker can be written in three ways, all free at run time::

    class Db(NotSend): ...                                  # 1. a class base
    conn: Annotated[sqlite3.Connection, NotSend]            # 2. annotation metadata
    conn: NotSend[sqlite3.Connection]                       # 3. shorthand

The shorthand means exactly ``Annotated[sqlite3.Connection, NotSend]``: a type checker
sees a plain ``sqlite3.Connection``, and ``typing.get_type_hints(..., include_extras=True)``
shows the marker in the metadata.

Two views of the same names exist, kept apart on purpose:

* for type checkers, each marker is a generic ``Annotated`` alias whose type variable
  has a default (PEP 696). ``NotSend[T]`` is then ``T`` itself, and the bare ``NotSend``
  (as a base or as a value) is a small empty class of its own, so that
  ``class Cache(Send, Sync)`` names two different bases;
* at run time, each marker is an empty class with ``__slots__ = ()`` and no metaclass,
  so it adds no state to a subclass and mixes with ``abc.ABC``, ``typing.Generic``,
  ``enum.Enum``, ``threading.Thread`` or any custom metaclass. ``Marker[T]`` builds
  ``Annotated[T, Marker]``.

Known limits of the static view: ``isinstance(x, NotSend)`` works at run time for the
class-base form, but mypy and pyright reject it (the name is an ``Annotated`` alias to
them); and pyright rejects the shorthand on a ``self.attr: NotSend[T]`` declaration inside
a method, so declare such attributes in the class body or write ``Annotated[T, NotSend]``.

This module imports nothing at run time until a marker is subscripted (``NotSend[T]`` then
imports :mod:`typing`): ``python -m sendsync`` imports the package before its ``__main__`` can
take the checked project's directory off ``sys.path``, so nothing may be imported from there.
"""

TYPE_CHECKING = False  # mypy and pyright read this name as true, as they do typing's

__all__ = ["NotSend", "NotSync", "Send", "Sync"]

if TYPE_CHECKING:
    from typing import Annotated, Any

    from typing_extensions import TypeAlias, TypeVar

    class _SendMarker:
        """What a checker sees as the bare ``Send``: see the runtime class."""

        __slots__ = ()

    class _SyncMarker:
        """What a checker sees as the bare ``Sync``: see the runtime class."""

        __slots__ = ()

    class _NotSendMarker:
        """What a checker sees as the bare ``NotSend``: see the runtime class."""

        __slots__ = ()

    class _NotSyncMarker:
        """What a checker sees as the bare ``NotSync``: see the runtime class."""

        __slots__ = ()

    # Without the defaults, a bare ``class Db(NotSend)`` is an unparameterised generic
    # alias: ``mypy --strict`` then rejects it ("Missing type arguments", "Class cannot
    # subclass ... (has type Any)").
    _TSend = TypeVar("_TSend", default=_SendMarker)
    _TSync = TypeVar("_TSync", default=_SyncMarker)
    _TNotSend = TypeVar("_TNotSend", default=_NotSendMarker)
    _TNotSync = TypeVar("_TNotSync", default=_NotSyncMarker)

    Send: TypeAlias = Annotated[_TSend, _SendMarker]
    Sync: TypeAlias = Annotated[_TSync, _SyncMarker]
    NotSend: TypeAlias = Annotated[_TNotSend, _NotSendMarker]
    NotSync: TypeAlias = Annotated[_TNotSync, _NotSyncMarker]

else:

    class _Marker:
        """Shared behaviour of the four markers; not a marker itself."""

        __slots__ = ()

        def __class_getitem__(cls, item: "Any") -> "Any":
            if cls in _MARKERS:
                from typing import Annotated

                return Annotated[item, cls]
            # A subclass of a marker, e.g. ``class Box(NotSend, Generic[T])``: leave
            # ``Box[int]`` to the next class in the MRO that knows how to do it.
            following = getattr(super(_Marker, cls), "__class_getitem__", None)
            if following is None:
                raise TypeError(f"type {cls.__name__!r} is not subscriptable")
            return following(item)

    class Send(_Marker):
        """The value may be moved to another thread (Rust's ``Send``).

        Written by hand, it is an assertion that overrides what the checker infers,
        like Rust's ``unsafe impl Send``: you take responsibility for the claim, e.g.
        for a wrapper whose thread-bound parts are never touched after the hand-over.
        ``Send[T]`` is ``Annotated[T, Send]``.
        """

        __slots__ = ()

    class Sync(_Marker):
        """The value may be shared, i.e. used from several threads at once (Rust's ``Sync``).

        Written by hand, it is an assertion that overrides what the checker infers,
        like Rust's ``unsafe impl Sync``: you take responsibility for the claim, e.g.
        because every access goes through a lock the checker cannot see.
        ``Sync[T]`` is ``Annotated[T, Sync]``.
        """

        __slots__ = ()

    class NotSend(_Marker):
        """The value must stay on the thread that created it.

        Neither the value nor anything that reaches it may be handed to another thread:
        not as a thread or executor argument, not through a queue, not captured by a
        closure that runs elsewhere. Typical examples are a ``sqlite3.Connection`` or a
        GUI object. ``NotSend[T]`` is ``Annotated[T, NotSend]``.
        """

        __slots__ = ()

    class NotSync(_Marker):
        """The value may be handed to another thread, but never used from two at once.

        Moving it is fine as long as the old owner lets go; keeping it reachable from two
        threads at the same time (a shared global, an object given to a worker and also
        kept) is not. Typical examples are an unlocked cache or a generator.
        ``NotSync[T]`` is ``Annotated[T, NotSync]``.
        """

        __slots__ = ()

    _MARKERS = frozenset((Send, Sync, NotSend, NotSync))
