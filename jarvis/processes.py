"""Tells whether the process that wrote a row is still running.

A token is ``"pid:start"``, where ``start`` is the process's start time
from ``/proc`` on Linux (so a reused pid is not mistaken for the writer), or
empty where ``/proc`` does not exist.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path


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
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # running, under another user
    return not start or _start_time(pid) == start


def _token_of(pid: int) -> str:
    return f"{pid}:{_start_time(pid)}"


def _start_time(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # Field 22, counted after the command name, which may contain spaces.
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""
