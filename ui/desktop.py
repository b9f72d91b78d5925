"""What surrounds the main window: tray, quick-ask, other ``jarvis`` calls.

:class:`Desktop` connects the tray menu, the quick-ask popup, the
notifications and the single-instance server to the window and the
facade. It holds no state of its own worth keeping: it forwards signals
and owns the pieces so that they close in order on quit (quick-ask's
request first, then the spend reads), before the session closes the
facade (C11).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from ui import instance
from ui.notify import Notifier, in_view
from ui.quickask import QuickAsk
from ui.tray import SpendWatch, Tray

if TYPE_CHECKING:
    from jarvis.service import Jarvis
    from ui.mainwindow import MainWindow
    from ui.quickaskpopup import QuickAskPopup

log = logging.getLogger(__name__)


class Desktop(QObject):
    """The tray, the quick-ask popup and notifications around one window.

    The popup is built when it first opens (or code asks for
    :attr:`popup`): most sessions never open it, and it need not come
    before the window's first paint.

    Args:
        window: the main window.
        tray_available: force the tray on or off (tests); None asks Qt.

    Signals:
        quickAskOpened: the quick-ask popup was asked for.
    """

    quickAskOpened = Signal()

    def __init__(self, window: MainWindow, *, tray_available: bool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.jarvis: Jarvis | None = None
        self.tray = Tray(self, available=tray_available)
        self.spend = SpendWatch(self)
        self.quick = QuickAsk(self)
        self._popup: QuickAskPopup | None = None
        self.notifier = Notifier(self.tray, self._status, parent=self)
        self._connect()
        if not self.tray.available:
            self._status(self.tr(
                "No system tray here: run “jarvis quick-ask” (bind it to a "
                "shortcut) for the quick-ask popup."))

    def _connect(self) -> None:
        tray, chat = self.tray, self.window.controller
        tray.quickAskRequested.connect(self.quick_ask)
        tray.openRequested.connect(self.show_window)
        tray.pauseToggled.connect(self.pause)
        tray.quitRequested.connect(self.quit)
        self.spend.changed.connect(tray.set_spend)
        chat.busyChanged.connect(self._chat_busy)
        self.notifier.watch(chat.busyChanged, self.window)
        self.notifier.watch(self.quick.busyChanged, self._popup_in_view)
        chat.noticeRaised.connect(self._chat_notice)
        self.quick.finished.connect(self.spend.refresh)
        self.quick.noticeRaised.connect(self.notifier.notice)

    @property
    def popup(self) -> QuickAskPopup:
        """The quick-ask popup, built on first use."""
        if self._popup is None:
            from ui.quickaskpopup import QuickAskPopup

            self._popup = QuickAskPopup(self.quick)
            self._popup.openInChat.connect(self.open_in_chat)
            self._popup.draftInChat.connect(self.draft_in_chat)
            self.window.closed.connect(self._popup.hide)
        return self._popup

    @property
    def popup_open(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def _popup_in_view(self) -> bool:
        return self._popup is not None and in_view(self._popup)

    def _hide_popup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    def attach(self, jarvis: Jarvis) -> None:
        """The facade is open: quick-ask and the spend line may use it."""
        self.jarvis = jarvis
        self.quick.attach(jarvis)
        self.spend.attach(jarvis)
        self.tray.set_paused(jarvis.paused)

    # Actions ------------------------------------------------------------------

    @Slot(str)
    def handle(self, command: str) -> None:
        """Do what another ``jarvis`` process asked for."""
        if command == instance.QUICK_ASK:
            self.quick_ask()
        else:
            self.show_window()

    @Slot()
    def show_window(self) -> None:
        """Bring the main window to the front."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    @Slot()
    def quick_ask(self) -> None:
        self.popup.popup()
        self.quickAskOpened.emit()

    @Slot(bool)
    def pause(self, paused: bool) -> None:
        """Pause or resume every request (the tray's checkbox)."""
        if self.jarvis is None:
            self.tray.set_paused(False)
            return
        self.jarvis.pause(paused)
        self._status(self.tr("All requests paused.") if paused
                     else self.tr("Requests resumed."))

    @Slot(str)
    def open_in_chat(self, conversation_id: str) -> None:
        """Continue a quick-ask conversation in the main window."""
        self.show_window()
        self.window.controller.open_conversation(conversation_id)

    @Slot(str)
    def draft_in_chat(self, text: str) -> None:
        """Put a question quick-ask held back into a new chat's input box."""
        self.show_window()
        self.window.start_draft(text)

    @Slot()
    def quit(self) -> None:
        """Quit the app: closing the window starts the orderly shutdown."""
        self._hide_popup()
        self.window.close()

    # Signals from the chat ----------------------------------------------------

    def _chat_busy(self, busy: bool) -> None:
        if not busy:
            self.spend.refresh()

    def _chat_notice(self, message: str) -> None:
        # The chat's notices are budget alerts (Notice kind "budget").
        self.notifier.notice("budget", message)

    def _status(self, message: str) -> None:
        self.window.statusBar().showMessage(message)

    async def aclose(self) -> None:
        """Stop quick-ask and the spend reads; take the icon off the tray."""
        self._hide_popup()
        await self.quick.aclose()
        await self.spend.aclose()
        self.tray.close()
        popup, self._popup = self._popup, None
        if popup is not None:
            popup.deleteLater()
