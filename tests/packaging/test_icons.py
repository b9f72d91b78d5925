"""resources/icons: the SVG and the hicolor PNG sizes rendered from it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.packaging.support import ICON_SIZES, ROOT, png_size, run

HICOLOR = ROOT / "resources" / "icons" / "hicolor"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_every_hicolor_size_is_a_square_png_of_that_size(size: int) -> None:
    path = HICOLOR / f"{size}x{size}" / "apps" / "jarvis.png"
    assert png_size(path) == (size, size)


def test_no_other_sizes_or_names_lie_in_the_theme_folder() -> None:
    found = sorted(p.relative_to(HICOLOR).as_posix() for p in HICOLOR.rglob("*.*"))
    assert found == sorted(f"{s}x{s}/apps/jarvis.png" for s in ICON_SIZES)


def test_pngs_are_what_the_svg_renders_to_today() -> None:
    # An edited SVG with stale PNGs would show two different icons.
    done = run([sys.executable, str(ROOT / "scripts" / "render-icons.py"), "--check"])
    assert done.returncode == 0, done.stderr


def test_render_check_notices_a_stale_png(tmp_path: Path) -> None:
    theme = tmp_path / "hicolor"
    done = run([sys.executable, str(ROOT / "scripts" / "render-icons.py"),
                "--theme", str(theme)])
    assert done.returncode == 0, done.stderr
    # Same size and colours, another drawing: the icon mirrored.
    stale = theme / "48x48" / "apps" / "jarvis.png"
    assert QImage(str(stale)).flipped(Qt.Orientation.Horizontal).save(str(stale), "PNG")
    done = run([sys.executable, str(ROOT / "scripts" / "render-icons.py"),
                "--check", "--theme", str(theme)])
    assert done.returncode == 1
    assert "48x48" in done.stderr
    assert "64x64" not in done.stderr
