"""The edits of --fix and --add-noqa, byte for byte: only the lines edited change."""
from __future__ import annotations

import pytest

from sendsync.fix import add_codes, remove_codes


@pytest.mark.parametrize("line, idle, fixed", [
    (b"x = 1  # noqa: SSC101\n", ["SSC101"], b"x = 1\n"),
    (b"x = 1  # noqa:SSC101,SSC202\n", ["SSC101"], b"x = 1  # noqa:SSC202\n"),
    (b"x = 1  # noqa: SSC101 SSC202\n", ["SSC202"], b"x = 1  # noqa: SSC101\n"),
    (b"x = 1  # NOQA: ssc101, E501\n", ["SSC101"], b"x = 1  # NOQA: E501\n"),
    (b"x = 1  # noqa: SSC101  why\n", ["SSC101"], b"x = 1  #  why\n"),
    (b"x = 1  # type: ignore  # noqa: SSC101\n", ["SSC101"], b"x = 1  # type: ignore\n"),
    (b"    # noqa: SSC1\n", ["SSC1"], b"\n"),
    (b"x = 1  # noqa\n", ["SSC101"], b"x = 1  # noqa\n"),
])
def test_remove_codes(line, idle, fixed):
    head, tail = b"a = 0\r\n", b"b = 1  \n"
    new, lines = remove_codes(head + line + tail, {2: idle})
    assert new == head + fixed + tail
    assert lines == ([] if fixed == line else [2])


@pytest.mark.parametrize("source, wanted, result, skipped", [
    (b"x = f()\n", {1: ["SSC101"]}, b"x = f()  # noqa: SSC101\n", []),
    (b"x = f()   \n", {1: ["SSC101", "SSC202", "SSC101"]},
     b"x = f()  # noqa: SSC101, SSC202\n", []),
    (b"x = f()  # noqa: E501 long\n", {1: ["SSC101"]}, b"x = f()  # noqa: E501, SSC101 long\n", []),
    (b"x = f()  # noqa: SSC1\n", {1: ["SSC101"]}, b"x = f()  # noqa: SSC1\n", []),
    (b"x = f()  # noqa\n", {1: ["SSC101"]}, b"x = f()  # noqa\n", []),
    (b"x = f()  # a note\n", {1: ["SSC101"]}, b"x = f()  # a note  # noqa: SSC101\n", []),
    (b"s = '''a\nb'''\n", {1: ["SSC101"], 2: ["SSC202"]}, b"s = '''a\nb'''  # noqa: SSC202\n", [1]),
    (b"x = 1 + \\\n    2\n", {1: ["SSC101"]}, b"x = 1 + \\\n    2\n", [1]),
    (b"def broken(:\n", {1: ["SSC101"]}, b"def broken(:\n", [1]),
    (b"x = f()\n", {5: ["SSC101"]}, b"x = f()\n", [5]),
])
def test_add_codes(source, wanted, result, skipped):
    assert add_codes(source, wanted) == (result, skipped)


def test_encodings_and_line_endings_survive():
    latin = "# -*- coding: latin-1 -*-\nx = 'é'\nf()\n".encode("latin-1")
    new, _ = add_codes(latin, {3: ["SSC101"]})
    assert new == "# -*- coding: latin-1 -*-\nx = 'é'\nf()  # noqa: SSC101\n".encode("latin-1")
    old_mac = b"x = 1\rf()\ry = 2"
    assert add_codes(old_mac, {2: ["SSC101"]})[0] == b"x = 1\rf()  # noqa: SSC101\ry = 2"
    bom = b"\xef\xbb\xbff()\r\n"
    assert add_codes(bom, {1: ["SSC101"]})[0] == b"\xef\xbb\xbff()  # noqa: SSC101\r\n"


def test_a_file_that_does_not_decode_is_never_edited():
    data = b"x = '\xff'  # noqa: SSC101\n"
    assert remove_codes(data, {1: ["SSC101"]}) == (data, [])
    assert add_codes(data, {1: ["SSC101"]}) == (data, [1])
