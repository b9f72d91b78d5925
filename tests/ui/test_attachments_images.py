"""Images in the window: paste or drop, a thumbnail chip, refused before sending.

The real facade (demo mode, provider simulator) answers; the simulator's
reply says which image it saw (type and SHA-256), so the test proves the
pasted picture's bytes reached the provider.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from jarvis.images import ImageAttachment, image_from_bytes
from tests import imagesamples
from tests.ui.helpers import until
from ui.attachmentbar import AttachmentChip, chip_label
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.promptedit import PASTED_IMAGE, png_bytes
from ui.session import Session
from ui.turns import TurnStatus


def _picture() -> QImage:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 120, 200))
    return image


def _pick(window: MainWindow, provider: str, model: str) -> None:
    window.provider_box.setCurrentIndex(window.provider_box.findData(provider))
    window.model_box.setEditText(model)


async def test_pasted_picture_becomes_a_chip_and_reaches_the_model(
    qtbot: QtBot, window: MainWindow, controller: ChatController, session: Session,
) -> None:
    source = QMimeData()
    source.setImageData(_picture())

    window.prompt.insertFromMimeData(source)

    [chip] = window.attachment_bar.chips()
    image = chip.attachment
    assert isinstance(image, ImageAttachment)
    assert (image.name, image.media_type, image.width, image.height) == (
        PASTED_IMAGE, "image/png", 64, 48)
    assert chip.picture is not None and chip.picture.pixmap().height() == 28
    assert chip.label.text() == chip_label(image)
    assert window.prompt.toPlainText() == ""

    _pick(window, "gemini", "gemini-2.5-flash")
    await until(lambda: not controller.busy, "the image check")
    window.prompt.setPlainText("What colour is it?")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    await until(lambda: controller.turns() and not controller.busy, "the reply")

    [turn] = controller.turns()
    assert turn.status is TurnStatus.DONE, turn.error
    digest = hashlib.sha256(image.data).hexdigest()
    assert turn.text.startswith(f"I see 1 image: image/png sha256:{digest[:16]}.")
    widget = window.chat.widget_for(turn.id)
    assert [t.label.text() for t in widget.image_thumbs] == [chip_label(image)]
    assert "Attached as data" not in widget.guard_note.text()
    assert window.attachment_bar.attachments() == ()


async def test_a_model_that_cannot_read_images_is_named_before_sending(
    qtbot: QtBot, window: MainWindow, controller: ChatController, session: Session,
) -> None:
    _pick(window, "openai", "gpt-3.5-turbo")
    window.attachment_bar.add(image_from_bytes("chart.png", imagesamples.png()))

    await until(lambda: window.attachment_bar.refusal_label.text(), "the check")

    # Other providers of the chain read images: a note, not a refusal.
    note = window.attachment_bar.refusal_label.text()
    assert note.startswith("openai (gpt-3.5-turbo) cannot read images.")
    assert note.endswith("As it is, anthropic (claude-sonnet-4-5) will answer.")
    assert window.attachment_bar.refusal == ""
    assert not window.attachment_bar.chips()[0].refused


async def test_refused_images_block_sending_with_the_reason(
    qtbot: QtBot, window: MainWindow, controller: ChatController, session: Session,
) -> None:
    assert session.jarvis is not None
    cid = await session.jarvis.new_conversation()
    await session.jarvis.set_conversation_fallback(cid, ["openai"])
    controller.open_conversation(cid)
    await until(lambda: controller.conversation_id == cid, "the conversation")
    _pick(window, "openai", "gpt-3.5-turbo")
    window.attachment_bar.add(image_from_bytes("chart.png", imagesamples.png()))
    await until(lambda: window.attachment_bar.refusal, "the refusal")

    window.prompt.setPlainText("Explain the chart")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)

    reason = ("openai (gpt-3.5-turbo) cannot read images. Pick a vision model "
              "such as gpt-5-mini, or remove the image.")
    assert window.attachment_bar.refusal == reason
    [chip] = window.attachment_bar.chips()
    assert chip.refused and chip.toolTip() == reason
    assert controller.turns() == []
    assert window.prompt.toPlainText() == "Explain the chart"
    assert window.statusBar().currentMessage() == reason

    chip.remove_button.click()
    assert window.attachment_bar.refusal == ""


def test_dropped_image_file_is_told_by_its_bytes(
    window: MainWindow, tmp_path: Path
) -> None:
    photo = tmp_path / "scan.dat"
    photo.write_bytes(imagesamples.jpeg())
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4)
    refused: list[str] = []
    window.prompt.pasteRefused.connect(refused.append)
    source = QMimeData()
    source.setUrls([QUrl.fromLocalFile(str(p)) for p in (photo, fake)])

    window.prompt.insertFromMimeData(source)

    [chip] = window.attachment_bar.chips()
    assert isinstance(chip, AttachmentChip)
    assert (chip.attachment.name, chip.attachment.media_type) == (
        "scan.dat", "image/jpeg")  # type: ignore[union-attr]
    assert refused == ["Not attached: fake.png is not a complete PNG image."]


def test_png_bytes_round_trip() -> None:
    data = png_bytes(_picture())

    image = image_from_bytes("p.png", data)

    assert (image.width, image.height) == (64, 48)
