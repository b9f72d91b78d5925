"""Conversation management: rename, pin, delete, full-text search, export."""

from __future__ import annotations

import json
from contextlib import aclosing

import pytest

from jarvis.errors import ChoiceError
from jarvis.service import Jarvis
from jarvis.simulator import Fault, Simulator
from tests.e2e.conftest import collect


async def say(service: Jarvis, conversation: str, prompt: str) -> None:
    async with aclosing(service.ask(prompt, conversation_id=conversation)) as events:
        async for _ in events:
            pass


async def test_rename_pin_and_order(service: Jarvis) -> None:
    first = await service.new_conversation()
    second = await service.new_conversation()
    await say(service, first, "about gardening")
    await say(service, second, "about chess")

    await service.rename_conversation(first, "  Tomatoes   in   spring ")
    await service.pin_conversation(first, True)
    listed = await service.conversations()

    assert [c.id for c in listed][:2] == [first, second]
    assert listed[0].title == "Tomatoes in spring" and listed[0].pinned
    assert not listed[1].pinned


async def test_delete_removes_messages_but_keeps_spend(service: Jarvis) -> None:
    conversation = await service.new_conversation()
    await say(service, conversation, "a private matter")

    assert await service.delete_conversation(conversation)

    assert await service.messages(conversation) == []
    assert await service.search("private") == []
    assert len((await service.usage())["rows"]) == 1
    assert not await service.delete_conversation(conversation)


async def test_full_text_search_finds_words_and_prefixes(
    service: Jarvis, sim: Simulator
) -> None:
    conversation = await service.new_conversation()
    sim.script("anthropic", Fault(text="Use a Bloom filter for membership tests."))
    await say(service, conversation, "How do I check set membership quickly?")

    by_word = await service.search("bloom")
    by_prefix = await service.search("member")
    injected = await service.search('") OR 1=1 --')

    assert [h.role for h in by_word] == ["assistant"]
    assert "[Bloom]" in by_word[0].snippet
    assert {h.role for h in by_prefix} == {"user", "assistant"}
    assert all(h.conversation_id == conversation for h in by_prefix)
    assert injected == []


async def test_export_markdown_and_json(service: Jarvis, sim: Simulator) -> None:
    conversation = await service.new_conversation()
    sim.script("openai", Fault(drop_after=2))
    await say(service, conversation, "Explain **markdown**")
    await service.set_conversation_fallback(conversation, ["openai"])
    await say(service, conversation, "And again")

    markdown = await service.export_conversation(conversation, "markdown")
    data = json.loads(await service.export_conversation(conversation, "json"))

    assert markdown.startswith("# Explain **markdown**")
    assert "## You\n\nExplain **markdown**" in markdown
    assert "## Jarvis (anthropic · claude-sonnet-4-5 · $" in markdown
    assert "*(interrupted: partial reply)*" in markdown
    assert data["format"] == "jarvis-conversation"
    assert [m["role"] for m in data["messages"]] == [
        "user", "assistant", "user", "assistant"]
    assert data["messages"][3]["status"] == "interrupted"
    with pytest.raises(ChoiceError):
        await service.export_conversation(conversation, "pdf")


async def test_regenerate_replaces_a_complete_reply(
    service: Jarvis, sim: Simulator
) -> None:
    conversation = await service.new_conversation()
    await say(service, conversation, "Name a colour")
    sim.script("anthropic", Fault(text="Teal."))

    async with aclosing(service.retry(conversation, regenerate=True)) as events:
        async for _ in events:
            pass

    messages = await service.messages(conversation)
    assert [(m.role, m.text) for m in messages] == [
        ("user", "Name a colour"), ("assistant", "Teal.")]
    assert sim.requests[-1].message_count == 1


async def test_edit_and_resend_replaces_the_last_exchange(
    service: Jarvis, sim: Simulator
) -> None:
    conversation = await service.new_conversation()
    await say(service, conversation, "First question")
    await say(service, conversation, "Secnd question with a typo")

    stream = service.ask("Second question", conversation_id=conversation,
                         replace_last=True)
    async with aclosing(stream) as events:
        async for _ in events:
            pass

    texts = [m.text for m in await service.messages(conversation) if m.role == "user"]
    assert texts == ["First question", "Second question"]
    assert sim.requests[-1].message_count == 3, "the typo never reaches the model"


async def test_a_secret_sent_anyway_is_masked_in_the_conversations_title(
    service: Jarvis,
) -> None:
    from jarvis.events import PromptStored
    from tests.security import fakes

    key = fakes.github_token()
    events = await collect(service, f"why is {key} refused?", provider="openai",
                           allow_secrets=True)
    stored = next(e for e in events if isinstance(e, PromptStored))

    [summary] = [c for c in await service.conversations()
                 if c.id == stored.conversation_id]
    assert key not in summary.title and key[-8:] not in summary.title
    assert summary.title.startswith("why is [") and summary.title.endswith("refused?")
    messages = await service.messages(stored.conversation_id)
    assert key in messages[0].text, "the prompt itself is kept as sent"


async def test_editing_the_first_prompt_retitles_an_untouched_title(
    service: Jarvis,
) -> None:
    from jarvis.events import PromptStored

    events = await collect(service, "edit me first", provider="openai")
    conversation = next(e for e in events
                        if isinstance(e, PromptStored)).conversation_id
    async with aclosing(service.ask("edited first", conversation_id=conversation,
                                    replace_last=True)) as stream:
        async for _ in stream:
            pass
    assert [c.title for c in await service.conversations()] == ["edited first"]

    await service.rename_conversation(conversation, "Mine")
    async with aclosing(service.ask("edited again", conversation_id=conversation,
                                    replace_last=True)) as stream:
        async for _ in stream:
            pass
    assert [c.title for c in await service.conversations()] == ["Mine"]


async def test_a_conversation_with_an_attachment_is_named_after_the_prompt(
    service: Jarvis,
) -> None:
    from jarvis.events import PromptStored
    from jarvis.guard.inbound import Attachment

    stream = service.ask("Summarise these notes\nplease",
                         attachments=[Attachment("notes.txt", "plain notes")])
    async with aclosing(stream) as events:
        stored = [e async for e in events if isinstance(e, PromptStored)]

    [summary] = await service.conversations()
    assert summary.id == stored[0].conversation_id
    assert summary.title == "Summarise these notes", "not the data fence"
