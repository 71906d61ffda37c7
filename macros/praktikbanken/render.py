"""HTML for case pages, listing pages and their indexes, in one language.

Output is Markdown whose only Markdown is section headings (from our own interface text, so
they reach the table of contents); everything else is HTML built here, with every value from
a case or data file escaped or rendered through text.to_html. Nothing from a YAML file is ever
treated as a template, script or raw HTML.
"""
from __future__ import annotations

import datetime
from html import escape

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .charts import bar_chart, crosstab_chart
from .exports import DATA_DIR
from .guide import Case, Guide
from .related import related_to
from .site import LISTING_KINDS, PACKS_DIR, case_url, listing_url, pack_name, relative
from .strings import t
from .taxonomy import LegalDuty, SizeClass
from .text import to_html, to_item_html


def number(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


def country_name(code: str, lang: str) -> str:
    if code == "INT":
        return t("country_INT", lang)
    return Locale.parse(lang).territories.get(code, code)


def language_name(code: str, lang: str) -> str:
    return Locale.parse(lang).languages.get(code, code)


def date_text(iso: str, lang: str) -> str:
    return format_date(datetime.date.fromisoformat(iso), format="long", locale=lang)


def size_range(size: SizeClass, lang: str) -> str:
    if size.min is None and size.max is None:
        return ""
    if not size.min:
        return t("range_below", lang, max=number(size.max, lang))
    if size.max is None:
        return t("range_above", lang, min=number(size.min, lang))
    return t("range_between", lang, min=number(size.min, lang), max_incl=number(size.max - 1, lang))


def sort_key(text: str, lang: str) -> str:
    """Alphabetical order for the language: Swedish puts å, ä, ö after z, in that order."""
    key = text.casefold()
    if lang == "sv":
        key = key.translate(str.maketrans({"å": "{", "ä": "|", "ö": "}"}))
    return key


def _block(html: str) -> str:
    """An HTML block that Markdown passes through whole: no blank lines inside, blank lines around."""
    return "\n" + "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


class Renderer:
    def __init__(self, guide: Guide, lang: str, to_site_root: str = ""):
        self.guide = guide
        self.lang = lang
        self.to_site_root = to_site_root  # from this language's root to the site root ("../" for /en/)

    # -- small pieces -------------------------------------------------------------------
    def link(self, target: str, page_url: str, label: str, cls: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f'<a href="{escape(relative(target, page_url))}"{attr}>{escape(label)}</a>'

    def municipality_text(self, case: Case) -> str:
        m = case.municipality
        name = m.name(self.lang)
        others = [n for n in m.other_names(self.lang)]
        extra = f" ({t('also_known_as', self.lang)} {', '.join(others)})" if others else ""
        kind = f", {t('kind_' + m.kind, self.lang)}" if m.kind != "municipality" else ""
        return f"{name}{extra}{kind}"

    def population_text(self, case: Case) -> str:
        m = case.municipality
        if m.population is None:
            return t("not_stated", self.lang)
        count = number(m.population, self.lang)
        if m.population_approximate:
            count = f"{t('approximately', self.lang)} {count}"
        return t("population_value", self.lang, count=count, year=m.population_year, source=m.population_source)

    def size_label(self, size: SizeClass) -> str:
        span = size_range(size, self.lang)
        return f"{size.label[self.lang]} ({span})" if span else size.label[self.lang]

    def duty_label(self, duty: LegalDuty) -> str:
        where = f"{duty.section} " if duty.section else ""
        return f"{where}{duty.statute.number} – {duty.label[self.lang]}"

    def text_section(self, case: Case, key: str) -> str:
        value = case.text(key, self.lang)
        body = to_html(value) if value is not None else f'<p class="pb-not-stated">{escape(t("not_stated", self.lang))}</p>'
        return f"## {t(key, self.lang)}\n" + _block(f'<div class="pb-text pb-{key}">{body}</div>')

    def list_section(self, case: Case, key: str) -> str:
        items = case.text_list(key, self.lang)
        if items is None:
            body = f'<p class="pb-not-stated">{escape(t("not_stated", self.lang))}</p>'
        else:
            body = "<ul>" + "".join(f"<li>{to_item_html(item)}</li>" for item in items) + "</ul>"
        return f"## {t(key, self.lang)}\n" + _block(f'<div class="pb-text pb-{key}">{body}</div>')

    # -- case page ------------------------------------------------------------------------
    def case_page(self, case: Case, page_url: str) -> str:
        lang = self.lang
        parts = []
        if case.draft:
            parts.append(_block(f'<div class="pb-draft-banner" role="note"><strong>{escape(t("draft", lang))}</strong> '
                                f'{escape(t("draft_note", lang))}</div>'))
        parts.append(_block(f'<div class="pb-summary">{to_html(case.text("summary", lang))}</div>'))
        parts.append(_block(self.facets(case, page_url)))
        for key in ("background", "activities"):
            parts.append(self.text_section(case, key))
        parts.append(self.list_section(case, "partners"))
        for key in ("funding", "results", "evaluation", "challenges"):
            parts.append(self.text_section(case, key))
        parts.append(self.list_section(case, "conditions_for_success"))
        parts.append(self.list_section(case, "tips"))
        parts.append(self.text_section(case, "transferability"))
        if case.data["facts"]:
            parts.append(f"## {t('facts', lang)}\n" + _block(self.facts(case)))
        parts.append(f"## {t('legal_duties', lang)}\n" + _block(self.duties(case, page_url)))
        parts.append(f"## {t('sources', lang)}\n" + _block(self.sources(case)))
        parts.append(f"## {t('about_text', lang)}\n" + _block(self.about(case, page_url)))
        related = related_to(self.guide, case)
        if related:
            parts.append(f"## {t('related', lang)}\n" + _block(self.cards([r.case for r in related], page_url, sort=False)))
        return "\n".join(parts)

    def facets(self, case: Case, page_url: str) -> str:
        lang = self.lang
        rows = [
            ("municipality" if case.municipality.kind == "municipality" else "place", escape(self.municipality_text(case))),
            ("country", escape(country_name(case.country, lang))),
            ("population", escape(self.population_text(case))),
            ("size_class", self.link(listing_url("size", case.size_class.id), page_url, self.size_label(case.size_class))),
            ("period", escape(self.period_text(case))),
            ("status", escape(self.status_text(case))),
            ("scope", escape(t("scope_" + case.data["scope"], lang))),
            ("themes", ", ".join(self.link(listing_url("theme", e.id), page_url, e.label[lang]) for e in case.themes)),
            ("target_groups", escape(", ".join(e.label[lang] for e in case.target_groups))),
            ("municipal_roles", escape(", ".join(e.label[lang] for e in case.municipal_roles))),
            ("legal_duties", ", ".join(self.link(listing_url("duty", d.duty.id), page_url, self.duty_label(d.duty))
                                       for d in case.legal_duties) or escape(t("no_legal_duty", lang))),
        ]
        body = "".join(f'<div class="pb-facet pb-facet-{key}"><dt>{escape(t(key, lang))}</dt><dd>{value}</dd></div>'
                       for key, value in rows)
        return f'<dl class="pb-facets">{body}</dl>'

    def period_text(self, case: Case) -> str:
        period = case.data["period"]
        start = period["start"]
        if not isinstance(start, int):
            start_text = t("start_not_stated", self.lang)
            return f"{start_text}–{period['end']}" if "end" in period else start_text
        return f"{start}–{period['end']}" if "end" in period else f"{start}–"

    def status_text(self, case: Case) -> str:
        status = case.data["status"]
        checked = t("status_checked", self.lang, date=date_text(status["checked"], self.lang))
        text = f"{t('status_' + status['value'], self.lang)} ({checked})"
        if status.get("note"):
            text += f". {status['note'][self.lang]}"
        return text

    def facts(self, case: Case) -> str:
        rows = []
        for fact in case.data["facts"]:
            value = fact["value"]
            value = value[self.lang] if isinstance(value, dict) else (number(value, self.lang) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value))
            rows.append(f'<tr><th scope="row">{escape(fact["label"][self.lang])}</th><td>{escape(value)}</td></tr>')
        return f'<table class="pb-fact-table"><tbody>{"".join(rows)}</tbody></table>'

    def duties(self, case: Case, page_url: str) -> str:
        lang = self.lang
        if not case.legal_duties:
            return f'<p class="pb-no-duty">{escape(t("no_legal_duty", lang))}</p>'
        items = []
        for link in case.legal_duties:
            duty = link.duty
            statute = duty.statute
            equivalents = self.guide.taxonomies.equivalents(duty.id)
            eq_html = ""
            if equivalents:
                eq_html = "<p class=\"pb-equivalents\">" + "; ".join(
                    escape(t("equivalents", lang, country=country_name(e.country, lang))) + ": "
                    + self.link(listing_url("duty", e.id), page_url, self.duty_label(e)) for e in equivalents) + "</p>"
            note = f"<p>{escape(link.note[lang])}</p>" if link.note else ""
            items.append(
                f'<li class="pb-duty"><p><strong>{self.link(listing_url("duty", duty.id), page_url, self.duty_label(duty))}</strong></p>'
                f'<p>{escape(duty.citation(lang))} ({escape(statute.number)}). {escape(duty.description[lang])}</p>'
                f'<p class="pb-basis">{escape(t("basis_" + link.basis, lang))}</p>{note}{eq_html}'
                f'<p class="pb-law-link">{escape(t("law_text", lang))}: <a href="{escape(statute.url)}" class="pb-url">{escape(statute.url)}</a></p></li>')
        return f'<ul class="pb-duties">{"".join(items)}</ul>'

    def sources(self, case: Case) -> str:
        lang = self.lang
        items = []
        for ref in case.sources:
            doc = ref.document
            year = f"{'c. ' if doc.year_approximate and lang == 'en' else ('ca ' if doc.year_approximate else '')}{doc.year}"
            where = [f"{t('section', lang)} \u201c{escape(ref.section)}\u201d"]
            if ref.pages:
                where.append(f"{t('pages', lang)} {escape(ref.pages)}")
            if ref.lines:
                where.append(f"{t('lines', lang)} {escape(ref.lines)}")
            url = f' <a href="{escape(doc.url)}" class="pb-url">{escape(doc.url)}</a>' if doc.url else ""
            ident = f", {escape(doc.identifier)}" if doc.identifier else ""
            items.append(f'<li class="pb-source">{escape(doc.publisher)} ({year}): <cite>{escape(doc.title)}</cite>{ident}. '
                         f'{", ".join(where)}.{url}</li>')
        return f'<ol class="pb-sources">{"".join(items)}</ol>'

    def about(self, case: Case, page_url: str) -> str:
        lang, data = self.lang, case.data
        rows = []
        if data.get("title_original"):
            rows.append(("original_title", escape(data["title_original"])))
        rows.append(("original_language", escape(language_name(data["original_language"], lang))))
        rows.append(("translation", escape(", ".join(
            f"{language_name(code, lang)}: {t('translation_' + data['translation'][code], lang)}" for code in ("sv", "en")))))
        rows.append(("added", escape(date_text(data["added"], lang))))
        if data.get("updated"):
            rows.append(("updated", escape(date_text(data["updated"], lang))))
        json_href = relative(f"{self.to_site_root}{DATA_DIR}/cases/{case.id}.json", page_url)
        rows.append(("open_data", f'<a href="{escape(json_href)}" type="application/json">{escape(case.id)}.json</a> '
                                  f'({escape(t("licence_note", lang))})'))
        body = "".join(f"<div><dt>{escape(t(k, lang))}</dt><dd>{v}</dd></div>" for k, v in rows)
        return f'<dl class="pb-about">{body}</dl>'

    def pack_link(self, name: str, label: str, note: str, page_url: str) -> str:
        href = relative(f"{PACKS_DIR}/{name}", page_url)
        note_html = f" {escape(note)}" if note else ""
        return f'<p class="pb-pack"><a href="{escape(href)}" type="application/pdf" download>{escape(label)}</a>{note_html}</p>'

    # -- listings ---------------------------------------------------------------------------
    def cards(self, cases: list[Case], page_url: str, sort: bool = True) -> str:
        lang = self.lang
        if not cases:
            return f'<p class="pb-empty">{escape(t("no_cases", lang))}</p>'
        count = t("case_count_one", lang) if len(cases) == 1 else t("case_count", lang, n=len(cases))
        items = []
        for case in (sorted(cases, key=lambda c: sort_key(c.title(lang), lang)) if sort else cases):
            themes = ", ".join(e.label[lang] for e in case.themes)
            items.append(
                f'<li class="pb-card" data-case="{escape(case.id)}">'
                f'<h2 class="pb-card-title">{self.link(case_url(case.id), page_url, case.title(lang))}</h2>'
                f'<p class="pb-card-meta">{escape(case.municipality.name(lang))}, {escape(country_name(case.country, lang))}'
                f' · {escape(case.size_class.label[lang])}</p>'
                f'<p class="pb-card-themes">{escape(themes)}</p></li>')
        return f'<p class="pb-count">{escape(count)}</p><ul class="pb-cards" data-pagefind-ignore>{"".join(items)}</ul>'

    def listing(self, kind: str, key: str, page_url: str) -> str:
        attr = LISTING_KINDS[kind][2]
        entry = getattr(self.guide.taxonomies, attr)[key]
        lang = self.lang
        intro = [f'<p class="pb-lede">{escape(entry.description[lang])}</p>']
        if kind == "theme":
            cases = self.guide.cases_where(lambda c: any(e.id == key for e in c.themes))
            if cases:
                intro.append(self.pack_link(pack_name(lang, key), t("pack_download", lang), t("pack_intro", lang), page_url))
        elif kind == "size":
            cases = self.guide.cases_where(lambda c: c.size_class.id == key)
            span = size_range(entry, lang)
            if span:
                intro.append(f"<p>{escape(span[0].upper() + span[1:])}.</p>")
        else:
            cases = self.guide.cases_where(lambda c: any(d.duty.id == key for d in c.legal_duties))
            intro.append(f'<p>{escape(entry.citation(lang))} ({escape(entry.statute.number)}). '
                         f'{escape(t("law_text", lang))}: <a href="{escape(entry.statute.url)}" class="pb-url">{escape(entry.statute.url)}</a></p>')
            if entry.statute.note:
                intro.append(f"<p>{escape(entry.statute.note[lang])}</p>")
            for other in self.guide.taxonomies.equivalents(key):
                intro.append(f'<p class="pb-equivalents">{escape(t("equivalents", lang, country=country_name(other.country, lang)))}: '
                             f'{self.link(listing_url("duty", other.id), page_url, self.duty_label(other))}</p>')
        return _block('<div class="pb-listing">' + "".join(intro) + self.cards(cases, page_url) + "</div>")

    def listing_index(self, kind: str, page_url: str) -> str:
        lang = self.lang
        folder, _, attr = LISTING_KINDS[kind]
        entries = getattr(self.guide.taxonomies, attr)
        intro_key = {"theme": "themes_intro", "size": "sizes_intro", "duty": "duties_intro"}[kind]

        def count(entry_id):
            if kind == "theme":
                return len(self.guide.cases_where(lambda c: any(e.id == entry_id for e in c.themes)))
            if kind == "size":
                return len(self.guide.cases_where(lambda c: c.size_class.id == entry_id))
            return len(self.guide.cases_where(lambda c: any(d.duty.id == entry_id for d in c.legal_duties)))

        def item(entry, label):
            n = count(entry.id)
            n_text = t("case_count_one", lang) if n == 1 else t("case_count", lang, n=n)
            return (f'<li>{self.link(listing_url(kind, entry.id), page_url, label)} '
                    f'<span class="pb-count">({escape(n_text)})</span><br>'
                    f'<span class="pb-desc">{escape(entry.description[lang])}</span></li>')

        html = [f'<p class="pb-lede">{escape(t(intro_key, lang))}</p>']
        if kind == "theme":
            html.append(self.pack_link(pack_name(lang), t("pack_download_all", lang), "", page_url))
        if kind == "duty":
            countries = sorted({d.country for d in entries.values()}, key=lambda c: (c not in ("SE", "FI"), c != "SE", c))
            for code in countries:
                html.append(f"<h2>{escape(country_name(code, lang))}</h2><ul class=\"pb-index\">")
                for duty in entries.values():
                    if duty.country == code:
                        html.append(item(duty, self.duty_label(duty)))
                html.append("</ul>")
        else:
            html.append('<ul class="pb-index">')
            for entry in entries.values():
                label = self.size_label(entry) if kind == "size" else entry.label[lang]
                html.append(item(entry, label))
            html.append("</ul>")
        return _block('<div class="pb-listing-index">' + "".join(html) + "</div>")

    # -- reference pages --------------------------------------------------------------------
    def glossary(self) -> str:
        lang = self.lang
        other = "en" if lang == "sv" else "sv"
        terms = sorted(self.guide.taxonomies.glossary, key=lambda e: sort_key(e["term"][lang], lang))
        items = "".join(
            f'<div id="{escape(e["id"])}"><dt><strong>{escape(e["term"][lang])}</strong> '
            f'<span lang="{other}" class="pb-other-term">({escape(language_name(other, lang))}: {escape(e["term"][other])})</span></dt>'
            f'<dd>{escape(e["definition"][lang])}</dd></div>' for e in terms)
        intro = escape(t("glossary_intro", lang))
        return _block(f'<p class="pb-lede">{intro}</p><dl class="pb-glossary">{items}</dl>')

    def sources_page(self, page_url: str) -> str:
        lang = self.lang
        tax = self.guide.taxonomies
        parts = [f'<p class="pb-lede">{escape(t("sources_intro", lang))}</p>']
        for doc in tax.sources.values():
            cases = [c for c in self.guide.cases.values() if any(r.document.id == doc.id for r in c.sources)]
            skipped = [e for e in tax.not_included if e["document"] == doc.id]
            year = f"{'ca ' if lang == 'sv' else 'c. '}{doc.year}" if doc.year_approximate else str(doc.year)
            language = language_name(doc.language, lang)
            if doc.original_language:
                language += f" ({t('translated_from', lang, language=language_name(doc.original_language, lang))})"
            rows = [(t("publisher", lang), escape(doc.publisher)), (t("year", lang), escape(year)),
                    (t("language", lang), escape(language))]
            if doc.identifier:
                rows.append((t("identifier", lang), escape(doc.identifier)))
            if doc.url:
                rows.append((t("web_address", lang), f'<a href="{escape(doc.url)}" class="pb-url">{escape(doc.url)}</a>'))
            meta = "".join(f"<div><dt>{escape(k)}</dt><dd>{v}</dd></div>" for k, v in rows)
            case_items = "".join(f"<li>{self.link(case_url(c.id), page_url, c.title(lang))} "
                                 f"({escape(c.municipality.name(lang))})</li>"
                                 for c in sorted(cases, key=lambda c: sort_key(c.title(lang), lang)))
            html = (f'<section class="pb-source-doc" id="{escape(doc.id)}"><h2>{escape(doc.title)}</h2>'
                    f'<dl class="pb-about">{meta}</dl>'
                    f'<h3>{escape(t("cases_from_source", lang))} ({len(cases)})</h3><ul>{case_items}</ul>')
            if skipped:
                html += (f'<h3>{escape(t("not_included", lang))} ({len(skipped)})</h3><ul class="pb-not-included">'
                         + "".join(f'<li><strong>{escape(e["title"][lang])}</strong> – {escape(e["reason"][lang])}</li>'
                                   for e in skipped) + "</ul>")
            parts.append(html + "</section>")
        return _block("".join(parts))

    # -- overview -------------------------------------------------------------------------------
    def overview(self) -> str:
        lang = self.lang
        tax = self.guide.taxonomies
        cases = list(self.guide.cases.values())
        unit = t("practices", lang)

        def counted(entries, has):
            rows = [(label, sum(1 for c in cases if has(c, key))) for key, label in entries]
            return sorted(rows, key=lambda r: (-r[1], sort_key(r[0], lang)))

        themes = counted([(k, e.label[lang]) for k, e in tax.themes.items()], lambda c, k: any(e.id == k for e in c.themes))
        countries = counted([(code, country_name(code, lang)) for code in sorted({c.country for c in cases})],
                            lambda c, k: c.country == k)
        sizes = [(self.size_label(s), sum(1 for c in cases if c.size_class.id == s.id)) for s in tax.size_classes.values()]
        duties = counted([(k, self.duty_label(d)) for k, d in tax.legal_duties.items()],
                         lambda c, k: any(d.duty.id == k for d in c.legal_duties))
        duties = [row for row in duties if row[1]]
        size_list = list(tax.size_classes.values())
        theme_list = list(tax.themes.values())
        cross = [[sum(1 for c in cases if c.size_class.id == s.id and any(e.id == th.id for e in c.themes))
                  for s in size_list] for th in theme_list]
        parts = [f'<p class="pb-lede">{escape(t("overview_intro", lang, n=len(cases)))}</p>',
                 f"<h2>{escape(t('by_theme', lang))}</h2>", bar_chart("chart-themes", t("by_theme", lang), themes, unit),
                 f"<h2>{escape(t('by_country', lang))}</h2>", bar_chart("chart-countries", t("by_country", lang), countries, unit),
                 f"<h2>{escape(t('by_size', lang))}</h2>", bar_chart("chart-sizes", t("by_size", lang), sizes, unit),
                 f"<h2>{escape(t('by_duty', lang))}</h2>", bar_chart("chart-duties", t("by_duty", lang), duties, unit),
                 f"<h2>{escape(t('theme_by_size', lang))}</h2>",
                 crosstab_chart("chart-theme-size", t("theme_by_size", lang), [e.label[lang] for e in theme_list],
                                [s.label[lang] for s in size_list], cross)]
        return _block('<div class="pb-overview">' + "".join(parts) + "</div>")
