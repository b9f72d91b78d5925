"""The keys pane: each provider's key, where it comes from, and its actions.

Shows the keychain backend and whether keys may be stored in it, then one
card per provider: where its key comes from, the masked tail, when it was
added, validated and last used, a rotation reminder, the endpoint note and
the circuit breaker's state. Add or replace takes the key in a hidden field,
has the provider check it before anything is stored
(:meth:`jarvis.service.Jarvis.replace_key`), clears the field at once and
never shows the key again. Test and Delete act on the stored key. When the
user keeps keys in the opt-in encrypted vault, a card above the providers
unlocks and locks it (:mod:`ui.panes.vaultbox`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jarvis.keys import KeyInfo, KeyStoreError, NoSecureKeychain
from jarvis.vault import VaultError, WrongPassphrase
from ui import messages
from ui.keychainhelp import no_keychain_help
from ui.panes.tasks import PaneTasks
from ui.panes.vaultbox import VaultBox

if TYPE_CHECKING:
    from collections.abc import Callable

    from jarvis.keys import BackendStatus
    from jarvis.service import Jarvis, ProviderInfo

log = logging.getLogger(__name__)

_SOURCES = {
    "env": QT_TRANSLATE_NOOP(
        "keys", "from the environment variable {env}, which overrides a stored key"),
    "keychain": QT_TRANSLATE_NOOP("keys", "stored in the keychain"),
    "session": QT_TRANSLATE_NOOP("keys", "kept for this session only"),
    "vault": QT_TRANSLATE_NOOP("keys", "stored in the encrypted vault"),
    "demo": QT_TRANSLATE_NOOP("keys", "a demo key (simulated provider)"),
    "none-needed": QT_TRANSLATE_NOOP("keys", "no key needed"),
}
_BREAKER = {
    "closed": QT_TRANSLATE_NOOP("keys", "closed (healthy)"),
    "open": QT_TRANSLATE_NOOP("keys", "open (paused after failures)"),
    "half_open": QT_TRANSLATE_NOOP("keys", "half-open (trying one request)"),
}


_tr = QCoreApplication.translate


def confirm_delete(parent: QWidget, provider: str) -> bool:
    """Ask before deleting ``provider``'s key; No is the default."""
    answer = QMessageBox.question(
        parent, _tr("keys", "Delete the key?"),
        _tr("keys", "Delete the stored key for {provider}? Jarvis cannot use "
            "{provider} until you add a key again.").format(provider=provider),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def when(moment: datetime | None) -> str:
    """A stored time in local time, or "never"."""
    if moment is None:
        return _tr("keys", "never")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class KeysView:
    """One load of the pane."""

    backend: BackendStatus
    providers: list[ProviderInfo]
    keys: dict[str, KeyInfo]
    breakers: dict[str, str]
    vault: tuple[bool, int] | None = None  # (unlocked, keys in it); None: none


class ProviderCard(QFrame):
    """One provider's key status and its Add/Replace, Test and Delete."""

    def __init__(self, info: ProviderInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = info.name
        self.setObjectName("providerCard")
        self.setAccessibleName(self.tr("Provider {name}").format(name=info.name))
        self.title = QLabel(f"{info.name}", self)
        self.title.setObjectName("cardTitle")
        self.detail = QLabel(self)
        self.detail.setObjectName("statCaption")
        self.source_label = self._value(self.tr("Key"))
        self.dates_label = self._value(self.tr("Key dates"))
        self.breaker_label = self._value(self.tr("Breaker"))
        self.endpoint_label = self._value(self.tr("Endpoint"))
        self.rotation_label = QLabel(self)
        self.rotation_label.setObjectName("warnLabel")
        self.rotation_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Result"))
        self.message_label.hide()

        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setAccessibleName(
            self.tr("New API key for {name}").format(name=info.name))
        self.key_edit.setPlaceholderText(self.tr("Paste a new key"))
        self.save_button = QPushButton(self.tr("Add key"), self)
        self.test_button = QPushButton(self.tr("Test"), self)
        self.test_button.setAccessibleName(
            self.tr("Test the {name} key").format(name=info.name))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setAccessibleName(
            self.tr("Delete the {name} key").format(name=info.name))
        self.save_button.setEnabled(False)
        self.key_edit.textChanged.connect(
            lambda text: self.save_button.setEnabled(bool(text.strip())))
        self.key_edit.returnPressed.connect(self.save_button.click)
        self._lay_out()
        self.show_info(info)

    def _value(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        for row, (name, label) in enumerate((
                (self.tr("Key"), self.source_label),
                (self.tr("Dates"), self.dates_label),
                (self.tr("Breaker"), self.breaker_label),
                (self.tr("Endpoint"), self.endpoint_label))):
            caption = QLabel(name, self)
            caption.setObjectName("statCaption")
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.key_edit, 1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        actions.addWidget(self.delete_button)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.detail, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 12)
        column.addLayout(header)
        column.addLayout(grid)
        column.addWidget(self.rotation_label)
        column.addLayout(actions)
        column.addWidget(self.message_label)

    def show_info(self, info: ProviderInfo) -> None:
        self.detail.setText(self.tr("{kind}, model {model}{off}").format(
            kind=info.kind, model=info.model,
            off="" if info.enabled else self.tr(" — disabled")))
        self.endpoint_label.setText(
            info.endpoint_note or info.base_url or self.tr("the official API"))
        fixed = info.key_source in ("demo", "none-needed")
        for widget in (self.key_edit, self.save_button, self.delete_button):
            widget.setVisible(not fixed)

    def show_key(self, key: KeyInfo | None, source: str | None) -> None:
        """The key's source, masked tail and dates (never the key)."""
        if source is None:
            self.source_label.setText(self.tr("No key"))
        else:
            where = _tr("keys", str(_SOURCES.get(source, source))).format(
                env=key.env_var if key else "")
            tail = f" ({key.masked})" if key and key.masked else ""
            self.source_label.setText(f"{where}{tail}")
        verb = self.tr("Replace key") if source else self.tr("Add key")
        self.save_button.setText(verb)
        self.save_button.setAccessibleName(self.tr("{verb} for {name}").format(
            verb=verb, name=self.provider))
        self.test_button.setEnabled(source is not None)
        self.delete_button.setEnabled(source in ("keychain", "vault", "session"))
        if key is None:
            self.dates_label.setText("—")
            self.rotation_label.hide()
            return
        dates = self.tr("validated {validated} · used {used}").format(
            validated=when(key.validated_at), used=when(key.used_at))
        if source != "env":  # an environment key was never added here
            dates = self.tr("added {added} · ").format(
                added=when(key.added_at)) + dates
        self.dates_label.setText(dates)
        due = key.rotation_due(datetime.now(UTC))
        self.rotation_label.setText(self.tr(
            "This key is more than 90 days old: consider rotating it (create a "
            "new key with the provider, replace it here, revoke the old one)."))
        self.rotation_label.setVisible(due)

    def show_breaker(self, state: str) -> None:
        self.breaker_label.setText(_tr("keys", str(_BREAKER.get(state, state))))
        self.breaker_label.setProperty("state", state)

    def show_message(self, text: str, ok: bool | None) -> None:
        self.message_label.setText(text)
        tone = {True: "ok", False: "error", None: "note"}[ok]
        self.message_label.setProperty("tone", tone)
        self.message_label.style().polish(self.message_label)
        self.message_label.show()


class KeysPane(QWidget):
    """The keychain status and one card per provider.

    Signals:
        loaded(object): a :class:`KeysView` arrived from the facade.
        verdict(str, object, str): provider, valid (True, False or None)
            and the message of a check, save or delete.
        vaultResult(str, object): what to say about the vault, and whether
            it opened (True, False, or None for a note).
        breakerChanged(str, str): a provider's breaker moved to a state.
    """

    loaded = Signal(object)
    verdict = Signal(str, object, str)
    vaultResult = Signal(str, object)
    breakerChanged = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keysPane")
        self._jarvis: Jarvis | None = None
        self._tasks = PaneTasks("keys pane")
        self._unsubscribe: Callable[[], None] | None = None
        self.cards: dict[str, ProviderCard] = {}
        self.loads = 0
        self.backend_label = QLabel(self)
        self.backend_label.setObjectName("backendLabel")
        self.backend_label.setWordWrap(True)
        self.backend_label.setAccessibleName(self.tr("Keychain"))
        self.help_label = QLabel(self)
        self.help_label.setObjectName("warnLabel")
        self.help_label.setWordWrap(True)
        self.help_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.help_label.hide()
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(10)
        self._column.addWidget(self.backend_label)
        self._column.addWidget(self.help_label)
        self.vault_box = VaultBox(self)
        self.vault_box.hide()
        self.vault_box.unlockRequested.connect(self.unlock_vault)
        self.vault_box.lockRequested.connect(self.lock_vault)
        self._column.addWidget(self.vault_box)
        self.vaultResult.connect(self.vault_box.show_message)
        self.loaded.connect(self._show)
        self.verdict.connect(self._show_verdict)
        self.breakerChanged.connect(self._show_breaker)

    # Facade -------------------------------------------------------------------

    def attach(self, jarvis: Jarvis) -> None:
        """Read from and act on ``jarvis`` from now on; load once."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._jarvis = jarvis
        self._unsubscribe = jarvis.on_breaker_change(
            lambda name, state: self.breakerChanged.emit(name, str(state)))
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self._jarvis is not None:
            self._tasks.spawn(self._load(self._jarvis))

    async def _load(self, jarvis: Jarvis) -> None:
        if not jarvis.keys.checked:
            # Demo mode lists no keys but names the keychain; the session
            # did not look for it at start.
            await jarvis.refresh_keys()
        providers = jarvis.providers()
        keys = {} if jarvis.demo else {
            k.provider: k for k in await jarvis.keys.list_keys(
                [p.name for p in providers])}
        breakers = {n: str(s) for n, s in jarvis.breaker_states().items()}
        vault = None if jarvis.demo else await asyncio.to_thread(_vault_state,
                                                                 jarvis)
        self.loaded.emit(KeysView(jarvis.keys.backend_status(), providers, keys,
                                  breakers, vault))

    async def aclose(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        await self._tasks.aclose()

    # Actions ------------------------------------------------------------------

    def save(self, provider: str) -> None:
        """Check the typed key with the provider, store it if accepted."""
        card = self.cards[provider]
        key = card.key_edit.text().strip()
        card.key_edit.clear()  # the key leaves the widget at once
        if not key or self._jarvis is None:
            return
        card.show_message(self.tr("Checking the key with {p}…").format(p=provider),
                          None)
        self._tasks.spawn(self._replace(self._jarvis, provider, key))

    async def _replace(self, jarvis: Jarvis, provider: str, key: str) -> None:
        try:
            check = await jarvis.replace_key(provider, key)
        except NoSecureKeychain:
            # FIXME:vault an unlocked vault could take the key here; that
            # choice belongs in Jarvis.replace_key, not in the pane.
            self.verdict.emit(provider, False, self.tr(
                "The key was not stored: ") + no_keychain_help(
                    jarvis.keys.backend_status()))
            return
        except KeyStoreError as exc:
            self.verdict.emit(provider, False, self.tr(
                "The key was not stored: {why}").format(why=exc))
            return
        if check.valid is False:
            text = self.tr("{p} rejected the key; it was not stored and the "
                           "previous key (if any) stays. {why}").format(
                               p=provider, why=messages.text(check.message))
        else:
            text = self.tr("Key saved. {why}").format(why=messages.text(check.message))
        self.verdict.emit(provider, check.valid, text)
        await self._load(jarvis)

    def test(self, provider: str) -> None:
        """Check the stored key with a cheap call."""
        if self._jarvis is not None:
            self.cards[provider].show_message(self.tr("Testing…"), None)
            self._tasks.spawn(self._test(self._jarvis, provider))

    async def _test(self, jarvis: Jarvis, provider: str) -> None:
        check = await jarvis.check_key(provider)
        self.verdict.emit(provider, check.valid, messages.text(check.message))
        await self._load(jarvis)

    def delete(self, provider: str) -> None:
        """Delete the stored key after the user confirms."""
        if self._jarvis is not None and confirm_delete(self, provider):
            self._tasks.spawn(self._delete(self._jarvis, provider))

    async def _delete(self, jarvis: Jarvis, provider: str) -> None:
        try:
            removed = await jarvis.keys.delete(provider)
        except KeyStoreError as exc:
            self.verdict.emit(provider, False, str(exc))
            return
        text = self.tr("Key deleted.") if removed else self.tr(
            "There was no stored key to delete.")
        self.verdict.emit(provider, True if removed else None, text)
        await self._load(jarvis)

    @Slot(str)
    def unlock_vault(self, passphrase: str) -> None:
        """Open the encrypted vault for this session."""
        if self._jarvis is not None:
            self._tasks.spawn(self._unlock(self._jarvis, passphrase))

    async def _unlock(self, jarvis: Jarvis, passphrase: str) -> None:
        try:
            await jarvis.keys.unlock_vault(passphrase)
        except WrongPassphrase:
            self.vaultResult.emit(self.tr(
                "That passphrase does not open the vault."), False)
        except VaultError as exc:
            self.vaultResult.emit(self.tr(
                "The vault cannot be opened: {why}").format(why=exc), False)
        else:
            log.info("vault unlocked from the keys pane")
            self.vaultResult.emit(self.tr("Vault unlocked."), True)
        await self._load(jarvis)

    @Slot()
    def lock_vault(self) -> None:
        """Forget the vault's keys until it is unlocked again."""
        vault = self._jarvis.keys.vault if self._jarvis is not None else None
        if vault is not None:
            vault.lock()
            self.vault_box.show_message(self.tr("Vault locked."), None)
            self.refresh()

    # Showing ------------------------------------------------------------------

    @Slot(object)
    def _show(self, view: KeysView) -> None:
        backend = view.backend
        if backend.secure:
            text = self.tr("Keychain: {name} (secure). {msg}").format(
                name=backend.name, msg=backend.message)
        else:  # the help below says what to do instead
            text = self.tr("Keychain: {name} (not secure).").format(
                name=backend.name)
        self.backend_label.setText(text)
        demo = any(p.key_source == "demo" for p in view.providers)
        self.help_label.setText(no_keychain_help(backend))
        self.help_label.setVisible(not backend.secure and not demo)
        self.vault_box.setVisible(view.vault is not None)
        if view.vault is not None:
            self.vault_box.show_state(*view.vault)
        for info in view.providers:
            card = self._card(info)
            card.show_info(info)
            card.show_key(view.keys.get(info.name), info.key_source)
            card.show_breaker(view.breakers.get(info.name, "closed"))
        self.loads += 1

    def _card(self, info: ProviderInfo) -> ProviderCard:
        card = self.cards.get(info.name)
        if card is None:
            card = ProviderCard(info, self)
            name = info.name
            card.save_button.clicked.connect(lambda: self.save(name))
            card.test_button.clicked.connect(lambda: self.test(name))
            card.delete_button.clicked.connect(lambda: self.delete(name))
            self.cards[name] = card
            self._column.addWidget(card)
        return card

    @Slot(str, object, str)
    def _show_verdict(self, provider: str, valid: bool | None, text: str) -> None:
        card = self.cards.get(provider)
        if card is not None:
            card.show_message(text, valid)

    @Slot(str, str)
    def _show_breaker(self, provider: str, state: str) -> None:
        card = self.cards.get(provider)
        if card is not None:
            card.show_breaker(state)


def _vault_state(jarvis: Jarvis) -> tuple[bool, int] | None:
    """Whether the vault is unlocked and how many keys it holds (file read)."""
    vault = jarvis.keys.vault
    if vault is None or not vault.exists():
        return None
    try:
        return vault.unlocked, len(vault.providers())
    except (OSError, ValueError, KeyError, VaultError):
        log.warning("cannot read the vault file", exc_info=True)
        return vault.unlocked, 0
