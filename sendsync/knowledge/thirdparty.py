"""Verdicts for third-party libraries' types. Data only; same shapes as ``types.py``.

Each entry quotes the library's own documentation (``source``) at ``url``. An entry without a
documented source does not go in.

DB-API drivers are judged by the module-level ``threadsafety`` constant they publish (PEP 249):
at level 1 ("Threads may share the module, but not connections") a connection and its cursors are
NotSync: one thread at a time, and moving them to another thread is fine; at level 2 ("Threads may
share the module and connections") connections are Send + Sync and cursors are still NotSync,
since only level 3 adds "and cursors". "Sharing" in PEP 249 means use without a mutex, so a
connection used under ``with lock:`` on every thread is shared safely, as the engine already models.

The standard ``io`` file objects are here too (they came with this table; ``types.py`` holds the
older standard-library entries). What was left out on purpose, and why, is data as well:
``LEFT_OUT`` at the end of this file.
"""
from __future__ import annotations

from typing import Tuple

from .boundaries import Arg, Boundary
from .types import Factory, Method, TypeFact, Variant

PEP249 = "https://peps.python.org/pep-0249/#threadsafety"
PEP249_LEVEL1 = "1: Threads may share the module, but not connections."
PEP249_LEVEL2 = "2: Threads may share the module and connections."
PEP249_LEVEL3 = "3: Threads may share the module, connections and cursors."


def _threadsafety(where: str, level: int) -> str:
    """The source sentence of a DB-API driver judged by its ``threadsafety`` constant."""
    meaning = {1: PEP249_LEVEL1, 2: PEP249_LEVEL2}[level]
    return f"{where}: threadsafety = {level}. PEP 249: \"{meaning}\""


# ------------------------------------------------------------------------------------- boto3
BOTO3_SESSION_DOC = (
    "https://boto3.amazonaws.com/v1/documentation/api/latest/guide/session.html"
    "#multithreading-or-multiprocessing-with-sessions"
)
BOTO3_RESOURCE_DOC = (
    "https://boto3.amazonaws.com/v1/documentation/api/latest/guide/resources.html"
    "#multithreading-or-multiprocessing-with-resources"
)
BOTO3_CLIENT_DOC = (
    "https://boto3.amazonaws.com/v1/documentation/api/latest/guide/clients.html"
    "#multithreading-or-multiprocessing-with-clients"
)

BOTO3_SESSION = TypeFact(
    ("boto3.Session", "boto3.session.Session"), "boto3 session", not_send=False, not_sync=True,
    source=(
        "Similar to Resource objects, Session objects are not thread safe and should not be "
        "shared across threads and processes. It's recommended to create a new Session object "
        "for each thread or process."
    ),
    url=BOTO3_SESSION_DOC,
)
BOTO3_RESOURCE = TypeFact(
    ("boto3.resources.base.ServiceResource",), "boto3 resource", not_send=False, not_sync=True,
    source=(
        "Resource instances are not thread safe and should not be shared across threads or "
        "processes."
    ),
    url=BOTO3_RESOURCE_DOC,
)
BOTO3_CLIENT = TypeFact(
    ("botocore.client.BaseClient",), "boto3 client", not_send=False, not_sync=False,
    source=(
        "Unlike Resources and Sessions, clients are generally thread-safe. There are some "
        "caveats, defined below, to be aware of though."
    ),
    url=BOTO3_CLIENT_DOC,
)

# -------------------------------------------------------------------------------- SQLAlchemy
SQLALCHEMY_FAQ = (
    "https://docs.sqlalchemy.org/en/20/orm/session_basics.html"
    "#is-the-session-thread-safe-is-asyncsession-safe-to-share-in-concurrent-tasks"
)

SQLALCHEMY_SESSION = TypeFact(
    ("sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session"), "SQLAlchemy Session",
    not_send=False, not_sync=True,
    source=(
        "An instance of Session therefore cannot be shared among concurrent threads or asyncio "
        "tasks without careful synchronization. The Session is intended to be used in a "
        "non-concurrent fashion, that is, a particular instance of Session should be used in "
        "only one thread or task at a time."
    ),
    url=SQLALCHEMY_FAQ,
)
SQLALCHEMY_ASYNC_SESSION = TypeFact(
    ("sqlalchemy.ext.asyncio.AsyncSession", "sqlalchemy.ext.asyncio.session.AsyncSession"),
    "SQLAlchemy AsyncSession", not_send=False, not_sync=True,
    source=(
        "When using the AsyncSession object from SQLAlchemy's asyncio extension, this object is "
        "only a thin proxy on top of a Session, and the same rules apply; it is an "
        "unsynchronized, mutable, stateful object, so it is not safe to use a single instance of "
        "AsyncSession in multiple asyncio tasks at once."
    ),
    url=SQLALCHEMY_FAQ,
)
SQLALCHEMY_SCOPED_SESSION = TypeFact(
    ("sqlalchemy.orm.scoped_session", "sqlalchemy.orm.scoping.scoped_session"),
    "SQLAlchemy scoped_session", not_send=False, not_sync=False,
    source=(
        "Using this technique, the scoped_session provides a quick and relatively simple (if one "
        "is familiar with thread-local storage) way of providing a single, global object in an "
        "application that is safe to be called upon from multiple threads."
    ),
    url="https://docs.sqlalchemy.org/en/20/orm/contextual.html#thread-local-scope",
)

# --------------------------------------------------------------------------------- psycopg2
PSYCOPG2_CONNECTION = TypeFact(
    (
        "psycopg2.extensions.connection", "psycopg2._psycopg.connection",
        "psycopg2.extras.DictConnection", "psycopg2.extras.RealDictConnection",
        "psycopg2.extras.NamedTupleConnection", "psycopg2.extras.LoggingConnection",
    ),
    "psycopg2 connection", not_send=False, not_sync=False,
    source=(
        "Connections are thread safe and can be shared among many threads. See Thread and "
        "process safety for details."
    ),
    url="https://www.psycopg.org/docs/connection.html",
)
PSYCOPG2_CURSOR = TypeFact(
    (
        "psycopg2.extensions.cursor", "psycopg2._psycopg.cursor", "psycopg2.extras.DictCursor",
        "psycopg2.extras.RealDictCursor", "psycopg2.extras.NamedTupleCursor",
        "psycopg2.extras.LoggingCursor", "psycopg2.extras.DictCursorBase",
    ),
    "psycopg2 cursor", not_send=False, not_sync=True,
    source=(
        "Cursors are not thread safe: a multithread application can create many cursors from "
        "the same connection and should use each cursor from a single thread. See Thread and "
        "process safety for details."
    ),
    url="https://www.psycopg.org/docs/cursor.html",
)
PSYCOPG2_SIMPLE_POOL = TypeFact(
    ("psycopg2.pool.SimpleConnectionPool",), "psycopg2 SimpleConnectionPool", not_send=False,
    not_sync=True, source="A connection pool that can't be shared across different threads.",
    url="https://www.psycopg.org/docs/pool.html#psycopg2.pool.SimpleConnectionPool",
)
PSYCOPG2_THREADED_POOL = TypeFact(
    ("psycopg2.pool.ThreadedConnectionPool",), "psycopg2 ThreadedConnectionPool",
    not_send=False, not_sync=False,
    source="A connection pool that works with the threading module.",
    url="https://www.psycopg.org/docs/pool.html#psycopg2.pool.ThreadedConnectionPool",
)

# ----------------------------------------------------------------------------- psycopg (3)
PSYCOPG_CONCURRENCY = "https://www.psycopg.org/psycopg3/docs/advanced/async.html#concurrent-operations"

PSYCOPG_CONNECTION = TypeFact(
    ("psycopg.Connection", "psycopg.connection.Connection"), "psycopg connection",
    not_send=False, not_sync=False,
    source=(
        "Connection objects are thread-safe: more than one thread at time can use the same "
        "connection. Different thread can use the same connection by creating different cursors."
    ),
    url=PSYCOPG_CONCURRENCY,
)
PSYCOPG_CURSOR = TypeFact(
    (
        "psycopg.Cursor", "psycopg.cursor.Cursor", "psycopg.ClientCursor",
        "psycopg.client_cursor.ClientCursor", "psycopg.ServerCursor",
        "psycopg.server_cursor.ServerCursor", "psycopg.RawCursor", "psycopg.raw_cursor.RawCursor",
    ),
    "psycopg cursor", not_send=False, not_sync=True,
    source=(
        "Cursor objects are not thread-safe, and are not designed to be used by several threads "
        "at the same time. However, cursors are lightweight objects: different threads can "
        "create each one its own cursor to use independently from other threads."
    ),
    url=PSYCOPG_CONCURRENCY,
)

# ------------------------------------------------------- DB-API drivers, by `threadsafety`
PYMYSQL_SOURCE = "https://github.com/PyMySQL/PyMySQL/blob/main/pymysql/__init__.py"
PYMYSQL_CONNECTION = TypeFact(
    ("pymysql.connections.Connection", "pymysql.Connection"), "PyMySQL connection",
    not_send=False, not_sync=True,
    source=_threadsafety("pymysql/__init__.py", 1), url=PYMYSQL_SOURCE,
)
PYMYSQL_CURSOR = TypeFact(
    (
        "pymysql.cursors.Cursor", "pymysql.cursors.DictCursor", "pymysql.cursors.SSCursor",
        "pymysql.cursors.SSDictCursor",
    ),
    "PyMySQL cursor", not_send=False, not_sync=True,
    source=_threadsafety("pymysql/__init__.py", 1), url=PYMYSQL_SOURCE,
)

MYSQLDB_DOC = "https://mysqlclient.readthedocs.io/user_guide.html#functions-and-attributes"
MYSQLDB_SENTENCE = (
    "threadsafety: Integer constant stating the level of thread safety the interface supports. "
    "This is set to 1, which means: Threads may share the module. [...] The general upshot of "
    "this is: Don't share connections between threads. [...] You can certainly do things like "
    "cache connections in a pool, and give those connections to one thread at a time."
)
MYSQLDB_CONNECTION = TypeFact(
    ("MySQLdb.connections.Connection",), "mysqlclient (MySQLdb) connection", not_send=False,
    not_sync=True, source=MYSQLDB_SENTENCE, url=MYSQLDB_DOC,
)
MYSQLDB_CURSOR = TypeFact(
    (
        "MySQLdb.cursors.Cursor", "MySQLdb.cursors.DictCursor", "MySQLdb.cursors.SSCursor",
        "MySQLdb.cursors.SSDictCursor",
    ),
    "mysqlclient (MySQLdb) cursor", not_send=False, not_sync=True,
    source=MYSQLDB_SENTENCE, url=MYSQLDB_DOC,
)

MYSQL_CONNECTOR_DOC = (
    "https://dev.mysql.com/doc/connector-python/en/"
    "connector-python-api-mysql-connector-threadsafety.html"
)
MYSQL_CONNECTOR_SENTENCE = (
    "This property is an integer that indicates the supported level of thread safety provided "
    "by Connector/Python. >>> mysql.connector.threadsafety 1. PEP 249: \"" + PEP249_LEVEL1 + "\""
)
MYSQL_CONNECTOR_CONNECTION = TypeFact(
    (
        "mysql.connector.MySQLConnection", "mysql.connector.connection.MySQLConnection",
        "mysql.connector.connection_cext.CMySQLConnection",
    ),
    "MySQL Connector/Python connection", not_send=False, not_sync=True,
    source=MYSQL_CONNECTOR_SENTENCE, url=MYSQL_CONNECTOR_DOC,
)
MYSQL_CONNECTOR_CURSOR = TypeFact(
    ("mysql.connector.cursor.MySQLCursor", "mysql.connector.cursor_cext.CMySQLCursor"),
    "MySQL Connector/Python cursor", not_send=False, not_sync=True,
    source=MYSQL_CONNECTOR_SENTENCE, url=MYSQL_CONNECTOR_DOC,
)

PYODBC_SOURCE = "https://github.com/mkleehammer/pyodbc/blob/master/src/pyodbcmodule.cpp"
PYODBC_SENTENCE = (
    "src/pyodbcmodule.cpp: PyModule_AddIntConstant(module, \"threadsafety\", 1). "
    "PEP 249: \"" + PEP249_LEVEL1 + "\""
)
PYODBC_CONNECTION = TypeFact(
    ("pyodbc.Connection",), "pyodbc connection", not_send=False, not_sync=True,
    source=PYODBC_SENTENCE, url=PYODBC_SOURCE,
)
PYODBC_CURSOR = TypeFact(
    ("pyodbc.Cursor",), "pyodbc cursor", not_send=False, not_sync=True,
    source=PYODBC_SENTENCE, url=PYODBC_SOURCE,
)

ORACLEDB_DOC = "https://python-oracledb.readthedocs.io/en/latest/api_manual/module.html#oracledb.threadsafety"
ORACLEDB_SENTENCE = (
    "Integer constant stating the level of thread safety that the interface supports. "
    "Currently 2, which means that threads may share the module and connections, but not "
    "cursors. Sharing means that a thread may use a resource without wrapping it using a mutex "
    "semaphore to implement resource locking."
)
ORACLEDB_CONNECTION = TypeFact(
    ("oracledb.Connection", "oracledb.connection.Connection"), "python-oracledb connection",
    not_send=False, not_sync=False, source=ORACLEDB_SENTENCE, url=ORACLEDB_DOC,
)
ORACLEDB_CURSOR = TypeFact(
    ("oracledb.Cursor", "oracledb.cursor.Cursor"), "python-oracledb cursor", not_send=False,
    not_sync=True, source=ORACLEDB_SENTENCE, url=ORACLEDB_DOC,
)

# ------------------------------------------------------------------ file objects (stdlib io)
IO_DOC = "https://docs.python.org/3/library/io.html#multi-threading"
IO_TEXT = TypeFact(
    ("io.TextIOWrapper", "_io.TextIOWrapper"), "text file object", not_send=False,
    not_sync=True, source="TextIOWrapper objects are not thread-safe.", url=IO_DOC,
)
IO_BUFFERED_SENTENCE = (
    "Binary buffered objects (instances of BufferedReader, BufferedWriter, BufferedRandom and "
    "BufferedRWPair) protect their internal structures using a lock; it is therefore safe to "
    "call them from multiple threads at once."
)
IO_BUFFERED = TypeFact(
    (
        "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom", "io.BufferedRWPair",
        "_io.BufferedReader", "_io.BufferedWriter", "_io.BufferedRandom", "_io.BufferedRWPair",
    ),
    "binary buffered file object", not_send=False, not_sync=False,
    source=IO_BUFFERED_SENTENCE, url=IO_DOC,
)
#: what ``open(path, mode)`` returns when ``mode`` is a string literal containing "b": one of the
#: buffered classes above (or a FileIO with ``buffering=0``), all of them thread-safe.
IO_BINARY_OPEN = TypeFact(
    ("io.open[mode=b]",), "binary file object", not_send=False, not_sync=False,
    source=IO_BUFFERED_SENTENCE, url=IO_DOC,
)
IO_FILEIO = TypeFact(
    ("io.FileIO", "_io.FileIO"), "raw file object", not_send=False, not_sync=False,
    source=(
        "FileIO objects are thread-safe to the extent that the operating system calls (such as "
        "read(2) under Unix) they wrap are thread-safe too."
    ),
    url=IO_DOC,
)

#: ``open()``: a text file (NotSync) unless the mode is a string literal containing "b". Not in
#: ``FACTORIES``: a project opts in with ``Knowledge(factories=ALL_FACTORIES + (OPEN_FACTORY,))``.
OPEN_FACTORY = Factory(
    ("builtins.open", "io.open"), "io.TextIOWrapper", note="by open() in text mode",
    variants=(
        Variant("mode", "b", "io.open[mode=b]", "by open() in binary mode", position=1,
                contains=True),
    ),
)

#: watchdog: an observer is a thread that calls the event handlers scheduled on it
WATCHDOG_OBSERVER = TypeFact(
    ("watchdog.observers.Observer", "watchdog.observers.api.BaseObserver",
     "watchdog.observers.polling.PollingObserver", "watchdog.observers.polling.PollingObserverVFS",
     "watchdog.observers.inotify.InotifyObserver", "watchdog.observers.fsevents.FSEventsObserver",
     "watchdog.observers.kqueue.KqueueObserver",
     "watchdog.observers.read_directory_changes.WindowsApiObserver"),
    "watchdog observer", not_send=False, not_sync=False,
    source=("Consumer thread base class subclassed by event observer threads that dispatch events "
            "from an event queue to appropriate event handlers."),
    url="https://python-watchdog.readthedocs.io/en/stable/api.html#watchdog.observers.api.EventDispatcher",
)
#: what the observer's thread calls on a handler: ``dispatch``, which calls the others
WATCHDOG_HANDLER_METHODS = (
    "dispatch", "on_any_event", "on_moved", "on_created", "on_deleted", "on_modified", "on_attrib",
    "on_closed", "on_closed_no_write", "on_opened",
)

#: web frameworks whose server runs each request on a thread of its own: the views they are
#: given run there, several at once
FLASK_APP = TypeFact(
    ("flask.Flask", "flask.app.Flask", "flask.Blueprint", "flask.blueprints.Blueprint"),
    "Flask", not_send=False, not_sync=False,
    source=("Flask.run: threaded – should the process handle each request in a separate thread? "
            "[...] Changed in version 1.0: [...] Threaded mode is enabled by default."),
    url="https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run",
)
FASTAPI_APP = TypeFact(
    ("fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"),
    "FastAPI", not_send=False, not_sync=False,
    source=("When you declare a path operation function with normal def instead of async def, it is "
            "run in an external threadpool that is then awaited, instead of being called directly."),
    url="https://fastapi.tiangolo.com/async/#path-operation-functions",
)
#: a project that imports one of these serves its requests on greenlets, one OS thread taking
#: turns, not on threads: its views are no thread boundaries (locust serves Flask with gevent's
#: WSGIServer)
GREEN_SERVERS = ("gevent", "eventlet")
GREEN_SERVERS_SOURCE = ("gevent is a coroutine-based Python networking library that uses greenlet to "
                        "provide a high-level synchronous API on top of the libev or libuv event loop.")
GREEN_SERVERS_URL = "https://www.gevent.org/"
FLASK_ROUTES = ("route", "get", "post", "put", "delete", "patch")
FASTAPI_ROUTES = ("get", "post", "put", "delete", "patch", "options", "head", "trace", "api_route")

TYPES: Tuple[TypeFact, ...] = (
    FLASK_APP, FASTAPI_APP,
    BOTO3_SESSION, BOTO3_RESOURCE, BOTO3_CLIENT,
    SQLALCHEMY_SESSION, SQLALCHEMY_ASYNC_SESSION, SQLALCHEMY_SCOPED_SESSION,
    PSYCOPG2_CONNECTION, PSYCOPG2_CURSOR, PSYCOPG2_SIMPLE_POOL, PSYCOPG2_THREADED_POOL,
    PSYCOPG_CONNECTION, PSYCOPG_CURSOR,
    PYMYSQL_CONNECTION, PYMYSQL_CURSOR,
    MYSQLDB_CONNECTION, MYSQLDB_CURSOR,
    MYSQL_CONNECTOR_CONNECTION, MYSQL_CONNECTOR_CURSOR,
    PYODBC_CONNECTION, PYODBC_CURSOR,
    ORACLEDB_CONNECTION, ORACLEDB_CURSOR,
    IO_TEXT, IO_BUFFERED, IO_BINARY_OPEN, IO_FILEIO,
    WATCHDOG_OBSERVER,
)

BOUNDARIES: Tuple[Boundary, ...] = (
    # `observer.schedule(handler, path)`: the handler's methods run on the observer's thread
    Boundary("Observer.schedule", receiver=WATCHDOG_OBSERVER.names, name="schedule",
             func=Arg(0, "event_handler"), handle="detached", role="function",
             methods=WATCHDOG_HANDLER_METHODS, one_thread=True),
    # `app.add_url_rule("/", "index", view)`: the view runs on every request's thread
    Boundary("Flask.add_url_rule", receiver=FLASK_APP.names, name="add_url_rule", func=Arg(2, "view_func"),
             many=True, per_request=True, handle="detached", role="view"),
) + tuple(
    # `@app.route("/")`: the function it decorates, likewise
    Boundary(f"Flask.{name}", receiver=FLASK_APP.names, name=name, decorates=True, many=True,
             per_request=True, handle="detached", role="view")
    for name in FLASK_ROUTES
) + tuple(
    # `@app.get("/")` on a plain `def`: FastAPI runs it in its thread pool
    Boundary(f"FastAPI.{name}", receiver=FASTAPI_APP.names, name=name, decorates=True, sync_only=True,
             many=True, per_request=True, handle="detached", role="view")
    for name in FASTAPI_ROUTES
)

FACTORIES: Tuple[Factory, ...] = (
    Factory(("boto3.client",), "botocore.client.BaseClient", note="by boto3.client()"),
    Factory(("boto3.resource",), "boto3.resources.base.ServiceResource",
            note="by boto3.resource()"),
    Factory(("psycopg2.connect",), "psycopg2.extensions.connection"),
    Factory(
        ("psycopg.connect", "psycopg.Connection.connect", "psycopg.connection.Connection.connect"),
        "psycopg.Connection",
    ),
    Factory(("pymysql.connect", "pymysql.Connect"), "pymysql.connections.Connection"),
    Factory(("MySQLdb.connect", "MySQLdb.Connect", "MySQLdb.Connection"),
            "MySQLdb.connections.Connection"),
    Factory(("mysql.connector.connect",), "mysql.connector.connection.MySQLConnection"),
    Factory(("pyodbc.connect",), "pyodbc.Connection"),
    Factory(("oracledb.connect",), "oracledb.Connection"),
)


def _on(fact: TypeFact, name: str, returns: str) -> Method:
    """``name`` called on an instance of ``fact``, however its type was spelled, returns ``returns``."""
    return Method(fact.names, name, returns)


METHODS: Tuple[Method, ...] = (
    _on(BOTO3_SESSION, "client", "botocore.client.BaseClient"),
    _on(BOTO3_SESSION, "resource", "boto3.resources.base.ServiceResource"),
    _on(PSYCOPG2_CONNECTION, "cursor", "psycopg2.extensions.cursor"),
    _on(PSYCOPG2_SIMPLE_POOL, "getconn", "psycopg2.extensions.connection"),
    _on(PSYCOPG2_THREADED_POOL, "getconn", "psycopg2.extensions.connection"),
    _on(PSYCOPG_CONNECTION, "cursor", "psycopg.Cursor"),
    _on(PSYCOPG_CONNECTION, "execute", "psycopg.Cursor"),
    _on(PYMYSQL_CONNECTION, "cursor", "pymysql.cursors.Cursor"),
    _on(MYSQLDB_CONNECTION, "cursor", "MySQLdb.cursors.Cursor"),
    _on(MYSQL_CONNECTOR_CONNECTION, "cursor", "mysql.connector.cursor.MySQLCursor"),
    _on(PYODBC_CONNECTION, "cursor", "pyodbc.Cursor"),
    _on(PYODBC_CONNECTION, "execute", "pyodbc.Cursor"),
    _on(ORACLEDB_CONNECTION, "cursor", "oracledb.Cursor"),
)


#: Libraries and objects deliberately without an entry: (what, why). Shown in docs/knowledge.md.
LEFT_OUT: Tuple[Tuple[str, str], ...] = (
    (
        "requests.Session",
        "The requests documentation says nothing about the thread safety of a Session. A "
        "maintainer's advice of \"one session per thread\" is a comment in a 2014 bug report "
        "about connection-pool eviction (https://github.com/psf/requests/issues/1871); the "
        "redirect cache, another suspected race, was removed "
        "(https://github.com/psf/requests/issues/4055); and "
        "https://github.com/psf/requests/issues/2766 (\"Document threading contract for Session "
        "class\") was closed as stale, a maintainer asking for new evidence of a threading "
        "problem, without a documented contract. Sharing one Session among worker threads is "
        "common, so a NotSync verdict without a source would be noise. A project that wants it "
        "can declare it in [tool.sendsync].",
    ),
    (
        "builtins.open / io.open",
        "The io documentation is explicit (\"TextIOWrapper objects are not thread-safe.\"), and "
        "io.TextIOWrapper is listed above. But inferring NotSync for every open() result would "
        "flag the widespread log or results file that several threads write to, and the checker "
        "cannot tell such append-only writing from reading or seeking one file from several "
        "threads. The factory, with its binary-mode variant (a mode literal containing \"b\" "
        "gives a thread-safe buffered file), is data as OPEN_FACTORY for a project to opt into; "
        "it is not enabled by default.",
    ),
    (
        "cx_Oracle",
        "threadsafety = 2, but its documentation makes sharing connections depend on the "
        "threaded=True argument (\"Whether or not Oracle should wrap accesses to connections "
        "with a mutex\", default False) and the wording differs between releases. Its successor, "
        "python-oracledb, is covered.",
    ),
    (
        "psycopg.AsyncConnection, asyncpg, aiomysql",
        "Their documentation speaks of asyncio tasks, not of threads.",
    ),
    (
        "sqlalchemy.orm.sessionmaker()() and scoped_session()()",
        "Calling an instance is not a factory the tables can express (a Factory is keyed by a "
        "qualified name). Sessions created with Session(...) are known; sessions from a "
        "sessionmaker instance are not inferred.",
    ),
    (
        "sqlite3",
        "Already in the standard-library table (check_same_thread), which is more precise than "
        "its threadsafety constant.",
    ),
)
