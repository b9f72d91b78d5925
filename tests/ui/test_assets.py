"""The application icon: the PNGs rendered from the SVG, at every size."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ui.assets import ICON_SIZES, app_icon, resource_path


def test_the_icon_has_every_rendered_size(qapp: QApplication) -> None:
    icon = app_icon()
    assert [s.width() for s in icon.availableSizes()] == list(ICON_SIZES)


def test_the_header_size_shows_the_rendered_png(qapp: QApplication) -> None:
    png = resource_path("icons", "hicolor", "24x24", "apps", "jarvis.png")
    assert png is not None
    drawn = app_icon().pixmap(QSize(24, 24), 1.0).toImage().convertToFormat(
        QImage.Format.Format_ARGB32)
    expected = QImage(str(png)).convertToFormat(QImage.Format.Format_ARGB32)
    assert drawn == expected
