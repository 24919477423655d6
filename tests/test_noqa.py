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
