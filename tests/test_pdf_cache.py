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


def test_a_pack_of_many_cases_comes_in_volumes_and_an_edit_joins_only_its_volume(tmp_path, monkeypatch):
    """Past packs.VOLUME_CASES a pack is made of volumes (a size to print and bind), each with its
    own front matter and page numbers, and the pages list them; an edit joins again only the
    volumes that hold the case. Here three cases make the whole guide two volumes."""
    from praktikbanken import packs
    from praktikbanken.render import Renderer
    monkeypatch.setattr(packs, "VOLUME_CASES", 2)
    project, cache = small_project(tmp_path / "project", CASES), tmp_path / "cache"
    guide = load_guide(project, include_drafts=False)
    _, manifest = run(project, cache, tmp_path / "out1")
    for lang in ("sv", "en"):
        entries = manifest[lang]["packs"]
        whole = f"praktikbanken-{lang}-all.pdf"
        assert whole not in entries
        volumes = [entries[f"praktikbanken-{lang}-all-volume-{n}.pdf"] for n in (1, 2)]
        assert [(v["part_of"], v["volume"], v["volumes"]) for v in volumes] == [(whole, 1, 2), (whole, 2, 2)]
        ordered = [c.title(lang) for c in packs.renderer(guide, lang).sorted_cases(guide.cases.values())]
        files = [tmp_path / "out1" / languages_root(lang) / v["path"] for v in volumes]
        # Each volume holds its cases in title order, two then one, a bookmark each; its cover names it.
        assert [bookmarks(f)[1:] for f in files] == [ordered[:2], ordered[2:]]
        initials = f"{ordered[0][0].upper()}–{ordered[1][0].upper()}"
        title = {"sv": "Hela guiden, del 1 av 2", "en": "The whole guide, volume 1 of 2"}[lang] + f" ({initials})"
        assert bookmarks(files[0])[0] == title and title in flat_text(files[0]).replace("– ", "–")
        assert volumes[0]["range"] == initials

    # The theme index links each volume with its size and pages.
    html = Renderer(guide, "en", pdfs=manifest["en"]).listing_index("theme", "themes/")
    assert "The whole guide as a training pack, in 2 volumes, by title:" in html
    assert html.count('type="application/pdf"') == 2
    assert "Volume 1 (" in html and "Volume 2 (" in html and " pages)" in html

    # An edit of the last case in title order joins its volume again, not the first one.
    last = next(c for c in guide.cases.values() if c.title("en") == ordered[-1])
    path = project / "cases" / f"{last.id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = {lang: text + " EDITED-MARK" for lang, text in data["summary"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run(project, cache, tmp_path / "out2")
    before, after = digests(tmp_path / "out1"), digests(tmp_path / "out2")
    changed = {name for name in before if before[name] != after[name]}
    assert "en/pdf/praktikbanken-en-all-volume-2.pdf" in changed
    assert "en/pdf/praktikbanken-en-all-volume-1.pdf" not in changed


def languages_root(lang):
    from praktikbanken import languages
    return languages.root(lang)


def flat_text(path):
    return " ".join(pdf_text(path).split())


def bookmarks(path):
    import pikepdf
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [" ".join(item.title.split()) for item in outline.root]
