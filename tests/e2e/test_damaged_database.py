"""A damaged database file: Jarvis starts, keeps the file, says where it is.

Real files, real processes: a database written by ``jarvis ask --demo`` is
truncated or overwritten, then the next ``jarvis`` runs against it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jarvis import paths
from jarvis.store import recovery
from tests.e2e.test_cli import ROOT, jarvis


def _database(home: Path) -> Path:
    return paths.resolve(home).database


def _broken_copies(home: Path) -> list[Path]:
    return sorted(_database(home).parent.glob("jarvis.sqlite3.broken-*"))


def _one_reply(home: Path) -> None:
    done = jarvis(home, "ask", "--demo", "-p", "openai", "Hi [[sim: tokens=5]]")
    assert done.returncode == 0, done.stderr


def _spend_rows(home: Path) -> list[dict[str, object]]:
    done = jarvis(home, "usage", "--json")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout)["rows"])


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_damaged_database_is_moved_aside_and_jarvis_goes_on(
    tmp_path: Path, damage: str
) -> None:
    for _ in range(3):
        _one_reply(tmp_path)
    database = _database(tmp_path)
    content = database.read_bytes()
    if damage == "truncated":
        broken = content[: len(content) // 2]
    else:
        broken = b"this is not what SQLite wrote\n" * 400
    database.write_bytes(broken)

    done = jarvis(tmp_path, "ask", "--demo", "-p", "openai", "Again [[sim: tokens=5]]")

    assert done.returncode == 0, done.stderr
    copies = _broken_copies(tmp_path)
    assert len(copies) == 1
    assert copies[0].read_bytes() == broken, "the damaged file is kept as it was"
    assert "was damaged" in done.stderr and str(copies[0]) in done.stderr
    assert [r["status"] for r in _spend_rows(tmp_path)] == ["ok"]


def test_a_healthy_database_is_never_moved(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    _one_reply(tmp_path)

    assert _broken_copies(tmp_path) == []
    assert len(_spend_rows(tmp_path)) == 2


def test_the_wal_moves_with_its_database(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    database = folder / "jarvis.sqlite3"
    database.write_bytes(b"garbage" * 100)
    Path(f"{database}-wal").write_bytes(b"wal bytes")
    Path(f"{database}-shm").write_bytes(b"shm bytes")
    when = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)

    moved = recovery.move_aside(database, "file is not a database", now=when)

    assert moved.moved_to.name == "jarvis.sqlite3.broken-20261204T183000Z"
    assert Path(f"{moved.moved_to}-wal").read_bytes() == b"wal bytes"
    assert Path(f"{moved.moved_to}-shm").read_bytes() == b"shm bytes"
    assert sorted(p.name for p in folder.iterdir()) == [
        "jarvis.sqlite3.broken-20261204T183000Z",
        "jarvis.sqlite3.broken-20261204T183000Z-shm",
        "jarvis.sqlite3.broken-20261204T183000Z-wal"]

    database.write_bytes(b"broken again")
    again = recovery.move_aside(database, "file is not a database", now=when)
    assert again.moved_to.name == "jarvis.sqlite3.broken-20261204T183000Z.2"


def test_a_locked_or_unreadable_database_is_not_corruption(tmp_path: Path) -> None:
    database = tmp_path / "x.sqlite3"
    with closing(sqlite3.connect(database)) as conn:
        conn.execute("CREATE TABLE t(x)")
        conn.commit()
        with pytest.raises(sqlite3.OperationalError) as locked:
            other = sqlite3.connect(database, timeout=0)
            try:
                conn.execute("BEGIN EXCLUSIVE")
                other.execute("SELECT * FROM t").fetchall()
            finally:
                conn.execute("ROLLBACK")
                other.close()
    assert not recovery.is_corruption(locked.value)
    assert not recovery.is_corruption(OSError("disk"))
    assert recovery.is_corruption(recovery.Corrupt("page 3 is never used"))


def test_inspect_reports_without_moving(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    database = _database(tmp_path)

    healthy = recovery.inspect(database)
    assert healthy.exists and healthy.problem is None and healthy.pending == ()
    assert "0001_spend_and_history" in healthy.applied

    database.write_bytes(database.read_bytes()[:8192])
    broken = recovery.inspect(database)
    assert broken.problem is not None
    assert database.exists() and _broken_copies(tmp_path) == []

    assert recovery.inspect(tmp_path / "missing.sqlite3").exists is False

    database.write_bytes(b"")
    assert recovery.inspect(database).problem == "the file is empty (0 bytes)"


def test_data_delete_also_deletes_the_damaged_copies(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    database = _database(tmp_path)
    database.write_bytes(b"a private question, in a damaged file\n" * 50)
    _one_reply(tmp_path)
    assert len(_broken_copies(tmp_path)) == 1

    done = jarvis(tmp_path, "data", "delete", "--yes")

    assert done.returncode == 0, done.stderr
    assert _broken_copies(tmp_path) == []
    assert _spend_rows(tmp_path) == []


def _kill_mid_reply(home: Path) -> None:
    """A slow ``jarvis ask --demo`` killed with SIGKILL once it streams."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.endswith("_API_KEY")}
    environment.update({"JARVIS_HOME": str(home), "PYTHONPATH": str(ROOT)})
    with subprocess.Popen(
        [sys.executable, "-m", "jarvis", "ask", "--demo", "-p", "openai",
         "Slowly [[sim: rate=5 tokens=500]]"],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    ) as slow:
        assert slow.stdout is not None
        assert slow.stdout.read(1), "the reply started streaming"
        slow.send_signal(signal.SIGKILL)
        slow.wait()


def test_a_damaged_file_keeps_its_wal_through_the_real_open(tmp_path: Path) -> None:
    for _ in range(2):
        _one_reply(tmp_path)
    _kill_mid_reply(tmp_path)
    database = _database(tmp_path)
    wal = Path(f"{database}-wal")
    assert wal.stat().st_size > 0, "the killed process left its WAL behind"
    with database.open("r+b") as file:
        file.write(b"\0" * 16)
    before = {s: Path(f"{database}{s}").read_bytes() for s in ("", "-wal", "-shm")}

    done = jarvis(tmp_path, "usage")

    assert done.returncode == 0, done.stderr
    copies = _broken_copies(tmp_path)
    assert [c.name for c in copies if c.name.endswith(("-wal", "-shm"))] == [
        f"{copies[0].name}-shm", f"{copies[0].name}-wal"]
    for suffix, content in before.items():
        assert Path(f"{copies[0]}{suffix}").read_bytes() == content, suffix


def test_an_empty_database_file_is_reported_as_lost(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    database = _database(tmp_path)
    database.write_bytes(b"")

    done = jarvis(tmp_path, "usage", "--json")

    assert done.returncode == 0, done.stderr
    copies = _broken_copies(tmp_path)
    assert len(copies) == 1 and copies[0].read_bytes() == b""
    assert f"The database {database} was empty (0 bytes)" in done.stderr
    assert "are in that copy" not in done.stderr
    assert json.loads(done.stdout)["rows"] == []


def test_the_damage_is_told_in_one_plain_line(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    database = _database(tmp_path)
    content = bytearray(database.read_bytes())
    # Page 2 is a table's b-tree page: an invalid page type damages it.
    content[4096] = 0x77
    database.write_bytes(bytes(content))

    done = jarvis(tmp_path, "usage", "--json")

    assert done.returncode == 0, done.stderr
    notice = [line for line in done.stderr.splitlines() if "damaged" in line]
    assert len(notice) == 1, done.stderr
    assert "***" not in done.stderr and "btree" not in done.stderr.lower()


def _garble_pages(database: Path) -> None:
    """Overwrite pages 2.. of ``database`` with a junk pattern, same size.

    SQLite then reads table definitions with bytes that are not UTF-8 and
    says "malformed database schema (...)" with them: Python cannot decode
    that text and raises UnicodeDecodeError in place of sqlite3's error.
    """
    size = database.stat().st_size
    with database.open("r+b") as file:
        for page in range(2, size // 4096):
            file.seek(page * 4096 + 100)
            file.write(b"\xde\xad\xbe\xef" * 200)


def _undecodable_on_check(database: Path) -> bool:
    """Whether a plain quick_check of ``database`` raises UnicodeDecodeError
    (on a copy: a reader would leave ``-wal`` and ``-shm`` beside it)."""
    probe = database.with_name("probe")
    probe.mkdir()
    for suffix in ("", "-wal"):
        if Path(f"{database}{suffix}").exists():
            shutil.copyfile(f"{database}{suffix}", probe / f"copy{suffix}")
    conn = sqlite3.connect(probe / "copy")
    try:
        conn.execute("PRAGMA quick_check(1)").fetchall()
    except UnicodeDecodeError:
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
        shutil.rmtree(probe)
    return False


def _no_junk_anywhere(home: Path, stderr: str) -> None:
    # Raw junk would not even decode here (text=True is strict UTF-8).
    assert not {"\u07ad", "\ufffd"} & set(stderr), stderr
    for log in paths.resolve(home).log_dir.glob("*.log*"):
        assert b"\xde\xad\xbe\xef" not in log.read_bytes(), log


@pytest.mark.parametrize("command", ["usage", "ask"])
def test_damage_sqlite_cannot_name_in_utf8_is_set_aside(
    tmp_path: Path, command: str
) -> None:
    _one_reply(tmp_path)
    database = _database(tmp_path)
    _garble_pages(database)
    assert _undecodable_on_check(database), "the damage this test is about"
    args = ("usage",) if command == "usage" else (
        "ask", "--demo", "-p", "openai", "Again [[sim: tokens=5]]")

    done = jarvis(tmp_path, *args)

    assert done.returncode == 0, done.stderr
    copies = _broken_copies(tmp_path)
    assert len(copies) == 1
    assert f"The database {database} was damaged (SQLite reported it as " \
        f"damaged). It was moved to {copies[0]}" in done.stderr
    _no_junk_anywhere(tmp_path, done.stderr)
    expected = [] if command == "usage" else ["ok"]
    assert [r["status"] for r in _spend_rows(tmp_path)] == expected


def test_undecodable_damage_moves_with_its_wal_and_shm(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    _kill_mid_reply(tmp_path)
    database = _database(tmp_path)
    assert Path(f"{database}-wal").stat().st_size > 0
    _garble_pages(database)
    assert _undecodable_on_check(database), "the damage this test is about"
    before = {s: Path(f"{database}{s}").read_bytes() for s in ("", "-wal", "-shm")}

    done = jarvis(tmp_path, "usage")

    assert done.returncode == 0, done.stderr
    assert "was damaged" in done.stderr
    _no_junk_anywhere(tmp_path, done.stderr)
    copy = [c for c in _broken_copies(tmp_path) if not c.name.endswith("-wal")
            and not c.name.endswith("-shm")]
    assert len(copy) == 1
    for suffix, content in before.items():
        assert Path(f"{copy[0]}{suffix}").read_bytes() == content, suffix


def test_doctor_reports_undecodable_damage_in_escaped_text(tmp_path: Path) -> None:
    _one_reply(tmp_path)
    database = _database(tmp_path)
    _garble_pages(database)
    garbled = database.read_bytes()

    done = jarvis(tmp_path, "doctor", "--json",
                  env={"QT_QPA_PLATFORM": "offscreen"})

    assert done.returncode == 5, done.stderr
    checks = {c["check"]: c for c in json.loads(done.stdout)["checks"]}
    finding = checks["database"]
    assert finding["status"] == "problem"
    assert "malformed database schema" in finding["summary"]
    # 0xde 0xad is a valid UTF-8 pair; 0xbe 0xef are not UTF-8.
    assert "\\xbe\\xef" in finding["summary"]
    assert done.stdout.isascii()
    assert database.read_bytes() == garbled, "the doctor only looks"
    assert _broken_copies(tmp_path) == []
