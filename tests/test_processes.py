"""No child process or temporary folder outlives the build that made it, however it is stopped."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ENV, PYTHON, ROOT, build


def children_of(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def wait_until(condition, proc: subprocess.Popen, what: str):
    """Wait while the build runs: the build's own end, not a clock, bounds the wait."""
    while proc.poll() is None:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    value = condition()
    assert value, f"the build ended before {what}"
    return value


def wait_for_exit(pid: int) -> None:
    """Block until the process ends (a pidfd becomes readable when it does)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        ready, _, _ = select.select([fd], [], [], 60)  # a safety net only: the kernel ends it at once
        assert ready, f"process {pid} still runs a minute after its parent ended"
    finally:
        os.close(fd)


@pytest.mark.build
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_stopped_build_leaves_no_process_and_no_folder(project, tmp_path, how):
    out = tmp_path / "out" / "site"
    proc = subprocess.Popen([PYTHON, ROOT / "scripts" / "build.py", "--root", project, "--site-dir", out,
                             "--quiet", "--no-packs"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = wait_until(lambda: [pid for pid, cmd in children_of(proc.pid) if "language_worker.py" in cmd],
                             proc, "the language worker started")
        proc.send_signal(how)
    except BaseException:  # however the wait ended, the build does not outlive the test (nor its helpers)
        proc.kill()
        raise
    finally:
        proc.wait()
    for pid in workers:
        wait_for_exit(pid)
    leftovers = sorted(p.name for p in (tmp_path / "out").iterdir())
    if how == signal.SIGTERM:
        assert leftovers == [], "a stopped build removes its staging folders"
    # A build killed outright cannot clean up; the next build in the same place does.
    assert build(project, out).returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["site"]


def test_a_helper_that_would_wait_forever_ends_with_its_parent(tmp_path):
    """The mechanism itself: a grandchild blocked forever still ends when its parent is killed."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import os, select, sys; sys.path.insert(0, sys.argv[1]);"
        " from praktikbanken.processes import die_with_parent; die_with_parent(int(sys.argv[2]));"
        " print(os.getpid(), flush=True); select.select([], [], [])', sys.argv[1], str(__import__('os').getpid())],"
        " stdout=sys.stdout)\n"
        "child.wait()\n")
    parent = subprocess.Popen([PYTHON, script, ROOT / "macros"], stdout=subprocess.PIPE, text=True, env=ENV)
    grandchild = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    wait_for_exit(grandchild)


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.build
def test_a_preview_stopped_while_it_indexes_for_search_leaves_no_process(project, tmp_path):
    """`make serve` indexes for search in a thread after a rebuild (followup.py); stopping the
    preview then (SIGTERM, as a test runner or a service manager does) must end Pagefind too,
    not leave it to finish on its own."""
    import followup
    from test_preview import fetch, free_port
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT, env=ENV)
    path = project / "cases" / "gavle-study-group.yaml"
    try:
        wait_until(lambda: fetch(f"http://127.0.0.1:{port}/en/"), proc, "the preview served its pages")
        indexing = []
        for edit in range(20):  # an edit's indexing is caught while it runs (each takes about a second)
            done = (tmp_path / "serve.log").read_text().count(followup.DONE)
            path.write_text(path.read_text(encoding="utf-8") + f"\n# edit {edit}\n", encoding="utf-8")
            indexing = wait_until(lambda done=done: [pid for pid, cmd in children_of(proc.pid) if "pagefind" in cmd]
                                  or (tmp_path / "serve.log").read_text().count(followup.DONE) > done,
                                  proc, "an edit's search indexing")
            if isinstance(indexing, list):
                break
        assert isinstance(indexing, list), "no search indexing caught while it ran"
        workers = [pid for pid, cmd in children_of(proc.pid) if "language_worker.py" in cmd]
        proc.send_signal(signal.SIGTERM)
    except BaseException:
        proc.kill()
        raise
    finally:
        proc.wait()
        log.close()
    assert [pid for pid in indexing if _running(pid)] == [], "Pagefind still runs after the preview ended"
    assert proc.returncode == 143, "the preview ends as a stopped process does, after cleaning up"
    for pid in workers:
        wait_for_exit(pid)
