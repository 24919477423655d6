"""The whole-program solution: every module indexed, every thread walked, every use found.

``solve(program, knowledge, strictness)`` runs the value flow (``evaluate``) and the thread model
(``threads``) to a settled call graph, and answers what the checks ask: the uses each thread
makes (``effects``), by context. The checks only read it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List

from ..knowledge import Knowledge
from .effects import Effects, Use
from .evaluate import Evaluator
from .program import Program
from .threads import Threads
from .values import Ctx


@dataclass
class Solution:
    program: Program
    knowledge: Knowledge
    ev: Evaluator
    threads: Threads
    effects: Effects
    _uses: Dict[Ctx, List[Use]] = field(default_factory=dict)

    def uses(self, ctx: Ctx) -> List[Use]:
        found = self._uses.get(ctx)
        if found is None:
            found = self._uses[ctx] = self.effects.uses(self.threads.walks[ctx])
        return found


def solve(program: Program, knowledge: Knowledge, strictness: str = "targeted") -> Solution:
    threads = Threads(program, knowledge)
    ev = Evaluator(program, knowledge, strictness, frames=threads)
    threads.solve(ev)
    return Solution(program, knowledge, ev, threads, Effects(program, knowledge, ev, threads))
