"""``python -m ui.probe``: can a window open here, and is there a tray?

``jarvis doctor`` runs this in a subprocess, so that the Qt-free service
layer learns about the display without importing Qt, and so that a missing
display (Qt aborts the process when no platform plugin can start) costs a
child process, not the doctor. Prints one JSON object on stdout:
``{"platform": "xcb", "tray": true, "screens": 1, "qt": "6.11.3"}``.
"""

from __future__ import annotations

import json
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon


def probe() -> dict[str, object]:
    """What Qt found: platform plugin, tray, number of screens."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    return {
        "platform": QGuiApplication.platformName(),
        "tray": QSystemTrayIcon.isSystemTrayAvailable(),
        "screens": len(app.screens()) if isinstance(app, QGuiApplication) else 0,
        "qt": pyside_version,
    }


if __name__ == "__main__":
    print(json.dumps(probe()))
