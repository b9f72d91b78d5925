"""A streaming reply re-renders only its unfinished tail; a long text that
arrives whole is cut into chunks over several event-loop passes."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.markdownview import STEP, MarkdownView
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


def test_block_starts_from_a_known_start_parse_the_rest_alone() -> None:
    begin = REPLY.index("- one")
    assert block_starts(REPLY, begin) == block_starts(REPLY)[2:]
    assert block_starts(REPLY, len(REPLY)) == []


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
    assert view.views()[:-1] == chunks, "the final render keeps the chunks"
    assert view.views()[-1].toPlainText().strip() == (
        "Last paragraph still being written.")
    assert "print('hi')" in view.toPlainText()
    assert view.toPlainText().endswith("being written.")


def test_a_short_text_shown_whole_is_one_document(qtbot: QtBot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    view.show_markdown(REPLY, final=True)
    assert view.chunk_count == 0
    assert view.views()[0].toPlainText().startswith("First paragraph")
    assert "print('hi')" in view.views()[0].toPlainText()


def _long_reply(blocks: int) -> str:
    return "".join(f"Paragraph {n} says something.\n\n"
                   f"```python\nvalue_{n} = {n}\n```\n\n" for n in range(blocks))


def test_a_long_text_shown_whole_is_cut_over_several_passes(
    qtbot: QtBot,
) -> None:
    text = _long_reply(400)
    assert len(text) > 4 * STEP
    view = MarkdownView()
    qtbot.addWidget(view)
    view.show_markdown(text, final=True)

    assert view.pending, "the rest waits for later passes"
    first = view.chunk_count
    assert 0 < first < 800
    qtbot.waitUntil(lambda: not view.pending)
    assert view.chunk_count > first
    shown = view.toPlainText()
    assert shown.startswith("Paragraph 0 says something.")
    assert "value_200 = 200" in shown
    assert shown.endswith("value_399 = 399")
    assert shown.count("Copy code") == 400


def test_redraw_renders_again_from_the_start(qtbot: QtBot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    for end in range(1, len(REPLY) + 1):
        view.show_markdown(REPLY[:end], final=False)
    view.show_markdown(REPLY, final=True)
    assert view.chunk_count == 3
    view.redraw()
    assert view.chunk_count == 0, "short enough to be one document again"
    assert view.toPlainText().endswith("still being wri")


def test_text_that_is_not_an_append_is_rendered_afresh(qtbot: QtBot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    view.show_markdown("Alpha.\n\nBeta.\n\nGam", final=False)
    view.show_markdown("Alpha.\n\nBeta.\n\nGamma.\n\nDel", final=False)
    assert view.chunk_count == 2
    view.show_markdown("Other.\n\nText", final=False)
    assert view.chunk_count == 1
    assert [v.toPlainText().strip() for v in view.views()] == ["Other.", "Text"]
