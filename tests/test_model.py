"""The case model: sections come from the schema, facets are declared once, one collation."""
from __future__ import annotations

import csv
import io
import re

import pytest
import yaml

from conftest import PYTHON, ROOT, read_yaml, run, soup
from praktikbanken.collation import plain, sort_key
from praktikbanken.model import FACETS, sections
from praktikbanken.schema import load_schema


def test_sections_follow_the_schema_order():
    schema = load_schema(ROOT / "data" / "case.schema.yaml", "case.schema.yaml")
    found = [(s.key, s.kind) for s in sections(schema)]
    assert found[:3] == [("background", "text"), ("activities", "text"), ("partners", "list")]
    assert ("summary", "text") not in found, "the summary is the lede, not a section"
    assert {"tips", "conditions_for_success"} <= {k for k, kind in found if kind == "list"}


def test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_after_z():
    words = ["Örebro", "Ängelholm", "Åre", "Zinkgruvan", "Alingsås", "Östersund", "Åmål", "Eskilstuna", "Ödeshög"]
    assert sorted(words, key=lambda w: sort_key(w, "sv")) == [
        "Alingsås", "Eskilstuna", "Zinkgruvan", "Åmål", "Åre", "Ängelholm", "Ödeshög", "Örebro", "Östersund"]
    assert sorted(["Émile", "Eva", "ärta"], key=lambda w: sort_key(w, "en")) == ["ärta", "Émile", "Eva"]
    assert sort_key("Vaasa", "sv") < sort_key("Vörå", "sv") and sort_key("Ørsted", "sv") > sort_key("Zeta", "sv")
    assert plain("Pyhäjoki Växjö") == "pyhajoki vaxjo"


def test_every_facet_reads_values_from_every_case():
    from praktikbanken.guide import load_guide
    guide = load_guide(ROOT)
    for facet in FACETS:
        for case in guide.cases.values():
            values = facet.values(case)
            assert isinstance(values, list) and all(isinstance(v, str) for v in values), facet.id
        assert any(facet.values(c) for c in guide.cases.values()), facet.id


@pytest.mark.build
def test_a_new_text_field_needs_only_the_schema_and_its_label(small, tmp_path):
    project = small  # a few real cases: quick to build
    """The promise of the model: a text field added to the schema, with its label in both
    languages, shows on the case page, in the CSV and in the JSON, and nothing else changes."""
    schema = project / "data" / "case.schema.yaml"
    text = schema.read_text(encoding="utf-8")
    text = text.replace("  transferability:\n", "  lessons_learned:\n    description: What the municipality would do "
                        "differently.\n    $ref: \"#/$defs/bilingualOrNotStated\"\n  transferability:\n", 1)
    schema.write_text(text, encoding="utf-8")
    strings = project / "macros" / "praktikbanken" / "strings.py"
    strings.write_text(strings.read_text(encoding="utf-8") + '\nSTRINGS["lessons_learned"] = '
                       '{"sv": "Lärdomar", "en": "Lessons learned"}\n', encoding="utf-8")
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["lessons_learned"] = {"sv": "Börja i liten skala.", "en": "Start small."}
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))

    # The copy's own scripts, so that its own package (with the new label) renders.
    result = run(PYTHON, project / "scripts" / "build.py", "--root", project, "--site-dir", tmp_path / "site",
                 "--quiet", "--no-packs")
    assert result.returncode == 0, result.stderr
    for root, heading, body in (("", "Lärdomar", "Börja i liten skala."), ("en/", "Lessons learned", "Start small.")):
        page = soup(tmp_path / "site" / root / "cases" / "gavle-study-group" / "index.html")
        headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
        assert heading in headings
        assert headings.index(heading) == headings.index(
            {"": "Att införa arbetssättet", "en/": "Adopting the practice elsewhere"}[root]) - 1
        assert page.select_one(".pb-lessons_learned").get_text(strip=True) == body
        # A case that leaves the field out names it among what the source is silent on.
        other = soup(tmp_path / "site" / root / "cases" / "vantaa-tsemppari" / "index.html")
        assert heading.lower() in other.select_one("article p.pb-not-stated").get_text()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "site" / "data" / "cases.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "gavle-study-group")
    assert row["lessons_learned_sv"] == "Börja i liten skala." and row["lessons_learned_en"] == "Start small."
    assert re.search(r"not stated", next(r for r in rows if r["id"] == "vantaa-tsemppari")["lessons_learned_en"])


@pytest.mark.build
def test_contact_block_and_columns(small, tmp_path):
    project = small  # a few real cases: quick to build
    from conftest import build
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["contact"] = {"organisation": {"sv": "Gävle stadsbibliotek", "en": "Gävle City Library"},
                       "url": "https://www.gavle.se/bibliotek/"}
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))
    only_name = read_yaml(project / "cases" / "haninge-parent-network.yaml")  # no address: a name alone
    only_name["contact"] = {"organisation": {"sv": "Haninge kommun", "en": "Haninge Municipality"}}
    (project / "cases" / "haninge-parent-network.yaml").write_text(yaml.safe_dump(only_name, allow_unicode=True))
    none = read_yaml(project / "cases" / "vantaa-tsemppari.yaml")
    none.pop("contact", None)
    (project / "cases" / "vantaa-tsemppari.yaml").write_text(yaml.safe_dump(none, allow_unicode=True))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for root, heading, name in (("", "Kontakt", "Gävle stadsbibliotek"), ("en/", "Contact", "Gävle City Library")):
        page = soup(tmp_path / "site" / root / "cases" / "gavle-study-group" / "index.html")
        block = page.select_one("dl.pb-contact")
        assert name in block.get_text() and block.a["href"] == "https://www.gavle.se/bibliotek/"
        assert heading in [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
        named = soup(tmp_path / "site" / root / "cases" / "haninge-parent-network" / "index.html")
        assert "Haninge" in named.select_one("dl.pb-contact").get_text() and not named.select("dl.pb-contact a")
        other = soup(tmp_path / "site" / root / "cases" / "vantaa-tsemppari" / "index.html")
        assert other.select_one("dl.pb-contact") is None, "no empty contact block"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "site" / "data" / "cases.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "gavle-study-group")
    assert row["contact_organisation_en"] == "Gävle City Library" and row["contact_url"] == "https://www.gavle.se/bibliotek/"
