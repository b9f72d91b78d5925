"""The app as ``jarvis gui`` runs it: ``ui.app.main`` from start to quit.

These tests call :func:`ui.app.main` itself (its own qasync loop, the real
facade) and drive the window from a Qt timer, as a user would while the
app runs. They are plain (sync) tests: ``main`` owns its event loop.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from jarvis import paths
from jarvis.errors import ConfigError
from tests.ui.helpers import until
from ui import app as app_module
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.session import Session
from ui.turns import TurnStatus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_log_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """main() would add a file handler to the root logger for good."""
    monkeypatch.setattr("jarvis.logs.setup", lambda *args, **kwargs: None)


def _open_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def _drive(step: Callable[[MainWindow], bool]) -> QTimer:
    """Call ``step(window)`` every few ms while main() runs, until it is done."""
    timer = QTimer()

    def tick() -> None:
        window = _open_window()
        if window is not None and window.controller.ready and step(window):
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(20)
    return timer


def _rows(query: str) -> list[tuple[object, ...]]:
    database = paths.resolve().database
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute(query).fetchall()


def test_quit_while_streaming_keeps_the_partial_and_settles_spend_C11(
    qapp: QApplication, caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[str] = []

    def step(window: MainWindow) -> bool:
        turns = window.controller.turns()
        if not turns:
            window.prompt.setPlainText("Everything [[sim: tokens=3000 rate=150]]")
            window.send()
            return False
        if len(turns[0].text) < 20:
            return False
        seen.append(turns[0].text)
        window.close()
        return True

    caplog.set_level(logging.WARNING)
    timer = _drive(step)
    code = app_module.main(demo=True)
    timer.stop()
    gc.collect()

    assert code == app_module.EXIT_OK
    assert seen, "the reply never started streaming"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    stored = _rows("SELECT role, status, text FROM messages ORDER BY id")
    assert [(role, status) for role, status, _ in stored] == [
        ("user", "ok"), ("assistant", "cancelled")]
    assert str(stored[1][2]).startswith(seen[0])
    assert _rows("SELECT status FROM spend") == [("cancelled",)]


def test_main_runs_and_quits_cleanly(qapp: QApplication) -> None:
    done: list[TurnStatus] = []

    def step(window: MainWindow) -> bool:
        turns = window.controller.turns()
        if not turns:
            window.prompt.setPlainText("Hello [[sim: tokens=12]]")
            window.send()
            return False
        if window.controller.busy:
            return False
        done.append(turns[0].status)
        window.close()
        return True

    timer = _drive(step)
    code = app_module.main(demo=True)
    timer.stop()

    assert code == app_module.EXIT_OK
    assert done == [TurnStatus.DONE]
    assert _rows("SELECT provider, status FROM spend") == [("anthropic", "ok")]


def _broken_config(home: Path) -> tuple[Path, bytes]:
    config = home / "config.toml"
    config.write_text('fallback = ["anthropic"]\n[limits]\ndaily_usd = "lots"\n',
                      encoding="utf-8")
    return config, config.read_bytes()


def test_broken_config_names_file_and_line_and_quit_exits_2(
    qapp: QApplication, jarvis_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, before = _broken_config(jarvis_home)
    asked: list[str] = []

    def answer_quit(problem: ConfigError) -> bool:
        asked.append(str(problem))
        return False

    monkeypatch.setattr(app_module, "ask_use_defaults", answer_quit)

    assert app_module.main() == app_module.EXIT_CONFIG
    assert len(asked) == 1
    assert str(config) in asked[0] and "line 3" in asked[0]
    assert "daily_usd" in asked[0]
    assert config.read_bytes() == before
    assert _open_window() is None


def test_broken_config_defaults_for_the_session_only_if_agreed(
    qapp: QApplication, jarvis_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, before = _broken_config(jarvis_home)
    monkeypatch.setattr(app_module, "ask_use_defaults", lambda problem: True)
    seen: list[object] = []

    def step(window: MainWindow) -> bool:
        jarvis = window.controller._jarvis
        seen.append(jarvis.config.limits.daily_usd if jarvis else None)
        window.close()
        return True

    timer = _drive(step)
    code = app_module.main()
    timer.stop()

    assert code == app_module.EXIT_OK
    assert [str(value) for value in seen] == ["5"], "the default cap, not the file's"
    assert config.read_bytes() == before


def test_a_missing_config_file_is_not_parsed_before_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The defaults without loading the parser (~7 ms before the first
    # paint); a file that is there, even a folder, is still checked.
    from jarvis import config as config_mod

    def parsed(path: Path) -> object:
        raise ConfigError(f"{path}: parsed")

    monkeypatch.setattr(config_mod, "load", parsed)
    monkeypatch.setattr(app_module, "ask_use_defaults", lambda problem: False)
    missing = tmp_path / "config.toml"

    assert app_module._config_or_defaults(missing) == (True, None)
    missing.mkdir()
    assert app_module._config_or_defaults(missing) == (False, None)


def test_use_defaults_box_offers_exactly_two_choices(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
) -> None:
    boxes: list[QMessageBox] = []

    def click(box: QMessageBox, label: str) -> int:
        boxes.append(box)
        for button in box.buttons():
            if button.text() == label:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", lambda box: click(box, "Quit"))
    problem = ConfigError("/x/config.toml: line 3: [limits] daily_usd: bad")
    assert app_module.ask_use_defaults(problem) is False
    monkeypatch.setattr(QMessageBox, "exec", lambda box: click(
        box, "Use defaults for this session"))
    assert app_module.ask_use_defaults(problem) is True

    labels = sorted(b.text() for b in boxes[0].buttons())
    assert labels == ["Quit", "Use defaults for this session"]
    assert "/x/config.toml: line 3" in boxes[0].informativeText()
    assert "was not changed" in boxes[0].informativeText()
    assert boxes[0].defaultButton().text() == "Quit"


def test_config_error_box_shows_the_message(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    app_module.show_start_error(ConfigError("/x/config.toml: line 3: bad"))
    app_module.show_start_error(RuntimeError("/secret/path detail"))
    assert len(boxes) == 2
    assert "/x/config.toml: line 3: bad" in boxes[0].informativeText()
    assert boxes[0].icon() is QMessageBox.Icon.Critical
    assert "internal error" in boxes[1].text()
    assert "/secret/path" not in boxes[1].informativeText()


def test_an_unexpected_start_failure_exits_1(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is on fire")

    shown: list[Exception] = []
    monkeypatch.setattr("ui.session.Session.open", broken)
    monkeypatch.setattr(app_module, "show_start_error", shown.append)

    assert app_module.main(demo=True) == app_module.EXIT_INTERNAL
    assert [str(e) for e in shown] == ["database is on fire"]
    assert _open_window() is None


def test_no_provider_sdk_is_imported_before_the_window_shows() -> None:
    script = (
        "import sys\n"
        "from ui.app import application\n"
        "from ui.controller import ChatController\n"
        "from ui.mainwindow import MainWindow\n"
        "app = application()\n"
        "window = MainWindow(ChatController())\n"
        "window.show()\n"
        "app.processEvents()\n"
        "heavy = ('anthropic', 'openai', 'google.genai', 'jarvis.providers',\n"
        "         'jarvis.service', 'httpx2')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_first_run_welcome_then_demo_restarts_the_session_in_demo_mode(
    qapp: QApplication, jarvis_home: Path,
) -> None:
    from ui.welcome import WelcomeDialog

    phases: list[str] = []

    def step(window: MainWindow) -> bool:
        if window.controller.demo:
            phases.append("demo window")
            assert window.banner.isVisible()
            assert window.prompt.prompt() == "typed at first run", "draft kept"
            window.close()
            return True
        greeter = window.findChild(WelcomeDialog)
        if greeter is not None and greeter.isVisible() and not phases:
            phases.append("welcome")
            window.prompt.setPlainText("typed at first run")
            greeter.demo_button.click()
        return False

    timer = _drive(step)
    code = app_module.main()
    timer.stop()

    assert code == app_module.EXIT_OK
    assert phases == ["welcome", "demo window"]
    written = (jarvis_home / "config.toml").read_text(encoding="utf-8")
    assert written == '[limits]\ndaily_usd = "5.00"\n', "the cap shown is kept"


def test_damaged_database_is_set_aside_and_the_app_says_so(
    qapp: QApplication, jarvis_home: Path,
) -> None:
    database = paths.resolve().database
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"not a database, but the user's bytes\n" * 100)
    notices: list[str] = []

    def step(window: MainWindow) -> bool:
        box = window.findChild(QMessageBox, "databaseNotice")
        if box is None or not box.isVisible():
            return False
        notices.append(box.informativeText())
        box.accept()
        window.close()
        return True

    timer = _drive(step)
    code = app_module.main(demo=True)
    timer.stop()

    assert code == app_module.EXIT_OK
    copies = list(database.parent.glob("jarvis.sqlite3.broken-*"))
    assert len(copies) == 1
    assert copies[0].read_bytes().startswith(b"not a database, but the user's")
    assert len(notices) == 1 and str(copies[0]) in notices[0]
    assert _rows("PRAGMA quick_check") == [("ok",)]


async def test_a_refused_write_keeps_the_reply_on_screen(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    """Disk full while a reply streams: the text stays, the error says so."""
    assert session.jarvis is not None
    jarvis = session.jarvis
    window.prompt.setPlainText("Everything [[sim: tokens=3000 rate=3000]]")
    window.send()
    turn = controller.turns()[0]
    await until(lambda: len(turn.text) > 20, "some reply text")

    await jarvis._store.run(_no_more_pages)
    await until(lambda: not controller.busy, "the request to end")

    assert turn.status is TurnStatus.INTERRUPTED
    assert len(turn.text) > 4096, "the whole reply is still shown"
    assert turn.error.startswith("Jarvis could not save: the disk is full.")
    assert window.chat.widget_for(turn.id).drawn_text == turn.text


def _no_more_pages(db: object) -> None:
    """SQLITE_FULL from now on for any write that needs a new page."""
    conn = db.conn  # type: ignore[attr-defined]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_read_only_data_folder_is_named_in_the_start_error(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    folder = paths.resolve().data_dir

    app_module.show_start_error(PermissionError(errno.EACCES, "denied"))

    assert boxes[0].text() == "Jarvis cannot save to its data folder."
    assert boxes[0].informativeText().startswith(
        f"Jarvis could not save in {folder}: the data folder is not writable.")


def test_uncaught_exceptions_reach_the_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    # A slot's exception is printed by Qt on stderr only; the log keeps it.
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, trace: seen.append(kind))
    app_module.log_uncaught()
    try:
        raise ImportError("cannot import name 'HtmlFormatter'")
    except ImportError:
        kind, value, trace = sys.exc_info()
    assert kind is not None and value is not None
    with caplog.at_level(logging.CRITICAL, logger="ui.app"):
        sys.excepthook(kind, value, trace)

    assert seen == [ImportError], "the previous hook still runs"
    record = caplog.records[-1]
    assert record.message == "uncaught ImportError"
    assert record.exc_info is not None and record.exc_info[1] is value


def test_the_log_hook_is_put_in_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    app_module.log_uncaught()
    first = sys.excepthook
    app_module.log_uncaught()
    assert sys.excepthook is first
