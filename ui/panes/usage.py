"""The usage pane: what was spent, on what, against which cap.

Shows spend today and this month, a chart of spend per day, progress bars
against every cap, tables by provider and by model (requests, failures,
cache hits, tokens by bucket, cost, savings), demo mode's simulated spend
apart, and exports the spend rows as CSV. Days are local days, the days the
caps reset on. Unpriced rows read "unpriced", never $0 (C08). Every number
comes from :meth:`jarvis.service.Jarvis.usage` (fallbacks included) and
:meth:`~jarvis.service.Jarvis.caps`; this module only lays them out.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jarvis import localtime
from jarvis.csvcells import cell
from jarvis.store.spend import from_pusd
from ui.panes import money
from ui.panes.chart import Bar, DailySpendChart
from ui.panes.tasks import PaneTasks

if TYPE_CHECKING:
    from jarvis.service import CapStatus, Jarvis

log = logging.getLogger(__name__)

# The columns of `jarvis usage --csv`, so both exports read the same.
CSV_COLUMNS = (
    "started_at", "provider", "model", "status", "demo", "input_tokens",
    "cache_read_tokens", "cache_write_tokens", "output_tokens",
    "reasoning_tokens", "cost_usd", "charged_usd", "saved_usd", "latency_ms",
    "ttft_ms", "finish_reason", "error_kind", "request_id", "attempt",
)
_MONEY_COLUMNS = {"cost_usd": "cost_pusd", "charged_usd": "charge_pusd",
                  "saved_usd": "saved_pusd"}
DEFAULT_DAYS = 30  # the range shown first: the last 30 days
_BUCKETS = ("input_tokens", "cache_read_tokens", "cache_write_tokens",
            "output_tokens", "reasoning_tokens")


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user asked to see: a date range (local days) and a provider."""

    since: date
    until: date
    provider: str | None = None


@dataclass(slots=True)
class UsageData:
    """One load of the pane, as the facade returned it."""

    filters: Filters
    report: dict[str, Any]
    today: dict[str, Any]
    month: dict[str, Any]
    caps: list[CapStatus] = field(default_factory=list)


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    """Spend rows as CSV; an unpriced cost stays empty, never 0 (C08)."""
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        values = dict(row)
        for column, source in _MONEY_COLUMNS.items():
            amount = from_pusd(row.get(source))
            values[column] = None if amount is None else f"{amount:f}"
        writer.writerow({k: "" if values.get(k) is None else cell(values[k])
                         for k in CSV_COLUMNS})


def daily_bars(by_day: list[dict[str, Any]], until: date) -> list[Bar]:
    """One bar per day from the first day with spend through ``until`` (or
    today, if earlier): days without spend are bars of $0, so the axis is
    time and a quiet week shows as one."""
    found = {row["day"]: row for row in by_day}
    if not found:
        return []
    day = date.fromisoformat(min(found))
    last = min(until, max(localtime.today(),
                          date.fromisoformat(max(found))))
    bars = []
    while day <= last:
        row = found.get(day.isoformat())
        amount = from_pusd(row["cost_pusd"]) if row else None
        bars.append(Bar(day.isoformat(), amount or Decimal(0),
                        bool(row and row["unpriced"])))
        day += timedelta(days=1)
    return bars


def _sum(rows: list[dict[str, Any]], name: str) -> int:
    return sum(int(row.get(name) or 0) for row in rows)


def _total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows of sums folded into one (None cost stays None when all are)."""
    total: dict[str, Any] = {name: _sum(rows, name) for name in (
        "requests", "ok", "failed", "cache_hits", "unpriced", "unknown_usage",
        "saved_pusd", *_BUCKETS)}
    costs = [row["cost_pusd"] for row in rows if row.get("cost_pusd") is not None]
    total["cost_pusd"] = sum(costs) if costs else None
    return total


class UsagePane(QWidget):
    """Spend, tokens and caps over a date range, for one or all providers.

    Signals:
        loaded(object): a :class:`UsageData` arrived from the facade.
        exported(str): the CSV was written to this path.
    """

    loaded = Signal(object)
    exported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usagePane")
        self._jarvis: Jarvis | None = None
        self._tasks = PaneTasks("usage pane")
        self._data: UsageData | None = None
        self.loads = 0
        self._build()
        self.loaded.connect(self._show)

    # Building -----------------------------------------------------------------

    def _build(self) -> None:
        content = QWidget(self)
        content.setObjectName("paneContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(20, 16, 20, 20)
        column.setSpacing(14)
        column.addLayout(self._build_filters())
        column.addLayout(self._build_summary())
        self.buckets_label = QLabel(content)
        self.buckets_label.setObjectName("statCaption")
        self.buckets_label.setAccessibleName(self.tr("Tokens by bucket"))
        column.addWidget(self.buckets_label)
        column.addWidget(self._heading(self.tr("Caps")))
        self.caps_grid = QGridLayout()
        self.caps_grid.setHorizontalSpacing(12)
        column.addLayout(self.caps_grid)
        column.addWidget(self._heading(self.tr("Spend per day")))
        self.chart = DailySpendChart(content)
        column.addWidget(self.chart)
        self.chart_note = QLabel(self.tr(
            "An amber foot marks a day with unpriced requests: their cost is "
            "unknown (not $0) and not in the bar."), content)
        self.chart_note.setObjectName("statCaption")
        self.chart_note.hide()
        column.addWidget(self.chart_note)
        column.addWidget(self._heading(self.tr("By provider")))
        self.provider_table = self._table(content, self.tr("Provider"))
        column.addWidget(self.provider_table)
        column.addWidget(self._heading(self.tr("By model")))
        self.model_table = self._table(content, self.tr("Provider"),
                                       self.tr("Model"))
        column.addWidget(self.model_table)
        self.demo_heading = self._heading(
            self.tr("Demo mode (simulated spend, never charged)"))
        column.addWidget(self.demo_heading)
        self.demo_table = self._table(content, self.tr("Provider"))
        self.demo_table.setAccessibleName(self.tr("Demo spend by provider"))
        column.addWidget(self.demo_table)
        column.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _build_filters(self) -> QHBoxLayout:
        today = QDate.currentDate()
        self.since_edit = self._date_edit(today.addDays(-(DEFAULT_DAYS - 1)),
                                          self.tr("From"))
        self.until_edit = self._date_edit(today, self.tr("Until"))
        self.provider_box = QComboBox(self)
        self.provider_box.setAccessibleName(self.tr("Provider filter"))
        self.provider_box.addItem(self.tr("All providers"), None)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Refresh usage"))
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.setAccessibleName(self.tr("Export spend rows as CSV"))
        self.export_button.setEnabled(False)

        row = QHBoxLayout()
        row.setSpacing(8)
        for text, widget in ((self.tr("&From"), self.since_edit),
                             (self.tr("&Until"), self.until_edit),
                             (self.tr("&Provider"), self.provider_box)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
            row.addSpacing(8)
        row.addStretch(1)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statCaption")
        self.status_label.setAccessibleName(self.tr("Export status"))
        row.addWidget(self.status_label)
        row.addWidget(self.refresh_button)
        row.addWidget(self.export_button)

        self.since_edit.dateChanged.connect(self.refresh)
        self.until_edit.dateChanged.connect(self.refresh)
        self.provider_box.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export_csv)
        return row

    def _date_edit(self, value: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        return edit

    def _build_summary(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        names = (
            ("today", self.tr("Today")),
            ("month", self.tr("This month")),
            ("period", self.tr("Selected period")),
            ("requests", self.tr("Requests")),
            ("failed", self.tr("Failures")),
            ("fallbacks", self.tr("Fallbacks")),
            ("cache", self.tr("Cache hits (saved)")),
            ("tokens", self.tr("Tokens")),
        )
        self.summary: dict[str, QLabel] = {}
        for index, (key, title) in enumerate(names):
            grid.addWidget(self._card(key, title), index // 4, index % 4)
        return grid

    def _card(self, key: str, title: str) -> QFrame:
        card = QFrame(self)
        card.setObjectName("statCard")
        caption = QLabel(title, card)
        caption.setObjectName("statCaption")
        value = QLabel("—", card)
        value.setObjectName("statValue")
        value.setAccessibleName(title)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(card)
        box.setContentsMargins(12, 8, 12, 8)
        box.addWidget(caption)
        box.addWidget(value)
        self.summary[key] = value
        return card

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("paneHeading")
        return label

    def _table(self, parent: QWidget, *keys: str) -> QTableWidget:
        headers = [*keys, self.tr("Requests"), self.tr("Failed"),
                   self.tr("Cache hits"), self.tr("Input"), self.tr("Cache read"),
                   self.tr("Cache write"), self.tr("Output"),
                   self.tr("Reasoning"), self.tr("Cost"), self.tr("Saved")]
        table = QTableWidget(0, len(headers), parent)
        table.setHorizontalHeaderLabels(headers)
        table.setAccessibleName(self.tr("Spend by {what}").format(
            what=" and ".join(k.lower() for k in keys)))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # Facade -------------------------------------------------------------------

    def attach(self, jarvis: Jarvis) -> None:
        """Read from ``jarvis`` from now on, and load once."""
        self._jarvis = jarvis
        current = self.provider_box.currentData()
        self.provider_box.blockSignals(True)
        while self.provider_box.count() > 1:
            self.provider_box.removeItem(1)
        for info in jarvis.providers():
            self.provider_box.addItem(info.name, info.name)
        found = self.provider_box.findData(current)
        self.provider_box.setCurrentIndex(max(found, 0))
        self.provider_box.blockSignals(False)
        self.refresh()

    def filters(self) -> Filters:
        """The date range and provider the controls show now."""
        since = self.since_edit.date().toPython()
        until = self.until_edit.date().toPython()
        assert isinstance(since, date) and isinstance(until, date)
        return Filters(min(since, until), max(since, until),
                       self.provider_box.currentData())

    @Slot()
    def refresh(self) -> None:
        """Load the numbers again for the current filters."""
        if self._jarvis is not None:
            self._tasks.spawn(self._load(self._jarvis, self.filters()))

    async def _load(self, jarvis: Jarvis, filters: Filters) -> None:
        today = localtime.today()
        provider = filters.provider
        data = UsageData(
            filters,
            # FIXME:usage-rows: every row of the range is read for the CSV
            # export on each load (seconds on a log of a million rows); read
            # them when exporting instead (export_csv is synchronous today).
            await jarvis.usage(filters.since, until=filters.until,
                               provider=provider),
            await jarvis.usage(today, until=today, provider=provider, rows=False),
            await jarvis.usage(today.replace(day=1), until=today,
                               provider=provider, rows=False),
            await _all_caps(jarvis, provider),
        )
        self.loaded.emit(data)

    async def aclose(self) -> None:
        """Stop loading."""
        await self._tasks.aclose()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # Showing ------------------------------------------------------------------

    @Slot(object)
    def _show(self, data: UsageData) -> None:
        if data.filters != self.filters():
            return  # the user changed the filters; a newer load follows
        self._data = data
        report = data.report
        self._show_summary(data)
        self._show_caps(data.caps)
        self.chart.set_bars(daily_bars(report["by_day"], data.filters.until))
        self.chart_note.setVisible(any(bar.unpriced for bar in self.chart.bars))
        self._fill(self.provider_table, report["by_provider"], ("provider",))
        self._fill(self.model_table, report["by_model"], ("provider", "model"))
        demo = report["demo_by_provider"]
        self._fill(self.demo_table, demo, ("provider",))
        self.demo_heading.setVisible(bool(demo))
        self.demo_table.setVisible(bool(demo))
        self.export_button.setEnabled(bool(report["rows"]))
        self.loads += 1

    def _show_summary(self, data: UsageData) -> None:
        period = _total(data.report["by_provider"])
        shown = {
            "today": money.spend(_total(data.today["by_provider"])),
            "month": money.spend(_total(data.month["by_provider"])),
            "period": money.spend(period),
            "requests": money.tokens(period["requests"]),
            "failed": money.tokens(period["failed"]),
            "fallbacks": money.tokens(data.report["fallbacks"]),
            "cache": f"{period['cache_hits']:,} "
                     f"({money.pusd(period['saved_pusd'])})",
            "tokens": money.tokens(sum(period[b] for b in _BUCKETS)),
        }
        for key, text in shown.items():
            self.summary[key].setText(text)
        buckets = ", ".join(f"{name.removesuffix('_tokens').replace('_', ' ')} "
                            f"{period[name]:,}" for name in _BUCKETS)
        self.summary["tokens"].setToolTip(buckets)
        self.buckets_label.setText(self.tr("Tokens by bucket: {buckets}").format(
            buckets=buckets.replace(", ", " · ")))

    def _show_caps(self, caps: list[CapStatus]) -> None:
        while self.caps_grid.count():
            item = self.caps_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from findChildren at once
                widget.deleteLater()
        if not caps:
            self.caps_grid.addWidget(QLabel(self.tr("No spend caps are set."), self),
                                     0, 0)
        for index, cap in enumerate(caps):
            self._add_cap(index, cap)

    def _add_cap(self, index: int, cap: CapStatus) -> None:
        label = QLabel(cap.label, self)
        bar = QProgressBar(self)
        bar.setObjectName("capBar")
        bar.setRange(0, 1000)
        share = cap.spent_usd / cap.limit_usd if cap.limit_usd > 0 else Decimal(1)
        bar.setValue(int(min(share, Decimal(1)) * 1000))
        text = self.tr("{spent} of {limit}").format(
            spent=money.usd(cap.spent_usd), limit=money.usd(cap.limit_usd))
        bar.setFormat(text)
        bar.setProperty("over", share >= 1)
        bar.setAccessibleName(f"{cap.label}: {text}")
        resets = QLabel(self.tr("resets {when}").format(
            when=cap.resets_at.astimezone().strftime("%Y-%m-%d %H:%M")), self)
        resets.setObjectName("statCaption")
        self.caps_grid.addWidget(label, index, 0)
        self.caps_grid.addWidget(bar, index, 1)
        self.caps_grid.addWidget(resets, index, 2)
        self.caps_grid.setColumnStretch(1, 1)

    def _fill(self, table: QTableWidget, rows: list[dict[str, Any]],
              keys: tuple[str, ...]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [str(row[k]) for k in keys] + [
                money.tokens(row["requests"]), money.tokens(row["failed"]),
                money.tokens(row["cache_hits"]),
                *(money.tokens(row[b]) for b in _BUCKETS),
                money.spend(row), money.pusd(row["saved_pusd"])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= len(keys):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        height = table.horizontalHeader().height() + 4 + sum(
            table.rowHeight(r) for r in range(len(rows)))
        table.setFixedHeight(max(height, 60))

    # Export -------------------------------------------------------------------

    def cell(self, table: QTableWidget, row: int, header: str) -> str:
        """The text in ``table`` at ``row`` under the column ``header``."""
        for column in range(table.columnCount()):
            item = table.horizontalHeaderItem(column)
            if item is not None and item.text() == header:
                cell = table.item(row, column)
                return "" if cell is None else cell.text()
        raise KeyError(header)

    @Slot()
    def export_csv(self) -> None:
        """Ask where to save, then write the rows on screen as CSV."""
        if self._data is None:
            return
        f = self._data.filters
        suggested = f"jarvis-usage-{f.since}-{f.until}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export usage as CSV"), suggested,
            self.tr("CSV files (*.csv)"))
        if not path:
            return
        rows = self._data.report["rows"]
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as out:
                write_csv(rows, out)
        except OSError as exc:
            log.warning("could not write the usage CSV: %s", exc.strerror)
            self.status_label.setText(
                self.tr("Export failed: {why}").format(why=exc.strerror))
            return
        log.info("usage exported as CSV (%d rows)", len(rows))
        self.status_label.setText(self.tr("Saved {name}").format(
            name=Path(path).name))
        self.exported.emit(path)


async def _all_caps(jarvis: Jarvis, provider: str | None) -> list[CapStatus]:
    """The global caps, then each provider's own (once each)."""
    if provider is not None:
        return await jarvis.caps(provider)
    found = await jarvis.caps()
    labels = {cap.label for cap in found}
    for info in jarvis.providers():
        for cap in await jarvis.caps(info.name):
            if cap.label not in labels:
                labels.add(cap.label)
                found.append(cap)
    return found
