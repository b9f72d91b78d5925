"""The usage pane's aggregate over a million spend rows, the cap check, inserts.

Rows are generated straight into a database at the schema before the hourly
rollup (migration 0005), 90 days of them, in one ``executemany``
transaction; opening it through :class:`jarvis.store.db.Store` then runs
migrations 0006 to 0008, which build ``spend_hourly``, ``spend_quarterly``
and ``spend_daily`` from them (timed: the one-off cost of upgrading a big
log). Then, through the store's thread as the app
runs them:

- the aggregate: ``SpendLog.totals(("day", "provider"))``, the pane's
  query, in local days of a whole-hour zone (UTC) and of Asia/Kolkata
  (+5:30, where each local midnight cuts an hour, read by quarter hours);
- the pane's whole load: the four totals of ``Jarvis.usage(rows=False)``
  for the period, today and this month;
- the cap check: ``SpendLog.charged`` of the default daily and monthly caps
  (the month taken 30 days in, its costliest point);
- inserts: ``SpendLog.reserve`` (with and without those caps) + ``settle``.

For comparison, the same aggregate and cap sums as plain SQL over every row
(the queries before the rollup) on the same file.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from benchmarks.harness import Figure, Sample, value_below
from jarvis import budget, localtime
from jarvis.store.db import Store
from jarvis.store.schema import MIGRATIONS
from jarvis.store.spend import AttemptResult, SpendLog
from jarvis.usage import Usage

_PROVIDERS = (("anthropic", "claude-sonnet-4-5"), ("openai", "gpt-5-mini"),
              ("gemini", "gemini-2.5-flash"), ("local", "llama3"))
_COLUMNS = ("request_id", "attempt", "started_at", "provider", "model",
            "input_tokens", "output_tokens", "cost_pusd", "charge_pusd",
            "latency_ms", "status", "demo")
KOLKATA = ZoneInfo("Asia/Kolkata")

# The queries before the rollup: every row read and grouped.
_OLD_AGGREGATE = (
    "SELECT substr(started_at, 1, 10) AS day, provider, COUNT(*) AS requests, "
    "SUM(status = 'ok') AS ok, SUM(COALESCE(input_tokens, 0)) AS input_tokens, "
    "SUM(COALESCE(output_tokens, 0)) AS output_tokens, SUM(cost_pusd) AS cost, "
    "SUM(charge_pusd) AS charge FROM spend WHERE demo = 0 "
    "GROUP BY day, provider ORDER BY day, provider")
_OLD_CHARGED = ("SELECT COALESCE(SUM(charge_pusd), 0) FROM spend "
                "WHERE started_at >= ? AND demo = 0")


def _rows(count: int, days: int) -> Iterator[tuple[Any, ...]]:
    now = datetime.now(UTC)
    rng = random.Random(6)
    step = days * 86400 / count
    for index in range(count):
        when = now - timedelta(seconds=days * 86400 - index * step)
        provider, model = _PROVIDERS[index % len(_PROVIDERS)]
        cost = rng.randrange(10_000, 50_000_000)
        yield (f"r{index}", 1, when.isoformat(timespec="milliseconds"),
               provider, model, rng.randrange(10, 4000), rng.randrange(10, 2000),
               cost, cost, 800.0, "ok" if index % 50 else "failed", 0)


def fill(path: Path, count: int, days: int = 90) -> None:
    """A database at migration 0005 holding ``count`` rows over ``days``."""
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0006_spend_hourly")
    with db.conn:
        db.conn.executemany(
            f"INSERT INTO spend ({', '.join(_COLUMNS)}) VALUES "  # nosec B608
            f"({', '.join('?' for _ in _COLUMNS)})", _rows(count, days))
    db.conn.close()


async def _migrate(path: Path) -> float:
    start = time.perf_counter()
    store = Store(path)
    await store.open()
    await store.close()
    return (time.perf_counter() - start) * 1000


async def _timed(path: Path, runs: int, work: Any, tz: tzinfo | None = None
                 ) -> Sample:
    """Median of ``runs`` calls of ``work(spend, store)`` on an open store."""
    store = Store(path)
    await store.open()
    spend = SpendLog(store, tz=tz)
    values = []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            await work(spend, store)
            values.append((time.perf_counter() - start) * 1000)
    finally:
        await store.close()
    return Sample(values)


async def _aggregate(spend: SpendLog, _store: Store) -> None:
    rows = await spend.totals(("day", "provider"))
    assert len(rows) >= 90 * len(_PROVIDERS), len(rows)


async def _pane_load(spend: SpendLog, _store: Store) -> None:
    """What the usage pane asks for on each refresh (Jarvis.usage, no rows,
    for the last 30 days, today and this month)."""
    today = localtime.today()
    for since in (today - timedelta(days=29), today, today.replace(day=1)):
        for group, demo in ((("day",), False), (("provider",), False),
                            (("provider", "model"), False),
                            (("provider",), True)):
            await spend.totals(group, since, until=today, demo=demo)


async def _old_aggregate(_spend: SpendLog, store: Store) -> None:
    await store.run(lambda db: db.execute(_OLD_AGGREGATE).fetchall())


def _default_caps() -> list[budget.Cap]:
    # The defaults of [limits]: $5 a day and $50 a month, all providers. The
    # month is taken at its end (30 days in), where the check costs most.
    today = localtime.today()
    day = localtime.day_start(today)
    month = localtime.day_start(today - timedelta(days=30))
    return [budget.Cap("daily", None, Decimal(5), day, day + timedelta(days=1)),
            budget.Cap("monthly", None, Decimal(50), month,
                       month + timedelta(days=31))]


async def _caps_check(spend: SpendLog, _store: Store) -> None:
    await spend.charged(_default_caps())


async def _old_caps_check(_spend: SpendLog, store: Store) -> None:
    def work(db: Database) -> None:
        for cap in _default_caps():
            db.execute(_OLD_CHARGED, [cap.since.astimezone(UTC).isoformat(
                timespec="milliseconds")]).fetchone()

    await store.run(work)


async def _inserts(path: Path, count: int, caps: bool) -> Sample:
    store = Store(path)
    await store.open()
    spend = SpendLog(store)
    limits = _default_caps() if caps else []
    result = AttemptResult("ok", Usage(100, 0, 0, 50, 0), Decimal("0.0001"),
                           500.0, 100.0, "stop", charge_usd=Decimal("0.0001"))
    per_row = []
    try:
        for batch in range(5):
            start = time.perf_counter()
            for index in range(count // 5):
                row_id = await spend.reserve(
                    request_id=f"b{batch}-{index}-{caps}", attempt=1,
                    provider="openai", model="gpt-5-mini", conversation_id=None,
                    reserve_usd=Decimal("0.000001"), caps=limits)
                await spend.settle(row_id, result)
            per_row.append((time.perf_counter() - start) * 1000 / (count // 5))
    finally:
        await store.close()
    return Sample(per_row)


def measure(rows: int, runs: int, inserts: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="jarvis-bench-") as folder:
        path = Path(folder) / "jarvis.db"
        fill(path, rows)
        migration = asyncio.run(_migrate(path))
        with sqlite3.connect(path) as conn:
            buckets = conn.execute("SELECT COUNT(*) FROM spend_hourly").fetchone()[0]
        aggregate = asyncio.run(_timed(path, runs, _aggregate, UTC))
        kolkata = asyncio.run(_timed(path, runs, _aggregate, KOLKATA))
        pane = asyncio.run(_timed(path, runs, _pane_load))
        old = asyncio.run(_timed(path, max(1, runs // 3), _old_aggregate))
        caps = asyncio.run(_timed(path, runs * 5, _caps_check))
        old_caps = asyncio.run(_timed(path, runs, _old_caps_check))
        plain = asyncio.run(_inserts(path, inserts, caps=False))
        capped = asyncio.run(_inserts(path, inserts, caps=True))
    label = f"{rows:,} rows, 90 days"
    return [
        Figure(f"usage aggregate by day and provider ({label})", aggregate, "ms",
               target="< 50 ms", check=value_below(50.0),
               note="SpendLog.totals(('day', 'provider')) through the store "
                    f"thread, local days of UTC: whole hours of spend_hourly "
                    f"({buckets:,} buckets)"),
        Figure("  same, local days of Asia/Kolkata (+5:30)", kolkata, "ms",
               target="< 50 ms", check=value_below(50.0),
               note="each local midnight cuts an hour: that hour is summed "
                    "from spend_quarterly, the others from spend_hourly"),
        Figure("  the usage pane's refresh (12 totals: period, today, month)",
               pane, "ms", note="Jarvis.usage(rows=False) three times, as "
                                "UsagePane._load asks, without the facade"),
        Figure("  before the rollup: every row grouped (reference)", old, "ms",
               note="the pre-0006 query, substr(started_at, 1, 10) over spend"),
        Figure("cap check, default daily + monthly caps", caps, "ms",
               target="a few ms", check=value_below(5.0),
               note="SpendLog.charged: whole UTC days from spend_daily, the "
                    "hours and quarter hours before them (the month 30 days in)"),
        Figure("  before the rollup: both caps summed over spend (reference)",
               old_caps, "ms", note="the pre-0006 _charged query"),
        Figure("insert a spend row (reserve + settle), no caps", plain, "ms",
               target="< 1 ms", check=value_below(1.0),
               note=f"amortized over {inserts} rows, on the {label} file; the "
                    "rollup triggers run in the same transactions"),
        Figure("insert a spend row with the default caps checked", capped, "ms",
               target="< 1 ms", check=value_below(1.0),
               note="as the router does: both caps checked in the BEGIN "
                    "IMMEDIATE transaction that inserts the reservation"),
        Figure("migrating the log to the rollups (one-off back-fill)",
               Sample([migration]), "ms",
               note=f"0006-0008: the hourly, quarter-hour and daily sums built "
                    f"from {rows:,} rows when a database made before them is "
                    "first opened"),
    ]
