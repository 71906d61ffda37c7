"""Pages of one language, rendered from the templates in templates/.

The Renderer gathers what a page shows (from the guide, the case model and the interface text)
and hands it to a template; the templates hold every piece of markup and escape every value.
Case text reaches a page only through text.to_html (the `markdown` filter), so nothing from a
YAML file is ever treated as a template, script or raw HTML.
"""
from __future__ import annotations

import datetime
import functools
from html import escape
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

from . import collation, model
from .charts import bar_chart, crosstab_chart
from .exports import DATA_DIR
from .guide import Case, Guide
from .languages import BY_CODE, CODES
from .related import build_index
from .site import case_url, listing_url, pack_name, relative
from .strings import t
from .taxonomy import LegalDuty, SizeClass, SourceDocument
from .templating import environment, html_block, render
from .text import glossary_patterns, to_html, to_item_html


def number(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def country_name(code: str, lang: str) -> str:
    if code == "INT":
        return t("country_INT", lang)
    return _locale(lang).territories.get(code, code)


def language_name(code: str, lang: str) -> str:
    return _locale(lang).languages.get(code, code)


def date_text(iso: str, lang: str) -> str:
    return format_date(datetime.date.fromisoformat(iso), format="long", locale=BY_CODE[lang].locale)


def size_range(size: SizeClass, lang: str) -> str:
    if size.min is None and size.max is None:
        return ""
    if not size.min:
        return t("range_below", lang, max=number(size.max, lang))
    if size.max is None:
        return t("range_above", lang, min=number(size.min, lang))
    return t("range_between", lang, min=number(size.min, lang), max_incl=number(size.max - 1, lang))


def first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end == -1 else flat[: end + 1]


_cards: dict[tuple, tuple] = {}  # Renderer.card: (lang, case, page, finder, marker) -> (case, template, html)


class Renderer:
    facets = model.FACETS

    def __init__(self, guide: Guide, lang: str, to_site_root: str = "", pdfs: dict | None = None):
        self.guide = guide
        self.pdfs = pdfs  # {"cases": {id: entry}, "packs": {name: entry}}, entry: path, bytes, pages
        self.lang = lang
        self.to_site_root = to_site_root  # from this language's root to the site root ("../" for /en/)
        self.sections = model.sections(guide.schema)

    # -- rendering -------------------------------------------------------------------------
    def _render(self, template: str, page_url: str, **context) -> str:
        return render(template, r=self, page_url=page_url, href=lambda target: relative(target, page_url),
                      t=lambda key, **values: t(key, self.lang, **values), **context)

    def case_page(self, case: Case, page_url: str) -> str:
        # Each glossary term links to its entry at its first use on the page.
        glossary = (self._glossary_patterns(relative("glossary/", page_url)), set())
        return self._render("case.md", page_url, case=case,
                            rich=lambda text: Markup(to_html(text, glossary)),
                            rich_item=lambda text: Markup(to_item_html(text, glossary)))

    def card(self, case: Case, page_url: str, finder: bool = False, marker: str = "") -> Markup:
        """A practice's card (card.html). Kept while the case, its data and the template are the
        same objects (guide.py keeps unchanged cases), so a preview rebuild of the finder or a
        listing renders only the edited case's card."""
        template = environment().get_template("card.html")  # a new object when the file changed
        key = (self.lang, case.id, page_url, finder, marker)
        kept = _cards.get(key)
        if kept is not None and kept[0] is case and kept[1] is template:
            return kept[2]
        html = Markup(self._render("card.html", page_url, case=case, finder=finder, marker=marker).strip())
        if len(_cards) > 50_000:  # a long preview session with many renamed pages
            _cards.clear()
        _cards[key] = (case, template, html)
        return html

    def listing(self, kind: str, key: str, page_url: str) -> str:
        facet = model.FACET[kind]
        entry = getattr(self.guide.taxonomies, facet.taxonomy)[key]
        cases = self.sorted_cases(c for c in self.guide.cases.values() if model.has(c, kind, key))
        return html_block(self._render("listing.html", page_url, facet=facet, entry=entry, cases=cases))

    def listing_index(self, kind: str, page_url: str) -> str:
        facet = model.FACET[kind]
        entries = list(getattr(self.guide.taxonomies, facet.taxonomy).values())
        counts = model.counts(self.guide.cases.values(), kind)
        return html_block(self._render("listing_index.html", page_url, facet=facet, entries=entries, counts=counts))

    def glossary(self) -> str:
        other = next(code for code in CODES if code != self.lang)
        terms = sorted(self.guide.taxonomies.glossary, key=lambda e: self.sort_key(e["term"][self.lang]))
        return html_block(self._render("glossary.html", "", terms=terms, other=other))

    def sources_page(self, page_url: str) -> str:
        documents = list(self.guide.taxonomies.sources.values())
        return html_block(self._render("sources.html", page_url, documents=documents))

    def overview(self) -> str:
        lang, tax = self.lang, self.guide.taxonomies
        cases = list(self.guide.cases.values())

        def counted(facet_id, labels):
            found = model.counts(cases, facet_id)
            return sorted(((label, found[key]) for key, label in labels), key=lambda r: (-r[1], self.sort_key(r[0])))

        themes = counted("theme", [(k, e.label[lang]) for k, e in tax.themes.items()])
        countries = counted("country", [(code, self.country_name(code)) for code in sorted({c.country for c in cases})])
        size_counts = model.counts(cases, "size")
        sizes = [(self.size_label(s), size_counts[s.id]) for s in tax.size_classes.values()]
        duties = counted("duty", [(k, self.duty_label(d)) for k, d in tax.legal_duties.items()])
        duties = [row for row in duties if row[1]]
        without = sum(1 for c in cases if not c.legal_duties)
        if without:  # the chart accounts for every practice
            duties.append((t("no_duty_row", lang), without))
        size_list, theme_list = list(tax.size_classes.values()), list(tax.themes.values())
        cross = [[sum(1 for c in cases if model.has(c, "size", s.id) and model.has(c, "theme", th.id))
                  for s in size_list] for th in theme_list]
        bar_charts = [("by_theme", "themes", bar_chart("chart-themes", themes)),
                      ("by_country", "country", bar_chart("chart-countries", countries)),
                      ("by_size", "size_class", bar_chart("chart-sizes", sizes)),
                      ("by_duty", "legal_duties", bar_chart("chart-duties", duties))]
        crosstab = crosstab_chart("chart-theme-size", [e.label[lang] for e in theme_list],
                                  [s.label[lang] for s in size_list], cross)
        return html_block(self._render("overview.html", "", count=len(cases), bar_charts=bar_charts, crosstab=crosstab))

    def contribute_links(self, repository: str) -> str:
        """Links to the issue form and the contributors' guide, where the repository is known
        (PRAKTIKBANKEN_REPO_URL; the deploy workflow sets it)."""
        return html_block(self._render("contribute_links.html", "", repository=repository.rstrip("/")))

    def finder(self, page_url: str, page_size: int) -> str:
        groups = [(facet, self.options(facet)) for facet in model.FACETS]
        assessed = {}  # duty -> how many of its practices are linked by our assessment
        for case in self.guide.cases.values():
            for link in case.legal_duties:
                if link.assessed:
                    assessed[link.duty.id] = assessed.get(link.duty.id, 0) + 1
        return html_block(self._render("finder.html", page_url, groups=groups, listed=model.LISTED, assessed=assessed,
                                       page_size=page_size, cases=self.sorted_cases(self.guide.cases.values())))

    # -- what the templates ask for --------------------------------------------------------
    def sort_key(self, text: str) -> str:
        return collation.sort_key(text, self.lang)

    def sorted_cases(self, cases) -> list[Case]:
        return sorted(cases, key=lambda c: self.sort_key(c.title(self.lang)))

    def count_text(self, n: int) -> str:
        return t("case_count_one", self.lang) if n == 1 else t("case_count", self.lang, n=n)

    def case_url(self, case_id: str) -> str:
        return case_url(case_id)

    def listing_url(self, kind: str, key: str | None = None) -> str:
        return listing_url(kind, key)

    def pack_name(self, theme: str | None = None) -> str:
        return pack_name(self.lang, theme)

    def pack_volumes(self, theme: str | None = None) -> list[dict]:
        """The volumes of a pack too long for one (packs.VOLUME_CASES), in order; [] for one file."""
        name = self.pack_name(theme)
        packs = (self.pdfs or {}).get("packs", {})
        return sorted((e for e in packs.values() if e.get("part_of") == name), key=lambda e: e["volume"])

    def pdf(self, group: str, key: str) -> dict | None:
        """A published PDF's path, size and pages; None where this build has no PDFs."""
        return (self.pdfs or {}).get(group, {}).get(key)

    def pdf_facts(self, entry: dict) -> str:
        size = entry["bytes"] / 1000
        size_text = (f"{format_decimal(round(size / 1000, 1), locale=self.lang)} MB" if size >= 1000
                     else f"{format_decimal(max(1, round(size)), locale=self.lang)} kB")
        pages = t("pages_one", self.lang) if entry["pages"] == 1 else t("pages_n", self.lang, n=entry["pages"])
        return t("pdf_facts", self.lang, size=size_text, pages=pages)

    def sources_url(self, doc_id: str) -> str:
        return f"sources/#{doc_id}"

    def case_json_url(self, case_id: str) -> str:
        return f"{self.to_site_root}{DATA_DIR}/cases/{case_id}.json"

    def country_name(self, code: str) -> str:
        return country_name(code, self.lang)

    def language_name(self, code: str) -> str:
        return language_name(code, self.lang)

    def size_range(self, size: SizeClass) -> str:
        return size_range(size, self.lang)

    @staticmethod
    def host(url: str) -> str:
        """'https://www.haninge.se/kommun/...' -> 'haninge.se', as link text for a page's address."""
        host = urlsplit(url).hostname or url
        return host.removeprefix("www.")

    def first_sentence(self, case: Case) -> str:
        return first_sentence(case.text("summary", self.lang))

    def search_text(self, case: Case) -> str:
        """What the finder's free text matches: both titles, every name, summary and themes,
        without case or accents ('pyhajoki' finds Pyhäjoki)."""
        m = case.municipality
        parts = [*(case.title(code) for code in CODES), *m.names.values(), case.text("summary", self.lang) or "",
                 *(e.label[self.lang] for e in case.themes)]
        return collation.plain(" ".join(parts))

    @functools.lru_cache(maxsize=4)  # noqa: B019  one per page depth; the renderer lives for one build
    def _glossary_patterns(self, href: str) -> list:
        terms = [(e["term"][self.lang], f"{href}#{e['id']}", e["id"]) for e in self.guide.taxonomies.glossary]
        return glossary_patterns(terms, self.lang)

    @functools.cached_property
    def _related(self) -> dict:
        return build_index(self.guide)  # once per renderer, i.e. per language and build

    def related(self, case: Case) -> list[tuple[str, list[Case]]]:
        """The related practices in two groups: named by the editors (both ways), then computed."""
        found = self._related.get(case.id, [])
        groups = [("related_named", [r.case for r in found if r.shared == ("curated",)]),
                  ("related_similar", [r.case for r in found if r.shared != ("curated",)])]
        return [(key, cases) for key, cases in groups if cases]

    def assessed_markers(self, cases: list[Case], duty_id: str) -> dict[str, str]:
        """For a duty's listing: the cases linked to it by our assessment, not by the source."""
        return {c.id: t("assessed", self.lang).capitalize() for c in cases
                if any(link.duty.id == duty_id and link.assessed for link in c.legal_duties)}

    def equivalents(self, duty_id: str) -> list:
        return self.guide.taxonomies.equivalents(duty_id)

    def citation(self, duty: LegalDuty) -> str:
        """'Diskrimineringslag (1325/2014), 5 §': the act's number once, in the name or after it."""
        text = duty.citation(self.lang)
        return text if duty.statute.number in text else f"{text} ({duty.statute.number})"

    def nearby_duties(self, duty: LegalDuty) -> list[LegalDuty]:
        """For a duty without practices: its equivalents and the same act's other duties that have some."""
        counts = model.counts(self.guide.cases.values(), "duty")
        nearby = [e.duty for e in self.equivalents(duty.id)]
        nearby += [d for d in self.guide.taxonomies.legal_duties.values()
                   if d.statute.id == duty.statute.id and d.id != duty.id and d not in nearby]
        return [d for d in nearby if counts[d.id]]

    def in_force(self, duty: LegalDuty):
        return self.guide.taxonomies.in_force(duty)

    def replaces(self, duty: LegalDuty) -> list[LegalDuty]:
        """Provisions of repealed acts whose successor is this duty (practices may cite those)."""
        return [d for d in self.guide.taxonomies.legal_duties.values() if d.replaced_by and d.replaced_by[0] == duty.id]

    def duty_countries(self) -> list[str]:
        """Countries of the duty taxonomy: Sweden, Finland, then the others by code."""
        codes = {d.country for d in self.guide.taxonomies.legal_duties.values()}
        return sorted(codes, key=lambda c: (c not in ("SE", "FI"), c != "SE", c))

    def cases_from(self, doc: SourceDocument) -> list[Case]:
        return self.sorted_cases(c for c in self.guide.cases.values()
                                 if any(ref.document.id == doc.id for ref in c.sources))

    def not_included(self, doc: SourceDocument) -> list[dict]:
        return [e for e in self.guide.taxonomies.not_included if e["document"] == doc.id]

    def options(self, facet: model.Facet) -> list[tuple[str, str, list[str]]]:
        """(value, label, labels of equivalent duties) for each option of a finder group."""
        tax = self.guide.taxonomies
        if facet.id == "country":
            codes = {c.country for c in self.guide.cases.values()}
            return sorted(((c, self.country_name(c), []) for c in codes), key=lambda o: self.sort_key(o[1]))
        if facet.id == "status":
            return [(s, t("status_" + s, self.lang), []) for s in model.STATUSES]
        entries = getattr(tax, facet.taxonomy)
        if facet.id == "size":
            return [(k, self.size_label(s), []) for k, s in entries.items()]
        if facet.id == "duty":
            return [(k, self.duty_label(d), [self.duty_label(e.duty) for e in tax.equivalents(k)])
                    for k, d in entries.items()]
        return [(k, e.label[self.lang], []) for k, e in entries.items()]

    # -- texts of the facts box and the about box --------------------------------------------
    def municipality_text(self, case: Case) -> str:
        m = case.municipality
        others = m.other_names(self.lang)
        extra = f" ({t('also_known_as', self.lang)} {', '.join(others)})" if others else ""
        kind = f", {t('kind_' + m.kind, self.lang)}" if m.kind != "municipality" else ""
        return f"{m.name(self.lang)}{extra}{kind}"

    def population_text(self, case: Case) -> str:
        m = case.municipality
        if m.population is None:
            return t("not_stated", self.lang)
        count = number(m.population, self.lang)
        if m.population_approximate:
            count = f"{t('approximately', self.lang)} {count}"
        # The source is named as its page names it, in the place's own language (marked as such).
        source = self.in_language(m.population_source, m.population_source_language or m.language)
        text = Markup(escape(t("population_value", self.lang)))
        return text.format(count=count, year=m.population_year, source=source)

    def in_language(self, text: str, code: str) -> Markup:
        """Text in another language than the page's, marked with lang= for screen readers."""
        if code == self.lang:
            return Markup(escape(text))
        return Markup('<span lang="{}">{}</span>').format(code, text)

    def size_label(self, size: SizeClass) -> str:
        span = size_range(size, self.lang)
        return f"{size.label[self.lang]} ({span})" if span else size.label[self.lang]

    def duty_label(self, duty: LegalDuty) -> str:
        where = f"{duty.section} " if duty.section else ""
        return f"{where}{duty.statute.number} – {duty.label[self.lang]}"

    def period_text(self, case: Case) -> str:
        period = case.data["period"]
        start = period["start"]
        if not isinstance(start, int):
            start_text = t("start_not_stated", self.lang)
            return f"{start_text}–{period['end']}" if "end" in period else start_text
        return f"{start}–{period['end']}" if "end" in period else f"{start}–"

    def date(self, iso: str) -> str:
        return date_text(iso, self.lang)

    def status_text(self, case: Case) -> str:
        status = case.data["status"]
        checked = t("status_checked", self.lang, date=date_text(status["checked"], self.lang))
        text = f"{t('status_' + status['value'], self.lang)} ({checked})"
        if status.get("note"):
            text += f". {status['note'][self.lang]}"
        return text

    def silent_sections(self, case: Case) -> list[str]:
        """The headings of the sections the source says nothing about, in lower case."""
        return [t(s.key, self.lang).lower() for s in self.sections
                if (case.text(s.key, self.lang) if s.kind == "text" else case.text_list(s.key, self.lang)) is None]

    def no_duty_text(self, case: Case) -> str:
        reason = case.data.get("no_duty_reason")
        return f"{t('no_duty_assessed', self.lang)} {reason[self.lang]}" if reason else t("no_legal_duty", self.lang)

    def fact_rows(self, case: Case) -> list[tuple[str, str]]:
        rows = []
        for fact in case.data["facts"]:
            value = fact["value"]
            if isinstance(value, dict):
                value = value[self.lang]
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                value = number(value, self.lang)
            rows.append((fact["label"][self.lang], str(value)))
        return rows

    def year_text(self, doc: SourceDocument) -> str:
        if not doc.year_approximate:
            return str(doc.year)
        return f"{'ca ' if self.lang == 'sv' else 'c. '}{doc.year}"

    def about_rows(self, case: Case) -> list[tuple[str, str]]:
        data, lang = case.data, self.lang
        rows = []
        if data.get("title_original"):
            rows.append(("original_title", self.in_language(data["title_original"], data["original_language"])))
        rows.append(("original_language", self.language_name(data["original_language"])))
        rows.append(("translation", ", ".join(
            f"{self.language_name(code)}: {t('translation_' + data['translation'][code], lang)}" for code in CODES)))
        rows.append(("added", date_text(data["added"], lang)))
        if data.get("updated"):
            rows.append(("updated", date_text(data["updated"], lang)))
        return rows
