"""The one async facade that the window, the CLI and the tests drive.

FIXME:skeleton — signatures are the contract; bodies land next.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from jarvis.events import ServiceEvent


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """A configured provider as the UI lists it."""

    name: str          # config name: "anthropic", "openai", "gemini", "ollama"...
    kind: str          # "anthropic" | "openai" | "gemini" | "openai_compatible"
    model: str         # default model
    models: tuple[str, ...]  # models offered in the picker
    enabled: bool
    has_key: bool
    key_source: str | None   # "keychain" | "env" | "session" | "none-needed" | None
    base_url: str | None


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    id: str
    title: str
    updated_at: datetime
    message_count: int


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: int
    role: str            # "user" | "assistant"
    text: str
    status: str          # "ok" | "interrupted" | "cancelled" | "error"
    provider: str | None
    model: str | None
    cost_usd: Decimal | None
    created_at: datetime


class Jarvis:
    """Facade over keys, guard, limits, router, providers and logs."""

    @classmethod
    async def open(cls, *, home: Path | None = None, demo: bool = False) -> Jarvis:
        raise NotImplementedError

    def providers(self) -> list[ProviderInfo]:
        raise NotImplementedError

    async def new_conversation(self, title: str = "") -> str:
        raise NotImplementedError

    def ask(
        self,
        prompt: str,
        *,
        provider: str | None = None,
        model: str | None = None,
        conversation_id: str | None = None,
    ) -> AsyncIterator[ServiceEvent]:
        """Stream one request's events; the last is ReplyDone or Failed.

        Cancelling the consuming task stops the request; the partial reply
        is stored as cancelled and the spend row written.
        """
        raise NotImplementedError

    async def conversations(self) -> list[ConversationSummary]:
        raise NotImplementedError

    async def messages(self, conversation_id: str) -> list[StoredMessage]:
        raise NotImplementedError

    async def aclose(self) -> None:
        raise NotImplementedError

    async def usage_since(self, since: date | None = None) -> object:
        raise NotImplementedError
