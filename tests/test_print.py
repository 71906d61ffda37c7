"""Printing: case pages as A4 handouts in Chromium, and the PDF training packs."""
from __future__ import annotations

import pytest

from conftest import ROOT, new_page, pdf_pages, pdf_text, read_yaml, soup
from praktikbanken.languages import LANGUAGES


@pytest.mark.parametrize("lang_dir, lang", [(language.root, language.code) for language in LANGUAGES])
def test_case_page_prints_as_a_clean_handout(served, browser, tmp_path, lang_dir, lang):
    case = read_yaml(ROOT / "cases" / "gavle-study-group.yaml")
    page = new_page(browser)
    page.goto(f"{served}{lang_dir}cases/gavle-study-group/")
    page.emulate_media(media="print")
    out = tmp_path / "case.pdf"
    page.pdf(path=str(out), format="A4")
    text = pdf_text(out)
    flat = " ".join(text.split())
    assert " ".join(case["title"][lang].split()) in flat
    assert "Gävle" in text
    headings = {"sv": ("Bakgrund", "Källor", "Kommunstorlek"), "en": ("Background", "Sources", "Municipality size")}
    for heading in headings[lang]:
        assert heading in text
    assert "Romsk inkludering i praktiken" in text  # the cited source
    # No navigation, search or footer chrome.
    for chrome in {"sv": ("Sök", "Ordlista", "Hoppa till"), "en": ("Search", "Glossary", "Skip to content")}[lang]:
        assert chrome not in text
    # The running footer names the guide and the page's address on every page.
    pages = pdf_pages(out)
    assert 1 <= pages <= 5
    assert text.count("Praktikbanken – http") == pages
    assert f"{lang_dir}cases/gavle-study-group/" in text
    page.close()


def test_every_case_prints_within_a_bounded_number_of_pages(served, browser, tmp_path):
    page = new_page(browser)
    for path in sorted((ROOT / "cases").glob("*.yaml"))[:12]:
        page.goto(f"{served}en/cases/{path.stem}/")
        page.emulate_media(media="print")
        out = tmp_path / f"{path.stem}.pdf"
        page.pdf(path=str(out), format="A4")
        assert pdf_pages(out) <= 6, path.stem
    page.close()


@pytest.mark.parametrize("lang_dir, lang", [(language.root, language.code) for language in LANGUAGES])
def test_theme_packs_have_contents_and_every_case_of_their_theme(packed_site, lang_dir, lang):
    site = packed_site
    cases = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    cases = {k: v for k, v in cases.items() if not v.get("draft")}
    for theme in read_yaml(ROOT / "data" / "themes.yaml"):
        members = [c for c in cases.values() if theme["id"] in c["themes"]]
        pack = site / lang_dir / "packs" / f"praktikbanken-{lang}-theme-{theme['id']}.pdf"
        if not members:
            assert not pack.exists()
            continue
        text = " ".join(pdf_text(pack).split())
        assert {"sv": "Innehåll", "en": "Contents"}[lang] in text
        assert theme["label"][lang] in text
        for case in members:
            assert " ".join(case["title"][lang].split()) in text, (theme["id"], case["title"][lang])
        assert pdf_pages(pack) >= len(members) + 2  # cover, contents, a page per case at least
    whole = " ".join(pdf_text(site / lang_dir / "packs" / f"praktikbanken-{lang}-all.pdf").split())
    assert all(" ".join(c["title"][lang].split()) in whole for c in cases.values())


def test_theme_pages_link_to_their_packs(packed_site):
    page = packed_site / "en" / "themes" / "education" / "index.html"
    link = soup(page).select_one("p.pb-pack a")
    target = (page.parent / link["href"]).resolve()
    assert target == (packed_site / "en" / "packs" / "praktikbanken-en-theme-education.pdf").resolve()
    assert target.exists()
