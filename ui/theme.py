"""The window's look: colours derived from the system palette.

Every colour is computed from the palette (window, base, text, highlight),
so the same look reads well on a light or a dark desktop. It only rounds
corners, sets spacing and tints the chat surfaces; it never fixes a colour
that the palette already chooses well.

There is no application style sheet: any style sheet set on the app makes
Qt wrap the style for every widget, and polishing the main window under it
took ~8-10 ms before its first paint. The window's frame (header, composer,
status bar, titles) takes its colours and fonts from palettes and
:class:`Panel`; style sheets sit only on the few widgets a palette cannot
draw (rounded, bordered controls: :func:`controls_sheet`) and on the
subtrees that hold the chat's content (:func:`content_sheet`, set by the
chat view and the attachment bar). Windows opened later (the welcome, the
quick-ask popup) take :func:`stylesheet`, all of it.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

Role = QPalette.ColorRole


def is_dark(palette: QPalette) -> bool:
    """Whether the palette draws light text on a dark window."""
    return palette.color(Role.Window).lightness() < 128


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0..1) of the way towards ``second``."""
    def channel(a: int, b: int) -> int:
        return round(a + (b - a) * amount)

    return QColor(channel(first.red(), second.red()),
                  channel(first.green(), second.green()),
                  channel(first.blue(), second.blue()))


def colors(palette: QPalette) -> dict[str, str]:
    """The named colours the stylesheet uses, as #rrggbb."""
    window = palette.color(Role.Window)
    base = palette.color(Role.Base)
    text = palette.color(Role.WindowText)
    accent = palette.color(Role.Highlight)
    dark = is_dark(palette)
    page = mix(window, QColor("black" if dark else "white"), 0.35)
    named = {
        "page": page,
        "card": base if not dark else mix(base, QColor("white"), 0.06),
        "border": mix(page, text, 0.12),
        "muted": mix(text, page, 0.45),
        "text": text,
        "accent": accent,
        "accent_text": palette.color(Role.HighlightedText),
        "accent_hover": mix(accent, QColor("black"), 0.12),
        "bubble": mix(page, accent, 0.16 if not dark else 0.35),
        "banner": mix(page, QColor("#f59e0b"), 0.22),
        "banner_text": mix(text, QColor("#92400e"), 0.6 if not dark else 0.0),
        "error": QColor("#b42318") if not dark else QColor("#fda29b"),
        "warn_bg": mix(page, QColor("#f59e0b"), 0.2),
        "info_bg": mix(page, accent, 0.15),
        "error_bg": mix(page, QColor("#ef4444"), 0.15),
        "button": mix(page, text, 0.06),
    }
    return {name: color.name() for name, color in named.items()}


def stylesheet(palette: QPalette) -> str:
    """Every rule, for a window opened after the main one (a dialog)."""
    return (_FRAME + _CONTROLS + _CONTENT) % colors(palette)


def controls_sheet(palette: QPalette) -> str:
    """The rules of the rounded, bordered controls (input box, buttons,
    notice): each such widget carries this sheet itself."""
    return _CONTROLS % colors(palette)


def content_sheet(palette: QPalette) -> str:
    """The rules of the chat's content (turns, chips, small actions), for
    the widget whose subtree holds it."""
    return _CONTENT % colors(palette)


def tint(widget: QWidget, *, text: str = "", background: str = "") -> None:
    """Give ``widget`` (and what it holds) a text and a filled background
    colour (#rrggbb, "" keeps the palette's)."""
    palette = widget.palette()
    if text:
        palette.setColor(Role.WindowText, QColor(text))
    if background:
        palette.setColor(Role.Window, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(palette)


def set_font(widget: QWidget, *, pixels: int = 0, bold: bool = False) -> None:
    """Resize (in pixels, 0 keeps the size) and weigh ``widget``'s font;
    "bold" is the sheet's weight 600."""
    font = widget.font()
    if pixels:
        font.setPixelSize(pixels)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    widget.setFont(font)


class Panel(QWidget):
    """A surface in its own colour, with a 1 px line along its top or bottom
    edge; what it holds goes in :attr:`body`.

    Qt fills it (no painting in Python: PySide's painter and paint-event
    types would load before the first paint, ~4 ms).
    """

    def __init__(self, background: str, *, line: str = "",
                 edge: Literal["top", "bottom"] = "bottom",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        around = self.palette().color(Role.Window)
        tint(self, background=background)
        # What it holds keeps the window colour it had (Fusion draws frames
        # from it, and the sheets' colours are computed from it).
        self.body = QWidget(self)
        kept = self.body.palette()
        kept.setColor(Role.Window, around)
        self.body.setPalette(kept)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.body)
        if line:
            rule = QWidget(self)
            rule.setFixedHeight(1)
            tint(rule, background=line)
            column.insertWidget(0 if edge == "top" else 1, rule)


# The main window's frame, drawn without a sheet (see MainWindow); here
# for windows opened later that show the same names (the welcome).
_FRAME = """
QMainWindow, #central { background: %(page)s; }
#header { background: %(card)s; border-bottom: 1px solid %(border)s; }
#appTitle { font-size: 15px; font-weight: 600; color: %(text)s; }
#pickerLabel { color: %(muted)s; }
#demoBanner {
    background: %(banner)s; color: %(banner_text)s;
    padding: 6px 16px; font-weight: 600;
}
#welcome { background: %(page)s; }
#welcomeTitle { font-size: 22px; font-weight: 600; color: %(text)s; }
#welcomeText { color: %(muted)s; font-size: 13px; }
#composer {
    background: %(card)s; border-top: 1px solid %(border)s;
}
#spendLabel { color: %(muted)s; padding: 0 10px; }
QStatusBar { background: %(card)s; color: %(muted)s; }
QStatusBar::item { border: none; }
"""

_CONTROLS = """
#promptEdit {
    background: %(page)s; border: 1px solid %(border)s; border-radius: 10px;
    padding: 6px 8px; font-size: 13px;
}
#promptEdit:focus { border: 1px solid %(accent)s; }
QPushButton#sendButton {
    background: %(accent)s; color: %(accent_text)s; border: none;
    border-radius: 8px; padding: 7px 18px; font-weight: 600;
}
QPushButton#sendButton:hover { background: %(accent_hover)s; }
QPushButton#sendButton:disabled, QPushButton#stopButton:disabled,
QPushButton#newChatButton:disabled {
    background: %(button)s; color: %(muted)s;
}
QPushButton#stopButton, QPushButton#newChatButton {
    background: %(button)s; color: %(text)s; border: 1px solid %(border)s;
    border-radius: 8px; padding: 6px 14px;
}
#noticeLabel {
    background: %(warn_bg)s; border-radius: 8px; padding: 1px 8px;
}
"""

_CONTENT = """
#chatView, #chatPage { background: %(page)s; }
#userBubble {
    background: %(bubble)s; border-radius: 14px;
}
#replyCard {
    background: %(card)s; border: 1px solid %(border)s; border-radius: 12px;
}
#replyAuthor { color: %(accent)s; font-weight: 600; }
#waitingLabel { color: %(muted)s; font-style: italic; }
#statusLine { color: %(muted)s; font-size: 11px; }
#problemLabel[tone="error"] { color: %(error)s; }
#problemLabel[tone="note"] { color: %(muted)s; font-style: italic; }
#badge {
    border-radius: 7px; padding: 2px 8px; font-size: 11px;
}
#badge[tone="info"] { background: %(info_bg)s; }
#badge[tone="warn"] { background: %(warn_bg)s; }
#badge[tone="error"] { background: %(error_bg)s; color: %(error)s; }
#guardNote { color: %(muted)s; font-size: 11px; }
#secretPanel {
    background: %(warn_bg)s; border-radius: 8px;
}
#secretLabel { color: %(text)s; }
#attachmentChip {
    background: %(info_bg)s; border-radius: 10px;
}
#attachmentChip QLabel { font-size: 11px; }
#attachmentChip[refused="true"] {
    background: %(error_bg)s; border: 1px solid %(error)s;
}
#imageThumb { background: %(info_bg)s; border-radius: 8px; }
#imageThumb QLabel { font-size: 11px; }
#imageRefusal { color: %(muted)s; font-size: 11px; }
#imageRefusal[refused="true"] { color: %(error)s; }
QToolButton#chipRemove { border: none; padding: 0 4px; }
QPushButton#secretSendButton, QPushButton#secretEditButton {
    background: %(button)s; color: %(text)s; border: 1px solid %(border)s;
    border-radius: 8px; padding: 5px 14px;
}
QPushButton#secretSendButton:focus, QPushButton#secretEditButton:focus {
    border: 1px solid %(accent)s;
}
QPushButton#flatButton {
    border: none; background: transparent; color: %(accent)s;
    padding: 2px 6px; font-size: 11px;
}
QPushButton#flatButton:hover { text-decoration: underline; }
RichTextView { background: transparent; }
#replyCard QTextBrowser, #userBubble QTextBrowser { font-size: 14px; }
"""
