"""The asyncio tasks one pane owns: started, remembered, cancelled on close.

A pane never starts a task it does not keep (a dropped task can be
collected mid-flight and its error is lost); :meth:`PaneTasks.aclose`
cancels and awaits every one of them (CASES C11).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class PaneTasks:
    """A set of running tasks that ends together."""

    def __init__(self, owner: str) -> None:
        self._owner = owner
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
        """Run ``work`` on the running loop; None once closing."""
        if self._closing:
            work.close()
            return None
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: a task failed", self._owner,
                      exc_info=task.exception())

    async def aclose(self) -> None:
        """Cancel every task and wait until each has ended."""
        self._closing = True
        running = list(self._tasks)
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
