"""Finds the files the window shows: today, the application icon.

Installed, the resources live in the package ``jarvis_resources``; in a
checkout they are the ``resources/`` folder next to ``ui/``. A missing icon
is not an error: the window shows Qt's default.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"
# The sizes of the PNGs rendered from jarvis.svg (scripts/render-icons.py).
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def resource_path(*parts: str) -> Path | None:
    """A resource file by its path inside resources/, or None if absent."""
    for root in (*_package_roots(), _CHECKOUT):
        candidate = root.joinpath(*parts)
        if candidate.is_file():
            return candidate
    return None


@cache
def _package_roots() -> tuple[Path, ...]:
    # Where the installed package is, without importing it (or the
    # importlib.resources machinery: a few ms before the first paint).
    spec = importlib.util.find_spec("jarvis_resources")
    if spec is None or not spec.submodule_search_locations:
        return ()
    return tuple(Path(p) for p in spec.submodule_search_locations)


def app_icon() -> QIcon:
    """The Jarvis icon, or an empty icon when the files are missing.

    Built from the PNGs rendered from ``jarvis.svg`` at each size the
    desktop draws it: the same pixels, without loading Qt's SVG plugin
    (~2 MB) at every start. The SVG serves only when the PNGs are missing.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", "hicolor", f"{size}x{size}", "apps",
                             "jarvis.png")
        if path is not None:
            icon.addFile(str(path), QSize(size, size))
    if not icon.isNull():
        return icon
    svg = resource_path("icons", "jarvis.svg")
    if svg is None:
        log.warning("application icon not found")
        return QIcon()
    return QIcon(str(svg))
