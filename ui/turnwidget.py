"""One turn on screen: the user's prompt, the reply, its status and actions.

The prompt sits in a bubble on the right, shown as typed except for the
secrets in it, which are shown masked (the guard's label). The reply
is a card: rendered Markdown, a plain-words error or stop reason when there
is one, and a status line (provider, model, tokens, cost, time to first
token) with badges for fallback and for interrupted or cancelled replies.
A reply that did not finish offers Retry. Under the bubble, what the guard
did to the prompt: an "N items redacted" badge and its warnings, in a calm
note. A prompt held back because it holds a secret gets a panel in place of
the reply that asks before sending. :meth:`TurnWidget.refresh` reads
a :class:`ui.turns.Turn`; the widget keeps no state of its own beyond what
it last drew.
"""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import messages
from ui.attachmentbar import ImageThumb, is_image
from ui.markdownview import MarkdownView
from ui.rendering import (
    COPY_SCHEME,
    IMAGE_SCHEME,
    code_blocks,
    image_host,
    image_sources,
    link_texts,
    misleading_host,
    render_plain,
)
from ui.textview import RichTextView
from ui.turns import Turn, TurnStatus

log = logging.getLogger(__name__)

# The user's bubble never takes more than this share of the width.
BUBBLE_SHARE = 0.8


def mask_secrets(prompt: str) -> tuple[str, int]:
    """``prompt`` with each secret replaced by its masked label; how many."""
    # Imported here: the patterns are not needed before the first turn.
    from jarvis.guard.secrets import mask_secrets as masked

    return masked(prompt)


def format_cost(cost: Decimal) -> str:
    """Dollars: cents from $1 up, else up to six places (a fraction of a cent)."""
    places = Decimal("0.01") if cost >= 1 else Decimal("0.000001")
    if 0 < cost < places:
        return f"<${places}"
    text = f"{cost.quantize(places, rounding=ROUND_HALF_UP):,f}"
    whole, _, fraction = text.partition(".")
    return f"${whole}.{fraction.rstrip('0').ljust(2, '0')}"


class TurnWidget(QWidget):
    """A prompt bubble and its reply card.

    Signals:
        retryRequested(int): the user asked to send the prompt again.
        sendAnywayRequested(int): the user confirmed sending a secret.
        editRequested(int): the user wants the held-back prompt back.
        linkActivated(QUrl, str): a link in the reply was clicked; the
            second value is the host its text shows when that is not where
            it goes (else "").
        imageRequested(int, str, str): an image placeholder was clicked
            (turn id, image key, image URL).
        linkHovered(str): the pointer is over a link (its URL), or left it.
        statusMessage(str): something to say in the status bar.
    """

    retryRequested = Signal(int)
    sendAnywayRequested = Signal(int)
    editRequested = Signal(int)
    linkActivated = Signal(QUrl, str)
    imageRequested = Signal(int, str, str)
    linkHovered = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, turn: Turn, *, dark: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.turn_id = turn.id
        self.frames = 0
        self._dark = dark
        self._drawn_text: str | None = None
        self._drawn_final = False
        self._drawn_status: TurnStatus | None = None
        self._secret_panel: QFrame | None = None
        # Built when first needed: a stored turn rarely shows any of them.
        self._guard: tuple[QLabel, QLabel] | None = None
        self._waiting: QLabel | None = None
        self._problem: QLabel | None = None
        self._retry_button: QPushButton | None = None
        self._badges: QHBoxLayout | None = None
        self.setObjectName("turn")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        # The bubble keeps to the right at the width its text needs.
        layout.addWidget(self._build_prompt(turn), 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self._build_reply())
        self.refresh(turn)

    # Building -----------------------------------------------------------------

    def _build_prompt(self, turn: Turn) -> QFrame:
        self.bubble = QFrame(self)
        self.bubble.setObjectName("userBubble")
        self.prompt_view = RichTextView(self.bubble, shrink=True)
        self.prompt_view.setAccessibleName(self.tr("Your message"))
        # A secret is never shown whole, even to the person who typed it:
        # screens are shared and recorded.
        self._shown_prompt, self._masked = mask_secrets(turn.prompt)
        self._prompt_hidden = False
        self.prompt_view.show_html(render_plain(self._shown_prompt))
        inner = QVBoxLayout(self.bubble)
        inner.setContentsMargins(14, 10, 14, 10)
        self.image_thumbs = [ImageThumb(a, self.bubble) for a in turn.attachments
                             if is_image(a)]
        for thumb in self.image_thumbs:
            inner.addWidget(thumb, 0, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.prompt_view)
        return self.bubble

    # The guard's row, the waiting and problem labels, Retry and the badges
    # are built the first time they have something to show (or are asked
    # for), hidden, in their place: most stored turns need none of them,
    # and a stored conversation builds turns while the user scrolls.
    # Hidden or absent, they take no room, so the page looks the same.

    @property
    def redaction_badge(self) -> QLabel:
        return self._guard_built()[0]

    @property
    def guard_note(self) -> QLabel:
        return self._guard_built()[1]

    def _guard_built(self) -> tuple[QLabel, QLabel]:
        if self._guard is None:
            self._guard = self._build_guard_row()
        return self._guard

    def _build_guard_row(self) -> tuple[QLabel, QLabel]:
        badge = QLabel(self)
        badge.setObjectName("badge")
        badge.setProperty("tone", "info")
        badge.setTextFormat(Qt.TextFormat.PlainText)
        note = QLabel(self)
        note.setObjectName("guardNote")
        note.setAccessibleName(self.tr("What Jarvis changed in your message"))
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignLeft)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        badge.hide()
        note.hide()
        column = QVBoxLayout()
        column.setSpacing(4)
        column.addWidget(badge, 0, Qt.AlignmentFlag.AlignRight)
        column.addWidget(note)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 4, 0)
        row.addStretch(2)
        row.addLayout(column, 3)
        # Under the bubble (and the turn's actions), above the reply.
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(layout.indexOf(self.card), row)
        return badge, note

    @property
    def waiting(self) -> QLabel:
        if self._waiting is None:
            self._waiting = QLabel(self.tr("Thinking…"), self.card)
            self._waiting.setObjectName("waitingLabel")
            self._waiting.hide()
            self._card_column().insertWidget(
                self._card_column().indexOf(self.body), self._waiting)
        return self._waiting

    @property
    def problem(self) -> QLabel:
        if self._problem is None:
            self._problem = QLabel(self.card)
            self._problem.setObjectName("problemLabel")
            self._problem.setTextFormat(Qt.TextFormat.PlainText)
            self._problem.setWordWrap(True)
            self._problem.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse)
            self._problem.hide()
            self._card_column().insertWidget(
                self._card_column().indexOf(self.body) + 1, self._problem)
        return self._problem

    @property
    def retry_button(self) -> QPushButton:
        if self._retry_button is None:
            button = QPushButton(self.tr("Retry"), self.card)
            button.setObjectName("flatButton")
            button.setAccessibleName(self.tr("Retry this prompt"))
            button.setToolTip(
                self.tr("Send the same prompt again; the new reply replaces this one"))
            button.clicked.connect(lambda: self.retryRequested.emit(self.turn_id))
            button.hide()
            self.footer.insertWidget(self.footer.indexOf(self.copy_button) + 1,
                                     button)
            # Tab reaches it right after Copy, as if built with it.
            QWidget.setTabOrder(self.copy_button, button)
            self._retry_button = button
        return self._retry_button

    def add_footer_action(self, button: QPushButton) -> None:
        """Put ``button`` at the end of the reply's footer, after Retry."""
        self.footer.addWidget(button)

    def _card_column(self) -> QVBoxLayout:
        column = self.card.layout()
        assert isinstance(column, QVBoxLayout)
        return column

    # Built the first time a prompt is held back (or the panel is asked
    # for): most turns never need it, and a stored conversation builds
    # turns while the user scrolls.
    @property
    def secret_panel(self) -> QFrame:
        if self._secret_panel is None:
            self._secret_panel = self._build_secret_panel(self.card)
            column = self._card_column()
            column.insertWidget(column.indexOf(self.problem) + 1,
                                self._secret_panel)
        return self._secret_panel

    @property
    def secret_label(self) -> QLabel:
        self._secret_built()
        return self._secret_label

    @property
    def send_anyway_button(self) -> QPushButton:
        self._secret_built()
        return self._send_anyway_button

    @property
    def edit_button(self) -> QPushButton:
        self._secret_built()
        return self._edit_button

    def _secret_built(self) -> QFrame:
        return self.secret_panel

    def _build_secret_panel(self, card: QFrame) -> QFrame:
        panel = QFrame(card)
        panel.setObjectName("secretPanel")
        self._secret_label = QLabel(panel)
        self._secret_label.setObjectName("secretLabel")
        self._secret_label.setTextFormat(Qt.TextFormat.PlainText)
        self._secret_label.setWordWrap(True)
        self._secret_label.setAccessibleName(self.tr("Message held back"))
        self._send_anyway_button = QPushButton(self.tr("&Send anyway"), panel)
        self._send_anyway_button.setObjectName("secretSendButton")
        self._send_anyway_button.setAccessibleName(self.tr("Send anyway"))
        self._send_anyway_button.setToolTip(
            self.tr("Send the message with the secret in it"))
        self._send_anyway_button.clicked.connect(
            lambda: self.sendAnywayRequested.emit(self.turn_id))
        self._edit_button = QPushButton(self.tr("&Edit"), panel)
        self._edit_button.setObjectName("secretEditButton")
        self._edit_button.setAccessibleName(self.tr("Edit the message"))
        self._edit_button.setToolTip(
            self.tr("Put the message back into the input box; nothing is sent"))
        self._edit_button.clicked.connect(
            lambda: self.editRequested.emit(self.turn_id))
        QWidget.setTabOrder(self._edit_button, self._send_anyway_button)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self._edit_button)
        buttons.addWidget(self._send_anyway_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.setSpacing(8)
        inner.addWidget(self._secret_label)
        inner.addLayout(buttons)
        panel.hide()
        return panel

    def _build_reply(self) -> QFrame:
        card = QFrame(self)
        card.setObjectName("replyCard")
        card.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Preferred)
        self.card = card

        self.author = QLabel(self.tr("Jarvis"), card)
        self.author.setObjectName("replyAuthor")
        self.body = MarkdownView(dark=self._dark, parent=card)
        self.body.setAccessibleName(self.tr("Reply"))
        self.body.anchorClicked.connect(self._clicked)
        self.body.highlighted.connect(self._hovered)

        # Waiting goes above the body and the problem below it, when needed.
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 12, 16, 10)
        inner.setSpacing(6)
        inner.addWidget(self.author)
        inner.addWidget(self.body)
        inner.addLayout(self._build_footer(card))
        return card

    def _build_footer(self, card: QFrame) -> QHBoxLayout:
        self.status_line = QLabel(card)
        self.status_line.setObjectName("statusLine")
        self.status_line.setAccessibleName(self.tr("Reply details"))
        self.status_line.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy"), card)
        self.copy_button.setObjectName("flatButton")
        self.copy_button.setAccessibleName(self.tr("Copy reply"))
        self.copy_button.setToolTip(self.tr("Copy the reply as Markdown"))
        self.copy_button.clicked.connect(self._copy)

        # Badges go after the status line, Retry after Copy, when needed.
        self.footer = QHBoxLayout()
        self.footer.setContentsMargins(0, 2, 0, 0)
        self.footer.setSpacing(8)
        self.footer.addWidget(self.status_line)
        self.footer.addStretch(1)
        self.footer.addWidget(self.copy_button)
        return self.footer

    # Drawing ------------------------------------------------------------------

    @property
    def drawn_text(self) -> str:
        """The reply text as last drawn (Markdown source)."""
        return self._drawn_text or ""

    def refresh(self, turn: Turn) -> None:
        """Draw ``turn``; the Markdown is rendered only if the text changed."""
        final = not turn.status.active
        if turn.text != self._drawn_text or final != self._drawn_final:
            self.body.show_markdown(turn.text, final=final)
            self._drawn_text, self._drawn_final = turn.text, final
            self.frames += 1
        self.body.setVisible(bool(turn.text))
        waiting = turn.status is TurnStatus.WAITING
        if waiting or self._waiting is not None:
            self.waiting.setVisible(waiting)
        self._draw_guard(turn)
        self._draw_secret(turn)
        self._draw_problem(turn)
        status = self.status_text(turn)
        self.status_line.setText(status)
        self.status_line.setVisible(bool(status))
        if turn.status is not self._drawn_status:
            self._draw_badges(turn)
            self._drawn_status = turn.status
        self.copy_button.setVisible(bool(turn.text) and not turn.status.active)
        retry = turn.status.retryable and not turn.awaits_consent
        if retry or self._retry_button is not None:
            self.retry_button.setVisible(retry)

    def guard_lines(self, turn: Turn) -> list[str]:
        """The note under the bubble: attachments, then the guard's warnings."""
        lines: list[str] = []
        texts = [a for a in turn.attachments if not is_image(a)]
        if texts:
            lines.append(self.tr("Attached as data: {names}").format(
                names=", ".join(a.name for a in texts)))
        shown = (messages.text(line) for line in turn.guard_warnings)
        lines.extend(line[:1].upper() + line[1:] for line in shown)
        return lines

    def redaction_text(self, turn: Turn) -> str:
        """"N items redacted" for the badge, or "" when nothing was."""
        if turn.redacted <= 0:
            return ""
        if turn.redacted == 1:
            return self.tr("1 item redacted")
        return self.tr("{n} items redacted").format(n=turn.redacted)

    def _draw_guard(self, turn: Turn) -> None:
        badge = self.redaction_text(turn)
        lines = self.guard_lines(turn)
        if not badge and not lines and self._guard is None:
            return
        self.redaction_badge.setText(badge)
        summary = messages.text(turn.redaction_summary)
        self.redaction_badge.setToolTip(summary)
        self.redaction_badge.setAccessibleName(summary or badge)
        self.redaction_badge.setVisible(bool(badge))
        self.guard_note.setText("\n".join(f"• {line}" for line in lines))
        self.guard_note.setVisible(bool(lines))

    def _draw_secret(self, turn: Turn) -> None:
        held = turn.awaits_consent
        # A secret the guard found but this view cannot place (the user's
        # own key, matched exactly) hides the whole prompt instead.
        hide = bool(turn.secret or turn.allow_secrets) and not self._masked
        if hide != self._prompt_hidden:
            self._prompt_hidden = hide
            self.prompt_view.show_html(render_plain(
                self.tr("(Message hidden: it contains a secret.)") if hide
                else self._shown_prompt))
        self.author.setVisible(not held)
        if not held and self._secret_panel is None:
            return
        why = messages.text(turn.secret)
        self.secret_label.setText(why)
        # A screen reader announces why, with the button that has focus.
        self.edit_button.setAccessibleDescription(why)
        self.send_anyway_button.setAccessibleDescription(why)
        self.secret_panel.setVisible(held)

    def _draw_problem(self, turn: Turn) -> None:
        text = messages.text(turn.error) or messages.text(turn.note)
        if not text and self._problem is None:
            return
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        tone = "error" if turn.error else "note"
        if self.problem.property("tone") != tone:
            self.problem.setProperty("tone", tone)
            _repolish(self.problem)

    def status_text(self, turn: Turn) -> str:
        """The status line: provider · model · tokens · cost · first token."""
        parts = [p for p in (turn.provider, turn.model) if p]
        if turn.input_tokens is not None and turn.output_tokens is not None:
            parts.append(self.tr("{n_in} in / {n_out} out").format(
                n_in=f"{turn.input_tokens:,}", n_out=f"{turn.output_tokens:,}"))
        if turn.status is TurnStatus.DONE:
            parts.append(format_cost(turn.cost_usd)
                         if turn.priced and turn.cost_usd is not None
                         else self.tr("unpriced"))
        if turn.ttft_s is not None:
            parts.append(self.tr("first token {s:.2f} s").format(s=turn.ttft_s))
        return " · ".join(parts)

    def badge_texts(self, turn: Turn) -> list[tuple[str, str]]:
        """The badges for ``turn`` as (text, tone) pairs."""
        badges: list[tuple[str, str]] = []
        if turn.fallback_from:
            badges.append((self.tr("fallback from {names}").format(
                names=", ".join(turn.fallback_from)), "info"))
        labels = {
            TurnStatus.INTERRUPTED: (self.tr("interrupted"), "warn"),
            TurnStatus.CANCELLED: (self.tr("cancelled"), "warn"),
            TurnStatus.FAILED: (self.tr("failed"), "error"),
        }
        # A held-back prompt has its own panel, which says it all.
        if turn.status in labels and not turn.awaits_consent:
            badges.append(labels[turn.status])
        return badges

    def _draw_badges(self, turn: Turn) -> None:
        badges = self.badge_texts(turn)
        if self._badges is None:
            if not badges:
                return
            # Their own row keeps them closer together than the footer's
            # items; it goes right after the status line.
            self._badges = QHBoxLayout()
            self._badges.setSpacing(4)
            self.footer.insertLayout(1, self._badges)
        while self._badges.count():
            item = self._badges.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for text, tone in badges:
            badge = QLabel(text, self.card)
            badge.setObjectName("badge")
            badge.setProperty("tone", tone)
            self._badges.addWidget(badge)

    def fit_bubble(self, width: int) -> None:
        """Let the prompt bubble take at most its share of ``width``."""
        self.bubble.setMaximumWidth(max(120, int(width * BUBBLE_SHARE)))

    def show_image(self, key: str, image: QImage) -> None:
        """Draw a loaded image in place of its placeholder."""
        self.body.images[key] = image
        self.body.redraw()

    def shown_host(self, url: QUrl) -> str:
        """The host a link's text shows when it is not the link's target."""
        for href, text in link_texts(self.drawn_text):
            if QUrl(href) == url:
                shown = misleading_host(text, href)
                if shown:
                    return shown
        return ""

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == COPY_SCHEME:
            self._copy_code(url.path())
        elif url.scheme() == IMAGE_SCHEME:
            src = image_sources(self.drawn_text).get(url.path())
            if src is not None:
                self.imageRequested.emit(self.turn_id, url.path(), src)
        else:
            self.linkActivated.emit(url, self.shown_host(url))

    def _copy_code(self, key: str) -> None:
        code = code_blocks(self.drawn_text).get(key)
        if code is not None:
            QApplication.clipboard().setText(code)
            self.statusMessage.emit(self.tr("Code copied"))

    def _hovered(self, url: QUrl) -> None:
        if url.scheme() == COPY_SCHEME:
            self.linkHovered.emit(self.tr("Copy this code block"))
        elif url.scheme() == IMAGE_SCHEME:
            src = image_sources(self.drawn_text).get(url.path(), "")
            self.linkHovered.emit(self.tr(
                "Image from {host}, not loaded: click to load {url}").format(
                    host=image_host(src), url=src) if src else "")
        else:
            self.linkHovered.emit(url.toString())

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.drawn_text)


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
