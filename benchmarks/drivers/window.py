"""Start a window offscreen and report when it first painted.

Usage: ``window.py bare|jarvis|jarvis-typed HOME``. ``bare`` is a
QMainWindow with a QTextBrowser; ``jarvis`` builds the window the way
``ui.app.main`` does (demo mode, with the tray, quick-ask and the first-run
welcome dialog, which is built once the session is open and not shown in
demo mode) and runs the same session coroutine. A zero-delay timer posted
right after ``show()`` fires once the event loop has processed the show and
first paint: that instant is "shown". The driver then waits until the app is
idle (for Jarvis: the session open and its warm-up threads done) and reports
memory. ``jarvis-typed`` also types one character into the input box once
the session is open, which starts the SDK warm-up of the picked provider,
and reports memory once that is done too.
"""

from __future__ import annotations

import sys
import time

STARTED = time.time()

from benchmarks.drivers.common import peak_rss_mb, report, rss_mb, sdks_loaded  # noqa: E402

IDLE_S = 0.5


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QTextBrowser())
    window.resize(1000, 700)
    window.show()
    shown: dict[str, object] = {}

    def painted() -> None:
        shown.update(painted=time.time(), rss_shown=rss_mb())
        QTimer.singleShot(int(IDLE_S * 1000), idle)

    def idle() -> None:
        finish(shown)

    QTimer.singleShot(0, painted)
    app.exec()


def jarvis(home: str, *, typed: bool) -> None:
    import asyncio
    from pathlib import Path

    from PySide6.QtCore import QTimer

    from jarvis import logs, paths
    from ui.app import application
    from ui.controller import ChatController
    from ui.desktop import Desktop
    from ui.eventloop import QtEventLoop
    from ui.mainwindow import MainWindow
    from ui.session import Session, run

    logs.setup(paths.resolve(Path(home)).log_file)
    app = application()
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    controller = ChatController()
    window = MainWindow(controller, demo=True)
    desktop = Desktop(window)
    window.show()
    greeter: list[object] = []  # built once the session is open, as ui.app does
    session = Session(controller)
    shown: dict[str, object] = {}

    def painted() -> None:
        shown.update(painted=time.time(), rss_shown=rss_mb(),
                     sdks_at_shown=sdks_loaded())
        QTimer.singleShot(50, wait_idle)

    def wait_idle() -> None:
        if controller.ready and not greeter:
            from ui import welcome

            greeter.append(welcome.WelcomeDialog(window))
        if controller.ready and typed and not window.prompt.toPlainText():
            window.prompt.insertPlainText("h")
        if controller.ready and not session.warming:
            QTimer.singleShot(int(IDLE_S * 1000), lambda: finish(shown))
        elif time.time() - STARTED > 60:
            finish({**shown, "timeout": True})
        else:
            QTimer.singleShot(50, wait_idle)

    QTimer.singleShot(0, painted)
    loop.run_until_complete(run(window, session, home=Path(home), demo=True))
    desktop.deleteLater()
    for dialog in greeter:
        dialog.deleteLater()  # type: ignore[attr-defined]


def finish(shown: dict[str, object]) -> None:
    report({"started": STARTED, **shown, "rss_idle": rss_mb(),
            "peak_rss": peak_rss_mb(), "sdks_at_idle": sdks_loaded()})


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        jarvis(sys.argv[2], typed=sys.argv[1] == "jarvis-typed")
