"""The whole guide: every case, checked against the schema and the reference data.

load_guide() is the one entry point used by the validator, the site adapters, the tests and
the exports. It either returns a Guide whose every reference resolves, or raises InvalidInput
with all problems found, so a broken input never produces a half-built site.
"""
from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .folders import entry_files
from .paths import ProjectPaths, default_root
from .problems import InvalidInput, Problem
from .schema import Checker, load_schema, schema_json, suggest, with_enums
from .taxonomy import Entry, LegalDuty, Municipality, SizeClass, SourceDocument, Taxonomies, load_taxonomies
from .text import markup_problem
from .yamlio import YamlDocument, field_name, load_yaml

NOT_STATED = "not stated"
PLACEHOLDER = "TODO"  # what scripts/new_case.py writes where text is still missing
EXAMPLE_MARK = "# replace:"  # the note new_case.py writes beside example ids, until they are replaced
RESERVED_IDS = {"index"}  # cases/index.md is the folder's own page on some hosts and themes


@dataclass(frozen=True)
class DutyLink:
    duty: LegalDuty
    basis: str  # who makes the link: the source ("practice", "chapter", "document") or we ("assessment")
    note: dict | None
    reason: dict | None = None  # why we judge that the practice serves the duty (basis "assessment")

    @property
    def assessed(self) -> bool:
        return self.basis == "assessment"


@dataclass(frozen=True)
class SourceRef:
    document: SourceDocument
    section: str
    pages: str | None
    lines: str | None


@dataclass
class Case:
    id: str
    file: str
    data: dict
    municipality: Municipality
    size_class: SizeClass
    themes: list[Entry]
    target_groups: list[Entry]
    municipal_roles: list[Entry]
    legal_duties: list[DutyLink]
    sources: list[SourceRef]
    related_ids: list[str]

    @property
    def draft(self) -> bool:
        return bool(self.data.get("draft", False))

    @property
    def country(self) -> str:
        return self.municipality.country

    def title(self, lang: str) -> str:
        return self.data["title"][lang]

    def text(self, key: str, lang: str) -> str | None:
        """A text field in one language; None where the source does not state it."""
        value = self.data.get(key)
        if value is None or value == NOT_STATED:
            return None
        return value[lang]

    def text_list(self, key: str, lang: str) -> list[str] | None:
        value = self.data.get(key)
        if value is None or value == NOT_STATED:
            return None
        return [item[lang] for item in value]


@dataclass
class Guide:
    paths: ProjectPaths
    taxonomies: Taxonomies
    schema: dict
    cases: dict[str, Case] = field(default_factory=dict)


def case_schema(paths: ProjectPaths, tax: Taxonomies) -> dict:
    """The case schema with the valid ids of data/ filled in, as published for editors."""
    schema_path = paths.data / "case.schema.yaml"
    labelled = {"themeId": tax.themes, "targetGroupId": tax.target_groups,
                "municipalRoleId": tax.municipal_roles, "legalDutyId": tax.legal_duties}
    aliases = {name: {label: key for key, entry in entries.items() for label in entry.label.values()}
               for name, entries in labelled.items()}
    aliases["municipalityId"] = {name: key for key, m in tax.municipalities.items() for name in m.names.values()}
    return with_enums(load_schema(schema_path, paths.shown(schema_path)), {
        **{name: list(entries) for name, entries in labelled.items()},
        "municipalityId": list(tax.municipalities), "sourceId": list(tax.sources),
    }, aliases)


def write_editor_schema(root: Path | None = None) -> Path:
    """Write schema/case.schema.json, which case files name on their first line so editors
    (VS Code with the YAML extension, and others using yaml-language-server) complete and
    check fields and ids while a contributor types. It is generated, so it is not in git."""
    paths = ProjectPaths(Path(root) if root else default_root())
    target = paths.root / "schema" / "case.schema.json"
    text = schema_json(case_schema(paths, load_taxonomies(paths)))
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


def case_files(paths: ProjectPaths) -> tuple[list[Path], list[Problem]]:
    return entry_files(paths.cases, paths.shown, "case")


def load_guide(root: Path | None = None, include_drafts: bool = True) -> Guide:
    paths = ProjectPaths(Path(root) if root else default_root())
    key = (str(paths.root.resolve()), include_drafts, _fingerprint(paths))
    if _cache.get("key") == key:
        return _cache["guide"]
    guide = _load(paths, include_drafts)
    _cache.update(key=key, guide=guide)
    return guide


_cache: dict = {}


def _fingerprint(paths: ProjectPaths) -> tuple:
    """Changes whenever a file under cases/ or data/ changes, so live preview reloads data."""
    return _stamp(paths.cases) + _stamp(paths.data)


def _stamp(folder: Path) -> tuple:
    stamp = []
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            try:  # lstat: an editor's lock file is often a link to nowhere
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            stamp.append((dirpath, name, st.st_mtime_ns, st.st_size))
    return tuple(sorted(stamp))


def check_guide(root: Path | None = None) -> list[Problem]:
    try:
        load_guide(root)
    except InvalidInput as err:
        return err.problems
    return []


def _reference_data(paths: ProjectPaths) -> tuple[Taxonomies, dict, Checker, str]:
    """data/ and the case schema made from it, loaded again only when a file in data/ changed
    (a preview rebuild after editing a case keeps them, and with them the cases it can reuse)."""
    key = (str(paths.root.resolve()), _stamp(paths.data))
    if _reference.get("key") != key:
        tax = load_taxonomies(paths)
        schema = case_schema(paths, tax)
        _reference.update(key=key, value=(tax, schema, Checker(schema), json.dumps(schema, sort_keys=True)))
    return _reference["value"]


_reference: dict = {}


def _load(paths: ProjectPaths, include_drafts: bool) -> Guide:
    today = datetime.date.today()
    tax, schema, checker, schema_key = _reference_data(paths)
    guide = Guide(paths, tax, schema)
    files, problems = case_files(paths)
    docs: dict[str, tuple[str, YamlDocument]] = {}
    seen_ids: dict[str, str] = {}

    for path in files:
        shown = paths.shown(path)
        case_id = path.stem
        if not re.fullmatch(schema["$defs"]["slug"]["pattern"], case_id):
            problems.append(Problem(shown, None, "(file name)", (
                f"'{path.name}' is not a valid case id; name the file with lower-case letters a-z, "
                "digits and hyphens, for example gavle-study-group.yaml")))
            continue
        if case_id in RESERVED_IDS:
            problems.append(Problem(shown, None, "(file name)", (
                f"'{case_id}' is reserved for the folder's own page; give the case a descriptive id such as "
                "<municipality>-<short-name>")))
            continue
        if case_id.lower() in seen_ids:
            problems.append(Problem(shown, None, "id", (
                f"duplicate id '{case_id}': {seen_ids[case_id.lower()]} has the same id; rename one file")))
            continue
        seen_ids[case_id.lower()] = shown
        doc, found = _checked_case(path, shown, case_id, checker, schema_key)
        if doc is None:
            problems.extend(found)
            continue
        problems.extend(found)
        if not found:
            docs[case_id] = (shown, doc)

    known_ids = set(docs) | {p.stem for p in files}
    for case_id, (shown, doc) in docs.items():
        problems.extend(_relation_problems(case_id, shown, doc, known_ids))
        problems.extend(_own_problems(doc, shown, paths.root / shown, today))

    if problems:
        raise InvalidInput(problems)

    for case_id, (shown, doc) in sorted(docs.items()):
        if doc.data.get("draft") and not include_drafts:
            continue
        guide.cases[case_id] = _case(case_id, shown, doc, tax)
    return guide


def reload_cases(guide: Guide, case_ids: list[str]) -> Guide | None:
    """The guide with only these cases' files read again and every other case kept: for the
    preview's page-first step, which has seen that nothing but these files changed, at a cost
    that does not grow with the guide. None when an edited file has any problem, or data/ is not
    the guide's: the usual load then runs, and names the problem."""
    reference = _reference.get("value")
    if reference is None or reference[0] is not guide.taxonomies:
        return None
    tax, schema, checker, schema_key = reference
    cases = dict(guide.cases)
    for case_id in case_ids:
        old = guide.cases.get(case_id)
        if old is None:
            return None
        path = guide.paths.root / old.file
        doc, found = _checked_case(path, old.file, case_id, checker, schema_key)
        if doc is None or found or _relation_problems(case_id, old.file, doc, guide.cases) or \
                _own_problems(doc, old.file, path, datetime.date.today()):
            return None
        cases[case_id] = _case(case_id, old.file, doc, tax)
    return Guide(guide.paths, tax, schema, cases)


def _relation_problems(case_id: str, shown: str, doc: YamlDocument, known_ids) -> list[Problem]:
    """The case's named relations that do not name another case of the guide."""
    problems = []
    for index, other in enumerate(doc.data.get("related", [])):
        where = ("related", index)
        if other == case_id:
            problems.append(Problem(shown, doc.line_of(where), f"related[{index}]",
                                    "a case cannot be related to itself"))
        elif other not in known_ids:
            problems.append(Problem(shown, doc.line_of(where), f"related[{index}]", (
                f"unknown case '{other}'{suggest(other, sorted(known_ids))} Use the file name of another case.")))
    return problems


def _own_problems(doc: YamlDocument, shown: str, path: Path, today: datetime.date) -> list[Problem]:
    """The checks of a case that need no other case, remembered per parsed file (a preview
    rebuild checks again only the file that changed)."""
    remembered = _own_memo.get(shown)
    if remembered is not None and remembered[0] is doc and remembered[1] == today:
        return remembered[2]
    data, problems = doc.data, []
    for where, value in _strings(data):
        if (costly := markup_problem(value)) is not None:
            problems.append(Problem(shown, doc.line_of(where), field_name(where), costly))
    if not data.get("draft"):
        for where, value in _strings(data):
            if PLACEHOLDER in value:
                problems.append(Problem(shown, doc.line_of(where), field_name(where), (
                    f"placeholder '{PLACEHOLDER}' left in the text; write the real text, "
                    "or keep 'draft: true' until it is finished")))
        problems.extend(_example_ids(path, shown))
    period = data["period"]
    if isinstance(period.get("start"), int) and "end" in period and period["end"] < period["start"]:
        problems.append(Problem(shown, doc.line_of(("period", "end")), "period.end",
                                f"ends ({period['end']}) before it starts ({period['start']})"))
    problems.extend(_future_dates(data, doc, shown, today))
    if data.get("no_duty_reason") and data["legal_duties"]:
        problems.append(Problem(shown, doc.line_of(("no_duty_reason",)), "no_duty_reason", (
            "give a reason why no duty applies only when legal_duties is empty; remove one of them")))
    _own_memo[shown] = (doc, today, problems)
    return problems


_own_memo: dict[str, tuple] = {}


def _case(case_id: str, shown: str, doc: YamlDocument, tax: Taxonomies) -> Case:
    """The case of a checked file. The same object as in the last load while neither the file nor
    data/ changed, so what is worked out from a case (its card, its fingerprint) can be kept."""
    remembered = _case_memo.get(case_id)
    if remembered is not None and remembered[0] is doc and remembered[1] is tax:
        return remembered[2]
    data = doc.data
    municipality = tax.municipalities[data["municipality"]]
    case = Case(
        id=case_id, file=shown, data=data, municipality=municipality,
        size_class=tax.size_class_for(municipality),
        themes=[tax.themes[i] for i in data["themes"]],
        target_groups=[tax.target_groups[i] for i in data["target_groups"]],
        municipal_roles=[tax.municipal_roles[i] for i in data["municipal_roles"]],
        legal_duties=[DutyLink(tax.legal_duties[d["duty"]], d["basis"], d.get("note"), d.get("reason"))
                      for d in data["legal_duties"]],
        sources=[SourceRef(tax.sources[s["document"]], s["section"], s.get("pages"), s.get("lines"))
                 for s in data["sources"]],
        related_ids=list(data.get("related", [])),
    )
    _case_memo[case_id] = (doc, tax, case)
    return case


_case_memo: dict[str, tuple] = {}


def _example_ids(path: Path, shown: str) -> list[Problem]:
    """The skeleton's example ids (marked with EXAMPLE_MARK) left in a case that is no longer a draft."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if EXAMPLE_MARK in line:
            found.append(Problem(shown, number, line.split(":", 1)[0].strip(), (
                "the skeleton's example ids are still here; put in the real ids and remove the "
                f"'{EXAMPLE_MARK}' note, or keep 'draft: true' until the case is finished")))
    return found


def _future_dates(data: dict, doc: YamlDocument, shown: str, today: datetime.date) -> list[Problem]:
    """A case reports what happened: no year or date after today (a future 'added' would also pin
    the case to the top of the feed)."""
    problems = []
    for key in ("start", "end"):
        year = data["period"].get(key)
        if isinstance(year, int) and year > today.year:
            happened = "started" if key == "start" else "ended"
            problems.append(Problem(shown, doc.line_of(("period", key)), f"period.{key}", (
                f"{year} is in the future; give the year the practice actually {happened}")))
    for path in (("status", "checked"), ("added",), ("updated",)):
        value = data.get(path[0]) if len(path) == 1 else data[path[0]].get(path[1])
        if isinstance(value, str) and value > today.isoformat():
            problems.append(Problem(shown, doc.line_of(path), field_name(path), (
                f"{value} is in the future; use the date it happened (today is {today.isoformat()})")))
    return problems


_memo: dict[tuple, tuple] = {}


def _checked_case(path: Path, shown: str, case_id: str, checker: Checker, schema_key: str):
    """Parse and schema-check one case file: (doc, problems), doc None when it is unusable.
    Remembered by file stamp and schema, so a preview rebuild re-reads only what changed."""
    try:
        st = path.stat()
    except OSError:  # a link to nowhere: load_yaml below names the problem
        st = path.lstat()
    key = (str(path), st.st_mtime_ns, st.st_size, schema_key)
    if key in _memo:
        return _memo[key]
    try:
        doc = load_yaml(path, shown)
    except InvalidInput as err:
        result = (None, err.problems)
    else:
        if not isinstance(doc.data, dict):
            what = "empty" if doc.data is None else "not a mapping of fields"
            result = (None, [Problem(shown, doc.line_of(()), "", (
                f"file is {what}; a case is a set of fields such as title:, municipality:, summary: "
                "(run scripts/new_case.py to start from a template)"))])
        else:
            found = checker.check(doc, shown)
            if "id" in doc.data and doc.data["id"] != case_id:
                found.append(Problem(shown, doc.line_of(("id",)), "id", (
                    f"id '{doc.data['id']}' does not match the file name; it must be '{case_id}' "
                    "(or leave id out: the file name is the id)")))
            result = (doc, found)
    if len(_memo) > 20000:
        _memo.clear()
    _memo[key] = result
    return result


def _strings(value, path=()):
    """Every text value in a case, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


__all__ = ["Case", "Guide", "NOT_STATED", "load_guide", "check_guide"]
