"""Finds the files the window shows: today, the application icon.

Installed, the resources live in the package ``jarvis_resources``; in a
checkout they are the ``resources/`` folder next to ``ui/``. A missing icon
is not an error: the window shows Qt's default.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path | None:
    """A resource file by its path inside resources/, or None if absent."""
    try:
        root = resources.files("jarvis_resources")
        candidate = Path(str(root.joinpath(*parts)))
        if candidate.is_file():
            return candidate
    except ModuleNotFoundError:
        pass
    local = _CHECKOUT.joinpath(*parts)
    return local if local.is_file() else None


def app_icon() -> QIcon:
    """The Jarvis icon, or an empty icon when the file is missing."""
    path = resource_path("icons", "jarvis.svg")
    if path is None:
        log.warning("application icon not found")
        return QIcon()
    return QIcon(str(path))
