"""A streaming reply re-renders only its unfinished tail."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.markdownview import MarkdownView
from ui.rendering import block_starts

REPLY = (
    "First paragraph, done.\n\n"
    "```python\nprint('hi')\n```\n\n"
    "- one\n- two\n\n"
    "Last paragraph still being wri"
)


def test_block_starts_are_top_level_blocks_only() -> None:
    starts = block_starts(REPLY)
    assert [REPLY[i:i + 5] for i in starts] == ["First", "```py", "- one", "Last "]
    assert block_starts("") == []
    assert block_starts("```\nunclosed\n\nstill code") == [0]


def test_finished_blocks_render_once_and_the_tail_follows(qtbot: QtBot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    shown: list[str] = []
    for end in range(1, len(REPLY) + 1):
        view.show_markdown(REPLY[:end], final=False)
        shown.append(view.toPlainText())
    chunks = view.views()[:-1]

    assert view.chunk_count == 3
    assert [c.toPlainText().strip() for c in chunks] == [
        "First paragraph, done.", "python\nCopy code\n\nprint('hi')", "one\ntwo"]
    view.show_markdown(REPLY + "tten.", final=False)
    assert view.views()[:-1] == chunks  # the same widgets, not re-rendered
    assert view.views()[-1].toPlainText().strip() == (
        "Last paragraph still being written.")

    view.show_markdown(REPLY + "tten.", final=True)
    assert view.chunk_count == 0
    assert "print('hi')" in view.toPlainText()
    assert view.toPlainText().endswith("being written.")


def test_text_that_is_not_an_append_is_rendered_afresh(qtbot: QtBot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    view.show_markdown("Alpha.\n\nBeta.\n\nGam", final=False)
    view.show_markdown("Alpha.\n\nBeta.\n\nGamma.\n\nDel", final=False)
    assert view.chunk_count == 2
    view.show_markdown("Other.\n\nText", final=False)
    assert view.chunk_count == 1
    assert [v.toPlainText().strip() for v in view.views()] == ["Other.", "Text"]
