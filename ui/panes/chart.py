"""A bar chart of spend per day, drawn with QPainter (no chart library).

PySide6-Essentials ships without QtCharts, and one small chart does not
justify another dependency. The chart has an accessible description that
lists every bar, so a screen reader user gets the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.panes.money import usd
from ui.theme import mix

Role = QPalette.ColorRole
_MARGIN_LEFT = 64
_MARGIN = 10
_LABEL_HEIGHT = 18


@dataclass(frozen=True, slots=True)
class Bar:
    """One day (ISO date), its priced spend, and whether some was unpriced."""

    label: str
    amount: Decimal
    unpriced: bool = False


def nice_ceiling(amount: Decimal) -> Decimal:
    """The smallest 1, 2 or 5 times a power of ten that is >= ``amount``."""
    if amount <= 0:
        return Decimal("0.01")
    power = Decimal(10) ** (amount.adjusted())
    for step in (1, 2, 5, 10):
        if amount <= power * step:
            return (power * step).normalize()
    return power * 10  # not reached: 10 * power > amount always


class DailySpendChart(QWidget):
    """Bars of spend per day; an amber foot marks a day with unpriced rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self.setObjectName("spendChart")
        self.setAccessibleName(self.tr("Spend per day"))
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(480, 180)

    @property
    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_bars(self, bars: list[Bar]) -> None:
        """Show ``bars`` (oldest first) and describe them for screen readers."""
        self._bars = list(bars)
        self.setAccessibleDescription(self.describe())
        self.setToolTip(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words: one "day: amount" per bar."""
        if not self._bars:
            return self.tr("No spend in this period.")
        parts = []
        for bar in self._bars:
            note = self.tr(" (some unpriced)") if bar.unpriced else ""
            parts.append(f"{bar.label}: {usd(bar.amount)}{note}")
        return "; ".join(parts)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text = palette.color(Role.WindowText)
        muted = mix(text, palette.color(Role.Window), 0.5)
        area = QRectF(_MARGIN_LEFT, _MARGIN, self.width() - _MARGIN_LEFT - _MARGIN,
                      self.height() - 2 * _MARGIN - _LABEL_HEIGHT)
        if not self._bars or area.width() <= 0 or area.height() <= 0:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("No spend in this period"))
            return
        top = nice_ceiling(max(bar.amount for bar in self._bars))
        self._paint_axis(painter, area, top, muted)
        self._paint_bars(painter, area, top, palette.color(Role.Highlight), muted)

    def _paint_axis(self, painter: QPainter, area: QRectF, top: Decimal,
                    muted: QColor) -> None:
        painter.setPen(muted)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for fraction in (Decimal(0), Decimal("0.5"), Decimal(1)):
            y = area.bottom() - float(fraction) * area.height()
            label = QRectF(0, y - 8, _MARGIN_LEFT - 6, 16)
            painter.drawText(label, Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, usd(top * fraction))

    def _paint_bars(self, painter: QPainter, area: QRectF, top: Decimal,
                    accent: QColor, muted: QColor) -> None:
        slot = area.width() / len(self._bars)
        width = max(2.0, min(36.0, slot * 0.7))
        # Month-day is enough under the bars (the description has the year);
        # label only every n-th bar so that labels never overlap.
        room = painter.fontMetrics().horizontalAdvance("00-00") + 12
        every = max(1, math.ceil(room / slot))
        for index, bar in enumerate(self._bars):
            x = area.left() + index * slot + (slot - width) / 2
            height = float(bar.amount / top) * area.height()
            rect = QRectF(x, area.bottom() - height, width, height)
            painter.fillRect(rect, accent)
            if bar.unpriced:
                painter.fillRect(QRectF(x, area.bottom() - 4, width, 4),
                                 QColor("#f59e0b"))
            if index % every == 0:
                painter.setPen(muted)
                label = QRectF(x - slot, area.bottom() + 2, width + 2 * slot,
                               _LABEL_HEIGHT)
                painter.drawText(label, Qt.AlignmentFlag.AlignHCenter
                                 | Qt.AlignmentFlag.AlignTop, bar.label[5:])
