"""Sends one request along the fallback chain, retrying before the first token.

Policy (docs/resilience.md has the whole page):
- Exactly one retry layer: tenacity here (exponential backoff with
  jitter); every SDK's own retries are off. The first attempt runs without
  it and tenacity is imported at the first retryable failure, so a request
  that answers (nearly all of them) pays nothing for the machinery.
- Only what can succeed is retried (:attr:`ErrorKind.retryable`): rate
  limits, overload (also as an error event after HTTP 200), 5xx, timeouts,
  dropped connections. A provider's ``Retry-After`` is honoured up to
  ``[retry] retry_after_ceiling_s``; a longer wait is never sent early.
- Retries and fallback happen only before the first token is shown. Once
  text has streamed, a failure keeps the text and ends the request as
  interrupted; the user may retry, which replaces it.
- Each attempt has its own spend row, reserved before sending and settled
  with the real usage, so a retried answer is never charged twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jarvis import budget, pricing, vision
from jarvis.breaker import Breakers
from jarvis.config import Config
from jarvis.errors import ErrorKind, ProviderError, RefusedError, provider_says
from jarvis.events import (
    AttemptStarted,
    FallbackUsed,
    Finished,
    FinishReason,
    ServiceEvent,
    TextDelta,
    UsageReported,
    Waiting,
)
from jarvis.providers.base import Adapter, ChatRequest
from jarvis.providers.gate import Gate
from jarvis.providers.pool import AdapterPool
from jarvis.ratelimit import Permit, RateLimits
from jarvis.store.spend import AttemptResult, CapExceeded, SpendLog
from jarvis.unstoppable import finish
from jarvis.usage import Usage
from jarvis.usertext import UserText

if TYPE_CHECKING:
    from tenacity import RetryCallState

log = logging.getLogger(__name__)

Emit = Callable[[ServiceEvent], None]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One step of the fallback chain."""

    provider: str
    model: str


@dataclass(slots=True)
class Outcome:
    """A successful attempt, as the facade stores and reports it."""

    provider: str
    model: str
    text: str
    usage: Usage | None
    cost_usd: Decimal | None
    finish_reason: FinishReason
    ttft_s: float | None
    attempts: int
    fallback_from: tuple[str, ...]
    alerts: list[budget.BudgetAlert] = field(default_factory=list)


class PartialFailure(Exception):
    """A provider failed after text was shown; no retry, no fallback."""

    def __init__(self, error: ProviderError, text: str) -> None:
        self.error = error
        self.text = text
        super().__init__(error.user_message())


class RouteFailed(Exception):
    """No provider in the chain answered.

    Attributes:
        kind: REFUSED when every candidate was refused by a cap or limit,
            the last error's kind otherwise.
        reasons: one plain-words line per provider tried or skipped.
    """

    def __init__(
        self,
        kind: ErrorKind,
        reasons: list[str],
        retry_after_s: float | None,
        tried: tuple[str, ...],
    ) -> None:
        self.kind = kind
        self.reasons = reasons
        self.retry_after_s = retry_after_s
        self.tried = tried
        super().__init__("; ".join(reasons) or kind.explain())


@dataclass(frozen=True, slots=True)
class _Job:
    """What every attempt of one request shares."""

    request_id: str
    conversation_id: str | None
    # Writes started before the request (the prompt's): no attempt's request
    # is sent before they commit (jarvis.providers.gate).
    ready: tuple[asyncio.Future[Any], ...]


@dataclass(slots=True)
class _Attempt:
    """What one attempt streamed so far."""

    text: list[str] = field(default_factory=list)
    usage: Usage | None = None
    model: str | None = None
    finish: FinishReason | None = None
    ttft_s: float | None = None


class Router:
    """Runs requests along a chain of providers.

    Args:
        config: the validated config.
        pool: the adapters, one per provider and key.
        spend: the spend log (reservations and attempt rows).
        sleep: how to wait (tests pass a fake clock's sleep).
        clock: monotonic seconds, for latency, breakers and rate limits.

    Attributes:
        breakers: one circuit breaker per provider, shared by every request.
        limits: one rate limiter per provider, shared by every request.
    """

    def __init__(
        self,
        config: Config,
        pool: AdapterPool,
        spend: SpendLog,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        breakers: Breakers | None = None,
    ) -> None:
        self._config = config
        self._pool = pool
        self._spend = spend
        self._sleep = sleep
        self._clock = clock
        self.breakers = breakers or Breakers(config.breaker, clock=clock)
        self.limits = RateLimits(config.providers, clock=clock, sleep=sleep)

    async def run(
        self,
        request: ChatRequest,
        chain: Sequence[Candidate],
        emit: Emit,
        *,
        request_id: str,
        conversation_id: str | None,
        ready: Sequence[asyncio.Future[Any]] = (),
    ) -> Outcome:
        """Answer ``request`` from the first candidate that can.

        ``ready`` are writes already started that must commit before any
        byte is sent (the prompt's); if one fails, nothing is sent and its
        exception is raised.

        Raises:
            PartialFailure: text was shown, then the provider failed.
            RouteFailed: no candidate answered.
        """
        job = _Job(request_id, conversation_id, tuple(ready))
        reasons: list[str] = []
        tried: list[str] = []
        last: ProviderError | None = None
        no_keys = 0
        for index, candidate in enumerate(chain):
            if index and tried:
                emit(FallbackUsed(tried[-1], candidate.provider, reasons[-1]))
            tried.append(candidate.provider)
            refused = vision.refusal(self._config.providers[candidate.provider],
                                     candidate.model, request.images)
            if refused:
                # Skipped before anything is sent, never sent without them.
                reasons.append(refused)
                continue
            try:
                outcome = await self._retrying(request, candidate, emit, job)
            except CapExceeded as exc:
                reasons.append(_refusal(exc, request, candidate, self._config))
                continue
            except RefusedError as exc:
                reasons.append(provider_says(candidate.provider, str(exc)))
                continue
            except ProviderError as exc:
                reasons.append(_failure_line(exc, self._config))
                if exc.kind is ErrorKind.NO_KEY:
                    # A key-less fallback says nothing of why the others
                    # failed: "add a key" only when no provider had one.
                    no_keys += 1
                    continue
                last = exc
                if not exc.kind.falls_back:
                    break  # the same request would fail anywhere (C06)
                continue
            outcome.fallback_from = tuple(tried[:-1])
            return outcome
        kind = _route_kind(last, refused=len(reasons) - no_keys, no_keys=no_keys)
        wait = last.retry_after_s if last else None
        raise RouteFailed(kind, reasons, wait, tuple(tried))

    async def _retrying(
        self, request: ChatRequest, candidate: Candidate, emit: Emit, job: _Job,
    ) -> Outcome:
        """Attempt ``candidate`` until it answers, fails in a way a retry
        cannot fix, or ``[retry] attempts`` are spent; wait between attempts.
        """
        try:
            return await self._attempt(request, candidate, emit, job, 1)
        except ProviderError as exc:
            if self._config.retry.attempts <= 1 or not _should_retry(
                exc, self._config.retry.retry_after_ceiling_s
            ):
                raise
            first_failure = exc
        return await self._retry_after_failure(
            first_failure, request, candidate, emit, job)

    async def _retry_after_failure(
        self,
        first_failure: ProviderError,
        request: ChatRequest,
        candidate: Candidate,
        emit: Emit,
        job: _Job,
    ) -> Outcome:
        """Hand the rest of the attempts to tenacity.

        The first failure is replayed as tenacity's attempt 1, so its policy
        (stop, wait, which errors retry) sees the same numbering as if it had
        run the first attempt itself.
        """
        # Imported here, at the first retryable failure (module docstring).
        from tenacity import (
            AsyncRetrying,
            retry_if_exception,
            stop_after_attempt,
        )

        ceiling = self._config.retry.retry_after_ceiling_s
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._config.retry.attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda exc: _should_retry(exc, ceiling)),
            before_sleep=lambda state: self._announce(state, emit),
            sleep=self._sleep,
            reraise=True,
        )
        pending: ProviderError | None = first_failure
        async for attempt in retrying:
            with attempt:
                number = attempt.retry_state.attempt_number
                if pending is not None:
                    replay, pending = pending, None
                    raise replay
                return await self._attempt(request, candidate, emit, job, number)
        raise AssertionError("tenacity stops by raising")

    def _wait(self, state: RetryCallState) -> float:
        """The provider's Retry-After, else exponential backoff with jitter."""
        from tenacity import wait_exponential_jitter

        backoff = wait_exponential_jitter(
            initial=self._config.retry.base_delay_s,
            max=self._config.retry.max_delay_s,
        )(state)
        error = state.outcome.exception() if state.outcome else None
        hint = getattr(error, "retry_after_s", None)
        return float(hint) if hint is not None else backoff

    def _announce(self, state: RetryCallState, emit: Emit) -> None:
        error = state.outcome.exception() if state.outcome else None
        seconds = state.upcoming_sleep
        kind = getattr(error, "kind", ErrorKind.SERVER)
        log.info("retrying after %s in %.2f s (attempt %d)",
                 kind, seconds, state.attempt_number)
        provider = getattr(error, "provider", "")
        said = provider_says(provider, kind.explain())
        wait = f"{max(seconds, 1):.0f}"
        emit(Waiting(seconds, UserText("router.retrying",
                                       f"{said} Retrying in {wait} s.",
                                       message=said, seconds=wait)))

    async def _attempt(
        self, request: ChatRequest, candidate: Candidate, emit: Emit, job: _Job,
        number: int,
    ) -> Outcome:
        breaker = self.breakers.get(candidate.provider)
        if not breaker.allow():
            raise ProviderError(ErrorKind.CIRCUIT_OPEN, candidate.provider,
                                retry_after_s=breaker.retry_in())
        try:
            adapter = await self._pool.get(candidate.provider)
            request = _for_model(request, candidate.model)
            permit = await self._permit(request, candidate, emit)
        except BaseException as exc:
            breaker.record(getattr(exc, "kind", ErrorKind.CANCELLED))
            raise
        try:
            outcome = await self._send(request, candidate, emit, job, number,
                                       adapter, permit)
        except ProviderError as exc:
            breaker.record(exc.kind)
            self._pause_if_told(exc)
            raise
        except PartialFailure as exc:
            breaker.record(exc.error.kind)
            raise
        except BaseException:
            breaker.record(ErrorKind.CANCELLED)
            raise
        finally:
            permit.release()
        breaker.record(None)
        return outcome

    async def _permit(
        self, request: ChatRequest, candidate: Candidate, emit: Emit
    ) -> Permit:
        texts = [request.system, *(m.text for m in request.messages)]
        tokens = budget.estimate_input_tokens(texts) + request.max_tokens
        tokens += _image_tokens(self._config, candidate, request)
        limiter = self.limits.for_provider(candidate.provider)
        return await limiter.acquire(
            tokens, refuse=self._config.limits.on_limit == "refuse",
            on_wait=lambda seconds, reason: emit(Waiting(seconds, reason)))

    def _pause_if_told(self, error: ProviderError) -> None:
        wait = error.retry_after_s
        if error.kind is ErrorKind.RATE_LIMITED and wait:
            self.limits.for_provider(error.provider).pause(wait)

    async def _send(
        self,
        request: ChatRequest,
        candidate: Candidate,
        emit: Emit,
        job: _Job,
        number: int,
        adapter: Adapter,
        permit: Permit,
    ) -> Outcome:
        """One attempt: reserve, send once the writes are in, settle.

        The reservation (cap check and pending row) is started first (at
        once on the event loop when the database is free, else on its
        thread while the adapter builds the request); the HTTP client sends
        only when it and ``job``'s writes have committed
        (:mod:`jarvis.providers.gate`).
        """
        reserved, caps = self._reservation(request, candidate)
        booking = self._spend.reserve(
            request_id=job.request_id, attempt=number,
            provider=candidate.provider, model=candidate.model,
            conversation_id=job.conversation_id, reserve_usd=reserved, caps=caps,
        )
        gate = Gate(*job.ready, booking, on_open=lambda: emit(
            AttemptStarted(candidate.provider, candidate.model, number)))
        started = self._clock()
        state = _Attempt()
        try:
            with gate.holding():
                async for event in adapter.stream(request):
                    self._take(event, state, started, emit)
                    if isinstance(event, TextDelta):
                        # Let the consumer show it now, not after the SDK's
                        # buffered chunks have all been folded.
                        await asyncio.sleep(0)
        except ProviderError as exc:
            # Each settle runs to its end even if the user stops meanwhile:
            # a row left pending would hold its worst case against the caps.
            if gate.failure is not None:
                await finish(self._not_sent(booking, candidate, started,
                                            gate.failure))
                raise gate.failure from None
            row = await booking  # an SDK error before sending: refused first?
            permit.settle(_tokens(state.usage))
            await finish(self._settle_failure(row, candidate, state, started, exc,
                                              reserved))
            if state.text:
                raise PartialFailure(exc, "".join(state.text)) from None
            raise
        except asyncio.CancelledError:
            await finish(self._settle_cancel(
                booking, candidate, state, started, reserved, sent=gate.opened))
            raise
        row = await booking
        permit.settle(_tokens(state.usage))
        return await finish(self._settle_ok(row, candidate, state, started, number,
                                            reserved, caps))

    async def _not_sent(
        self, booking: asyncio.Future[int], candidate: Candidate, started: float,
        failure: BaseException,
    ) -> None:
        """A write the request waited for failed, so nothing was sent: the
        attempt's row, if it was written, is settled at no charge."""
        row = await _booked(booking)
        if row is None:
            return
        log.info("attempt not sent: %s", type(failure).__name__)
        await self._spend.settle(row, AttemptResult(
            status="error", usage=None, cost_usd=Decimal(0),
            latency_ms=(self._clock() - started) * 1000, ttft_ms=None,
            error_kind="not_sent", model=candidate.model, charge_usd=Decimal(0),
        ))

    def _reservation(
        self, request: ChatRequest, candidate: Candidate
    ) -> tuple[Decimal, list[budget.Cap]]:
        texts = [request.system, *(m.text for m in request.messages)]
        tokens = budget.estimate_input_tokens(texts)
        tokens += _image_tokens(self._config, candidate, request)
        amount, _priced = budget.worst_case(
            self._config, candidate.provider, candidate.model, tokens,
            request.max_tokens)
        caps = budget.caps_for(self._config, candidate.provider,
                               datetime.now().astimezone())
        return amount, caps

    def _take(
        self, event: object, state: _Attempt, started: float, emit: Emit
    ) -> None:
        if isinstance(event, TextDelta):
            if state.ttft_s is None:
                state.ttft_s = self._clock() - started
            state.text.append(event.text)
            emit(event)
        elif isinstance(event, UsageReported):
            state.usage = event.usage
            state.model = event.model or state.model
        elif isinstance(event, Finished):
            state.finish = event.reason
            state.model = event.model or state.model

    def _price(self, candidate: Candidate, state: _Attempt) -> Decimal | None:
        if state.usage is None:
            kind = self._config.providers[candidate.provider].kind
            return Decimal(0) if pricing.is_free(kind) else None
        kind = self._config.providers[candidate.provider].kind
        return pricing.price(kind, state.model or candidate.model, state.usage)

    async def _settle_ok(
        self, row: int, candidate: Candidate, state: _Attempt, started: float,
        number: int, reserved: Decimal, caps: list[budget.Cap],
    ) -> Outcome:
        cost = self._price(candidate, state)
        charge = budget.charge_for(self._config, cost, state.usage, reserved)
        before = await self._spend.charged(caps)
        finish = state.finish or FinishReason.OTHER
        await self._spend.settle(row, AttemptResult(
            status="ok", usage=state.usage, cost_usd=cost,
            latency_ms=(self._clock() - started) * 1000,
            ttft_ms=_ms(state.ttft_s), finish_reason=finish.value,
            model=state.model, charge_usd=charge,
        ))
        after = await self._spend.charged(caps)
        alerts = [alert for cap, b, a in zip(caps, before, after, strict=True)
                  for alert in budget.crossed(cap, b - reserved, a)]
        return Outcome(
            provider=candidate.provider, model=state.model or candidate.model,
            text="".join(state.text), usage=state.usage, cost_usd=cost,
            finish_reason=finish, ttft_s=state.ttft_s, attempts=number,
            fallback_from=(), alerts=alerts,
        )

    async def _settle_failure(
        self, row: int, candidate: Candidate, state: _Attempt, started: float,
        error: ProviderError, reserved: Decimal,
    ) -> None:
        # A request the provider refused with an error (a status, or an error
        # event before any text) is not billed; one that broke off in
        # transit or after text may have been, so it is priced or keeps its
        # reservation.
        rejected = not state.text and error.kind not in _TRANSIT
        if rejected:
            cost: Decimal | None = Decimal(0)
            charge = Decimal(0)
        else:
            cost = self._price(candidate, state) if state.usage else None
            charge = budget.charge_for(self._config, cost, state.usage, reserved)
        await self._spend.settle(row, AttemptResult(
            status="interrupted" if state.text else "error",
            usage=state.usage, cost_usd=cost,
            latency_ms=(self._clock() - started) * 1000,
            ttft_ms=_ms(state.ttft_s), error_kind=error.kind.value,
            finish_reason=FinishReason.INTERRUPTED.value if state.text else None,
            model=state.model, charge_usd=charge,
        ))

    async def _settle_cancel(
        self, booking: asyncio.Future[int], candidate: Candidate, state: _Attempt,
        started: float, reserved: Decimal, *, sent: bool,
    ) -> None:
        """Settle a stopped attempt; one stopped before it was sent costs
        nothing, one sent may have been billed (priced, or its worst case)."""
        row = await _booked(booking)
        if row is None:
            return
        cost = self._price(candidate, state) if state.usage else None
        if not sent:
            cost = Decimal(0)
        await self._spend.settle(row, AttemptResult(
            status="cancelled", usage=state.usage, cost_usd=cost,
            latency_ms=(self._clock() - started) * 1000,
            ttft_ms=_ms(state.ttft_s), finish_reason=FinishReason.CANCELLED.value,
            model=state.model,
            charge_usd=budget.charge_for(self._config, cost, state.usage, reserved),
        ))


_TRANSIT = frozenset({ErrorKind.CONNECTION, ErrorKind.TIMEOUT, ErrorKind.INTERRUPTED})


async def _booked(booking: asyncio.Future[int]) -> int | None:
    """The attempt's spend row, or None when its reservation was refused by
    a cap or not written (then nothing was sent and nothing is settled)."""
    try:
        return await booking
    except Exception:
        return None


def _tokens(usage: Usage | None) -> int:
    return 0 if usage is None else usage.total_input + usage.total_output


def _should_retry(exc: BaseException, ceiling: float) -> bool:
    if not isinstance(exc, ProviderError) or not exc.kind.retryable:
        return False
    return exc.retry_after_s is None or exc.retry_after_s <= ceiling


def _image_tokens(config: Config, candidate: Candidate, request: ChatRequest) -> int:
    """The most the request's images can cost in input tokens there."""
    kind = config.providers[candidate.provider].kind
    return vision.image_tokens(kind, request.images)


def _for_model(request: ChatRequest, model: str) -> ChatRequest:
    if request.model == model:
        return request
    return ChatRequest(model, request.messages, request.max_tokens,
                       request.system, request.temperature)


def _route_kind(last: ProviderError | None, *, refused: int,
                no_keys: int) -> ErrorKind:
    """The last failure's kind; REFUSED when caps, limits or image rules
    stopped every provider that has a key; NO_KEY when none has one."""
    if last is not None:
        return last.kind
    if refused:
        return ErrorKind.REFUSED
    return ErrorKind.NO_KEY if no_keys else ErrorKind.ALL_FAILED


def _failure_line(error: ProviderError, config: Config) -> str:
    wait = error.retry_after_s
    if error.kind is ErrorKind.CIRCUIT_OPEN and wait is not None:
        return UserText("router.circuit_open",
                        f"{error.provider}: paused after repeated failures; "
                        f"tried again in about {_duration(wait)}.",
                        provider=error.provider, wait=_duration(wait))
    if wait is not None and wait > config.retry.retry_after_ceiling_s:
        return UserText("router.rate_limited",
                        f"{error.provider}: rate limited, try again in about "
                        f"{_duration(wait)}.",
                        provider=error.provider, wait=_duration(wait))
    return error.user_message()


def _refusal(
    exc: CapExceeded, request: ChatRequest, candidate: Candidate, config: Config
) -> str:
    texts = [request.system, *(m.text for m in request.messages)]
    needed, _ = budget.worst_case(
        config, candidate.provider, candidate.model,
        budget.estimate_input_tokens(texts)
        + _image_tokens(config, candidate, request), request.max_tokens)
    now = datetime.now().astimezone()
    return provider_says(candidate.provider, budget.refusal_message(
        exc.cap, exc.charged_usd, needed, now))


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000
