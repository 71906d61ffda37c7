"""Unit tests of loading, validation and derived fields, without MkDocs."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from praktikbanken.guide import load_guide
from praktikbanken.problems import InvalidInput
from praktikbanken.yamlio import parse_yaml


def write_case(project: Path, name: str, data: dict | str) -> Path:
    path = project / "cases" / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(project: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_guide(project)
    return [str(p) for p in caught.value.problems]


# -- strict YAML --------------------------------------------------------------------------

def test_duplicate_keys_are_errors_with_both_lines():
    with pytest.raises(InvalidInput) as caught:
        parse_yaml("title: a\nsummary: b\ntitle: c\n", "x.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("x.yaml", 3, "title")
    assert "duplicate key 'title' (first given on line 1)" in problem.message


def test_aliases_and_python_tags_are_refused():
    for text in ("a: &x [1, 2]\nb: *x\n", "a: !!python/object/apply:os.system ['echo hi']\n"):
        with pytest.raises(InvalidInput) as caught:
            parse_yaml(text, "x.yaml")
        assert caught.value.problems[0].line in (1, 2)


def test_only_true_false_are_booleans_and_dates_stay_text():
    doc = parse_yaml("a: no\nb: yes\nc: true\nd: 2024-05-01\n", "x.yaml")
    assert doc.data == {"a": "no", "b": "yes", "c": True, "d": "2024-05-01"}


def test_lines_are_remembered_for_nested_values():
    doc = parse_yaml("title:\n  sv: a\n  en: b\nthemes:\n  - x\n  - y\n", "x.yaml")
    assert doc.line_of(("title", "en")) == 3
    assert doc.line_of(("themes", 1)) == 6


# -- validation against schema and data ---------------------------------------------------

def test_real_guide_loads_with_four_brief_cases():
    guide = load_guide(ROOT)
    for case_id in ("haninge-parent-network", "gavle-study-group", "vantaa-tsemppari",
                    "pyhajoki-language-support-volunteers"):
        assert case_id in guide.cases


def test_unknown_theme_gets_did_you_mean_and_valid_values(project, example_case):
    example_case["themes"] = ["educaton"]
    write_case(project, "haninge-parent-network.yaml", example_case)
    (message,) = problems_for(project)
    assert message.startswith("cases/haninge-parent-network.yaml:")
    assert "themes[0]: unknown value 'educaton'; did you mean 'education'?" in message
    assert "Valid values: anti-discrimination, civil-society" in message


def test_unknown_municipality(project, example_case):
    example_case["municipality"] = "haningee"
    write_case(project, "haninge-parent-network.yaml", example_case)
    (message,) = problems_for(project)
    assert "municipality: unknown value 'haningee'; did you mean 'haninge'?" in message


def test_missing_translation_names_the_language(project, example_case):
    del example_case["summary"]["en"]
    write_case(project, "haninge-parent-network.yaml", example_case)
    (message,) = problems_for(project)
    assert "summary.en: the English text is missing" in message


def test_id_must_match_file_name(project, example_case):
    example_case["id"] = "haninge-other"
    write_case(project, "haninge-parent-network.yaml", example_case)
    (message,) = problems_for(project)
    assert "id: id 'haninge-other' does not match the file name" in message


def test_duplicate_id_across_yaml_and_yml(project, example_case):
    write_case(project, "haninge-parent-network.yml", example_case)
    messages = problems_for(project)
    assert any("duplicate id 'haninge-parent-network'" in m for m in messages)


def test_unknown_related_case(project, example_case):
    example_case["related"] = ["gavle-study-grop"]
    write_case(project, "haninge-parent-network.yaml", example_case)
    (message,) = problems_for(project)
    assert "related[0]: unknown case 'gavle-study-grop'; did you mean 'gavle-study-group'?" in message


def test_unknown_field_is_named_with_suggestion(project, example_case):
    example_case["summery"] = example_case.pop("summary")
    write_case(project, "haninge-parent-network.yaml", example_case)
    messages = problems_for(project)
    assert any("summery: unknown field 'summery'; did you mean 'summary'?" in m for m in messages)
    assert any("summary: required field is missing" in m for m in messages)


def test_every_problem_is_reported_not_just_the_first(project, example_case):
    broken = copy.deepcopy(example_case)
    broken["themes"] = ["nope"]
    broken["title"] = {"sv": "Bara svenska"}
    write_case(project, "haninge-parent-network.yaml", broken)
    write_case(project, "gavle-study-group.yaml", "title: [unclosed\n")
    messages = problems_for(project)
    assert any(m.startswith("cases/gavle-study-group.yaml:1:") for m in messages)
    assert any("title.en: the English text is missing" in m for m in messages)
    assert any("themes[0]: unknown value 'nope'" in m for m in messages)


def test_not_stated_or_bilingual_text_is_explained(project, example_case):
    example_case["funding"] = "unknown"
    write_case(project, "haninge-parent-network.yaml", example_case)
    (message,) = problems_for(project)
    assert ("funding: expected a text in both languages (sv: and en:) or the words 'not stated', got 'unknown'"
            in message)


def test_titles_must_be_plain_text(project, example_case):
    example_case["title"]["en"] = "<script>alert(1)</script>"
    write_case(project, "haninge-parent-network.yaml", example_case)
    (message,) = problems_for(project)
    assert "title.en:" in message and "plain text without < >" in message


# -- derived fields -------------------------------------------------------------------------

def set_population(project: Path, municipality: str, count):
    path = project / "data" / "municipalities" / f"{municipality}.yaml"
    data = yaml.safe_load(path.read_text())
    data["population"] = count if count == "not stated" else {"count": count, "year": 2024, "source": "test"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.parametrize("count, expected", [
    (9_999, "small"), (10_000, "medium"), (49_999, "medium"), (50_000, "large"),
    (199_999, "large"), (200_000, "city"), (500_000, "metropolis"), ("not stated", "unknown"),
])
def test_size_class_is_derived_from_population(project, count, expected):
    set_population(project, "haninge", count)
    guide = load_guide(project)
    assert guide.cases["haninge-parent-network"].size_class.id == expected


def test_legal_duty_equivalents_work_both_ways():
    tax = load_guide(ROOT).taxonomies
    forward = tax.equivalents("se-discrimination-act-3-1")
    assert [e.duty.id for e in forward] == ["fi-non-discrimination-act-6", "fi-non-discrimination-act-7"]
    assert all(e.reason["sv"] and e.reason["en"] for e in forward)
    back = tax.equivalents("fi-non-discrimination-act-6")
    assert [e.duty.id for e in back] == ["se-discrimination-act-3-1"] and back[0].reason == forward[0].reason


def test_municipality_names_per_language():
    tax = load_guide(ROOT).taxonomies
    vantaa = tax.municipalities["vantaa"]
    assert vantaa.name("sv") == "Vanda" and vantaa.name("en") == "Vantaa"
    assert tax.municipalities["pyhajoki"].name("sv") == "Pyhäjoki"


def test_drafts_are_left_out_unless_asked_for(project, example_case):
    example_case["draft"] = True
    write_case(project, "haninge-parent-network.yaml", example_case)
    assert "haninge-parent-network" not in load_guide(project, include_drafts=False).cases
    assert load_guide(project, include_drafts=True).cases["haninge-parent-network"].draft


# -- the fast validator is exact or not used -------------------------------------------------

def test_keywords_the_fast_validator_cannot_check_are_never_skipped():
    from praktikbanken.schema import Checker, draft_07_blind_spots
    schema = {"$defs": {"duty": {"$ref": "#/$defs/entry", "required": ["statute"]},
                        "entry": {"type": "object", "properties": {"id": {"type": "string"}},
                                  "unevaluatedProperties": False}}}
    assert draft_07_blind_spots(schema) == ["#/$defs/duty: required beside $ref",
                                            "#/$defs/entry: unevaluatedProperties"]
    found = Checker(schema, "duty").check(parse_yaml("id: x\nmaks: 3\n", "d.yaml"), "d.yaml")
    assert {p.field for p in found} == {"statute", "maks"}


def test_project_schemas_mean_the_same_in_draft_7_so_the_fast_path_is_exact():
    from praktikbanken.schema import draft_07_blind_spots, load_schema
    for name in ("case.schema.yaml", "data.schema.yaml"):
        assert draft_07_blind_spots(load_schema(ROOT / "data" / name, name)) == [], name


def test_fast_and_full_validators_agree_on_every_case_and_the_bad_input_corpus():
    import fastjsonschema
    from jsonschema import Draft202012Validator
    from test_bad_inputs import CORPUS, case_file

    from praktikbanken.guide import case_schema
    from praktikbanken.paths import ProjectPaths
    from praktikbanken.schema import _compiled
    from praktikbanken.taxonomy import load_taxonomies

    paths = ProjectPaths(ROOT)
    schema = case_schema(paths, load_taxonomies(paths))
    fast = _compiled(__import__("json").dumps(schema, sort_keys=True))
    full = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "cases").glob("*.yaml"))]
    for entry in CORPUS:
        if not {"raw", "raw_append", "raw_replace", "patch"} & set(entry):
            continue  # a special file, not a document
        try:
            documents.append(parse_yaml(case_file(entry).decode(), "bad.yaml").data)
        except InvalidInput:
            continue  # refused before any schema check
    checked = 0
    for data in documents:
        try:
            fast(data)
            fast_ok = True
        except fastjsonschema.JsonSchemaException:
            fast_ok = False
        assert fast_ok == full.is_valid(data), data.get("title") if isinstance(data, dict) else data
        checked += 1
    assert checked > 90


def test_reloading_only_the_edited_cases_gives_the_full_load_or_none_when_the_edit_has_a_problem(tmp_path):
    """The preview's page-first step reads again only the edited files (guide.reload_cases); what
    it gives must be what a full load gives, and any problem must send it back to the full load."""
    from conftest import small_project
    from praktikbanken.guide import reload_cases
    project = small_project(tmp_path / "p")
    before = load_guide(project)
    path = project / "cases" / "vantaa-tsemppari.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"]["en"] = "An edited summary"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reloaded = reload_cases(before, ["vantaa-tsemppari"])
    assert reloaded is not None and reloaded.cases["vantaa-tsemppari"].text("summary", "en") == "An edited summary"
    assert list(reloaded.cases) == list(load_guide(project).cases)
    assert all(reloaded.cases[i] is before.cases[i] for i in before.cases if i != "vantaa-tsemppari")
    assert reloaded.cases["vantaa-tsemppari"].data == load_guide(project).cases["vantaa-tsemppari"].data

    for broken in ({"summary": {"en": "TODO"}}, {"related": ["no-such-case"]}, {"related": ["vantaa-tsemppari"]},
                   {"themes": ["no-such-theme"]}, {"period": {"start": 2020, "end": 2010}}):
        path.write_text(yaml.safe_dump({**data, **broken}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        assert reload_cases(before, ["vantaa-tsemppari"]) is None, broken
        with pytest.raises(InvalidInput):
            load_guide(project)
    path.write_text("title: [unclosed", encoding="utf-8")
    assert reload_cases(before, ["vantaa-tsemppari"]) is None
    assert reload_cases(before, ["not-in-the-guide"]) is None
