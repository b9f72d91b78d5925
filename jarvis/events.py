"""Typed events that flow from the service layer to the window and the CLI.

Adapters produce the provider-level events (:class:`TextDelta`,
:class:`UsageReported`, :class:`Finished`) and raise
:class:`jarvis.errors.ProviderError` on failure. The service facade adds the
request-level events (attempts, waits, fallbacks, the final :class:`ReplyDone`
or :class:`Failed`) so that a consumer folds one stream and never calls back
into a provider.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from jarvis.usage import Usage
from jarvis.usertext import UserText


class FinishReason(enum.StrEnum):
    """Why a reply stopped, in the words the UI shows."""

    STOP = "stop"
    LENGTH = "length"
    SAFETY = "safety"
    THINKING_LIMIT = "thinking_limit"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    OTHER = "other"

    def explain(self) -> UserText:
        """A plain-words sentence for the UI, empty for a normal stop (code
        ``finish.<reason>``)."""
        return UserText(f"finish.{self.value}", _EXPLANATIONS[self])


_EXPLANATIONS = {
    FinishReason.STOP: "",
    FinishReason.LENGTH: "The reply reached the output limit.",
    FinishReason.SAFETY: "The reply was blocked by the provider's safety filter.",
    FinishReason.THINKING_LIMIT: "Output limit reached while thinking: no text.",
    FinishReason.CANCELLED: "Stopped.",
    FinishReason.INTERRUPTED: "The reply was interrupted.",
    FinishReason.OTHER: "The provider ended the reply early.",
}


# Provider-level events -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of reply text, in order."""

    text: str


@dataclass(frozen=True, slots=True)
class UsageReported:
    """The provider's token counts so far (cumulative, not a delta)."""

    usage: Usage
    model: str | None = None


@dataclass(frozen=True, slots=True)
class Finished:
    """The provider closed the stream normally."""

    reason: FinishReason
    model: str | None = None


ProviderEvent = TextDelta | UsageReported | Finished


# Request-level events --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttemptStarted:
    """A request is about to go to ``provider`` (attempt counts from 1)."""

    provider: str
    model: str
    attempt: int


@dataclass(frozen=True, slots=True)
class Waiting:
    """The request waits before going on (backoff, rate limit)."""

    seconds: float
    reason: str


@dataclass(frozen=True, slots=True)
class FallbackUsed:
    """``from_provider`` failed before any text; ``to_provider`` is next."""

    from_provider: str
    to_provider: str
    reason: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What one answered request produced, as shown and as logged."""

    text: str
    provider: str
    model: str
    usage: Usage | None
    cost_usd: Decimal | None
    finish_reason: FinishReason
    latency_s: float
    ttft_s: float | None
    conversation_id: str | None = None
    fallback_from: tuple[str, ...] = ()
    cache_hit: bool = False
    saved_usd: Decimal | None = None
    attempts: int = 1

    @property
    def priced(self) -> bool:
        """Whether the cost is known (C08: unpriced is not $0)."""
        return self.cost_usd is not None


@dataclass(frozen=True, slots=True)
class ReplyDone:
    """The last event of a successful request."""

    reply: Reply


@dataclass(frozen=True, slots=True)
class Failed:
    """The last event of a failed request.

    ``partial_text`` holds whatever was streamed before the failure; it is
    kept, shown and stored, marked interrupted.
    """

    kind: str
    message: str
    provider: str | None = None
    partial_text: str = ""
    retry_after_s: float | None = None
    tried: tuple[str, ...] = field(default_factory=tuple)
    conversation_id: str | None = None


@dataclass(frozen=True, slots=True)
class Guarded:
    """What the guard did to the prompt before it was sent.

    Attributes:
        redacted: how many personal items were replaced by placeholders.
        summary: "3 items redacted (2 email addresses, 1 phone number)", or "".
        warnings: plain-words lines for the message (hidden characters
            removed, instruction-like text in pasted content...).
    """

    redacted: int
    summary: str
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that is not an error (budget alerts)."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class PromptStored:
    """The prompt is in the history: a new conversation exists from here on.

    ``Jarvis.ask`` creates a new conversation (no ``conversation_id``)
    together with its first prompt, in one write; this names it, so that
    the caller can continue it, even if the request is then cancelled.
    """

    conversation_id: str
    message_id: int


ServiceEvent = (
    AttemptStarted
    | PromptStored
    | Waiting
    | FallbackUsed
    | TextDelta
    | UsageReported
    | Finished
    | ReplyDone
    | Failed
    | Notice
    | Guarded
)
