"""Adapter for the Gemini API (official ``google-genai`` SDK).

Reads text from each candidate's parts, never through ``.text``: a final
chunk that carries only a finish reason (SAFETY, MAX_TOKENS) has no parts
(CASES.md C03). Thought parts are not shown.
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
from jarvis.providers.base import READ_TIMEOUT_S, ChatRequest, Message
from jarvis.providers.classify import classify
from jarvis.usage import Usage

if TYPE_CHECKING:
    from google import genai

log = logging.getLogger(__name__)

_FINISH = {
    "STOP": FinishReason.STOP,
    "MAX_TOKENS": FinishReason.LENGTH,
    "SAFETY": FinishReason.SAFETY,
    "RECITATION": FinishReason.SAFETY,
    "BLOCKLIST": FinishReason.SAFETY,
    "PROHIBITED_CONTENT": FinishReason.SAFETY,
    "SPII": FinishReason.SAFETY,
    "IMAGE_SAFETY": FinishReason.SAFETY,
}


class GeminiAdapter:
    """Streams Gemini replies; one pooled async client per key."""

    kind = "gemini"

    def __init__(self, name: str, key: str, base_url: str | None) -> None:
        from google import genai
        from google.genai import types

        self.name = name
        options = types.HttpOptions(
            base_url=base_url,
            timeout=int(READ_TIMEOUT_S * 1000),
            # One attempt: the router is the one retry layer (C04).
            retry_options=types.HttpRetryOptions(attempts=1),
            async_client_args={"event_hooks": gate.hooks()},
        )
        self._client: genai.client.AsyncClient = genai.Client(
            api_key=key, http_options=options
        ).aio

    async def stream(self, request: ChatRequest) -> AsyncIterator[ProviderEvent]:
        """Yield the reply's events; raise ProviderError on failure."""
        from google.genai import types

        config = types.GenerateContentConfig(
            max_output_tokens=request.max_tokens,
            temperature=request.temperature,
            system_instruction=request.system or None,
        )
        contents = [_content(m) for m in request.messages]
        try:
            stream = await self._client.models.generate_content_stream(
                model=request.model, contents=contents, config=config
            )
            async for event in _fold(stream):
                yield event
        except Exception as exc:
            raise classify(exc, self.name) from None

    async def validate_key(self) -> None:
        try:
            await self._client.models.list(config={"page_size": 1})
        except Exception as exc:
            raise classify(exc, self.name) from None

    async def aclose(self) -> None:
        await self._client.aclose()


def _content(message: Message) -> Any:
    """A ``Content``: inline image parts (raw bytes; the SDK encodes them),
    then the text."""
    from google.genai import types

    parts = [types.Part(inline_data=types.Blob(data=image.data,
                                               mime_type=image.media_type))
             for image in message.images]
    if message.text or not parts:
        parts.append(types.Part(text=message.text))
    return types.Content(role="model" if message.role == "assistant" else "user",
                         parts=parts)


async def _fold(stream: AsyncIterator[Any]) -> AsyncIterator[ProviderEvent]:
    """Map generateContent chunks to provider events."""
    model: str | None = None
    reason: FinishReason | None = None
    text_seen = False
    async for chunk in stream:
        model = getattr(chunk, "model_version", None) or model
        if chunk.usage_metadata is not None:
            yield UsageReported(_usage(chunk.usage_metadata), model)
        feedback = getattr(chunk, "prompt_feedback", None)
        if feedback is not None and getattr(feedback, "block_reason", None):
            reason = FinishReason.SAFETY
        for candidate in chunk.candidates or ():
            for text in _texts(candidate):
                text_seen = True
                yield TextDelta(text)
            if candidate.finish_reason:
                reason = _finish(candidate.finish_reason)
    if reason is None:
        raise ConnectionError("stream ended without a finish reason")
    if reason is FinishReason.LENGTH and not text_seen:
        reason = FinishReason.THINKING_LIMIT
    yield Finished(reason, model)


def _finish(raw: Any) -> FinishReason:
    name = getattr(raw, "value", raw)
    return _FINISH.get(str(name), FinishReason.OTHER)


def _texts(candidate: Any) -> list[str]:
    content = getattr(candidate, "content", None)
    parts = getattr(content, "parts", None) or ()
    return [p.text for p in parts if getattr(p, "text", None) and not p.thought]


def _usage(raw: Any) -> Usage:
    """Gemini counts cached input inside the prompt; thoughts separately."""
    prompt = int(raw.prompt_token_count or 0)
    cached = int(raw.cached_content_token_count or 0)
    return Usage(
        input_tokens=prompt - cached,
        cache_read_tokens=cached,
        output_tokens=int(raw.candidates_token_count or 0),
        reasoning_tokens=int(raw.thoughts_token_count or 0),
    )
