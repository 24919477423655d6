"""Every odd input meets a finding or a clear error, never a traceback, and the rest is checked.

Each case drives the real command in a subprocess (``python -m sendsync check ...``) and asserts
the exit status, the output lines and a clean stderr. Where CPython rejects a file, the expected
SSC999 position and wording are CPython's own (``ast.parse`` under this interpreter), so the
tests hold on every supported Python.
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

from shared_cases import BUG, FINDING, PACKAGE_ROOT  # noqa: E402
BUG_LINE = 7  # of BUG; the column is where `conn` is read inside the lambda


def run(*args: str, cwd: Path, timeout: float = 300, env: Optional[dict] = None
        ) -> "subprocess.CompletedProcess[str]":
    environ = dict(os.environ if env is None else env)
    environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), environ.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-m", "sendsync", "check", *args], cwd=cwd, env=environ,
        capture_output=True, text=True, errors="backslashreplace", timeout=timeout,
    )


def findings(proc: "subprocess.CompletedProcess[str]") -> List[Tuple[str, int, int, str, str]]:
    out = []
    for line in proc.stdout.splitlines():
        m = FINDING.match(line)
        assert m, f"not a finding line: {line!r}"
        out.append((m["path"], int(m["line"]), int(m["col"]), m["code"], m["msg"]))
    return out


def assert_clean_stderr(proc: "subprocess.CompletedProcess[str]") -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}"
    assert proc.stderr == "", proc.stderr


def parse(data: bytes) -> ast.Module:
    with warnings.catch_warnings():  # about the test inputs' own oddities
        warnings.simplefilter("ignore")
        return ast.parse(data)


def capture_pos(data: bytes) -> Tuple[int, int]:
    """(line, 1-based column) of `conn` read inside the lambda, as CPython sees the file."""
    tree = parse(data)
    for node in ast.walk(tree):
        if isinstance(node, ast.Lambda):
            for inner in ast.walk(node.body):
                if isinstance(inner, ast.Name) and inner.id == "conn":
                    return inner.lineno, inner.col_offset + 1
    raise AssertionError("no capture of conn in the test input")


def assert_bug_reported(proc, path: str, data: bytes) -> None:
    line, col = capture_pos(data)
    got = findings(proc)
    assert [(p, ln, c, code) for p, ln, c, code, _ in got] == [(path, line, col, "SSC101")], proc.stdout
    assert got[0][4].startswith("`conn` (sqlite3 connection"), got[0][4]
    assert "threading.Timer" in got[0][4]
    assert proc.returncode == 1
    assert_clean_stderr(proc)


def cpython_rejects(data: bytes) -> Optional[Tuple[int, int, str]]:
    """CPython's (line, col, message) for source it rejects, ``None`` when it accepts it."""
    try:
        parse(data)
    except SyntaxError as err:
        return err.lineno or 1, max(err.offset or 1, 1), f"syntax error: {err.msg}"
    except ValueError as err:  # NUL bytes before 3.12
        return 1, 1, str(err)
    except (RecursionError, MemoryError):
        return 1, 1, ""
    return None


def assert_ssc999_at_cpythons_position(proc, path: str, data: bytes) -> None:
    expected = cpython_rejects(data)
    assert expected is not None, "CPython accepts this input: the test is wrong"
    line, col, message = expected
    got = findings(proc)
    assert [(p, ln, c, code) for p, ln, c, code, _ in got] == [(path, line, col, "SSC999")], proc.stdout
    if message.startswith("syntax error: "):
        assert got[0][4] == message
    else:
        assert message in got[0][4]
    assert proc.returncode == 1
    assert_clean_stderr(proc)


class Batch:
    """One run of the command over a tree holding every file-level case (one file each): each
    case's test then asserts that file's own lines. One process instead of dozens."""

    def __init__(self, root: Path, files: dict) -> None:
        self.files = files
        for name, data in files.items():
            (root / name).write_bytes(data)
        self.proc = run(".", cwd=root, timeout=900)
        self.by_file: dict = {}
        for p, ln, c, code, msg in findings(self.proc):
            self.by_file.setdefault(p, []).append((ln, c, code, msg))

    def assert_ssc999_at_cpythons_position(self, name: str) -> None:
        expected = cpython_rejects(self.files[name])
        assert expected is not None, "CPython accepts this input: the test is wrong"
        line, col, message = expected
        got = self.by_file.get(name, [])
        assert [(ln, c, code) for ln, c, code, _ in got] == [(line, col, "SSC999")], got
        if message.startswith("syntax error: "):
            assert got[0][3] == message
        else:
            assert message in got[0][3]
        assert_clean_stderr(self.proc)
        assert self.proc.returncode == 1

    def assert_bug_reported(self, name: str) -> None:
        data = self.files[name]
        assert cpython_rejects(data) is None
        got = self.by_file.get(name, [])
        assert [(ln, c, code) for ln, c, code, _ in got] == [(*capture_pos(data), "SSC101")], got
        assert got[0][3].startswith("`conn` (sqlite3 connection"), got[0][3]
        assert_clean_stderr(self.proc)
        assert self.proc.returncode == 1


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    files = {}
    for prefix, cases in (("syntax", SYNTAX_ERRORS), ("py2", PYTHON2), ("enc", ENCODED)):
        for i, data in enumerate(cases.values()):
            files[f"{prefix}_{i:02}.py"] = data
    result = Batch(tmp_path_factory.mktemp("batch"), files)
    assert set(result.by_file) <= set(files), "findings for files that were not written"
    return result


# --- syntax errors, at the parser's line and column ----------------------------------------------

SYNTAX_ERRORS = {
    "double equals": b"a = 1\nb = = 2\n",
    "unclosed paren": b"x = (1,\n2,\n",
    "unclosed paren at eof, no newline": b"x = (1 +",
    "def with bad parameters": b"def broken(:\n    pass\n",
    "unterminated string": b"x = 1\ns = 'abc\n",
    "unterminated triple-quoted string": b'x = 1\ns = """abc\n\n',
    "missing block": b"def f():\n",
    "bad dedent": b"if x:\n    a = 1\n  b = 2\n",
    "tabs and spaces mixed": b"if x:\n        a = 1\n\tb = 2\n",
    "bad f-string conversion": b"x = f'{a!z}'\n",
    "backslash continuation at eof": b"x = 1 + \\",
    "error after CRLF lines": b"x = 1\r\ny = 2\r\nz = = 3\r\n",
    "error after CR-only lines": b"x = 1\ry = (\r2 +\r)\rz = = 1\r",
    "error after a form feed": b"x = 1\n\x0cy = = 2\n",
    "cookie naming an unknown encoding": b"# -*- coding: nonesuch -*-\nx = 1\n",
    "BOM contradicting the cookie": b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n",
    "utf-16 cookie over ASCII bytes": b"# -*- coding: utf-16 -*-\nx = 1\n",
    "utf-16 bytes with a BOM": "x = 1\n".encode("utf-16"),
    "undecodable byte on line 3": b"x = 1\ny = 2\nz = '\xff'\n",
    "latin-1 byte, no cookie": b"x = 1\ns = 'caf\xe9'\n",
    "cookie on line 3 does not count": b"\n\n# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    "NUL byte": b"x = 1\ny = \x00 2\n",
}

PYTHON2 = {
    "print statement": b"x = 1\nprint 'hello'\n",
    "exec statement": b"exec 'x = 1'\n",
    "except with a comma": b"try:\n    pass\nexcept ValueError, e:\n    pass\n",
    "backticks": b"x = `1`\n",
    "old octal": b"x = 0777\n",
    "ur string prefix": b"x = ur'abc'\n",
    "<> operator": b"if 1 <> 2:\n    pass\n",
    "three-argument raise": b"raise E, 'msg', tb\n",
    "long integer suffix": b"x = 10L\n",
}


def test_one_syntax_error_exits_1_with_one_exact_line(tmp_path):
    (tmp_path / "bad.py").write_bytes(b"a = 1\nb = = 2\n")
    proc = run("bad.py", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (1, "bad.py:2:5: SSC999 syntax error: invalid syntax\n")
    assert_clean_stderr(proc)


@pytest.mark.parametrize("name", [f"py2_{i:02}.py" for i in range(len(PYTHON2))], ids=list(PYTHON2))
def test_python2_syntax_is_ssc999_at_cpythons_position(batch, name):
    batch.assert_ssc999_at_cpythons_position(name)


@pytest.mark.parametrize("name", [f"syntax_{i:02}.py" for i in range(len(SYNTAX_ERRORS))],
                         ids=list(SYNTAX_ERRORS))
def test_syntax_error_is_ssc999_at_cpythons_position(batch, name):
    batch.assert_ssc999_at_cpythons_position(name)


@pytest.mark.parametrize("data", [b'x = ("# noqa",\n', b's = """ # noqa\n', b'x = ("  # noqa: \n])\n'],
                         ids=["unclosed paren", "unterminated string", "unterminated one-line string"])
def test_noqa_text_inside_a_string_does_not_hide_a_syntax_error(tmp_path, data):
    (tmp_path / "bad.py").write_bytes(data)
    proc = run("bad.py", cwd=tmp_path)
    assert_ssc999_at_cpythons_position(proc, "bad.py", data)


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a_bad.py").write_bytes(b"def broken(:\n")
    (tmp_path / "b_bug.py").write_text(BUG)
    (tmp_path / "c_nul.py").write_bytes(b"\x00")
    (tmp_path / "d_bug.py").write_text(BUG)
    proc = run(".", cwd=tmp_path)
    got = [(p, code) for p, _, _, code, _ in findings(proc)]
    assert got == [("a_bad.py", "SSC999"), ("b_bug.py", "SSC101"), ("c_nul.py", "SSC999"),
                   ("d_bug.py", "SSC101")]
    assert proc.returncode == 1
    assert_clean_stderr(proc)


# --- encodings, line endings, whitespace: the real bug is still found at its line --------------

LATIN1 = "# -*- coding: latin-1 -*-\n# caf\xe9, d\xe9j\xe0 vu\n" + BUG.replace(
    "'SELECT 1'", "'SELECT \xe9t\xe9'")
CP1252 = "# vim: set fileencoding=cp1252 :\n# \u20ac \u2019quoted\u2019\n" + BUG.replace(
    "'SELECT 1'", "'SELECT \u20ac'")
UTF8_TEXT = BUG.replace("'SELECT 1'", "'SELECT \u00e9\u4e2d\U0001f600'")

ENCODED = {
    "latin-1 with a PEP 263 cookie": LATIN1.encode("latin-1"),
    "cp1252 with a vim-style cookie": CP1252.encode("cp1252"),
    "utf-8 with non-ASCII after the finding": UTF8_TEXT.encode("utf-8"),
    "utf-8 BOM": b"\xef\xbb\xbf" + BUG.encode(),
    "utf-8 BOM and a utf-8 cookie": b"\xef\xbb\xbf# -*- coding: utf-8 -*-\n" + BUG.encode(),
    "CRLF line endings": BUG.replace("\n", "\r\n").encode(),
    "CR-only line endings": BUG.replace("\n", "\r").encode(),
    "mixed line endings": BUG.replace("\n", "\r\n", 3).encode(),
    "mixed line endings, lone CR before the bug": BUG.replace("\n", "\r", 5).encode(),
    "BOM and CRLF": b"\xef\xbb\xbf" + BUG.replace("\n", "\r\n").encode(),
    "latin-1 and CRLF": LATIN1.replace("\n", "\r\n").encode("latin-1"),
    "tab indentation": BUG.replace("    ", "\t").encode(),
    "tab indentation and CRLF": BUG.replace("    ", "\t").replace("\n", "\r\n").encode(),
    "form feed between definitions": BUG.replace("\n\n\ndef", "\n\x0c\n\ndef").encode(),
    "no newline at end of file": (BUG + "    flush.join()").encode(),
    "bug on the last line, no newline": BUG.rstrip("\n").replace(
        "\n    flush.start()", "").encode(),
    "trailing whitespace and backslash continuations": BUG.replace(
        "import sqlite3\n", "import \\\n    sqlite3   \n").encode(),
}


@pytest.mark.parametrize("name", [f"enc_{i:02}.py" for i in range(len(ENCODED))], ids=list(ENCODED))
def test_real_bug_found_at_its_line_whatever_the_encoding(batch, name):
    batch.assert_bug_reported(name)


def test_one_encoded_file_alone(tmp_path):
    data = LATIN1.replace("\n", "\r\n").encode("latin-1")
    (tmp_path / "flush.py").write_bytes(data)
    proc = run("flush.py", cwd=tmp_path)
    assert_bug_reported(proc, "flush.py", data)


def test_noqa_is_honoured_with_crlf_and_a_bom(tmp_path):
    data = b"\xef\xbb\xbf" + BUG.replace(
        "'SELECT 1'))", "'SELECT 1'))  # noqa: SSC101").replace("\n", "\r\n").encode()
    (tmp_path / "quiet.py").write_bytes(data)
    proc = run("quiet.py", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")
    assert_clean_stderr(proc)


def test_undeclared_latin1_byte_in_a_comment_is_still_checked(tmp_path):
    # ast.parse and import accept this (comments are not decoded); the bug must not be lost
    data = BUG.replace("def main():", "# caf\xe9\ndef main():").encode("latin-1")
    assert cpython_rejects(data) is None
    (tmp_path / "flush.py").write_bytes(data)
    proc = run("flush.py", cwd=tmp_path)
    assert_bug_reported(proc, "flush.py", data)


def test_undeclared_latin1_byte_in_a_comment_is_at_least_a_finding(tmp_path):
    data = BUG.replace("def main():", "# caf\xe9\ndef main():").encode("latin-1")
    (tmp_path / "flush.py").write_bytes(data)
    proc = run("flush.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert [code for _, _, _, code, _ in findings(proc)] in (["SSC101"], ["SSC999"])
    assert_clean_stderr(proc)


TRIVIAL = {
    "empty": b"",
    "newlines": b"\n\n\n",
    "only a BOM": b"\xef\xbb\xbf",
    "comment, no newline": b"# only a comment",
    "whitespace": b"   \t  \n",
    "CRLF only": b"\r\n\r\n",
    "form feed": b"\x0c\n",
    "docstring only": b'"""docstring only"""',
}


def test_trivial_files_are_clean(tmp_path):
    for n, data in enumerate(TRIVIAL.values()):
        (tmp_path / f"t{n}.py").write_bytes(data)
        (tmp_path / f"pkg{n}").mkdir()
        (tmp_path / f"pkg{n}" / "__init__.py").write_bytes(data)
    proc = run(".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")
    assert_clean_stderr(proc)


def test_warnings_about_the_checked_code_stay_quiet(tmp_path):
    data = ('x = "\\d"\ny = 1(2)\nassert (y, 1)\nif y is 1:\n    pass\n' + BUG).encode()
    (tmp_path / "noisy.py").write_bytes(data)
    proc = run("noisy.py", cwd=tmp_path)
    assert_bug_reported(proc, "noisy.py", data)


# --- the newest syntax -------------------------------------------------------------------------

NEW_SYNTAX = {
    "match statement": (
        "def main(cmd):\n"
        "    conn = sqlite3.connect(':memory:')\n"
        "    match cmd:\n"
        "        case [x, *rest] if x:\n"
        "            pass\n"
        "        case {'k': v, **kw}:\n"
        "            pass\n"
        "        case Point(x=0) | None:\n"
        "            pass\n"
        "        case _:\n"
        "            threading.Timer(0.01, lambda: conn.execute('SELECT 1')).start()\n"
    ),
    "except star": (
        "def main():\n"
        "    conn = sqlite3.connect(':memory:')\n"
        "    try:\n"
        "        pass\n"
        "    except* ValueError as group:\n"
        "        threading.Timer(0.01, lambda: conn.execute('SELECT 1')).start()\n"
    ),
    "type parameters": (
        "class Box[T: int, *Ts, **P]:\n"
        "    pass\n"
        "type Pair[T] = tuple[T, T]\n"
        "def main[T](xs: list[T]) -> T:\n"
        "    conn = sqlite3.connect(':memory:')\n"
        "    threading.Timer(0.01, lambda: conn.execute('SELECT 1')).start()\n"
        "    return xs[0]\n"
    ),
    "PEP 701 f-strings": (
        "def main(items):\n"
        "    conn = sqlite3.connect(':memory:')\n"
        "    label = f\"{', '.join(f'{i!r:>{10}}' for i in items)}\"\n"
        "    other = f'{\"\\n\".join(items)}'\n"
        "    threading.Timer(0.01, lambda: conn.execute(f\"SELECT {f\"{label}\"}\")).start()\n"
    ),
    "walrus, positional-only, parenthesised with": (
        "def main(a, /, b, *, c):\n"
        "    if (conn := sqlite3.connect(':memory:')) is not None:\n"
        "        with (open('a') as f,\n"
        "              open('b') as g):\n"
        "            threading.Timer(0.01, lambda: conn.execute('SELECT 1')).start()\n"
    ),
    "star in an index, async comprehension": (
        "async def agen():\n"
        "    yield 1\n"
        "async def main(a, b):\n"
        "    conn = sqlite3.connect(':memory:')\n"
        "    x = a[*b]\n"
        "    y = [v async for v in agen()]\n"
        "    threading.Timer(0.01, lambda: conn.execute('SELECT 1')).start()\n"
    ),
}


@pytest.mark.parametrize("body", list(NEW_SYNTAX.values()), ids=list(NEW_SYNTAX))
def test_newest_syntax(tmp_path, body):
    """Checked when this Python accepts it; SSC999 at CPython's position when it does not."""
    data = ("import sqlite3\nimport threading\n\n" + body).encode()
    (tmp_path / "new.py").write_bytes(data)
    proc = run("new.py", cwd=tmp_path)
    if cpython_rejects(data) is None:
        assert_bug_reported(proc, "new.py", data)
    else:
        assert_ssc999_at_cpythons_position(proc, "new.py", data)


def test_rare_valid_syntax_is_checked(tmp_path):
    # `(x): int = 1` is valid, if rare, and some third-party parsers reject it; sendsync reads
    # files with CPython's parser alone, so the file is checked like any other
    data = ("(x): int = 1\n" + BUG).encode()
    assert cpython_rejects(data) is None
    (tmp_path / "annotated.py").write_bytes(data)
    (tmp_path / "other.py").write_text(BUG)
    proc = run(".", cwd=tmp_path)
    got = findings(proc)
    assert [(p, code) for p, _, _, code, _ in got] == [("annotated.py", "SSC101"), ("other.py", "SSC101")]
    assert proc.returncode == 1
    assert_clean_stderr(proc)


# --- size and depth ----------------------------------------------------------------------------


def test_50k_line_file_completes_and_keeps_its_finding(tmp_path):
    lines = ["import sqlite3", "import threading", ""]
    n = 0
    while len(lines) < 50_000 - 10:
        lines += [f"def f{n}(a, b):", f"    x = a + b * {n}", "    return [x for _ in range(3)]", ""]
        n += 1
    bug_at = len(lines) + 3
    lines += ["def main():", "    conn = sqlite3.connect(':memory:')",
              "    t = threading.Timer(0.01, lambda: conn.execute('SELECT 1'))", "    t.start()"]
    lines += [f"y{k} = {k}" for k in range(50_000 - len(lines))]
    data = ("\n".join(lines) + "\n").encode()
    assert data.count(b"\n") == 50_000
    (tmp_path / "big.py").write_bytes(data)
    before = _children_cpu()
    started = time.monotonic()
    proc = run("big.py", cwd=tmp_path, timeout=600)
    elapsed = time.monotonic() - started
    cpu = _children_cpu() - before
    assert capture_pos(data)[0] == bug_at
    assert_bug_reported(proc, "big.py", data)
    # CPU seconds, not wall time: a shared, loaded CI machine must not make this flaky
    # the cost is the parse and the analysis of one 50,000-line module: the bound catches a
    # blow-up, not a slow machine
    assert cpu < 300, f"a 50,000-line file took {cpu:.0f}s of CPU ({elapsed:.0f}s wall)"


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # not POSIX: fall back to wall time
        return time.monotonic()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _nest(kind: str, n: int) -> str:
    if kind == "parentheses":
        return "x = " + "(" * n + "1" + ")" * n
    if kind == "lists":
        return "x = " + "[" * n + "]" * n
    if kind == "binary operators":
        return "x = " + " + ".join(["a"] * n)
    if kind == "adjacent strings":  # the shape of pydoc_data/topics.py
        return "x = (\n" + "\n".join(f"    'line {i}'" for i in range(n)) + "\n)"
    if kind == "calls":
        return "x = f" + "()" * n
    if kind == "attributes":
        return "x = a" + ".b" * n
    if kind == "lambdas":
        return "f = " + "lambda: " * n + "1"
    if kind == "unary minus":
        return "x = " + "-" * n + "a"
    if kind == "and":
        return "x = " + " and ".join(["a"] * n)
    if kind == "comparisons":
        return "x = " + " < ".join(["a"] * n)
    if kind == "elif chain":
        return "if a:\n    pass\n" + "".join(f"elif a == {i}:\n    pass\n" for i in range(n))
    if kind == "indented blocks":
        return "".join("    " * i + "if x:\n" for i in range(n)) + "    " * n + "pass"
    raise AssertionError(kind)


DEEP = [("parentheses", 150), ("parentheses", 1000), ("lists", 500), ("binary operators", 5000),
        ("adjacent strings", 3000), ("calls", 2000), ("attributes", 5000), ("lambdas", 500),
        ("unary minus", 20000), ("comparisons", 5000), ("elif chain", 400),
        ("indented blocks", 99), ("indented blocks", 101)]


@pytest.mark.parametrize("kind, n", DEEP, ids=[f"{k} x{n}" for k, n in DEEP])
def test_deep_nesting_is_a_finding_not_a_crash(tmp_path, kind, n):
    data = (_nest(kind, n) + "\n\n" + BUG).encode()
    (tmp_path / "deep.py").write_bytes(data)
    (tmp_path / "other.py").write_text(BUG)
    proc = run(".", cwd=tmp_path, timeout=600)
    assert_clean_stderr(proc)
    assert proc.returncode == 1
    got = findings(proc)
    assert ("other.py", "SSC101") in [(p, code) for p, _, _, code, _ in got]
    deep = [f for f in got if f[0] == "deep.py"]
    assert deep, "nothing reported for the deep file"
    rejected = cpython_rejects(data)
    if rejected is not None:  # CPython cannot compile it either: SSC999 at its position
        assert [(ln, c, code) for _, ln, c, code, _ in deep] == [(*rejected[:2], "SSC999")]
    else:  # the real bug, or an honest SSC998 saying the file was too deep to analyse
        assert [code for *_, code, _ in deep] in (["SSC101"], ["SSC998"]), deep


def _long_boolean_chain(tmp_path: Path, jobs: str) -> None:
    data = (_nest("and", 20000) + "\n\n" + BUG).encode()
    assert cpython_rejects(data) is None
    (tmp_path / "deep.py").write_bytes(data)
    (tmp_path / "other.py").write_text(BUG)
    proc = run(".", "--jobs", jobs, "--no-cache", cwd=tmp_path, timeout=600)
    assert proc.returncode == 1, f"exit status {proc.returncode}"
    assert ("other.py", "SSC101") in [(p, code) for p, _, _, code, _ in findings(proc)]
    assert "deep.py" in [p for p, *_ in findings(proc)]
    assert_clean_stderr(proc)


def test_long_boolean_chain_does_not_kill_the_run(tmp_path):
    _long_boolean_chain(tmp_path, "1")


def test_long_boolean_chain_kills_only_a_worker(tmp_path):
    _long_boolean_chain(tmp_path, "2")


def test_a_long_elif_chain_does_not_cost_another_file_its_finding(tmp_path):
    data = (_nest("elif chain", 1200) + "\n\n" + BUG).encode()
    assert cpython_rejects(data) is None
    (tmp_path / "deep.py").write_bytes(data)
    (tmp_path / "other.py").write_text(BUG)
    for jobs in ("1", "2"):
        proc = run(".", "--jobs", jobs, "--no-cache", cwd=tmp_path, timeout=600)
        got = [(p, code) for p, _, _, code, _ in findings(proc)]
        assert ("other.py", "SSC101") in got, (jobs, got)
        assert [code for p, code in got if p == "deep.py"] in (["SSC101"], ["SSC998"])
        assert proc.returncode == 1
        assert_clean_stderr(proc)


@pytest.mark.parametrize("kind, n", [("adjacent strings", 3000), ("calls", 2000), ("elif chain", 400)])
def test_deep_but_valid_file_keeps_its_real_finding(tmp_path, kind, n):
    data = (_nest(kind, n) + "\n\n" + BUG).encode()
    assert cpython_rejects(data) is None
    (tmp_path / "deep.py").write_bytes(data)
    proc = run("deep.py", cwd=tmp_path, timeout=600)
    assert_bug_reported(proc, "deep.py", data)


# --- paths: unreadable, odd, repeated, far away -------------------------------------------------


def test_broken_symlink_is_ssc999(tmp_path):
    (tmp_path / "gone.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "bug.py").write_text(BUG)
    for args in (("gone.py", "bug.py"), (".",)):
        proc = run(*args, cwd=tmp_path)
        got = findings(proc)
        assert [(p, ln, c, code) for p, ln, c, code, _ in got] == [
            ("bug.py", 7, 43, "SSC101"), ("gone.py", 1, 1, "SSC999")]
        assert got[1][4] == "cannot read file: broken symbolic link"
        assert proc.returncode == 1
        assert_clean_stderr(proc)


def test_symlink_loop_is_ssc999_and_does_not_hang(tmp_path):
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a directory loop
    (tmp_path / "sub" / "bug.py").write_text(BUG)
    proc = run(".", cwd=tmp_path, timeout=60)
    got = findings(proc)
    assert [(p, ln, c, code) for p, ln, c, code, _ in got] == [
        ("a.py", 1, 1, "SSC999"), ("b.py", 1, 1, "SSC999"),
        (os.path.join("sub", "bug.py"), 7, 43, "SSC101")]
    assert all(m.startswith("cannot read file: ") for *_, m in got[:2])
    assert proc.returncode == 1
    assert_clean_stderr(proc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_ssc999_and_is_never_opened(tmp_path):
    # Opening a FIFO for reading blocks until a writer comes: the run must not hang on it.
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "bug.py").write_text(BUG)
    for args in (("pipe.py", "bug.py"), (".",)):
        proc = run(*args, cwd=tmp_path, timeout=60)
        got = findings(proc)
        assert [(p, code) for p, _, _, code, _ in got] == [("bug.py", "SSC101"), ("pipe.py", "SSC999")]
        assert got[1][1:3] == (1, 1)
        assert got[1][4] == "cannot read file: not a regular file"
        assert proc.returncode == 1
        assert_clean_stderr(proc)


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_device_given_explicitly_is_ssc999(tmp_path):
    proc = run("/dev/null", cwd=tmp_path, timeout=60)
    assert findings(proc)[0][:4] == ("/dev/null", 1, 1, "SSC999")
    assert proc.returncode == 1
    assert_clean_stderr(proc)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads anything: the FIFO and broken-link cases cover unreadable files")
def test_permission_denied_is_ssc999_and_others_are_checked(tmp_path):
    locked = tmp_path / "locked.py"
    locked.write_text(BUG)
    locked.chmod(0)
    (tmp_path / "bug.py").write_text(BUG)
    try:
        proc = run(".", cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    assert [(p, code) for p, _, _, code, _ in findings(proc)] == [
        ("bug.py", "SSC101"), ("locked.py", "SSC999")]
    assert_clean_stderr(proc)


def test_directory_named_like_a_module(tmp_path):
    (tmp_path / "x.py").mkdir()
    (tmp_path / "x.py" / "inner.py").write_text(BUG)
    (tmp_path / "y.py").mkdir()  # empty: nothing to check, not an error
    for args in (("x.py", "y.py"), (".",)):
        proc = run(*args, cwd=tmp_path)
        assert [(p, ln, code) for p, ln, _, code, _ in findings(proc)] == [
            (os.path.join("x.py", "inner.py"), 7, "SSC101")]
        assert proc.returncode == 1
        assert_clean_stderr(proc)


def test_nonexistent_path_is_exit_2_with_a_message(tmp_path):
    (tmp_path / "bug.py").write_text(BUG)
    proc = run("bug.py", "missing.py", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "sendsync: error: path does not exist: missing.py\n"


def test_path_given_twice_is_checked_once(tmp_path):
    (tmp_path / "bug.py").write_text(BUG)
    (tmp_path / "link.py").symlink_to(tmp_path / "bug.py")
    proc = run("bug.py", "bug.py", "./bug.py", str(tmp_path / "bug.py"), ".", "link.py",
               cwd=tmp_path)
    assert [(p, ln, code) for p, ln, _, code, _ in findings(proc)] == [("bug.py", 7, "SSC101")]
    assert proc.returncode == 1
    assert_clean_stderr(proc)


def test_files_outside_the_cwd(tmp_path):
    (tmp_path / "other").mkdir()
    (tmp_path / "here").mkdir()
    (tmp_path / "other" / "bug.py").write_text(BUG)
    relative = os.path.join("..", "other", "bug.py")
    absolute = str(tmp_path / "other" / "bug.py")
    for given, shown in ((relative, relative), (absolute, absolute),
                         (os.path.join("..", "other"), relative)):
        proc = run(given, cwd=tmp_path / "here")
        assert [(p, ln, c, code) for p, ln, c, code, _ in findings(proc)] == [(shown, 7, 43, "SSC101")]
        assert proc.returncode == 1
        assert_clean_stderr(proc)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs byte file names")
def test_undecodable_file_name(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.py")
    with open(name, "wb") as handle:
        handle.write(BUG.encode())
    (tmp_path / "other.py").write_text(BUG)
    proc = run(".", cwd=tmp_path)
    got = findings(proc)
    assert [(ln, c, code) for _, ln, c, code, _ in got] == [(7, 43, "SSC101"), (7, 43, "SSC101")]
    assert got[0][0].startswith("caf") and got[0][0].endswith(".py")
    assert got[1][0] == "other.py"
    assert proc.returncode == 1
    assert_clean_stderr(proc)


def test_odd_but_valid_file_names(tmp_path):
    for name in ("with space.py", "d\u00e9j\u00e0.py", "colon:name.py", "-dash.py"):
        (tmp_path / name).write_text(BUG)
    proc = run(".", cwd=tmp_path)
    got = findings(proc)
    assert sorted(p for p, *_ in got) == sorted(
        ["with space.py", "d\u00e9j\u00e0.py", "colon:name.py", "-dash.py"])
    assert {(ln, code) for _, ln, _, code, _ in got} == {(7, "SSC101")}
    assert_clean_stderr(proc)


def test_a_file_named_without_py_given_explicitly(tmp_path):
    (tmp_path / "script").write_text("#!/usr/bin/env python3\n" + BUG)
    proc = run("script", cwd=tmp_path)
    assert [(p, ln, code) for p, ln, _, code, _ in findings(proc)] == [("script", 8, "SSC101")]
    assert_clean_stderr(proc)
