"""What the PDFs say: the HTML of each case's print, of each pack's front matter and of the page
numbers, laid out for print by pack.css (WeasyPrint turns them into PDF: pdf_build.py).

A case is printed once per language (its *part*); the case's own PDF and every pack it belongs
to are made of that part, so each case is laid out once. A pack is its front matter (cover,
trainer's overview, contents) followed by the parts of its cases. The front matter is numbered
in roman numerals, the cases from 1, as in books: so the contents' page numbers do not depend on
how long the front matter is.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import markdown
from markupsafe import Markup

from . import languages
from .guide import Case, Guide
from .render import Renderer, date_text
from .site import PDF_DIR, case_pdf_name, case_url, pack_name
from .strings import t
from .templating import render

CSS = Markup((Path(__file__).with_name("pack.css")).read_text(encoding="utf-8"))


# A pack of more cases comes in volumes of at most this many (about 300 pages): a size a trainer
# can print and bind, and a pack an edit joins again in a second or two, not one of thousands of
# pages. Today's guide fits in one.
VOLUME_CASES = 100


@dataclass(frozen=True)
class Pack:
    name: str           # file name, e.g. praktikbanken-en-theme-education.pdf (…-volume-2.pdf)
    title: str
    cases: list[Case]   # in the order printed
    part_of: str = ""   # a volume's: the pack's name without its volume
    volume: int = 0     # a volume's number, from 1, of volumes
    volumes: int = 0
    range: str = ""     # a volume's first and last initials, e.g. "A–F"


def renderer(guide: Guide, lang: str) -> Renderer:
    return Renderer(guide, lang, to_site_root="../" * languages.root(lang).count("/"))


def planned_packs(guide: Guide, lang: str) -> list[Pack]:
    """The whole guide and one pack per theme that has cases, each sorted by title (in volumes
    where it holds more than VOLUME_CASES cases)."""
    r = renderer(guide, lang)
    packs = _volumes(lang, None, t("pack_all_title", lang), r.sorted_cases(guide.cases.values()))
    for theme in guide.taxonomies.themes.values():
        cases = [c for c in guide.cases.values() if any(e.id == theme.id for e in c.themes)]
        if cases:
            title = t("pack_theme_title", lang, theme=theme.label[lang])
            packs += _volumes(lang, theme.id, title, r.sorted_cases(cases))
    return packs


def _volumes(lang: str, theme: str | None, title: str, cases: list[Case]) -> list[Pack]:
    """One pack, or volumes of nearly equal length in the same order."""
    name = pack_name(lang, theme)
    count = -(-len(cases) // VOLUME_CASES)
    if count <= 1:
        return [Pack(name, title, cases)]
    volumes, start = [], 0
    for n in range(1, count + 1):
        size = len(cases) // count + (1 if n <= len(cases) % count else 0)
        chunk, start = cases[start:start + size], start + size
        initials = f"{_initial(chunk[0], lang)}–{_initial(chunk[-1], lang)}"
        volumes.append(Pack(pack_name(lang, theme, volume=n), t("pack_volume_title", lang, title=title, volume=n,
                                                                volumes=count, range=initials),
                            chunk, part_of=name, volume=n, volumes=count, range=initials))
    return volumes


def _initial(case: Case, lang: str) -> str:
    title = case.title(lang).lstrip("\"'«»“”‘’([ ")
    return title[:1].upper() or "?"


def page_address(site_url: str, lang: str, path: str) -> str:
    """The public address of a page or file of one language."""
    return site_url.rstrip("/") + "/" + languages.root(lang) + path


def part_html(r: Renderer, case: Case, site_url: str) -> tuple[str, str]:
    """(HTML, base URL) of a case's print: the site's case template, so the PDF never says
    something the page does not. Its links are written from the language's root and resolve
    against that root's public address, the same for every case of the language, so that several
    cases can be laid out as one document (pdf_build.py)."""
    address = page_address(site_url, r.lang, case_url(case.id))
    body = Markup(markdown.markdown(r.case_page(case, "")))
    html = render("pdf_case.html", r=r, t=lambda key, **v: t(key, r.lang, **v), case=case, body=body,
                  address=address, css=CSS)
    return html, page_address(site_url, r.lang, "")


def front_html(r: Renderer, pack: Pack, starts: list[int], site_url: str, today: datetime.date) -> str:
    """The cover, the trainer's overview (a row per case) and the contents with each case's first
    page (starts, counted from 1 at the first case)."""
    home = page_address(site_url, r.lang, "")
    return render("pdf_front.html", r=r, t=lambda key, **v: t(key, r.lang, **v), title=pack.title,
                  rows=list(zip(pack.cases, starts, strict=True)), home=home, css=CSS,
                  date=date_text(today.isoformat(), r.lang), mark=TOC_MARK)


def stamp_html(count: int, with_total: bool) -> str:
    """Pages that hold only a page number ("3" or "3 / 7"), laid over the parts' pages."""
    return render("pdf_stamp.html", count=count, with_total=with_total, css=CSS)


# The contents' entries link to the case's first page. WeasyPrint can link only within one
# document, so they carry this address, which pdf_assembly replaces by a link to the page.
TOC_MARK = "https://praktikbanken.invalid/page/"


def case_pdf_path(lang: str, case_id: str) -> str:
    """Where a case's PDF is published, from the language's root."""
    return f"{PDF_DIR}/{case_pdf_name(lang, case_id)}"


def pack_path(name: str) -> str:
    return f"{PDF_DIR}/{name}"
