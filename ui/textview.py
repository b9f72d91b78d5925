"""Read-only rich text that is as tall as its content and loads nothing.

:class:`RichTextView` shows one message. It has no scroll bars of its own:
its height follows the text at the current width, so a list of messages
scrolls as one page. It refuses every resource a document asks for, so
no image or style sheet is ever fetched while rendering a reply (CASES
C12); :mod:`ui.rendering` does not emit images in the first place, and
this is the second line. The one exception is an image already in memory
that the user chose to load (:attr:`RichTextView.images`): it is drawn
from there, and nothing is fetched here either way.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument, QWheelEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

from ui.rendering import IMAGE_SCHEME

JARVIS_MIME = "application/x-jarvis-message"
"""Marks text copied or dragged out of a message shown by Jarvis."""

log = logging.getLogger(__name__)


class RichTextView(QTextBrowser):
    """A message body: selectable, links clickable, never scrolls itself.

    Links are not followed here; connect to ``anchorClicked``. With
    ``shrink`` the view asks for no more width than its text needs (the
    prompt bubble); otherwise it takes the width it is given.
    """

    def __init__(self, parent: QWidget | None = None, *,
                 shrink: bool = False) -> None:
        super().__init__(parent)
        self.refused: list[QUrl] = []
        self.images: dict[str, QImage] = {}
        self._shrink = shrink
        # Measured when a layout first asks for it (after the style
        # sheet's font arrived), then kept until the text or font changes.
        self._natural_width: int | None = None
        # Until a layout gives the view its width, it has Qt's default
        # one: laying the text out at that width would be thrown away.
        self._sized = False
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # The card or bubble shows through: the chat view's style sheet
        # makes every RichTextView's background transparent (ui/theme.py). A
        # sheet of its own per view made Qt build and polish a style for
        # each one (about a tenth of building a turn).
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(0)
        self.setFixedHeight(self._content_height())

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Refuse every resource: a message never loads anything.

        Only images the user loaded, held in :attr:`images` by key, are
        drawn.
        """
        url = name if isinstance(name, QUrl) else QUrl(name)
        if url.scheme() == IMAGE_SCHEME and url.path() in self.images:
            return self.images[url.path()]
        self.refused.append(url)
        log.debug("refused to load a %s resource from %s", kind, url.host() or "-")
        return None

    def createMimeDataFromSelection(self) -> QMimeData:
        # What was copied from a message is on screen already: the input
        # box pastes it as text, not as an untrusted attachment.
        data = super().createMimeDataFromSelection()
        data.setData(JARVIS_MIME, b"1")
        return data

    def show_html(self, html: str) -> None:
        """Replace the content and fit the height to it."""
        self.setHtml(html)
        self._natural_width = None
        self._fit()
        self.updateGeometry()

    def natural_width(self) -> int:
        """The width the content needs without wrapping (capped by layout)."""
        probe: QTextDocument = self.document().clone()
        probe.setTextWidth(-1)
        return math.ceil(probe.idealWidth()) + 2 * self.frameWidth() + 2

    def sizeHint(self) -> QSize:
        # Only a shrinking view (the prompt bubble) asks for its natural
        # width; measuring it lays the document out again, so it is cached.
        width = 48
        if self._shrink:
            if self._natural_width is None:
                self._natural_width = self.natural_width()
            width = self._natural_width
        return QSize(width, self._content_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(48, self._content_height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The style sheet's font arrives after the content: measure again.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._natural_width = None
            self._fit()
            self.updateGeometry()

    def resizeEvent(self, event: object) -> None:
        self._sized = True
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        # The page scrolls, not the message: let the scroll area have it.
        event.ignore()

    def _fit(self) -> None:
        if not self._sized:
            return  # the first resize fits it, at the width it shows at
        self.document().setTextWidth(self.viewport().width())
        height = self._content_height()
        if height != self.height():
            self.setFixedHeight(height)
            self.updateGeometry()

    def _content_height(self) -> int:
        size = self.document().size()
        return math.ceil(size.height()) + 2 * self.frameWidth()
