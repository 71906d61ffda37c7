"""Legal duties: where the link comes from is shown honestly on every route."""
from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from conftest import ROOT, build, read_yaml, soup

REASON = {"sv": "Föreställningen visar romsk kultur och historia för barn.",
          "en": "The performance shows Roma culture and history to children."}


@pytest.mark.build
def test_an_editors_assessment_is_marked_as_ours_everywhere(project, tmp_path):
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["legal_duties"] = [{"duty": "se-minority-act-4", "basis": "assessment", "reason": REASON}]
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for root, ours, words in (("", "vår bedömning", "Vår bedömning – källan nämner inte skyldigheten:"),
                              ("en/", "our assessment", "Our assessment – the source does not name this duty:")):
        page = soup(site / root / "cases" / "gavle-study-group" / "index.html")
        basis = page.select_one(".pb-duties .pb-basis").get_text(" ", strip=True)
        assert basis == f"{words} {REASON['sv' if not root else 'en']}"
        assert "Källan knyter" not in basis and "The source links" not in basis
        assert ours in page.select_one(".pb-facet-legal_duties").get_text()
        listing = soup(site / root / "legal-duties" / "se-minority-act-4" / "index.html")
        card = listing.select_one('.pb-card[data-case="gavle-study-group"]')
        assert card.select_one(".pb-card-marker").get_text(strip=True).lower() == ours
        assert listing.select_one(".pb-assessed-note")
        finder = soup(site / root / "finder" / "index.html")
        assert ours in finder.select_one('label[for="f-duty-se-minority-act-4"]').get_text()
        # A duty the source names carries no such mark.
        source_named = soup(site / root / "cases" / "vantaa-tsemppari" / "index.html")
        assert ours not in source_named.select_one(".pb-facet-legal_duties").get_text()
    rows = csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text(encoding="utf-8-sig")))
    assert next(r for r in rows if r["id"] == "gavle-study-group")["legal_duties"] == "se-minority-act-4 (assessment)"
    record = json.loads((site / "data" / "cases" / "gavle-study-group.json").read_text(encoding="utf-8"))
    assert record["derived"]["legal_duty_provenance"] == {"se-minority-act-4": "editors' assessment"}
    assert record["case"]["legal_duties"][0]["reason"] == REASON


@pytest.mark.build
def test_equivalents_carry_their_reasoning_and_repealed_acts_point_to_the_law_in_force(site):
    page = soup(site / "en" / "cases" / "vantaa-tsemppari" / "index.html")
    in_force = page.select_one(".pb-in-force").get_text(" ", strip=True)
    assert in_force.startswith("The source cites 29 § 1386/2010 – Good ethnic relations; in force since 2025 instead:")
    assert "45 § 681/2023" in in_force
    new = soup(site / "en" / "legal-duties" / "fi-integration-act-2023-45" / "index.html")
    assert new.select_one('.pb-card[data-case="vantaa-tsemppari"]'), "the law in force lists the practice"
    assert "Replaces a provision" in new.select_one(".pb-in-force").get_text()
    education = soup(site / "legal-duties" / "se-discrimination-act-3-1" / "index.html")
    reasons = [p.get_text(" ", strip=True) for p in education.select(".pb-equivalents")]
    assert any("Motsvarighet i Finland" in r and "utbildningsanordnare" in r for r in reasons)


def test_checked_status_names_its_page_and_dates_follow_each_language(site):
    page = soup(site / "en" / "cases" / "haninge-parent-network" / "index.html")
    status = page.select_one(".pb-facet-status")
    assert "Ongoing (checked 2 December 2026)" in status.get_text()
    assert status.select_one("a.pb-url")["href"].startswith("https://www.haninge.se/")
    swedish = soup(site / "cases" / "haninge-parent-network" / "index.html")
    assert "(kontrollerad 2 december 2026)" in swedish.select_one(".pb-facet-status").get_text()


@pytest.mark.build
def test_a_published_reason_why_no_duty_applies(project, tmp_path):
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["legal_duties"] = []
    case["no_duty_reason"] = {"sv": "Praktiken är en frivillig insats utan lagkrav.",
                              "en": "The practice is a voluntary effort that no law requires."}
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))
    assert build(project, tmp_path / "site").returncode == 0
    page = soup(tmp_path / "site" / "en" / "cases" / "gavle-study-group" / "index.html")
    assert page.select_one(".pb-no-duty").get_text() == ("No legal provision – our assessment: "
                                                         "The practice is a voluntary effort that no law requires.")


def test_every_practice_has_a_duty_or_says_why_not():
    """Swedish, Finnish and other countries' practices alike: each was considered against the
    duty taxonomy, and where none applies the page says why."""
    from praktikbanken.guide import load_guide
    guide = load_guide(ROOT, include_drafts=False)
    missing = [c.id for c in guide.cases.values() if not c.legal_duties and not c.data.get("no_duty_reason")]
    assert not missing, missing


def test_every_duty_without_practices_says_why_on_its_page(site):
    from praktikbanken import model
    from praktikbanken.guide import load_guide
    guide = load_guide(ROOT, include_drafts=False)
    counts = model.counts(guide.cases.values(), "duty")
    empty = [d for d in guide.taxonomies.legal_duties.values() if not counts[d.id]]
    for duty in empty:
        assert duty.empty_note, f"{duty.id} has no practice and no empty_note"
        page = soup(site / "en" / "legal-duties" / duty.id / "index.html")
        assert duty.empty_note["en"] in page.select_one(".pb-empty-help").get_text()


def test_a_practice_of_several_municipalities_says_why_it_has_no_size(site):
    page = soup(site / "en" / "cases" / "roma-bridge-builders-development-municipalities" / "index.html")
    assert page.select_one(".pb-facet-size_class dd").get_text().startswith(
        "No municipality size: the practice covers several municipalities")


def test_size_is_unknown_only_for_entries_that_are_not_one_municipality():
    """Every single municipality has a population with its source, so only regions and groups of
    places are left without a size; this lists them."""
    from praktikbanken.guide import load_guide
    guide = load_guide(ROOT, include_drafts=False)
    places = guide.taxonomies.municipalities
    no_figure = sorted(m.id for m in places.values() if m.kind == "municipality" and m.population is None)
    assert not no_figure, f"municipalities without a population: {no_figure}"
    for m in places.values():
        if m.population is not None:
            assert m.population_source and m.population_url, f"{m.id}: a population needs its source and address"
    unknown = {c.municipality.id for c in guide.cases.values() if c.size_class.id == "unknown"}
    assert unknown == {"emilia-romagna", "forssa-region", "italy-regions", "sweden-pilot-municipalities",
                       "uk-local-authorities"}
    assert all(places[m].kind in ("region", "group") for m in unknown)


def test_a_population_names_its_page_the_date_read_and_the_language_of_its_source(site):
    """Oulu's figure is from Statistics Finland, named in English on a Swedish page."""
    from praktikbanken.guide import load_guide
    oulu = load_guide(ROOT, include_drafts=False).taxonomies.municipalities["oulu"]
    page = soup(site / "cases" / "oulu-hometown-atmosphere-survey" / "index.html")
    row = page.select_one(".pb-facet-population dd")
    link = row.select_one("a.pb-url")
    assert link["href"] == oulu.population_url
    assert "läst 2 december 2026" in row.get_text()
    assert row.select_one('span[lang="en"]').get_text() == oulu.population_source
