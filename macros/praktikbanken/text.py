"""Case text to HTML: a small, safe subset of Markdown.

Case text is data, never code. Paragraphs, lists, emphasis and links are allowed; raw HTML is
shown as text, images are dropped (they would load from third parties), headings and code blocks
are not recognised, and only http, https and mailto links keep their target.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
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


class _GlossaryTree(Treeprocessor):
    """Links the first use of each glossary term on a page to its entry. `terms` and `seen` are
    set per page by `to_html(..., glossary=...)`; links and code are left alone."""
    terms: list[tuple[re.Pattern, str, str]] = []
    seen: set[str] = set()

    def run(self, root):
        if self.terms:
            self._walk(root)
        return None

    def _walk(self, element):
        if element.tag in ("a", "code"):
            return
        pieces = self._split(element.text or "")
        element.text = pieces[0]
        for offset, link in enumerate(pieces[1:]):
            element.insert(offset, link)
        for child in list(element):
            self._walk(child)
            pieces = self._split(child.tail or "")
            child.tail = pieces[0]
            index = list(element).index(child)
            for offset, link in enumerate(pieces[1:], 1):
                element.insert(index + offset, link)

    def _split(self, text: str) -> list:
        """[text before, <a>term</a> (its tail: the rest, linked on), ...]"""
        found = [(m, href, key) for pattern, href, key in self.terms if key not in self.seen
                 for m in [pattern.search(text)] if m]
        if not found:
            return [text]
        match, href, key = min(found, key=lambda f: f[0].start())
        self.seen.add(key)
        link = etree.Element("a", {"href": href, "class": "pb-term"})
        link.text = match.group(0)
        rest = self._split(text[match.end():])
        link.tail = rest[0]
        return [text[:match.start()], link, *rest[1:]]


# Endings that still name the same term (bridge builders, brobyggaren); a glossary term is matched
# as whole words, without regard to case.
TERM_ENDINGS = {"sv": r"(?:n|en|et|na|er|ar|or|erna|arna|orna|s|ns|ens)?", "en": r"(?:s|es)?"}


def glossary_patterns(terms: list[tuple[str, str, str]], lang: str) -> list[tuple[re.Pattern, str, str]]:
    """(term, href, key) -> compiled patterns for to_html's glossary links."""
    ending = TERM_ENDINGS.get(lang, "")
    return [(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + ending + r"(?!\w)", re.I), href, key)
            for term, href, key in terms]


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
        md.treeprocessors.register(_GLOSSARY, "praktikbanken_glossary", -1)


_GLOSSARY = _GlossaryTree()
_md = markdown.Markdown(extensions=[_SafeExtension(), "sane_lists"], output_format="html")


def to_html(text: str, glossary: tuple[list, set] | None = None) -> str:
    """Render a case text field. The result is safe to place in a page as HTML. With glossary
    (patterns from glossary_patterns, and the set of terms already linked on this page), the
    first use of each term links to its entry."""
    _GLOSSARY.terms, _GLOSSARY.seen = glossary if glossary else ([], set())
    _md.reset()
    try:
        return _md.convert(text)
    finally:
        _GLOSSARY.terms = []


def to_item_html(text: str, glossary: tuple[list, set] | None = None) -> str:
    """Like to_html, for a list item: a lone paragraph is unwrapped."""
    out = to_html(text, glossary)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4]
    return out
