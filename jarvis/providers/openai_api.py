"""Adapter for OpenAI Chat Completions and OpenAI-compatible servers.

The same adapter serves OpenAI itself and any compatible endpoint (Ollama,
LM Studio, LiteLLM proxy, OpenRouter) through ``base_url``. Usage arrives in
a last chunk with no choices when ``stream_options.include_usage`` is set
(CASES.md C01); servers that never send it leave the usage unknown.
"""

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
    import openai

log = logging.getLogger(__name__)

_FINISH = {
    "stop": FinishReason.STOP,
    "tool_calls": FinishReason.STOP,
    "function_call": FinishReason.STOP,
    "length": FinishReason.LENGTH,
    "content_filter": FinishReason.SAFETY,
}

# Local servers accept any key, but the SDK insists on one.
_NO_KEY = "not-needed"


class OpenAIAdapter:
    """Streams Chat Completions; one pooled async client per key."""

    def __init__(
        self, name: str, key: str | None, base_url: str | None, *, kind: str,
        store: bool = False,
    ) -> None:
        import httpx2
        import openai

        self.name = name
        self.kind = kind
        self._store = store
        timeout = httpx2.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        self._client: openai.AsyncOpenAI = openai.AsyncOpenAI(
            api_key=key or _NO_KEY,
            base_url=base_url,
            max_retries=0,  # the router is the one retry layer (C04)
            timeout=timeout,
            http_client=openai.DefaultAsyncHttpxClient(
                timeout=timeout, event_hooks=gate.hooks()),
        )

    async def stream(self, request: ChatRequest) -> AsyncIterator[ProviderEvent]:
        """Yield the reply's events; raise ProviderError on failure."""
        try:
            stream = await self._client.chat.completions.create(**self._params(request))
            async with stream:
                async for event in _fold(stream):
                    yield event
        except Exception as exc:
            raise classify(exc, self.name) from None

    def _params(self, request: ChatRequest) -> dict[str, Any]:
        messages = []
        if request.system:
            messages.append({"role": "system", "content": request.system})
        messages += [_message(m) for m in request.messages]
        params: dict[str, Any] = {
            "model": request.model,
            "messages": messages,
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_completion_tokens": request.max_tokens,
        }
        if request.temperature is not None:
            params["temperature"] = request.temperature
        if self.kind == "openai":
            # Out of OpenAI's stored completions unless the user opted in.
            params["store"] = self._store
        return params

    async def validate_key(self) -> None:
        try:
            await self._client.models.list()
        except Exception as exc:
            raise classify(exc, self.name) from None

    async def aclose(self) -> None:
        await self._client.close()


def _message(message: Message) -> dict[str, Any]:
    """A chat message: plain text, or the text then ``image_url`` parts."""
    if not message.images:
        return {"role": message.role, "content": message.text}
    parts: list[dict[str, Any]] = []
    if message.text:
        parts.append({"type": "text", "text": message.text})
    parts += [{"type": "image_url",
               "image_url": {"url": image.data_url(), "detail": "auto"}}
              for image in message.images]
    return {"role": message.role, "content": parts}


async def _fold(stream: AsyncIterator[Any]) -> AsyncIterator[ProviderEvent]:
    """Map chat completion chunks to provider events."""
    model: str | None = None
    reason: FinishReason | None = None
    text_seen = False
    usage: Usage | None = None
    async for chunk in stream:
        model = getattr(chunk, "model", None) or model
        if chunk.usage is not None:
            usage = _usage(chunk.usage)
            yield UsageReported(usage, model)
        for choice in chunk.choices or ():
            content = choice.delta.content if choice.delta else None
            if content:
                text_seen = True
                yield TextDelta(content)
            if choice.finish_reason:
                reason = _FINISH.get(choice.finish_reason, FinishReason.OTHER)
    if reason is None:
        # The stream ended without a finish reason: cut off, not finished.
        raise ConnectionError("stream ended without a finish reason")
    if reason is FinishReason.LENGTH and not text_seen:
        reason = FinishReason.THINKING_LIMIT
    yield Finished(reason, model)


def _usage(raw: Any) -> Usage:
    """OpenAI counts cached input inside prompt_tokens, reasoning inside output."""
    prompt = int(raw.prompt_tokens or 0)
    completion = int(raw.completion_tokens or 0)
    prompt_details = getattr(raw, "prompt_tokens_details", None)
    completion_details = getattr(raw, "completion_tokens_details", None)
    cached = int(getattr(prompt_details, "cached_tokens", 0) or 0)
    reasoning = int(getattr(completion_details, "reasoning_tokens", 0) or 0)
    return Usage(
        input_tokens=prompt - cached,
        cache_read_tokens=cached,
        output_tokens=completion - reasoning,
        reasoning_tokens=reasoning,
    )
