"""History.add_prompt: one database call stores a prompt before it is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

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
