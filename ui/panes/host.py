"""The pages the main window shows besides the chat, attached as one.

:class:`Panes` builds the usage page and the keys-and-settings page,
hands them the facade once it is open, and closes their tasks on quit. The
main window only places :attr:`Panes.usage` and :attr:`Panes.keys_page`
(in tabs or a rail) and calls :meth:`Panes.attach` and :meth:`Panes.aclose`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.panes.keys import KeysPane
from ui.panes.settings import SettingsPane
from ui.panes.style import stylesheet
from ui.panes.usage import UsagePane

if TYPE_CHECKING:
    from jarvis.service import Jarvis


class Panes(QObject):
    """The usage pane, the keys pane and the settings form of one window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.usage = UsagePane(parent)
        self.keys_page = QScrollArea(parent)
        self.keys_page.setObjectName("keysPage")
        self.keys_page.setWidgetResizable(True)
        self.keys_page.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.keys_page)
        content.setObjectName("paneContent")
        self.keys = KeysPane(content)
        self.settings = SettingsPane(content)
        column = QVBoxLayout(content)
        column.setContentsMargins(20, 16, 20, 20)
        column.setSpacing(12)
        column.addWidget(self._heading(self.tr("API keys"), content))
        column.addWidget(self.keys)
        column.addSpacing(8)
        column.addWidget(self._heading(self.tr("Settings"), content))
        column.addWidget(self.settings)
        column.addStretch(1)
        self.keys_page.setWidget(content)
        sheet = stylesheet(self.usage.palette())
        self.usage.setStyleSheet(sheet)
        self.keys_page.setStyleSheet(sheet)
        # A changed provider list, endpoint or cap shows everywhere at once.
        self.settings.applied.connect(self._settings_applied)

    def _settings_applied(self, ok: bool, _message: str) -> None:
        if ok:
            self.keys.refresh()
            self.usage.refresh()

    def _heading(self, text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName("paneTitle")
        return label

    def attach(self, jarvis: Jarvis) -> None:
        """Give every pane the open facade."""
        self.usage.attach(jarvis)
        self.keys.attach(jarvis)
        self.settings.attach(jarvis)

    async def aclose(self) -> None:
        """Stop every pane's tasks."""
        await self.usage.aclose()
        await self.keys.aclose()
        await self.settings.aclose()
