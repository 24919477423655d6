"""What every rule is: a stable code, a kebab-case name, its typed finding, its docs and examples.

A rule does not walk code. The engine finds what crosses and what each thread does once per
project, and hands each rule's ``Finding`` the facts it words: a frozen dataclass whose fields are
exactly the placeholders of the rule's ``MESSAGE`` (checked when the class is defined, so a
message can never be rendered with a field missing). The engine names rules by class, never by
code string, and never writes English for them.

The rule's ``VALID``/``INVALID`` examples are its tests (``tests/test_rule_examples.py``) and its
documentation page (``sendsync rule CODE``, ``docs/rules/``).
"""
from __future__ import annotations

import dataclasses
import inspect
import re
import string
from dataclasses import dataclass
from typing import ClassVar, Dict, List, Optional, Sequence, Tuple, Type, cast

from ..diagnostics import Diagnostic, Note, Span


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


@dataclass(frozen=True)
class Finding:
    """The facts one finding of a rule states; subclasses (one per rule, ``Rule.Finding``)
    declare the fields their rule's ``MESSAGE`` names."""

    rule: ClassVar[Type["Rule"]]

    def message(self) -> str:
        return self.rule.MESSAGE.format(**{f.name: getattr(self, f.name) for f in dataclasses.fields(self)})

    def at(self, where: Span, notes: Sequence[Note] = ()) -> Diagnostic:
        """This finding, reported on the code ``where`` spans, with ``notes`` in order (a note on
        the same code as the finding or as an earlier note adds nothing and is left out)."""
        rule = self.rule
        seen = {tuple(where)}
        kept = []
        for note in notes:
            span = (note.path, note.line, note.col, note.end_line, note.end_col)
            if span not in seen:
                seen.add(span)
                kept.append(note)
        return Diagnostic(where.path, where.line, where.col, rule.code, self.message(), notes=tuple(kept),
                          help=rule.HELP or None, end_line=where.end_line, end_col=where.end_col)


#: The base class under a name that ``Rule.Finding`` (a class attribute) does not shadow, for
#: annotations inside ``Rule`` and for the rule modules' ``class Finding(BaseFinding)``.
BaseFinding = Finding


class Rule:
    """Base class; subclasses register themselves by code."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    #: ``str.format`` template; its placeholders are the fields of ``Finding``.
    MESSAGE: ClassVar[str] = ""
    #: How to fix it, in one line (rustc's ``help:``).
    HELP: ClassVar[str] = ""
    VALID: ClassVar[List[Valid]] = []
    INVALID: ClassVar[List[Invalid]] = []
    #: A rule that is not about user code (SSC9xx) has no examples.
    TOOL: ClassVar[bool] = False
    #: Reported unless the run selects it explicitly (``--extend-select``): off by default.
    default_enabled: ClassVar[bool] = True
    #: How the reporters rank it: "error" (a thread-safety defect, a broken file) or "warning".
    level: ClassVar[str] = "error"
    #: The dataclass of this rule's findings, built from ``MESSAGE`` when not written out.
    Finding: ClassVar[Type[BaseFinding]] = BaseFinding

    registry: ClassVar[Dict[str, Type["Rule"]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.code:
            return
        if cls.code in Rule.registry:
            raise ValueError(f"rule code {cls.code} registered twice")
        if any(r.name == cls.name for r in Rule.registry.values()):
            raise ValueError(f"rule name {cls.name} registered twice")
        fields = placeholders(cls.MESSAGE)
        finding: Optional[Type[BaseFinding]] = cls.__dict__.get("Finding")
        if finding is None:
            finding = cast(Type[BaseFinding], dataclasses.make_dataclass(
                f"{cls.__name__}Finding", [(f, str) for f in fields], bases=(BaseFinding,), frozen=True))
            finding.__doc__ = f"A finding of {cls.code} ({cls.name})."
            cls.Finding = finding
        declared = tuple(f.name for f in dataclasses.fields(finding))
        if set(declared) != set(fields):
            raise TypeError(f"{cls.code}: Finding fields {declared} do not match MESSAGE placeholders {fields}")
        finding.rule = cls
        Rule.registry[cls.code] = cls

    @classmethod
    def finding(cls, **fields: object) -> BaseFinding:
        return cls.Finding(**fields)  # type: ignore[call-arg]

    @classmethod
    def render(cls, **fields: object) -> str:
        """The message of a finding with these fields."""
        return cls.finding(**fields).message()

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n\n", 1)[0].replace("\n", " ")

    @classmethod
    def family(cls) -> Tuple[str, str]:
        return FAMILIES[cls.code[:4]]

    @classmethod
    def example_message(cls) -> Optional[str]:
        """The message of the rule's first flagged example (what a reader sees, not a template)."""
        for example in cls.INVALID:
            if example.message:
                return example.message
        return None


def placeholders(template: str) -> Tuple[str, ...]:
    """The field names a ``str.format`` template uses, in order, each once (``{start.wait}``
    uses the field ``start``)."""
    out: List[str] = []
    for _, spec, _, _ in string.Formatter().parse(template):
        name = re.split(r"[.\[]", spec, maxsplit=1)[0] if spec else spec
        if name and name not in out:
            out.append(name)
    return tuple(out)


#: what every code of this tool begins with
PREFIX = "SSC"

FAMILIES = {
    "SSC1": ("SSC1xx", "a NotSend value crosses a thread boundary"),
    "SSC2": ("SSC2xx", "a NotSync value is reachable from two threads at once"),
    "SSC3": ("SSC3xx", "marker misuse"),
    "SSC9": ("SSC9xx", "the tool's own findings"),
}
