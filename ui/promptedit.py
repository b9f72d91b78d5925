"""The input box: multi-line text, Ctrl+Enter sends, Esc stops.

The box grows with its text up to a few lines, then scrolls. The two keys
are claimed before the window's shortcuts see them, so they act the same
whatever shortcuts the window defines.

What the user did not type does not become typed text: a rich (HTML) paste
and a pasted or dropped text file are handed out as attachments, which the
service treats as untrusted data. A pasted picture (a screenshot from the
clipboard) and a dropped image file become image attachments; whether a
file is an image is told by its first bytes, not its name. A plain-text
paste stays text, and Ctrl+Shift+V always pastes plain text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QMimeData,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QSizePolicy, QWidget

from ui.textview import JARVIS_MIME

if TYPE_CHECKING:
    # Loaded when something is attached: the guard and the image checks
    # are not needed before the window's first paint.
    from jarvis.guard.inbound import Attachment

log = logging.getLogger(__name__)

MIN_LINES = 2
MAX_LINES = 8

MAX_FILE_BYTES = 1_000_000
"""Larger files are refused: an attachment is read into the prompt whole."""

PASTED_HTML = "pasted HTML"
"""The name of a rich-text paste, as the model and the chip show it."""

PASTED_IMAGE = "pasted image.png"
"""The name of a picture pasted from the clipboard (sent as PNG)."""

# File kinds that are text; anything else (images, archives) is refused.
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_TEXT_SUFFIXES = _HTML_SUFFIXES | frozenset({
    ".txt", ".md", ".markdown", ".rst", ".csv", ".tsv", ".json", ".log",
    ".xml", ".yaml", ".yml", ".toml", ".ini", ".py", ".js", ".ts", ".sh",
})


def media_type(path: Path) -> str:
    """The media type an attached file is sent as."""
    suffix = path.suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return "text/html"
    if suffix in (".md", ".markdown"):
        return "text/markdown"
    return "text/plain"


def read_attachment(path: Path) -> Attachment | None:
    """``path`` as an attachment, or None when it is not a small text file."""
    if path.suffix.lower() not in _TEXT_SUFFIXES or not path.is_file():
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        return None
    from jarvis.guard.inbound import Attachment

    content = path.read_bytes().decode("utf-8", errors="replace")
    return Attachment(path.name, content, media_type(path))


def _ours(source: QMimeData) -> bool:
    """Whether ``source`` was copied out of a message Jarvis shows.

    Such text is already on screen and cannot hide anything; it pastes as
    plain text, not as an attachment.
    """
    return source.hasFormat(JARVIS_MIME)


def _local_files(source: QMimeData) -> list[Path]:
    if not source.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]


def _pasted_image(source: QMimeData) -> QImage | None:
    """The clipboard's picture, when it holds one and no text to paste.

    A rich-text copy may carry a picture beside its text; the text wins.
    """
    if not source.hasImage() or (source.hasText() and source.text().strip()):
        return None
    image = source.imageData()
    if isinstance(image, QPixmap):  # some platforms hand out a pixmap
        image = image.toImage()
    return image if isinstance(image, QImage) and not image.isNull() else None


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _is_send(event: QKeyEvent) -> bool:
    ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    return ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _is_plain_paste(event: QKeyEvent) -> bool:
    wanted = (Qt.KeyboardModifier.ControlModifier
              | Qt.KeyboardModifier.ShiftModifier)
    return event.key() == Qt.Key.Key_V and event.modifiers() == wanted


def _is_stop(event: QKeyEvent) -> bool:
    return event.key() == Qt.Key.Key_Escape


class PromptEdit(QPlainTextEdit):
    """Where the user types.

    Signals:
        submitted: Ctrl+Enter was pressed.
        stopRequested: Esc was pressed.
        attachmentAdded(object): a rich paste or a text file became an
            :class:`jarvis.guard.inbound.Attachment`, or a picture an
            :class:`jarvis.images.ImageAttachment`.
        pasteRefused(str): what could not be attached, in words.
    """

    submitted = Signal()
    stopRequested = Signal()
    attachmentAdded = Signal(object)
    pasteRefused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptEdit")
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self._grow())
        self._grow()

    def prompt(self) -> str:
        return self.toPlainText()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(
                event, QKeyEvent) and (_is_send(event) or _is_stop(event)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_send(event):
            self.submitted.emit()
        elif _is_stop(event):
            self.stopRequested.emit()
        elif _is_plain_paste(event):
            self.insertPlainText(QApplication.clipboard().text())
        else:
            super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return (bool(_local_files(source)) or source.hasImage()
                or super().canInsertFromMimeData(source))

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Attach pictures, rich pastes and files; let plain text in as typed."""
        files = _local_files(source)
        picture = None if files else _pasted_image(source)
        if files:
            self._attach_files(files)
        elif picture is not None:
            self._attach_picture(picture)
        elif source.hasHtml() and source.html().strip() and not _ours(source):
            self._attach_html(source.html())
        elif source.hasText():
            self.insertPlainText(source.text())

    def _attach_html(self, html: str) -> None:
        if len(html.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
            self.pasteRefused.emit(self.tr(
                "Not attached: the pasted HTML is larger than 1 MB "
                "(Ctrl+Shift+V pastes it as plain text)"))
            return
        from jarvis.guard.inbound import Attachment

        log.debug("a rich-text paste became an attachment")
        self.attachmentAdded.emit(Attachment(PASTED_HTML, html, "text/html"))

    def _attach_picture(self, picture: QImage) -> None:
        from jarvis.images import ImageError, image_from_bytes

        try:
            image = image_from_bytes(PASTED_IMAGE, png_bytes(picture))
        except ImageError as exc:
            self.pasteRefused.emit(self.tr("Not attached: {reason}").format(
                reason=str(exc)))
            return
        log.debug("a pasted picture became an image attachment")
        self.attachmentAdded.emit(image)

    def _attach_image(self, path: Path) -> None:
        from jarvis.images import ImageError, read_image

        try:
            image = read_image(path)
        except ImageError as exc:
            self.pasteRefused.emit(self.tr("Not attached: {reason}").format(
                reason=str(exc)))
            return
        except OSError as exc:
            log.info("could not read a dropped image: %s", exc.strerror)
            self.pasteRefused.emit(self.tr("Not attached: {name} cannot be read")
                                   .format(name=path.name))
            return
        self.attachmentAdded.emit(image)

    def _attach_files(self, files: list[Path]) -> None:
        from jarvis.images import is_image_file

        for path in files:
            if is_image_file(path):
                self._attach_image(path)
                continue
            try:
                attachment = read_attachment(path)
            except OSError as exc:
                log.info("could not read a dropped file: %s", exc.strerror)
                attachment = None
            if attachment is None:
                self.pasteRefused.emit(self.tr(
                    "Not attached: {name} is not a text file of at most 1 MB"
                ).format(name=path.name))
            else:
                self.attachmentAdded.emit(attachment)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(MIN_LINES))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A style sheet or font arriving late changes the padding and the
        # line height: measure again.
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._grow()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._grow()

    def _grow(self) -> None:
        lines = int(self.document().documentLayout().documentSize().height())
        shown = min(max(lines, MIN_LINES), MAX_LINES)
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if lines > MAX_LINES
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(self._height_for(shown))

    def _height_for(self, lines: int) -> int:
        # Whatever surrounds the text: the frame and style sheet padding
        # (outside the contents rect) and the viewport margins. Not read off
        # viewport(): the first QWidget that PySide has to find the type of
        # costs ~10 ms (all QtWidgets types are set up), and this runs
        # before the window's first paint.
        margins = self.viewportMargins()
        chrome = max(self.height() - self.contentsRect().height()
                     + margins.top() + margins.bottom(), 0)
        document = round(self.document().documentMargin() * 2)
        return lines * self.fontMetrics().lineSpacing() + document + chrome
