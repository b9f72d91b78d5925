"""The window's look: a light stylesheet derived from the system palette.

Every colour is computed from the palette (window, base, text, highlight),
so the same sheet reads well on a light or a dark desktop. It only rounds
corners, sets spacing and tints the chat surfaces; it never fixes a colour
that the palette already chooses well.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

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
    """The application stylesheet for ``palette``."""
    return _SHEET % colors(palette)


_SHEET = """
QMainWindow, #central { background: %(page)s; }
#header { background: %(card)s; border-bottom: 1px solid %(border)s; }
#appTitle { font-size: 15px; font-weight: 600; color: %(text)s; }
#pickerLabel { color: %(muted)s; }
#demoBanner {
    background: %(banner)s; color: %(banner_text)s;
    padding: 6px 16px; font-weight: 600;
}
#chatView, #chatPage, #welcome { background: %(page)s; }
#welcomeTitle { font-size: 22px; font-weight: 600; color: %(text)s; }
#welcomeText { color: %(muted)s; font-size: 13px; }
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
#composer {
    background: %(card)s; border-top: 1px solid %(border)s;
}
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
RichTextView { background: transparent; }
#replyCard QTextBrowser, #userBubble QTextBrowser { font-size: 14px; }
#spendLabel { color: %(muted)s; padding: 0 10px; }
#noticeLabel {
    background: %(warn_bg)s; border-radius: 8px; padding: 1px 8px;
}
QStatusBar { background: %(card)s; color: %(muted)s; }
QStatusBar::item { border: none; }
"""
