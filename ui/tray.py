"""The tray icon, its menu, and today's spend shown in both.

:class:`Tray` is the icon and its menu: Quick ask, Open Jarvis, today's
spend against the daily cap, Pause all requests, Quit. It only emits
signals; the app decides what they do. Where no tray host runs (offscreen,
some Wayland desktops) there is no icon: :attr:`Tray.available` is False
and the app makes do with the window and ``jarvis quick-ask``.

:class:`SpendWatch` reads the caps from the facade in a task it owns and
emits the text; it never touches a widget.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ui.assets import app_icon
from ui.turnwidget import format_cost

if TYPE_CHECKING:
    from jarvis.service import CapStatus, Jarvis

log = logging.getLogger(__name__)

_tr = QCoreApplication.translate

# Milliseconds a tray notification stays up.
MESSAGE_MS = 8000


def spend_text(caps: list[CapStatus]) -> str:
    """"Today: $0.12 of $5.00" from the caps, or what is known without one."""
    daily = next((c for c in caps if c.label.startswith("daily")), None)
    if daily is None:
        return _tr("tray", "Today: no daily cap set")
    return _tr("tray", "Today: {spent} of {limit}").format(
        spent=format_cost(daily.spent_usd), limit=format_cost(daily.limit_usd))


class SpendWatch(QObject):
    """Reads today's spend against the cap whenever asked.

    Signals:
        changed(str): the new text ("Today: $0.12 of $5.00").
    """

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jarvis: Jarvis | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.text = ""

    def attach(self, jarvis: Jarvis) -> None:
        self._jarvis = jarvis
        self.refresh()

    def refresh(self) -> None:
        """Read the caps again (after a reply, say)."""
        if self._jarvis is None:
            return
        task = asyncio.get_running_loop().create_task(self._read(self._jarvis))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _read(self, jarvis: Jarvis) -> None:
        try:
            caps = await jarvis.caps()
        except Exception:
            log.warning("could not read today's spend", exc_info=True)
            return
        self.text = spend_text(caps)
        self.changed.emit(self.text)

    async def aclose(self) -> None:
        """Stop reading; wait for reads in flight (they are short)."""
        self._jarvis = None
        tasks = set(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)


class Tray(QObject):
    """The tray icon and its menu, when the desktop has a tray.

    Signals:
        quickAskRequested: "Quick ask" was picked.
        openRequested: "Open Jarvis" was picked, or the icon clicked.
        pauseToggled(bool): "Pause all requests" was checked or unchecked.
        quitRequested: "Quit" was picked.
    """

    quickAskRequested = Signal()
    openRequested = Signal()
    pauseToggled = Signal(bool)
    quitRequested = Signal()

    def __init__(self, parent: QObject | None = None, *,
                 available: bool | None = None) -> None:
        super().__init__(parent)
        self.available = (QSystemTrayIcon.isSystemTrayAvailable()
                          if available is None else available)
        self.menu = QMenu()
        self.quick_action = self._action(self.tr("&Quick ask"),
                                         self.quickAskRequested)
        self.open_action = self._action(self.tr("&Open Jarvis"), self.openRequested)
        self.menu.addSeparator()
        self.spend_action = QAction(self.tr("Today: …"), self.menu)
        self.spend_action.setEnabled(False)
        self.menu.addAction(self.spend_action)
        self.pause_action = QAction(self.tr("&Pause all requests"), self.menu)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.pauseToggled)
        self.menu.addAction(self.pause_action)
        self.menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), self.quitRequested)
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(app_icon(), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.setToolTip(self.tr("Jarvis"))
            self.icon.show()
        log.info("tray icon %s", "shown" if self.available else "unavailable")

    def _action(self, text: str, signal: SignalInstance) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(signal)
        self.menu.addAction(action)
        return action

    def set_spend(self, text: str) -> None:
        """Show today's spend in the menu and the tooltip."""
        self.spend_action.setText(text)
        if self.icon is not None:
            self.icon.setToolTip(self.tr("Jarvis — {spend}").format(spend=text))

    def tooltip(self) -> str:
        return self.icon.toolTip() if self.icon is not None else ""

    def set_paused(self, paused: bool) -> None:
        """Check or uncheck "Pause all requests" without emitting."""
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)

    def show_message(self, title: str, message: str) -> bool:
        """A desktop notification from the icon; whether one was shown."""
        if self.icon is None or not QSystemTrayIcon.supportsMessages():
            return False
        self.icon.showMessage(title, message, app_icon(), MESSAGE_MS)
        return True

    def close(self) -> None:
        """Take the icon off the tray."""
        if self.icon is not None:
            self.icon.hide()
        self.menu.deleteLater()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.openRequested.emit()
