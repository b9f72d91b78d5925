"""Parses the wait a provider asks for (CASES.md C05).

Providers say it as ``retry-after-ms: 1500``, ``retry-after: 2`` (seconds) or
``retry-after: <HTTP-date>``. The result is seconds from now, or None when
the headers say nothing usable.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import UTC, datetime


def parse(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds to wait according to ``headers``, or None.

    Args:
        headers: response headers (case-insensitive lookup is the caller's
            mapping's job; lower-case keys are tried too).
        now: the current time, for HTTP-dates (tests pass a fixed one).
    """
    millis = _get(headers, "retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = _get(headers, "retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return _from_http_date(value, now or datetime.now(UTC))


def _get(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = headers.get(name.title())
    return value.strip() if isinstance(value, str) else None


def _from_http_date(value: str, now: datetime) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
