"""make install-desktop / uninstall-desktop into a private XDG_DATA_HOME."""

from __future__ import annotations

import configparser
import os
from pathlib import Path

import pytest

from tests.packaging.support import (
    ICON_SIZES,
    METAINFO_ID,
    ROOT,
    png_size,
    run,
    tool,
)

EXPECTED = (
    ["applications/jarvis.desktop"]
    + [f"icons/hicolor/{s}x{s}/apps/jarvis.png" for s in ICON_SIZES]
    + ["icons/hicolor/scalable/apps/jarvis.svg",
       f"metainfo/{METAINFO_ID}.metainfo.xml"]
)


@pytest.fixture
def data_home(tmp_path: Path) -> Path:
    home = tmp_path / "xdg data"
    home.mkdir()
    return home


def fake_jarvis(folder: Path) -> Path:
    """An executable standing in for the installed jarvis command."""
    folder.mkdir(parents=True, exist_ok=True)
    command = folder / "jarvis"
    command.write_text("#!/bin/sh\nexit 0\n")
    command.chmod(0o755)
    return command


def make(target: str, data_home: Path, *args: str) -> tuple[int, str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    done = run([tool("make"), "-s", "-C", str(ROOT), target, *args], env=env)
    return done.returncode, done.stdout + done.stderr


def entry(data_home: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(data_home / "applications" / "jarvis.desktop", encoding="utf-8")
    return parser


def test_install_puts_entry_icons_and_metainfo_under_xdg_data_home(
        data_home: Path, tmp_path: Path) -> None:
    command = fake_jarvis(tmp_path / "bin")
    status, output = make("install-desktop", data_home, f"JARVIS={command}")
    assert status == 0, output

    for name in EXPECTED:
        assert (data_home / name).is_file(), name
    for size in ICON_SIZES:
        icon = data_home / f"icons/hicolor/{size}x{size}/apps/jarvis.png"
        assert png_size(icon) == (size, size)
    svg = data_home / "icons/hicolor/scalable/apps/jarvis.svg"
    assert svg.read_bytes() == (ROOT / "resources/icons/jarvis.svg").read_bytes()


def test_installed_entry_starts_the_command_by_its_absolute_path(
        data_home: Path, tmp_path: Path) -> None:
    command = fake_jarvis(tmp_path / "bin")
    status, output = make("install-desktop", data_home, f"JARVIS={command}")
    assert status == 0, output

    installed = entry(data_home)
    assert installed["Desktop Entry"]["Exec"] == f"{command} gui"
    assert installed["Desktop Entry"]["TryExec"] == str(command)
    assert installed["Desktop Action quick-ask"]["Exec"] == f"{command} quick-ask"
    done = run([tool("desktop-file-validate"),
                str(data_home / "applications" / "jarvis.desktop")])
    assert done.returncode == 0, done.stdout


def test_a_command_path_with_spaces_is_quoted(
        data_home: Path, tmp_path: Path) -> None:
    command = fake_jarvis(tmp_path / "My Apps" / "bin")
    status, output = make("install-desktop", data_home, f"JARVIS={command}")
    assert status == 0, output

    installed = entry(data_home)
    assert installed["Desktop Entry"]["Exec"] == f'"{command}" gui'
    done = run([tool("desktop-file-validate"),
                str(data_home / "applications" / "jarvis.desktop")])
    assert done.returncode == 0, done.stdout


def test_a_command_path_the_entry_cannot_hold_is_refused(
        data_home: Path, tmp_path: Path) -> None:
    # Called directly: make itself would expand the $ on its command line.
    command = fake_jarvis(tmp_path / "$HOME")
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    done = run([str(ROOT / "scripts" / "install-desktop.sh"), "--exec",
                str(command)], env=env)
    assert done.returncode != 0
    assert "cannot start safely" in done.stderr
    assert not (data_home / "applications" / "jarvis.desktop").exists()


def test_a_missing_command_is_refused(data_home: Path, tmp_path: Path) -> None:
    status, output = make("install-desktop", data_home,
                          f"JARVIS={tmp_path / 'nowhere' / 'jarvis'}")
    assert status != 0
    assert "not an executable file" in output
    assert not (data_home / "applications").exists()


def test_uninstall_removes_what_install_put_there_and_nothing_else(
        data_home: Path, tmp_path: Path) -> None:
    command = fake_jarvis(tmp_path / "bin")
    status, output = make("install-desktop", data_home, f"JARVIS={command}")
    assert status == 0, output
    neighbours = [data_home / "applications" / "other.desktop",
                  data_home / "icons/hicolor/48x48/apps/other.png",
                  data_home / "metainfo" / "org.example.Other.metainfo.xml"]
    for path in neighbours:
        path.write_text("someone else's\n")

    status, output = make("uninstall-desktop", data_home)
    assert status == 0, output

    for name in EXPECTED:
        assert not (data_home / name).exists(), name
    for path in neighbours:
        assert path.read_text() == "someone else's\n"


def test_uninstall_when_nothing_is_installed_succeeds(data_home: Path) -> None:
    status, output = make("uninstall-desktop", data_home)
    assert status == 0, output
    assert list(data_home.iterdir()) == []
