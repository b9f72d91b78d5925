"""Opening the store: migrations only when pending, sqlite-utils only then,
and the plain connection the work functions get (jarvis.store.sql)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jarvis.store import schema
from jarvis.store.db import Store
from jarvis.store.sql import Database

ROOT = Path(__file__).resolve().parents[2]

# Opens the store at argv[1] the way the app does (service imported first)
# and prints which migrations it holds and whether sqlite-utils was loaded.
OPEN = """
import asyncio, json, sqlite3, sys
from pathlib import Path
import jarvis.service
from jarvis.store.db import Store

async def main(path):
    store = Store(Path(path))
    await store.open()
    await store.close()

asyncio.run(main(sys.argv[1]))
with sqlite3.connect(sys.argv[1]) as conn:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations ORDER BY rowid")]
print(json.dumps({"sqlite_utils": "sqlite_utils" in sys.modules,
                  "applied": names}))
"""


def _open_in_process(path: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", OPEN, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_new_database_is_migrated_then_opens_without_sqlite_utils(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jarvis.sqlite3"

    first = _open_in_process(path)
    again = _open_in_process(path)

    assert first == {"sqlite_utils": True, "applied": list(schema.NAMES)}
    assert again == {"sqlite_utils": False, "applied": list(schema.NAMES)}


def test_service_import_does_not_load_sqlite_utils() -> None:
    code = "import sys, jarvis.service; print('sqlite_utils' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


async def test_a_pending_migration_is_applied_at_open(tmp_path: Path) -> None:
    from sqlite_utils import Database as Migrating

    path = tmp_path / "jarvis.sqlite3"
    old = Migrating(path)
    schema.migrations().apply(old, stop_before=schema.NAMES[-1])
    old.conn.close()
    with sqlite3.connect(path) as conn:
        assert schema.pending(conn) == [schema.NAMES[-1]]

    store = Store(path)
    await store.open()
    await store.close()

    conn = sqlite3.connect(path)
    try:
        assert schema.applied(conn) == list(schema.NAMES)
        assert schema.pending(conn) == []
    finally:
        conn.close()


def test_pending_on_an_empty_file_is_every_migration(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "empty.sqlite3")
    try:
        assert schema.applied(conn) == []
        assert schema.pending(conn) == list(schema.NAMES)
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Database:
    conn = sqlite3.connect(tmp_path / "t.sqlite3", isolation_level=None)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    return Database(conn)


def _values(db: Database) -> list[str]:
    return [row["v"] for row in db.query("SELECT v FROM t ORDER BY id")]


def test_query_gives_rows_as_dicts(db: Database) -> None:
    db.execute("INSERT INTO t (v) VALUES (?), (?)", ["a", "b"])
    try:
        assert list(db.query("SELECT id, v FROM t WHERE v > ?", ["a"])) == [
            {"id": 2, "v": "b"}]
        with pytest.raises(ValueError, match="return rows"):
            db.query("DELETE FROM t")
    finally:
        db.conn.close()


def test_atomic_commits_or_rolls_back_the_whole_block(db: Database) -> None:
    try:
        with db.atomic():
            db.execute("INSERT INTO t (v) VALUES ('kept')")
        with pytest.raises(KeyError), db.atomic():
            db.execute("INSERT INTO t (v) VALUES ('undone')")
            raise KeyError("x")
        assert _values(db) == ["kept"]
        assert not db.conn.in_transaction
    finally:
        db.conn.close()


def test_a_nested_block_is_undone_alone(db: Database) -> None:
    try:
        with db.atomic(immediate=True):
            db.execute("INSERT INTO t (v) VALUES ('outer')")
            with pytest.raises(KeyError), db.atomic(immediate=True):
                db.execute("INSERT INTO t (v) VALUES ('inner')")
                raise KeyError("x")
            with db.atomic():
                db.execute("INSERT INTO t (v) VALUES ('second inner')")
        assert _values(db) == ["outer", "second inner"]
    finally:
        db.conn.close()


def test_immediate_takes_the_write_lock_at_the_start(
    db: Database, tmp_path: Path,
) -> None:
    other = sqlite3.connect(tmp_path / "t.sqlite3", timeout=0,
                            isolation_level=None)
    try:
        with db.atomic(immediate=True):
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO t (v) VALUES ('mine')")
        assert _values(db) == ["mine"]
    finally:
        other.close()
        db.conn.close()
