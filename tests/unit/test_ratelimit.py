"""Rate limits: exact waits on a manual clock, refusals, concurrency, fairness."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from jarvis.clock import ManualClock, describe_wait
from jarvis.config import ProviderConfig
from jarvis.errors import RefusedError
from jarvis.ratelimit import RateLimiter, RateLimits


def limiter(
    clock: ManualClock,
    rpm: int | None = None,
    tpm: int | None = None,
    max_concurrent: int = 4,
) -> RateLimiter:
    return RateLimiter(
        rpm,
        tpm,
        max_concurrent,
        clock=clock,
        sleep=clock.sleep,
        provider="openai",
    )


class Waits:
    """Records on_wait calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str]] = []

    def __call__(self, seconds: float, reason: str) -> None:
        self.calls.append((seconds, reason))


async def test_no_limits_never_wait() -> None:
    clock = ManualClock()
    rl = limiter(clock, max_concurrent=100)
    for _ in range(50):
        (await rl.acquire(10_000)).release()
    assert clock.sleeps == []


async def test_rpm_burst_then_one_request_per_interval() -> None:
    clock = ManualClock()
    rl = limiter(clock, rpm=60)
    waits = Waits()
    for _ in range(60):
        (await rl.acquire(1, on_wait=waits)).release()
    assert clock.sleeps == []
    (await rl.acquire(1, on_wait=waits)).release()
    assert clock.sleeps == [pytest.approx(1.0)]
    assert waits.calls == [
        (pytest.approx(1.0), "openai: requests-per-minute limit (60/min) reached")
    ]


async def test_rpm_refill_is_continuous() -> None:
    clock = ManualClock()
    rl = limiter(clock, rpm=6)  # one request per 10 s
    for _ in range(6):
        (await rl.acquire(0)).release()
    clock.advance(2.5)
    (await rl.acquire(0)).release()
    assert clock.sleeps == [pytest.approx(7.5)]
    clock.advance(25)
    for _ in range(2):
        (await rl.acquire(0)).release()
    assert clock.sleeps == [pytest.approx(7.5)]
    (await rl.acquire(0)).release()
    assert clock.sleeps == [pytest.approx(7.5), pytest.approx(5.0)]


async def test_tpm_waits_for_exactly_the_missing_tokens() -> None:
    clock = ManualClock()
    rl = limiter(clock, tpm=6000)  # 100 tokens per second
    waits = Waits()
    (await rl.acquire(5000)).release()
    (await rl.acquire(2200, on_wait=waits)).release()
    assert clock.sleeps == [pytest.approx(12.0)]
    assert waits.calls == [
        (pytest.approx(12.0), "openai: tokens-per-minute limit (6,000/min) reached")
    ]


async def test_the_longer_of_both_limits_is_waited_and_named() -> None:
    clock = ManualClock()
    rl = limiter(clock, rpm=60, tpm=600)  # 1 req/s, 10 tokens/s
    waits = Waits()
    (await rl.acquire(600)).release()
    (await rl.acquire(50, on_wait=waits)).release()
    assert clock.sleeps == [pytest.approx(5.0)]
    assert "tokens-per-minute" in waits.calls[0][1]


async def test_request_larger_than_the_whole_tpm_is_refused_not_waited() -> None:
    clock = ManualClock()
    rl = limiter(clock, tpm=4000)
    with pytest.raises(RefusedError) as caught:
        await rl.acquire(4001)
    message = str(caught.value)
    assert "4,001 tokens" in message
    assert "4,000 tokens per minute" in message
    assert "max_tokens" in message
    assert clock.sleeps == []
    assert rl.in_flight == 0
    (await rl.acquire(4000)).release()


async def test_refuse_says_which_limit_and_when_it_frees_up() -> None:
    clock = ManualClock()
    rl = limiter(clock, rpm=2)  # one request per 30 s
    for _ in range(2):
        (await rl.acquire(0)).release()
    clock.advance(6)
    with pytest.raises(RefusedError) as caught:
        await rl.acquire(0, refuse=True)
    assert str(caught.value) == (
        "openai: requests-per-minute limit (2/min) reached; "
        "it frees up in about 24 s"
    )
    assert caught.value.retry_after_s == pytest.approx(24.0)
    assert clock.sleeps == []
    assert rl.in_flight == 0


async def test_refuse_when_all_slots_are_taken() -> None:
    rl = limiter(ManualClock(), max_concurrent=1)
    permit = await rl.acquire(0)
    with pytest.raises(RefusedError, match="1 requests already running"):
        await rl.acquire(0, refuse=True)
    permit.release()
    (await rl.acquire(0, refuse=True)).release()


async def test_refuse_when_others_are_queued() -> None:
    gate = asyncio.Event()

    async def blocked_sleep(seconds: float) -> None:
        await gate.wait()

    rl = RateLimiter(1, None, 4, sleep=blocked_sleep)
    (await rl.acquire(0)).release()
    waiter = asyncio.create_task(rl.acquire(0))
    await asyncio.sleep(0)
    with pytest.raises(RefusedError, match="already waiting"):
        await rl.acquire(0, refuse=True)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter


async def test_settle_returns_unused_tokens() -> None:
    clock = ManualClock()
    rl = limiter(clock, tpm=6000)
    async with await rl.acquire(3000) as permit:
        permit.settle(1000)
    (await rl.acquire(5000)).release()
    assert clock.sleeps == []
    (await rl.acquire(600)).release()
    assert clock.sleeps == [pytest.approx(6.0)]


async def test_settle_charges_usage_above_the_estimate() -> None:
    clock = ManualClock()
    rl = limiter(clock, tpm=6000)
    permit = await rl.acquire(1000)
    permit.release()
    permit.settle(4000)  # usage arrives after the stream closed
    permit.settle(4000)  # settling twice with the same value changes nothing
    (await rl.acquire(3000)).release()
    assert clock.sleeps == [pytest.approx(10.0)]


async def test_overrun_debt_stops_at_one_minute() -> None:
    clock = ManualClock()
    rl = limiter(clock, tpm=6000)
    permit = await rl.acquire(6000)
    permit.settle(60_000)
    permit.release()
    (await rl.acquire(6000)).release()
    assert clock.sleeps == [pytest.approx(120.0)]


async def test_pause_holds_requests_for_the_providers_wait__C05() -> None:
    clock = ManualClock()
    rl = limiter(clock)
    waits = Waits()
    rl.pause(2.0)
    rl.pause(1.0)  # a shorter pause never shortens a longer one
    (await rl.acquire(0, on_wait=waits)).release()
    assert clock.sleeps == [pytest.approx(2.0)]
    assert waits.calls == [
        (pytest.approx(2.0), "openai: the provider asked for a pause (Retry-After)")
    ]
    rl.pause(900)
    with pytest.raises(RefusedError, match="about 15 min"):
        await rl.acquire(0, refuse=True)


async def test_concurrency_cap_with_real_tasks() -> None:
    rl = RateLimiter(None, None, 2, provider="gemini")
    waits = Waits()
    running = 0
    peak = 0
    order: list[int] = []

    async def request(number: int) -> None:
        nonlocal running, peak
        async with await rl.acquire(10, on_wait=waits):
            order.append(number)
            running += 1
            peak = max(peak, running)
            for _ in range(3):
                await asyncio.sleep(0)
            running -= 1

    async with asyncio.TaskGroup() as group:
        for number in range(6):
            group.create_task(request(number))

    assert peak == 2
    assert order == [0, 1, 2, 3, 4, 5]
    assert rl.in_flight == 0
    assert (0.0, "gemini: 2 requests already running (max_concurrent)") in (
        waits.calls
    )


async def test_waiters_are_served_in_arrival_order() -> None:
    clock = ManualClock()
    rl = limiter(clock, rpm=1)
    (await rl.acquire(0)).release()
    served: list[str] = []

    async def request(name: str) -> None:
        (await rl.acquire(0)).release()
        served.append(name)

    async with asyncio.TaskGroup() as group:
        for name in ("b", "c", "d"):
            group.create_task(request(name))
    assert served == ["b", "c", "d"]
    assert clock.sleeps == [pytest.approx(60.0)] * 3


async def test_cancelled_waiter_takes_nothing() -> None:
    clock = ManualClock()
    sleeping = asyncio.Event()

    async def endless_sleep(seconds: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()

    rl = RateLimiter(
        60, 600, 1, clock=clock, sleep=endless_sleep, provider="anthropic"
    )
    (await rl.acquire(600)).release()
    waiter = asyncio.create_task(rl.acquire(600))
    await sleeping.wait()
    assert rl.in_flight == 1
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert rl.in_flight == 0
    clock.advance(60)
    permit = await rl.acquire(600, refuse=True)
    assert rl.in_flight == 1
    permit.release()
    permit.release()
    assert rl.in_flight == 0


@pytest.mark.parametrize(
    ("rpm", "tpm", "concurrent"), [(0, None, 1), (None, 0, 1), (None, None, 0)]
)
def test_invalid_limits_are_rejected(
    rpm: int | None, tpm: int | None, concurrent: int
) -> None:
    with pytest.raises(ValueError):
        RateLimiter(rpm, tpm, concurrent)


async def test_negative_tokens_are_rejected() -> None:
    with pytest.raises(ValueError):
        await RateLimiter(None, None, 1).acquire(-1)


async def test_registry_builds_limiters_from_provider_config() -> None:
    clock = ManualClock()
    providers = {
        "anthropic": ProviderConfig(
            "anthropic", "anthropic", "claude-sonnet-4-5", rpm=2, tpm=None,
            max_concurrent=1, daily_usd=Decimal(1),
        ),
        "local": ProviderConfig("local", "openai_compatible", "llama"),
    }
    limits = RateLimits(providers, clock=clock, sleep=clock.sleep)
    anthropic = limits.for_provider("anthropic")
    assert anthropic is limits.for_provider("anthropic")
    assert (anthropic.rpm, anthropic.tpm, anthropic.max_concurrent) == (2, None, 1)
    assert limits.for_provider("local").max_concurrent == 4
    for _ in range(3):
        (await anthropic.acquire(0)).release()
    assert clock.sleeps == [pytest.approx(30.0)]
    with pytest.raises(KeyError, match="nope"):
        limits.for_provider("nope")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "less than a second"),
        (1.0, "about 1 s"),
        (12.1, "about 13 s"),
        (89.0, "about 89 s"),
        (900.0, "about 15 min"),
        (5399.0, "about 90 min"),
        (5400.0, "about 2 h"),
    ],
)
def test_describe_wait_rounds_up__C05(seconds: float, words: str) -> None:
    assert describe_wait(seconds) == words


def test_manual_clock_never_goes_back() -> None:
    clock = ManualClock(start=5.0)
    clock.advance(1.5)
    assert clock() == 6.5
    with pytest.raises(ValueError):
        clock.advance(-1)
