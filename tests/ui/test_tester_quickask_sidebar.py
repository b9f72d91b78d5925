"""Tester: a quick-ask conversation opened in the chat is not in the sidebar.

Steps (a user under Xvfb, screenshot /tmp/tx/s8c.png): with the window open,
run `jarvis quick-ask`, ask two questions one after the other, press Ctrl+O
(Open in chat).  The window shows the second quick-ask conversation, but the
sidebar lists neither quick-ask conversation and highlights nothing; they
appear only after the next reply written in the window ends.  Expected: the
conversation shown in the window is listed and current in the sidebar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.helpers import until
from ui.desktop import Desktop
from ui.mainwindow import MainWindow
from ui.session import Session


async def test_open_in_chat_lists_the_conversation_in_the_sidebar(
    qtbot: QtBot, window: MainWindow, session: Session,
) -> None:
    assert session.jarvis is not None
    desktop = Desktop(window, tray_available=False)
    desktop.attach(session.jarvis)
    await until(lambda: window.controller.ready, "the window's session")
    desktop.quick_ask()
    qtbot.keyClicks(desktop.popup.question, "Capital? [[sim: text=\"Paris.\"]]")
    qtbot.keyClick(desktop.popup.question, Qt.Key.Key_Return)
    await until(lambda: desktop.popup.open_button.isEnabled(), "the answer")
    opened = desktop.quick.conversation_id
    assert opened is not None

    desktop.popup.open_button.click()
    chat = window.controller
    await until(lambda: chat.conversation_id == opened, "the conversation")
    try:
        await until(lambda: opened in window.sidebar.conversation_ids(),
                    "the sidebar to list the opened conversation")
    finally:
        listed = window.sidebar.conversation_ids()
        await desktop.aclose()
    assert opened in listed
