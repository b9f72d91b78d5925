"""Owner tokens of spend rows: a live writer is never taken for a dead one."""

from __future__ import annotations

import subprocess
import sys

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
