"""The per-page shortcuts of the build (issue 18): ready HTML skips Markdown, and the case pages
share one template source. Their output must be what the long way gives."""
from __future__ import annotations

import markdown
import pytest

from praktikbanken import templating
from praktikbanken.site import case_of_source, case_source


def _long_way(text: str) -> str:
    return markdown.markdown(text)


def test_held_blocks_come_back_whole_and_nested_and_a_forged_placeholder_stays_text():
    inner = templating.html_block('<p class="x">inner &amp; <b>bold</b></p>')
    outer_html = f"<section>\n\n{inner}\n\n</section>"
    plain = "## Heading\n" + str(templating.html_block(outer_html)) + "\nSome *text*."
    expected = _long_way(plain)

    templating.hold_blocks()
    inner = templating.html_block('<p class="x">inner &amp; <b>bold</b></p>')
    held_source = "## Heading\n" + str(templating.html_block(f"<section>\n\n{inner}\n\n</section>")) + "\nSome *text*."
    assert "inner" not in held_source  # Markdown sees placeholders only
    forged = '&lt;div data-pb-block="0000-0"&gt;&lt;/div&gt;'
    result = templating.put_back_blocks(_long_way(held_source) + forged)
    assert result == expected + forged
    assert 'data-pb-block' not in result.replace(forged, "")


def test_nothing_is_held_outside_a_page():
    assert str(templating.html_block("<p>a</p>\n\n<p>b</p>")) == "\n<p>a</p>\n<p>b</p>\n"
    assert templating.put_back_blocks("<p>x</p>") == "<p>x</p>"


def test_case_page_sources_name_their_case():
    assert case_of_source(case_source("gavle-study-group")) == "gavle-study-group"
    for other in ("finder.md", "cases/index.md.txt", "cases/sub/x.md", "themes/cases/x.md"):
        assert case_of_source(other) is None, other


def test_related_cases_are_reused_across_builds_with_the_current_cases(small):
    import yaml

    from praktikbanken import related
    from praktikbanken.guide import load_guide

    first = load_guide(small, include_drafts=False)
    before = related.build_index(first)
    path = next((small / "cases").glob("*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"]["en"] = "A new title"  # text only: the same choice, with the new title in it
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    second = load_guide(small, include_drafts=False)
    after = related.build_index(second)
    ids = {k: [(r.case.id, r.score, r.shared) for r in v] for k, v in before.items()}
    assert {k: [(r.case.id, r.score, r.shared) for r in v] for k, v in after.items()} == ids
    assert all(r.case is second.cases[r.case.id] for found in after.values() for r in found)
    assert second.cases[path.stem].data["title"]["en"] == "A new title"

    data["themes"] = ["housing"] if data["themes"] != ["housing"] else ["education"]  # a facet: chosen again
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    third = load_guide(small, include_drafts=False)
    def plain(index):
        return {k: [(r.case.id, r.score, r.shared) for r in v] for k, v in index.items()}

    assert plain(related.build_index(third)) == plain(related._choose(third))


@pytest.mark.build
def test_the_benchmark_baseline_has_every_page_with_its_content_and_builds(small, tmp_path):
    """`make bench` compares against plain MkDocs given the same pages; those pages must hold the
    same content as the guide's (a benchmark that measured empty pages would flatter us)."""
    import sys

    from conftest import PYTHON, ROOT, run
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import make_baseline

    from praktikbanken import languages
    from praktikbanken.guide import load_guide

    baseline = make_baseline(small, tmp_path / "baseline")
    guide = load_guide(small, include_drafts=False)
    for case in guide.cases.values():
        for lang in languages.CODES:  # each language's pages live in docs/<code>/
            page = (baseline / "docs" / lang / "cases" / f"{case.id}.md").read_text(encoding="utf-8")
            assert case.title(lang) in page and 'class="pb-facets"' in page, (case.id, lang)
    for language in languages.LANGUAGES:  # plain MkDocs, as the benchmark runs it
        result = run(PYTHON, "-m", "mkdocs", "build", "-q", "-f", language.config, "-d",
                     tmp_path / "out" / (language.root or "root"), cwd=baseline)
        assert result.returncode == 0, result.stderr[-3000:]
