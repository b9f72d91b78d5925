"""The usage pane against the real facade: numbers, unpriced rows, caps, CSV.

Spend comes from real requests: the official SDKs talk to the provider
simulator, the facade prices them and writes the SQLite spend log, and the
pane shows what :meth:`jarvis.service.Jarvis.usage` reports.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressBar
from pytestqt.qtbot import QtBot

from jarvis.service import Jarvis
from jarvis.simulator import Fault, Simulator
from jarvis.store.spend import from_pusd
from tests.ui import pane_fixtures
from tests.ui.helpers import until
from tests.ui.pane_fixtures import ask
from ui.mainwindow import MainWindow
from ui.panes.chart import nice_ceiling
from ui.panes.money import usd
from ui.panes.usage import CSV_COLUMNS, UsagePane, daily_bars
from ui.session import Session
from ui.turnwidget import format_cost

# The shared fixtures, bound here so pytest finds them.
env_keys = pane_fixtures.env_keys
real_jarvis = pane_fixtures.real_jarvis
sim = pane_fixtures.sim


async def _pane(qtbot: QtBot, jarvis: Jarvis) -> UsagePane:
    pane = UsagePane()
    qtbot.addWidget(pane)
    pane.resize(1000, 900)
    pane.attach(jarvis)
    pane.show()
    await until(lambda: pane.loads > 0 and not pane._tasks.busy, "the first load")
    return pane


async def _reload(pane: UsagePane) -> None:
    done = pane.loads
    pane.refresh()
    await until(lambda: pane.loads > done and not pane._tasks.busy, "a reload")


def _row(pane: UsagePane, table_name: str, key: str) -> int:
    table = getattr(pane, table_name)
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == key or table.item(row, 1).text() == key:
            return int(row)
    raise AssertionError(f"{key} not in {table_name}")


async def test_spend_by_provider_and_model_match_the_facade(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    await ask(real_jarvis, "one", provider="openai")
    await ask(real_jarvis, "two", provider="anthropic")
    await ask(real_jarvis, "three", provider="openai")
    report = await real_jarvis.usage(datetime.now(UTC).date())

    pane = await _pane(qtbot, real_jarvis)

    for expected in report["by_provider"]:
        row = _row(pane, "provider_table", expected["provider"])
        cost = format_cost(from_pusd(expected["cost_pusd"]) or Decimal(-1))
        assert pane.cell(pane.provider_table, row, "Cost") == cost
        assert pane.cell(pane.provider_table, row, "Requests") == str(
            expected["requests"])
        assert pane.cell(pane.provider_table, row, "Output") == \
            f"{expected['output_tokens']:,}"
    assert pane.provider_table.rowCount() == 2
    assert pane.model_table.rowCount() == len(report["by_model"])
    total = sum(r["cost_pusd"] for r in report["by_provider"])
    assert pane.summary["today"].text() == usd(from_pusd(total))
    assert pane.summary["month"].text() == usd(from_pusd(total))
    assert pane.summary["requests"].text() == "3"
    output = sum(r["output_tokens"] for r in report["by_provider"])
    assert f"output {output:,}" in pane.buckets_label.text()
    assert pane.summary["failed"].text() == "0"
    assert [bar.amount for bar in pane.chart.bars] == [from_pusd(total)]
    assert usd(from_pusd(total)) in pane.chart.accessibleDescription()
    assert pane.demo_table.isHidden(), "no demo spend: no demo table"


async def test_unpriced_model_reads_unpriced_never_zero_C08(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    await ask(real_jarvis, "two [[sim: model=gemini-future-9]]", provider="gemini")

    pane = await _pane(qtbot, real_jarvis)

    row = _row(pane, "model_table", "gemini-future-9")
    assert pane.cell(pane.model_table, row, "Cost") == "unpriced"
    row = _row(pane, "provider_table", "gemini")
    assert pane.cell(pane.provider_table, row, "Cost") == "unpriced"
    assert pane.summary["today"].text() == "unpriced"
    assert "$0" not in pane.summary["today"].text()
    assert pane.chart.bars[0].unpriced
    assert "some unpriced" in pane.chart.accessibleDescription()
    assert not pane.chart_note.isHidden()


async def test_mixed_priced_and_unpriced_shows_both(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    await ask(real_jarvis, "one", provider="gemini")
    await ask(real_jarvis, "two [[sim: model=gemini-future-9]]", provider="gemini")
    report = await real_jarvis.usage(datetime.now(UTC).date())
    priced = usd(from_pusd(report["by_provider"][0]["cost_pusd"]))

    pane = await _pane(qtbot, real_jarvis)

    row = _row(pane, "provider_table", "gemini")
    assert pane.cell(pane.provider_table, row, "Cost") == f"{priced} + 1 unpriced"


async def test_provider_and_date_filters(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    await ask(real_jarvis, "one", provider="openai")
    await ask(real_jarvis, "two", provider="anthropic")
    pane = await _pane(qtbot, real_jarvis)

    pane.provider_box.setCurrentIndex(pane.provider_box.findData("openai"))
    await until(lambda: pane.filters().provider == "openai" and pane._data
                is not None and pane._data.filters.provider == "openai",
                "the openai-only load")
    assert pane.provider_table.rowCount() == 1
    assert pane.cell(pane.provider_table, 0, "Provider") == "openai"
    assert pane.summary["requests"].text() == "1"

    pane.provider_box.setCurrentIndex(0)
    pane.until_edit.setDate(pane.until_edit.date().addYears(-30))
    pane.since_edit.setDate(pane.until_edit.date())
    await until(lambda: pane._data is not None
                and pane._data.filters == pane.filters()
                and not pane._tasks.busy, "the empty-range load")
    assert pane.provider_table.rowCount() == 0
    assert pane.summary["requests"].text() == "0"
    assert pane.chart.bars == []


async def test_caps_are_progress_bars_against_their_limits(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    await real_jarvis.apply_settings({"limits.daily_usd": Decimal("0.01"),
                                      "providers.openai.daily_usd": Decimal("0.02")})
    await ask(real_jarvis, "one [[sim: tokens=300]]", provider="openai")
    caps = [*await real_jarvis.caps(),
            *[c for c in await real_jarvis.caps("openai") if "openai" in c.label]]

    pane = await _pane(qtbot, real_jarvis)

    bars = pane.findChildren(QProgressBar, "capBar")
    for cap, bar in zip(caps, bars, strict=True):
        assert bar.format() == f"{usd(cap.spent_usd)} of {usd(cap.limit_usd)}"
        assert bar.value() == int(cap.spent_usd / cap.limit_usd * 1000)
        assert cap.label in bar.accessibleName()
    assert [c.label for c in caps] == [
        "daily cap of $0.01", "monthly cap of $50", "openai daily cap of $0.02"]
    assert 0 < bars[0].value() < 1000


async def test_export_csv_writes_the_rows_C08(
    qtbot: QtBot, real_jarvis: Jarvis, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await ask(real_jarvis, "one", provider="openai")
    await ask(real_jarvis, "two [[sim: model=gemini-future-9]]", provider="gemini")
    pane = await _pane(qtbot, real_jarvis)
    target = tmp_path / "usage.csv"
    asked: list[str] = []

    def save_name(*args: object) -> tuple[str, str]:
        asked.append(str(args[2]))
        return str(target), "CSV files (*.csv)"

    monkeypatch.setattr("ui.panes.usage.QFileDialog.getSaveFileName", save_name)
    with qtbot.waitSignal(pane.exported, timeout=1000) as saved:
        pane.export_button.click()

    assert saved.args == [str(target)]
    assert asked[0].startswith("jarvis-usage-") and asked[0].endswith(".csv")
    with target.open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    stored = (await real_jarvis.usage())["rows"]
    assert [r["provider"] for r in rows] == [r["provider"] for r in stored]
    openai, gemini = rows
    assert Decimal(openai["cost_usd"]) == from_pusd(stored[0]["cost_pusd"])
    assert openai["demo"] == "0" and openai["status"] == "ok"
    assert gemini["model"] == "gemini-future-9"
    assert gemini["cost_usd"] == "", "unpriced is empty, never 0"
    assert Decimal(gemini["charged_usd"]) > 0
    assert "usage.csv" in pane.status_label.text()


async def test_demo_spend_is_shown_apart(qtbot: QtBot, jarvis_home: Path) -> None:
    jarvis = await Jarvis.open(home=jarvis_home, demo=True)
    try:
        await ask(jarvis, "hello", provider="openai")
        pane = await _pane(qtbot, jarvis)

        assert not pane.demo_table.isHidden()
        assert pane.demo_table.rowCount() == 1
        assert pane.cell(pane.demo_table, 0, "Provider") == "openai"
        assert pane.provider_table.rowCount() == 0
        assert pane.summary["today"].text() == "$0.00"
        await pane.aclose()
    finally:
        await jarvis.aclose()


@pytest.mark.parametrize(("amount", "top"), [
    ("0.041", "0.05"), ("0.0205", "0.05"), ("1", "1"), ("1.2", "2"),
    ("7", "10"), ("0.000151", "0.0002"), ("0", "0.01")])
def test_chart_axis_ends_on_a_round_amount(amount: str, top: str) -> None:
    assert nice_ceiling(Decimal(amount)) == Decimal(top)


def test_days_without_spend_are_empty_bars() -> None:
    pico = 10 ** 12
    by_day = [{"day": "2026-01-02", "cost_pusd": 3 * pico, "unpriced": 0},
              {"day": "2026-01-05", "cost_pusd": None, "unpriced": 1}]

    bars = daily_bars(by_day, date(2026, 1, 5))

    assert [b.label for b in bars] == [
        "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"]
    assert [b.amount for b in bars] == [3, 0, 0, 0]
    assert [b.unpriced for b in bars] == [False, False, False, True]
    assert daily_bars([], date(2026, 1, 5)) == []


async def test_failures_and_fallbacks_are_counted_C06(
    qtbot: QtBot, real_jarvis: Jarvis, sim: Simulator
) -> None:
    sim.script("anthropic", Fault(status=401))
    await ask(real_jarvis, "hello")
    await ask(real_jarvis, "again", provider="gemini")

    pane = await _pane(qtbot, real_jarvis)

    assert pane.summary["requests"].text() == "3", "one row per attempt"
    assert pane.summary["failed"].text() == "1"
    assert pane.summary["fallbacks"].text() == "1"
    row = _row(pane, "provider_table", "anthropic")
    assert pane.cell(pane.provider_table, row, "Failed") == "1"


async def test_main_window_shows_the_panes_in_tabs(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    assert session.jarvis is not None
    panes = window.panes
    panes.attach(session.jarvis)
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert names == ["Chat", "Usage", "Keys && settings"]

    window.tabs.setCurrentWidget(panes.usage)
    await until(lambda: panes.usage.loads > 0 and not panes.usage._tasks.busy,
                "the usage pane in the window")
    assert panes.usage.isVisible()
    window.tabs.setCurrentWidget(panes.keys_page)
    await until(lambda: panes.keys.loads > 0, "the keys pane in the window")
    assert set(panes.keys.cards) == {p.name for p in session.jarvis.providers()}
    assert not panes.settings.isEnabled(), "demo mode: settings read-only"
    await panes.aclose()
