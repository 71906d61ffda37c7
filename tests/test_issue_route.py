"""The issue-form route, end to end: the form is generated from data/ (and a stale one fails the
check), a recorded `issues` event for a complete new practice in a new municipality with a new
source and an assessed duty becomes a draft case with those files, the pull request description
says what to review, and, once the reviewer removes the draft mark, both languages publish it with
the duty's provenance."""
from __future__ import annotations

import json
import shutil

import pytest
import yaml

from conftest import PYTHON, ROOT, build, read_yaml, run, soup

EVENT = ROOT / "tests" / "fixtures" / "issue-labeled-event.json"
WORKFLOW = ROOT / ".github" / "workflows" / "issue-to-pr.yml"


def with_form(project):
    shutil.copytree(ROOT / ".github", project / ".github")
    return project


def test_the_committed_form_is_generated_from_the_data():
    result = run(PYTHON, ROOT / "scripts" / "issue_form.py", "--check")
    assert result.returncode == 0, result.stderr


def test_a_stale_form_fails_the_check_and_names_the_command(project):
    with_form(project)
    path = project / "data" / "themes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Housing", "Homes", 1), encoding="utf-8")
    stale = run(PYTHON, ROOT / "scripts" / "issue_form.py", "--check", "--root", project)
    assert stale.returncode == 1
    assert "out of date" in stale.stderr and "python scripts/issue_form.py" in stale.stderr
    assert run(PYTHON, ROOT / "scripts" / "issue_form.py", "--root", project).returncode == 0
    assert "Homes / " in (project / ".github" / "ISSUE_TEMPLATE" / "new-case.yml").read_text(encoding="utf-8")
    assert run(PYTHON, ROOT / "scripts" / "issue_form.py", "--check", "--root", project).returncode == 0


def test_the_make_check_tier_runs_the_form_check():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    check = makefile[makefile.index("\ncheck:"):makefile.index("\nbench:")]
    assert "scripts/issue_form.py --check" in check


def test_the_workflow_reads_the_body_from_the_event_file_never_from_an_expression():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["case"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "github.event.issue.body" not in WORKFLOW.read_text(encoding="utf-8")
    assert '--event "$GITHUB_EVENT_PATH"' in runs
    assert any(step.get("uses", "").startswith("peter-evans/create-pull-request@") for step in steps)


def workflow_command(tmp_path) -> list[str]:
    """The workflow's own command line, with the runner's variables filled in."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["case"]["steps"] if s.get("id") == "case")
    line = step["run"].split("if ", 1)[1].split("; then")[0].replace("\\\n", " ")
    line = line.replace('"$GITHUB_EVENT_PATH"', str(EVENT)).replace('"$RUNNER_TEMP', f'"{tmp_path}')
    return [part.strip('"') for part in line.split()]


def run_workflow_step(project, tmp_path):
    args = workflow_command(tmp_path)
    assert args[0] == ".venv/bin/python" and args[1] == "scripts/case_from_issue.py"
    return run(PYTHON, ROOT / args[1], *args[2:], "--root", project)


@pytest.mark.build
def test_a_recorded_issue_event_becomes_a_draft_with_its_municipality_source_and_assessed_duty(project, tmp_path):
    result = run_workflow_step(project, tmp_path)
    assert result.returncode == 0, result.stderr
    case = read_yaml(project / "cases" / "testby-reading-circle.yaml")
    assert case["draft"] is True
    assert case["legal_duties"] == [{"duty": "se-minority-act-4", "basis": "assessment", "reason": {
        "sv": "Läsecirkeln främjar barnens romska språk, vilket paragrafen kräver.",
        "en": "The circle promotes the children's Romani language, as the section requires."}}]
    assert case["title_original"] == "Läsecirkel för barn" and case["period"] == {"start": 2021, "end": 2023}
    assert case["facts"] == [{"label": {"sv": "Deltagande barn", "en": "Children taking part"}, "value": 14},
                             {"label": {"sv": "Mötesplats", "en": "Meeting place"},
                              "value": {"sv": "biblioteket", "en": "the library"}}]
    assert case["sources"] == [{"document": "testby-2024", "section": "Kapitel 3", "pages": "12–13"}]
    place = read_yaml(project / "data" / "municipalities" / "testby.yaml")
    assert place["population"]["count"] == 12345 and place["population"]["url"] == "https://testby.example/statistik"
    source = next(s for s in read_yaml(project / "data" / "sources.yaml") if s["id"] == "testby-2024")
    assert source["practices"] == ["testby-reading-circle"] and source["url"] == "https://testby.example/rapport"
    description = (tmp_path / "pr.md").read_text(encoding="utf-8")
    assert "closes #42" in description and "data/municipalities/testby.yaml" in description
    assert "- [ ] The legal duties" in description and "testby-2024" in description
    assert result.stdout.count("Check before merging") == 1

    # The reviewer removes the draft mark; both languages then publish it with the duty's provenance.
    path = project / "cases" / "testby-reading-circle.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    built = build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    for root, words in (("", "Vår bedömning"), ("en/", "Our assessment")):
        page = soup(tmp_path / "site" / root / "cases" / "testby-reading-circle" / "index.html")
        basis = page.select_one(".pb-basis.pb-assessed").get_text()
        assert words in basis and ("romska språk" in basis or "Romani language" in basis)
        assert "12" in page.select_one(".pb-facet-population").get_text()


def test_every_problem_of_a_form_is_reported_at_once_and_nothing_is_left_written(project, tmp_path):
    event = json.loads(EVENT.read_text(encoding="utf-8"))
    body = event["issue"]["body"]
    body = body.replace("### Start year\n\n2021", "### Start year\n\n20x1")
    body = body.replace("### New municipality: country\n\nSE", "### New municipality: country\n\nSweden")
    body = body.replace("Deltagande barn | Children taking part | 14", "Deltagande barn | 14")
    event["issue"]["body"] = body
    (tmp_path / "event.json").write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
    sources_before = (project / "data" / "sources.yaml").read_text(encoding="utf-8")
    result = run(PYTHON, ROOT / "scripts" / "case_from_issue.py", "--event", tmp_path / "event.json",
                 "--problems", tmp_path / "problems.md", "--root", project)
    assert result.returncode == 1
    for expected in ("Start year: '20x1' is not a year", "country: 'SWEDEN' is not a two-letter code",
                     "Facts and figures, line 1"):
        assert expected in result.stderr, result.stderr
    assert (tmp_path / "problems.md").read_text(encoding="utf-8").strip() == result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert not (project / "cases" / "testby-reading-circle.yaml").exists()
    assert not (project / "data" / "municipalities" / "testby.yaml").exists()
    assert (project / "data" / "sources.yaml").read_text(encoding="utf-8") == sources_before
