"""Attacks on the send gate and the writes before sending (commit 582760b).

Each test is a bug found by attacking the gate: a request that cannot be
sent, or is stopped, must leave its spend row settled at what it really
cost, and a stored new conversation must be named to the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import aclosing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from jarvis.events import AttemptStarted, PromptStored, ServiceEvent
from jarvis.providers import gate
from jarvis.service import AskOptions, Jarvis
from jarvis.simulator import Simulator
from jarvis.store.spend import SpendLog
from tests.e2e.conftest import FAKE_KEYS, write_config

ROOT = Path(__file__).resolve().parents[2]

# A first prompt short enough to be written on the event loop, long enough
# that its row needs new pages when the spend row still fits (a full disk).
LONG_PROMPT = "hello " * 3000


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Lets the database thread go; set at the end whatever happens."""
    event = threading.Event()
    yield event
    event.set()


@dataclass
class Settling:
    """When an attempt's settle started, and whether it was cancelled."""

    started: asyncio.Event = field(default_factory=asyncio.Event)
    cancelled: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture
def settling(
    monkeypatch: pytest.MonkeyPatch, release: threading.Event,
) -> Settling:
    """From the first settle on, the database thread is busy with other work
    (another process's write lock, a usage report) until ``release`` is set,
    so the settle waits in the thread's queue."""
    seen = Settling()
    original = SpendLog.settle

    async def busy_then_settle(self: SpendLog, row_id: int, result: Any) -> None:
        if not seen.started.is_set():
            self._store.submit(lambda db: release.wait(10))
            seen.started.set()
        try:
            await original(self, row_id, result)
        except asyncio.CancelledError:
            seen.cancelled.set()
            raise

    monkeypatch.setattr(SpendLog, "settle", busy_then_settle)
    return seen


async def _ask_and_stop(
    service: Jarvis, prompt: str, settling: Settling, release: threading.Event,
    **options: Any,
) -> list[ServiceEvent]:
    """Ask; stop the request (the user's Stop) once an attempt settles; let
    the database thread go once the stop has reached the settle (or, when
    the settle is not stopped, a moment later)."""
    events: list[ServiceEvent] = []

    async def consume() -> None:
        stream = service.ask(prompt, options=AskOptions(**options))
        async with aclosing(stream) as events_of:
            async for event in events_of:
                events.append(event)

    asking = asyncio.create_task(consume())
    await _until(lambda: settling.started.is_set() or asking.done())
    asking.cancel()
    for _ in range(50):
        if settling.cancelled.is_set():
            break
        await asyncio.sleep(0.01)
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await asking
    return events


async def _until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


async def _settled(path: Path, seconds: float = 3.0) -> None:
    """Wait (a bounded while) for the spend rows to leave ``pending``; a
    settle that was stopped never does, and the test's assertion says so."""
    for _ in range(int(seconds / 0.02)):
        rows = await asyncio.to_thread(_spend_rows, path)
        if all(status != "pending" for status, _, _ in rows):
            return
        await asyncio.sleep(0.02)


def _spend_rows(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT status, charge_pusd, error_kind FROM spend "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


async def _fill_disk(service: Jarvis) -> None:
    """The disk is full: a write that needs a new page fails (SQLITE_FULL)."""

    def work(db: Any) -> None:
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count = {pages}")

    await service._store.run(work)


async def test_an_attempt_stopped_while_its_not_sent_row_settles_costs_nothing(
    home: Path, sim: Simulator, settling: Settling, release: threading.Event,
) -> None:
    """The prompt cannot be stored (disk full for it; the small spend row
    still fits), so the gate closes and nothing is sent. The user stops the
    request while that unsent attempt's row is being settled at no charge:
    the row must still end at no charge, not stay pending with the
    worst case held against the caps (and kept at the next start)."""
    write_config(home, sim, "[limits]\ndaily_usd = 1\nmax_tokens = 1000")
    service = await Jarvis.open(home=home)
    try:
        await _fill_disk(service)
        await _ask_and_stop(service, LONG_PROMPT, settling, release,
                            provider="openai", fallback=False)
        await _settled(service.paths.database)
    finally:
        await service.aclose()

    assert sim.requests == [], "nothing was sent"
    rows = _spend_rows(service.paths.database)
    assert all(status != "pending" for status, _, _ in rows), rows
    assert sum(charge for _, charge, _ in rows) == 0, rows


@pytest.mark.parametrize("reply", ["rejected", "answered"])
async def test_an_attempt_stopped_while_it_settles_is_charged_what_it_cost(
    home: Path, sim: Simulator, settling: Settling, release: threading.Event,
    reply: str,
) -> None:
    """The provider has answered (an HTTP 500 the provider does not bill,
    or a whole reply with its usage) and the user presses Stop while the
    attempt's row is being settled. The row must end at what the attempt
    cost (nothing for the 500, the priced usage for the reply), not stay
    pending with the worst case held against the caps."""
    write_config(home, sim, "[limits]\ndaily_usd = 1\nmax_tokens = 1000",)
    prompt = "hello [[sim: status=500]]" if reply == "rejected" else "hello"
    service = await Jarvis.open(home=home)
    try:
        await _ask_and_stop(service, prompt, settling, release,
                            provider="openai", fallback=False)
        await _settled(service.paths.database)
    finally:
        await service.aclose()

    assert len(sim.requests) == 1
    conn = sqlite3.connect(service.paths.database)
    try:
        rows = conn.execute(
            "SELECT status, charge_pusd, cost_pusd FROM spend").fetchall()
    finally:
        conn.close()
    assert len(rows) == 1 and rows[0][0] != "pending", rows
    _status, charge, cost = rows[0]
    if reply == "rejected":
        assert charge == 0, rows
    else:
        assert cost is not None and cost > 0 and charge == cost, rows


@pytest.mark.parametrize("how", ["stopped", "keychain fails"])
async def test_a_stored_new_chat_is_named_when_the_key_lookup_is_left(
    service: Jarvis, sim: Simulator, monkeypatch: pytest.MonkeyPatch, how: str,
) -> None:
    """A new chat's prompt write starts before the request is planned, and
    planning reads the provider's key (for the cache scope): from the
    keychain, a round trip over D-Bus on a thread. If the user stops the
    request during that lookup, or the keychain fails, the prompt is
    stored but the caller was never told (no ``PromptStored``): the window
    cannot name or continue a chat that is in the history. Either nothing
    is stored, or the caller saw ``PromptStored`` before the end."""
    from jarvis.keys import KeychainTimeout

    looking_up = asyncio.Event()

    async def keychain_lookup(name: str) -> str:
        looking_up.set()
        await asyncio.sleep(0.5)
        if how == "keychain fails":
            raise KeychainTimeout("the keychain did not answer")
        return "fingerprint"

    monkeypatch.setattr(service._pool, "fingerprint", keychain_lookup)
    events: list[ServiceEvent] = []

    async def consume() -> None:
        stream = service.ask("hello", options=AskOptions(provider="openai",
                                                         fallback=False))
        async with aclosing(stream) as events_of:
            async for event in events_of:
                events.append(event)

    asking = asyncio.create_task(consume())
    await _until(lambda: looking_up.is_set() or asking.done())
    if how == "stopped":
        asking.cancel()
    with contextlib.suppress(asyncio.CancelledError, KeychainTimeout):
        await asking  # stopped, or the lookup's failure (an event would do)

    stored = await service.conversations()
    named = [e.conversation_id for e in events if isinstance(e, PromptStored)]
    assert sim.requests == []
    assert named == [c.id for c in stored], (
        f"{len(stored)} conversation(s) stored, {len(named)} named to the caller")


def _cli_ask(home: Path, prompt: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    environment.update(FAKE_KEYS)
    environment.update({"JARVIS_HOME": str(home), "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-m", "jarvis", "ask", "-p", "openai", "--no-fallback",
         prompt], env=environment, cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False)


@pytest.fixture
def volume(tmp_path: Path) -> Iterator[Path]:
    """A small file system of its own (tmpfs), to be made read-only."""
    folder = tmp_path / "volume"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs",
                           str(folder)], capture_output=True, check=False)
    if made.returncode:
        pytest.skip("no tmpfs can be mounted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True,
                       check=False)


def test_ask_on_a_read_only_file_system_says_so_without_a_traceback(
    volume: Path, sim: Simulator,
) -> None:
    """Jarvis's folder is on a file system that turned read-only (a full or
    failing disk that the kernel remounted, a read-only home). ``jarvis ask``
    must send nothing and say so in one clear line, exit 6: the log file
    cannot be opened either, which today ends in a Python traceback."""
    home = volume / "home"
    write_config(home, sim)
    first = _cli_ask(home, "hello")
    assert first.returncode == 0, first.stderr
    subprocess.run(["mount", "-o", "remount,ro", str(volume)], check=True)

    done = _cli_ask(home, "hello again")

    assert len(sim.requests) == 1, "nothing more was sent"
    assert done.returncode == 6, done.stderr
    assert "read-only" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def test_a_log_file_that_cannot_be_opened_is_named_without_a_traceback(
    home: Path, sim: Simulator,
) -> None:
    """The log file cannot be opened (here: a folder is in its place). The
    user must be told which file, in plain words, not shown a traceback
    and then sent to read "details in the log file"."""
    write_config(home, sim)
    log_file = home / "logs" / "jarvis.log"
    log_file.mkdir(parents=True)

    done = _cli_ask(home, "hello")

    assert "Traceback" not in done.stderr, done.stderr
    assert str(log_file) in done.stderr, done.stderr
    assert "details are in the log file" not in done.stderr


async def test_the_wal_stays_bounded_when_only_first_prompts_are_written(
    home: Path, sim: Simulator,
) -> None:
    """Every new chat is refused by the daily cap, so the only writes are
    the first prompts, made on the event loop with automatic checkpoints
    off ("the thread's next write does it": there is none). The -wal file
    must still be checkpointed: it grew ~60 KB a request without bound
    (2,000 refused asks: 126 MB of WAL for an 8.8 MB database)."""
    write_config(home, sim, "[limits]\ndaily_usd = 0.0001")
    service = await Jarvis.open(home=home)
    try:
        page = await service._store.run(
            lambda db: int(db.conn.execute("PRAGMA page_size").fetchone()[0]))
        for number in range(400):
            async with aclosing(service.ask(
                    f"question {number}", options=AskOptions(
                        provider="openai", fallback=False))) as stream:
                last = [event async for event in stream][-1]
            assert getattr(last, "kind", None) == "refused"
        wal = service.paths.database.with_name(
            service.paths.database.name + "-wal")
        size = wal.stat().st_size
    finally:
        await service.aclose()

    assert sim.requests == []
    # Twice SQLite's automatic checkpoint point (1,000 pages) is room enough.
    assert size <= 2 * 1000 * page, f"WAL {size // 1024} KB"


@pytest.mark.parametrize("stopped_by", ["cap", "disk"])
async def test_an_attempt_that_is_never_sent_is_not_announced(
    home: Path, sim: Simulator, stopped_by: str,
) -> None:
    """``AttemptStarted`` says a request is about to go to a provider (the
    window shows "Asking openai…" and puts the provider and model on the
    turn's status line). Since the reservation moved behind the send gate it
    is said before the cap check or the prompt's write has answered, so a
    request refused by every cap, or by a full disk, shows providers it was
    never sent to. Before 582760b no attempt was announced for them."""
    cap = "daily_usd = 0.0001" if stopped_by == "cap" else "daily_usd = 1"
    write_config(home, sim, f"[limits]\n{cap}\nmax_tokens = 1000")
    service = await Jarvis.open(home=home)
    try:
        if stopped_by == "disk":
            await _fill_disk(service)
        async with aclosing(service.ask(LONG_PROMPT)) as stream:
            events = [event async for event in stream]
    finally:
        await service.aclose()

    assert sim.requests == []
    assert getattr(events[-1], "kind", None) == (
        "refused" if stopped_by == "cap" else "storage")
    announced = [e for e in events if isinstance(e, AttemptStarted)]
    assert announced == [], "announced but never sent"


async def test_closing_while_a_settle_waits_for_the_database_keeps_it(
    home: Path, sim: Simulator, settling: Settling, release: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The user stops a request (Ctrl+C, quit) while its row's settle waits
    behind other work on the database thread (another process's write
    lock), and the service closes before that work is done: ``Store.close``
    drops the connection at once, so the settle queued before the close
    then fails (``'NoneType' object has no attribute 'execute'``) and the
    row stays pending with its worst case. Work queued before the close
    must still run."""
    import jarvis.service

    monkeypatch.setattr(jarvis.service, "STOP_GRACE_S", 0.2)
    write_config(home, sim, "[limits]\ndaily_usd = 1\nmax_tokens = 1000")
    service = await Jarvis.open(home=home)
    try:
        store_closing = _note_close(service, monkeypatch)
        asking = asyncio.create_task(_consume(service, "hello"))
        await _until(lambda: settling.started.is_set() or asking.done())
        asking.cancel()
        closing = asyncio.create_task(service.aclose())
        # The store's close has queued its own work (or dropped the
        # connection) before the thread is let go.
        await _until(lambda: store_closing.is_set() or closing.done())
        release.set()
        await closing
        with contextlib.suppress(asyncio.CancelledError):
            await asking
    finally:
        release.set()
        await service.aclose()

    assert len(sim.requests) == 1
    rows = _spend_rows(service.paths.database)
    assert [status for status, _, _ in rows] != ["pending"], rows


def _note_close(service: Jarvis, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Set once the service starts closing its store."""
    closing = asyncio.Event()
    close = service._store.close

    async def noted_close() -> None:
        closing.set()
        await close()

    monkeypatch.setattr(service._store, "close", noted_close)
    return closing


async def _consume(service: Jarvis, prompt: str) -> None:
    stream = service.ask(prompt, options=AskOptions(provider="openai",
                                                    fallback=False))
    async with aclosing(stream) as events:
        async for _event in events:
            pass


@pytest.fixture
def other_writer(release: threading.Event) -> Iterator[Callable[[Path], None]]:
    """Another process's short write transaction: holds the write lock
    until ``release`` is set (or 10 s pass)."""
    threads: list[threading.Thread] = []

    def hold(path: Path) -> None:
        holding = threading.Event()

        def run() -> None:
            conn = sqlite3.connect(path, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                holding.set()
                release.wait(10)
                conn.execute("COMMIT")
            finally:
                conn.close()

        thread = threading.Thread(target=run)
        threads.append(thread)
        thread.start()
        assert holding.wait(10)

    yield hold
    release.set()
    for thread in threads:
        thread.join()


async def test_a_follow_up_waits_for_another_writer_instead_of_failing__C14(
    service: Jarvis, sim: Simulator, release: threading.Event,
    other_writer: Callable[[Path], None],
) -> None:
    """Another Jarvis holds the write lock for a moment (well under the 5 s
    busy timeout) when the user sends a follow-up. A new chat's prompt
    waits and goes through; a follow-up's fails at once with "database is
    locked" (0.15 s: its transaction reads the conversation before it
    writes, and SQLite does not wait to upgrade a read transaction, so the
    busy timeout never applies)."""
    first = await _events(service, "first question")
    conversation = first[-1].reply.conversation_id  # type: ignore[attr-defined]
    other_writer(service.paths.database)
    asyncio.get_running_loop().call_later(1.0, release.set)

    events = await _events(service, "and a follow-up", conversation)

    assert type(events[-1]).__name__ == "ReplyDone", events[-1]
    assert len(sim.requests) == 2


async def _events(
    service: Jarvis, prompt: str, conversation_id: str | None = None,
) -> list[ServiceEvent]:
    stream = service.ask(prompt, conversation_id=conversation_id,
                         options=AskOptions(provider="openai", fallback=False))
    async with aclosing(stream) as events:
        return [event async for event in events]


async def test_a_request_stopped_at_the_gate_leaves_no_pending_row_at_close(
    service: Jarvis, sim: Simulator, release: threading.Event,
    other_writer: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process holds the write lock, so the new chat's prompt and
    its reservation wait on the database thread and the request waits at
    the gate. The user presses Ctrl+C; the CLI closes the service once its
    grace time is over, and the lock is released only then. Nothing was
    sent, yet the reservation commits just before the close and its settle
    comes after it: the row stays pending and the next start charges its
    worst case (real CLI: Ctrl+C at 0.7 s, another writer holding the lock
    14 s, exit after 14 s, a pending row of $0.002)."""
    import jarvis.request
    import jarvis.service

    monkeypatch.setattr(jarvis.request, "STOP_GRACE_S", 0.2)
    monkeypatch.setattr(jarvis.service, "STOP_GRACE_S", 0.2)
    store_closing = _note_close(service, monkeypatch)
    at_gate = asyncio.Event()
    wait = gate.Gate.wait

    async def noted_wait(self: gate.Gate) -> None:
        at_gate.set()
        await wait(self)

    monkeypatch.setattr(gate.Gate, "wait", noted_wait)
    other_writer(service.paths.database)
    asking = asyncio.create_task(_consume(service, "hello"))
    await _until(lambda: at_gate.is_set() or asking.done())
    asking.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asking
    closing = asyncio.create_task(service.aclose())
    # The lock is released once the store closes, or after a second if the
    # service waits for the stopped request first.
    for _ in range(100):
        if store_closing.is_set() or closing.done():
            break
        await asyncio.sleep(0.01)
    release.set()
    await closing

    assert sim.requests == []
    rows = _spend_rows(service.paths.database)
    assert all(status != "pending" for status, _, _ in rows), rows
    assert sum(charge for _, charge, _ in rows) == 0, rows
