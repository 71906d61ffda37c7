"""The dirty preview copies the other language's site into its subfolder with incremental.sync_tree:
only files that differ, each replaced whole, deleted ones removed, kept folders left alone."""
from __future__ import annotations

import os

import incremental


def _write(path, text, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))


def _files(root):
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sync_tree_copies_what_differs_and_removes_what_is_gone(tmp_path):
    source, target = tmp_path / "built", tmp_path / "site" / "en"
    _write(source / "index.html", "home")
    _write(source / "cases" / "a" / "index.html", "case a")
    _write(source / "cases" / "b" / "index.html", "case b")
    _write(source / "search" / "index.json", "new index")
    _write(target / "search" / "index.json", "index kept for the follow-up")
    incremental.sync_tree(source, target, keep=("search",))
    assert _files(target) == {"index.html": "home", "cases/a/index.html": "case a",
                              "cases/b/index.html": "case b", "search/index.json": "index kept for the follow-up"}

    _write(source / "cases" / "b" / "index.html", "case b, edited")
    (source / "cases" / "a" / "index.html").unlink()  # a page that is gone, with its folder
    (source / "cases" / "a").rmdir()
    _write(source / "cases" / "c" / "index.html", "case c")
    _write(source / "index.html", "home")  # same text, newer time: copied again, harmlessly
    incremental.sync_tree(source, target, keep=("search",))
    assert _files(target) == {"index.html": "home", "cases/b/index.html": "case b, edited",
                              "cases/c/index.html": "case c", "search/index.json": "index kept for the follow-up"}
    assert not (target / "cases" / "a").exists()
    assert not list(target.rglob(".*.sync")), "no temporary file is left behind"

    # A file left untouched in the source is not copied again: its target keeps its own inode.
    kept = (target / "cases" / "c" / "index.html").stat().st_ino
    incremental.sync_tree(source, target)
    assert (target / "cases" / "c" / "index.html").stat().st_ino == kept
    assert (target / "search" / "index.json").read_text() == "new index"  # no keep: copied over


def test_sync_tree_handles_a_file_that_became_a_folder_and_back(tmp_path):
    source, target = tmp_path / "built", tmp_path / "site"
    _write(source / "feed", "a file")
    incremental.sync_tree(source, target)
    (source / "feed").unlink()
    _write(source / "feed" / "index.xml", "now a folder")
    incremental.sync_tree(source, target)
    assert _files(target) == {"feed/index.xml": "now a folder"}
    (source / "feed" / "index.xml").unlink()
    (source / "feed").rmdir()
    _write(source / "feed", "a file again")
    incremental.sync_tree(source, target)
    assert _files(target) == {"feed": "a file again"}
