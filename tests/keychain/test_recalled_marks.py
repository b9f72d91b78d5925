"""Keychain marks recalled from keys.json, against a real gnome-keyring.

A window opening marks providers from the record Jarvis keeps of what the
Secret Service held, without asking it; the first read confirms or corrects
that, including after another program changed the keychain.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from keyring.backends import SecretService

from jarvis import keys
from jarvis.keys import KeyStore

if TYPE_CHECKING:
    from conftest import FakeKeys

pytestmark = pytest.mark.keychain


def deferred(metadata_path: Path) -> KeyStore:
    return KeyStore.deferred(metadata_path=metadata_path)


async def test_a_stored_key_is_recalled_then_read_from_the_secret_service(
    secret_service: KeyStore, provider: str, metadata_path: Path, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    await secret_service.set(provider, key)

    window = deferred(metadata_path)
    await window.refresh([provider], detect=False)

    assert window.checked is False, "the Secret Service was not asked"
    assert (window.source(provider), window.recalled) == ("keychain", True)
    assert await window.get(provider) == key
    assert window.recalled is False


async def test_a_key_another_program_deleted_is_corrected_by_the_first_read(
    secret_service: KeyStore, provider: str, metadata_path: Path, fake_keys: FakeKeys
) -> None:
    await secret_service.set(provider, fake_keys.new())
    SecretService.Keyring().delete_password(keys.SERVICE_NAME, provider)

    window = deferred(metadata_path)
    await window.refresh([provider], detect=False)
    assert window.source(provider) == "keychain"  # the record, until read

    await window.refresh([provider])

    assert window.source(provider) is None
    later = deferred(metadata_path)
    await later.refresh([provider], detect=False)
    assert (later.source(provider), later.checked) == (None, False)
