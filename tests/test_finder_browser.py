"""The finder in real headless Chromium: filters, URL state, no-JS fallback, print."""
from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT, build, copy_project, new_page, pdf_pages, read_yaml, serve, wait_for_element, wait_in_page
from praktikbanken.guide import load_guide
from praktikbanken.languages import LANGUAGES
from praktikbanken.synthetic import synthetic_cases

LANGS = {language.code: language.root for language in LANGUAGES}


def cases():
    found = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    return {k: v for k, v in found.items() if not v.get("draft")}


def visible(page) -> set[str]:
    return set(page.eval_on_selector_all(".pb-finder-cards > li:not([hidden])", "els => els.map(e => e.dataset.case)"))


def size_of(case: dict) -> str:
    data = read_yaml(ROOT / "data" / "municipalities" / f"{case['municipality']}.yaml")
    pop = data["population"]
    if pop == "not stated" or data["kind"] != "municipality":
        return "unknown"
    for c in read_yaml(ROOT / "data" / "size-classes.yaml"):
        if c["id"] != "unknown" and c.get("min", 0) <= pop["count"] and ("max" not in c or pop["count"] < c["max"]):
            return c["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_theme_then_size_filters_and_url_state(served, browser, lang):
    page = new_page(browser)
    page.goto(f"{served}{LANGS[lang]}finder/")
    wait_for_element(page, ".pb-finder-form:not([hidden])")
    all_cases = cases()
    assert visible(page) == set(all_cases)

    page.check("#f-theme-education")
    education = {k for k, c in all_cases.items() if "education" in c["themes"]}
    assert visible(page) == education
    assert page.inner_text(".pb-result-count").startswith(str(len(education)))
    assert "theme=education" in page.url

    size = size_of(all_cases["haninge-parent-network"])
    page.check(f"#f-size-{size}")
    both = {k for k in education if size_of(all_cases[k]) == size}
    assert visible(page) == both and "haninge-parent-network" in both

    page.reload()
    wait_for_element(page, ".pb-finder-form:not([hidden])")
    assert page.is_checked("#f-theme-education") and page.is_checked(f"#f-size-{size}")
    assert visible(page) == both

    page.go_back()
    wait_in_page(page, "() => !location.search.includes('size=')", what="going back")
    assert visible(page) == education

    page.click(".pb-clear")
    assert visible(page) == set(all_cases)
    page.fill("#pb-q", "pyhäjoki")
    assert visible(page) == {k for k, c in all_cases.items() if c["municipality"] == "pyhajoki"}
    page.close()


def test_the_finder_lists_every_case_without_javascript(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}en/finder/")
    assert visible(page) == set(cases())
    assert page.is_hidden(".pb-finder-form")
    hrefs = page.eval_on_selector_all(".pb-finder-nojs a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["../themes/", "../sizes/", "../legal-duties/"]
    context.close()


def test_finder_makes_no_request_to_other_hosts(served, browser):
    page = new_page(browser)
    hosts = []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))
    page.goto(f"{served}finder/")
    page.wait_for_load_state("networkidle", timeout=0)  # the local server answers every request
    assert hosts and all(h.startswith("127.0.0.1") for h in hosts), set(hosts)
    page.close()


def test_print_selection_by_url(served, browser, tmp_path):
    page = new_page(browser)
    page.goto(f"{served}en/finder/?theme=education&print=1")
    wait_for_element(page, ".pb-print-selection[data-ready]", state="attached")  # no limit: conftest.wait_in_page
    page.emulate_media(media="print")
    out = tmp_path / "selection.pdf"
    page.pdf(path=str(out), format="A4")
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    education = [c for c in cases().values() if "education" in c["themes"]]
    assert "Praktikbanken – selection" in text and "Themes: Education" in text
    for case in education:
        assert " ".join(case["title"]["en"].split()) in text
    cover = page.eval_on_selector_all(".pb-print-cover li", "els => els.map(e => e.textContent)")
    assert sorted(cover) == sorted(c["title"]["en"] for c in education)
    assert page.eval_on_selector_all(".pb-print-case", "els => els.length") == len(education)
    assert "Free text" not in text and "Clear all filters" not in text
    assert "Filter the practices" not in text and "Sort by" not in text  # no filter form
    # The footer names the selection's address on every page; each case starts with its own.
    pages = pdf_pages(out)
    assert text.count("Praktikbanken – http") == pages
    assert text.count("/en/finder/?theme=education") >= pages
    for case_id, case in cases().items():
        if "education" in case["themes"]:
            assert f"Online: {served}en/cases/{case_id}/" in text, case_id
    page.close()


PAGE_SIZE = 12  # the `large` guide's finder page size (extra.praktikbanken.finder_page_size)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A guide with more synthetic cases than the finder shows at once: (base URL, cases)."""
    root = copy_project(tmp_path_factory.mktemp("large") / "project", with_cases=False)
    # The finder's page size is a setting: a small one tests paging with few cases (a quick build).
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  praktikbanken:\n", f"  praktikbanken:\n    finder_page_size: {PAGE_SIZE}\n", 1), encoding="utf-8")
    for name, text in synthetic_cases(load_guide(ROOT), 2 * PAGE_SIZE + 7).items():
        (root / "cases" / name).write_text(text, encoding="utf-8")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stderr
    found = {p.stem: read_yaml(p) for p in (root / "cases").glob("*.yaml")}
    with serve(root / "site") as url:
        yield url, found


def listed(page) -> list[str]:
    return page.eval_on_selector_all(".pb-finder-cards > li:not([hidden])", "els => els.map(e => e.dataset.case)")


@pytest.mark.build  # the `large` guide
def test_long_lists_show_a_page_at_a_time(large, browser):
    url, found = large
    total = len(found)
    page = new_page(browser)
    page.goto(f"{url}en/finder/")
    wait_for_element(page, ".pb-finder-form:not([hidden])")
    assert len(listed(page)) == PAGE_SIZE
    assert page.inner_text(".pb-result-count") == f"{total} practices"
    assert page.inner_text(".pb-more") == f"Show more ({PAGE_SIZE} more)"
    first_page = listed(page)
    page.click(".pb-more")
    assert listed(page)[:PAGE_SIZE] == first_page and len(listed(page)) == 2 * PAGE_SIZE
    # Keyboard users continue at the first card added.
    assert page.evaluate("() => document.activeElement.closest('li').dataset.case") == listed(page)[PAGE_SIZE]
    page.click(".pb-more")
    assert len(listed(page)) == total and page.is_hidden(".pb-more")
    assert set(listed(page)) == set(found)

    # A filter starts again at its first page; the count is of every match, not of those shown.
    page.check("#f-theme-education")
    expected = {k for k, v in found.items() if "education" in v["themes"]}
    assert page.inner_text(".pb-result-count") == f"{len(expected)} practices"
    assert len(listed(page)) == min(PAGE_SIZE, len(expected)) and set(listed(page)) <= expected
    page.close()


def test_printing_the_finder_page_itself_prints_the_list_not_the_filter_form(served, browser, tmp_path):
    page = new_page(browser)
    page.goto(f"{served}en/finder/?theme=education")
    wait_for_element(page, ".pb-finder-form:not([hidden])")
    page.emulate_media(media="print")
    out = tmp_path / "finder.pdf"
    page.pdf(path=str(out), format="A4")
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for form_text in ("Filter the practices", "Sort by", "Clear all filters", "Narrow this list by words"):
        assert form_text not in text, form_text
    education = [c for c in cases().values() if "education" in c["themes"]]
    assert all(" ".join(c["title"]["en"].split()) in text for c in education)
    page.close()
