"""Legal duties: where the link comes from is shown honestly on every route."""
from __future__ import annotations

import csv
import io
import json

import yaml

from conftest import build, read_yaml, soup

REASON = {"sv": "Föreställningen visar romsk kultur och historia för barn.",
          "en": "The performance shows Roma culture and history to children."}


def test_an_editors_assessment_is_marked_as_ours_everywhere(project, tmp_path):
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["legal_duties"] = [{"duty": "se-minority-act-4", "basis": "assessment", "reason": REASON}]
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for root, ours, words in (("", "vår bedömning", "Vår bedömning – källan nämner inte skyldigheten:"),
                              ("en/", "our assessment", "Our assessment – the source does not name this duty:")):
        page = soup(site / root / "cases" / "gavle-study-group" / "index.html")
        basis = page.select_one(".pb-duties .pb-basis").get_text(" ", strip=True)
        assert basis == f"{words} {REASON['sv' if not root else 'en']}"
        assert "Källan knyter" not in basis and "The source links" not in basis
        assert ours in page.select_one(".pb-facet-legal_duties").get_text()
        listing = soup(site / root / "legal-duties" / "se-minority-act-4" / "index.html")
        card = listing.select_one('.pb-card[data-case="gavle-study-group"]')
        assert card.select_one(".pb-card-marker").get_text(strip=True).lower() == ours
        assert listing.select_one(".pb-assessed-note")
        finder = soup(site / root / "finder" / "index.html")
        assert ours in finder.select_one('label[for="f-duty-se-minority-act-4"]').get_text()
        # A duty the source names carries no such mark.
        source_named = soup(site / root / "cases" / "vantaa-tsemppari" / "index.html")
        assert ours not in source_named.select_one(".pb-facet-legal_duties").get_text()
    rows = csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text(encoding="utf-8-sig")))
    assert next(r for r in rows if r["id"] == "gavle-study-group")["legal_duties"] == "se-minority-act-4 (assessment)"
    record = json.loads((site / "data" / "cases" / "gavle-study-group.json").read_text(encoding="utf-8"))
    assert record["derived"]["legal_duty_provenance"] == {"se-minority-act-4": "editors' assessment"}
    assert record["case"]["legal_duties"][0]["reason"] == REASON
