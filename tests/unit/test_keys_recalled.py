"""Keychain marks recalled from keys.json instead of reading the keychain.

A window opening calls ``refresh(detect=False)``: providers the metadata has
a record for are marked from it, and only the others are read; any read
confirms or corrects a recalled mark and updates the record. A recalled mark
never stands in for the key itself: ``get`` always asks the keychain.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from jarvis.keys import BackendStatus, KeychainFailed, KeyStore

if TYPE_CHECKING:
    from conftest import FakeKeys

SECURE = BackendStatus("memory", True, "test keychain")
PROVIDERS = ("anthropic", "gemini", "openai")


class CountingKeyring(KeyringBackend):
    """A keychain in a dict that counts the reads of each provider."""

    priority = -10  # type: ignore[assignment]
    __module__ = "keyring.backends.SecretService"  # judged secure

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.reads: list[str] = []
        self.broken = False

    def get_password(self, service: str, username: str) -> str | None:
        self.reads.append(username)
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.broken:
            raise keyring.errors.KeyringError("the keychain is locked")
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")


@pytest.fixture
def keychain() -> CountingKeyring:
    return CountingKeyring()


@pytest.fixture
def metadata(jarvis_home: Path) -> Path:
    return jarvis_home / "keys.json"


def store_on(keychain: CountingKeyring, metadata: Path) -> KeyStore:
    return KeyStore(keychain, SECURE, metadata_path=metadata)


def recorded(metadata: Path) -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(metadata.read_text())
    return loaded


def version(metadata: Path) -> tuple[int, int]:
    """Changes whenever the file is written (it is replaced atomically)."""
    stat = metadata.stat()
    return stat.st_mtime_ns, stat.st_ino


async def test_a_read_is_recorded_and_recalled_by_the_next_window(
    keychain: CountingKeyring, metadata: Path, fake_keys: FakeKeys
) -> None:
    keychain.items[("jarvis", "anthropic")] = fake_keys.new()
    await store_on(keychain, metadata).refresh(PROVIDERS)
    keychain.reads.clear()

    reopened = store_on(keychain, metadata)
    await reopened.refresh(PROVIDERS, detect=False)

    assert keychain.reads == []
    assert reopened.recalled is True
    assert {p: reopened.source(p) for p in PROVIDERS} == {
        "anthropic": "keychain", "gemini": None, "openai": None}


async def test_only_providers_with_no_record_are_read(
    keychain: CountingKeyring, metadata: Path, fake_keys: FakeKeys
) -> None:
    await store_on(keychain, metadata).refresh(["anthropic"])
    keychain.items[("jarvis", "openai")] = fake_keys.new()
    keychain.reads.clear()

    reopened = store_on(keychain, metadata)
    await reopened.refresh(PROVIDERS, detect=False)

    assert sorted(keychain.reads) == ["gemini", "openai"]
    assert reopened.source("openai") == "keychain"
    assert reopened.source("anthropic") is None


async def test_a_deferred_store_with_a_full_record_never_looks_for_the_keychain(
    keychain: CountingKeyring, metadata: Path, monkeypatch: pytest.MonkeyPatch,
    fake_keys: FakeKeys,
) -> None:
    keychain.items[("jarvis", "gemini")] = fake_keys.new()
    await store_on(keychain, metadata).refresh(PROVIDERS)
    looked: list[str] = []
    monkeypatch.setattr(keyring, "get_keyring",
                        lambda: looked.append("probe") or keychain)

    store = KeyStore.deferred(metadata_path=metadata)
    await store.refresh(PROVIDERS, detect=False)

    assert looked == []
    assert store.checked is False
    assert store.source("gemini") == "keychain"


async def test_a_key_deleted_by_another_program_is_corrected_by_the_first_get(
    keychain: CountingKeyring, metadata: Path, fake_keys: FakeKeys
) -> None:
    keychain.items[("jarvis", "anthropic")] = fake_keys.new()
    await store_on(keychain, metadata).refresh(["anthropic"])
    keychain.items.clear()  # `secret-tool clear` or another keyring client
    reopened = store_on(keychain, metadata)
    await reopened.refresh(["anthropic"], detect=False)
    assert reopened.source("anthropic") == "keychain"

    assert await reopened.get("anthropic") is None

    assert reopened.source("anthropic") is None
    assert reopened.recalled is False
    assert "anthropic" in recorded(metadata)["no_keychain_at"]


async def test_a_key_added_by_another_program_is_never_hidden_from_get(
    keychain: CountingKeyring, metadata: Path, fake_keys: FakeKeys
) -> None:
    await store_on(keychain, metadata).refresh(["openai"])
    key = fake_keys.new()
    keychain.items[("jarvis", "openai")] = key
    reopened = store_on(keychain, metadata)
    await reopened.refresh(["openai"], detect=False)
    assert reopened.source("openai") is None  # recalled: wrong until read

    assert await reopened.get("openai") == key
    assert reopened.source("openai") == "keychain"

    third = store_on(keychain, metadata)
    await third.refresh(["openai"], detect=False)
    assert third.source("openai") == "keychain"


async def test_reads_that_find_what_was_recorded_do_not_rewrite_the_file(
    keychain: CountingKeyring, metadata: Path, fake_keys: FakeKeys
) -> None:
    keychain.items[("jarvis", "anthropic")] = fake_keys.new()
    store = store_on(keychain, metadata)
    await store.refresh(PROVIDERS)
    written = version(metadata)

    await store.refresh(PROVIDERS)
    await store.get("anthropic")

    assert version(metadata) == written


async def test_set_and_delete_keep_the_record(
    keychain: CountingKeyring, metadata: Path, fake_keys: FakeKeys
) -> None:
    store = store_on(keychain, metadata)
    await store.set("anthropic", fake_keys.new())
    recalled = store_on(keychain, metadata)
    await recalled.refresh(["anthropic"], detect=False)
    assert recalled.source("anthropic") == "keychain"

    await store.delete("anthropic")
    recalled = store_on(keychain, metadata)
    await recalled.refresh(["anthropic"], detect=False)
    assert recalled.source("anthropic") is None
    assert keychain.reads == []


async def test_a_delete_the_keychain_refused_leaves_no_record(
    keychain: CountingKeyring, metadata: Path, fake_keys: FakeKeys
) -> None:
    store = store_on(keychain, metadata)
    await store.set("anthropic", fake_keys.new())
    keychain.broken = True
    with pytest.raises(KeychainFailed):
        await store.delete("anthropic")

    reopened = store_on(keychain, metadata)
    await reopened.refresh(["anthropic"], detect=False)

    assert keychain.reads == ["anthropic"], "the key may remain: read it"
    assert reopened.source("anthropic") == "keychain"
