"""Every rule's own VALID / INVALID examples are its tests (and its documentation)."""
from __future__ import annotations

import pytest

from sendsync.engine import Source, check_project
from sendsync.rules import all_rules

CASES = [
    pytest.param(rule, kind, i, example, id=f"{rule.code}-{kind}-{i}")
    for rule in all_rules()
    for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
    for i, example in enumerate(examples)
]


def findings(code: str):
    return check_project([Source("example.py", "example", False, code.encode())])


@pytest.mark.parametrize("rule, kind, index, example", CASES)
def test_example(rule, kind, index, example):
    found = findings(example.code)
    if kind == "valid":
        assert found == [], f"{rule.code} VALID[{index}] must be clean"
        return
    ours = [d for d in found if d.code == rule.code]
    assert ours, f"{rule.code} INVALID[{index}] not flagged; got {found}"
    assert [d.line for d in ours] == [example.line]
    assert example.message in ours[0].message
    assert [d for d in found if d.code != rule.code] == [], "an example shows one defect"


def test_every_user_rule_has_examples():
    for rule in all_rules():
        if not rule.TOOL:
            assert rule.VALID and rule.INVALID, rule.code
