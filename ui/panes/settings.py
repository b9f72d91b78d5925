"""The settings form: limits, retries, fallback, tiers, cache, privacy, providers.

The form shows :attr:`jarvis.service.Jarvis.config` and sends only what the
user changed to :meth:`~jarvis.service.Jarvis.apply_settings`, which checks
the whole file before writing it (comments kept) and applies it without a
restart. A refusal names the setting; the pane shows the problem next to
that field and leaves the field as typed so it can be fixed. New
OpenAI-compatible providers are added through the same path
(:mod:`ui.panes.addprovider`).

FIXME:i18n a config-file problem (jarvis/config.py: file, line, setting)
is shown in the service's English; the new-provider refusals and endpoint
notes are translated (ui/messages.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jarvis import endpoints
from jarvis.errors import ConfigError, JarvisError
from ui import messages
from ui.panes.addprovider import AddProviderBox
from ui.panes.fields import Field, as_bool, as_float, as_int, as_money, shown
from ui.panes.tasks import PaneTasks

if TYPE_CHECKING:
    from jarvis.config import Config
    from jarvis.service import Jarvis

log = logging.getLogger(__name__)

_PROVIDER_LIMITS = (
    ("daily_usd", QT_TRANSLATE_NOOP("SettingsPane", "Daily cap (USD)"), as_money),
    ("monthly_usd", QT_TRANSLATE_NOOP("SettingsPane", "Monthly cap (USD)"),
     as_money),
    ("rpm", QT_TRANSLATE_NOOP("SettingsPane", "Requests per minute"), as_int),
    ("tpm", QT_TRANSLATE_NOOP("SettingsPane", "Tokens per minute"), as_int),
)
_TIERS = ("fast", "default", "best")
# (setting, label, hint, convert) of the retry and breaker group.
_RESILIENCE = (
    ("retry.attempts", QT_TRANSLATE_NOOP("SettingsPane", "Attempts per provider"),
     "3", as_int),
    ("retry.base_delay_s", QT_TRANSLATE_NOOP("SettingsPane",
                                             "First retry after (seconds)"),
     "0.5", as_float),
    ("retry.max_delay_s", QT_TRANSLATE_NOOP("SettingsPane",
                                            "Longest wait between tries (seconds)"),
     "8", as_float),
    ("retry.retry_after_ceiling_s", QT_TRANSLATE_NOOP(
        "SettingsPane", "Longest Retry-After honoured (seconds)"), "30", as_float),
    ("breaker.failures", QT_TRANSLATE_NOOP("SettingsPane",
                                           "Breaker opens after failures"),
     "5", as_int),
    ("breaker.window_s", QT_TRANSLATE_NOOP("SettingsPane",
                                           "Failure window (seconds)"),
     "60", as_float),
    ("breaker.cooldown_s", QT_TRANSLATE_NOOP("SettingsPane",
                                             "Breaker pause (seconds)"),
     "30", as_float),
)
_tr = QCoreApplication.translate


def lookalike_warning(kind: str, url: str) -> str:
    """A warning when ``url``'s host imitates ``kind``'s official host."""
    official = endpoints.OFFICIAL_HOSTS.get(kind)
    host = (urlsplit(url).hostname or "").lower()
    if official is None or not host or not endpoints.lookalike(host, official):
        return ""
    return _tr("SettingsPane",
               "Careful: {host} looks like {official} but is not it; look-alike "
               "hosts are used to steal keys. Approve it only if you run it."
               ).format(host=host, official=official)


class SettingsPane(QWidget):
    """Every setting the pane edits, with Apply and Revert.

    Signals:
        applied(bool, str): whether the last Apply was written, and the
            service's message when it was refused.
        providerAdded(bool, str): whether the new provider was written,
            and the message when it was refused.
    """

    applied = Signal(bool, str)
    providerAdded = Signal(bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPane")
        self._jarvis: Jarvis | None = None
        self._tasks = PaneTasks("settings pane")
        self.fields: dict[str, Field] = {}
        self._captions: list[QLabel] = []
        self._endpoint_notes: dict[str, QLabel] = {}
        self._provider_boxes: dict[str, QGroupBox] = {}
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(12)
        self._build_status()
        # Apply sits on top: the form is long, the result shows right here.
        self._column.addLayout(self._build_buttons())
        self._column.addWidget(self._build_limits())
        self._column.addWidget(self._build_fallback())
        self._column.addWidget(self._build_resilience())
        self._column.addWidget(self._build_cache_privacy())
        self._providers_column = QVBoxLayout()
        self._column.addLayout(self._providers_column)
        self.add_box = AddProviderBox(self)
        self.add_box.add_button.clicked.connect(self.add_provider)
        self._column.addWidget(self.add_box)
        self.applied.connect(self._show_applied)
        self.providerAdded.connect(self._show_added)
        self.setEnabled(False)

    # Building -----------------------------------------------------------------

    def _build_status(self) -> None:
        self.status_label = QLabel(self)
        self.status_label.setObjectName("messageLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Settings status"))
        self.status_label.hide()
        self._column.addWidget(self.status_label)

    def _field(self, form: QFormLayout, key: str, label: str, widget: QWidget,
               convert: Any = str) -> Field:
        widget.setAccessibleName(label.replace("&", ""))
        field = Field(key, widget, convert)
        caption = QLabel(label, widget.parentWidget())
        caption.setBuddy(widget)
        form.addRow(caption, field.cell())
        self.fields[key] = field
        self._captions.append(caption)
        return field

    def _align_captions(self) -> None:
        """One label column for every group, so the fields line up."""
        captions = [*self._captions, *self.add_box.captions]
        widest = max(c.sizeHint().width() for c in captions)
        for caption in captions:
            caption.setMinimumWidth(widest + 8)

    def _line(self, parent: QWidget, hint: str = "") -> QLineEdit:
        edit = QLineEdit(parent)
        edit.setPlaceholderText(hint)
        edit.setMaximumWidth(360)
        return edit

    def _build_limits(self) -> QGroupBox:
        box = QGroupBox(self.tr("Limits"), self)
        form = QFormLayout(box)
        self._field(form, "limits.daily_usd", self.tr("&Daily cap (USD)"),
                    self._line(box, "5"), as_money)
        self._field(form, "limits.monthly_usd", self.tr("&Monthly cap (USD)"),
                    self._line(box, "50"), as_money)
        self._field(form, "limits.max_tokens", self.tr("Max &tokens per reply"),
                    self._line(box, "2048"), as_int)
        on_limit = self._combo(box, (
            ("wait", self.tr("wait until the rate limit allows it")),
            ("refuse", self.tr("refuse the request at once"))))
        on_limit.setToolTip(self.tr("What a request does when the requests- or "
                                    "tokens-per-minute limit is reached. Spend "
                                    "caps always refuse."))
        self._field(form, "limits.on_limit", self.tr("At a rate &limit"), on_limit)
        for tier in _TIERS:
            self._field(form, f"tiers.{tier}",
                        self.tr("Tier “{tier}”").format(tier=tier),
                        self._line(box, self.tr("provider:model")))
        return box

    def _build_fallback(self) -> QGroupBox:
        box = QGroupBox(self.tr("Fallback order"), self)
        self.fallback_list = QListWidget(box)
        self.fallback_list.setAccessibleName(self.tr("Fallback order"))
        self.fallback_list.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove)
        self.fallback_list.setMaximumHeight(110)
        self.fallback_list.setMaximumWidth(360)
        up = QPushButton(self.tr("Move &up"), box)
        down = QPushButton(self.tr("Move do&wn"), box)
        up.clicked.connect(lambda: self.move_fallback(-1))
        down.clicked.connect(lambda: self.move_fallback(1))
        buttons = QVBoxLayout()
        buttons.addWidget(up)
        buttons.addWidget(down)
        buttons.addStretch(1)
        note = QLabel(self.tr("Providers are tried top to bottom when one "
                              "fails; an unticked one is left out. Drag, or use "
                              "the buttons."), box)
        note.setObjectName("statCaption")
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.fallback_list)
        row.addLayout(buttons)
        row.addStretch(1)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(note)
        self.fallback_error = QLabel(box)
        self.fallback_error.setObjectName("fieldError")
        self.fallback_error.hide()
        column.addWidget(self.fallback_error)
        self._fallback_shown: tuple[str, ...] = ()
        return box

    def _combo(self, parent: QWidget,
               items: tuple[tuple[str, str], ...]) -> QComboBox:
        """A choice showing translated words over the config's values."""
        combo = QComboBox(parent)
        for value, words in items:
            combo.addItem(words, value)
        combo.setMaximumWidth(360)
        return combo

    def _build_resilience(self) -> QGroupBox:
        box = QGroupBox(self.tr("Retries and circuit breaker"), self)
        form = QFormLayout(box)
        for key, label, hint, convert in _RESILIENCE:
            self._field(form, key, self.tr(str(label)), self._line(box, hint),
                        convert)
        note = QLabel(self.tr("A failed request is tried again only before its "
                              "first word arrives. A provider that fails this "
                              "often within the window is paused, and the next "
                              "one in the fallback order answers."), box)
        note.setObjectName("statCaption")
        note.setWordWrap(True)
        form.addRow(note)
        return box

    def _build_cache_privacy(self) -> QGroupBox:
        box = QGroupBox(self.tr("Cache and privacy"), self)
        form = QFormLayout(box)
        self._field(form, "cache.enabled", self.tr("Respo&nse cache"),
                    QCheckBox(self.tr("on"), box), as_bool)
        self._field(form, "cache.ttl_s", self.tr("Cache lifetime (&seconds)"),
                    self._line(box, "3600"), as_float)
        pii = self._combo(box, (("redact", self.tr("replace before sending")),
                                ("off", self.tr("send as typed"))))
        pii.setToolTip(self.tr("redact: e-mail addresses, phone and card numbers "
                               "are replaced before sending and restored in the "
                               "reply; off: sent as typed"))
        self._field(form, "privacy.pii", self.tr("&Personal data"), pii)
        self._field(form, "privacy.retention_days",
                    self.tr("&Keep conversations (days)"),
                    self._line(box, self.tr("empty: until deleted")), as_int)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        self.apply_button = QPushButton(self.tr("&Apply"), self)
        self.apply_button.setObjectName("sendButton")
        self.apply_button.setAccessibleName(self.tr("Apply settings"))
        self.revert_button = QPushButton(self.tr("&Revert"), self)
        self.revert_button.setAccessibleName(self.tr("Revert unsaved changes"))
        self.apply_button.clicked.connect(self.apply)
        self.revert_button.clicked.connect(self.revert)
        hint = QLabel(self.tr("Changes apply at once, without a restart, and are "
                              "written to config.toml (comments kept)."), self)
        hint.setObjectName("statCaption")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.revert_button)
        row.addWidget(self.apply_button)
        return row

    def _provider_box(self, name: str) -> QGroupBox:
        box = QGroupBox(self.tr("Provider {name}").format(name=name), self)
        form = QFormLayout(box)
        self._field(form, f"providers.{name}.enabled", self.tr("Use this provider"),
                    QCheckBox(self.tr("enabled"), box), as_bool)
        for key, label, convert in _PROVIDER_LIMITS:
            self._field(form, f"providers.{name}.{key}", self.tr(str(label)),
                        self._line(box, self.tr("none")), convert)
        self._field(form, f"providers.{name}.base_url", self.tr("Endpoint URL"),
                    self._line(box, self.tr("the official API")))
        self._field(form, f"providers.{name}.approved_endpoint",
                    self.tr("Approved endpoint"),
                    self._line(box, self.tr("type the endpoint URL to approve it")))
        note = QLabel(box)
        note.setObjectName("warnLabel")
        note.setWordWrap(True)
        form.addRow(note)
        self._endpoint_notes[name] = note
        url = self.fields[f"providers.{name}.base_url"].widget
        if isinstance(url, QLineEdit):
            url.textChanged.connect(lambda _text: self._note_endpoint(name))
        return box

    # Facade -------------------------------------------------------------------

    def attach(self, jarvis: Jarvis) -> None:
        """Show ``jarvis``'s config and apply changes through it."""
        self._jarvis = jarvis
        self.revert()
        self.setEnabled(not jarvis.demo)
        if jarvis.demo:
            self._status(self.tr("Settings cannot be changed in demo mode."),
                         "note")

    async def aclose(self) -> None:
        await self._tasks.aclose()

    @Slot()
    def revert(self) -> None:
        """Show the config in use now, dropping unapplied edits."""
        if self._jarvis is not None:
            self._fill(self._jarvis.config)

    @Slot()
    def apply(self) -> None:
        """Send the changed settings to the service."""
        if self._jarvis is None:
            return
        changes = self.changes()
        if not changes:
            self._status(self.tr("Nothing to apply: no setting changed."), "note")
            return
        for field in self.fields.values():
            field.show_error("")
        self.fallback_error.hide()
        if changes.get("fallback") == ():
            self._show_applied(False, self.tr("fallback: tick at least one "
                                              "provider"))
            return
        self.apply_button.setEnabled(False)
        self._tasks.spawn(self._apply(self._jarvis, changes))

    def changes(self) -> dict[str, Any]:
        """The settings the user changed, as ``apply_settings`` takes them."""
        found = {f.key: f.value() for f in self.fields.values() if f.changed}
        order = self.fallback_order()
        if order != self._fallback_shown:
            found["fallback"] = order
        return found

    async def _apply(self, jarvis: Jarvis, changes: dict[str, Any]) -> None:
        try:
            await jarvis.apply_settings(changes)
        except JarvisError as exc:
            log.info("settings refused: %s", type(exc).__name__)
            self.applied.emit(False, _said(exc))
            return
        log.info("settings applied: %s", ", ".join(sorted(changes)))
        self.applied.emit(True, "")

    # Fallback order -------------------------------------------------------------

    def fallback_order(self) -> tuple[str, ...]:
        """The ticked providers, top to bottom."""
        items = (self.fallback_list.item(i)
                 for i in range(self.fallback_list.count()))
        return tuple(str(item.data(Qt.ItemDataRole.UserRole)) for item in items
                     if item.checkState() == Qt.CheckState.Checked)

    def _show_fallback(self, config: Config) -> None:
        self.fallback_list.clear()
        unused = [n for n in config.providers if n not in config.fallback]
        for name in (*config.fallback, *unused):
            item = QListWidgetItem(name, self.fallback_list)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in config.fallback
                               else Qt.CheckState.Unchecked)
        self._fallback_shown = config.fallback

    # Adding a provider -----------------------------------------------------------

    @Slot()
    def add_provider(self) -> None:
        """Validate the new provider's form and write it."""
        if self._jarvis is None:
            return
        try:
            changes = self.add_box.changes(self._jarvis.config)
        except ConfigError as exc:
            said = exc.args[0] if exc.args else str(exc)
            shown = messages.text(said)
            if shown == str(said):  # the English names the setting first
                shown = shown.partition(": ")[2] or shown
            self.add_box.show_error(shown)
            return
        self.add_box.show_error("")
        self.add_box.add_button.setEnabled(False)
        self._tasks.spawn(self._add(self._jarvis, changes))

    async def _add(self, jarvis: Jarvis, changes: dict[str, Any]) -> None:
        try:
            await jarvis.apply_settings(changes)
        except JarvisError as exc:
            log.info("new provider refused: %s", type(exc).__name__)
            self.providerAdded.emit(False, _said(exc))
            return
        log.info("provider added")
        self.providerAdded.emit(True, "")

    @Slot(bool, str)
    def _show_added(self, ok: bool, message: str) -> None:
        self.add_box.add_button.setEnabled(True)
        if not ok:
            self.add_box.show_error(message)
            return
        name = self.add_box.provider_name
        self.add_box.clear()
        self.applied.emit(True, "")  # refills the form; the keys pane adds a card
        self._status(self.tr("Provider {name} added. Tick it in the fallback order "
                             "to use it when others fail.").format(name=name), "ok")

    def move_fallback(self, step: int) -> None:
        """Move the selected provider ``step`` places (keyboard friendly)."""
        row = self.fallback_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.fallback_list.count():
            return
        item = self.fallback_list.takeItem(row)
        self.fallback_list.insertItem(target, item)
        self.fallback_list.setCurrentRow(target)

    # Showing ------------------------------------------------------------------

    def _fill(self, config: Config) -> None:
        for name in config.providers:
            if name not in self._provider_boxes:
                box = self._provider_box(name)
                self._provider_boxes[name] = box
                self._providers_column.addWidget(box)
        values = _values(config)
        for key, field in self.fields.items():
            field.set_text(values.get(key, ""))
        self._show_fallback(config)
        self.fallback_error.hide()
        for name in config.providers:
            self._note_endpoint(name)
        self._align_captions()

    def _note_endpoint(self, name: str) -> None:
        if self._jarvis is None or name not in self._jarvis.config.providers:
            return
        kind = self._jarvis.config.providers[name].kind
        url = self.fields[f"providers.{name}.base_url"].text()
        notes = [messages.text(info.endpoint_note)
                 for info in self._jarvis.providers()
                 if info.name == name and info.endpoint_note]
        text = " ".join([*notes, lookalike_warning(kind, url)]).strip()
        self._endpoint_notes[name].setText(text)
        self._endpoint_notes[name].setVisible(bool(text))

    @Slot(bool, str)
    def _show_applied(self, ok: bool, message: str) -> None:
        self.apply_button.setEnabled(True)
        if ok and self._jarvis is not None:
            self._fill(self._jarvis.config)
            self._status(self.tr("Settings applied; they are in use now."), "ok")
            return
        field = self._field_named_in(message)
        problem = message.rpartition(f"{field.key}: ")[2] if field else message
        if field is not None:
            field.show_error(problem)
            field.widget.setFocus()
        elif "fallback" in message:
            self.fallback_error.setText(message)
            self.fallback_error.show()
        self._status(self.tr("Not applied: {why}").format(why=message), "error")

    def _field_named_in(self, message: str) -> Field | None:
        named = [f for f in self.fields.values() if f"{f.key}:" in message]
        return max(named, key=lambda f: len(f.key), default=None)

    def _status(self, text: str, tone: str) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("tone", tone)
        self.status_label.style().polish(self.status_label)
        self.status_label.show()


def _values(config: Config) -> dict[str, str]:
    """Every field's text for ``config``."""
    limits, cache, privacy = config.limits, config.cache, config.privacy
    values = {
        "limits.daily_usd": shown(limits.daily_usd),
        "limits.monthly_usd": shown(limits.monthly_usd),
        "limits.max_tokens": shown(limits.max_tokens),
        "limits.on_limit": limits.on_limit,
        "cache.enabled": shown(cache.enabled),
        "cache.ttl_s": shown(cache.ttl_s),
        "privacy.pii": privacy.pii,
        "privacy.retention_days": shown(privacy.retention_days),
    }
    for section in (config.retry, config.breaker):
        prefix = "retry" if section is config.retry else "breaker"
        for name in section.__slots__:
            values[f"{prefix}.{name}"] = shown(getattr(section, name))
    for tier, (provider, model) in config.tiers.items():
        values[f"tiers.{tier}"] = f"{provider}:{model}"
    for name, p in config.providers.items():
        for key, _label, _convert in _PROVIDER_LIMITS:
            values[f"providers.{name}.{key}"] = shown(getattr(p, key))
        values[f"providers.{name}.enabled"] = shown(p.enabled)
        values[f"providers.{name}.base_url"] = shown(p.base_url)
        values[f"providers.{name}.approved_endpoint"] = shown(p.approved_endpoint)
    return values


def _said(error: Exception) -> str:
    """``error``'s message in the user's language where it has a code."""
    said = error.args[0] if error.args else None
    return messages.text(said) if isinstance(said, str) else str(error)
