"""The send gate: the SDK builds the request while the prompt and the
reservation are written, and sends nothing until both have committed.

"Busy" runs hold the database thread with a queued job, so both writes go
there and are still pending when the SDK reaches its HTTP client; "idle"
runs write them at once on the event loop (Store.urgent).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from jarvis.events import Failed, PromptStored, ReplyDone, ServiceEvent, TextDelta
from jarvis.providers import gate
from jarvis.service import Jarvis
from jarvis.simulator import Simulator
from tests.e2e.conftest import collect, write_config


@pytest.fixture
def at_gate(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Notes each time a built request reaches the gate."""
    seen: list[str] = []
    original = gate.Gate.wait

    async def noted(self: gate.Gate) -> None:
        seen.append("at the gate")
        await original(self)

    monkeypatch.setattr(gate.Gate, "wait", noted)
    return seen


@pytest.fixture
def hold() -> Iterator[threading.Event]:
    """Released at the end of the test whatever happens."""
    release = threading.Event()
    yield release
    release.set()


def _block(service: Jarvis, release: threading.Event) -> asyncio.Future[bool]:
    return service._store.submit(lambda db: release.wait(10))


async def _ask_while_busy(
    service: Jarvis, release: threading.Event, at_gate: list[str],
) -> tuple[asyncio.Future[bool], asyncio.Task[list[ServiceEvent]]]:
    """Ask with the database thread held; return once the built request
    waits at the gate."""
    blocker = _block(service, release)
    asking = asyncio.create_task(
        collect(service, "hello", provider="openai", fallback=False))
    await _until(lambda: at_gate)
    return blocker, asking


async def _until(condition: object, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


async def test_the_request_is_built_meanwhile_and_sent_only_after_the_writes(
    service: Jarvis, sim: Simulator, at_gate: list[str], hold: threading.Event,
) -> None:
    blocker, asking = await _ask_while_busy(service, hold, at_gate)

    await asyncio.sleep(0.1)
    assert sim.requests == [], "sent before the prompt and reservation committed"
    rows = await asyncio.to_thread(_spend_rows, service.paths.database)
    assert rows == []

    hold.set()
    await blocker
    events = await asyncio.wait_for(asking, 10)

    assert isinstance(events[-1], ReplyDone)
    assert len(sim.requests) == 1
    kinds = [type(e) for e in events]
    assert kinds.index(PromptStored) < kinds.index(TextDelta)
    rows = await asyncio.to_thread(_spend_rows, service.paths.database)
    assert [r[0] for r in rows] == ["ok"]


@pytest.fixture
async def capped(home: Path, sim: Simulator) -> AsyncIterator[Jarvis]:
    write_config(home, sim, "[limits]\ndaily_usd = 0.0001\nmax_tokens = 4000")
    jarvis = await Jarvis.open(home=home)
    yield jarvis
    await jarvis.aclose()


@pytest.mark.parametrize("thread", ["idle", "busy"])
async def test_a_cap_refusal_sends_nothing_and_the_chat_is_kept(
    capped: Jarvis, sim: Simulator, hold: threading.Event, thread: str,
) -> None:
    if thread == "busy":
        blocker = _block(capped, hold)
        asking = asyncio.create_task(
            collect(capped, "hello", provider="openai", fallback=False))
        await asyncio.sleep(0.1)
        hold.set()
        await blocker
        events = await asyncio.wait_for(asking, 10)
    else:
        events = await collect(capped, "hello", provider="openai", fallback=False)

    failed = events[-1]
    assert isinstance(failed, Failed) and failed.kind == "refused"
    assert "daily cap" in failed.message
    assert sim.requests == []
    stored = [e for e in events if isinstance(e, PromptStored)]
    assert len(stored) == 1, "the new chat is named before it ends"
    assert failed.conversation_id == stored[0].conversation_id
    assert await capped.messages(stored[0].conversation_id) != []
    rows = await asyncio.to_thread(_spend_rows, capped.paths.database)
    assert rows == [], "a refused reservation leaves no row"


@pytest.mark.parametrize("thread", ["idle", "busy"])
async def test_a_prompt_the_disk_refuses_sends_nothing(
    service: Jarvis, sim: Simulator, thread: str,
) -> None:
    read_only = "PRAGMA query_only = ON"
    if thread == "busy":
        service._store.submit(lambda db: db.conn.execute(read_only))  # type: ignore[attr-defined]
    else:
        await service._store.run(lambda db: db.conn.execute(read_only))  # type: ignore[attr-defined]

    events = await collect(service, "hello", provider="openai", fallback=False)

    failed = events[-1]
    assert isinstance(failed, Failed) and failed.kind == "storage"
    assert failed.message.startswith(
        f"Jarvis could not save in {service.paths.data_dir}: ")
    assert failed.conversation_id is None, "no conversation was created"
    assert not any(isinstance(e, PromptStored | TextDelta) for e in events)
    assert sim.requests == []
    await service._store.run(
        lambda db: db.conn.execute("PRAGMA query_only = OFF"))  # type: ignore[attr-defined]
    assert await service.conversations() == []


async def test_a_request_stopped_at_the_gate_costs_nothing(
    service: Jarvis, sim: Simulator, at_gate: list[str], hold: threading.Event,
) -> None:
    blocker, asking = await _ask_while_busy(service, hold, at_gate)

    asking.cancel()
    await asyncio.sleep(0.05)
    hold.set()
    await blocker
    with pytest.raises(asyncio.CancelledError):
        await asking

    await _until(lambda: _spend_rows(service.paths.database) != [])
    rows = await asyncio.to_thread(_spend_rows, service.paths.database)
    assert rows == [("cancelled", 0)]
    assert sim.requests == []


def _spend_rows(path: Path) -> list[tuple[object, ...]]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT status, charge_pusd FROM spend "
                            "WHERE status != 'pending' ORDER BY id").fetchall()
    conn.close()
    return rows
