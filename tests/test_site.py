"""The built site: the four brief cases in both languages, listing pages, the language switcher."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from conftest import ROOT, read_yaml, soup
from praktikbanken.languages import LANGUAGES

BRIEF_CASES = ["haninge-parent-network", "gavle-study-group", "vantaa-tsemppari",
               "pyhajoki-language-support-volunteers"]
LANGS = {language.code: language.root for language in LANGUAGES}


def page(site: Path, lang: str, url: str):
    return soup(site / LANGS[lang] / url / "index.html")


def resolve(site: Path, lang: str, from_url: str, href: str) -> Path:
    """The file a relative link on a page points to."""
    here = posixpath.join(LANGS[lang], from_url)
    target = posixpath.normpath(posixpath.join(here, href))
    return site / target / "index.html" if not target.endswith(".html") else site / target


def taxonomy(name):
    return {e["id"]: e for e in read_yaml(ROOT / "data" / name)}


def expected_size(municipality: str) -> dict:
    data = read_yaml(ROOT / "data" / "municipalities" / f"{municipality}.yaml")
    classes = read_yaml(ROOT / "data" / "size-classes.yaml")
    pop = data["population"]
    if pop == "not stated" or data["kind"] != "municipality":
        return next(c for c in classes if c["id"] == "unknown")
    return next(c for c in classes if c["id"] != "unknown" and c.get("min", 0) <= pop["count"]
                and ("max" not in c or pop["count"] < c["max"]))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case_id", BRIEF_CASES)
def test_case_page_shows_the_case(site, case_id, lang):
    data = read_yaml(ROOT / "cases" / f"{case_id}.yaml")
    html = page(site, lang, f"cases/{case_id}")
    assert html.html["lang"] == lang
    assert html.find("h1").get_text(strip=True) == data["title"][lang]
    facets = {div.dt.get_text(strip=True): div.dd for div in html.select("dl.pb-facets > div")}
    labels = {"sv": ("Kommun", "Kommunstorlek", "Teman", "Rättsliga skyldigheter"),
              "en": ("Municipality", "Municipality size", "Themes", "Legal duties")}[lang]
    municipality_label, size_label, themes_label, duties_label = labels

    municipality = read_yaml(ROOT / "data" / "municipalities" / f"{data['municipality']}.yaml")
    name = municipality["names"].get(lang) or municipality["names"][municipality["language"]]
    assert facets[municipality_label].get_text().startswith(name)

    size = expected_size(data["municipality"])
    assert facets[size_label].get_text().startswith(size["label"][lang])
    assert facets[size_label].a["href"] == f"../../sizes/{size['id']}/"

    themes = taxonomy("themes.yaml")
    shown = [a.get_text() for a in facets[themes_label].find_all("a")]
    assert shown == [themes[t]["label"][lang] for t in data["themes"]]

    duties_text = facets[duties_label].get_text()
    legal = read_yaml(ROOT / "data" / "legal-duties.yaml")
    statutes = {s["id"]: s for s in legal["statutes"]}
    duties = {d["id"]: d for d in legal["duties"]}
    for link in data["legal_duties"]:
        duty = duties[link["duty"]]
        assert statutes[duty["statute"]]["number"] in duties_text
        assert duty["section"] in duties_text
    if not data["legal_duties"]:
        assert "lagparagraf" in duties_text or "legal provision" in duties_text

    sources = html.select("ol.pb-sources li")
    documents = {d["id"]: d for d in read_yaml(ROOT / "data" / "sources.yaml")}
    assert len(sources) == len(data["sources"])
    for item, ref in zip(sources, data["sources"], strict=True):
        assert documents[ref["document"]]["title"] in item.get_text()
        assert ref["section"] in item.get_text()


@pytest.mark.parametrize("lang, other", [("sv", "en"), ("en", "sv")])
@pytest.mark.parametrize("case_id", BRIEF_CASES)
def test_language_switcher_leads_to_the_same_page(site, case_id, lang, other):
    url = f"cases/{case_id}/"
    html = page(site, lang, url.rstrip("/"))
    link = html.select_one(f"a.md-select__link[hreflang={other}]")
    target = resolve(site, lang, url, link["href"])
    assert target == site / LANGS[other] / "cases" / case_id / "index.html"
    assert target.exists()
    twin = soup(target)
    assert twin.html["lang"] == other
    assert twin.find("h1").get_text(strip=True) == read_yaml(ROOT / "cases" / f"{case_id}.yaml")["title"][other]


def all_cases():
    return {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}


@pytest.mark.parametrize("lang", LANGS)
def test_theme_listing_shows_exactly_its_cases(site, lang):
    for theme in taxonomy("themes.yaml"):
        html = page(site, lang, f"themes/{theme}")
        shown = {li["data-case"] for li in html.select("li.pb-card")}
        expected = {cid for cid, c in all_cases().items() if theme in c["themes"] and not c.get("draft")}
        assert shown == expected, theme


@pytest.mark.parametrize("lang", LANGS)
def test_size_and_duty_listings_show_exactly_their_cases(site, lang):
    cases = {cid: c for cid, c in all_cases().items() if not c.get("draft")}
    for size in taxonomy("size-classes.yaml"):
        shown = {li["data-case"] for li in page(site, lang, f"sizes/{size}").select("li.pb-card")}
        assert shown == {cid for cid, c in cases.items() if expected_size(c["municipality"])["id"] == size}, size
    duties = read_yaml(ROOT / "data" / "legal-duties.yaml")["duties"]
    # A provision in force now also lists the practices tagged with the repealed one it replaces.
    replaces = {d["id"]: {o["id"] for o in duties if o.get("replaced_by", {}).get("duty") == d["id"]} for d in duties}
    for duty in duties:
        shown = {li["data-case"] for li in page(site, lang, f"legal-duties/{duty['id']}").select("li.pb-card")}
        named = {duty["id"]} | replaces[duty["id"]]
        assert shown == {cid for cid, c in cases.items() if any(d["duty"] in named for d in c["legal_duties"])}


def test_case_pages_stay_out_of_the_navigation(site):
    html = page(site, "sv", "cases/gavle-study-group")
    nav_links = [a.get("href", "") for a in html.select("nav.md-nav--primary a")]
    assert not any("cases/" in href for href in nav_links)
    assert len(nav_links) < 20


def test_start_pages_say_what_the_guide_is(site):
    sv, en = soup(site / "index.html"), soup(site / "en" / "index.html")
    assert "Praktikbanken samlar" in sv.get_text() and sv.html["lang"] == "sv"
    assert "collects tried approaches" in en.get_text() and en.html["lang"] == "en"
    n = len(all_cases())
    assert f"{n} praktiker" in sv.get_text() and f"{n} practices" in en.get_text()


def test_every_tag_separates_its_attributes(site):
    """An attribute glued to the one before it (data-case="x"data-theme=…) is an HTML parse
    error that some readers drop: the finder's filters would lose their data."""
    glued = re.compile(r'="[^"]*"(?=[^\s/>])')
    found = []
    for path in site.rglob("*.html"):
        html = re.sub(r"<script\b.*?</script>|<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        for tag in re.findall(r"<[a-zA-Z][^<>]*>", html):
            if glued.search(tag):
                found.append(f"{path.relative_to(site)}: {tag[:120]}")
    assert not found, "\n".join(found[:10])
