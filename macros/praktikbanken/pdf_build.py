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
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import languages, packs
from .guide import Guide
from .pdf_assembly import Assembly, make_stamp, page_count
from .processes import die_with_parent

FORMAT = "3"             # bump when the layout or the assembly changes in a way the HTML does not show
PDF_VARIANT = "pdf/ua-1"
STAMP_STEP = 100         # page-number files come in lengths of 100, 200, …, so a few serve every pack
MANIFEST = "manifest.json"


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
        digest = hashlib.sha256()
        for piece in (FORMAT, weasyprint.__version__, PDF_VARIANT, self.kind, self.base_url, self.html):
            digest.update(piece.encode("utf-8") + b"\0")
        return digest.hexdigest()[:32]


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


def _lay_out(job: tuple[Layout, str]) -> str:
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

    def run(self, out_dir: Path) -> dict:
        """Write every PDF under out_dir (as the site has them, per language root) and return the
        manifest: per language, each case's and pack's path, size in bytes and pages."""
        _quiet()
        workers = min(os.cpu_count() or 2, 4)
        with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker, initargs=(os.getpid(),)) as pool:
            self.pool = pool
            parts = {(lang, case.id): self._part(lang, case) for lang in languages.CODES
                     for case in self.guide.cases.values()}
            self._lay_out_missing(list(parts.values()), "case layouts")
            pages = {k: page_count(v[1]) for k, v in parts.items()}
            finished = self._finish(parts, pages)
        manifest = {lang: {"cases": {}, "packs": {}} for lang in languages.CODES}
        for (lang, group, key), (path, source) in finished.items():
            target = out_dir / languages.root(lang) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            manifest[lang][group][key] = {"path": path, "bytes": target.stat().st_size,
                                          "pages": page_count(target)}
        self.cache.prune()
        return manifest

    def _part(self, lang: str, case) -> tuple[Layout, Path]:
        html, base_url = packs.part_html(self.renderers[lang], case, self.site_url)
        layout = Layout("part", html, base_url, f"part {lang} {case.id}")
        return layout, self.cache.path(layout.key, "layout")

    def _lay_out_missing(self, jobs: list[tuple[Layout, Path]], what: str) -> None:
        missing = {str(path): layout for layout, path in jobs if not path.exists()}
        self.report.reused += len(jobs) - len(missing)
        self.report.laid_out += [layout.label for layout in missing.values()]
        list(self.pool.map(_lay_out, [(layout, path) for path, layout in missing.items()]))
        self.progress(f"PDF: {what}: {len(missing)} laid out, {len(jobs) - len(missing)} unchanged")

    def _stamp(self, pages: int, with_total: bool) -> tuple[Layout, Path]:
        """Page numbers "n / pages" for a case's own PDF; for packs, one file of plain numbers
        long enough for the longest (in steps of STAMP_STEP), whose first pages serve every pack."""
        count = pages if with_total else -(-pages // STAMP_STEP) * STAMP_STEP
        layout = Layout("stamp", packs.stamp_html(count, with_total), "", f"numbers {count}")
        return layout, self.cache.path(layout.key, "layout")

    def _finish(self, parts: dict, pages: dict) -> dict:
        """Lay out the fronts and page numbers, then join each finished PDF (or reuse it)."""
        layouts, plans = [], []
        for (lang, case_id), (_, part_path) in parts.items():
            stamp = self._stamp(pages[(lang, case_id)], with_total=True)
            layouts.append(stamp)
            plans.append(((lang, "cases", case_id), packs.case_pdf_path(lang, case_id), None, [part_path], stamp[1]))
        planned = {lang: packs.planned_packs(self.guide, lang) for lang in languages.CODES}
        longest = max(sum(pages[(lang, c.id)] for c in pack.cases) for lang in planned for pack in planned[lang])
        numbers = self._stamp(longest, with_total=False)
        for lang in languages.CODES:
            r = self.renderers[lang]
            for pack in planned[lang]:
                starts, at = [], 1
                for case in pack.cases:
                    starts.append(at)
                    at += pages[(lang, case.id)]
                front = Layout("front", packs.front_html(r, pack, starts, self.site_url, self.today),
                               packs.page_address(self.site_url, lang, ""), f"front {pack.name}")
                front_path = self.cache.path(front.key, "layout")
                layouts += [(front, front_path), numbers]
                plans.append(((lang, "packs", pack.name), packs.pack_path(pack.name), front_path,
                              [parts[(lang, c.id)][1] for c in pack.cases], numbers[1]))
        unique = list({str(path): (layout, path) for layout, path in layouts}.values())
        self._lay_out_missing(unique, "front matter and page numbers")
        jobs, finished = [], {}
        for key, path, front, part_paths, stamp in plans:
            digest = hashlib.sha256("\0".join([FORMAT, str(front)] + [str(p) for p in part_paths]
                                              + [str(stamp)]).encode()).hexdigest()[:32]
            target = self.cache.path(digest, "made")
            finished[key] = (path, target)
            if not target.exists():
                jobs.append((str(front) if front else None, [str(p) for p in part_paths], str(stamp), str(target)))
        self.report.assembled = len(jobs)
        list(self.pool.map(_assemble, jobs))
        self.progress(f"PDF: {len(plans)} files: {len(jobs)} put together, {len(plans) - len(jobs)} unchanged")
        return finished


def save_manifest(manifest: dict, path: Path) -> None:
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def load_manifest(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
