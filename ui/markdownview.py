"""A reply's rendered Markdown, re-rendering only its unfinished tail.

While a reply streams, only its last top-level block (a paragraph, a list,
a code block) can still change. :class:`MarkdownView` therefore shows the
finished blocks as chunks that are rendered once, and re-renders only the
tail on each frame: the cost of a frame stays flat however long the reply
grows. When the reply is final it becomes one document again, so that a
selection can run across the whole reply. Images the user loaded live in
:attr:`MarkdownView.images`, shared by every chunk.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ui.rendering import block_starts, render_markdown
from ui.textview import RichTextView

log = logging.getLogger(__name__)

BLOCK_GAP = 12
"""Pixels between chunks: the paragraph margin of Qt's rich text."""


class MarkdownView(QWidget):
    """Shows Markdown that may still be growing.

    Signals:
        anchorClicked(QUrl): a link was clicked.
        highlighted(QUrl): the pointer moved onto (or off) a link.
    """

    anchorClicked = Signal(QUrl)
    highlighted = Signal(QUrl)

    def __init__(self, *, dark: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dark = dark
        self._chunks: list[RichTextView] = []
        self._committed = ""
        self.images: dict[str, QImage] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Preferred)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        # Qt drops a document's outer paragraph margins; this puts the
        # space between blocks back where a chunk ends.
        self._column.setSpacing(BLOCK_GAP)
        self._tail = self._new_view()

    @property
    def chunk_count(self) -> int:
        """How many finished chunks are shown above the tail."""
        return len(self._chunks)

    def show_markdown(self, text: str, *, final: bool) -> None:
        """Show ``text``; ``final`` when no more text will come."""
        if final:
            self._reset()
            self._tail.show_html(self._render(text))
            return
        starts = block_starts(text)
        if not self._still_valid(text, starts):
            self._reset()
        stable_end = starts[-1] if starts else 0
        if stable_end > len(self._committed):
            self._commit(text[len(self._committed):stable_end])
            self._committed = text[:stable_end]
        tail = text[len(self._committed):]
        self._tail.show_html(self._render(tail))

    def toPlainText(self) -> str:
        """The text as displayed (chunks and tail)."""
        texts = (view.toPlainText().strip() for view in self.views())
        return "\n".join(text for text in texts if text)

    def views(self) -> list[RichTextView]:
        return [*self._chunks, self._tail]

    def _still_valid(self, text: str, starts: list[int]) -> bool:
        # Committed chunks stay right only while the text still starts with
        # them and their end is still where a block starts.
        if not self._committed:
            return True
        return text.startswith(self._committed) and len(self._committed) in starts

    def _commit(self, source: str) -> None:
        view = self._new_view()
        view.show_html(self._render(source))
        self._column.removeWidget(self._tail)
        self._column.addWidget(view)
        self._column.addWidget(self._tail)
        self._chunks.append(view)

    def _render(self, text: str) -> str:
        return render_markdown(text, dark=self._dark,
                               loaded=frozenset(self.images))

    def _reset(self) -> None:
        for view in self._chunks:
            self._column.removeWidget(view)
            view.deleteLater()
        self._chunks.clear()
        self._committed = ""

    def _new_view(self) -> RichTextView:
        view = RichTextView(self)
        view.images = self.images  # the same dict: one store per reply
        view.anchorClicked.connect(self.anchorClicked)
        view.highlighted.connect(self.highlighted)
        self._column.addWidget(view)
        return view
