"""What every adapter offers, and the request it takes."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Literal, Protocol

from jarvis.events import ProviderEvent
from jarvis.images import ImageAttachment

Role = Literal["user", "assistant"]

# Timeouts in seconds: connecting, and the longest silence inside a stream.
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class Message:
    """One turn of the conversation as sent to a provider.

    ``images`` go before ``text`` as image parts; only user turns have any.
    Who may receive them is :mod:`jarvis.vision`'s to say, before sending.
    """

    role: Role
    text: str
    images: tuple[ImageAttachment, ...] = ()


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """A provider-neutral chat request."""

    model: str
    messages: tuple[Message, ...]
    max_tokens: int
    system: str = ""
    temperature: float | None = None

    @property
    def images(self) -> tuple[ImageAttachment, ...]:
        """Every image in the request, oldest turn first."""
        return tuple(image for m in self.messages for image in m.images)


class Adapter(Protocol):
    """One provider, one key, one pooled HTTP client."""

    name: str
    kind: str

    def stream(self, request: ChatRequest) -> AsyncIterator[ProviderEvent]:
        """Yield text, usage and finish events; raise ProviderError."""
        ...

    async def validate_key(self) -> None:
        """Make the cheapest authenticated call; raise ProviderError."""
        ...

    async def aclose(self) -> None:
        """Close the HTTP client."""
        ...


def key_fingerprint(key: str) -> str:
    """A short, one-way id of a key, to tell clients and caches apart."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]
