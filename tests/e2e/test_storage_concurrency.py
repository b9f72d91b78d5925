"""Several processes log spend at once while another reads (CASES.md C14)."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from jarvis.store.db import Store
from jarvis.store.schema import MIGRATIONS
from jarvis.store.spend import SpendLog

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import asyncio, sys
from decimal import Decimal
from sqlite_utils import Database

from jarvis.store.db import Store
from jarvis.store.schema import MIGRATIONS
from jarvis.store.spend import AttemptResult, SpendLog
from jarvis.usage import Usage

async def main(path, name, count):
    store = Store(__import__("pathlib").Path(path))
    await store.open()
    spend = SpendLog(store)
    for i in range(count):
        row = await spend.reserve(request_id=f"{name}-{i}", attempt=1,
                                provider=name, model="m", conversation_id=None,
                                reserve_usd=Decimal("0.01"))
        await spend.settle(row, AttemptResult(
            status="ok", usage=Usage(input_tokens=10, output_tokens=5),
            cost_usd=Decimal("0.000001"), latency_ms=1.0, ttft_ms=0.5,
            charge_usd=Decimal("0.000001")))
    await store.close()

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


def test_two_writers_and_a_reader_lose_no_row__C14(tmp_path: Path) -> None:
    database = tmp_path / "jarvis.sqlite3"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(database), name, "150"],
                         cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for name in ("window", "cli")
    ]

    async def read_while_writing() -> int:
        store = Store(database)
        await store.open()
        spend = SpendLog(store)
        reads = 0
        while any(w.poll() is None for w in writers):
            await spend.totals(("provider",))
            reads += 1
        await store.close()
        return reads

    reads = asyncio.run(read_while_writing())
    errors = [w.communicate()[1] for w in writers]

    assert [w.returncode for w in writers] == [0, 0], errors
    assert reads > 0
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT provider, COUNT(*), SUM(status = 'ok') FROM spend "
            "GROUP BY provider ORDER BY provider").fetchall()
        applied = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT name) FROM _sqlite_migrations"
        ).fetchone()
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert rows == [("cli", 150, 150), ("window", 150, 150)]
    registered = len(MIGRATIONS.pending(Database(memory=True)))
    assert applied == (registered, registered), "each migration applied once"
    assert mode == "wal"
