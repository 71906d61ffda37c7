"""WCAG 2.1 AA: axe-core reports no violations on each kind of page, in both languages."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "finder/", "cases/gavle-study-group/", "themes/education/", "overview/", "search/?q=Pyh%C3%A4joki"]


@pytest.mark.parametrize("lang_dir", ["", "en/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(served, browser, lang_dir, path):
    page = browser.new_page()
    page.goto(f"{served}{lang_dir}{path}")
    page.wait_for_load_state("networkidle")
    if "search/" in path:  # check the page with its results shown
        page.wait_for_selector(".pagefind-ui__result-link", timeout=20000)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    page.close()
    assert result == [], json.dumps(result, indent=1)
