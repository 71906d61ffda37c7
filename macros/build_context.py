"""The context of one build, shared by the MkDocs adapters (hooks.py and main.py).

MkDocs hands every hook the build's config, and mkdocs-macros hands it to the macros as
env.conf, so the context travels on the config object (`of(config)`) instead of in module
globals: the loaded guide, its problems (for the preview banner), the titles of the generated
pages and one Renderer. Only what must outlive a build lives at process level, in SESSION:
whether this process previews (`mkdocs serve` calls on_startup once, not per rebuild) and the
last valid guide, which the preview keeps showing while a case is broken.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from praktikbanken.guide import Guide, load_guide
from praktikbanken.problems import InvalidInput, Problem, report
from praktikbanken.render import Renderer
from praktikbanken.site import PDF_MANIFEST_ENV
from praktikbanken.templating import html_block, render

log = logging.getLogger("mkdocs.praktikbanken")
# Outside MkDocs' logger, so strict mode does not turn the preview's fallback into a failed build.
preview_log = logging.getLogger("praktikbanken.preview")
ATTRIBUTE = "praktikbanken_build"
# Without the PDF manifest (a preview, a build without PDFs) the pages say that the PDFs come with
# `make build`.


@dataclass
class Session:
    serving: bool = False                                     # set by hooks.on_startup
    dirty: bool = False                                       # `mkdocs serve --dirty` (make serve)
    last_good: dict[Path, Guide] = field(default_factory=dict)
    reported: list[Problem] = field(default_factory=list)     # logged once, not on every rebuild
    # A dirty preview rebuilds a case page only when its fingerprint changed since the last build
    # that wrote it: (site_dir, src_uri) -> fingerprint, committed when that build has finished.
    built: dict[tuple[str, str], str] = field(default_factory=dict)
    showed_problems: bool = False                             # the last build's pages carry the banner
    server: object = None        # the preview's livereload server (hooks.on_serve), for followup.py
    indexes_itself: bool = True  # False in a language worker whose index the preview writes (followup.py)


SESSION = Session()


@dataclass
class BuildContext:
    root: Path            # the project folder (mkdocs.yml and mkdocs.en.yml sit together)
    lang: str
    language_root: str    # "" or "en/"
    guide: Guide
    problems: list[Problem]
    titles: dict[str, str] = field(default_factory=dict)  # generated page (src_uri) -> title
    _renderer: Renderer | None = None

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            manifest = os.environ.get(PDF_MANIFEST_ENV) if not SESSION.serving else None
            pdfs = json.loads(open(manifest, encoding="utf-8").read())[self.lang] if manifest else None
            self._renderer = Renderer(self.guide, self.lang, to_site_root="../" * self.language_root.count("/"),
                                      pdfs=pdfs)
        return self._renderer

    def problems_banner(self) -> str:
        """A notice on every previewed page while cases or data have problems."""
        if not self.problems:
            return ""
        heading = {"sv": "Förhandsvisningen visar den senaste giltiga versionen. Rätta detta:",
                   "en": "The preview shows the last valid version. Fix these problems:"}[self.lang]
        return html_block(render("problems.html", heading=heading, problems=[str(p) for p in self.problems])).strip()


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def begin(config, guide: Guide | None = None) -> BuildContext:
    """Load the guide for a build (or take the one given, loaded already) and attach the context
    to its config. Raises InvalidInput, except while previewing with a valid version to fall
    back on."""
    root = project_root(config)
    guide, problems = (guide, []) if guide is not None else _load(root)
    context = BuildContext(root, config.theme["language"], config.extra["praktikbanken"]["language_root"],
                           guide, problems)
    setattr(config, ATTRIBUTE, context)
    return context


def of(config) -> BuildContext:
    context = getattr(config, ATTRIBUTE, None)
    return context if context is not None else begin(config)


def _load(root: Path) -> tuple[Guide, list[Problem]]:
    try:
        guide = load_guide(root, include_drafts=SESSION.serving)
    except InvalidInput as err:
        fallback = SESSION.last_good.get(root)
        if not SESSION.serving or fallback is None:
            raise
        if SESSION.reported != err.problems:
            preview_log.error("Praktikbanken: the preview shows the last valid version until these are fixed:\n%s",
                              report(err.problems))
        SESSION.reported = err.problems
        return fallback, err.problems
    SESSION.last_good[root] = guide
    SESSION.reported = []
    return guide, []
