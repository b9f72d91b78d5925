"""The first-run welcome against the real facade on the provider simulator.

Keys are checked by the real SDKs against the simulator (a key containing
"invalid" is rejected) and stored in an in-memory keychain; the local
server and the cap are written to the real config.toml by the settings
writer.
"""

from __future__ import annotations

import socket
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from jarvis.keys import BackendStatus, KeyStore
from jarvis.service import Jarvis
from jarvis.simulator import Simulator
from tests.conftest import FakeKeys
from tests.ui import pane_fixtures
from tests.ui.helpers import until
from tests.ui.pane_fixtures import MemoryKeyring
from ui import firstrun
from ui import settings as ui_settings
from ui.welcome import WelcomeDialog

env_keys = pane_fixtures.env_keys
memory_keychain = pane_fixtures.memory_keychain
real_jarvis = pane_fixtures.real_jarvis
sim = pane_fixtures.sim


def _dialog(qtbot: QtBot, jarvis: Jarvis) -> WelcomeDialog:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.attach(jarvis)
    dialog.open()
    return dialog


async def _settled(dialog: WelcomeDialog) -> None:
    await until(lambda: not dialog.busy, "the welcome's task to finish")


def _config(home: Path) -> dict[str, object]:
    return tomllib.loads((home / "config.toml").read_text(encoding="utf-8"))


async def test_names_the_keychain_and_stores_only_a_checked_key(
    qtbot: QtBot, real_jarvis: Jarvis, memory_keychain: MemoryKeyring,
    fake_keys: FakeKeys, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    dialog = _dialog(qtbot, real_jarvis)
    assert "system keychain (memory)" in dialog.keychain_label.text()
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.provider_box.setCurrentIndex(dialog.provider_box.findData("openai"))

    bad = "-".join(("sk", "invalid", "welcome", "0001"))
    fake_keys.watch(bad)
    qtbot.keyClicks(dialog.key_edit, bad)
    dialog.save_key_button.click()
    assert dialog.key_edit.text() == "", "the key leaves the field at once"
    await _settled(dialog)
    assert "rejected the key; it was not stored" in dialog.key_message.text()
    assert dialog.key_message.property("tone") == "error"
    assert memory_keychain.items == {}

    good = fake_keys.new("openai")
    qtbot.keyClicks(dialog.key_edit, good)
    dialog.save_key_button.click()
    await _settled(dialog)
    assert dialog.key_message.text().startswith("Key saved.")
    assert memory_keychain.items == {("jarvis", "openai"): good}
    assert good not in dialog.key_message.text()


async def test_no_secure_keychain_is_said_plainly_C09(
    qtbot: QtBot, real_jarvis: Jarvis,
) -> None:
    real_jarvis.keys = KeyStore(None, BackendStatus(
        "fail Keyring", False, "No secure keychain was found."))
    dialog = _dialog(qtbot, real_jarvis)

    text = dialog.keychain_label.text()
    assert "No secure keychain was found (fail Keyring)" in text
    assert "--vault" in text and "OPENAI_API_KEY" in text


@pytest.mark.parametrize(("index", "name", "url"), [
    (0, "ollama", "http://127.0.0.1:11434/v1"),
    (1, "lmstudio", "http://127.0.0.1:1234/v1"),
])
async def test_a_local_server_becomes_the_first_provider(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path, sim: Simulator,
    index: int, name: str, url: str,
) -> None:
    dialog = _dialog(qtbot, real_jarvis)
    dialog.server_box.setCurrentIndex(index)
    assert dialog.url_edit.text() == url
    # The simulator's OpenAI endpoint stands in for the local server.
    served = sim.base_url("openai")
    dialog.url_edit.setText(served)
    qtbot.keyClicks(dialog.model_edit, "llama3.2")
    dialog.use_server_button.click()
    await _settled(dialog)

    assert dialog.server_message.property("tone") == "ok", \
        dialog.server_message.text()
    assert dialog.server_message.text().endswith("The server answers.")
    written = _config(jarvis_home)
    assert written["providers"][name] == {  # type: ignore[index]
        "kind": "openai_compatible", "base_url": served, "model": "llama3.2",
        "needs_key": False}
    assert written["fallback"] == [name, "anthropic", "openai", "gemini"]
    assert real_jarvis.config.default_provider == name
    assert "# my Jarvis settings" in (jarvis_home / "config.toml").read_text(), \
        "the user's comments stay"


async def test_a_server_that_is_not_running_is_saved_with_a_warning(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog = _dialog(qtbot, real_jarvis)
    dialog.url_edit.setText(f"http://127.0.0.1:{port}/v1")
    qtbot.keyClicks(dialog.model_edit, "qwen3")
    dialog.use_server_button.click()
    await _settled(dialog)
    assert "did not answer yet" in dialog.server_message.text()
    assert dialog.server_message.property("tone") == "error"

    dialog.url_edit.setText(f"http://127.0.0.1:{port}/v2")
    dialog.use_server_button.click()  # saved again: the entry is updated
    await _settled(dialog)
    ollama = _config(jarvis_home)["providers"]["ollama"]  # type: ignore[index]
    assert ollama["base_url"] == f"http://127.0.0.1:{port}/v2"
    assert ollama["model"] == "qwen3"


async def test_a_server_without_a_model_is_refused_and_nothing_written(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path,
) -> None:
    before = (jarvis_home / "config.toml").read_bytes()
    dialog = _dialog(qtbot, real_jarvis)
    dialog.use_server_button.click()
    await _settled(dialog)

    assert "a default model is required" in dialog.server_message.text()
    assert dialog.server_message.property("tone") == "error"
    assert (jarvis_home / "config.toml").read_bytes() == before


async def test_start_writes_the_chosen_cap_and_is_remembered(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path,
) -> None:
    dialog = _dialog(qtbot, real_jarvis)
    assert dialog.cap_spin.value() == 5.0, "the config's current cap"
    dialog.cap_spin.setValue(3.5)
    with qtbot.assertNotEmitted(dialog.demoRequested):
        dialog.start_button.click()
        await until(lambda: not dialog.isVisible(), "the welcome to close")

    limits = _config(jarvis_home)["limits"]
    assert Decimal(str(limits["daily_usd"])) == Decimal("3.5")  # type: ignore[index]
    assert real_jarvis.config.limits.daily_usd == Decimal("3.5")
    assert ui_settings.store().value(firstrun.SHOWN, False, type=bool) is True


async def test_demo_button_asks_for_demo_mode(
    qtbot: QtBot, real_jarvis: Jarvis,
) -> None:
    dialog = _dialog(qtbot, real_jarvis)
    with qtbot.waitSignal(dialog.demoRequested, timeout=20_000):
        dialog.demo_button.click()
        await until(lambda: not dialog.isVisible(), "the welcome to close")
    assert not dialog.demo_button.isEnabled()


async def test_shown_only_on_a_first_run(
    app: QApplication, jarvis_home: Path,
) -> None:
    jarvis = await Jarvis.open(home=jarvis_home)
    try:
        jarvis.keys = KeyStore(MemoryKeyring(), BackendStatus(
            "memory", True, "Keys go to a test keychain."))
        assert firstrun.should_show(jarvis), "no config, no key, never seen"

        ui_settings.write(firstrun.SHOWN, True)
        assert not firstrun.should_show(jarvis), "seen once"
        ui_settings.write(firstrun.SHOWN, False)

        (jarvis_home / "config.toml").write_text("[limits]\ndaily_usd = 2\n")
        assert not firstrun.should_show(jarvis), "a config file exists"
    finally:
        await jarvis.aclose()


async def test_reopened_from_help_it_works_again(
    qtbot: QtBot, real_jarvis: Jarvis,
) -> None:
    dialog = _dialog(qtbot, real_jarvis)
    dialog.start_button.click()
    await until(lambda: not dialog.isVisible(), "the welcome to close")
    assert not dialog.start_button.isEnabled()

    dialog.open()
    assert dialog.start_button.isEnabled() and dialog.demo_button.isEnabled()


async def test_no_demo_button_when_already_in_demo_mode(
    qtbot: QtBot, app: QApplication, jarvis_home: Path,
) -> None:
    jarvis = await Jarvis.open(home=jarvis_home, demo=True)
    try:
        dialog = _dialog(qtbot, jarvis)
        assert dialog.demo_button.isHidden()
        assert not firstrun.should_show(jarvis)
    finally:
        await jarvis.aclose()
