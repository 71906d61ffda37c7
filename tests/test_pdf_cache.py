"""The PDFs' cache: an unchanged case is never laid out again, an edited one only in its two
languages, and the finished files of the others stay as they were."""
from __future__ import annotations

import datetime
import hashlib

import pytest
import yaml

from conftest import pdf_text, small_project
from praktikbanken.guide import load_guide
from praktikbanken.pdf_build import PdfBuild

pytestmark = pytest.mark.build  # lays out PDFs: the full tier

CASES = ["haninge-parent-network", "gavle-study-group", "uppsala-katitzi-performance"]
DAY = datetime.date(2026, 12, 1)


def run(project, cache, out):
    pdfs = PdfBuild(load_guide(project, include_drafts=False), "https://guide.example/", cache, today=DAY,
                    progress=lambda _: None)
    manifest = pdfs.run(out)
    return pdfs.report, manifest


def digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.pdf")}


def test_an_edit_lays_out_only_the_edited_case_and_changes_only_its_files(tmp_path):
    project, cache = small_project(tmp_path / "project", CASES), tmp_path / "cache"
    first, manifest = run(project, cache, tmp_path / "out1")
    parts = sorted(label for label in first.laid_out if label.startswith("part "))
    assert parts == sorted(f"part {lang} {c}" for lang in ("sv", "en") for c in CASES)
    assert set(manifest["en"]["cases"]) == set(CASES)

    again, _ = run(project, cache, tmp_path / "out2")
    assert again.laid_out == [] and again.assembled == 0  # nothing changed: nothing laid out or joined
    assert digests(tmp_path / "out1") == digests(tmp_path / "out2")

    path = project / "cases" / "gavle-study-group.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = {lang: text + " EDITED-MARK" for lang, text in data["summary"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    edited, _ = run(project, cache, tmp_path / "out3")
    assert sorted(label for label in edited.laid_out if label.startswith("part ")) == [
        "part en gavle-study-group", "part sv gavle-study-group"]
    # the fronts of the packs that list it (its summary is in their overview), nothing else
    assert all(label.startswith("front ") for label in edited.laid_out if not label.startswith("part "))
    before, after = digests(tmp_path / "out1"), digests(tmp_path / "out3")
    changed = {name for name in before if before[name] != after[name]}
    assert "en/pdf/cases/praktikbanken-en-gavle-study-group.pdf" in changed
    assert not any("haninge" in name or "katitzi" in name for name in changed)
    out = tmp_path / "out3" / "en" / "pdf" / "cases"
    assert "EDITED-MARK" in pdf_text(out / "praktikbanken-en-gavle-study-group.pdf")
    assert "EDITED-MARK" not in pdf_text(out / "praktikbanken-en-haninge-parent-network.pdf")
