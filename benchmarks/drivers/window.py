"""Start a window offscreen and report when it first painted.

Usage: ``window.py bare|jarvis HOME``. ``bare`` is a QMainWindow with a
QTextBrowser; ``jarvis`` builds the window the way ``ui.app.main`` does
(demo mode) and runs the same session coroutine. A zero-delay timer posted
right after ``show()`` fires once the event loop has processed the show
and first paint: that instant is "shown". The driver then waits until the
app is idle (for Jarvis: the session open and the SDK warm-up done) and
reports memory. ``jarvis-one-sdk`` does the same with the warm-up
limited to one SDK, ``jarvis-no-warm-up`` with none (candidate fixes,
patched in this process only).
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


def one_sdk_warm_up() -> None:
    """The candidate fix, applied in this process only: warm up the SDK of
    the first provider in the fallback chain, not every configured one."""
    import asyncio

    from jarvis.providers.pool import preload
    from jarvis.service import Jarvis

    async def warm_up(self: Jarvis) -> None:
        first = self.config.providers[self.config.fallback[0]].kind
        await asyncio.to_thread(preload, {first})

    Jarvis.warm_up = warm_up  # type: ignore[method-assign]


def no_warm_up() -> None:
    """The other candidate: no warm-up; the SDK loads at the first send."""
    from jarvis.service import Jarvis

    async def warm_up(self: Jarvis) -> None:
        return None

    Jarvis.warm_up = warm_up  # type: ignore[method-assign]


def jarvis(home: str) -> None:
    import asyncio
    from pathlib import Path

    from PySide6.QtCore import QTimer

    from jarvis import logs, paths
    from ui.app import application
    from ui.controller import ChatController
    from ui.eventloop import QtEventLoop
    from ui.mainwindow import MainWindow
    from ui.session import Session, run

    logs.setup(paths.resolve(Path(home)).log_file)
    app = application()
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    controller = ChatController()
    window = MainWindow(controller, demo=True)
    window.show()
    session = Session(controller)
    shown: dict[str, object] = {}

    def painted() -> None:
        shown.update(painted=time.time(), rss_shown=rss_mb(),
                     sdks_at_shown=sdks_loaded())
        QTimer.singleShot(50, wait_idle)

    def wait_idle() -> None:
        warm = getattr(session, "_warm_up", None)
        if controller.ready and warm is not None and warm.done():
            QTimer.singleShot(int(IDLE_S * 1000), lambda: finish(shown))
        elif time.time() - STARTED > 60:
            finish({**shown, "timeout": True})
        else:
            QTimer.singleShot(50, wait_idle)

    QTimer.singleShot(0, painted)
    loop.run_until_complete(run(window, session, home=Path(home), demo=True))


def finish(shown: dict[str, object]) -> None:
    report({"started": STARTED, **shown, "rss_idle": rss_mb(),
            "peak_rss": peak_rss_mb(), "sdks_at_idle": sdks_loaded()})


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        if sys.argv[1] == "jarvis-one-sdk":
            one_sdk_warm_up()
        elif sys.argv[1] == "jarvis-no-warm-up":
            no_warm_up()
        jarvis(sys.argv[2])
