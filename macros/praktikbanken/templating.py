"""The Jinja environment for every page part the guide generates (templates/ beside this file).

Autoescaping is on and undefined names are errors (StrictUndefined), so a template cannot
print case or data text unescaped by accident, nor silently print nothing. Text that is
already safe HTML (case text rendered by text.to_html) is marked with the `markdown` filter.
"""
from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .text import to_html, to_item_html

TEMPLATES = Path(__file__).with_name("templates")


def html_block(html: str) -> Markup:
    """An HTML block that Markdown passes through whole: no blank lines inside, blank lines around."""
    return Markup("\n" + "\n".join(line for line in str(html).splitlines() if line.strip()) + "\n")


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
