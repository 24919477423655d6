"""What every rule is: a stable code, a kebab-case name, a message template, its docs and examples.

A rule does not walk code. The engine finds crossings and sharing once per project; each rule only
owns the words for one kind of defect (see ``sendsync/engine``). Its ``VALID``/``INVALID`` examples
are the rule's tests (``tests/test_rule_examples.py``) and its documentation page
(``sendsync rule CODE``, ``docs/rules/``).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import ClassVar, Dict, List, Tuple, Type


@dataclass(frozen=True)
class Valid:
    """Code on which the rule must stay silent."""

    code: str


@dataclass(frozen=True)
class Invalid:
    """Code the rule must flag, at ``line`` (1-based, within ``code``), with ``message`` in the text."""

    code: str
    line: int
    message: str = ""


class Rule:
    """Base class; subclasses register themselves by code."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    #: ``str.format`` template filled from the engine's finding arguments.
    MESSAGE: ClassVar[str] = ""
    #: How to fix it, in one line (rustc's ``help:``).
    HELP: ClassVar[str] = ""
    VALID: ClassVar[List[Valid]] = []
    INVALID: ClassVar[List[Invalid]] = []
    #: A rule that is not about user code (SSC9xx) has no examples.
    TOOL: ClassVar[bool] = False

    registry: ClassVar[Dict[str, Type["Rule"]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.code:
            return
        if cls.code in Rule.registry:
            raise ValueError(f"rule code {cls.code} registered twice")
        if any(r.name == cls.name for r in Rule.registry.values()):
            raise ValueError(f"rule name {cls.name} registered twice")
        Rule.registry[cls.code] = cls

    @classmethod
    def render(cls, **args: object) -> str:
        return cls.MESSAGE.format(**args)

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n\n", 1)[0].replace("\n", " ")

    @classmethod
    def family(cls) -> Tuple[str, str]:
        return FAMILIES[cls.code[:4]]


FAMILIES = {
    "SSC1": ("SSC1xx", "a NotSend value crosses a thread boundary"),
    "SSC2": ("SSC2xx", "a NotSync value is reachable from two threads at once"),
    "SSC3": ("SSC3xx", "marker misuse"),
    "SSC9": ("SSC9xx", "the tool's own findings"),
}
