"""Per-provider circuit breakers: stop sending to a provider that keeps failing.

A breaker is *closed* while the provider works. After ``failures``
consecutive health failures within ``window_s`` seconds it *opens*: requests
are not sent (the router falls back or tells the user when to retry). Once
``cooldown_s`` has passed it is *half-open*: exactly one probe request is
admitted; its success closes the breaker, its failure re-opens it with a
fresh cool-down.

Only failures that say something about the provider's health count (rate
limits, overload, server errors, timeouts, dropped connections). A rejected
request (400/401/403/404) means the provider answered, so for the breaker it
is a success; see :func:`outcome_for`.

One :class:`Breakers` registry exists per service and is shared by chat and
quick-ask. Everything here runs on one event loop and is not thread-safe.
This module does not send requests or decide fallbacks; the router does.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Literal

from jarvis.clock import Clock
from jarvis.config import BreakerConfig
from jarvis.errors import ErrorKind

log = logging.getLogger(__name__)

Outcome = Literal["success", "failure", "abandoned"]
ChangeCallback = Callable[[str, "BreakerState"], None]


class BreakerState(enum.StrEnum):
    """Where a provider's breaker stands, as the UI shows it."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


def outcome_for(kind: ErrorKind | None) -> Outcome:
    """How a finished attempt counts for the breaker.

    Args:
        kind: the attempt's error kind, or None when it succeeded.

    Returns:
        "failure" for health failures (the retryable kinds: rate limited,
        overloaded, server, timeout, connection, interrupted); "abandoned"
        when no verdict was reached (cancelled by the user, or refused
        before sending); "success" otherwise, because a provider that
        rejects a request (C06) is up.
    """
    if kind is None:
        return "success"
    if kind.retryable:
        return "failure"
    if kind in (ErrorKind.CANCELLED, ErrorKind.REFUSED, ErrorKind.NO_KEY):
        return "abandoned"
    return "success"


class CircuitBreaker:
    """The breaker of one provider.

    Every request that :meth:`allow` admitted must end in exactly one of
    :meth:`record_success`, :meth:`record_failure` or :meth:`record_abandoned`
    (or :meth:`record`), otherwise a half-open breaker keeps waiting for its
    probe.

    Args:
        failures: consecutive failures that open the breaker.
        window_s: the failures must all fall within this many seconds.
        cooldown_s: how long it stays open before a probe is admitted.
        clock: monotonic seconds; injectable for tests.
        name: the provider's name, for logs and callbacks.
        on_change: called with (name, new state) on every transition.
    """

    def __init__(
        self,
        failures: int,
        window_s: float,
        cooldown_s: float,
        clock: Clock = time.monotonic,
        *,
        name: str = "",
        on_change: ChangeCallback | None = None,
    ) -> None:
        if failures < 1 or window_s <= 0 or cooldown_s <= 0:
            raise ValueError("failures >= 1, window_s > 0 and cooldown_s > 0")
        self.failures = failures
        self.window_s = window_s
        self.cooldown_s = cooldown_s
        self.name = name
        self._clock = clock
        self._on_change = on_change
        self._state = BreakerState.CLOSED
        self._recent: deque[float] = deque()
        self._opened_at = 0.0
        self._probe_in_flight = False

    @property
    def state(self) -> BreakerState:
        """The current state; an open breaker whose cool-down has passed
        reads as half-open (and reports that change to its callback)."""
        self._refresh()
        return self._state

    def allow(self) -> bool:
        """Whether a request may go to the provider now.

        Closed: always. Open: never. Half-open: once, for the probe; then
        no until the probe's outcome is recorded.
        """
        self._refresh()
        if self._state is BreakerState.CLOSED:
            return True
        if self._state is BreakerState.OPEN or self._probe_in_flight:
            return False
        self._probe_in_flight = True
        log.info("breaker %s: admitting one probe request", self.name)
        return True

    def retry_in(self) -> float:
        """Seconds until a request may be admitted again (0 when it may now,
        or when only the in-flight probe's outcome is awaited)."""
        self._refresh()
        if self._state is not BreakerState.OPEN:
            return 0.0
        return max(0.0, self._opened_at + self.cooldown_s - self._clock())

    def record_success(self) -> None:
        """The provider answered: reset the failure count, close after a probe."""
        self._recent.clear()
        if self._state is BreakerState.OPEN:
            # A straggler admitted before the breaker opened; the cool-down
            # still runs so that one lucky answer does not flood a sick API.
            return
        self._probe_in_flight = False
        self._set(BreakerState.CLOSED)

    def record_failure(self) -> None:
        """A health failure: count it; open on the N-th, re-open after a probe."""
        now = self._clock()
        if self._state is BreakerState.OPEN:
            return
        if self._state is BreakerState.HALF_OPEN:
            self._open(now)
            return
        self._recent.append(now)
        while self._recent and now - self._recent[0] > self.window_s:
            self._recent.popleft()
        if len(self._recent) >= self.failures:
            self._open(now)

    def record_abandoned(self) -> None:
        """No verdict (cancelled or refused before sending): free the probe."""
        self._probe_in_flight = False

    def record(self, kind: ErrorKind | None) -> None:
        """Record an attempt's outcome by its error kind (None: success)."""
        outcome = outcome_for(kind)
        if outcome == "success":
            self.record_success()
        elif outcome == "failure":
            self.record_failure()
        else:
            self.record_abandoned()

    def _open(self, now: float) -> None:
        self._opened_at = now
        self._recent.clear()
        self._probe_in_flight = False
        log.info(
            "breaker %s: open for %.0f s after repeated failures",
            self.name,
            self.cooldown_s,
        )
        self._set(BreakerState.OPEN)

    def _refresh(self) -> None:
        if self._state is not BreakerState.OPEN:
            return
        if self._clock() - self._opened_at >= self.cooldown_s:
            self._set(BreakerState.HALF_OPEN)

    def _set(self, state: BreakerState) -> None:
        if state is self._state:
            return
        self._state = state
        log.debug("breaker %s: %s", self.name, state)
        if self._on_change is not None:
            self._on_change(self.name, state)


class Breakers:
    """One breaker per provider name, created on first use.

    Args:
        config: ``[breaker]`` settings applied to every provider.
        clock: monotonic seconds; injectable for tests.
    """

    def __init__(self, config: BreakerConfig, clock: Clock = time.monotonic) -> None:
        self._config = config
        self._clock = clock
        self._breakers: dict[str, CircuitBreaker] = {}
        self._callbacks: list[ChangeCallback] = []

    def get(self, name: str) -> CircuitBreaker:
        """The breaker of provider ``name``."""
        breaker = self._breakers.get(name)
        if breaker is None:
            breaker = CircuitBreaker(
                self._config.failures,
                self._config.window_s,
                self._config.cooldown_s,
                self._clock,
                name=name,
                on_change=self._notify,
            )
            self._breakers[name] = breaker
        return breaker

    def states(self) -> dict[str, BreakerState]:
        """The state of every provider that has a breaker so far."""
        return {name: b.state for name, b in self._breakers.items()}

    def on_change(self, callback: ChangeCallback) -> Callable[[], None]:
        """Call ``callback(provider, state)`` on every transition.

        The window uses this to show breaker state; it schedules its own
        refresh after :meth:`CircuitBreaker.retry_in` to see an open breaker
        turn half-open, since no timer runs here.

        Returns:
            A function that unsubscribes the callback.
        """
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe

    def _notify(self, name: str, state: BreakerState) -> None:
        for callback in list(self._callbacks):
            try:
                callback(name, state)
            except Exception:
                # A broken subscriber must never break the request path.
                log.exception("breaker change callback failed")
