"""Each JARVIS_HOME keeps its own window settings (picks, geometry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import settings


def test_a_home_folder_has_its_own_window_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qt_settings: Path,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    monkeypatch.setenv("JARVIS_HOME", str(first))
    settings.write(settings.PROVIDER, "gemini")
    monkeypatch.setenv("JARVIS_HOME", str(second))
    assert settings.read_text(settings.PROVIDER) == ""
    settings.write(settings.PROVIDER, "openai")
    monkeypatch.setenv("JARVIS_HOME", str(first))
    assert settings.read_text(settings.PROVIDER) == "gemini"

    settings.store().sync()
    assert "gemini" in (first / "window.ini").read_text(encoding="utf-8")
    monkeypatch.delenv("JARVIS_HOME")
    assert settings.read_text(settings.PROVIDER) == "", "the default profile"
