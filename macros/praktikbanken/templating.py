"""The Jinja environment for every page part the guide generates (templates/ beside this file).

Autoescaping is on and undefined names are errors (StrictUndefined), so a template cannot
print case or data text unescaped by accident, nor silently print nothing. Text that is
already safe HTML (case text rendered by text.to_html) is marked with the `markdown` filter.
"""
from __future__ import annotations

import functools
import re
import secrets
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .text import to_html, to_item_html

TEMPLATES = Path(__file__).with_name("templates")


def html_block(html: str) -> Markup:
    """An HTML block that Markdown passes through whole. While a page is held (hold_blocks), the
    block waits outside and Markdown sees only a one-line placeholder: Python-Markdown would
    otherwise parse all of the ready HTML of a listing or case page again, only to pass it on."""
    block = "\n".join(line for line in str(html).splitlines() if line.strip())
    if _held is not None:
        _held.append(block)
        return Markup(f'\n<div data-pb-block="{_key}-{len(_held) - 1}"></div>\n')
    return Markup("\n" + block + "\n")


_held: list[str] | None = None  # the blocks of the page being converted (one page at a time)
_key = ""                       # unguessable, so no text in a page can name a held block


def hold_blocks() -> None:
    """Hold the HTML blocks of the page about to be rendered (before its macros run)."""
    global _held, _key
    _held, _key = [], secrets.token_hex(8)


def put_back_blocks(html: str) -> str:
    """The page's HTML after Markdown, with its held blocks back in place; ends the holding."""
    global _held
    held, _held = _held, None
    if not held:
        return html
    placeholder = re.compile(rf'<div data-pb-block="{_key}-(\d+)"></div>')

    def restore(match: re.Match) -> str:  # a block may hold another (a macro inside a filter)
        return placeholder.sub(restore, held[int(match.group(1))])

    return placeholder.sub(restore, html)


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown"] = lambda text: Markup(to_html(text))
    env.filters["markdown_item"] = lambda text: Markup(to_item_html(text))
    env.filters["block"] = html_block
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
