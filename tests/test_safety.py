"""Case text is data, never code: template syntax, HTML and script links end up inert."""
from __future__ import annotations

import yaml

from conftest import build, read_yaml, run, soup, PYTHON, ROOT

INJECTIONS = {
    "template": "{{ config }}",
    "include": "{% include 'x' %}",
    "script": "<script>alert(1)</script>",
    "link": "[click me](javascript:alert(2))",
    "image": "![tracker](https://tracker.example.net/pixel.png)",
    "handler": '<img src="x" onerror="alert(3)">',
}


def test_injected_text_renders_literally_or_inert(project, tmp_path):
    case = read_yaml(ROOT / "cases" / "haninge-parent-network.yaml")
    case["title"] = {"sv": "Mall {{ config.site_name }} {% raw %}", "en": "Template {{ config.site_name }} {% raw %}"}
    text = " ".join(INJECTIONS.values())
    case["summary"] = {"sv": text, "en": text}
    case["background"] = {"sv": "Före\n\n" + INJECTIONS["script"] + "\n\nEfter", "en": text}
    case["tips"] = [{"sv": INJECTIONS["link"], "en": INJECTIONS["link"]}]
    (project / "cases" / "haninge-parent-network.yaml").write_text(yaml.safe_dump(case, allow_unicode=True))

    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for lang_dir in ("", "en/"):
        path = tmp_path / "site" / lang_dir / "cases" / "haninge-parent-network" / "index.html"
        raw = path.read_text(encoding="utf-8")
        html = soup(path)
        title = html.find("h1").get_text()
        assert "{{ config.site_name }}" in title and "{% raw %}" in title
        summary = html.select_one(".pb-summary").get_text()
        for value in ("{{ config }}", "{% include 'x' %}", "<script>alert(1)</script>", '<img src="x" onerror="alert(3)">'):
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
    assert any(l.startswith("cases/broken.yaml:2: (file): tab character") for l in lines)
    assert any(l.startswith("cases/gavle-study-group.yaml:") and "summary.en: the English text is missing" in l for l in lines)
    assert any("themes[0]: unknown value 'educaton'; did you mean 'education'?" in l for l in lines)


def test_github_annotations_inside_actions(project):
    (project / "cases" / "broken.yaml").write_text("title: [x\n")
    import os
    import subprocess
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "validate.py"), "--root", str(project)],
                            capture_output=True, text=True, env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=cases/broken.yaml,line=1::")


def test_broken_case_stops_the_build_and_keeps_the_old_site(project, tmp_path):
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
