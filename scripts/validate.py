#!/usr/bin/env python3
"""Check every case and data file. One line per problem: file:line: field: what is wrong.

usage: python scripts/validate.py [--root DIR]
Exit status: 0 when everything is valid, 1 when problems were found, 2 on a usage error.
Inside GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed as an ::error
annotation, so it shows on the pull request's changed line.
"""
import argparse
import os
import sys

from _project import ROOT
from praktikbanken.guide import load_guide, write_editor_schema
from praktikbanken.problems import InvalidInput, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(ROOT), help="project folder (default: this checkout)")
    args = parser.parse_args()
    try:
        write_editor_schema(args.root)  # keeps editors' completion in step with data/
    except InvalidInput:
        pass  # the same problems are reported below
    try:
        guide = load_guide(args.root)
    except InvalidInput as err:
        print(report(err.problems), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in err.problems:
                print(problem.github_annotation())
        return 1
    drafts = sum(case.draft for case in guide.cases.values())
    print(f"OK: {len(guide.cases)} cases valid ({drafts} drafts), "
          f"{len(guide.taxonomies.municipalities)} municipalities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
