"""The notes under ``jarvis usage`` say what counts toward the caps."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli import jarvis

_REAL_NOTE = "'counted' is what counts toward your spend caps."


def test_demo_only_usage_never_says_demo_spend_counts(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "-p", "openai", "Hi [[sim: tokens=3]]")
    assert done.returncode == 0, done.stderr

    usage = jarvis(tmp_path, "usage")

    assert usage.returncode == 0, usage.stderr
    assert "Demo mode (simulated, no cost)" in usage.stdout
    assert _REAL_NOTE not in usage.stdout
    assert "demo spend never counts toward your caps." in usage.stdout
