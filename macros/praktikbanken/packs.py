"""PDF training packs: one per theme and language, and the whole guide per language.

Each pack is a plain HTML document made from the same renderer as the site (so it never says
something the site does not), laid out for print by pack.css and turned into PDF by WeasyPrint:
a cover, a table of contents with page numbers, then one case per page.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import markdown
from markupsafe import Markup

from .guide import Case, Guide
from .render import Renderer, date_text
from .site import PACKS_DIR, pack_name
from .strings import t
from .templating import render

CSS = (Path(__file__).with_name("pack.css")).read_text(encoding="utf-8")


def planned_packs(guide: Guide, lang: str) -> list[tuple[str, str, list[Case]]]:
    """(file name, title, cases) for every pack of one language."""
    packs = [(pack_name(lang), t("pack_all_title", lang), list(guide.cases.values()))]
    for theme in guide.taxonomies.themes.values():
        cases = [c for c in guide.cases.values() if any(e.id == theme.id for e in c.themes)]
        if cases:
            packs.append((pack_name(lang, theme.id), t("pack_theme_title", lang, theme=theme.label[lang]), cases))
    return packs


def pack_html(guide: Guide, lang: str, title: str, cases: list[Case], today: datetime.date | None = None) -> str:
    renderer = Renderer(guide, lang, to_site_root="../" if lang != "sv" else "")
    page_url = f"{PACKS_DIR}/"  # links are written relative to where the pack is published
    cases = renderer.sorted_cases(cases)
    bodies = [(case, Markup(markdown.markdown(renderer.case_page(case, page_url)))) for case in cases]
    return render("pack.html", r=renderer, t=lambda key, **values: t(key, lang, **values), title=title, cases=cases,
                  bodies=bodies, css=Markup(CSS), today=date_text((today or datetime.date.today()).isoformat(), lang))


def write_pdf(html: str, target: Path, base_url: str) -> None:
    from weasyprint import HTML  # imported here: only the pack build needs it (and its Pango libraries)

    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url).write_pdf(target)
