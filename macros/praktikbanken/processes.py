"""Child processes and their temporary folders end with the build that made them.

A build starts helpers (the other language's worker, the PDF pool) and writes into temporary
folders. If the build is stopped, even by SIGKILL or by a test runner's timeout, none of that
may be left behind: each helper asks the kernel to stop it when its parent ends, a stopped
build cleans up as it exits, and a folder left by a build that was killed outright is removed
by the next build in the same place.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
PARENT_ENV = "PRAKTIKBANKEN_PARENT_PID"


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask the kernel to send this process SIGTERM when its parent ends (Linux; a no-op elsewhere).
    With parent_pid, also end now if that parent is already gone (it may end before this runs)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def exit_on_sigterm(first: Callable[[], None] | None = None) -> None:
    """Turn SIGTERM into SystemExit, so `finally` and `except` blocks clean up as for Ctrl+C.
    `first` runs before: for what the main thread's exit would not stop (a thread's children)."""
    def stop(*_) -> None:
        if first is not None:
            first()
        sys.exit(143)
    signal.signal(signal.SIGTERM, stop)


def owned_tempdir(folder: Path, prefix: str) -> Path:
    """A new temporary folder in `folder`, named after this process so that a later build can
    tell whether its owner is still running (see sweep)."""
    folder.mkdir(parents=True, exist_ok=True)
    sweep(folder, prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=folder))


def sweep(folder: Path, prefix: str) -> None:
    """Remove the temporary folders in `folder` whose owning process no longer runs."""
    for path in folder.glob(f"{prefix}*"):
        pid_text = path.name[len(prefix):].split("-", 1)[0]
        if path.is_dir() and pid_text.isdigit() and not _running(int(pid_text)):
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True
