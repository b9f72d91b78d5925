"""Staged image attachments for screenshots: ``python -m tests.ui.scenes_attachments``.

Runs the real app in demo mode and plays one scene through the window's own
controls, for ``scripts/screenshot.sh``::

    scripts/screenshot.sh -o docs/screenshots/image-sent.png -- \\
        /tmp/venv/bin/python -m tests.ui.scenes_attachments sent \\
        --home "$(mktemp -d)"

Scenes:
    chip: a picture pasted from the clipboard, as a thumbnail chip; the
        picked model cannot read images, so the bar says who will answer.
    sent: the picture sent to Gemini; the reply says what it saw and the
        turn shows the image chip.
    refused: a conversation whose only provider's model cannot read
        images: the chip is red, the reason shows, sending is held.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

from tests.ui.helpers import until
from tests.ui.scenerun import run, run_scene
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.session import Session


def chart() -> QImage:
    """A small bar chart, drawn here (no image files in the repository)."""
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, 200))
    gradient.setColorAt(0, QColor(240, 246, 255))
    gradient.setColorAt(1, QColor(210, 225, 245))
    painter.fillRect(image.rect(), gradient)
    for index, height in enumerate((60, 95, 80, 140)):
        painter.fillRect(QRectF(40 + index * 65, 180 - height, 40, height),
                         QColor(40, 110, 200))
    painter.setPen(QColor(30, 40, 60))
    painter.setFont(QFont("DejaVu Sans", 14))
    painter.drawText(QRectF(0, 8, 320, 24), Qt.AlignmentFlag.AlignCenter,
                     "Revenue by quarter")
    painter.end()
    return image


def _pick(window: MainWindow, provider: str, model: str) -> None:
    window.provider_box.setCurrentIndex(window.provider_box.findData(provider))
    window.model_box.setEditText(model)


def _paste(window: MainWindow) -> None:
    source = QMimeData()
    source.setImageData(chart())
    window.prompt.insertFromMimeData(source)


async def _play(window: MainWindow, controller: ChatController, scene: str) -> None:
    await until(lambda: controller.ready, "the service to open", 60)
    jarvis = controller._jarvis  # screenshots only: set up the conversation
    assert jarvis is not None
    if scene == "refused":
        cid = await jarvis.new_conversation("Chart review")
        await jarvis.set_conversation_fallback(cid, ["openai"])
        controller.open_conversation(cid)
        await until(lambda: controller.conversation_id == cid, "the conversation")
    if scene in ("chip", "refused"):
        _pick(window, "openai", "gpt-3.5-turbo")
    else:
        _pick(window, "gemini", "gemini-2.5-flash")
    _paste(window)
    window.prompt.setPlainText("Which quarter grew most?")
    await asyncio.sleep(0.8)
    if scene in ("sent", "refused"):
        window.send()
    if scene == "sent":
        await until(lambda: controller.turns() and not controller.busy,
                    "the reply", 60)


async def _main(window: MainWindow, controller: ChatController, scene: str,
                home: Path) -> None:
    player = asyncio.get_running_loop().create_task(
        _play(window, controller, scene))
    try:
        await run(window, Session(controller), home=home, demo=True)
    finally:
        player.cancel()
        await asyncio.gather(player, return_exceptions=True)


def main(argv: list[str]) -> int:
    scenes = ("chip", "sent", "refused")
    return run_scene("python -m tests.ui.scenes_attachments", scenes, _main, argv,
                     size=(960, 720))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
