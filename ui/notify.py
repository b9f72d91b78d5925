"""Tells the user what happened while they looked elsewhere.

Two things are worth interrupting for: a budget alert from the service
(50%, 80%, 100% of a cap), and a long reply that finished while its window
(the chat, or the quick-ask popup) was hidden or in the background.
:class:`Notifier` shows them as a tray notification when the desktop has a
tray, else in the main window's status bar (where a budget alert also
stays, as the window shows it anyway).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, SignalInstance, Slot
from PySide6.QtWidgets import QWidget

from ui.tray import Tray

log = logging.getLogger(__name__)

LONG_REPLY_S = 10.0
"""A reply that took at least this many seconds is worth a notification."""


class Notifier(QObject):
    """Shows notifications through the tray, or the status bar without one.

    Args:
        tray: the tray (its icon may be unavailable).
        status: shows a line in the window's status bar.
        long_reply_s: how long a reply must take to be announced.
    """

    def __init__(self, tray: Tray, status: Callable[[str], None],
                 *, long_reply_s: float = LONG_REPLY_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._status = status
        self._long_reply_s = long_reply_s
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

    def watch(self, busy_changed: SignalInstance,
              view: QWidget | Callable[[], bool]) -> None:
        """Time the replies that ``busy_changed`` reports; announce a long
        one that ends while ``view`` is out of sight (a widget, or a
        function saying whether the user looks at it)."""
        started: list[float] = []

        def seen() -> bool:
            return in_view(view) if isinstance(view, QWidget) else view()

        def changed(busy: bool) -> None:
            if busy:
                started[:] = [time.monotonic()]
                return
            if not started:
                return
            took = time.monotonic() - started.pop()
            if took >= self._long_reply_s and not seen():
                self.notify(self.tr("Jarvis"), self.tr("Your reply is ready."))

        busy_changed.connect(changed)


def in_view(widget: QWidget) -> bool:
    """Whether the user is looking at ``widget`` (shown and focused)."""
    return widget.isVisible() and not widget.isMinimized() \
        and widget.isActiveWindow()
