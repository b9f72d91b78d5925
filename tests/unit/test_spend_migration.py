"""Migration 0006 builds the hourly rollup from a log the old schema wrote."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from jarvis.store.db import Store
from jarvis.store.schema import (
    DAY_OF_0008,
    HOUR_OF_0006,
    HOURLY_SUMS_0006,
    MIGRATIONS,
    QUARTER_OF_0007,
)
from jarvis.store.spend import SpendLog

_COLUMNS = ("request_id", "attempt", "started_at", "provider", "model",
            "input_tokens", "output_tokens", "cost_pusd", "charge_pusd",
            "saved_pusd", "status", "demo")


def _old_database(path: Path, count: int) -> None:
    """A file at migration 0005 with ``count`` rows in it."""
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0006_spend_hourly")
    rng = random.Random(6)
    rows = []
    for index in range(count):
        tokens = None if index % 13 == 0 else rng.randrange(1, 900)
        rows.append((
            f"r{index // 3}", index % 3 + 1,
            f"2026-02-{rng.randrange(1, 28):02d}T{rng.randrange(24):02d}:"
            f"{rng.randrange(60):02d}:00.000+00:00",
            rng.choice(("openai", "anthropic")), rng.choice(("a", "b")),
            tokens, tokens, None if index % 7 == 0 else rng.randrange(10**9),
            rng.randrange(10**9), None, rng.choice(("ok", "failed", "cancelled")),
            int(index % 5 == 0)))
    with db.conn:
        db.conn.executemany(
            f"INSERT INTO spend ({', '.join(_COLUMNS)}) VALUES "  # nosec B608
            f"({', '.join('?' for _ in _COLUMNS)})", rows)
    db.conn.close()


def _hourly(path: Path, table: str = "spend_hourly") -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4").fetchall()  # nosec B608


def _recomputed(path: Path, bucket: str = HOUR_OF_0006) -> list[tuple[object, ...]]:
    """What the rollup should hold, summed from the rows afresh."""
    sums = ", ".join(f"SUM({sql.format(r='s')})"
                     for sql in HOURLY_SUMS_0006.values())
    with sqlite3.connect(path) as conn:
        return conn.execute(
            f"SELECT s.demo, {bucket.format(r='s')}, s.provider, s.model, "  # nosec B608
            f"{sums} FROM spend s GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
        ).fetchall()


async def test_migration_fills_the_rollup_from_existing_rows(tmp_path: Path) -> None:
    path = tmp_path / "jarvis.sqlite3"
    _old_database(path, 600)

    store = Store(path)
    await store.open()
    try:
        by_provider = await SpendLog(store).totals(("provider",))
    finally:
        await store.close()

    filled = _hourly(path)
    assert filled == _recomputed(path)
    assert len(filled) > 100
    assert _hourly(path, "spend_quarterly") == _recomputed(path, QUARTER_OF_0007)
    assert _hourly(path, "spend_daily") == _recomputed(path, DAY_OF_0008)
    assert sum(row["requests"] for row in by_provider) == 480  # the 4/5 not demo
    assert sum(row["fallbacks"] for row in by_provider) > 0


async def test_rollup_stays_exact_as_rows_are_added_after_migrating(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jarvis.sqlite3"
    _old_database(path, 60)
    store = Store(path)
    await store.open()
    try:
        spend = SpendLog(store)
        row = await spend.reserve(request_id="new", attempt=1, provider="openai",
                                model="a", conversation_id=None)
        await spend.insert_finished({"request_id": "new", "attempt": 2,
                                     "provider": "anthropic", "model": "b",
                                     "status": "cache_hit", "charge_pusd": 0})
    finally:
        await store.close()

    assert row > 60
    assert _hourly(path) == _recomputed(path)
    assert _hourly(path, "spend_quarterly") == _recomputed(path, QUARTER_OF_0007)
    assert _hourly(path, "spend_daily") == _recomputed(path, DAY_OF_0008)


def _trigger_workout(conn: sqlite3.Connection, seed: int) -> None:
    """Inserts, settles (in place, a renamed model, a moved start), rows
    marked interrupted and deletes, as random as the log gets."""
    rng = random.Random(seed)
    ids: list[int] = []
    for index in range(400):
        roll = rng.random()
        if roll < 0.45 or not ids:
            cursor = conn.execute(
                "INSERT INTO spend (request_id, attempt, started_at, provider, "
                "model, status, charge_pusd, demo) VALUES (?, 1, ?, ?, ?, "
                "'pending', ?, ?)",
                [f"r{rng.randrange(60)}",
                 f"2026-03-0{rng.randrange(1, 4)}T{rng.randrange(24):02d}:"
                 f"{rng.randrange(60):02d}:00.000+00:00",
                 rng.choice(("openai", "anthropic", "gemini")),
                 rng.choice(("a", "b")), rng.randrange(10**9),
                 int(rng.random() < 0.2)])
            ids.append(int(cursor.lastrowid or 0))
        elif roll < 0.8:
            tokens = None if rng.random() < 0.2 else rng.randrange(1, 900)
            cost = None if tokens is None or rng.random() < 0.3 else (
                rng.randrange(10**8))
            conn.execute(
                "UPDATE spend SET status = ?, input_tokens = ?, "
                "output_tokens = ?, cost_pusd = ?, charge_pusd = ?, "
                "saved_pusd = ?, model = ? WHERE id = ?",
                [rng.choice(("ok", "failed", "cancelled", "cache_hit")), tokens,
                 tokens, cost, cost if cost is not None else rng.randrange(10**6),
                 rng.choice((None, 5)),
                 rng.choice(("a", "a", "a", "renamed")), rng.choice(ids)])
        elif roll < 0.88:
            conn.execute("UPDATE spend SET started_at = ? WHERE id = ?",
                         [f"2026-03-04T0{index % 10}:1{index % 6}:00.000+00:00",
                          rng.choice(ids)])
        elif roll < 0.94:
            conn.execute("UPDATE spend SET status = 'interrupted', "
                         "input_tokens = NULL WHERE id = ?", [rng.choice(ids)])
        else:
            conn.execute("DELETE FROM spend WHERE id = ?", [rng.choice(ids)])


async def test_0009_keeps_the_sums_exactly_as_the_triggers_before_it(
    tmp_path: Path,
) -> None:
    """The cheaper triggers of 0009 keep the very sums 0006-0008's did,
    fallbacks included, through every kind of change to the rows."""
    before, after = tmp_path / "before.sqlite3", tmp_path / "after.sqlite3"
    old = Database(before)
    MIGRATIONS.apply(old, stop_before="0009_spend_rollup_cheaper_triggers")
    old.conn.close()
    store = Store(after)
    await store.open()
    await store.close()

    for path in (before, after):
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            _trigger_workout(conn, seed=9)
        finally:
            conn.close()

    for table in ("spend_hourly", "spend_quarterly", "spend_daily"):
        sums = _hourly(after, table)
        assert sums == _hourly(before, table), table
        assert sum(row[4] for row in sums) > 100, "requests were counted"
    assert any(row[8] for row in _hourly(after)), "fallbacks were counted"
    with sqlite3.connect(after) as conn:
        names = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    conn.close()
    assert "spend_hourly_settle" in names
