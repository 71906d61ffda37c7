"""Which files in a data folder (cases/, data/municipalities/) are entries, which are ignored,
and which are mistakes to report.

Nothing in such a folder is dropped silently: a file that is neither an entry (<id>.yaml or
<id>.yml) nor an editor's backup or lock file is a problem, so `Case.YAML`, `case.yaml.txt`
or a subfolder never vanishes from the guide while the validator says OK.
"""
from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem

ENTRY_SUFFIXES = (".yaml", ".yml")


def is_editor_file(name: str) -> bool:
    """Hidden files (.#lock, .x.swp, .DS_Store), backups (x.yaml~) and autosaves (#x.yaml#)."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def entry_files(folder: Path, shown, what: str) -> tuple[list[Path], list[Problem]]:
    """The entry files of a folder, sorted, and a problem for every other file or folder in it.
    `shown` turns a path into the form contributors see; `what` names an entry ("case")."""
    if not folder.is_dir():
        return [], []
    entries, problems = [], []
    with os.scandir(folder) as found:  # one listing, no stat per file (a guide has thousands)
        items = sorted(found, key=lambda item: item.name)
    for item in items:
        name, path = item.name, Path(item.path)
        if is_editor_file(name):
            continue
        if item.is_dir():
            problems.append(Problem(shown(path), None, "(folder)", (
                f"folders are not read here; put each {what} directly in {shown(folder)}/ as <id>.yaml")))
        elif not item.is_file() and path.exists():  # a pipe or device would block or never end
            problems.append(Problem(shown(path), None, "(file)", "not a regular file; remove it"))
        elif path.suffix in ENTRY_SUFFIXES:
            entries.append(path)
        else:
            hint = f"; rename it to {path.stem.lower()}.yaml" if path.suffix.lower() in ENTRY_SUFFIXES else ""
            problems.append(Problem(shown(path), None, "(file name)", (
                f"'{name}' is not a {what} file and would be ignored: a {what} file is named <id>.yaml{hint}, "
                "or move the file out of this folder")))
    return entries, problems
