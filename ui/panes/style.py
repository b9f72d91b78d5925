"""The panes' look, in the colours of :mod:`ui.theme` (from the palette).

Kept apart from the app's sheet so the panes can be styled, and shown in
tests or screenshots, on their own.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette

from ui.theme import colors, controls_sheet


def stylesheet(palette: QPalette) -> str:
    """The panes' style sheet for ``palette``; the window's controls too
    (the accent Apply button)."""
    return controls_sheet(palette) + _SHEET % colors(palette)


_SHEET = """
#paneContent, #usagePane, #keysPage { background: %(page)s; }
#paneTitle { font-size: 17px; font-weight: 600; color: %(text)s; }
#paneHeading { font-size: 13px; font-weight: 600; color: %(text)s;
               padding-top: 4px; }
#statCard, #providerCard {
    background: %(card)s; border: 1px solid %(border)s; border-radius: 10px;
}
#statCaption { color: %(muted)s; font-size: 11px; }
#statValue { font-size: 17px; font-weight: 600; color: %(text)s; }
#cardTitle { font-size: 14px; font-weight: 600; color: %(text)s; }
#backendLabel { color: %(text)s; }
#warnLabel {
    background: %(warn_bg)s; border-radius: 6px; padding: 6px 8px;
}
#messageLabel { border-radius: 6px; padding: 6px 8px; }
#messageLabel[tone="ok"] { background: %(info_bg)s; }
#messageLabel[tone="note"] { color: %(muted)s; }
#messageLabel[tone="error"] { background: %(error_bg)s; color: %(error)s; }
#fieldError { color: %(error)s; font-size: 11px; }
QGroupBox {
    background: %(card)s; border: 1px solid %(border)s; border-radius: 10px;
    margin-top: 14px; padding: 10px 8px 8px 8px; font-weight: 600;
}
QGroupBox::title {
    subcontrol-origin: margin; left: 12px; padding: 0 4px; color: %(text)s;
}
QGroupBox QLabel, QGroupBox QCheckBox { font-weight: normal; }
QProgressBar#capBar {
    border: 1px solid %(border)s; border-radius: 6px; background: %(card)s;
    text-align: center; min-height: 18px;
}
QProgressBar#capBar::chunk { background: %(accent)s; border-radius: 5px; }
QProgressBar#capBar[over="true"]::chunk { background: %(error)s; }
QTableWidget { background: %(card)s; border: 1px solid %(border)s;
               border-radius: 8px; }
"""
