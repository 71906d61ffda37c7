"""A worker process that builds other-language configs on request (see languages.py).

It reads one JSON request per line on stdin and answers one JSON line on stdout. Staying alive
between requests keeps MkDocs, the theme and the parsed cases in memory, so a preview rebuild
of the second language costs only the build itself.
"""
import json
import logging
import os
import signal
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def serve_requests() -> None:
    from praktikbanken.processes import PARENT_ENV, die_with_parent, exit_on_sigterm

    die_with_parent(int(os.environ[PARENT_ENV]))  # never outlive the build that asked
    exit_on_sigterm()
    if os.environ.get("PRAKTIKBANKEN_ENGINE") == "properdocs":
        # What `properdocs build` does in its own process: mkdocs.* imports resolve to properdocs.*,
        # and the 'mkdocs' loggers report to 'properdocs', whose warnings strict mode counts.
        import properdocs.replacement  # noqa: F401
        legacy = logging.getLogger("mkdocs")
        legacy.parent = logging.getLogger("properdocs")
        legacy.propagate = True

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)-7s -  %(message)s")
    for line in sys.stdin:
        request = json.loads(line)
        if "pages_first" in request:  # a preview's edited cases, with the last build's objects
            sys.stdout.write(json.dumps(_pages_first(request["pages_first"])) + "\n")
            sys.stdout.flush()
            continue
        try:
            config = load_config(request["config"], site_dir=request["site_dir"], strict=request["strict"])
            config.site_url = request["site_url"]
            dirty = bool(request.get("dirty"))  # a dirty preview: only what changed (incremental.py)
            import build_context  # the asking build may write this language's index itself (followup.py)
            build_context.SESSION.indexes_itself = request.get("index", True)
            config.plugins.on_startup(command="serve" if request["preview"] else "build", dirty=dirty)
            build(config, dirty=dirty)
            answer = {"ok": True}
        except (Abort, BuildError, ConfigurationError, SystemExit) as err:
            answer = {"ok": False, "error": str(err) or err.__class__.__name__}
        except Exception:  # a bug, not bad input: report it in full
            answer = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    # No more requests: the worker is ending, and a SIGTERM now (its parent ending too) just ends
    # it, instead of raising into the interpreter's shutdown.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _pages_first(case_ids: list[str]) -> dict:
    import page_first
    try:
        return {"ok": True, "written": page_first.write_pages(case_ids)}
    except Exception:  # the usual rebuild follows and reports the problem where it is
        return {"ok": False, "error": traceback.format_exc()}


if __name__ == "__main__":
    serve_requests()
