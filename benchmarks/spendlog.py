"""The usage pane's aggregate over a million spend rows, and row inserts.

Rows are generated straight into a database opened through
:class:`jarvis.store.db.Store` (so the real migrations run), 90 days of
them, in one ``executemany`` transaction. The aggregate is
``SpendLog.totals(("day", "provider"))``, the pane's query, through the
store's thread as the app runs it. Inserting is ``SpendLog.begin`` (with
the default daily and monthly caps checked, as the router does) plus
``SpendLog.settle``. The candidate fix is measured on a copy of the file.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.harness import Figure, Sample, value_below
from jarvis import budget
from jarvis.store import spend as spend_mod
from jarvis.store.db import Store
from jarvis.store.spend import AttemptResult, SpendLog
from jarvis.usage import Usage

_PROVIDERS = (("anthropic", "claude-sonnet-4-5"), ("openai", "gpt-5-mini"),
              ("gemini", "gemini-2.5-flash"), ("local", "llama3"))
_COLUMNS = ("request_id", "attempt", "started_at", "provider", "model",
            "input_tokens", "output_tokens", "cost_pusd", "charge_pusd",
            "latency_ms", "status", "demo")

# A candidate fix: the pane's filter and grouping columns first, the summed
# columns after, so the aggregate reads the index alone.
FIX_INDEX = ("CREATE INDEX spend_usage ON spend(demo, started_at, provider, "
             "model, status, input_tokens, cache_read_tokens, "
             "cache_write_tokens, output_tokens, reasoning_tokens, cost_pusd, "
             "charge_pusd, saved_pusd)")


_SUMS = ("requests", "ok", "failed", "cache_hits", "input_tokens",
         "cache_read_tokens", "cache_write_tokens", "output_tokens",
         "reasoning_tokens", "cost_pusd", "unpriced", "unknown_usage",
         "charge_pusd", "saved_pusd")


def add_rollup(path: Path) -> None:
    """The candidate fix: per-day sums of the closed days in their own table.

    In the app SpendLog.settle would add each settled row of an earlier
    day (or a daily job would fold yesterday); here it is built once.
    """
    today = datetime.now(UTC).date().isoformat()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "CREATE TABLE spend_daily AS SELECT substr(started_at, 1, 10) AS day,"
            " provider, model, demo, COUNT(*) AS requests,"
            " SUM(status = 'ok') AS ok,"
            " SUM(status NOT IN ('ok', 'cache_hit', 'pending')) AS failed,"
            " SUM(status = 'cache_hit') AS cache_hits,"
            " SUM(COALESCE(input_tokens, 0)) AS input_tokens,"
            " SUM(COALESCE(cache_read_tokens, 0)) AS cache_read_tokens,"
            " SUM(COALESCE(cache_write_tokens, 0)) AS cache_write_tokens,"
            " SUM(COALESCE(output_tokens, 0)) AS output_tokens,"
            " SUM(COALESCE(reasoning_tokens, 0)) AS reasoning_tokens,"
            " SUM(cost_pusd) AS cost_pusd,"
            " SUM(cost_pusd IS NULL AND input_tokens IS NOT NULL) AS unpriced,"
            " SUM(input_tokens IS NULL AND status IN "
            "('interrupted', 'cancelled', 'pending')) AS unknown_usage,"
            " SUM(charge_pusd) AS charge_pusd,"
            " SUM(COALESCE(saved_pusd, 0)) AS saved_pusd"
            " FROM spend WHERE started_at < ? GROUP BY 1, 2, 3, 4", [today])
        conn.execute("CREATE INDEX spend_daily_day ON spend_daily(demo, day)")
    conn.close()


async def _rollup_aggregate(path: Path, runs: int) -> Sample:
    today = datetime.now(UTC).date()
    sums = ", ".join(f"SUM({name}) AS {name}" for name in _SUMS)
    sql = (f"SELECT day, provider, {sums} FROM spend_daily "  # nosec B608
           "WHERE demo = 0 GROUP BY day, provider")
    store = Store(path)
    await store.open()
    spend = SpendLog(store)
    values = []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            closed = await store.run(lambda db: [dict(r) for r in db.query(sql)])
            rows = closed + await spend.totals(("day", "provider"), since=today)
            values.append((time.perf_counter() - start) * 1000)
        assert len(rows) >= 90 * len(_PROVIDERS), len(rows)
    finally:
        await store.close()
    return Sample(values)


def _rows(count: int, days: int):
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
    async def migrate() -> None:
        store = Store(path)
        await store.open()
        await store.close()

    asyncio.run(migrate())
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            f"INSERT INTO spend ({', '.join(_COLUMNS)}) VALUES "  # nosec B608
            f"({', '.join('?' for _ in _COLUMNS)})", _rows(count, days))
    conn.close()


async def _aggregate(path: Path, runs: int) -> Sample:
    store = Store(path)
    await store.open()
    spend = SpendLog(store)
    values = []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            rows = await spend.totals(("day", "provider"))
            values.append((time.perf_counter() - start) * 1000)
        assert len(rows) >= 90 * len(_PROVIDERS), len(rows)
    finally:
        await store.close()
    return Sample(values)


def _default_caps() -> list[budget.Cap]:
    # The defaults of [limits]: $5 a day and $50 a month, all providers. The
    # month is taken at its end (30 days in), where the check costs most.
    now = datetime.now(UTC)
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day - timedelta(days=30)
    return [budget.Cap("daily", None, Decimal(5), day, day + timedelta(days=1)),
            budget.Cap("monthly", None, Decimal(50), month,
                       month + timedelta(days=31))]


def _charged_from_rollup(db: Any, cap: budget.Cap, demo: int) -> int:
    """The cap check over the rollup: closed days summed, today's rows."""
    today = datetime.now(UTC).date().isoformat()
    since = cap.since.astimezone(UTC)
    closed = ("SELECT COALESCE(SUM(charge_pusd), 0) AS c FROM spend_daily "
              "WHERE demo = ? AND day >= ? AND day < ?")
    args: list[Any] = [demo, since.date().isoformat(), today]
    recent = ("SELECT COALESCE(SUM(charge_pusd), 0) AS c FROM spend "
              "WHERE started_at >= ? AND demo = ?")
    rargs: list[Any] = [max(today, since.isoformat(timespec="milliseconds")), demo]
    if cap.provider is not None:
        closed += " AND provider = ?"
        recent += " AND provider = ?"
        args.append(cap.provider)
        rargs.append(cap.provider)
    return int(next(db.query(closed, args))["c"]) + int(
        next(db.query(recent, rargs))["c"])


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
                row_id = await spend.begin(
                    request_id=f"b{batch}-{index}", attempt=1, provider="openai",
                    model="gpt-5-mini", conversation_id=None,
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
        fixed = Path(folder) / "fixed.db"
        shutil.copy(path, fixed)
        conn = sqlite3.connect(fixed)
        conn.execute(FIX_INDEX)
        conn.execute("ANALYZE")
        conn.close()
        rolled = Path(folder) / "rollup.db"
        shutil.copy(path, rolled)
        add_rollup(rolled)
        now = asyncio.run(_aggregate(path, runs))
        after = asyncio.run(_aggregate(fixed, runs))
        rollup = asyncio.run(_rollup_aggregate(rolled, runs))
        plain = asyncio.run(_inserts(path, inserts, caps=False))
        capped = asyncio.run(_inserts(path, inserts, caps=True))
        capped_fixed = asyncio.run(_inserts(fixed, inserts, caps=True))
        original = spend_mod._charged
        spend_mod._charged = _charged_from_rollup
        try:
            capped_rollup = asyncio.run(_inserts(rolled, inserts, caps=True))
        finally:
            spend_mod._charged = original
    label = f"{rows:,} rows, 90 days"
    return [
        Figure(f"usage aggregate by day and provider ({label})", now, "ms",
               target="< 50 ms", check=value_below(50.0),
               note="SpendLog.totals(('day', 'provider')) through the store thread"),
        Figure("  same, with a covering index (candidate fix)", after, "ms",
               target="< 50 ms", check=value_below(50.0), note=FIX_INDEX),
        Figure("  same, from a daily rollup table + today's rows (fix)", rollup,
               "ms", target="< 50 ms", check=value_below(50.0),
               note="spend_daily(day, provider, model, demo, sums) for closed "
                    "days; today's rows through SpendLog.totals(since=today)"),
        Figure("insert a spend row (begin + settle), no caps", plain, "ms",
               target="< 1 ms", check=value_below(1.0),
               note=f"amortized over {inserts} rows, on the {label} file"),
        Figure("insert a spend row with the default caps checked", capped, "ms",
               target="< 1 ms", check=value_below(1.0),
               note="as the router does: daily and monthly caps summed first "
                    "(the month taken 30 days in, its costliest point)"),
        Figure("  same, with the covering index", capped_fixed, "ms",
               target="< 1 ms", check=value_below(1.0)),
        Figure("  same, caps summed from the daily rollup (fix)", capped_rollup,
               "ms", target="< 1 ms", check=value_below(1.0),
               note="jarvis.store.spend._charged replaced in the benchmark "
                    "process by a sum over spend_daily + today's rows"),
    ]
