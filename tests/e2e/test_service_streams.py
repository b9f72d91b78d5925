"""One request end to end: real SDKs, the simulator, pricing, the spend log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from genai_prices import Usage as PriceUsage
from genai_prices import calc_price

from jarvis.events import (
    AttemptStarted,
    Failed,
    FinishReason,
    Guarded,
    PromptStored,
    ReplyDone,
    TextDelta,
)
from jarvis.service import Jarvis
from jarvis.simulator import Fault, Simulator
from jarvis.store.spend import from_pusd
from tests.e2e.conftest import collect

PROVIDERS = ("anthropic", "openai", "gemini")
PRICE_IDS = {"anthropic": "anthropic", "openai": "openai", "gemini": "google"}


def _done(events: list[object]) -> ReplyDone:
    last = events[-1]
    assert isinstance(last, ReplyDone), last
    return last


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_reply_streams_priced_and_logged(
    service: Jarvis, sim: Simulator, provider: str
) -> None:
    events = await collect(service, "Show me a Python greeting", provider=provider)

    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    reply = _done(events).reply
    assert len(deltas) > 3, "the reply should arrive in pieces"
    assert reply.text == "".join(deltas)
    assert "```python" in reply.text
    assert reply.provider == provider
    assert reply.finish_reason is FinishReason.STOP
    assert reply.usage is not None and reply.usage.output_tokens > 0
    assert reply.ttft_s is not None and reply.ttft_s <= reply.latency_s
    assert [type(e) for e in events[:3]] == [Guarded, PromptStored, AttemptStarted]

    rows = (await service.usage())["rows"]
    assert len(rows) == 1
    row = rows[0]
    assert row["status"] == "ok" and row["provider"] == provider
    assert row["output_tokens"] == reply.usage.output_tokens
    assert from_pusd(row["cost_pusd"]) == reply.cost_usd
    assert reply.cost_usd is not None and reply.cost_usd > 0
    assert [r.kind for r in sim.requests] == [provider]


async def test_history_keeps_prompt_and_reply(service: Jarvis) -> None:
    conversation = await service.new_conversation()
    await collect_in(service, conversation, "First question")
    await collect_in(service, conversation, "Second question")

    messages = await service.messages(conversation)
    assert [m.role for m in messages] == ["user", "assistant"] * 2
    assert messages[0].text == "First question"
    assert all(m.status == "ok" for m in messages)
    summaries = await service.conversations()
    assert summaries[0].title == "First question"
    assert summaries[0].message_count == 4


async def collect_in(service: Jarvis, conversation: str, prompt: str) -> None:
    from contextlib import aclosing

    async with aclosing(service.ask(prompt, conversation_id=conversation)) as events:
        async for _ in events:
            pass


async def test_usage_only_final_chunk__C01(service: Jarvis, sim: Simulator) -> None:
    sim.script("openai", Fault(prompt_tokens=10, output_tokens=50))

    reply = _done(await collect(service, "hello", provider="openai")).reply

    assert reply.text
    assert reply.usage is not None
    assert (reply.usage.total_input, reply.usage.output_tokens) == (10, 50)


async def test_dropped_stream_keeps_partial_and_unknown_usage__C01(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("openai", Fault(drop_after=3))

    events = await collect(service, "hello", provider="openai")

    failed = events[-1]
    assert isinstance(failed, Failed)
    assert failed.kind == "interrupted"
    shown = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert shown and failed.partial_text == shown
    rows = (await service.usage())["rows"]
    assert len(rows) == 1, "no retry or fallback once text was shown"
    assert rows[0]["status"] == "interrupted"
    assert rows[0]["output_tokens"] is None and rows[0]["cost_pusd"] is None
    stored = await service.messages(failed.conversation_id or "")
    assert stored[-1].role == "assistant"
    assert (stored[-1].text, stored[-1].status) == (shown, "interrupted")


async def test_error_event_after_200_before_text_is_retried__C02(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("anthropic", Fault(error_after=0))

    reply = _done(await collect(service, "hello", provider="anthropic")).reply

    assert reply.provider == "anthropic" and reply.attempts == 2
    rows = (await service.usage())["rows"]
    assert [(r["attempt"], r["status"], r["error_kind"]) for r in rows] == [
        (1, "error", "overloaded"),
        (2, "ok", None),
    ]
    # An error event is not billed: the attempt costs and counts nothing.
    assert rows[0]["cost_pusd"] == 0 and rows[0]["charge_pusd"] == 0
    assert from_pusd(rows[1]["cost_pusd"]) == reply.cost_usd


async def test_error_event_after_text_keeps_partial__C02(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("anthropic", Fault(error_after=1))

    events = await collect(service, "hello", provider="anthropic")

    failed = events[-1]
    assert isinstance(failed, Failed)
    assert failed.kind == "interrupted"
    assert "overloaded" in failed.message
    assert failed.partial_text == "".join(
        e.text for e in events if isinstance(e, TextDelta))
    rows = (await service.usage())["rows"]
    assert [(r["status"], r["error_kind"]) for r in rows] == [
        ("interrupted", "overloaded")]
    assert len(sim.requests) == 1


async def test_safety_stop_without_parts__C03(service: Jarvis, sim: Simulator) -> None:
    sim.script("gemini", Fault(safety=True))

    reply = _done(await collect(service, "hello", provider="gemini")).reply

    assert reply.text == "Here is"
    assert reply.finish_reason is FinishReason.SAFETY
    assert "safety filter" in reply.finish_reason.explain()
    rows = (await service.usage())["rows"]
    assert rows[0]["status"] == "ok" and rows[0]["finish_reason"] == "safety"
    assert rows[0]["cost_pusd"] is not None


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_thinking_exhausts_output__C03(
    service: Jarvis, sim: Simulator, provider: str
) -> None:
    sim.script(provider, Fault(thinking_exhausts=True))

    reply = _done(await collect(service, "hello", provider=provider)).reply

    assert reply.text == ""
    assert reply.finish_reason is FinishReason.THINKING_LIMIT
    assert "thinking" in reply.finish_reason.explain()
    assert (await service.usage())["rows"][0]["status"] == "ok"


@pytest.mark.parametrize(
    ("provider", "fault", "fresh", "write"),
    [
        ("openai", Fault(prompt_tokens=2000, cache_read=1500, output_tokens=50),
         500, 0),
        ("anthropic", Fault(prompt_tokens=2000, cache_read=1500, cache_write=300,
                            output_tokens=50), 200, 300),
        ("gemini", Fault(prompt_tokens=2000, cache_read=1500, output_tokens=50),
         500, 0),
    ],
)
async def test_cached_tokens_priced_once__C07(
    service: Jarvis, sim: Simulator, provider: str, fault: Fault, fresh: int,
    write: int,
) -> None:
    sim.script(provider, fault)

    reply = _done(await collect(service, "hello", provider=provider)).reply

    assert reply.usage is not None
    assert reply.usage.input_tokens == fresh
    assert reply.usage.cache_read_tokens == 1500
    assert reply.usage.cache_write_tokens == write
    expected = calc_price(
        PriceUsage(input_tokens=2000, cache_read_tokens=1500,
                   cache_write_tokens=write, output_tokens=50),
        reply.model, provider_id=PRICE_IDS[provider]).total_price
    assert reply.cost_usd == Decimal(expected)
    row = (await service.usage())["rows"][0]
    assert from_pusd(row["cost_pusd"]) == Decimal(expected)


async def test_unknown_model_is_unpriced_not_free__C08(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("openai", Fault(model="gpt-from-the-future-2031-01-01"))

    reply = _done(await collect(service, "hello", provider="openai")).reply

    assert reply.model == "gpt-from-the-future-2031-01-01"
    assert reply.cost_usd is None and not reply.priced
    report = await service.usage()
    row = report["rows"][0]
    assert row["cost_pusd"] is None
    assert row["output_tokens"] is not None and row["output_tokens"] > 0
    assert row["charge_pusd"] > 0, "unpriced spend still counts against caps"
    assert report["by_provider"][0]["unpriced"] == 1


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_reasoning_tokens_are_their_own_bucket(
    service: Jarvis, sim: Simulator, provider: str
) -> None:
    sim.script(provider, Fault(output_tokens=40, reasoning_tokens=25))

    reply = _done(await collect(service, "hello", provider=provider)).reply

    assert reply.usage is not None
    assert (reply.usage.output_tokens, reply.usage.reasoning_tokens) == (40, 25)


async def test_warm_up_imports_the_default_sdk_off_the_loop(service: Jarvis) -> None:
    import sys

    await service.warm_up()

    assert {"anthropic", "genai_prices"} <= set(sys.modules)


async def test_a_new_conversation_is_named_once_its_prompt_is_stored(
    service: Jarvis, sim: Simulator
) -> None:
    events = await collect(service, "hello", provider="openai", fallback=False)

    kinds = [type(e).__name__ for e in events]
    assert kinds.index("PromptStored") < kinds.index("AttemptStarted")
    stored = next(e for e in events if isinstance(e, PromptStored))
    done = events[-1]
    assert isinstance(done, ReplyDone)
    assert done.reply.conversation_id == stored.conversation_id
    messages = await service.messages(stored.conversation_id)
    assert (messages[0].id, messages[0].text) == (stored.message_id, "hello")
    assert sum(isinstance(e, AttemptStarted) for e in events) == 1
