"""Every rule is registered, named, documented and exemplified, and docs/rules/ is up to date."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sendsync.report import ruledoc
from sendsync.rules import REGISTRY, all_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = all_rules()


def test_codes_and_names_are_unique():
    assert [r.code for r in RULES] == sorted(REGISTRY)
    assert all(REGISTRY[r.code] is r for r in RULES)
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_every_rule_module_registers_through_the_package():
    # Importing sendsync.rules must register every rule class in every module of the package.
    script = (
        "import importlib, pkgutil, sendsync.rules as r\n"
        "before = set(r.REGISTRY)\n"
        "for m in pkgutil.walk_packages(r.__path__, 'sendsync.rules.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(set(r.REGISTRY) - before))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[]\n", "rules not imported by sendsync/rules/__init__.py"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata(rule):
    assert re.fullmatch(r"SSC\d{3}", rule.code)
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    assert rule.MESSAGE.strip()
    assert ruledoc.summary(rule)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_docstring_headings(rule):
    headings = re.findall(r"^## (.+)$", ruledoc.doc_text(rule), re.MULTILINE)
    assert headings[:2] == ["What it does", "Why is this bad?"]


@pytest.mark.parametrize("rule", [r for r in RULES if not r.TOOL], ids=lambda r: r.code)
def test_rule_has_examples(rule):
    assert rule.VALID, f"{rule.code} has no VALID example"
    assert rule.INVALID, f"{rule.code} has no INVALID example"


def test_page_layout():
    page = ruledoc.render(REGISTRY["SSC999"])
    assert page.startswith("# SSC999 syntax-error\n\nA file could not be read or parsed")
    assert "\n## What it does\nReports a file" in page
    assert "\n## Message\n\n```text\n<reason>\n```\n" in page
    assert page.endswith("\n") and not page.endswith("\n\n")


def test_committed_pages_are_up_to_date():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_generator_check_reports_stale_missing_and_extra(tmp_path):
    script = str(ROOT / "scripts" / "gen_rule_docs.py")
    out = tmp_path / "rules"
    written = subprocess.run(
        [sys.executable, script, "--out", str(out)], capture_output=True, text=True
    )
    assert written.returncode == 0, written.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(ruledoc.pages(RULES))
    (out / "SSC999-syntax-error.md").write_text("old\n")
    (out / "SSC998-internal-error.md").unlink()
    (out / "SSC000-gone.md").write_text("gone\n")
    proc = subprocess.run([sys.executable, script, "--check", "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"stale: {out / 'SSC999-syntax-error.md'}" in proc.stdout
    assert f"missing: {out / 'SSC998-internal-error.md'}" in proc.stdout
    assert f"extra: {out / 'SSC000-gone.md'}" in proc.stdout


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_a_page_shows_a_real_message_not_a_template(rule):
    page = ruledoc.render(rule)
    section = page.split("\n## Message\n", 1)[1].split("\n## ", 1)[0]
    assert not re.search(r"\{[a-z_]+\}", section)
    if rule.INVALID:
        assert "\nexample.py:" in section and f": {rule.code} " in section
        assert rule.INVALID[0].message.split()[0] in section
