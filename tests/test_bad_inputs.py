"""Every entry of the bad-input corpus gets a clear error from the validator: non-zero exit,
the file and field named, no traceback.

Most entries run scripts/validate.py's main() in this process (a new Python per entry would take
most of the time); those in REAL_PROCESS, and every entry that needs a process of its own (a memory
limit, a pipe that would block), run it as a command, exactly as a contributor does."""
from __future__ import annotations

import contextlib
import copy
import functools
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path
from unittest import mock

import pytest
import yaml

from conftest import PYTHON, ROOT, read_yaml, run

CORPUS = read_yaml(Path(__file__).with_name("bad_inputs.yaml"))
DATA_CORPUS = read_yaml(Path(__file__).with_name("bad_data.yaml"))
VALID = (ROOT / "cases" / "haninge-parent-network.yaml").read_text(encoding="utf-8")
VALIDATE = ROOT / "scripts" / "validate.py"

# A handful run as real commands: exit status and output of the script itself.
REAL_PROCESS = {"unclosed bracket", "tab indentation", "not UTF-8", "python object tag", "ten megabytes",
                "a named pipe (reading it would block for ever)",
                "a sparse file of a gigabyte (must not be read whole)",
                "unknown key in a source", "data file missing"}


def needs_a_process(entry: dict) -> bool:
    return entry["name"] in REAL_PROCESS or "memory_limit_mb" in entry or entry.get("fifo", False)


def test_the_real_process_entries_are_in_the_corpus():
    assert REAL_PROCESS <= {e["name"] for e in CORPUS + DATA_CORPUS}


@functools.cache
def validator_main():
    """scripts/validate.py's main(), imported as the script runs it (it imports _project beside it)."""
    if str(VALIDATE.parent) not in sys.path:
        sys.path.insert(0, str(VALIDATE.parent))
    spec = importlib.util.spec_from_file_location("validate_script", VALIDATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def validate_in_process(project: Path) -> subprocess.CompletedProcess:
    """`validate.py --root PROJECT` in this process: the exit status main() returns (or exits with)
    and what it prints. Output goes through UTF-8 streams with the error handling of a real
    stdout (strict) and stderr (backslashreplace), so what a terminal could not print fails here too;
    an exception becomes a traceback on stderr and status 1, as the interpreter would report it."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="\n")
    argv = [str(VALIDATE), "--root", str(project)]
    with mock.patch.object(sys, "argv", argv), contextlib.chdir(ROOT), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = validator_main()()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except Exception:  # reported as the interpreter would
            traceback.print_exc()
            code = 1
    streams = []
    for stream in (out, err):
        stream.flush()
        streams.append(stream.buffer.getvalue().decode("utf-8"))
    return subprocess.CompletedProcess(argv, code, *streams)


def validate(project: Path, entry: dict) -> subprocess.CompletedProcess:
    if not needs_a_process(entry):
        return validate_in_process(project)
    command = [PYTHON, VALIDATE, "--root", project]
    if "memory_limit_mb" in entry:  # reading the file whole would fail under this limit
        limit = entry["memory_limit_mb"] * 1024 ** 2
        command = [PYTHON, "-c", "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, "
                   f"({limit}, {limit})); sys.argv = sys.argv[1:]; "
                   "sys.path.insert(0, sys.argv[0].rsplit('/', 1)[0]); "
                   "runpy.run_path(sys.argv[0], run_name='__main__')",
                   *command[1:]]
    return run(*command)


def special_bytes(kind: str) -> bytes:
    if kind == "bom":
        return b"\xef\xbb\xbf" + VALID.encode()
    if kind == "latin1":
        return "title:\n  sv: Kommunen i Gävle\n".encode("latin-1")
    if kind == "huge":
        return VALID.encode() + b"# padding\n" * (10 * 1024 * 1024 // 10)
    if kind == "deep":
        return ("summary: " + "[" * 500 + "]" * 500 + "\n").encode()
    if kind == "bracket_stream":
        return b"[" * 200_000
    if kind == "markdown_brackets":
        data = yaml.safe_load(VALID)
        data["summary"]["sv"] = "[" * 8000
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    raise ValueError(kind)


def case_file(entry: dict) -> bytes:
    if "raw" in entry:
        return entry["raw"].encode()
    if "bytes" in entry:
        return special_bytes(entry["bytes"])
    if "raw_append" in entry:
        return (VALID + entry["raw_append"]).encode()
    if "raw_replace" in entry:
        old, new = entry["raw_replace"]
        assert old in VALID, f"the corpus entry no longer matches the example case: {old!r}"
        return VALID.replace(old, new, 1).encode()
    data = yaml.safe_load(VALID)
    patch = copy.deepcopy(entry["patch"])
    for key in patch.pop("remove", []):
        del data[key]
    data.update(patch)
    if "repeat" in entry:
        field, lang, times = entry["repeat"]
        data[field][lang] *= times
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 25


@pytest.mark.parametrize("entry", CORPUS, ids=[e["name"] for e in CORPUS])
def test_bad_input_gets_a_clear_error(entry, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "cases").mkdir()
    target = project / "cases" / entry.get("file", "bad.yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    if "link_to" in entry:
        target.symlink_to(entry["link_to"])
    elif entry.get("fifo"):
        os.mkfifo(target)
    elif entry.get("sparse_gb"):
        with open(target, "wb") as handle:
            handle.write(VALID.encode())
            handle.truncate(1024 ** 3)
    else:
        content = case_file(entry)
        target.write_bytes(content)
    if entry.get("duplicate_as"):
        (project / "cases" / entry["duplicate_as"]).write_bytes(content)

    result = validate(project, entry)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    # One line per problem, each naming its file: no text can start a line of its own or
    # send the terminal an escape sequence.
    assert "\x1b" not in output
    assert all(line.startswith(("cases/", "data/")) for line in result.stderr.splitlines()[:-1]), output
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("cases/")]
    assert problem_lines, output
    assert any(all(part in line for part in entry["expect"]) for line in problem_lines), output
    assert not Path("/tmp/pwned-by-yaml").exists()


@pytest.mark.parametrize("entry", DATA_CORPUS, ids=[e["name"] for e in DATA_CORPUS])
def test_bad_data_gets_a_clear_error(entry, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "cases", project / "cases")
    target = project / entry["file"]
    if "replace" in entry:
        old, new = entry["replace"]
        text = target.read_text(encoding="utf-8")
        assert old in text, f"the corpus entry no longer matches {entry['file']}: {old!r}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "append" in entry:
        target.write_text(target.read_text(encoding="utf-8") + entry["append"], encoding="utf-8")
    elif entry.get("delete"):
        target.unlink()
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(entry["write"], encoding="utf-8")

    result = validate(project, entry)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    shown = entry.get("shown", entry["file"])
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith(shown)]
    assert any(all(part in line for part in entry["expect"]) for line in problem_lines), output


def test_editor_backups_and_lock_files_are_ignored(project):
    cases = project / "cases"
    (cases / ".#gavle-study-group.yaml").symlink_to("user@host.1234:1700000000")  # Emacs' lock
    (cases / "gavle-study-group.yaml~").write_text("title: [old\n", encoding="utf-8")
    (cases / ".gavle-study-group.yaml.swp").write_bytes(b"\0vim swap")
    (cases / "#gavle-study-group.yaml#").write_text("title: [autosave\n", encoding="utf-8")
    result = run(PYTHON, ROOT / "scripts" / "validate.py", "--root", project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
