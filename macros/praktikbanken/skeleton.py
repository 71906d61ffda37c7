"""The starting point for a new case: every field, valid, marked as a draft.

The skeleton passes validation so the contributor can preview it at once; 'draft: true' keeps
it out of the published site, and the validator refuses the TODO placeholders once the draft
mark is removed, so an unfinished case cannot be published by mistake.
"""
from __future__ import annotations

import datetime

from .guide import EXAMPLE_MARK, PLACEHOLDER
from .model import text_fields
from .paths import default_root
from .schema import load_schema

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/case.schema.json"


def _text(indent: int = 2) -> str:
    pad = " " * indent
    return f"\n{pad}sv: {PLACEHOLDER} på svenska\n{pad}en: {PLACEHOLDER} in English"


def _texts(schema: dict) -> str:
    """The lede and every section of the case model, in the schema's order: a placeholder where
    the field must have text, 'not stated' where the source may be silent."""
    return "\n".join(f"{key}:{_text()}" if schema["properties"][key].get("$ref") == "#/$defs/bilingual"
                     else f"{key}: not stated" for key in text_fields(schema))


def skeleton(municipality: str, source: str, today: datetime.date | None = None, schema: dict | None = None) -> str:
    today = (today or datetime.date.today()).isoformat()
    schema = schema or load_schema(default_root() / "data" / "case.schema.yaml", "data/case.schema.yaml")
    texts = _texts(schema)
    T = PLACEHOLDER
    return f"""{SCHEMA_LINE}
# A new case. Fill in every field in Swedish (sv) and English (en), in your own words, from the
# source you cite below. Where the source says nothing, write: not stated
# Remove 'draft: true' when the case is ready for review. Guide: CONTRIBUTING.md
draft: true
title:
  sv: {T} kort titel på svenska
  en: {T} short title in English
title_original: {T} the title as the source gives it
municipality: {municipality}
scope: local                      # local, regional, national or international
period:
  start: not stated               # the year it started, e.g. 2018
status:
  value: unknown                  # ongoing, ended, mainstreamed or unknown
  checked: {today}
themes: [governance]              {EXAMPLE_MARK} ids from data/themes.yaml
target_groups: [residents]        {EXAMPLE_MARK} ids from data/target-groups.yaml
municipal_roles: [service-provider]  {EXAMPLE_MARK} ids from data/municipal-roles.yaml
legal_duties: []                  # see data/legal-duties.yaml and CONTRIBUTING.md ("Legal duties")
{texts}
facts: []
sources:
  - document: {source}
    section: {T} the chapter or heading in the source
related: []
original_language: sv
translation:
  sv: original
  en: translated
added: {today}
"""
