"""The markers are not ``Any``: every line marked ``# expected error`` must be rejected."""

import sqlite3

from typing_extensions import Annotated

from sendsync import NotSend, Sync


class Db(NotSend):
    pass


def open_db(path: str) -> NotSend[sqlite3.Connection]:
    return sqlite3.connect(path)


conn: NotSend[sqlite3.Connection] = open_db(":memory:")
number: int = conn  # expected error
also_number: int = open_db(":memory:")  # expected error
meta: Annotated[sqlite3.Connection, NotSend] = conn
meta_number: int = meta  # expected error
shared: Sync[str] = 3  # expected error
db_number: int = Db()  # expected error
