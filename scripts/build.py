#!/usr/bin/env python3
"""Build the whole bilingual site, all or nothing.

usage: python scripts/build.py [--site-dir DIR] [--root DIR]

Builds Swedish (/) and English (/en/), with the PDF training packs, into a temporary folder next to
the target and swaps it in only when every step succeeded, so a failed build never leaves a
half-published site.
Exit status 0 on success, 1 when the input has problems (they are listed, one per line).
"""
import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

from _project import ROOT
from praktikbanken.processes import die_with_parent, exit_on_sigterm, owned_tempdir

STAGING_PREFIX = ".site-"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_site(root: Path, site_dir: Path, packs: bool = True) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    site_dir = site_dir.resolve()
    staging = owned_tempdir(site_dir.parent, STAGING_PREFIX)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        if packs:  # built into the same staging folder, so they never drift from the site
            from build_packs import build_packs
            build_packs(root, staging, config.site_url)
    except (Abort, ConfigurationError, SystemExit) as err:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(err) if not isinstance(err, SystemExit) else ""
        if message:
            print(message, file=sys.stderr)
        print("Build failed; the existing site was left untouched.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if site_dir.exists():
        old = site_dir.with_name(site_dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
    staging.rename(site_dir)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    print(f"Built the site in {site_dir}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--site-dir", type=Path, default=None, help="default: <root>/site")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--no-packs", action="store_true",
                        help="skip the PDF training packs (faster previews and tests)")
    args = parser.parse_args()
    die_with_parent()
    exit_on_sigterm()  # a stopped build removes its staging folder (a killed one: the next build does)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)-7s -  %(message)s")
    return build_site(args.root.resolve(), args.site_dir or args.root / "site", packs=not args.no_packs)


if __name__ == "__main__":
    sys.exit(main())
