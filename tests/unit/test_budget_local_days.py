"""Caps reset at local midnight and count reservations exactly, from the rollup."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jarvis import budget, localtime
from jarvis.config import default_config
from jarvis.store.db import Store
from jarvis.store.spend import CapExceeded, SpendLog, to_pusd

KOLKATA = ZoneInfo("Asia/Kolkata")


@pytest.fixture
def system_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's own zone is Asia/Kathmandu (+5:45) for this test."""
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _caps(
    now: datetime, tz: ZoneInfo | None, limit: str = "1", monthly: str = "1"
) -> list[budget.Cap]:
    """A daily cap of ``limit`` and a monthly one over all providers."""
    today = now.astimezone(tz).date()
    day = localtime.day_start(today, tz)
    month = localtime.day_start(today.replace(day=1), tz)
    return [budget.Cap("daily", None, Decimal(limit), day, day + timedelta(days=1)),
            budget.Cap("monthly", None, Decimal(monthly), month,
                       month + timedelta(days=31))]


def test_daily_cap_starts_at_local_midnight_in_a_half_hour_zone() -> None:
    now = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # 01:30 on the 11th there

    day, next_day = budget._day(now.astimezone(KOLKATA).date(), KOLKATA)
    month, next_month = budget._month(now.astimezone(KOLKATA).date(), KOLKATA)

    assert day == datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
    assert next_day == datetime(2026, 3, 11, 18, 30, tzinfo=UTC)
    assert month == datetime(2026, 2, 28, 18, 30, tzinfo=UTC)
    assert next_month == datetime(2026, 3, 31, 18, 30, tzinfo=UTC)
    assert day.utcoffset() == timedelta(hours=5, minutes=30)  # shown locally


def test_a_daylight_saving_day_is_23_hours_long() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    day, next_day = budget._day(datetime(2026, 3, 29, 12).date(), berlin)

    assert day == datetime(2026, 3, 28, 23, tzinfo=UTC)
    assert next_day.astimezone(UTC) - day.astimezone(UTC) == timedelta(hours=23)


def test_caps_follow_the_system_zone__tz_env(system_zone: None) -> None:
    now = datetime(2026, 5, 4, 18, 20, tzinfo=UTC)  # 00:05 on the 5th there

    caps = budget.caps_for(default_config(), "openai", now)

    daily = next(c for c in caps if c.window == "daily" and c.provider is None)
    monthly = next(c for c in caps if c.window == "monthly")
    assert daily.since == datetime(2026, 5, 4, 18, 15, tzinfo=UTC)
    assert daily.resets_at == datetime(2026, 5, 5, 18, 15, tzinfo=UTC)
    assert monthly.since == datetime(2026, 4, 30, 18, 15, tzinfo=UTC)
    assert "18:15" not in budget.refusal_message(
        daily, Decimal(1), Decimal(2), now.astimezone())  # local time shown


async def test_charged_counts_from_local_midnight_with_reservations(
    store: Store,
) -> None:
    midnight = localtime.day_start(localtime.today(KOLKATA), KOLKATA)
    spend = SpendLog(store)
    for offset, cost in ((-1, 7), (1, 11)):
        started = midnight + timedelta(minutes=offset)
        await spend.insert_finished({
            "request_id": f"r{offset}", "attempt": 1, "provider": "openai",
            "model": "gpt-5-mini", "status": "ok", "cost_pusd": cost,
            "charge_pusd": cost, "started_at": started.isoformat()})
    caps = _caps(datetime.now(UTC), KOLKATA, limit="0.000000000030",
                 monthly="1")
    await spend.reserve(request_id="pending", attempt=1, provider="openai",
                      model="gpt-5-mini", conversation_id=None,
                      reserve_usd=Decimal("0.000000000013"), caps=caps)

    daily, month = await spend.charged(caps)
    with pytest.raises(CapExceeded) as refused:
        await spend.reserve(request_id="over", attempt=1, provider="openai",
                          model="gpt-5-mini", conversation_id=None,
                          reserve_usd=Decimal("0.000000000007"), caps=caps[:1])

    assert to_pusd(daily) == 11 + 13  # the reservation counts while pending
    assert to_pusd(month) >= 11 + 13
    assert to_pusd(refused.value.charged_usd) == 24


async def test_twelve_reservations_across_three_connections_never_overspend(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jarvis.sqlite3"
    stores = [Store(path) for _ in range(3)]
    for store in stores:
        await store.open()
    caps = _caps(datetime.now(UTC), None, limit="0.035", monthly="0.035")

    async def reserve(store: Store, index: int) -> bool:
        try:
            await SpendLog(store).reserve(
                request_id=f"r{index}", attempt=1, provider="openai",
                model="gpt-5-mini", conversation_id=None,
                reserve_usd=Decimal("0.01"), caps=caps)
        except CapExceeded:
            return False
        return True

    try:
        accepted = await asyncio.gather(*[reserve(stores[i % 3], i)
                                          for i in range(12)])
        charged = await SpendLog(stores[0]).charged(caps)
    finally:
        for store in stores:
            await store.close()

    assert sum(accepted) == 3
    assert charged == [Decimal("0.03"), Decimal("0.03")]
