"""The GitHub Actions workflows are hardened: least-privilege permissions and actions pinned by commit.

Plain file parsing, no network. Every workflow declares a top-level `permissions` (so the token is
never the repository's broad default), and every remote action is pinned to a full 40-hex commit
SHA with the release it stands for as a trailing comment, e.g.
`uses: actions/checkout@<sha> # v4.2.2`. A tag such as `@v4` can be moved; a commit SHA cannot.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))

# A `uses:` line, as a step (`- uses:`) or a key (`uses:`, also a job calling a reusable workflow).
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<rest>.*)$")
# owner/repo[/path]@<40 hex>, optionally quoted, then `# vX[.Y[.Z]]` and nothing else.
PINNED = re.compile(
    r"""^(?P<q>["']?)(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s"'#]+)?)@(?P<sha>[0-9a-f]{40})(?P=q)"""
    r"""\s+#\s*(?P<version>v\d+(?:\.\d+)*)\s*$"""
)


def is_remote(ref: str) -> bool:
    """A local action (`./path`) or a Docker image (`docker://…`) is not pinned this way."""
    return not (ref.startswith("./") or ref.startswith("docker://"))


def check_uses_line(line: str) -> str | None:
    """Why this `uses:` line is not properly pinned, or None when it is (or is not a remote action)."""
    match = USES_LINE.match(line)
    if not match:
        return None
    rest = match["rest"].strip()
    ref = rest.split("#", 1)[0].strip().strip("\"'")
    if not is_remote(ref):
        return None
    if not PINNED.match(rest):
        return f"not pinned as owner/repo@<40-hex sha> # vX.Y.Z: {line.strip()!r}"
    return None


def uses_in(data) -> list[str]:
    """Every `uses` value in a parsed workflow: steps' actions and jobs' reusable workflows."""
    found = []
    for job in (data.get("jobs") or {}).values():
        if isinstance(job, dict):
            if "uses" in job:
                found.append(str(job["uses"]))
            found += [str(step["uses"]) for step in job.get("steps") or [] if isinstance(step, dict) and "uses" in step]
    return found


def problems(text: str) -> list[str]:
    """Everything wrong with one workflow file's text."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        return ["not a YAML mapping"]
    found = []
    if "permissions" not in data:
        found.append("no top-level `permissions`")
    lines = [line for line in text.splitlines() if USES_LINE.match(line)]
    found += [problem for line in lines if (problem := check_uses_line(line))]
    # Every `uses` the parser sees must sit on its own `uses:` line, so none escapes the line check
    # (e.g. written in flow style `{uses: ...}`).
    on_lines = {line.split("uses:", 1)[1].split("#", 1)[0].strip().strip("\"'") for line in lines}
    found += [f"`uses: {ref}` is not on a plain `uses:` line" for ref in uses_in(data) if ref not in on_lines]
    return found


def test_there_are_workflows():
    assert WORKFLOWS, "no workflow files found under .github/workflows"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_hardened(path):
    assert problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_uses_remote_actions(path):
    """Guard against the check passing vacuously: each workflow here does use a remote action."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [ref for ref in uses_in(data) if is_remote(ref)]


# -- the check can fail: the original tag-pinned lines and other near misses are all rejected ---
SHA = "11d5960a326750d5838078e36cf38b85af677262"


@pytest.mark.parametrize("line", [
    "      - uses: actions/checkout@v4",
    "      - uses: actions/upload-pages-artifact@v3",
    "        uses: actions/deploy-pages@v4",
    "      - uses: actions/checkout@v4 # v4.2.2",             # a tag, even with a comment
    f"      - uses: actions/checkout@{SHA}",                  # a SHA without its version comment
    f"      - uses: actions/checkout@{SHA[:7]} # v4.4.0",     # a short SHA
    f"      - uses: actions/checkout@{SHA}0 # v4.4.0",        # 41 hex digits
    f"      - uses: actions/checkout@{SHA.upper()} # v4.4.0",  # not as git prints it
    f"      - uses: actions/checkout@{SHA} # latest",         # the comment is not a version
    f"      - uses: actions/checkout@{SHA} # 4.4.0",          # the version lacks its `v`
    f"      - uses: checkout@{SHA} # v4.4.0",                 # no owner
    "      - uses: actions/checkout@main",
])
def test_check_rejects_unpinned(line):
    assert check_uses_line(line) is not None


@pytest.mark.parametrize("line", [
    f"      - uses: actions/checkout@{SHA} # v4.4.0",
    f"        uses: actions/deploy-pages@{SHA}  #  v4",
    f"      - uses: github/codeql-action/init@{SHA} # v3.28.0",
    f"    uses: octo-org/repo/.github/workflows/ci.yml@{SHA} # v1.0.0",
    f"      - uses: \"actions/checkout@{SHA}\" # v4.4.0",
    "      - uses: ./.github/actions/local",
    "      - uses: docker://alpine:3.20",
    "      - run: echo uses: actions/checkout@v4",  # not a `uses:` key
])
def test_check_accepts_pinned_and_non_remote(line):
    assert check_uses_line(line) is None


ORIGINAL_PULL_REQUEST = """\
name: Check pull request
on:
  pull_request:
  workflow_dispatch:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Run the test suite
        run: make test
"""


def test_original_workflow_fails_on_both_counts():
    found = problems(ORIGINAL_PULL_REQUEST)
    assert "no top-level `permissions`" in found
    assert any("actions/checkout@v4" in problem for problem in found)


def test_flow_style_uses_cannot_hide():
    text = "permissions: {contents: read}\njobs:\n  a:\n    steps: [{uses: actions/checkout@v4}]\n"
    assert problems(text) == ["`uses: actions/checkout@v4` is not on a plain `uses:` line"]
