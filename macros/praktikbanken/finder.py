"""The finder: every case as a card, with facet filters, free text and sorting.

The page is complete without JavaScript (every case listed, plus links to the listing pages);
finder.js adds the filters, which read each card's data-* attributes. Filter state lives in the
URL query (?theme=education&size=large&q=...), so a link reproduces a view, and the same query
with print=1 prints the selection.
"""
from __future__ import annotations

from html import escape

from .guide import Case, Guide
from .site import LISTING_KINDS, case_url, listing_url
from .strings import t

# (query parameter, interface text key): the order of the filter groups on the page.
GROUPS = [("theme", "themes"), ("size", "size_class"), ("duty", "legal_duties"), ("country", "country"),
          ("target", "target_groups"), ("role", "municipal_roles"), ("status", "status")]
STATUSES = ("ongoing", "mainstreamed", "ended", "unknown")


def facet_values(case: Case) -> dict[str, list[str]]:
    return {
        "theme": [e.id for e in case.themes], "size": [case.size_class.id],
        "duty": [d.duty.id for d in case.legal_duties], "country": [case.country],
        "target": [e.id for e in case.target_groups], "role": [e.id for e in case.municipal_roles],
        "status": [case.data["status"]["value"]],
    }


def first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end == -1 else flat[: end + 1]


PAGE_SIZE = 100  # cards shown at a time, with a "show more" button for the rest


class Finder:
    def __init__(self, renderer):
        self.r = renderer
        self.guide: Guide = renderer.guide
        self.lang = renderer.lang

    def options(self, group: str) -> list[tuple[str, str]]:
        tax, lang, r = self.guide.taxonomies, self.lang, self.r
        if group == "theme":
            return [(k, e.label[lang]) for k, e in tax.themes.items()]
        if group == "size":
            return [(k, r.size_label(s)) for k, s in tax.size_classes.items()]
        if group == "duty":
            return [(k, r.duty_label(d)) for k, d in tax.legal_duties.items()]
        if group == "country":
            from .render import country_name
            return [(c, country_name(c, lang)) for c in sorted({c.country for c in self.guide.cases.values()})]
        if group == "target":
            return [(k, e.label[lang]) for k, e in tax.target_groups.items()]
        if group == "role":
            return [(k, e.label[lang]) for k, e in tax.municipal_roles.items()]
        return [(s, t("status_" + s, lang)) for s in STATUSES]

    def page(self, page_url: str) -> str:
        lang = self.lang
        groups = []
        for group, label_key in GROUPS:
            boxes = []
            for value, label in self.options(group):
                ident = f"f-{group}-{value}"
                note = ""
                if group == "duty":
                    eq = self.guide.taxonomies.equivalents(value)
                    if eq:
                        note = f' <span class="pb-eq">≈ {escape(", ".join(self.r.duty_label(e) for e in eq))}</span>'
                boxes.append(f'<li><input type="checkbox" id="{ident}" name="{group}" value="{escape(value)}">'
                             f'<label for="{ident}">{escape(label)} <span class="pb-opt-count" aria-hidden="true"></span></label>{note}</li>')
            groups.append(f'<fieldset class="pb-group"><legend>{escape(t(label_key, lang))}</legend><ul>{"".join(boxes)}</ul></fieldset>')
        form = (f'<form class="pb-finder-form" role="search" hidden aria-label="{escape(t("finder_filters", lang))}">'
                f'<p><label for="pb-q">{escape(t("finder_text", lang))}</label> <input type="search" id="pb-q" name="q"> '
                f'<label for="pb-sort">{escape(t("finder_sort", lang))}</label> <select id="pb-sort" name="sort">'
                f'<option value="title">{escape(t("sort_title", lang))}</option>'
                f'<option value="place">{escape(t("sort_place", lang))}</option></select> '
                f'<button type="button" class="md-button pb-clear">{escape(t("finder_clear", lang))}</button> '
                f'<button type="button" class="md-button pb-print">{escape(t("finder_print", lang))}</button></p>'
                + "".join(groups) + "</form>")
        count = t("case_count", lang, n=len(self.guide.cases))
        status = (f'<p class="pb-result-count" role="status" aria-live="polite" '
                  f'data-one="{escape(t("case_count_one", lang))}" data-many="{escape(t("case_count", lang, n="{n}"))}">{escape(count)}</p>')
        browse = "".join(f'<li>{self.r.link(listing_url(kind), page_url, t(title, lang))}</li>'
                         for kind, (_, title, _) in LISTING_KINDS.items())
        nojs = (f'<div class="pb-finder-nojs"><p>{escape(t("finder_nojs", lang))}</p><ul>{browse}</ul></div>')
        cards = "".join(self.card(c, page_url) for c in
                        sorted(self.guide.cases.values(), key=lambda c: c.title(lang).casefold()))
        printout = (f'<div class="pb-print-selection" hidden data-date-label="{escape(t("printed", lang))}" '
                    f'data-filters-label="{escape(t("filters_used", lang))}" data-none="{escape(t("no_filters", lang))}" '
                    f'data-title="{escape(t("selection_title", lang))}"></div>')
        # With JavaScript the list shows PAGE_SIZE cards at a time (laying out thousands of cards
        # on every filter is what makes a finder slow); without it, every card shows.
        more = (f'<p class="pb-more-wrap"><button type="button" class="md-button pb-more" hidden data-page="{PAGE_SIZE}" '
                f'data-label="{escape(t("finder_more", lang, n="{n}"))}"></button></p>')
        return (f'<div class="pb-finder">{nojs}{form}{status}<ul class="pb-cards pb-finder-cards">{cards}</ul>{more}{printout}</div>')

    def card(self, case: Case, page_url: str) -> str:
        lang = self.lang
        facets = facet_values(case)
        attrs = " ".join(f'data-{k}="{escape(" ".join(v))}"' for k, v in facets.items())
        m = case.municipality
        search = " ".join([case.title("sv"), case.title("en"), *m.names.values(), case.text("summary", lang) or "",
                           *[e.label[lang] for e in case.themes]]).casefold()
        from .render import country_name
        return (f'<li class="pb-card" data-case="{escape(case.id)}" {attrs} data-title="{escape(case.title(lang).casefold())}" '
                f'data-place="{escape(m.name(lang).casefold())}" data-text="{escape(search)}">'
                f'<h2 class="pb-card-title">{self.r.link(case_url(case.id), page_url, case.title(lang))}</h2>'
                f'<p class="pb-card-meta">{escape(m.name(lang))}, {escape(country_name(case.country, lang))} · '
                f'{escape(case.size_class.label[lang])}</p>'
                f'<p class="pb-card-themes">{escape(", ".join(e.label[lang] for e in case.themes))}</p>'
                f'<p class="pb-card-summary">{escape(first_sentence(case.text("summary", lang)))}</p></li>')
