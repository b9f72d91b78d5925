"""Quick-ask through the popup, on the real facade in demo mode (real SDKs
over HTTP against the simulator): the fast tier answers, the answer
streams, Ctrl+C copies it, Esc hides and gives the focus back, "Open in
chat" hands over the stored conversation."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from jarvis import paths
from tests.security import fakes
from tests.ui.helpers import until
from ui.mainwindow import MainWindow
from ui.quickask import TIER, QuickAsk
from ui.quickaskpopup import MAX_HEIGHT, QuickAskPopup
from ui.rendering import COPY_SCHEME, code_blocks
from ui.session import Session
from ui.turns import TurnStatus


@pytest.fixture
async def popup(qtbot: QtBot, quick: QuickAsk) -> QuickAskPopup:
    shown = QuickAskPopup(quick)
    qtbot.addWidget(shown)
    shown.popup()
    return shown


def _spend_models() -> list[tuple[str, str]]:
    database = paths.resolve().database
    with contextlib.closing(sqlite3.connect(database)) as connection:
        rows = connection.execute("SELECT provider, model FROM spend").fetchall()
    return [(str(p), str(m)) for p, m in rows]


async def _ask(qtbot: QtBot, popup: QuickAskPopup, text: str) -> None:
    qtbot.keyClicks(popup.question, text)
    qtbot.keyClick(popup.question, Qt.Key.Key_Return)
    await until(lambda: popup.quick.turn is not None
                and not popup.quick.turn.status.active, "the answer")


async def test_popup_opens_focused_and_answers_with_the_fast_tier(
    qtbot: QtBot, popup: QuickAskPopup, session: Session,
) -> None:
    assert popup.isVisible()
    assert popup.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert popup.question.hasFocus()

    await _ask(qtbot, popup, "Hello [[sim: text=\"Paris is **the** capital.\"]]")

    assert session.jarvis is not None
    provider, model = session.jarvis.config.tiers[TIER]
    turn = popup.quick.turn
    assert turn is not None and turn.status is TurnStatus.DONE
    assert (turn.provider, turn.model) == (provider, model)
    assert turn.text == "Paris is **the** capital."
    await until(lambda: popup.body.toPlainText() == "Paris is the capital.",
                "the rendered answer")
    assert popup.body.isVisible()
    assert popup.status_line.text().startswith(f"{provider} · {model} · $")
    assert _spend_models() == [(provider, model)]


async def test_answer_streams_into_the_popup_and_esc_stop_keeps_it(
    qtbot: QtBot, popup: QuickAskPopup,
) -> None:
    qtbot.keyClicks(popup.question, "Tell me [[sim: tokens=3000 rate=150]]")
    qtbot.keyClick(popup.question, Qt.Key.Key_Return)
    await until(lambda: len(popup.body.toPlainText()) > 20, "streamed text")

    turn = popup.quick.turn
    assert turn is not None and turn.status is TurnStatus.STREAMING
    assert not popup.copy_button.isEnabled()
    popup.quick.stop()
    await until(lambda: not popup.quick.busy, "the stop")
    assert turn.status is TurnStatus.CANCELLED
    assert popup.status_line.text().endswith("stopped")


async def test_ctrl_c_copies_the_answer_unless_text_is_selected(
    qtbot: QtBot, popup: QuickAskPopup,
) -> None:
    await _ask(qtbot, popup, "Hi [[sim: text=\"Use `ls -la`.\"]]")
    clipboard = QApplication.clipboard()
    clipboard.setText("before")

    popup.question.deselect()
    qtbot.keyClick(popup.question, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "Use `ls -la`."
    assert popup.status_line.text() == "Answer copied"

    popup.question.setSelection(0, 2)
    qtbot.keyClick(popup.question, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "Hi"


async def test_esc_hides_and_gives_focus_back(
    qtbot: QtBot, window: MainWindow, quick: QuickAsk,
) -> None:
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window, "the window focus")
    popup = QuickAskPopup(quick)
    qtbot.addWidget(popup)
    popup.popup()
    await until(lambda: QApplication.activeWindow() is popup, "the popup focus")

    qtbot.keyClick(popup.question, Qt.Key.Key_Escape)

    assert not popup.isVisible()
    await until(lambda: QApplication.activeWindow() is window, "focus back")


async def test_open_in_chat_hands_over_the_stored_conversation(
    qtbot: QtBot, popup: QuickAskPopup, session: Session,
) -> None:
    assert not popup.open_button.isEnabled()
    await _ask(qtbot, popup, "Question [[sim: text=\"Answer.\"]]")
    assert popup.open_button.isEnabled()

    with qtbot.waitSignal(popup.openInChat, timeout=0) as opened:
        qtbot.keyClick(popup.question, Qt.Key.Key_O,
                       Qt.KeyboardModifier.ControlModifier)

    assert not popup.isVisible()
    conversation_id = opened.args[0] if opened.args else ""
    assert conversation_id == popup.quick.conversation_id
    assert session.jarvis is not None
    stored = await session.jarvis.messages(conversation_id)
    assert [(m.role, m.text) for m in stored] == [
        ("user", "Question [[sim: text=\"Answer.\"]]"), ("assistant", "Answer.")]


async def test_a_secret_is_held_back_and_the_popup_says_why(
    qtbot: QtBot, popup: QuickAskPopup,
) -> None:
    key = fakes.anthropic_key()
    await _ask(qtbot, popup, f"is this valid {key}")
    turn = popup.quick.turn
    assert turn is not None and turn.awaits_consent
    assert popup.problem.isVisible()
    assert "Open it in the chat to decide" in popup.problem.text()
    assert key not in popup.problem.text()
    assert _spend_models() == []


async def test_paused_requests_are_refused_in_the_popup(
    qtbot: QtBot, popup: QuickAskPopup, session: Session,
) -> None:
    assert session.jarvis is not None
    session.jarvis.pause(True)
    await _ask(qtbot, popup, "Anything")
    assert "paused" in popup.problem.text()
    assert _spend_models() == []


async def test_quit_while_quick_ask_streams_keeps_the_partial_C11(
    qtbot: QtBot, popup: QuickAskPopup, session: Session,
) -> None:
    qtbot.keyClicks(popup.question, "Long [[sim: tokens=3000 rate=150]]")
    qtbot.keyClick(popup.question, Qt.Key.Key_Return)
    await until(lambda: popup.quick.turn is not None
                and len(popup.quick.turn.text) > 20, "streamed text")

    await popup.quick.aclose()

    assert not popup.quick.busy
    assert session.jarvis is not None and popup.quick.conversation_id
    stored = await session.jarvis.messages(popup.quick.conversation_id)
    assert [(m.role, m.status) for m in stored] == [
        ("user", "ok"), ("assistant", "cancelled")]
    assert popup.quick.turn is not None
    assert stored[1].text.startswith(popup.quick.turn.text[:20])


async def test_popup_starts_compact_and_grows_with_the_answer(
    qtbot: QtBot, popup: QuickAskPopup,
) -> None:
    compact = popup.height()
    assert compact < MAX_HEIGHT
    await _ask(qtbot, popup, "Code please")
    await until(lambda: popup.height() > compact, "the popup to grow")
    assert popup.height() <= MAX_HEIGHT


async def test_copy_code_link_copies_only_the_code_and_links_stay_closed(
    qtbot: QtBot, popup: QuickAskPopup,
) -> None:
    await _ask(qtbot, popup, "Code please")
    turn = popup.quick.turn
    assert turn is not None
    (key, code), = code_blocks(turn.text).items()
    QApplication.clipboard().setText("before")

    popup.body.anchorClicked.emit(QUrl(f"{COPY_SCHEME}:{key}"))
    assert QApplication.clipboard().text() == code
    assert popup.status_line.text() == "Code copied"

    popup.body.anchorClicked.emit(QUrl("https://evil.example/?q=secret"))
    assert QApplication.clipboard().text() == code
    assert "Open in chat" in popup.status_line.text()


async def test_a_question_typed_before_the_service_opens_goes_out_after(
    qtbot: QtBot, jarvis_home: Path,
) -> None:
    waiting = QuickAsk()
    popup = QuickAskPopup(waiting)
    qtbot.addWidget(popup)
    popup.popup()
    qtbot.keyClicks(popup.question, "Early [[sim: text=\"On time.\"]]")
    qtbot.keyClick(popup.question, Qt.Key.Key_Return)
    assert waiting.turn is None
    assert popup.status_line.text().startswith("Starting")

    from jarvis.service import Jarvis

    jarvis = await Jarvis.open(demo=True)
    try:
        waiting.attach(jarvis)
        await until(lambda: waiting.turn is not None
                    and waiting.turn.status is TurnStatus.DONE, "the answer")
        assert waiting.turn is not None and waiting.turn.text == "On time."
    finally:
        await waiting.aclose()
        await jarvis.aclose()
