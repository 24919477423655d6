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
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from ..diagnostics import Diagnostic, Span
from ..rules.tool import InternalErrorRule, SyntaxErrorRule
from .plan import Plan, Store
from .sources import Source, digest

if TYPE_CHECKING:
    from ..knowledge import Knowledge


def check_project(sources: Sequence[Source], knowledge: "Optional[Knowledge]" = None,
                  strictness: str = "targeted", verbose: bool = False, *, jobs: int = 0,
                  store: "Optional[Store]" = None, one_shot: bool = False) -> List[Diagnostic]:
    """Every finding for the project made of ``sources`` (unsorted, unfiltered)."""
    from ..knowledge import DEFAULT

    return run(Plan(tuple(sources), knowledge or DEFAULT, strictness, verbose, jobs, store,
                    one_shot=one_shot))


def run(plan: Plan) -> List[Diagnostic]:
    from .extract import on_big_stack

    return on_big_stack(lambda: _run(plan), leave_garbage=plan.one_shot)


RESULTS = "results"


def _run(plan: Plan) -> List[Diagnostic]:
    """The findings of the whole project: kept from a run on the same sources, or computed."""
    store = plan.store
    key = _inputs_digest(plan)
    if store is not None:
        kept = store.get(RESULTS, key)
        if isinstance(kept, dict) and _libraries_unchanged(kept.get("read")):
            try:
                return [Diagnostic.from_json(raw) for raw in kept["findings"]]
            except (KeyError, TypeError, ValueError):  # not ours, or torn: computed again
                pass
    found, lasting = _compute(plan)
    if store is not None:
        # a failure, or an answer that memory may have shaped, is never kept
        if lasting and not any(d.code == InternalErrorRule.code for d in found):
            installed = plan.knowledge.installed
            read = sorted([path, *stat] for path, stat in installed.read.items()) if installed else []
            store.put(RESULTS, key, {"findings": [d.to_json() for d in found], "read": read})
        store.keep_only(RESULTS, {key})
    return found


def _libraries_unchanged(read: object) -> bool:
    """Are the installed libraries' files the kept findings rest on as they were then?"""
    from ..knowledge.installed import Installed

    if not isinstance(read, list):
        return False
    try:
        return Installed.unchanged({str(p): (int(m), int(s)) for p, m, s in read})
    except (TypeError, ValueError):
        return False


def _inputs_digest(plan: Plan) -> str:
    """What the findings of a run depend on besides the settings (which key the cache file):
    every source's name, module and content."""
    parts = sorted(f"{s.path}\0{s.module}\0{int(s.is_package)}\0{digest(s.data)}" for s in plan.sources)
    installed = plan.knowledge.installed
    if installed is not None:  # what is installed: a library added, removed or upgraded
        parts.append("installed\0" + installed.installed.fingerprint())
    return digest("\n".join(parts).encode("utf-8", "surrogatepass"))


def _compute(plan: Plan) -> Tuple[List[Diagnostic], bool]:
    """The findings, and whether they may be kept (no file's facts were transient)."""
    from .extract import extract_all
    from .program import Module, Program, unique_modules
    from .values import forget_values

    out: List[Diagnostic] = []
    modules: List[Module] = []
    lasting = True
    for found in extract_all(unique_modules(plan.sources), plan.jobs, plan.store):
        source = found.source
        if (found.facts is None and not found.too_large) or (found.facts is not None and found.facts.transient):
            lasting = False
        if found.facts is None:
            reason = "a worker process died while checking this file" if found.died else found.error
            out.append(InternalErrorRule.finding(reason=reason).at(Span(source.path, 1, 1)))
        elif found.facts.error is not None:
            line, col, reason = found.facts.error
            out.append(SyntaxErrorRule.finding(reason=reason).at(Span(source.path, line, col)))
        else:
            modules.append(Module(source, found.facts))
    forget_values()  # what a run made before is of no use to this one
    try:
        out += _analyse(plan, Program(modules))
    finally:
        forget_values()
    return _dedupe(out), lasting


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
        except Exception as exc:  # one module's failure must not lose the others' findings
            out.append(_internal(plan, mod.path, exc))
    return out


def _internal(plan: Plan, path: str, exc: BaseException) -> Diagnostic:
    reason = f"{type(exc).__name__}: {exc}"
    if plan.verbose:
        reason += "\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return InternalErrorRule.finding(reason=reason).at(Span(path, 1, 1))


def _dedupe(found: List[Diagnostic]) -> List[Diagnostic]:
    """One finding per (path, line, column, code), chosen by content: whatever order the
    modules were checked in, the same one is kept."""
    best: Dict[Tuple[str, int, int, str], Diagnostic] = {}
    for d in found:
        key = (d.path, d.line, d.col, d.code)
        if key not in best or d.sort_key() < best[key].sort_key():
            best[key] = d
    return sorted(best.values(), key=Diagnostic.sort_key)


__all__ = ["Plan", "Source", "check_project", "digest", "run"]
