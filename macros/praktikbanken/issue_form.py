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

import yaml

from .guide import NOT_STATED
from .model import sections, text_fields
from .paths import default_root
from .schema import load_schema
from .skeleton import SCHEMA_LINE

NO_RESPONSE = "_No response_"
REQUIRED = {"id", "municipality", "title_sv", "title_en", "summary_sv", "summary_en", "activities_sv",
            "activities_en", "themes", "target_groups", "municipal_roles", "source_document", "source_section"}


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


def case_from_answers(answers: dict[str, str], today: datetime.date | None = None,
                      schema: dict | None = None) -> tuple[str, dict]:
    # The case's text and list fields, and the order of its keys, come from the case schema (model.py).
    schema = schema or load_schema(default_root() / "data" / "case.schema.yaml", "data/case.schema.yaml")
    missing = sorted(field for field in REQUIRED if field not in answers)
    if missing:
        raise FormProblem("missing answers: " + ", ".join(missing))
    if answers["source_document"] == "other":
        raise FormProblem("the source is not one of the documents in data/sources.yaml; a maintainer must add it "
                          "first (see 'Other source' in the issue)")
    today_text = (today or datetime.date.today()).isoformat()
    start = answers.get("start_year", "")
    case: dict = {
        "title": {"sv": answers["title_sv"], "en": answers["title_en"]},
        "municipality": answers["municipality"].strip(),
        "scope": answers.get("scope", "local"),
        # ASCII digits only: str.isdigit() accepts '²', which int() refuses.
        "period": {"start": int(start) if re.fullmatch(r"[0-9]+", start) else NOT_STATED},
        "status": {"value": answers.get("status", "unknown"), "checked": today_text},
        "themes": _choice_ids(answers["themes"]),
        "target_groups": _choice_ids(answers["target_groups"]),
        "municipal_roles": _choice_ids(answers["municipal_roles"]),
        "legal_duties": [],
    }
    for field in text_fields(schema):
        sv, en = answers.get(f"{field}_sv"), answers.get(f"{field}_en")
        case[field] = {"sv": sv, "en": en} if sv or en else NOT_STATED
    for field in (s.key for s in sections(schema) if s.kind == "list"):
        sv, en = _lines(answers.get(f"{field}_sv", "")), _lines(answers.get(f"{field}_en", ""))
        if len(sv) != len(en):
            raise FormProblem(f"{field}: {len(sv)} lines in Swedish but {len(en)} in English; give each item in both")
        case[field] = [{"sv": s, "en": e} for s, e in zip(sv, en, strict=True)] or NOT_STATED
    case["facts"] = []
    case["sources"] = [{"document": answers["source_document"].split(" – ")[0], "section": answers["source_section"]}]
    case["related"] = []
    case["original_language"] = "sv"
    case["translation"] = {"sv": "original", "en": "translated"}
    case["added"] = today_text
    # The keys in the schema's order, as a contributor reads a case (title first, sources last).
    return answers["id"].strip(), {key: case[key] for key in schema["properties"] if key in case}


def case_yaml(case: dict) -> str:
    # Partial fields are possible ({"sv": text, "en": None}); the validator then names what is missing.
    body = yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100)
    return f"{SCHEMA_LINE}\n# Made from a GitHub issue form by scripts/case_from_issue.py; review every field.\n{body}"
