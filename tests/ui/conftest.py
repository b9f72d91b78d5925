"""Fixtures for the window tests: a qasync loop, the real facade, the window.

How the loops fit together: pytest-asyncio runs each ``async def`` test
here on the app's qasync loop, :class:`ui.eventloop.QtEventLoop` (through
its ``pytest_asyncio_loop_factories`` hook), so the test body, the facade
and Qt's event processing share one loop, as in the app. A test types with
``qtbot.keyClicks`` (synchronous key events) and then *awaits* the result
with :func:`tests.ui.helpers.until`, which sleeps on the running loop; it
never calls ``qtbot.wait*``, whose nested Qt loop would run asyncio
callbacks while no asyncio loop is running.

The facade runs in demo mode: real SDKs over HTTP against the in-process
provider simulator, the spend log and history in SQLite under this test's
``JARVIS_HOME``. Teardown closes the session (tasks, HTTP clients, the
database, the simulator) on the same loop before pytest-asyncio closes it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.app import application
from ui.controller import ChatController
from ui.eventloop import QtEventLoop
from ui.mainwindow import MainWindow
from ui.quickask import QuickAsk
from ui.session import Session

# The window tests check English text whatever the language of the machine
# that runs them (Qt reads these when it first asks for the system locale;
# test_i18n.py installs German on purpose).
os.environ.update(LANGUAGE="en", LC_ALL="C.UTF-8", LANG="C.UTF-8")


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    return {"qasync": _qasync_loop}


def _qasync_loop() -> asyncio.AbstractEventLoop:
    return QtEventLoop(application())


@pytest.fixture(autouse=True)
def qt_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings (geometry, last provider) go to this test's tmp folder."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      str(folder))
    yield folder
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      str(tmp_path))


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    """The QApplication, set up as ``ui.app`` sets it up (style sheet)."""
    return application()


@pytest.fixture
def controller(app: QApplication) -> ChatController:
    return ChatController()


@pytest.fixture
def window(qtbot: QtBot, controller: ChatController) -> MainWindow:
    """The real main window, shown (offscreen)."""
    win = MainWindow(controller, demo=True)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
async def session(controller: ChatController, jarvis_home: Path
                  ) -> AsyncIterator[Session]:
    """The real facade in demo mode, attached to the controller."""
    opened = Session(controller)
    await opened.open(demo=True)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def quick(session: Session) -> Iterator[QuickAsk]:
    """Quick-ask's runner on the demo session."""
    runner = QuickAsk()
    assert session.jarvis is not None
    runner.attach(session.jarvis)
    yield runner
