#!/usr/bin/env python3
"""Build the PDF training packs into a built site: one per theme and language, and the whole guide.

usage: python scripts/build_packs.py SITE_DIR [--root DIR] [--site-url URL]

scripts/build.py runs this for every published build, so the packs never drift from the site.
"""
import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _project import ROOT
from praktikbanken import languages
from praktikbanken.guide import load_guide
from praktikbanken.packs import PACKS_DIR, pack_html, planned_packs, write_pdf
from praktikbanken.processes import die_with_parent


def _one(job):
    root, lang, name, title, case_ids, site_dir, site_url = job
    guide = load_guide(root, include_drafts=False)
    cases = [guide.cases[i] for i in case_ids]
    target = Path(site_dir) / languages.root(lang) / PACKS_DIR / name
    write_pdf(pack_html(guide, lang, title, cases), target, site_url + languages.root(lang) + PACKS_DIR + "/")
    return str(target)


def build_packs(root: Path, site_dir: Path, site_url: str) -> list[str]:
    guide = load_guide(root, include_drafts=False)
    jobs = [(str(root), lang, name, title, [c.id for c in cases], str(site_dir), site_url)
            for lang in languages.CODES for name, title, cases in planned_packs(guide, lang)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        return list(pool.map(_one, jobs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--site-url", default=os.environ.get("PRAKTIKBANKEN_SITE_URL", "http://127.0.0.1:8000/"))
    args = parser.parse_args()
    written = build_packs(args.root.resolve(), args.site_dir, args.site_url)
    print(f"Built {len(written)} PDF packs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
