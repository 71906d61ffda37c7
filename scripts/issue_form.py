#!/usr/bin/env python3
"""Write the 'New practice' issue form (.github/ISSUE_TEMPLATE/new-case.yml) from data/ and the schema.

usage: python scripts/issue_form.py [--check] [--root DIR]

--check changes nothing: exit status 1, with the command to run, when the committed form is out of date.
"""
import argparse
import sys
from pathlib import Path

from _project import ROOT
from praktikbanken.issue_template import COMMAND, FORM_PATH, form_text
from praktikbanken.problems import InvalidInput, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the form is up to date")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    try:
        text = form_text(args.root)
    except InvalidInput as err:
        print("The data have problems, so the form cannot be made:\n" + report(err.problems), file=sys.stderr)
        return 1
    target = args.root / FORM_PATH
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != text:
            print(f"{FORM_PATH} is out of date with data/ and the case schema; run `{COMMAND}` and commit it.",
                  file=sys.stderr)
            return 1
        print(f"OK: {FORM_PATH} matches data/ and the case schema.")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {FORM_PATH}" + (" (unchanged)" if current == text else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
