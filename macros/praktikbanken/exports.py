"""Open data: every case as JSON and CSV, the schema alongside, and an Atom feed per language.

The JSON holds each case exactly as its YAML file does (so it validates against the published
schema), plus derived, read-only fields under "derived". Licences are named in every export.
"""
from __future__ import annotations

import csv
import io
import json

from . import model
from .guide import NOT_STATED, Case, Guide
from .languages import CODES as LANGUAGES
from .languages import LANGUAGES as ALL_LANGUAGES
from .per_case import PerCaseMemo
from .site import case_url
from .strings import t
from .templating import render

CONTENT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
CODE_LICENCE = {"name": "MIT", "url": "https://opensource.org/license/mit"}  # as LICENSE says
DATA_DIR = "data"  # under the site root: data/cases.json, data/cases.csv, data/cases/<id>.json
LIST_SEPARATOR = "; "


def derived(case: Case, lang_names=LANGUAGES) -> dict:
    m = case.municipality
    return {
        "municipality_name": {lang: m.name(lang) for lang in lang_names},
        "country": m.country,
        "population": m.population,
        "population_year": m.population_year,
        "size_class": case.size_class.id,
        "legal_duty_statutes": {d.duty.id: d.duty.statute.number for d in case.legal_duties},
        # Who links the practice to each duty: the source (practice, chapter, document) or we (assessment).
        "legal_duty_provenance": {d.duty.id: "source" if not d.assessed else "editors' assessment"
                                  for d in case.legal_duties},
    }


def case_record(case: Case, site_url: str) -> dict:
    return {
        "id": case.id,
        "url": {lang.code: site_url + lang.root + case_url(case.id) for lang in ALL_LANGUAGES},
        "case": case.data,
        "derived": derived(case),
    }


def cases_json(guide: Guide, site_url: str) -> str:
    """All cases in one document: json.dumps of the whole with indent=1, put together from each
    case's part (kept per case object, per_case.py)."""
    document = {
        "title": "Praktikbanken – cases",
        "licence": CONTENT_LICENCE,
        "schema": site_url + "schema/case.schema.json",
        "count": len(guide.cases),
    }
    parts = [_PER_CASE.get(c, ("cases.json", site_url), lambda c: _nested(case_record(c, site_url)))
             for c in guide.cases.values()]
    cases = "[\n" + ",\n".join(parts) + "\n ]" if parts else "[]"
    head = json.dumps(document, ensure_ascii=False, indent=1)[:-2]  # without "\n}"
    return f'{head},\n "cases": {cases}\n}}\n'


def _nested(record: dict) -> str:
    """A record as json.dumps(indent=1) writes it as an item of the list under "cases"."""
    return "\n".join("  " + line for line in json.dumps(record, ensure_ascii=False, indent=1).split("\n"))


_PER_CASE = PerCaseMemo()  # the exports after an edit serialise only the edited case


def case_json(case: Case, site_url: str) -> str:
    return _PER_CASE.get(case, ("case.json", site_url), lambda c: _case_json(c, site_url))


def _case_json(case: Case, site_url: str) -> str:
    record = case_record(case, site_url)
    record.update(licence=CONTENT_LICENCE, schema=site_url + "schema/case.schema.json")
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def _cell(value) -> str:
    """One CSV cell: lists joined with '; ', bilingual parts picked by the caller."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fact_value(value, lang: str) -> str:
    return value[lang] if isinstance(value, dict) else str(value)


def _columns(case: Case, text_fields: list[str]) -> dict[str, str]:
    data = case.data
    row = {"id": case.id, "title_original": data.get("title_original", "")}
    for lang in LANGUAGES:
        row[f"title_{lang}"] = data["title"][lang]
        row[f"municipality_{lang}"] = case.municipality.name(lang)
    row.update({
        "municipality_id": case.municipality.id, "country": case.country, "size_class": case.size_class.id,
        "population": _cell(case.municipality.population), "scope": data["scope"],
        "start_year": _cell(data["period"]["start"]), "end_year": _cell(data["period"].get("end")),
        "status": data["status"]["value"], "status_checked": data["status"]["checked"],
        "themes": _cell(data["themes"]), "target_groups": _cell(data["target_groups"]),
        "municipal_roles": _cell(data["municipal_roles"]),
        "legal_duties": _cell([f"{d['duty']} ({d['basis']})" for d in data["legal_duties"]]),
    })
    for field in text_fields:
        value = data.get(field, NOT_STATED)
        for lang in LANGUAGES:
            if value == NOT_STATED:
                row[f"{field}_{lang}"] = NOT_STATED
            elif isinstance(value, list):
                row[f"{field}_{lang}"] = _cell([item[lang] for item in value])
            else:
                row[f"{field}_{lang}"] = value[lang]
    for lang in LANGUAGES:
        row[f"facts_{lang}"] = _cell([f"{f['label'][lang]}: {_fact_value(f['value'], lang)}" for f in data["facts"]])
    contact = data.get("contact", {})
    for lang in LANGUAGES:
        row[f"contact_organisation_{lang}"] = contact.get("organisation", {}).get(lang, "")
    row["contact_url"] = contact.get("url", "")
    row["sources"] = _cell([f"{s['document']}, {s['section']}" for s in data["sources"]])
    row.update(related=_cell(data.get("related", [])), original_language=data["original_language"],
               added=data["added"], updated=data.get("updated", ""), licence=CONTENT_LICENCE["name"])
    return row


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection). As OWASP
# recommends, such a cell gets a leading apostrophe, which spreadsheets read as "this is text".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def cases_csv(guide: Guide) -> str:
    """UTF-8 with a byte-order mark, so Excel opens it with å, ä, ö intact; LibreOffice does too.
    Cells that a spreadsheet would run as a formula start with an apostrophe (see README)."""
    fields = model.text_fields(guide.schema)
    rows = [_PER_CASE.get(c, ("csv", tuple(fields)), lambda c: _csv_row(_columns(c, fields)))
            for c in guide.cases.values()]
    header = _csv_line(rows[0][0]) if rows else _csv_line(["id"])
    return "\ufeff" + header + "".join(line for _, line in rows)


def _csv_row(columns: dict[str, str]) -> tuple[list[str], str]:
    """A case's column names and its CSV line, each cell safe from spreadsheets' formulas."""
    return list(columns), _csv_line([spreadsheet_safe(value) for value in columns.values()])


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


FEED_SIZE = 50  # entries in the Atom feed: feed readers want what is new, not the whole collection


def atom_feed(guide: Guide, lang: str, site_url: str, lang_root: str) -> str:
    """The FEED_SIZE newest new or updated cases, newest first (ties by id)."""
    base = site_url + lang_root
    entries = sorted(guide.cases.values(), key=lambda c: (c.data.get("updated") or c.data["added"], c.id), reverse=True)
    newest = (entries[0].data.get("updated") or entries[0].data["added"]) if entries else "2026-01-01"
    shown = [{"title": case.title(lang), "url": base + case_url(case.id), "published": case.data["added"],
              "updated": case.data.get("updated") or case.data["added"], "summary": case.text("summary", lang)}
             for case in entries[:FEED_SIZE]]
    return render("feed.xml", lang=lang, title=t("feed_title", lang), base=base, newest=newest,
                  licence=CONTENT_LICENCE["name"], entries=shown)
