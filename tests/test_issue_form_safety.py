"""The issue form is written by whoever opens the issue: its answers must not choose where
scripts/case_from_issue.py writes, nor which field an answer fills."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_contributing import filled_form

from conftest import PYTHON, ROOT, read_yaml, run

SCRIPT = ROOT / "scripts" / "case_from_issue.py"
REAL_ID = "gavle-from-issue"  # the id filled_form() answers


def everything(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def case_from_issue(body: Path, project: Path):
    return run(PYTHON, SCRIPT, body, "--root", project)


def write_body(tmp_path: Path, text: str) -> Path:
    body = tmp_path / "body.md"
    body.write_text(text, encoding="utf-8")
    return body


def assert_refused(result, *expected: str):
    """Exit 1 with one clear line on stderr, no traceback."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for text in expected:
        assert text in result.stderr


# The absolute id points into tmp_path, so the old code, which wrote it, never wrote outside the test.
@pytest.mark.parametrize("case_id", ["../../x", "../cases2/x", "ABSOLUTE", "x/../../y", "Index", "index"])
def test_an_id_that_is_not_a_plain_case_name_writes_nothing(project, tmp_path, case_id):
    case_id = str(tmp_path / "abs-x") if case_id == "ABSOLUTE" else case_id
    body = write_body(tmp_path, filled_form(**{"Case id": case_id}))
    before = everything(tmp_path)
    result = case_from_issue(body, project)
    assert_refused(result, "Case id:", "expected")
    assert everything(tmp_path) == before
    # Where the old code wrote each of them (all inside tmp_path, so also covered above):
    for target in [project / "cases" / f"{case_id}.yaml", project / "cases" / "Index.yaml", tmp_path / "x.yaml",
                   project / "cases2", project / "y.yaml", tmp_path / "abs-x.yaml"]:
        assert not target.exists(), target


def test_a_symlink_at_the_target_is_not_followed(project, tmp_path):
    outside = tmp_path / "outside.yaml"
    (project / "cases" / f"{REAL_ID}.yaml").symlink_to(outside)
    result = case_from_issue(write_body(tmp_path, filled_form()), project)
    assert_refused(result, "Case id:", "outside cases/")
    assert not outside.exists()


def test_a_case_id_heading_inside_an_answer_is_text_not_the_id(project, tmp_path):
    summary = "A short summary.\n\n### Case id\n\nother-id"
    before = {p.name for p in (project / "cases").iterdir()}
    result = case_from_issue(write_body(tmp_path, filled_form(**{"Summary (English)": summary})), project)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (project / "cases").iterdir()} - before == {f"{REAL_ID}.yaml"}
    assert read_yaml(project / "cases" / f"{REAL_ID}.yaml")["summary"]["en"] == summary
    assert run(PYTHON, ROOT / "scripts" / "validate.py", "--root", project).returncode == 0


def test_the_next_fields_heading_typed_into_an_answer_is_refused(project, tmp_path):
    # '### Summary (English)' is the next field's heading, so it ends the Swedish summary; the real heading
    # then comes twice, and which one starts the field cannot be told: refuse rather than guess.
    summary = "Kort sammanfattning.\n\n### Summary (English)\n\nInjected."
    body = write_body(tmp_path, filled_form(**{"Summary (Swedish / svenska)": summary}))
    before = everything(tmp_path)
    assert_refused(case_from_issue(body, project), "'### Summary (English)' appears twice")
    assert everything(tmp_path) == before


@pytest.mark.parametrize("body_text, expected", [
    ("", "the body is empty"),
    ("Just some text, not a form.", "expected the form's first field, '### Case id'"),
    ("Preamble\n\n" + filled_form(), "expected the form's first field, '### Case id'"),
])
def test_a_body_that_is_not_the_form_is_refused(project, tmp_path, body_text, expected):
    body = write_body(tmp_path, body_text)
    before = everything(tmp_path)
    assert_refused(case_from_issue(body, project), expected)
    assert everything(tmp_path) == before


def test_control_characters_in_an_answer_are_refused(project, tmp_path):
    body = write_body(tmp_path, filled_form(**{"Summary (English)": "A short \x1b[31msummary."}))
    before = everything(tmp_path)
    assert_refused(case_from_issue(body, project), "Summary (English):", "control character U+001B")
    assert everything(tmp_path) == before


def test_an_unreadable_or_non_utf8_body_is_one_line_not_a_traceback(project, tmp_path):
    body = tmp_path / "body.md"
    body.write_bytes(filled_form().encode("cp1252"))  # saved by a Windows editor: not UTF-8
    before = everything(tmp_path)
    assert_refused(case_from_issue(body, project), "not UTF-8")
    missing = case_from_issue(tmp_path / "no-such-body.md", project)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.strip().splitlines() == [missing.stderr.strip()] and "cannot read" in missing.stderr
    assert everything(tmp_path) == before
