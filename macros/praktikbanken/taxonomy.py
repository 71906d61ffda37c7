"""The reference data in data/: taxonomies, size classes, legal duties, municipalities, sources."""
from __future__ import annotations

from dataclasses import dataclass, field

from .folders import entry_files
from .paths import ProjectPaths
from .problems import InvalidInput, Problem
from .schema import Checker, load_schema, suggest
from .yamlio import field_name, load_yaml


@dataclass(frozen=True)
class Entry:
    id: str
    label: dict
    description: dict


@dataclass(frozen=True)
class SizeClass(Entry):
    min: int | None = None
    max: int | None = None

    def holds(self, population: int) -> bool:
        return (self.min is None or population >= self.min) and (self.max is None or population < self.max)


@dataclass(frozen=True)
class Statute:
    id: str
    country: str
    number: str
    name: dict
    url: str
    note: dict | None = None


@dataclass(frozen=True)
class Equivalence:
    duty: LegalDuty
    reason: dict  # why the two serve the same purpose, in both languages


@dataclass(frozen=True)
class LegalDuty(Entry):
    statute: Statute | None = None
    section: str | None = None
    equivalents: tuple[tuple[str, dict], ...] = ()  # (duty id, reason), as written in the data
    replaced_by: tuple[str, int] | None = None     # (duty id, year) of the provision in force now
    empty_note: dict | None = None                 # why no practice serves it yet

    @property
    def country(self) -> str:
        return self.statute.country

    def citation(self, lang: str) -> str:
        """'5 b § lag (2009:724) ...' style reference: section then statute name."""
        name = self.statute.name.get(lang) or self.statute.name["en"]
        return f"{name}, {self.section}" if self.section else name


@dataclass(frozen=True)
class Municipality:
    id: str
    kind: str
    country: str
    language: str
    names: dict
    population: int | None
    population_year: int | None
    population_source: str | None
    population_url: str | None
    population_approximate: bool
    note: dict | None
    population_source_language: str | None = None  # where the source is not named in the place's language
    population_read: str | None = None             # the date we read the figure (YYYY-MM-DD)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get(self.language) or next(iter(self.names.values()))

    def other_names(self, lang: str) -> list[str]:
        """Official names in other languages (Vantaa beside Vanda), shown so both can be found."""
        shown = self.name(lang)
        return sorted({n for n in self.names.values() if n != shown})


@dataclass(frozen=True)
class SourceDocument:
    id: str
    title: str
    publisher: str
    year: int
    year_approximate: bool
    language: str
    original_language: str | None
    identifier: str | None
    url: str | None
    address_note: dict | None
    file: str | None


@dataclass
class Taxonomies:
    themes: dict[str, Entry] = field(default_factory=dict)
    target_groups: dict[str, Entry] = field(default_factory=dict)
    municipal_roles: dict[str, Entry] = field(default_factory=dict)
    size_classes: dict[str, SizeClass] = field(default_factory=dict)
    statutes: dict[str, Statute] = field(default_factory=dict)
    legal_duties: dict[str, LegalDuty] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    sources: dict[str, SourceDocument] = field(default_factory=dict)
    glossary: list[dict] = field(default_factory=list)
    not_included: list[dict] = field(default_factory=list)

    def size_class_for(self, municipality: Municipality) -> SizeClass:
        if municipality.population is not None and municipality.kind == "municipality":
            for size in self.size_classes.values():
                if size.id != "unknown" and size.holds(municipality.population):
                    return size
        return self.size_classes["unknown"]

    def equivalents(self, duty_id: str) -> list[Equivalence]:
        """Duties in other countries that serve the same purpose, in both directions."""
        found = dict(self.legal_duties[duty_id].equivalents)
        for duty in self.legal_duties.values():
            for other, reason in duty.equivalents:
                if other == duty_id:
                    found[duty.id] = reason
        return [Equivalence(self.legal_duties[i], found[i]) for i in sorted(found)]

    def in_force(self, duty: LegalDuty) -> tuple[LegalDuty, int] | None:
        """The provision in force now and since when, where the duty's act was replaced."""
        if duty.replaced_by is None:
            return None
        return self.legal_duties[duty.replaced_by[0]], duty.replaced_by[1]


def _size_class_problems(classes: list[dict], doc, shown: str) -> list[Problem]:
    """The classes other than 'unknown' must cover every population from 0 up, each once: sorted
    by min, each starts where the one before ends, and only the last is open-ended."""
    problems = []
    where = {c["id"]: i for i, c in enumerate(classes)}

    def problem(size_id, key, message):
        index = where[size_id]
        return Problem(shown, doc.line_of((index, key)), f"[{index}].{key}", message)

    if "unknown" not in where:
        problems.append(Problem(shown, None, "", "a size class with id 'unknown' is required (for places "
                                "without a population)"))
    elif {"min", "max"} & set(classes[where["unknown"]]):
        problems.append(problem("unknown", "min", "the 'unknown' class takes no min or max"))
    ranged = sorted((c for c in classes if c["id"] != "unknown"), key=lambda c: c.get("min", 0))
    expected_min = 0
    for number, size in enumerate(ranged):
        low, high = size.get("min", 0), size.get("max")
        if low != expected_min:
            what = "a gap" if low > expected_min else "an overlap"
            problems.append(problem(size["id"], "min", (
                f"min is {low}, but the class below ends at {expected_min}: {what} between size classes; "
                f"start this class at {expected_min}")))
        if high is None and number < len(ranged) - 1:
            problems.append(problem(size["id"], "max", "only the largest class may leave out max"))
        elif high is not None and high <= low:
            problems.append(problem(size["id"], "max", f"max ({high}) must be larger than min ({low})"))
        if high is None:
            break
        expected_min = high
    else:
        if ranged:
            problems.append(problem(ranged[-1]["id"], "max", (
                "the largest class must leave out max, so that every population has a class")))
    return problems


TAXONOMY_FILES = {
    "themes": "themes.yaml",
    "target_groups": "target-groups.yaml",
    "municipal_roles": "municipal-roles.yaml",
}


def load_taxonomies(paths: ProjectPaths) -> Taxonomies:
    """Load and check everything in data/; raise InvalidInput listing every problem."""
    problems: list[Problem] = []
    schema = load_schema(paths.data / "data.schema.yaml", paths.shown(paths.data / "data.schema.yaml"))
    tax = Taxonomies()

    def read(filename: str, definition: str):
        path = paths.data / filename
        shown = paths.shown(path)
        try:
            doc = load_yaml(path, shown)
        except InvalidInput as err:
            problems.extend(err.problems)
            return None, None
        except FileNotFoundError:
            problems.append(Problem(shown, None, "", "file is missing"))
            return None, None
        found = Checker(schema, definition).check(doc, shown)
        problems.extend(found)
        return (None, doc) if found else (doc.data, doc)

    def unique(items, doc, shown, list_path=()):
        seen = {}
        for index, item in enumerate(items):
            if item["id"] in seen:
                problems.append(Problem(shown, doc.line_of(list_path + (index, "id")), f"[{index}].id",
                                        f"duplicate id '{item['id']}' (also entry {seen[item['id']]})"))
            seen.setdefault(item["id"], index)

    for attr, filename in TAXONOMY_FILES.items():
        data, doc = read(filename, "taxonomy")
        if data:
            unique(data, doc, filename)
            setattr(tax, attr, {e["id"]: Entry(e["id"], e["label"], e["description"]) for e in data})

    data, doc = read("size-classes.yaml", "sizeClasses")
    if data:
        unique(data, doc, "size-classes.yaml")
        tax.size_classes = {e["id"]: SizeClass(e["id"], e["label"], e["description"], e.get("min"), e.get("max"))
                            for e in data}
        problems.extend(_size_class_problems(data, doc, paths.shown(paths.data / "size-classes.yaml")))

    data, doc = read("legal-duties.yaml", "legalDuties")
    if data:
        shown = paths.shown(paths.data / "legal-duties.yaml")
        tax.statutes = {s["id"]: Statute(s["id"], s["country"], s["number"], s["name"], s["url"], s.get("note"))
                        for s in data["statutes"]}
        for index, d in enumerate(data["duties"]):
            if d["statute"] not in tax.statutes:
                problems.append(Problem(shown, doc.line_of(("duties", index, "statute")), f"duties[{index}].statute",
                                        f"unknown statute '{d['statute']}'; known: {', '.join(tax.statutes)}"))
                continue
            replaced = (d["replaced_by"]["duty"], d["replaced_by"]["since"]) if "replaced_by" in d else None
            tax.legal_duties[d["id"]] = LegalDuty(
                d["id"], d["label"], d["description"], tax.statutes[d["statute"]], d.get("section"),
                tuple((e["duty"], e["reason"]) for e in d.get("equivalents", ())), replaced, d.get("empty_note"))
        for index, d in enumerate(data["duties"]):
            named = [(("equivalents", i, "duty"), e["duty"]) for i, e in enumerate(d.get("equivalents", ()))]
            if "replaced_by" in d:
                named.append((("replaced_by", "duty"), d["replaced_by"]["duty"]))
            for where, other in named:
                if other not in tax.legal_duties:
                    problems.append(Problem(shown, doc.line_of(("duties", index, *where)),
                                            field_name(("duties", index, *where)),
                                            f"unknown duty '{other}'{suggest(other, sorted(tax.legal_duties))}"))

    data, doc = read("sources.yaml", "sources")
    if data:
        unique(data, doc, "sources.yaml")
        tax.sources = {s["id"]: SourceDocument(
            s["id"], s["title"], s["publisher"], s["year"], s.get("year_approximate", False), s["language"],
            s.get("original_language"), s.get("identifier"), s.get("url"), s.get("address_note"), s.get("file"))
            for s in data}

    data, doc = read("glossary.yaml", "glossary")
    if data:
        unique(data, doc, "glossary.yaml")
        tax.glossary = data

    data, doc = read("not-included.yaml", "notIncluded")
    if data is not None and doc is not None:
        shown = paths.shown(paths.data / "not-included.yaml")
        for index, entry in enumerate(data):
            if entry["document"] not in tax.sources:
                problems.append(Problem(shown, doc.line_of((index, "document")), f"[{index}].document",
                                        f"unknown source document '{entry['document']}'"))
        tax.not_included = data

    files, found = entry_files(paths.municipalities, paths.shown, "municipality")
    problems.extend(found)
    for path in files:
        data, doc = read(path.relative_to(paths.data).as_posix(), "municipality")
        if data:
            pop = data["population"] if isinstance(data["population"], dict) else {}
            tax.municipalities[path.stem] = Municipality(
                path.stem, data["kind"], data["country"], data["language"], data["names"],
                pop.get("count"), pop.get("year"), pop.get("source"), pop.get("url"),
                pop.get("approximate", False), data.get("note"), pop.get("source_language"), pop.get("read"))

    if problems:
        raise InvalidInput(problems)
    return tax
