"""Every SDK failure maps to one error kind; retry policy follows the kind."""

from __future__ import annotations

from typing import Any

import pytest

from jarvis.errors import ErrorKind, ProviderError
from jarvis.providers.classify import classify


class FakeStatusError(Exception):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None):
        super().__init__("the SDK's own text, which may quote the request")
        self.status_code = status
        self.body = body
        self.response = type("R", (), {"headers": headers or {}})()


class APIConnectionError(Exception):
    pass


class ReadTimeout(Exception):
    pass


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (FakeStatusError(200, {"type": "error", "error": {"type": "overloaded_error"}}),
         ErrorKind.OVERLOADED),
        (FakeStatusError(429, {}), ErrorKind.RATE_LIMITED),
        (FakeStatusError(529, {}), ErrorKind.OVERLOADED),
        (FakeStatusError(503, {}), ErrorKind.OVERLOADED),
        (FakeStatusError(500, {}), ErrorKind.SERVER),
        (FakeStatusError(401, {}), ErrorKind.AUTH),
        (FakeStatusError(403, {}), ErrorKind.PERMISSION),
        (FakeStatusError(404, {}), ErrorKind.NOT_FOUND),
        (FakeStatusError(400, {"error": {"message": "prompt is too long: 300000"}}),
         ErrorKind.CONTEXT_TOO_LONG),
        (FakeStatusError(400, {"error": {"code": "context_length_exceeded"}}),
         ErrorKind.CONTEXT_TOO_LONG),
        (FakeStatusError(400, {"error": {"message": "bad temperature"}}),
         ErrorKind.BAD_REQUEST),
        (FakeStatusError(400, [{"error": {"status": "INVALID_ARGUMENT",
                                          "message": "API key not valid."}}]),
         ErrorKind.AUTH),
        (FakeStatusError(429, {"error": {"status": "RESOURCE_EXHAUSTED"}}),
         ErrorKind.RATE_LIMITED),
        (APIConnectionError(), ErrorKind.CONNECTION),
        (ReadTimeout(), ErrorKind.TIMEOUT),
        (ConnectionError("stream ended"), ErrorKind.CONNECTION),
        (ValueError("a bug"), ErrorKind.INTERNAL),
    ],
)
def test_kinds(exc: Exception, kind: ErrorKind) -> None:
    error = classify(exc, "prov")

    assert error.kind is kind
    assert "quote the request" not in str(error)


def test_retry_after_header_is_kept() -> None:
    error = classify(FakeStatusError(429, {}, {"retry-after-ms": "1500"}), "p")

    assert error.retry_after_s == 1.5
    assert error.status == 429


@pytest.mark.parametrize(
    ("kind", "retry", "fallback"),
    [
        (ErrorKind.RATE_LIMITED, True, True),
        (ErrorKind.OVERLOADED, True, True),
        (ErrorKind.CONNECTION, True, True),
        (ErrorKind.AUTH, False, True),
        (ErrorKind.CONTEXT_TOO_LONG, False, False),
        (ErrorKind.BAD_REQUEST, False, False),
    ],
)
def test_policy__C06(kind: ErrorKind, retry: bool, fallback: bool) -> None:
    assert (kind.retryable, kind.falls_back) == (retry, fallback)


def test_message_is_plain_words() -> None:
    error = ProviderError(ErrorKind.AUTH, "openai", status=401)

    assert str(error) == (
        "openai: Key rejected: replace it in Keys (or `jarvis keys set`). (HTTP 401)")
