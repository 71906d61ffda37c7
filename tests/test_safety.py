"""Case text is data, never code: template syntax, HTML and script links end up inert."""
from __future__ import annotations

import pytest
import yaml

from conftest import PYTHON, ROOT, build, new_page, read_yaml, run, serve, soup
from praktikbanken.languages import LANGUAGES

INJECTIONS = {
    "template": "{{ config }}",
    "include": "{% include 'x' %}",
    "script": "<script>alert(1)</script>",
    "link": "[click me](javascript:alert(2))",
    "image": "![tracker](https://tracker.example.net/pixel.png)",
    "handler": '<img src="x" onerror="alert(3)">',
}


@pytest.mark.build
def test_injected_text_renders_literally_or_inert(small, tmp_path):
    project = small  # a few real cases: quick to build
    case = read_yaml(ROOT / "cases" / "haninge-parent-network.yaml")
    case["title"] = {"sv": "Mall {{ config.site_name }} {% raw %}", "en": "Template {{ config.site_name }} {% raw %}"}
    text = " ".join(INJECTIONS.values())
    case["summary"] = {"sv": text, "en": text}
    case["background"] = {"sv": "Före\n\n" + INJECTIONS["script"] + "\n\nEfter", "en": text}
    case["tips"] = [{"sv": INJECTIONS["link"], "en": INJECTIONS["link"]}]
    (project / "cases" / "haninge-parent-network.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))

    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for lang_dir in (language.root for language in LANGUAGES):
        path = tmp_path / "site" / lang_dir / "cases" / "haninge-parent-network" / "index.html"
        raw = path.read_text(encoding="utf-8")
        html = soup(path)
        title = html.find("h1").get_text()
        assert "{{ config.site_name }}" in title and "{% raw %}" in title
        summary = html.select_one(".pb-summary").get_text()
        for value in ("{{ config }}", "{% include 'x' %}", "<script>alert(1)</script>",
                      '<img src="x" onerror="alert(3)">'):
            assert value in summary, value
        # Inert: no script element, handler attribute, javascript: link or third-party image.
        assert not [s for s in html.find_all("script") if "alert(" in (s.string or "")]
        assert not html.select("[onerror]")
        assert not [a for a in html.find_all("a", href=True) if a["href"].lower().startswith("javascript")]
        assert "tracker.example.net" not in " ".join(img.get("src", "") for img in html.find_all("img"))
        assert "click me" in html.select_one(".pb-tips").get_text()
        # Nothing from the config leaked through a template.
        assert "site_description" not in raw and "'docs_dir'" not in raw


def test_validator_cli_reports_one_line_per_problem_without_traceback(project):
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["themes"] = ["educaton"]
    del case["summary"]["en"]
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))
    (project / "cases" / "broken.yaml").write_text("title:\n\tsv: x\n")
    result = run(PYTHON, ROOT / "scripts" / "validate.py", "--root", project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "3 problems found."
    assert any(line.startswith("cases/broken.yaml:2: (file): tab character") for line in lines)
    assert any(line.startswith("cases/gavle-study-group.yaml:") and "summary.en: the English text is missing" in line
               for line in lines)
    assert any("themes[0]: unknown value 'educaton'; did you mean 'education'?" in line for line in lines)


def test_github_annotations_inside_actions(project):
    (project / "cases" / "broken.yaml").write_text("title: [x\n")
    import os
    import subprocess
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "validate.py"), "--root", str(project)],
                            capture_output=True, text=True, env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=cases/broken.yaml,line=1::")


@pytest.mark.build
def test_broken_case_stops_the_build_and_keeps_the_old_site(small, tmp_path):
    project = small  # a few real cases: quick to build
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    before = (site / "index.html").read_text()
    (project / "cases" / "gavle-study-group.yaml").write_text("title: {sv: x}\n")
    result = build(project, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cases/gavle-study-group.yaml:1: title.en: the English text is missing" in result.stderr
    assert "nothing was built" in result.stderr
    assert (site / "index.html").read_text() == before
    assert (site / "cases" / "gavle-study-group" / "index.html").exists()


PAYLOAD = "</title><script>window.pwned=1</script><img src=x onerror=window.pwned=2>"


@pytest.mark.build
def test_titles_from_data_are_escaped_on_every_page_in_a_real_browser(project, tmp_path, browser):
    """Validation refuses markup in titles (tests/bad_data.yaml); this checks the second wall:
    with the schemas' plain-text rule switched off, titles from data and cases are still inert."""
    for schema in ("case.schema.yaml", "data.schema.yaml"):
        path = project / "data" / schema
        text = path.read_text(encoding="utf-8")
        plain_line = '"^(?!.*&[#A-Za-z0-9]+;)[^<>\\\\n]*\\\\S[^<>\\\\n]*$"'
        path.write_text(text.replace(plain_line, '"\\\\S"'), encoding="utf-8")
    duties = project / "data" / "legal-duties.yaml"
    duties.write_text(duties.read_text(encoding="utf-8").replace("section: 5 b §", f'section: "5 b § {PAYLOAD}"', 1),
                      encoding="utf-8")
    themes = project / "data" / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace(
        "label: {sv: Utbildning, en: Education}", f'label: {{sv: "Utbildning {PAYLOAD}", en: "Education {PAYLOAD}"}}'),
        encoding="utf-8")
    case = read_yaml(project / "cases" / "gavle-study-group.yaml")
    case["title"] = {"sv": f"Studiecirkel {PAYLOAD}", "en": f"Study group {PAYLOAD}"}
    (project / "cases" / "gavle-study-group.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    pages = ["legal-duties/se-minority-act-5b/", "themes/education/", "cases/gavle-study-group/", "themes/",
             "legal-duties/", "finder/"]
    with serve(tmp_path / "site") as base:
        tab = new_page(browser)
        for root in (language.root for language in LANGUAGES):
            for page in pages:
                tab.goto(base + root + page)
                assert tab.evaluate("window.pwned") is None, root + page
                assert tab.locator("script:not([src])", has_text="pwned").count() == 0
                assert tab.locator("[onerror]").count() == 0
            tab.goto(base + root + "legal-duties/se-minority-act-5b/")
            assert "<script>window.pwned=1</script>" in tab.title()
            assert "<script>window.pwned=1</script>" in tab.locator("h1").inner_text()
            assert "<script>" in tab.locator(".md-header__topic").last.inner_text()
        tab.close()


@pytest.mark.build
def test_no_environment_variable_publishes_drafts(small, tmp_path):
    project = small  # a few real cases: quick to build
    case = read_yaml(project / "cases" / "vantaa-tsemppari.yaml")
    case["draft"] = True
    (project / "cases" / "vantaa-draft.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    import os
    import subprocess
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "build.py"), "--root", str(project), "--site-dir",
                             str(tmp_path / "site"), "--quiet", "--no-packs"], capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PRAKTIKBANKEN_PREVIEW": "1"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "cases" / "vantaa-tsemppari").exists()
    assert not (tmp_path / "site" / "cases" / "vantaa-draft").exists()
    assert not (tmp_path / "site" / "en" / "cases" / "vantaa-draft").exists()


@pytest.mark.parametrize("address", [None, "", "http://127.0.0.1:8000/", "http://localhost/guide/", "guide.example"])
def test_a_build_for_publishing_refuses_a_missing_or_local_address(tmp_path, address):
    import os
    import subprocess
    env = {k: v for k, v in os.environ.items() if k != "PRAKTIKBANKEN_SITE_URL"}
    if address is not None:
        env["PRAKTIKBANKEN_SITE_URL"] = address
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "build.py"), "--site-dir", str(tmp_path / "site"),
                             "--publish"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "PRAKTIKBANKEN_SITE_URL" in result.stderr and "Nothing was built" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_local_build_without_an_address_says_which_address_it_publishes(project, tmp_path):
    import os
    import subprocess
    (project / "cases" / "broken.yaml").write_text("title: [", encoding="utf-8")  # stops it early
    env = {k: v for k, v in os.environ.items() if k != "PRAKTIKBANKEN_SITE_URL"}
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "build.py"), "--root", str(project), "--site-dir",
                             str(tmp_path / "site")], capture_output=True, text=True, env=env)
    assert "WARNING: PRAKTIKBANKEN_SITE_URL is not set" in result.stderr
    assert "http://127.0.0.1:8000/" in result.stderr
