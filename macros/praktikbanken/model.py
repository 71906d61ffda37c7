"""How a case becomes output: its sections and its facets, declared once.

Every output (case page, cards, finder, related cases, listings, overview, CSV, feed, skeleton,
issue form) reads these declarations instead of knowing the fields itself.

- Sections come from the case schema: every field whose value is a text in both languages (or
  "not stated") is a text section, every list of such texts a list section, in the schema's
  order. Adding a text field means adding it to the schema and its label to strings.py.
- Facets are the ways to narrow the collection (theme, size, duty, ...): each says how to read
  its values from a case, its URL parameter and label, and which taxonomy (if any) lists them.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .guide import Case

TEXT_REFS = {"#/$defs/bilingual", "#/$defs/bilingualOrNotStated"}
LIST_REFS = {"#/$defs/bilingualListOrNotStated"}
LEDE = "summary"  # shown on its own above the facts box, not as a section


@dataclass(frozen=True)
class Section:
    key: str   # the case field, and the interface-text key of its heading
    kind: str  # "text" or "list"


def sections(schema: dict) -> list[Section]:
    """The case page's text and list sections, in the schema's order."""
    found = []
    for key, prop in schema["properties"].items():
        ref = prop.get("$ref")
        if key == LEDE:
            continue
        if ref in TEXT_REFS:
            found.append(Section(key, "text"))
        elif ref in LIST_REFS:
            found.append(Section(key, "list"))
    return found


def text_fields(schema: dict) -> list[str]:
    """Every field that holds prose in both languages: the lede and the sections."""
    return [LEDE] + [s.key for s in sections(schema)]


@dataclass(frozen=True)
class Facet:
    id: str                                   # URL parameter and data-* attribute
    label: str                                # interface-text key of its name
    values: Callable[[Case], list[str]]       # the case's values, as ids
    taxonomy: str | None = None               # the Taxonomies attribute that lists its values
    folder: str | None = None                 # a listing page per value lives here
    index_title: str | None = None            # interface-text key of that listing's index page
    index_intro: str | None = None


STATUSES = ("ongoing", "mainstreamed", "ended", "unknown")


def _duty_ids(case: Case) -> list[str]:
    """The duties the case is tagged with, and the provisions in force now where the source
    cites a repealed act: a reader looking for the law in force finds the practice too."""
    ids = [link.duty.id for link in case.legal_duties]
    return ids + [link.duty.replaced_by[0] for link in case.legal_duties
                  if link.duty.replaced_by and link.duty.replaced_by[0] not in ids]

FACETS: tuple[Facet, ...] = (
    Facet("theme", "themes", lambda c: [e.id for e in c.themes], "themes", "themes", "all_themes", "themes_intro"),
    Facet("size", "size_class", lambda c: [c.size_class.id], "size_classes", "sizes", "all_sizes", "sizes_intro"),
    Facet("duty", "legal_duties", lambda c: _duty_ids(c), "legal_duties", "legal-duties", "all_duties",
          "duties_intro"),
    Facet("country", "country", lambda c: [c.country]),
    Facet("target", "target_groups", lambda c: [e.id for e in c.target_groups], "target_groups"),
    Facet("role", "municipal_roles", lambda c: [e.id for e in c.municipal_roles], "municipal_roles"),
    Facet("status", "status", lambda c: [c.data["status"]["value"]]),
)
FACET = {facet.id: facet for facet in FACETS}
LISTED = tuple(facet for facet in FACETS if facet.folder)  # the facets with listing pages


def has(case: Case, facet_id: str, value: str) -> bool:
    return value in FACET[facet_id].values(case)


def counts(cases, facet_id: str) -> Counter:
    """How many of the cases have each value of the facet."""
    values = FACET[facet_id].values
    return Counter(value for case in cases for value in values(case))
