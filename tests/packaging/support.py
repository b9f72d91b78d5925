"""Helpers of the packaging tests: paths, tools and the opt-in guard.

The quick tests (desktop entry, metainfo, icons, install-desktop) always
run. The builds (the one-folder app, a wheel in a fresh virtual
environment) take minutes, so they run when ``JARVIS_PACKAGE_TESTS=1``
(``make package-test``, a step of its own in CI) and are skipped otherwise;
with the variable set, a missing tool fails instead of skipping.

A checker tool that is not installed (appstreamcli, desktop-file-validate,
make) skips its test on a developer's machine and fails it in CI
(``CI=true``), where .ci/run installs them.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP_FILE = PACKAGING / "jarvis.desktop"
METAINFO_ID = "io.github.jarvis_assistant.jarvis"
METAINFO_FILE = PACKAGING / f"{METAINFO_ID}.metainfo.xml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"


def package_tests_enabled() -> bool:
    """Whether the slow build tests run (``make package-test`` sets it)."""
    return os.environ.get("JARVIS_PACKAGE_TESTS") == "1"


def require_package_tests() -> None:
    """Skip a build test unless the run opted in."""
    if not package_tests_enabled():
        pytest.skip("builds take minutes: run `make package-test` "
                    "(JARVIS_PACKAGE_TESTS=1)")


def tool(name: str) -> str:
    """The path of an installed command; skip (or fail in CI) without it."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return found


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def run(args: list[str], *, timeout: float = 120, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command to completion, capturing its text output."""
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          cwd=cwd, env=env, check=False)
