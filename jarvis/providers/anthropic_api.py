"""Adapter for the Anthropic Messages API (official ``anthropic`` SDK)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from jarvis.events import (
    Finished,
    FinishReason,
    ProviderEvent,
    TextDelta,
    UsageReported,
)
from jarvis.providers import gate
from jarvis.providers.base import (
    CONNECT_TIMEOUT_S,
    READ_TIMEOUT_S,
    ChatRequest,
    Message,
)
from jarvis.providers.classify import classify
from jarvis.usage import Usage

if TYPE_CHECKING:
    import anthropic

log = logging.getLogger(__name__)

_STOP = {
    "end_turn": FinishReason.STOP,
    "stop_sequence": FinishReason.STOP,
    "tool_use": FinishReason.STOP,
    "pause_turn": FinishReason.OTHER,
    "max_tokens": FinishReason.LENGTH,
    "refusal": FinishReason.SAFETY,
}


class AnthropicAdapter:
    """Streams Claude replies; one pooled async client per key."""

    kind = "anthropic"

    def __init__(self, name: str, key: str, base_url: str | None) -> None:
        import anthropic
        import httpx2

        self.name = name
        timeout = httpx2.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        self._client: anthropic.AsyncAnthropic = anthropic.AsyncAnthropic(
            api_key=key,
            base_url=base_url,
            max_retries=0,  # the router is the one retry layer (C04)
            timeout=timeout,
            http_client=anthropic.DefaultAsyncHttpxClient(
                timeout=timeout, event_hooks=gate.hooks()),
        )

    async def stream(self, request: ChatRequest) -> AsyncIterator[ProviderEvent]:
        """Yield the reply's events; raise ProviderError on failure."""
        params: dict[str, Any] = {
            "model": request.model,
            "max_tokens": request.max_tokens,
            "messages": [_message(m) for m in request.messages],
            "stream": True,
        }
        if request.system:
            params["system"] = request.system
        # The current Messages API takes no sampling parameters (the SDK has
        # no ``temperature``): a temperature choice is not sent to Claude.
        try:
            stream = await self._client.messages.create(**params)
            async with stream:
                async for event in _fold(stream):
                    yield event
        except Exception as exc:
            raise classify(exc, self.name) from None

    async def validate_key(self) -> None:
        try:
            await self._client.models.list(limit=1)
        except Exception as exc:
            raise classify(exc, self.name) from None

    async def aclose(self) -> None:
        await self._client.close()


def _message(message: Message) -> dict[str, Any]:
    """A Messages API turn: plain text, or image blocks then the text."""
    if not message.images:
        return {"role": message.role, "content": message.text}
    blocks: list[dict[str, Any]] = [
        {"type": "image", "source": {"type": "base64",
                                     "media_type": image.media_type,
                                     "data": image.base64()}}
        for image in message.images
    ]
    if message.text:
        blocks.append({"type": "text", "text": message.text})
    return {"role": message.role, "content": blocks}


async def _fold(stream: AsyncIterator[Any]) -> AsyncIterator[ProviderEvent]:
    """Map raw Messages stream events to provider events."""
    usage = Usage()
    model: str | None = None
    text_seen = False
    async for event in stream:
        kind = event.type
        if kind == "message_start":
            # Its output count is a placeholder: usage is reported only with
            # message_delta, so a stream cut off before it has unknown usage.
            model = event.message.model
            usage = _usage(event.message.usage, usage)
        elif kind == "content_block_delta" and event.delta.type == "text_delta":
            if event.delta.text:
                text_seen = True
                yield TextDelta(event.delta.text)
        elif kind == "message_delta":
            usage = _usage(event.usage, usage)
            yield UsageReported(usage, model)
            reason = _STOP.get(event.delta.stop_reason or "", FinishReason.OTHER)
            if reason is FinishReason.LENGTH and not text_seen:
                reason = FinishReason.THINKING_LIMIT
            yield Finished(reason, model)
            return


def _usage(raw: Any, previous: Usage) -> Usage:
    """Merge an Anthropic usage block (fresh input is already separate)."""

    def pick(name: str, old: int) -> int:
        value = getattr(raw, name, None)
        return old if value is None else int(value)

    # output_tokens includes thinking; the details block, when present,
    # says how much of it was thinking.
    output = pick("output_tokens", previous.total_output)
    details = getattr(raw, "output_tokens_details", None)
    thinking = getattr(details, "thinking_tokens", None)
    reasoning = previous.reasoning_tokens if thinking is None else int(thinking)
    return Usage(
        input_tokens=pick("input_tokens", previous.input_tokens),
        cache_read_tokens=pick("cache_read_input_tokens", previous.cache_read_tokens),
        cache_write_tokens=pick(
            "cache_creation_input_tokens", previous.cache_write_tokens
        ),
        output_tokens=max(0, output - reasoning),
        reasoning_tokens=reasoning,
    )
