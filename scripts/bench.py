#!/usr/bin/env python3
"""Benchmark: the real build against plain MkDocs, at growing numbers of cases.

usage: python scripts/bench.py [--sizes 100 1000 2000] [--runs 3] [--serve-edits 3]

For each N it generates N valid synthetic cases (texts of the real cases, facets spread over
every municipality and taxonomy value) in a throwaway copy of the project, then in the same run:
  - builds the real site (both languages, no PDF packs) and a baseline: the very same pages
    written out as plain Markdown, built by plain MkDocs with the same theme and plugins but no
    macros and no hooks;
  - prints medians: full build time and its ratio to the baseline, bytes per case page, bytes
    of the finder page, bytes the first search query downloads, and (for the smallest N) the
    rebuild time after editing one case while `mkdocs serve` runs.
It prints figures only; it asserts nothing about time.
"""
from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from _project import ROOT
from praktikbanken.guide import load_guide
from praktikbanken.paths import copy_project
from praktikbanken.render import Renderer
from praktikbanken.site import page_specs
from praktikbanken.synthetic import synthetic_cases

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
LANG_ROOTS = {"sv": "", "en": "en/"}


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
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        config = yaml.load((project / name).read_text(encoding="utf-8"), Loader=_EnvLoader)
        config.pop("hooks", None)
        if isinstance(config.get("plugins"), dict):
            config["plugins"].pop("macros", None)
        config.pop("watch", None)
        (dest / name).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _render(renderer: Renderer, spec) -> str:
    kind, _, args = spec.macro.strip("{} ").partition("(")
    args = [a.strip().strip('"') for a in args.rstrip(")").split(",") if a.strip()]
    page_url = spec.url
    if kind == "pb_case":
        return renderer.case_page(renderer.guide.cases[args[0]], page_url)
    if kind == "pb_listing":
        return renderer.listing(args[0], args[1], page_url)
    if kind == "pb_listing_index":
        return renderer.listing_index(args[0], page_url)
    method = {"pb_glossary": renderer.glossary, "pb_overview": renderer.overview}.get(kind)
    if method:
        return method()
    if kind == "pb_sources":
        return renderer.sources_page(page_url)
    return getattr(renderer, kind.removeprefix("pb_"))(page_url)


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
              "build(load_config('mkdocs.yml', site_dir='site')); build(load_config('mkdocs.en.yml', site_dir='site/en'))")
    return timed([sys.executable, "-c", script], baseline)


def sizes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, 6))


def page_bytes(site: Path) -> float:
    pages = list((site / "cases").glob("*/index.html"))
    return statistics.median(p.stat().st_size for p in pages)


def finder_bytes(site: Path) -> tuple[int, int] | None:
    page = site / "finder" / "index.html"
    if not page.exists():
        return None
    raw, gz = sizes(page)
    for script in (site / "assets" / "javascripts").glob("finder*.js"):
        r, g = sizes(script)
        raw, gz = raw + r, gz + g
    return raw, gz


def search_bytes(site: Path) -> tuple[int, int]:
    """What Material's search fetches before it can answer the first query: the index,
    its worker and the language support for Swedish."""
    files = [site / "search" / "search_index.json"]
    files += list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    lunr = site / "assets" / "javascripts" / "lunr"
    files += [lunr / "min" / name for name in ("lunr.stemmer.support.min.js", "lunr.sv.min.js", "lunr.multi.min.js")
              if (lunr / "min" / name).exists()]
    pagefind = site / "pagefind"
    if pagefind.exists():  # Pagefind loads its entry, one meta file and the chunks a query needs
        files = [f for f in pagefind.rglob("*") if f.is_file() and f.suffix in (".js", ".json")]
    raw = sum(sizes(f)[0] for f in files)
    gz = sum(sizes(f)[1] for f in files)
    return raw, gz


def rebuild_time(project: Path, edits: int) -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(project / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT, env=ENV)
    url = f"http://127.0.0.1:{port}/en/cases/synthetic-00001/"
    try:
        _wait(lambda: _fetch(url), 300)
        path = project / "cases" / "synthetic-00001.yaml"
        times = []
        for n in range(edits):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            marker = f"Edited while serving {n}"
            data["title"]["en"] = marker
            start = time.perf_counter()
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            _wait(lambda: marker in (_fetch(url) or ""), 120)
            times.append(time.perf_counter() - start)
            time.sleep(1)
        return statistics.median(times)
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
          "first search query (raw / gzip) | rebuild after one edit (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
            project = make_project(Path(tmp) / "project", count)
            baseline = make_baseline(project, Path(tmp) / "baseline")
            real = [real_build(project) for _ in range(args.runs)]
            base = [baseline_build(baseline) for _ in range(args.runs)]
            site = project / "site"
            finder = finder_bytes(site)
            search = search_bytes(site)
            rebuild = rebuild_time(project, args.serve_edits) if count == min(args.sizes) else None
            r, b = statistics.median(real), statistics.median(base)
            print(f"| {count:,} | {r:.2f} | {b:.2f} | {r / b:.2f}× | {kb(page_bytes(site))} | "
                  f"{f'{kb(finder[0])} / {kb(finder[1])}' if finder else 'n/a'} | {kb(search[0])} / {kb(search[1])} | "
                  f"{f'{rebuild:.2f}' if rebuild is not None else '–'} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
