#!/usr/bin/env python3
"""Benchmark of the PDFs (each case's and the training packs), at growing numbers of cases.

usage: python scripts/bench_pdf.py [--sizes 100 1000] [--naive-up-to 100]

For each N, in a throwaway copy of the project with N synthetic cases (as scripts/bench.py), in
the same run:
  - the site build without PDFs (the yardstick of the targets);
  - every PDF from an empty cache (each case laid out once per language, packs joined from them);
  - the naive way, for N up to --naive-up-to (it takes long): each pack laid out whole, as one
    document, which is what the guide did before;
  - a rebuild after editing one case's text, with the cache of the run before: its time and what
    was laid out again.
Then `scripts/build.py` for the real guide, from an empty cache and again with the cache.
It prints figures only; it asserts nothing about time.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml
from bench import ENV, make_project

from _project import ROOT
from praktikbanken import languages, packs
from praktikbanken.guide import load_guide
from praktikbanken.pdf_build import PdfBuild, _quiet_worker
from praktikbanken.processes import die_with_parent

SITE_URL = "https://guide.example/"
DAY = datetime.date(2026, 12, 2)


def seconds(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def site_build(project: Path) -> float:
    return seconds(lambda: subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), "--root", str(project), "--site-dir",
         str(project / "site"), "--no-pdf", "--quiet"], cwd=project, env=ENV, check=True))[0]


def pdf_build(project: Path, cache: Path, out: Path):
    pdfs = PdfBuild(load_guide(project, include_drafts=False), SITE_URL, cache, today=DAY, progress=lambda _: None)
    elapsed, _ = seconds(lambda: pdfs.run(out))
    return elapsed, pdfs.report


def _body(html: str) -> str:
    return re.search(r"<body[^>]*>(.*)</body>", html, re.S).group(1)


def _naive_pack(job) -> None:
    from weasyprint import HTML

    html, target = job
    HTML(string=html, base_url=SITE_URL).write_pdf(target, pdf_variant="pdf/ua-1")


def naive_build(project: Path, out: Path) -> float:
    """Each pack as one document: its front matter and every case's body laid out together."""
    guide = load_guide(project, include_drafts=False)
    jobs = []
    for lang in languages.CODES:
        r = packs.renderer(guide, lang)
        for pack in packs.planned_packs(guide, lang):
            front = packs.front_html(r, pack, list(range(1, len(pack.cases) + 1)), SITE_URL, DAY)
            bodies = "".join(f'<div class="pb-part">{_body(packs.part_html(r, c, SITE_URL)[0])}</div>'
                             for c in pack.cases)
            html = front.replace("</body>", bodies + "</body>")
            jobs.append((html, str(out / pack.name)))
    out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2, initializer=_quiet_worker,
                             initargs=(os.getpid(),)) as pool:
        return seconds(lambda: list(pool.map(_naive_pack, jobs)))[0]


def edit_one(project: Path) -> str:
    """Change a sentence in one case's background, in both languages (its length stays close)."""
    path = sorted((project / "cases").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for lang in languages.CODES:
        text = data["background"][lang] if isinstance(data.get("background"), dict) else ""
        data.setdefault("background", {})[lang] = (text + " Edited.").strip()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path.stem


def summary(labels: list[str]) -> str:
    """'2 case layouts (x, both languages), 1 front matter' from the report's labels."""
    parts = sorted({label.split()[-1] for label in labels if label.startswith("part ")})
    fronts = sum(label.startswith("front ") for label in labels)
    numbers = sum(label.startswith("numbers ") for label in labels)
    pieces = [f"{sum(label.startswith('part ') for label in labels)} case layouts ({', '.join(parts[:3])}"
              f"{', …' if len(parts) > 3 else ''})"] if parts else []
    pieces += [f"{fronts} front matter"] if fronts else []
    pieces += [f"{numbers} page-number files"] if numbers else []
    return ", ".join(pieces) or "nothing"


def real_guide_build(site_dir: Path, cache: Path) -> float:
    env = {**ENV, "PRAKTIKBANKEN_PDF_CACHE": str(cache)}
    return seconds(lambda: subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--site-dir",
                                           str(site_dir), "--quiet"], cwd=ROOT, env=env, check=True))[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--naive-up-to", type=int, default=100)
    args = parser.parse_args()
    die_with_parent()
    print(f"# Praktikbanken PDF benchmark, {time.strftime('%Y-%m-%d')}, {platform.node()}: "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    print("| cases | site build, no PDFs (s) | all PDFs, empty cache (s) | ratio to site | naive packs (s) | "
          "rebuild after one edit (s) | laid out again |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix="pb-bench-pdf-") as tmp:
            project = make_project(Path(tmp) / "project", count)
            site = site_build(project)
            cold, _ = pdf_build(project, Path(tmp) / "cache", Path(tmp) / "out1")
            naive = naive_build(project, Path(tmp) / "naive") if count <= args.naive_up_to else None
            edited = edit_one(project)
            rebuild, report = pdf_build(project, Path(tmp) / "cache", Path(tmp) / "out2")
            again = summary(report.laid_out)
            print(f"| {count:,} | {site:.1f} | {cold:.1f} | {cold / site:.1f}× | "
                  f"{f'{naive:.1f}' if naive is not None else '–'} | {rebuild:.1f} | {again} (edited: {edited}) |",
                  flush=True)
    with tempfile.TemporaryDirectory(prefix="pb-bench-real-") as tmp:
        cache = Path(tmp) / "cache"
        cold = real_guide_build(Path(tmp) / "site", cache)
        warm = real_guide_build(Path(tmp) / "site", cache)
        shutil.rmtree(cache, ignore_errors=True)
    cases = len(load_guide(ROOT, include_drafts=False).cases)
    print(f"\n`scripts/build.py` for the real guide ({cases} cases, site and every PDF): "
          f"{cold:.1f} s from an empty cache, {warm:.1f} s with the cache of that build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
