"""One problem found in the input, and how it is shown to a contributor."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(file)'}: {self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown inline on the PR."""
        line = f",line={self.line}" if self.line else ""
        text = f"{self.field or '(file)'}: {self.message}".replace("%", "%25").replace("\n", "%0A")
        return f"::error file={self.file}{line}::{text}"


class InvalidInput(Exception):
    """Raised when loading finds problems; carries all of them, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))
        super().__init__(report(self.problems))


def report(problems: list[Problem]) -> str:
    count = len(problems)
    lines = [str(p) for p in problems]
    lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
    return "\n".join(lines)


def relative(path, root) -> str:
    """Paths in messages are relative to the project, as a contributor sees them."""
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)
