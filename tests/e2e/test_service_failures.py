"""Failures through the real SDKs: retry counts, Retry-After, fallback, caps."""

from __future__ import annotations

import asyncio
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from jarvis.events import Failed, FallbackUsed, ReplyDone, Waiting
from jarvis.service import Jarvis
from jarvis.simulator import Fault, Simulator
from jarvis.store.spend import SpendLog, from_pusd
from tests.e2e.conftest import collect, write_config


async def test_one_retry_layer_request_count_equals_attempts__C04(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("openai", *[Fault(status=429)] * 10)

    events = await collect(service, "hello", provider="openai", fallback=False)

    assert isinstance(events[-1], Failed) and events[-1].kind == "rate_limited"
    assert len(sim.requests) == service.config.retry.attempts == 3
    assert sum(isinstance(e, Waiting) for e in events) == 2


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault(status=429, retry_after=0.2), 0.2),
        (Fault(status=429, retry_after_ms=150), 0.15),
        (Fault(status=429, retry_after_date=1), 1.0),
    ],
)
async def test_retry_after_forms_are_honoured__C05(
    service: Jarvis, sim: Simulator, fault: Fault, expected: float
) -> None:
    sim.script("anthropic", fault)

    events = await collect(service, "hello", provider="anthropic", fallback=False)

    assert isinstance(events[-1], ReplyDone)
    waits = [e.seconds for e in events if isinstance(e, Waiting)]
    assert len(waits) == 1
    # An HTTP-date has one-second resolution.
    assert waits[0] == pytest.approx(expected, abs=1.0 if expected >= 1 else 0.01)


async def test_retry_after_above_ceiling_is_not_sent_early__C05(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("anthropic", Fault(status=429, retry_after=900))

    events = await collect(service, "hello", provider="anthropic", fallback=False)

    failed = events[-1]
    assert isinstance(failed, Failed)
    assert "try again in about 15 min" in failed.message.lower()
    assert failed.retry_after_s == 900
    assert len(sim.requests) == 1
    assert not any(isinstance(e, Waiting) for e in events)


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (400, "context_too_long", "conversation too long"),
        (401, "auth", "key rejected"),
    ],
)
async def test_errors_that_never_succeed_are_sent_once__C06(
    service: Jarvis, sim: Simulator, status: int, kind: str, words: str
) -> None:
    sim.script("openai", Fault(status=status))

    events = await collect(service, "hello", provider="openai", fallback=False)

    failed = events[-1]
    assert isinstance(failed, Failed)
    assert failed.kind == kind
    assert words in failed.message.lower()
    assert len(sim.requests) == 1


async def test_auth_failure_falls_back_without_retrying__C06(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("anthropic", Fault(status=401))

    events = await collect(service, "hello")

    fallbacks = [e for e in events if isinstance(e, FallbackUsed)]
    assert [(f.from_provider, f.to_provider) for f in fallbacks] == [
        ("anthropic", "openai")]
    done = events[-1]
    assert isinstance(done, ReplyDone)
    assert done.reply.provider == "openai"
    assert done.reply.fallback_from == ("anthropic",)
    assert [r.kind for r in sim.requests] == ["anthropic", "openai"]


async def test_server_errors_retry_then_fall_back(
    service: Jarvis, sim: Simulator
) -> None:
    sim.script("anthropic", *[Fault(status=529)] * 3)

    events = await collect(service, "hello")

    assert isinstance(events[-1], ReplyDone)
    assert events[-1].reply.provider == "openai"
    assert [r.kind for r in sim.requests] == ["anthropic"] * 3 + ["openai"]
    rows = (await service.usage())["rows"]
    assert [r["status"] for r in rows] == ["error"] * 3 + ["ok"]
    assert {r["error_kind"] for r in rows[:3]} == {"overloaded"}


async def test_keyless_provider_is_skipped_with_a_reason(
    service: Jarvis, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")

    events = await collect(service, "hello")

    fallback = next(e for e in events if isinstance(e, FallbackUsed))
    assert "no key" in fallback.reason.lower()
    assert isinstance(events[-1], ReplyDone)
    assert [r.kind for r in sim.requests] == ["openai"]


async def test_cap_refuses_before_sending(
    home: Path, sim: Simulator
) -> None:
    write_config(home, sim, "[limits]\ndaily_usd = 0.0001\nmax_tokens = 4000")
    jarvis = await Jarvis.open(home=home)
    try:
        events = await collect(jarvis, "hello")
    finally:
        await jarvis.aclose()

    failed = events[-1]
    assert isinstance(failed, Failed)
    assert failed.kind == "refused"
    assert "daily cap of $0.0001" in failed.message
    assert "left" in failed.message and "Resets" in failed.message
    assert sim.requests == []


async def test_a_cap_with_keyless_fallbacks_is_a_refusal_not_no_key(
    home: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The common setup: one key, the other providers of the default chain
    # have none. Hitting the cap must say so, not "add a key" (exit 3, not 4).
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("GEMINI_API_KEY")
    write_config(home, sim, "[limits]\ndaily_usd = 0.0001\nmax_tokens = 4000")
    jarvis = await Jarvis.open(home=home)
    try:
        events = await collect(jarvis, "hello")
    finally:
        await jarvis.aclose()

    failed = events[-1]
    assert isinstance(failed, Failed) and failed.kind == "refused"
    assert failed.message.startswith("anthropic: Refused by the daily cap of $0.0001")
    assert "openai: No key for this provider" in failed.message
    assert sim.requests == []


async def test_a_failure_with_keyless_fallbacks_names_the_failure(
    service: Jarvis, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("GEMINI_API_KEY")
    sim.script("anthropic", Fault(status=401))

    events = await collect(service, "hello")

    failed = events[-1]
    assert isinstance(failed, Failed) and failed.kind == "auth"
    assert failed.message.startswith("Every provider failed. anthropic: Key rejected")
    assert "No provider has a key yet" not in failed.message


async def test_concurrent_requests_never_overspend_together(
    home: Path, sim: Simulator
) -> None:
    # Each worst case is about $0.0075 (claude-sonnet-4-5, 500 output tokens
    # at $15/M), so a $0.03 cap fits only a few of twelve at once.
    cap = Decimal("0.03")
    write_config(home, sim, f'fallback = ["anthropic"]\n[limits]\ndaily_usd = {cap}\n'
                 "max_tokens = 500")
    config_text = (home / "config.toml").read_text().replace(
        'fallback = ["anthropic", "openai", "gemini"]\n', "", 1)
    (home / "config.toml").write_text(config_text)
    jarvis = await Jarvis.open(home=home)
    peak = Decimal(0)

    async def watch() -> None:
        nonlocal peak
        while True:
            rows = await jarvis.spend.rows()
            peak = max(peak, sum((from_pusd(r["charge_pusd"]) or Decimal(0)
                                  for r in rows), Decimal(0)))
            await asyncio.sleep(0.005)

    watcher = asyncio.create_task(watch())
    try:
        results = await asyncio.gather(*[
            collect(jarvis, f"question {i} [[sim: first_token_delay=0.2]]",
                    fallback=False)
            for i in range(12)])
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        rows = await jarvis.spend.rows()
        await jarvis.aclose()

    ok = [r for r in results if isinstance(r[-1], ReplyDone)]
    refused = [r for r in results if isinstance(r[-1], Failed)
               and r[-1].kind == "refused"]
    assert ok and refused and len(ok) + len(refused) == 12
    assert peak <= cap
    assert sum((from_pusd(r["charge_pusd"]) or Decimal(0) for r in rows),
               Decimal(0)) <= cap
    assert len(sim.requests) == len(ok)


async def test_no_keys_anywhere_offers_demo_mode(
    service: Jarvis, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.delenv(name)

    events = await collect(service, "hello")

    failed = events[-1]
    assert isinstance(failed, Failed) and failed.kind == "no_key"
    assert "--demo" in failed.message and "jarvis keys set" in failed.message
    assert sim.requests == []


async def test_cache_is_never_shared_across_keys(
    service: Jarvis, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    await collect(service, "same question", temperature=0.0)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "-".join(("sk", "ant", "other", "9")))

    events = await collect(service, "same question", temperature=0.0)

    assert isinstance(events[-1], ReplyDone) and not events[-1].reply.cache_hit
    assert len(sim.requests) == 2


async def test_key_is_not_sent_to_an_unapproved_lookalike(
    home: Path, sim: Simulator
) -> None:
    write_config(home, sim)
    config = home / "config.toml"
    config.write_text(config.read_text().replace(
        f'base_url = "{sim.base_url("anthropic")}"',
        'base_url = "https://api.anthropic.com.keys.example"'))
    jarvis = await Jarvis.open(home=home)
    try:
        events = await collect(jarvis, "hello")
    finally:
        await jarvis.aclose()

    fallback = next(e for e in events if isinstance(e, FallbackUsed))
    assert fallback.from_provider == "anthropic"
    assert "looks like api.anthropic.com" in fallback.reason
    assert isinstance(events[-1], ReplyDone)
    assert [r.kind for r in sim.requests] == ["openai"]


async def test_local_openai_compatible_model_needs_no_key_and_costs_nothing(
    home: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.delenv(name)
    write_config(home, sim, 'fallback = ["local"]\n[limits]\ndaily_usd = 0')
    config = home / "config.toml"
    text = config.read_text().replace('fallback = ["anthropic", "openai", "gemini"]\n',
                                      "", 1)
    config.write_text(text + '[providers.local]\nkind = "openai_compatible"\n'
                      f'base_url = "{sim.base_url("openai")}"\nmodel = "llama3.2"\n')
    jarvis = await Jarvis.open(home=home)
    try:
        events = await collect(jarvis, "hello")
        caps = await jarvis.caps()
    finally:
        await jarvis.aclose()

    done = events[-1]
    assert isinstance(done, ReplyDone), done
    assert (done.reply.provider, done.reply.model) == ("local", "llama3.2")
    assert done.reply.cost_usd == 0, "a $0 local model is never blocked by a cap"
    assert caps[0].limit_usd == 0
    assert [(r.kind, r.has_key, r.store) for r in sim.requests] == [
        ("openai", True, None)], "no store flag sent to a compatible server"


async def test_a_prompt_that_cannot_be_stored_is_never_sent(
    service: Jarvis, sim: Simulator
) -> None:
    # A new conversation's prompt is written while the request is planned
    # (one round trip less); the write must still come before any send.
    def read_only(db: object) -> None:
        db.conn.execute("PRAGMA query_only = ON")  # type: ignore[attr-defined]

    await service._store.run(read_only)

    events = await collect(service, "hello", provider="openai", fallback=False)

    assert isinstance(events[-1], Failed) and events[-1].kind == "storage"
    assert sim.requests == [], "nothing reached the provider"
    await service._store.run(
        lambda db: db.conn.execute("PRAGMA query_only = OFF"))  # type: ignore[attr-defined]
    spend = await service._store.run(
        lambda db: db.conn.execute("SELECT COUNT(*) FROM spend").fetchone()[0])  # type: ignore[attr-defined]
    assert spend == 0, "nothing was reserved"



async def test_a_reservation_the_disk_refuses_says_nothing_was_shown(
    service: Jarvis, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = SpendLog.reserve

    def refused(self: SpendLog, **kwargs: object) -> object:
        # Queued first, so the reservation also goes to the database thread.
        self._store.submit(
            lambda db: db.conn.execute("PRAGMA query_only = ON"))  # type: ignore[attr-defined]
        return original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SpendLog, "reserve", refused)

    events = await collect(service, "hello", provider="openai", fallback=False)

    assert isinstance(events[-1], Failed) and events[-1].kind == "storage"
    assert "read-only" in events[-1].message
    assert "reply shown" not in events[-1].message, "no reply was shown"
    assert sim.requests == []
    await service._store.run(
        lambda db: db.conn.execute("PRAGMA query_only = OFF"))  # type: ignore[attr-defined]


async def test_a_prompt_blocked_by_a_locked_database_is_a_storage_failure(
    service: Jarvis, sim: Simulator
) -> None:
    # Another program holds the write lock past the busy timeout: the same
    # kind of failure as any refused write, not an internal error.
    await service._store.run(
        lambda db: db.conn.execute("PRAGMA busy_timeout = 20"))  # type: ignore[attr-defined]
    other = sqlite3.connect(service.paths.database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        events = await collect(service, "hello", provider="openai", fallback=False)
    finally:
        other.close()

    assert isinstance(events[-1], Failed) and events[-1].kind == "storage"
    assert "database is locked" in events[-1].message
    assert sim.requests == []
