"""What the window remembers between runs, through QSettings.

Organization "Jarvis", application "jarvis": on Linux that is
``~/.config/Jarvis/jarvis.conf``. With ``JARVIS_HOME`` set (a second
profile, a test), the file is ``window.ini`` in that folder instead, so
that one profile's picks and window do not leak into another. Only
presentation lives here (geometry, the last provider and model picked);
configuration that changes behaviour lives in the service's config.toml.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from jarvis import paths

ORGANIZATION = "Jarvis"
APPLICATION = "jarvis"

GEOMETRY = "window/geometry"
PROVIDER = "chat/provider"
MODEL = "chat/model"


def store() -> QSettings:
    """The settings store of the desktop app."""
    home = paths.env_home()
    if home is not None:
        return QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def read_bytes(key: str) -> QByteArray | None:
    value = store().value(key)
    return value if isinstance(value, QByteArray) else None


def read_text(key: str) -> str:
    value = store().value(key, "")
    return value if isinstance(value, str) else ""


def write(key: str, value: object) -> None:
    store().setValue(key, value)


IMAGE_HOSTS = "images/allowed_hosts"
"""Hosts whose images load on a click without asking (empty by default)."""


def read_list(key: str) -> list[str]:
    """A list of strings (QSettings gives back a lone item as a string)."""
    value = store().value(key, [])
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(item) for item in value if item]
    return []
