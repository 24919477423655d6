"""The recipes pin the released version: a tag that matches what the package reports."""
from __future__ import annotations

import re
from pathlib import Path

from sendsync import __version__

ROOT = Path(__file__).resolve().parents[1]
PINS = re.compile(r"(?:rev:\s*|@)v(\d+\.\d+\.\d+)")


def test_every_pin_in_the_docs_is_the_package_version():
    pins = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for version in PINS.findall(doc.read_text(encoding="utf-8")):
            pins.setdefault(version, []).append(doc.relative_to(ROOT).as_posix())
    assert pins, "the recipes pin no version: the pattern or the recipes changed"
    assert set(pins) == {__version__}, pins
