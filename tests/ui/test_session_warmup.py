"""Warm-ups: no SDK at start; the picked provider's when the user types."""

from __future__ import annotations

from pathlib import Path

import pytest
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
