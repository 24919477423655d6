"""The library tables: every entry is sourced and consistent, and each third-party entry changes
what the checker reports, end to end.

Nothing here imports the libraries concerned or uses the network: the checker resolves names
statically, so the snippets below only need to parse.
"""
from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

from sendsync.engine import Source, check_project
from sendsync.knowledge import ALL_FACTORIES, ALL_METHODS, ALL_TYPES, Knowledge, thirdparty
from sendsync.knowledge.types import TypeFact

ROOT = Path(__file__).resolve().parents[1]
OPEN_KNOWLEDGE = Knowledge(factories=ALL_FACTORIES + (thirdparty.OPEN_FACTORY,))
EVERY_FACTORY = ALL_FACTORIES + (thirdparty.OPEN_FACTORY,)


def fact_named(name: str) -> TypeFact:
    for fact in ALL_TYPES:
        if name in fact.names:
            return fact
    raise KeyError(name)


# ---------------------------------------------------------------------------- the data itself
@pytest.mark.parametrize("fact", ALL_TYPES, ids=lambda f: f.names[0])
def test_every_entry_quotes_a_source_with_an_https_url(fact: TypeFact) -> None:
    assert fact.source.strip(), fact.names
    assert fact.url.startswith("https://"), fact.url
    assert " " not in fact.url
    assert fact.label.strip()
    assert fact.names and all(n.strip() == n and n for n in fact.names)


def test_type_names_are_unique_across_entries() -> None:
    seen: Dict[str, str] = {}
    for fact in ALL_TYPES:
        for name in fact.names:
            assert name not in seen, f"{name} is in two entries: {seen.get(name)} and {fact.label}"
            seen[name] = fact.label


def test_factory_names_and_method_keys_are_unique() -> None:
    names: List[str] = [n for made in EVERY_FACTORY for n in made.names]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    keys = [(owner, m.name) for m in ALL_METHODS for owner in m.owners]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_factories_and_methods_return_known_types() -> None:
    known = {name for fact in ALL_TYPES for name in fact.names}
    for made in EVERY_FACTORY:
        assert made.returns in known, made
        for variant in made.variants:
            assert variant.returns in known, variant
            assert variant.note
    for m in ALL_METHODS:
        assert m.returns in known, m
        assert all(owner in known for owner in m.owners), m


def test_third_party_methods_cover_every_spelling_of_their_owner() -> None:
    # an instance's type is the name it was created or annotated with, so a method must be known
    # under all of them
    for m in thirdparty.METHODS:
        assert set(m.owners) == set(fact_named(m.owners[0]).names), m


def test_db_api_levels_follow_pep_249() -> None:
    for fact in thirdparty.TYPES:
        if thirdparty.PEP249_LEVEL1 in fact.source:
            assert fact.not_sync and not fact.not_send, fact.label  # one thread at a time
    assert not fact_named("psycopg2.extensions.connection").not_sync  # level 2: connections shared
    assert fact_named("psycopg2.extensions.cursor").not_sync  # ... but not cursors
    assert not fact_named("oracledb.Connection").not_sync
    assert fact_named("oracledb.Cursor").not_sync
    assert not any(f.not_send for f in thirdparty.TYPES)  # nothing documented as thread-bound


def test_left_out_entries_say_why() -> None:
    assert thirdparty.LEFT_OUT
    known = {name for fact in ALL_TYPES for name in fact.names}
    for what, why in thirdparty.LEFT_OUT:
        assert what.strip() and len(why) > 40
    assert "requests.Session" not in known and "requests.sessions.Session" not in known
    assert "builtins.open" not in {n for made in ALL_FACTORIES for n in made.names}


# --------------------------------------------------------------------------- the page in docs/
def _docs_script():
    spec = importlib.util.spec_from_file_location(
        "gen_knowledge_docs", ROOT / "scripts" / "gen_knowledge_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_knowledge_page_is_up_to_date() -> None:
    script = _docs_script()
    assert script.main(["--check"]) == 0, "run python scripts/gen_knowledge_docs.py"


def test_check_mode_reports_a_stale_page(tmp_path: Path) -> None:
    script = _docs_script()
    page = tmp_path / "knowledge.md"
    assert script.main(["--check", "--out", str(page)]) == 1  # missing
    assert script.main(["--out", str(page)]) == 0
    assert script.main(["--check", "--out", str(page)]) == 0
    page.write_text(page.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert script.main(["--check", "--out", str(page)]) == 1


def test_page_quotes_every_entry() -> None:
    text = _docs_script().page()
    for fact in ALL_TYPES:
        assert fact.source.splitlines()[0] in text, fact.label
        assert fact.url in text
    for what, _ in thirdparty.LEFT_OUT:
        assert what in text


# ------------------------------------------------------------------------------- end to end
@dataclass(frozen=True)
class Case:
    fact: str  # a name of the entry the case exercises
    code: str
    expected: Sequence[str]  # rule codes, in line order; empty: clean
    knowledge: Optional[Knowledge] = None
    id: str = ""


def run(code: str, knowledge: Optional[Knowledge] = None):
    found = check_project([Source("example.py", "example", False, code.encode())], knowledge)
    return sorted(found, key=lambda d: (d.line, d.col, d.code))


TWO_TASKS = """
    with ThreadPoolExecutor() as ex:
        ex.submit({v}.close)
        ex.submit({v}.close)
"""

CASES = [
    # boto3 ---------------------------------------------------------------------------------
    Case("boto3.session.Session", """
import threading
import boto3
s = boto3.session.Session()
def job():
    s.client("s3")
t = threading.Thread(target=job)
t.start()
t.join()
""", ["SSC203"], id="boto3-session-global"),
    Case("boto3.session.Session", """
import threading
import boto3
def job():
    s = boto3.session.Session()
    s.client("s3")
for _ in range(4):
    threading.Thread(target=job).start()
""", [], id="boto3-session-per-thread"),
    Case("boto3.Session", """
from concurrent.futures import ThreadPoolExecutor
import boto3
def main():
    session = boto3.Session()
""" + TWO_TASKS.format(v="session"), ["SSC201"], id="boto3-session-two-tasks"),
    Case("botocore.client.BaseClient", """
from concurrent.futures import ThreadPoolExecutor
import boto3.session
def main():
    session = boto3.session.Session()
    client = session.client("s3")
""" + TWO_TASKS.format(v="client"), [], id="boto3-client-from-session-shared"),
    Case("botocore.client.BaseClient", """
import threading
import boto3
client = boto3.client("s3")
def job():
    client.list_buckets()
threads = [threading.Thread(target=job) for _ in range(4)]
""", [], id="boto3-client-global"),
    Case("boto3.resources.base.ServiceResource", """
from concurrent.futures import ThreadPoolExecutor
import boto3
def main():
    s3 = boto3.resource("s3")
""" + TWO_TASKS.format(v="s3"), ["SSC201"], id="boto3-resource-two-tasks"),
    Case("boto3.resources.base.ServiceResource", """
import threading
import boto3
def main():
    s3 = boto3.Session().resource("s3")
    t = threading.Thread(target=s3.close)
    t.start()
    t.join()
    s3.buckets.all()
""", [], id="boto3-resource-moved"),
    # SQLAlchemy ----------------------------------------------------------------------------
    Case("sqlalchemy.orm.Session", """
from concurrent.futures import ThreadPoolExecutor
from sqlalchemy.orm import Session
def main(engine):
    with Session(engine) as session:
""" + TWO_TASKS.format(v="session").replace("\n    ", "\n        "), ["SSC201"],
         id="sqlalchemy-session-two-tasks"),
    Case("sqlalchemy.orm.session.Session", """
import threading
import sqlalchemy.orm.session
def work(engine):
    with sqlalchemy.orm.session.Session(engine) as session:
        session.commit()
def main(engine):
    ts = [threading.Thread(target=work, args=(engine,)) for _ in range(4)]
""", [], id="sqlalchemy-session-per-thread"),
    Case("sqlalchemy.ext.asyncio.AsyncSession", """
import threading
from sqlalchemy.ext.asyncio import AsyncSession
def main(session: AsyncSession):
    t = threading.Thread(target=session.close)
    t.start()
    session.expire_all()
    t.join()
""", ["SSC202"], id="sqlalchemy-async-session-used-before-join"),
    Case("sqlalchemy.ext.asyncio.AsyncSession", """
import threading
from sqlalchemy.ext.asyncio import AsyncSession
def main(session: AsyncSession):
    t = threading.Thread(target=session.close)
    t.start()
    t.join()
    print(session)
""", [], id="sqlalchemy-async-session-moved"),
    Case("sqlalchemy.orm.scoped_session", """
import threading
from sqlalchemy.orm import scoped_session, sessionmaker
Session = scoped_session(sessionmaker())
def job():
    Session.query("x")
for _ in range(4):
    threading.Thread(target=job).start()
""", [], id="sqlalchemy-scoped-session-global"),
    # psycopg2 ------------------------------------------------------------------------------
    Case("psycopg2.extensions.connection", """
from concurrent.futures import ThreadPoolExecutor
import psycopg2
def main():
    conn = psycopg2.connect("dbname=test")
""" + TWO_TASKS.format(v="conn"), [], id="psycopg2-connection-shared"),
    Case("psycopg2.extensions.cursor", """
from concurrent.futures import ThreadPoolExecutor
import psycopg2
def main():
    conn = psycopg2.connect("dbname=test")
    cur = conn.cursor()
""" + TWO_TASKS.format(v="cur"), ["SSC201"], id="psycopg2-cursor-two-tasks"),
    Case("psycopg2.extras.DictCursor", """
from concurrent.futures import ThreadPoolExecutor
import psycopg2.extras
def main(cur: psycopg2.extras.DictCursor):
""" + TWO_TASKS.format(v="cur"), ["SSC201"], id="psycopg2-dictcursor-annotated"),
    Case("psycopg2.pool.SimpleConnectionPool", """
import threading
from psycopg2.pool import SimpleConnectionPool
pool = SimpleConnectionPool(1, 4, "dbname=test")
def job():
    conn = pool.getconn()
    pool.putconn(conn)
threading.Thread(target=job).start()
""", ["SSC203"], id="psycopg2-simple-pool-global"),
    Case("psycopg2.pool.ThreadedConnectionPool", """
import threading
from psycopg2.pool import ThreadedConnectionPool
pool = ThreadedConnectionPool(1, 4, "dbname=test")
def job():
    conn = pool.getconn()
    pool.putconn(conn)
threading.Thread(target=job).start()
""", [], id="psycopg2-threaded-pool-global"),
    # psycopg 3 -----------------------------------------------------------------------------
    Case("psycopg.Connection", """
from concurrent.futures import ThreadPoolExecutor
import psycopg
def main():
    with psycopg.connect("dbname=test") as conn:
""" + TWO_TASKS.format(v="conn").replace("\n    ", "\n        "), [],
         id="psycopg-connection-shared"),
    Case("psycopg.Cursor", """
from concurrent.futures import ThreadPoolExecutor
import psycopg
def main():
    conn = psycopg.Connection.connect("dbname=test")
    cur = conn.execute("select 1")
""" + TWO_TASKS.format(v="cur"), ["SSC201"], id="psycopg-cursor-two-tasks"),
    Case("psycopg.Cursor", """
from concurrent.futures import ThreadPoolExecutor
import psycopg
def fetch(conn):
    with conn.cursor() as cur:
        cur.execute("select 1")
def main():
    conn = psycopg.connect("dbname=test")
    with ThreadPoolExecutor() as ex:
        ex.submit(fetch, conn)
        ex.submit(fetch, conn)
""", [], id="psycopg-cursor-per-thread"),
    # DB-API drivers with threadsafety = 1 --------------------------------------------------
    Case("pymysql.connections.Connection", """
import threading
import pymysql
def main():
    conn = pymysql.connect(host="db")
    t = threading.Thread(target=conn.close)
    t.start()
    conn.commit()
    t.join()
""", ["SSC202"], id="pymysql-connection-used-before-join"),
    Case("pymysql.connections.Connection", """
import threading
import pymysql
def main():
    conn = pymysql.connect(host="db")
    t = threading.Thread(target=conn.close)
    t.start()
    t.join()
    conn.commit()
""", [], id="pymysql-connection-moved"),
    Case("pymysql.Connection", """
import threading
import pymysql
lock = threading.Lock()
conn = pymysql.Connection(host="db")
def job():
    with lock:
        conn.ping()
def main():
    threading.Thread(target=job).start()
    threading.Thread(target=job).start()
""", [], id="pymysql-connection-under-lock"),
    Case("pymysql.cursors.Cursor", """
from concurrent.futures import ThreadPoolExecutor
import pymysql
def main():
    cur = pymysql.connect(host="db").cursor()
""" + TWO_TASKS.format(v="cur"), ["SSC201"], id="pymysql-cursor-two-tasks"),
    Case("MySQLdb.connections.Connection", """
import threading
import MySQLdb
db = MySQLdb.connect(host="db")
def job():
    db.query("select 1")
threading.Thread(target=job).start()
""", ["SSC203"], id="mysqldb-connection-global"),
    Case("MySQLdb.connections.Connection", """
import threading
import MySQLdb
def job():
    db = MySQLdb.connect(host="db")
    db.query("select 1")
threading.Thread(target=job).start()
threading.Thread(target=job).start()
""", [], id="mysqldb-connection-per-thread"),
    Case("MySQLdb.cursors.Cursor", """
from concurrent.futures import ThreadPoolExecutor
import MySQLdb
def main():
    c = MySQLdb.connect(host="db").cursor()
""" + TWO_TASKS.format(v="c"), ["SSC201"], id="mysqldb-cursor-two-tasks"),
    Case("mysql.connector.connection.MySQLConnection", """
from concurrent.futures import ThreadPoolExecutor
import mysql.connector
def main():
    cnx = mysql.connector.connect(user="u")
""" + TWO_TASKS.format(v="cnx"), ["SSC201"], id="mysql-connector-connection-two-tasks"),
    Case("mysql.connector.cursor.MySQLCursor", """
from concurrent.futures import ThreadPoolExecutor
import mysql.connector
def main():
    cursor = mysql.connector.connect(user="u").cursor()
""" + TWO_TASKS.format(v="cursor"), ["SSC201"], id="mysql-connector-cursor-two-tasks"),
    Case("mysql.connector.connection.MySQLConnection", """
from concurrent.futures import ThreadPoolExecutor
import mysql.connector
def job():
    cnx = mysql.connector.connect(user="u")
    cnx.close()
def main():
    with ThreadPoolExecutor() as ex:
        ex.submit(job)
        ex.submit(job)
""", [], id="mysql-connector-connection-per-task"),
    Case("pyodbc.Connection", """
import threading
import pyodbc
def main():
    cnxn = pyodbc.connect("DSN=test")
    t = threading.Thread(target=cnxn.close)
    t.start()
    cnxn.commit()
""", ["SSC202"], id="pyodbc-connection-used-before-join"),
    Case("pyodbc.Cursor", """
from concurrent.futures import ThreadPoolExecutor
import pyodbc
def main():
    rows = pyodbc.connect("DSN=test").execute("select 1")
""" + TWO_TASKS.format(v="rows"), ["SSC201"], id="pyodbc-cursor-two-tasks"),
    # DB-API drivers with threadsafety = 2 --------------------------------------------------
    Case("oracledb.Connection", """
from concurrent.futures import ThreadPoolExecutor
import oracledb
def main():
    connection = oracledb.connect(user="u", dsn="db")
""" + TWO_TASKS.format(v="connection"), [], id="oracledb-connection-shared"),
    Case("oracledb.Cursor", """
from concurrent.futures import ThreadPoolExecutor
import oracledb
def main():
    cursor = oracledb.connect(user="u", dsn="db").cursor()
""" + TWO_TASKS.format(v="cursor"), ["SSC201"], id="oracledb-cursor-two-tasks"),
    # io file objects -----------------------------------------------------------------------
    Case("io.TextIOWrapper", """
from concurrent.futures import ThreadPoolExecutor
import io
def main(out: io.TextIOWrapper):
""" + TWO_TASKS.format(v="out"), ["SSC201"], id="io-text-annotated-two-tasks"),
    Case("io.TextIOWrapper", """
import threading
log = open("log.txt", "a")
def job():
    log.write("done\\n")
threading.Thread(target=job).start()
threading.Thread(target=job).start()
""", [], id="open-text-not-inferred-by-default"),
    Case("io.TextIOWrapper", """
import threading
log = open("log.txt", "a")
def job():
    log.write("done\\n")
threading.Thread(target=job).start()
""", ["SSC203"], OPEN_KNOWLEDGE, id="open-text-opt-in-global"),
    Case("io.BufferedWriter", """
from concurrent.futures import ThreadPoolExecutor
import io
def main(out: io.BufferedWriter):
""" + TWO_TASKS.format(v="out"), [], id="io-buffered-annotated-shared"),
    Case("io.open[mode=b]", """
from concurrent.futures import ThreadPoolExecutor
def main(path):
    out = open(path, "wb")
    raw = open(path, mode="rb", buffering=0)
""" + TWO_TASKS.format(v="out") + TWO_TASKS.format(v="raw"), [], OPEN_KNOWLEDGE,
         id="open-binary-opt-in-shared"),
    Case("io.FileIO", """
from concurrent.futures import ThreadPoolExecutor
import io
def main(path):
    raw = io.FileIO(path, "r")
""" + TWO_TASKS.format(v="raw"), [], id="io-fileio-shared"),
    Case("watchdog.observers.Observer", """
import threading
from watchdog.observers import Observer
def main():
    observer = Observer()
    observer.start()
    threading.Timer(5, observer.stop).start()
    observer.join()
""", [], id="watchdog-observer-stopped-from-a-timer"),
    Case("watchdog.observers.polling.PollingObserver", """
from concurrent.futures import ThreadPoolExecutor
from watchdog.observers.polling import PollingObserver
def main():
    observer = PollingObserver()
""" + TWO_TASKS.format(v="observer"), [], id="watchdog-observer-shared"),
    # web frameworks: the views they are given run on the requests' threads ------------------
    Case("flask.Flask", """
import sqlite3
from flask import Flask
app = Flask(__name__)
db = sqlite3.connect("app.db")
@app.route("/")
def index():
    return str(db.execute("SELECT 1").fetchone())
""", ["SSC104"], id="flask-view-global-connection"),
    Case("flask.Blueprint", """
import sqlite3
from flask import Blueprint
bp = Blueprint("bp", __name__)
@bp.post("/")
def index():
    return str(sqlite3.connect("app.db").execute("SELECT 1").fetchone())
""", [], id="flask-view-own-connection"),
    Case("fastapi.FastAPI", """
import sqlite3
from fastapi import FastAPI
app = FastAPI()
db = sqlite3.connect("app.db")
@app.get("/")
def index():
    return db.execute("SELECT 1").fetchone()
""", ["SSC104"], id="fastapi-plain-endpoint-global-connection"),
    Case("fastapi.APIRouter", """
import sqlite3
from fastapi import APIRouter
router = APIRouter()
db = sqlite3.connect("app.db")
@router.get("/")
async def index():
    return db.execute("SELECT 1").fetchone()
""", [], id="fastapi-coroutine-endpoint-global-connection"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_end_to_end(case: Case) -> None:
    found = run(case.code, case.knowledge)
    assert [d.code for d in found] == list(case.expected), [str(d) for d in found]
    label = fact_named(case.fact).label
    for d in found:
        assert label in d.message, d.message


def test_every_third_party_entry_has_an_end_to_end_case() -> None:
    exercised = {id(fact_named(c.fact)) for c in CASES}
    missing = [f.label for f in thirdparty.TYPES if id(f) not in exercised]
    assert not missing, missing


SPELLINGS = [
    pytest.param(fact, name, id=name)
    for fact in thirdparty.TYPES
    for name in fact.names
    if "[" not in name  # a variant key, produced only by a factory
]


@pytest.mark.parametrize("fact, name", SPELLINGS)
def test_every_spelling_moves_and_shares_as_its_verdict_says(fact: TypeFact, name: str) -> None:
    """An annotated value handed to one thread: fine if the spawner waits; if it does not, a
    finding exactly when the entry is NotSync."""
    module = name.rpartition(".")[0]
    template = f"""
import threading
import {module}
def use(value):
    value.close()
def main(value: {name}):
    t = threading.Thread(target=use, args=(value,))
    t.start()
    {{before}}
    t.join()
    {{after}}
"""
    moved = run(template.format(before="pass", after="value.close()"))
    assert moved == [], [str(d) for d in moved]
    shared = run(template.format(before="value.close()", after="pass"))
    if fact.not_sync:
        assert [d.code for d in shared] == ["SSC202"], [str(d) for d in shared]
        assert fact.label in shared[0].message
    else:
        assert shared == [], [str(d) for d in shared]


def test_every_not_sync_entry_has_a_hand_written_finding() -> None:
    flagged = {id(fact_named(c.fact)) for c in CASES if c.expected}
    for fact in thirdparty.TYPES:
        if fact.not_sync:
            assert id(fact) in flagged, fact.label


def test_checking_does_not_import_the_libraries() -> None:
    libraries = ("boto3", "botocore", "sqlalchemy", "psycopg2", "psycopg", "pymysql", "MySQLdb",
                 "mysql", "pyodbc", "oracledb")
    before = {name for name in libraries if name in sys.modules}
    for case in CASES:
        run(case.code, case.knowledge)
    after = {name for name in libraries if name in sys.modules}
    assert after == before
