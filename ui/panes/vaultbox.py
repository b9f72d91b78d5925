"""The encrypted vault's lock, for machines that keep keys in it (CASES C09).

Shown only when the user has made a vault (``jarvis keys set PROVIDER
--vault``); Jarvis never creates one on its own. The passphrase is taken in
a hidden field, cleared at once, and handed to
:meth:`jarvis.keys.KeyStore.unlock_vault`, which derives the key off the
event loop. The keys stay readable until Lock or quit.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class VaultBox(QFrame):
    """The vault's state, a passphrase field, Unlock and Lock.

    Signals:
        unlockRequested(str): the user gave a passphrase.
        lockRequested(): the user wants the keys forgotten.
    """

    unlockRequested = Signal(str)
    lockRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("providerCard")
        self.setAccessibleName(self.tr("Encrypted vault"))
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Vault passphrase"))
        self.passphrase.setAccessibleName(self.tr("Vault passphrase"))
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setAccessibleName(self.tr("Unlock the vault"))
        self.lock_button = QPushButton(self.tr("Lock"), self)
        self.lock_button.setAccessibleName(self.tr("Lock the vault"))
        self.message_label = QLabel(self)
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.unlock_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self._unlock)
        self.lock_button.clicked.connect(self.lockRequested)
        # No mnemonics: the settings below take most letters; Enter unlocks.
        title = QLabel(self.tr("Encrypted vault"), self)
        title.setObjectName("cardTitle")
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        row.addWidget(self.lock_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 12)
        column.addWidget(title)
        column.addWidget(self.state_label)
        column.addLayout(row)
        column.addWidget(self.message_label)

    def _unlock(self) -> None:
        passphrase = self.passphrase.text()
        self.passphrase.clear()  # the passphrase leaves the widget at once
        if passphrase:
            self.unlock_button.setEnabled(False)
            self.show_message(self.tr("Opening the vault…"), None)
            self.unlockRequested.emit(passphrase)

    def show_state(self, unlocked: bool, stored: int) -> None:
        """Locked or unlocked, and how many keys the vault holds."""
        if unlocked:
            text = self.tr("Unlocked for this session: its keys ({n}) are in "
                           "use until you lock it or quit.").format(n=stored)
        else:
            text = self.tr("Locked: its keys ({n}) cannot be used until you "
                           "unlock it with its passphrase.").format(n=stored)
        self.state_label.setText(text)
        self.passphrase.setVisible(not unlocked)
        self.unlock_button.setVisible(not unlocked)
        self.unlock_button.setEnabled(True)
        self.lock_button.setVisible(unlocked)

    def show_message(self, text: str, ok: bool | None) -> None:
        self.message_label.setText(text)
        tone = {True: "ok", False: "error", None: "note"}[ok]
        self.message_label.setProperty("tone", tone)
        self.message_label.style().polish(self.message_label)
        self.message_label.setVisible(bool(text))
