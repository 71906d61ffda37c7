"""The guide's languages, declared once. Everything else (the MkDocs configs' roots, the
language switcher, exports, packs, tests) derives from this list."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str    # ISO 639-1, also the Material theme's language
    root: str    # where the language lives in the built site: "" (the default) or "en/"
    name: str    # the language's name in itself, for the switcher
    config: str  # its MkDocs config file
    locale: str  # for dates and numbers: European English writes "2 December 2026"


LANGUAGES: tuple[Language, ...] = (
    Language("sv", "", "Svenska", "mkdocs.yml", "sv_SE"),
    Language("en", "en/", "English", "mkdocs.en.yml", "en_GB"),
)
CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
DEFAULT = LANGUAGES[0]
BY_CODE = {language.code: language for language in LANGUAGES}
SUBFOLDERS: tuple[str, ...] = tuple(language.root.rstrip("/") for language in LANGUAGES if language.root)


def root(code: str) -> str:
    """'en' -> 'en/', the default language -> ''."""
    return BY_CODE[code].root


def link(here: Language, there: Language) -> str:
    """The address of `there`'s root relative to `here`'s root (for the language switcher)."""
    if here == there:
        return "./"
    return "../" * here.root.count("/") + there.root or "./"
