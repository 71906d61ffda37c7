"""Every entry of the bad-input corpus gets a clear error from the validator: non-zero exit,
the file and field named, no traceback."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PYTHON, ROOT, read_yaml, run

CORPUS = read_yaml(Path(__file__).with_name("bad_inputs.yaml"))
VALID = (ROOT / "cases" / "haninge-parent-network.yaml").read_text(encoding="utf-8")


def special_bytes(kind: str) -> bytes:
    if kind == "bom":
        return b"\xef\xbb\xbf" + VALID.encode()
    if kind == "latin1":
        return "title:\n  sv: Kommunen i Gävle\n".encode("latin-1")
    if kind == "huge":
        return VALID.encode() + b"# padding\n" * (10 * 1024 * 1024 // 10)
    raise ValueError(kind)


def case_file(entry: dict) -> bytes:
    if "raw" in entry:
        return entry["raw"].encode()
    if "bytes" in entry:
        return special_bytes(entry["bytes"])
    if "raw_append" in entry:
        return (VALID + entry["raw_append"]).encode()
    data = yaml.safe_load(VALID)
    patch = dict(entry["patch"])
    for key in patch.pop("remove", []):
        del data[key]
    data.update(patch)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 25


@pytest.mark.parametrize("entry", CORPUS, ids=[e["name"] for e in CORPUS])
def test_bad_input_gets_a_clear_error(entry, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "cases").mkdir()
    content = case_file(entry)
    (project / "cases" / "bad.yaml").write_bytes(content)
    if entry.get("duplicate_as"):
        (project / "cases" / entry["duplicate_as"]).write_bytes(content)

    result = run(PYTHON, ROOT / "scripts" / "validate.py", "--root", project, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("cases/")]
    assert problem_lines, output
    assert any(all(part in line for part in entry["expect"]) for line in problem_lines), output
    assert not Path("/tmp/pwned-by-yaml").exists()
