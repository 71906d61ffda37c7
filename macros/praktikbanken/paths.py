"""Where things live in a Praktikbanken project."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def cases(self) -> Path:
        return self.root / "cases"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def municipalities(self) -> Path:
        return self.data / "municipalities"

    def shown(self, path: Path) -> str:
        """A path as a contributor sees it: relative to the project root."""
        folder = _shown_folder(str(path.parent), str(self.root), os.getcwd())
        if folder is None:
            return str(path)
        return path.name if folder == "." else f"{folder}/{path.name}"


@lru_cache(maxsize=1024)
def _shown_folder(folder: str, root: str, cwd: str) -> str | None:
    """A folder relative to the root, both resolved (a link in the folder is shown by its own
    name, not its target's), or None outside the root. Every case of a folder asks for it, on
    every preview rebuild."""
    try:
        return Path(folder).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return None


# What a working copy of the project needs, besides its cases (for tests and benchmarks).
PROJECT_PARTS = ("data", "docs", "overrides", "macros", "mkdocs.yml", "mkdocs.en.yml", "scripts")


def copy_project(source: Path, dest: Path, with_cases: bool = True) -> Path:
    """A private copy of the project to break, extend or grow without touching the real one."""
    import shutil

    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", ".site-*"))
        else:
            shutil.copy2(src, dest / part)
    (dest / "cases").mkdir()
    if with_cases:
        for case in (source / "cases").glob("*.yaml"):
            shutil.copy2(case, dest / "cases" / case.name)
    return dest


def default_root() -> Path:
    return Path(__file__).resolve().parents[2]
