"""A database file that SQLite cannot use: how it is recognised, and kept.

A crash, a full disk or a sync tool can leave ``jarvis.sqlite3`` truncated or
overwritten. Jarvis must still start, and must never delete the user's data
silently: the broken file and its ``-wal`` and ``-shm`` companions are
renamed with a UTC timestamp (``jarvis.sqlite3.broken-20261204T183000Z`` and
``...-wal``), so SQLite still pairs them if someone opens the copy to rescue
rows, and a fresh database takes their place. The caller tells the user
where the copy went (:class:`MovedAside`).

Only corruption moves a file. A locked, read-only or missing database is a
different problem with a different fix, and is left exactly where it is.

The check at start (:func:`check_file`) runs when
:mod:`jarvis.store.checkup` finds damage plausible (an unclean exit, a file
changed behind Jarvis's back, a week since the last check), on a read-only
connection. A
read-write connection would checkpoint the WAL into the damaged file when
it closes and delete the WAL, so the copy set aside would no longer be what
was found. A reader still writes its read marks into ``-shm``, so the
``-shm`` bytes are read before the check and the copy gets those.

SQLite's error text can quote names and SQL from the damaged schema. When
those bytes are not UTF-8, Python cannot build the ``sqlite3`` error and
raises ``UnicodeDecodeError`` instead; Jarvis writes only ASCII names, so
such an error from the file counts as damage (:class:`Undecodable`). Any
SQLite text that reaches a log or the user goes through :func:`printable`
first: junk bytes and control characters are escaped, never written raw.

An existing file of 0 bytes (with no WAL) counts as damaged: Jarvis creates
the file with its header already written (:mod:`jarvis.store.db`), so an
empty one means the data was truncated away, and the user is told it was
lost. It is set aside like any damaged file, for a uniform story and so the
time it was found is on record; it holds nothing to rescue.

:mod:`jarvis.store.db` opens the database; it calls :func:`check_file`,
:func:`check` and :func:`move_aside`.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

# SQLite's own verdicts for "this is not a usable database file".
_CORRUPTION_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# SQLite's codes for a write the disk or the folder refused.
_WRITE_CODES = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the data folder or database is read-only",
    sqlite3.SQLITE_CANTOPEN: "the database file cannot be opened or created",
    sqlite3.SQLITE_PERM: "the database file may not be written",
    sqlite3.SQLITE_IOERR: "a disk write failed",
}
_WRITE_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "a file reached its size limit",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "the data folder is not writable",
    errno.EPERM: "the data folder is not writable",
}
# The files SQLite keeps beside a database in WAL mode.
COMPANIONS = ("-wal", "-shm")


class Corrupt(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` found damage in a file that still opened."""


class Undecodable(Corrupt):
    """SQLite's error text was not UTF-8 (names or SQL read from a damaged
    schema), so Python raised ``UnicodeDecodeError`` in its place; the text
    is kept escaped (:func:`printable`)."""


class Empty(Corrupt):
    """The database file exists but holds 0 bytes (and has no WAL)."""


class Unchecked(Exception):
    """The read-only check could not run (locked, unreadable); the
    read-write open is left to report the problem."""


@dataclass(frozen=True, slots=True)
class MovedAside:
    """A broken database that was renamed out of the way.

    Attributes:
        original: where the database was (and a fresh one now is).
        moved_to: the renamed database file.
        problem: plain words for what was wrong, one line.
        empty: the file held 0 bytes: its data was already lost.
    """

    original: Path
    moved_to: Path
    problem: str
    empty: bool = False

    def message(self) -> str:
        """One line for the user (CLI stderr, GUI notice)."""
        if self.empty:
            return (f"The database {self.original} was empty (0 bytes): the "
                    "conversations and spend log it held were lost before "
                    "Jarvis started. A new, empty database was started; the "
                    f"empty file was moved to {self.moved_to}.")
        return (f"The database {self.original} was damaged ({self.problem}). "
                f"It was moved to {self.moved_to} and a new, empty database "
                "was started; your conversations and spend log from before "
                "are in that copy, not deleted.")


def undecodable(exc: UnicodeDecodeError) -> Undecodable:
    """The damage SQLite reported in a message Python could not decode."""
    return Undecodable(printable(exc.object))


def printable(text: str | bytes, limit: int = 300) -> str:
    """SQLite's text made safe to log or show: one line, at most ``limit``
    characters, bytes that are not UTF-8 and every character that is not
    printable ASCII written as escapes (``\\xbe``)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "backslashreplace")
    safe = "".join(c if " " <= c <= "~" else
                   c.encode("unicode_escape").decode("ascii") for c in text)
    return safe if len(safe) <= limit else f"{safe[:limit]}..."


def plain_problem(exc: BaseException) -> str:
    """One plain line for a corruption error (SQLite's own text is not)."""
    if isinstance(exc, Empty):
        return "the file is empty"
    if isinstance(exc, Undecodable):
        return "SQLite reported it as damaged"
    if isinstance(exc, Corrupt):
        return "SQLite found damaged pages"
    code = getattr(exc, "sqlite_errorcode", 0) or 0
    if code & 0xFF == sqlite3.SQLITE_NOTADB:
        return "it is no longer a SQLite database file"
    return "SQLite reported it as damaged"


def is_corruption(exc: BaseException) -> bool:
    """Whether ``exc`` says the database file itself is damaged."""
    if isinstance(exc, Corrupt):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    # Extended codes (SQLITE_CORRUPT_VTAB...) keep the primary in the low byte.
    return isinstance(exc, sqlite3.DatabaseError) and code is not None \
        and code & 0xFF in _CORRUPTION_CODES


def write_failure(exc: BaseException, folder: Path | None = None, *,
                  reply: bool = False) -> str | None:
    """Plain words for a write the disk or folder refused, else None.

    Args:
        exc: an ``sqlite3.Error`` or ``OSError``.
        folder: the data folder, named in the message when given.
        reply: the failure ended a reply (which was shown, not saved).
    """
    why = None
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        why = None if code is None else _WRITE_CODES.get(code & 0xFF)
    elif isinstance(exc, OSError):
        why = _WRITE_ERRNOS.get(exc.errno or 0)
    if why is None:
        return None
    where = f" in {folder}" if folder is not None else ""
    lost = " The reply shown may be missing from the history, and its cost " \
        "may count at its reserved worst case." if reply else ""
    return (f"Jarvis could not save{where}: {why}.{lost} Nothing was "
            "half-written: everything saved before is intact. Free some disk "
            "space or make the folder writable, then try again.")


def check(conn: sqlite3.Connection) -> None:
    """Raise :class:`Corrupt` unless ``PRAGMA quick_check`` says ok.

    quick_check reads every page but skips the index-content comparison of
    integrity_check: tens of milliseconds for a 70 MB file, so it runs only
    when :func:`jarvis.store.checkup.reason` gives one.

    Raises:
        Corrupt: the first problem quick_check reported (or
            :class:`Undecodable`: SQLite's error text was not UTF-8).
        sqlite3.DatabaseError: the file is too damaged to check at all.
    """
    rows = _pragma(conn, "quick_check(1)")
    verdict = rows[0] if rows else "no answer"
    if verdict != "ok":
        raise Corrupt(verdict)


def _pragma(conn: sqlite3.Connection, pragma: str) -> list[str]:
    """The first column of ``PRAGMA <pragma>``'s rows, made printable.

    Raises:
        Undecodable: SQLite's error text was not UTF-8.
        sqlite3.DatabaseError: as SQLite raised it.
    """
    # Rows as bytes: a finding can quote a junk name from the file.
    factory, conn.text_factory = conn.text_factory, bytes
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except UnicodeDecodeError as exc:
        raise undecodable(exc) from None
    finally:
        conn.text_factory = factory
    return [printable(row[0]) if isinstance(row[0], bytes) else str(row[0])
            for row in rows]


def check_file(path: Path) -> MovedAside | None:
    """Check ``path`` read-only; move it aside, untouched, if it is damaged.

    Nothing is done to a missing file. A file SQLite cannot even open
    read-only (permissions, locks) is left for the read-write open to
    report.

    Returns:
        Where a damaged file went, or None when it is fine or missing.

    Raises:
        Unchecked: the check could not run (the file is left as it is).
        OSError: the damaged file could not be moved aside.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    shm = _read_shm(path)
    found = [s for s in COMPANIONS if Path(f"{path}{s}").exists()]
    try:
        if size == 0 and _wal_size(path) == 0:
            raise Empty("0 bytes")
        _check_read_only(path)
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            log.debug("read-only check could not run: %s", exc)
            raise Unchecked(str(exc)) from exc
        _drop_new_companions(path, found)
        return move_aside(path, exc, shm=shm)
    return None


def _drop_new_companions(path: Path, found: list[str]) -> None:
    """Delete the ``-wal``/``-shm`` the check's reader created itself.

    A reader cannot write WAL frames, so a WAL it created is empty and its
    ``-shm`` only indexes that; neither is part of what was found.
    """
    if "-wal" in found or _wal_size(path) > 0:
        return
    for suffix in COMPANIONS:
        if suffix not in found:
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _check_read_only(path: Path) -> None:
    uri = f"{path.absolute().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=5.0)
    try:
        check(conn)
    finally:
        conn.close()


def _wal_size(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        return 0


def _read_shm(path: Path) -> bytes | None:
    """The ``-shm`` bytes as found, before a reader writes its marks."""
    try:
        return Path(f"{path}-shm").read_bytes()
    except OSError:
        return None


def move_aside(path: Path, problem: str | BaseException, *,
               now: datetime | None = None,
               shm: bytes | None = None) -> MovedAside:
    """Rename ``path`` and its WAL companions with a timestamp; never delete.

    Args:
        path: the damaged database.
        problem: the corruption error (told in plain words), or the words.
        now: the time for the name (tests).
        shm: the ``-shm`` bytes as found before the check; the copy gets
            these rather than what the check's reader left.

    Raises:
        OSError: a rename failed (nothing is then deleted either).
    """
    if isinstance(problem, BaseException):
        # SQLite's text can span lines and name b-tree internals: the log
        # keeps it for a bug report, the user gets one plain line.
        log.debug("database damage detail: %s", printable(str(problem)))
        empty = isinstance(problem, Empty)
        problem = plain_problem(problem)
    else:
        empty = False
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = _free_name(path.with_name(f"{path.name}.broken-{stamp}"))
    # Companions first: a database renamed without its WAL would lose the
    # last transactions if anything opened the original name in between.
    for suffix in COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            os.replace(companion, f"{target}{suffix}")
    if shm is not None:
        Path(f"{target}-shm").write_bytes(shm)
    if path.exists():
        os.replace(path, target)
    log.error("database damaged (%s): moved to %s", problem, target)
    return MovedAside(path, target, problem, empty)


def set_aside(path: Path) -> list[Path]:
    """The damaged copies moved aside from ``path`` (with their companions)."""
    return sorted(path.parent.glob(f"{path.name}.broken-*"))


def _free_name(candidate: Path) -> Path:
    """``candidate``, or the same with ``.2``, ``.3``... if it is taken."""
    number = 1
    found = candidate
    while any(Path(f"{found}{s}").exists() for s in ("", *COMPANIONS)):
        number += 1
        found = candidate.with_name(f"{candidate.name}.{number}")
    return found


@dataclass(frozen=True, slots=True)
class Health:
    """What ``jarvis doctor`` reports about the database file.

    Attributes:
        exists: the file is there (a missing one is created at next start).
        problem: None when integrity_check says ok, else its first finding
            or SQLite's error.
        applied: migrations recorded in the file.
        pending: known migrations not applied yet (the next start applies
            them).
    """

    exists: bool
    problem: str | None = None
    applied: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()


def inspect(path: Path) -> Health:
    """Check ``path`` without changing it (read-only, nothing moved)."""
    from jarvis.store import schema

    if not path.exists():
        return Health(exists=False)
    if path.stat().st_size == 0 and _wal_size(path) == 0:
        return Health(exists=True, problem="the file is empty (0 bytes)")
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return Health(exists=True, problem=printable(str(exc)))
    try:
        findings = [f for f in _pragma(conn, "integrity_check(5)") if f != "ok"]
        if findings:
            return Health(exists=True, problem="; ".join(findings))
        applied = tuple(schema.applied(conn))
        pending = tuple(schema.pending(conn))
    except UnicodeDecodeError as exc:
        return Health(exists=True, problem=str(undecodable(exc)))
    except sqlite3.Error as exc:
        return Health(exists=True, problem=printable(str(exc)))
    finally:
        conn.close()
    return Health(exists=True, applied=applied, pending=pending)
