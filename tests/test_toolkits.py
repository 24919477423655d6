"""GUI toolkits and thread-affine clients (pika, wxPython, GTK, Kivy, Qt): objects bound to the
thread that runs their event loop, and the bridges that post work to that thread.

Every flagged case has a clean twin (``name~clean``) that does the same work the way the
toolkit's documentation says. Expected findings are marked in the snippets (``# SSC101``); the
first finding's message must contain the fragment given. No toolkit is installed or imported:
the checker reads source text only.
"""
from __future__ import annotations

import sys

import pytest

from harness import assert_marked, check
from sendsync.knowledge import toolkits

CASES = {
    # pika ---------------------------------------------------------------------------------------
    "pika-channel-global-used-by-worker": ("""
        import threading
        import pika
        connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
        channel = connection.channel()
        def work(body):
            channel.basic_publish(exchange="", routing_key="jobs", body=body)  # SSC104
        threading.Thread(target=work, args=(b"x",)).start()
        """, "`channel` (pika channel, NotSend: created at line 4)"),
    "pika-channel-global-used-by-worker~clean": ("""
        import functools
        import threading
        import pika
        connection = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
        channel = connection.channel()
        def work(body):
            publish = functools.partial(channel.basic_publish, exchange="", routing_key="jobs", body=body)
            connection.add_callback_threadsafe(publish)
        threading.Thread(target=work, args=(b"x",)).start()
        connection.process_data_events(time_limit=None)
        """, None),
    # the official threaded consumer: the worker acks through the connection's bridge
    "pika-ack-from-worker": ("""
        import threading
        import pika
        def do_work(conn, ch, tag, body):
            ch.basic_ack(delivery_tag=tag)
        def main():
            conn = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
            ch = conn.channel()
            threading.Thread(target=do_work, args=(conn, ch, 1, b"x")).start()  # SSC102
        """, "`ch` (pika channel, NotSend: created at line 7)"),
    "pika-ack-from-worker~clean": ("""
        import functools
        import threading
        import pika
        def ack_message(ch, tag):
            if ch.is_open:
                ch.basic_ack(tag)
        def do_work(conn, ch, tag, body):
            conn.add_callback_threadsafe(functools.partial(ack_message, ch, tag))
        def main():
            conn = pika.BlockingConnection(pika.ConnectionParameters("localhost"))
            ch = conn.channel()
            threading.Thread(target=do_work, args=(conn, ch, 1, b"x")).start()
        """, None),
    "pika-ioloop-bridge": ("""
        import threading
        import pika
        class Consumer:
            def __init__(self):
                self.connection = pika.SelectConnection(pika.ConnectionParameters("localhost"))
                self.channel = self.connection.channel()
            def stop_from_worker(self):
                self.channel.close()
            def start(self):
                threading.Thread(target=self.stop_from_worker).start()  # SSC103
                self.connection.ioloop.start()
        """, "holds `self.connection`, pika connection created at line 5"),
    "pika-ioloop-bridge~clean": ("""
        import threading
        import pika
        class Consumer:
            def __init__(self):
                self.connection = pika.SelectConnection(pika.ConnectionParameters("localhost"))
                self.channel = self.connection.channel()
            def stop_from_worker(self):
                self.connection.ioloop.add_callback_threadsafe(lambda: self.channel.close())
            def start(self):
                threading.Thread(target=self.stop_from_worker).start()
                self.connection.ioloop.start()
        """, None),
    "pika-publisher-object-shared-with-pool": ("""
        from concurrent.futures import ThreadPoolExecutor
        import pika
        class Publisher:
            def __init__(self, url):
                self.connection = pika.BlockingConnection(pika.URLParameters(url))
                self.channel = self.connection.channel()
            def publish(self, body):
                self.channel.basic_publish(exchange="", routing_key="jobs", body=body)
        def main(bodies):
            publisher = Publisher("amqp://localhost")
            with ThreadPoolExecutor() as pool:
                pool.submit(publisher.publish, bodies[0])  # SSC103
        """, "holds `self.connection`, pika connection created at line 5"),
    # one connection per thread, created in that thread, as the pika FAQ says
    "pika-publisher-object-shared-with-pool~clean": ("""
        from concurrent.futures import ThreadPoolExecutor
        import pika
        class Publisher:
            def __init__(self, url):
                self.connection = pika.BlockingConnection(pika.URLParameters(url))
                self.channel = self.connection.channel()
            def publish(self, body):
                self.channel.basic_publish(exchange="", routing_key="jobs", body=body)
        def publish_one(body):
            Publisher("amqp://localhost").publish(body)
        def main(bodies):
            with ThreadPoolExecutor() as pool:
                pool.submit(publish_one, bodies[0])
        """, None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_toolkit_shape(name):
    snippet, fragment = CASES[name]
    assert_marked(snippet, *([fragment] if fragment else []))


def test_every_flagged_shape_has_a_clean_twin():
    flagged = [name for name in CASES if "~clean" not in name]
    assert all(f"{name}~clean" in CASES for name in flagged), flagged


def test_checking_imports_no_toolkit():
    toolkits = ("pika", "wx", "gi", "kivy", "PyQt5", "PyQt6", "PySide2", "PySide6", "qtpy")
    before = {name for name in toolkits if name in sys.modules}
    for snippet, _ in CASES.values():
        assert_marked(snippet)
    assert {name for name in toolkits if name in sys.modules} == before


def test_every_toolkit_entry_has_a_flagged_case():
    messages = " ".join(d.message for name, (snippet, _) in CASES.items() if "~clean" not in name
                        for d in check(snippet))
    missing = [fact.label for fact in toolkits.TYPES if fact.label not in messages]
    assert not missing, missing
