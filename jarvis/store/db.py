"""The SQLite database: connection settings, migrations, one writer thread.

Design:
- One file holds the spend log and the conversation history. It runs in WAL
  mode with a busy timeout so that several Jarvis processes (a window and a
  CLI, CASES.md C14) can log at once while another reads reports.
- Schema changes are numbered, append-only migrations (sqlite-utils
  ``Migrations``). They run inside one ``BEGIN IMMEDIATE`` transaction, so
  two processes starting together apply them exactly once. An up-to-date
  file is recognised with one plain read and opens without importing
  sqlite-utils; the work functions get a :class:`jarvis.store.sql.Database`.
- Database work for a process runs on one worker thread, except the short
  calls made before a request is sent (:meth:`Store.urgent`), which run on
  the event loop when the thread is idle and no lock is held elsewhere. The
  event loop never waits on a lock held by another process, and statements
  on the one connection never interleave (a lock guards it). Write
  transactions are a single statement or a short ``atomic()`` block.
- A write that still finds the database locked after the busy timeout is
  retried a few times before the error reaches the caller, who shows it.
- An open after an unclean exit, after another program changed the file
  (also while a Jarvis had it open: each call and the close compare the
  file's identity with what Jarvis itself wrote), after SQLite reported
  damage, or a week after the last check runs ``PRAGMA quick_check`` on a
  read-only connection first (:mod:`jarvis.store.checkup`), so that a
  damaged file is never checkpointed into (see
  :mod:`jarvis.store.recovery`). A damaged file is moved aside, never
  deleted, a fresh database is created, and :attr:`Store.moved_aside`
  tells the caller what to say.
- A new database file appears under its name with its header already
  written (created under a temporary name, then hard-linked into place),
  so an existing file of 0 bytes always means lost data.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from jarvis.store import checkup, recovery, rollup, schema
from jarvis.store.sql import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
WAL_AUTOCHECKPOINT = 1000  # pages, SQLite's default
CHECKPOINT_EVERY = 50  # calls run by Store.urgent (automatic checkpoint off)
FOLLOW_UP_S = 0.01  # close() waits this long for work queued by finished work
_LOCK_RETRIES = 3


class _Busy(Exception):
    """Another connection holds the write lock: the thread will wait."""


class Store:
    """The open database, used from asyncio through :meth:`run`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        # Work queued on the thread and not finished (event loop only), and
        # the connection's owner of the moment (see urgent()).
        self._queued: set[asyncio.Future[Any]] = set()
        self._lock = threading.Lock()
        self._skipped = 0  # calls run by urgent() since its last checkpoint
        self._db: Database | None = None
        self._mark: Path | None = None
        # The file's identity as this process last knew it (checkup).
        self._seen: list[int] | None = None
        self.moved_aside: recovery.MovedAside | None = None

    async def open(self) -> None:
        """Connect, check the file, set pragmas and apply pending migrations.

        A damaged file is moved aside first and a fresh one created;
        :attr:`moved_aside` then says where it went.

        Raises:
            sqlite3.Error: the database cannot be opened or written (locked,
                read-only, disk full); nothing was moved.
            OSError: the damaged file could not be moved aside.
        """
        await self.run(self._open_sync)

    def _open_sync(self, _db: Database | None = None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        checked = self._check()
        self._mark = checkup.mark_open(self.path)
        try:
            self._db = self._connect_or_replace()
        except BaseException:
            checkup.unmark(self._mark)
            raise
        if checked:
            checkup.checked(self.path)
            self._seen = checkup.identity(self.path)
        else:
            self._seen = checkup.baseline(self.path)
        log.debug("database open at %s", self.path)

    def _check(self) -> bool:
        """Run the read-only check if one is due; whether it ran."""
        why = checkup.reason(self.path)
        if why is None:
            return False
        log.info("checking the database file: %s", why)
        # FIXME:db-recovery-live: a second Jarvis that still has the
        # damaged file open keeps writing to the renamed copy until it
        # restarts; nothing coordinates the two over the move.
        try:
            self.moved_aside = recovery.check_file(self.path)
        except recovery.Unchecked:
            return False
        return True

    def _connect_or_replace(self) -> Database:
        if not self.path.exists():
            _create(self.path)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not recovery.is_corruption(exc):
                raise
            # Damage the read-only check missed or skipped (a page only
            # the migrations touch): closing may have checkpointed the WAL.
            self.moved_aside = recovery.move_aside(self.path, exc)
            _create(self.path)
            return self._connect()

    def _connect(self) -> Database:
        """Connect, check the file, set pragmas and migrate; the database.

        Raises:
            sqlite3.DatabaseError: the file is damaged (see
                :func:`recovery.is_corruption`), locked or unwritable; the
                connection is closed again.
        """
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
            isolation_level=None,
        )
        try:
            _configure(conn)
            _migrate(conn)
        except UnicodeDecodeError as exc:
            conn.close()
            raise recovery.undecodable(exc) from None
        except BaseException:
            conn.close()
            raise
        return Database(conn)

    async def run(self, work: Callable[[Database], T]) -> T:
        """Run ``work(db)`` on the database thread and return its result."""
        return await self.submit(work)

    def submit(self, work: Callable[[Database], T]) -> asyncio.Future[T]:
        """Queue ``work(db)`` on the database thread now; its result later.

        Work runs in the order it was queued, so what is queued after this
        sees its writes. The caller must await the future (or it must be
        handed to someone who does), or a failure goes unnoticed.
        """
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self._call, work)
        self._queued.add(future)
        future.add_done_callback(self._queued.discard)
        return future

    def urgent(self, work: Callable[[Database], T]) -> asyncio.Future[T]:
        """Run a short call now, on the event loop, if nothing can make it
        wait; else :meth:`submit` it. Either way the result is a future.

        For the calls that come before a request is sent (the prompt, the
        reservation, a conversation's own fallback chain): a hand-off to
        the database thread and back costs ~0.1 ms each way, and the thread
        then competes with the event loop for the GIL while the SDK builds
        the request, which together was most of the pipeline's time to
        first token. It runs here only when no work is queued (so order is
        kept) and the connection is free, with no busy timeout (another
        process's write lock sends it to the thread, which waits) and no
        automatic checkpoint (see :meth:`_checkpoint_now_and_then`).
        ``work`` must be one short transaction or a point read.
        """
        loop = asyncio.get_running_loop()
        db = self._db
        if db is None or self._queued or not self._lock.acquire(blocking=False):
            return self.submit(work)
        future: asyncio.Future[T] = loop.create_future()
        try:
            future.set_result(self._tracked(self._once, work))
        except _Busy:
            return self.submit(work)
        except Exception as exc:
            future.set_exception(exc)
        finally:
            self._lock.release()
        self._checkpoint_now_and_then()
        return future

    def _checkpoint_now_and_then(self) -> None:
        """Queue the checkpoint the calls made here skipped, every so many.

        When they are the only writes (every new chat refused by a cap),
        nothing else would ever checkpoint and the WAL would grow without
        bound. A call here writes a few pages (a 20,000-character prompt
        with its index entries ~15), so this stays under SQLite's own point
        of 1,000 pages.
        """
        self._skipped += 1
        if self._skipped < CHECKPOINT_EVERY:
            return
        self._skipped = 0
        done = self.submit(lambda db: db.execute("PRAGMA wal_checkpoint(PASSIVE)"))
        done.add_done_callback(_log_failure)

    def _once(self, work: Callable[[Database], T]) -> T:
        """``work(db)`` once, never waiting: :class:`_Busy` if it would."""
        db = self._db
        conn = db.conn  # type: ignore[union-attr]
        waits = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            return work(db)  # type: ignore[arg-type]
        except sqlite3.OperationalError as exc:
            if _waits(exc):
                raise _Busy from None
            raise
        except UnicodeDecodeError as exc:
            raise recovery.undecodable(exc) from None
        finally:
            conn.execute(f"PRAGMA busy_timeout = {waits}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")

    def _call(self, work: Callable[[Database], T]) -> T:
        with self._lock:
            return self._tracked(self._retry, work)

    def _tracked(
        self, run: Callable[[Callable[[Database], T]], T],
        work: Callable[[Database], T],
    ) -> T:
        """``run(work)``, noting damage SQLite reports and the file's own
        changes (:mod:`jarvis.store.checkup`)."""
        before = checkup.identity(self.path)
        try:
            return run(work)
        except sqlite3.DatabaseError as exc:
            if recovery.is_corruption(exc):
                checkup.suspect(self.path, "SQLite reported damage while "
                                "Jarvis used the file")
            raise
        finally:
            self._note_own_write(before)

    def _note_own_write(self, before: list[int] | None) -> None:
        """Record a change to the file made during one of this process's
        calls (an automatic checkpoint): it is not another program's."""
        if self._seen is None:
            return  # a change nobody recorded was seen: close will say so
        if before is None:
            return  # this call created the file (the first open) and noted it
        if before != self._seen:
            # Changed between this process's calls: another Jarvis's
            # checkpoint (it recorded it), or another program (nobody did).
            recorded = before == checkup.baseline(self.path)
            self._seen = before if recorded else None
            if not recorded:
                return
        after = checkup.identity(self.path)
        if after != before:
            self._seen = after
            checkup.wrote(self.path, after)

    def _retry(self, work: Callable[[Database], T]) -> T:
        db = self._db
        for attempt in range(1, _LOCK_RETRIES + 1):
            try:
                return work(db)  # type: ignore[arg-type]
            except UnicodeDecodeError as exc:
                # The store's work decodes no bytes itself: this is SQLite's
                # error text quoting a damaged schema (recovery.Undecodable).
                raise recovery.undecodable(exc) from None
            except sqlite3.OperationalError as exc:
                if not _waits(exc):
                    raise
                if attempt == _LOCK_RETRIES:
                    raise
                log.warning("database locked, retrying (attempt %d)", attempt)
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    async def erase(self) -> None:
        """Delete every row of every table, then VACUUM so nothing remains
        in free pages, and truncate the WAL. Damaged copies set aside at
        earlier starts hold the same kind of data: they are deleted too."""

        def work(db: Database) -> None:
            with db.atomic():
                # The sums first: spend's delete triggers then have
                # nothing to subtract (seconds, not minutes, on a big log).
                rollup.forget_all(db)
                for table in ("messages", "conversations", "spend"):
                    # Table names are the literals above, never input.
                    db.execute(f"DELETE FROM {table}")  # nosec B608
            db.execute("VACUUM")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for copy in recovery.set_aside(self.path):
                copy.unlink()
                log.info("deleted the damaged copy %s", copy)

        await self.run(work)

    async def close(self) -> None:
        """Close the connection and stop the database thread, once the work
        queued before has run, and what it queued next (a stopped attempt's
        settle, queued once its reservation is in)."""
        while self._queued:
            await asyncio.wait(set(self._queued))
            # What the finished work's waiters queue next, they queue within
            # a few turns of the loop.
            await asyncio.sleep(FOLLOW_UP_S)
        if self._db is not None:
            await asyncio.get_running_loop().run_in_executor(
                self._executor, self._close_sync)
        self._executor.shutdown(wait=True)

    def _close_sync(self) -> None:
        with self._lock:
            db, self._db = self._db, None
        if db is None:
            return  # closed by an earlier call
        before = checkup.identity(self.path)
        db.conn.close()
        # Closed cleanly: the next open needs no check for this run, unless
        # the file changed in a way no Jarvis wrote it.
        checkup.closed(self.path, self._mark, before, self._seen)
        self._mark = None


def _log_failure(done: asyncio.Future[Any]) -> None:
    if not done.cancelled() and done.exception() is not None:
        log.warning("a checkpoint failed: %s", type(done.exception()).__name__)


def _waits(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds a lock."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) \
        or "locked" in str(exc) or "busy" in str(exc)


def _create(path: Path) -> None:
    """Create an empty WAL database at ``path`` unless one appears first.

    Built under a temporary name and hard-linked into place, so no other
    process ever sees it at 0 bytes (which :mod:`recovery` treats as lost
    data). Where hard links are not supported, SQLite creates it in place.
    """
    # FIXME:db-create-temp: a process killed in the few milliseconds
    # between connect and unlink leaves this file behind; nothing sweeps it.
    temporary = path.with_name(f"{path.name}.new-{os.getpid()}")
    conn = sqlite3.connect(temporary)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    try:
        os.link(temporary, path)
    except FileExistsError:
        log.debug("another process created the database first")
    except OSError as exc:
        log.debug("cannot hard-link the new database (%s)", exc.strerror)
    finally:
        temporary.unlink()


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted conversations are overwritten, not left in free pages.
    conn.execute("PRAGMA secure_delete = ON")
    # As under sqlite-utils, which opened this connection before.
    conn.execute("PRAGMA recursive_triggers = ON")


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations; sqlite-utils is imported only if any are."""
    if not schema.pending(conn):
        return
    from sqlite_utils import Database as Migrating

    # One transaction: two processes starting together migrate once (C14);
    # the second finds nothing pending once it has the lock.
    conn.execute("BEGIN IMMEDIATE")
    try:
        # No sqlite-utils plugins: Jarvis uses none, and finding them
        # scans every installed package (~15 ms).
        schema.migrations().apply(Migrating(conn, execute_plugins=False))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    log.info("database migrated to %s", schema.NAMES[-1])
