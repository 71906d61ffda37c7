"""WCAG 2.2 AA and axe's best practices: no violations on each kind of page, in both languages,
at desktop and phone sizes."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, SEARCH_DONE, new_page, wait_in_page
from praktikbanken.languages import LANGUAGES

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "finder/", "finder/?theme=housing&country=FI&role=employer", "cases/gavle-study-group/",
         "themes/education/", "themes/", "legal-duties/se-discrimination-act-3-1/", "overview/", "glossary/",
         "sources/", "contribute/", "404.html", "search/?q=Pyh%C3%A4joki"]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


AXE_RUN = """async () => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return r.violations.map(v => ({id: v.id, impact: v.impact,
                                   nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.mark.parametrize("lang_dir", [language.root for language in LANGUAGES])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(served, browser, lang_dir, path):
    """Each page at both sizes: the phone layout folds filters and stacks facts, so it is checked too."""
    page = new_page(browser, viewport=SIZES["desktop"])
    page.goto(f"{served}{lang_dir}{path}")
    page.wait_for_load_state("networkidle", timeout=0)  # the local server answers every request
    if "search/" in path:  # check the page with its results shown (no time limit: conftest.wait_in_page)
        wait_in_page(page, SEARCH_DONE, what="the search")
        assert page.locator(".pagefind-ui__result-link").count(), "the search found nothing"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = {}
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        found[size] = page.evaluate(AXE_RUN)
    page.close()
    assert found == {size: [] for size in SIZES}, json.dumps(found, indent=1)
