"""Where things live in a Praktikbanken project."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("sv", "en")


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
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def default_root() -> Path:
    return Path(__file__).resolve().parents[2]
