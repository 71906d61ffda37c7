"""The built site makes no request to a third party: every resource it loads is its own."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from conftest import soup

# Attributes that make a browser fetch something, and CSS constructs that do the same.
FETCHING = {"script": "src", "img": "src", "iframe": "src", "audio": "src", "video": "src", "source": "src",
            "embed": "src", "object": "data", "input": "src", "track": "src"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_no_third_party_resources_in_html_and_css(site):
    offenders = []
    for path in site.rglob("*.html"):
        html = soup(path)
        for tag, attr in FETCHING.items():
            offenders += [(path, el[attr]) for el in html.find_all(tag) if el.get(attr) and external(el[attr])]
        for link in html.find_all("link", href=True):
            rel = set(link.get("rel", []))
            if rel & {"stylesheet", "preconnect", "dns-prefetch", "preload", "prefetch", "icon", "manifest",
                      "modulepreload"}:
                if external(link["href"]):
                    offenders.append((path, link["href"]))
        for style in html.find_all("style"):
            offenders += [(path, u) for u in CSS_URL.findall(style.get_text()) if external(u)]
    for path in site.rglob("*.css"):
        offenders += [(path, u) for u in CSS_URL.findall(path.read_text(errors="replace")) if external(u)]
    assert offenders == []


def test_no_web_fonts(site):
    for path in list(site.rglob("*.html"))[:50]:
        text = path.read_text()
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
