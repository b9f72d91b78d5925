"""The chat window driven as a person would: type, Ctrl+Enter, Esc, Retry.

Every reply comes from the provider simulator through the real SDK and the
facade; the tests then look at what the window shows and at what the
service stored (history and spend log).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jarvis.simulator import Fault
from tests.ui.helpers import until
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.session import Session
from ui.turns import TurnStatus
from ui.turnwidget import format_cost

PICO = Decimal(10) ** 12


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.prompt.setFocus()
    qtbot.keyClicks(window.prompt, text)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)


async def test_reply_streams_into_the_window_and_is_priced(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    prompt = "Show me a function [[sim: tokens=150 rate=400]]"
    _send(qtbot, window, prompt)

    assert window.prompt.toPlainText() == ""
    assert window.stop_button.isEnabled()
    turn = controller.turns()[0]
    widget = window.chat.widget_for(turn.id)
    partial: list[str] = []

    def finished() -> bool:
        drawn = widget.drawn_text
        if drawn and turn.status.active:
            partial.append(drawn)
        return not controller.busy

    await until(finished, "the reply to finish")

    assert turn.status is TurnStatus.DONE
    assert turn.text and widget.drawn_text == turn.text
    assert widget.frames > 1, "the reply was drawn in one frame, not streamed"
    assert any(0 < len(p) < len(turn.text) and turn.text.startswith(p)
               for p in partial), "no partial reply was ever on screen"
    assert "def step_1" in widget.body.toPlainText()
    assert not window.stop_button.isEnabled()

    usage = await session.jarvis.usage()
    row = usage["rows"][-1]
    assert (row["provider"], row["model"], row["status"]) == (
        "anthropic", "claude-sonnet-4-5", "ok")
    assert row["cost_pusd"] > 0
    cost = Decimal(row["cost_pusd"]) / PICO
    assert turn.cost_usd == cost
    line = widget.status_line.text()
    assert line.startswith("anthropic · claude-sonnet-4-5 · ")
    assert f"{row['input_tokens']} in / {row['output_tokens']} out" in line
    assert format_cost(cost) in line
    assert "first token" in line
    assert widget.badge_texts(turn) == []


async def test_esc_stops_a_long_reply_and_it_is_stored_cancelled(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    _send(qtbot, window, "Tell me everything [[sim: tokens=3000 rate=150]]")
    turn = controller.turns()[0]
    await until(lambda: len(turn.text) > 20, "some reply text")

    qtbot.keyClick(window.prompt, Qt.Key.Key_Escape)
    await until(lambda: not controller.busy, "the request to stop")

    assert turn.status is TurnStatus.CANCELLED
    widget = window.chat.widget_for(turn.id)
    assert ("cancelled", "warn") in widget.badge_texts(turn)
    assert widget.retry_button.isVisibleTo(window)
    assert widget.drawn_text == turn.text

    assert controller.conversation_id is not None
    stored = await session.jarvis.messages(controller.conversation_id)
    assert [(m.role, m.status) for m in stored] == [
        ("user", "ok"), ("assistant", "cancelled")]
    assert stored[1].text.startswith(turn.text)
    rows = (await session.jarvis.usage())["rows"]
    assert [r["status"] for r in rows] == ["cancelled"]


async def test_rejected_key_says_so_and_gives_the_prompt_back_C06(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    prompt = "Hello there [[sim: status=401]]"
    _send(qtbot, window, prompt)
    turn = controller.turns()[0]
    await until(lambda: not controller.busy, "the request to fail")

    assert turn.status is TurnStatus.FAILED
    widget = window.chat.widget_for(turn.id)
    assert "Key rejected: replace it in Keys" in widget.problem.text()
    assert widget.problem.isVisibleTo(window)
    assert ("failed", "error") in widget.badge_texts(turn)
    assert window.prompt.toPlainText() == prompt
    assert widget.prompt_view.toPlainText() == prompt

    assert controller.conversation_id is not None
    stored = await session.jarvis.messages(controller.conversation_id)
    assert [(m.role, m.text) for m in stored] == [("user", prompt)]


async def test_error_mid_stream_keeps_the_partial_reply_and_retry_replaces_it_C02(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    _send(qtbot, window, "Explain it [[sim: error_after=3]]")
    turn = controller.turns()[0]
    await until(lambda: not controller.busy, "the stream to break")

    assert turn.status is TurnStatus.INTERRUPTED
    widget = window.chat.widget_for(turn.id)
    first_partial = turn.text
    assert first_partial and widget.drawn_text == first_partial
    assert "overloaded" in widget.problem.text()
    assert ("interrupted", "warn") in widget.badge_texts(turn)
    assert widget.retry_button.isVisibleTo(window)
    assert window.prompt.toPlainText() == ""

    assert controller.conversation_id is not None
    stored = await session.jarvis.messages(controller.conversation_id)
    assert [(m.role, m.status) for m in stored][-1] == ("assistant", "interrupted")
    assert stored[-1].text == first_partial

    qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)
    assert controller.busy
    await until(lambda: not controller.busy, "the retry to end")
    assert len(controller.turns()) == 1
    assert turn.status is TurnStatus.INTERRUPTED
    assert widget.drawn_text == turn.text
    assert turn.text.startswith("Here is") and turn.text.count("Here is") == 1


async def test_pickers_list_the_providers_and_the_choice_is_used(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    names = [window.provider_box.itemData(i)
             for i in range(window.provider_box.count())]
    assert names == ["anthropic", "openai", "gemini"]
    assert window.banner.isVisibleTo(window)

    window.provider_box.setCurrentIndex(names.index("openai"))
    models = [window.model_box.itemText(i) for i in range(window.model_box.count())]
    assert models[0] == "gpt-5-mini"
    window.model_box.setCurrentText("gpt-4.1-mini")
    _send(qtbot, window, "Hi [[sim: tokens=20]]")
    turn = controller.turns()[0]
    await until(lambda: not controller.busy, "the reply")

    assert (turn.status, turn.provider, turn.model) == (
        TurnStatus.DONE, "openai", "gpt-4.1-mini")
    rows = (await session.jarvis.usage())["rows"]
    assert (rows[-1]["provider"], rows[-1]["model"]) == ("openai", "gpt-4.1-mini")


async def test_fallback_is_shown_as_a_badge_and_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    # The simulator's own scripting API: the next Anthropic request gets 401.
    simulator = session.jarvis._demo
    simulator.script("anthropic", Fault(status=401))
    messages: list[str] = []
    controller.statusMessage.connect(messages.append)

    _send(qtbot, window, "Hello [[sim: tokens=10]]")
    turn = controller.turns()[0]
    await until(lambda: not controller.busy, "the reply")

    assert (turn.status, turn.provider) == (TurnStatus.DONE, "openai")
    widget = window.chat.widget_for(turn.id)
    assert ("fallback from anthropic", "info") in widget.badge_texts(turn)
    assert any(m.startswith("Trying openai instead: anthropic: Key rejected")
               for m in messages)
    assert window.spend_label.text().startswith("This chat: $0.0")


async def test_new_chat_stops_and_starts_an_empty_conversation(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    _send(qtbot, window, "First [[sim: tokens=3000 rate=150]]")
    await until(lambda: len(controller.turns()[0].text) > 10, "some text")
    first_conversation = controller.conversation_id

    qtbot.keyClicks(window.prompt, "second")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.prompt.toPlainText() == "second"
    assert window.statusBar().currentMessage().startswith("A reply is still")

    qtbot.keyClick(window.prompt, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert controller.turns() == []
    assert window.stack.currentWidget() is window.welcome
    await until(lambda: not controller.busy, "the old request to stop")
    assert window.spend_label.text() == ""

    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    await until(lambda: not controller.busy, "the new reply")
    assert controller.conversation_id not in (None, first_conversation)
    assert first_conversation is not None
    old = await session.jarvis.messages(first_conversation)
    assert [m.status for m in old] == ["ok", "cancelled"]
    new = await session.jarvis.messages(controller.conversation_id or "")
    assert (new[0].role, new[0].text) == ("user", "second")


async def test_budget_alert_stays_in_view_until_the_next_request(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    jarvis_home: Path,
) -> None:
    (jarvis_home / "config.toml").write_text(
        '[limits]\ndaily_usd = "0.0025"\nmonthly_usd = "1"\nmax_tokens = 120\n',
        encoding="utf-8")
    session = Session(controller)
    await session.open(demo=True)
    try:
        _send(qtbot, window, "Hello [[sim: tokens=100]]")
        await until(lambda: not controller.busy, "the reply")
        assert controller.turns()[0].status is TurnStatus.DONE
        assert window.notice_label.isVisibleTo(window)
        assert window.notice_label.text().startswith("50% of the daily")

        _send(qtbot, window, "Again [[sim: tokens=5]]")
        assert not window.notice_label.isVisibleTo(window)
        await until(lambda: not controller.busy, "the second reply")
    finally:
        await session.close()


async def test_view_follows_the_reply_until_the_user_scrolls_up(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    window.resize(700, 480)
    bar = window.chat.verticalScrollBar()
    _send(qtbot, window, "Long [[sim: tokens=600 rate=600]]")
    turn = controller.turns()[0]
    await until(lambda: bar.maximum() > 200, "the reply to outgrow the view")
    assert bar.value() == bar.maximum()
    assert turn.status.active

    bar.setValue(0)
    scrolled_at, height_then = len(turn.text), bar.maximum()
    await until(lambda: not controller.busy, "the reply to end")
    assert len(turn.text) > scrolled_at and bar.maximum() > height_then
    assert bar.value() == 0
