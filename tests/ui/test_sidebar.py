"""The conversation sidebar driven as a person would.

Replies come from the provider simulator through the facade; stored
conversations made for a test are written through the facade's history,
as the service writes them. The tests look at what the sidebar and the
chat show and at what the history holds.
"""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from jarvis.service import Jarvis
from tests.ui.helpers import until
from ui import sidebar as sidebar_module
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.session import Session
from ui.turns import TurnStatus


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.prompt.setFocus()
    qtbot.keyClicks(window.prompt, text)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)


async def _activate(window: MainWindow) -> None:
    """Make ``window`` the active one: window shortcuts fire only there."""
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window, "an active window")


async def _stored(jarvis: Jarvis, title: str,
                  exchanges: list[tuple[str, str, str]]) -> str:
    """A conversation of (prompt, reply, reply status) exchanges; its id."""
    conversation_id = await jarvis.new_conversation(title)
    for prompt, reply, status in exchanges:
        await jarvis.history.add(conversation_id, "user", prompt)
        await jarvis.history.add(conversation_id, "assistant", reply,
                                 status=status, provider="anthropic",
                                 model="claude-sonnet-4-5")
    return conversation_id


async def _ready(window: MainWindow, controller: ChatController,
                 count: int) -> None:
    await until(lambda: controller.ready, "the service")
    controller.history.refresh()
    await until(lambda: len(window.sidebar.conversation_ids()) == count,
                f"{count} conversations in the list")


async def test_a_sent_message_lists_its_conversation_and_reopening_continues_it(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    _send(qtbot, window, "Plan a picnic")
    await until(lambda: not controller.busy, "the reply")
    first = controller.conversation_id
    assert first is not None
    await until(lambda: window.sidebar.conversation_ids() == [first],
                "the conversation in the list")
    assert window.sidebar.title_of(first) == "Plan a picnic"

    await _activate(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert controller.conversation_id is None
    assert window.chat.turn_ids() == []

    item = window.sidebar.tree.topLevelItem(1).child(0)
    window.sidebar.tree.itemClicked.emit(item, 0)
    await until(lambda: controller.conversation_id == first, "the reopen")
    turns = controller.turns()
    assert [(t.prompt, t.status) for t in turns] == [
        ("Plan a picnic", TurnStatus.DONE)]
    assert window.chat.widget_for(turns[0].id).drawn_text == turns[0].text
    assert window.stack.currentWidget() is window.chat

    _send(qtbot, window, "And the drinks?")
    await until(lambda: not controller.busy, "the second reply")
    assert controller.conversation_id == first
    stored = await session.jarvis.messages(first)
    assert [m.role for m in stored] == ["user", "assistant", "user", "assistant"]
    assert stored[2].text == "And the drinks?"


async def test_stored_statuses_show_as_badges_and_retry_works_on_the_last(
    window: MainWindow, controller: ChatController, session: Session,
) -> None:
    assert session.jarvis is not None
    cid = await _stored(session.jarvis, "Cut off", [
        ("one", "half an answ", "interrupted"),
        ("two", "stopped here", "cancelled"),
    ])
    await _ready(window, controller, 1)
    controller.open_conversation(cid)
    await until(lambda: controller.conversation_id == cid, "the open")

    first, last = controller.turns()
    assert (first.status, last.status) == (
        TurnStatus.INTERRUPTED, TurnStatus.CANCELLED)
    assert ("interrupted", "warn") in window.chat.widget_for(
        first.id).badge_texts(first)
    assert ("cancelled", "warn") in window.chat.widget_for(last.id).badge_texts(last)

    window.chat.widget_for(last.id).retry_button.click()
    await until(lambda: last.status is TurnStatus.DONE, "the retried reply")
    stored = await session.jarvis.messages(cid)
    assert [(m.role, m.status) for m in stored][-2:] == [
        ("user", "ok"), ("assistant", "ok")]
    assert "stopped here" not in [m.text for m in stored]


async def test_rename_in_place_with_f2(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    cid = await _stored(session.jarvis, "Old name", [("hi", "hello", "ok")])
    await _ready(window, controller, 1)
    window.sidebar.set_current(cid)

    await _activate(window)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    editors = [e for e in window.sidebar.tree.findChildren(QLineEdit)
               if e.isVisible()]
    assert len(editors) == 1
    editors[0].selectAll()
    qtbot.keyClicks(editors[0], "Trip to Lisbon")
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)

    async def renamed() -> str:
        return next(c.title for c in await session.jarvis.conversations()
                    if c.id == cid)
    await until(lambda: window.sidebar.title_of(cid) == "Trip to Lisbon", "rename")
    assert await renamed() == "Trip to Lisbon"


@pytest.mark.parametrize("confirmed", [True, False])
async def test_delete_asks_first(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session, monkeypatch: pytest.MonkeyPatch, confirmed: bool,
) -> None:
    assert session.jarvis is not None
    keep = await _stored(session.jarvis, "Keep me", [("a", "b", "ok")])
    doomed = await _stored(session.jarvis, "Delete me", [("c", "d", "ok")])
    await _ready(window, controller, 2)
    asked: list[str] = []

    def answer(_parent: object, title: str) -> bool:
        asked.append(title)
        return confirmed
    monkeypatch.setattr(sidebar_module, "confirm_delete", answer)
    controller.open_conversation(doomed)
    await until(lambda: controller.conversation_id == doomed, "the open")

    window.sidebar.tree.setFocus()
    qtbot.keyClick(window.sidebar.tree, Qt.Key.Key_Delete)

    assert asked == ["Delete me"]
    if confirmed:
        await until(lambda: window.sidebar.conversation_ids() == [keep], "delete")
        assert controller.conversation_id is None
        assert window.chat.turn_ids() == []
    else:
        assert controller.conversation_id == doomed
    ids = [c.id for c in await session.jarvis.conversations()]
    assert (doomed in ids) is not confirmed


async def test_pin_moves_a_conversation_to_the_top(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    older = await _stored(session.jarvis, "Older", [("a", "b", "ok")])
    await asyncio.sleep(0.01)  # the store's clock counts milliseconds
    newer = await _stored(session.jarvis, "Newer", [("c", "d", "ok")])
    await _ready(window, controller, 2)
    assert window.sidebar.conversation_ids() == [newer, older]

    window.sidebar.set_current(older)
    await _activate(window)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    await until(lambda: window.sidebar.conversation_ids() == [older, newer], "pin")
    assert window.sidebar.pinned_group.childCount() == 1
    assert not window.sidebar.pinned_group.isHidden()
    summaries = await session.jarvis.conversations()
    assert [(c.id, c.pinned) for c in summaries] == [(older, True), (newer, False)]


async def test_search_shows_escaped_snippets_and_opens_at_the_match(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    filler = [(f"question {i}", f"answer {i}", "ok") for i in range(200)]
    hidden = ("<img src=https://evil.example/x.png> what about zebras?",
              "Zebras <b>are</b> striped.", "ok")
    cid = await _stored(session.jarvis, "Animals <i>", [
        *filler[:20], hidden, *filler[20:]])
    await _ready(window, controller, 1)

    await _activate(window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.search_box.hasFocus()
    qtbot.keyClicks(window.sidebar.search_box, "zebra")
    await until(lambda: window.sidebar.results.count() == 2, "two hits")

    labels = [window.sidebar.results.itemWidget(window.sidebar.results.item(i))
              for i in range(2)]
    texts = [label.text() for label in labels]  # type: ignore[union-attr]
    assert all("Animals &lt;i&gt;" in text for text in texts)
    assert any("&lt;img src=" in text and "<img" not in text for text in texts)
    assert any("<b>Zebras</b>" in text and "&lt;b&gt;are&lt;/b&gt;" in text
               for text in texts)

    hit = window.sidebar.results.item(0)
    window.sidebar.results.itemClicked.emit(hit)
    await until(lambda: controller.conversation_id == cid, "the open")
    target = next(t for t in controller.turns() if "zebras" in t.prompt)
    assert target.id in window.chat.built()
    assert len(window.chat.turn_ids()) == 201

    def in_view() -> bool:
        row = window.chat.widget_for(target.id).parentWidget()
        top = row.y() - window.chat.verticalScrollBar().value()
        return 0 <= top < window.chat.viewport().height()
    await until(in_view, "the matching turn scrolled into view")

    window.sidebar.search_box.clear()
    assert window.sidebar.pages.currentWidget() is window.sidebar.tree


async def test_keyboard_only_opens_neighbours_and_the_selected_item(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    older = await _stored(session.jarvis, "Older", [("first?", "one", "ok")])
    await asyncio.sleep(0.01)  # the store's clock counts milliseconds
    newer = await _stored(session.jarvis, "Newer", [("second?", "two", "ok")])
    await _ready(window, controller, 2)
    await _activate(window)

    page_down = Qt.Key.Key_PageDown
    qtbot.keyClick(window, page_down, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: controller.conversation_id == newer, "the first one")
    qtbot.keyClick(window, page_down, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: controller.conversation_id == older, "the one below")
    assert [t.prompt for t in controller.turns()] == ["first?"]
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: controller.conversation_id == newer, "the one above")

    tree = window.sidebar.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentItem() is not None
    assert tree.currentItem().text(0) == "Older"
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    await until(lambda: controller.conversation_id == older, "Enter opens")
