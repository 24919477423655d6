"""Bugs the differential fuzzer (``scripts/fuzz.py``) found, minimised, each beside a sibling
that was always right. An open bug is an ``xfail(strict=True)`` until the engine is fixed; the
three found so far are fixed (``KNOWN_BUGS`` in ``scripts/fuzz.py``), and the fuzzer generates
their shapes in every round. Expected findings are marked as in ``harness.py``.
"""
from __future__ import annotations


from harness import assert_marked

HOLDER = """
    class Holder:
        def __init__(self, res):
            self.res = res

        def use(self):
            return self.res.execute("SELECT 1")  # SSC102
    """

HELPER = """
    import threading


    def run_in_background(fn, *args):
        threading.Thread(target=fn, args=args).start()  # SSC102
    """


def test_a_class_imported_under_another_name_keeps_its_fields():
    """The same project with ``from holder import Holder`` is reported (the test below)."""
    assert_marked({"holder": HOLDER, "app": """
        import sqlite3
        import threading

        from holder import Holder


        def work(x):
            x.use()


        def start():
            x = Holder(sqlite3.connect(":memory:"))
            threading.Thread(target=work, args=(x,)).start()
        """})


def test_a_class_imported_under_an_alias_keeps_its_fields():
    assert_marked({"holder": HOLDER, "app": """
        import sqlite3
        import threading

        from holder import Holder as H


        def work(x):
            x.use()


        def start():
            x = H(sqlite3.connect(":memory:"))
            threading.Thread(target=work, args=(x,)).start()
        """})


def test_a_helper_hands_its_arguments_to_the_thread():
    assert_marked({"lib": HELPER, "app": """
        import sqlite3

        from lib import run_in_background


        def work(conn):
            conn.execute("SELECT 1")


        def main():
            run_in_background(work, sqlite3.connect(":memory:"))
        """})


def test_a_helper_imported_under_an_alias_hands_its_arguments_to_the_thread():
    assert_marked({"lib": HELPER, "app": """
        import sqlite3

        from lib import run_in_background as go


        def work(conn):
            conn.execute("SELECT 1")


        def main():
            go(work, sqlite3.connect(":memory:"))
        """})


def test_callers_of_one_helper_are_told_apart():
    assert_marked({"lib": HELPER.replace("  # SSC102", ""), "app": """
        import sqlite3

        from lib import run_in_background


        class Reports:
            def __init__(self, conn):
                self.conn = conn

            def refresh(self):
                return self.conn.execute("SELECT 1")  # SSC102


        class Mailer:
            def __init__(self, conn):
                self.conn = conn
                self.name = "mailer"

            def refresh(self):
                return self.conn.execute("SELECT 2")

            def label(self):
                return self.name


        def refresh_reports(reports):
            reports.refresh()


        def show_mailer(mailer):
            mailer.label()


        def main():
            run_in_background(refresh_reports, Reports(sqlite3.connect(":memory:")))
            run_in_background(show_mailer, Mailer(sqlite3.connect(":memory:")))
        """})


HOLDER_AND_HELPER = """
    import sqlite3
    import threading


    class Holder:
        def __init__(self, res):
            self.res = res

        def use(self):
            return self.res.execute("SELECT 1")  # SSC102


    def run_in_background(fn, *args):
        threading.Thread(target=fn, args=args).start()


    def work(x):
        x.use()


    def idle(n):
        return n


    def start():
        threading.Thread(target=work, args=(Holder(sqlite3.connect(":memory:")),)).start()
        {beside}
    """


def test_a_holder_handed_to_a_thread_is_reported():
    assert_marked(HOLDER_AND_HELPER.format(beside="idle(1)"))


def test_a_helper_call_beside_the_spawn_hides_nothing():
    assert_marked(HOLDER_AND_HELPER.format(beside="run_in_background(idle, 1)"))
