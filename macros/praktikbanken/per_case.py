"""What is worked out from a case, kept while the guide keeps the same Case object.

guide.py keeps a case's object while its file and data/ are unchanged, so a preview rebuild after
one edit works things out again for the edited case only (its page digests, its exports, its
facet keys), in a guide of any size.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable


class PerCaseMemo:
    def __init__(self):
        self._kept: dict[tuple[str, object], tuple[object, object]] = {}

    def get(self, case, what, compute: Callable):
        """compute(case), kept per case id and `what` while the case is the same object."""
        key = (case.id, what)
        kept = self._kept.get(key)
        if kept is None or kept[0] is not case:
            kept = self._kept[key] = (case, compute(case))
        return kept[1]

    def keep_only(self, cases: Iterable) -> None:
        """Forget the cases no longer in the guide."""
        current = {case.id for case in cases}
        for key in [key for key in self._kept if key[0] not in current]:
            del self._kept[key]
