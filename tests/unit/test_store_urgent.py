"""Store.urgent: a short write on the event loop when nothing can make it
wait, else on the database thread, in order, with the lock waits kept."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from jarvis.store.db import BUSY_TIMEOUT_MS, Store
from jarvis.store.sql import Database


def _where(db: Database) -> int:
    return threading.get_ident()


def _pragma(name: str) -> object:
    return lambda db: db.execute(f"PRAGMA {name}").fetchone()[0]


async def test_an_idle_store_runs_it_at_once_on_the_loop(store: Store) -> None:
    future = store.urgent(_where)

    assert future.done()
    assert await future == threading.get_ident()


async def test_queued_work_keeps_its_order_and_the_write_goes_to_the_thread(
    store: Store,
) -> None:
    order: list[str] = []
    release = threading.Event()

    def slow(db: Database) -> None:
        release.wait(5)
        order.append("queued first")

    def urgent(db: Database) -> int:
        order.append("urgent")
        return threading.get_ident()

    first = store.submit(slow)
    second = store.urgent(urgent)
    assert not second.done()
    release.set()
    await first

    assert await second != threading.get_ident()
    assert order == ["queued first", "urgent"]


async def test_a_write_lock_held_elsewhere_is_waited_for_on_the_thread(
    store: Store,
) -> None:
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    def write(db: Database) -> int:
        with db.atomic(immediate=True):
            db.execute("INSERT INTO conversations (id, title, created_at, "
                       "updated_at) VALUES ('c', 't', 'x', 'x')")
        return threading.get_ident()

    future = store.urgent(write)
    assert not future.done(), "it must not give up on a lock it can wait for"
    await asyncio.sleep(0.05)
    other.execute("COMMIT")
    other.close()

    assert await future != threading.get_ident()
    rows = await store.run(
        lambda db: db.execute("SELECT id FROM conversations").fetchall())
    assert rows == [("c",)]


async def test_the_connection_settings_are_put_back(store: Store) -> None:
    await store.run(lambda db: db.execute("PRAGMA busy_timeout = 1234"))

    await store.urgent(lambda db: None)

    assert await store.run(_pragma("busy_timeout")) == 1234
    assert await store.run(_pragma("wal_autocheckpoint")) == 1000
    await store.run(lambda db: db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"))


async def test_a_refused_write_fails_its_future_and_changes_nothing(
    store: Store,
) -> None:
    await store.run(lambda db: db.execute("PRAGMA query_only = ON"))

    def write(db: Database) -> None:
        with db.atomic(immediate=True):
            db.execute("INSERT INTO conversations (id, title, created_at, "
                       "updated_at) VALUES ('c', 't', 'x', 'x')")

    future = store.urgent(write)

    assert future.done()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await future
    await store.run(lambda db: db.execute("PRAGMA query_only = OFF"))
    count = await store.run(
        lambda db: db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0])
    assert count == 0


async def test_a_closed_store_does_not_run_it_inline(tmp_path: Path) -> None:
    store = Store(tmp_path / "jarvis.sqlite3")
    await store.open()
    await store.close()

    with pytest.raises(RuntimeError, match="shutdown"):
        store.urgent(_where)
