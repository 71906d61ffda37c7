"""Builds the other languages' configs alongside the main one.

With valid input, each other language is built by `mkdocs build` in a worker process that runs
while this process builds its own language (two cores, two languages: close to half the time),
into a temporary folder that replaces <site_dir>/<language_root> when both are done. While a
preview falls back to the last valid version (see hooks_support), the other languages are
built in this process instead, so they fall back the same way.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

import hooks_support

_jobs: list[dict] = []


def start(config) -> None:
    """Start a worker per other language (on_config, once this language's input is valid)."""
    cancel()
    if hooks_support.state["problems"]:
        return
    for other in config.extra["praktikbanken"]["also_build"]:
        path = hooks_support.project_root(config) / other
        out_dir = Path(tempfile.mkdtemp(prefix=".pb-language-"))
        log = tempfile.TemporaryFile(mode="w+")
        env = {**os.environ, "PRAKTIKBANKEN_SITE_URL": config.site_url or "", "NO_MKDOCS_2_WARNING": "1",
               "PRAKTIKBANKEN_PREVIEW": "1" if hooks_support.state["serving"] else "0"}
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path), "-d", str(out_dir)]
        if config.strict:
            command.append("--strict")
        process = subprocess.Popen(command, cwd=path.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
        _jobs.append({"config": other, "process": process, "out": out_dir, "log": log})


def finish(config) -> None:
    """Wait for the workers and move their sites into place (on_post_build); or, when no
    worker was started, build the other languages here."""
    site_dir = Path(config.site_dir)
    if not _jobs:
        for other in config.extra["praktikbanken"]["also_build"]:
            _build_here(config, other, site_dir)
        return
    jobs = list(_jobs)
    _jobs.clear()
    failures = []
    for job in jobs:
        code = job["process"].wait()
        job["log"].seek(0)
        output = job["log"].read()
        job["log"].close()
        if code != 0:
            failures.append(f"{job['config']}:\n{output[-4000:]}")
            shutil.rmtree(job["out"], ignore_errors=True)
            continue
        root = load_config(str(hooks_support.project_root(config) / job["config"])).extra["praktikbanken"]["language_root"]
        target = site_dir / root
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(job["out"]), target)
    if failures:
        raise PluginError("Praktikbanken: another language failed to build.\n" + "\n".join(failures))


def cancel() -> None:
    """Stop workers of a build that failed, and remove what they wrote."""
    for job in _jobs:
        job["process"].kill()
        job["process"].wait()
        job["log"].close()
        shutil.rmtree(job["out"], ignore_errors=True)
    _jobs.clear()


def _build_here(config, other: str, site_dir: Path) -> None:
    path = hooks_support.project_root(config) / other
    other_config = load_config(str(path), strict=config.strict)
    root = other_config.extra["praktikbanken"]["language_root"]
    other_config.site_dir = str(site_dir / root)
    other_config.site_url = config.site_url
    other_config.plugins.on_startup(command="serve" if hooks_support.state["serving"] else "build", dirty=False)
    build(other_config)
