"""The chips above the input box: content that goes with the next prompt.

A rich paste or a dropped text file is not typed text: it is sent as an
attachment, which the service fences as data and scans (an HTML paste is
reduced to its visible text, and the message then says what was stripped).
:class:`AttachmentBar` shows one chip per attachment ("Pasted HTML · 2.3 kB
×"); it decides nothing about the content.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from jarvis.guard.inbound import Attachment

log = logging.getLogger(__name__)


def format_size(content: str) -> str:
    """The size of ``content`` in UTF-8 as people read it (1 kB = 1000 B)."""
    size = len(content.encode("utf-8", errors="replace"))
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


class AttachmentChip(QFrame):
    """One attachment: its name, its size and a remove button.

    Signals:
        removeRequested: the × was clicked (or pressed with the keyboard).
    """

    removeRequested = Signal()

    def __init__(self, attachment: Attachment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment = attachment
        self.setObjectName("attachmentChip")
        label = chip_label(attachment)
        self.label = QLabel(label, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(self.tr("Attachment: {label}").format(label=label))
        self.setToolTip(self.tr("Sent with your next message as data, "
                                "not as instructions"))
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("chipRemove")
        self.remove_button.setText("×")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.remove_button.setAccessibleName(
            self.tr("Remove {name}").format(name=attachment.name))
        self.remove_button.setToolTip(self.tr("Remove this attachment"))
        self.remove_button.clicked.connect(self.removeRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 2, 4, 2)
        row.setSpacing(4)
        row.addWidget(self.label)
        row.addWidget(self.remove_button)


def chip_label(attachment: Attachment) -> str:
    """"Pasted HTML · 2.3 kB": the name, capitalised, and the size."""
    name = attachment.name[:1].upper() + attachment.name[1:]
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
        self.setAccessibleName(self.tr("Attachments"))
        self._chips: list[AttachmentChip] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self.hide()

    def attachments(self) -> tuple[Attachment, ...]:
        return tuple(chip.attachment for chip in self._chips)

    def chips(self) -> list[AttachmentChip]:
        return list(self._chips)

    def add(self, attachment: Attachment) -> None:
        """Show a chip for ``attachment``; it goes with the next prompt."""
        chip = AttachmentChip(attachment, self)
        chip.removeRequested.connect(lambda: self._remove(chip))
        self._chips.append(chip)
        self._row.insertWidget(self._row.count() - 1, chip)
        self.show()
        self.changed.emit()

    def set_attachments(self, attachments: Iterable[Attachment]) -> None:
        """Replace every chip (used when a held-back prompt comes back)."""
        self.clear()
        for attachment in attachments:
            self.add(attachment)

    def clear(self) -> None:
        for chip in self._chips:
            self._row.removeWidget(chip)
            chip.deleteLater()
        self._chips.clear()
        self.hide()
        self.changed.emit()

    def _remove(self, chip: AttachmentChip) -> None:
        if chip not in self._chips:
            return
        self._chips.remove(chip)
        self._row.removeWidget(chip)
        chip.deleteLater()
        self.setVisible(bool(self._chips))
        self.changed.emit()
