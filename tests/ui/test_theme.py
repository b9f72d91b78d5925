"""The window's look without an application style sheet (ui/theme.py)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui.mainwindow import MainWindow
from ui.theme import Panel, colors, content_sheet, controls_sheet

Role = QPalette.ColorRole


def _pixel(widget: QWidget, x: int, y: int) -> str:
    return QColor(widget.grab().toImage().pixel(x, y)).name()


def test_no_style_sheet_over_the_app_or_the_window_frame(
    app: QApplication, window: MainWindow,
) -> None:
    # Any app-level sheet makes Qt polish every widget through the style
    # sheet style (~8-10 ms before the first paint).
    assert app.styleSheet() == ""
    assert window.styleSheet() == ""
    for name in ("central", "header", "composer", "welcome"):
        part = window.findChild(QWidget, name)
        assert isinstance(part, Panel), name
        assert part.styleSheet() == ""


def test_the_frame_has_the_sheets_colours_and_fonts(
    qtbot: QtBot, window: MainWindow,
) -> None:
    named = colors(window.palette())
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    header = window.findChild(QWidget, "header")
    composer = window.findChild(QWidget, "composer")
    title = window.findChild(QLabel, "appTitle")
    assert isinstance(header, QWidget) and isinstance(composer, QWidget)
    assert isinstance(title, QLabel)

    assert _pixel(header, header.width() // 2, 2) == named["card"]
    assert _pixel(header, header.width() // 2, header.height() - 1) == named["border"]
    assert _pixel(composer, 2, 0) == named["border"]
    assert _pixel(composer, 2, 3) == named["card"]
    assert title.font().pixelSize() == 15
    assert title.font().weight() == QFont.Weight.DemiBold
    assert title.palette().color(Role.WindowText).name() == named["text"]
    assert window.banner.palette().color(Role.Window).name() == named["banner"]
    assert window.statusBar().palette().color(Role.Window).name() == named["card"]
    assert window.spend_label.palette().color(Role.WindowText).name() == named["muted"]


def test_rounded_controls_and_the_chat_carry_their_own_sheets(
    window: MainWindow,
) -> None:
    controls = controls_sheet(window.palette())
    for widget in (window.prompt, window.send_button, window.stop_button,
                   window.new_button, window.notice_label):
        assert widget.styleSheet() == controls, widget.objectName()
    content = content_sheet(window.palette())
    assert window.chat.styleSheet() == content
    assert window.attachment_bar.styleSheet() == content


def test_panels_leave_the_window_colour_of_what_they_hold(
    app: QApplication, window: MainWindow,
) -> None:
    # Fusion draws frames from the window colour, and the content sheets
    # are computed from it: a panel's own fill must not reach them.
    around = app.palette().color(Role.Window).name()
    for held in (window.provider_box, window.model_box,
                 window.attachment_bar, window.welcome_title):
        assert held.palette().color(Role.Window).name() == around
    header = window.findChild(Panel, "header")
    assert isinstance(header, Panel)
    assert header.palette().color(Role.Window).name() == colors(app.palette())["card"]
