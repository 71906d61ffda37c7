"""The pages the guide generates from data, and their addresses.

Every generated page is described by a PageSpec: where it lives, its title in each language,
and the macro call that renders it. Paths are the same in both languages, so the language
switcher can link a page to its twin by swapping the language root.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from . import languages
from .guide import Guide
from .model import FACET, LISTED
from .strings import t


@dataclass(frozen=True)
class PageSpec:
    src_uri: str          # e.g. "cases/haninge-parent-network.md"
    title: str
    macro: str            # the Markdown source: one macro call, never case text
    listing: tuple[str, str] | None = None  # a listing page's (facet id, value): it shows those cases

    @property
    def url(self) -> str:
        return self.src_uri[:-len("index.md")] if self.src_uri.endswith("index.md") else self.src_uri[:-3] + "/"


# The navigation of both languages: (interface-text key of the title, page). The titles of
# generated pages come from the same keys, so a title is written once.
NAV = [("home", "index.md"), ("finder", "finder.md"), ("all_themes", "themes/index.md"),
       ("all_sizes", "sizes/index.md"), ("all_duties", "legal-duties/index.md"), ("overview", "overview.md"),
       ("glossary", "glossary.md"), ("about_sources", "sources.md"), ("contribute", "contribute.md")]


def nav(lang: str) -> list[dict[str, str]]:
    """The nav as MkDocs' config has it: [{title: page}, ...]."""
    return [{t(key, lang): page} for key, page in NAV]


PDF_DIR = "pdf"  # the PDFs (training packs; cases/ for each case's), under each language's root
# scripts/build.py makes the PDFs before the site and names their manifest (paths, sizes, pages)
# in this environment variable, for the pages that link them (macros/build_context.py).
PDF_MANIFEST_ENV = "PRAKTIKBANKEN_PDF_MANIFEST"


def pack_name(lang: str, theme: str | None = None, volume: int = 0) -> str:
    """A pack's file: the whole guide's or a theme's, or one volume of it (packs.py)."""
    return f"praktikbanken-{lang}-{'theme-' + theme if theme else 'all'}{f'-volume-{volume}' if volume else ''}.pdf"


def case_pdf_name(lang: str, case_id: str) -> str:
    """Under PDF_DIR, in its own folder: a case id may be any slug, "all" too."""
    return f"cases/praktikbanken-{lang}-{case_id}.pdf"


def case_url(case_id: str) -> str:
    return f"cases/{case_id}/"


def listing_url(kind: str, key: str | None = None) -> str:
    folder = FACET[kind].folder
    return f"{folder}/{key}/" if key else f"{folder}/"


def relative(target: str, page_url: str) -> str:
    """A link from the page at page_url to target (both site-relative directory URLs)."""
    base = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url.rstrip("/")
    rel = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel


def theme_settings(code: str) -> dict:
    """What the theme overrides read from config.extra.praktikbanken for one language (set by the
    hooks; a benchmark's plain-MkDocs copy sets the same)."""
    return {"language_root": languages.BY_CODE[code].root, "feed_title": t("feed_title", code),
            "search_label": t("search_whole_guide", code), "search_placeholder": t("search_placeholder", code)}


CASE_DIR = "cases/"


def case_source(case_id: str) -> str:
    return f"{CASE_DIR}{case_id}.md"


def case_of_source(src_uri: str) -> str | None:
    """The case id of a generated case page's source path (cases/<id>.md), else None."""
    if src_uri.startswith(CASE_DIR) and src_uri.endswith(".md") and "/" not in src_uri[len(CASE_DIR):]:
        return src_uri[len(CASE_DIR):-3]
    return None


def page_specs(guide: Guide, lang: str) -> list[PageSpec]:
    # Every case page has the same source (the macro reads the case from the page's path), so the
    # macros engine compiles it once, not once per case (main.py).
    specs = [PageSpec(case_source(c.id), c.title(lang), "{{ pb_case() }}") for c in guide.cases.values()]
    specs.append(PageSpec("finder.md", t("finder", lang), "{{ pb_finder() }}"))
    specs.append(PageSpec("search.md", t("search", lang), "{{ pb_search() }}"))
    specs.append(PageSpec("overview.md", t("overview", lang), "{{ pb_overview() }}"))
    specs.append(PageSpec("glossary.md", t("glossary", lang), "{{ pb_glossary() }}"))
    specs.append(PageSpec("sources.md", t("about_sources", lang), "{{ pb_sources() }}"))
    for facet in LISTED:
        specs.append(PageSpec(f"{facet.folder}/index.md", t(facet.index_title, lang),
                              f'{{{{ pb_listing_index("{facet.id}") }}}}'))
        for key, entry in getattr(guide.taxonomies, facet.taxonomy).items():
            title = entry.label[lang]
            if facet.id == "duty":
                where = f"{entry.section} " if entry.section else ""
                title = f"{where}{entry.statute.number}: {title}"
            specs.append(PageSpec(f"{facet.folder}/{key}.md", title, f'{{{{ pb_listing("{facet.id}", "{key}") }}}}',
                                  listing=(facet.id, key)))
    return specs
