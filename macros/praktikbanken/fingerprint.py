"""Fingerprints of what a page or a PDF is made from, for the caches that skip unchanged work
(the PDFs' layouts, the preview's case pages).

A fingerprint covers this package (code, templates, CSS), everything in data/ and whatever the
caller adds; a case's adds the case and what its page shows of its related cases. Conservative on
purpose: any change of code or data changes every fingerprint.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

PACKAGE = Path(__file__).parent
SUFFIXES = {".py", ".html", ".md", ".css", ".xml"}


def digest(*pieces: str) -> str:
    hashed = hashlib.sha256()
    for piece in pieces:
        hashed.update(piece.encode("utf-8") + b"\0")
    return hashed.hexdigest()[:32]


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def project_digest(root: Path, *extra: str) -> str:
    """This package's files and data/'s YAML, with the caller's extra pieces (versions, addresses)."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.suffix in SUFFIXES)
    files += sorted((root / "data").rglob("*.yaml"))
    hashed = hashlib.sha256("\0".join(extra).encode())
    for path in files:
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def case_digest(common: str, lang: str, case, related) -> str:
    """A case in one language, with `related` (what its output shows of other cases)."""
    return digest(common, lang, canonical(case.data), canonical(related))


def card_inputs(case) -> list:
    """What a card of the case (components.html: related practices, listings) shows: its title,
    municipality (with its country and size, from data/), themes and the summary's first sentence."""
    data = case.data
    return [case.id, data["title"], data["municipality"], data["themes"], data.get("summary")]
