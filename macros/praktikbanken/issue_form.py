"""A case from a filled GitHub issue form, for contributors who do not use git.

GitHub renders a submitted form as Markdown: one '### <label>' heading per field, in the order of
the form's body items (markdown items render nothing), each followed by a blank line and the
answer ('_No response_' when empty; a multiple-choice answer as 'a, b'). The field ids and labels
come from .github/ISSUE_TEMPLATE/new-case.yml, so the form is the one place they live.

The body is written by whoever opened the issue, so it is parsed by the form's structure, never
by whatever headings it contains: see parse_body.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from .guide import NOT_STATED
from .model import sections, text_fields
from .paths import default_root
from .schema import load_schema
from .skeleton import SCHEMA_LINE

NO_RESPONSE = "_No response_"
REQUIRED = {"id", "municipality", "title_sv", "title_en", "summary_sv", "summary_en", "activities_sv",
            "activities_en", "themes", "target_groups", "municipal_roles", "source_document", "source_section"}
NEW = "new"  # the form's choice for a municipality or source that data/ does not have yet


class FormProblem(Exception):
    pass


def form_fields(form: dict) -> list[tuple[str, str]]:
    """(label, id) of each field, in the order GitHub renders them."""
    return [(item["attributes"]["label"], item.get("id", item["attributes"]["label"]))
            for item in form["body"] if item.get("type") != "markdown"]


def parse_body(body: str, form: dict) -> dict[str, str]:
    """The answers keyed by field id; empty answers are left out.

    The body is walked along the form's fields in order: a line '### <label>' ends the current
    answer only when <label> is the NEXT field's label. Any other heading, such as '### Case id'
    typed inside a summary, is text of the current answer, so an answer can never set another
    field. The body must start with the first field's heading. Fields missing at the end are
    tolerated (as no response): GitHub always renders every field, but a body from an older form
    or a pasted, shortened copy may stop early, and the required answers are checked afterwards
    anyway. A field's own heading repeated inside its answer is an error, because then it is
    unclear which of the two headings starts the field (the earlier one may be text typed into the
    previous answer).
    """
    fields = form_fields(form)
    lines = body.replace("\r\n", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].rstrip() != f"### {fields[0][0]}":
        found = "is empty" if start is None else f"starts with {lines[start].strip()[:60]!r}"
        raise FormProblem(f"the body {found}; expected the form's first field, '### {fields[0][0]}', "
                          "as GitHub writes a filled form")
    found_answers: dict[str, list[str]] = {}
    index = -1
    for line in lines[start:]:
        if index + 1 < len(fields) and line.rstrip() == f"### {fields[index + 1][0]}":
            index += 1
            found_answers[fields[index][1]] = []
        else:
            found_answers[fields[index][1]].append(line)

    answers: dict[str, str] = {}
    for label, field_id in fields[:index + 1]:
        answer = found_answers[field_id]
        if any(line.rstrip() == f"### {label}" for line in answer):
            raise FormProblem(f"the heading '### {label}' appears twice; remove the copy typed into an answer")
        value = "\n".join(answer).strip()
        bad = next((ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in "\t\n"), None)
        if bad is not None:
            raise FormProblem(f"{label}: the answer contains the control character U+{ord(bad):04X}; "
                              "use plain text (tabs and line breaks are fine)")
        if value and value != NO_RESPONSE:
            answers[field_id] = value
    return answers


def checked_case_id(case_id: str, slug_pattern: str) -> str:
    """The id, if it is a safe file name for cases/: it becomes cases/<id>.yaml and the page's address."""
    if not re.fullmatch(slug_pattern, case_id):
        raise FormProblem(f"Case id: {case_id[:80]!r} is not a valid id; expected lower-case letters a-z, digits "
                          "and single hyphens, for example gavle-study-group")
    if case_id == "index":  # its page, cases/index.md, would be served as the folder address cases/
        raise FormProblem("Case id: 'index' is reserved; expected a name such as gavle-study-group")
    return case_id


def _choice_ids(value: str) -> list[str]:
    """'education – Education / Utbildning, housing – Housing / Bostad' -> ['education', 'housing']"""
    return [part.split(" – ")[0].strip() for part in re.split(r",\s*(?=[a-z0-9-]+ – )", value) if part.strip()]


def _lines(value: str) -> list[str]:
    return [re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", line).strip() for line in value.splitlines() if line.strip()]


@dataclass
class Proposal:
    """What a filled form makes: the case, and the data files it needs."""
    case_id: str
    case: dict
    municipality: tuple[str, dict] | None = None   # (id, data/municipalities/<id>.yaml content)
    source: dict | None = None                     # a new entry of data/sources.yaml
    notes: list[str] = field(default_factory=list)  # what a reviewer must check


def _choice(value: str) -> str:
    return value.split(" – ")[0].strip()


def _year(value: str, label: str, problems: list[str]) -> int | None:
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{4}", value.strip()):  # ASCII digits: str.isdigit() accepts '²'
        problems.append(f"{label}: {value[:40]!r} is not a year; expected four digits such as 2019")
        return None
    return int(value)


def _facts(value: str, problems: list[str]) -> list[dict]:
    facts = []
    for n, line in enumerate(_lines(value), 1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not all(parts):
            problems.append(f"Facts and figures, line {n}: expected 'label in Swedish | label in English | value', "
                            f"got {line[:60]!r}")
            continue
        sv, en, raw = parts
        if re.fullmatch(r"-?[0-9]+", raw):
            fact_value = int(raw)
        elif re.fullmatch(r"-?[0-9]+[.,][0-9]+", raw):
            fact_value = float(raw.replace(",", "."))
        elif " / " in raw:
            value_sv, value_en = (x.strip() for x in raw.split(" / ", 1))
            fact_value = {"sv": value_sv, "en": value_en}
        elif re.search(r"[^\W\d_]{3,}", raw):
            problems.append(f"Facts and figures, line {n}: the value {raw!r} has words; give it in both languages "
                            "as 'svenska / English'")
            continue
        else:
            fact_value = raw  # a figure with signs, such as '8–10' or '40 %'
        facts.append({"label": {"sv": sv, "en": en}, "value": fact_value})
    return facts


def _new_municipality(answers: dict, slug: str, known: set[str], problems: list[str]) -> tuple[str, dict] | None:
    new_id = answers.get("new_municipality_id", "").strip()
    if not re.fullmatch(slug, new_id):
        problems.append(f"New municipality: id: {new_id[:40]!r} is not a valid id; expected lower-case letters, "
                        "digits and hyphens, such as kiruna")
        return None
    if new_id in known:
        problems.append(f"New municipality: {new_id!r} is already in data/municipalities/; choose it in the list")
        return None
    country = answers.get("new_municipality_country", "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        problems.append(f"New municipality: country: {country[:20]!r} is not a two-letter code such as SE or FI")
    name = answers.get("new_municipality_name", "").strip()
    if not name:
        problems.append("New municipality: name is missing")
    language = {"SE": "sv", "FI": "fi", "GB": "en", "IE": "en"}.get(country, "en")
    data: dict = {"kind": answers.get("new_municipality_kind", "municipality"), "country": country,
                  "language": language, "names": {language: name, **({"sv": name} if language != "sv" else {})}}
    count = answers.get("new_municipality_population", "").replace(" ", "").replace("\u00a0", "")
    if count:
        year = _year(answers.get("new_municipality_population_year", ""), "New municipality: population year",
                     problems)
        source = answers.get("new_municipality_population_source", "").strip()
        url = answers.get("new_municipality_population_url", "").strip()
        if not re.fullmatch(r"[0-9]+", count):
            problems.append(f"New municipality: population: {count[:20]!r} is not a whole number")
        if year is None or not source or not url.startswith(("https://", "http://")):
            problems.append("New municipality: a population needs its year, its source and the web address "
                            "where it can be read")
        data["population"] = {"count": int(count) if count.isascii() and count.isdigit() else 0,
                              "year": year or 0, "source": source, "url": url}
    else:
        data["population"] = NOT_STATED
    return new_id, data


def _new_source(answers: dict, slug: str, known: set[str], case_id: str, problems: list[str]) -> dict | None:
    new_id = answers.get("new_source_id", "").strip()
    if not re.fullmatch(slug, new_id):
        problems.append(f"New source: id: {new_id[:40]!r} is not a valid id; expected e.g. skr-2021")
        return None
    if new_id in known:
        problems.append(f"New source: {new_id!r} is already in data/sources.yaml; choose it in the list")
        return None
    source = {"id": new_id}
    for key in ("title", "publisher"):
        source[key] = answers.get(f"new_source_{key}", "").strip()
        if not source[key]:
            problems.append(f"New source: {key} is missing")
    source["year"] = _year(answers.get("new_source_year", ""), "New source: year", problems) or 0
    if not answers.get("new_source_year"):
        problems.append("New source: year is missing")
    language = answers.get("new_source_language", "")
    source["language"] = language if re.fullmatch(r"[a-z]{2}", language) else "sv"
    url = answers.get("new_source_url", "").strip()
    if url:
        source["url"] = url
    else:
        problems.append("New source: give its web address, or a maintainer must add an address_note saying why "
                        "there is none")
    source["practices"] = [case_id]
    return source


def case_from_answers(answers: dict[str, str], today: datetime.date | None = None,
                      schema: dict | None = None, municipalities: set[str] | None = None,
                      sources: set[str] | None = None) -> Proposal:
    """The draft case (and new municipality and source) a filled form describes. Raises FormProblem
    listing every problem found, not only the first."""
    # The case's text and list fields, and the order of its keys, come from the case schema (model.py).
    schema = schema or load_schema(default_root() / "data" / "case.schema.yaml", "data/case.schema.yaml")
    slug = schema["$defs"]["slug"]["pattern"]
    problems: list[str] = []
    missing = sorted(f for f in REQUIRED if f not in answers)
    if missing:
        problems.append("missing answers: " + ", ".join(missing))
    case_id = answers.get("id", "").strip()
    try:
        checked_case_id(case_id, slug)
    except FormProblem as err:
        problems.append(str(err))
    today_text = (today or datetime.date.today()).isoformat()
    notes = ["Every fact against the cited source, and that no sentence is copied from it "
             "(../shared/tools/copied_text.py).", "Both languages say the same; then remove `draft: true`."]
    proposal = Proposal(case_id, {})

    municipality = _choice(answers.get("municipality", ""))
    if municipality == NEW:
        proposal.municipality = _new_municipality(answers, slug, municipalities or set(), problems)
        if proposal.municipality:
            municipality = proposal.municipality[0]
            notes.append(f"The new municipality data/municipalities/{municipality}.yaml: its name and the "
                         "population against the address given.")
    source_id = _choice(answers.get("source_document", ""))
    if source_id == NEW:
        proposal.source = _new_source(answers, slug, sources or set(), case_id, problems)
        if proposal.source:
            source_id = proposal.source["id"]
            notes.append(f"The new source {source_id} in data/sources.yaml: title, publisher, year and address; "
                         "and whether its other practices belong in the guide.")

    period: dict = {"start": _year(answers.get("start_year", ""), "Start year", problems) or NOT_STATED}
    end = _year(answers.get("end_year", ""), "End year", problems)
    if end:
        period["end"] = end
    duties = _choice_ids(answers.get("legal_duties", ""))
    basis = answers.get("duty_basis", "")
    legal_duties = []
    if duties:
        if basis not in ("practice", "chapter", "document", "assessment"):
            problems.append("Who links the practice to these duties: choose practice, chapter, document or assessment")
        reason = {lang: answers.get(f"duty_reason_{lang}", "").strip() for lang in ("sv", "en")}
        for duty in duties:
            entry = {"duty": duty, "basis": basis}
            if basis == "assessment":
                if not all(reason.values()):
                    problems.append("Why the practice serves these duties: an assessment needs the reason in "
                                    "Swedish and English")
                entry["reason"] = reason
            legal_duties.append(entry)
        notes.append("The legal duties: " + ("that the reason holds against the statute's text (it is shown as "
                     "the editors' assessment)." if basis == "assessment" else
                     f"that the source makes the link ({basis})."))
    case: dict = {
        "title": {"sv": answers.get("title_sv", ""), "en": answers.get("title_en", "")},
        "municipality": municipality,
        "scope": answers.get("scope", "local"),
        "period": period,
        "status": {"value": answers.get("status", "unknown"), "checked": today_text},
        "themes": _choice_ids(answers.get("themes", "")),
        "target_groups": _choice_ids(answers.get("target_groups", "")),
        "municipal_roles": _choice_ids(answers.get("municipal_roles", "")),
        "legal_duties": legal_duties,
        "draft": True,
    }
    if answers.get("title_original"):
        case["title_original"] = answers["title_original"].strip()
    for name in text_fields(schema):
        sv, en = answers.get(f"{name}_sv"), answers.get(f"{name}_en")
        case[name] = {"sv": sv, "en": en} if sv or en else NOT_STATED
    for name in (s.key for s in sections(schema) if s.kind == "list"):
        sv, en = _lines(answers.get(f"{name}_sv", "")), _lines(answers.get(f"{name}_en", ""))
        if len(sv) != len(en):
            problems.append(f"{name}: {len(sv)} lines in Swedish but {len(en)} in English; give each item in both")
        case[name] = [{"sv": s, "en": e} for s, e in zip(sv, en, strict=False)] or NOT_STATED
    case["facts"] = _facts(answers.get("facts", ""), problems)
    reference = {"document": source_id, "section": answers.get("source_section", "")}
    if answers.get("source_pages"):
        reference["pages"] = answers["source_pages"].strip()
    case["sources"] = [reference]
    case["related"] = []
    language = answers.get("original_language", "sv")
    case["original_language"] = language if language in ("sv", "en", "fi") else "sv"
    if language == "other":
        problems.append("Language of the source: the guide takes sources in Swedish, English or Finnish")
    case["translation"] = {lang: ("original" if lang == case["original_language"] else "translated")
                           for lang in ("sv", "en")}
    case["added"] = today_text
    if problems:
        raise FormProblem("\n".join(f"- {p}" for p in problems))
    # The keys in the schema's order, as a contributor reads a case (title first, sources last).
    proposal.case = {key: case[key] for key in schema["properties"] if key in case}
    proposal.notes = notes
    return proposal


def pull_request_text(proposal: Proposal, issue: int | None = None) -> str:
    """The pull request's description: what was made and what the reviewer must check."""
    made = [f"- `cases/{proposal.case_id}.yaml` (a draft: it is not published until `draft: true` is removed)"]
    if proposal.municipality:
        made.append(f"- `data/municipalities/{proposal.municipality[0]}.yaml` (new)")
    if proposal.source:
        made.append(f"- a new entry `{proposal.source['id']}` in `data/sources.yaml`")
    lines = [f"A new practice from the issue form{f' (closes #{issue})' if issue else ''}.", "", "Made:", *made, "",
             "Check before merging:", *[f"- [ ] {note}" for note in proposal.notes]]
    return "\n".join(lines) + "\n"


def case_yaml(case: dict) -> str:
    # Partial fields are possible ({"sv": text, "en": None}); the validator then names what is missing.
    body = yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100)
    return f"{SCHEMA_LINE}\n# Made from a GitHub issue form by scripts/case_from_issue.py; review every field.\n{body}"
