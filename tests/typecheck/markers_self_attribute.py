"""The shorthand on a ``self.attr`` declaration inside a method.

mypy accepts this file. pyright (1.1.414 at the time of writing) rejects the annotation
of ``self.conn`` below with "Attribute type cannot use type variable ... scoped to local
method": it resolves a generic ``Annotated`` alias to its bare type variable before
applying the type argument. The same happens for any ``Annotated[T, ...]`` alias, with
or without the TypeVar default. Declare the attribute in the class body, or write
``Annotated[T, Marker]``, instead.
"""

import sqlite3

from sendsync import NotSend


class Service:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn: NotSend[sqlite3.Connection] = conn
