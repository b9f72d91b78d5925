"""The small questions the window asks before doing something outward.

Each function shows a modal message box and returns the answer; the
callers keep the decision logic, and tests replace these functions. The
safe answer is the default button, and Esc always means "no".
"""

from __future__ import annotations

import enum
import html

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget


class HostChoice(enum.Enum):
    """What to do with an image from a host not on the allow-list."""

    ONCE = "once"
    ALWAYS = "always"
    CANCEL = "cancel"


def ask_image_host(parent: QWidget, host: str) -> HostChoice:
    """Ask before loading an image from ``host`` (not on the allow-list)."""
    box = _box(parent, _tr("confirm", "Load a remote image?"))
    box.setText(_tr("confirm", "{host} is not on your list of image hosts.").format(
        host=html.escape(host)))
    box.setInformativeText(_tr(
        "confirm",
        "Loading the image sends a request to {host}. A reply can hide parts "
        "of the conversation in an image address, so only load images from "
        "hosts you trust.").format(host=html.escape(host)))
    once = box.addButton(_tr("confirm", "Load once"),
                         QMessageBox.ButtonRole.AcceptRole)
    always = box.addButton(_tr("confirm", "Always allow this host"),
                           QMessageBox.ButtonRole.YesRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is once:
        return HostChoice.ONCE
    if clicked is always:
        return HostChoice.ALWAYS
    return HostChoice.CANCEL


def ask_open_link(parent: QWidget, shown: str, url: QUrl) -> bool:
    """Ask before opening a link whose text shows another host."""
    host = url.host() or url.toString()
    box = _box(parent, _tr("confirm", "Open a link to {host}?").format(host=host))
    box.setText(_tr("confirm", "The link says {shown} but opens {host}.").format(
        shown=html.escape(shown), host=html.escape(host)))
    box.setInformativeText(html.escape(url.toString()))
    box.setIcon(QMessageBox.Icon.Warning)
    opened = box.addButton(_tr("confirm", "Open {host}").format(host=host),
                           QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is opened


def _box(parent: QWidget, title: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setAccessibleName(title)
    box.setTextFormat(Qt.TextFormat.RichText)
    return box


_tr = QCoreApplication.translate
