"""The first-run welcome: where keys live, three ways to start, a daily cap.

Shown once, when Jarvis starts with no config file and no key for any
provider (:func:`should_show`), and again from Help > Welcome. It says which
keychain holds keys, then offers:

- add a key: typed into a hidden field, checked by the provider before it is
  stored, through the same facade call as the Keys pane
  (:meth:`jarvis.service.Jarvis.replace_key`);
- use a local OpenAI-compatible server (Ollama, LM Studio): written into
  config.toml by the settings writer (:mod:`jarvis.settings`), first in the
  fallback order;
- try demo mode: :attr:`WelcomeDialog.demoRequested`, after which the app
  restarts its session on the built-in simulator.

Closing it with "Start" writes the daily cap the user chose. The dialog is
opened with ``open()``, never ``exec()``: no nested event loop runs inside
a coroutine (CASES C11). Its facade calls are tasks it owns and cancels on
close; results come back through signals.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jarvis.errors import JarvisError
from jarvis.keys import KeyStoreError, NoSecureKeychain
from ui import messages
from ui import settings as ui_settings
from ui.firstrun import SHOWN
from ui.keychainhelp import no_keychain_help
from ui.panes.tasks import PaneTasks
from ui.theme import stylesheet

if TYPE_CHECKING:
    from jarvis.service import Jarvis

log = logging.getLogger(__name__)

# name in config.toml -> (label, default address). Both servers speak the
# OpenAI protocol under /v1 and need no key.
LOCAL_SERVERS = {
    "ollama": ("Ollama", "http://127.0.0.1:11434/v1"),
    "lmstudio": ("LM Studio", "http://127.0.0.1:1234/v1"),
}
DEFAULT_DAILY_USD = Decimal("5")


class WelcomeDialog(QDialog):
    """The welcome, attached to the open facade.

    Signals:
        demoRequested(): the user chose demo mode.
        keyVerdict(str, object): a message and True/False/None (checked ok,
            rejected, not checkable) after a key was tried.
        serverVerdict(str, bool): a message after a local server was added.
        capWritten(): the cap is saved (or could not be); the dialog closes.
        keychainChecked(): the keychain was looked for (demo mode looks
            only when the dialog first shows).
    """

    demoRequested = Signal()
    keyVerdict = Signal(str, object)
    serverVerdict = Signal(str, bool)
    capWritten = Signal()
    keychainChecked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Jarvis"))
        self.setObjectName("welcome")
        # No app style sheet (ui/theme.py): the dialog carries the look.
        self.setStyleSheet(stylesheet(self.palette()))
        self._jarvis: Jarvis | None = None
        self._tasks = PaneTasks("welcome")
        self._demo_chosen = False
        self._build()
        self.keyVerdict.connect(self._show_key_verdict)
        self.serverVerdict.connect(self._show_server_verdict)
        self.capWritten.connect(self._done)
        self.keychainChecked.connect(self._show_keychain)
        self.finished.connect(self._remember)

    # Layout --------------------------------------------------------------------

    def _build(self) -> None:
        column = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Jarvis answers with the AI providers you pay for, shows what each "
            "answer cost, and stops at the cap you set. Pick one way to start; "
            "you can change everything later in Keys & settings."), self)
        intro.setWordWrap(True)
        self.keychain_label = QLabel(self)
        self.keychain_label.setWordWrap(True)
        column.addWidget(intro)
        column.addWidget(self.keychain_label)
        column.addWidget(self._key_group())
        column.addWidget(self._server_group())
        column.addWidget(self._cap_group())
        column.addLayout(self._buttons())

    def _key_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Add a key"), self)
        form = QFormLayout(box)
        self.provider_box = QComboBox(box)
        self.provider_box.setAccessibleName(self.tr("Provider"))
        self.key_edit = QLineEdit(box)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setAccessibleName(self.tr("API key"))
        self.key_edit.setPlaceholderText(self.tr("Paste the key (hidden)"))
        self.key_edit.returnPressed.connect(self.save_key)
        self.save_key_button = QPushButton(self.tr("Check and &save"), box)
        self.save_key_button.clicked.connect(self.save_key)
        self.key_message = _message(box)
        row = QHBoxLayout()
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.save_key_button)
        key_label = QLabel(self.tr("&Key"), box)
        key_label.setBuddy(self.key_edit)  # a row of two widgets has no buddy
        form.addRow(self.tr("&Provider"), self.provider_box)
        form.addRow(key_label, row)
        form.addRow(self.key_message)
        return box

    def _server_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Or use a server on this computer"), self)
        form = QFormLayout(box)
        self.server_box = QComboBox(box)
        for name, (label, _url) in LOCAL_SERVERS.items():
            self.server_box.addItem(label, name)
        self.server_box.currentIndexChanged.connect(self._server_changed)
        self.url_edit = QLineEdit(LOCAL_SERVERS["ollama"][1], box)
        self.url_edit.setAccessibleName(self.tr("Server address"))
        self.model_edit = QLineEdit(box)
        self.model_edit.setAccessibleName(self.tr("Model"))
        self.model_edit.setPlaceholderText(self.tr("a model the server has, "
                                                   "e.g. llama3.2"))
        self.use_server_button = QPushButton(self.tr("&Use this server"), box)
        self.use_server_button.clicked.connect(self.use_server)
        self.server_message = _message(box)
        form.addRow(self.tr("Ser&ver"), self.server_box)
        form.addRow(self.tr("&Address"), self.url_edit)
        form.addRow(self.tr("&Model"), self.model_edit)
        form.addRow(self.use_server_button)
        form.addRow(self.server_message)
        return box

    def _cap_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Daily spend cap"), self)
        row = QHBoxLayout(box)
        self.cap_spin = QDoubleSpinBox(box)
        self.cap_spin.setRange(0.0, 10_000.0)
        self.cap_spin.setDecimals(2)
        self.cap_spin.setPrefix("$ ")
        self.cap_spin.setValue(float(DEFAULT_DAILY_USD))
        self.cap_spin.setAccessibleName(self.tr("Daily cap in US dollars"))
        note = QLabel(self.tr("Jarvis stops before a day's spend would pass "
                              "this."), box)
        note.setWordWrap(True)
        row.addWidget(self.cap_spin)
        row.addWidget(note, 1)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.demo_button = QPushButton(self.tr("Try &demo mode"), self)
        self.demo_button.setToolTip(self.tr(
            "Simulated providers on this computer: no key, no cost."))
        self.demo_button.clicked.connect(self.choose_demo)
        self.start_button = QPushButton(self.tr("S&tart"), self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        row.addWidget(self.demo_button)
        row.addStretch(1)
        row.addWidget(self.start_button)
        return row

    # Facade --------------------------------------------------------------------

    def attach(self, jarvis: Jarvis) -> None:
        """Show what this facade knows: keychain, providers, current cap."""
        self._jarvis = jarvis
        self._show_keychain()
        self.provider_box.clear()
        for info in jarvis.providers():
            if info.kind != "openai_compatible":
                self.provider_box.addItem(info.name, info.name)
        cap = jarvis.config.limits.daily_usd
        self.cap_spin.setValue(float(cap if cap is not None else DEFAULT_DAILY_USD))
        # Already on the simulator: "demo" would only end the session.
        self.demo_button.setVisible(not jarvis.demo)

    @Slot()
    def _show_keychain(self) -> None:
        jarvis = self._jarvis
        if jarvis is None or not jarvis.keys.checked:
            self.keychain_label.clear()  # until showEvent has looked
            return
        status = jarvis.keys.backend_status()
        if status.secure:
            text = self.tr("Keys you add are kept in your system keychain "
                           "({name}), never in a file.").format(name=status.name)
        else:
            text = no_keychain_help(status)
        self.keychain_label.setText(text)
        if self.isVisible():
            self._fit_height()

    def _fit_height(self) -> None:
        """Grow to the height the contents need at the current width.

        The keychain text comes after the dialog was sized (it is looked
        for when the dialog opens), and a top-level window does not grow
        for word-wrapped text by itself: the rows below were squeezed.
        """
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        """Ready for another round when opened again from the Help menu."""
        self._demo_chosen = False
        self.start_button.setEnabled(True)
        self.demo_button.setEnabled(True)
        if self._jarvis is not None and not self._jarvis.keys.checked:
            self._tasks.spawn(self._check_keychain(self._jarvis))
        super().showEvent(event)

    async def _check_keychain(self, jarvis: Jarvis) -> None:
        await jarvis.refresh_keys()
        self.keychainChecked.emit()

    async def aclose(self) -> None:
        """Cancel and await the dialog's running checks."""
        await self._tasks.aclose()

    @property
    def busy(self) -> bool:
        return self._tasks.busy

    # Actions -------------------------------------------------------------------

    @Slot()
    def save_key(self) -> None:
        """Check the typed key with the provider; store it if accepted."""
        key = self.key_edit.text().strip()
        self.key_edit.clear()  # the key leaves the widget at once
        provider = self.provider_box.currentData()
        if not key or not provider or self._jarvis is None:
            return
        self._say(self.key_message, self.tr("Checking the key with {p}…").format(
            p=provider), None)
        self._tasks.spawn(self._save_key(self._jarvis, str(provider), key))

    async def _save_key(self, jarvis: Jarvis, provider: str, key: str) -> None:
        try:
            check = await jarvis.replace_key(provider, key)
        except NoSecureKeychain:
            self.keyVerdict.emit(self.tr("The key was not stored: ") + no_keychain_help(
                jarvis.keys.backend_status()), False)
            return
        except KeyStoreError as exc:
            self.keyVerdict.emit(self.tr("The key was not stored: {why}").format(
                why=exc), False)
            return
        if check.valid is False:
            text = self.tr("{p} rejected the key; it was not stored. {why}").format(
                p=provider, why=messages.text(check.message))
        else:
            text = self.tr("Key saved. {why}").format(why=messages.text(check.message))
        self.keyVerdict.emit(text, check.valid)

    @Slot()
    def use_server(self) -> None:
        """Add the local server as a provider, first in the fallback order."""
        if self._jarvis is None:
            return
        name = str(self.server_box.currentData())
        self._say(self.server_message, self.tr("Saving…"), None)
        self._tasks.spawn(self._use_server(
            self._jarvis, name, self.url_edit.text(), self.model_edit.text()))

    async def _use_server(self, jarvis: Jarvis, name: str, url: str,
                          model: str) -> None:
        from jarvis import settings  # tomlkit: only when settings change

        url, model = url.strip(), model.strip()
        try:
            if name in jarvis.config.providers:  # saved before: fix it up
                changes = {f"providers.{name}.base_url": url,
                           f"providers.{name}.model": model}
            else:
                changes = settings.new_provider(jarvis.config, name, url, model,
                                                needs_key=False)
            changes["fallback"] = (name, *(n for n in jarvis.config.fallback
                                           if n != name))
            await jarvis.apply_settings(changes)
        except JarvisError as exc:
            self.serverVerdict.emit(str(exc), False)
            return
        saved = self.tr("Saved: Jarvis asks {name} first ({url}, model "
                        "{model}).").format(name=name, url=url, model=model)
        # A local server takes no key: an empty one asks it for its models.
        check = await jarvis.check_key(name, "")
        if check.valid:
            self.serverVerdict.emit(saved + " " + self.tr("The server answers."),
                                    True)
        else:
            self.serverVerdict.emit(saved + " " + self.tr(
                "It did not answer yet ({why}): start it, then send a "
                "message.").format(why=messages.text(check.message)), False)

    @Slot()
    def choose_demo(self) -> None:
        """Close and ask the app to restart its session in demo mode."""
        self._demo_chosen = True
        self.start()

    @Slot()
    def start(self) -> None:
        """Write the daily cap, then close."""
        self.start_button.setEnabled(False)
        self.demo_button.setEnabled(False)
        cap = Decimal(str(self.cap_spin.value())).quantize(Decimal("0.01"))
        if self._jarvis is None or self._jarvis.demo \
                or self._tasks.spawn(self._write_cap(self._jarvis, cap)) is None:
            self._done()

    async def _write_cap(self, jarvis: Jarvis, cap: Decimal) -> None:
        try:
            await jarvis.apply_settings({"limits.daily_usd": cap})
        except JarvisError:
            log.warning("could not save the daily cap from the welcome",
                        exc_info=True)
        self.capWritten.emit()

    # Results -------------------------------------------------------------------

    @Slot()
    def _done(self) -> None:
        self.accept()
        if self._demo_chosen:
            self.demoRequested.emit()

    @Slot(int)
    def _remember(self, _result: int) -> None:
        ui_settings.write(SHOWN, True)

    @Slot(int)
    def _server_changed(self, _index: int) -> None:
        name = str(self.server_box.currentData())
        self.url_edit.setText(LOCAL_SERVERS[name][1])

    @Slot(str, object)
    def _show_key_verdict(self, text: str, ok: object) -> None:
        self._say(self.key_message, text, ok if isinstance(ok, bool) else None)

    @Slot(str, bool)
    def _show_server_verdict(self, text: str, ok: bool) -> None:
        self._say(self.server_message, text, ok)

    def _say(self, label: QLabel, text: str, ok: bool | None) -> None:
        label.setText(text)
        tone = {True: "ok", False: "error", None: "info"}[ok]
        label.setProperty("tone", tone)
        label.style().unpolish(label)
        label.style().polish(label)
        label.setVisible(bool(text))


def _message(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setVisible(False)
    return label
