"""Making every PDF of the guide: each case's own PDF per language and the training packs (the whole
guide and one per theme), from one layout of each case.

Laying out is the slow part (WeasyPrint), so each laid-out file is cached under the hash of all
that goes into it (its HTML, the address its links resolve against, WeasyPrint's version and this
module's format), and the finished PDFs are cached under the hashes of their pieces. An unchanged
case is never laid out again; a build after editing one case lays out that case's two parts and
the front matter of the packs whose contents changed, and joins the rest from the cache.
"""
from __future__ import annotations

import datetime
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import languages, packs
from .fingerprint import case_digest, digest, project_digest
from .guide import Guide
from .pdf_assembly import Assembly, make_stamp, page_count
from .processes import die_with_parent

FORMAT = "3"             # bump when the layout or the assembly changes in a way the HTML does not show
PDF_VARIANT = "pdf/ua-1"
STAMP_STEP = 100         # page-number files come in lengths of 100, 200, …, so a few serve every pack
MANIFEST = "manifest.json"
PAGES = "pages.json"     # in the cache: the pages of each cached file


@dataclass(frozen=True)
class Layout:
    """One file for WeasyPrint to lay out."""
    kind: str            # "part", "front" or "stamp"
    html: str
    base_url: str
    label: str = ""      # for reports: "part en haninge-parent-network" (not part of the key)

    @property
    def key(self) -> str:
        import weasyprint
        return digest(FORMAT, weasyprint.__version__, PDF_VARIANT, self.kind, self.base_url, self.html)


@dataclass
class Report:
    laid_out: list[str] = field(default_factory=list)   # the labels of what was laid out in this build
    reused: int = 0
    assembled: int = 0


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[Path] = set()

    def path(self, key: str, kind: str) -> Path:
        path = self.folder / kind / f"{key}.pdf"
        self.used.add(path)
        return path

    def page_counts(self) -> dict[str, int]:
        """The pages of each cached file (file name -> pages), so a build need not open them."""
        try:
            return json.loads((self.folder / PAGES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_page_counts(self, pages: dict[str, int]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        used = {path.name for path in self.used}
        temporary = self.folder / f".{PAGES}.{os.getpid()}"
        temporary.write_text(json.dumps({k: v for k, v in pages.items() if k in used}), encoding="utf-8")
        os.replace(temporary, self.folder / PAGES)

    def prune(self, keep_days: int = 7) -> None:
        """Forget what no build has used for a week, so the cache stays about the size of the guide
        (a week: a build beside this one, e.g. another site address, keeps its files)."""
        now = time.time()
        for path in self.used:
            if path.exists():
                os.utime(path, (now, now))
        for path in self.folder.glob("*/*.pdf"):
            if path not in self.used and path.stat().st_mtime < now - keep_days * 86400:
                path.unlink(missing_ok=True)


def _quiet_worker(parent: int) -> None:
    die_with_parent(parent)
    _quiet()


def _quiet() -> None:
    # WeasyPrint and fontTools report each font subset and unsupported CSS property at INFO and
    # WARNING: thousands of lines. Errors still show.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _lay_out_file(job: tuple[Layout, str]) -> str:
    layout, target = job
    from weasyprint import HTML  # only the PDF build needs it (and its Pango libraries)

    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    HTML(string=layout.html, base_url=layout.base_url).write_pdf(temporary, pdf_variant=PDF_VARIANT)
    if layout.kind == "stamp":
        make_stamp(temporary)
    os.replace(temporary, path)  # whole or not at all, also with two builds at once
    return target


def _lay_out_parts(job: list[tuple[Layout, str, str, str]]) -> list[str]:
    """Several cases of one language, laid out as one document and split into a file per case:
    each document pays again for loading fonts and the user-agent stylesheet (about a quarter of
    a case's time), so a batch costs less than its cases one by one. (layout, target, case id,
    title) per case; each case starts a page, found by its section's id."""
    from weasyprint import HTML

    first = job[0][0]
    sections = [_SECTION.search(layout.html).group(0) for layout, *_ in job]
    html = _SECTION.sub(lambda _: "".join(sections), first.html, count=1)
    document = HTML(string=html, base_url=first.base_url).render()
    starts = []
    for case_id in (case_id for _, _, case_id, _ in job):
        starts.append(next(i for i, page in enumerate(document.pages) if case_id in page.anchors
                           and i >= (starts[-1] + 1 if starts else 0)))
    starts.append(len(document.pages))
    for n, (_, target, _, title) in enumerate(job):
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = document.copy(document.pages[starts[n]:starts[n + 1]])
        document.metadata.title = title  # copies share the metadata; each file is written in turn
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        part.write_pdf(temporary, pdf_variant=PDF_VARIANT)
        os.replace(temporary, path)
    return [target for _, target, _, _ in job]


_SECTION = re.compile(r'<section class="case".*</section>', re.S)
BATCH = 8  # cases per document when laying out many


def _assemble(job: tuple[str | None, list[str], str, str]) -> str:
    """A finished PDF from (front matter or None, parts, page numbers, target)."""
    front, parts, stamp, target = job
    assembly = Assembly(Path(front or parts[0]))
    body_from = len(assembly.pdf.pages) if front else 0
    page_of = {}  # the contents' page number (from 1 at the first case) -> page index
    for part in parts if front else parts[1:]:
        first = assembly.append(Path(part))
        page_of[first - body_from + 1] = first
    if front:
        assembly.link_marked(packs.TOC_MARK, page_of)
    assembly.number_pages(Path(stamp), body_from, front_labels=bool(front))
    path = Path(target)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    assembly.save(temporary)
    os.replace(temporary, path)
    return target


class PdfBuild:
    def __init__(self, guide: Guide, site_url: str, cache_dir: Path, today: datetime.date | None = None,
                 progress: Callable[[str], None] = print):
        self.guide, self.site_url, self.today = guide, site_url, today or datetime.date.today()
        self.cache = Cache(cache_dir)
        self.progress = progress
        self.report = Report()
        self.renderers = {lang: packs.renderer(guide, lang) for lang in languages.CODES}
        self.volumes: dict[tuple[str, str], packs.Pack] = {}  # (language, file name) -> a pack's volume

    def run(self, out_dir: Path) -> dict:
        """Write every PDF under out_dir (as the site has them, per language root) and return the
        manifest: per language, each case's and pack's path, size in bytes and pages."""
        _quiet()
        workers = min(os.cpu_count() or 2, 4)
        self.pages = self.cache.page_counts()
        with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker, initargs=(os.getpid(),)) as pool:
            self.pool = pool
            parts = self._parts()
            finished = self._finish(parts)
        manifest = {lang: {"cases": {}, "packs": {}} for lang in languages.CODES}
        for (lang, group, key), (path, source, pages) in finished.items():
            target = out_dir / languages.root(lang) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            _place(source, target)
            manifest[lang][group][key] = {"path": path, "bytes": target.stat().st_size, "pages": pages}
            volume = self.volumes.get((lang, key)) if group == "packs" else None
            if volume is not None:  # the pages link a pack's volumes together (render.Renderer.pack_volumes)
                manifest[lang][group][key].update(part_of=volume.part_of, volume=volume.volume,
                                                  volumes=volume.volumes, range=volume.range)
        self.cache.save_page_counts(self.pages)
        self.cache.prune()
        return manifest

    def _parts(self) -> dict[tuple[str, str], Path]:
        """Each case's layout per language. The cache key is made of the inputs (the case, the
        titles of the cases its page lists as related, the data and this package), so an unchanged
        case costs neither a layout nor even the rendering of its HTML."""
        common = inputs_digest(self.guide.paths.root, self.site_url)
        parts, missing = {}, []
        for lang, r in self.renderers.items():
            for case in self.guide.cases.values():
                # Of its related cases the print shows the titles (pack.css hides the rest of their cards).
                related = [[key, [[o.id, o.data["title"]] for o in group]] for key, group in r.related(case)]
                key = case_digest(common, f"part {lang}", case, related)
                path = parts[(lang, case.id)] = self.cache.path(key, "layout")
                if not path.exists():
                    html, base_url = packs.part_html(r, case, self.site_url)
                    missing.append((Layout("part", html, base_url, f"part {lang} {case.id}"), path,
                                    case.id, case.title(lang)))
        self.report.reused += len(parts) - len(missing)
        self.report.laid_out += [layout.label for layout, *_ in missing]
        jobs = []  # batches of one language each: its cases share the base address
        for lang in languages.CODES:
            mine = [(layout, str(path), case_id, title) for layout, path, case_id, title in missing
                    if layout.label.split()[1] == lang]
            jobs += [mine[i:i + BATCH] for i in range(0, len(mine), BATCH)]
        for targets in self.pool.map(_lay_out_parts, jobs):
            for target in targets:
                self.pages[Path(target).name] = page_count(Path(target))
        self.progress(f"PDF: case layouts: {len(missing)} laid out, {len(parts) - len(missing)} unchanged")
        return parts

    def _lay_out_missing(self, jobs: list[tuple[Layout, Path]], what: str) -> None:
        """Lay out those of jobs (keyed by their HTML) that the cache does not hold."""
        missing = list({str(path): (layout, path) for layout, path in jobs if not path.exists()}.values())
        self._lay_out(missing, len({str(path) for _, path in jobs}), what)

    def _lay_out(self, missing: list[tuple[Layout, Path]], total: int, what: str) -> None:
        self.report.reused += total - len(missing)
        self.report.laid_out += [layout.label for layout, _ in missing]
        for target in self.pool.map(_lay_out_file, [(layout, str(path)) for layout, path in missing]):
            self.pages[Path(target).name] = page_count(Path(target))
        self.progress(f"PDF: {what}: {len(missing)} laid out, {total - len(missing)} unchanged")

    def pages_of(self, path: Path) -> int:
        if path.name not in self.pages:
            self.pages[path.name] = page_count(path)
        return self.pages[path.name]

    def _stamp(self, pages: int, with_total: bool) -> tuple[Layout, Path]:
        """Page numbers "n / pages" for a case's own PDF; for packs, one file of plain numbers
        long enough for the longest (in steps of STAMP_STEP), whose first pages serve every pack."""
        count = pages if with_total else -(-pages // STAMP_STEP) * STAMP_STEP
        layout = Layout("stamp", packs.stamp_html(count, with_total), "", f"numbers {count}")
        return layout, self.cache.path(layout.key, "layout")

    def _finish(self, parts: dict) -> dict:
        """Lay out the fronts and page numbers, then join each finished PDF (or reuse it)."""
        pages = {key: self.pages_of(path) for key, path in parts.items()}
        layouts, plans = [], []
        for (lang, case_id), part_path in parts.items():
            stamp = self._stamp(pages[(lang, case_id)], with_total=True)
            layouts.append(stamp)
            plans.append(((lang, "cases", case_id), packs.case_pdf_path(lang, case_id), None, [part_path], stamp[1]))
        planned = {lang: packs.planned_packs(self.guide, lang) for lang in languages.CODES}
        longest = max(sum(pages[(lang, c.id)] for c in pack.cases) for lang in planned for pack in planned[lang])
        numbers = self._stamp(longest, with_total=False)
        for lang in languages.CODES:
            r = self.renderers[lang]
            for pack in planned[lang]:
                if pack.volume:
                    self.volumes[(lang, pack.name)] = pack
                starts, at = [], 1
                for case in pack.cases:
                    starts.append(at)
                    at += pages[(lang, case.id)]
                front = Layout("front", packs.front_html(r, pack, starts, self.site_url, self.today),
                               packs.page_address(self.site_url, lang, ""), f"front {pack.name}")
                front_path = self.cache.path(front.key, "layout")
                layouts += [(front, front_path), numbers]
                plans.append(((lang, "packs", pack.name), packs.pack_path(pack.name), front_path,
                              [parts[(lang, c.id)] for c in pack.cases], numbers[1]))
        self._lay_out_missing(layouts, "front matter and page numbers")
        jobs, finished = [], {}
        for key, path, front, part_paths, stamp in plans:
            made = digest(FORMAT, str(front), *map(str, part_paths), str(stamp))
            target = self.cache.path(made, "made")
            total = (self.pages_of(front) if front else 0) + sum(self.pages_of(p) for p in part_paths)
            finished[key] = (path, target, total)
            if not target.exists():
                jobs.append((str(front) if front else None, [str(p) for p in part_paths], str(stamp), str(target)))
        self.report.assembled = len(jobs)
        list(self.pool.map(_assemble, jobs))
        self.progress(f"PDF: {len(plans)} files: {len(jobs)} put together, {len(plans) - len(jobs)} unchanged")
        return finished


def inputs_digest(root: Path, site_url: str) -> str:
    """What every case's layout depends on besides the case and its related cases: this package,
    data/, the site's address and WeasyPrint's version."""
    import weasyprint

    return project_digest(root, FORMAT, weasyprint.__version__, PDF_VARIANT, site_url)


def _place(source: Path, target: Path) -> None:
    """The cached file into the site: a hard link where both are on one file system (no copy of
    megabytes of unchanged PDFs), a copy elsewhere."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def save_manifest(manifest: dict, path: Path) -> None:
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")

