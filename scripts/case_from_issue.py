#!/usr/bin/env python3
"""Turn a filled 'New practice' issue form into cases/<id>.yaml, or say what is missing.

usage: python scripts/case_from_issue.py BODY_FILE     (or - to read the issue body from stdin)

The body is the issue's Markdown as GitHub stores it (for example from `gh issue view N --json body`),
in UTF-8. Exit status: 0 when the case was written and validates; 1 when the body is not a filled form,
answers are missing or unsafe, or the case would not validate (nothing is written then); 2 on a usage
error, such as a body file that cannot be read.
"""
import argparse
import sys
from pathlib import Path

import yaml

from _project import ROOT
from praktikbanken.guide import load_guide
from praktikbanken.issue_form import FormProblem, case_from_answers, case_yaml, checked_case_id, parse_body
from praktikbanken.problems import InvalidInput, report


def read_body(name: str) -> str:
    """The body as text; raises FormProblem (not UTF-8) or OSError (cannot read)."""
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    try:
        return data.decode("utf-8-sig")  # tolerate a byte-order mark from editors that add one
    except UnicodeDecodeError as err:
        raise FormProblem(f"the body is not UTF-8 text (byte {err.start}); save it as UTF-8") from None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("body", help="file with the issue body, or - for stdin")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "new-case.yml").read_text(encoding="utf-8"))
    cases = args.root / "cases"
    try:
        body = read_body(args.body)
        schema = yaml.safe_load((args.root / "data" / "case.schema.yaml").read_text(encoding="utf-8"))
        case_id, case = case_from_answers(parse_body(body, form), schema=schema)
        checked_case_id(case_id, schema["$defs"]["slug"]["pattern"])
        target = cases / f"{case_id}.yaml"
        # Defence in depth: whatever the id rule allows, write nowhere but directly in cases/, and
        # not through a symlink left at the target, which open() would follow even when dangling.
        if target.is_symlink() or target.resolve().parent != cases.resolve():
            raise FormProblem(f"Case id: cases/{case_id}.yaml leads outside cases/ (a symlink?); "
                              "expected a new file directly in cases/")
    except OSError as err:
        print(f"issue form: cannot read {err.filename}: {err.strerror}", file=sys.stderr)
        return 2
    except FormProblem as err:
        print(f"issue form: {err}", file=sys.stderr)
        return 1
    cases.mkdir(exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:  # "x": never overwrite an existing case
            out.write(case_yaml(case))
    except FileExistsError:
        print(f"issue form: cases/{case_id}.yaml already exists; choose another id", file=sys.stderr)
        return 1
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
