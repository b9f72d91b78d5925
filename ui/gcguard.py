"""Runs Python's cycle collector on the GUI thread only.

Python collects reference cycles when allocation counts pass a threshold, on
whichever thread happens to allocate. A cycle that holds a Qt object,
collected on a worker thread (the database thread, the SDK warm-up, a
keychain call), deletes that object off the GUI thread; Qt may then deliver
a timer event to freed memory (seen as crashes in
``QTimerInfoList::activateTimers`` when tests run under coverage). Here
automatic collection is turned off while the app runs, and a GUI-thread
timer runs the same generational collection instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owns collection while it runs; :meth:`stop` gives it back to Python."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Stop the timer and turn automatic collection back on."""
        self._timer.stop()
        gc.enable()


_collector: GuiThreadCollector | None = None


def install(parent: QObject) -> GuiThreadCollector:
    """Start collecting on the GUI thread (once per process)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(parent)
    return _collector
