"""Tester: a quick-ask held back for a secret says "Open it in the chat to
decide", but Open in chat does nothing.

Steps (a user under Xvfb, screenshots /tmp/tx/s16a.png, /tmp/tx/s16b.png):
`jarvis quick-ask`, type a question holding an AWS access key id, Enter.
The popup says "This message contains 1 secret ... It is not sent unless you
confirm. Open it in the chat to decide."  Ctrl+O and the "Open in chat" link
do nothing: since a new conversation is created with its first prompt
(PromptStored), a held-back question has no conversation, so the button is
disabled and there is nowhere to decide.  Expected: the advice can be
followed (Open in chat is enabled and hands the question to the window).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.security import fakes
from tests.ui.helpers import until
from ui.quickask import QuickAsk
from ui.quickaskpopup import QuickAskPopup


async def test_the_held_question_can_be_opened_in_the_chat(
    qtbot: QtBot, quick: QuickAsk,
) -> None:
    popup = QuickAskPopup(quick)
    qtbot.addWidget(popup)
    popup.popup()
    qtbot.keyClicks(popup.question, f"is this valid {fakes.anthropic_key()}")
    qtbot.keyClick(popup.question, Qt.Key.Key_Return)
    await until(lambda: quick.turn is not None and not quick.turn.status.active,
                "the guard's answer")
    assert quick.turn is not None and quick.turn.awaits_consent
    assert "Open it in the chat to decide" in popup.problem.text()

    assert popup.open_button.isEnabled(), "the advice shown cannot be followed"
