"""The quick-ask popup staged for a screenshot: ``python -m tests.ui.quickask_scene``.

Starts the real app in demo mode as ``jarvis quick-ask --demo`` does, types a
question into the popup, lets the fast tier answer, and leaves the popup in
front. Meant for ``scripts/screenshot.sh``::

    scripts/screenshot.sh -w 4 -o docs/screenshots/quick-ask.png -- \\
        /tmp/venv/bin/python -m tests.ui.quickask_scene --home "$(mktemp -d)"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui import app, instance
from ui.quickask import QuickAskPopup

QUESTION = "How do I greet someone by name in Python?"


def _popup() -> QuickAskPopup | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QuickAskPopup) and widget.isVisible():
            return widget
    return None


def _stage() -> QTimer:
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
            popup.popup()
            popup.question.deselect()
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(50)
    return timer


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.quickask_scene")
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    app.application()
    timer = _stage()
    code = app.main(demo=True, home=args.home, command=instance.QUICK_ASK)
    timer.stop()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
