"""The wheel runs on its own: code, the typed marker and resources/ inside.

DESIGN.md: an editable checkout working is not enough. The wheel is built
offline from a copy of the checkout (setuptools' PEP 517 hooks, no build
isolation), then its file list is compared with the source tree.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "jarvis", "ui", "resources")
SVG = "{http://www.w3.org/2000/svg}svg"


def source_files(folder: str) -> set[str]:
    base = ROOT / folder
    return {
        path.relative_to(base).as_posix()
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    if Version(importlib.metadata.version("setuptools")) < Version("77"):
        pytest.skip("needs setuptools>=77 (the test extras install it)")
    work = tmp_path_factory.mktemp("wheel")
    (work / "src").mkdir()
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, work / "src" / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, work / "src" / name)
    build = (
        "import sys\nfrom setuptools import build_meta\n"
        "print(build_meta.build_wheel(sys.argv[1]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", build, str(work / "dist")],
        cwd=work / "src",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    built = zipfile.ZipFile(work / "dist" / done.stdout.splitlines()[-1])
    yield built
    built.close()


@pytest.mark.slow
def test_wheel_has_every_python_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for package in ("jarvis", "ui"):
        expected = {
            f"{package}/{f}" for f in source_files(package) if f.endswith(".py")
        }
        assert expected - names == set()
    assert "jarvis/py.typed" in names


@pytest.mark.slow
def test_wheel_carries_resources_as_jarvis_resources(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    expected = {f"jarvis_resources/{f}" for f in source_files("resources")}
    assert "jarvis_resources/icons/jarvis.svg" in expected
    assert expected - names == set()
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


@pytest.mark.slow
def test_wheel_declares_the_jarvis_command(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[console_scripts]\njarvis = jarvis.cli:main" in text


def test_app_icon_is_an_svg_with_a_square_view_box() -> None:
    root = ET.parse(ROOT / "resources" / "icons" / "jarvis.svg").getroot()
    assert root.tag == SVG
    assert root.get("viewBox") == "0 0 256 256"


def test_installed_project_finds_its_resources() -> None:
    if importlib.util.find_spec("jarvis_resources") is None:
        pytest.skip("project not installed: pip install -e . (make test does)")
    icon = files("jarvis_resources") / "icons" / "jarvis.svg"
    assert icon.read_bytes() == (ROOT / "resources/icons/jarvis.svg").read_bytes()
