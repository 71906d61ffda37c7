"""The dirty preview (`mkdocs serve --dirty`, which `make serve` runs) rebuilds only what an edit
touches: a case page is written again only when its fingerprint (the case, what it shows of its
related cases, this package, data/, the configs and overrides/) changed since the build that
wrote it. Every other page (listings, the finder, the overview, hand-written pages) depends on
all cases and is rebuilt each time; so is everything while a problem banner is shown or has just
gone. MkDocs skips a page in a dirty build when its file says it is not modified (File.is_modified),
so that is what is set here; the fingerprints are committed only when the build has finished,
or when a page was written ahead of the build (page_first.py).
"""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import build_context

from praktikbanken import model
from praktikbanken.fingerprint import canonical, card_inputs, digest, project_digest
from praktikbanken.per_case import PerCaseMemo
from praktikbanken.site import case_of_source, case_source

PENDING = "praktikbanken_pending_fingerprints"


class _DirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that its navigation may be stale. Here the pages that can
    be stale are known and rebuilt (mark), so the warning is noise, and in strict mode (the
    guide's configs are strict) it would stop the preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    from mkdocs.commands import build  # the engine's own module (ProperDocs aliases it)

    logger = logging.getLogger(build.__name__)
    if not any(isinstance(f, _DirtyWarning) for f in logger.filters):
        logger.addFilter(_DirtyWarning())


def _always(_file=None) -> bool:
    return True


def _common(root: Path) -> str:
    looks = sorted(root.glob("mkdocs*.yml")) + sorted(p for p in (root / "overrides").rglob("*") if p.is_file())
    return project_digest(root, *(digest(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in looks))


def mark(files, config, specs) -> None:
    """Say which pages this dirty build must write (on_files, after the generated pages were added)."""
    context = build_context.of(config)
    session = build_context.SESSION
    site = str(Path(config.site_dir).resolve())
    everything = bool(context.problems) or session.showed_problems
    common = _common(context.root)
    listings = {spec.src_uri: spec.listing for spec in specs if spec.listing}
    duty_counts = sorted(model.counts(context.guide.cases.values(), "duty").items())
    pending = {}
    _PER_CASE.keep_only(context.guide.cases.values())
    for file in files:
        if not file.is_documentation_page():
            continue
        case_id = case_of_source(file.src_uri)
        case = context.guide.cases.get(case_id) if case_id else None
        if file.generated_by and case is not None:
            key = _case_page_digest(common, context, case)
        elif file.generated_by and file.src_uri in listings:
            key = _listing_digest(common, context, file.src_uri, listings[file.src_uri], duty_counts)
        else:
            file.is_modified = _always  # depends on every case (or is a hand-written page with macros)
            continue
        pending[(site, file.src_uri)] = key
        unchanged = not everything and session.built.get((site, file.src_uri)) == key
        file.is_modified = (lambda f=file: not os.path.isfile(f.abs_dest_path)) if unchanged else _always
    setattr(config, PENDING, pending)
    cases = [f for f in files if case_of_source(f.src_uri) and (site, f.src_uri) in pending]
    listed = [f for f in files if f.src_uri in listings and (site, f.src_uri) in pending]
    build_context.log.info("Praktikbanken: %s case pages of %s and %s listings of %s to write (%s)",
                           sum(f.is_modified is _always for f in cases), len(cases),
                           sum(f.is_modified is _always for f in listed), len(listed), context.lang)


def _case_page_digest(common: str, context, case) -> str:
    """What a case page shows: the case, and the cards of its related cases."""
    related = [[key, [card_inputs(other) for other in group]] for key, group in context.renderer.related(case)]
    return digest(common, context.lang, _PER_CASE.get(case, "case", lambda c: canonical(c.data)), canonical(related))


def wrote_first(config, case_ids) -> None:
    """Those cases' pages were written ahead of the rebuild (page_first.py): it need not write
    them again while they stay the same."""
    context = build_context.of(config)
    common = _common(context.root)
    site = str(Path(config.site_dir).resolve())
    for case_id in case_ids:
        key = _case_page_digest(common, context, context.guide.cases[case_id])
        build_context.SESSION.built[(site, case_source(case_id))] = key


def _listing_digest(common: str, context, src_uri: str, listing: tuple[str, str], duty_counts) -> str:
    """What a listing page shows (listing.html): the cards of its cases, with the editors'
    markers on a duty's page, and for a duty, which duties have practices (its 'nearby' links)."""
    members = [_PER_CASE.get(c, "listed", _listed) for c in context.guide.cases.values()
               if listing in _PER_CASE.get(c, "listings", _listings)]
    kind = listing[0]
    return digest(common, context.lang, src_uri, *members, canonical(duty_counts if kind == "duty" else None))


def _listed(case) -> str:
    return canonical([card_inputs(case), case.data.get("legal_duties"), case.data.get("draft")])


def _listings(case) -> frozenset[tuple[str, str]]:
    return frozenset((facet.id, value) for facet in model.LISTED for value in facet.values(case))


_PER_CASE = PerCaseMemo()  # what mark works out from each case, for the edited cases only after an edit


def keep_theme_environment(config) -> None:
    """Let a preview's rebuilds use the theme's Jinja environment of the last build, while the
    theme's own templates (overrides/) are unchanged: MkDocs loads the config again on every
    rebuild and makes a new environment, and so lists the theme's files and compiles its
    templates again. (on_env would come too late: MkDocs lists the files with the new one first.)"""
    theme = config.theme
    make = theme.get_env
    theme.get_env = lambda: _kept_theme_environment(make(), config)


def _kept_theme_environment(env, config):
    """The environment kept for this theme, with the new one's filters and globals (its
    translations): only the compiled templates and the list of the theme's files are kept."""
    custom = config.theme.custom_dir
    stamp = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in Path(custom).rglob("*") if p.is_file()) \
        if custom else []
    key = (config.theme["language"], tuple(config.theme.dirs), tuple(config.theme.static_templates),
           tuple(map(tuple, stamp)))
    kept = _theme_environments.get(key)
    if kept is None:
        _theme_environments.clear()
        _theme_environments[key] = env
        # MkDocs lists the theme's files on every build (thousands, with Material's icons) and
        # filters them by name with its own function; both are the same while this environment
        # is kept (the same theme folders and static_templates).
        env.list_templates = _listing_kept_per_filter(env.list_templates)
        return env
    kept.filters.update(env.filters)
    kept.globals.update(env.globals)
    return kept


_theme_environments: dict = {}


def _listing_kept_per_filter(list_templates):
    """env.list_templates, answering again from the first answer per filter function. A filter is
    known by its code: MkDocs's (add_files_from_theme) is a new closure on each build, and what
    it lets through depends only on the names and the theme's static_templates (in the key)."""
    listings: dict = {}

    def kept_listing(extensions=None, filter_func=None):
        key = (tuple(extensions or ()), getattr(filter_func, "__code__", filter_func))
        if key not in listings:
            listings[key] = list_templates(extensions=extensions, filter_func=filter_func)
        return list(listings[key])
    return kept_listing


def commit(config) -> None:
    """The build has finished: remember what it wrote, and remove the pages of deleted cases."""
    session = build_context.SESSION
    pending = getattr(config, PENDING, None)
    if pending is None:
        return
    site = str(Path(config.site_dir).resolve())
    for (where, src_uri) in [k for k in session.built if k[0] == site and k not in pending]:
        shutil.rmtree(Path(where) / src_uri[:-3], ignore_errors=True)  # cases/<id>.md -> cases/<id>/
        del session.built[(where, src_uri)]
    session.built.update(pending)
    session.showed_problems = bool(build_context.of(config).problems)


def sync_tree(source: Path, target: Path, keep: tuple[str, ...] = ()) -> None:
    """Make target hold what source holds, copying only files that differ (a dirty build of the
    other language, into its subfolder): each file is replaced whole, never half-written. The
    top-level entries named in keep are left as they are in target. One directory listing and
    one stat per file on each side: the tree holds a thousand pages and Material's assets."""
    wanted, there = _tree(source, keep), _tree(target, keep)
    for relative, (kind, stamp) in wanted.items():
        dest = target / relative
        if relative in there and there[relative][0] != kind:  # a file became a folder, or back
            if there.pop(relative)[0] == "dir":
                shutil.rmtree(dest)
                there = {name: entry for name, entry in there.items() if not name.startswith(f"{relative}/")}
            else:
                dest.unlink()
        if kind == "dir":
            dest.mkdir(parents=True, exist_ok=True)
        elif there.get(relative) != (kind, stamp):
            dest.parent.mkdir(parents=True, exist_ok=True)
            temporary = dest.with_name(f".{dest.name}.sync")
            shutil.copy2(source / relative, temporary)
            os.replace(temporary, dest)
    for relative in sorted(set(there) - set(wanted), reverse=True):
        path = target / relative
        if there[relative][0] == "dir":
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _tree(root: Path, keep: tuple[str, ...]) -> dict[str, tuple[str, tuple[int, int] | None]]:
    """Every entry under root (but the top-level ones in keep): its kind and, for a file, its size
    and modification time."""
    found: dict[str, tuple[str, tuple[int, int] | None]] = {}
    folders = [""] if root.is_dir() else []
    while folders:
        folder = folders.pop()
        with os.scandir(root / folder) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}" if folder else entry.name
                if not folder and entry.name in keep:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    found[relative] = ("dir", None)
                    folders.append(relative)
                else:
                    info = entry.stat(follow_symlinks=False)
                    found[relative] = ("file", (info.st_size, info.st_mtime_ns))
    return found
