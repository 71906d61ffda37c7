"""Open data exports, overview charts and related cases."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT, build, read_yaml, small_project, soup
from praktikbanken.exports import FEED_SIZE
from praktikbanken.languages import LANGUAGES

ATOM = "{http://www.w3.org/2005/Atom}"


def yaml_cases():
    return {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml") if not read_yaml(p).get("draft")}


def test_cases_json_round_trips_against_the_published_schema(site):
    document = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    cases = yaml_cases()
    assert document["licence"]["name"] == "CC BY 4.0"
    assert document["schema"].endswith("schema/case.schema.json")
    assert {record["id"] for record in document["cases"]} == set(cases)
    for record in document["cases"]:
        assert list(validator.iter_errors(record["case"])) == []
        assert record["case"] == json.loads(json.dumps(cases[record["id"]], default=str))  # dates as text
        single = json.loads((site / "data" / "cases" / f"{record['id']}.json").read_text(encoding="utf-8"))
        assert single["case"] == record["case"] and single["licence"]["name"] == "CC BY 4.0"


def test_cases_csv_has_one_row_per_case_and_a_bom_for_excel(site):
    raw = (site / "data" / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    cases = yaml_cases()
    assert sorted(r["id"] for r in rows) == sorted(cases)
    row = next(r for r in rows if r["id"] == "vantaa-tsemppari")
    assert row["municipality_sv"] == "Vanda" and row["municipality_en"] == "Vantaa"
    assert row["themes"] == "; ".join(cases["vantaa-tsemppari"]["themes"])
    assert row["summary_en"] == cases["vantaa-tsemppari"]["summary"]["en"]
    assert row["licence"] == "CC BY 4.0"


@pytest.mark.parametrize("lang_dir, lang", [(language.root, language.code) for language in LANGUAGES])
def test_atom_feed_per_language(site, lang_dir, lang):
    feed = ET.parse(site / lang_dir / "feed.xml").getroot()
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    # The newest cases (by updated, else added date; ties by id, descending), at most FEED_SIZE.
    cases = sorted(yaml_cases().items(), key=lambda kv: (str(kv[1].get("updated") or kv[1]["added"]), kv[0]),
                   reverse=True)
    assert titles == [c["title"][lang] for _, c in cases[:FEED_SIZE]]
    assert feed.find(f"{ATOM}rights").text == "CC BY 4.0"


def test_each_case_page_links_its_json_and_the_footer_names_the_licence(site):
    for lang_dir in (language.root for language in LANGUAGES):
        page = site / lang_dir / "cases" / "gavle-study-group" / "index.html"
        html = soup(page)
        link = html.find("a", type="application/json")
        assert (page.parent / link["href"]).resolve() == (site / "data" / "cases" / "gavle-study-group.json").resolve()
        assert "CC BY 4.0" in html.select_one(".md-copyright").get_text()


@pytest.mark.parametrize("lang_dir, lang", [(language.root, language.code) for language in LANGUAGES])
def test_overview_chart_tables_match_the_counts(site, lang_dir, lang):
    html = soup(site / lang_dir / "overview" / "index.html")
    cases = yaml_cases()
    themes = {e["label"][lang]: e["id"] for e in read_yaml(ROOT / "data" / "themes.yaml")}
    table = html.select_one("#chart-themes table")
    shown = {row.th.get_text(): int(row.td.get_text()) for row in table.select("tbody tr")}
    assert shown == {label: sum(1 for c in cases.values() if tid in c["themes"]) for label, tid in themes.items()}
    svg = html.select_one("#chart-themes svg")
    assert svg["role"] == "img" and svg.find("title") and svg.find("desc")
    countries = html.select_one("#chart-countries table")
    assert sum(int(td.get_text()) for td in countries.select("tbody td")) == len(cases)
    cross = html.select_one("#chart-theme-size table")
    total = sum(int(td.get_text()) for td in cross.select("tbody td"))
    assert total == sum(len(c["themes"]) for c in cases.values())


def related_ids(site, case_id):
    html = soup(site / "en" / "cases" / case_id / "index.html")
    heading = html.find("h2", id="related-practices")
    if heading is None:
        return []
    return [li["data-case"] for li in heading.find_all_next("li", class_="pb-card")]


def test_related_cases_are_relevant(site):
    """Why these: the same municipality counts most, then shared legal duties and themes.
    - Pyhäjoki's language volunteers: its first match is the other Pyhäjoki practice.
    - Vantaa's Tsemppari: Finnish practices framed by the same two duties come first.
    - Haninge's and Gävle's Roma cases: the first match also serves Roma; every match shares a
      theme and a target group with them."""
    cases = yaml_cases()
    assert related_ids(site, "pyhajoki-language-support-volunteers")[0] == "pyhajoki-joint-open-activities"
    vantaa = related_ids(site, "vantaa-tsemppari")
    assert vantaa
    duties = {d["duty"] for d in cases["vantaa-tsemppari"]["legal_duties"]}
    assert duties <= {d["duty"] for d in cases[vantaa[0]]["legal_duties"]}
    for case_id in ("haninge-parent-network", "gavle-study-group"):
        related = related_ids(site, case_id)
        assert related, case_id
        assert "roma" in cases[related[0]]["target_groups"], (case_id, related[0])
        for other in related:
            assert set(cases[other]["target_groups"]) & set(cases[case_id]["target_groups"]), (case_id, other)
            assert set(cases[other]["themes"]) & set(cases[case_id]["themes"]), (case_id, other)


HOSTILE = {"formula": "=HYPERLINK(\"https://evil.example\",\"x\")", "plus": "+SUM(A1)", "minus": "-2+3",
           "at": "@SUM(1)", "tab": "\t=1", "markup": "Tom & Jerry's <b>\"quote\"</b> ]]> &amp;"}


@pytest.mark.build
def test_every_export_is_valid_and_inert_with_hostile_text(project, tmp_path):
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["title"] = {"sv": "Tom & Jerry's \"studiecirkel\" ]]>", "en": "=1+1 Tom & Jerry"}
    case["summary"] = {"sv": HOSTILE["formula"], "en": HOSTILE["markup"]}
    case["background"] = {"sv": HOSTILE["plus"], "en": HOSTILE["at"]}
    case["funding"] = {"sv": HOSTILE["minus"], "en": HOSTILE["tab"]}
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"

    for feed in (site / "feed.xml", site / "en" / "feed.xml"):
        root = ET.parse(feed).getroot()  # raises on invalid XML
        titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
        assert case["title"]["sv"] in titles or case["title"]["en"] in titles
    for sitemap in (site / "sitemap.xml", site / "en" / "sitemap.xml"):
        ET.parse(sitemap)
    document = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    record = next(r for r in document["cases"] if r["id"] == "gavle-study-group")
    assert record["case"]["summary"] == case["summary"], "JSON keeps the text unchanged"
    json.loads((site / "data" / "cases" / "gavle-study-group.json").read_text(encoding="utf-8"))

    rows = list(csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(list((project / "cases").glob("*.yaml")))
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    row = next(r for r in rows if r["id"] == "gavle-study-group")
    assert row["summary_sv"] == "'" + HOSTILE["formula"] and row["background_en"] == "'" + HOSTILE["at"]
    assert row["funding_sv"] == "'" + HOSTILE["minus"] and row["funding_en"] == "'" + HOSTILE["tab"]
    assert row["title_en"] == "'=1+1 Tom & Jerry" and row["summary_en"] == HOSTILE["markup"]


def test_a_relation_the_editors_name_shows_on_both_pages_above_computed_ones(site):
    named = read_yaml(ROOT / "cases" / "attica-agia-varvara-roma-social-services.yaml")["related"]
    assert "b-hungary-coaching-school" in named
    for root, label, similar in (("", "Utvalda av redaktionen", "Liknande teman och målgrupper"),
                                 ("en/", "Named by the editors", "Similar themes and groups")):
        for here, there in (("attica-agia-varvara-roma-social-services", "b-hungary-coaching-school"),
                            ("b-hungary-coaching-school", "attica-agia-varvara-roma-social-services")):
            page = soup(site / root / "cases" / here / "index.html")
            kinds = [h.get_text(strip=True) for h in page.select("h3.pb-related-kind")]
            assert kinds[0] == label and (len(kinds) == 1 or kinds[1] == similar), (here, kinds)
            first_group = page.select_one("h3.pb-related-kind").find_next("ul", class_="pb-cards")
            assert there in [li["data-case"] for li in first_group.select("li.pb-card")], (here, there)


def test_exports_made_again_after_an_edit_show_it_and_keep_the_whole_documents_valid(tmp_path):
    """The exports keep what they made of each unchanged case (a preview's rebuilds): an edited
    case must come out new, in every export, and the others as before."""
    from praktikbanken import exports
    from praktikbanken.guide import load_guide
    project = small_project(tmp_path / "p")
    before = load_guide(project)
    first = (exports.cases_json(before, "u/"), exports.cases_csv(before),
             {c.id: exports.case_json(c, "u/") for c in before.cases.values()})
    path = project / "cases" / "vantaa-tsemppari.yaml"
    case = read_yaml(path)
    case["summary"]["en"] = "Edited = a summary with \"quotes\", commas, and\na new line"
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = load_guide(project)
    document = json.loads(exports.cases_json(after, "u/"))
    assert exports.cases_json(after, "u/") == json.dumps(
        {"title": document["title"], "licence": exports.CONTENT_LICENCE, "schema": "u/schema/case.schema.json",
         "count": len(after.cases), "cases": [exports.case_record(c, "u/") for c in after.cases.values()]},
        ensure_ascii=False, indent=1) + "\n", "the same text as one json.dumps of the whole"
    edited = next(r for r in document["cases"] if r["id"] == "vantaa-tsemppari")
    assert edited["case"]["summary"]["en"] == case["summary"]["en"]
    assert json.loads(exports.case_json(after.cases["vantaa-tsemppari"], "u/"))["case"]["summary"]["en"] == \
        case["summary"]["en"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exports.cases_csv(after).lstrip("\ufeff")))}
    assert rows["vantaa-tsemppari"]["summary_en"] == case["summary"]["en"]
    assert len(rows) == len(after.cases) and exports.cases_csv(after).count("\r\n") > len(after.cases)
    unchanged = {c.id: exports.case_json(c, "u/") for c in after.cases.values() if c.id != "vantaa-tsemppari"}
    assert unchanged == {k: v for k, v in first[2].items() if k != "vantaa-tsemppari"}
    assert first[1] != exports.cases_csv(after) and first[0] != exports.cases_json(after, "u/")
