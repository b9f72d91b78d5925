"""Long conversations, export, per-message actions, shortcuts, splitter.

Opening thousands of messages builds widgets only for a page of turns and
builds more on scrolling; export goes through the file dialog (patched to
a tmp path); copy, regenerate and edit-and-resend act on the last turn;
every shortcut in the table is bound and listed in the help dialog.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from jarvis.service import Jarvis
from jarvis.store import history as history_module
from jarvis.store.history import StoredMessage
from jarvis.store.spend import now_iso
from tests.ui.helpers import until
from tests.ui.test_sidebar import _activate, _ready, _send, _stored
from ui.chatview import PAGE
from ui.controller import ChatController
from ui.conversations import relative_time, snippet_html, turns_from_messages
from ui.mainwindow import SPLITTER, MainWindow
from ui.session import Session
from ui.shortcuts import SHORTCUTS
from ui.shortcutsdialog import ShortcutsDialog
from ui.turns import TurnStatus


async def _bulk(jarvis: Jarvis, title: str, exchanges: int) -> str:
    """A conversation of ``exchanges`` prompts and replies, in one transaction
    (adding them one by one through the facade takes half a minute)."""
    cid = await jarvis.new_conversation(title)
    rows = [{"conversation_id": cid, "role": role, "text": text,
             "status": "ok", "created_at": now_iso()}
            for i in range(exchanges)
            for role, text in (("user", f"prompt {i}"),
                               ("assistant", f"reply {i}\n\n" + "word " * 40))]

    def work(db: Database) -> None:
        with db.atomic():
            for row in rows:
                history_module._add(db, row)
    await jarvis.history._store.run(work)
    return cid


def _message(mid: int, role: str, text: str, status: str = "ok") -> StoredMessage:
    return StoredMessage(mid, role, text, status, "openai", "gpt-4o",
                         Decimal("0.002") if role == "assistant" else None,
                         datetime(2026, 1, 1, tzinfo=UTC))


def test_stored_messages_become_turns_with_their_status() -> None:
    messages = [
        _message(1, "user", "a"), _message(2, "assistant", "b"),
        _message(3, "user", "c"), _message(4, "assistant", "d", "cancelled"),
        _message(5, "user", "e"), _message(6, "assistant", "f", "error"),
        _message(7, "user", "g"),
    ]
    turns, shown_in = turns_from_messages(messages, 10)
    assert [(t.id, t.prompt, t.text, t.status) for t in turns] == [
        (10, "a", "b", TurnStatus.DONE),
        (11, "c", "d", TurnStatus.CANCELLED),
        (12, "e", "f", TurnStatus.INTERRUPTED),
        (13, "g", "", TurnStatus.FAILED),
    ]
    assert turns[0].cost_usd == Decimal("0.002") and turns[0].priced
    assert (turns[0].provider, turns[0].model) == ("openai", "gpt-4o")
    assert turns[3].error
    assert shown_in == {1: 10, 2: 10, 3: 11, 4: 11, 5: 12, 6: 12, 7: 13}


def test_snippet_is_escaped_and_only_the_match_is_bold() -> None:
    assert snippet_html("say <script>x</script> [zebra] & more") == (
        "say &lt;script&gt;x&lt;/script&gt; <b>zebra</b> &amp; more")
    assert snippet_html("an [open mark") == "an [open mark"
    assert snippet_html("[a<b]") == "<b>a&lt;b</b>"


def test_relative_time_reads_like_a_person_would_say_it() -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert relative_time(now - timedelta(seconds=5), now) == "just now"
    assert relative_time(now - timedelta(minutes=7), now) == "7 min"
    assert relative_time(now - timedelta(hours=3), now) == "3 h"
    assert relative_time(now - timedelta(days=1, hours=2), now) == "yesterday"
    assert relative_time(now - timedelta(days=4), now) == "4 d"
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    QLocale.setDefault(english)
    try:
        assert relative_time(datetime(2026, 2, 1, 12), now) == "Feb 1"
        assert relative_time(datetime(2024, 11, 1, 12), now) == "Nov 2024"
    finally:
        QLocale.setDefault(QLocale.system())


async def test_five_thousand_messages_open_lazily_and_load_on_scroll(
    window: MainWindow, controller: ChatController, session: Session,
) -> None:
    assert session.jarvis is not None
    cid = await _bulk(session.jarvis, "Long", 2500)
    controller.open_conversation(cid)
    await until(lambda: controller.conversation_id == cid, "the open")

    ids = window.chat.turn_ids()
    assert len(ids) == 2500
    assert PAGE <= len(window.chat.built()) < 100
    assert window.chat.built() == ids[-len(window.chat.built()):]
    bar = window.chat.verticalScrollBar()
    screen = window.chat.viewport().height()
    await until(lambda: not window.chat.filling(), "the margin built")
    assert bar.value() == bar.maximum()
    assert bar.value() >= 2 * screen, "less than two screens built above"
    built = window.chat.built()
    assert len(built) < 100

    # Scroll so that the first built turn is at the top of the view.
    first = built[0]
    row = window.chat.widget_for(first).parentWidget()
    bar.setValue(row.y())
    await until(lambda: window.chat.built()[0] != first, "turns built above")
    await until(lambda: not window.chat.filling(), "the margin built")
    assert abs(row.y() - bar.value()) < 40, "the turn on screen moved"
    assert bar.value() >= 2 * screen
    assert window.chat.built() == ids[-len(window.chat.built()):]


async def test_export_markdown_and_json_through_the_file_dialog(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    assert session.jarvis is not None
    cid = await _stored(session.jarvis, "Export me", [
        ("What is 2+2?", "It is **4**.", "ok")])
    await _ready(window, controller, 1)
    controller.open_conversation(cid)
    await until(lambda: controller.conversation_id == cid, "the open")
    asked: list[str] = []

    def save_as(_parent: object, _title: str, name: str, _filter: str
                ) -> tuple[str, str]:
        asked.append(name)
        return str(tmp_path / Path(name).stem), _filter
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)

    await _activate(window)
    shift_ctrl = (Qt.KeyboardModifier.ControlModifier
                  | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_M, shift_ctrl)
    markdown = tmp_path / "Export me.md"
    await until(markdown.exists, "the Markdown file")
    assert markdown.read_text(encoding="utf-8") == \
        await session.jarvis.export_conversation(cid, "markdown")
    assert "What is 2+2?" in markdown.read_text(encoding="utf-8")

    qtbot.keyClick(window, Qt.Key.Key_J, shift_ctrl)
    exported = tmp_path / "Export me.json"
    await until(exported.exists, "the JSON file")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data == json.loads(await session.jarvis.export_conversation(cid, "json"))
    assert asked == ["Export me.md", "Export me.json"]
    await until(lambda: "Exported to" in window.statusBar().currentMessage(),
                "the status message")


async def test_copy_regenerate_and_edit_and_resend_the_last_exchange(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    assert session.jarvis is not None
    _send(qtbot, window, "First question")
    await until(lambda: not controller.busy, "the first reply")
    _send(qtbot, window, "Second question")
    await until(lambda: not controller.busy, "the second reply")
    first, last = controller.turns()
    window.chat.paint_now()

    older = window.chat.actions_for(first.id)
    newest = window.chat.actions_for(last.id)
    assert older.copy_prompt_button.isVisibleTo(window)
    assert not older.regenerate_button.isVisibleTo(window)
    assert not older.edit_button.isVisibleTo(window)
    assert newest.regenerate_button.isVisibleTo(window)
    assert newest.edit_button.isVisibleTo(window)

    await _activate(window)
    older.copy_prompt_button.click()
    assert QApplication.clipboard().text() == "First question"
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.clipboard().text() == last.text

    newest.regenerate_button.click()
    assert controller.busy
    await until(lambda: not controller.busy, "the regenerated reply")
    assert [t.id for t in controller.turns()] == [first.id, last.id]
    assert last.status is TurnStatus.DONE and last.text

    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.prompt.toPlainText() == "Second question"
    assert controller.editing == last.id
    window.prompt.selectAll()
    qtbot.keyClicks(window.prompt, "Second question, rephrased")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    await until(lambda: not controller.busy, "the resent reply")
    turns = controller.turns()
    assert [t.prompt for t in turns] == ["First question",
                                         "Second question, rephrased"]
    assert window.chat.turn_ids() == [t.id for t in turns]
    assert controller.editing is None
    # The stored conversation matches the view: regenerate and edit replaced
    # the exchanges instead of appending to them.
    conversation = controller.conversation_id
    assert conversation is not None
    stored = await session.jarvis.messages(conversation)
    assert [(m.role, m.text) for m in stored if m.role == "user"] == [
        ("user", "First question"), ("user", "Second question, rephrased")]
    assert [m.role for m in stored] == ["user", "assistant"] * 2


def test_every_shortcut_is_bound_and_listed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for shortcut in SHORTCUTS:
        if shortcut.bound:
            bound = window.shortcuts[shortcut.name]
            assert [b.key().toString() for b in bound] == list(shortcut.keys)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(SHORTCUTS)
    listed = [dialog.table.item(r, 1).text() for r in range(len(SHORTCUTS))]
    assert "Search the history" in listed
    assert dialog.table.item(0, 0).text() == "Ctrl+Return"

    with qtbot.waitActive(window):
        window.activateWindow()
    shown: list[bool] = []
    monkeypatch.setattr(ShortcutsDialog, "exec",
                        lambda self: shown.append(True) or 0)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    assert shown == [True, True]


def test_new_controls_have_accessible_names(window: MainWindow) -> None:
    side = window.sidebar
    for widget in (side, side.search_box, side.new_button, side.tree,
                   side.results):
        assert widget.accessibleName(), widget.objectName()


def test_sidebar_hides_and_its_width_is_remembered(
    qtbot: QtBot, controller: ChatController,
) -> None:
    first = MainWindow(controller, demo=True)
    qtbot.addWidget(first)
    # Smaller than the offscreen screen, so the geometry comes back as is.
    first.resize(780, 560)
    with qtbot.waitActive(first):
        first.show()
        first.activateWindow()
    total = sum(first.splitter.sizes())
    first.splitter.setSizes([200, total - 200])
    width = first.splitter.sizes()[0]
    assert width > 150
    qtbot.keyClick(first, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert first.splitter.sizes()[0] == 0
    qtbot.keyClick(first, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert first.splitter.sizes()[0] == width
    first.close()

    from ui import settings
    assert settings.read_bytes(SPLITTER) is not None
    second = MainWindow(ChatController(), demo=True)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == first.size()
    assert second.splitter.sizes()[0] == width
    second.toggle_sidebar()
    second.close()

    third = MainWindow(ChatController(), demo=True)
    qtbot.addWidget(third)
    third.show()
    assert third.splitter.sizes()[0] == 0
