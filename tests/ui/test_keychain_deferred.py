"""Demo mode looks for the keychain only when a pane first names it.

A demo session's keys are fake, so opening it does not import keyring and
its D-Bus and crypto modules (~13 MB); the Keys pane and the welcome, which
say which keychain there is, look for it when they load or show.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from pytestqt.qtbot import QtBot

from tests.ui.helpers import until
from tests.ui.pane_fixtures import MemoryKeyring
from ui.controller import ChatController
from ui.panes.keys import KeysPane
from ui.session import Session
from ui.welcome import WelcomeDialog


@pytest.fixture
def probes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """keyring's detection finds a secure in-memory keychain, and counts."""
    secure = type("Keyring", (MemoryKeyring,),
                  {"__module__": "keyring.backends.SecretService"})
    found: list[str] = []

    def get_keyring() -> MemoryKeyring:
        found.append("probe")
        backend: MemoryKeyring = secure()
        return backend

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    yield found


async def test_a_demo_session_does_not_look_for_the_keychain(
    session: Session, probes: list[str],
) -> None:
    assert session.jarvis is not None
    await until(lambda: not session.warming, "the start-up warm-up")
    assert probes == []
    assert session.jarvis.keys.checked is False


async def test_a_session_with_real_providers_reads_the_keychain(
    controller: ChatController, probes: list[str],
) -> None:
    opened = Session(controller)
    await opened.open()
    try:
        assert opened.jarvis is not None
        assert opened.jarvis.keys.checked is True
        assert probes == ["probe"]
    finally:
        await opened.close()


async def test_a_session_whose_keys_are_all_in_the_environment_skips_it(
    controller: ChatController, probes: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.setenv(name, "-".join(("env", "key", name.lower(), "x" * 12)))
    opened = Session(controller)
    await opened.open()
    try:
        assert opened.jarvis is not None
        assert probes == [], "keyring and the secret service left alone"
        assert opened.jarvis.keys.checked is False
        assert {info.key_source for info in opened.jarvis.providers()} == {"env"}
    finally:
        await opened.close()


async def test_the_keys_pane_names_the_keychain_in_demo_mode(
    qtbot: QtBot, session: Session, probes: list[str],
) -> None:
    assert session.jarvis is not None
    pane = KeysPane()
    qtbot.addWidget(pane)
    pane.attach(session.jarvis)
    pane.show()
    await until(lambda: pane.loads > 0 and not pane._tasks.busy, "the first load")

    assert probes == ["probe"]
    assert "SecretService Keyring" in pane.backend_label.text()


async def test_the_welcome_names_the_keychain_once_shown_in_demo_mode(
    qtbot: QtBot, session: Session, probes: list[str],
) -> None:
    assert session.jarvis is not None
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.attach(session.jarvis)
    assert dialog.keychain_label.text() == ""
    assert probes == []

    dialog.open()
    await until(lambda: dialog.keychain_label.text() != "", "the keychain named")
    assert dialog.keychain_label.text() == (
        "Keys you add are kept in your system keychain (SecretService Keyring), "
        "never in a file.")
    assert probes == ["probe"]


async def test_the_welcome_grows_for_a_long_keychain_text(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No secure keychain: several lines of help arrive after the dialog
    # was sized; the rows below must keep their height (a tester saw the
    # server rows drawn on top of each other).
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    assert session.jarvis is not None
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.attach(session.jarvis)
    dialog.open()
    await until(lambda: dialog.keychain_label.text() != "", "the keychain named")
    await until(lambda: dialog.url_edit.height()
                >= dialog.url_edit.minimumSizeHint().height(), "rows laid out")

    for row in (dialog.server_box, dialog.url_edit, dialog.model_edit):
        assert row.height() >= row.minimumSizeHint().height(), row.accessibleName()
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
