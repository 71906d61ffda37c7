"""One problem found in the input, and how it is shown to a contributor."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

# Line breaks and control characters (terminal escapes among them) in a problem's text would let
# a case forge output lines, such as a fake "OK" or a GitHub ::error command; they are shown escaped.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return printable(f"{where}: {self.field or '(file)'}: {self.message}")

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown inline on the PR
        (escaped as the workflow-command format asks, so no text can end the command early)."""
        line = f",line={self.line}" if self.line else ""
        text = _command_escape(printable(f"{self.field or '(file)'}: {self.message}"))
        file = _command_escape(printable(self.file)).replace(":", "%3A").replace(",", "%2C")
        return f"::error file={file}{line}::{text}"


def _command_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
