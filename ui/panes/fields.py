"""One editable setting: its dotted key, its widget and its error label.

A field shows the value the config holds now, notices when the user
changed it, and turns the typed text into the value
:meth:`jarvis.service.Jarvis.apply_settings` takes. It does not validate:
text that is not a number is passed on as typed, so the service refuses it
with the same message a hand-edited config.toml would get.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jarvis.settings import REMOVE


def as_bool(text: str) -> bool:
    return text == "true"


def as_money(text: str) -> Any:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def as_int(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return text


def as_float(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


def shown(value: object) -> str:
    """A config value as a field shows it (None is an empty field)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Field:
    """A setting's widget, the value it started from, and its error label.

    Args:
        key: the dotted setting (``"limits.daily_usd"``).
        widget: a QLineEdit, QCheckBox or QComboBox.
        convert: typed text to the value to apply; an empty text means
            "back to the default" (:data:`jarvis.settings.REMOVE`).
    """

    def __init__(self, key: str, widget: QWidget,
                 convert: Callable[[str], Any] = str) -> None:
        self.key = key
        self.widget = widget
        self.convert = convert
        self.original = ""
        self.error = QLabel(widget.parentWidget())
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(f"{key} problem")
        self.error.hide()
        widget.setObjectName(f"field:{key}")
        if not widget.accessibleName():
            widget.setAccessibleName(key)

    def text(self) -> str:
        widget = self.widget
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if isinstance(widget, QCheckBox):
            return "true" if widget.isChecked() else "false"
        if isinstance(widget, QComboBox):
            # Items may show translated words over the config's own value.
            data = widget.currentData()
            return data if isinstance(data, str) else widget.currentText()
        raise TypeError(type(widget).__name__)

    def set_text(self, text: str) -> None:
        """Show ``text`` as the current value (and remember it as such)."""
        self.original = text
        widget = self.widget
        if isinstance(widget, QLineEdit):
            widget.setText(text)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(text == "true")
        elif isinstance(widget, QComboBox):
            index = widget.findData(text)
            if index >= 0:
                widget.setCurrentIndex(index)
            else:
                widget.setCurrentText(text)
        self.show_error("")

    @property
    def changed(self) -> bool:
        return self.text() != self.original

    def value(self) -> Any:
        text = self.text()
        return REMOVE if text == "" else self.convert(text)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def cell(self) -> QWidget:
        """The widget with its error label under it, for a form row."""
        box = QWidget(self.widget.parentWidget())
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.widget)
        column.addWidget(self.error)
        return box
