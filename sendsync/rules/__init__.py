"""The rule registry: one code -> one class, imported here so that registration is complete."""
from __future__ import annotations

from typing import Dict, List, Optional, Type

from .base import FAMILIES, Invalid, Rule, Valid
from . import markers, notsend, notsync, tool  # noqa: F401  (registration)

REGISTRY: Dict[str, Type[Rule]] = Rule.registry


def all_rules() -> List[Type[Rule]]:
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def lookup(code_or_name: str) -> Optional[Type[Rule]]:
    """Find a rule by code (``SSC101``, any case) or by kebab-case name."""
    key = code_or_name.strip()
    rule = REGISTRY.get(key.upper())
    if rule is not None:
        return rule
    for rule in REGISTRY.values():
        if rule.name == key.lower():
            return rule
    return None


__all__ = ["FAMILIES", "Invalid", "REGISTRY", "Rule", "Valid", "all_rules", "lookup"]
