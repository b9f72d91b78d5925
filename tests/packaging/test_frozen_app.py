"""The one-folder app from packaging/jarvis.spec runs on its own.

Builds it once per module with scripts/build-app.sh into a tmp folder (about
2 min), then runs the frozen ``jarvis`` from a folder outside the checkout:
``--version``, ``ask --demo`` (the built-in simulator on 127.0.0.1), the spend
log it wrote, and the window offscreen. Runs with ``make package-test``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import jarvis
from tests.packaging.support import ICON_SIZES, ROOT, require_package_tests, run

pytestmark = pytest.mark.slow

PROMPT = "What does the packaging smoke test check?"
REPLY = re.compile(
    r"Here is a short answer to your 7-word message \(reply `[0-9a-f]{8}`\)")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen ``jarvis`` executable, freshly built."""
    require_package_tests()
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: pip install -c "
                    "requirements/constraints.txt -e '.[package]'")
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "JARVIS_VENV": sys.prefix}
    done = run([str(ROOT / "scripts" / "build-app.sh"), str(dist)],
               env=env, timeout=1200)
    assert done.returncode == 0, done.stderr[-4000:]
    print(done.stdout.strip().splitlines()[-1])  # build time and size
    executable = dist / "jarvis" / "jarvis"
    assert executable.is_file()
    return executable


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder outside the checkout, so nothing resolves from it."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder


def test_frozen_version_is_the_package_version(app: Path, elsewhere: Path) -> None:
    done = run([str(app), "--version"], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"jarvis {jarvis.__version__}\n"


def test_frozen_ask_demo_streams_the_simulator_reply(
        app: Path, elsewhere: Path) -> None:
    done = run([str(app), "ask", "--demo", PROMPT], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert REPLY.match(done.stdout), done.stdout[:300]
    assert "def greet(name: str) -> str:" in done.stdout
    assert "anthropic · claude-sonnet-4-5 · $" in done.stderr


def test_frozen_ask_demo_answers_as_the_source_does(
        app: Path, elsewhere: Path, jarvis_home: Path) -> None:
    frozen = run([str(app), "ask", "--demo", "--json", PROMPT], cwd=elsewhere)
    assert frozen.returncode == 0, frozen.stderr
    env = {**os.environ, "JARVIS_HOME": str(jarvis_home.parent / "source-home")}
    source = run([sys.executable, "-m", "jarvis", "ask", "--demo", "--json", PROMPT],
                 cwd=ROOT, env=env)
    assert source.returncode == 0, source.stderr

    ours, theirs = json.loads(frozen.stdout), json.loads(source.stdout)
    assert REPLY.match(ours["text"])
    for key in ("provider", "model", "usage", "usage_known", "cost_usd",
                "finish_reason", "attempts"):
        assert ours[key] == theirs[key], key
    assert ours["provider"] == "anthropic"
    assert ours["usage"]["output_tokens"] > 0
    assert Decimal(ours["cost_usd"]) > 0


def test_frozen_usage_lists_the_demo_spend_apart(app: Path, elsewhere: Path) -> None:
    asked = run([str(app), "ask", "--demo", PROMPT], cwd=elsewhere)
    assert asked.returncode == 0, asked.stderr

    done = run([str(app), "usage", "--json"], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [row["provider"] for row in report["demo_by_provider"]] == ["anthropic"]
    assert report["demo_by_provider"][0]["requests"] == 1


def test_bundle_carries_the_resources(app: Path) -> None:
    internal = app.parent / "_internal"
    icon = internal / "jarvis_resources" / "icons" / "jarvis.svg"
    assert icon.read_bytes() == (ROOT / "resources/icons/jarvis.svg").read_bytes()
    for size in ICON_SIZES:
        png = f"icons/hicolor/{size}x{size}/apps/jarvis.png"
        assert (internal / "jarvis_resources" / png).is_file(), png
    qt_translations = internal / "PySide6" / "Qt" / "translations"
    for qm in (ROOT / "ui" / "translations").glob("jarvis_*.qm"):
        assert (internal / "ui" / "translations" / qm.name).is_file(), qm.name
        # ui/i18n.py also loads Qt's own strings (dialog buttons) for it.
        language = qm.stem.removeprefix("jarvis_")
        assert (qt_translations / f"qtbase_{language}.qm").is_file(), language


@pytest.fixture
def window(app: Path, elsewhere: Path) -> Iterator[subprocess.Popen[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([str(app), "gui", "--demo"], cwd=elsewhere, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def wait_for_log(home: Path, line: str, process: subprocess.Popen[str]) -> str:
    """The log text once it holds ``line``; fails if the app exits first."""
    deadline = time.monotonic() + 120  # a bound on a hang, not a speed check
    while time.monotonic() < deadline:
        text = "".join(p.read_text(errors="replace") for p in home.rglob("*.log"))
        if line in text:
            return text
        assert process.poll() is None, f"the app exited with {process.returncode}"
        time.sleep(0.2)
    pytest.fail(f"no {line!r} in the log")


def test_frozen_window_opens_a_demo_session_and_closes_on_sigterm(
        window: subprocess.Popen[str], jarvis_home: Path) -> None:
    log = wait_for_log(jarvis_home, "session open (demo=True)", window)
    assert "application icon not found" not in log

    window.send_signal(signal.SIGTERM)
    _, stderr = window.communicate(timeout=60)
    assert window.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stderr
