"""Page first: in the dirty preview (`make serve`), a save that changes only case files writes
those cases' own pages, in every language, before anything else, and lets the browsers reload;
the usual dirty rebuild (incremental.py) follows for the pages that depend on them (listings,
the finder, the overview, other cases' related cards), then the search indexes and exports
(followup.py).

The pages are written with the last build's MkDocs objects (config, files, nav, Jinja
environment), kept in each process (this one and the other language's worker): MkDocs renders
them with its own page functions, so they are the pages a full build writes. Anything else that
changed (data/, docs/, a config, the code, a case added or removed, a case with a problem, a
banner on screen) skips this step: the usual rebuild handles it, as before.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import build_context
import incremental
from mkdocs import utils
from mkdocs.commands.build import _build_page, _populate_page

from praktikbanken.guide import reload_cases
from praktikbanken.site import case_source

STATE = "praktikbanken_page_first"  # (files, nav, env) of the build under way, on its config


@dataclass
class LastBuild:
    config: object
    files: object
    nav: object
    env: object
    stamps: dict[str, tuple[int, int]]  # the watched files when that build began


_last: LastBuild | None = None
_stamps_at_start: dict[str, dict[str, tuple[int, int]]] = {}


def began(config) -> None:
    """A preview build begins (on_config): note the watched files, to tell later what changed."""
    _stamps_at_start[config.config_file_path] = stamps(config)


def keep(config, files, nav, env) -> None:
    """The build has all it renders pages with (on_env)."""
    setattr(config, STATE, (files, nav, env))


def finished(config) -> None:
    """The build succeeded (on_post_build): its objects render the next save's pages first."""
    global _last
    kept = getattr(config, STATE, None)
    start = _stamps_at_start.pop(config.config_file_path, None)
    _last = None if kept is None or start is None or build_context.of(config).problems else \
        LastBuild(config, *kept, start)


def failed() -> None:
    global _last
    _last = None


def edited_cases() -> list[str] | None:
    """The cases whose files alone changed since the last build began, or None when anything
    else changed too (or there is no last build, or its pages carry the problem banner)."""
    if _last is None or build_context.SESSION.showed_problems:
        return None
    now = stamps(_last.config)
    changed = {path for path in now.keys() | _last.stamps.keys() if now.get(path) != _last.stamps.get(path)}
    cases = os.path.join(os.path.dirname(os.path.abspath(_last.config.config_file_path)), "cases")
    if not changed or any(os.path.dirname(p) != cases or not p.endswith(".yaml") or p not in now
                          or p not in _last.stamps for p in changed):
        return None
    return sorted(Path(p).stem for p in changed)


def write_pages(case_ids: list[str]) -> list[str] | None:
    """Write the case pages of case_ids with the last build's objects: the paths written
    (relative to its site folder), or None when this step does not apply (a problem, a case
    that is not in the guide); the usual rebuild then does it all."""
    if _last is None:
        return None
    config, files = _last.config, _last.files
    old = build_context.of(config)  # without problems: finished() keeps only such a build
    guide = reload_cases(old.guide, case_ids)
    if guide is None:
        return None
    context = build_context.begin(config, guide)
    context.titles = dict(old.titles)
    pages = []
    for case_id in case_ids:
        file = files.get_file_from_path(case_source(case_id))
        if file is None or file.page is None:
            return None
        context.titles[file.src_uri] = context.guide.cases[case_id].title(context.lang)
        pages.append(file.page)
    doc_files = files.documentation_pages()
    for page in pages:
        _populate_page(page, config, files)
        _build_page(page, config, doc_files, _last.nav, _last.env)
    incremental.wrote_first(config, case_ids)
    return [os.path.relpath(page.file.abs_dest_path, config.site_dir) for page in pages]


def stamps(config) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file the preview watches (its configs, docs/, and
    the config's `watch:` folders), by path."""
    roots = [config.config_file_path, config.docs_dir, *config.watch]
    found: dict[str, tuple[int, int]] = {}
    while roots:
        path = roots.pop()
        try:
            info = os.stat(path)
        except OSError:
            continue
        if os.path.isdir(path):
            with os.scandir(path) as entries:
                roots.extend(entry.path for entry in entries if entry.name != "__pycache__")
        else:
            found[os.path.abspath(path)] = (info.st_size, info.st_mtime_ns)
    return found


def write_whole_files() -> None:
    """Make MkDocs write each page whole (a temporary file renamed into place): the preview
    serves pages while the rebuild that follows the first pages is still writing. (MkDocs 1.x
    is frozen; its pages and theme files go through this one function.)"""
    if getattr(utils.write_file, "whole", False):
        return
    write = utils.write_file

    def write_whole(content: bytes, output_path: str) -> None:
        temporary = os.path.join(os.path.dirname(output_path) or ".", f".{os.path.basename(output_path)}.writing")
        write(content, temporary)
        os.replace(temporary, output_path)
    write_whole.whole = True
    utils.write_file = write_whole
