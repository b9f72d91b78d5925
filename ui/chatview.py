"""The conversation: a scrolling column of turns, repainted in frames.

Text arrives token by token; repainting on every token would re-layout the
reply hundreds of times a second. :class:`ChatView` only marks a turn dirty
when it changes and repaints dirty turns on a frame timer (about 30 per
second), and each repaint touches only that turn's widget, never the whole
conversation. While the view is scrolled to the bottom it follows the reply
as it grows; once the user scrolls up it stays where they put it. A click
on an image placeholder goes to :class:`ui.remoteimages.RemoteImages`,
and a loaded image is drawn into its turn.

A stored conversation can hold thousands of turns; a widget per turn would
take seconds to build (a reply with a highlighted code block costs about
25 ms). The view keeps every turn id but builds widgets only for a window
of them: :data:`PAGE` turns at the end, or around a search match, at
once; then, one turn per two event-loop passes (one builds it hidden,
the next puts it on the page), more until two screens' worth lie beyond
each edge of the view, and more again as the user scrolls. Turns that end up
more than four screens away are dropped again, so that however far the
user scrolls, the page holds a few dozen widgets and its layout stays
quick. Turns added or dropped above keep the turn on screen in place.

Small actions sit next to what they act on: under the prompt bubble, copy
it and (last turn only) edit-and-resend; in the reply's footer, beside
Copy and Retry, regenerate (last turn only).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QImage, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.remoteimages import RemoteImages
from ui.theme import content_sheet
from ui.turns import Turn, TurnStatus
from ui.turnwidget import TurnWidget

log = logging.getLogger(__name__)

FRAME_MS = 33
"""Milliseconds between repaints of a streaming reply (about 30 fps)."""

PAGE = 5
"""Turns built at once when a conversation opens (about two screens)."""

CHUNK = 3
"""Turns dropped per event-loop pass at either end, at most."""

# Pixels from the bottom that still count as "at the bottom".
_FOLLOW_SLACK = 24
# Screens of built turns wanted beyond either edge of the view.
_MARGIN_SCREENS = 2
# Screens beyond an edge after which built turns are dropped again.
_KEEP_SCREENS = 4
# Milliseconds between chunks: room for layout, painting and input.
_CHUNK_MS = 15
# Pixels above a search match left in view when the view jumps to it.
_FOCUS_GAP = 12
# Milliseconds a held turn stays in place after the last layout change;
# after that the user's scrolling decides again.
_SETTLE_MS = 300


class TurnActions(QWidget):
    """The actions of one turn: copy the prompt, edit, regenerate.

    The widget itself is the row under the prompt bubble (copy, edit);
    :attr:`regenerate_button` goes in the reply's footer of the turn given
    to :meth:`place`. Edit and regenerate are built when first shown (the
    last turn only), so the many turns of a stored conversation go without.

    Signals:
        editRequested(int): put the prompt back in the input box.
        regenerateRequested(int): ask for a new reply to the same prompt.
        statusMessage(str): something to say in the status bar.
    """

    editRequested = Signal(int)
    regenerateRequested = Signal(int)
    statusMessage = Signal(str)

    def __init__(self, turn_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.turn_id = turn_id
        self._prompt = ""
        self._turn: TurnWidget | None = None
        self._edit: QPushButton | None = None
        self._regenerate: QPushButton | None = None
        self.copy_prompt_button = self._button(
            self.tr("Copy"), self.tr("Copy your message"),
            self.tr("Copy this message to the clipboard"), self._copy)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 4, 0)
        self._row.setSpacing(10)
        self._row.addStretch(1)
        self._row.addWidget(self.copy_prompt_button)

    @property
    def edit_button(self) -> QPushButton:
        if self._edit is None:
            self._edit = self._button(
                self.tr("Edit"), self.tr("Edit and resend"),
                self.tr("Put this message back in the input box; sending it "
                        "replaces this exchange (Ctrl+E)"),
                lambda: self.editRequested.emit(self.turn_id))
            self._edit.hide()
            self._row.addWidget(self._edit)
            # Tab order as if built with the row: copy, edit, regenerate.
            QWidget.setTabOrder(self.copy_prompt_button, self._edit)
        return self._edit

    @property
    def regenerate_button(self) -> QPushButton:
        if self._regenerate is None:
            self._regenerate = self._button(
                self.tr("Regenerate"), self.tr("Regenerate the reply"),
                self.tr("Ask again for a new reply to this message (Ctrl+R)"),
                lambda: self.regenerateRequested.emit(self.turn_id))
            self._regenerate.hide()
            if self._turn is not None:
                self._turn.add_footer_action(self._regenerate)
            QWidget.setTabOrder(self._edit or self.copy_prompt_button,
                                self._regenerate)
        return self._regenerate

    def place(self, widget: TurnWidget) -> None:
        """Put the row under ``widget``'s bubble; regenerate goes after
        Retry in its footer."""
        column = widget.layout()
        if isinstance(column, QVBoxLayout):
            column.insertWidget(1, self)
        self._turn = widget

    def _button(self, text: str, name: str, tip: str,
                slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName("flatButton")
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def refresh(self, turn: Turn, *, last: bool) -> None:
        """Show what applies to ``turn``; edit and regenerate on the last."""
        self._prompt = turn.prompt
        settled = not turn.status.active and not turn.awaits_consent
        self.copy_prompt_button.setVisible(bool(turn.prompt))
        edit = last and settled and bool(turn.prompt)
        if edit or self._edit is not None:
            self.edit_button.setVisible(edit)
        # An unfinished reply has Retry on its card already.
        regenerate = last and settled and turn.status is TurnStatus.DONE
        if regenerate or self._regenerate is not None:
            self.regenerate_button.setVisible(regenerate)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self._prompt)
        self.statusMessage.emit(self.tr("Message copied"))


class ChatView(QScrollArea):
    """Shows the turns of one conversation.

    Args:
        lookup: returns the current view state of a turn by id.
        dark: the palette is dark (code blocks use a dark style).

    Signals:
        retryRequested(int): Retry was clicked on a turn.
        sendAnywayRequested(int): "Send anyway" on a held-back prompt.
        editRequested(int): "Edit" on a held-back prompt.
        editLastRequested(int): "Edit" under the last turn (edit and resend).
        regenerateRequested(int): "Regenerate" under the last turn.
        linkActivated(QUrl, str): a link in a reply was clicked (and the
            other host its text shows, or "").
        linkHovered(str): the URL under the pointer, or "" when it left.
        statusMessage(str): a turn has something to say (e.g. "Code copied").
    """

    retryRequested = Signal(int)
    sendAnywayRequested = Signal(int)
    editRequested = Signal(int)
    editLastRequested = Signal(int)
    regenerateRequested = Signal(int)
    linkActivated = Signal(QUrl, str)
    linkHovered = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, lookup: Callable[[int], Turn], *, dark: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._dark = dark
        self._widgets: dict[int, TurnWidget] = {}
        self._actions: dict[int, TurnActions] = {}
        self._rows: dict[int, QWidget] = {}
        self._staged: dict[int, QWidget] = {}
        self._ids: list[int] = []
        self._lo = 0
        self._hi = 0
        self._anchor: tuple[QWidget, int] | None = None
        self._dirty: set[int] = set()
        self._follow = True
        self.images = RemoteImages(self)
        self.images.loaded.connect(self._image_loaded)
        self.images.failed.connect(self.statusMessage)

        self.setObjectName("chatView")
        # The turns' look, for this view's subtree only (ui/theme.py).
        self.setStyleSheet(content_sheet(self.palette()))
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
        self._loader = QTimer(self)
        self._loader.setSingleShot(True)
        self._loader.setInterval(_CHUNK_MS)
        self._loader.timeout.connect(self._load_near_edges)
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(_SETTLE_MS)
        self._release.timeout.connect(self._drop_anchor)
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._value_changed)

    def widget_for(self, turn_id: int) -> TurnWidget:
        return self._widgets[turn_id]

    def actions_for(self, turn_id: int) -> TurnActions:
        return self._actions[turn_id]

    def built(self) -> list[int]:
        """The ids of the turns that have widgets, top to bottom."""
        return self._ids[self._lo:self._hi]

    def filling(self) -> bool:
        """Whether turns are still being built near the view's edges."""
        return self._loader.isActive() or self._anchor is not None

    def turn_ids(self) -> list[int]:
        """Every turn of the conversation, built or not."""
        return list(self._ids)

    # Filling ------------------------------------------------------------------

    def add_turn(self, turn_id: int) -> None:
        """Show a new turn at the bottom and follow it."""
        if self._hi < len(self._ids):
            # The user was reading far back; a new turn brings the end.
            self._rebuild(len(self._ids))
        self._ids.append(turn_id)
        self._build_at(self._hi, turn_id)
        self._hi += 1
        self._anchor = None
        self._follow = True
        self._update_last_actions()

    def show_turns(self, turn_ids: list[int], focus: int = 0) -> None:
        """Show a whole conversation, at its end or at turn ``focus``.

        Only :data:`PAGE` turns get widgets now; the rest are built a few
        at a time as they come near the view.
        """
        self.clear()
        self._ids = list(turn_ids)
        end = len(self._ids)
        if focus in self._ids:
            end = min(end, self._ids.index(focus) + PAGE // 2)
        self._rebuild(end)
        if focus in self._rows:
            self._hold(self._rows[focus], _FOCUS_GAP)
            self._release.start()
        else:
            self._follow = True
        self._loader.start()

    def _rebuild(self, end: int) -> None:
        self._drop_rows()
        end = max(0, min(end, len(self._ids)))
        self._lo = self._hi = max(0, end - PAGE)
        for turn_id in self._ids[self._lo:end]:
            self._build_at(self._hi, turn_id)
            self._hi += 1
        self._update_last_actions()

    def _build_at(self, index: int, turn_id: int) -> None:
        """Build the row of ``turn_id`` at ``index`` among the built rows."""
        self._column.insertWidget(index - self._lo, self._build_row(turn_id))

    def _build_row(self, turn_id: int) -> QWidget:
        turn = self._lookup(turn_id)
        row = QWidget(self._page)
        row.setObjectName("turnRow")
        widget = TurnWidget(turn, dark=self._dark, parent=row)
        widget.retryRequested.connect(self.retryRequested)
        widget.sendAnywayRequested.connect(self.sendAnywayRequested)
        widget.editRequested.connect(self.editRequested)
        widget.linkActivated.connect(self.linkActivated)
        widget.imageRequested.connect(self._image_requested)
        widget.linkHovered.connect(self.linkHovered)
        widget.statusMessage.connect(self.statusMessage)
        widget.fit_bubble(self._room())
        actions = TurnActions(turn_id, row)
        actions.editRequested.connect(self.editLastRequested)
        actions.regenerateRequested.connect(self.regenerateRequested)
        actions.statusMessage.connect(self.statusMessage)
        actions.place(widget)
        actions.refresh(turn, last=False)
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        self._widgets[turn_id] = widget
        self._actions[turn_id] = actions
        self._rows[turn_id] = row
        return row

    def _load_older(self) -> None:
        if self._lo == 0:
            return
        if self._anchor is None:
            # The turn on screen stays where it is while rows appear above.
            first = self._rows[self._ids[self._lo]]
            self._hold(first, first.y() - self.verticalScrollBar().value())
        row = self._staged_row(self._ids[self._lo - 1])
        if row is not None:
            self._lo -= 1
            self._column.insertWidget(0, row)
            row.show()
        self._release.start()

    def _hold(self, row: QWidget, gap: int) -> None:
        """Keep ``row`` at ``gap`` pixels below the top while layout settles."""
        # The hold ends _SETTLE_MS after the last layout change it saw,
        # counted from when the rows are built (building takes a while).
        self._follow = False
        self._anchor = (row, gap)
        self._release.stop()

    def _load_newer(self) -> None:
        row = self._staged_row(self._ids[self._hi])
        if row is not None:
            self._column.insertWidget(self._hi - self._lo, row)
            row.show()
            self._hi += 1
            self._update_last_actions()

    def _staged_row(self, turn_id: int) -> QWidget | None:
        """The row of ``turn_id`` if it was built on an earlier pass; else
        build it now, hidden and out of the page's layout, and return None.

        Building a turn and laying out, polishing and painting it take
        about as long each (20-40 ms under the style sheet): in two
        passes, neither stalls the window for both.
        """
        row = self._staged.pop(turn_id, None)
        if row is not None:
            return row
        # Only the turns just beyond either end are worth keeping staged.
        wanted = {self._ids[i] for i in (self._lo - 1, self._hi)
                  if 0 <= i < len(self._ids)}
        for stale in [t for t in self._staged if t not in wanted]:
            self._drop_row(stale)
        row = self._build_row(turn_id)
        row.hide()
        self._staged[turn_id] = row
        return None

    def _far_rows(self) -> tuple[int, int]:
        """How many built rows lie wholly beyond the kept screens, above
        and below the view."""
        built = self.built()
        if not built:
            return 0, 0
        bar = self.verticalScrollBar()
        keep = _KEEP_SCREENS * max(self.viewport().height(), 1)
        top, bottom = bar.value() - keep, bar.value() + self.viewport().height() + keep
        above = 0
        for turn_id in built:
            row = self._rows[turn_id]
            # A row not laid out yet has no place: nothing beyond it is far.
            if not row.height() or row.y() + row.height() >= top \
                    or above + 1 >= len(built):
                break
            above += 1
        below = 0
        for turn_id in reversed(built[above:]):
            row = self._rows[turn_id]
            if not row.height() or row.y() <= bottom \
                    or above + below + 1 >= len(built):
                break
            below += 1
        return above, below

    def _drop_far(self, above: int, below: int) -> None:
        """Drop rows far from the view, ``CHUNK`` at most at each end."""
        above, below = min(above, CHUNK), min(below, CHUNK)
        if above:
            # The row on screen stays put while rows above it go.
            kept = self._rows[self._ids[self._lo + above]]
            self._hold(kept, kept.y() - self.verticalScrollBar().value())
            for turn_id in self._ids[self._lo:self._lo + above]:
                self._drop_row(turn_id)
            self._lo += above
            self._release.start()
        for turn_id in self._ids[self._hi - below:self._hi]:
            self._drop_row(turn_id)
        self._hi -= below

    def _margins_short(self) -> tuple[bool, bool]:
        """Whether fewer than the wanted screens are built above and below."""
        older, newer = self._lo > 0, self._hi < len(self._ids)
        if not (older or newer):
            # Nothing to load, so the view is not measured: an empty view
            # gets here before the first paint, and PySide's first
            # viewport() sets up every QtWidgets type (~10 ms).
            return False, False
        bar = self.verticalScrollBar()
        margin = _MARGIN_SCREENS * max(self.viewport().height(), 1)
        return (older and bar.value() < margin,
                newer and bar.value() > bar.maximum() - margin)

    def _load_near_edges(self) -> None:
        above, below = self._margins_short()
        if above:
            self._load_older()
        if below:
            self._load_newer()
        far_above, far_below = self._far_rows()
        if far_above or far_below:
            self._drop_far(0 if above else far_above, 0 if below else far_below)
        if above or below or far_above or far_below:
            self._loader.start()

    def _update_last_actions(self) -> None:
        last = self._ids[-1] if self._ids else None
        for turn_id in self.built()[-2:]:
            self._actions[turn_id].refresh(self._lookup(turn_id),
                                           last=turn_id == last)

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
        if turn_id in self._ids:
            index = self._ids.index(turn_id)
            built = self._lo <= index < self._hi
            self._ids.remove(turn_id)
            if built:
                self._hi -= 1
            elif index < self._lo:
                self._lo -= 1
                self._hi -= 1
        self._drop_row(turn_id)
        self._update_last_actions()

    def clear(self) -> None:
        """Remove every turn."""
        self._drop_rows()
        self._ids.clear()
        self._lo = self._hi = 0
        self._follow = True

    def _drop_rows(self) -> None:
        self._dirty.clear()
        self._anchor = None
        for turn_id in list(self._rows):
            self._drop_row(turn_id)

    def _drop_row(self, turn_id: int) -> None:
        self._staged.pop(turn_id, None)
        self._widgets.pop(turn_id, None)
        self._actions.pop(turn_id, None)
        row = self._rows.pop(turn_id, None)
        if self._anchor is not None and self._anchor[0] is row:
            self._anchor = None
        if row is not None:
            self._column.removeWidget(row)
            row.deleteLater()

    # Painting -----------------------------------------------------------------

    def paint_now(self) -> None:
        """Repaint dirty turns at once (used before the window closes)."""
        self._paint_frame()

    def _paint_frame(self) -> None:
        dirty, self._dirty = self._dirty, set()
        last = self._ids[-1] if self._ids else None
        for turn_id in dirty:
            widget = self._widgets.get(turn_id)
            if widget is not None:
                turn = self._lookup(turn_id)
                widget.refresh(turn)
                self._actions[turn_id].refresh(turn, last=turn_id == last)
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

    def _drop_anchor(self) -> None:
        self._anchor = None
        # The user may have scrolled to an end while the page settled.
        self._value_changed(self.verticalScrollBar().value())

    def _range_changed(self, _low: int, high: int) -> None:
        bar = self.verticalScrollBar()
        if self._anchor is not None:
            row, gap = self._anchor
            bar.setValue(row.y() - gap)
            self._release.start()
        elif self._follow:
            bar.setValue(high)

    def _value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        if self._anchor is not None:
            # The user scrolled while rows were held: hold them where the
            # user put them, not where they were.
            row, _gap = self._anchor
            self._anchor = (row, row.y() - value)
        self._follow = value >= bar.maximum() - _FOLLOW_SLACK \
            and self._hi == len(self._ids)
        if not self._loader.isActive() and (
                any(self._margins_short()) or any(self._far_rows())):
            self._loader.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for widget in self._widgets.values():
            widget.fit_bubble(self._room())

    def _room(self) -> int:
        margins = self._column.contentsMargins()
        return self.viewport().width() - margins.left() - margins.right()
