"""Gemini API (generativelanguage) wire format, from Google's API reference.

``models/{model}:streamGenerateContent?alt=sse`` streams ``data:`` lines, each
a whole ``GenerateContentResponse`` with ``usageMetadata``; the last one
carries ``finishReason``. A blocked reply ends with a candidate that has
``finishReason: SAFETY`` and no content (CASES C03); a reply whose budget went
to thinking has ``MAX_TOKENS``, ``thoughtsTokenCount`` and no parts. An error
mid-stream is a ``data:`` line holding an ``error`` object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from jarvis.simulator.images import SeenImage, decode
from jarvis.simulator.replies import Finish, ReplyPlan, UsageNumbers, count_tokens
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

MODELS = ("gemini-2.5-flash", "gemini-2.5-pro")

_FINISH_REASONS: dict[Finish, str] = {
    "stop": "STOP",
    "length": "MAX_TOKENS",
    "safety": "SAFETY",
    "thinking": "MAX_TOKENS",
}

_ERRORS: dict[int, tuple[str, str]] = {
    400: (
        "INVALID_ARGUMENT",
        "The input token count ({tokens}) exceeds the maximum number of tokens "
        "allowed (1048576).",
    ),
    401: (
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials.",
    ),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: (
        "NOT_FOUND",
        "models/{model} is not found for API version v1beta, or is not "
        "supported for generateContent.",
    ),
    429: (
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
    ),
    500: ("INTERNAL", "An internal error has occurred."),
    503: ("UNAVAILABLE", "The model is overloaded. Please try again later."),
    529: ("UNAVAILABLE", "The model is overloaded. Please try again later."),
}

_SAFETY_RATINGS: list[JsonObject] = [
    {
        "category": "HARM_CATEGORY_DANGEROUS_CONTENT",
        "probability": "HIGH",
        "blocked": True,
    }
]


class GeminiWire:
    """Gemini: ``POST /{version}/models/{model}:generateContent`` and friends."""

    kind = "gemini"
    midstream_status = 503

    def parse(self, body: Mapping[str, object], model: str | None) -> ParsedRequest:
        contents = as_list(body.get("contents"))
        texts = [_content_text(body.get("systemInstruction"))]
        prompt = ""
        parts: list[tuple[str, Callable[[], SeenImage]]] = []
        for number, content in enumerate(contents):
            text = _content_text(content)
            texts.append(text)
            if isinstance(content, Mapping) and content.get("role", "user") == "user":
                prompt = text
            if isinstance(content, Mapping):
                parts += _image_parts(content.get("parts"), f"contents[{number}]")
        images, problem = read_images(parts)
        config = body.get("generationConfig")
        budget = config.get("maxOutputTokens") if isinstance(config, Mapping) else None
        return ParsedRequest(
            model=model or "",
            stream=False,
            max_tokens=as_int(budget),
            message_count=len(contents),
            store=None,
            include_usage=True,
            request_text="\n".join(texts),
            prompt=prompt,
            images=images,
            image_problem=problem,
        )

    def complete(self, plan: ReplyPlan) -> JsonObject:
        text = plan.text if plan.finish != "safety" else ""
        return _response(plan, _final_candidate(plan, text), _usage(plan.usage))

    def stream(self, plan: ReplyPlan, include_usage: bool) -> StreamFrames:
        deltas: list[bytes] = []
        written = 0
        for text in plan.deltas:
            written += count_tokens(text)
            running = _running_usage(plan.usage, written)
            candidate = {"content": _content(text), "index": 0}
            deltas.append(_frame(_response(plan, candidate, running)))
        final = _response(plan, _final_candidate(plan, ""), _usage(plan.usage))
        error = self.error(ErrorInfo(503, plan.model, plan.usage.prompt, None))
        return StreamFrames((), tuple(deltas), (_frame(final),), _frame(error))

    def error(self, info: ErrorInfo) -> JsonObject:
        status, message = _ERRORS[info.status]
        error: JsonObject = {
            "code": info.status,
            "message": message.format(
                tokens=info.prompt_tokens + 1048576, model=info.model
            ),
            "status": status,
        }
        if info.status == 429 and info.retry_seconds is not None:
            error["details"] = [
                {
                    "@type": "type.googleapis.com/google.rpc.RetryInfo",
                    "retryDelay": f"{info.retry_seconds:g}s",
                }
            ]
        return {"error": error}

    def bad_key(self) -> JsonObject:
        """The body Gemini sends, with HTTP 400, for a key it does not know."""
        return {
            "error": {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT",
                "details": [
                    {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": "API_KEY_INVALID",
                        "domain": "googleapis.com",
                        "metadata": {"service": "generativelanguage.googleapis.com"},
                    }
                ],
            }
        }

    def models(self) -> JsonObject:
        models: list[JsonObject] = [
            {
                "name": f"models/{model}",
                "version": "001",
                "displayName": model.replace("-", " ").title(),
                "inputTokenLimit": 1048576,
                "outputTokenLimit": 65536,
                "supportedGenerationMethods": ["generateContent", "countTokens"],
                "thinking": True,
            }
            for model in MODELS
        ]
        return {"models": models}


def _image_parts(
    parts: object, where: str
) -> list[tuple[str, Callable[[], SeenImage]]]:
    found: list[tuple[str, Callable[[], SeenImage]]] = []
    for index, part in enumerate(as_list(parts)):
        blob = part.get("inlineData", part.get("inline_data")) \
            if isinstance(part, Mapping) else None
        if isinstance(blob, Mapping):
            at = f"{where}.parts[{index}].inline_data"
            mime = blob.get("mimeType", blob.get("mime_type"))
            found.append((at, partial(_blob, blob.get("data"), mime, at)))
    return found


def _blob(data: object, mime: object, where: str) -> SeenImage:
    # Protobuf's JSON reads bytes in either base64 alphabet.
    return decode(data, mime, f"Invalid value at '{where}.data' (TYPE_BYTES)",
                  urlsafe=True)


def _content_text(content: object) -> str:
    if isinstance(content, Mapping):
        return text_of(content.get("parts"))
    return ""


def _content(text: str) -> JsonObject:
    return {"parts": [{"text": text}], "role": "model"}


def _frame(response: JsonObject) -> bytes:
    # The API ends its SSE lines with CRLF.
    return sse(response, newline="\r\n")


def _final_candidate(plan: ReplyPlan, text: str) -> JsonObject:
    candidate: JsonObject = {"index": 0, "finishReason": _FINISH_REASONS[plan.finish]}
    if plan.finish == "safety":
        candidate["safetyRatings"] = _SAFETY_RATINGS
    elif plan.finish == "thinking":
        candidate["content"] = {"role": "model"}
    else:
        candidate["content"] = _content(text)
    return candidate


def _response(plan: ReplyPlan, candidate: JsonObject, usage: JsonObject) -> JsonObject:
    return {
        "candidates": [candidate],
        "usageMetadata": usage,
        "modelVersion": plan.model,
        "responseId": "sim" + plan.reply_id,
    }


def _running_usage(usage: UsageNumbers, written: int) -> JsonObject:
    return {
        "promptTokenCount": usage.prompt,
        "candidatesTokenCount": written,
        "totalTokenCount": usage.prompt + written + usage.reasoning,
    }


def _usage(usage: UsageNumbers) -> JsonObject:
    numbers: JsonObject = {
        "promptTokenCount": usage.prompt,
        "totalTokenCount": usage.prompt + usage.output + usage.reasoning,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": usage.prompt}],
    }
    if usage.output:
        numbers["candidatesTokenCount"] = usage.output
    if usage.cache_read:
        numbers["cachedContentTokenCount"] = usage.cache_read
    if usage.reasoning:
        numbers["thoughtsTokenCount"] = usage.reasoning
    return numbers
