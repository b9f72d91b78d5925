"""The form that adds an OpenAI-compatible provider (a gateway, a local model).

It collects a name, a base URL and the models, says what the URL means for
the key (a local endpoint, a host that imitates a provider's, plain HTTP)
and asks for an explicit approval when that is risky. The changes to write
come from :func:`jarvis.settings.new_provider`, which also validates them;
the settings pane applies them like any other change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from jarvis import settings

if TYPE_CHECKING:
    from jarvis.config import Config

_tr = QCoreApplication.translate


def risk_notes(url: str) -> list[str]:
    """What sending a key to ``url`` means, in the user's language."""
    notes = []
    host = url.split("://", 1)[-1].split("/", 1)[0]
    for risk in settings.endpoint_risks(url):
        code, _, official = risk.partition(":")
        if code == "loopback":
            notes.append(_tr("AddProviderBox", "Local endpoint: traffic stays on "
                                               "this machine."))
        elif code == "lookalike":
            notes.append(_tr(
                "AddProviderBox",
                "Careful: {host} looks like {official} but is not it; look-alike "
                "hosts are used to steal keys. Approve it only if you run it."
            ).format(host=host, official=official))
        elif code == "plain_http":
            notes.append(_tr("AddProviderBox",
                             "This address uses plain HTTP: the key and your "
                             "messages cross the network unencrypted."))
    return notes


class AddProviderBox(QGroupBox):
    """Name, base URL, models, whether it needs a key, and the approval."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add an OpenAI-compatible provider"), parent)
        self.setObjectName("addProviderBox")
        self.captions: list[QLabel] = []
        form = QFormLayout(self)
        self.name_edit = self._line(form, self.tr("Nam&e"), "my-gateway")
        self.url_edit = self._line(form, self.tr("&Base URL"),
                                   "https://gateway.example/v1")
        self.model_edit = self._line(form, self.tr("De&fault model"), "gpt-4.1-mini")
        self.models_edit = self._line(form, self.tr("Other models"),
                                      self.tr("comma-separated, optional"))
        self.needs_key = QCheckBox(self.tr("Needs an API key (add it under API "
                                           "keys once the provider is added)"), self)
        self.needs_key.setChecked(True)
        form.addRow(self.needs_key)
        self.note = QLabel(self)
        self.note.setObjectName("warnLabel")
        self.note.setWordWrap(True)
        self.note.hide()
        form.addRow(self.note)
        self.approve = QCheckBox(self.tr("I run or trust this endpoint: send its "
                                         "key there"), self)
        self.approve.hide()
        form.addRow(self.approve)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("New provider problem"))
        self.error.hide()
        form.addRow(self.error)
        self.add_button = QPushButton(self.tr("Add pr&ovider"), self)
        self.add_button.setAccessibleName(self.tr("Add the provider"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_button)
        form.addRow(row)
        self.url_edit.textChanged.connect(self._show_risks)

    def _line(self, form: QFormLayout, label: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(hint)
        edit.setMaximumWidth(360)
        edit.setAccessibleName(label.replace("&", ""))
        caption = QLabel(label, self)
        caption.setBuddy(edit)
        form.addRow(caption, edit)
        self.captions.append(caption)
        return edit

    def _show_risks(self, url: str) -> None:
        notes = risk_notes(url.strip())
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        risky = any(r != "loopback" for r in settings.endpoint_risks(url.strip()))
        self.approve.setVisible(risky)
        if not risky:
            self.approve.setChecked(False)

    def changes(self, config: Config) -> dict[str, Any]:
        """The settings that add the provider.

        Raises:
            ConfigError: a field cannot be used (the message names it).
        """
        models = self.models_edit.text().split(",")
        return settings.new_provider(
            config, self.name_edit.text(), self.url_edit.text(),
            self.model_edit.text(), models=models,
            needs_key=self.needs_key.isChecked(),
            approved=self.approve.isChecked() and not self.approve.isHidden())

    @property
    def provider_name(self) -> str:
        return self.name_edit.text().strip()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def clear(self) -> None:
        """Empty the form after the provider was added."""
        for edit in (self.name_edit, self.url_edit, self.model_edit,
                     self.models_edit):
            edit.clear()
        self.needs_key.setChecked(True)
        self.show_error("")
