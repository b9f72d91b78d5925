"""The dialog listing every keyboard shortcut (F1 or Ctrl+/).

Built from :data:`ui.shortcuts.SHORTCUTS`; a module of its own so that the
table's widgets load when the dialog is first opened, not before the
window's first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.shortcuts import CONTEXT, SHORTCUTS, Shortcut, sequences


def shown_keys(shortcut: Shortcut) -> str:
    """The keys as the user's platform writes them ("Ctrl+K, Ctrl+F")."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(s.toString(native) for s in sequences(shortcut))


class ShortcutsDialog(QDialog):
    """A table of every shortcut: keys and what they do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(SHORTCUTS), 2, self)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        for row, shortcut in enumerate(SHORTCUTS):
            keys = QTableWidgetItem(shown_keys(shortcut))
            keys.setTextAlignment(Qt.AlignmentFlag.AlignVCenter
                                  | Qt.AlignmentFlag.AlignLeft)
            self.table.setItem(row, 0, keys)
            what = QCoreApplication.translate(CONTEXT, str(shortcut.what))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.table)
        column.addWidget(buttons)
        # Tall enough to list every row without scrolling.
        rows = self.table.verticalHeader().length()
        chrome = self.table.horizontalHeader().sizeHint().height() + 8
        self.table.setMinimumHeight(rows + chrome)
        self.resize(560, rows + chrome + 70)
