"""A real session marks keys from keys.json and reads the keychain later.

Opening a window with every provider's keychain state on record does not
import keyring (with its D-Bus and crypto modules, ~13 MB): the picker's
"(no key)" marks come from the record, and the user's first keystroke has
the keychain read and the picker drawn again if the record was wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest

from jarvis import paths
from jarvis.keys import BackendStatus, KeyStore
from tests.ui.helpers import until
from tests.ui.pane_fixtures import MemoryKeyring
from ui.controller import ChatController
from ui.session import Session

if TYPE_CHECKING:
    from tests.conftest import FakeKeys

PROVIDERS = ("anthropic", "gemini", "openai")


class Keychain(MemoryKeyring):
    """Judged secure, as the Secret Service is; counts its detections."""

    __module__ = "keyring.backends.SecretService"

    def __init__(self) -> None:
        super().__init__()
        self.probes = 0


@pytest.fixture
def keychain(monkeypatch: pytest.MonkeyPatch) -> Keychain:
    """The keychain keyring's detection finds."""
    found = Keychain()

    def get_keyring() -> Keychain:
        found.probes += 1
        return found

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    return found


async def record(home: Path, keychain: Keychain, *keys: tuple[str, str]) -> None:
    """What an earlier window that read ``keychain`` holding ``keys`` left
    in keys.json; the keychain is emptied after."""
    keychain.items = {("jarvis", name): key for name, key in keys}
    store = KeyStore(keychain, BackendStatus("memory", True, "test keychain"),
                     metadata_path=paths.resolve(home).data_dir / "keys.json")
    await store.refresh(PROVIDERS)
    keychain.items = {}


def marks(session: Session) -> dict[str, bool]:
    assert session.jarvis is not None
    return {info.name: info.has_key for info in session.jarvis.providers()}


async def test_a_window_with_keys_on_record_does_not_read_the_keychain(
    controller: ChatController, keychain: Keychain, jarvis_home: Path,
    fake_keys: FakeKeys,
) -> None:
    key = fake_keys.new()
    await record(jarvis_home, keychain, ("anthropic", key))
    keychain.items[("jarvis", "anthropic")] = key

    session = Session(controller)
    await session.open()
    try:
        assert session.jarvis is not None
        assert keychain.probes == 0
        assert session.jarvis.keys.checked is False
        assert session.jarvis.keys.recalled is True
        assert marks(session) == {"anthropic": True, "gemini": False,
                                  "openai": False}
    finally:
        await session.close()


async def test_the_first_keystroke_corrects_marks_the_keychain_disproves(
    controller: ChatController, keychain: Keychain, jarvis_home: Path,
    fake_keys: FakeKeys,
) -> None:
    await record(jarvis_home, keychain, ("anthropic", fake_keys.new()))
    # Since then another program removed that key and added another.
    keychain.items[("jarvis", "openai")] = fake_keys.new()
    redrawn: list[bool] = []
    controller.providersChanged.connect(lambda: redrawn.append(True))

    session = Session(controller)
    await session.open()
    try:
        assert marks(session)["anthropic"] is True
        assert redrawn == [True]  # the picker drawn from the record

        session.warm_up("anthropic")  # what typing the first letter does
        await until(lambda: not session.warming, "the warm-up")

        assert marks(session) == {"anthropic": False, "gemini": False,
                                  "openai": True}
        assert redrawn == [True, True]
        assert session.jarvis is not None
        assert session.jarvis.keys.recalled is False
    finally:
        await session.close()


async def test_a_record_with_no_usable_key_has_the_keychain_read_at_open(
    controller: ChatController, keychain: Keychain, jarvis_home: Path,
    fake_keys: FakeKeys,
) -> None:
    await record(jarvis_home, keychain)
    # A key another program put in the keychain must not stay hidden
    # behind "No provider key yet".
    keychain.items[("jarvis", "gemini")] = fake_keys.new()

    session = Session(controller)
    await session.open()
    try:
        assert keychain.probes == 1
        assert marks(session) == {"anthropic": False, "gemini": True,
                                  "openai": False}
    finally:
        await session.close()
