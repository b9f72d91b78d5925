"""Owner tokens of spend rows: a live writer is never taken for a dead one."""

from __future__ import annotations

import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from jarvis import processes


def test_this_process_is_alive() -> None:
    assert processes.alive(processes.token())


def test_a_finished_process_is_dead() -> None:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)

    assert not processes.alive(f"{child.stdout.strip()}:1")


def test_a_running_process_is_alive_until_it_ends() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        owner = processes._token_of(child.pid)
        assert processes.alive(owner)
        assert not processes.alive(f"{child.pid}:not-its-start-time")
    finally:
        child.kill()
        child.wait()
    assert not processes.alive(owner)


def test_garbage_owner_is_dead() -> None:
    assert not processes.alive(None)
    assert not processes.alive("")
    assert not processes.alive("x:y")


class _FakeKernel32:
    """Win32 calls as Windows answers them, for a table of pids."""

    def __init__(self, exit_codes: dict[int, int], denied: set[int]) -> None:
        self.exit_codes, self.denied, self.closed = exit_codes, denied, 0
        self._last_error = 0

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        assert access == processes._QUERY_LIMITED_INFORMATION and not inherit
        if pid in self.denied:
            self._last_error = processes._ERROR_ACCESS_DENIED
            return 0
        if pid not in self.exit_codes:
            self._last_error = 87  # ERROR_INVALID_PARAMETER: no such pid
            return 0
        return pid

    def GetLastError(self) -> int:
        return self._last_error

    def GetExitCodeProcess(self, handle: int, code: object) -> int:
        code._obj.value = self.exit_codes[handle]  # type: ignore[attr-defined]
        return 1

    def CloseHandle(self, handle: int) -> int:
        self.closed += 1
        return 1


def test_on_windows_liveness_is_asked_without_a_signal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # os.kill(pid, 0) on Windows sends CTRL_C_EVENT: it must never be used.
    import ctypes
    import os

    kernel32 = _FakeKernel32({101: processes._STILL_ACTIVE, 102: 0}, denied={103})
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=kernel32),
                        raising=False)

    def no_signals(pid: int, sig: int) -> None:
        raise AssertionError("a signal was sent")

    monkeypatch.setattr(os, "kill", no_signals)

    assert processes.alive("101:")
    assert not processes.alive("102:"), "exited, handle still open somewhere"
    assert processes.alive("103:"), "another user's process is running"
    assert not processes.alive("104:"), "no such process"
    assert kernel32.closed == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc states")
def test_a_killed_process_not_reaped_yet_is_dead() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        owner = processes._token_of(child.pid)
        child.kill()
        for _ in range(200):  # until the kernel has made it a zombie
            if processes._state(child.pid) == "Z":
                break
            time.sleep(0.01)
        assert processes._state(child.pid) == "Z"
        assert not processes.alive(owner), "a zombie settles nothing"
    finally:
        child.kill()
        child.wait()
