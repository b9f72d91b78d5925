"""Warm-ups: no SDK at start; the picked provider's when the user types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QTimer
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import until
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.session import Session


async def test_typing_starts_one_warm_up_for_the_picked_provider(
    qtbot: QtBot, window: MainWindow, session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert session.jarvis is not None
    session.watch(window)
    await until(lambda: not session.warming, "the start-up warm-up")
    asked: list[str] = []

    async def warm_up(provider: str = "") -> None:
        asked.append(provider)

    monkeypatch.setattr(session.jarvis, "warm_up", warm_up)
    drafts: list[str] = []
    window.draftStarted.connect(drafts.append)
    picked = str(window.provider_box.currentData())

    qtbot.keyClicks(window.prompt, "hello")
    window.prompt.clear()
    qtbot.keyClicks(window.prompt, "again")
    await until(lambda: not session.warming, "the warm-up")

    assert drafts == [picked, picked], "once per draft, not per key"
    assert asked == [picked], "one warm-up per provider"


async def test_opening_the_session_warms_no_sdk(
    controller: ChatController, jarvis_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    called: list[str] = []

    async def warm_up(_self: object, provider: str = "") -> None:
        called.append(provider)

    monkeypatch.setattr("jarvis.service.Jarvis.warm_up", warm_up)
    opened = Session(controller)
    await opened.open(demo=True)
    try:
        await until(lambda: not opened.warming, "the start-up warm-up")
        assert called == [], "an SDK warm-up before anyone typed"
    finally:
        await opened.close()


@pytest.fixture
def pieces(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the warm-ups of the parser, highlighter and secret patterns."""
    loaded: list[str] = []
    monkeypatch.setattr("ui.session._warm_pieces", lambda: loaded.append("pieces"))
    return loaded


async def test_an_idle_window_loads_no_parser(
    window: MainWindow, pieces: list[str], controller: ChatController,
    jarvis_home: Path,
) -> None:
    opened = Session(controller)
    await opened.open(demo=True)
    try:
        opened.watch(window)
        assert not opened.warming
        assert pieces == []
    finally:
        await opened.close()


async def test_typing_loads_the_parser_once(
    qtbot: QtBot, window: MainWindow, session: Session, pieces: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert session.jarvis is not None
    monkeypatch.setattr(session.jarvis, "warm_up", _no_sdk)
    session.watch(window)

    qtbot.keyClicks(window.prompt, "hello")
    await until(lambda: not session.warming, "the warm-up")
    session.warm_pieces()
    session.warm_up("anthropic")
    await until(lambda: not session.warming, "the warm-up")

    assert pieces == ["pieces"]


async def test_opening_a_stored_conversation_loads_the_parser(
    window: MainWindow, session: Session, pieces: list[str],
) -> None:
    session.watch(window)
    opened: list[int] = []
    window.controller.conversationOpened.connect(opened.append)
    window.sidebar.openRequested.emit("some-conversation", 0)
    await until(lambda: not session.warming and bool(opened), "the warm-up")
    assert pieces == ["pieces"]


async def _no_sdk(provider: str = "") -> None:
    return None


def test_the_app_loads_the_parser_when_quick_ask_opens(
    qapp: QApplication, pieces: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui import app as app_module
    from ui.desktop import Desktop

    desktops: list[Desktop] = []
    original_init, original_open = Desktop.__init__, Session.open

    def init(self: Desktop, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        desktops.append(self)

    async def open_(self: Session, **kwargs: Any) -> None:
        await original_open(self, **kwargs)
        QTimer.singleShot(0, desktops[0].quick_ask)
        QTimer.singleShot(50, desktops[0].window.close)

    monkeypatch.setattr("jarvis.logs.setup", lambda *args, **kwargs: None)
    monkeypatch.setattr(Desktop, "__init__", init)
    monkeypatch.setattr(Session, "open", open_)

    assert app_module.main(demo=True) == app_module.EXIT_OK
    assert pieces == ["pieces"]


async def test_the_pointer_over_the_conversation_list_loads_the_parser(
    window: MainWindow, session: Session, pieces: list[str],
) -> None:
    session.watch(window)
    window.sidebar.approached.emit()
    await until(lambda: not session.warming, "the warm-up")
    assert pieces == ["pieces"]


def test_the_sidebar_says_when_the_pointer_comes_over_it(
    window: MainWindow,
) -> None:
    came: list[bool] = []
    window.sidebar.approached.connect(lambda: came.append(True))
    point = QPointF(10, 10)
    QApplication.sendEvent(window.sidebar, QEnterEvent(point, point, point))
    assert came == [True]


async def test_opening_drops_the_sources_the_imports_cached(
    controller: ChatController, jarvis_home: Path,
) -> None:
    import linecache

    import jarvis.service

    linecache.getlines(jarvis.service.__file__)
    assert jarvis.service.__file__ in linecache.cache
    opened = Session(controller)
    await opened.open(demo=True)
    try:
        assert jarvis.service.__file__ not in linecache.cache
    finally:
        await opened.close()


async def test_any_way_a_conversation_opens_loads_the_parser(
    window: MainWindow, session: Session, pieces: list[str],
) -> None:
    """The keyboard (Ctrl+PgDown) and quick-ask's "open in chat" call the
    controller directly, not through the list."""
    session.watch(window)
    opened: list[int] = []
    window.controller.conversationOpened.connect(opened.append)
    window.controller.open_conversation("some-conversation")
    await until(lambda: not session.warming and bool(opened), "the warm-up")
    assert pieces == ["pieces"]


async def test_a_draft_typed_while_the_session_opened_warms_up_at_once(
    qtbot: QtBot, window: MainWindow, session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The input box takes typing before the service is open; draftStarted
    # fired before anyone listened, so watch() looks at the box itself.
    assert session.jarvis is not None
    asked: list[str] = []

    async def warm_up(provider: str = "") -> None:
        asked.append(provider)

    monkeypatch.setattr(session.jarvis, "warm_up", warm_up)
    qtbot.keyClicks(window.prompt, "typed early")

    session.watch(window)
    await until(lambda: not session.warming, "the warm-up")

    assert asked == [str(window.provider_box.currentData() or "")]
