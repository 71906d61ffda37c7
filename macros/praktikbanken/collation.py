"""Alphabetical order for each language, on the server and in the finder alike.

Python's default order puts Å among the A's and 'Ö' before 'a'. The key below follows each
language's alphabet: Swedish sorts å, ä, ö after z, in that order (with æ as ä and ø as ö, as
Swedish dictionaries do), and other accented letters as their base letter; English ignores
accents. Case is ignored. The finder's script compares these keys as plain strings (each card
carries its key in data-sort-*), so the page and the script can never disagree.
Babel offers no collation and PyICU needs a compiled ICU; this covers the two languages the
guide has, and tests pin the order.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# After z: U+007B..U+007D keep å, ä, ö in order and after every letter.
_SWEDISH_LAST = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}


@lru_cache(maxsize=1 << 16)  # each title is sorted on several pages, on every preview rebuild
def sort_key(text: str, lang: str) -> str:
    folded = text.casefold()
    if lang == "sv":
        kept = "".join(_SWEDISH_LAST.get(ch, ch) for ch in unicodedata.normalize("NFC", folded))
        return _strip_accents(kept)
    return _strip_accents(folded)


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def plain(text: str) -> str:
    """Text for matching without accents or case: 'Pyhäjoki' and 'pyhajoki' meet."""
    return _strip_accents(text.casefold())
