"""A case from a filled GitHub issue form, for contributors who do not use git.

GitHub renders a submitted form as Markdown: one '### <label>' heading per field, followed by
the answer ('_No response_' when empty; a multiple-choice answer as 'a, b'). The field ids and
labels come from .github/ISSUE_TEMPLATE/new-case.yml, so the form is the one place they live.
"""
from __future__ import annotations

import datetime
import re

import yaml

from .guide import NOT_STATED
from .skeleton import SCHEMA_LINE

NO_RESPONSE = "_No response_"
TEXT_FIELDS = ["summary", "background", "activities", "funding", "results", "evaluation", "challenges",
               "transferability"]
LIST_FIELDS = ["partners", "conditions_for_success", "tips"]
REQUIRED = {"id", "municipality", "title_sv", "title_en", "summary_sv", "summary_en", "activities_sv",
            "activities_en", "themes", "target_groups", "municipal_roles", "source_document", "source_section"}


class FormProblem(Exception):
    pass


def labels_to_ids(form: dict) -> dict[str, str]:
    return {item["attributes"]["label"]: item["id"] for item in form["body"] if "id" in item}


def parse_body(body: str, form: dict) -> dict[str, str]:
    """The answers keyed by field id; empty answers are left out."""
    ids = labels_to_ids(form)
    answers: dict[str, str] = {}
    for block in re.split(r"^### ", body.replace("\r\n", "\n"), flags=re.M)[1:]:
        label, _, value = block.partition("\n")
        value = value.strip()
        if label.strip() in ids and value and value != NO_RESPONSE:
            answers[ids[label.strip()]] = value
    return answers


def _choice_ids(value: str) -> list[str]:
    """'education – Education / Utbildning, housing – Housing / Bostad' -> ['education', 'housing']"""
    return [part.split(" – ")[0].strip() for part in re.split(r",\s*(?=[a-z0-9-]+ – )", value) if part.strip()]


def _lines(value: str) -> list[str]:
    return [re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", line).strip() for line in value.splitlines() if line.strip()]


def case_from_answers(answers: dict[str, str], today: datetime.date | None = None) -> tuple[str, dict]:
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
        "period": {"start": int(start) if start.isdigit() else NOT_STATED},
        "status": {"value": answers.get("status", "unknown"), "checked": today_text},
        "themes": _choice_ids(answers["themes"]),
        "target_groups": _choice_ids(answers["target_groups"]),
        "municipal_roles": _choice_ids(answers["municipal_roles"]),
        "legal_duties": [],
    }
    for field in TEXT_FIELDS:
        sv, en = answers.get(f"{field}_sv"), answers.get(f"{field}_en")
        case[field] = {"sv": sv, "en": en} if sv or en else NOT_STATED
    for field in LIST_FIELDS:
        sv, en = _lines(answers.get(f"{field}_sv", "")), _lines(answers.get(f"{field}_en", ""))
        if len(sv) != len(en):
            raise FormProblem(f"{field}: {len(sv)} lines in Swedish but {len(en)} in English; give each item in both")
        case[field] = [{"sv": s, "en": e} for s, e in zip(sv, en)] or NOT_STATED
    case["facts"] = []
    case["sources"] = [{"document": answers["source_document"].split(" – ")[0], "section": answers["source_section"]}]
    case["related"] = []
    case["original_language"] = "sv"
    case["translation"] = {"sv": "original", "en": "translated"}
    case["added"] = today_text
    # Order the keys as a contributor reads them (title first, sources last).
    order = ["title", "municipality", "scope", "period", "status", "themes", "target_groups", "municipal_roles",
             "legal_duties", "summary", "background", "activities", "partners", "funding", "results", "evaluation",
             "challenges", "conditions_for_success", "tips", "transferability", "facts", "sources", "related",
             "original_language", "translation", "added"]
    return answers["id"].strip(), {key: case[key] for key in order}


def case_yaml(case: dict) -> str:
    # Partial fields are possible ({"sv": text, "en": None}); the validator then names what is missing.
    body = yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100)
    return f"{SCHEMA_LINE}\n# Made from a GitHub issue form by scripts/case_from_issue.py; review every field.\n{body}"
