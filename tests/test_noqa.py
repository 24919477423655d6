"""``# noqa`` on the reported line, as flake8 reads it."""
from __future__ import annotations

import pytest

from sendsync.diagnostics import Diagnostic
from sendsync.noqa import apply_noqa


def kept(source, *findings, encoding="utf-8"):
    """(line, code) of the findings that survive ``noqa`` in ``source``."""
    diagnostics = [Diagnostic("f.py", line, 1, code, "m") for line, code in findings]
    data = source.encode(encoding) if isinstance(source, str) else source
    return [(d.line, d.code) for d in apply_noqa(diagnostics, data)]


@pytest.mark.parametrize(
    "comment, survivors",
    [
        ("# noqa", []),
        ("# NOQA", []),
        ("#noqa", []),
        ("# noqa because the profiler is ours", []),
        ("# noqa:", []),
        ("# noqa: SSC101", ["SSC201"]),
        ("# noqa:SSC101", ["SSC201"]),
        ("# NoQA: ssc101", ["SSC201"]),
        ("# noqa: SSC101,SSC201", []),
        ("# noqa:SSC101, SSC201", []),
        ("# noqa: SSC101 SSC201", []),
        ("# noqa: SSC1", ["SSC201"]),
        ("# noqa: E501", ["SSC101", "SSC201"]),
        ("# noqa: E501,W291", ["SSC101", "SSC201"]),
        ("# type: ignore  # noqa: SSC201", ["SSC101"]),
        ("# noqanything", ["SSC101", "SSC201"]),
        ("# no qa", ["SSC101", "SSC201"]),
    ],
)
def test_comment_forms(comment, survivors):
    source = f"import threading\nrun(conn)  {comment}\n"
    found = kept(source, (2, "SSC101"), (2, "SSC201"))
    assert found == [(2, code) for code in survivors]


def test_only_the_reported_line():
    source = "a = 1  # noqa\nb = 2\nc = 3  # noqa: SSC101\n"
    assert kept(source, (1, "SSC101"), (2, "SSC101"), (3, "SSC101"), (3, "SSC999")) == [
        (2, "SSC101"),
        (3, "SSC999"),
    ]


def test_noqa_inside_a_string_is_not_a_comment():
    source = 'x = "# noqa"\ny = """\n# noqa: SSC101\n"""\nz = f"{x} # noqa"\n'
    assert kept(source, (1, "SSC101"), (3, "SSC101"), (5, "SSC101")) == [
        (1, "SSC101"),
        (3, "SSC101"),
        (5, "SSC101"),
    ]


def test_comment_after_a_string_that_mentions_noqa():
    source = 'x = "# noqa: SSC201"  # noqa: SSC101\n'
    assert kept(source, (1, "SSC101"), (1, "SSC201")) == [(1, "SSC201")]


def test_untokenizable_file_falls_back_to_the_line_text():
    source = "x = (  # noqa\ny = '''never closed\n"
    assert kept(source, (1, "SSC999"), (2, "SSC999")) == [(2, "SSC999")]


def test_line_endings_count_lines_like_python():
    source = "a = 1\r\nb = 2  # noqa\rc = 3\n"
    assert kept(source, (2, "SSC101"), (3, "SSC101")) == [(3, "SSC101")]


def test_source_encoding_is_honoured():
    source = "# -*- coding: latin-1 -*-\nname = 'café'  # noqa: SSC101\n"
    assert kept(source, (2, "SSC101"), encoding="latin-1") == []


def test_undecodable_bytes_do_not_fail():
    data = b"x = '\xff\xfe'  # noqa\ny = 1\n"
    assert kept(data, (1, "SSC999"), (2, "SSC999")) == [(2, "SSC999")]


def test_out_of_range_lines_are_kept():
    assert kept("x = 1  # noqa\n", (0, "SSC999"), (9, "SSC101")) == [(0, "SSC999"), (9, "SSC101")]


def test_no_findings_no_work():
    assert apply_noqa([], b"\xff not even text # noqa") == []


# --- SSC901: a noqa that suppresses nothing -------------------------------------------------------

from sendsync import cli  # noqa: E402
from sendsync.noqa import Directive, directives, unused  # noqa: E402


def idle(source, *findings, enabled=lambda code: True):
    diagnostics = [Diagnostic("f.py", line, 1, code, "m") for line, code in findings]
    return [(d.line, d.col, codes) for d, codes in unused(diagnostics, source.encode(), enabled)]


def test_directives_are_real_comments_with_their_codes_and_columns():
    source = 'a = 1  # noqa\nb = "# noqa: SSC1"  # NoQA:ssc101,E501\nc = 3\n'
    assert directives(source.encode()) == [
        Directive(1, 8, None), Directive(2, 21, ("SSC101", "E501")),
    ]


@pytest.mark.parametrize(
    "comment, findings, expected",
    [
        ("# noqa: SSC101", [], [("SSC101",)]),
        ("# noqa: SSC101", [(1, "SSC101")], []),
        ("# noqa: SSC1", [(1, "SSC102")], []),  # a prefix that suppressed something
        ("# noqa: SSC101,SSC202", [(1, "SSC101")], [("SSC202",)]),
        ("# noqa: SSC101", [(2, "SSC101")], [("SSC101",)]),  # another line's finding
        ("# noqa", [], []),  # a bare noqa may be there for any tool
        ("# noqa: E501,F401", [], []),  # other tools' codes
        ("# noqa: SSC000", [], [("SSC000",)]),  # a typo suppresses nothing either
    ],
)
def test_unused_codes(comment, findings, expected):
    source = f"x = 1  {comment}\ny = 2\n"
    assert [codes for _, _, codes in idle(source, *findings)] == expected


def test_codes_switched_off_are_not_unused():
    source = "x = 1  # noqa: SSC101, SSC202\n"
    assert idle(source, enabled=lambda code: code != "SSC202") == [(1, 8, ("SSC101",))]


TIMER = """\
import sqlite3
import threading


def main():
    conn = sqlite3.connect(":memory:")  # noqa: SSC101
    timer = threading.Timer(1.0, lambda: conn.execute("SELECT 1"))  # noqa: SSC101, SSC202
    timer.start()  # noqa: E501, SSC2
    x = 1  # noqa
    y = 2  # noqa: SSC102, SSC901
"""


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def go(*args):
        monkeypatch.chdir(tmp_path)
        status = cli.main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return go


def test_unused_noqa_is_off_by_default(tmp_path, run):
    (tmp_path / "mod.py").write_text(TIMER)
    assert run("check") == (0, "", "")
    assert run("check", "--select", "SSC") == (0, "", "")


@pytest.mark.parametrize("how", [("--extend-select", "SSC901"), ("--select", "SSC1,SSC2,SSC9")])
def test_unused_noqa_when_selected(tmp_path, run, how):
    (tmp_path / "mod.py").write_text(TIMER)
    status, out, err = run("check", *how)
    assert (status, err) == (1, "")
    assert out == (
        "mod.py:6:41: SSC901 `noqa` names SSC101 but no such finding is reported on this line\n"
        "mod.py:7:69: SSC901 `noqa` names SSC202 but no such finding is reported on this line\n"
        "mod.py:8:20: SSC901 `noqa` names SSC2 but no such finding is reported on this line\n"
    )


def test_unused_noqa_respects_selection_and_configuration(tmp_path, run):
    (tmp_path / "mod.py").write_text(TIMER)
    # SSC2 is not selected: a noqa for it is not "unused" in this run
    status, out, _ = run("check", "--select", "SSC1,SSC901")
    assert [line.split(": ")[1][:6] for line in out.splitlines()] == ["SSC901"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sendsync]\nextend-select = ["SSC901"]\nper-file-ignores = { "mod.py" = ["SSC9"] }\n'
    )
    assert run("check") == (0, "", "")
    (tmp_path / "pyproject.toml").write_text('[tool.sendsync]\nextend-select = ["SSC901"]\n')
    assert run("check")[0] == 1
