"""The contributor loop: `mkdocs serve` previews both languages with drafts, rebuilds when a
case changes, reports a broken case while it keeps running, and recovers once it is fixed."""
from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import ENV, PYTHON, build, read_yaml, small_project

pytestmark = pytest.mark.build  # each test runs `mkdocs serve` on a copy of the project

# What `mkdocs serve` logs (mkdocs/livereload): a build starts when it has seen changes, and ends
# with "Reloading browsers"; the first build ends when it starts serving.
SEEN = "Detected file changes"
BUILT = ("Reloading browsers", "Serving on ")
# A preview's rebuild serves its pages, then writes the search indexes and exports (macros/followup.py).
FOLLOW_STARTED = "Praktikbanken: pages in place; the search indexes and exports follow"
FOLLOWED = "Praktikbanken: search indexes and exports written again"
FOLLOW_FAILED = "Praktikbanken: the search index or exports after the rebuild failed"
# A save that changes only cases writes their own pages first, in both languages (macros/page_first.py).
PAGE_FIRST = "Praktikbanken: the edited case's pages are served; the rest follows"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        # A refused or slow answer is "not yet": the wait looks again (tests/test_preview.py's Preview).
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


class Preview:
    """A running `mkdocs serve` and its log. Waits have no time limit: they last while the server
    runs and is still building what the test changed, and fail as soon as it has stopped, or has
    finished every build since the change without showing what was expected."""

    def __init__(self, project: Path, base: str, proc: subprocess.Popen, log_path: Path):
        self.project, self.base, self.proc, self.log_path = project, base, proc, log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def mark(self) -> int:
        """Where the log stands before a change; pass it to `wait_for` as `since`."""
        return len(self.log())

    def _settled(self, since: int | None) -> bool:
        """Every build the server started since the mark (since=None: its first build) has ended."""
        log = self.log()[since or 0:]
        seen = log.rfind(SEEN)
        built = max(log.rfind(line) for line in BUILT)
        if since is None:
            return built >= 0 and seen < built
        return 0 <= seen < built

    def wait_for(self, condition, what: str, since: int | None):
        while True:
            value = condition()
            if value:
                return value
            if self.proc.poll() is not None:
                pytest.fail(f"the preview server stopped before {what}:\n{self.log()[-3000:]}")
            if self._settled(since):
                # The build that should show it has ended: one more look, and no new build since.
                value = condition()
                if value:
                    return value
                if self._settled(since):
                    pytest.fail(f"the preview server finished building without {what}:\n{self.log()[-3000:]}")
            time.sleep(0.2)  # how often to look, not a limit


@pytest.fixture
def server(tmp_path):
    # A few cases: what is tested here (rebuilds, banners, drafts) does not depend on how many.
    project = small_project(tmp_path / "project")
    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        # As `make serve` runs it: --dirty rebuilds only the pages an edit touches (macros/incremental.py).
        proc = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
                                cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**ENV, "PYTHONUNBUFFERED": "1"})
    try:
        preview = Preview(project, f"http://127.0.0.1:{port}/", proc, log_path)
        preview.wait_for(lambda: fetch(preview.base + "en/"), "the preview server", since=None)
        yield preview
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)  # not a limit on the test: a server that will not stop is killed
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_edit_break_and_fix_a_case_while_serving(server):
    path = server.project / "cases" / "gavle-study-group.yaml"
    url = server.base + "en/cases/gavle-study-group/"
    case = read_yaml(path)

    case["title"]["en"] = "Study group, edited while serving"
    case["title"]["sv"] = "Studiegrupp, ändrad under förhandsvisningen"
    since = server.mark()
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    server.wait_for(lambda: "Study group, edited while serving" in (fetch(url) or ""), "the rebuilt page", since)
    # Both languages at once (the page is written first in each), then the pages that list it.
    assert "Studiegrupp, ändrad under förhandsvisningen" in (fetch(server.base + "cases/gavle-study-group/") or "")
    assert f"{PAGE_FIRST} (gavle-study-group)" in server.log()[since:]
    server.wait_for(lambda: "Study group, edited while serving" in (fetch(server.base + "en/finder/") or ""),
                    "the English finder with the edit", since)
    server.wait_for(lambda: "Studiegrupp, ändrad under förhandsvisningen" in (fetch(server.base + "finder/") or ""),
                    "the Swedish finder with the edit", since)

    since = server.mark()
    path.write_text("title: [broken\n", encoding="utf-8")
    server.wait_for(lambda: "cases/gavle-study-group.yaml:1" in server.log(), "the error in the log", since)
    server.wait_for(lambda: "pb-problems" in (fetch(url) or ""), "the problems banner", since)
    log = server.log()
    assert "YAML syntax error" in log and "Traceback" not in log
    assert PAGE_FIRST not in log[since:], "a broken case is left to the whole rebuild, which shows the banner"
    assert server.proc.poll() is None, "the server stopped"
    page = fetch(url) or ""
    assert "Study group, edited while serving" in page, "the last good version is still served"
    assert "pb-problems" in page and "cases/gavle-study-group.yaml:1: (file): YAML syntax error" in page

    case["title"]["en"] = "Study group, fixed again"
    since = server.mark()
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    server.wait_for(lambda: "Study group, fixed again" in (fetch(url) or ""), "recovery after the fix", since)
    assert "pb-problems" not in fetch(url)


def test_drafts_show_with_a_banner_in_preview_only(server, tmp_path):
    project, base = server.project, server.base
    case = read_yaml(project / "cases" / "vantaa-tsemppari.yaml")
    case["draft"] = True
    since = server.mark()
    (project / "cases" / "vantaa-draft.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    page = server.wait_for(lambda: fetch(base + "cases/vantaa-draft/"), "the draft page", since)
    assert 'class="pb-draft-banner"' in page and "Utkast." in page
    assert "Draft." in (fetch(base + "en/cases/vantaa-draft/") or "")

    result = build(project, tmp_path / "published")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "published" / "cases" / "vantaa-draft").exists()
    assert not (tmp_path / "published" / "en" / "cases" / "vantaa-draft").exists()
    assert (tmp_path / "published" / "cases" / "vantaa-tsemppari").exists()


def test_editor_files_are_ignored_and_a_broken_link_gets_the_banner(server):
    base = server.base
    url = base + "cases/gavle-study-group/"
    cases = server.project / "cases"
    # What editors leave beside a file being edited: Emacs' lock (a link to nowhere), backups.
    since = server.mark()
    (cases / ".#gavle-study-group.yaml").symlink_to("user@host.1234:1700000000")
    (cases / "gavle-study-group.yaml~").write_text("title: [old\n", encoding="utf-8")
    (cases / "gone.yaml").symlink_to(cases / "no-such-file.yaml")
    server.wait_for(lambda: "pb-problems" in (fetch(url) or ""), "the problems banner", since)
    page = fetch(url)
    assert "cases/gone.yaml: (file): file is a link to a file that does not exist" in page
    assert ".#gavle" not in page and "yaml~" not in page, "editor files are ignored"
    assert server.proc.poll() is None and "Traceback" not in server.log()

    # MkDocs' polling watcher cannot see a link to nowhere come or go; the next save is seen.
    since = server.mark()
    (cases / "gone.yaml").unlink()
    (cases / "gavle-study-group.yaml").write_bytes((cases / "gavle-study-group.yaml").read_bytes())
    server.wait_for(lambda: "pb-problems" not in (fetch(url) or "pb-problems"), "the banner to go", since)
    assert fetch(base + "en/cases/gavle-study-group/")


def test_an_edit_rewrites_its_own_pages_and_the_listings_but_not_other_cases(server):
    """The dirty preview's point: another case's page is served from the last build, untouched."""
    other_url = server.base + "en/cases/vantaa-tsemppari/"
    before = fetch(other_url)
    path = server.project / "cases" / "gavle-study-group.yaml"
    case = read_yaml(path)
    # The background: only the case's own page shows it (its summary would also change the cards
    # of the cases that list it as related, which are then rewritten too).
    case["background"] = {"sv": "Bakgrund, ändrad under förhandsvisningen.",
                          "en": "A background edited while serving, for the dirty preview."}
    since = server.mark()
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    url = server.base + "en/cases/gavle-study-group/"
    server.wait_for(lambda: "edited while serving, for the dirty" in (fetch(url) or ""), "the rebuilt page", since)
    log = server.wait_for(lambda: "case pages of" in server.log()[since:] and server.log()[since:],
                          "the rebuild after the first pages", since)
    assert "Traceback" not in log
    # Only the edited case's page is written again, ahead of the rebuild, which leaves it as it is;
    # the others are served from the last build.
    cases, listings = _pages(server.project)
    assert f"{PAGE_FIRST} (gavle-study-group)" in log
    assert f"Praktikbanken: 0 case pages of {cases} and 0 listings of {listings} to write (sv)" in log
    assert fetch(other_url) == before or "tsemppari" in fetch(other_url)


def _pages(project: Path, case_id: str | None = None) -> tuple[int, int]:
    """How many case pages and listing pages the project has (or: listings that show case_id)."""
    from praktikbanken.guide import load_guide
    from praktikbanken.model import has
    from praktikbanken.site import page_specs
    guide = load_guide(project, include_drafts=True)
    listings = [s.listing for s in page_specs(guide, "sv") if s.listing]
    if case_id is None:
        return len(guide.cases), len(listings)
    return 1, sum(has(guide.cases[case_id], kind, value) for kind, value in listings)


def test_a_title_edit_rewrites_the_listings_that_show_the_case_and_no_other(server):
    from praktikbanken import languages
    path = server.project / "cases" / "gavle-study-group.yaml"
    case = read_yaml(path)
    theme = case["themes"][0]
    themes = read_yaml(server.project / "data" / "themes.yaml")
    other_theme = next(entry["id"] for entry in themes if entry["id"] not in case["themes"])
    other_listing = server.base + f"en/themes/{other_theme}/"
    before = fetch(other_listing)
    case["title"] = {code: f"Retitled while serving ({code})" for code in languages.CODES}
    since = server.mark()
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    listing = server.base + f"en/themes/{theme}/"
    server.wait_for(lambda: "Retitled while serving (en)" in (fetch(listing) or ""), "the retitled listing", since)
    _, shown_in = _pages(server.project, "gavle-study-group")
    _, listings = _pages(server.project)
    log = server.log()[since:]
    written = [line for line in log.splitlines() if "listings of" in line and "(sv)" in line]
    assert written and f"and {shown_in} listings of {listings} to write (sv)" in written[-1], written
    # A listing without the case is served from the last build (but for livereload's counters).
    assert _without_reload(fetch(other_listing)) == _without_reload(before)


def _without_reload(html: str | None) -> str:
    return re.sub(r"reload\(\d+, \d+\)", "reload()", html or "")


def test_a_deleted_case_disappears_from_the_dirty_preview(server):
    url = server.base + "en/cases/rotterdam-vogelaar-areas/"
    assert fetch(url)
    since = server.mark()
    (server.project / "cases" / "rotterdam-vogelaar-areas.yaml").unlink()
    server.wait_for(lambda: "vogelaar" not in (fetch(server.base + "en/finder/") or "vogelaar"),
                    "the finder without it", since)
    assert fetch(url) is None and fetch(server.base + "cases/rotterdam-vogelaar-areas/") is None


def test_the_search_index_and_the_exports_follow_the_edited_page(server):
    """The edited page is served first; every language's search index and the open data are
    written again after it (macros/followup.py), each replaced whole."""
    from praktikbanken import languages
    path = server.project / "cases" / "gavle-study-group.yaml"
    case = read_yaml(path)
    word = "Zebrafinkstudier"
    for lang in languages.CODES:
        case["summary"][lang] = case["summary"][lang].rstrip() + f" {word}."

    def entry(lang):
        return fetch(server.base + languages.root(lang) + "pagefind/pagefind-entry.json")

    before = {lang: entry(lang) for lang in languages.CODES}
    assert all(before.values())
    since = server.mark()
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    page = server.base + "en/cases/gavle-study-group/"
    server.wait_for(lambda: word in (fetch(page) or ""), "the rebuilt page", since)
    server.wait_for(lambda: FOLLOW_STARTED in server.log()[since:], "the follow-up's start", since)
    while FOLLOWED not in server.log()[since:]:  # the follow-up ends with one line or the other
        assert FOLLOW_FAILED not in server.log()[since:], server.log()[since:][-3000:]
        assert server.proc.poll() is None, server.log()[-3000:]
        time.sleep(0.2)  # how often to look, not a limit
    assert word in (fetch(server.base + "data/cases.json") or "")
    assert word in (fetch(server.base + "data/cases/gavle-study-group.json") or "")
    for lang in languages.CODES:
        assert entry(lang) and entry(lang) != before[lang], f"the {lang} search index was not written again"


def _parts(html: str | None) -> tuple[str, str]:
    """A page's <title> and its article, what a reader sees of a case."""
    title = re.search(r"<title>(.*?)</title>", html or "", re.S)
    article = re.search(r"<article\b.*?</article>", html or "", re.S)
    assert title and article, (html or "")[:500]
    return title.group(1), article.group(0)


def test_the_edited_case_is_served_first_as_a_full_build_writes_it(server, tmp_path):
    """Page first (macros/page_first.py): the edited case's pages come ahead of the rebuild, which
    then leaves them as they are; they are the pages a full build writes. Anything but a case
    (here data/) gets the whole rebuild. Reading the cases does not count as a change."""
    from praktikbanken import languages
    path = server.project / "cases" / "gavle-study-group.yaml"
    case = read_yaml(path)
    case["title"] = {code: f"Served first ({code})" for code in languages.CODES}
    since = server.mark()
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    pages = {code: server.base + languages.root(code) + "cases/gavle-study-group/" for code in languages.CODES}
    for code, url in pages.items():
        server.wait_for(lambda url=url, code=code: f"Served first ({code})" in (fetch(url) or ""),
                        f"the {code} page", since)
    server.wait_for(lambda: "Served first (en)" in (fetch(server.base + "en/finder/") or ""), "the finder", since)
    while FOLLOWED not in server.log()[since:]:  # the follow-up ends with one line or the other
        assert FOLLOW_FAILED not in server.log()[since:], server.log()[since:][-3000:]
        assert server.proc.poll() is None, server.log()[-3000:]
        time.sleep(0.2)  # how often to look, not a limit
    log = server.log()[since:]
    assert f"{PAGE_FIRST} (gavle-study-group)" in log
    assert log.count(SEEN) == 1, f"one save, one rebuild:\n{log[-3000:]}"

    result = build(server.project, tmp_path / "built")
    assert result.returncode == 0, result.stderr
    for code, url in pages.items():
        built = (tmp_path / "built" / languages.root(code) / "cases" / "gavle-study-group" / "index.html").read_text()
        assert _parts(fetch(url)) == _parts(built), f"the {code} page served first differs from a full build's"

    themes = server.project / "data" / "themes.yaml"
    since = server.mark()
    themes.write_text(themes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    server.wait_for(lambda: "case pages of" in server.log()[since:], "the whole rebuild", since)
    assert PAGE_FIRST not in server.log()[since:]


def _epoch(html: str | None) -> int | None:
    """The site version a page was served at (MkDocs' livereload script in it)."""
    found = re.search(r"livereload\((\d+), \d+\)", html or "")
    return int(found.group(1)) if found else None


def _shows(preview: Preview, page, text: str, what: str, since: int):
    """Wait, in Chromium, until the open page shows text, reloaded by the preview itself
    (livereload), not by the test. It fails once every build since the change has ended and the
    page, at the latest version the server serves, still does not show it."""
    def shown():
        try:
            return text in page.inner_text("main")
        except Exception:  # noqa: BLE001 - the page is reloading just now: look again
            return False

    while not shown():
        if preview.proc.poll() is not None:
            pytest.fail(f"the preview server stopped before {what}:\n{preview.log()[-3000:]}")
        if preview._settled(since):
            latest = int(fetch(preview.base + "livereload/0/0") or 0)
            try:
                at = _epoch(page.content())
            except Exception:  # noqa: BLE001 - reloading
                at = None
            if at == latest and not shown():
                pytest.fail(f"the page reloaded to the latest version without {what}:\n{preview.log()[-3000:]}")
        page.wait_for_timeout(200)  # how often to look, not a limit


def test_open_case_pages_in_both_languages_and_then_the_finder_show_an_edit_in_chromium(server, browser):
    """What a contributor sees with the preview open in the browser: the edited case in both
    languages, then the finder, each page reloaded by the preview."""
    from conftest import new_page
    from praktikbanken import languages
    path = server.project / "cases" / "gavle-study-group.yaml"
    case = read_yaml(path)
    pages = {code: new_page(browser) for code in languages.CODES}
    finder = new_page(browser)
    try:
        for code, page in pages.items():
            page.goto(server.base + languages.root(code) + "cases/gavle-study-group/")
        finder.goto(server.base + "en/finder/")
        case["title"] = {code: f"Seen in Chromium ({code})" for code in languages.CODES}
        since = server.mark()
        path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
        for code, page in pages.items():
            _shows(server, page, f"Seen in Chromium ({code})", f"the edit on the open {code} case page", since)
        _shows(server, finder, "Seen in Chromium (en)", "the edit in the open finder", since)
    finally:
        for page in [*pages.values(), finder]:
            page.close()


def test_a_broken_case_brings_the_banner_onto_the_open_page_in_chromium_and_the_fix_takes_it_away(server, browser):
    from conftest import new_page
    path = server.project / "cases" / "gavle-study-group.yaml"
    original = path.read_text(encoding="utf-8")
    page = new_page(browser)
    try:
        page.goto(server.base + "en/cases/gavle-study-group/")
        since = server.mark()
        path.write_text("title: [broken\n", encoding="utf-8")
        _shows(server, page, "cases/gavle-study-group.yaml:1", "the problems banner", since)
        since = server.mark()
        path.write_text(original, encoding="utf-8")
        title = read_yaml(path)["title"]["en"]
        _shows(server, page, title, "the case as it was", since)
        server.wait_for(lambda: "gavle-study-group.yaml:1" not in page.inner_text("main"), "the banner to go", since)
    finally:
        page.close()
