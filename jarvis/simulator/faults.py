"""Fault knobs of the provider simulator and the prompt directive that sets them.

A :class:`Fault` describes how one simulated request misbehaves; every field
left at its default means "behave normally". Faults reach a request either
from the per-provider script queue of the simulator or from a directive
written into the last user message (grammar in the package docstring).

This module owns parsing and validation only; the wire modules decide what
each knob looks like on each provider's protocol.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass

ERROR_STATUSES = frozenset({400, 401, 403, 404, 429, 500, 503, 529})
"""HTTP statuses the ``status`` knob can produce, each with its real error body."""


class DirectiveError(ValueError):
    """A ``[[sim: ...]]`` directive names an unknown knob or a bad value."""


@dataclass(frozen=True)
class Fault:
    """How one simulated request misbehaves; the defaults mean "normally".

    Token knobs use one provider-neutral meaning; each wire module reports
    them in its provider's own shape (see the package docstring).

    Attributes:
        status: answer with this HTTP error status and the provider's error
            body instead of a reply (one of ``ERROR_STATUSES``).
        retry_after: ``retry-after`` header in seconds (with ``status``).
        retry_after_ms: ``retry-after-ms`` header in milliseconds.
        retry_after_date: ``retry-after`` header as an HTTP-date this many
            seconds from now.
        error_after: stream: send the provider's mid-stream error after this
            many text deltas (HTTP status stays 200).
        drop_after: stream: close the socket abruptly after this many text
            deltas, before the finish and usage arrive.
        first_token_delay: seconds to wait before the first text delta.
        rate: text tokens per second (None: as fast as possible).
        tokens: reply length in tokens (a long Markdown reply).
        text: reply text to send instead of the generated one.
        safety: the reply stops after "Here is" with a safety finish.
        thinking_exhausts: the whole output budget goes to thinking and no
            text is produced (finish: max tokens).
        model: model name to report instead of the requested one.
        prompt_tokens: total input tokens to report, cached ones included.
        cache_read: input tokens served from the prompt cache.
        cache_write: input tokens written to the prompt cache.
        output_tokens: visible output tokens to report.
        reasoning_tokens: thinking tokens to report (on top of the output).
    """

    status: int | None = None
    retry_after: float | None = None
    retry_after_ms: int | None = None
    retry_after_date: float | None = None
    error_after: int | None = None
    drop_after: int | None = None
    first_token_delay: float = 0.0
    rate: float | None = None
    tokens: int | None = None
    text: str | None = None
    safety: bool = False
    thinking_exhausts: bool = False
    model: str | None = None
    prompt_tokens: int | None = None
    cache_read: int = 0
    cache_write: int = 0
    output_tokens: int | None = None
    reasoning_tokens: int = 0

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in ERROR_STATUSES:
            raise ValueError(f"unsupported fault status {self.status}")
        if self.retry_after is not None and self.retry_after_date is not None:
            raise ValueError("retry_after and retry_after_date share one header")
        if self.rate is not None and self.rate <= 0:
            raise ValueError("rate must be positive")
        if self.prompt_tokens is not None and (
            self.cache_read + self.cache_write > self.prompt_tokens
        ):
            raise ValueError("cached tokens exceed prompt_tokens")


NORMAL = Fault()
"""The fault that changes nothing."""

CACHED_USAGE_C07 = Fault(prompt_tokens=2000, cache_read=1500, cache_write=300)
"""CASES C07: 2000 input tokens of which 1500 read from and 300 written to cache."""

_DIRECTIVE = re.compile(r"\[\[sim:(?P<body>[^\]]*)\]\]", re.IGNORECASE)
_PAIR = re.compile(r'(?P<key>\w+)=(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>\S+))')
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def find_directive(text: str) -> Fault | None:
    """Return the fault a message's ``[[sim: ...]]`` directives ask for.

    Several directives in one message merge, later keys winning.

    Raises:
        DirectiveError: a key is not a knob or a value does not fit it.
    """
    knobs: dict[str, object] = {}
    found = False
    for match in _DIRECTIVE.finditer(text):
        found = True
        knobs.update(_parse_pairs(match.group("body")))
    if not found:
        return None
    try:
        return Fault(**knobs)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise DirectiveError(str(err)) from err


def _parse_pairs(body: str) -> dict[str, object]:
    knobs: dict[str, object] = {}
    leftover = _PAIR.sub("", body).strip()
    if leftover:
        raise DirectiveError(f"cannot read directive text {leftover!r}")
    for pair in _PAIR.finditer(body):
        key = pair.group("key")
        quoted = pair.group("quoted")
        raw = quoted.replace('\\"', '"') if quoted is not None else pair["bare"]
        knobs[key] = _convert(key, raw)
    return knobs


def _convert(key: str, raw: str) -> object:
    kinds = _FIELD_KINDS.get(key)
    if kinds is None:
        raise DirectiveError(f"unknown simulator knob {key!r}")
    try:
        if bool in kinds:
            return _to_bool(raw)
        if int in kinds:
            return int(raw)
        if float in kinds:
            return float(raw)
    except ValueError as err:
        raise DirectiveError(f"bad value {raw!r} for {key}") from err
    return raw


def _to_bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(raw)


def _field_kinds() -> dict[str, frozenset[type]]:
    hints = typing.get_type_hints(Fault)
    kinds: dict[str, frozenset[type]] = {}
    for field in dataclasses.fields(Fault):
        hint = hints[field.name]
        parts = typing.get_args(hint) if isinstance(hint, types.UnionType) else ()
        members = parts or (hint,)
        kinds[field.name] = frozenset(m for m in members if isinstance(m, type))
    return kinds


_FIELD_KINDS = _field_kinds()
