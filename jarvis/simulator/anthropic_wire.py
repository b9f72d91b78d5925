"""Anthropic Messages API wire format, written from Anthropic's API reference.

Streams follow the documented event order: ``message_start`` (usage with
input and cache counts), ``content_block_start``, ``ping``,
``content_block_delta``..., ``content_block_stop``, ``message_delta`` (stop
reason and cumulative ``output_tokens``), ``message_stop``. Errors mid-stream
arrive as ``event: error`` after an HTTP 200.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from jarvis.simulator.images import ImageProblem, SeenImage, decode
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

MAX_IMAGE_BASE64 = 5 * 1024 * 1024
"""The API refuses an image whose base64 text is longer."""

MODELS = ("claude-sonnet-4-5", "claude-haiku-4-5")

_STOP_REASONS: dict[Finish, str] = {
    "stop": "end_turn",
    "length": "max_tokens",
    "safety": "refusal",
    "thinking": "max_tokens",
}

_ERRORS: dict[int, tuple[str, str]] = {
    400: (
        "invalid_request_error",
        "prompt is too long: {tokens} tokens > 200000 maximum",
    ),
    401: ("authentication_error", "invalid x-api-key"),
    403: (
        "permission_error",
        "Your API key does not have permission to use the specified resource.",
    ),
    404: ("not_found_error", "model: {model}"),
    429: (
        "rate_limit_error",
        "This request would exceed the rate limit for your organization. "
        "Please try again later.",
    ),
    500: ("api_error", "Internal server error"),
    503: ("api_error", "Service unavailable"),
    529: ("overloaded_error", "Overloaded"),
}


class AnthropicWire:
    """Anthropic Messages: ``POST /v1/messages``, ``GET /v1/models``."""

    kind = "anthropic"
    midstream_status = 529

    def parse(self, body: Mapping[str, object], model: str | None) -> ParsedRequest:
        messages = as_list(body.get("messages"))
        texts = [text_of(body.get("system"))]
        prompt = ""
        parts: list[tuple[str, Callable[[], SeenImage]]] = []
        for number, message in enumerate(messages):
            if isinstance(message, Mapping):
                text = text_of(message.get("content"))
                texts.append(text)
                prompt = text if message.get("role") == "user" else prompt
                parts += _image_parts(message.get("content"), f"messages.{number}")
        images, problem = read_images(parts)
        return ParsedRequest(
            model=str(body.get("model", "")),
            stream=body.get("stream") is True,
            max_tokens=as_int(body.get("max_tokens")),
            message_count=len(messages),
            store=None,
            include_usage=True,
            request_text="\n".join(texts),
            prompt=prompt,
            images=images,
            image_problem=problem,
        )

    def complete(self, plan: ReplyPlan) -> JsonObject:
        content: list[JsonObject] = []
        if plan.thinking:
            content.append(_thinking_block(plan.thinking, "sig-" + plan.reply_id))
        if plan.finish != "thinking":
            content.append({"type": "text", "text": plan.text})
        message = _message(plan, content, _STOP_REASONS[plan.finish])
        message["usage"] = _usage(plan.usage, plan.usage.output + plan.usage.reasoning)
        return message

    def stream(self, plan: ReplyPlan, include_usage: bool) -> StreamFrames:
        head = [_event({"type": "message_start", "message": _start_message(plan)})]
        index = 0
        if plan.thinking:
            head.extend(_thinking_frames(plan))
            index = 1
        tail: list[bytes] = []
        if plan.finish != "thinking":
            head.append(_block_start(index, {"type": "text", "text": ""}))
            tail.append(_event({"type": "content_block_stop", "index": index}))
        # The API sends its first ping right after the first block starts.
        head.insert(min(2, len(head)), _event({"type": "ping"}))
        deltas = tuple(
            _event(_delta(index, {"type": "text_delta", "text": text}))
            for text in plan.deltas
        )
        tail.append(_event(_message_delta(plan)))
        tail.append(_event({"type": "message_stop"}))
        error: JsonObject = {
            "type": "error",
            "error": {"type": "overloaded_error", "message": "Overloaded"},
        }
        return StreamFrames(tuple(head), deltas, tuple(tail), _event(error))

    def error(self, info: ErrorInfo) -> JsonObject:
        kind, message = _ERRORS[info.status]
        return {
            "type": "error",
            "error": {
                "type": kind,
                "message": message.format(
                    tokens=info.prompt_tokens + 200000, model=info.model
                ),
            },
            "request_id": "req_sim",
        }

    def models(self) -> JsonObject:
        data: list[JsonObject] = [
            {
                "type": "model",
                "id": model,
                "display_name": model.replace("-", " ").title(),
                "created_at": "2025-09-29T00:00:00Z",
                "lifecycle": "active",
            }
            for model in MODELS
        ]
        return {
            "data": data,
            "has_more": False,
            "first_id": MODELS[0],
            "last_id": MODELS[-1],
        }


def _image_parts(
    content: object, where: str
) -> list[tuple[str, Callable[[], SeenImage]]]:
    found: list[tuple[str, Callable[[], SeenImage]]] = []
    for index, block in enumerate(as_list(content)):
        if isinstance(block, Mapping) and block.get("type") == "image":
            at = f"{where}.content.{index}.image.source"
            found.append((at, partial(_image, block.get("source"), at)))
    return found


def _image(source: object, where: str) -> SeenImage:
    if not isinstance(source, Mapping) or source.get("type") != "base64":
        raise ImageProblem(f"{where}: the simulator takes base64 sources only")
    return decode(source.get("data"), source.get("media_type"), f"{where}.base64",
                  max_bytes=MAX_IMAGE_BASE64)


def _event(data: JsonObject) -> bytes:
    return sse(data, event=str(data["type"]))


def _message(
    plan: ReplyPlan, content: list[JsonObject], stop: str | None
) -> JsonObject:
    message: JsonObject = {
        "id": "msg_sim" + plan.reply_id,
        "type": "message",
        "role": "assistant",
        "model": plan.model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
    }
    if stop == "refusal":
        message["stop_details"] = _refusal_details()
    return message


def _start_message(plan: ReplyPlan) -> JsonObject:
    message = _message(plan, [], None)
    message["usage"] = _usage(plan.usage, 1)
    return message


def _usage(usage: UsageNumbers, output_tokens: int) -> JsonObject:
    numbers: JsonObject = {
        "input_tokens": usage.fresh_input,
        "cache_creation_input_tokens": usage.cache_write,
        "cache_read_input_tokens": usage.cache_read,
        "output_tokens": output_tokens,
        "service_tier": "standard",
    }
    return numbers


def _message_delta(plan: ReplyPlan) -> JsonObject:
    stop = _STOP_REASONS[plan.finish]
    delta: JsonObject = {"stop_reason": stop, "stop_sequence": None}
    if stop == "refusal":
        delta["stop_details"] = _refusal_details()
    usage: JsonObject = {"output_tokens": plan.usage.output + plan.usage.reasoning}
    if plan.usage.reasoning:
        usage["output_tokens_details"] = {"thinking_tokens": plan.usage.reasoning}
    return {"type": "message_delta", "delta": delta, "usage": usage}


def _refusal_details() -> JsonObject:
    return {"type": "refusal", "category": None, "explanation": None}


def _thinking_block(thinking: str, signature: str) -> JsonObject:
    return {"type": "thinking", "thinking": thinking, "signature": signature}


def _thinking_frames(plan: ReplyPlan) -> list[bytes]:
    return [
        _block_start(0, _thinking_block("", "")),
        _event(_delta(0, {"type": "thinking_delta", "thinking": plan.thinking})),
        _event(
            _delta(0, {"type": "signature_delta", "signature": "sig-" + plan.reply_id})
        ),
        _event({"type": "content_block_stop", "index": 0}),
    ]


def _block_start(index: int, block: JsonObject) -> bytes:
    return _event(
        {"type": "content_block_start", "index": index, "content_block": block}
    )


def _delta(index: int, delta: JsonObject) -> JsonObject:
    return {"type": "content_block_delta", "index": index, "delta": delta}
