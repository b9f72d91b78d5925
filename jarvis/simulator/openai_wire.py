"""OpenAI Chat Completions wire format, written from OpenAI's API reference.

Streams are ``data:`` lines of ``chat.completion.chunk`` objects ending in
``data: [DONE]``. Usage comes only when the request sets
``stream_options.include_usage``: then every chunk carries ``"usage": null``
and one last chunk has an empty ``choices`` list and the usage (CASES C01).
An error mid-stream is a ``data:`` line holding an ``error`` object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from jarvis.simulator.images import SeenImage, from_data_url
from jarvis.simulator.replies import Finish, ReplyPlan, UsageNumbers
from jarvis.simulator.wire import (
    ErrorInfo,
    JsonObject,
    ParsedRequest,
    StreamFrames,
    as_int,
    as_list,
    read_images,
    sse,
    text_of,
)

MODELS = ("gpt-4o-mini", "gpt-4.1-mini")
CREATED = 1_767_225_600
"""Fixed creation time so replies stay deterministic."""

_FINISH_REASONS: dict[Finish, str] = {
    "stop": "stop",
    "length": "length",
    "safety": "content_filter",
    "thinking": "length",
}

_ERRORS: dict[int, tuple[str, str | None, str | None, str]] = {
    400: (
        "invalid_request_error",
        "messages",
        "context_length_exceeded",
        "This model's maximum context length is 128000 tokens. However, your "
        "messages resulted in {tokens} tokens. Please reduce the length of the "
        "messages.",
    ),
    401: (
        "invalid_request_error",
        None,
        "invalid_api_key",
        "Incorrect API key provided.",
    ),
    403: (
        "invalid_request_error",
        None,
        "unsupported_country_region_territory",
        "Country, region, or territory not supported",
    ),
    404: (
        "invalid_request_error",
        None,
        "model_not_found",
        "The model `{model}` does not exist or you do not have access to it.",
    ),
    429: (
        "requests",
        None,
        "rate_limit_exceeded",
        "Rate limit reached for {model} on requests per min (RPM). "
        "Please try again in {retry}.",
    ),
    500: (
        "server_error",
        None,
        None,
        "The server had an error while processing your request. Sorry about that!",
    ),
    503: (
        "server_error",
        None,
        None,
        "The engine is currently overloaded, please try again later",
    ),
    529: ("server_error", None, None, "The server is overloaded."),
}


class OpenAIWire:
    """OpenAI Chat Completions: ``POST /v1/chat/completions``, ``GET /v1/models``."""

    kind = "openai"
    midstream_status = 500

    def parse(self, body: Mapping[str, object], model: str | None) -> ParsedRequest:
        messages = as_list(body.get("messages"))
        texts: list[str] = []
        prompt = ""
        parts: list[tuple[str, Callable[[], SeenImage]]] = []
        for number, message in enumerate(messages):
            if isinstance(message, Mapping):
                text = text_of(message.get("content"))
                texts.append(text)
                prompt = text if message.get("role") == "user" else prompt
                parts += _image_parts(message.get("content"), f"messages[{number}]")
        images, problem = read_images(parts)
        options = body.get("stream_options")
        include_usage = (
            isinstance(options, Mapping) and options.get("include_usage") is True
        )
        store = body.get("store")
        budget = as_int(body.get("max_completion_tokens"))
        return ParsedRequest(
            model=str(body.get("model", "")),
            stream=body.get("stream") is True,
            max_tokens=budget if budget is not None else as_int(body.get("max_tokens")),
            message_count=len(messages),
            store=store if isinstance(store, bool) else None,
            include_usage=include_usage,
            request_text="\n".join(texts),
            prompt=prompt,
            images=images,
            image_problem=problem,
        )

    def complete(self, plan: ReplyPlan) -> JsonObject:
        message: JsonObject = {
            "role": "assistant",
            "content": plan.text,
            "refusal": None,
            "annotations": [],
        }
        choice: JsonObject = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": _FINISH_REASONS[plan.finish],
        }
        completion = _envelope(plan, "chat.completion", [choice])
        completion["usage"] = _usage(plan.usage)
        return completion

    def stream(self, plan: ReplyPlan, include_usage: bool) -> StreamFrames:
        first = _delta_chunk(
            plan, {"role": "assistant", "content": "", "refusal": None}
        )
        chunks = [_delta_chunk(plan, {"content": text}) for text in plan.deltas]
        last = _delta_chunk(plan, {}, _FINISH_REASONS[plan.finish])
        tail_chunks = [last]
        if include_usage:
            for chunk in (first, *chunks, last):
                chunk["usage"] = None
            final = _envelope(plan, "chat.completion.chunk", [])
            final["usage"] = _usage(plan.usage)
            tail_chunks.append(final)
        tail = (*(sse(chunk) for chunk in tail_chunks), sse("[DONE]"))
        error = self.error(ErrorInfo(500, plan.model, plan.usage.prompt, None))
        return StreamFrames(
            (sse(first),), tuple(sse(chunk) for chunk in chunks), tail, sse(error)
        )

    def error(self, info: ErrorInfo) -> JsonObject:
        kind, param, code, message = _ERRORS[info.status]
        retry = f"{info.retry_seconds:g}s" if info.retry_seconds is not None else "20s"
        text = message.format(
            tokens=info.prompt_tokens + 128000, model=info.model, retry=retry
        )
        return {"error": {"message": text, "type": kind, "param": param, "code": code}}

    def models(self) -> JsonObject:
        data: list[JsonObject] = [
            {"id": model, "object": "model", "created": CREATED, "owned_by": "system"}
            for model in MODELS
        ]
        return {"object": "list", "data": data}


def _envelope(plan: ReplyPlan, kind: str, choices: list[JsonObject]) -> JsonObject:
    return {
        "id": "chatcmpl-sim" + plan.reply_id,
        "object": kind,
        "created": CREATED,
        "model": plan.model,
        "choices": choices,
        "service_tier": "default",
        "system_fingerprint": "fp_sim",
    }


def _delta_chunk(
    plan: ReplyPlan, delta: JsonObject, finish: str | None = None
) -> JsonObject:
    choice: JsonObject = {
        "index": 0,
        "delta": delta,
        "logprobs": None,
        "finish_reason": finish,
    }
    return _envelope(plan, "chat.completion.chunk", [choice])


def _usage(usage: UsageNumbers) -> JsonObject:
    completion = usage.output + usage.reasoning
    return {
        "prompt_tokens": usage.prompt,
        "completion_tokens": completion,
        "total_tokens": usage.prompt + completion,
        "prompt_tokens_details": {"cached_tokens": usage.cache_read, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": usage.reasoning,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _image_parts(
    content: object, where: str
) -> list[tuple[str, Callable[[], SeenImage]]]:
    found: list[tuple[str, Callable[[], SeenImage]]] = []
    for index, part in enumerate(as_list(content)):
        if isinstance(part, Mapping) and part.get("type") == "image_url":
            image_url = part.get("image_url")
            url = image_url.get("url") if isinstance(image_url, Mapping) else None
            at = f"{where}.content[{index}].image_url.url"
            found.append((at, partial(from_data_url, url, at)))
    return found
