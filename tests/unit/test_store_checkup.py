"""The database's quick_check runs only when damage is plausible
(jarvis.store.checkup): unclean exit, a file changed behind Jarvis's back,
a WAL left behind, a week since the last check."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jarvis import processes
from jarvis.store import checkup, recovery
from jarvis.store.db import Store
from jarvis.store.sql import Database

ROOT = Path(__file__).resolve().parents[2]

# Opens the store at argv[1] and dies without closing it.
DIE_OPEN = """
import asyncio, os, sys
from pathlib import Path
from jarvis.store.db import Store

async def main(path):
    store = Store(Path(path))
    await store.open()
    os._exit(0)

asyncio.run(main(sys.argv[1]))
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "jarvis.sqlite3"


async def _cycle(path: Path) -> Store:
    store = Store(path)
    await store.open()
    await store.close()
    return store


def _open_close(path: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Open and close a store at ``path``; why it checked the file."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="jarvis.store.db"):
        asyncio.run(_cycle(path))
    return [r.getMessage() for r in caplog.records
            if r.getMessage().startswith("checking")]


def _marks(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob("*.open-*"))


def test_a_cleanly_closed_file_opens_without_a_check(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    first = _open_close(path, caplog)
    again = _open_close(path, caplog)
    third = _open_close(path, caplog)

    assert first == ["checking the database file: no record of an earlier check"]
    assert again == third == []
    assert _marks(path) == []


def test_a_process_that_died_with_the_file_open_makes_the_next_check(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    died = subprocess.run([sys.executable, "-c", DIE_OPEN, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          check=False)
    assert died.returncode == 0, died.stderr
    [left] = _marks(path)
    assert left.startswith("jarvis.sqlite3.open-")

    after_crash = _open_close(path, caplog)
    again = _open_close(path, caplog)

    assert after_crash == ["checking the database file: a Jarvis process that "
                           "had it open did not close it"]
    assert again == [] and _marks(path) == []


def test_a_file_changed_behind_jarvis_is_checked_and_damage_found(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    content = bytearray(path.read_bytes())
    content[4096] = 0x77  # page 2's b-tree page type: damaged, same size
    path.write_bytes(bytes(content))

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="jarvis.store.db"):
        store = asyncio.run(_cycle(path))

    assert "checking the database file: the file changed since Jarvis last " \
        "closed it" in caplog.messages
    assert store.moved_aside is not None
    assert store.moved_aside.moved_to.read_bytes() == bytes(content)
    assert _open_close(path, caplog) == []


def test_only_touching_the_file_is_enough_to_check_it(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))

    assert _open_close(path, caplog) == [
        "checking the database file: the file changed since Jarvis last "
        "closed it"]


def test_a_file_another_live_jarvis_has_open_is_not_checked(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    other = checkup.mark_open(path)  # a second store of this live process
    assert other is not None
    with sqlite3.connect(path) as conn:  # ...which writes meanwhile
        conn.execute("CREATE TABLE scratch (x)")
    conn.close()

    try:
        assert _open_close(path, caplog) == []
        assert _marks(path) == [other.name]
    finally:
        checkup.unmark(other)


def test_a_wal_left_behind_is_checked(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("UPDATE conversations SET title = title")
        holder.execute("CREATE TABLE scratch (x)")
        assert Path(f"{path}-wal").stat().st_size > 0

        assert _open_close(path, caplog) == [
            "checking the database file: a WAL was left behind"]
    finally:
        holder.close()


def test_a_check_a_week_old_is_repeated(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    now = datetime.now(UTC)

    assert checkup.reason(path, now + timedelta(days=6)) is None
    assert checkup.reason(path, now + timedelta(days=8)) == (
        "last checked more than 7 days ago")
    record = path.with_name(path.name + ".checked")
    stale = {**json.loads(record.read_text()),
             "checked_at": (now - timedelta(days=8)).isoformat()}
    record.write_text(json.dumps(stale))
    assert _open_close(path, caplog) == [
        "checking the database file: last checked more than 7 days ago"]
    assert _open_close(path, caplog) == []


def test_a_check_that_could_not_run_is_tried_again(
    path: Path, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(_path: Path) -> None:
        raise sqlite3.OperationalError("database is locked")

    _open_close(path, caplog)
    dead = path.with_name(f"{path.name}.open-999999999-1-1")
    dead.touch()
    assert not processes.alive("999999999:1")

    with monkeypatch.context() as patch:
        patch.setattr(recovery, "_check_read_only", locked)
        assert len(_open_close(path, caplog)) == 1
    assert dead.exists(), "kept: the check is still owed"
    assert len(_open_close(path, caplog)) == 1
    assert not dead.exists()
    assert _open_close(path, caplog) == []


def test_an_unreadable_record_means_a_check(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    path.with_name(path.name + ".checked").write_text("{not json")

    assert _open_close(path, caplog) == [
        "checking the database file: no record of an earlier check"]


def _garble(path: Path) -> None:
    """Another program overwrites pages 2.. in place (same size)."""
    with path.open("r+b") as file:
        for page in range(2, path.stat().st_size // 4096):
            file.seek(page * 4096 + 100)
            file.write(b"\xde\xad\xbe\xef" * 200)


async def _damaged_while_open(path: Path) -> None:
    store = Store(path)
    await store.open()
    _garble(path)
    await store.close()


def test_damage_done_while_jarvis_has_the_file_open_is_checked_next(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    asyncio.run(_damaged_while_open(path))
    garbled = path.read_bytes()

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="jarvis.store.db"):
        store = asyncio.run(_cycle(path))

    assert "checking the database file: the file changed while a Jarvis had " \
        "it open, not by Jarvis's own writes" in caplog.messages
    assert store.moved_aside is not None
    assert store.moved_aside.moved_to.read_bytes() == garbled
    assert _open_close(path, caplog) == []


def _scribble(db: Database) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
    db.execute("INSERT INTO scratch VALUES (randomblob(4000))")


async def _checkpointing_store(path: Path, rows: int) -> None:
    store = Store(path)
    await store.open()
    before = checkup.identity(path)
    await store.run(lambda db: db.execute("PRAGMA wal_autocheckpoint = 1"))
    for _ in range(rows):
        await store.run(_scribble)
    assert checkup.identity(path) != before, "an automatic checkpoint ran"
    await store.close()


def test_jarvis_own_checkpoints_while_open_need_no_check(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    asyncio.run(_checkpointing_store(path, 20))

    assert checkup.reason(path) is None
    assert _open_close(path, caplog) == []


def test_the_first_session_on_a_new_file_needs_no_check_either(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    # The open that creates the file is the call that first sees it: it
    # was taken for a change nobody recorded, and the next start checked.
    with caplog.at_level(logging.WARNING, logger="jarvis.store.checkup"):
        asyncio.run(_checkpointing_store(path, 20))

    assert not [r for r in caplog.records if "checked at the next open"
                in r.getMessage()]
    assert checkup.reason(path) is None
    assert _open_close(path, caplog) == []


async def _two_stores(path: Path, *, foreign: bool) -> None:
    first = Store(path)
    await first.open()
    if foreign:
        _garble(path)
    second = Store(path)  # opens while the first has it: no check
    await second.open()
    await second.run(lambda db: db.execute("PRAGMA wal_autocheckpoint = 1"))
    await second.run(_scribble)
    await second.close()
    if not foreign:  # the first checkpoints after the second's checkpoint
        await first.run(lambda db: db.execute("PRAGMA wal_autocheckpoint = 1"))
        before = checkup.identity(path)
        await first.run(_scribble)
        assert checkup.identity(path) != before
    await first.close()


def test_a_second_jarvis_does_not_bless_a_foreign_change(
    path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    _open_close(path, caplog)
    asyncio.run(_two_stores(path, foreign=False))
    assert checkup.reason(path) is None

    with caplog.at_level(logging.INFO, logger="jarvis.store.db"):
        asyncio.run(_two_stores(path, foreign=True))

    assert checkup.reason(path) == ("the file changed while a Jarvis had it "
                                    "open, not by Jarvis's own writes")
