"""Full-text search with Pagefind: one index per language, built from the finished pages.

Pagefind splits its index into small chunks, so a query downloads only the chunks and result
fragments it needs (about 200 KB at 2,000 cases) instead of one index of every page, which is
what Material's built-in search loads (2 MB gzipped at 2,000 cases; see BENCHMARKS.md).
Each language is indexed on its own, with its own stemmer, so Swedish pages search a Swedish
index and English pages an English one.

What is indexed: the content of every page marked `data-pagefind-body` (overrides/main.html
marks all pages but those in UNINDEXED); parts marked `data-pagefind-ignore`, such as lists of
other cases, are left out so a case is found by its own text.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .strings import t
from .templating import render

BUNDLE_DIR = "pagefind"                     # under each language's root
SEARCH_PAGE = "search.md"
UNINDEXED = {"finder.md", SEARCH_PAGE}      # the finder repeats every case; the search page is the search


class SearchIndexError(Exception):
    """Pagefind could not index the built pages."""


def build_index(site_dir: Path, lang: str) -> None:
    """Index the pages of one language's site (site_dir must not yet hold another language)."""
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--force-language", lang, "--exclude-selectors", ".headerlink", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchIndexError(f"could not run Pagefind: {err}") from None
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit code {result.returncode}): {output[-2000:]}")


def search_page(lang: str) -> str:
    """The search page: a box and results, filled in by search.js with Pagefind's UI."""
    return render("search.html", bundle=BUNDLE_DIR, t=lambda key, **values: t(key, lang, **values)).strip()
