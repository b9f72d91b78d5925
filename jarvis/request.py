"""Runs one prepared request and turns what happens into events and records.

The facade prepares a :class:`Plan` (chain, request, guard results); the
runner looks up the cache, hands the request to the router, filters the
reply on its way out (secrets redacted, personal-data placeholders
restored, also across chunk boundaries), stores the reply, and ends the
stream with exactly one :class:`ReplyDone` or :class:`Failed`.

Each request runs in a task the runner owns; events reach the consumer
through a queue, so callbacks from the router's retry, limit and breaker
code arrive as they happen. Stopping the consumer cancels the task, which
stores the partial reply as cancelled and settles the spend row.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
import time
import uuid
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jarvis import cache
from jarvis.cache import CachedReply, ResponseCache
from jarvis.errors import ErrorKind
from jarvis.events import (
    Failed,
    FinishReason,
    Notice,
    PromptStored,
    Reply,
    ReplyDone,
    ServiceEvent,
    TextDelta,
)
from jarvis.guard.pii import Redactor
from jarvis.guard.stream import ReplyFilter
from jarvis.providers.base import ChatRequest
from jarvis.router import Candidate, Outcome, PartialFailure, RouteFailed, Router
from jarvis.store import recovery
from jarvis.store.history import History, Prompt
from jarvis.store.spend import SpendLog, to_pusd
from jarvis.unstoppable import finish
from jarvis.usertext import UserText

log = logging.getLogger(__name__)

Emit = Callable[[ServiceEvent], None]

# Seconds a stopped request may take to settle its spend row and history.
STOP_GRACE_S = 5.0

NO_KEYS_HELP = UserText(
    "request.no_keys",
    "No provider has a key yet. Add one with `jarvis keys set PROVIDER` (or in "
    "Keys), set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, or try "
    "demo mode: `jarvis gui --demo` or `jarvis ask --demo`."
)


@dataclass(frozen=True, slots=True)
class Plan:
    """A request ready to go.

    Attributes:
        request: what the provider gets (already through the guard).
        chain: the providers to try, in order.
        conversation_id: where the reply is stored.
        cache_scope: the first provider's key fingerprint (cache keys).
        known_keys: the user's keys, redacted from replies by exact match.
        redactor: the conversation's placeholders, restored in replies.
        prompt: the prompt's write, when the facade started it and did not
            wait (a new conversation's first prompt): the runner says
            ``PromptStored`` once it commits, and nothing is sent, shown
            or ended before it has.
    """

    request: ChatRequest
    chain: tuple[Candidate, ...]
    conversation_id: str
    cache_scope: str
    known_keys: tuple[str, ...] = ()
    redactor: Redactor | None = None
    prompt: asyncio.Future[Prompt] | None = None


class _Shown:
    """The reply as the user sees it: filtered, in order."""

    def __init__(self, plan: Plan, emit: Emit) -> None:
        self._filter = ReplyFilter(plan.known_keys, plan.redactor)
        self._emit = emit
        self.parts: list[str] = []

    def relay(self, event: ServiceEvent) -> None:
        if isinstance(event, TextDelta):
            self._show(self._filter.feed(event.text))
        else:
            self._emit(event)

    def flush(self) -> str:
        self._show(self._filter.flush())
        return "".join(self.parts)

    def _show(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self._emit(TextDelta(text))


class RequestRunner:
    """Runs plans: cache, router, reply filter, history, final event.

    Args:
        folder: the data folder, named when the disk refuses the prompt.
    """

    def __init__(
        self, router: Router, history: History, spend: SpendLog,
        response_cache: ResponseCache, tasks: set[asyncio.Task[None]],
        folder: Path | None = None,
    ) -> None:
        self._router = router
        self._history = history
        self._spend = spend
        self._cache = response_cache
        self._tasks = tasks
        self._folder = folder

    async def stream(self, plan: Plan) -> AsyncGenerator[ServiceEvent, None]:
        """The plan's events, ending with ReplyDone or Failed."""
        queue: asyncio.Queue[ServiceEvent] = asyncio.Queue()
        if plan.prompt is not None:
            announce = functools.partial(_announce, plan.conversation_id,
                                         queue.put_nowait)
            if plan.prompt.done():
                announce(plan.prompt)
            else:
                # Registered before anything awaits the write, so its
                # callback queues PromptStored before whatever the write
                # lets through can run.
                plan.prompt.add_done_callback(announce)
        job = asyncio.create_task(self._produce_or_fail(plan, queue.put_nowait))
        self._tasks.add(job)
        job.add_done_callback(self._tasks.discard)
        try:
            while True:
                event = await queue.get()
                yield event
                if isinstance(event, ReplyDone | Failed):
                    return
        finally:
            if not job.done():
                job.cancel()
            await asyncio.wait({job}, timeout=STOP_GRACE_S)

    async def _produce_or_fail(self, plan: Plan, emit: Emit) -> None:
        """Run the plan; a database write that fails still ends the stream.

        Otherwise a reply whose spend or history write is refused (disk
        full, read-only folder) would leave the consumer waiting forever
        for its last event. What was shown stays shown (the window keeps
        its text, the CLI has printed it); the message says what was not
        saved. Each write is one transaction, so none is half-done.
        """
        shown = _Shown(plan, emit)
        try:
            await self._produce(plan, shown, emit)
        except sqlite3.Error as exc:
            if _failed_write(plan.prompt) is exc:
                # Nothing was sent: a prompt that cannot be kept is not
                # spent on, and no conversation was created.
                log.warning("the prompt could not be stored: %s",
                            type(exc).__name__)
                text = recovery.write_failure(exc, self._folder)
                named = None
            else:
                log.exception("the request's records could not be stored")
                # "The reply shown may be missing" only when text was shown.
                text = recovery.write_failure(exc, reply=bool(shown.parts))
                named = plan.conversation_id
            emit(Failed(ErrorKind.STORAGE.value,
                        text or f"Could not save to the database ({exc}).",
                        conversation_id=named))

    async def _produce(self, plan: Plan, shown: _Shown, emit: Emit) -> None:
        started = time.monotonic()
        request_id = uuid.uuid4().hex
        key = self._cache_key(plan)
        cached = self._cache.get(key) if key else None
        if cached is not None:
            await _stored(plan)
            await finish(self._replay(plan, cached, request_id, started, shown))
            return
        try:
            outcome = await self._router.run(
                plan.request, plan.chain, shown.relay, request_id=request_id,
                conversation_id=plan.conversation_id,
                ready=() if plan.prompt is None else (plan.prompt,))
        except asyncio.CancelledError:
            await finish(self._keep_partial(
                plan, shown.flush(), "cancelled", request_id))
            raise
        except PartialFailure as exc:
            await finish(self._interrupted(plan, exc, shown.flush(), request_id,
                                           emit))
            return
        except RouteFailed as exc:
            await _stored(plan)  # refused before sending: the prompt is kept
            emit(Failed(exc.kind.value, _route_message(exc),
                        retry_after_s=exc.retry_after_s, tried=exc.tried,
                        conversation_id=plan.conversation_id))
            return
        except sqlite3.Error:
            raise  # a refused write: _produce_or_fail says so
        except Exception:
            log.exception("request failed unexpectedly")
            await _stored(plan)
            emit(Failed(ErrorKind.INTERNAL.value,
                        UserText("request.internal",
                                 "Internal error: see the log file."),
                        partial_text=shown.flush(),
                        conversation_id=plan.conversation_id))
            return
        if key and not outcome.fallback_from:
            self._cache.put(key, CachedReply(
                outcome.text, outcome.provider, outcome.model, outcome.usage,
                outcome.cost_usd, outcome.finish_reason.value))
        # Stored to its end even if the user stops now: it was shown.
        await finish(self._finish(plan, outcome, shown.flush(), request_id,
                                  started, emit))

    def _cache_key(self, plan: Plan) -> str | None:
        request = plan.request
        if not self._cache.cacheable(request.temperature):
            return None
        first = plan.chain[0]
        return cache.request_key(
            provider=first.provider, model=first.model, system=request.system,
            messages=[(m.role, m.text) for m in request.messages],
            params={"temperature": request.temperature,
                    "max_tokens": request.max_tokens,
                    "images": [[i.sha256 for i in m.images]
                               for m in request.messages]},
            key_fingerprint=plan.cache_scope)

    async def _replay(
        self, plan: Plan, cached: CachedReply, request_id: str, started: float,
        shown: _Shown,
    ) -> None:
        """A cache hit streams like a reply, costs nothing, logs what it saved."""
        async for piece in cache.replay(cached):
            shown.relay(TextDelta(piece))
        text = shown.flush()
        usage = cached.usage.as_dict() if cached.usage else {}
        await self._spend.insert_finished({
            "request_id": request_id, "attempt": 1, "provider": cached.provider,
            "model": cached.model, "status": "cache_hit", **usage,
            "cost_pusd": 0, "charge_pusd": 0, "saved_pusd": to_pusd(cached.cost_usd),
            "latency_ms": (time.monotonic() - started) * 1000, "ttft_ms": 0.0,
            "finish_reason": cached.finish_reason,
            "conversation_id": plan.conversation_id,
        })
        await self._history.add(
            plan.conversation_id, "assistant", text, status="ok",
            provider=cached.provider, model=cached.model, cost_usd=Decimal(0),
            request_id=request_id)
        shown.relay(ReplyDone(Reply(
            text=text, provider=cached.provider, model=cached.model,
            usage=cached.usage, cost_usd=Decimal(0),
            finish_reason=FinishReason(cached.finish_reason),
            latency_s=time.monotonic() - started, ttft_s=0.0,
            conversation_id=plan.conversation_id, cache_hit=True,
            saved_usd=cached.cost_usd)))

    async def _finish(
        self, plan: Plan, outcome: Outcome, text: str, request_id: str,
        started: float, emit: Emit,
    ) -> None:
        await self._history.add(
            plan.conversation_id, "assistant", text,
            status="ok", provider=outcome.provider, model=outcome.model,
            cost_usd=outcome.cost_usd, request_id=request_id)
        for alert in outcome.alerts:
            cap = alert.cap
            emit(Notice("budget", UserText(
                "request.budget_alert",
                f"{alert.percent}% of the {cap.label()} used "
                f"(${alert.spent_usd:.4f}).", percent=alert.percent,
                window=cap.window, provider=cap.provider or "",
                limit=cap.limit_usd, spent=f"{alert.spent_usd:.4f}")))
        emit(ReplyDone(Reply(
            text=text, provider=outcome.provider, model=outcome.model,
            usage=outcome.usage, cost_usd=outcome.cost_usd,
            finish_reason=outcome.finish_reason,
            latency_s=time.monotonic() - started, ttft_s=outcome.ttft_s,
            conversation_id=plan.conversation_id,
            fallback_from=outcome.fallback_from, attempts=outcome.attempts)))

    async def _interrupted(
        self, plan: Plan, exc: PartialFailure, text: str, request_id: str,
        emit: Emit,
    ) -> None:
        await self._keep_partial(plan, text, "interrupted", request_id,
                                 exc.error.provider)
        emit(Failed(ErrorKind.INTERRUPTED.value,
                    UserText("request.partial_kept",
                             f"{exc.error.user_message()} The partial reply is "
                             "kept.", error=exc.error.user_message()),
                    provider=exc.error.provider, partial_text=text,
                    conversation_id=plan.conversation_id))

    async def _keep_partial(
        self, plan: Plan, text: str, status: str, request_id: str,
        provider: str | None = None,
    ) -> None:
        if text:
            await self._history.add(plan.conversation_id, "assistant", text,
                                    status=status, provider=provider,
                                    request_id=request_id)


def _announce(
    conversation_id: str, emit: Emit, write: asyncio.Future[Prompt]
) -> None:
    """Say ``PromptStored`` once the prompt's write committed."""
    if not write.cancelled() and write.exception() is None:
        emit(PromptStored(conversation_id, write.result().message_id))


async def _stored(plan: Plan) -> None:
    """Wait for the plan's prompt write, if one is under way.

    Raises:
        sqlite3.Error: the prompt could not be stored.
    """
    if plan.prompt is not None:
        await asyncio.shield(plan.prompt)


def _failed_write(write: asyncio.Future[Prompt] | None) -> BaseException | None:
    """The exception a finished write failed with, if it did."""
    if write is None or not write.done() or write.cancelled():
        return None
    return write.exception()


def _route_message(exc: RouteFailed) -> str:
    if exc.kind is ErrorKind.NO_KEY:
        return NO_KEYS_HELP
    if len(exc.reasons) == 1:
        return exc.reasons[0]
    if exc.kind is ErrorKind.REFUSED:
        return UserText("request.refused", " ".join(exc.reasons),
                        reasons=tuple(exc.reasons))
    reasons = "; ".join(exc.reasons)
    return UserText("request.all_failed", f"Every provider failed. {reasons}",
                    reasons=tuple(exc.reasons))
