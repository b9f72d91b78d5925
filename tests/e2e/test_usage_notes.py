"""The notes `jarvis usage` and `jarvis ask` print: caps, tier fallbacks."""

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


def test_ask_best_without_the_tier_says_it_uses_default(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "-t", "best", "Hi [[sim: tokens=3]]")

    assert done.returncode == 0, done.stderr
    assert 'jarvis: tier "best" is not set in config.toml' in done.stderr
    assert "using the default tier" in done.stderr


def test_an_unknown_tier_lists_best_like_the_help(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "-t", "turbo", "Hi")
    helped = jarvis(tmp_path, "ask", "--help")

    assert done.returncode != 0
    assert "choose one of auto, fast, default, best" in done.stderr
    assert "fast, default, best" in " ".join(helped.stdout.split())
