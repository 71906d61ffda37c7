"""Search: one Pagefind index per language, what goes into it, and real searches in Chromium."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from conftest import ROOT, SEARCH_DONE, new_page, read_yaml, soup, wait_in_page
from praktikbanken.languages import LANGUAGES

LANGS = {language.code: language.root for language in LANGUAGES}


def case_title(case_id: str, lang: str) -> str:
    return read_yaml(ROOT / "cases" / f"{case_id}.yaml")["title"][lang]


def indexed_pages(site, lang: str) -> list:
    root = site / LANGS[lang]
    pages = [p for p in root.rglob("index.html") if lang == "en" or not p.relative_to(root).parts[0] == "en"]
    return [p for p in pages if "data-pagefind-body" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_index(site, lang):
    entry = json.loads((site / LANGS[lang] / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [lang]
    # Every page marked for the index, and only those, is in this language's index.
    assert entry["languages"][lang]["page_count"] == len(indexed_pages(site, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_what_is_indexed(site, lang):
    root = site / LANGS[lang]
    case = soup(root / "cases" / "vantaa-tsemppari" / "index.html")
    assert case.select_one("[data-pagefind-body] h1")
    # Lists of other cases (related cases, listings) are left out, so a case is found by its own text.
    assert all(ul.has_attr("data-pagefind-ignore") for ul in case.select("ul.pb-cards"))
    listing = soup(root / "themes" / "education" / "index.html")
    assert listing.select_one("[data-pagefind-body]") and listing.select_one("ul.pb-cards[data-pagefind-ignore]")
    # The finder repeats every case and the search page is the search: neither is indexed.
    for page in ("finder", "search"):
        assert soup(root / page / "index.html").select_one("[data-pagefind-body]") is None


def search_from_header(page, served, lang: str, query: str) -> list[str]:
    """Search as a reader does: from the header of a page reached by instant navigation."""
    page.goto(f"{served}{LANGS[lang]}")
    page.click(".md-nav__link[href$='overview/']")  # instant navigation to a page one level down
    wait_in_page(page, "() => location.pathname.endsWith('/overview/')", what="instant navigation")
    page.fill("#pb-header-q", query)
    page.press("#pb-header-q", "Enter")
    return results(page)


# Pagefind shows a placeholder per result until its text has loaded: the order is known only then.
LOADED = "() => !document.querySelector('.pagefind-ui__results .pagefind-ui__loading')"


def results(page, every: bool = False) -> list[str]:
    """The result titles shown (Pagefind shows five; with every=True, "load more" until all are).
    No time limit: the search ends with results or "no results", or the page reports an error
    (conftest.wait_in_page); the results' texts then load from the local server, which answers
    every request, so the network goes idle."""
    wait_in_page(page, SEARCH_DONE, what="the search")
    page.wait_for_load_state("networkidle", timeout=0)
    wait_in_page(page, LOADED, what="every result shown")
    while every and page.is_visible("button.pagefind-ui__button"):
        count = page.locator(".pagefind-ui__result").count()
        page.click("button.pagefind-ui__button")
        wait_in_page(page, "(n) => document.querySelectorAll('.pagefind-ui__result').length > n", count, "more results")
        page.wait_for_load_state("networkidle", timeout=0)
        wait_in_page(page, LOADED, what="every result shown")
    return page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.textContent.trim())")


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_pyhajoki_in_each_language(served, browser, lang):
    page = new_page(browser)
    found = search_from_header(page, served, lang, "Pyhäjoki")
    assert page.url == f"{served}{LANGS[lang]}search/?q={quote('Pyhäjoki')}"
    assert case_title("pyhajoki-language-support-volunteers", lang) in found
    # Only this language's pages: the other language's title is not among the results.
    other = "en" if lang == "sv" else "sv"
    assert case_title("pyhajoki-language-support-volunteers", other) not in found
    # The query lives in the address: reloading shows the same results.
    page.reload()
    assert case_title("pyhajoki-language-support-volunteers", lang) in results(page)
    assert page.input_value(".pagefind-ui__search-input") == "Pyhäjoki"
    page.close()


@pytest.mark.parametrize("lang, query", [("sv", "Vanda"), ("en", "Vantaa")])
def test_search_finds_a_municipality(served, browser, lang, query):
    page = new_page(browser)
    page.goto(f"{served}{LANGS[lang]}search/?q={quote(query)}")
    assert results(page)[0] == case_title("vantaa-tsemppari", lang)
    page.close()


@pytest.mark.parametrize("lang, query", [("sv", "Utbildning"), ("en", "Education")])
def test_search_finds_a_theme_word(served, browser, lang, query):
    # The theme's page comes first; every case with the theme is among the results.
    page = new_page(browser)
    page.goto(f"{served}{LANGS[lang]}search/?q={quote(query)}")
    found = results(page, every=True)
    assert found[0] == query
    with_theme = [p.stem for p in (ROOT / "cases").glob("*.yaml") if "education" in read_yaml(p)["themes"]]
    assert with_theme and all(case_title(c, lang) in found for c in with_theme)
    page.close()


def test_swedish_inflected_form_finds_the_case(served, browser):
    # "läxhjälpens" (the homework help's) never occurs in the case; the Swedish stemmer matches
    # it to "läxhjälp" and "läxhjälpen", which do.
    case_text = (ROOT / "cases" / "gavle-study-group.yaml").read_text(encoding="utf-8").lower()
    assert "läxhjälpens" not in case_text and "läxhjälpen" in case_text
    page = new_page(browser)
    page.goto(f"{served}search/?q={quote('läxhjälpens')}")
    assert case_title("gavle-study-group", "sv") in results(page)
    page.close()


def test_search_makes_no_request_to_other_hosts(served, browser):
    page = new_page(browser)
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(f"{served}en/search/?q=library")
    results(page)
    page.close()
    assert hosts == {served.split("/")[2]}


def test_search_page_without_javascript_points_to_the_finder(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}en/search/")
    text = page.inner_text(".pb-search")
    assert "Search needs JavaScript" in text
    assert page.get_attribute(".pb-search a", "href") == "../finder/"
    context.close()
