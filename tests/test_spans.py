"""Exact spans: a finding and every note cover the code they name, from the parser's positions,
in every format (``full``, ``json``, ``sarif``, ``github``, the editor server's ranges) and
through the cache; and every place a message names is a note.

Each case is a file of one project, checked once with ``--format json``; a finding or note is
judged by the source text its span covers, as an editor would highlight it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from shared_cases import PACKAGE_ROOT

CASES: Dict[str, str] = {
    # SSC202: the use that races and the start() the message names
    "used_before_join.py": """\
        import threading


        def main(items):
            gen = (x * 2 for x in items)
            t = threading.Thread(target=lambda: sum(gen))
            t.start()
            print(next(gen))
            t.join()
        """,
    # SSC204: the `nonlocal` that makes the name shared
    "rebinding.py": """\
        import threading


        def count():
            hits = 0

            def work():
                nonlocal hits
                hits += 1

            for _ in range(4):
                threading.Thread(target=work).start()
        """,
    # SSC106: where the field is set and where the thread is started
    "thread_field.py": """\
        import sqlite3
        import threading


        class Loader(threading.Thread):
            def __init__(self, path):
                super().__init__()
                self.db = sqlite3.connect(path)

            def run(self):
                self.db.execute("select 1")


        def go(path):
            loader = Loader(path)
            loader.start()
        """,
    # SSC201: the task that may still run when the second one gets the value
    "second_task.py": """\
        from concurrent.futures import ThreadPoolExecutor


        def consume(it):
            return sum(it)


        def both(items):
            gen = (x for x in items)
            with ThreadPoolExecutor() as pool:
                first = pool.submit(consume, gen)
                pool.submit(consume, gen)
                first.result()
        """,
    # SSC107: where the value comes back; a handover call written over three lines
    "comes_back.py": """\
        import sqlite3
        from concurrent.futures import ThreadPoolExecutor


        def opener(path):
            return sqlite3.connect(path)


        def use(path):
            with ThreadPoolExecutor() as pool:
                conn = pool.submit(
                    opener, path,
                ).result()
            conn.execute("select 1")
        """,
    # non-ASCII before the value: columns count characters, not bytes
    "wide.py": """\
        import sqlite3
        import threading


        def main():
            conn = sqlite3.connect(":memory:")
            threading.Thread(name="Ünïcødé ✓", target=lambda: conn.execute("x")).start()
        """,
    # a form feed (a page break) is no line break: lines are numbered as the parser numbers them
    "page_break.py": """\
        import sqlite3
        import threading
        \x0c

        def main():
            conn = sqlite3.connect("x.db")
            threading.Thread(target=lambda: conn.execute("x")).start()
        """,
    # SSC302: where the base class makes the assertion the message names
    "unrestated.py": """\
        import sqlite3

        from sendsync import Send


        class Store(Send):
            pass


        class Cached(Store):
            def __init__(self):
                self.conn = sqlite3.connect("c.db")
        """,
}

#: file -> (code, what the finding covers, [(note message start, what the note covers)])
EXPECTED: Dict[str, Tuple[str, str, List[Tuple[str, str]]]] = {
    "used_before_join.py": ("SSC202", "gen", [
        ("generator: created at line 5", "(x * 2 for x in items)"),
        ("the work is handed to threading.Thread here", "threading.Thread(target=lambda: sum(gen))"),
        ("the thread is started here", "t.start()"),
        ("still used here", "gen"),
    ]),
    "rebinding.py": ("SSC204", "hits += 1", [
        ("the work is handed to threading.Thread here", "threading.Thread(target=work)"),
        ("declared nonlocal here", "nonlocal hits"),
    ]),
    "thread_field.py": ("SSC106", "self.db", [
        ("sqlite3 connection: created at line 8", "sqlite3.connect(path)"),
        ("the thread is started here", "loader.start()"),
        ("set here, on the creating thread", "self.db"),
    ]),
    "second_task.py": ("SSC201", "gen", [
        ("generator: created at line 9", "(x for x in items)"),
        ("the work is handed to ThreadPoolExecutor.submit here", "pool.submit(consume, gen)"),
        ("the work started here may still be running", "pool.submit(consume, gen)"),
    ]),
    "comes_back.py": ("SSC107", "conn", [
        ("sqlite3 connection: created at line 6", "sqlite3.connect(path)"),
        ("the work is handed to ThreadPoolExecutor.submit here",
         "pool.submit(\n            opener, path,\n        )"),
        ("the other thread's value comes back here",
         "pool.submit(\n            opener, path,\n        ).result()"),
    ]),
    "page_break.py": ("SSC101", "conn", [
        ("sqlite3 connection: created at line 6", 'sqlite3.connect("x.db")'),
        ("the work is handed to threading.Thread here",
         'threading.Thread(target=lambda: conn.execute("x"))'),
    ]),
    "unrestated.py": ("SSC302", "self.conn", [
        ("sqlite3 connection: created at line 12", 'sqlite3.connect("c.db")'),
        ("`Store` is marked Send here", "Send"),
    ]),
    "wide.py": ("SSC101", "conn", [
        ("sqlite3 connection: created at line 6", 'sqlite3.connect(":memory:")'),
        ("the work is handed to threading.Thread here",
         'threading.Thread(name="Ünïcødé ✓", target=lambda: conn.execute("x"))'),
    ]),
}


def run(cwd: Path, *args: str) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p))
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "sendsync", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("spans")
    for name, code in CASES.items():
        (root / name).write_text(textwrap.dedent(code), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def findings(project: Path) -> Dict[str, dict]:
    proc = run(project, "--format", "json", "--isolated", "--no-cache")
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)["findings"]
    by_file: Dict[str, dict] = {}
    for f in found:
        assert f["path"] not in by_file, f"one finding per case file: {found}"
        by_file[f["path"]] = f
    return by_file


def covered(project: Path, place: dict) -> str:
    """The source text a JSON location covers, as an editor highlights it (lines end at
    ``\n``, ``\r\n`` or ``\r`` only, as in the language server protocol)."""
    text = (project / place["path"]).read_text(encoding="utf-8")
    lines = re.split(r"\r\n|\r|\n", text)
    start, end = (place["line"], place["column"]), (place["end_line"], place["end_column"])
    if start[0] == end[0]:
        return lines[start[0] - 1][start[1] - 1:end[1] - 1]
    chunk = [lines[start[0] - 1][start[1] - 1:]] + lines[start[0]:end[0] - 1]
    return "\n".join(chunk + [lines[end[0] - 1][:end[1] - 1]])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_finding_and_every_note_cover_the_code_they_name(project, findings, name):
    code, value, expected_notes = EXPECTED[name]
    finding = findings[name]
    assert finding["code"] == code
    assert covered(project, finding) == value
    notes = [(n["message"], covered(project, n)) for n in finding["notes"]]
    assert len(notes) == len(expected_notes), notes
    for (message, text), (start, want) in zip(notes, expected_notes):
        assert message.startswith(start) and text == want


def test_the_lines_a_message_names_all_have_notes(findings):
    # SSC202 names the use (line 8) and the start (line 7); SSC106 the field's line (8)
    assert "still used at line 8" in findings["used_before_join.py"]["message"]
    assert {7, 8} <= {n["line"] for n in findings["used_before_join.py"]["notes"]}
    assert "(line 8)" in findings["thread_field.py"]["message"]
    assert 8 in {n["line"] for n in findings["thread_field.py"]["notes"]}


def test_full_underlines_the_whole_span_and_a_long_one_to_the_end_of_its_first_line(project):
    proc = run(project, "--format", "full", "--isolated", "--no-cache", "comes_back.py")
    lines = proc.stdout.splitlines()
    at = lines.index("note: the work is handed to ThreadPoolExecutor.submit here")
    assert lines[at + 1:at + 5] == [
        "  --> comes_back.py:11:16",
        "   |",
        "11 |         conn = pool.submit(",
        "   |                ------------",
    ]
    proc = run(project, "--format", "full", "--isolated", "--no-cache", "thread_field.py")
    assert "11 |         self.db.execute(\"select 1\")\n   |         ^^^^^^^ notsend-thread-field" \
        in proc.stdout


def test_sarif_and_github_carry_the_end(project, findings):
    proc = run(project, "--format", "sarif", "--isolated", "--no-cache", "comes_back.py")
    (result,) = json.loads(proc.stdout)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 14, "startColumn": 5, "endColumn": 9}
    regions = [r["physicalLocation"]["region"] for r in result["relatedLocations"]]
    assert {"startLine": 11, "startColumn": 16, "endLine": 13, "endColumn": 10} in regions
    assert {"startLine": 11, "startColumn": 16, "endLine": 13, "endColumn": 19} in regions

    proc = run(project, "--format", "github", "--isolated", "--no-cache", "wide.py")
    finding = findings["wide.py"]
    assert (f"line={finding['line']},col={finding['column']},endColumn={finding['end_column']}::"
            in proc.stdout)


def test_the_cache_keeps_the_spans(project, tmp_path):
    cold = run(project, "--format", "json", "--isolated", "--cache-dir", str(tmp_path))
    warm = run(project, "--format", "json", "--isolated", "--cache-dir", str(tmp_path))
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout
    assert '"end_line": 13' in warm.stdout


@pytest.mark.parametrize("doc, path", [("docs/getting-started.md", "app/report.py"),
                                       ("docs/formats.md", "app/db.py")])
def test_the_documented_full_output_is_what_the_example_prints(tmp_path, doc, path):
    text = (PACKAGE_ROOT / doc).read_text(encoding="utf-8")
    block = text.split("```text\nerror[SSC102]", 1)[1].split("```", 1)[0]
    (tmp_path / path).parent.mkdir()
    example = PACKAGE_ROOT / "examples" / "reports" / "report.py"
    (tmp_path / path).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    proc = run(tmp_path, "--format", "full", "--isolated", "--no-cache")
    assert "error[SSC102]" + block in proc.stdout


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_columns_count_characters_of_a_file_in_another_encoding(tmp_path, newline):
    """A Latin-1 file (coding cookie) with CRLF or CR line ends: the parser's byte offsets are
    of the text re-encoded in UTF-8, and the columns shown count the characters of each line."""
    text = newline.join([
        "# -*- coding: latin-1 -*-",
        "import sqlite3",
        "import threading",
        "",
        "",
        "def start():",
        '    conn = sqlite3.connect("état.db")',
        '    return threading.Thread(name="élan", target=lambda: conn.execute("x"))',
        "",
    ])
    (tmp_path / "legacy.py").write_bytes(text.encode("latin-1"))
    proc = run(tmp_path, "--format", "json", "--isolated", "--no-cache")
    assert proc.returncode == 1, proc.stderr
    [finding] = json.loads(proc.stdout)["findings"]
    lines = text.split(newline)
    assert finding["code"] == "SSC101"
    line = lines[finding["line"] - 1]
    assert line[finding["column"] - 1:finding["end_column"] - 1] == "conn"
    assert finding["column"] == line.index("conn.execute") + 1
    created = finding["notes"][0]
    made = lines[created["line"] - 1]
    assert made[created["column"] - 1:created["end_column"] - 1] == 'sqlite3.connect("état.db")'
