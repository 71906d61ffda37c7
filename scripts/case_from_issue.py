#!/usr/bin/env python3
"""Turn a filled 'New practice' issue form into a draft case (and the data files it needs), or say what is missing.

usage: python scripts/case_from_issue.py BODY_FILE [--pr-body FILE] [--problems FILE]
       python scripts/case_from_issue.py --event EVENT_JSON [--pr-body FILE] [--problems FILE]

BODY_FILE is the issue's Markdown as GitHub stores it (for example from `gh issue view N --json body`),
in UTF-8, or - for stdin; EVENT_JSON is the payload of the GitHub `issues` event that a workflow
gets (.github/workflows/issue-to-pr.yml). It writes cases/<id>.yaml marked `draft: true`, and where
the form names a new municipality or source, data/municipalities/<id>.yaml or a new entry of
data/sources.yaml. It prints the pull request's description (what a reviewer must check), also into
--pr-body; every problem found goes to stderr and --problems, all at once.
Exit status: 0 when the files were written and validate; 1 when the body is not a filled form,
answers are missing or unsafe, or the result would not validate (nothing is left written then);
2 on a usage error, such as a body file that cannot be read.
"""
import argparse
import json
import sys
from pathlib import Path

import yaml

from _project import ROOT
from praktikbanken.guide import load_guide
from praktikbanken.issue_form import FormProblem, case_from_answers, case_yaml, parse_body, pull_request_text
from praktikbanken.issue_template import build_form
from praktikbanken.paths import ProjectPaths
from praktikbanken.problems import InvalidInput, report
from praktikbanken.taxonomy import load_taxonomies


def read_body(name: str) -> str:
    """The body as text; raises FormProblem (not UTF-8) or OSError (cannot read)."""
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    try:
        return data.decode("utf-8-sig")  # tolerate a byte-order mark from editors that add one
    except UnicodeDecodeError as err:
        raise FormProblem(f"the body is not UTF-8 text (byte {err.start}); save it as UTF-8") from None


def read_event(name: str) -> tuple[str, int | None]:
    event = json.loads(Path(name).read_text(encoding="utf-8"))
    issue = event.get("issue") or {}
    if not isinstance(issue.get("body"), str):
        raise FormProblem("the event has no issue body; expected the payload of an `issues` event")
    return issue["body"], issue.get("number")


def inside(folder: Path, target: Path, what: str) -> Path:
    """Defence in depth: whatever the id rule allows, write nowhere but directly in folder, and not
    through a symlink left at the target, which open() would follow even when dangling."""
    if target.is_symlink() or target.resolve().parent != folder.resolve():
        raise FormProblem(f"{what}: {target.name} leads outside {folder.name}/ (a symlink?); "
                          f"expected a new file directly in {folder.name}/")
    return target


def write_new(target: Path, text: str, written: list[Path]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # "x": never overwrite an existing file
        out.write(text)
    written.append(target)


def say_problems(message: str, problems_file: str | None) -> None:
    print(message, file=sys.stderr)
    if problems_file:
        Path(problems_file).write_text(message + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("body", nargs="?", help="file with the issue body, or - for stdin")
    parser.add_argument("--event", help="the GitHub issues event payload (JSON) instead of a body")
    parser.add_argument("--pr-body", help="also write the pull request description here")
    parser.add_argument("--problems", help="also write the problems here (for a comment on the issue)")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    if bool(args.body) == bool(args.event):
        parser.error("give a body file or --event, not both")
    paths = ProjectPaths(args.root)
    written: list[Path] = []
    sources_file = paths.data / "sources.yaml"
    sources_before = sources_file.read_text(encoding="utf-8")
    try:
        body, issue = read_event(args.event) if args.event else (read_body(args.body), None)
        schema = yaml.safe_load((paths.data / "case.schema.yaml").read_text(encoding="utf-8"))
        tax = load_taxonomies(paths)
        form = build_form(tax, schema)  # the fields of .github/ISSUE_TEMPLATE/new-case.yml
        proposal = case_from_answers(parse_body(body, form), schema=schema, municipalities=set(tax.municipalities),
                                     sources=set(tax.sources))
        targets = [inside(paths.cases, paths.cases / f"{proposal.case_id}.yaml", "Case id")]
        if proposal.municipality:
            targets.append(inside(paths.municipalities, paths.municipalities / f"{proposal.municipality[0]}.yaml",
                                  "New municipality"))
        for target in targets:
            if target.exists():
                raise FormProblem(f"{target.relative_to(args.root)} already exists; choose another id")
        write_new(targets[0], case_yaml(proposal.case), written)
        if proposal.municipality:
            write_new(targets[1], yaml.safe_dump(proposal.municipality[1], allow_unicode=True, sort_keys=False),
                      written)
        if proposal.source:
            entry = yaml.safe_dump([proposal.source], allow_unicode=True, sort_keys=False, width=100)
            sources_file.write_text(sources_before.rstrip("\n") + "\n" + entry, encoding="utf-8")
        load_guide(args.root)
    except (OSError, json.JSONDecodeError) as err:
        undo(written, sources_file, sources_before)
        name = getattr(err, "filename", None) or args.event or args.body
        print(f"issue form: cannot read {name}: {getattr(err, 'strerror', None) or err}", file=sys.stderr)
        return 2
    except FormProblem as err:
        undo(written, sources_file, sources_before)
        say_problems(f"issue form:\n{err}" if "\n" in str(err) else f"issue form: {err}", args.problems)
        return 1
    except InvalidInput as err:
        undo(written, sources_file, sources_before)  # never leave an invalid case behind
        say_problems("The form's answers do not make a valid case yet:\n" + report(err.problems), args.problems)
        return 1
    text = pull_request_text(proposal, issue)
    if args.pr_body:
        Path(args.pr_body).write_text(text, encoding="utf-8")
    print("Wrote " + ", ".join(str(p.relative_to(args.root)) for p in written)
          + (" and a new source in data/sources.yaml" if proposal.source else "") + ".\n")
    print(text)
    return 0


def undo(written: list[Path], sources_file: Path, sources_before: str) -> None:
    for path in written:
        path.unlink(missing_ok=True)
    if sources_file.read_text(encoding="utf-8") != sources_before:
        sources_file.write_text(sources_before, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
