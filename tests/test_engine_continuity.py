"""The site builds the same with ProperDocs, the maintained continuation of MkDocs 1.x.

MkDocs 1.x is unmaintained and Material for MkDocs reaches end of life on 5 May 2027 (issue 14,
item 9; docs/maintainers/engine-continuity.md). One copy of the project is built twice: with
MkDocs from .venv, as `make build` does (scripts/build.py), and with ProperDocs from
.venv-properdocs (made by `scripts/setup.sh test` from requirements-properdocs.txt, with the same
theme, plugins and libraries and without MkDocs), with its own command `properdocs build`.

The English site is built by a worker process (macros/language_worker.py); under ProperDocs the
worker is told so and makes mkdocs.* imports resolve to ProperDocs itself, as `properdocs build`
does in its own process, so both languages are built by the same engine.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, ROOT, build, copy_project, soup
from praktikbanken.languages import LANGUAGES
from praktikbanken.processes import die_with_parent

# Builds three sites (some ten seconds): the build tier, and one group, so that with `-n 2` one
# worker builds the two compared sites once (they are module fixtures).
pytestmark = [pytest.mark.build, pytest.mark.xdist_group("engine-continuity")]

PROPERDOCS_VENV = ROOT / ".venv-properdocs"
PROPERDOCS = PROPERDOCS_VENV / "bin" / "properdocs"
CASE = "cases/haninge-parent-network/index.html"
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')

def properdocs_build(root: Path, site_dir: Path):
    """`properdocs build` of a project, as a user of ProperDocs runs it; never raises on failure.
    No -q: it drops warnings before strict mode counts them. No time limit; the build ends with
    this test run (as the project's own scripts do)."""
    assert PROPERDOCS.exists(), f"{PROPERDOCS} is missing: run scripts/setup.sh test (make setup-test)"
    env = dict(ENV)
    return subprocess.run([str(PROPERDOCS), "build", "--config-file", "mkdocs.yml", "--site-dir", str(site_dir)],
                          cwd=root, capture_output=True, text=True, env=env, preexec_fn=die_with_parent)


@pytest.fixture(scope="module")
def one_project(tmp_path_factory) -> Path:
    """One copy for both engines, so edits to the real project during the run change neither."""
    return copy_project(tmp_path_factory.mktemp("continuity") / "project")


@pytest.fixture(scope="module")
def mkdocs_site(one_project) -> Path:
    out = one_project.parent / "site-mkdocs"
    result = build(one_project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def properdocs_site(one_project) -> Path:
    out = one_project.parent / "site-properdocs"
    result = properdocs_build(one_project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def files(site: Path, suffix: str = "") -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob(f"*{suffix}") if p.is_file()}


def generator(page: Path) -> str:
    match = GENERATOR.search(page.read_text(encoding="utf-8"))
    assert match, f"no generator tag in {page}"
    return match[1]


def installed(python: Path) -> dict[str, str]:
    script = ("import importlib.metadata as m, json; "
              "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    out = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=True).stdout
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in json.loads(out).items()}


def test_the_properdocs_environment_differs_only_in_the_engine():
    """Same versions of everything but the engine, so any difference below is the engine's; and
    no MkDocs there, so nothing can quietly fall back to it."""
    assert PROPERDOCS.exists(), f"{PROPERDOCS} is missing: run scripts/setup.sh test (make setup-test)"
    ours, theirs = installed(Path(sys.executable)), installed(PROPERDOCS_VENV / "bin" / "python")
    assert "properdocs" in theirs and "mkdocs" not in theirs and "properdocs" not in ours
    different = {name: (ours.get(name), version) for name, version in theirs.items()
                 if name not in {"properdocs", "pip", "setuptools"} and ours.get(name) != version}
    assert not different, f"(.venv, .venv-properdocs) versions differ: {different}"


def test_properdocs_built_both_languages(mkdocs_site, properdocs_site):
    for lang_dir in (language.root for language in LANGUAGES):
        assert "ProperDocs" in generator(properdocs_site / lang_dir / "index.html"), lang_dir
        assert "ProperDocs" not in generator(mkdocs_site / lang_dir / "index.html"), lang_dir


def test_both_engines_build_the_same_pages(mkdocs_site, properdocs_site):
    pages = files(mkdocs_site, ".html")
    assert CASE in pages and f"en/{CASE}" in pages
    assert files(properdocs_site, ".html") == pages
    # and every other file: the exports, the assets and the search index (its file names are hashes)
    assert files(properdocs_site) == files(mkdocs_site)


@pytest.mark.parametrize("lang_dir", [language.root for language in LANGUAGES])
def test_a_case_page_has_the_same_content(mkdocs_site, properdocs_site, lang_dir):
    def article(site: Path) -> str:
        found = soup(site / lang_dir / CASE).find("article")
        assert found is not None, site / lang_dir / CASE
        return " ".join(str(found).split())

    assert article(properdocs_site) == article(mkdocs_site)


def test_every_page_is_the_same_but_for_the_generator_tag(mkdocs_site, properdocs_site):
    def text(page: Path) -> str:
        return GENERATOR.sub("", page.read_text(encoding="utf-8"))

    pages = sorted(files(mkdocs_site, ".html") & files(properdocs_site, ".html"))
    different = [p for p in pages if text(properdocs_site / p) != text(mkdocs_site / p)]
    assert not different, f"{len(different)} of {len(pages)} pages differ, e.g. {different[:5]}"


def test_properdocs_builds_both_languages_on_its_own(one_project, tmp_path):
    result = properdocs_build(one_project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for lang_dir in (language.root for language in LANGUAGES):
        assert "ProperDocs" in generator(tmp_path / "site" / lang_dir / "index.html"), lang_dir
