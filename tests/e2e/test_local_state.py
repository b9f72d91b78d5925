"""Local state survives crashes, a second process, a read-only folder and a
disk that refuses writes (issue 7). Real processes, signals and files.

How the faults are made, without root:

- kill -9: SIGKILL to a ``jarvis ask`` streaming a slow simulator reply.
- Read-only data folder: the folder belongs to another user (65534) and is
  0555. Tests may run as root, who ignores file modes, so the child then
  runs under ``setpriv`` with CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
  CAP_FOWNER and CAP_CHOWN removed from its bounding set: the kernel
  enforces the modes on it as on any user.
- Full disk: mounting a small tmpfs needs root (no sudo here), so the child
  gets a file size limit (RLIMIT_FSIZE) just above what its database WAL
  holds once the reply starts: the kernel refuses the next write (EFBIG,
  which SQLite reports as a disk I/O error) at the real write boundary.
  SQLite's own "database or disk is full" (SQLITE_FULL) is produced in
  process with ``PRAGMA max_page_count``.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import aclosing, closing
from pathlib import Path

import pytest

from jarvis import paths
from jarvis.events import Failed, ReplyDone, TextDelta
from jarvis.service import AskOptions, Jarvis
from tests.e2e.test_cli import ROOT, jarvis

SLOW = "[[sim: tokens=4000 rate=400]]"
# Seconds a child process may take to start, stream or stop.
PROCESS_LIMIT_S = 90.0
# Without these, root ignores file modes (see the module docstring).
_DROPPED_CAPS = "-dac_override,-dac_read_search,-fowner,-chown"


def _env(home: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items()
                   if not k.endswith("_API_KEY")}
    environment.update({"JARVIS_HOME": str(home), "PYTHONPATH": str(ROOT)})
    return environment


def _start_ask(home: Path, prompt: str = SLOW, *, prefix: tuple[str, ...] = (),
               preexec: Callable[[], None] | None = None,
               ) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "jarvis", "ask", "--demo", "-p", "openai",
         prompt], env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=preexec)


def _streaming(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.read(40)  # returns once the reply is streaming


def _db(home: Path) -> Path:
    return paths.resolve(home).database


def _query(home: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(_db(home))) as conn:
        return conn.execute(sql).fetchall()


def _usage_rows(home: Path) -> list[dict[str, object]]:
    done = jarvis(home, "usage", "--json")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout)["rows"])


def _one_reply(home: Path) -> None:
    done = jarvis(home, "ask", "--demo", "-p", "openai", "Hi [[sim: tokens=5]]")
    assert done.returncode == 0, done.stderr


# kill -9 ------------------------------------------------------------------------


def test_kill_9_mid_stream_keeps_settled_spend_and_the_prompt(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    settled = _usage_rows(tmp_path)
    process = _start_ask(tmp_path)
    _streaming(process)
    reserved = _usage_rows(tmp_path)[1]["charged_usd"]

    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=PROCESS_LIMIT_S)
    assert process.returncode == -signal.SIGKILL

    after = _usage_rows(tmp_path)  # the next start marks the dead attempt
    assert after[0] == settled[0], "settled spend is untouched"
    assert [(r["status"], r["error_kind"]) for r in after] == [
        ("ok", None), ("interrupted", "process_exit")]
    assert after[1]["charged_usd"] == reserved, "it counts at its reservation"
    assert after[1]["input_tokens"] is None, "usage unknown, not 0"
    assert _query(tmp_path, "PRAGMA integrity_check") == [("ok",)]
    # What was stored before the kill stays: both prompts, the first reply.
    assert _query(tmp_path, "SELECT role, status FROM messages ORDER BY id") == [
        ("user", "ok"), ("assistant", "ok"), ("user", "ok")]


# two processes ----------------------------------------------------------------------


def test_two_asks_at_once_both_log_their_spend__C14(tmp_path: Path) -> None:
    both = [_start_ask(tmp_path, f"Question {n} [[sim: tokens=40 rate=400]]")
            for n in (1, 2)]
    results = [p.communicate(timeout=PROCESS_LIMIT_S) for p in both]

    assert [p.returncode for p in both] == [0, 0], [err for _, err in results]
    rows = _usage_rows(tmp_path)
    assert sorted(str(r["status"]) for r in rows) == ["ok", "ok"]
    assert len({r["request_id"] for r in rows}) == 2
    assert _query(tmp_path, "PRAGMA integrity_check") == [("ok",)]
    migrations = _query(tmp_path, "SELECT name FROM _sqlite_migrations")
    assert len(migrations) == len({name for (name,) in migrations}), \
        "each migration applied once"


def test_two_windows_started_together_share_one_consistent_database(
    tmp_path: Path,
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**_env(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "XDG_RUNTIME_DIR": str(runtime)}
    windows = [subprocess.Popen(
        [sys.executable, "-m", "ui.app", "--demo", "--home", str(tmp_path)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True) for _ in range(2)]
    log_file = paths.resolve(tmp_path).log_file
    try:
        _wait(lambda: any(w.poll() is not None for w in windows),
              "one window to hand over")
        _wait(lambda: log_file.exists() and "session open" in log_file.read_text(),
              "the other to open its session")
        _one_reply(tmp_path)  # a CLI writes while the window holds the database
    finally:
        for window in windows:
            if window.poll() is None:
                window.send_signal(signal.SIGTERM)
        errors = [w.communicate(timeout=PROCESS_LIMIT_S)[1] for w in windows]

    assert [w.returncode for w in windows] == [0, 0], errors
    assert log_file.read_text().count("session open") == 1
    assert _query(tmp_path, "PRAGMA integrity_check") == [("ok",)]
    assert _query(tmp_path, "SELECT status FROM spend") == [("ok",)]


def _wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PROCESS_LIMIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


# read-only folder, full disk --------------------------------------------------------


def _as_a_user() -> tuple[str, ...]:
    """A command prefix under which file modes bind (root: drop the caps)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes do not bind")
    return (setpriv, f"--bounding-set={_DROPPED_CAPS}")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_read_only_data_folder_is_a_clear_error_and_nothing_changes(
    tmp_path: Path,
) -> None:
    _one_reply(tmp_path)
    data = paths.resolve(tmp_path).data_dir
    before = _files(data)
    if os.geteuid() == 0:
        os.chown(data, 65534, 65534)
    data.chmod(0o555)
    try:
        process = _start_ask(tmp_path, "Hi [[sim: tokens=5]]", prefix=_as_a_user())
        _out, errors = process.communicate(timeout=PROCESS_LIMIT_S)
        after = _files(data)
    finally:
        if os.geteuid() == 0:
            os.chown(data, os.getuid(), os.getgid())
        data.chmod(0o700)

    assert process.returncode == 6, errors
    assert f"Jarvis could not save in {data}" in errors
    assert "not writable" in errors and "Traceback" not in errors
    assert after == before, "nothing written, nothing half-written"


def _wal_size_once_streaming(home: Path) -> int:
    """How big the WAL is while a reply streams (the writes before it)."""
    process = _start_ask(home, "[[sim: tokens=400 rate=200]]")
    _streaming(process)
    size = Path(f"{_db(home)}-wal").stat().st_size
    process.communicate(timeout=PROCESS_LIMIT_S)
    assert process.returncode == 0
    return size


def test_a_refused_disk_write_mid_reply_shows_the_reply_and_says_so(
    tmp_path: Path,
) -> None:
    calibration, home = tmp_path / "calibration", tmp_path / "home"
    _one_reply(calibration)
    shutil.copytree(calibration, home)
    limit = _wal_size_once_streaming(calibration)

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    process = _start_ask(home, "[[sim: tokens=400 rate=2000]]", preexec=small_disk)
    shown, errors = process.communicate(timeout=PROCESS_LIMIT_S)

    assert process.returncode == 6, errors
    assert shown.startswith("Step 1 explains"), "the reply is still shown"
    assert len(shown) > 500
    assert "could not save: a disk write failed" in errors
    assert "Traceback" not in errors
    # The next start: the database is whole, the old reply intact, the
    # attempt counted at its reservation, the unsaved reply absent.
    rows = _usage_rows(home)
    assert [r["status"] for r in rows] == ["ok", "interrupted"]
    assert _query(home, "PRAGMA integrity_check") == [("ok",)]
    assert _query(home, "SELECT role FROM messages ORDER BY id") == [
        ("user",), ("assistant",), ("user",)]


async def test_database_full_ends_the_stream_with_a_storage_error(
    tmp_path: Path,
) -> None:
    service = await Jarvis.open(home=tmp_path, demo=True)
    texts: list[str] = []
    last = None
    try:
        stream = service.ask("go [[sim: tokens=3000 rate=4000]]",
                             options=AskOptions(provider="openai"))
        async with aclosing(stream) as events:
            async for event in events:
                if isinstance(event, TextDelta):
                    if not texts:
                        await service._store.run(_freeze_size)
                    texts.append(event.text)
                elif isinstance(event, Failed | ReplyDone):
                    last = event
    finally:
        await asyncio.wait_for(service.aclose(), PROCESS_LIMIT_S)

    assert isinstance(last, Failed), "the stream ends instead of hanging"
    assert last.kind == "storage"
    assert last.message.startswith("Jarvis could not save: the disk is full.")
    assert len("".join(texts)) > 4096, "the whole reply reached the consumer"
    assert _query(tmp_path, "PRAGMA integrity_check") == [("ok",)]
    assert _query(tmp_path, "SELECT role FROM messages") == [("user",)]


def _freeze_size(db: object) -> None:
    """No page may be added from now on: the next big write is 'full'."""
    conn = db.conn  # type: ignore[attr-defined]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
