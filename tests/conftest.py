"""Shared fixtures: the real project, throwaway copies of it, built sites and a browser.

Tiers. `make check` runs `pytest -m "not browser and not build"`: every test that needs neither
Chromium nor a site build, in well under a minute. `make test` runs everything, on two processes
(pytest-xdist, `-n 2`; each has its own session fixtures, except `packed_site`, built once). The two
markers (registered in pyproject.toml) are set like this:

- by fixture, here (pytest_collection_modifyitems): a test that takes `site`, `served` or
  `packed_site` is marked `build`, one that takes `browser` is marked `browser` — its signature
  says so;
- by hand, in the test file: a test that builds or serves a project itself (the `build` helper,
  scripts/build.py, `mkdocs serve`) carries `@pytest.mark.build` (or the module's `pytestmark`).
  The `build` helper refuses to run in a test without the marker, so none slips into `make check`.

No wait has a wall-clock limit: a slow machine is not a failure. A wait ends when what it waits for
happens or when what would make it happen has visibly failed (a process ended, a build finished
without it, a page reported an error), see `wait_in_page` and tests/test_preview.py. (The one clock
left is test_processes' minute for a process the kernel has already told to stop.)
"""
from __future__ import annotations

import contextlib
import fcntl
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
    if _running is not None and _running.get_closest_marker("build") is None:
        pytest.fail(f"{_running.nodeid} builds a site: mark it @pytest.mark.build, so that `make check` "
                    "leaves it out (tests/conftest.py)", pytrace=False)
    extra = [] if packs else ["--no-packs"]
    return run(PYTHON, ROOT / "scripts" / "build.py", "--root", root, "--site-dir", site_dir, "--quiet", *extra)


# -- tiers: markers by fixture, and the test now running (for the check in `build`) ----------
MARKS_BY_FIXTURE = {"site": "build", "served": "build", "packed_site": "build", "browser": "browser"}
_running: pytest.Item | None = None


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        for fixture, mark in MARKS_BY_FIXTURE.items():
            if fixture in fixtures:
                item.add_marker(mark)
    # The PDF packs take the longest to build and keep both cores busy on their own (a process
    # per core): their tests go first, so that the build is not the last thing a run waits for.
    items.sort(key=lambda item: "packed_site" not in getattr(item, "fixturenames", ()))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    global _running
    _running = item


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    global _running
    _running = None


# -- the source texts, which are not part of the repository ---------------------------------
SHARED = "PRAKTIKBANKEN_SHARED"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The folder with the source documents' plain texts and the reviewers' tools (sources/, tools/).
    It is kept outside the repository; PRAKTIKBANKEN_SHARED names it (`make` and .ci/run set it to
    ../shared when that folder is beside the checkout). Without it the tests that need it are skipped,
    with the reason."""
    value = os.environ.get(SHARED)
    if not value:
        pytest.skip(f"{SHARED} not set: the source texts are not part of the repository")
    folder = Path(value)
    missing = [part for part in ("sources", "tools") if not (folder / part).is_dir()]
    if missing:
        pytest.skip(f"{SHARED}={value} has no {' or '.join(f'{m}/' for m in missing)}: the source texts are "
                    "not part of the repository")
    return folder


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def copy_project(dest: Path, with_cases: bool = True) -> Path:
    return paths.copy_project(ROOT, dest, with_cases)


SMALL = ["gavle-study-group", "vantaa-tsemppari", "haninge-parent-network", "uppsala-katitzi-performance",
         "pyhajoki-language-support-volunteers", "rotterdam-vogelaar-areas"]


def small_project(dest: Path, case_ids: list[str] = SMALL) -> Path:
    """A copy of the project with a few real cases (their curated relations kept among them): for
    tests of behaviour that does not depend on the number of cases, at a fraction of the build time."""
    project = copy_project(dest, with_cases=False)
    for case_id in case_ids:
        data = yaml.safe_load((ROOT / "cases" / f"{case_id}.yaml").read_text(encoding="utf-8"))
        data["related"] = [r for r in data.get("related", []) if r in case_ids]
        (project / "cases" / f"{case_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                          encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real guide, built once for the whole test session (without the PDF packs)."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def packed_site(tmp_path_factory) -> Path:
    """The real guide as `make build` makes it, with the PDF packs: the slowest build, so only the
    tests of the packs use it, and it is built once per run. With `-n 2` each worker has its own
    session: the first to get here builds it in the run's shared temporary folder, holding a lock
    that the other waits on (no time limit: the kernel releases the lock when the build is done or
    its worker has ended). (xdist_group cannot pin tests to one worker: pytest-xdist 3.8 renames the
    tests' node ids, which pytest 9 no longer allows.)"""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out, failed = shared / "built-with-packs" / "site", shared / "built-with-packs.failed"
    with open(shared / "built-with-packs.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not out.is_dir() and not failed.exists():
            result = build(ROOT, out, packs=True)
            if result.returncode != 0:
                failed.write_text(result.stdout + result.stderr, encoding="utf-8")
    assert not failed.exists(), failed.read_text(encoding="utf-8")
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def small(tmp_path) -> Path:
    """A copy with the few cases of SMALL, for tests whose point does not need the whole guide."""
    return small_project(tmp_path / "project")


@pytest.fixture
def example_case() -> dict:
    return read_yaml(ROOT / "cases" / "haninge-parent-network.yaml")


# -- a real browser on the built site -------------------------------------------------------
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pdf_text(path: Path, *args) -> str:
    return subprocess.run(["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


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
    """Debian's Chromium, once per session (per worker with -n 2); closed however the session ends."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:  # its exit stops Playwright's driver, and with it any browser left
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


# Recorded from the first script on every page a test opens with `new_page`: uncaught errors,
# rejected promises and resources (scripts, styles, images) that failed to load.
RECORD_PAGE_ERRORS = """(() => {
  window.__pbErrors = [];
  addEventListener("error", (e) => {
    const el = e.target;
    __pbErrors.push(el && el !== window ? `could not load ${el.src || el.href || el.tagName}` : String(e.message));
  }, true);
  addEventListener("unhandledrejection", (e) => __pbErrors.push(`unhandled rejection: ${e.reason}`));
})();"""


def new_page(browser, **context_options):
    """A page in its own context (closing the page closes it) that records its errors."""
    page = browser.new_page(**context_options)
    page.add_init_script(RECORD_PAGE_ERRORS)
    return page


def wait_in_page(page, predicate: str, arg=None, what: str = "the page"):
    """Wait, with no time limit, until the JavaScript `predicate` (given `arg`) holds on the page.

    What is waited for is done by the page's own scripts (the finder, Pagefind), served from this
    machine: they either get there or fail, and a failure shows as an error on the page (an
    uncaught exception, a rejected promise, a file that did not load), which ends the wait at once.
    So the wait is bounded by the page, not the clock; a crashed browser ends it too (Playwright
    raises). A predicate must also hold when the page shows a visible failure of its own (such as
    "no results"), so that the test's assertions report it."""
    page.wait_for_function(f"(arg) => (window.__pbErrors && window.__pbErrors.length) || ({predicate})(arg)",
                           arg=arg, timeout=0)
    errors = page.evaluate("() => window.__pbErrors || []")
    assert not errors, f"{what}: the page reported {errors}"


# Pagefind's UI has finished a search: its result list is there, and it either says it found nothing
# or shows the first result's link (the results' texts load one by one after that).
SEARCH_DONE = """() => !!document.querySelector(".pagefind-ui__results") &&
  (!!document.querySelector(".pagefind-ui__result-link") || !document.querySelector(".pagefind-ui__result"))"""


def wait_for_element(page, selector: str, state: str = "visible"):
    """`wait_in_page` for an element: attached (in the document) or visible (and not hidden)."""
    wait_in_page(page, "([sel, state]) => [...document.querySelectorAll(sel)].some("
                       "(el) => state === 'attached' || el.checkVisibility())", [selector, state], selector)


