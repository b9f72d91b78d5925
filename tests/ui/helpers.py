"""Helpers for the window tests (awaiting on the running qasync loop)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

# Seconds a test waits for the window to reach a state before failing.
STEP_LIMIT_S = 20.0


async def until(condition: Callable[[], object], what: str = "condition",
                limit_s: float = STEP_LIMIT_S) -> None:
    """Await, on the running loop, until ``condition()`` is true."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
