"""History.add_prompt: one database call stores a prompt before it is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from jarvis.store.db import Store
from jarvis.store.history import History, new_conversation_id


@pytest.fixture
async def history(tmp_path: Path) -> AsyncIterator[History]:
    store = Store(tmp_path / "history.sqlite3")
    await store.open()
    try:
        yield History(store)
    finally:
        await store.close()


async def test_add_prompt_creates_a_new_conversation(history: History) -> None:
    conversation = new_conversation_id()
    stored = await history.add_prompt(conversation, "What is WAL mode?",
                                      create=True)
    assert stored.earlier == []
    [summary] = await history.conversations()
    assert (summary.id, summary.title, summary.message_count) == (
        conversation, "What is WAL mode?", 1)
    [message] = await history.messages(conversation)
    assert (message.id, message.role, message.text, message.status) == (
        stored.message_id, "user", "What is WAL mode?", "ok")


async def test_add_prompt_returns_what_came_before(history: History) -> None:
    conversation = await history.create()
    await history.add(conversation, "user", "first")
    await history.add(conversation, "assistant", "one", status="ok")
    stored = await history.add_prompt(conversation, "second")
    assert [(m.role, m.text) for m in stored.earlier] == [
        ("user", "first"), ("assistant", "one")]
    assert [m.text for m in await history.messages(conversation)] == [
        "first", "one", "second"]


async def test_add_prompt_replaces_the_last_exchange(history: History) -> None:
    conversation = await history.create()
    for role, text in [("user", "a"), ("assistant", "A"), ("user", "b"),
                       ("assistant", "B")]:
        await history.add(conversation, role, text)
    stored = await history.add_prompt(conversation, "b, edited", replace_last=True)
    assert [m.text for m in stored.earlier] == ["a", "A"]
    assert [m.text for m in await history.messages(conversation)] == [
        "a", "A", "b, edited"]


async def test_add_prompt_to_a_missing_conversation_stores_nothing(
    history: History,
) -> None:
    """Without ``create`` the conversation must exist (foreign key); the
    failed call leaves no half-written prompt."""
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await history.add_prompt(new_conversation_id(), "lost?")
    assert await history.conversations() == []


async def test_a_prompt_and_a_reservation_share_one_transaction(
    tmp_path: Path,
) -> None:
    """store_prompt and spend's _reserve nest in a caller's BEGIN IMMEDIATE
    (savepoints): one commit for both, and a cap refusal inside undoes the
    prompt too unless the caller catches it inside the block."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from jarvis.budget import Cap
    from jarvis.store import spend
    from jarvis.store.history import prompt_row, store_prompt

    store = Store(tmp_path / "history.sqlite3")
    await store.open()
    start = datetime.now(UTC) - timedelta(hours=1)
    cap = Cap("daily", None, Decimal("1"), start, start + timedelta(days=1))

    def reservation(charge_usd: str) -> dict[str, object]:
        return {"request_id": "r", "attempt": 1, "started_at": spend.now_iso(),
                "provider": "openai", "model": "m", "status": "pending",
                "charge_pusd": spend.to_pusd(Decimal(charge_usd)), "demo": 0}

    def both(db: Any, conversation: str, charge_usd: str) -> list[str]:
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        try:
            with db.atomic(immediate=True):
                store_prompt(db, prompt_row(conversation, "hi"), create=True)
                spend._reserve(db, reservation(charge_usd), [cap], 0)
        finally:
            db.conn.set_trace_callback(None)
        return [s for s in statements if s.startswith(("BEGIN", "COMMIT"))]

    try:
        kept = new_conversation_id()
        assert await store.run(lambda db: both(db, kept, "0.6")) == [
            "BEGIN IMMEDIATE", "COMMIT"]
        with pytest.raises(spend.CapExceeded):
            await store.run(lambda db: both(db, new_conversation_id(), "0.6"))
        history = History(store)
        assert [c.id for c in await history.conversations()] == [kept]
        assert len(await spend.SpendLog(store).rows()) == 1
    finally:
        await store.close()
