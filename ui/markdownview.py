"""A reply's rendered Markdown, rendering each finished block once.

While a reply streams, only its last top-level block (a paragraph, a list,
a code block) can still change. :class:`MarkdownView` therefore shows the
finished blocks as chunks that are rendered once, and re-renders only the
tail on each frame; finding the blocks parses only the text after the last
finished one. The cost of a frame stays flat however long the reply grows,
and the final render, too, renders the tail alone: the chunks stay.

A text that arrives whole (a stored reply, or one that is not an append of
what is shown) and is short is shown as one document, so that a selection
can run across it. A long one is cut into chunks a step at a time, one
step per event-loop pass, so that no pass stalls the window. Images the
user loaded live in :attr:`MarkdownView.images`, shared by every chunk.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ui.rendering import block_starts, render_markdown
from ui.textview import RichTextView

log = logging.getLogger(__name__)

BLOCK_GAP = 12
"""Pixels between chunks: the paragraph margin of Qt's rich text."""
# FIXME:chunk-gap: a code block that starts a chunk keeps its header's own
# top margin on top of this gap, so a streamed reply (cut into chunks) shows
# it about 12 px lower than the same reply shown whole (from history).

STEP = 6000
"""Characters of Markdown parsed and rendered per pass, at most (a whole
block longer than this is the exception): about 20 ms of work."""


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
        self._text = ""
        self._final = False
        self.images: dict[str, QImage] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Preferred)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        # Qt drops a document's outer paragraph margins; this puts the
        # space between blocks back where a chunk ends.
        self._column.setSpacing(BLOCK_GAP)
        self._tail = self._new_view()
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self.advance)

    @property
    def chunk_count(self) -> int:
        """How many finished chunks are shown above the tail."""
        return len(self._chunks)

    @property
    def pending(self) -> bool:
        """Whether part of the text still waits for a later pass."""
        return self._next.isActive()

    def show_markdown(self, text: str, *, final: bool) -> None:
        """Show ``text``; ``final`` when no more text will come."""
        if not text.startswith(self._committed):
            self._reset()
        self._text, self._final = text, final
        self.advance()

    def redraw(self) -> None:
        """Render everything again (an image was loaded, say)."""
        self._reset()
        self.advance()

    def advance(self) -> None:
        """Render what is pending, one step's worth; schedule the rest."""
        self._next.stop()
        text, begin = self._text, len(self._committed)
        if self._final and not self._committed and len(text) <= STEP:
            self._tail.show_html(self._render(text))
            return
        end = self._step_end(text, begin)
        if end > begin:
            self._commit(text[begin:end])
            self._committed = text[:end]
        if len(text) - end > STEP:
            # More than a step is left: the tail shows it once it is cut.
            self._tail.show_html("")
            self._next.start()
            return
        self._tail.show_html(self._render(text[end:]))

    def _step_end(self, text: str, begin: int) -> int:
        """Where the finished blocks within the next step end.

        Blocks before the last start found in a prefix of ``text`` are
        finished, so a step parses a window of the text, not all of it; a
        block longer than the window widens it.
        """
        width = STEP
        while True:
            window_end = min(len(text), begin + width)
            starts = block_starts(text[:window_end], begin)
            last = starts[-1] if starts else begin
            if last > begin or window_end == len(text):
                return last
            width *= 2

    def toPlainText(self) -> str:
        """The text as displayed (chunks and tail)."""
        texts = (view.toPlainText().strip() for view in self.views())
        return "\n".join(text for text in texts if text)

    def views(self) -> list[RichTextView]:
        return [*self._chunks, self._tail]

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
        self._next.stop()
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
