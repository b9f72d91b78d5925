"""Per-provider rate limits: requests per minute, tokens per minute, concurrency.

Each provider gets one :class:`RateLimiter` with up to two token buckets
(requests and tokens, each holding one minute's allowance and refilling
continuously) and a cap on requests in flight. A request that does not fit
either waits, without blocking the event loop and after telling the caller
how long and why, or is refused with :class:`jarvis.errors.RefusedError`
(``[limits].on_limit``). Waiters are served first come, first served.

This module only paces requests; it does not send them, retry them or
count money (the spend caps do that).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from types import TracebackType

from jarvis.clock import Clock, Sleep, describe_wait
from jarvis.config import ProviderConfig
from jarvis.errors import RefusedError

log = logging.getLogger(__name__)

OnWait = Callable[[float, str], None]

# Float refill arithmetic can leave a bucket a hair short after waiting the
# exact computed time; this much shortfall counts as enough.
_EPSILON = 1e-9


class _Bucket:
    """A token bucket holding one minute's allowance, refilled continuously."""

    def __init__(self, per_minute: int, now: float) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.level = self.capacity
        self.stamp = now

    def refill(self, now: float) -> None:
        elapsed = max(0.0, now - self.stamp)
        self.level = min(self.capacity, self.level + elapsed * self.rate)
        self.stamp = now

    def wait_for(self, amount: float) -> float:
        """Seconds until ``amount`` is available (after :meth:`refill`)."""
        shortfall = amount - self.level
        return 0.0 if shortfall <= _EPSILON else shortfall / self.rate

    def spend(self, amount: float) -> None:
        # May go below zero when a settlement corrects upwards: later
        # requests then wait until the real usage has been paid back. The
        # debt stops at one minute's allowance, as providers count usage in
        # one-minute windows and forget older overruns.
        level = min(self.capacity, self.level - amount)
        self.level = max(-self.capacity, level)


class Permit:
    """Permission for one request; give it back with :meth:`release`.

    Use it as ``async with await limiter.acquire(n) as permit:``. When the
    real token count is known, :meth:`settle` corrects the tokens-per-minute
    bucket (before or after release).
    """

    def __init__(self, limiter: RateLimiter, tokens: int) -> None:
        self._limiter = limiter
        self.tokens = tokens
        self._released = False

    def settle(self, actual_tokens: int) -> None:
        """Charge the real token count instead of the estimate."""
        self._limiter._correct(actual_tokens - self.tokens)
        self.tokens = actual_tokens

    def release(self) -> None:
        """Free the concurrency slot; later calls do nothing."""
        if not self._released:
            self._released = True
            self._limiter._release_slot()

    async def __aenter__(self) -> Permit:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class RateLimiter:
    """The limits of one provider.

    Args:
        rpm: requests per minute, or None for no limit.
        tpm: tokens per minute (input plus output), or None for no limit.
        max_concurrent: requests in flight at once.
        clock: monotonic seconds; injectable for tests.
        sleep: the async wait; injectable for tests.
        provider: the provider's name, for messages and logs.
    """

    def __init__(
        self,
        rpm: int | None,
        tpm: int | None,
        max_concurrent: int,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        provider: str = "",
    ) -> None:
        if (rpm is not None and rpm < 1) or (tpm is not None and tpm < 1):
            raise ValueError("rpm and tpm must be at least 1 (or None)")
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self.rpm = rpm
        self.tpm = tpm
        self.max_concurrent = max_concurrent
        self.provider = provider
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self._requests = _Bucket(rpm, now) if rpm is not None else None
        self._tokens = _Bucket(tpm, now) if tpm is not None else None
        self._paused_until = now
        self._slots = asyncio.Semaphore(max_concurrent)
        self._running = 0
        # Held by the request at the head of the queue while it waits, so
        # that later arrivals line up behind it (asyncio.Lock is FIFO).
        self._turn = asyncio.Lock()

    @property
    def in_flight(self) -> int:
        """Requests holding a permit now."""
        return self._running

    async def acquire(
        self,
        tokens: int,
        *,
        refuse: bool = False,
        on_wait: OnWait | None = None,
    ) -> Permit:
        """Wait until a request of ``tokens`` tokens may be sent.

        Args:
            tokens: the estimate to charge against tokens per minute
                (estimated input plus ``max_tokens``); settle it later.
            refuse: raise instead of waiting (``on_limit = "refuse"``).
            on_wait: called as ``on_wait(seconds, reason)`` before each wait;
                seconds is 0 when waiting for a running request to finish,
                since nobody knows how long that takes.

        Raises:
            RefusedError: the request alone exceeds the tokens-per-minute
                limit, or ``refuse`` is set and it would have to wait; the
                message says which limit and when it frees up.
        """
        if tokens < 0:
            raise ValueError("tokens must not be negative")
        self._check_fits(tokens)
        if refuse and self._turn.locked():
            raise RefusedError(
                f"{self._label()}requests are already waiting for the rate "
                "limits; try again in a moment"
            )
        async with self._turn:
            await self._take_slot(refuse, on_wait)
            try:
                await self._take_budget(tokens, refuse, on_wait)
            except BaseException:
                self._release_slot()
                raise
        return Permit(self, tokens)

    def pause(self, seconds: float) -> None:
        """Hold every new request for ``seconds`` (the provider said so,
        e.g. with Retry-After on a 429)."""
        until = self._clock() + max(0.0, seconds)
        self._paused_until = max(self._paused_until, until)

    def _check_fits(self, tokens: int) -> None:
        if self.tpm is not None and tokens > self.tpm:
            raise RefusedError(
                f"{self._label()}this request needs about {tokens:,} tokens, "
                f"more than the whole limit of {self.tpm:,} tokens per minute: "
                "shorten it, lower max_tokens or raise tpm in the config"
            )

    async def _take_slot(self, refuse: bool, on_wait: OnWait | None) -> None:
        if self._slots.locked():
            reason = (
                f"{self._label()}{self.max_concurrent} requests already running "
                "(max_concurrent)"
            )
            if refuse:
                raise RefusedError(f"{reason}; try again when one finishes")
            log.debug("%s waits for a concurrency slot", self.provider)
            if on_wait is not None:
                on_wait(0.0, reason)
        await self._slots.acquire()
        self._running += 1

    async def _take_budget(
        self, tokens: int, refuse: bool, on_wait: OnWait | None
    ) -> None:
        while True:
            wait, limit = self._wait_needed(tokens)
            if wait <= _EPSILON:
                self._spend(tokens)
                return
            reason = f"{self._label()}{limit}"
            if refuse:
                raise RefusedError(
                    f"{reason}; it frees up in {describe_wait(wait)}",
                    retry_after_s=wait,
                )
            log.debug("%s waits %.2f s: %s", self.provider, wait, limit)
            if on_wait is not None:
                on_wait(wait, reason)
            await self._sleep(wait)

    def _wait_needed(self, tokens: int) -> tuple[float, str]:
        """The longest wait any limit imposes now, and why."""
        now = self._clock()
        paused = "the provider asked for a pause (Retry-After)"
        waits = [(self._paused_until - now, paused)]
        if self._requests is not None:
            self._requests.refill(now)
            limit = f"requests-per-minute limit ({self.rpm:,}/min) reached"
            waits.append((self._requests.wait_for(1), limit))
        if self._tokens is not None:
            self._tokens.refill(now)
            limit = f"tokens-per-minute limit ({self.tpm:,}/min) reached"
            waits.append((self._tokens.wait_for(tokens), limit))
        return max(waits, key=lambda pair: pair[0])

    def _spend(self, tokens: int) -> None:
        if self._requests is not None:
            self._requests.spend(1)
        if self._tokens is not None:
            self._tokens.spend(tokens)

    def _correct(self, extra_tokens: int) -> None:
        if self._tokens is not None:
            self._tokens.refill(self._clock())
            self._tokens.spend(extra_tokens)

    def _release_slot(self) -> None:
        self._running -= 1
        self._slots.release()

    def _label(self) -> str:
        return f"{self.provider}: " if self.provider else ""


class RateLimits:
    """One :class:`RateLimiter` per configured provider, made on first use.

    Args:
        providers: the configured providers by name (their rpm, tpm and
            max_concurrent apply).
        clock: monotonic seconds; injectable for tests.
        sleep: the async wait; injectable for tests.
    """

    def __init__(
        self,
        providers: Mapping[str, ProviderConfig],
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._providers = dict(providers)
        self._clock = clock
        self._sleep = sleep
        self._limiters: dict[str, RateLimiter] = {}

    def for_provider(self, name: str) -> RateLimiter:
        """The limiter of provider ``name``.

        Raises:
            KeyError: ``name`` is not a configured provider.
        """
        limiter = self._limiters.get(name)
        if limiter is None:
            config = self._providers.get(name)
            if config is None:
                raise KeyError(f"unknown provider {name!r}")
            limiter = RateLimiter(
                config.rpm,
                config.tpm,
                config.max_concurrent,
                clock=self._clock,
                sleep=self._sleep,
                provider=name,
            )
            self._limiters[name] = limiter
        return limiter
