"""``pip install`` of the built wheel into a fresh virtual environment works.

DESIGN.md: the wheel must run on its own, resources included. This builds
the wheel from a copy of the checkout, creates a virtual environment without
system site-packages, installs the wheel with the pinned dependencies
(requirements/constraints.txt, from the configured package index) and runs
the installed ``jarvis`` from a folder outside the checkout. Runs with
``make package-test`` (a minute or two).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

import jarvis
from tests.packaging.support import (
    CONSTRAINTS,
    ICON_SIZES,
    ROOT,
    require_package_tests,
    run,
)

pytestmark = pytest.mark.slow

BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "jarvis", "ui", "resources")
PROMPT = "Is the installed wheel complete?"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus anything that could reach into the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, **extra}


def build_wheel(work: Path) -> Path:
    source = work / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    done = run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                "--no-build-isolation", "--wheel-dir", str(work / "dist"),
                str(source)], timeout=600, env=clean_env())
    assert done.returncode == 0, done.stderr[-3000:]
    [wheel] = (work / "dist").glob("jarvis_assistant-*.whl")
    return wheel


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its pinned dependencies."""
    require_package_tests()
    work = tmp_path_factory.mktemp("wheel-install")
    wheel = build_wheel(work)
    target = work / "venv"
    done = run([sys.executable, "-m", "venv", str(target)], env=clean_env())
    assert done.returncode == 0, done.stderr
    done = run([str(target / "bin" / "python"), "-m", "pip", "install", "--quiet",
                "--disable-pip-version-check", "-c", str(CONSTRAINTS), str(wheel)],
               timeout=1200, env=clean_env())
    assert done.returncode == 0, done.stderr[-3000:]
    return target


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder


def test_venv_has_no_access_to_the_checkout_or_system_packages(
        venv: Path, elsewhere: Path) -> None:
    done = run([str(venv / "bin" / "python"), "-c",
                "import sys, jarvis; print(jarvis.__file__); print(sys.path)"],
               cwd=elsewhere, env=clean_env())
    assert done.returncode == 0, done.stderr
    location, path = done.stdout.splitlines()
    assert Path(location).is_relative_to(venv)
    assert str(ROOT) not in path
    assert "/usr/lib/python3/dist-packages" not in path


def test_installed_dependencies_are_consistent(venv: Path) -> None:
    done = run([str(venv / "bin" / "python"), "-m", "pip", "check"],
               env=clean_env())
    assert done.returncode == 0, done.stdout


def test_installed_jarvis_reports_its_version(venv: Path, elsewhere: Path) -> None:
    done = run([str(venv / "bin" / "jarvis"), "--version"], cwd=elsewhere,
               env=clean_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"jarvis {jarvis.__version__}\n"


def test_installed_jarvis_answers_in_demo_mode(venv: Path, elsewhere: Path) -> None:
    done = run([str(venv / "bin" / "jarvis"), "ask", "--demo", "--json", PROMPT],
               cwd=elsewhere, env=clean_env(), timeout=180)
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert re.match(r"Here is a short answer to your 5-word message \(reply "
                    r"`[0-9a-f]{8}`\)", reply["text"])
    assert reply["provider"] == "anthropic"
    assert reply["finish_reason"] == "stop"
    assert reply["usage"]["output_tokens"] > 0


def test_installed_package_finds_its_icons(venv: Path, elsewhere: Path) -> None:
    sizes = ",".join(str(s) for s in ICON_SIZES)
    script = (
        "from ui.assets import resource_path\n"
        "print(resource_path('icons', 'jarvis.svg'))\n"
        f"for s in ({sizes},):\n"
        "    print(resource_path('icons', 'hicolor', f'{s}x{s}', 'apps',"
        " 'jarvis.png'))\n"
    )
    done = run([str(venv / "bin" / "python"), "-c", script], cwd=elsewhere,
               env=clean_env(QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    found = done.stdout.splitlines()
    assert len(found) == 1 + len(ICON_SIZES)
    for line in found:
        assert line != "None"
        assert Path(line).is_relative_to(venv), line


def test_installed_package_ships_the_translations(venv: Path, elsewhere: Path) -> None:
    shipped = sorted(p.stem.removeprefix("jarvis_")
                     for p in (ROOT / "ui" / "translations").glob("jarvis_*.qm"))
    done = run([str(venv / "bin" / "python"), "-c",
                "from ui.i18n import TRANSLATIONS_DIR, available\n"
                "print(TRANSLATIONS_DIR); print(','.join(available()))"],
               cwd=elsewhere, env=clean_env(QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    folder, languages = done.stdout.splitlines()
    assert Path(folder).is_relative_to(venv)
    assert (languages.split(",") if languages else []) == shipped
