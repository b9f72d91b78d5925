"""The single-instance code path Windows takes, run here as far as it can be.

Windows has no uid and no chmod, and QLocalServer speaks named pipes, whose
names are shared by every account on the machine. These tests take the
Windows branch on Linux (the platform check is patched, ``os.getuid`` is
removed) and check names and folders; the pipe's access list itself needs
a Windows machine (FIXME:windows in ui/instance.py).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from ui import instance


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(instance, "_windows", lambda: True)
    monkeypatch.delattr(os, "getuid")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "Temp"))
    (tmp_path / "Temp").mkdir()
    monkeypatch.setenv("USERDOMAIN", "OFFICE")
    monkeypatch.setenv("USERNAME", "ada")
    return tmp_path


def test_the_lock_folder_is_in_the_users_temp_without_uid_or_chmod(
    windows: Path,
) -> None:
    folder = instance.runtime_dir()
    assert folder == windows / "Temp" / "jarvis"
    assert folder.is_dir()


def test_the_pipe_name_is_a_bare_name_unique_per_account_and_folder(
    windows: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = windows / "data"
    path = instance.socket_path(home)
    name = instance.server_name(path)
    assert name == path.name and name.startswith("jarvis-")
    assert "\\" not in name and "/" not in name, "one pipe-name component"
    assert instance.server_name(instance.socket_path(windows / "other")) != name

    monkeypatch.setenv("USERNAME", "grace")
    assert instance.server_name(instance.socket_path(home)) != name, \
        "pipes are machine-wide: another account gets another name"


def test_posix_keeps_the_socket_file_path(tmp_path: Path) -> None:
    path = instance.socket_path(tmp_path / "data")
    assert instance.server_name(path) == str(path)
