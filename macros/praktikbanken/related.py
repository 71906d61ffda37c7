"""Related cases, chosen by shared facets and computed once per build.

An inverted index maps each facet value (a theme, a target group, a legal duty, the
municipality ...) to the cases that have it; a case's candidates are the cases on its own
postings, scored by what they share. That costs the sum of the postings, not a comparison of
every pair of cases on every page. Curated links in a case's 'related' field always come first.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .guide import Case, Guide
from .model import FACETS
from .per_case import PerCaseMemo

# How much each kind of shared facet counts. The same municipality says most about
# relevance (same context, often the same people); then the same people served, the same
# legal duty and the same theme. A candidate must share a theme and a target group, or the
# municipality: a practice for other people on another subject is not "related".
WEIGHTS = {"municipality": 4, "target": 3, "duty": 2, "theme": 2, "role": 0.5, "size": 0.5}
LIMIT = 5


@dataclass(frozen=True)
class Related:
    case: Case
    score: float
    shared: tuple[str, ...]  # facet keys such as "theme:education", for explaining the choice


def facet_keys(case: Case) -> tuple[tuple[str, str], ...]:
    """The case's municipality and its values of every weighted facet (model.FACETS)."""
    return _PER_CASE.get(case, "facet_keys", _facet_keys)


def _facet_keys(case: Case) -> tuple[tuple[str, str], ...]:
    keys = [("municipality", case.municipality.id)]
    for facet in FACETS:
        if facet.id in WEIGHTS:
            keys += [(facet.id, value) for value in facet.values(case)]
    return tuple(keys)


_PER_CASE = PerCaseMemo()


def build_index(guide: Guide) -> Mapping[str, list[Related]]:
    """Each case's related cases. The choice depends only on the cases' facet values and named
    relations, so the last result is kept: an edit of a case's text (what a preview mostly sees)
    reuses it, with the current cases in it (looked up when a case's list is asked for, so a
    page rendered on its own costs the same in a guide of any size)."""
    global _last
    inputs = tuple((case.id, facet_keys(case), tuple(case.related_ids)) for case in guide.cases.values())
    if _last is None or _last[0] != inputs:
        _last = (inputs, _choose(guide))
    return _WithCurrentCases(_last[1], guide)


_last: tuple[tuple, dict[str, list[Related]]] | None = None


class _WithCurrentCases(Mapping):
    """A kept choice, with each related case taken from the current guide."""

    def __init__(self, chosen: dict[str, list[Related]], guide: Guide):
        self._chosen, self._guide = chosen, guide

    def __getitem__(self, case_id: str) -> list[Related]:
        return [Related(self._guide.cases[r.case.id], r.score, r.shared) for r in self._chosen[case_id]]

    def __iter__(self):
        return iter(self._chosen)

    def __len__(self) -> int:
        return len(self._chosen)


def _choose(guide: Guide) -> dict[str, list[Related]]:
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in guide.cases.values():
        for key in facet_keys(case):
            postings[key].append(case.id)
    # A relation the editors name works both ways: B shows A when A names B.
    named = {case.id: [i for i in case.related_ids if i in guide.cases] for case in guide.cases.values()}
    for case in guide.cases.values():
        for other in case.related_ids:
            if other in guide.cases and case.id not in named[other]:
                named[other].append(case.id)
    index: dict[str, list[Related]] = {}
    for case in guide.cases.values():
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, list[str]] = defaultdict(list)
        for key in facet_keys(case):
            if key[0] == "size" and len(postings[key]) > len(guide.cases) / 2:
                continue  # a size most cases share says little
            for other in postings[key]:
                if other != case.id:
                    scores[other] += WEIGHTS[key[0]]
                    shared[other].append(f"{key[0]}:{key[1]}")
        curated = named[case.id]
        ranked = sorted((i for i in scores if i not in curated and _qualifies(shared[i])),
                        key=lambda i: (-scores[i], i))
        # Every relation the editors name is shown; computed ones fill up to LIMIT.
        index[case.id] = ([Related(guide.cases[i], float("inf"), ("curated",)) for i in curated]
                          + [Related(guide.cases[i], scores[i], tuple(shared[i]))
                             for i in ranked[:max(0, LIMIT - len(curated))]])
    return index


def _qualifies(shared: list[str]) -> bool:
    kinds = {key.split(":", 1)[0] for key in shared}
    return "municipality" in kinds or {"theme", "target"} <= kinds
