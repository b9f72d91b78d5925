"""Turns any SDK failure into a :class:`ProviderError` with the right kind.

The kind comes from the error body's type when there is one (an Anthropic
``overloaded_error`` event arrives after HTTP 200, CASES.md C02), else from
the HTTP status, else from the exception's class (timeouts, dropped
connections). The SDK's own message is never passed on: it may quote the
request, and the user gets a plain-words message instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from jarvis import retry_after
from jarvis.errors import ErrorKind, ProviderError

log = logging.getLogger(__name__)

_BY_TYPE = {
    "overloaded_error": ErrorKind.OVERLOADED,
    "rate_limit_error": ErrorKind.RATE_LIMITED,
    "api_error": ErrorKind.SERVER,
    "authentication_error": ErrorKind.AUTH,
    "permission_error": ErrorKind.PERMISSION,
    "not_found_error": ErrorKind.NOT_FOUND,
    "request_too_large": ErrorKind.CONTEXT_TOO_LONG,
    "RESOURCE_EXHAUSTED": ErrorKind.RATE_LIMITED,
    "UNAVAILABLE": ErrorKind.OVERLOADED,
    "UNAUTHENTICATED": ErrorKind.AUTH,
    "PERMISSION_DENIED": ErrorKind.PERMISSION,
    "NOT_FOUND": ErrorKind.NOT_FOUND,
    "DEADLINE_EXCEEDED": ErrorKind.TIMEOUT,
    "INTERNAL": ErrorKind.SERVER,
    "context_length_exceeded": ErrorKind.CONTEXT_TOO_LONG,
    "server_error": ErrorKind.SERVER,
    "insufficient_quota": ErrorKind.RATE_LIMITED,
}

_BY_STATUS = {
    401: ErrorKind.AUTH,
    403: ErrorKind.PERMISSION,
    404: ErrorKind.NOT_FOUND,
    408: ErrorKind.TIMEOUT,
    413: ErrorKind.CONTEXT_TOO_LONG,
    429: ErrorKind.RATE_LIMITED,
    529: ErrorKind.OVERLOADED,
    503: ErrorKind.OVERLOADED,
}

_CONTEXT_HINTS = ("context length", "context window", "too long", "maximum context",
                  "prompt is too long", "token count", "exceeds the maximum")


def classify(exc: BaseException, provider: str) -> ProviderError:
    """The :class:`ProviderError` that ``exc`` means for ``provider``."""
    if isinstance(exc, ProviderError):
        return exc
    status = _status(exc)
    body = _body(exc)
    kind = _kind(exc, status, body)
    wait = _retry_after(exc)
    log.debug("classified %s (status %s) from %s as %s",
              type(exc).__name__, status, provider, kind)
    return ProviderError(kind, provider, status=status if status and status >= 400
                         else None, retry_after_s=wait, detail=type(exc).__name__)


def _kind(exc: BaseException, status: int | None, body: Mapping[str, Any]) -> ErrorKind:
    error_type = _error_type(body)
    if status == 400:
        return _bad_request_kind(body)
    if error_type in _BY_TYPE:
        return _BY_TYPE[error_type]
    if status is not None and status >= 400:
        if status == 400:
            return _bad_request_kind(body)
        if status in _BY_STATUS:
            return _BY_STATUS[status]
        if status >= 500:
            return ErrorKind.SERVER
        return ErrorKind.BAD_REQUEST
    return _transport_kind(exc)


def _bad_request_kind(body: Mapping[str, Any]) -> ErrorKind:
    message = str(_error_field(body, "message") or "").lower()
    # Gemini answers a bad key with 400 INVALID_ARGUMENT, never 401.
    if "api key not valid" in message or "API_KEY_INVALID" in str(body):
        return ErrorKind.AUTH
    if _error_type(body) in ("context_length_exceeded", "request_too_large"):
        return ErrorKind.CONTEXT_TOO_LONG
    if any(hint in message for hint in _CONTEXT_HINTS):
        return ErrorKind.CONTEXT_TOO_LONG
    return ErrorKind.BAD_REQUEST


def _transport_kind(exc: BaseException) -> ErrorKind:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"APITimeoutError", "TimeoutException", "ReadTimeout",
                "ConnectTimeout", "TimeoutError"} or isinstance(exc, TimeoutError):
        return ErrorKind.TIMEOUT
    if names & {"APIConnectionError", "TransportError", "RemoteProtocolError",
                "ReadError", "ConnectError", "NetworkError"}:
        return ErrorKind.CONNECTION
    if isinstance(exc, (ConnectionError, asyncio.IncompleteReadError)):
        return ErrorKind.CONNECTION
    return ErrorKind.INTERNAL


def _status(exc: BaseException) -> int | None:
    for attr in ("status_code", "code"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    return None


def _body(exc: BaseException) -> Mapping[str, Any]:
    for attr in ("body", "details"):
        value = getattr(exc, attr, None)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, Mapping):
            return value
    return {}


def _error_field(body: Mapping[str, Any], name: str) -> Any:
    error = body.get("error", body)
    return error.get(name) if isinstance(error, Mapping) else None


def _error_type(body: Mapping[str, Any]) -> str | None:
    for name in ("type", "status", "code"):
        value = _error_field(body, name)
        if isinstance(value, str) and value:
            return value
    return None


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        return retry_after.parse(headers)
    except Exception:  # headers of an unexpected shape: no hint
        log.debug("unreadable retry-after headers", exc_info=True)
        return None
