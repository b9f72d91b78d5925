"""Circuit breaker states, probes and the per-provider registry."""

from __future__ import annotations

import logging

import pytest

from jarvis.breaker import (
    Breakers,
    BreakerState,
    CircuitBreaker,
    outcome_for,
)
from jarvis.clock import ManualClock
from jarvis.config import BreakerConfig
from jarvis.errors import ErrorKind


def make(
    clock: ManualClock, failures: int = 3, window_s: float = 60.0
) -> CircuitBreaker:
    return CircuitBreaker(failures, window_s, 30.0, clock, name="anthropic")


def fail(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        assert breaker.allow()
        breaker.record_failure()


def test_closed_breaker_admits_every_request() -> None:
    breaker = make(ManualClock())
    assert breaker.state is BreakerState.CLOSED
    assert all(breaker.allow() for _ in range(100))
    assert breaker.retry_in() == 0.0


def test_opens_after_n_consecutive_failures() -> None:
    clock = ManualClock()
    breaker = make(clock)
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    fail(breaker, 1)
    assert breaker.state is BreakerState.OPEN
    assert not breaker.allow()
    assert breaker.retry_in() == 30.0


def test_success_resets_the_consecutive_count() -> None:
    breaker = make(ManualClock())
    fail(breaker, 2)
    breaker.record_success()
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED


def test_failures_spread_beyond_the_window_do_not_open() -> None:
    clock = ManualClock()
    breaker = make(clock, failures=3, window_s=60.0)
    fail(breaker, 2)
    clock.advance(61)
    fail(breaker, 1)
    assert breaker.state is BreakerState.CLOSED
    clock.advance(30)
    fail(breaker, 1)
    # The last three failures span 30 s only: 61 s ago dropped out.
    fail(breaker, 1)
    assert breaker.state is BreakerState.OPEN


def test_open_until_cooldown_then_exactly_one_probe() -> None:
    clock = ManualClock()
    breaker = make(clock)
    fail(breaker, 3)
    clock.advance(29.5)
    assert not breaker.allow()
    assert breaker.retry_in() == pytest.approx(0.5)
    clock.advance(0.5)
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow()
    assert not breaker.allow()
    assert breaker.retry_in() == 0.0


def test_successful_probe_closes() -> None:
    clock = ManualClock()
    breaker = make(clock)
    fail(breaker, 3)
    clock.advance(30)
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.allow() and breaker.allow()


def test_failed_probe_reopens_with_fresh_cooldown() -> None:
    clock = ManualClock()
    breaker = make(clock)
    fail(breaker, 3)
    clock.advance(45)
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert breaker.retry_in() == 30.0
    clock.advance(29)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()


def test_abandoned_probe_lets_the_next_request_probe() -> None:
    clock = ManualClock()
    breaker = make(clock)
    fail(breaker, 3)
    clock.advance(30)
    assert breaker.allow()
    breaker.record_abandoned()
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow()


def test_late_outcomes_while_open_do_not_change_it() -> None:
    clock = ManualClock()
    breaker = make(clock)
    fail(breaker, 3)
    clock.advance(10)
    breaker.record_failure()
    assert breaker.retry_in() == 20.0
    breaker.record_success()
    assert breaker.state is BreakerState.OPEN
    assert breaker.retry_in() == 20.0


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        (None, "success"),
        (ErrorKind.RATE_LIMITED, "failure"),
        (ErrorKind.OVERLOADED, "failure"),
        (ErrorKind.SERVER, "failure"),
        (ErrorKind.TIMEOUT, "failure"),
        (ErrorKind.CONNECTION, "failure"),
        (ErrorKind.INTERRUPTED, "failure"),
        (ErrorKind.AUTH, "success"),
        (ErrorKind.BAD_REQUEST, "success"),
        (ErrorKind.CONTEXT_TOO_LONG, "success"),
        (ErrorKind.NOT_FOUND, "success"),
        (ErrorKind.PERMISSION, "success"),
        (ErrorKind.CANCELLED, "abandoned"),
        (ErrorKind.REFUSED, "abandoned"),
        (ErrorKind.NO_KEY, "abandoned"),
    ],
)
def test_outcome_for_error_kinds__C06(kind: ErrorKind | None, outcome: str) -> None:
    assert outcome_for(kind) == outcome


def test_rejected_requests_never_open_the_breaker__C06() -> None:
    breaker = make(ManualClock())
    for _ in range(10):
        assert breaker.allow()
        breaker.record(ErrorKind.AUTH)
    assert breaker.state is BreakerState.CLOSED


def test_record_by_kind_opens_on_overload__C02() -> None:
    breaker = make(ManualClock())
    for _ in range(3):
        breaker.record(ErrorKind.OVERLOADED)
    assert breaker.state is BreakerState.OPEN


def test_record_by_kind_frees_a_cancelled_probe__C11() -> None:
    clock = ManualClock()
    breaker = make(clock)
    fail(breaker, 3)
    clock.advance(30)
    assert breaker.allow()
    breaker.record(ErrorKind.CANCELLED)
    assert breaker.allow()


def test_invalid_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(0, 60, 30)


def test_registry_keeps_one_breaker_per_provider() -> None:
    clock = ManualClock()
    breakers = Breakers(BreakerConfig(failures=2, window_s=60, cooldown_s=10), clock)
    assert breakers.get("openai") is breakers.get("openai")
    fail(breakers.get("openai"), 2)
    assert breakers.get("gemini").allow()
    assert breakers.states() == {
        "openai": BreakerState.OPEN,
        "gemini": BreakerState.CLOSED,
    }


def test_registry_reports_every_transition_to_subscribers() -> None:
    clock = ManualClock()
    breakers = Breakers(BreakerConfig(failures=2, window_s=60, cooldown_s=10), clock)
    seen: list[tuple[str, BreakerState]] = []
    breakers.on_change(lambda name, state: seen.append((name, state)))
    breaker = breakers.get("openai")
    fail(breaker, 2)
    clock.advance(10)
    assert breakers.states()["openai"] is BreakerState.HALF_OPEN
    assert breaker.allow()
    breaker.record_success()
    assert seen == [
        ("openai", BreakerState.OPEN),
        ("openai", BreakerState.HALF_OPEN),
        ("openai", BreakerState.CLOSED),
    ]


def test_unsubscribe_and_broken_subscriber(caplog: pytest.LogCaptureFixture) -> None:
    breakers = Breakers(BreakerConfig(failures=1, window_s=60, cooldown_s=10))
    seen: list[str] = []

    def broken(name: str, state: BreakerState) -> None:
        raise RuntimeError("subscriber bug")

    breakers.on_change(broken)
    unsubscribe = breakers.on_change(lambda name, state: seen.append(state))
    with caplog.at_level(logging.ERROR, logger="jarvis.breaker"):
        breakers.get("gemini").record_failure()
    assert seen == ["open"]
    assert "callback failed" in caplog.text
    unsubscribe()
    unsubscribe()
    breakers.get("gemini").record_success()
    assert seen == ["open"]

