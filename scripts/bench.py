#!/usr/bin/env python3
"""Benchmark: the real build against plain MkDocs, at growing numbers of cases.

usage: python scripts/bench.py [--sizes 100 1000 2000] [--runs 3] [--serve-edits 3]

For each N it generates N valid synthetic cases (texts of the real cases, facets spread over
every municipality and taxonomy value) in a throwaway copy of the project, then in the same run:
  - builds the real site (both languages, no PDF packs, Pagefind search) and a baseline: the
    very same pages written out as plain Markdown, built by plain MkDocs with the same theme,
    no macros, no hooks, and Material's own search plugin;
  - prints medians: full build time and its ratio to the baseline, bytes per case page, bytes
    of the finder page, what the first search query downloads (Pagefind, measured in Chromium,
    against Material's search in the baseline), the time to apply one filter in the finder in
    headless Chromium, and the rebuild time after editing one case while
    `mkdocs serve` runs.
It prints figures only; it asserts nothing about time.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

from _project import ROOT
from praktikbanken.finder import Finder
from praktikbanken.guide import load_guide
from praktikbanken.languages import LANGUAGES
from praktikbanken.paths import copy_project
from praktikbanken.render import Renderer
from praktikbanken.search import search_page
from praktikbanken.site import case_of_source, nav, page_specs, theme_settings
from praktikbanken.synthetic import synthetic_cases

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
LANG_ROOTS = {language.code: language.root for language in LANGUAGES}


def make_project(dest: Path, count: int) -> Path:
    copy_project(ROOT, dest, with_cases=False)
    for name, text in synthetic_cases(load_guide(ROOT), count).items():
        (dest / "cases" / name).write_text(text, encoding="utf-8")
    return dest


def make_baseline(project: Path, dest: Path) -> Path:
    """The same pages as plain Markdown files, with configs minus macros and hooks."""
    guide = load_guide(project, include_drafts=False)
    for lang, root in LANG_ROOTS.items():
        docs = dest / "docs" / lang
        shutil.copytree(project / "docs" / lang, docs)
        renderer = Renderer(guide, lang, to_site_root="../" * root.count("/"))
        for spec in page_specs(guide, lang):
            body = _render(renderer, spec)
            target = docs / spec.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# {spec.title}\n\n{body}", encoding="utf-8")
    shutil.copytree(project / "overrides", dest / "overrides")
    for language in LANGUAGES:
        name = language.config
        config = yaml.load((project / name).read_text(encoding="utf-8"), Loader=_EnvLoader)
        config["nav"] = nav(language.code)  # what the hooks would set
        config.setdefault("extra", {}).setdefault("praktikbanken", {}).update(theme_settings(language.code))
        config.pop("hooks", None)
        if isinstance(config.get("plugins"), dict):
            config["plugins"].pop("macros", None)
        config.pop("watch", None)
        # Plain MkDocs with Material's own search, as a site without our search would have.
        config["plugins"] = {**(config.get("plugins") or {}), "search": {"lang": language.code}}
        (dest / name).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _render(renderer: Renderer, spec) -> str:
    kind, _, args = spec.macro.strip("{} ").partition("(")
    args = [a.strip().strip('"') for a in args.rstrip(")").split(",") if a.strip()]
    page_url = spec.url
    if kind == "pb_case":  # the case is the one the page's path names (as in macros/main.py)
        return renderer.case_page(renderer.guide.cases[args[0] if args else case_of_source(spec.src_uri)], page_url)
    if kind == "pb_listing":
        return renderer.listing(args[0], args[1], page_url)
    if kind == "pb_listing_index":
        return renderer.listing_index(args[0], page_url)
    method = {"pb_glossary": renderer.glossary, "pb_overview": renderer.overview}.get(kind)
    if method:
        return method()
    if kind == "pb_sources":
        return renderer.sources_page(page_url)
    if kind == "pb_search":
        return search_page(renderer.lang)
    if kind == "pb_finder":
        return Finder(renderer).page(page_url)
    raise ValueError(f"the benchmark does not know the macro {kind}")


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return elapsed


def real_build(project: Path) -> float:
    return timed([sys.executable, str(ROOT / "scripts" / "build.py"), "--root", str(project),
                  "--site-dir", str(project / "site"), "--no-packs", "--quiet"], project)


def baseline_build(baseline: Path) -> float:
    script = ("import sys; from mkdocs.commands.build import build; from mkdocs.config import load_config;"
              "build(load_config('mkdocs.yml', site_dir='site'));"
              "build(load_config('mkdocs.en.yml', site_dir='site/en'))")
    return timed([sys.executable, "-c", script], baseline)


def sizes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, 6))


def page_bytes(site: Path) -> float:
    pages = list((site / "cases").glob("*/index.html"))
    return statistics.median(p.stat().st_size for p in pages)


def finder_bytes(site: Path) -> tuple[int, int]:
    page = site / "finder" / "index.html"
    raw, gz = sizes(page)
    for script in (site / "assets" / "javascripts").glob("finder*.js"):
        r, g = sizes(script)
        raw, gz = raw + r, gz + g
    return raw, gz


def material_search_bytes(site: Path) -> tuple[int, int]:
    """What Material's search (in the baseline) fetches before it can answer the first query:
    the one index of every page, its worker and the language support for Swedish."""
    files = [site / "search" / "search_index.json"]
    files += list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    lunr = site / "assets" / "javascripts" / "lunr" / "min"
    files += [lunr / name for name in ("lunr.stemmer.support.min.js", "lunr.sv.min.js") if (lunr / name).exists()]
    return tuple(map(sum, zip(*(sizes(f) for f in files), strict=False)))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def in_chromium(site: Path, visit):
    """Serve site on localhost and call visit(page, base_url) in headless Chromium."""
    from playwright.sync_api import sync_playwright
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                return visit(browser.new_page(), f"http://127.0.0.1:{server.server_address[1]}/")
            finally:
                browser.close()
    finally:
        server.shutdown()


def pagefind_search_bytes(site: Path, query: str) -> tuple[int, int]:
    """Every file the search page fetches to show the first query's results: Pagefind's UI,
    its WebAssembly, the index chunks the query needs and the fragments of the results shown."""
    def visit(page, base):
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{base}search/?q={query}")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=60000)
        page.wait_for_load_state("networkidle")
        return [url[len(base):].split("?")[0] for url in fetched if url.startswith(base)]
    paths = {p for p in in_chromium(site, visit) if p.startswith("pagefind/") or p.endswith("search.js")}
    return tuple(map(sum, zip(*(sizes(site / p) for p in paths), strict=False)))


FILTER_TIMING = """async (selector) => {
    // Toggle one theme filter on and off: the script's work (the change handler runs inside
    // click()), and the time until the next frame is drawn with the new list.
    const box = document.querySelector(selector), script = [], drawn = [];
    for (let i = 0; i < 10; i++) {
        const start = performance.now();
        box.click();
        script.push(performance.now() - start);
        await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
        drawn.push(performance.now() - start);
    }
    return [script, drawn];
}"""


def filter_time(site: Path) -> tuple[float, float]:
    """Median milliseconds from ticking a filter in the finder to the updated list: the
    script's work, and until the next frame is drawn."""
    def visit(page, base):
        page.goto(f"{base}finder/")
        page.wait_for_selector(".pb-finder-form:not([hidden])")
        return page.evaluate(FILTER_TIMING, "#f-theme-education")
    script, drawn = in_chromium(site, visit)
    return statistics.median(script), statistics.median(drawn)


def rebuild_time(project: Path, edits: int) -> tuple[float, float]:
    """Seconds from saving an edit of one case until its page is served in both languages, and
    until the finder shows it (medians over `edits` edits)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(project / "serve.log", "w")
    # As `make serve` runs it: --dirty rebuilds only the pages an edit touches (macros/incremental.py).
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a",
                             f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT, env=ENV)
    url = f"http://127.0.0.1:{port}/en/cases/synthetic-00001/"
    sv_url = f"http://127.0.0.1:{port}/cases/synthetic-00001/"
    finder = f"http://127.0.0.1:{port}/en/finder/"
    try:
        _wait(lambda: _fetch(url), 300)
        path = project / "cases" / "synthetic-00001.yaml"
        times = []
        for n in range(edits):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            marker = f"Edited while serving {n}"
            data["title"]["en"] = data["title"]["sv"] = marker
            start = time.perf_counter()
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            _wait(lambda marker=marker: marker in (_fetch(url) or "") and marker in (_fetch(sv_url) or ""), 600)
            page = time.perf_counter() - start
            _wait(lambda marker=marker: marker in (_fetch(finder) or ""), 600)
            times.append((page, time.perf_counter() - start))
            time.sleep(1)
        return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait(condition, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    sys.exit("timed out waiting for the preview server")


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-edits", type=int, default=3)
    args = parser.parse_args()
    print(f"# Praktikbanken benchmark, {time.strftime('%Y-%m-%d')}, {platform.node()}: "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, runs per figure: {args.runs} (median)")
    print("| cases | build (s) | baseline (s) | ratio | bytes per case page | finder page (raw / gzip) | "
          "first search query, Pagefind (raw / gzip) | … Material, in the baseline (raw / gzip) | "
          "one filter in Chromium: script / drawn (ms) | rebuild after one edit: page in both languages / finder (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    pages = {}
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
            project = make_project(Path(tmp) / "project", count)
            baseline = make_baseline(project, Path(tmp) / "baseline")
            real = [real_build(project) for _ in range(args.runs)]
            base = [baseline_build(baseline) for _ in range(args.runs)]
            site = project / "site"
            finder = finder_bytes(site)
            pagefind = pagefind_search_bytes(site, "Stockholm")
            material = material_search_bytes(baseline / "site")
            filtering = filter_time(site)
            rebuild = rebuild_time(project, args.serve_edits)
            r, b = statistics.median(real), statistics.median(base)
            print(f"| {count:,} | {r:.2f} | {b:.2f} | {r / b:.2f}× | {kb(page_bytes(site))} | "
                  f"{kb(finder[0])} / {kb(finder[1])} | {kb(pagefind[0])} / {kb(pagefind[1])} | "
                  f"{kb(material[0])} / {kb(material[1])} | {filtering[0]:.1f} / {filtering[1]:.1f} | "
                  f"{rebuild[0]:.2f} / {rebuild[1]:.2f} |", flush=True)
            pages[count] = rebuild[0]
    if len(pages) > 1:  # issue 18's flatness target: at most 1.5x from the smallest N to the largest
        low, high = min(pages), max(pages)
        print(f"\nrebuild after one edit, page in both languages: {high:,} cases / {low:,} cases = "
              f"{pages[high] / pages[low]:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
