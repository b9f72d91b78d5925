"""The input box: multi-line text, Ctrl+Enter sends, Esc stops.

The box grows with its text up to a few lines, then scrolls. The two keys
are claimed before the window's shortcuts see them, so they act the same
whatever shortcuts the window defines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

MIN_LINES = 2
MAX_LINES = 8


def _is_send(event: QKeyEvent) -> bool:
    ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    return ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _is_stop(event: QKeyEvent) -> bool:
    return event.key() == Qt.Key.Key_Escape


class PromptEdit(QPlainTextEdit):
    """Where the user types.

    Signals:
        submitted: Ctrl+Enter was pressed.
        stopRequested: Esc was pressed.
    """

    submitted = Signal()
    stopRequested = Signal()

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
        else:
            super().keyPressEvent(event)

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
        # Whatever surrounds the text (frame, style sheet padding, viewport
        # margins) is the widget's height minus its viewport's.
        chrome = max(self.height() - self.viewport().height(), 0)
        document = round(self.document().documentMargin() * 2)
        return lines * self.fontMetrics().lineSpacing() + document + chrome
