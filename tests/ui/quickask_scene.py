"""The quick-ask popup staged for a screenshot: ``python -m tests.ui.quickask_scene``.

Starts the real app in demo mode as ``jarvis quick-ask --demo`` does, types a
question into the popup, lets the fast tier answer, and leaves the popup in
front. With ``--tray-menu`` it then hides the popup and opens the tray icon's
menu (today's spend after that answer); that needs a tray host such as
``trayer`` started first. Meant for ``scripts/screenshot.sh``::

    scripts/screenshot.sh -w 4 -o docs/screenshots/quick-ask.png -- \\
        /tmp/venv/bin/python -m tests.ui.quickask_scene --home "$(mktemp -d)"
    scripts/screenshot.sh -w 8 -o docs/screenshots/tray-menu.png -- \\
        bash -c 'trayer --edge top --align right --widthtype request & exec
        /tmp/venv/bin/python -m tests.ui.quickask_scene --tray-menu --home
        "$(mktemp -d)"'

(docs/screenshots/tray-menu.png is that screen's top-right corner:
``convert shot.png -crop 420x170+860+0 +repage tray-menu.png``.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from ui import app, instance
from ui.quickaskpopup import QuickAskPopup

QUESTION = "How do I greet someone by name in Python?"


def _popup() -> QuickAskPopup | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QuickAskPopup) and widget.isVisible():
            return widget
    return None


def _tray_menu() -> QMenu | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and any(
                a.text() == "&Quick ask" for a in widget.actions()):
            return widget
    return None


def _open_tray_menu(popup: QuickAskPopup) -> None:
    popup.dismiss()
    menu = _tray_menu()
    if menu is None or not QSystemTrayIcon.isSystemTrayAvailable():
        print("no tray icon: is a tray host running?", file=sys.stderr)
        return
    # Under the tray (trayer at the top right), once the spend line has
    # followed the answer.
    area = QGuiApplication.primaryScreen().availableGeometry()
    corner = QPoint(area.right() - menu.sizeHint().width() - 8, area.top() + 30)
    QTimer.singleShot(1500, lambda: menu.popup(corner))


def _stage(tray_menu: bool) -> QTimer:
    timer = QTimer()
    state = {"asked": False}

    def tick() -> None:
        popup = _popup()
        if popup is None or not popup.quick.ready:
            return
        if not state["asked"]:
            popup.question.setText(QUESTION)
            popup.ask()
            state["asked"] = True
        elif not popup.quick.busy:
            timer.stop()
            if tray_menu:
                _open_tray_menu(popup)
                return
            popup.popup()
            popup.question.deselect()

    timer.timeout.connect(tick)
    timer.start(50)
    return timer


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.quickask_scene")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--tray-menu", action="store_true",
                        help="end with the tray menu open instead")
    args = parser.parse_args(argv)
    app.application()
    timer = _stage(args.tray_menu)
    code = app.main(demo=True, home=args.home, command=instance.QUICK_ASK)
    timer.stop()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
