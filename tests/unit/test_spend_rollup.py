"""The hourly spend rollup against brute-force sums over the rows themselves.

Random logs (settled, failed, cancelled, unpriced, demo, cache hits,
fallbacks, a model renamed on settle, rows marked interrupted, rows deleted)
are summed twice: by :mod:`jarvis.store.rollup` and by plain Python over
``SpendLog.rows()``, in zones whose midnight is not on a whole UTC hour.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from jarvis import localtime
from jarvis.store.db import Store
from jarvis.store.spend import AttemptResult, SpendLog, from_pusd
from jarvis.usage import Usage

ZONES = ("UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns",
         "Australia/Lord_Howe", "Europe/Berlin", "+05:20")
PROVIDERS = {"openai": ("gpt-5-mini", "gpt-5"), "anthropic": ("claude-sonnet-4-5",),
             "gemini": ("gemini-2.5-flash", "gemini-future-9")}
START = datetime(2026, 3, 1, tzinfo=UTC)  # spans the March DST changes
DAYS = 45
SUMMED = ("requests", "ok", "failed", "cache_hits", "fallbacks", "input_tokens",
          "cache_read_tokens", "cache_write_tokens", "output_tokens",
          "reasoning_tokens", "unpriced", "unknown_usage", "charge_pusd",
          "saved_pusd")


def _when(rng: random.Random) -> datetime:
    """A start time, often within minutes of some zone's midnight."""
    day = START + timedelta(days=rng.randrange(DAYS))
    if rng.random() < 0.4:
        edge = rng.choice((timedelta(hours=18, minutes=30),   # Kolkata
                           timedelta(hours=18, minutes=15),   # Kathmandu
                           timedelta(hours=2, minutes=30),    # St John's
                           timedelta(hours=13, minutes=30),   # Lord Howe
                           timedelta(hours=18, minutes=40),   # +05:20
                           timedelta(hours=23)))              # Berlin
        return day + edge + timedelta(seconds=rng.randrange(-300, 300))
    return day + timedelta(seconds=rng.randrange(86400))


def _row(rng: random.Random, request_id: str, provider: str) -> dict[str, Any]:
    cost = None if rng.random() < 0.15 else rng.randrange(1, 10**10)
    status = rng.choice(("ok", "ok", "ok", "failed", "cache_hit", "cancelled"))
    tokens = None if status == "cancelled" and rng.random() < 0.5 else (
        rng.randrange(0, 5000))
    return {
        "request_id": request_id, "attempt": 1,
        "started_at": _when(rng).isoformat(timespec="milliseconds"),
        "provider": provider, "model": rng.choice(PROVIDERS[provider]),
        "status": status, "input_tokens": tokens,
        "cache_read_tokens": None if tokens is None else rng.randrange(0, 300),
        "cache_write_tokens": None if tokens is None else rng.randrange(0, 30),
        "output_tokens": None if tokens is None else rng.randrange(0, 900),
        "reasoning_tokens": None if tokens is None else rng.randrange(0, 90),
        "cost_pusd": None if tokens is None else cost,
        "charge_pusd": cost if cost is not None else rng.randrange(1, 10**9),
        "saved_pusd": rng.randrange(0, 10**8) if status == "cache_hit" else None,
        "demo": int(rng.random() < 0.2),
    }


async def random_log(
    store: Store, seed: int, requests: int = 220, *, deletes: bool = False
) -> None:
    """A log as the router writes it, then changed the ways rows change."""
    rng = random.Random(seed)
    logs = {demo: SpendLog(store, demo=bool(demo)) for demo in (0, 1)}
    ids = []
    for index in range(requests):
        chain = rng.sample(sorted(PROVIDERS), k=rng.choice((1, 1, 2, 3)))
        attempts = [chain[0]] * rng.choice((1, 2)) + chain[1:]
        for provider in attempts:
            row = _row(rng, f"req-{index}", provider)
            ids.append(await logs[row["demo"]].insert_finished(row))
    for row_id in rng.sample(ids, k=len(ids) // 4):
        await _settle_again(store, row_id, rng)

    def change(db: Any) -> None:
        db.execute("UPDATE spend SET status = 'interrupted', input_tokens = NULL "
                   "WHERE id IN (SELECT id FROM spend ORDER BY random() LIMIT 9)")
        if deletes:
            db.execute("DELETE FROM spend WHERE id IN "
                       "(SELECT id FROM spend ORDER BY random() LIMIT 7)")

    await store.run(change)


async def _settle_again(store: Store, row_id: int, rng: random.Random) -> None:
    """Settle a row with new usage (maybe unknown, unpriced or a new model)."""
    usage = None if rng.random() < 0.2 else Usage(
        rng.randrange(1, 900), rng.randrange(0, 50), 0, rng.randrange(1, 400), 3)
    cost = None if usage is None or rng.random() < 0.3 else Decimal(
        rng.randrange(1, 10**6)) / 10**9
    await SpendLog(store).settle(row_id, AttemptResult(
        status=rng.choice(("ok", "failed", "cancelled")), usage=usage,
        cost_usd=cost, latency_ms=12.5, ttft_ms=None,
        model=rng.choice((None, "renamed-model")),
        charge_usd=cost if cost is not None else Decimal("0.002")))


def _brute(
    rows: Iterable[dict[str, Any]], group_by: tuple[str, ...],
    since: date | None, until: date | None, tz: tzinfo,
    provider: str | None = None, demo: int = 0,
) -> list[dict[str, Any]]:
    """The totals computed row by row in Python."""
    ordered = sorted(rows, key=lambda r: r["id"])
    seen: dict[str, list[str]] = defaultdict(list)
    sums: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in ordered:
        earlier = seen[row["request_id"]]
        fell_back = len(set(earlier)) == 1 and row["provider"] not in earlier
        earlier.append(row["provider"])
        day = datetime.fromisoformat(row["started_at"]).astimezone(tz).date()
        if ((since and day < since) or (until and day > until)
                or row["demo"] != demo
                or (provider and row["provider"] != provider)):
            continue
        values = {"day": day.isoformat(), "provider": row["provider"],
                  "model": row["model"]}
        key = tuple(values[name] for name in group_by)
        total = sums.setdefault(key, {**{n: values[n] for n in group_by},
                                      **dict.fromkeys(SUMMED, 0),
                                      "cost_pusd": None})
        _add(total, row, fell_back)
    return [sums[key] for key in sorted(sums)]


def _add(total: dict[str, Any], row: dict[str, Any], fell_back: bool) -> None:
    status, tokens = row["status"], row["input_tokens"]
    total["requests"] += 1
    total["ok"] += status == "ok"
    total["failed"] += status not in ("ok", "cache_hit", "pending")
    total["cache_hits"] += status == "cache_hit"
    total["fallbacks"] += fell_back
    for name in ("input_tokens", "cache_read_tokens", "cache_write_tokens",
                 "output_tokens", "reasoning_tokens"):
        total[name] += row[name] or 0
    if row["cost_pusd"] is not None:
        total["cost_pusd"] = (total["cost_pusd"] or 0) + row["cost_pusd"]
    total["unpriced"] += row["cost_pusd"] is None and tokens is not None
    total["unknown_usage"] += tokens is None and status in (
        "interrupted", "cancelled", "pending")
    total["charge_pusd"] += row["charge_pusd"]
    total["saved_pusd"] += row["saved_pusd"] or 0


def _zone(name: str) -> tzinfo:
    """A named zone, or a fixed offset such as "+05:20": no zone uses one
    off the quarter hour today, so it takes the path that reads rows."""
    if name.startswith("+"):
        hours, minutes = name[1:].split(":")
        return timezone(timedelta(hours=int(hours), minutes=int(minutes)))
    return ZoneInfo(name)


@pytest.mark.parametrize("zone", ZONES)
async def test_totals_equal_brute_force_sums_in_local_days(
    store: Store, zone: str
) -> None:
    tz = _zone(zone)
    await random_log(store, seed=len(zone))
    spend = SpendLog(store, tz=tz)
    rows = await spend.rows()
    rng = random.Random(zone)
    spans: list[tuple[date | None, date | None]] = [(None, None)]
    for _ in range(4):
        first = START.date() + timedelta(days=rng.randrange(-2, DAYS))
        spans.append((first, first + timedelta(days=rng.randrange(0, 20))))
    for since, until in spans:
        for group in (("day",), ("provider",), ("provider", "model"),
                      ("day", "provider")):
            for demo in (False, True):
                got = await spend.totals(group, since, until=until, demo=demo)
                assert got == _brute(rows, group, since, until, tz,
                                     demo=int(demo)), (group, since, until)
        got = await spend.totals(("day",), since, until=until, provider="openai")
        assert got == _brute(rows, ("day",), since, until, tz, provider="openai")


async def test_rollup_sums_every_row_exactly_once(store: Store) -> None:
    await random_log(store, seed=7)
    spend = SpendLog(store)
    rows = await spend.rows()

    real = await spend.totals(("provider", "model"))
    demo = await spend.totals(("provider", "model"), demo=True)

    assert sum(r["requests"] for r in (*real, *demo)) == len(rows)
    assert sum(r["cost_pusd"] or 0 for r in real) == sum(
        r["cost_pusd"] or 0 for r in rows if not r["demo"])
    assert sum(r["charge_pusd"] for r in demo) == sum(
        r["charge_pusd"] for r in rows if r["demo"])
    assert any(r["fallbacks"] for r in real)


@pytest.mark.parametrize("zone", ("Asia/Kolkata", "America/St_Johns", "UTC"))
async def test_charged_equals_brute_force_from_any_instant(
    store: Store, zone: str
) -> None:
    await random_log(store, seed=3)
    spend = SpendLog(store)
    rows = await spend.rows()
    tz = ZoneInfo(zone)
    rng = random.Random(zone)
    from jarvis.store import rollup

    for _ in range(12):
        day = START.date() + timedelta(days=rng.randrange(DAYS))
        since = localtime.day_start(day, tz) + timedelta(
            minutes=rng.choice((0, 0, 7, 45)))
        for provider in (None, "gemini"):
            for demo in (0, 1):
                expected = sum(
                    r["charge_pusd"] for r in rows
                    if datetime.fromisoformat(r["started_at"]) >= since
                    and r["demo"] == demo
                    and provider in (None, r["provider"]))
                got = await store.run(
                    lambda db, s=since, p=provider, d=demo: rollup.charged(
                        db, s, d, p))
                assert got == expected


async def test_every_cap_of_a_reservation_is_summed_in_one_query(
    store: Store,
) -> None:
    from jarvis.store import rollup

    await random_log(store, seed=4)
    rng = random.Random(4)
    starts = [(START + timedelta(days=rng.randrange(DAYS),
                                 minutes=rng.randrange(1440)),
               rng.choice((None, "openai", "gemini"))) for _ in range(5)]

    def both(db: Any) -> tuple[list[int], list[int], list[str]]:
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        together = rollup.charged_since(db, starts, 0)
        db.conn.set_trace_callback(None)
        alone = [rollup.charged(db, since, 0, p) for since, p in starts]
        return together, alone, statements

    together, alone, statements = await store.run(both)

    assert together == alone and len(set(alone)) > 1
    assert len(statements) == 1
    assert await store.run(lambda db: rollup.charged_since(db, [], 0)) == []


async def test_deleting_some_rows_keeps_every_sum_but_fallbacks(
    store: Store,
) -> None:
    # A fallback is counted when its attempt is logged; deleting an earlier
    # attempt of the same request later does not recount it (nothing deletes
    # single spend rows today: FIXME:fallback-recount in schema.py).
    await random_log(store, seed=11, deletes=True)
    tz = ZoneInfo("Asia/Kolkata")
    spend = SpendLog(store, tz=tz)
    rows = await spend.rows()

    got = await spend.totals(("day", "provider"))

    expected = _brute(rows, ("day", "provider"), None, None, tz)
    for row in (*got, *expected):
        row.pop("fallbacks")
    assert got == expected


async def test_deleting_every_row_leaves_no_bucket(store: Store) -> None:
    await random_log(store, seed=5, requests=40)

    def erase(db: Any) -> list[Any]:
        db.execute("DELETE FROM spend")
        return list(db.query("SELECT * FROM spend_hourly"))

    assert await store.run(erase) == []


async def test_erasing_after_forgetting_the_sums_leaves_nothing(
    store: Store,
) -> None:
    from jarvis.store import rollup

    await random_log(store, seed=9, requests=40)

    def erase(db: Any) -> list[int]:
        with db.atomic():
            rollup.forget_all(db)
            db.execute("DELETE FROM spend")
        return [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # nosec B608
                for t in ("spend", *rollup.ROLLUPS)]

    assert await store.run(erase) == [0, 0, 0, 0]
    await random_log(store, seed=10, requests=20)  # sums start afresh
    rows = await SpendLog(store).rows()
    got = await SpendLog(store, tz=UTC).totals(("provider",))
    assert got == _brute(rows, ("provider",), None, None, UTC)


async def test_fallback_counts_once_on_the_second_provider(store: Store) -> None:
    spend = SpendLog(store)
    base = {"attempt": 1, "status": "failed", "model": "m", "charge_pusd": 0,
            "started_at": "2026-03-02T10:00:00.000+00:00"}
    for provider in ("openai", "openai", "anthropic", "gemini", "openai"):
        await spend.insert_finished({**base, "request_id": "r1",
                                     "provider": provider})
    await spend.insert_finished({**base, "request_id": "r2", "provider": "gemini"})

    found = await spend.totals(("provider",))

    assert {r["provider"]: r["fallbacks"] for r in found} == {
        "anthropic": 1, "gemini": 0, "openai": 0}


async def test_unpriced_only_groups_report_no_cost_C08(store: Store) -> None:
    spend = SpendLog(store)
    await spend.insert_finished({
        "request_id": "r", "attempt": 1, "provider": "gemini",
        "model": "gemini-future-9", "status": "ok", "input_tokens": 10,
        "output_tokens": 5, "cost_pusd": None, "charge_pusd": 90})

    [row] = await spend.totals(("provider",), localtime.today())

    assert row["cost_pusd"] is None and row["unpriced"] == 1
    assert from_pusd(row["charge_pusd"]) == Decimal("9E-11")
