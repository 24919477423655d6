"""Every marker form, as a user writes it: both checkers in strict mode accept this file.

The shorthand ``NotSend[T]`` must be seen as plain ``T`` (``assert_type`` below), and the
class-base form must leave the class's own type and metaclass intact.
"""

import abc
import enum
import sqlite3
import threading
from dataclasses import dataclass
from typing import Callable, Dict, Generic, List, Optional, TypeVar

from typing_extensions import Annotated, assert_type

from sendsync import NotSend, NotSync, Send, Sync

T = TypeVar("T")


# 1. class base ------------------------------------------------------------------------
class Db(NotSend):
    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path


class Cache(Send, Sync):
    def __init__(self) -> None:
        self.data: Dict[str, int] = {}


class Both(NotSend, NotSync):
    pass


class Repository(NotSend, abc.ABC):
    @abc.abstractmethod
    def load(self) -> int: ...


class SqlRepository(Repository):
    def load(self) -> int:
        return 1


class Box(NotSync, Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item


class Worker(NotSend, threading.Thread):
    def run(self) -> None:
        pass


class Color(NotSync, enum.Enum):
    RED = 1
    BLUE = 2


class Meta(type):
    def describe(cls) -> str:
        return cls.__name__


class WithMeta(Send, metaclass=Meta):
    pass


@dataclass
class Settings(Sync):
    name: str


db = Db(":memory:")
assert_type(db, Db)
assert_type(db.path, str)
assert_type(Cache().data, Dict[str, int])
assert_type(Box(3).item, int)
assert_type(Box[str]("x"), Box[str])
assert_type(SqlRepository().load(), int)
assert_type(Color(1), Color)
assert_type(WithMeta.describe(), str)
assert_type(Settings("x").name, str)
Worker().start()
both: NotSend = Both()
marker_types: List[object] = [Send, Sync, NotSend, NotSync]


# 2. annotation metadata ---------------------------------------------------------------
conn_a: Annotated[sqlite3.Connection, NotSend] = sqlite3.connect(":memory:")
assert_type(conn_a, sqlite3.Connection)
shared: Annotated[Dict[str, int], Send, Sync] = {}
assert_type(shared, Dict[str, int])


# 3. shorthand: variables, attributes, parameters, return types -----------------------
conn: NotSend[sqlite3.Connection] = sqlite3.connect(":memory:")
assert_type(conn, sqlite3.Connection)
conn.execute("select 1")
plain: sqlite3.Connection = conn


def bump(counter: NotSync[int]) -> NotSync[int]:
    assert_type(counter, int)
    return counter + 1


maybe: Optional[NotSend[sqlite3.Connection]] = None
nested: NotSend[Sync[List[int]]] = [1, 2]
assert_type(nested, List[int])


class Service:
    conn: NotSend[sqlite3.Connection]

    def __init__(self, conn: NotSend[sqlite3.Connection]) -> None:
        self.conn = conn
        # ``self.x: Sync[...]`` inside a method trips a pyright false positive (see
        # markers_self_attribute.py); the Annotated form, or a class-level declaration
        # like ``conn`` above, is accepted by both checkers.
        self.cache: Annotated[Dict[str, int], Sync] = {}
        local: Sync[Dict[str, int]] = {}
        self.local = local

    def cursor(self) -> NotSend[sqlite3.Cursor]:
        return self.conn.cursor()


def open_db(path: str) -> NotSend[sqlite3.Connection]:
    return sqlite3.connect(path)


def first(items: NotSync[List[T]]) -> T:
    return items[0]


def run(callback: Send[Callable[[], None]]) -> None:
    callback()


service = Service(open_db(":memory:"))
assert_type(service.conn, sqlite3.Connection)
assert_type(service.cache, Dict[str, int])
assert_type(service.local, Dict[str, int])
assert_type(service.cursor(), sqlite3.Cursor)
assert_type(open_db(":memory:"), sqlite3.Connection)
assert_type(first([1, 2]), int)
run(lambda: None)
