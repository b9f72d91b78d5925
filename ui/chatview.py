"""The conversation: a scrolling column of turns, repainted in frames.

Text arrives token by token; repainting on every token would re-layout the
reply hundreds of times a second. :class:`ChatView` only marks a turn dirty
when it changes and repaints dirty turns on a frame timer (about 30 per
second), and each repaint touches only that turn's widget, never the whole
conversation. While the view is scrolled to the bottom it follows the reply
as it grows; once the user scrolls up it stays where they put it. A click
on an image placeholder goes to :class:`ui.remoteimages.RemoteImages`,
and a loaded image is drawn into its turn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QImage, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from ui.remoteimages import RemoteImages
from ui.turns import Turn
from ui.turnwidget import TurnWidget

log = logging.getLogger(__name__)

FRAME_MS = 33
"""Milliseconds between repaints of a streaming reply (about 30 fps)."""

# Pixels from the bottom that still count as "at the bottom".
_FOLLOW_SLACK = 24


class ChatView(QScrollArea):
    """Shows the turns of one conversation.

    Args:
        lookup: returns the current view state of a turn by id.
        dark: the palette is dark (code blocks use a dark style).

    Signals:
        retryRequested(int): Retry was clicked on a turn.
        sendAnywayRequested(int): "Send anyway" on a held-back prompt.
        editRequested(int): "Edit" on a held-back prompt.
        linkActivated(QUrl, str): a link in a reply was clicked (and the
            other host its text shows, or "").
        linkHovered(str): the URL under the pointer, or "" when it left.
        statusMessage(str): a turn has something to say (e.g. "Code copied").
    """

    retryRequested = Signal(int)
    sendAnywayRequested = Signal(int)
    editRequested = Signal(int)
    linkActivated = Signal(QUrl, str)
    linkHovered = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, lookup: Callable[[int], Turn], *, dark: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._dark = dark
        self._widgets: dict[int, TurnWidget] = {}
        self._dirty: set[int] = set()
        self._follow = True
        self.images = RemoteImages(self)
        self.images.loaded.connect(self._image_loaded)
        self.images.failed.connect(self.statusMessage)

        self.setObjectName("chatView")
        self.setAccessibleName(self.tr("Conversation"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._page = QWidget()
        self._page.setObjectName("chatPage")
        self._column = QVBoxLayout(self._page)
        self._column.setContentsMargins(24, 20, 24, 20)
        self._column.setSpacing(22)
        self._column.addStretch(1)
        self.setWidget(self._page)

        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._paint_frame)
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._value_changed)

    def widget_for(self, turn_id: int) -> TurnWidget:
        return self._widgets[turn_id]

    def add_turn(self, turn_id: int) -> None:
        """Show a new turn at the bottom and follow it."""
        widget = TurnWidget(self._lookup(turn_id), dark=self._dark,
                            parent=self._page)
        widget.retryRequested.connect(self.retryRequested)
        widget.sendAnywayRequested.connect(self.sendAnywayRequested)
        widget.editRequested.connect(self.editRequested)
        widget.linkActivated.connect(self.linkActivated)
        widget.imageRequested.connect(self._image_requested)
        widget.linkHovered.connect(self.linkHovered)
        widget.statusMessage.connect(self.statusMessage)
        widget.fit_bubble(self._room())
        self._widgets[turn_id] = widget
        self._column.insertWidget(self._column.count() - 1, widget)
        self._follow = True

    def mark_dirty(self, turn_id: int) -> None:
        """Repaint this turn on the next frame."""
        if turn_id not in self._widgets:
            return
        self._dirty.add(turn_id)
        if not self._frame.isActive():
            self._frame.start()

    def remove_turn(self, turn_id: int) -> None:
        """Take one turn off the page."""
        self._dirty.discard(turn_id)
        widget = self._widgets.pop(turn_id, None)
        if widget is not None:
            self._column.removeWidget(widget)
            widget.deleteLater()

    def clear(self) -> None:
        """Remove every turn."""
        self._dirty.clear()
        for widget in self._widgets.values():
            self._column.removeWidget(widget)
            widget.deleteLater()
        self._widgets.clear()

    def paint_now(self) -> None:
        """Repaint dirty turns at once (used before the window closes)."""
        self._paint_frame()

    def _paint_frame(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for turn_id in dirty:
            widget = self._widgets.get(turn_id)
            if widget is not None:
                widget.refresh(self._lookup(turn_id))
        if not self._dirty:
            self._frame.stop()

    @Slot(int, str, str)
    def _image_requested(self, turn_id: int, key: str, src: str) -> None:
        if self.images.request(turn_id, key, src, self):
            self.statusMessage.emit(self.tr("Loading the image…"))

    @Slot(int, str, object)
    def _image_loaded(self, turn_id: int, key: str, image: object) -> None:
        widget = self._widgets.get(turn_id)
        if widget is not None and isinstance(image, QImage):
            widget.show_image(key, image)
            self.statusMessage.emit("")

    def _range_changed(self, _low: int, high: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(high)

    def _value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - _FOLLOW_SLACK

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for widget in self._widgets.values():
            widget.fit_bubble(self._room())

    def _room(self) -> int:
        margins = self._column.contentsMargins()
        return self.viewport().width() - margins.left() - margins.right()
