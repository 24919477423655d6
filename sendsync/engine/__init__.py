"""The analysis: sources -> facts -> program -> solution -> checks -> diagnostics.

``run(plan)`` is the one entry point; ``check_project`` builds a ``Plan`` from keywords. No I/O
happens here: the api hands in the bytes of every file, and gets diagnostics back.

Stages, one module each: ``facts`` (what one file says, cached by content), ``extract`` (every
file's facts, on worker processes), ``program`` (the project indexed), ``evaluate`` (where values
go), ``threads`` (what runs where), ``effects`` (what each thread does), ``flow`` (join points),
``checks`` (the rules' findings). Whatever fails is a finding of the file it failed on, never a
silent pass.
"""
from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, List, Optional, Sequence

from ..diagnostics import Diagnostic
from ..rules.tool import InternalErrorRule, SyntaxErrorRule
from .plan import Plan, Store
from .sources import Source, digest

if TYPE_CHECKING:
    from ..knowledge import Knowledge


def check_project(sources: Sequence[Source], knowledge: "Optional[Knowledge]" = None,
                  strictness: str = "targeted", verbose: bool = False, *, jobs: int = 0,
                  store: "Optional[Store]" = None) -> List[Diagnostic]:
    """Every finding for the project made of ``sources`` (unsorted, unfiltered)."""
    from ..knowledge import DEFAULT

    return run(Plan(tuple(sources), knowledge or DEFAULT, strictness, verbose, jobs, store))


def run(plan: Plan) -> List[Diagnostic]:
    from .extract import on_big_stack

    return on_big_stack(lambda: _run(plan))


def _run(plan: Plan) -> List[Diagnostic]:
    from .extract import extract_all
    from .program import Module, Program, unique_modules

    out: List[Diagnostic] = []
    modules: List[Module] = []
    store = plan.store if hasattr(plan.store, "get") else None
    for found in extract_all(unique_modules(plan.sources), plan.jobs, store):
        source = found.source
        if found.facts is None:
            reason = "a worker process died while checking this file" if found.died else found.error
            out.append(InternalErrorRule.finding(reason=reason).at(source.path, 1, 1))
        elif found.facts.error is not None:
            line, col, reason = found.facts.error
            out.append(SyntaxErrorRule.finding(reason=reason).at(source.path, line, col))
        else:
            modules.append(Module(source, found.facts))
    out += _analyse(plan, Program(modules))
    return _dedupe(out)


def _analyse(plan: Plan, program) -> List[Diagnostic]:
    from .checks import check_module
    from .solve import solve

    modules = sorted(program.modules.values(), key=lambda m: m.path)
    try:
        solution = solve(program, plan.knowledge, plan.strictness)
    except Exception as exc:  # the last resort: no finding is lost silently
        return [_internal(plan, m.path, exc) for m in modules]
    out: List[Diagnostic] = []
    for mod in modules:
        failed = solution.threads.failures.get(mod.name)
        if failed is not None:
            out.append(_internal(plan, mod.path, failed))
            continue
        try:
            out += check_module(solution, mod)
        except RecursionError:
            out.append(InternalErrorRule.finding(
                reason="nesting too deep for the analysis (recursion limit)").at(mod.path, 1, 1))
        except Exception as exc:  # one module's failure must not lose the others' findings
            out.append(_internal(plan, mod.path, exc))
    return out


def _internal(plan: Plan, path: str, exc: BaseException) -> Diagnostic:
    reason = f"{type(exc).__name__}: {exc}"
    if plan.verbose:
        reason += "\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return InternalErrorRule.finding(reason=reason).at(path, 1, 1)


def _dedupe(found: List[Diagnostic]) -> List[Diagnostic]:
    """One finding per (path, line, column, code), chosen by content: whatever order the
    modules were checked in, the same one is kept."""
    best = {}
    for d in found:
        key = (d.path, d.line, d.col, d.code)
        if key not in best or d.sort_key() < best[key].sort_key():
            best[key] = d
    return sorted(best.values(), key=Diagnostic.sort_key)


__all__ = ["Plan", "Source", "check_project", "digest", "run"]
