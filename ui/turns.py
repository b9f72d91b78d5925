"""View state of one turn: the user's prompt and the reply to it.

:func:`apply` folds the service's events into a :class:`Turn`; the widgets
only read turns. Nothing here decides anything about providers, retries or
money: it records what the service reported, in the shape the window shows.
No Qt here, so the fold is tested without widgets.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jarvis.errors import ErrorKind

if TYPE_CHECKING:
    # Only annotations here: the events load with the service, after the
    # window's first paint, and the guard when a prompt is inspected.
    from jarvis.events import Failed, ReplyDone, ServiceEvent
    from jarvis.guard.inbound import Attachment
    from jarvis.images import ImageAttachment

SECRET_KIND = ErrorKind.SECRET.value
"""The ``Failed.kind`` of a prompt held back because it holds a secret."""


class TurnStatus(enum.StrEnum):
    """Where a reply stands, as the window marks it."""

    WAITING = "waiting"          # sent, no text yet
    STREAMING = "streaming"      # text is arriving
    DONE = "done"                # complete
    INTERRUPTED = "interrupted"  # cut off; the partial text is kept
    CANCELLED = "cancelled"      # stopped by the user; partial text kept
    FAILED = "failed"            # failed before any text

    @property
    def active(self) -> bool:
        return self in (TurnStatus.WAITING, TurnStatus.STREAMING)

    @property
    def retryable(self) -> bool:
        return self in (TurnStatus.INTERRUPTED, TurnStatus.CANCELLED,
                        TurnStatus.FAILED)


@dataclass(slots=True)
class Turn:
    """One prompt and its reply, as shown.

    Attributes:
        id: the window's own number for the turn (not a database id).
        prompt: what the user sent, exactly.
        text: the reply so far (the final text once done).
        provider, model: who answers (the last attempt's, then the reply's).
        input_tokens, output_tokens: all input and all output tokens.
        cost_usd: the reply's cost; None while unknown or when unpriced.
        priced: whether the service priced the reply (C08).
        ttft_s: seconds to the first token.
        fallback_from: providers that failed before this one answered.
        error: the plain-words message of a failure.
        note: why a reply stopped early (finish reason), else empty.
        attempt: the attempt number of the current try.
        asked_provider, asked_model: what the user picked ("" = default);
            Retry asks the same again.
        attachments: pasted or dropped content sent with the prompt.
        allow_secrets: the user confirmed sending a secret in the prompt.
        redacted, redaction_summary: how many personal items the guard
            replaced by placeholders, and which.
        guard_warnings: what the guard changed or found in the prompt.
        secret: why sending waits for the user's yes (masked labels only);
            "" when nothing waits.
    """

    id: int
    prompt: str
    asked_provider: str = ""
    asked_model: str = ""
    text: str = ""
    status: TurnStatus = TurnStatus.WAITING
    provider: str | None = None
    model: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost_usd: Decimal | None = None
    priced: bool = False
    ttft_s: float | None = None
    fallback_from: tuple[str, ...] = ()
    error: str = ""
    note: str = ""
    attempt: int = 0
    attachments: tuple[Attachment | ImageAttachment, ...] = ()
    allow_secrets: bool = False
    redacted: int = 0
    redaction_summary: str = ""
    guard_warnings: tuple[str, ...] = ()
    secret: str = ""

    def restart(self) -> None:
        """Forget the reply before sending the same prompt again."""
        fresh = Turn(self.id, self.prompt, self.asked_provider, self.asked_model,
                     attachments=self.attachments,
                     allow_secrets=self.allow_secrets)
        for name in Turn.__slots__:
            setattr(self, name, getattr(fresh, name))

    @property
    def awaits_consent(self) -> bool:
        """Whether the prompt was held back because it holds a secret."""
        return bool(self.secret) and self.status is TurnStatus.FAILED

    def cancel(self) -> None:
        """The user stopped the reply (or quit while it streamed)."""
        if self.status.active:
            self.status = TurnStatus.CANCELLED
            self.note = ""


def apply(turn: Turn, event: ServiceEvent) -> bool:
    """Fold one event into ``turn``; whether the turn changed."""
    from jarvis.events import (
        AttemptStarted,
        Failed,
        Guarded,
        ReplyDone,
        TextDelta,
        UsageReported,
    )

    if isinstance(event, TextDelta):
        turn.text += event.text
        turn.status = TurnStatus.STREAMING
    elif isinstance(event, AttemptStarted):
        turn.provider, turn.model = event.provider, event.model
        turn.attempt = event.attempt
    elif isinstance(event, UsageReported):
        turn.input_tokens = event.usage.total_input
        turn.output_tokens = event.usage.total_output
    elif isinstance(event, ReplyDone):
        _done(turn, event)
    elif isinstance(event, Failed):
        _failed(turn, event)
    elif isinstance(event, Guarded):
        turn.redacted, turn.redaction_summary = event.redacted, event.summary
        turn.guard_warnings = event.warnings
    else:
        return False
    return True


def fail(turn: Turn, message: str) -> None:
    """The request ended without an answer from the service."""
    turn.error = message
    turn.status = TurnStatus.INTERRUPTED if turn.text else TurnStatus.FAILED


def _done(turn: Turn, event: ReplyDone) -> None:
    reply = event.reply
    turn.text = reply.text
    turn.provider, turn.model = reply.provider, reply.model
    if reply.usage is not None:
        turn.input_tokens = reply.usage.total_input
        turn.output_tokens = reply.usage.total_output
    turn.cost_usd = reply.cost_usd
    turn.priced = reply.priced
    turn.ttft_s = reply.ttft_s
    turn.fallback_from = reply.fallback_from
    turn.note = reply.finish_reason.explain()
    turn.status = TurnStatus.DONE


def _failed(turn: Turn, event: Failed) -> None:
    if event.kind == SECRET_KIND:
        # Nothing was sent: the window asks before sending, it is no error.
        turn.secret = event.message
        turn.status = TurnStatus.FAILED
        return
    turn.error = event.message
    if event.provider:
        turn.provider = event.provider
    partial = event.partial_text or turn.text
    turn.text = partial
    turn.status = TurnStatus.INTERRUPTED if partial else TurnStatus.FAILED
