"""Settings changes keep the user's file readable and never break it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jarvis import settings
from jarvis.errors import ConfigError

ORIGINAL = """\
# My Jarvis settings
fallback = ["anthropic", "openai"]  # cheapest first

[limits]
daily_usd = 5   # a hard cap
"""


def test_comments_and_layout_survive(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(ORIGINAL)

    config = settings.update(path, {"limits.daily_usd": Decimal("2.50"),
                                    "limits.monthly_usd": Decimal(20),
                                    "providers.openai.rpm": 30})

    text = path.read_text()
    assert "# My Jarvis settings" in text and "# cheapest first" in text
    assert 'daily_usd = "2.50"   # a hard cap' in text
    assert config.limits.daily_usd == Decimal("2.50")
    assert config.providers["openai"].rpm == 30


def test_an_invalid_change_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(ORIGINAL)

    with pytest.raises(ConfigError) as caught:
        settings.update(path, {"limits.daily_usd": -1})

    assert "limits.daily_usd: must not be negative" in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_text() == ORIGINAL
    assert not (tmp_path / "config.toml.new").exists()


def test_remove_returns_to_the_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(ORIGINAL)

    config = settings.update(path, {"limits.daily_usd": settings.REMOVE,
                                    "tiers.best": settings.REMOVE})

    assert config.limits.daily_usd == Decimal(5)
    assert "daily_usd" not in path.read_text()


def test_a_missing_file_is_created_user_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"

    config = settings.update(path, {"fallback": ("openai",)})

    assert config.fallback == ("openai",)
    assert path.stat().st_mode & 0o077 == 0


def test_a_broken_file_is_reported_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("fallback = [\n")

    with pytest.raises(ConfigError):
        settings.update(path, {"limits.daily_usd": 1})

    assert path.read_text() == "fallback = [\n"
