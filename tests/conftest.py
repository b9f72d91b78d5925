"""Fixtures every Jarvis test gets, and the run-level keychain guard.

- Each test has its own ``JARVIS_HOME`` (a tmp folder) and no provider keys
  or base URLs from the developer's environment.
- Qt runs offscreen unless ``QT_QPA_PLATFORM`` says otherwise.
- ``fake_keys`` makes fake keys at run time and fails the test if any of
  them shows up in a log record, at any level, from any logger.
- With ``JARVIS_REQUIRE_KEYCHAIN=1`` (``make test``, CI) the run fails when
  no ``keychain`` test passed or one was skipped.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any test module imports Qt: pytest-qt creates the QApplication early.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Variables the SDKs or Jarvis read on their own; a developer's real values
# must never reach a test.
PROVIDER_ENV_VARS = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "GOOGLE_GENAI_USE_VERTEXAI",
    "GOOGLE_CLOUD_PROJECT",
)


@pytest.fixture(autouse=True)
def jarvis_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own Jarvis home folder (config, data and logs)."""
    home = tmp_path / "jarvis-home"
    home.mkdir()
    monkeypatch.setenv("JARVIS_HOME", str(home))
    for name in PROVIDER_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    return home


class SecretWatch(logging.Handler):
    """Sees every log record and remembers which ones carry a secret."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.secrets: set[str] = set()
        self.leaks: list[str] = []
        self._render = logging.Formatter("%(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self._render.format(record)
        except Exception:  # a broken record is the emitter's bug, not a leak
            return
        if any(secret in text for secret in self.secrets):
            self.leaks.append(f"{record.name}:{record.levelname}")


class FakeKeys:
    """Makes fake provider keys and has them watched in every log record."""

    def __init__(self, watch: SecretWatch) -> None:
        self._watch = watch

    def new(self, provider: str = "test") -> str:
        """A fresh, obviously fake key, assembled at run time."""
        key = "-".join(("sk", "test", provider, secrets.token_hex(12)))
        self.watch(key)
        return key

    def watch(self, secret: str) -> None:
        """Also fail the test if ``secret`` (made elsewhere) is logged."""
        self._watch.secrets.add(secret)


@pytest.fixture
def fake_keys() -> Iterator[FakeKeys]:
    """Fake keys whose appearance in any log record fails the test (C10)."""
    watch = SecretWatch()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(watch)
    root.setLevel(logging.DEBUG)  # DEBUG records are where keys leak
    try:
        yield FakeKeys(watch)
    finally:
        root.removeHandler(watch)
        root.setLevel(old_level)
    if watch.leaks:
        pytest.fail(f"a fake key was logged by: {sorted(set(watch.leaks))}")


# Keychain guard ---------------------------------------------------------------

_keychain_outcomes: dict[str, list[str]] = {"passed": [], "skipped": []}


def keychain_required() -> bool:
    """Whether a missing Secret Service must fail the run (make test, CI)."""
    return os.environ.get("JARVIS_REQUIRE_KEYCHAIN") == "1"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "keychain" not in report.keywords:
        return
    if report.skipped:
        _keychain_outcomes["skipped"].append(report.nodeid)
    elif report.when == "call" and report.passed:
        _keychain_outcomes["passed"].append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not keychain_required() or session.config.option.collectonly:
        return
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return
    skipped = _keychain_outcomes["skipped"]
    if skipped or not _keychain_outcomes["passed"]:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(
                "JARVIS_REQUIRE_KEYCHAIN=1 but the keychain tests did not run "
                f"(passed: {len(_keychain_outcomes['passed'])}, "
                f"skipped: {len(skipped)})",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
