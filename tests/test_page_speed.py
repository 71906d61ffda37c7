"""The per-page shortcuts of the build (issue 18): ready HTML skips Markdown, and the case pages
share one template source. Their output must be what the long way gives."""
from __future__ import annotations

import markdown

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
