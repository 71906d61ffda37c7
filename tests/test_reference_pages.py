"""Glossary and About-the-sources pages, the index of practices in the sources, and the rule that no
source sentence is copied."""
from __future__ import annotations

import re

from conftest import PYTHON, ROOT, read_yaml, run, soup
from praktikbanken.languages import LANGUAGES


def test_glossary_lists_every_term_in_both_languages(site):
    glossary = read_yaml(ROOT / "data" / "glossary.yaml")
    for lang_dir, lang, other in ((a.root, a.code, b.code) for a in LANGUAGES for b in LANGUAGES if a != b):
        html = soup(site / lang_dir / "glossary" / "index.html")
        entries = html.select("dl.pb-glossary > div")
        assert len(entries) == len(glossary)
        for entry in glossary:
            div = html.find(id=entry["id"])
            assert entry["term"][lang] in div.dt.get_text() and entry["term"][other] in div.dt.get_text()
            assert div.dd.get_text() == entry["definition"][lang]


def test_about_the_sources_lists_each_document_with_its_cases(site):
    cases = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    for lang_dir in (language.root for language in LANGUAGES):
        html = soup(site / lang_dir / "sources" / "index.html")
        for doc in read_yaml(ROOT / "data" / "sources.yaml"):
            section = html.find("section", id=doc["id"])
            assert doc["publisher"] in section.get_text() and str(doc["year"]) in section.get_text()
            linked = {a["href"].rstrip("/").split("/")[-1] for a in section.select("ul a")}
            expected = {cid for cid, c in cases.items() if not c.get("draft")
                        and any(s["document"] == doc["id"] for s in c["sources"])}
            assert linked == expected, doc["id"]


def indexed_practices() -> dict[str, list[str]]:
    """The practices each source document describes (data/sources.yaml's `practices`), by document."""
    return {doc["id"]: doc.get("practices", []) for doc in read_yaml(ROOT / "data" / "sources.yaml")}


def test_not_included_entries_are_indexed_practices_without_a_case():
    # Every "not included" entry names a practice of its document's index, and none is also a case.
    by_document = indexed_practices()
    index = {p for practices in by_document.values() for p in practices}
    entries = read_yaml(ROOT / "data" / "not-included.yaml")
    left_out = [e["id"] for e in entries]
    cases = {p.stem for p in (ROOT / "cases").glob("*.yaml")}
    assert len(left_out) == len(set(left_out))
    assert set(left_out) <= index, set(left_out) - index
    assert not set(left_out) & cases
    assert [e["id"] for e in entries if e["id"] not in by_document[e["document"]]] == []


def test_every_indexed_practice_is_a_case_or_not_included():
    # Issue 3's "done when": all practices of the sources' index are accounted for, by count.
    by_document = indexed_practices()
    index = [p for practices in by_document.values() for p in practices]
    left_out = {e["id"] for e in read_yaml(ROOT / "data" / "not-included.yaml")}
    cases = {p.stem: read_yaml(p) for p in (ROOT / "cases").glob("*.yaml")}
    published = {cid for cid, case in cases.items() if not case.get("draft")}
    unaccounted = [i for i in index if i not in published and i not in left_out]
    assert not unaccounted, unaccounted
    assert len(index) == 61
    assert len(set(index)) == len(index), "a practice is listed under two documents"
    assert len(set(index) & published) + len(left_out) == len(index)
    # A case taken from a document cites it.
    uncited = [(cid, doc) for doc, practices in by_document.items() for cid in practices
               if cid in cases and doc not in {s["document"] for s in cases[cid]["sources"]}]
    assert uncited == []


def test_a_source_document_needs_no_plain_text_file(project):
    # `file` only names the plain text reviewers read; a new report may have none.
    from praktikbanken.guide import load_guide
    sources = project / "data" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    line = "  file: lansstyrelsen-romsk-inkludering-i-praktiken-2020.txt\n"
    assert line in text
    sources.write_text(text.replace(line, "", 1), encoding="utf-8")
    assert "lansstyrelsen-2020" in load_guide(project).taxonomies.sources


# -- with the source texts (PRAKTIKBANKEN_SHARED; skipped, with the reason, where they are absent) --
def test_no_passage_is_copied_from_the_sources(shared):
    result = run(PYTHON, shared / "tools" / "copied_text.py", "cases", "docs", "data", "macros")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_sources_list_the_practices_of_the_reviewers_index(shared):
    # data/sources.yaml's `practices` are exactly the ids the index (sources/cases-index.yaml) gives
    # each document; its `where` names the document's plain text, which `file` maps to the document.
    documents = read_yaml(ROOT / "data" / "sources.yaml")
    by_file = {doc["file"]: doc["id"] for doc in documents if "file" in doc}
    expected = {doc["id"]: [] for doc in documents}
    for entry in read_yaml(shared / "sources" / "cases-index.yaml"):
        file = re.match(r"\s*([^,\s]+)", entry["where"])[1]
        assert file in by_file, f"{entry['id']}: no document in data/sources.yaml has file: {file}"
        expected[by_file[file]].append(entry["id"])
    listed = indexed_practices()
    assert {doc: sorted(ids) for doc, ids in listed.items()} == {doc: sorted(ids) for doc, ids in expected.items()}
