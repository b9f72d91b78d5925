"""``python -m ui.probe``: what ``jarvis doctor`` learns about the display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _probe(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.probe"], cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_offscreen_reports_platform_and_no_tray() -> None:
    done = _probe(QT_QPA_PLATFORM="offscreen")

    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["platform"] == "offscreen"
    assert found["tray"] is False
    assert found["screens"] == 1
    assert str(found["qt"]).startswith("6.")


def test_no_display_fails_in_the_child_not_the_doctor() -> None:
    done = _probe(QT_QPA_PLATFORM="", DISPLAY="", WAYLAND_DISPLAY="")

    assert done.returncode != 0
    assert done.stdout == ""
    assert "platform plugin" in done.stderr
