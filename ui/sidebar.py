"""The conversation sidebar: search box, New button, list or search results.

The list groups pinned conversations above recent ones; each shows its
title and how long ago it changed. F2 (or the context menu) renames in
place, Del deletes after asking, the context menu pins. Typing in the
search box shows live full-text results instead of the list; a result's
snippet is escaped text with only the match in bold, so nothing stored can
inject markup. The sidebar only emits what the user asked for; the window
passes it to the controller.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.conversations import relative_time, snippet_html
from ui.theme import colors

if TYPE_CHECKING:
    from jarvis.store.history import ConversationSummary, SearchHit

log = logging.getLogger(__name__)

# Milliseconds of quiet typing before the search runs.
SEARCH_DELAY_MS = 150

# The list reads as part of the window, not as a boxed table; colours
# come from the palette (ui.theme), so a dark desktop stays dark.
_SHEET = """
#sidebar { background: %(page)s; }
#conversationList, #searchResults {
    background: %(page)s; border: none; outline: none;
}
#conversationList::item, #searchResults::item {
    padding: 7px 6px;
}
#conversationList::item:selected, #searchResults::item:selected {
    background: %(bubble)s; color: %(text)s;
}
#conversationList::item:hover:!selected, #searchResults::item:hover:!selected {
    background: %(button)s;
}
"""

_ID = Qt.ItemDataRole.UserRole
_PINNED = Qt.ItemDataRole.UserRole + 1
_MESSAGE = Qt.ItemDataRole.UserRole + 2


def confirm_delete(parent: QWidget, title: str) -> bool:
    """Ask before deleting a conversation; "no" is the default (tests patch)."""
    _tr = QCoreApplication.translate
    box = QMessageBox(QMessageBox.Icon.Warning,
                      _tr("sidebar", "Delete conversation?"),
                      _tr("sidebar", "Delete “{title}” and all its messages?")
                      .format(title=title), parent=parent)
    box.setInformativeText(_tr("sidebar", "This cannot be undone. Its spend "
                                          "records stay in the usage log."))
    delete = box.addButton(_tr("sidebar", "Delete"),
                           QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class ConversationTree(QTreeWidget):
    """The list itself; Del asks the sidebar to delete the current item."""

    deletePressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != \
                QAbstractItemView.State.EditingState:
            self.deletePressed.emit()
            return
        super().keyPressEvent(event)


class Sidebar(QWidget):
    """Conversations and history search.

    Signals:
        openRequested(str, int): open a conversation (id), scrolled to a
            message id (0: to the end).
        newRequested: start a new conversation.
        renameRequested(str, str): conversation id, new title.
        pinRequested(str, bool): conversation id, pinned or not.
        deleteRequested(str): conversation id (the user confirmed).
        searchRequested(str): the query typed (after a short pause).
        approached: the pointer came over the sidebar (a conversation may
            be opened soon).
    """

    openRequested = Signal(str, int)
    newRequested = Signal()
    renameRequested = Signal(str, str)
    pinRequested = Signal(str, bool)
    deleteRequested = Signal(str)
    searchRequested = Signal(str)
    approached = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName(self.tr("Conversations"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_SHEET % colors(self.palette()))
        self._current = ""
        self._filling = False
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)

    def enterEvent(self, event: QEnterEvent) -> None:
        self.approached.emit()
        super().enterEvent(event)

    # Building -----------------------------------------------------------------

    def _build(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(self.tr("Search history (Ctrl+K)"))
        self.search_box.setAccessibleName(self.tr("Search conversations"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._search_typed)
        self.new_button = QPushButton(self.tr("New"), self)
        self.new_button.setObjectName("sidebarNewButton")
        self.new_button.setAccessibleName(self.tr("New conversation"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.newRequested)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.new_button)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_tree())
        self.pages.addWidget(self._build_results())
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 10, 6, 10)
        column.setSpacing(8)
        column.addLayout(top)
        column.addWidget(self.pages, 1)

    def _build_tree(self) -> QTreeWidget:
        self.tree = ConversationTree(self)
        self.tree.setObjectName("conversationList")
        self.tree.setAccessibleName(self.tr("Conversation list"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setIndentation(0)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemChanged.connect(self._renamed)
        self.tree.deletePressed.connect(self.delete_current)
        self.pinned_group = self._group(self.tr("Pinned"))
        self.recent_group = self._group(self.tr("Recent"))
        return self.tree

    def _group(self, text: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.tree, [text])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        group.setFirstColumnSpanned(True)
        font = group.font(0)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        group.setFont(0, font)
        group.setForeground(0, self.palette().placeholderText())
        group.setExpanded(True)
        return group

    def _build_results(self) -> QListWidget:
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._result_chosen)
        self.results.itemClicked.connect(self._result_chosen)
        return self.results

    # Filling ------------------------------------------------------------------

    def set_conversations(self, summaries: Sequence[ConversationSummary]) -> None:
        """Show ``summaries`` (pinned first, as the store orders them)."""
        self._filling = True
        for group in (self.pinned_group, self.recent_group):
            group.takeChildren()
        for summary in summaries:
            parent = self.pinned_group if summary.pinned else self.recent_group
            item = QTreeWidgetItem(parent, [summary.title,
                                            relative_time(summary.updated_at)])
            item.setData(0, _ID, summary.id)
            item.setData(0, _PINNED, summary.pinned)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(0, self.tr("{title} — {n} messages").format(
                title=summary.title, n=summary.message_count))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
            item.setForeground(1, self.palette().placeholderText())
            if summary.id == self._current:
                self.tree.setCurrentItem(item)
        self.pinned_group.setHidden(self.pinned_group.childCount() == 0)
        self.recent_group.setHidden(self.recent_group.childCount() == 0)
        self._filling = False

    def set_results(self, query: str, hits: Sequence[SearchHit]) -> None:
        """Show the search results for ``query`` (stale ones are ignored)."""
        if query != self.search_box.text():
            return
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(self.results)
            item.setData(_ID, hit.conversation_id)
            item.setData(_MESSAGE, hit.message_id)
            label = QLabel(self._result_html(hit), self.results)
            label.setObjectName("searchHit")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(6, 4, 6, 4)
            # The label shows the hit; the item is what is clicked.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(label.sizeHint())
            item.setText(hit.snippet)
            item.setForeground(Qt.GlobalColor.transparent)
            self.results.setItemWidget(item, label)
        if not hits:
            QListWidgetItem(self.tr("No messages match."), self.results).setFlags(
                Qt.ItemFlag.NoItemFlags)

    def _result_html(self, hit: SearchHit) -> str:
        who = self.tr("You") if hit.role == "user" else self.tr("Jarvis")
        return (f"<b>{html.escape(hit.conversation_title)}</b><br>"
                f"<small>{html.escape(who)}:</small> {snippet_html(hit.snippet)}")

    def set_current(self, conversation_id: str | None) -> None:
        """Mark the conversation the window shows."""
        self._current = conversation_id or ""
        item = self._item(self._current)
        if item is None:
            self.tree.clearSelection()
        else:
            self.tree.setCurrentItem(item)

    def conversation_ids(self) -> list[str]:
        """The ids in the order shown."""
        return [str(item.data(0, _ID)) for item in self._items()]

    def title_of(self, conversation_id: str) -> str:
        item = self._item(conversation_id)
        return item.text(0) if item is not None else ""

    def _items(self) -> list[QTreeWidgetItem]:
        children = (group.child(i) for group in (self.pinned_group,
                                                  self.recent_group)
                    for i in range(group.childCount()))
        return [child for child in children if child is not None]

    def _item(self, conversation_id: str) -> QTreeWidgetItem | None:
        return next((i for i in self._items()
                     if i.data(0, _ID) == conversation_id), None)

    # User actions -------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def rename_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.data(0, _ID):
            self.tree.setFocus()
            self.tree.editItem(item, 0)

    def delete_current(self) -> None:
        item = self.tree.currentItem()
        if item is None or not item.data(0, _ID):
            return
        if confirm_delete(self, item.text(0)):
            self.deleteRequested.emit(str(item.data(0, _ID)))

    def toggle_pin_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.data(0, _ID):
            self.pinRequested.emit(str(item.data(0, _ID)),
                                   not bool(item.data(0, _PINNED)))

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        conversation_id = item.data(0, _ID)
        if conversation_id:
            self.openRequested.emit(str(conversation_id), 0)

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        conversation_id = item.data(0, _ID)
        if self._filling or column != 0 or not conversation_id:
            return
        self.renameRequested.emit(str(conversation_id), item.text(0))

    def _result_chosen(self, item: QListWidgetItem) -> None:
        conversation_id = item.data(_ID)
        if conversation_id:
            self.openRequested.emit(str(conversation_id), int(item.data(_MESSAGE)))

    def _search_typed(self, text: str) -> None:
        searching = bool(text.strip())
        self.pages.setCurrentIndex(1 if searching else 0)
        if searching:
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self.results.clear()

    def _search_now(self) -> None:
        self.searchRequested.emit(self.search_box.text())

    def _context_menu(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)
        if item is None or not item.data(0, _ID):
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self._activated(item))
        menu.addAction(self.tr("Rename") + "\tF2", self.rename_current)
        pinned = bool(item.data(0, _PINNED))
        menu.addAction(self.tr("Unpin") if pinned else self.tr("Pin"),
                       self.toggle_pin_current)
        menu.addSeparator()
        menu.addAction(self.tr("Delete…") + "\tDel", self.delete_current)
        menu.exec(self.tree.viewport().mapToGlobal(point))
