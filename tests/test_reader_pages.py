"""What a coordinator sees: the finder and case pages in Chromium, at desktop and phone sizes."""
from __future__ import annotations

import pytest

from conftest import ROOT, new_page, read_yaml, soup, wait_for_element, wait_in_page
from praktikbanken.collation import sort_key
from praktikbanken.languages import LANGUAGES

LANGS = {language.code: language.root for language in LANGUAGES}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_finder(browser, served, lang, query="", viewport=DESKTOP):
    page = new_page(browser, viewport=viewport)
    page.goto(f"{served}{LANGS[lang]}finder/{query}")
    wait_for_element(page, ".pb-finder-form:not([hidden])")
    return page


@pytest.mark.parametrize("lang", LANGS)
def test_first_result_is_on_the_first_screen(served, browser, lang):
    page = open_finder(browser, served, lang)
    top = page.locator(".pb-finder-cards .pb-card").first.bounding_box()["y"]
    assert top + 40 < DESKTOP["height"], f"first result at {top}px"
    page.close()
    phone = open_finder(browser, served, lang, viewport=PHONE)
    top = phone.locator(".pb-finder-cards .pb-card").first.bounding_box()["y"]
    assert top < 2 * PHONE["height"], f"first result at {top}px on a phone"
    assert not phone.locator(".pb-filters").evaluate("d => d.open"), "filters start folded on a phone"
    phone.close()


def test_chips_show_and_remove_active_filters(served, browser):
    page = open_finder(browser, served, "sv", "?theme=education")
    chip = page.locator(".pb-chips .pb-chip")
    assert chip.count() == 1 and chip.first.inner_text().startswith("Utbildning")
    assert page.locator(".pb-filter-count").inner_text() == "(1)"
    chip.first.click()
    wait_in_page(page, "() => !document.querySelector('#f-theme-education').checked")
    assert page.locator(".pb-chips").is_hidden()
    assert "theme=" not in page.url
    page.close()


def test_nothing_matches_says_which_filter_to_drop(served, browser):
    cases = [read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")]
    assert not any("housing" in c["themes"] and c["municipality"] == "pyhajoki" for c in cases)
    page = open_finder(browser, served, "en", "?theme=housing&country=FI&role=employer")
    wait_for_element(page, ".pb-none")
    help_text = page.locator(".pb-none").inner_text()
    assert help_text.startswith("No practice matches all the chosen filters.")
    assert "Without Housing:" in help_text or "Without Finland:" in help_text
    page.close()


def test_options_without_results_are_disabled(served, browser):
    page = open_finder(browser, served, "en", "?country=FI")
    disabled = page.eval_on_selector_all("input[type=checkbox]:disabled", "els => els.map(e => e.id)")
    assert "f-country-SE" not in disabled, "another country widens the choice: never a dead end"
    counts = page.eval_on_selector_all("input[type=checkbox]:disabled + label .pb-opt-count",
                                       "els => els.map(e => e.textContent)")
    assert counts and set(counts) == {"(0)"}
    page.close()


@pytest.mark.parametrize("query, municipality", [("pyhajoki", "pyhajoki"), ("vaxjo hameenlinna", None)])
def test_free_text_ignores_accents_and_case(served, browser, query, municipality):
    page = open_finder(browser, served, "sv")
    page.fill("#pb-q", query)
    wait_in_page(page, "() => new URLSearchParams(location.search).get('q') !== null")
    shown = page.eval_on_selector_all(".pb-finder-cards > li", "els => els.map(e => e.dataset.case)")
    if municipality:
        assert shown and all(read_yaml(ROOT / "cases" / f"{c}.yaml")["municipality"] == municipality for c in shown)
    page.close()


def test_swedish_title_order_puts_a_ring_after_z(served, browser):
    page = open_finder(browser, served, "sv")
    titles = page.eval_on_selector_all(".pb-finder-cards .pb-card-title", "els => els.map(e => e.textContent.trim())")
    assert titles == sorted(titles, key=lambda t: sort_key(t, "sv"))
    page.select_option("#pb-sort", "newest")
    wait_in_page(page, "() => location.search.includes('sort=newest')")
    added = page.eval_on_selector_all(".pb-finder-cards > li", "els => els.map(e => e.dataset.newest)")
    assert added == sorted(added, reverse=True)
    page.close()


def test_the_language_switch_keeps_the_selection(served, browser):
    page = open_finder(browser, served, "sv", "?theme=education&q=skola")
    href = page.locator('.md-select__link[hreflang="en"]').get_attribute("href")
    assert href.endswith("en/finder/?theme=education&q=skola")
    page.close()


def test_printing_many_asks_first(served, browser):
    page = open_finder(browser, served, "sv")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click(".pb-print")
    wait_in_page(page, "() => true")
    assert asked and any(ch.isdigit() for ch in asked[0]), asked
    assert page.locator(".pb-print-selection").get_attribute("data-ready") is None, "nothing printed after No"
    page.close()


@pytest.mark.parametrize("path", ["finder/", "cases/stockholm-jobbtorg/", "overview/", "legal-duties/",
                                  "en/cases/vantaa-tsemppari/", "en/sources/", "themes/education/", "contribute/"])
def test_no_sideways_scroll_at_320_px(served, browser, path):
    page = new_page(browser, viewport={"width": 320, "height": 640})
    page.goto(served + path)
    wait_in_page(page, "() => document.readyState === 'complete'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_case_page_names_silent_sections_in_one_line_and_cites_without_line_numbers(site):
    for root, silent in (("", "Källan säger inget om:"), ("en/", "The source says nothing about:")):
        page = soup(site / root / "cases" / "vantaa-tsemppari" / "index.html")
        article = page.select_one("article")
        assert not article.select(".pb-text .pb-not-stated"), "no heading over an empty section"
        line = article.select_one("p.pb-not-stated").get_text()
        assert line.startswith(silent) and line.count(",") >= 1
        sources = article.select_one(".pb-sources").get_text()
        assert "rader" not in sources and "lines" not in sources
        # Each citation links the document's public address, or what we know of where it is.
        for item in article.select(".pb-sources li"):
            link = item.find("a")
            assert link and (link["href"].startswith("https://") or "sources/#" in link["href"]), item
        toc = [a.get_text(strip=True) for a in page.select(".md-nav--secondary a")]
        assert all("Uppgift saknas" not in t and "Not stated" not in t for t in toc)


def test_back_to_results_restores_the_last_selection(served, browser):
    page = open_finder(browser, served, "en", "?theme=education")
    page.locator(".pb-finder-cards .pb-card-title a").first.click()
    wait_for_element(page, ".pb-back-results")
    href = page.locator(".pb-back-results").get_attribute("href")
    assert href.endswith("finder/?theme=education")
    assert page.locator(".pb-breadcrumb a").count() == 2
    assert page.locator(".pb-print-page").is_visible()
    page.close()


def test_alternates_point_to_the_same_page_and_other_language_text_is_marked(site):
    page = soup(site / "en" / "cases" / "stockholm-jobbtorg" / "index.html")
    alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel=alternate][hreflang]')}
    assert alternates["sv"].endswith("/cases/stockholm-jobbtorg/")
    assert not alternates["sv"].endswith("/en/cases/stockholm-jobbtorg/")
    assert alternates["en"].endswith("/en/cases/stockholm-jobbtorg/")
    population = page.select_one(".pb-facet-population")
    assert population.select_one('span[lang="sv"]'), "the Swedish population source is marked as Swedish"
    for cite in page.select(".pb-sources cite"):
        assert cite.get("lang") == "sv"


def test_every_page_offers_to_suggest_a_practice(site):
    for path in ("index.html", "en/cases/vantaa-tsemppari/index.html", "en/404.html"):
        footer = soup(site / path).select_one("footer")
        assert footer.find("a", string=lambda s: s and ("Föreslå en praktik" in s or "Suggest a practice" in s))
    assert soup(site / "contribute" / "index.html").select_one(".pb-contribute-links")


def test_glossary_terms_link_to_their_entry_once_per_page(site):
    glossary = {e["id"] for e in read_yaml(ROOT / "data" / "glossary.yaml")}
    linked_pages = 0
    for root in LANGS.values():
        for path in (site / root / "cases").glob("*/index.html"):
            terms = soup(path).select("article a.pb-term")
            targets = [a["href"].split("#")[1] for a in terms]
            assert len(targets) == len(set(targets)), (path, targets)
            assert set(targets) <= glossary
            assert all(a["href"].startswith("../../glossary/#") for a in terms)
            assert not [a for a in terms if a.find_parent("a")]
            linked_pages += bool(terms)
    assert linked_pages > 10
