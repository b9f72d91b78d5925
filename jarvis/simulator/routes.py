"""Which provider and action an incoming simulator request is for.

Each provider has its own path prefix (``/anthropic``, ``/openai``,
``/gemini``) so that records are never ambiguous. Unprefixed paths are
accepted too, for clients configured with a bare host: ``/v1/messages`` is
Anthropic, ``/v1/chat/completions`` OpenAI, ``/{v1,v1beta,v1alpha}/models/...``
Gemini, and a bare ``GET /v1/models`` is told apart by its headers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

PROVIDER_KINDS = ("anthropic", "openai", "gemini")

Action = Literal["generate", "models"]

_GEMINI_VERSION = r"v1(?:beta|alpha)?"
_GEMINI_GENERATE = re.compile(
    rf"^/{_GEMINI_VERSION}/models/(?P<model>[^/:]+):"
    r"(?P<method>generateContent|streamGenerateContent)$"
)
_GEMINI_MODELS = re.compile(rf"^/{_GEMINI_VERSION}/models$")


@dataclass(frozen=True)
class Route:
    """A recognised request.

    Attributes:
        kind: "anthropic", "openai" or "gemini".
        action: generate a reply or list models.
        model: the model named in the path (Gemini only).
        stream: whether the path asks for a stream (Gemini only).
    """

    kind: str
    action: Action
    model: str | None = None
    stream: bool = False


def resolve(method: str, path: str, headers: Mapping[str, str]) -> Route | None:
    """Find the route for a request path without its query string."""
    kind, rest = _split_prefix(path)
    if kind == "anthropic":
        return _anthropic(method, rest)
    if kind == "openai":
        return _openai(method, rest)
    if kind == "gemini":
        return _gemini(method, rest)
    return _unprefixed(method, rest, headers)


def _split_prefix(path: str) -> tuple[str | None, str]:
    for kind in PROVIDER_KINDS:
        prefix = f"/{kind}"
        if path == prefix or path.startswith(prefix + "/"):
            return kind, path[len(prefix) :] or "/"
    return None, path


def _anthropic(method: str, path: str) -> Route | None:
    if method == "POST" and path == "/v1/messages":
        return Route("anthropic", "generate")
    if method == "GET" and path == "/v1/models":
        return Route("anthropic", "models")
    return None


def _openai(method: str, path: str) -> Route | None:
    if method == "POST" and path == "/v1/chat/completions":
        return Route("openai", "generate")
    if method == "GET" and path == "/v1/models":
        return Route("openai", "models")
    return None


def _gemini(method: str, path: str) -> Route | None:
    generate = _GEMINI_GENERATE.match(path)
    if method == "POST" and generate:
        streamed = generate["method"] == "streamGenerateContent"
        return Route("gemini", "generate", generate["model"], streamed)
    if method == "GET" and _GEMINI_MODELS.match(path):
        return Route("gemini", "models")
    return None


def _unprefixed(method: str, path: str, headers: Mapping[str, str]) -> Route | None:
    if method == "GET" and path == "/v1/models":
        return Route(_guess_kind(headers), "models")
    return _anthropic(method, path) or _openai(method, path) or _gemini(method, path)


def _guess_kind(headers: Mapping[str, str]) -> str:
    names = {name.lower() for name in headers}
    if "anthropic-version" in names:
        return "anthropic"
    if "x-goog-api-key" in names:
        return "gemini"
    return "openai"
