#!/usr/bin/env python3
"""Start a new case: write cases/<id>.yaml as a valid draft with every field.

usage: python scripts/new_case.py <id> [--municipality ID] [--source ID]

The id is the file name: lower-case letters, digits and hyphens, usually
<municipality>-<short-name>, for example gavle-study-group.
"""
import argparse
import re
import sys

from _project import ROOT
from praktikbanken.guide import write_editor_schema
from praktikbanken.paths import ProjectPaths
from praktikbanken.problems import InvalidInput, report
from praktikbanken.schema import suggest
from praktikbanken.skeleton import skeleton
from praktikbanken.taxonomy import load_taxonomies

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("id")
    parser.add_argument("--municipality", help="id of a file in data/municipalities/ (default: the id's first word)")
    parser.add_argument("--source", help="id of a document in data/sources.yaml")
    parser.add_argument("--root", default=str(ROOT))
    args = parser.parse_args()
    paths = ProjectPaths(__import__("pathlib").Path(args.root))

    if not SLUG.match(args.id):
        print(f"error: '{args.id}' is not a valid id: use lower-case letters a-z, digits and hyphens, "
              "for example gavle-study-group", file=sys.stderr)
        return 2
    target = paths.cases / f"{args.id}.yaml"
    if target.exists():
        print(f"error: {paths.shown(target)} already exists; choose another id", file=sys.stderr)
        return 2
    try:
        tax = load_taxonomies(paths)
    except InvalidInput as err:
        print(report(err.problems), file=sys.stderr)
        return 1

    municipality = args.municipality or next((m for m in sorted(tax.municipalities, key=len, reverse=True)
                                              if args.id == m or args.id.startswith(m + "-")), None)
    if municipality not in tax.municipalities:
        given = municipality or args.id.split("-")[0]
        hint = suggest(given, sorted(tax.municipalities))
        print(f"error: no municipality '{given}' in data/municipalities/{hint if hint != '.' else '.'}\n"
              f"Give one with --municipality, or add data/municipalities/{given}.yaml first "
              "(copy an existing file; see CONTRIBUTING.md).", file=sys.stderr)
        return 2
    source = args.source or next(iter(tax.sources))
    if source not in tax.sources:
        print(f"error: no source document '{source}'{suggest(source, sorted(tax.sources))} "
              f"Known: {', '.join(tax.sources)}", file=sys.stderr)
        return 2

    paths.cases.mkdir(exist_ok=True)
    target.write_text(skeleton(municipality, source), encoding="utf-8")
    schema = write_editor_schema(paths.root)
    print(f"Wrote {paths.shown(target)} (a draft). Next:\n"
          f"  1. Fill in every TODO in both languages; editors that read the first line check fields against "
          f"{paths.shown(schema)}.\n"
          f"  2. make validate    3. make serve, then open http://127.0.0.1:8000/cases/{args.id}/\n"
          f"  4. Remove 'draft: true' when it is ready, and open a pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
