"""The shared fixtures in tests/conftest.py do what every test relies on."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import FakeKeys


def test_each_test_has_its_own_jarvis_home(jarvis_home: Path, tmp_path: Path) -> None:
    assert os.environ["JARVIS_HOME"] == str(jarvis_home)
    assert jarvis_home.is_dir()
    assert tmp_path in jarvis_home.parents


def test_provider_keys_from_the_environment_are_cleared() -> None:
    for name in (
        "ANTHROPIC_API_KEY",
        "OPENAI_API_KEY",
        "GEMINI_API_KEY",
        "GOOGLE_API_KEY",
    ):
        assert name not in os.environ


def test_qt_runs_offscreen_unless_told_otherwise() -> None:
    assert os.environ.get("QT_QPA_PLATFORM")


def test_fake_keys_are_fresh_and_obviously_fake(fake_keys: FakeKeys) -> None:
    first, second = fake_keys.new("openai"), fake_keys.new("openai")
    assert first != second
    assert first.startswith("sk-test-openai-")


def test_fake_keys_catch_a_key_logged_at_debug_C10(fake_keys: FakeKeys) -> None:
    key = fake_keys.new()
    logging.getLogger("jarvis.example").debug("request with %s", key)
    logging.getLogger("jarvis.example").info("request with %s", key[-4:])

    watch = fake_keys._watch
    assert watch.leaks == ["jarvis.example:DEBUG"]
    watch.leaks.clear()  # the leak was this test's point, not a failure
