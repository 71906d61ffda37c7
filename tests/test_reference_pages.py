"""Glossary and About-the-sources pages, and the rule that no source sentence is copied."""
from __future__ import annotations

from conftest import ROOT, read_yaml, run, soup


def test_glossary_lists_every_term_in_both_languages(site):
    glossary = read_yaml(ROOT / "data" / "glossary.yaml")
    for lang_dir, lang, other in (("", "sv", "en"), ("en/", "en", "sv")):
        html = soup(site / lang_dir / "glossary" / "index.html")
        entries = html.select("dl.pb-glossary > div")
        assert len(entries) == len(glossary)
        for entry in glossary:
            div = html.find(id=entry["id"])
            assert entry["term"][lang] in div.dt.get_text() and entry["term"][other] in div.dt.get_text()
            assert div.dd.get_text() == entry["definition"][lang]


def test_about_the_sources_lists_each_document_with_its_cases(site):
    cases = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    for lang_dir in ("", "en/"):
        html = soup(site / lang_dir / "sources" / "index.html")
        for doc in read_yaml(ROOT / "data" / "sources.yaml"):
            section = html.find("section", id=doc["id"])
            assert doc["publisher"] in section.get_text() and str(doc["year"]) in section.get_text()
            linked = {a["href"].rstrip("/").split("/")[-1] for a in section.select("ul a")}
            expected = {cid for cid, c in cases.items() if not c.get("draft")
                        and any(s["document"] == doc["id"] for s in c["sources"])}
            assert linked == expected, doc["id"]


def test_no_passage_is_copied_from_the_sources():
    tool = ROOT.parent / "shared" / "tools" / "copied_text.py"
    result = run("python3", tool, "cases", "docs", "data", "macros")
    assert result.returncode == 0, result.stdout[-3000:]


def test_not_included_entries_are_indexed_practices_without_a_case():
    # Every "not included" entry names a practice of the sources' index, and none is also a case.
    index = {e["id"] for e in read_yaml(ROOT.parent / "shared" / "sources" / "cases-index.yaml")}
    left_out = [e["id"] for e in read_yaml(ROOT / "data" / "not-included.yaml")]
    cases = {p.stem for p in (ROOT / "cases").glob("*.yaml")}
    assert len(left_out) == len(set(left_out))
    assert set(left_out) <= index, set(left_out) - index
    assert not set(left_out) & cases


def test_every_indexed_practice_is_a_case_or_not_included():
    # Issue 3's "done when": all practices of the sources' index are accounted for, by count.
    index = [e["id"] for e in read_yaml(ROOT.parent / "shared" / "sources" / "cases-index.yaml")]
    left_out = {e["id"] for e in read_yaml(ROOT / "data" / "not-included.yaml")}
    published = {p.stem for p in (ROOT / "cases").glob("*.yaml") if not read_yaml(p).get("draft")}
    unaccounted = [i for i in index if i not in published and i not in left_out]
    assert not unaccounted, unaccounted
    assert len(index) == 61
    assert len(set(index) & published) + len(left_out) == len(index)
