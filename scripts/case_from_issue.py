#!/usr/bin/env python3
"""Turn a filled 'New practice' issue form into cases/<id>.yaml, or say what is missing.

usage: python scripts/case_from_issue.py BODY_FILE     (or - to read the issue body from stdin)

The body is the issue's Markdown as GitHub stores it (for example from `gh issue view N --json body`).
Exit status: 0 when the case was written and validates; 1 when answers are missing or the case
would not validate (nothing is written then); 2 on a usage error.
"""
import argparse
import sys
from pathlib import Path

import yaml

from _project import ROOT
from praktikbanken.guide import load_guide
from praktikbanken.issue_form import FormProblem, case_from_answers, case_yaml, parse_body
from praktikbanken.problems import InvalidInput, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("body", help="file with the issue body, or - for stdin")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    body = sys.stdin.read() if args.body == "-" else Path(args.body).read_text(encoding="utf-8")
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "new-case.yml").read_text(encoding="utf-8"))

    try:
        case_id, case = case_from_answers(parse_body(body, form))
    except FormProblem as err:
        print(f"issue form: {err}", file=sys.stderr)
        return 1
    target = args.root / "cases" / f"{case_id}.yaml"
    if target.exists():
        print(f"issue form: cases/{case_id}.yaml already exists; choose another id", file=sys.stderr)
        return 1
    target.parent.mkdir(exist_ok=True)
    target.write_text(case_yaml(case), encoding="utf-8")
    try:
        load_guide(args.root)
    except InvalidInput as err:
        target.unlink()  # never leave an invalid case behind
        print("The form's answers do not make a valid case yet:\n" + report(err.problems), file=sys.stderr)
        return 1
    print(f"Wrote cases/{case_id}.yaml. Review it, then open a pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
