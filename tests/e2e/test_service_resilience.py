"""Cache, retry-replaces-partial, conversation chains, tiers, breakers, limits."""

from __future__ import annotations

from contextlib import aclosing
from pathlib import Path

from jarvis.breaker import BreakerState
from jarvis.events import Failed, FallbackUsed, Notice, ReplyDone, ServiceEvent
from jarvis.service import AskOptions, Jarvis
from jarvis.simulator import Fault, Simulator
from jarvis.store.spend import from_pusd
from tests.e2e.conftest import collect, write_config


async def open_with(home: Path, sim: Simulator, extra: str) -> Jarvis:
    write_config(home, sim, extra)
    return await Jarvis.open(home=home)


async def events_of(stream: object) -> list[ServiceEvent]:
    found: list[ServiceEvent] = []
    async with aclosing(stream) as events:  # type: ignore[type-var]
        async for event in events:
            found.append(event)
    return found


async def test_deterministic_request_is_served_from_cache(
    service: Jarvis, sim: Simulator
) -> None:
    first = await collect(service, "What is 2+2?", temperature=0.0)
    second = await collect(service, "What is 2+2?", temperature=0.0)

    a, b = first[-1], second[-1]
    assert isinstance(a, ReplyDone) and isinstance(b, ReplyDone)
    assert b.reply.cache_hit and not a.reply.cache_hit
    assert b.reply.text == a.reply.text
    assert b.reply.cost_usd == 0 and b.reply.saved_usd == a.reply.cost_usd
    assert len(sim.requests) == 1
    rows = (await service.usage())["rows"]
    assert [r["status"] for r in rows] == ["ok", "cache_hit"]
    assert from_pusd(rows[1]["saved_pusd"]) == a.reply.cost_usd
    assert rows[1]["charge_pusd"] == 0


async def test_non_deterministic_request_is_not_cached(
    service: Jarvis, sim: Simulator
) -> None:
    await collect(service, "Tell me a story")
    await collect(service, "Tell me a story")

    assert len(sim.requests) == 2


async def test_retry_replaces_the_interrupted_reply(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("anthropic", Fault(drop_after=3))
    conversation = await service.new_conversation()
    failed = (await events_of(service.ask("Explain", conversation_id=conversation)))[-1]
    assert isinstance(failed, Failed) and failed.partial_text

    done = (await events_of(service.retry(conversation)))[-1]

    assert isinstance(done, ReplyDone)
    messages = await service.messages(conversation)
    assert [(m.role, m.status) for m in messages] == [("user", "ok"),
                                                      ("assistant", "ok")]
    assert messages[1].text == done.reply.text
    assert sim.requests[-1].message_count == 1, "the prompt is sent once"
    rows = (await service.usage())["rows"]
    assert [r["status"] for r in rows] == ["interrupted", "ok"]
    assert rows[1]["cost_pusd"] is not None


async def test_conversation_chain_overrides_config(
    service: Jarvis, sim: Simulator
) -> None:
    conversation = await service.new_conversation()
    await service.set_conversation_fallback(conversation, ["gemini", "openai"])
    sim.script("gemini", Fault(status=500), Fault(status=500), Fault(status=500))

    found = await events_of(service.ask("hi", conversation_id=conversation))

    fallback = next(e for e in found if isinstance(e, FallbackUsed))
    assert (fallback.from_provider, fallback.to_provider) == ("gemini", "openai")
    assert isinstance(found[-1], ReplyDone)
    assert found[-1].reply.provider == "openai"
    assert "anthropic" not in [r.kind for r in sim.requests]


async def test_tier_picks_provider_and_model(home: Path, sim: Simulator) -> None:
    jarvis = await open_with(home, sim, "[tiers]\nbest = \"openai:gpt-5\"")
    try:
        found = await collect(jarvis, "hello", tier="best")
        fast = await collect(jarvis, "hello", tier="fast")
    finally:
        await jarvis.aclose()

    assert isinstance(found[-1], ReplyDone)
    assert (found[-1].reply.provider, found[-1].reply.model) == ("openai", "gpt-5")
    assert isinstance(fast[-1], ReplyDone)
    assert fast[-1].reply.model == "claude-haiku-4-5"


async def test_breaker_opens_and_skips_the_provider(
    home: Path, sim: Simulator
) -> None:
    write_config(home, sim, "[breaker]\nfailures = 2\ncooldown_s = 600\n")
    config = home / "config.toml"
    config.write_text(
        config.read_text().replace("[retry]\n", "[retry]\nattempts = 1\n"))
    jarvis = await Jarvis.open(home=home)
    changes: list[tuple[str, BreakerState]] = []
    jarvis.on_breaker_change(lambda name, state: changes.append((name, state)))
    sim.script("anthropic", Fault(status=503), Fault(status=503))
    try:
        await collect(jarvis, "one")
        await collect(jarvis, "two")
        third = await collect(jarvis, "three")
        states = jarvis.breaker_states()
    finally:
        await jarvis.aclose()

    assert ("anthropic", BreakerState.OPEN) in changes
    assert states["anthropic"] is BreakerState.OPEN
    skipped = next(e for e in third if isinstance(e, FallbackUsed))
    assert "repeated failures" in skipped.reason
    assert [r.kind for r in sim.requests].count("anthropic") == 2


async def test_rate_limit_refuses_when_configured(home: Path, sim: Simulator) -> None:
    write_config(home, sim, '[limits]\non_limit = "refuse"')
    config = home / "config.toml"
    config.write_text(config.read_text().replace(
        "[providers.openai]\n", "[providers.openai]\nrpm = 1\n"))
    jarvis = await Jarvis.open(home=home)
    try:
        first = await collect(jarvis, "one", provider="openai", fallback=False)
        second = await collect(jarvis, "two", provider="openai", fallback=False)
    finally:
        await jarvis.aclose()

    assert isinstance(first[-1], ReplyDone)
    assert isinstance(second[-1], Failed) and second[-1].kind == "refused"
    assert "requests-per-minute" in second[-1].message
    assert len(sim.requests) == 1


async def test_budget_alerts_at_thresholds(home: Path, sim: Simulator) -> None:
    jarvis = await open_with(home, sim, "[limits]\ndaily_usd = 0.005\nmax_tokens = 100")
    try:
        runs = [await collect(jarvis, f"q{i} [[sim: output_tokens=120]]",
                              provider="anthropic", fallback=False,
                              max_tokens=100) for i in range(4)]
    finally:
        await jarvis.aclose()

    notices = [e.message for run in runs for e in run if isinstance(e, Notice)]
    assert any(n.startswith("50% of the daily cap") for n in notices), notices


async def test_caps_report_spent_and_limit(service: Jarvis) -> None:
    await collect(service, "hello")

    caps = await service.caps()

    assert [c.label for c in caps] == ["daily cap of $5", "monthly cap of $50"]
    assert all(c.spent_usd > 0 for c in caps)


async def test_options_default_to_config(service: Jarvis) -> None:
    found = await collect(service, "hello")

    assert isinstance(found[-1], ReplyDone)
    assert found[-1].reply.provider == service.config.default_provider
    assert AskOptions().fallback is True
