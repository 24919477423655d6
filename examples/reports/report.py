"""A nightly report job: the kind of code sendsync is for.

Run `sendsync check examples/` to see the two defects it has.
"""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


def count_rows(db: sqlite3.Connection, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def build_report(path: str, tables: list) -> dict:
    db = sqlite3.connect(path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        # each task runs on a worker thread, but `db` belongs to this one
        futures = {t: pool.submit(count_rows, db, t) for t in tables}
    return {t: f.result() for t, f in futures.items()}


def rows(path: str):
    conn = sqlite3.connect(path)
    yield from conn.execute("SELECT * FROM orders")


def export(path: str) -> None:
    records = rows(path)
    writer = threading.Thread(target=lambda: [print(r) for r in records])
    writer.start()
    print("first record:", next(records, None))  # the writer may be inside the generator too
    writer.join()
