"""What every simulated wire protocol provides, and helpers they share.

A wire module turns a provider's request body into a :class:`ParsedRequest`
and renders a provider-neutral reply plan, error or model list into that
provider's JSON and Server-Sent Events. It knows nothing of sockets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from jarvis.simulator.images import ImageProblem, SeenImage
from jarvis.simulator.replies import ReplyPlan

JsonObject = dict[str, object]


@dataclass(frozen=True)
class ParsedRequest:
    """The parts of a generation request the simulator acts on or records."""

    model: str
    stream: bool
    max_tokens: int | None
    message_count: int
    store: bool | None
    include_usage: bool
    request_text: str
    prompt: str
    images: tuple[SeenImage, ...] = ()
    image_problem: str | None = None
    """Why an image part would be refused (HTTP 400), if one would."""


@dataclass(frozen=True)
class StreamFrames:
    """A reply as ready-to-send SSE frames.

    ``deltas`` holds one frame per text delta, so faults can count them;
    ``error`` is the provider's mid-stream error frame.
    """

    head: tuple[bytes, ...]
    deltas: tuple[bytes, ...]
    tail: tuple[bytes, ...]
    error: bytes


@dataclass(frozen=True)
class ErrorInfo:
    """What an error body may mention."""

    status: int
    model: str
    prompt_tokens: int
    retry_seconds: float | None


class Wire(Protocol):
    """One provider's wire protocol."""

    kind: str
    midstream_status: int
    """HTTP status a non-streamed request gets for the mid-stream error knob."""

    def parse(self, body: Mapping[str, object], model: str | None) -> ParsedRequest:
        """Read a generation request (``model`` comes from the path if any)."""
        ...

    def complete(self, plan: ReplyPlan) -> JsonObject:
        """Render a non-streamed reply body."""
        ...

    def stream(self, plan: ReplyPlan, include_usage: bool) -> StreamFrames:
        """Render a streamed reply."""
        ...

    def error(self, info: ErrorInfo) -> JsonObject:
        """Render the provider's error body for an HTTP status."""
        ...

    def models(self) -> JsonObject:
        """Render the model list."""
        ...


def dumps(value: object) -> str:
    """Compact, deterministic JSON."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def sse(data: object, event: str | None = None, newline: str = "\n") -> bytes:
    """One Server-Sent Event frame."""
    payload = data if isinstance(data, str) else dumps(data)
    head = f"event: {event}{newline}" if event else ""
    return f"{head}data: {payload}{newline}{newline}".encode()


def text_of(content: object) -> str:
    """Text of a message content that is a string or a list of text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(_part_text(part) for part in content)
    return ""


def _part_text(part: object) -> str:
    if isinstance(part, Mapping):
        text = part.get("text")
        return text if isinstance(text, str) else ""
    return ""


def read_images(
    parts: list[tuple[str, Callable[[], SeenImage]]],
) -> tuple[tuple[SeenImage, ...], str | None]:
    """Decode each image part in order; the first problem stops it."""
    seen: list[SeenImage] = []
    for _where, read in parts:
        try:
            seen.append(read())
        except ImageProblem as problem:
            return tuple(seen), str(problem)
    return tuple(seen), None


def as_list(value: object) -> list[object]:
    """The value if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_int(value: object) -> int | None:
    """The value if it is an int (not a bool), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None
