"""The tray menu, today's spend, pause, notifications, and how the app makes
do without a tray host (offscreen has none)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from jarvis.service import CapStatus
from tests.ui.helpers import until
from ui.desktop import Desktop
from ui.mainwindow import MainWindow
from ui.notify import Notifier
from ui.quickaskpopup import QuickAskPopup
from ui.session import Session
from ui.tray import Tray, spend_text

NOON = datetime(2026, 12, 4, 12, tzinfo=UTC)


def _menu_texts(tray: Tray) -> list[str]:
    return [a.text() for a in tray.menu.actions() if not a.isSeparator()]


@pytest.fixture
def desktop(window: MainWindow) -> Desktop:
    return Desktop(window, tray_available=False)


def test_spend_text_reads_the_daily_cap() -> None:
    caps = [CapStatus("monthly cap of $50", Decimal("3"), Decimal("50"), NOON),
            CapStatus("daily cap of $5", Decimal("0.123"), Decimal("5"), NOON)]
    assert spend_text(caps) == "Today: $0.123 of $5.00"
    assert spend_text(caps[:1]) == "Today: no daily cap set"


def test_menu_has_every_entry_in_order(qapp: QApplication) -> None:
    tray = Tray(available=False)
    assert _menu_texts(tray) == ["&Quick ask", "&Open Jarvis", "Today: …",
                                 "&Pause all requests", "&Quit"]
    assert tray.pause_action.isCheckable()
    assert not tray.spend_action.isEnabled()
    tray.close()


def test_an_icon_shows_spend_in_its_tooltip(qapp: QApplication) -> None:
    tray = Tray(available=True)
    assert tray.icon is not None
    tray.set_spend("Today: $0.10 of $5.00")
    assert tray.tooltip() == "Jarvis — Today: $0.10 of $5.00"
    assert tray.spend_action.text() == "Today: $0.10 of $5.00"
    tray.close()


def test_without_a_tray_the_window_says_so_once(desktop: Desktop,
                                                window: MainWindow) -> None:
    assert not desktop.tray.available and desktop.tray.icon is None
    assert "jarvis quick-ask" in window.statusBar().currentMessage()


def test_menu_entries_reach_the_window_and_the_popup(
    desktop: Desktop, window: MainWindow,
) -> None:
    window.hide()
    desktop.tray.open_action.trigger()
    assert window.isVisible()
    desktop.tray.quick_action.trigger()
    assert desktop.popup.isVisible()
    desktop.popup.dismiss()


def test_quit_from_the_tray_closes_the_window(qtbot: QtBot, desktop: Desktop,
                                              window: MainWindow) -> None:
    with qtbot.waitSignal(window.closed, timeout=0):
        desktop.tray.quit_action.trigger()
    assert not window.isVisible()


async def test_spend_follows_each_reply_and_pause_stops_requests(
    qtbot: QtBot, desktop: Desktop, window: MainWindow, session: Session,
) -> None:
    jarvis = session.jarvis
    assert jarvis is not None
    desktop.attach(jarvis)
    await until(lambda: desktop.tray.spend_action.text() == "Today: $0.00 of $5.00",
                "the first spend line")

    window.prompt.setPlainText("Hello [[sim: tokens=400]]")
    window.send()
    await until(lambda: not window.controller.busy
                and window.controller.turns()[0].cost_usd is not None, "reply")
    expected = spend_text(await jarvis.caps())
    assert expected != "Today: $0.00 of $5.00"
    await until(lambda: desktop.tray.spend_action.text() == expected,
                "the spend line after the reply")

    desktop.tray.pause_action.trigger()
    assert jarvis.paused
    assert window.statusBar().currentMessage() == "All requests paused."
    window.prompt.setPlainText("Another")
    window.send()
    await until(lambda: not window.controller.busy, "the refusal")
    assert "paused" in window.controller.turns()[-1].error
    desktop.tray.pause_action.trigger()
    assert not jarvis.paused


async def test_quick_ask_reply_refreshes_spend(
    qtbot: QtBot, desktop: Desktop, session: Session,
) -> None:
    assert session.jarvis is not None
    desktop.attach(session.jarvis)
    desktop.quick_ask()
    qtbot.keyClicks(desktop.popup.question, "Hi [[sim: tokens=400]]")
    qtbot.keyClick(desktop.popup.question, Qt.Key.Key_Return)
    await until(lambda: desktop.quick.turn is not None
                and desktop.quick.turn.cost_usd is not None, "the answer")
    expected = spend_text(await session.jarvis.caps())
    await until(lambda: desktop.spend.text == expected, "the new spend")
    await desktop.aclose()


def test_budget_alert_goes_to_the_status_bar_without_a_tray(
    desktop: Desktop, window: MainWindow,
) -> None:
    desktop.quick.noticeRaised.emit("budget", "80% of the daily cap of $5 used.")
    desktop.quick.noticeRaised.emit("other", "not shown")
    assert window.statusBar().currentMessage() == (
        "Jarvis budget: 80% of the daily cap of $5 used.")
    assert desktop.notifier.shown == [
        ("Jarvis budget", "80% of the daily cap of $5 used.")]


def test_chat_budget_notice_is_notified(desktop: Desktop) -> None:
    desktop.window.controller.noticeRaised.emit("50% of the daily cap of $5 used.")
    assert desktop.notifier.shown == [
        ("Jarvis budget", "50% of the daily cap of $5 used.")]


class _ShowingTray(Tray):
    def __init__(self) -> None:
        super().__init__(available=False)
        self.messages: list[tuple[str, str]] = []

    def show_message(self, title: str, message: str) -> bool:
        self.messages.append((title, message))
        return True


class _Busy(QObject):
    changed = Signal(bool)


def test_a_long_reply_done_out_of_sight_is_notified(
    window: MainWindow,
) -> None:
    tray = _ShowingTray()
    shown: list[str] = []
    busy = _Busy()
    notifier = Notifier(tray, shown.append, long_reply_s=0)
    notifier.watch(busy.changed, window)
    window.hide()
    busy.changed.emit(True)
    busy.changed.emit(False)
    busy.changed.emit(False)
    assert tray.messages == [("Jarvis", "Your reply is ready.")]
    assert shown == []
    tray.close()


async def test_a_reply_in_view_or_short_is_not_notified(
    window: MainWindow,
) -> None:
    window.activateWindow()
    await until(lambda: window.isActiveWindow(), "the window focus")
    busy = _Busy()
    in_view = Notifier(Tray(available=False), print, long_reply_s=0)
    in_view.watch(busy.changed, window)
    busy.changed.emit(True)
    busy.changed.emit(False)
    window.hide()
    later = _Busy()
    short = Notifier(Tray(available=False), print, long_reply_s=3600)
    short.watch(later.changed, window)
    later.changed.emit(True)
    later.changed.emit(False)
    assert in_view.shown == [] and short.shown == []


async def test_a_long_quick_ask_done_while_hidden_is_notified(
    qtbot: QtBot, window: MainWindow, session: Session,
) -> None:
    desktop = Desktop(window, tray_available=False)
    desktop.notifier._long_reply_s = 0
    assert session.jarvis is not None
    desktop.attach(session.jarvis)
    desktop.quick_ask()
    qtbot.keyClicks(desktop.popup.question, "Hi [[sim: tokens=50]]")
    qtbot.keyClick(desktop.popup.question, Qt.Key.Key_Return)
    desktop.popup.dismiss()
    await until(lambda: not desktop.quick.busy, "the answer")
    assert desktop.notifier.shown == [("Jarvis", "Your reply is ready.")]
    assert window.statusBar().currentMessage() == "Jarvis: Your reply is ready."
    await desktop.aclose()


async def test_open_in_chat_continues_the_quick_ask_in_the_window(
    qtbot: QtBot, desktop: Desktop, window: MainWindow, session: Session,
) -> None:
    assert session.jarvis is not None
    desktop.attach(session.jarvis)
    window.hide()
    desktop.quick_ask()
    qtbot.keyClicks(desktop.popup.question, "Capital? [[sim: text=\"Paris.\"]]")
    qtbot.keyClick(desktop.popup.question, Qt.Key.Key_Return)
    await until(lambda: desktop.popup.open_button.isEnabled(), "the answer")

    desktop.popup.open_button.click()

    assert window.isVisible() and not desktop.popup.isVisible()
    chat = window.controller
    await until(lambda: chat.conversation_id == desktop.quick.conversation_id,
                "the conversation to open")
    assert [(t.prompt, t.text) for t in chat.turns()] == [
        ("Capital? [[sim: text=\"Paris.\"]]", "Paris.")]
    await desktop.aclose()


async def test_commands_from_another_jarvis_raise_the_window_or_the_popup(
    desktop: Desktop, window: MainWindow,
) -> None:
    window.showMinimized()
    desktop.handle("show")
    assert window.isVisible() and not window.isMinimized()
    assert not desktop.popup.isVisible()
    desktop.handle("quick-ask")
    assert desktop.popup.isVisible()
    await until(desktop.popup.question.hasFocus, "the question line focus")
    desktop.popup.dismiss()


async def test_the_popup_is_built_when_quick_ask_first_opens(
    desktop: Desktop, window: MainWindow,
) -> None:
    def popups() -> int:
        return sum(isinstance(w, QuickAskPopup)
                   for w in QApplication.topLevelWidgets())

    before = popups()
    opened: list[bool] = []
    desktop.quickAskOpened.connect(lambda: opened.append(True))
    assert not desktop.popup_open
    assert popups() == before, "no popup before quick-ask opens"

    desktop.quick_ask()
    assert desktop.popup_open and desktop.popup.isVisible()
    assert popups() == before + 1
    assert opened == [True]
    window.close()
    assert not desktop.popup.isVisible(), "the window's close hides it"
    await desktop.aclose()
