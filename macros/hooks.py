"""MkDocs hooks adapter: validation, generated pages and the second language.

- on_config: load and validate all cases and data; any problem stops the build with one line
  per problem, before anything is written.
- on_files: add a page per case and per listing, so contributors add only a YAML file.
- on_page_markdown: give generated pages their title (from data, never run as a template).
- on_post_build: publish the case schema, open data (JSON, CSV), the Atom feed and this
  language's search index (Pagefind), and put the other language, built alongside
  (language_builds.py), into its subfolder: for `mkdocs build` and `mkdocs serve` alike, so one
  command gives the whole bilingual site. A dirty preview's rebuild serves the pages of both
  languages first and writes the open data and every search index after them (followup.py).
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import build_context
import followup
import incremental
import language_builds
import page_first
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from praktikbanken import exports, languages, search, templating
from praktikbanken.problems import InvalidInput, report
from praktikbanken.processes import exit_on_sigterm, owned_tempdir
from praktikbanken.schema import schema_json
from praktikbanken.site import nav, page_specs, theme_settings
from praktikbanken.strings import t

log = build_context.log
NAV = "praktikbanken_nav"  # the build's navigation, for page_first.py


def on_startup(command, dirty):
    # Only `mkdocs serve` shows drafts (the language worker of a preview says "serve" too); no
    # environment variable can turn a published build into one that shows them.
    build_context.SESSION.serving = command == "serve"
    build_context.SESSION.dirty = command == "serve" and bool(dirty)  # see incremental.py
    if build_context.SESSION.dirty:
        incremental.quiet_dirty_warning()
        page_first.write_whole_files()


def on_serve(server, config, builder):
    build_context.SESSION.server = server  # rebuilds from now on serve their pages early (followup.py)
    exit_on_sigterm(first=followup.stop)   # a stopped preview leaves no search indexing running
    followup.notice_saves_at_once(server, config)
    server.builder = language_builds.pages_first_then(server.builder, server)  # page_first.py
    return server


def on_config(config):
    # The languages (praktikbanken.languages) and the nav (praktikbanken.site.NAV) are declared
    # once in the package; each config only names its language (theme.language).
    language = languages.BY_CODE[config.theme["language"]]
    settings = config.extra.setdefault("praktikbanken", {})
    settings.update(theme_settings(language.code))
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = t("permalink", language.code)
    settings["also_build"] = [other.config for other in languages.LANGUAGES if other.root] if not language.root else []
    config.nav = nav(language.code)
    if language.root:
        config.site_url = urljoin(config.site_url or "", language.root)
    config.extra["alternate"] = _alternates(config, "")
    if build_context.SESSION.dirty:
        page_first.began(config)
    try:
        build_context.begin(config)
    except InvalidInput as err:
        raise PluginError("Praktikbanken: the cases or data have problems; nothing was built.\n"
                          + report(err.problems)) from None
    language_builds.start(config)
    if build_context.SESSION.serving:
        incremental.keep_theme_environment(config)
    return config


def on_files(files, config):
    context = build_context.of(config)
    specs = page_specs(context.guide, context.lang)
    for spec in specs:
        if files.get_file_from_path(spec.src_uri) is None:
            files.append(File.generated(config, spec.src_uri, content=spec.macro))
            context.titles[spec.src_uri] = spec.title
    if build_context.SESSION.dirty:
        incremental.mark(files, config, specs)
    return files


def on_nav(nav, config, files):
    setattr(config, NAV, nav)
    return nav


def on_env(env, config, files):
    if build_context.SESSION.dirty:
        page_first.keep(config, files, getattr(config, NAV), env)
    return env


def _alternates(config, page_url: str) -> list[dict]:
    """Each language's twin of the page at page_url: `link` from the host's root (Material's <head>
    uses it for hreflang); `path` relative to this language's root, for the switcher
    (overrides/partials/alternate.html)."""
    here = languages.BY_CODE[config.theme["language"]]
    site_root = config.site_url[: len(config.site_url) - len(here.root)] if here.root else config.site_url
    # From the host's root, not absolute: Material fetches the alternate's sitemap, and a build
    # served elsewhere than its site_url (a preview, a copy) must not make it ask another host.
    site_root = urlsplit(site_root).path or "/"
    return [{"name": other.name, "lang": other.code, "link": site_root + other.root + page_url,
             "path": (languages.link(here, other).removeprefix("./") + page_url) or "./"}
            for other in languages.LANGUAGES]


def on_pre_template(template, template_name, config):
    if template_name == "404.html":  # no page of its own: the languages' start pages
        config.extra["alternate"] = _alternates(config, "")
    return template


def on_page_context(context, page, config, nav):
    # Every language link of a page (the switcher and <link rel="alternate" hreflang>) points to
    # the same page in the other language: both languages use the same paths.
    config.extra["alternate"] = _alternates(config, page.url)
    return context


def on_page_markdown(markdown, page, config, files):
    title = build_context.of(config).titles.get(page.file.src_uri)
    if title is not None:
        # Material puts the title into <title>, the header and <h1> without escaping (MkDocs'
        # templates do not autoescape). Markup keeps it escaped once, also where a template adds |e.
        page.meta["title"] = Markup(escape(title))
    if page.file.src_uri in search.UNINDEXED:  # Material's convention; overrides/main.html reads it
        page.meta["search"] = {"exclude": True}
    if page.file.src_uri == "finder.md":  # no headings to list: the results get the room instead
        page.meta["hide"] = ["toc"]
    return markdown


def _write(path: Path, text: str) -> None:
    """Write a file whole (a temporary file renamed into place): a preview may serve it meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def on_pre_page(page, config, files):
    templating.hold_blocks()  # the macros' ready HTML skips Markdown (on_page_content puts it back)
    return page


def on_page_content(html, page, config, files):
    html = templating.put_back_blocks(html)  # first: the banner's own HTML must not be held
    return build_context.of(config).problems_banner() + html


def on_post_build(config):
    # Publish the case schema (with the valid ids) so editors and other tools can fetch it.
    guide = build_context.of(config).guide
    site_dir = Path(config.site_dir)
    _write(site_dir / "schema" / "case.schema.json", schema_json(guide.schema))
    root = config.extra["praktikbanken"]["language_root"]
    site_url = config.site_url[: len(config.site_url) - len(root)] if root else config.site_url
    _write(site_dir / "feed.xml", exports.atom_feed(guide, config.theme["language"], site_url, root))
    if followup.active(config):
        # A preview's rebuild: the pages of both languages first, then the exports and every
        # language's search index in the background (followup.py).
        language_builds.finish(config)
        incremental.commit(config)
        # Served before the last rebuild's follow-up is waited for (a quick second save).
        followup.release_pages(build_context.SESSION.server)
        followup.start(lambda: _exports_and_indexes(guide, site_dir, site_url))
        page_first.finished(config)
        return
    if not root:  # the language-neutral exports live once, at the site root
        _write_exports(guide, site_dir, site_url)
    if build_context.SESSION.indexes_itself:
        _index(site_dir, config.theme["language"])
    language_builds.finish(config)
    incremental.commit(config)
    if build_context.SESSION.dirty:
        page_first.finished(config)


def _write_exports(guide, site_dir: Path, site_url: str) -> None:
    data_dir = site_dir / exports.DATA_DIR
    _write(data_dir / "cases.json", exports.cases_json(guide, site_url))
    _write(data_dir / "cases.csv", exports.cases_csv(guide))
    for case in guide.cases.values():
        path = data_dir / "cases" / f"{case.id}.json"
        text = exports.case_json(case, site_url)  # the same text object while the case is unchanged
        if _written.get(str(path)) is not text or not path.exists():
            _write(path, text)
            _written[str(path)] = text


_written: dict[str, str] = {}  # per-case export file -> the text last written there (a preview's rebuilds)


def _leave_out(lang: str) -> tuple[str, ...]:
    # This language's pages only: the root language's folder also holds the others' subfolders.
    return languages.SUBFOLDERS if not languages.root(lang) else ()


def _index(site_dir: Path, lang: str) -> None:
    try:
        search.build_index(site_dir, lang, leave_out=_leave_out(lang))
    except search.SearchIndexError as err:
        language_builds.cancel()
        raise PluginError(f"Praktikbanken: the search index could not be built: {err}") from None


def _exports_and_indexes(guide, site_dir: Path, site_url: str) -> None:
    def index(language) -> None:
        folder = site_dir / language.root
        output = owned_tempdir(site_dir.resolve().parent, ".pb-index-") / search.BUNDLE_DIR
        # Not _index: this thread must leave the next build's language jobs alone; an error is
        # logged by followup.py.
        search.build_index(folder, language.code, leave_out=_leave_out(language.code), output=output, behind=True)
        followup.replace_folder(output, folder / search.BUNDLE_DIR)
        output.parent.rmdir()  # the emptied temporary folder

    # The languages' indexes in parallel (one Pagefind each), the exports meanwhile.
    with ThreadPoolExecutor(max_workers=len(languages.LANGUAGES)) as pool:
        indexed = [pool.submit(index, language) for language in languages.LANGUAGES]
        _write_exports(guide, site_dir, site_url)
        for job in indexed:
            job.result()


def on_build_error(error):
    page_first.failed()
    language_builds.cancel()
