"""A turn builds its rarely shown parts when first needed, in their place."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ui.chatview import ChatView
from ui.turns import Turn, TurnStatus
from ui.turnwidget import TurnWidget


def _names(widget: QWidget) -> set[str]:
    return {child.objectName() for child in widget.findChildren(QLabel)} | {
        child.accessibleName() for child in widget.findChildren(QPushButton)}


def test_a_stored_reply_builds_no_retry_problem_or_guard_parts(
        qtbot: QtBot, app: QApplication) -> None:
    widget = TurnWidget(Turn(1, "hi", text="Hello.", status=TurnStatus.DONE))
    qtbot.addWidget(widget)

    assert _names(widget) == {"replyAuthor", "statusLine", "Copy reply"}


def test_parts_built_later_sit_where_they_always_did(
        qtbot: QtBot, app: QApplication) -> None:
    turn = Turn(1, "hi", text="Partial", status=TurnStatus.STREAMING)
    view = ChatView(lambda _id: turn)
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.add_turn(1)
    widget = view.widget_for(1)

    turn.status, turn.note = TurnStatus.INTERRUPTED, "The provider stopped."
    turn.fallback_from = ("openai",)
    turn.redacted, turn.guard_warnings = 1, ("hidden text was removed",)
    view.mark_dirty(1)
    view.paint_now()
    app.processEvents()  # the row is shown

    column = widget.layout()
    assert column.indexOf(view.actions_for(1)) == 1  # under the bubble
    assert column.itemAt(2).layout().count() == 2  # the guard's row
    assert column.indexOf(widget.card) == 3
    card = widget.card.layout()
    assert card.indexOf(widget.problem) == card.indexOf(widget.body) + 1
    assert widget.problem.text() == "The provider stopped."
    footer = widget.footer
    assert footer.itemAt(1).layout().count() == 2  # fallback, interrupted
    assert footer.indexOf(widget.retry_button) == footer.indexOf(
        widget.copy_button) + 1
    assert widget.retry_button.isVisibleTo(view)
    assert widget.copy_button.nextInFocusChain() is widget.retry_button
    assert widget.guard_note.isVisibleTo(view)
    assert widget.redaction_badge.text() == "1 item redacted"


def test_edit_and_regenerate_come_with_the_last_settled_turn(
        qtbot: QtBot, app: QApplication) -> None:
    turns = {1: Turn(1, "one", text="A", status=TurnStatus.DONE),
             2: Turn(2, "two", text="B", status=TurnStatus.STREAMING)}
    view = ChatView(turns.__getitem__)
    qtbot.addWidget(view)
    view.show_turns([1, 2])
    older, newest = view.actions_for(1), view.actions_for(2)
    assert "Regenerate the reply" not in _names(view.widget_for(2))

    turns[2].status = TurnStatus.DONE
    view.mark_dirty(2)
    view.paint_now()
    app.processEvents()

    footer = view.widget_for(2).footer
    assert footer.indexOf(newest.regenerate_button) == footer.count() - 1
    assert newest.regenerate_button.isVisibleTo(view)
    assert newest.edit_button.isVisibleTo(view)
    assert newest.copy_prompt_button.nextInFocusChain() is newest.edit_button
    assert newest.edit_button.nextInFocusChain() is newest.regenerate_button
    assert older._edit is None and older._regenerate is None
