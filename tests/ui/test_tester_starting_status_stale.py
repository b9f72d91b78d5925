"""Tester: the "still starting" status line outlives the start.

Steps (a user under Xvfb): type in the input box in the first half second
and press Ctrl+Enter; the status line says "Jarvis is still starting: your
message stays here until you can send it."  The session opens a moment later
and Send is enabled, yet the line keeps saying Jarvis is still starting
(seen 20 s later, screenshot /tmp/tx/s1d.png), until something else writes
the status bar.  Expected: once the window is ready the line no longer says
it is starting.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.test_window_states import StubService, _info
from ui.controller import ChatController
from ui.mainwindow import MainWindow


def test_the_starting_line_goes_once_the_window_is_ready(qtbot: QtBot) -> None:
    controller = ChatController()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClicks(window.prompt, "early draft")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert "still starting" in window.statusBar().currentMessage()

    controller.attach(StubService([_info("openai", "keychain")]))  # type: ignore[arg-type]

    assert window.send_button.isEnabled(), "the window is ready"
    assert "still starting" not in window.statusBar().currentMessage()
