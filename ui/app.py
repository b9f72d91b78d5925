"""Entry point of the desktop app: ``jarvis gui [--demo]`` calls :func:`main`,
``jarvis quick-ask`` calls :func:`quick_ask`.

Only one app runs per user and data folder (:mod:`ui.instance`): a second
start hands its command to the running one (raise the window, or open the
quick-ask popup) and exits 0.

The window shows first; the service opens behind it inside a qasync event
loop (asyncio on top of Qt's loop, so awaiting never freezes the window).
On quit every task the app owns is cancelled and awaited with a time limit
before the service closes (CASES C11).

Before anything opens, the config file is read: when it has an error, a
dialog names the file, the line and the problem and offers "Use defaults
for this session" or "Quit" (exit code 2). The file is never changed; the
defaults apply only when the user says so. A damaged database moved aside at
open (:mod:`jarvis.store.recovery`) is reported in a notice. On a first run
the welcome (:mod:`ui.welcome`) shows; choosing demo mode there restarts the
session on the simulator inside the same process.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from jarvis import paths
from jarvis.errors import ConfigError
from ui import gcguard, i18n, instance, settings, sourcelines
from ui.assets import app_icon
from ui.controller import ChatController
from ui.desktop import Desktop
from ui.eventloop import QtEventLoop
from ui.firstpaint import FirstPaint
from ui.firstrun import Greeter, should_show
from ui.mainwindow import MainWindow
from ui.session import Session

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from types import TracebackType

    from jarvis.config import Config
    from jarvis.service import Jarvis

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_CONFIG = 2
# How long the session waits for the window's first paint before it opens.
PAINT_WAIT_S = 0.5


def main(*, demo: bool = False, home: Path | None = None,
         command: str = instance.SHOW) -> int:
    """Run the desktop app until its window closes; the exit code.

    When Jarvis already runs for this data folder, ``command`` ("show" or
    "quick-ask") goes to it instead and this process exits at once.
    """
    from jarvis import logs

    where = paths.resolve(home)
    logs.setup(where.log_file)
    log_uncaught()
    app = application()
    server = instance.InstanceServer(instance.socket_path(where.data_dir))
    if instance.hand_over_or_listen(server, command):
        log.info("handed %s to the running jarvis", command)
        return EXIT_OK
    try:
        usable, config = _config_or_defaults(where.config_file)
        if not usable:
            return EXIT_CONFIG
        code, draft = _run_app(app, server, command, demo=demo, home=home,
                               config=config)
        if draft is not None:
            # The welcome's "Try demo mode": a fresh window and session,
            # with whatever the user had typed still in the input box.
            code, _ = _run_app(app, server, instance.SHOW, demo=True, home=home,
                               config=config, draft=draft)
        return code
    finally:
        server.close()


def _config_or_defaults(path: Path) -> tuple[bool, Config | None]:
    """Whether to go on, and a config that replaces the file's.

    A valid (or missing) file: go on, read as usual. A broken one: go on
    with the defaults only if the user agrees; the file stays as it is.
    """
    if not path.exists():
        # The defaults, as jarvis.config.load reads a missing file: nothing
        # to ask, and its parser loads with the service after the paint.
        return True, None
    from jarvis import config as config_mod

    try:
        config_mod.load(path)
    except ConfigError as exc:
        log.warning("the config file has an error; asking the user")
        if not ask_use_defaults(exc):
            return False, None
        log.info("using the default config for this session")
        return True, config_mod.default_config()
    return True, None


def _run_app(app: QApplication, server: instance.InstanceServer, command: str,
             *, demo: bool, home: Path | None, config: Config | None = None,
             draft: str = "") -> tuple[int, str | None]:
    """One window and session (``draft`` in its input box); the exit code,
    and the input box's text when demo mode was asked for (else None)."""
    # FIXME:startup-time: the first paint comes ~1.9-2.0x after the bare Qt
    # window's (target 2x: a thin margin). Before it, besides Qt: asyncio
    # with ssl and qasync (~25 ms, the largest piece: jarvis.cli, ui.session
    # and the window's task-owning modules import asyncio at module level;
    # painting with Qt's own loop before this qasync loop exists needs all
    # of them to import it in functions; tried: -25 ms but +1.4 MB idle, likely as
    # PySide's import hook then reads asyncio's sources: findings item 1),
    # PySide building the Qt
    # namespace's enums at its first use (~14 ms), QtNetwork for the
    # hand-over (~7 ms), logging.handlers (~3 ms), and building and
    # painting this window (~25 ms; no app style sheet, see ui/theme.py).
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    controller = ChatController()
    window = MainWindow(controller, demo=demo)
    if draft:
        window.prompt.setPlainText(draft)
    painted = FirstPaint(window)
    desktop = Desktop(window)
    server.commandReceived.connect(desktop.handle)
    if command != instance.QUICK_ASK or not desktop.tray.available:
        window.show()
    if command == instance.QUICK_ASK:
        # After the window: the popup is in front and has the focus.
        desktop.quick_ask()
    _close_on_signals(loop, window)
    demo_asked: list[str] = []
    try:
        problem: Exception | None = loop.run_until_complete(
            _serve(window, Session(controller), desktop,
                   lambda: demo_asked.append(window.prompt.prompt()), home=home,
                   demo=demo, config=config, painted=painted))
        loop.run_until_complete(loop.shutdown_asyncgens())
    except Exception as exc:
        log.exception("the app stopped on an unexpected error")
        problem = exc
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    server.commandReceived.disconnect(desktop.handle)
    window.hide()
    window.deleteLater()
    desktop.deleteLater()
    if problem is None:
        return EXIT_OK, demo_asked[0] if demo_asked else None
    show_start_error(problem)
    return (EXIT_CONFIG if isinstance(problem, ConfigError) else EXIT_INTERNAL), None


async def _serve(window: MainWindow, session: Session, desktop: Desktop,
                 on_demo: Callable[[], None], *, home: Path | None,
                 demo: bool, config: Config | None,
                 painted: FirstPaint) -> ConfigError | None:
    """Open the session, run until the window closes, close in order.

    The session opens once the window has painted (:mod:`ui.firstpaint`).
    Quick-ask's request, the tray's spend reads and the welcome's checks
    stop before the session closes the facade under them (C11).
    """
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    if window.isVisible():
        await painted.wait(PAINT_WAIT_S)
    _set_up_types_when_near(window)
    sourcelines.forget()  # before the session starts any thread
    try:
        await session.open(home=home, demo=demo, config=config)
    except ConfigError as exc:
        await desktop.aclose()
        return exc
    greeter: Greeter | None = None
    if session.jarvis is not None:
        desktop.attach(session.jarvis)
        window.panes.attach(session.jarvis)
        session.watch(window)
        desktop.quickAskOpened.connect(session.warm_pieces)
        if desktop.popup_open:  # `jarvis quick-ask` opened it before
            session.warm_pieces()
        greeter = _greet(window, session.jarvis, on_demo)
    try:
        await closed.wait()
    finally:
        if greeter is not None:
            await greeter.aclose()
        await window.panes.aclose()
        await desktop.aclose()
        await session.close()
    return None


def _set_up_types_when_near(window: MainWindow) -> None:
    """Let PySide set up its QtWidgets types when the user comes near.

    It sets up every one of them the first time it has to find the type of
    a widget Qt made (~10 ms and ~0.5 MB, kept off the first paint): when
    the user starts typing, comes to the conversation list or opens a
    conversation (the warm-up's cues), not at idle and not in the middle of
    the first streamed reply.
    """
    cues = (window.draftStarted, window.sidebar.approached,
            window.controller.conversationOpening)

    def set_up(*_cue: object) -> None:
        for cue in cues:
            cue.disconnect(set_up)
        window.chat.viewport()

    for cue in cues:
        cue.connect(set_up)


def _greet(window: MainWindow, jarvis: Jarvis,
           on_demo: Callable[[], None]) -> Greeter:
    """The welcome, shown on a first run (built only when it opens), then
    any database notice."""
    greeter = Greeter(window, jarvis, on_demo)
    window.welcomeRequested.connect(greeter.open)
    notice = jarvis.database_notice
    # From Qt's loop, not inside this coroutine's step.
    if notice:
        QTimer.singleShot(0, window, lambda: show_notice(window, notice))
    if should_show(jarvis):
        QTimer.singleShot(0, window, greeter.open)
    return greeter


def log_uncaught() -> None:
    """Put exceptions nothing caught (a slot Qt called) in the log file too.

    Qt prints them to stderr and carries on; a user who started Jarvis from
    a menu never sees stderr, and the log is where a bug report starts.
    """
    previous = sys.excepthook
    if getattr(previous, "logs_to_jarvis", False):
        return  # once per process, however often main() runs

    def hook(kind: type[BaseException], value: BaseException,
             trace: TracebackType | None) -> None:
        log.critical("uncaught %s", kind.__name__, exc_info=(kind, value, trace))
        previous(kind, value, trace)

    hook.logs_to_jarvis = True  # type: ignore[attr-defined]
    sys.excepthook = hook


def quick_ask(*, demo: bool = False, home: Path | None = None) -> int:
    """Open the quick-ask popup, in the running app or a new one."""
    return main(demo=demo, home=home, command=instance.QUICK_ASK)


def application() -> QApplication:
    """The QApplication, created once and set up for Jarvis."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("Jarvis")
    app.setDesktopFileName("jarvis")
    app.setWindowIcon(app_icon())
    if not app.property("jarvisTranslated"):
        i18n.install(app)  # before any widget reads a string
        app.setProperty("jarvisTranslated", True)
    # The window's close starts an orderly shutdown; Qt must not stop the
    # event loop under it.
    app.setQuitOnLastWindowClosed(False)
    gcguard.install(app)
    return app


def show_start_error(problem: Exception) -> None:
    """Tell the user why Jarvis stopped (a config file is left as it is)."""
    from jarvis.store.recovery import write_failure  # SQLite's, for this only

    _tr = QCoreApplication.translate
    storage = write_failure(problem, paths.resolve().data_dir)
    if isinstance(problem, ConfigError):
        text = _tr("app", "Jarvis cannot start: the config file has a problem.")
        details = _tr("app", "{problem}\n\nFix the file and start Jarvis again; "
                             "it was not changed.").format(problem=problem)
    elif storage is not None:
        text = _tr("app", "Jarvis cannot save to its data folder.")
        details = storage  # the service's words: folder, cause, what to do
    else:
        text = _tr("app", "Jarvis stopped because of an internal error.")
        details = _tr("app", "The log file has the details.")
    box = QMessageBox(QMessageBox.Icon.Critical, _tr("app", "Jarvis"), text)
    box.setInformativeText(details)
    box.exec()


def ask_use_defaults(problem: ConfigError) -> bool:
    """Ask whether to run on the defaults; True only on that button."""
    _tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("app", "Jarvis"),
                      _tr("app", "The config file has a problem."))
    box.setInformativeText(_tr(
        "app", "{problem}\n\nThe file was not changed. Jarvis can run this "
        "session with the default settings (no custom providers, default "
        "caps), or quit so that you can fix the file.").format(problem=problem))
    use = box.addButton(_tr("app", "Use defaults for this session"),
                        QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(_tr("app", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    # Before any event loop of ours runs: no coroutine is suspended here.
    box.exec()
    return box.clickedButton() is use


def show_notice(parent: QWidget, details: str) -> QMessageBox:
    """A non-blocking warning over ``parent`` about the database (OK closes).

    ``details`` comes from the service (paths and SQLite's words).
    """
    _tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("app", "Jarvis"),
                      _tr("app", "The database was damaged and has been set "
                                 "aside. Nothing was deleted."),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("databaseNotice")
    box.setInformativeText(details)
    box.open()
    return box


def _close_on_signals(loop: asyncio.AbstractEventLoop, window: MainWindow) -> None:
    # Ctrl+C in the terminal closes the window the orderly way.
    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(number, window.close)
        except (NotImplementedError, RuntimeError, ValueError):
            log.debug("cannot watch signal %s here", number)


def _parse(argv: list[str]) -> argparse.Namespace:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ui.app")
    parser.add_argument("--demo", action="store_true",
                        help="simulated providers, fake keys, no cost")
    parser.add_argument("--home", type=Path, default=None,
                        help="folder for config, data and logs")
    parser.add_argument("--quick-ask", action="store_true",
                        help="open the quick-ask popup (in the running app)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = _parse(sys.argv[1:])
    sys.exit(main(demo=arguments.demo, home=arguments.home,
                  command=instance.QUICK_ASK if arguments.quick_ask
                  else instance.SHOW))
