"""Putting laid-out PDFs together (pikepdf): a pack from its front matter and its cases' parts,
a case's own PDF from its part, and the page numbers laid over both.

WeasyPrint tags what it lays out (PDF/UA-1: a structure tree, the document's language and title).
Joining files page by page would drop that structure, so each part's structure tree is moved under
the pack's Document element, with the page and annotation keys of its parent tree renumbered.
"""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf

# WeasyPrint tags the margin boxes' text as content; a page number laid over a page is pagination,
# which PDF/UA wants marked as an artifact.
_TAGGED_TEXT = re.compile(rb"/Span\s*<<\s*/MCID\s+\d+\s*>>\s*BDC")


def make_stamp(path: Path) -> None:
    """Turn WeasyPrint's page-number pages into untagged artifacts, in place."""
    with Pdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            data = _TAGGED_TEXT.sub(b"/Artifact BMC", page.obj.Contents.read_bytes()) \
                if not isinstance(page.obj.Contents, Array) else \
                b"\n".join(_TAGGED_TEXT.sub(b"/Artifact BMC", s.read_bytes()) for s in page.obj.Contents)
            page.obj.Contents = pdf.make_stream(data)
            if "/StructParents" in page.obj:
                del page.obj["/StructParents"]
        for key in ("/StructTreeRoot", "/MarkInfo"):
            if key in pdf.Root:
                del pdf.Root[key]
        pdf.save(path)


def page_count(path: Path) -> int:
    with Pdf.open(path) as pdf:
        return len(pdf.pages)


def _numbers(tree) -> list[tuple[int, object]]:
    """The entries of a number tree (flat or with kids)."""
    entries = []
    if "/Nums" in tree:
        nums = list(tree.Nums)
        entries += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in tree.get("/Kids", []):
        entries += _numbers(kid)
    return entries


def _document_element(pdf: Pdf):
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def _explicit_destinations(pdf: Pdf) -> None:
    """Internal links by name become links to the page: names from two parts could collide."""
    names = pdf.Root.get("/Names", {}).get("/Dests")
    if names is None:
        return
    table = {str(k): v for k, v in pikepdf.NameTree(names).items()}
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            dest = annot.get("/Dest")
            if isinstance(dest, pikepdf.String) and str(dest) in table:
                annot.Dest = table[str(dest)]
    del pdf.Root.Names["/Dests"]


def _outline(pdf: Pdf, pages: list) -> list[OutlineItem]:
    """A copy of a part's bookmarks that points at its pages in the pack (pages: the pack's page
    objects, in the part's order). Destinations are written as arrays: a page number would be
    looked up in the whole pack for every bookmark."""
    index_of = {page.objgen: i for i, page in enumerate(pdf.pages)}

    def copy(item: OutlineItem) -> OutlineItem | None:
        dest = item.destination
        if not isinstance(dest, Array) or len(dest) < 2 or dest[0].objgen not in index_of:
            return None
        top = dest[3] if len(dest) > 3 and dest[1] == Name.XYZ else None
        new = OutlineItem(item.title, Array([pages[index_of[dest[0].objgen]], Name.XYZ, 0, top, None]))
        new.children.extend(c for c in (copy(child) for child in item.children) if c is not None)
        return new

    with pdf.open_outline() as outline:
        return [c for c in (copy(item) for item in outline.root) if c is not None]


class Assembly:
    """A tagged PDF made of others: the first is opened as the base (its title, language and
    metadata are the result's), the others' pages and structure are appended."""

    def __init__(self, base: Path):
        self.pdf = Pdf.open(base)
        _explicit_destinations(self.pdf)
        root = self.pdf.Root.StructTreeRoot
        self.document = _document_element(self.pdf)
        self.entries = _numbers(root.ParentTree)
        self.next_key = max((key for key, _ in self.entries), default=-1) + 1
        self.bookmarks: list[OutlineItem] = []
        self.sources: list[Pdf] = []  # qpdf copies stream data when saving: keep them open until then

    def append(self, part: Path) -> int:
        """Add a part's pages at the end; returns the index of its first page."""
        src = Pdf.open(part)
        self.sources.append(src)
        _explicit_destinations(src)
        first, offset = len(self.pdf.pages), self.next_key
        src_entries = _numbers(src.Root.StructTreeRoot.ParentTree)
        self.pdf.pages.extend(src.pages)
        added = [self.pdf.pages[i].obj for i in range(first, len(self.pdf.pages))]
        self.bookmarks += _outline(src, added)
        for page in added:
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annot in page.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        # One copy of everything the part's structure needs, not one per element: each copy
        # from another file walks what it reaches.
        kids = [kid for kid in _document_element(src).K if isinstance(kid, Dictionary)]
        values = [Array([v for v in value]) if isinstance(value, Array) and not value.is_indirect else value
                  for _, value in src_entries]
        copied = self.pdf.copy_foreign(src.make_indirect(Array([Array(kids), Array(values)])))
        for kid in copied[0]:
            kid.P = self.document
            self.document.K.append(kid)
        for (key, _), value in zip(src_entries, copied[1], strict=True):
            self.entries.append((key + offset, value))
        self.next_key = offset + max((key for key, _ in src_entries), default=-1) + 1
        return first

    def link_marked(self, mark: str, page_of: dict[int, int]) -> None:
        """Links to mark + n (contents entries) become links to page page_of[n]."""
        for page in self.pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                if uri.startswith(mark):
                    target = self.pdf.pages[page_of[int(uri[len(mark):])]]
                    del annot["/A"]
                    annot.Dest = Array([target.obj, Name.XYZ, None, None, None])

    def number_pages(self, stamp: Path, first: int, front_labels: bool) -> None:
        """Lay the stamp's page numbers over the pages from index first; with front_labels, the
        pages before are labelled i, ii, … and the rest 1, 2, … (as printed)."""
        numbers = Pdf.open(stamp)
        self.sources.append(numbers)
        for i, page in enumerate(self.pdf.pages[first:]):
            page.add_overlay(numbers.pages[i])
        if front_labels:
            self.pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.r), first, Dictionary(S=Name.D)]))

    def save(self, target: Path) -> int:
        root = self.pdf.Root.StructTreeRoot
        nums = Array()
        for key, value in sorted(self.entries, key=lambda e: e[0]):
            nums.append(key)
            nums.append(value)
        root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = self.next_key
        if self.bookmarks:
            with self.pdf.open_outline() as outline:
                outline.root.extend(self.bookmarks)
        self.pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.pdf.save(target, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        pages = len(self.pdf.pages)
        self.pdf.close()
        for src in self.sources:
            src.close()
        return pages
