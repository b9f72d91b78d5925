"""packaging/jarvis.desktop: the menu entry a freedesktop desktop reads."""

from __future__ import annotations

import configparser
import re

from tests.packaging.support import DESKTOP_FILE, ROOT, run, tool

# The main categories of the freedesktop menu specification: an entry that
# names more than one shows up in more than one menu.
MAIN_CATEGORIES = {
    "AudioVideo", "Audio", "Video", "Development", "Education", "Game",
    "Graphics", "Network", "Office", "Science", "Settings", "System", "Utility",
}


def read_entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser


def test_desktop_file_passes_desktop_file_validate() -> None:
    done = run([tool("desktop-file-validate"), str(DESKTOP_FILE)])
    assert done.returncode == 0, done.stdout + done.stderr
    # Hints (such as two main categories) are printed but do not fail it.
    assert done.stdout.strip() == ""


def test_desktop_file_has_the_keys_a_launcher_needs() -> None:
    entry = read_entry()["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Jarvis"
    assert entry["Exec"] == "jarvis gui"
    assert entry["TryExec"] == "jarvis"
    assert entry["Icon"] == "jarvis"
    assert entry["Terminal"] == "false"
    categories = [c for c in entry["Categories"].split(";") if c]
    assert len(MAIN_CATEGORIES.intersection(categories)) == 1


def test_every_declared_action_has_a_group_that_runs_jarvis() -> None:
    entry = read_entry()
    actions = [a for a in entry["Desktop Entry"]["Actions"].split(";") if a]
    assert actions == ["quick-ask"]
    assert entry["Desktop Action quick-ask"]["Exec"] == "jarvis quick-ask"


def test_file_name_is_the_desktop_file_name_the_app_announces() -> None:
    # On Wayland the window's app id must name the installed .desktop file,
    # or the dock shows a generic icon for the running app.
    source = (ROOT / "ui" / "app.py").read_text(encoding="utf-8")
    announced = re.findall(r'setDesktopFileName\("([^"]+)"\)', source)
    assert announced == [DESKTOP_FILE.stem]
    assert read_entry()["Desktop Entry"]["StartupWMClass"] == DESKTOP_FILE.stem
