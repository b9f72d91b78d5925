"""Retry-After in every form providers send it (CASES.md C05)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jarvis import retry_after

NOW = datetime(2026, 12, 4, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "Fri, 04 Dec 2026 12:00:30 GMT"}, 30.0),
        ({"retry-after": "900"}, 900.0),
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after": "Fri, 04 Dec 2026 11:00:00 GMT"}, 0.0),
    ],
)
def test_forms__C05(headers: dict[str, str], seconds: float) -> None:
    assert retry_after.parse(headers, NOW) == seconds


@pytest.mark.parametrize("headers", [{}, {"retry-after": "soon"},
                                     {"retry-after-ms": "x"}])
def test_nothing_usable(headers: dict[str, str]) -> None:
    assert retry_after.parse(headers, NOW) is None
