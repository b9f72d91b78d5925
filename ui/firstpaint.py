"""Knowing when a window has painted for the first time.

The app opens the service only once the main window has painted: opening
it starts with importing the service layer and reading the config and the
database, about a tenth of a second on the GUI thread. Qt runs the first
event-loop turns (where that work would start) before it paints a newly
shown window, so without waiting the user would look at an empty frame
for that long. Owns nothing else.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class FirstPaint(QObject):
    """Notes the first paint event of ``widget`` (watch before it shows).

    Args:
        widget: the window to watch; it also owns this object.
    """

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted = False
        self._waiters: list[asyncio.Future[None]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            # Safe from inside the filter, says Qt.
            watched.removeEventFilter(self)
            for waiter in self._waiters:
                if not waiter.done():
                    # Runs on a later loop turn, after this paint is over.
                    waiter.set_result(None)
        return False

    async def wait(self, timeout_s: float) -> bool:
        """Until the first paint is over; False after ``timeout_s`` (a
        minimized or hidden window may never paint)."""
        if self.painted:
            return True
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, timeout_s)
        except TimeoutError:
            log.debug("no paint within %.1f s; going on", timeout_s)
            return False
        finally:
            self._waiters.remove(waiter)
        return True
