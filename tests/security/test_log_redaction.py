"""Keys never reach a log line, also inside URLs and tracebacks (C10)."""

from __future__ import annotations

import logging
import sys

import pytest

from jarvis.logs import REDACTED, RedactingFilter
from tests.security import fakes


def format_record(filter_: RedactingFilter, message: str, *args: object,
                  exc: BaseException | None = None) -> str:
    record = logging.LogRecord("httpx", logging.DEBUG, __file__, 1, message, args,
                               None)
    if exc is not None:
        try:
            raise exc
        except BaseException:
            record.exc_info = sys.exc_info()
    filter_.filter(record)
    return logging.Formatter("%(message)s").format(record)


@pytest.mark.parametrize(
    "maker", [fakes.anthropic_key, fakes.openai_project_key, fakes.google_key])
def test_key_shapes_are_redacted_in_messages_and_args(maker: fakes.Maker) -> None:
    key = maker()

    line = format_record(RedactingFilter(), "sending %s with %r", "req", key)

    assert key not in line and REDACTED in line


def test_gemini_key_as_url_parameter_is_redacted__C10() -> None:
    key = fakes.google_key()
    url = f"https://generativelanguage.googleapis.com/v1beta/models?key={key}&alt=sse"

    line = format_record(RedactingFilter(), "HTTP Request: GET %s", url)

    assert key not in line and "alt=sse" in line


def test_a_known_key_of_any_shape_is_redacted_in_a_traceback() -> None:
    odd_key = "local-gateway-token-3f9a71c2"
    filter_ = RedactingFilter([odd_key])

    line = format_record(filter_, "request failed",
                         exc=ValueError(f"bad header Authorization: {odd_key}"))

    assert odd_key not in line and "ValueError" in line


def test_remembered_keys_are_redacted_from_then_on() -> None:
    filter_ = RedactingFilter()
    key = "custom-proxy-key-77aa99bb"
    filter_.remember(key)

    assert key not in format_record(filter_, "using %s", key)
