"""Records a Stop must not cut short.

When the user stops a request, its task is cancelled wherever it is
waiting. If that is in the middle of settling the attempt's spend row or
storing the reply, a plain ``await`` would abandon the write (a database
call still queued behind other work never runs), leaving a ``pending`` row
whose worst case counts against the caps until the next start, or a reply
that was shown but not kept. :func:`finish` lets such a write run to its
end and raises the cancellation after it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


async def finish(work: Awaitable[T]) -> T:
    """Await ``work`` to its end even if this task is cancelled meanwhile.

    Raises:
        asyncio.CancelledError: after ``work`` ended, if the task was
            cancelled while it ran (a failure of ``work`` is then logged).
        Exception: what ``work`` raised, when the task was not cancelled.
    """
    task = asyncio.ensure_future(work)
    stopped = False
    while not task.done():
        try:
            await asyncio.wait({task})
        except asyncio.CancelledError:
            stopped = True
    if not stopped:
        return task.result()
    failure = task.exception()
    if failure is not None:
        log.warning("a record being written when the request was stopped "
                    "failed: %s", type(failure).__name__)
    raise asyncio.CancelledError
