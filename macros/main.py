"""mkdocs-macros adapter: exposes the praktikbanken renderers as macros.

Generated pages (see hooks.py) consist of a single macro call such as {{ pb_case() }} (the
case is the one the page's path names); the macro returns finished HTML/Markdown. Case text
only ever reaches the page as a macro's return value, which Jinja does not render again.

mkdocs-macros compiles each page's source as a template. Every case page has the same one-line
source, so the compiled template is kept and reused (_reuse_compiled): one compile instead of
one per case and language.
"""
import build_context

from praktikbanken.finder import PAGE_SIZE, Finder
from praktikbanken.render import Renderer
from praktikbanken.search import search_page
from praktikbanken.site import case_of_source
from praktikbanken.strings import t


def on_pre_page_macros(env):
    # The engine's Jinja environment exists only once the config is loaded (not yet in define_env).
    if not getattr(env.env, "praktikbanken_reuses_compiled", False):
        _reuse_compiled(env.env)


def _reuse_compiled(jinja_env) -> None:
    jinja_env.praktikbanken_reuses_compiled = True
    compile_source = jinja_env.from_string
    compiled = {}

    def from_string(source, globals=None, template_class=None):
        if globals is not None or template_class is not None:
            return compile_source(source, globals, template_class)
        if source not in compiled:
            compiled[source] = compile_source(source)
        return compiled[source]

    jinja_env.from_string = from_string


def define_env(env):
    def renderer() -> Renderer:
        return build_context.of(env.conf).renderer

    def page_url() -> str:
        return env.page.url if env.page else ""

    @env.macro
    def pb_case(case_id: str | None = None) -> str:
        r = renderer()
        case_id = case_id or case_of_source(env.page.file.src_uri)
        return r.case_page(r.guide.cases[case_id], page_url())

    @env.macro
    def pb_listing(kind: str, key: str) -> str:
        return renderer().listing(kind, key, page_url())

    @env.macro
    def pb_listing_index(kind: str) -> str:
        return renderer().listing_index(kind, page_url())

    @env.macro
    def pb_case_count() -> str:
        r = renderer()
        n = len(r.guide.cases)
        return t("case_count_one", r.lang) if n == 1 else t("case_count", r.lang, n=n)

    @env.macro
    def pb_glossary() -> str:
        return renderer().glossary()

    @env.macro
    def pb_sources() -> str:
        return renderer().sources_page(page_url())

    @env.macro
    def pb_overview() -> str:
        return renderer().overview()

    @env.macro
    def pb_finder() -> str:
        # extra.praktikbanken.finder_page_size: cards shown at a time (tests use a small one).
        size = env.conf["extra"]["praktikbanken"].get("finder_page_size", PAGE_SIZE)
        return Finder(renderer(), page_size=size).page(page_url())

    @env.macro
    def pb_search() -> str:
        return search_page(env.conf["theme"]["language"])

    @env.macro
    def pb_contribute_links() -> str:
        return renderer().contribute_links(env.conf["extra"]["praktikbanken"].get("repository", ""))
