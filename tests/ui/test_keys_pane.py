"""The keys pane against the real facade: status, add, replace, test, delete.

Keys are checked by the real SDKs against the provider simulator, which
rejects any key containing "invalid". Storing goes to an in-memory keychain
that counts as secure (``memory_keychain``), or to none at all (C09).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from jarvis.keys import BackendStatus, KeyStore, masked
from jarvis.service import Jarvis
from jarvis.vault import Vault
from tests.conftest import FakeKeys
from tests.ui import pane_fixtures
from tests.ui.helpers import until
from tests.ui.pane_fixtures import MemoryKeyring
from ui.panes.keys import KeysPane, ProviderCard

# The shared fixtures, bound here so pytest finds them.
env_keys = pane_fixtures.env_keys
memory_keychain = pane_fixtures.memory_keychain
real_jarvis = pane_fixtures.real_jarvis
sim = pane_fixtures.sim


async def _pane(qtbot: QtBot, jarvis: Jarvis) -> KeysPane:
    pane = KeysPane()
    qtbot.addWidget(pane)
    pane.attach(jarvis)
    pane.show()
    await until(lambda: pane.loads > 0 and not pane._tasks.busy, "the first load")
    return pane


async def _settled(pane: KeysPane) -> None:
    await until(lambda: not pane._tasks.busy, "the action to finish")


def _texts(card: ProviderCard) -> str:
    return " ".join(label.text() for label in card.findChildren(QLabel))


async def test_status_matches_the_facade(
    qtbot: QtBot, real_jarvis: Jarvis, env_keys: dict[str, str]
) -> None:
    pane = await _pane(qtbot, real_jarvis)

    backend = real_jarvis.keys.backend_status()
    assert backend.name in pane.backend_label.text()
    assert list(pane.cards) == [p.name for p in real_jarvis.providers()]
    card = pane.cards["openai"]
    assert card.source_label.text() == (
        "from the environment variable OPENAI_API_KEY, which overrides a "
        f"stored key ({masked(env_keys['OPENAI_API_KEY'])})")
    assert card.dates_label.text().startswith("validated ")
    assert env_keys["OPENAI_API_KEY"] not in _texts(card)
    assert "traffic stays on this machine" in card.endpoint_label.text()
    assert card.breaker_label.text() == "closed (healthy)"
    assert card.save_button.text() == "Replace key"
    assert not card.delete_button.isEnabled(), "an env key is not ours to delete"


async def test_no_secure_keychain_says_so_and_offers_options_C09(
    qtbot: QtBot, real_jarvis: Jarvis, fake_keys: FakeKeys
) -> None:
    real_jarvis.keys = KeyStore(None, BackendStatus(
        "fail Keyring", False, "No secure keychain was found."))
    pane = await _pane(qtbot, real_jarvis)

    assert "not secure" in pane.backend_label.text()
    assert not pane.help_label.isHidden()
    assert "OPENAI_API_KEY" in pane.help_label.text()
    assert "--vault" in pane.help_label.text()

    card = pane.cards["openai"]
    qtbot.keyClicks(card.key_edit, fake_keys.new("openai"))
    card.save_button.click()
    await _settled(pane)
    assert "not stored" in card.message_label.text()
    assert "--vault" in card.message_label.text()
    assert card.key_edit.text() == ""


async def test_add_then_replace_with_a_rejected_key_keeps_the_old_one(
    qtbot: QtBot, real_jarvis: Jarvis, memory_keychain: MemoryKeyring,
    fake_keys: FakeKeys, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    pane = await _pane(qtbot, real_jarvis)
    card = pane.cards["openai"]
    assert card.source_label.text() == "No key"
    assert card.key_edit.echoMode() == QLineEdit.EchoMode.Password

    good = fake_keys.new("openai")
    qtbot.keyClicks(card.key_edit, good)
    card.save_button.click()
    assert card.key_edit.text() == "", "the field is cleared at once"
    await _settled(pane)

    assert memory_keychain.items[("jarvis", "openai")] == good
    assert card.message_label.text().startswith("Key saved.")
    assert card.message_label.property("tone") == "ok"
    assert card.source_label.text() == f"stored in the keychain ({masked(good)})"
    assert "validated never" not in card.dates_label.text()
    assert good not in _texts(card)

    bad = "-".join(("sk", "invalid", "ui", "0009"))
    fake_keys.watch(bad)
    qtbot.keyClicks(card.key_edit, bad)
    qtbot.keyClick(card.key_edit, Qt.Key.Key_Return)  # keyboard only
    await _settled(pane)

    assert "rejected the key" in card.message_label.text()
    assert "previous key" in card.message_label.text()
    assert card.message_label.property("tone") == "error"
    assert memory_keychain.items[("jarvis", "openai")] == good
    assert card.source_label.text() == f"stored in the keychain ({masked(good)})"
    assert card.key_edit.text() == ""
    assert bad not in _texts(card)


async def test_test_button_checks_the_stored_key(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = await _pane(qtbot, real_jarvis)
    card = pane.cards["anthropic"]

    card.test_button.click()
    await _settled(pane)

    assert card.message_label.text() == "anthropic accepted the key."
    assert card.message_label.property("tone") == "ok"


async def test_delete_asks_first_and_keeps_the_key_on_no(
    qtbot: QtBot, real_jarvis: Jarvis, memory_keychain: MemoryKeyring,
    fake_keys: FakeKeys, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GEMINI_API_KEY")
    key = fake_keys.new("gemini")
    await real_jarvis.keys.set("gemini", key)
    pane = await _pane(qtbot, real_jarvis)
    card = pane.cards["gemini"]
    answers = [False, True]
    asked: list[str] = []

    def confirm(parent: object, provider: str) -> bool:
        asked.append(provider)
        return answers.pop(0)

    monkeypatch.setattr("ui.panes.keys.confirm_delete", confirm)
    assert card.delete_button.isEnabled()
    card.delete_button.click()
    await _settled(pane)
    assert memory_keychain.items[("jarvis", "gemini")] == key

    card.delete_button.click()
    await _settled(pane)
    assert asked == ["gemini", "gemini"]
    assert ("jarvis", "gemini") not in memory_keychain.items
    assert card.message_label.text() == "Key deleted."
    assert card.source_label.text() == "No key"
    assert card.save_button.text() == "Add key"


async def test_breaker_state_follows_the_router(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = await _pane(qtbot, real_jarvis)
    breaker = real_jarvis.router.breakers.get("openai")

    for _ in range(real_jarvis.config.breaker.failures):
        breaker.record_failure()

    assert str(real_jarvis.breaker_states()["openai"]) == "open"
    assert pane.cards["openai"].breaker_label.text() == \
        "open (paused after failures)"
    assert pane.cards["gemini"].breaker_label.text() == "closed (healthy)"
    await pane.aclose()


async def test_the_vault_is_unlocked_and_locked_from_the_pane_C09(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    passphrase = "correct horse battery"
    made = Vault(real_jarvis.paths.vault_file)
    made.create(passphrase)
    made.set("anthropic", "-".join(("sk", "ant", "vault", "fake", "0009")))
    pane = await _pane(qtbot, real_jarvis)
    box = pane.vault_box
    assert not box.isHidden()
    assert box.state_label.text().startswith("Locked: its keys (1)")
    assert box.lock_button.isHidden()

    box.passphrase.setFocus()
    qtbot.keyClicks(box.passphrase, "wrong passphrase")
    qtbot.keyClick(box.passphrase, Qt.Key.Key_Return)
    assert box.passphrase.text() == "", "the passphrase leaves the field at once"
    await _settled(pane)
    assert box.message_label.text() == "That passphrase does not open the vault."
    vault = real_jarvis.keys.vault
    assert vault is not None and not vault.unlocked

    qtbot.keyClicks(box.passphrase, passphrase)
    qtbot.keyClick(box.passphrase, Qt.Key.Key_Return)
    await _settled(pane)
    assert vault.unlocked
    assert box.message_label.text() == "Vault unlocked."
    assert box.state_label.text().startswith("Unlocked for this session")
    assert box.passphrase.isHidden() and not box.lock_button.isHidden()

    box.lock_button.click()
    await _settled(pane)
    assert not vault.unlocked
    assert box.state_label.text().startswith("Locked")


async def test_no_vault_card_without_a_vault(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = await _pane(qtbot, real_jarvis)
    assert pane.vault_box.isHidden()
