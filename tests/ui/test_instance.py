"""Single instance: the socket is user-only, stale sockets are replaced, and a
second ``jarvis`` hands its command to the running one (real processes)."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from jarvis import paths
from ui import instance

ROOT = Path(__file__).resolve().parents[2]
# Seconds a child process may take to start or to stop.
PROCESS_LIMIT_S = 60.0


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture
def server(qapp: QApplication, runtime: Path, tmp_path: Path
           ) -> Iterator[instance.InstanceServer]:
    listening = instance.InstanceServer(instance.socket_path(tmp_path / "data"))
    yield listening
    listening.close()


def test_socket_lives_in_a_user_only_folder(runtime: Path, tmp_path: Path) -> None:
    path = instance.socket_path(tmp_path / "data")
    assert path.parent == runtime / "jarvis"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.parent.stat().st_uid == os.getuid()


def test_socket_file_is_user_only(server: instance.InstanceServer) -> None:
    assert server.listen()
    mode = server.path.stat().st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) & 0o077 == 0


def test_a_loose_runtime_folder_is_tightened(runtime: Path, tmp_path: Path) -> None:
    (runtime / "jarvis").mkdir(mode=0o755)
    (runtime / "jarvis").chmod(0o755)
    path = instance.socket_path(tmp_path / "data")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_each_data_folder_has_its_own_socket(runtime: Path, tmp_path: Path) -> None:
    first = instance.socket_path(tmp_path / "one")
    second = instance.socket_path(tmp_path / "two")
    assert first != second
    assert first == instance.socket_path(tmp_path / "one")


def test_a_stale_socket_is_replaced(server: instance.InstanceServer) -> None:
    # What kill -9 leaves behind: a socket file nobody listens on.
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(server.path))
    leftover.close()
    assert server.path.exists()
    assert not instance.send(server.path, "show", 200)

    assert server.listen()
    assert stat.S_ISSOCK(server.path.stat().st_mode)


def test_nobody_listening_means_send_fails(runtime: Path, tmp_path: Path,
                                           qapp: QApplication) -> None:
    assert not instance.send(instance.socket_path(tmp_path / "none"), "show", 200)


def test_commands_reach_the_server(server: instance.InstanceServer,
                                   qtbot: QtBot) -> None:
    assert server.listen()
    received: list[str] = []
    server.commandReceived.connect(received.append)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = ("import sys\nfrom pathlib import Path\n"
              "from PySide6.QtCore import QCoreApplication\n"
              "from ui import instance\napp = QCoreApplication([])\n"
              "ok = [instance.send(Path(sys.argv[1]), c) for c in sys.argv[2:]]\n"
              "print(ok)\n")
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(server.path), "quick-ask", "show",
         "rm -rf"], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    # A plain test: Qt's own loop serves the socket while the client runs.
    qtbot.waitUntil(lambda: child.poll() is not None,
                    timeout=int(PROCESS_LIMIT_S * 1000))
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.read().strip() == "[True, True, False]"
    assert received == ["quick-ask", "show"]


# Real processes ---------------------------------------------------------------


def _start(home: Path, runtime: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "JARVIS_HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    return subprocess.Popen(
        [sys.executable, "-m", "ui.app", "--demo", "--home", str(home), *args],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)


def _wait_listening(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + PROCESS_LIMIT_S
    while not instance.send(path, "ping", 500):
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the first jarvis never listened"
        time.sleep(0.1)


def _stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=PROCESS_LIMIT_S)
    assert "Traceback" not in err, err
    return process.returncode


def _log_text(home: Path) -> str:
    log_file = paths.resolve(home).log_file
    return log_file.read_text(encoding="utf-8") if log_file.exists() else ""


def test_a_second_jarvis_hands_over_and_exits_0(
    qapp: QApplication, tmp_path: Path, runtime: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = instance.socket_path(paths.resolve(home).data_dir)
    first = _start(home, runtime)
    try:
        _wait_listening(path, first)
        for args in ((), ("--quick-ask",)):
            second = _start(home, runtime, *args)
            _out, err = second.communicate(timeout=PROCESS_LIMIT_S)
            assert second.returncode == 0, err
        assert first.poll() is None
    finally:
        code = _stop(first)
    assert code == 0
    log = _log_text(home)
    assert log.count("another jarvis asked for show") == 1
    assert log.count("another jarvis asked for quick-ask") == 1
    # The second processes opened no session of their own.
    assert log.count("session open") == 1


def test_after_kill_9_the_next_jarvis_starts(
    qapp: QApplication, tmp_path: Path, runtime: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = instance.socket_path(paths.resolve(home).data_dir)
    killed = _start(home, runtime)
    _wait_listening(path, killed)
    killed.kill()
    killed.communicate(timeout=PROCESS_LIMIT_S)
    assert path.exists(), "kill -9 should leave the socket file behind"

    fresh = _start(home, runtime)
    try:
        _wait_listening(path, fresh)
        assert fresh.poll() is None
    finally:
        assert _stop(fresh) == 0
    assert "removing a stale instance socket" in _log_text(home)


def test_jarvis_quick_ask_command_calls_the_ui(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jarvis import cli

    calls: list[bool] = []

    def fake(*, demo: bool = False) -> int:
        calls.append(demo)
        return 0

    monkeypatch.setattr("ui.app.quick_ask", fake)
    assert cli.main(["quick-ask", "--demo"]) == 0
    assert cli.main(["quick-ask"]) == 0
    assert calls == [True, False]


def test_two_started_together_make_one_instance(
    qapp: QApplication, tmp_path: Path, runtime: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = instance.socket_path(paths.resolve(home).data_dir)
    both = [_start(home, runtime), _start(home, runtime)]
    try:
        _wait_one_exits(both)
        running = [p for p in both if p.poll() is None]
        exited = [p for p in both if p.poll() is not None]
        assert len(running) == 1 and exited[0].returncode == 0
        assert instance.send(path, "ping", 2000)
    finally:
        codes = [_stop(p) if p.poll() is None else _reap(p) for p in both]
    assert codes == [0, 0]
    assert _log_text(home).count("session open") == 1


def _reap(process: subprocess.Popen[str]) -> int:
    process.communicate(timeout=PROCESS_LIMIT_S)
    return process.returncode


def _wait_one_exits(processes: list[subprocess.Popen[str]]) -> None:
    deadline = time.monotonic() + PROCESS_LIMIT_S
    while all(p.poll() is None for p in processes):
        assert time.monotonic() < deadline, "both jarvis kept running"
        time.sleep(0.1)
