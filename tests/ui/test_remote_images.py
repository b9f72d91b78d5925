"""Remote images load only after a click, only from allowed hosts (C12).

A loopback HTTP server stands in for the image host and records every
request it gets: rendering makes none, a click on an allowed host's image
makes exactly one, and a host off the allow-list is asked about first.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui import settings
from ui.chatview import ChatView
from ui.confirm import HostChoice
from ui.rendering import IMAGE_SCHEME, image_key
from ui.turns import Turn, TurnStatus
from ui.turnwidget import TurnWidget


def _png() -> bytes:
    image = QImage(3, 2, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


@dataclass
class ImageHost:
    """The loopback server and the paths it was asked for."""

    port: int
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def image_host() -> Iterator[ImageHost]:
    png = _png()
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", "/pixel.png")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,),
                              daemon=True)
    thread.start()
    try:
        yield ImageHost(server.server_address[1], seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Chat:
    view: ChatView
    widget: TurnWidget
    asked: list[str]
    said: list[str]


def _chat(qtbot: QtBot, text: str, answer: HostChoice) -> Chat:
    turns = {1: Turn(1, "hi", text=text, status=TurnStatus.DONE)}
    view = ChatView(turns.__getitem__)
    qtbot.addWidget(view)
    asked: list[str] = []
    said: list[str] = []

    def ask(_parent: QWidget, host: str) -> HostChoice:
        asked.append(host)
        return answer

    view.images.ask = ask
    view.statusMessage.connect(said.append)
    view.add_turn(1)
    view.show()
    QApplication.processEvents()
    return Chat(view, view.widget_for(1), asked, said)


def _click_image(chat: Chat, src: str) -> None:
    link = QUrl(f"{IMAGE_SCHEME}:{image_key(src)}")
    chat.widget.body.views()[-1].anchorClicked.emit(link)


def test_rendering_requests_nothing_and_an_allowed_click_exactly_once_C12(
    qtbot: QtBot, image_host: ImageHost,
) -> None:
    settings.write(settings.IMAGE_HOSTS, ["127.0.0.1"])
    src = image_host.url("/pixel.png?leak=earlier+conversation")
    chat = _chat(qtbot, f"A chart:\n\n![chart]({src})\n", HostChoice.CANCEL)
    assert "chart: image from 127.0.0.1, not loaded" in (
        chat.widget.body.toPlainText())
    assert image_host.requests == []
    assert chat.view.images._manager is None, "a network object before a click"

    _click_image(chat, src)
    qtbot.waitUntil(lambda: image_key(src) in chat.widget.body.images)

    assert image_host.requests == ["/pixel.png?leak=earlier+conversation"]
    assert chat.asked == [], "an allowed host is not asked about"
    shown = chat.widget.body.views()[-1]
    assert f'src="{IMAGE_SCHEME}:{image_key(src)}"' in shown.toHtml()
    drawn = shown.document().resource(
        QTextDocument.ResourceType.ImageResource.value,
        QUrl(f"{IMAGE_SCHEME}:{image_key(src)}"))
    assert isinstance(drawn, QImage) and drawn.size().toTuple() == (3, 2)
    assert shown.refused == [], "the loaded image came from memory"
    assert "not loaded" not in chat.widget.body.toPlainText()
    assert chat.widget.body.images[image_key(src)].size().toTuple() == (3, 2)
    QApplication.processEvents()
    assert len(image_host.requests) == 1


def test_a_host_off_the_list_is_asked_about_and_cancel_fetches_nothing_C12(
    qtbot: QtBot, image_host: ImageHost,
) -> None:
    src = image_host.url("/pixel.png?q=secret")
    chat = _chat(qtbot, f"![x]({src})", HostChoice.CANCEL)

    _click_image(chat, src)
    QApplication.processEvents()

    assert chat.asked == ["127.0.0.1"]
    assert image_host.requests == []
    assert chat.view.images._manager is None
    assert settings.read_list(settings.IMAGE_HOSTS) == []


def test_always_allow_remembers_the_host(
    qtbot: QtBot, image_host: ImageHost,
) -> None:
    first, second = image_host.url("/pixel.png?n=1"), image_host.url("/pixel.png?n=2")
    chat = _chat(qtbot, f"![a]({first}) ![b]({second})", HostChoice.ALWAYS)

    _click_image(chat, first)
    qtbot.waitUntil(lambda: image_key(first) in chat.widget.body.images)
    _click_image(chat, second)
    qtbot.waitUntil(lambda: image_key(second) in chat.widget.body.images)

    assert chat.asked == ["127.0.0.1"], "asked once, then remembered"
    assert settings.read_list(settings.IMAGE_HOSTS) == ["127.0.0.1"]
    assert image_host.requests == ["/pixel.png?n=1", "/pixel.png?n=2"]


def test_load_once_does_not_remember(qtbot: QtBot, image_host: ImageHost) -> None:
    src = image_host.url("/pixel.png")
    chat = _chat(qtbot, f"![a]({src})", HostChoice.ONCE)
    _click_image(chat, src)
    qtbot.waitUntil(lambda: image_key(src) in chat.widget.body.images)
    assert settings.read_list(settings.IMAGE_HOSTS) == []
    assert image_host.requests == ["/pixel.png"]


def test_a_redirect_is_not_followed_C12(qtbot: QtBot, image_host: ImageHost) -> None:
    settings.write(settings.IMAGE_HOSTS, ["127.0.0.1"])
    src = image_host.url("/redirect")
    chat = _chat(qtbot, f"![a]({src})", HostChoice.CANCEL)

    _click_image(chat, src)
    qtbot.waitUntil(lambda: bool(chat.said) and "could not" in chat.said[-1])

    assert chat.said[-1] == "The image from 127.0.0.1 could not be loaded."
    assert image_host.requests == ["/redirect"]
    assert chat.widget.body.images == {}


def test_only_web_images_can_be_loaded(qtbot: QtBot) -> None:
    src = "ftp://127.0.0.1/pixel.png"
    chat = _chat(qtbot, f"![a]({src})", HostChoice.ONCE)
    _click_image(chat, src)
    assert chat.asked == []
    assert chat.said[-1] == "Only images on the web can be loaded."
