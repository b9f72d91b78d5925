"""Whether the welcome shows by itself, and the welcome built when it opens.

The dialog and what it borrows (the key help, the panes' task runner, the
full style sheet) cost ~0.8 MB resident and some milliseconds to build. A
window that never shows it (demo mode, a user with keys or a config file)
no longer pays that at every start: :class:`Greeter` builds it the first
time it opens, on a first run or from the Help menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui import settings as ui_settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from jarvis.service import Jarvis
    from ui.welcome import WelcomeDialog

SHOWN = "welcome/shown"
"""QSettings key: the welcome was seen once and is not shown by itself again."""


def should_show(jarvis: Jarvis) -> bool:
    """First run: no config file, no key anywhere, welcome never seen."""
    if jarvis.demo or jarvis.paths.config_file.exists():
        return False
    if any(info.has_key for info in jarvis.providers()):
        return False
    return not ui_settings.store().value(SHOWN, False, type=bool)


class Greeter:
    """The welcome for one window and facade, built when first opened.

    Args:
        parent: the main window (the dialog is its child).
        jarvis: the open facade the dialog shows and changes.
        on_demo: called when the user chooses demo mode there.
    """

    def __init__(self, parent: QWidget, jarvis: Jarvis,
                 on_demo: Callable[[], None]) -> None:
        self._parent = parent
        self._jarvis = jarvis
        self._on_demo = on_demo
        self.dialog: WelcomeDialog | None = None

    def open(self) -> None:
        """Show the welcome (building it the first time)."""
        if self.dialog is None:
            from ui.welcome import WelcomeDialog

            self.dialog = WelcomeDialog(self._parent)
            self.dialog.demoRequested.connect(self._on_demo)
            self.dialog.demoRequested.connect(self._parent.close)
            self.dialog.attach(self._jarvis)
        self.dialog.open()

    async def aclose(self) -> None:
        """Close the dialog, if built, and await its running checks."""
        if self.dialog is not None:
            self.dialog.close()
            await self.dialog.aclose()
