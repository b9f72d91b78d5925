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
        row = await spend.begin(request_id="new", attempt=1, provider="openai",
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
