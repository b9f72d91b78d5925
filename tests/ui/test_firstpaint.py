"""The window paints before the service opens (ui.firstpaint, ui.app)."""

from __future__ import annotations

import linecache

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui import app as app_module
from ui import mainwindow as ui_mainwindow
from ui.firstpaint import FirstPaint
from ui.mainwindow import MainWindow
from ui.session import Session


async def test_wait_returns_once_the_widget_has_painted(
    app: QApplication, qtbot: QtBot,
) -> None:
    widget = QLabel("hello")
    qtbot.addWidget(widget)
    painted = FirstPaint(widget)
    widget.show()

    assert not painted.painted
    assert await painted.wait(5.0) is True
    assert painted.painted
    # Later waits return at once; the filter is gone.
    assert await painted.wait(0.0) is True


async def test_wait_gives_up_on_a_window_that_never_paints(
    app: QApplication, qtbot: QtBot,
) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    painted = FirstPaint(widget)  # never shown

    assert await painted.wait(0.05) is False
    assert not painted.painted


class _Order(QObject):
    """Notes when the main window paints, next to when the session opens."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and "painted" not in self.events:
            self.events.append("painted")
        return False


def test_the_app_opens_the_session_after_the_first_paint(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """And it drops the module sources the import read (linecache)."""
    linecache.getlines(ui_mainwindow.__file__)
    events: list[str] = []
    order = _Order(events)
    original_init, original_open = MainWindow.__init__, Session.open

    def init(self: MainWindow, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)  # type: ignore[arg-type]
        self.installEventFilter(order)

    async def open_(self: Session, **kwargs: object) -> None:
        events.append("session opens")
        if ui_mainwindow.__file__ in linecache.cache:
            events.append("the window's source still cached")
        await original_open(self, **kwargs)  # type: ignore[arg-type]
        QTimer.singleShot(0, _close_windows)

    monkeypatch.setattr("jarvis.logs.setup", lambda *args, **kwargs: None)
    monkeypatch.setattr(MainWindow, "__init__", init)
    monkeypatch.setattr(Session, "open", open_)

    assert app_module.main(demo=True) == app_module.EXIT_OK
    assert events == ["painted", "session opens"]


def _close_windows() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            widget.close()
