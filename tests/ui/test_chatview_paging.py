"""A long conversation keeps a bounded window of turns built while the
user scrolls through all of it (the view drops turns far off screen)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from ui.chatview import ChatView
from ui.turns import Turn, TurnStatus

TURNS = 150


def _view(qtbot: QtBot) -> tuple[QMainWindow, ChatView, dict[int, Turn]]:
    turns = {n: Turn(n, f"Question {n}?", text=f"Answer {n}.\n\nMore words.",
                     status=TurnStatus.DONE) for n in range(1, TURNS + 1)}
    window = QMainWindow()
    qtbot.addWidget(window)
    view = ChatView(turns.__getitem__)
    window.setCentralWidget(view)
    window.resize(800, 600)
    window.show()
    view.show_turns(list(turns))
    return window, view, turns


def _page(view: ChatView, step: int) -> None:
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + step * bar.pageStep())
    QApplication.processEvents()


def test_scrolling_to_the_top_and_back_keeps_few_turns_built(
    qtbot: QtBot,
) -> None:
    _window, view, turns = _view(qtbot)
    ids = list(turns)
    most = 0
    for _ in range(3000):
        if view.built()[0] == ids[0] and view.verticalScrollBar().value() == 0:
            break
        _page(view, -1)
        qtbot.wait(5)
        most = max(most, len(view.built()))
    assert view.built()[0] == ids[0], "never reached the first turn"
    built = view.built()
    assert built == ids[:len(built)], "built turns are one run from the top"
    assert most < 60, f"{most} turns built at once"

    for _ in range(3000):
        bar = view.verticalScrollBar()
        if view.built()[-1] == ids[-1] and bar.value() == bar.maximum():
            break
        _page(view, 1)
        qtbot.wait(5)
    built = view.built()
    assert built == ids[-len(built):]
    assert len(built) < 60


def test_a_dropped_turn_is_rebuilt_with_its_current_state(qtbot: QtBot) -> None:
    _window, view, turns = _view(qtbot)
    ids = list(turns)
    for _ in range(3000):
        if view.built()[0] == ids[0]:
            break
        _page(view, -1)
        qtbot.wait(5)
    last = ids[-1]
    assert last not in view.built(), "the last turn was dropped far below"
    turns[last].text = "Changed while off screen."
    view.mark_dirty(last)  # ignored: no widget to paint
    for _ in range(3000):
        bar = view.verticalScrollBar()
        if last in view.built() and bar.value() == bar.maximum():
            break
        _page(view, 1)
        qtbot.wait(5)
    assert view.widget_for(last).body.toPlainText() == "Changed while off screen."
