"""``jarvis --version`` and a man-page quality ``--help`` for every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarvis import __version__
from tests.e2e.test_cli import jarvis

COMMANDS = ("gui", "quick-ask", "ask", "usage", "keys", "data", "doctor",
            "simulate")


def test_version_names_the_release(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "--version")
    assert done.returncode == 0
    assert done.stdout == f"jarvis {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_full_help_page(tmp_path: Path, command: str) -> None:
    home = tmp_path / "home"
    done = jarvis(home, command, "--help", env={"COLUMNS": "88"})

    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith(f"usage: jarvis {command} ")
    for section in ("examples:\n  jarvis", "exit codes:\n  0  done",
                    "6  could not save", "files (on Linux",
                    "jarvis.sqlite3.broken-", "environment:\n  JARVIS_HOME",
                    "JARVIS_DEBUG", "ANTHROPIC_API_KEY", "OPENAI_API_KEY",
                    "GEMINI_API_KEY"):
        assert section in text, f"{command} --help lacks {section!r}"
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 20, "a real description"
    assert max(len(line) for line in text.splitlines()) <= 88
    assert not home.exists(), "--help writes nothing"


def test_program_help_lists_every_command(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "--help", env={"COLUMNS": "88"})
    assert done.returncode == 0
    for command in COMMANDS:
        assert f"\n    {command}" in done.stdout
    assert "Run `jarvis COMMAND --help`" in done.stdout
    assert "5  jarvis doctor found a problem" in done.stdout
