"""kill -9 in the middle of a stream: nothing lost, nothing double-counted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.test_cli import ROOT, jarvis


def start_stream(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "JARVIS_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "jarvis", "ask", "--demo", "-p", "openai",
         "[[sim: tokens=4000 rate=400]]"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_text(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    process.stdout.read(40)  # the reply has started streaming


def rows(home: Path) -> list[dict[str, object]]:
    done = jarvis(home, "usage", "--json")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout)["rows"])


def test_kill_9_mid_stream_leaves_an_interrupted_row(tmp_path: Path) -> None:
    process = start_stream(tmp_path)
    wait_for_text(process)

    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)

    found = rows(tmp_path)
    assert [(r["status"], r["error_kind"]) for r in found] == [
        ("interrupted", "process_exit")]
    assert float(str(found[0]["charged_usd"])) > 0, "the reservation still counts"


def test_a_running_stream_is_not_marked_by_another_process(tmp_path: Path) -> None:
    process = start_stream(tmp_path)
    try:
        wait_for_text(process)
        during = rows(tmp_path)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)

    assert [r["status"] for r in during] == ["pending"]


def test_sigterm_mid_stream_saves_the_partial_reply(tmp_path: Path) -> None:
    process = start_stream(tmp_path)
    wait_for_text(process)
    time.sleep(0.3)

    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=30)

    assert process.returncode == 143, errors
    found = rows(tmp_path)
    assert [r["status"] for r in found] == ["cancelled"]
