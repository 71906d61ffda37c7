"""In the dirty preview (`make serve`), what no open page shows comes after the pages: once both
languages' pages of a rebuild are in place, browsers are told to reload, and the search indexes
and the open-data exports are written again in a thread, each file or index folder replaced
whole, so a reader never gets half of one. A next rebuild does not wait for that thread: its
pages are other files (its other language skips the index folders, language_builds.py), and its
own follow-up runs after the one under way (of several saves meanwhile, only the latest). The end
of the process waits for the thread (it is not a daemon), so no Pagefind process outlives the
preview.

Telling browsers early uses MkDocs' livereload server (`on_serve` hands it over): MkDocs 1.x is
frozen, and this is the one place that touches its internals. So does noticing a save at once:
MkDocs polls the watched folders twice a second; on_serve swaps that for the system's file
notifications (inotify) where they work.
"""
from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import build_context
import watchdog.events
import watchdog.observers

from praktikbanken import search
from praktikbanken.processes import owned_tempdir

STARTED = "Praktikbanken: pages in place; the search indexes and exports follow"
DONE = "Praktikbanken: search indexes and exports written again"
FAILED = "Praktikbanken: the search index or exports after the rebuild failed"
CHANGES = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent, watchdog.events.FileClosedEvent,
           watchdog.events.FileDeletedEvent, watchdog.events.FileMovedEvent]
_lock = threading.Lock()
_running: threading.Thread | None = None  # the thread running follow-ups, while there are any
_next: Callable[[], None] | None = None   # the latest follow-up asked for, not begun yet
_stopped = False                          # the preview is being stopped (stop)


def active(config) -> bool:
    """This build is a rebuild of a dirty preview, of the root language, in the process that
    serves it (the other languages' builds end as usual; this one then waits for them)."""
    session = build_context.SESSION
    return session.dirty and session.server is not None and not config.extra["praktikbanken"]["language_root"]


def wait() -> None:
    """Let the follow-ups asked for so far finish."""
    while (running := _running) is not None:
        running.join()


def start(work: Callable[[], None]) -> None:
    """Run work after the follow-up under way, without waiting for it: the rebuild returns, and
    the preview can start the next one. Saves quicker than a follow-up coalesce: only the
    latest work waits its turn (it writes everything the earlier one would)."""
    global _running, _next
    with _lock:
        if _stopped:
            return
        _next = work
        if _running is None:
            _running = threading.Thread(target=_run_in_turn, name="praktikbanken-followup")
            _running.start()
    build_context.log.info(STARTED)


def _run_in_turn() -> None:
    global _running, _next
    while True:
        with _lock:
            work, _next = _next, None
            if work is None:
                _running = None
                return
        started = time.perf_counter()
        try:
            work()
        except Exception as err:  # noqa: BLE001 - a thread cannot stop the build; say what failed
            if not _stopped:
                build_context.log.error("%s: %s", FAILED, err)
            continue
        build_context.log.info("%s (%.1f s)", DONE, time.perf_counter() - started)


def stop() -> None:
    """The preview is being stopped (SIGTERM; hooks.on_serve): no follow-up starts any more, and
    the search indexing under way ends now, so the process can end without leaving Pagefind
    running. (Ctrl+C instead lets the follow-up under way finish before the process ends.)"""
    global _stopped, _next
    with _lock:
        _stopped, _next = True, None
    search.stop_indexes()


def release_pages(server) -> None:
    """Let the server serve the rebuilt pages and tell the browsers to reload now, not when the
    whole rebuild (with its follow-up) is done. (MkDocs sets the same epoch again at the end.)
    When this rebuild's first pages were served already (page_first.py), it is a new version:
    the browsers reload again, for the pages that followed."""
    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            server._wanted_epoch += 1
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()


def replace_folder(new: Path, target: Path) -> None:
    """Put a freshly written folder in target's place: two renames, never a half-written folder."""
    old = None
    if target.exists():
        old = owned_tempdir(target.parent.resolve().parent, ".pb-old-") / target.name
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)


def notice_saves_at_once(server, config) -> None:
    """Let the server hear of a save when it happens instead of at its next poll (every 0.5 s).
    Called in on_serve, before MkDocs adds the config's `watch:` folders; the folders watched so
    far are watched again by the new observer. Where notifications fail (no inotify, its limits
    reached), the server keeps polling."""
    paths = list(server._watched_paths)
    probe = watchdog.observers.Observer()
    try:
        for path in [*paths, *config.watch]:
            probe.schedule(watchdog.events.FileSystemEventHandler(), path, recursive=True)
        probe.start()
    except OSError as err:
        build_context.log.info("Praktikbanken: the preview polls for changes (no file notifications: %s)", err)
        return
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    observer = server.observer = watchdog.observers.Observer()
    schedule = observer.schedule
    # Notifications also tell of files being read (opened, closed unwritten), which MkDocs' handler
    # would take for a change: every rebuild, reading the cases, would ask for the next one.
    observer.schedule = lambda handler, path, **options: schedule(handler, path, event_filter=CHANGES, **options)
    server._watched_paths.clear()
    server._watch_refs.clear()
    for path in paths:
        server.watch(path)
