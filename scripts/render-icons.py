"""Render resources/icons/jarvis.svg to the PNG sizes desktops ask for.

    python scripts/render-icons.py           # write resources/icons/hicolor/
    python scripts/render-icons.py --check   # exit 1 if a PNG is missing or stale

The PNGs are committed, so installing the desktop entry needs no renderer.
They come from Qt's own SVG renderer (QtSvg ships in PySide6-Essentials),
offscreen, so no display, rsvg or ImageMagick is needed. ``--check``
compares pixels, not bytes, with a small tolerance: the PNG encoder and the
antialiasing may change slightly while the picture stays the same.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "jarvis.svg"
THEME = ROOT / "resources" / "icons" / "hicolor"

# The fixed sizes of the hicolor theme that menus, docks and task switchers
# look up; anything else is scaled from the nearest or from the SVG.
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def png_path(size: int, theme: Path = THEME) -> Path:
    """Where the ``size`` px icon lives inside a hicolor theme folder."""
    return theme / f"{size}x{size}" / "apps" / "jarvis.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at ``size`` x ``size`` px on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


# Antialiasing may differ by a shade between CPUs (Qt picks SIMD paths at
# run time); a changed drawing differs by far more.
TOLERANCE = 3


def differs(stored: QImage, fresh: QImage) -> bool:
    """Whether two images differ by more than TOLERANCE in any channel."""
    if stored.isNull() or stored.size() != fresh.size():
        return True
    stored = stored.convertToFormat(fresh.format())
    if stored.bytesPerLine() != fresh.bytesPerLine():
        return True
    old, new = bytes(stored.constBits()), bytes(fresh.constBits())
    return any(abs(a - b) > TOLERANCE for a, b in zip(old, new, strict=True))


def stale_sizes(renderer: QSvgRenderer, theme: Path) -> list[int]:
    """The sizes whose PNG is missing or differs from a fresh rendering."""
    return [size for size in SIZES
            if differs(QImage(str(png_path(size, theme))), render(renderer, size))]


def write_all(renderer: QSvgRenderer, theme: Path) -> None:
    """Render every size into ``theme``."""
    for size in SIZES:
        target = png_path(size, theme)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target), "PNG"):
            raise OSError(f"could not write {target}")
        print(f"wrote {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare; exit 1 when a PNG is missing or stale")
    parser.add_argument("--theme", type=Path, default=THEME,
                        help="the hicolor folder to write or check")
    args = parser.parse_args(argv)

    # QSvgRenderer and QImage need a Gui application, kept alive to the end.
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render-icons: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 2
    if args.check:
        stale = stale_sizes(renderer, args.theme)
        for size in stale:
            print(f"render-icons: {png_path(size, args.theme)} is missing or "
                  "stale; run scripts/render-icons.py", file=sys.stderr)
        return 1 if stale else 0
    write_all(renderer, args.theme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
