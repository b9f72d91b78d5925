"""Tells whether the process that wrote a row is still running.

A token is ``"pid:start"``, where ``start`` is the process's start time
from ``/proc`` on Linux (so a reused pid is not mistaken for the writer), or
empty where ``/proc`` does not exist.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

# Win32 values (processthreadsapi.h, winerror.h, minwinbase.h).
_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_ACCESS_DENIED = 5
_STILL_ACTIVE = 259


@functools.cache
def token() -> str:
    """This process's token."""
    return _token_of(os.getpid())


def alive(owner: str | None) -> bool:
    """Whether the process named by ``owner`` is still running."""
    if not owner:
        return False
    pid_text, _, start = owner.partition(":")
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return owner == token()
    if not _running(pid):
        return False
    return not start or _start_time(pid) == start


def _running(pid: int) -> bool:
    if sys.platform == "win32":
        return _running_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the pid exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # running, under another user
    # A killed process its parent has not reaped yet (a zombie) still has
    # its pid, but it will never settle its rows or close its files.
    return _state(pid) != "Z"


def _state(pid: int) -> str:
    """The process's state letter from ``/proc`` ("" where there is none)."""
    fields = _stat_fields(pid)
    return fields[0] if fields else ""


def _running_windows(pid: int) -> bool:
    """Ask Windows about ``pid`` without touching it.

    Not ``os.kill(pid, 0)``: on Windows signal 0 is CTRL_C_EVENT, which
    would interrupt every process sharing that console (or terminate one).
    FIXME:windows written from the Win32 documentation, never run there.
    """
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # No such process, or one we may not open (another user's): only
        # a missing one is dead; the row's owner is then kept as running.
        return bool(kernel32.GetLastError() == _ERROR_ACCESS_DENIED)
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _token_of(pid: int) -> str:
    return f"{pid}:{_start_time(pid)}"


def _start_time(pid: int) -> str:
    # Field 22 of /proc/<pid>/stat.
    fields = _stat_fields(pid)
    return fields[19] if len(fields) > 19 else ""


def _stat_fields(pid: int) -> list[str]:
    """``/proc/<pid>/stat`` from field 3 (the state) on; [] without /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    # Counted after the command name, which may contain spaces.
    return stat.rpartition(")")[2].split()
