"""PDF training packs: one per theme and language, and the whole guide per language.

Each pack is a plain HTML document made from the same renderer as the site (so it never says
something the site does not), laid out for print by pack.css and turned into PDF by WeasyPrint:
a cover, a table of contents with page numbers, then one case per page.
"""
from __future__ import annotations

import datetime
from html import escape
from pathlib import Path

import markdown

from .guide import Case, Guide
from .render import Renderer, date_text
from .site import PACKS_DIR, pack_name
from .strings import t

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
    cases = sorted(cases, key=lambda c: c.title(lang).casefold())
    today_text = date_text((today or datetime.date.today()).isoformat(), lang)
    toc = "".join(f'<li><a href="#{escape(c.id)}">{escape(c.title(lang))}</a> '
                  f'<span class="toc-place">{escape(c.municipality.name(lang))}</span></li>' for c in cases)
    sections = []
    for case in cases:
        body = markdown.markdown(renderer.case_page(case, page_url))
        sections.append(f'<section class="case" id="{escape(case.id)}"><h1>{escape(case.title(lang))}</h1>{body}</section>')
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{CSS}</style></head>
<body>
<section class="cover">
  <p class="cover-guide">Praktikbanken</p>
  <h1 class="doc-title">{escape(title)}</h1>
  <p class="cover-meta">{escape(t("case_count", lang, n=len(cases)) if len(cases) != 1 else t("case_count_one", lang))} · {escape(today_text)}</p>
  <p class="cover-licence">{escape(t("pack_licence", lang))}</p>
</section>
<nav class="toc"><h2>{escape(t("contents", lang))}</h2><ol>{toc}</ol></nav>
{''.join(sections)}
</body></html>"""


def write_pdf(html: str, target: Path, base_url: str) -> None:
    from weasyprint import HTML  # imported here: only the pack build needs it (and its Pango libraries)

    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url).write_pdf(target)
