"""Contribution paths: scaffolding, the issue form, GitHub workflows and the pre-commit hook."""
from __future__ import annotations

from conftest import PYTHON, ROOT, read_yaml, run

FORM = read_yaml(ROOT / ".github" / "ISSUE_TEMPLATE" / "new-case.yml")


def option_ids(field_id: str) -> list[str]:
    field = next(item for item in FORM["body"] if item.get("id") == field_id)
    return [option.split(" – ")[0] for option in field["attributes"]["options"]]


def test_new_case_writes_a_valid_draft_that_cannot_be_published_unfinished(project):
    result = run(PYTHON, ROOT / "scripts" / "new_case.py", "gavle-new-practice", "--root", project)
    assert result.returncode == 0, result.stderr
    path = project / "cases" / "gavle-new-practice.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert (project / "schema" / "case.schema.json").exists()
    assert run(PYTHON, ROOT / "scripts" / "validate.py", "--root", project).returncode == 0
    path.write_text(text.replace("draft: true\n", ""))
    result = run(PYTHON, ROOT / "scripts" / "validate.py", "--root", project)
    assert result.returncode == 1 and "placeholder 'TODO' left in the text" in result.stderr


def test_new_case_refuses_bad_ids_and_unknown_municipalities(project):
    bad = run(PYTHON, ROOT / "scripts" / "new_case.py", "Gävle Study", "--root", project)
    assert bad.returncode == 2 and "not a valid id" in bad.stderr
    unknown = run(PYTHON, ROOT / "scripts" / "new_case.py", "gavel-thing", "--root", project)
    assert unknown.returncode == 2 and "did you mean 'gavle'?" in unknown.stderr


def test_issue_form_options_match_the_taxonomies():
    assert option_ids("themes") == [e["id"] for e in read_yaml(ROOT / "data" / "themes.yaml")]
    assert option_ids("target_groups") == [e["id"] for e in read_yaml(ROOT / "data" / "target-groups.yaml")]
    assert option_ids("municipal_roles") == [e["id"] for e in read_yaml(ROOT / "data" / "municipal-roles.yaml")]
    assert option_ids("source_document")[:-1] == [e["id"] for e in read_yaml(ROOT / "data" / "sources.yaml")]


def filled_form(**overrides) -> str:
    answers = {
        "Case id": "gavle-from-issue", "Municipality id": "gavle",
        "Title (Swedish / svenska)": "Läxhjälp på biblioteket", "Title (English)": "Homework help at the library",
        "Summary (Swedish / svenska)": "Kort sammanfattning.", "Summary (English)": "A short summary.",
        "What was done (Swedish / svenska)": "Eleverna fick hjälp.", "What was done (English)": "Pupils got help.",
        "Partners (Swedish / svenska)": "- Biblioteket\n- Föreningen",
        "Partners (English)": "- The library\n- The association",
        "Start year": "2018", "Status": "ongoing", "Scope": "local",
        "Themes": "education – Education / Utbildning, culture-language – Culture and language / Kultur och språk",
        "Target groups": "roma – Roma / Romer",
        "Municipal roles": "service-provider – Service provider / Tjänsteleverantör",
        "Source document": "lansstyrelsen-2020 – Romsk inkludering i praktiken", "Section of the source": "Utbildning",
    }
    answers.update(overrides)
    labels = [item["attributes"]["label"] for item in FORM["body"] if "id" in item]
    return "\n\n".join(f"### {label}\n\n{answers.get(label, '_No response_')}" for label in labels)


def test_case_from_issue_writes_a_valid_case(project, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(filled_form())
    result = run(PYTHON, ROOT / "scripts" / "case_from_issue.py", body, "--root", project)
    assert result.returncode == 0, result.stderr
    case = read_yaml(project / "cases" / "gavle-from-issue.yaml")
    assert case["themes"] == ["education", "culture-language"]
    assert case["partners"][1] == {"sv": "Föreningen", "en": "The association"}
    assert case["period"]["start"] == 2018 and case["funding"] == "not stated"
    assert run(PYTHON, ROOT / "scripts" / "validate.py", "--root", project).returncode == 0


def test_case_from_issue_reports_what_is_missing(project, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(filled_form(**{"Summary (English)": "_No response_", "Themes": "_No response_"}))
    result = run(PYTHON, ROOT / "scripts" / "case_from_issue.py", body, "--root", project)
    assert result.returncode == 1
    assert "missing answers: summary_en, themes" in result.stderr
    body.write_text(filled_form(**{"Municipality id": "gävle"}))
    result = run(PYTHON, ROOT / "scripts" / "case_from_issue.py", body, "--root", project)
    assert result.returncode == 1 and "municipality: unknown value 'gävle'; did you mean 'gavle'?" in result.stderr
    assert not (project / "cases" / "gavle-from-issue.yaml").exists()


def test_workflows_run_the_checks():
    pr = read_yaml(ROOT / ".github" / "workflows" / "pull-request.yml")
    steps = " ".join(step.get("run", "") for step in pr["jobs"]["check"]["steps"])
    assert "scripts/validate.py" in steps and "scripts/build.py" in steps and "make test" in steps
    assert "make check" in steps and steps.index("make check") < steps.index("make test")  # ruff, quick tests
    deploy = read_yaml(ROOT / ".github" / "workflows" / "deploy.yml")
    assert deploy[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key 'on' as true
    uses = [step.get("uses", "") for job in deploy["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_pre_commit_runs_the_validator():
    config = read_yaml(ROOT / ".pre-commit-config.yaml")
    hook = config["repos"][0]["hooks"][0]
    assert "scripts/validate.py" in hook["entry"] and hook["files"] == "^(cases|data)/"
    assert any(h["entry"].startswith(".venv/bin/ruff check") for h in config["repos"][0]["hooks"])


def field_rows(path) -> list[str]:
    """The field names of a contributors' guide's field table (first column, in backticks)."""
    import re
    text = path.read_text(encoding="utf-8")
    return [name for line in text.splitlines() if line.startswith("| `")
            for name in re.findall(r"`([a-z_]+)(?:\.[a-z]+)?`", line.split("|")[1])]


def test_both_contributors_guides_explain_every_field_of_the_schema():
    schema = read_yaml(ROOT / "data" / "case.schema.yaml")
    en, sv = field_rows(ROOT / "CONTRIBUTING.md"), field_rows(ROOT / "CONTRIBUTING.sv.md")
    assert en == sv  # the same table, in the same order
    assert set(schema["properties"]) <= set(en), set(schema["properties"]) - set(en)
    for path in (ROOT / "CONTRIBUTING.md", ROOT / "CONTRIBUTING.sv.md"):
        text = path.read_text(encoding="utf-8")
        for must in ("scripts/issue_form.py", "accepted", "data/municipalities/<id>.yaml", "address_note",
                     "basis: assessment"):
            assert must in text, (path.name, must)
