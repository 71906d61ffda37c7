#!/usr/bin/env python3
"""Build the whole bilingual site, all or nothing.

usage: python scripts/build.py [--site-dir DIR] [--root DIR] [--no-pdf] [--quiet] [--publish]

Makes the PDFs (each case's, and the training packs) first, so that the pages can give their size,
then builds Swedish (/) and English (/en/) into a temporary folder next to the target, and swaps
it in only when every step succeeded: a failed build never leaves a half-published site.
Prints one line per step; errors in full.
The guide's public address comes from PRAKTIKBANKEN_SITE_URL. Without it the feed, the sitemaps,
the JSON and the PDFs name http://127.0.0.1:8000/: fine for a look at a local build, which says so
in a warning; --publish (the deploy workflow) refuses to build without a public address.
Exit status 0 on success, 1 when the input has problems (they are listed, one per line).
"""
import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from _project import ROOT
from praktikbanken import languages
from praktikbanken.processes import die_with_parent, exit_on_sigterm, owned_tempdir
from praktikbanken.site import PDF_MANIFEST_ENV

STAGING_PREFIX = ".site-"
CACHE_ENV = "PRAKTIKBANKEN_PDF_CACHE"
SITE_URL_ENV = "PRAKTIKBANKEN_SITE_URL"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


QUIET = False


def step(text: str, started: float) -> None:
    """One progress line per step of the build."""
    if not QUIET:
        print(f"{text} ({time.monotonic() - started:.1f} s)", flush=True)


def build_pdfs(root: Path, site_url: str, out_dir: Path) -> Path:
    """The PDFs into out_dir, and their manifest beside them; returns the manifest's path."""
    from praktikbanken.guide import load_guide
    from praktikbanken.pdf_build import MANIFEST, PdfBuild, save_manifest

    cache = Path(os.environ.get(CACHE_ENV) or root / ".cache" / "pdf")
    started = time.monotonic()
    pdfs = PdfBuild(load_guide(root, include_drafts=False), site_url, cache,
                    progress=lambda text: step(text, started))
    manifest = pdfs.run(out_dir / "files")
    save_manifest(manifest, out_dir / MANIFEST)
    return out_dir / MANIFEST


def build_site(root: Path, site_dir: Path, pdf: bool = True) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from praktikbanken.problems import InvalidInput, report

    site_dir = site_dir.resolve()
    staging = owned_tempdir(site_dir.parent, STAGING_PREFIX)
    pdf_dir = owned_tempdir(site_dir.parent, STAGING_PREFIX + "pdf-") if pdf else None
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging))
        if pdf_dir:
            os.environ[PDF_MANIFEST_ENV] = str(build_pdfs(root, config.site_url, pdf_dir))
        else:
            os.environ.pop(PDF_MANIFEST_ENV, None)
        started = time.monotonic()
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        step(f"Site: {', '.join(languages.CODES)} built", started)
        if pdf_dir:  # into the same staging folder, so they never drift from the site
            for item in (pdf_dir / "files").iterdir():
                shutil.copytree(item, staging / item.relative_to(pdf_dir / "files"), dirs_exist_ok=True)
    except InvalidInput as err:
        _clean(staging, pdf_dir)
        print("Praktikbanken: the cases or data have problems; nothing was built.\n" + report(err.problems),
              file=sys.stderr)
        print("Build failed; the existing site was left untouched.", file=sys.stderr)
        return 1
    except (Abort, ConfigurationError, SystemExit) as err:
        _clean(staging, pdf_dir)
        message = str(err) if not isinstance(err, SystemExit) else ""
        if message:
            print(message, file=sys.stderr)
        print("Build failed; the existing site was left untouched.", file=sys.stderr)
        return 1
    except BaseException:
        _clean(staging, pdf_dir)
        raise
    if pdf_dir:
        shutil.rmtree(pdf_dir, ignore_errors=True)
    old = None
    if site_dir.exists():
        old = site_dir.with_name(site_dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
    staging.rename(site_dir)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    if not QUIET:
        print(f"Built the site in {site_dir}")
    return 0


def _clean(*folders) -> None:
    for folder in folders:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def address_problem() -> str | None:
    """Why PRAKTIKBANKEN_SITE_URL cannot be a published guide's address, or None."""
    from urllib.parse import urlsplit

    url = os.environ.get(SITE_URL_ENV, "")
    if not url:
        return f"{SITE_URL_ENV} is not set"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{SITE_URL_ENV} is {url!r}, not a web address such as https://example.org/praktikbanken/"
    if parts.hostname in ("localhost", "127.0.0.1", "::1") or parts.hostname.endswith(".localhost"):
        return f"{SITE_URL_ENV} is {url!r}, an address of this machine"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--site-dir", type=Path, default=None, help="default: <root>/site")
    parser.add_argument("--quiet", action="store_true", help="only warnings and errors")
    parser.add_argument("--verbose", action="store_true", help="MkDocs' own log lines too")
    parser.add_argument("--publish", action="store_true",
                        help=f"a build to put online: fail unless {SITE_URL_ENV} is its public address")
    parser.add_argument("--no-pdf", "--no-packs", dest="no_pdf", action="store_true",
                        help="skip the PDFs (faster previews and tests; the pages then say PDFs come with make build)")
    args = parser.parse_args()
    die_with_parent()
    exit_on_sigterm()  # a stopped build removes its staging folder (a killed one: the next build does)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)-7s -  %(message)s")
    global QUIET
    QUIET = args.quiet
    problem = address_problem()
    if problem and args.publish:
        print(f"Praktikbanken: {problem}. A published guide needs its public address in the feed, the "
              f"sitemaps, the JSON and the PDFs: set {SITE_URL_ENV}=https://… and build again. Nothing was built.",
              file=sys.stderr)
        return 1
    if problem and not args.quiet:
        print(f"WARNING: {problem}: this build names http://127.0.0.1:8000/ as the guide's address in its "
              f"feed, sitemaps, JSON and PDFs. Fine to look at locally; for a copy to put online set "
              f"{SITE_URL_ENV} (scripts/build.py --publish checks it).", file=sys.stderr)
    return build_site(args.root.resolve(), args.site_dir or args.root / "site", pdf=not args.no_pdf)


if __name__ == "__main__":
    sys.exit(main())
