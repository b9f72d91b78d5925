"""Injectable time for the resilience units (breakers, limits, cache, retries).

Every unit that waits or measures elapsed time takes a ``clock`` (seconds on a
monotonic scale) and, where it waits, an async ``sleep``. In production these
are :func:`time.monotonic` and :func:`asyncio.sleep`. :class:`ManualClock`
moves only when told, so a wait of 12 s is asserted as exactly 12 s and takes
no real time. This module also words durations for the user.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class ManualClock:
    """A monotonic clock that advances only by :meth:`advance` or :meth:`sleep`.

    Call the instance for the time. ``sleep`` records the requested wait,
    moves the clock forward by it and yields once to the event loop, so code
    that waits in a loop still lets other tasks run.

    Attributes:
        now: the current reading in seconds.
        sleeps: every wait requested through :meth:`sleep`, in order.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        """Record the wait, advance by it, and give other tasks a turn."""
        self.sleeps.append(seconds)
        self.advance(max(0.0, seconds))
        await asyncio.sleep(0)


def describe_wait(seconds: float) -> str:
    """A wait in plain words: "about 12 s", "about 15 min", "about 2 h".

    Rounds up so that the user is never told to come back too early.
    """
    if seconds < 1:
        return "less than a second"
    if seconds < 90:
        return f"about {math.ceil(seconds)} s"
    if seconds < 90 * 60:
        return f"about {math.ceil(seconds / 60)} min"
    return f"about {math.ceil(seconds / 3600)} h"
