"""What several test modules share: where the package is, how a finding line reads, and one
real bug to plant in files."""
from __future__ import annotations

import re
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>SSC\d{3}) (?P<msg>.+)$")

#: A real bug: a sqlite3 connection captured by the lambda a threading.Timer runs (SSC101).
BUG = (
    "import sqlite3\n"
    "import threading\n"
    "\n"
    "\n"
    "def main():\n"
    "    conn = sqlite3.connect(':memory:')\n"
    "    flush = threading.Timer(0.01, lambda: conn.execute('SELECT 1'))\n"
    "    flush.start()\n"
)
