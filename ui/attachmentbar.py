"""The chips above the input box: content that goes with the next prompt.

A rich paste or a dropped text file is not typed text: it is sent as an
attachment, which the service fences as data and scans (an HTML paste is
reduced to its visible text, and the message then says what was stripped).
A pasted or dropped image goes as a picture, to models that read images.
:class:`AttachmentBar` shows one chip per attachment ("Pasted HTML · 2.3 kB
×"; an image with its thumbnail), and under them why the images would be
refused, when the service says so before sending. It decides nothing about
the content.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.theme import content_sheet

if TYPE_CHECKING:
    from jarvis.guard.inbound import Attachment
    from jarvis.images import ImageAttachment

    AnyAttachment = Attachment | ImageAttachment

log = logging.getLogger(__name__)

THUMBNAIL_PX = 28
"""Height of the picture in an image chip."""


def format_size(content: str) -> str:
    """The size of ``content`` in UTF-8 as people read it (1 kB = 1000 B)."""
    from jarvis.images import format_size as format_bytes

    return format_bytes(len(content.encode("utf-8", errors="replace")))


def is_image(attachment: AnyAttachment) -> TypeGuard[ImageAttachment]:
    """Whether ``attachment`` is a picture (else a text attachment)."""
    # Imported here: attachments come after the window's first paint.
    from jarvis.images import ImageAttachment

    return isinstance(attachment, ImageAttachment)


def thumbnail(image: ImageAttachment, height: int = THUMBNAIL_PX) -> QPixmap:
    """``image`` scaled to ``height`` pixels (empty if Qt cannot decode it)."""
    # FIXME:thumbnail-decode: the whole image is decoded on the GUI thread;
    # a 20 MB photo takes a noticeable moment.
    pixmap = QPixmap()
    if not pixmap.loadFromData(image.data):
        log.debug("Qt could not decode an attached %s image", image.kind)
        return QPixmap()
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


class ImageThumb(QFrame):
    """An image's thumbnail, name and size, as a chip (also in sent turns)."""

    def __init__(self, image: ImageAttachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageThumb")
        self.picture = QLabel(self)
        self.picture.setObjectName("thumbnail")
        self.picture.setPixmap(thumbnail(image))
        self.label = QLabel(chip_label(image), self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(self.tr("Image: {label}").format(label=image.label))
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 8, 2)
        row.setSpacing(6)
        row.addWidget(self.picture)
        row.addWidget(self.label)


class AttachmentChip(QFrame):
    """One attachment: its name, its size and a remove button.

    Signals:
        removeRequested: the × was clicked (or pressed with the keyboard).
    """

    removeRequested = Signal()

    def __init__(self, attachment: AnyAttachment,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment = attachment
        self.setObjectName("attachmentChip")
        label = chip_label(attachment)
        self.picture: QLabel | None = None
        if is_image(attachment):
            self.picture = QLabel(self)
            self.picture.setObjectName("thumbnail")
            self.picture.setPixmap(thumbnail(attachment))
            self.setAccessibleName(self.tr("Image: {label}").format(label=label))
            self._tip = self.tr("Sent with your next message as a picture, to "
                                "models that read images")
        else:
            self.setAccessibleName(self.tr("Attachment: {label}").format(label=label))
            self._tip = self.tr("Sent with your next message as data, "
                                "not as instructions")
        self.setToolTip(self._tip)
        self.label = QLabel(label, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("chipRemove")
        self.remove_button.setText("×")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.remove_button.setAccessibleName(
            self.tr("Remove {name}").format(name=attachment.name))
        self.remove_button.setToolTip(self.tr("Remove this attachment"))
        self.remove_button.clicked.connect(self.removeRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(4 if self.picture else 10, 2, 4, 2)
        row.setSpacing(4)
        if self.picture is not None:
            row.addWidget(self.picture)
        row.addWidget(self.label)
        row.addWidget(self.remove_button)

    @property
    def refused(self) -> bool:
        return bool(self.property("refused"))

    def set_refusal(self, reason: str) -> None:
        """Mark the chip as refused by the chosen model (``reason``), or not."""
        if self.refused == bool(reason):
            return
        self.setProperty("refused", bool(reason))
        self.setToolTip(reason or self._tip)
        self.setAccessibleDescription(reason)
        # Re-read the style sheet: the border depends on the property.
        self.style().unpolish(self)
        self.style().polish(self)


def chip_label(attachment: AnyAttachment) -> str:
    """"Pasted HTML · 2.3 kB": the name, capitalised, and the size."""
    from jarvis.images import ImageAttachment
    from jarvis.images import format_size as format_bytes

    name = attachment.name[:1].upper() + attachment.name[1:]
    if isinstance(attachment, ImageAttachment):
        return f"{name} · {format_bytes(attachment.size)}"
    return f"{name} · {format_size(attachment.content)}"


class AttachmentBar(QWidget):
    """The row of chips; hidden while there is nothing attached.

    Signals:
        changed: an attachment was added or removed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentBar")
        # The chips' look, for this bar only (ui/theme.py).
        self.setStyleSheet(content_sheet(self.palette()))
        self.setAccessibleName(self.tr("Attachments"))
        self._chips: list[AttachmentChip] = []
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self.refusal_label = QLabel(self)
        self.refusal_label.setObjectName("imageRefusal")
        self.refusal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        self.refusal_label.setAccessibleName(self.tr("Why the images cannot go"))
        self.refusal_label.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(self._row)
        column.addWidget(self.refusal_label)
        self.hide()

    def attachments(self) -> tuple[AnyAttachment, ...]:
        return tuple(chip.attachment for chip in self._chips)

    def images(self) -> tuple[ImageAttachment, ...]:
        return tuple(a for a in self.attachments() if is_image(a))

    def chips(self) -> list[AttachmentChip]:
        return list(self._chips)

    @property
    def refusal(self) -> str:
        """Why no provider would take the attached images ("" if one would)."""
        refused = self.refusal_label.property("refused")
        return self.refusal_label.text() if refused and self.images() else ""

    def set_refusal(self, message: str, refused: bool = True) -> None:
        """Say what happens to the images: ``refused`` when no provider
        would take them (the chips turn red), else a note such as "goes to
        another provider"; "" clears it."""
        message = message if self.images() else ""
        refused = refused and bool(message)
        self.refusal_label.setText(message)
        self.refusal_label.setProperty("refused", refused)
        self.refusal_label.setVisible(bool(message))
        self.refusal_label.style().unpolish(self.refusal_label)
        self.refusal_label.style().polish(self.refusal_label)
        for chip in self._chips:
            if is_image(chip.attachment):
                chip.set_refusal(message if refused else "")

    def add(self, attachment: AnyAttachment) -> None:
        """Show a chip for ``attachment``; it goes with the next prompt."""
        chip = AttachmentChip(attachment, self)
        chip.removeRequested.connect(lambda: self._remove(chip))
        self._chips.append(chip)
        self._row.insertWidget(self._row.count() - 1, chip)
        self.show()
        self.changed.emit()

    def set_attachments(self, attachments: Iterable[AnyAttachment]) -> None:
        """Replace every chip (used when a held-back prompt comes back)."""
        self.clear()
        for attachment in attachments:
            self.add(attachment)

    def clear(self) -> None:
        for chip in self._chips:
            self._row.removeWidget(chip)
            chip.deleteLater()
        self._chips.clear()
        self.set_refusal("")
        self.hide()
        self.changed.emit()

    def _remove(self, chip: AttachmentChip) -> None:
        if chip not in self._chips:
            return
        self._chips.remove(chip)
        self._row.removeWidget(chip)
        chip.deleteLater()
        if not self.images():
            self.set_refusal("")
        self.setVisible(bool(self._chips))
        self.changed.emit()
