"""The finder page: every case as a card, with facet filters, free text and sorting.

The page is complete without JavaScript (every case listed, plus links to the listing pages);
finder.js adds the filters, which read each card's data-* attributes (one per facet of
model.FACETS). Filter state lives in the URL query (?theme=education&size=large&q=...), so a
link reproduces a view, and the same query with print=1 prints the selection.
"""
from __future__ import annotations

PAGE_SIZE = 100  # cards shown at a time, with a "show more" button for the rest


class Finder:
    def __init__(self, renderer, page_size: int = PAGE_SIZE):
        self.r = renderer
        self.page_size = page_size

    def page(self, page_url: str) -> str:
        return self.r.finder(page_url, self.page_size)
