"""Builds the other languages' configs alongside the main one.

With valid input, each other language is built by a worker process (language_worker.py) while
this process builds its own language (two cores, two languages: close to half the time), into
a temporary folder that replaces <site_dir>/<language_root> when both are done. The worker
lives as long as this process, so preview rebuilds do not pay for starting Python and MkDocs
again. While a preview falls back to the last valid version (see build_context), the other
languages are built in this process instead, so they fall back the same way.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import build_context
import followup
import incremental
import page_first
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from praktikbanken import languages, search
from praktikbanken.processes import PARENT_ENV, owned_tempdir

ENGINE_ENV = "PRAKTIKBANKEN_ENGINE"
LANGUAGE_PREFIX = ".pb-language-"  # the other language's site, built beside this one's
WORKER = Path(__file__).with_name("language_worker.py")
_workers: dict[str, subprocess.Popen] = {}
_pending: list[dict] = []
_kept: dict[str, Path] = {}  # a dirty preview's folder per other-language config
_synced: dict[str, Path] = {}  # ... and where its files go (<site_dir>/<language_root>)


def start(config) -> None:
    """Ask a worker per other language to build it (on_config, once this language's input is valid)."""
    cancel()
    if build_context.of(config).problems:
        return
    dirty = build_context.SESSION.dirty
    for other in config.extra["praktikbanken"]["also_build"]:
        path = build_context.project_root(config) / other
        parent = Path(config.site_dir).resolve().parent
        # A dirty preview builds the other language into the same folder each time (only what
        # changed is written), then copies what differs into place (finish).
        out_dir = _kept.setdefault(str(path), owned_tempdir(parent, LANGUAGE_PREFIX)) if dirty else \
            owned_tempdir(parent, LANGUAGE_PREFIX)
        worker = _worker(str(path))
        # In a preview's rebuild this process writes every language's search index afterwards.
        index = not followup.active(config)
        request = {"config": str(path), "site_dir": str(out_dir), "site_url": config.site_url or "",
                   "strict": bool(config.strict), "preview": build_context.SESSION.serving, "dirty": dirty,
                   "index": index}
        worker.stdin.write(json.dumps(request) + "\n")
        worker.stdin.flush()
        _pending.append({"config": other, "path": path, "worker": worker, "out": out_dir, "kept": dirty,
                         "index": index})


def finish(config) -> None:
    """Wait for the workers and move their sites into place (on_post_build); or, when none
    was asked, build the other languages here."""
    site_dir = Path(config.site_dir)
    if not _pending:
        for other in config.extra["praktikbanken"]["also_build"]:
            _build_here(config, other, site_dir)
        return
    jobs = list(_pending)
    _pending.clear()
    failures = []
    for job in jobs:
        line = job["worker"].stdout.readline()
        answer = json.loads(line) if line else {"ok": False, "error": "the worker stopped"}
        if not answer["ok"]:
            failures.append(f"{job['config']}: {answer['error']}")
            if not job["kept"]:
                shutil.rmtree(job["out"], ignore_errors=True)
            continue
        root = languages.BY_CODE[load_config(str(job["path"])).theme["language"]].root
        target = site_dir / root
        if job["kept"]:
            _synced[str(job["path"])] = target
            # A worker that did not index leaves the index in place to the follow-up (followup.py).
            incremental.sync_tree(job["out"], target, keep=() if job["index"] else (search.BUNDLE_DIR,))
            continue
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(job["out"]), target)
    if failures:
        raise PluginError("Praktikbanken: another language failed to build.\n" + "\n".join(failures))


def pages_first_then(builder, server):
    """The preview's builder, writing the pages of edited cases first in every language and
    serving them before the usual rebuild (page_first.py)."""
    def build() -> None:
        case_ids = page_first.edited_cases()
        if case_ids and _write_pages_first(case_ids):
            build_context.log.info("Praktikbanken: the edited case's pages are served; the rest follows (%s)",
                                   ", ".join(case_ids))
            followup.release_pages(server)
        builder()
    return build


def _write_pages_first(case_ids: list[str]) -> bool:
    """Ask each language's worker for the pages, write this language's meanwhile, then copy the
    workers' pages into place, each file whole. False when any of them could not."""
    asked = []
    for key, target in _synced.items():
        worker = _workers.get(key)
        if worker is None or worker.poll() is not None:
            return False
        worker.stdin.write(json.dumps({"pages_first": case_ids}) + "\n")
        worker.stdin.flush()
        asked.append((worker, _kept[key], target))
    written_here = page_first.write_pages(case_ids)
    answers = []
    for worker, _, _ in asked:
        line = worker.stdout.readline()
        answers.append(json.loads(line) if line else {"ok": False})
    if written_here is None or not all(answer.get("written") for answer in answers):
        return False
    for (_, out_dir, target), answer in zip(asked, answers, strict=True):
        for relative in answer["written"]:
            dest = target / relative
            temporary = dest.with_name(f".{dest.name}.first")
            shutil.copy2(out_dir / relative, temporary)
            os.replace(temporary, dest)
    return True


def cancel() -> None:
    """Forget the jobs of a build that failed: wait for their answers and remove their output."""
    for job in _pending:
        job["worker"].stdout.readline()
        if not job["kept"]:
            shutil.rmtree(job["out"], ignore_errors=True)
    _pending.clear()


def _worker(key: str) -> subprocess.Popen:
    worker = _workers.get(key)
    if worker is None or worker.poll() is not None:
        # The worker builds with the engine this process runs: MkDocs, or ProperDocs, whose command
        # makes `mkdocs.*` imports resolve to `properdocs.*` (the worker must do the same).
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", PARENT_ENV: str(os.getpid()),
               ENGINE_ENV: build.__module__.split(".")[0]}
        worker = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True, env=env, cwd=Path(key).parent)
        _workers[key] = worker
    return worker


@atexit.register
def _stop_workers() -> None:
    """At exit, also when a build is stopped half-way: a worker still building is stopped, an
    idle one is told to end, and no half-built folder is left."""
    busy = {id(job["worker"]) for job in _pending}
    for worker in _workers.values():
        if worker.poll() is None:
            if id(worker) in busy:
                worker.terminate()
            else:
                worker.stdin.close()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    for job in _pending:
        shutil.rmtree(job["out"], ignore_errors=True)
    for folder in _kept.values():
        shutil.rmtree(folder, ignore_errors=True)


def _build_here(config, other: str, site_dir: Path) -> None:
    path = build_context.project_root(config) / other
    other_config = load_config(str(path), strict=config.strict)
    root = languages.BY_CODE[other_config.theme["language"]].root
    other_config.site_dir = str(site_dir / root)
    other_config.site_url = config.site_url
    other_config.plugins.on_startup(command="serve" if build_context.SESSION.serving else "build",
                                    dirty=build_context.SESSION.dirty)
    build(other_config, dirty=build_context.SESSION.dirty)
