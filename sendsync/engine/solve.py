"""The whole-program solution: every module indexed, every thread walked, every use found.

``solve(program, knowledge, strictness)`` runs the value flow (``evaluate``) and the thread model
(``threads``) to a settled call graph, and answers what the checks ask: the uses each thread
makes (``effects``), by context. The checks only read it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Tuple

from ..knowledge import Knowledge
from .effects import Effects, Use
from .evaluate import Evaluator
from .program import Module, Program
from .threads import Threads
from .values import HOME, Ctx


@dataclass
class Solution:
    program: Program
    knowledge: Knowledge
    ev: Evaluator
    threads: Threads
    effects: Effects
    _uses: Dict[Ctx, List[Use]] = field(default_factory=dict)
    _home_uses: Dict[Tuple[str, int, FrozenSet[object]], Tuple[Use, ...]] = field(default_factory=dict)

    def uses(self, ctx: Ctx) -> List[Use]:
        found = self._uses.get(ctx)
        if found is None:
            found = self._uses[ctx] = self.effects.uses(self.threads.walks[ctx])
        return found

    def home_uses(self, mod: Module, fn: int, held: FrozenSet[object] = frozenset()) -> Tuple[Use, ...]:
        """The uses ``fn``'s code makes at HOME, reached holding ``held``: asked again for each
        thread whose spawning side reaches ``fn`` (the standard library asks 28,564 times about
        2,791 functions)."""
        key = (mod.name, fn, held)
        found = self._home_uses.get(key)
        if found is None:
            found = self._home_uses[key] = tuple(self.effects.function_uses(mod, fn, HOME, held))
        return found


def solve(program: Program, knowledge: Knowledge, strictness: str = "targeted") -> Solution:
    threads = Threads(program, knowledge)
    ev = Evaluator(program, knowledge, strictness, frames=threads)
    threads.solve(ev)
    return Solution(program, knowledge, ev, threads, Effects(program, knowledge, ev, threads))
