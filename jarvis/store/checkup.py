"""When the database file gets its ``PRAGMA quick_check`` at open.

quick_check reads every page: tens of milliseconds on a 70 MB spend log,
paid at every start when it ran at every open. It now runs only when
damage is plausible (:func:`reason`):

- there is no record of an earlier check (a new or upgraded install, or the
  record was lost);
- a Jarvis process that had the file open is gone without closing it
  (crash, kill, power loss): its open mark is still there;
- a Jarvis that had the file open saw it change in a way no Jarvis wrote it
  (:func:`closed`, below), or SQLite reported damage while it was in use
  (:func:`suspect`);
- the file is not as a Jarvis last recorded it (its size, modification
  time or inode differ) while no Jarvis has it open: another program
  wrote, truncated or replaced it (a sync tool, a restore, an editor);
- a non-empty WAL is left while no Jarvis has the file open (a crash from
  before open marks existed, or another program still holds it);
- the last check is more than :data:`CHECK_EVERY` old.

While a Jarvis has the file open, only Jarvis's own checkpoints should
change it (in WAL mode the main file is written by checkpoints alone). The
store (:mod:`jarvis.store.db`) knows the file's identity at open (as last
recorded, not as found, when another Jarvis already has it open); when one
of its own calls changed the file (an automatic checkpoint), it records the
new identity (:func:`wrote`); at close it compares: a change that neither it
nor another Jarvis recorded came from another program, and the next open
checks the file. The cost is two ``stat`` calls per database call and one at
close, whatever the file's size.

FIXME:checkup-foreign-writes: the identity is size, mtime and inode, so a
foreign write that lands during one of this process's own checkpointing
calls, or in the same timestamp tick as a recorded write and at the same
size, or that restores the mtime, passes as Jarvis's; and two processes
updating the record at the same moment can lose one update (no lock across
processes). The weekly check is the backstop for those.

Files beside ``jarvis.sqlite3``, none holding user data:

- ``jarvis.sqlite3.open-<pid>-<start>-<n>``: one per open :class:`Store`,
  made before the database is opened and removed after it is closed. The
  pid and start time name the process (:mod:`jarvis.processes`), so a pid
  reused by another program does not pass for a live Jarvis.
- ``jarvis.sqlite3.checked``: JSON with the time of the last check that
  found the file sound, how the file looked after the last write a Jarvis
  recorded (``closed``), and why it must be checked (``suspect``), if so.

Everything here is advice: a mark or record that cannot be written or read
makes the next open check (never skip), and never stops an open.
:mod:`jarvis.store.db` calls these functions around its own open and close.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jarvis import processes

log = logging.getLogger(__name__)

CHECK_EVERY = timedelta(days=7)
_MARK = ".open-"
_RECORD = ".checked"
_numbers = itertools.count(1)
# Two closes in one process (two stores) must not interleave the record.
_record_lock = threading.Lock()


def reason(path: Path, now: datetime | None = None) -> str | None:
    """Why the file at ``path`` should be checked now, or None (call it
    before this process marks its own open)."""
    now = now or datetime.now(UTC)
    record = _read_record(path)
    marks = [_owner(mark) for mark in _marks(path)]
    if any(not processes.alive(owner) for owner in marks):
        return "a Jarvis process that had it open did not close it"
    if record is None or "checked_at" not in record:
        return "no record of an earlier check"
    if now - _time(record["checked_at"]) > CHECK_EVERY:
        return f"last checked more than {CHECK_EVERY.days} days ago"
    if record.get("suspect"):
        return str(record["suspect"])
    if marks:
        # Open in another Jarvis: it may change, and that Jarvis compares
        # at its close (closed()); this one starts from the recorded state.
        return None
    if _wal_size(path) > 0:
        return "a WAL was left behind"
    if record.get("closed") != identity(path):
        return "the file changed since Jarvis last closed it"
    return None


def mark_open(path: Path) -> Path | None:
    """Mark ``path`` open by this process; the mark (None if it cannot be
    written: the next open then checks, as after a crash)."""
    pid, _, start = processes.token().partition(":")
    mark = path.with_name(f"{path.name}{_MARK}{pid}-{start}-{next(_numbers)}")
    try:
        mark.touch()
    except OSError as exc:
        log.debug("cannot mark the database open (%s)", exc.strerror)
        return None
    return mark


def checked(path: Path, now: datetime | None = None) -> None:
    """Record a check that found ``path`` sound (or replaced it) and how the
    file looks now, and forget the marks of processes that died with it
    open."""
    for mark in _marks(path):
        if not processes.alive(_owner(mark)):
            unmark(mark)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    _update_record(path, checked_at=stamp, closed=identity(path), suspect=None)


def baseline(path: Path) -> list[int] | None:
    """The file's identity as a Jarvis last recorded it (after an open that
    ran no check: what this process may expect to find at its close)."""
    record = _read_record(path) or {}
    found = record.get("closed")
    return found if isinstance(found, list) else None


def wrote(path: Path, now: list[int] | None) -> None:
    """Record that this process changed the file to ``now`` (a checkpoint
    in one of its own calls)."""
    _update_record(path, closed=now)


def suspect(path: Path, why: str) -> None:
    """Make the next open check the file, saying ``why``."""
    log.warning("the database file is checked at the next open: %s", why)
    _update_record(path, suspect=why)


def closed(path: Path, mark: Path | None, before: list[int] | None,
           seen: list[int] | None) -> None:
    """After a clean close: remember how the file looks, drop the mark.

    Args:
        before: the file's identity just before the connection closed.
        seen: what this process last knew the file as (at open, or after
            its own last write).

    A file that changed otherwise, and not as another Jarvis recorded
    either, was written by another program: it is not recorded as the
    clean state, and the next open checks it.
    """
    if before != seen and before != baseline(path):
        suspect(path, "the file changed while a Jarvis had it open, not by "
                "Jarvis's own writes")
    else:
        _update_record(path, closed=identity(path))
    unmark(mark)


def unmark(mark: Path | None) -> None:
    """Remove an open mark (this process's after a failed open, or a dead
    process's once the file was checked)."""
    if mark is None:
        return
    try:
        mark.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("cannot remove the open mark %s (%s)", mark.name, exc.strerror)


def _marks(path: Path) -> list[Path]:
    try:
        return list(path.parent.glob(f"{path.name}{_MARK}*"))
    except OSError:
        return []


def _owner(mark: Path) -> str:
    """The process token of ``...open-<pid>-<start>-<n>``."""
    pid_start = mark.name.rpartition(_MARK)[2].rpartition("-")[0]
    pid, _, start = pid_start.partition("-")
    return f"{pid}:{start}"


def identity(path: Path) -> list[int] | None:
    """What changes whenever the file's bytes do (None: no file)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    # Not the ctime: Jarvis's own start (paths.ensure) chmods the file,
    # which moves it without changing a byte.
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _wal_size(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except OSError:
        return 0


def _time(text: Any) -> datetime:
    try:
        when = datetime.fromisoformat(str(text))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.with_name(path.name + _RECORD).read_text())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _update_record(path: Path, **changes: Any) -> None:
    target = path.with_name(path.name + _RECORD)
    temporary = target.with_name(f"{target.name}.{os.getpid()}")
    with _record_lock:
        record = {**(_read_record(path) or {}), **changes}
        try:
            temporary.write_text(json.dumps(record))
            os.replace(temporary, target)
        except OSError as exc:
            log.debug("cannot record the database check (%s)", exc.strerror)
            temporary.unlink(missing_ok=True)
