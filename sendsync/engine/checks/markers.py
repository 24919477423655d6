"""SSC3xx: the markers themselves: contradictions, unrestated assertions, misplaced markers."""
from __future__ import annotations

from typing import Dict, List, Tuple

from ...diagnostics import Diagnostic, Note
from ...rules import wording
from ...knowledge.annotations import MARKERS
from ...rules.markers import ContradictoryMarkers, Misplaced, MisplacedMarker, Problem, UnrestatedAssertion
from ..program import Module
from ..solve import Solution
from ..values import HOME
from .common import notes

_NAMES = frozenset(MARKERS.values())


def check(sol: Solution, mod: Module) -> List[Diagnostic]:
    if not (mod.facts.identifiers & _NAMES):
        return []
    out: List[Diagnostic] = []
    out += _classes(sol, mod)
    out += _misplaced(sol, mod)
    return out


def _marker(sol: Solution, mod: Module, nid: int) -> str:
    node = mod.nodes[nid]
    if node[0] == "Sub":
        nid = node[1]
        node = mod.nodes[nid]
    if node[0] not in ("Name", "Attr"):
        return ""
    for ref in sol.ev.value(mod, nid, HOME).refs():
        if ref in MARKERS:
            return MARKERS[ref]
    return ""


def _classes(sol: Solution, mod: Module) -> List[Diagnostic]:
    ev = sol.ev
    out: List[Diagnostic] = []
    for qualname, cid, kind, _ in mod.facts.defs:
        if kind != "Cls":
            continue
        node = mod.nodes[cid]
        found: Dict[str, int] = {}
        for base in node[2]:
            marker = _marker(sol, mod, base)
            if marker:
                found.setdefault(marker, base)
        for a, b in (("Send", "NotSend"), ("Sync", "NotSync")):
            if a in found and b in found:
                out.append(ContradictoryMarkers.finding(what=node[1], first=a, second=b).at(mod.place(found[b])))
        full = ev.qualname(mod, cid)
        traits = ev.class_traits(full)
        for marker, kind in (("Send", "not_send"), ("Sync", "not_sync")):
            if marker in traits.asserted and marker not in found:
                found_one = _unrestated(sol, mod, cid, full, marker, kind)
                if found_one is not None:
                    out.append(found_one)
    return out


def _unrestated(sol: Solution, mod: Module, cid: int, full: str, marker: str, kind: str):
    ev = sol.ev
    base_name = ""
    marked: List[Note] = []
    for q in ev.mro(full)[1:]:
        asserted = ev.class_traits(q).asserted.get(marker)
        if asserted is not None:
            base_name = q.rpartition(".")[2]
            amod = sol.program.modules[asserted[0]]
            marked.append(wording.marked_here(amod.place(asserted[1]), base_name, marker))
            break
    for fname, places in sorted(ev.fields_of(full).items()):
        for fmod, site, method in places:
            if method < 0 or fmod is not mod or fmod.class_of_method(method) != cid:
                continue
            value = ev.field_site_value(fmod, site)
            trait = getattr(value, kind)
            if trait is not None:
                label = "NotSend" if kind == "not_send" else "NotSync"
                finding = UnrestatedAssertion.finding(owner=mod.nodes[cid][1], marker=marker, base=base_name,
                                                      field=fname, desc=trait.describe(label, fmod.path))
                return finding.at(fmod.place(site), notes(sol, trait, None) + tuple(marked))
    return None


def _misplaced(sol: Solution, mod: Module) -> List[Diagnostic]:
    out: List[Tuple[Tuple[int, int], Diagnostic]] = []
    for nid, node in enumerate(mod.nodes):
        if node is None:
            continue
        kind = node[0]
        if kind == "Sub":
            marker = _marker(sol, mod, node[1]) if mod.nodes[node[1]][0] in ("Name", "Attr") else ""
            if marker:
                slice_node = mod.nodes[node[2]]
                arity = len(slice_node[1]) if slice_node[0] == "Tuple" else 1
                if arity != 1:
                    out.append(_at(mod, nid, Problem(Misplaced.ARITY, marker)))
        elif kind == "Call":
            if _marker(sol, mod, node[1]) and mod.nodes[node[1]][0] in ("Name", "Attr"):
                out.append(_at(mod, nid, Problem(Misplaced.CALLED)))
        elif kind in ("Ann", "Param", "Def"):
            annotation = node[2] if kind == "Ann" else node[3] if kind == "Param" else node[4]
            if annotation >= 0 and mod.nodes[annotation][0] in ("Name", "Attr"):
                marker = _marker(sol, mod, annotation)
                if marker:
                    out.append(_at(mod, annotation, Problem(Misplaced.BARE, marker)))
    return [d for _, d in sorted(out, key=lambda pd: pd[0])]


def _at(mod: Module, nid: int, problem: Problem) -> Tuple[Tuple[int, int], Diagnostic]:
    where = mod.place(nid)
    return (where.line, where.col), MisplacedMarker.finding(code=mod.short(nid), problem=problem).at(where)


__all__ = ["check"]
