"""The pages the main window shows besides the chat, attached as one.

:class:`Panes` owns the usage page and the keys-and-settings page, hands
them the facade once it is open, and closes their tasks on quit. The main
window only calls :meth:`Panes.place` (the tabs the pages go in),
:meth:`Panes.attach` and :meth:`Panes.aclose`.

Neither page is visible when the window first shows, and together they
cost more to import and build than the rest of the window (the spend log's
and the keychain's modules, a few hundred widgets). So each tab holds an
empty placeholder until it is first opened, or until code asks for the
page (:attr:`Panes.usage`, :attr:`Panes.keys_page`, ...): then the page is
built, put in the placeholder's tab, and given the facade if it is open.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from jarvis.service import Jarvis
    from ui.panes.keys import KeysPane
    from ui.panes.settings import SettingsPane
    from ui.panes.usage import UsagePane

log = logging.getLogger(__name__)


class Panes(QObject):
    """The usage pane, the keys pane and the settings form of one window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host = parent
        self._jarvis: Jarvis | None = None
        self._tabs: QTabWidget | None = None
        self._usage: UsagePane | None = None
        self._keys_page: QScrollArea | None = None
        self._keys: KeysPane | None = None
        self._settings: SettingsPane | None = None
        self._usage_slot = self._placeholder("usageSlot")
        self._keys_slot = self._placeholder("keysSlot")

    def place(self, tabs: QTabWidget, usage_title: str, keys_title: str) -> None:
        """Add the two pages to ``tabs`` (built when first opened)."""
        self._tabs = tabs
        tabs.addTab(self._usage_slot, usage_title)
        tabs.addTab(self._keys_slot, keys_title)
        tabs.currentChanged.connect(self._opened)

    # The pages, built on first use ----------------------------------------

    @property
    def usage(self) -> UsagePane:
        if self._usage is None:
            self._usage = self._build_usage()
            self._swap(self._usage_slot, self._usage)
            if self._jarvis is not None:
                self._usage.attach(self._jarvis)
        return self._usage

    @property
    def keys_page(self) -> QScrollArea:
        if self._keys_page is None:
            self._keys_page = self._build_keys_page()
            self._swap(self._keys_slot, self._keys_page)
            if self._jarvis is not None:
                self._attach_keys(self._jarvis)
        return self._keys_page

    @property
    def keys(self) -> KeysPane:
        page = self.keys_page
        assert self._keys is not None, page
        return self._keys

    @property
    def settings(self) -> SettingsPane:
        page = self.keys_page
        assert self._settings is not None, page
        return self._settings

    def built(self) -> list[str]:
        """Which pages exist yet: "usage", "keys"."""
        return [name for name, page in (("usage", self._usage),
                                        ("keys", self._keys_page))
                if page is not None]

    def _opened(self, index: int) -> None:
        tabs = self._tabs
        if tabs is None:
            return
        page = tabs.widget(index)
        if page is self._usage_slot:
            log.debug("usage tab opened: %s", type(self.usage).__name__)
        elif page is self._keys_slot:
            log.debug("keys tab opened: %s", type(self.keys_page).__name__)

    def _placeholder(self, name: str) -> QWidget:
        slot = QWidget(self._host)
        slot.setObjectName(name)
        return slot

    def _swap(self, slot: QWidget, page: QWidget) -> None:
        """Put ``page`` in the tab that holds ``slot``."""
        tabs = self._tabs
        index = -1 if tabs is None else tabs.indexOf(slot)
        if tabs is None or index < 0:
            return
        current = tabs.currentIndex() == index
        title = tabs.tabText(index)
        # Quietly: removing the current tab would "open" its neighbour.
        tabs.blockSignals(True)
        try:
            tabs.removeTab(index)
            tabs.insertTab(index, page, title)
            if current:
                tabs.setCurrentIndex(index)
        finally:
            tabs.blockSignals(False)
        slot.deleteLater()
        log.debug("built the %s page", slot.objectName())

    def _build_usage(self) -> UsagePane:
        from ui.panes.style import stylesheet
        from ui.panes.usage import UsagePane

        usage = UsagePane(self._host)
        usage.setStyleSheet(stylesheet(usage.palette()))
        return usage

    def _build_keys_page(self) -> QScrollArea:
        from ui.panes.keys import KeysPane
        from ui.panes.settings import SettingsPane
        from ui.panes.style import stylesheet

        page = QScrollArea(self._host)
        page.setObjectName("keysPage")
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(page)
        content.setObjectName("paneContent")
        self._keys = KeysPane(content)
        self._settings = SettingsPane(content)
        column = QVBoxLayout(content)
        column.setContentsMargins(20, 16, 20, 20)
        column.setSpacing(12)
        column.addWidget(self._heading(self.tr("API keys"), content))
        column.addWidget(self._keys)
        column.addSpacing(8)
        column.addWidget(self._heading(self.tr("Settings"), content))
        column.addWidget(self._settings)
        column.addStretch(1)
        page.setWidget(content)
        page.setStyleSheet(stylesheet(page.palette()))
        # A changed provider list, endpoint or cap shows everywhere at once.
        self._settings.applied.connect(self._settings_applied)
        return page

    def _settings_applied(self, ok: bool, _message: str) -> None:
        if ok:
            if self._keys is not None:
                self._keys.refresh()
            if self._usage is not None:
                self._usage.refresh()

    def _heading(self, text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName("paneTitle")
        return label

    def attach(self, jarvis: Jarvis) -> None:
        """Give every pane the open facade (the ones not built yet get it
        when they are)."""
        self._jarvis = jarvis
        if self._usage is not None:
            self._usage.attach(jarvis)
        if self._keys_page is not None:
            self._attach_keys(jarvis)

    def _attach_keys(self, jarvis: Jarvis) -> None:
        assert self._keys is not None and self._settings is not None
        self._keys.attach(jarvis)
        self._settings.attach(jarvis)

    async def aclose(self) -> None:
        """Stop every pane's tasks."""
        if self._usage is not None:
            await self._usage.aclose()
        if self._keys is not None:
            await self._keys.aclose()
        if self._settings is not None:
            await self._settings.aclose()
