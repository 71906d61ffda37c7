"""What the two MkDocs adapters (hooks.py and main.py) share within one process."""
from __future__ import annotations

import logging
from html import escape
from pathlib import Path

from praktikbanken.guide import Guide, load_guide
from praktikbanken.problems import InvalidInput, report

log = logging.getLogger("mkdocs.praktikbanken")
# Outside MkDocs' logger, so strict mode does not turn the preview's fallback into a failed build.
preview_log = logging.getLogger("praktikbanken.preview")

# serving: set by hooks.on_startup; drafts show only in the local preview (`mkdocs serve`).
# last_good / problems: while previewing, a broken case must not take the site away. The last
# valid guide keeps being shown, with the problems in a banner on every page, until fixed.
state: dict = {"serving": False, "last_good": {}, "problems": [], "building": {}}


def project_root(config) -> Path:
    """The project folder: where the config file lives (mkdocs.yml and mkdocs.en.yml sit together)."""
    return Path(config.config_file_path).resolve().parent


def include_drafts(config) -> bool:
    return state["serving"]


def current_guide(config) -> Guide:
    """The guide this build uses: loaded once per build (see begin_build), not once per page."""
    guide = state["building"].get(_build_key(config))
    return guide if guide is not None else begin_build(config)


def begin_build(config) -> Guide:
    """Load the guide for a build. Raises InvalidInput, except while previewing with a good
    version to fall back on."""
    guide = state["building"][_build_key(config)] = _load(config, project_root(config))
    return guide


def _build_key(config) -> tuple:
    return project_root(config), config.theme["language"]


def _load(config, root: Path) -> Guide:
    try:
        guide = load_guide(root, include_drafts=include_drafts(config))
    except InvalidInput as err:
        fallback = state["last_good"].get(root)
        if not state["serving"] or fallback is None:
            raise
        if state["problems"] != err.problems:
            preview_log.error("Praktikbanken: the preview shows the last valid version until these are fixed:\n%s",
                      report(err.problems))
        state["problems"] = err.problems
        return fallback
    state["last_good"][root] = guide
    state["problems"] = []
    return guide


def problems_banner(lang: str) -> str:
    """A notice on every previewed page while cases or data have problems."""
    if not state["problems"]:
        return ""
    heading = {"sv": "Förhandsvisningen visar den senaste giltiga versionen. Rätta detta:",
               "en": "The preview shows the last valid version. Fix these problems:"}[lang]
    items = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in state["problems"])
    return f'<div class="pb-problems" role="alert" data-pagefind-ignore><p><strong>{escape(heading)}</strong></p><ul>{items}</ul></div>'
