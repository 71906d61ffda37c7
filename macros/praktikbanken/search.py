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

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from .strings import t
from .templating import render

BUNDLE_DIR = "pagefind"                     # under each language's root
SEARCH_PAGE = "search.md"
UNINDEXED = {"finder.md", SEARCH_PAGE}      # the finder repeats every case; the search page is the search


class SearchIndexError(Exception):
    """Pagefind could not index the built pages."""


def build_index(folder: Path, lang: str, leave_out: tuple[str, ...] = (), output: Path | None = None,
                behind: bool = False) -> None:
    """Index the pages of one language's site folder. leave_out names subfolders that hold other
    languages (the root language's folder holds the others' roots): their pages are left out by
    Pagefind's glob, so nothing has to be moved while the site is being served. The bundle goes
    to <folder>/pagefind, or to output (a folder to move into place whole). behind: at a lower
    CPU priority (a preview's follow-up, which must not slow down the next rebuild)."""
    nice = shutil.which("nice") if behind else None
    command = [nice, "-n", "19"] if nice else []
    command += [sys.executable, "-m", "pagefind_bin", "--site", str(folder), "--force-language", lang,
                "--exclude-selectors", ".headerlink", "--silent"]
    command += ["--output-path", str(output)] if output else ["--output-subdir", BUNDLE_DIR]
    if leave_out:
        command += ["--glob", _glob(folder, {*leave_out, BUNDLE_DIR})]
    try:  # waits for Pagefind however long it takes: a slow machine is not an error
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
            with _lock:
                _running.add(process)
            try:
                stdout, stderr = process.communicate()
            except BaseException:  # the wait was stopped (SIGTERM, Ctrl+C): Pagefind ends too
                process.kill()
                raise
            finally:
                with _lock:
                    _running.discard(process)
    except OSError as err:
        raise SearchIndexError(f"could not run Pagefind: {err}") from None
    if process.returncode != 0:
        output_text = (stderr or stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit code {process.returncode}): {output_text[-2000:]}")


# Pagefind runs under way in this process. One waited for by the main thread ends when that wait
# is stopped; one started by a preview's follow-up thread is ended by stop_indexes.
_running: set[subprocess.Popen] = set()
_lock = threading.Lock()


def stop_indexes() -> None:
    with _lock:
        for process in _running:
            process.terminate()


def _glob(folder: Path, leave_out: set[str]) -> str:
    """The HTML files of folder outside the subfolders leave_out, as one Pagefind glob."""
    parts = sorted(f"{p.name}/**/*.html" if p.is_dir() else p.name for p in folder.iterdir()
                   if p.name not in leave_out and (p.is_dir() or p.suffix == ".html"))
    return "{" + ",".join(parts) + "}"


def search_page(lang: str) -> str:
    """The search page: a box and results, filled in by search.js with Pagefind's UI."""
    return render("search.html", bundle=BUNDLE_DIR, t=lambda key, **values: t(key, lang, **values)).strip()
