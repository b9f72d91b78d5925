"""Retention, "delete all my data", and user-only files."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from jarvis.service import Jarvis
from jarvis.simulator import Simulator
from tests.e2e.conftest import collect, write_config

MARKER = "zebra-kumquat-7781"


async def test_retention_deletes_old_conversations(home: Path, sim: Simulator) -> None:
    write_config(home, sim, "[privacy]\nretention_days = 30")
    jarvis = await Jarvis.open(home=home)
    old = await jarvis.new_conversation()
    recent = await jarvis.new_conversation()
    await collect(jarvis, "old question")
    await jarvis.aclose()
    with sqlite3.connect(home / "data" / "jarvis.sqlite3") as conn:
        conn.execute("UPDATE conversations SET updated_at = '2020-01-01T00:00:00' "
                     "WHERE id = ?", [old])

    jarvis = await Jarvis.open(home=home)
    try:
        left = {c.id for c in await jarvis.conversations()}
        spend_rows = (await jarvis.usage())["rows"]
    finally:
        await jarvis.aclose()

    assert old not in left and recent in left
    assert len(left) == 2
    assert len(spend_rows) == 1, "spend is accounting, kept"


async def test_retention_zero_keeps_nothing_between_sessions(
    home: Path, sim: Simulator
) -> None:
    write_config(home, sim, "[privacy]\nretention_days = 0")
    jarvis = await Jarvis.open(home=home)
    await collect(jarvis, "ephemeral")
    assert len(await jarvis.conversations()) == 1
    await jarvis.aclose()

    jarvis = await Jarvis.open(home=home)
    try:
        assert await jarvis.conversations() == []
    finally:
        await jarvis.aclose()


async def test_delete_all_data_leaves_no_trace(home: Path, sim: Simulator) -> None:
    write_config(home, sim)
    jarvis = await Jarvis.open(home=home)
    try:
        for _ in range(3):
            await collect(jarvis, f"my secret plan {MARKER} " * 20)
        await jarvis.delete_all_data()
        assert await jarvis.conversations() == []
        usage = await jarvis.usage()
        assert usage["rows"] == []
        # The sums the caps and the usage pane read are empty as well.
        assert usage["by_provider"] == [] and usage["by_day"] == []
        assert all(cap.spent_usd == 0 for cap in await jarvis.caps())
    finally:
        await jarvis.aclose()

    for path in (home / "data").iterdir():
        assert MARKER.encode() not in path.read_bytes(), path


async def test_files_are_user_only(home: Path, sim: Simulator) -> None:
    write_config(home, sim)
    jarvis = await Jarvis.open(home=home)
    try:
        await collect(jarvis, "hello")
    finally:
        await jarvis.aclose()

    for folder in (home / "data", home / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in folder.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
