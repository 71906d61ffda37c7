"""Shared fixtures: the real project, throwaway copies of it, and built sites."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from praktikbanken import paths

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(*args, cwd=ROOT):
    """Run a command as a user would; return the CompletedProcess (never raises on failure).
    No time limit: a slow machine is not a failure. The project's scripts end with their parent
    (praktikbanken.processes), so a stopped test run leaves nothing running."""
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=ENV)


def build(root: Path, site_dir: Path, packs: bool = False):
    """Build a project as `make build` does; the PDF packs only when a test needs them."""
    extra = [] if packs else ["--no-packs"]
    return run(PYTHON, ROOT / "scripts" / "build.py", "--root", root, "--site-dir", site_dir, "--quiet", *extra)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def copy_project(dest: Path, with_cases: bool = True) -> Path:
    return paths.copy_project(ROOT, dest, with_cases)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real guide, built once for the whole test session."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = build(ROOT, out, packs=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def example_case() -> dict:
    return read_yaml(ROOT / "cases" / "haninge-parent-network.yaml")


# -- a real browser on the built site -------------------------------------------------------
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pdf_text(path: Path, *args) -> str:
    return subprocess.run(["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output to the failures
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a built site on localhost; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


