#!/usr/bin/env python3
"""Write docs/rules/: one Markdown page per registered rule, plus README.md as the index.

  python scripts/gen_rule_docs.py            write the pages (and delete pages of removed rules)
  python scripts/gen_rule_docs.py --check    exit 1 listing stale, missing or extra pages

The pages are made from the rule classes (docstring, message, examples) by
``sendsync.report.ruledoc``, the same text ``sendsync rule CODE`` prints.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # document the rules of this working tree

from sendsync.report.ruledoc import pages  # noqa: E402
from sendsync.rules import all_rules  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale pages, write nothing")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "rules", help="default: docs/rules"
    )
    args = parser.parse_args()
    expected = pages(all_rules())
    present = {p.name: p for p in args.out.glob("*.md")} if args.out.is_dir() else {}
    stale = [n for n in sorted(expected) if n in present and _read(present[n]) != expected[n]]
    missing = [n for n in sorted(expected) if n not in present]
    extra = [n for n in sorted(present) if n not in expected]
    if args.check:
        for label, names in (("stale", stale), ("missing", missing), ("extra", extra)):
            for name in names:
                print(f"{label}: {args.out / name}")
        if stale or missing or extra:
            print("rule docs are out of date: run python scripts/gen_rule_docs.py")
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name in stale + missing:
        with open(args.out / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(expected[name])
        print(f"wrote {args.out / name}")
    for name in extra:
        present[name].unlink()
        print(f"removed {present[name]}")
    return 0


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


if __name__ == "__main__":
    sys.exit(main())
