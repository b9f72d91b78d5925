"""The quick-ask popup: a small frameless window for one question.

An input line, the answer rendered read-only by the chat's own
:class:`ui.markdownview.MarkdownView`, a status line and two actions; the
request itself is :class:`ui.quickask.QuickAsk`'s. Enter asks, Ctrl+C
copies the answer (when nothing is selected), Ctrl+O opens it in the chat,
Esc hides the popup and gives the focus back to the window that had it.
A module of its own: most sessions never open the popup, and it need not
load before the window's first paint (:attr:`ui.desktop.Desktop.popup`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import messages
from ui.assets import app_icon
from ui.chatview import FRAME_MS  # repaints of a streaming answer, as in the chat
from ui.markdownview import MarkdownView
from ui.quickask import TIER, QuickAsk
from ui.rendering import COPY_SCHEME, code_blocks
from ui.theme import colors, is_dark, stylesheet
from ui.turns import Turn, TurnStatus
from ui.turnwidget import format_cost

log = logging.getLogger(__name__)

# The popup's width, and the height it grows to with a long answer.
WIDTH = 620
MAX_HEIGHT = 460


class QuestionLine(QLineEdit):
    """The input line; Ctrl+C with nothing selected copies the answer.

    Signals:
        copyAnswer: Ctrl+C was pressed with no text selected here.
    """

    copyAnswer = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and not self.hasSelectedText():
            self.copyAnswer.emit()
            return
        super().keyPressEvent(event)


class QuickAskPopup(QWidget):
    """The quick-ask window.

    Signals:
        openInChat(str): continue this conversation (its id) in the chat.
        draftInChat(str): a question held back (it holds a secret) goes to
            the chat's input box, where sending it asks the same question.
    """

    openInChat = Signal(str)
    draftInChat = Signal(str)

    def __init__(self, quick: QuickAsk, parent: QWidget | None = None) -> None:
        flags = (Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                 | Qt.WindowType.WindowStaysOnTopHint)
        super().__init__(parent, flags)
        self.quick = quick
        self._drawn: tuple[str, bool] | None = None
        self._return_to: QWidget | None = None
        self._pending = False
        self.setObjectName("quickAsk")
        self.setWindowTitle(self.tr("Jarvis quick ask"))
        self.setAccessibleName(self.tr("Quick ask"))
        self.resize(WIDTH, MAX_HEIGHT)
        self._build()
        # The window's rules first (no app style sheet: ui/theme.py), then
        # the popup's own.
        self.setStyleSheet(stylesheet(self.palette()) + _sheet(self))
        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._paint)
        self._connect()
        self._paint()

    # Building -----------------------------------------------------------------

    def _build(self) -> None:
        panel = QFrame(self)
        panel.setObjectName("quickPanel")
        outer = QVBoxLayout(self)
        # No rounded corners: without a compositor (openbox, many X11
        # desktops) a translucent window's corners turn black.
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(panel)
        column = QVBoxLayout(panel)
        column.setContentsMargins(16, 12, 16, 10)
        column.setSpacing(8)
        column.addLayout(self._build_header(panel))
        self.question = QuestionLine(panel)
        self.question.setObjectName("quickQuestion")
        self.question.setAccessibleName(self.tr("Question"))
        self.question.setPlaceholderText(self.tr("Ask anything, then press Enter"))
        column.addWidget(self.question)
        column.addWidget(self._build_answer(panel), 1)
        column.addLayout(self._build_footer(panel))

    def _build_header(self, panel: QFrame) -> QHBoxLayout:
        logo = QLabel(panel)
        logo.setPixmap(app_icon().pixmap(18, 18))
        title = QLabel(self.tr("Quick ask"), panel)
        title.setObjectName("quickTitle")
        self.hint = QLabel(self.tr(
            "Enter ask · Ctrl+C copy · Ctrl+O open in chat · Esc hide"), panel)
        self.hint.setObjectName("quickHint")
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(logo)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(self.hint)
        return row

    def _build_answer(self, panel: QFrame) -> QScrollArea:
        self.answer_area = QScrollArea(panel)
        self.answer_area.setObjectName("quickScroll")
        self.answer_area.setWidgetResizable(True)
        self.answer_area.setFrameShape(QFrame.Shape.NoFrame)
        self.answer_area.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = self.answer_page = QWidget()
        page.setObjectName("quickPage")
        self.body = MarkdownView(dark=is_dark(self.palette()), parent=page)
        self.body.setAccessibleName(self.tr("Answer"))
        self.body.anchorClicked.connect(self._clicked)
        self.waiting = QLabel(self.tr("Thinking…"), page)
        self.waiting.setObjectName("waitingLabel")
        self.problem = QLabel(page)
        self.problem.setObjectName("quickProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.waiting)
        column.addWidget(self.body)
        column.addWidget(self.problem)
        column.addStretch(1)
        self.answer_area.setWidget(page)
        return self.answer_area

    def _build_footer(self, panel: QFrame) -> QHBoxLayout:
        self.status_line = QLabel(panel)
        self.status_line.setObjectName("statusLine")
        self.status_line.setAccessibleName(self.tr("Answer details"))
        self.copy_button = QPushButton(self.tr("&Copy"), panel)
        self.copy_button.setObjectName("flatButton")
        self.copy_button.setAccessibleName(self.tr("Copy the answer"))
        self.copy_button.setToolTip(self.tr("Copy the answer as Markdown (Ctrl+C)"))
        self.open_button = QPushButton(self.tr("&Open in chat"), panel)
        self.open_button.setObjectName("flatButton")
        self.open_button.setAccessibleName(self.tr("Open in chat"))
        self.open_button.setToolTip(
            self.tr("Continue this conversation in the main window (Ctrl+O)"))
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.status_line, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.open_button)
        return row

    def _connect(self) -> None:
        self.quick.changed.connect(self._mark_dirty)
        self.quick.busyChanged.connect(self._busy_changed)
        self.quick.attached.connect(self._send_pending)
        self.question.returnPressed.connect(self.ask)
        self.question.copyAnswer.connect(self.copy_answer)
        self.copy_button.clicked.connect(self.copy_answer)
        self.open_button.clicked.connect(self.open_in_chat)
        for keys, slot in ((QKeySequence(Qt.Key.Key_Escape), self.dismiss),
                           (QKeySequence("Ctrl+O"), self.open_in_chat)):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(slot)

    # Actions ------------------------------------------------------------------

    def popup(self) -> None:
        """Show the popup at once, in front, with the question line focused."""
        active = QApplication.activeWindow()
        if active is not None and active is not self:
            self._return_to = active
        if not self.isVisible():
            self.move(_place(self.size().width(), self.size().height()))
        self.show()
        self.raise_()
        self.activateWindow()
        self.question.setFocus()
        self.question.selectAll()

    def ask(self) -> None:
        """Ask what is in the question line."""
        if self.quick.busy:
            self.status_line.setText(self.tr("Still answering: Esc hides, "
                                             "the answer keeps coming."))
            return
        if not self.quick.ready and self.question.text().strip():
            # Started by `jarvis quick-ask`: the popup shows before the
            # service is open; the question goes out once it is.
            self._pending = True
            self.status_line.setText(self.tr("Starting… the question goes out "
                                             "in a moment."))
            return
        if self.quick.ask(self.question.text()):
            self.question.selectAll()

    def _send_pending(self) -> None:
        if self._pending:
            self._pending = False
            self.ask()

    def copy_answer(self) -> bool:
        """Put the answer (Markdown) on the clipboard; whether there was one."""
        turn = self.quick.turn
        if turn is None or not turn.text:
            return False
        QApplication.clipboard().setText(turn.text)
        self.status_line.setText(self.tr("Answer copied"))
        return True

    def open_in_chat(self) -> None:
        """Hand the conversation (or the held-back question) to the main
        window and hide."""
        turn = self.quick.turn
        if self.quick.conversation_id is not None:
            self.openInChat.emit(self.quick.conversation_id)
        elif turn is not None and turn.awaits_consent:
            # Nothing was stored: the window asks again, and decides there.
            self.draftInChat.emit(turn.prompt)
        else:
            return
        self._return_to = None
        self.hide()

    def dismiss(self) -> None:
        """Hide; the window that had the focus gets it back."""
        self.hide()
        back, self._return_to = self._return_to, None
        if back is not None and back.isVisible():
            back.activateWindow()

    def _clicked(self, url: QUrl) -> None:
        # Copy-code links work here; a link or an image waits for the chat,
        # which asks before opening anything (C12).
        turn = self.quick.turn
        if url.scheme() == COPY_SCHEME and turn is not None:
            code = code_blocks(turn.text).get(url.path())
            if code is not None:
                QApplication.clipboard().setText(code)
                self.status_line.setText(self.tr("Code copied"))
            return
        self.status_line.setText(self.tr("Open in chat to follow links and "
                                         "load images."))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+C anywhere that did not copy a selection copies the answer.
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_answer()
            return
        super().keyPressEvent(event)

    # Drawing ------------------------------------------------------------------

    def _mark_dirty(self) -> None:
        if not self._frame.isActive():
            self._frame.start()

    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self._paint()

    def _paint(self) -> None:
        self._frame.stop()
        turn = self.quick.turn
        text = turn.text if turn is not None else ""
        final = turn is None or not turn.status.active
        if self._drawn != (text, final):
            self.body.show_markdown(text, final=final)
            self._drawn = (text, final)
        self.body.setVisible(bool(text))
        self.waiting.setVisible(turn is not None
                                and turn.status is TurnStatus.WAITING)
        problem = self._problem(turn)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.status_line.setText(self.status_text(turn))
        done = turn is not None and not turn.status.active
        self.copy_button.setEnabled(bool(text) and done)
        self.open_button.setEnabled(done and (
            self.quick.conversation_id is not None
            or (turn is not None and turn.awaits_consent)))
        self._fit()

    def _fit(self) -> None:
        # Just the question line until there is an answer; then as tall as
        # the answer needs, up to MAX_HEIGHT (the rest scrolls).
        page = self.answer_page
        page.adjustSize()
        chrome = self.sizeHint().height() - self.answer_area.sizeHint().height()
        wanted = chrome + (page.sizeHint().height() if self.quick.turn else 0)
        height = max(self.minimumSizeHint().height(), min(wanted, MAX_HEIGHT))
        if height > self.height() or self.quick.turn is None:
            self.resize(WIDTH, height)

    def _problem(self, turn: Turn | None) -> str:
        if turn is None:
            return ""
        if turn.awaits_consent:
            return self.tr("{why} Open it in the chat to decide.").format(
                why=messages.text(turn.secret))
        return messages.text(turn.error) or messages.text(turn.note)

    def status_text(self, turn: Turn | None) -> str:
        """Provider · model · cost of the answer, or what is going on."""
        if turn is None:
            return self.tr("Answers come from the {tier} tier.").format(tier=TIER)
        parts = [p for p in (turn.provider, turn.model) if p]
        if turn.status is TurnStatus.DONE:
            parts.append(format_cost(turn.cost_usd)
                         if turn.priced and turn.cost_usd is not None
                         else self.tr("unpriced"))
        elif turn.status is TurnStatus.CANCELLED:
            parts.append(self.tr("stopped"))
        elif turn.status is TurnStatus.INTERRUPTED:
            parts.append(self.tr("interrupted"))
        return " · ".join(parts)


def _place(width: int, height: int) -> QPoint:
    # Centred on the screen under the pointer, a third of the way down:
    # where the eye is when a shortcut is pressed.
    screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    x = area.x() + (area.width() - width) // 2
    y = area.y() + max(0, (area.height() - height) // 3)
    return QPoint(x, y)


def _sheet(widget: QWidget) -> str:
    named = colors(widget.palette())
    return _SHEET % named


_SHEET = """
#quickPanel {
    background: %(card)s; border: 1px solid %(accent)s;
}
#quickTitle { font-weight: 600; color: %(text)s; }
#quickHint { color: %(muted)s; font-size: 11px; }
#quickQuestion {
    background: %(page)s; border: 1px solid %(border)s; border-radius: 10px;
    padding: 8px 10px; font-size: 15px;
}
#quickQuestion:focus { border: 1px solid %(accent)s; }
#quickScroll, #quickPage { background: transparent; }
#quickPage QTextBrowser { font-size: 14px; background: transparent; }
#quickProblem { color: %(error)s; }
"""
