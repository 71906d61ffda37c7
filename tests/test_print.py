"""Printing: case pages as A4 handouts in Chromium, and the PDF training packs."""
from __future__ import annotations

import re
import subprocess

import pikepdf
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


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang_dir, lang", [(language.root, language.code) for language in LANGUAGES])
def test_theme_packs_have_contents_and_every_case_of_their_theme(packed_site, lang_dir, lang):
    site = packed_site
    cases = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    cases = {k: v for k, v in cases.items() if not v.get("draft")}
    for theme in read_yaml(ROOT / "data" / "themes.yaml"):
        members = [c for c in cases.values() if theme["id"] in c["themes"]]
        pack = site / lang_dir / "pdf" / f"praktikbanken-{lang}-theme-{theme['id']}.pdf"
        if not members:
            assert not pack.exists()
            continue
        text = flat(pdf_text(pack))
        assert {"sv": "Innehåll", "en": "Contents"}[lang] in text
        assert {"sv": "Översikt för utbildare", "en": "Overview for trainers"}[lang] in text
        assert theme["label"][lang] in text
        for case in members:
            assert flat(case["title"][lang]) in text, (theme["id"], case["title"][lang])
        assert pdf_pages(pack) >= len(members) + 2  # cover, contents, a page per case at least
    whole = flat(pdf_text(site / lang_dir / "pdf" / f"praktikbanken-{lang}-all.pdf"))
    assert all(flat(c["title"][lang]) in whole for c in cases.values())


def page_texts(path):
    """The text of each page (pdftotext marks page ends with a form feed)."""
    return pdf_text(path).split("\f")[:-1]


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_contents_page_numbers_are_the_printed_numbers_of_the_pages_where_cases_start(packed_site, lang):
    language = next(x for x in LANGUAGES if x.code == lang)
    cases = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    for pack in sorted((packed_site / language.root / "pdf").glob("praktikbanken-*.pdf"))[:4]:
        pages = page_texts(pack)
        with pikepdf.open(pack) as pdf:  # the printed numbers start at 1 on the first case's page
            labels = list(pdf.Root.PageLabels.Nums)
            body = int(labels[2])
            assert str(labels[1].S) == "/r" and str(labels[3].S) == "/D"
            toc_links = [a for page in pdf.pages[:body] for a in page.obj.get("/Annots", [])
                         if "/Dest" in a and a.get("/Subtype") == "/Link"]
            link_targets = [pikepdf.Page(a.Dest[0]).index for a in toc_links]
        front = flat(" ".join(pages[:body]))
        contents = front[front.index({"sv": "Innehåll", "en": "Contents"}[lang]):]
        online = {"sv": "På webben:", "en": "Online:"}[lang]  # under each case's title, once
        starts = [i for i in range(body, len(pages)) if online in pages[i]]
        members = [c for c in cases.values() if not c.get("draft") and flat(c["title"][lang]) in front]
        assert len(starts) == len(members), pack.name
        for case in members:
            title = flat(case["title"][lang])
            number = int(re.search(re.escape(title) + r"[^.]*?[ .]+(\d+)", contents).group(1))
            page = pages[body + number - 1]
            assert re.sub(r"-\s+", "-", title) in re.sub(r"-\s+", "-", flat(page)), (pack.name, title, number)
            footer = [line for line in page.split("\n") if line.strip()][-1]
            assert footer.strip().endswith(f" {number}"), (pack.name, title, footer)
            assert body + number - 1 in link_targets  # the contents entry links to that page
            assert body + number - 1 in starts


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_every_case_has_its_own_tagged_pdf_in_its_language_linked_with_its_size(packed_site, lang):
    language = next(x for x in LANGUAGES if x.code == lang)
    cases = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    cases = {k: v for k, v in cases.items() if not v.get("draft")}
    for case_id, case in cases.items():
        page = packed_site / language.root / "cases" / case_id / "index.html"
        link = soup(page).select_one("p.pb-case-pdf a")
        assert link is not None, case_id
        target = (page.parent / link["href"]).resolve()
        expected = packed_site / language.root / "pdf" / "cases" / f"praktikbanken-{lang}-{case_id}.pdf"
        assert target == expected.resolve()
        facts = soup(page).select_one("p.pb-case-pdf .pb-pdf-facts").get_text()
        pages = pdf_pages(target)
        assert f"{pages} {'sidor' if lang == 'sv' else 'pages'}" in facts or pages == 1, (case_id, facts)
        size = round(target.stat().st_size / 1000)
        assert re.search(rf"\b{size} kB", facts.replace("\u00a0", " ")), (case_id, facts, size)
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M), case_id
        assert re.search(r"^Title:\s+" + re.escape(flat(case["title"][lang])), info, re.M), case_id
        with pikepdf.open(target) as pdf:
            assert str(pdf.Root.Lang) == lang
            assert pdf.Root.MarkInfo.Marked
        text = flat(pdf_text(target))
        address = f"{language.root}cases/{case_id}/"
        assert text.count("Praktikbanken – http") == pages and address in text  # its own address
        assert re.search(rf"\b1 ?/ ?{pages}\b", text) and re.search(rf"\b{pages} ?/ ?{pages}\b", text)


def structure(element, found):
    """The structure types of a tagged PDF, depth first."""
    if isinstance(element, pikepdf.Dictionary) and "/S" in element:
        found.append(str(element.S))
    kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary):
            structure(kid, found)
    return found


def test_packs_are_tagged_with_one_document_bookmarks_per_case_and_the_guides_address(packed_site):
    pack = packed_site / "en" / "pdf" / "praktikbanken-en-theme-education.pdf"
    members = [c for c in (read_yaml(p) for p in (ROOT / "cases").glob("*.yaml"))
               if "education" in c["themes"] and not c.get("draft")]
    with pikepdf.open(pack) as pdf:
        assert str(pdf.Root.Lang) == "en"
        types = structure(pdf.Root.StructTreeRoot, [])
        assert types.count("/Document") == 1
        assert types.count("/H1") == len(members) + 1  # the pack's title and each case's
        assert types.count("/Table") >= 1 + sum(1 for c in members if c.get("facts")) and "/TH" in types
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            # each case's bookmark opens the page where its title is printed, its sections' after it
            starts = {item.title: pikepdf.Page(item.destination[0]).index for item in outline.root}
            sections = [(starts[item.title], pikepdf.Page(child.destination[0]).index)
                        for item in outline.root for child in item.children]
        assert all(flat(c["title"]["en"]) in [flat(t) for t in titles] for c in members)
        assert sections and all(start <= section for start, section in sections)
    texts = [flat(text) for text in page_texts(pack)]
    for title, index in starts.items():
        assert " ".join(flat(title).split()[:3]) in texts[index], (title, index)
    with pikepdf.open(pack) as pdf:
        # every page's marked content belongs to the tree: the parent tree has an entry per page
        keys = [int(k) for k in list(pdf.Root.StructTreeRoot.ParentTree.Nums)[::2]]
        for page in pdf.pages:
            assert int(page.obj.StructParents) in keys
    cover = page_texts(pack)[0]
    assert "The guide online: http" in cover and "Version of " in cover
    assert re.search(r"Version of \d{1,2} [A-Z][a-z]+ \d{4}", flat(cover))  # the date in words, not 12/2/2026


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_printed_cases_are_lean(packed_site, lang):
    """Related practices as a list of titles, silent sections in one line, no site chrome."""
    language = next(x for x in LANGUAGES if x.code == lang)
    not_stated = {"sv": "Uppgift saknas", "en": "Not stated"}[lang]
    for path in sorted((packed_site / language.root / "pdf" / "cases").glob("*.pdf"))[:15]:
        text = pdf_text(path)
        assert text.count(not_stated) <= 2, path.name
        for chrome in {"sv": ("Skriv ut praktiken", "Kopiera länk", "Utskriftsversion", "Hoppa till"),
                       "en": ("Print this practice", "Copy link", "Print version", "Skip to")}[lang]:
            assert chrome not in text, (path.name, chrome)
        if ("Liknande teman" if lang == "sv" else "Similar themes") in text:
            related = text[text.index("Liknande teman" if lang == "sv" else "Similar themes"):]
            assert "·" not in related  # cards' meta lines (place · size) are not printed


def test_theme_pages_link_to_their_packs_with_size_and_pages(packed_site):
    page = packed_site / "en" / "themes" / "education" / "index.html"
    link = soup(page).select_one("p.pb-pack a")
    target = (page.parent / link["href"]).resolve()
    assert target == (packed_site / "en" / "pdf" / "praktikbanken-en-theme-education.pdf").resolve()
    facts = soup(page).select_one("p.pb-pack .pb-pdf-facts").get_text()
    assert f"{pdf_pages(target)} pages" in facts


def test_a_build_without_pdfs_says_where_they_come_from_instead_of_linking_to_nothing(site):
    for page in (site / "en" / "cases" / "gavle-study-group" / "index.html",
                 site / "themes" / "education" / "index.html"):
        html = soup(page)
        assert not html.select('a[href$=".pdf"]'), page
        note = html.select_one(".pb-case-pdf, .pb-pack").get_text()
        assert "make build" in note
