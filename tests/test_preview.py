"""The contributor loop: `mkdocs serve` previews both languages with drafts, rebuilds when a
case changes, reports a broken case while it keeps running, and recovers once it is fixed."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

import pytest
import yaml

from conftest import ENV, PYTHON, read_yaml


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def server(project, tmp_path):
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT, env=ENV)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "en/"), what="the preview server")
        yield project, base, proc, tmp_path / "serve.log"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_edit_break_and_fix_a_case_while_serving(server):
    project, base, proc, log_path = server
    path = project / "cases" / "gavle-study-group.yaml"
    url = base + "en/cases/gavle-study-group/"
    case = read_yaml(path)

    case["title"]["en"] = "Study group, edited while serving"
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    wait_for(lambda: "Study group, edited while serving" in (fetch(url) or ""), what="the rebuilt page")

    path.write_text("title: [broken\n", encoding="utf-8")
    wait_for(lambda: "cases/gavle-study-group.yaml:1" in log_path.read_text(), what="the error in the log")
    wait_for(lambda: "pb-problems" in (fetch(url) or ""), what="the problems banner")
    log = log_path.read_text()
    assert "YAML syntax error" in log and "Traceback" not in log
    assert proc.poll() is None, "the server stopped"
    page = fetch(url) or ""
    assert "Study group, edited while serving" in page, "the last good version is still served"
    assert "pb-problems" in page and "cases/gavle-study-group.yaml:1: (file): YAML syntax error" in page

    case["title"]["en"] = "Study group, fixed again"
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    wait_for(lambda: "Study group, fixed again" in (fetch(url) or ""), what="recovery after the fix")
    assert "pb-problems" not in fetch(url)


def test_drafts_show_with_a_banner_in_preview_only(server, tmp_path):
    project, base, proc, _ = server
    case = read_yaml(project / "cases" / "vantaa-tsemppari.yaml")
    case["draft"] = True
    (project / "cases" / "vantaa-draft.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    page = wait_for(lambda: fetch(base + "cases/vantaa-draft/"), what="the draft page")
    assert 'class="pb-draft-banner"' in page and "Utkast." in page
    assert "Draft." in (fetch(base + "en/cases/vantaa-draft/") or "")

    from conftest import build
    result = build(project, tmp_path / "published")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "published" / "cases" / "vantaa-draft").exists()
    assert not (tmp_path / "published" / "en" / "cases" / "vantaa-draft").exists()
    assert (tmp_path / "published" / "cases" / "vantaa-tsemppari").exists()


def test_editor_files_are_ignored_and_a_broken_link_gets_the_banner(server):
    project, base, proc, log_path = server
    url = base + "cases/gavle-study-group/"
    cases = project / "cases"
    # What editors leave beside a file being edited: Emacs' lock (a link to nowhere), backups.
    (cases / ".#gavle-study-group.yaml").symlink_to("user@host.1234:1700000000")
    (cases / "gavle-study-group.yaml~").write_text("title: [old\n", encoding="utf-8")
    (cases / "gone.yaml").symlink_to(cases / "no-such-file.yaml")
    wait_for(lambda: "pb-problems" in (fetch(url) or ""), what="the problems banner")
    page = fetch(url)
    assert "cases/gone.yaml: (file): file is a link to a file that does not exist" in page
    assert ".#gavle" not in page and "yaml~" not in page, "editor files are ignored"
    assert proc.poll() is None and "Traceback" not in log_path.read_text()

    # MkDocs' polling watcher cannot see a link to nowhere come or go; the next save is seen.
    (cases / "gone.yaml").unlink()
    (cases / "gavle-study-group.yaml").write_bytes((cases / "gavle-study-group.yaml").read_bytes())
    wait_for(lambda: "pb-problems" not in (fetch(url) or "pb-problems"), what="the banner to go")
    assert fetch(base + "en/cases/gavle-study-group/")
