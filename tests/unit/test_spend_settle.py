"""SpendLog.begin and settle: the row written, the row updated, and the
rollup sums moved with it."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from jarvis.store.db import Store
from jarvis.store.spend import AttemptResult, SpendLog
from jarvis.usage import Usage


async def _row(store: Store, row_id: int) -> dict[str, object]:
    return await store.run(lambda db: next(db.query(
        "SELECT * FROM spend WHERE id = ?", [row_id])))


async def test_settle_writes_how_the_attempt_ended(store: Store) -> None:
    spend = SpendLog(store)
    row_id = await spend.reserve(request_id="r", attempt=1, provider="openai",
                               model="gpt-5-mini", conversation_id=None,
                               reserve_usd=Decimal("0.5"))
    assert (await _row(store, row_id))["charge_pusd"] == 500_000_000_000

    await spend.settle(row_id, AttemptResult(
        "ok", Usage(100, 20, 5, 50, 7), Decimal("0.0001"), 512.3456, 98.7654,
        "stop", model="gpt-5-mini-2025", saved_usd=Decimal("0.00002"),
        charge_usd=Decimal("0.0001")))

    row = await _row(store, row_id)
    assert {k: row[k] for k in (
        "status", "model", "input_tokens", "cache_read_tokens",
        "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_pusd",
        "charge_pusd", "saved_pusd", "latency_ms", "ttft_ms", "finish_reason",
        "error_kind")} == {
        "status": "ok", "model": "gpt-5-mini-2025", "input_tokens": 100,
        "cache_read_tokens": 20, "cache_write_tokens": 5, "output_tokens": 50,
        "reasoning_tokens": 7, "cost_pusd": 100_000_000, "charge_pusd": 100_000_000,
        "saved_pusd": 20_000_000, "latency_ms": 512.346, "ttft_ms": 98.765,
        "finish_reason": "stop", "error_kind": None}


async def test_settle_with_unknown_usage_writes_nulls_not_zeros_C01(
    store: Store,
) -> None:
    spend = SpendLog(store)
    row_id = await spend.reserve(request_id="r", attempt=1, provider="openai",
                               model="m", conversation_id=None)
    await spend.settle(row_id, AttemptResult(
        "interrupted", None, None, 10.0, None, error_kind="connection",
        charge_usd=Decimal("0.01")))

    row = await _row(store, row_id)
    assert (row["status"], row["input_tokens"], row["output_tokens"],
            row["cost_pusd"], row["charge_pusd"], row["model"]) == (
        "interrupted", None, None, None, 10_000_000_000, "m")


async def test_settling_a_row_erased_meanwhile_is_logged_not_raised(
    store: Store, caplog: pytest.LogCaptureFixture,
) -> None:
    spend = SpendLog(store)
    row_id = await spend.reserve(request_id="r", attempt=1, provider="openai",
                               model="m", conversation_id=None)
    await store.erase()

    with caplog.at_level(logging.WARNING, logger="jarvis.store.spend"):
        await spend.settle(row_id, AttemptResult("ok", Usage(1, 0, 0, 1, 0),
                                                 Decimal(0), 1.0, 1.0))

    assert [r.getMessage() for r in caplog.records] == [
        f"spend row {row_id} was gone when its attempt ended"]
    assert await spend.rows() == []
