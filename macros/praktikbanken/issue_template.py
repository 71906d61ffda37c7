"""The 'New practice' GitHub issue form, generated from the case schema and the data in data/.

Its fields follow the case schema (every text and list field, in both languages), its choices the
taxonomies, municipalities, sources and legal duties, so a new theme or source reaches the form by
running `python scripts/issue_form.py`; `make check` fails while the committed form is out of date.
issue_form.py reads a filled form back by the same field ids.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .issue_form import NEW
from .model import sections
from .paths import ProjectPaths
from .schema import load_schema
from .strings import t
from .taxonomy import Taxonomies, load_taxonomies

FORM_PATH = Path(".github") / "ISSUE_TEMPLATE" / "new-case.yml"
COMMAND = "python scripts/issue_form.py"
LANGS = {"sv": "Swedish / svenska", "en": "English"}
DUTY_BASES = ["practice", "chapter", "document", "assessment"]

INTRO = (
    "Tack för att du delar en praktik! / Thank you for sharing a practice!\n\n"
    "Fill in what the source says, in your own words, in Swedish and English. Where the source says "
    "nothing, leave the field empty: it becomes *not stated*. Name roles, not people. A maintainer labels "
    "the issue `accepted`; a workflow then turns it into a draft case and opens a pull request, or "
    "comments here with what is missing. See CONTRIBUTING.md.")


def _field(kind: str, field_id: str, label: str, description: str = "", required: bool = False, **extra) -> dict:
    attributes = {"label": label}
    if description:
        attributes["description"] = description
    attributes.update(extra)
    return {"type": kind, "id": field_id, "attributes": attributes, "validations": {"required": required}}


def _choices(entries: dict, label=lambda e: f"{e.label['en']} / {e.label['sv']}") -> list[str]:
    return [f"{key} – {label(entry)}" for key, entry in entries.items()]


def _text_fields(schema: dict) -> list[dict]:
    """Each text and list field of the schema, in Swedish and English (the lede first)."""
    fields = []
    keys = ["summary"] + [s.key for s in sections(schema)]
    kinds = {"summary": "text", **{s.key: s.kind for s in sections(schema)}}
    required = set(schema.get("required", []))
    for key in keys:
        prop = schema["properties"][key]
        must = key in required and prop.get("$ref", "").endswith("/bilingual")
        hint = prop.get("description", "")
        if kinds[key] == "list":
            hint += " One item per line, in the same order in both languages."
        for lang, name in LANGS.items():
            fields.append(_field("textarea", f"{key}_{lang}", f"{t(key, 'en')} ({name})", hint.strip(), must))
    return fields


def build_form(taxonomies: Taxonomies, schema: dict) -> dict:
    tax = taxonomies
    municipalities = tax.municipalities
    body = [{"type": "markdown", "attributes": {"value": INTRO}},
            _field("input", "id", "Case id", "Lower-case letters, digits and hyphens: municipality, then a short "
                   "name. Example: gavle-study-group", True),
            _field("dropdown", "municipality", "Municipality id",
                   f"If it is not listed, choose '{NEW}' and fill in the new municipality below.", True,
                   options=[f"{key} – {m.names.get('en') or next(iter(m.names.values()))}"
                            for key, m in municipalities.items()] + [f"{NEW} – not in the list"]),
            _field("input", "new_municipality_id", "New municipality: id",
                   "Only for a new one: its name in lower case with hyphens, e.g. kiruna"),
            _field("input", "new_municipality_name", "New municipality: name", "Its official name, e.g. Kiruna"),
            _field("input", "new_municipality_country", "New municipality: country",
                   "Two-letter code, e.g. SE, FI, NO"),
            _field("dropdown", "new_municipality_kind", "New municipality: kind",
                   "municipality (one), region (a group of municipalities or a county) or group (several places)",
                   options=["municipality", "region", "group"]),
            _field("input", "new_municipality_population", "New municipality: population",
                   "The official figure, digits only, e.g. 22000"),
            _field("input", "new_municipality_population_year", "New municipality: population year", "e.g. 2024"),
            _field("input", "new_municipality_population_source", "New municipality: source of the population",
                   "The statistics office's or municipality's table or page, e.g. SCB, folkmängd 31 december 2024"),
            _field("input", "new_municipality_population_url", "New municipality: address of the population",
                   "https://… where the figure can be read"),
            *[_field("input", f"title_{lang}", f"Title ({name})", "Short, plain text.", True)
              for lang, name in LANGS.items()],
            _field("input", "title_original", "Title in the source",
                   "The practice's heading in the source, as written there (optional)"),
            _field("dropdown", "original_language", "Language of the source", required=True,
                   options=["sv", "en", "fi", "other"]),
            *_text_fields(schema),
            _field("input", "start_year", "Start year", "Four digits, if the source says"),
            _field("input", "end_year", "End year", "Four digits, if it has ended and the source says"),
            _field("dropdown", "status", "Status", "Only what a public source says; otherwise unknown.", True,
                   options=["unknown", "ongoing", "ended", "mainstreamed"]),
            _field("dropdown", "scope", "Scope", required=True,
                   options=["local", "regional", "national", "international"]),
            _field("dropdown", "themes", "Themes", required=True, multiple=True, options=_choices(tax.themes)),
            _field("dropdown", "target_groups", "Target groups", required=True, multiple=True,
                   options=_choices(tax.target_groups)),
            _field("dropdown", "municipal_roles", "Municipal roles", required=True, multiple=True,
                   options=_choices(tax.municipal_roles)),
            _field("dropdown", "legal_duties", "Legal duties",
                   "The provisions the practice serves (optional). Below, say who makes the link.", multiple=True,
                   options=[f"{key} – {(d.section + ' ') if d.section else ''}{d.statute.number}: {d.label['en']}"
                            for key, d in tax.legal_duties.items()]),
            _field("dropdown", "duty_basis", "Who links the practice to these duties",
                   "practice: the source names the duty for this practice; chapter: for the chapter it is in; "
                   "document: for the whole document; assessment: you do (give the reason below)",
                   options=DUTY_BASES),
            *[_field("textarea", f"duty_reason_{lang}", f"Why the practice serves these duties ({name})",
                     "Only for 'assessment': one or two sentences.") for lang, name in LANGS.items()],
            _field("textarea", "facts", "Facts and figures",
                   "One per line: label in Swedish | label in English | value. A value with words is given in both "
                   "languages as 'svenska / English', e.g. Deltagare | Participants | 40"),
            _field("dropdown", "source_document", "Source document",
                   f"If your source is not listed, choose '{NEW}' and describe it below.", True,
                   options=[f"{key} – {s.title}" for key, s in tax.sources.items()] + [f"{NEW} – not in the list"]),
            _field("input", "source_section", "Section of the source",
                   "The chapter or heading where the practice is described.", True),
            _field("input", "source_pages", "Pages", "e.g. 12–14 (optional)"),
            _field("input", "new_source_id", "New source: id", "Only for a new one: publisher and year, e.g. skr-2021"),
            _field("input", "new_source_title", "New source: title", "As the document gives it"),
            _field("input", "new_source_publisher", "New source: publisher"),
            _field("input", "new_source_year", "New source: year"),
            _field("dropdown", "new_source_language", "New source: language", options=["sv", "en", "fi", "other"]),
            _field("input", "new_source_url", "New source: web address",
                   "Where a reader can open it (the publisher's page or a library record)"),
            {"type": "checkboxes", "id": "confirm", "attributes": {"label": "Editorial rules", "options": [
                {"label": "Every fact comes from the cited source; I wrote the text in my own words.",
                 "required": True},
                {"label": "The text names no private persons (roles, not names).", "required": True}]}},
            ]
    return {"name": "New practice / Ny praktik",
            "description": "Propose a local inclusion practice for Praktikbanken, without using git.",
            "title": "New case: ", "labels": ["new-case"], "body": body}


def form_text(root: Path) -> str:
    paths = ProjectPaths(root)
    schema = load_schema(paths.data / "case.schema.yaml", "data/case.schema.yaml")
    form = build_form(load_taxonomies(paths), schema)
    header = (f"# Generated by `{COMMAND}` from data/ and the case schema: edit those, then run it.\n"
              "# scripts/case_from_issue.py reads a filled form by these field ids.\n")
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=110)
