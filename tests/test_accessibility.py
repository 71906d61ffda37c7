"""WCAG 2.1 AA: axe-core reports no violations on each kind of page, in both languages."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, SEARCH_DONE, new_page, wait_in_page

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "finder/", "cases/gavle-study-group/", "themes/education/", "overview/", "search/?q=Pyh%C3%A4joki"]


@pytest.mark.parametrize("lang_dir", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(served, browser, lang_dir, path):
    page = new_page(browser)
    page.goto(f"{served}{lang_dir}{path}")
    page.wait_for_load_state("networkidle", timeout=0)  # the local server answers every request
    if "search/" in path:  # check the page with its results shown (no time limit: conftest.wait_in_page)
        wait_in_page(page, SEARCH_DONE, what="the search")
        assert page.locator(".pagefind-ui__result-link").count(), "the search found nothing"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    page.close()
    assert result == [], json.dumps(result, indent=1)
