"""A new chat is created with its first prompt, in the same database write.

The window used to create an empty conversation first (one more round trip
before the first token, an empty conversation left by a refused prompt,
and "Internal error" when the disk refused that extra write).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.helpers import until
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.session import Session
from ui.turns import TurnStatus


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.prompt.setFocus()
    window.prompt.setPlainText(text)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)


async def test_the_first_prompt_makes_the_conversation_the_next_continues(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    _send(qtbot, window, "first [[sim: tokens=5]]")
    await until(lambda: not controller.busy, "the first reply")
    conversation = controller.conversation_id
    assert conversation is not None
    _send(qtbot, window, "second [[sim: tokens=5]]")
    await until(lambda: not controller.busy, "the second reply")

    assert controller.conversation_id == conversation
    assert [c.id for c in await session.jarvis.conversations()] == [conversation]
    roles = [m.role for m in await session.jarvis.messages(conversation)]
    assert roles == ["user", "assistant", "user", "assistant"]


async def test_a_stopped_first_reply_still_names_its_conversation(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    _send(qtbot, window, "long [[sim: tokens=4000 rate=200]]")
    await until(lambda: controller.turns()[0].text, "the reply streams")
    controller.stop()
    await until(lambda: not controller.busy, "the stop")

    conversation = controller.conversation_id
    assert conversation is not None, "continuing it must be possible"
    messages = await session.jarvis.messages(conversation)
    assert messages[0].role == "user" and messages[0].text.startswith("long")


async def test_new_chat_during_the_first_reply_does_not_adopt_it(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    _send(qtbot, window, "slow start [[sim: first_token_delay=0.5 tokens=5]]")
    controller.new_conversation()
    await until(lambda: not controller.busy, "the stopped request")

    assert controller.conversation_id is None


async def test_a_first_prompt_the_disk_refuses_says_so(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    store = session.jarvis._store
    await store.run(lambda db: db.conn.execute("PRAGMA query_only = ON"))
    try:
        _send(qtbot, window, "hello")
        await until(lambda: not controller.busy and controller.turns()
                    and controller.turns()[0].status is TurnStatus.FAILED,
                    "the refusal")
    finally:
        await store.run(lambda db: db.conn.execute("PRAGMA query_only = OFF"))

    turn = controller.turns()[0]
    assert turn.error.startswith("Jarvis could not save in "), turn.error
    assert "Internal error" not in turn.error
    assert controller.conversation_id is None
    assert window.prompt.toPlainText() == "hello", "the prompt came back"


async def test_a_question_quick_ask_held_back_goes_to_the_chat_to_decide(
    qtbot: QtBot, window: MainWindow, session: Session,
) -> None:
    from tests.security import fakes
    from ui.desktop import Desktop

    assert session.jarvis is not None
    desktop = Desktop(window, tray_available=False)
    desktop.attach(session.jarvis)
    question = f"is this valid {fakes.anthropic_key()}"
    try:
        await until(lambda: window.controller.ready, "the window's session")
        desktop.quick_ask()
        qtbot.keyClicks(desktop.popup.question, question)
        qtbot.keyClick(desktop.popup.question, Qt.Key.Key_Return)
        await until(lambda: desktop.popup.open_button.isEnabled(), "held back")
        assert desktop.quick.conversation_id is None, "nothing was stored"

        desktop.popup.open_button.click()

        assert not desktop.popup.isVisible()
        assert window.prompt.prompt() == question, "in the box, not sent"
        assert window.controller.turns() == []
        assert window.controller.conversation_id is None
        assert "send it to decide" in window.statusBar().currentMessage()
        assert await session.jarvis.conversations() == []
    finally:
        await desktop.aclose()
