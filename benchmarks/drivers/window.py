"""Start a window offscreen and report when it first painted.

Usage: ``window.py bare|jarvis|jarvis-typed HOME``.

``bare`` is a QMainWindow with a QTextBrowser. ``jarvis`` runs what the
``jarvis`` command runs, ``jarvis.cli.main(["gui", "--demo"])`` with
``JARVIS_HOME`` set to HOME: argument parsing, the config file, the
single-instance server, translations, the window, the tray and quick-ask,
and the session (with the first-run welcome, not shown in demo mode). The
driver only watches it from outside: once ``jarvis gui`` has imported
``ui.app`` (an import hook notices, so the import keeps its place and
order), it wraps ``MainWindow.__init__`` (to put an event filter on the
main window), ``Session.__init__`` (to find the session) and
``Session.open`` (to know when it opened). Product code has no hook for
the benchmark.

"Shown" is the same for both windows: a zero-delay timer posted when the
main window receives its first paint event fires once that paint (the
whole window's, done in one pass) is over. The driver then waits until
the app is idle (for Jarvis: the session open and its warm-up threads
done, plus half a second), prints its result and closes the window, which
ends ``main`` the way a user's close does. ``jarvis-typed`` also types
one character into the input box once the session is open, which starts
the SDK warm-up of the picked provider, and reports memory once that is
done too.
"""

from __future__ import annotations

import sys
import time

STARTED = time.time()

import importlib.abc  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from collections.abc import Callable  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.drivers.common import peak_rss_mb, report, rss_mb, sdks_loaded  # noqa: E402

IDLE_S = 0.5
POLL_MS = 50
TIMEOUT_S = 60.0


def _first_paint_watcher(on_painted: Callable[[], None]) -> Any:
    """An event filter that calls ``on_painted`` once, on the first Qt loop
    turn after the watched window's first paint event."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, on_painted)
            return False

    return FirstPaint()


def _shown() -> dict[str, object]:
    # CPU time too: on a busy machine it varies less than the wall clock.
    return {"painted": time.time(), "cpu_shown": time.process_time(),
            "rss_shown": rss_mb(), "sdks_at_shown": sdks_loaded()}


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

    app = QApplication(sys.argv)
    shown: dict[str, object] = {}

    def painted() -> None:
        shown.update(_shown())
        QTimer.singleShot(int(IDLE_S * 1000), lambda: report(_result(shown)))

    watcher = _first_paint_watcher(painted)
    window = QMainWindow()
    window.installEventFilter(watcher)
    window.setCentralWidget(QTextBrowser())
    window.resize(1000, 700)
    window.show()
    app.exec()


def jarvis(home: str, *, typed: bool) -> None:
    os.environ["JARVIS_HOME"] = home
    from jarvis.cli import main

    windows: list[Any] = []
    sessions: list[Any] = []
    opened: list[bool] = []
    shown: dict[str, object] = {}

    def painted() -> None:
        from PySide6.QtCore import QTimer

        shown.update(_shown())
        QTimer.singleShot(POLL_MS, wait_idle)

    def watch(app_module: Any) -> None:
        watcher = _first_paint_watcher(painted)

        def window_built(window: Any) -> None:
            windows.append(window)
            window.installEventFilter(watcher)

        _wrap(app_module.MainWindow, "__init__", window_built)
        _wrap(app_module.Session, "__init__", sessions.append)
        _wrap_async(app_module.Session, "open", lambda _s: opened.append(True))

    # Wrapped once `jarvis gui` has imported the app, at the point and in
    # the order it does (importing it here first would change both).
    sys.meta_path.insert(0, _AfterImport("ui.app", watch))

    def wait_idle() -> None:
        from PySide6.QtCore import QTimer

        session, window = sessions[-1] if sessions else None, windows[0]
        ready = bool(opened) and session is not None and session.controller.ready
        if ready and typed and not window.prompt.toPlainText():
            window.prompt.insertPlainText("h")
        if ready and session is not None and not session.warming:
            QTimer.singleShot(int(IDLE_S * 1000), lambda: end(window))
        elif time.time() - STARTED > TIMEOUT_S:
            end(window, timeout=True)
        else:
            QTimer.singleShot(POLL_MS, wait_idle)

    def end(window: Any, timeout: bool = False) -> None:
        result = _result(shown)
        if timeout:
            result["timeout"] = True
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
        window.close()  # main() returns once the session has closed

    code = main(["gui", "--demo"])
    if code != 0:
        sys.exit(f"jarvis gui exited with {code}")


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls ``then(module)`` once the module ``name`` has been executed,
    however and wherever it is first imported."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        assert spec is not None and spec.loader is not None, fullname
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            self.then(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _wrap(cls: type, name: str, after: Callable[[Any], object]) -> None:
    """Make ``cls.name`` call ``after(self)`` once it has returned."""
    original = getattr(cls, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        after(self)
        return result

    setattr(cls, name, wrapper)


def _wrap_async(cls: type, name: str, after: Callable[[Any], object]) -> None:
    """Make the coroutine method ``cls.name`` call ``after(self)`` once it
    has returned."""
    original = getattr(cls, name)

    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = await original(self, *args, **kwargs)
        after(self)
        return result

    setattr(cls, name, wrapper)


def _result(shown: dict[str, object]) -> dict[str, object]:
    return {"started": STARTED, **shown, "rss_idle": rss_mb(),
            "peak_rss": peak_rss_mb(), "sdks_at_idle": sdks_loaded()}


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        jarvis(sys.argv[2], typed=sys.argv[1] == "jarvis-typed")
