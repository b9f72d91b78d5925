"""Tells the user what happened while they looked elsewhere.

Two things are worth interrupting for: a budget alert from the service
(50%, 80%, 100% of a cap), and a long reply that finished while the
window was hidden or in the background. :class:`Notifier` shows them as a
tray notification when the desktop has a tray, else in the window's status
bar (where a budget alert also stays, as the window shows it anyway).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from ui.tray import Tray

log = logging.getLogger(__name__)

LONG_REPLY_S = 10.0
"""A reply that took at least this many seconds is worth a notification."""


class Notifier(QObject):
    """Shows notifications through the tray, or the status bar without one.

    Args:
        tray: the tray (its icon may be unavailable).
        window: the main window (hidden or in the background decides).
        status: shows a line in the window's status bar.
        long_reply_s: how long a reply must take to be announced.
    """

    def __init__(self, tray: Tray, window: QWidget, status: Callable[[str], None],
                 *, long_reply_s: float = LONG_REPLY_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._window = window
        self._status = status
        self._long_reply_s = long_reply_s
        self._started: float | None = None
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, message: str) -> None:
        """Show ``message``: a tray notification, else the status bar."""
        self.shown.append((title, message))
        if not self._tray.show_message(title, message):
            self._status(f"{title}: {message}")
        log.info("notified: %s", title)

    @Slot(str, str)
    def notice(self, kind: str, message: str) -> None:
        """A service notice; budget alerts are shown, others only logged."""
        if kind == "budget":
            self.notify(self.tr("Jarvis budget"), message)

    @Slot(bool)
    def busy_changed(self, busy: bool) -> None:
        """Time the chat's replies; announce a long one done out of sight."""
        if busy:
            self._started = time.monotonic()
            return
        started, self._started = self._started, None
        if started is None or time.monotonic() - started < self._long_reply_s:
            return
        if self.window_in_view():
            return
        self.notify(self.tr("Jarvis"), self.tr("Your reply is ready."))

    def window_in_view(self) -> bool:
        """Whether the user is looking at the window (shown and focused)."""
        window = self._window
        return window.isVisible() and not window.isMinimized() \
            and window.isActiveWindow()
