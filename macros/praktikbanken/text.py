"""Case text to HTML: a small, safe subset of Markdown.

Case text is data, never code. Paragraphs, lists, emphasis and links are allowed; raw HTML is
shown as text, images are dropped (they would load from third parties), headings and code blocks
are not recognised, and only http, https and mailto links keep their target.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"http", "https", "mailto"}
# Python-Markdown's link patterns take time quadratic in the number of '[' in a text (8,000 cost
# 15 s). A real text has a few links; this bound keeps one text's render in milliseconds.
MAX_BRACKETS = 200


def markup_problem(text: str) -> str | None:
    """Why a text would be too costly to render, or None. The validator asks before any render."""
    count = text.count("[")
    if count > MAX_BRACKETS:
        return (f"has {count} '[' characters; at most {MAX_BRACKETS} are allowed in one text "
                "(each link needs one pair [text](address))")
    return None


class _DefuseTree(Treeprocessor):
    def run(self, root):
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":  # never load anything from elsewhere
                    alt = child.get("alt", "")
                    parent.remove(child)
                    if alt:
                        parent.text = (parent.text or "") + alt
            if parent.tag == "a":
                href = parent.get("href", "")
                if not _safe_href(href):
                    parent.attrib.pop("href", None)
                    parent.tag = "span"
                else:
                    parent.set("rel", "nofollow noopener")
        return None


def _safe_href(href: str) -> bool:
    cleaned = "".join(ch for ch in href if ch.isprintable() and not ch.isspace()).lower()
    scheme = urlsplit(cleaned).scheme
    return scheme in SAFE_SCHEMES


class _SafeExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        for name in ("image_link", "image_reference", "short_image_ref", "reference", "short_reference"):
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        for name in ("hashheader", "setextheader", "code", "hr", "reference"):
            if name in md.parser.blockprocessors:
                md.parser.blockprocessors.deregister(name)
        md.treeprocessors.register(_DefuseTree(md), "praktikbanken_defuse", 0)


_md = markdown.Markdown(extensions=[_SafeExtension(), "sane_lists"], output_format="html")


def to_html(text: str) -> str:
    """Render a case text field. The result is safe to place in a page as HTML."""
    _md.reset()
    return _md.convert(text)


def to_item_html(text: str) -> str:
    """Like to_html, for a list item: a lone paragraph is unwrapped."""
    out = to_html(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4]
    return out
