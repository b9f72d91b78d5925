"""A damaged database whose SQLite error text is not valid UTF-8 is still
set aside, and doctor still reports it.

Found by the tester pass of session 3: after a clean close, pages 2.. of a
fresh database (migrations up to 0009) overwritten with junk make SQLite
say "malformed database schema (<junk name>)"; Python cannot decode that
message and raises UnicodeDecodeError, which is not a sqlite3.Error. The
open's check (PRAGMA quick_check) let it escape: every start ended with
"internal error" and the file was never moved aside; `jarvis doctor`
crashed the same way in recovery.inspect. Here the junk is written into
the schema directly, so the test does not depend on the page layout.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from jarvis.store import recovery
from jarvis.store.db import Store


def _damaged(path: Path) -> None:
    """A database whose one table has a name that is not UTF-8."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET name = CAST(x'be6e616d65' AS TEXT), "
            "sql = 'CREATE TABLE broken(' WHERE name = 't'")
    finally:
        conn.close()


async def _open_close(path: Path) -> recovery.MovedAside | None:
    store = Store(path)
    await store.open()
    try:
        tables = await store.run(lambda db: [
            row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE name = 'spend'")])
        assert tables == ["spend"]  # a fresh database took its place
    finally:
        await store.close()
    return store.moved_aside


def test_undecodable_damage_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "jarvis.sqlite3"
    _damaged(path)

    moved = asyncio.run(_open_close(path))

    assert moved is not None
    assert moved.moved_to.exists()
    assert recovery.set_aside(path) == [moved.moved_to]


def test_doctor_reports_undecodable_damage(tmp_path: Path) -> None:
    path = tmp_path / "jarvis.sqlite3"
    _damaged(path)

    health = recovery.inspect(path)

    assert health.exists
    assert health.problem is not None


def test_printable_escapes_junk_and_control_characters() -> None:
    raw = b"malformed database schema (\xbe\x1b[31mname\xde\xad)\n"

    assert recovery.printable(raw) == \
        "malformed database schema (\\xbe\\x1b[31mname\\u07ad)\\n"
    assert recovery.printable("x" * 400, limit=10) == "x" * 10 + "..."


async def test_damage_found_after_open_is_a_sqlite_error(tmp_path: Path) -> None:
    path = tmp_path / "jarvis.sqlite3"
    store = Store(path)
    await store.open()
    try:
        _damaged(path)  # another program rewrites the schema meanwhile

        try:
            await store.run(lambda db: db.execute("SELECT 1 FROM t").fetchall())
        except recovery.Undecodable as exc:
            found: Exception = exc
        else:
            raise AssertionError("the damaged schema was not reported")
    finally:
        await store.close()

    assert isinstance(found, sqlite3.DatabaseError)
    assert recovery.is_corruption(found)
    assert "\\xbename" in str(found)
