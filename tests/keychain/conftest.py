"""A key store on the real Secret Service (gnome-keyring in dbus-run-session).

``make test`` and CI run the suite through scripts/with-keyring.sh, which
starts a private session bus and an unlocked gnome-keyring. Without one these
tests skip, unless ``JARVIS_REQUIRE_KEYCHAIN=1`` asks for them: then they
fail, so that CI never passes with the keychain untested.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import keyring
import keyring.core
import keyring.errors
import pytest

from jarvis import keys
from jarvis.keys import KeyStore


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.keychain)


@pytest.fixture(autouse=True)
def fresh_keyring_detection() -> Iterator[None]:
    """Have keyring detect its backend now, and again after the test.

    keyring caches its backend per process; tests here change what is
    available (a backend forced by the environment), so each one starts and
    ends with a fresh detection.
    """
    keyring.core.init_backend()
    yield
    keyring.core.init_backend()


@pytest.fixture
def metadata_path(jarvis_home: Path) -> Path:
    return jarvis_home / "data" / "keys.json"


@pytest.fixture
async def secret_service(metadata_path: Path) -> AsyncIterator[KeyStore]:
    """A KeyStore on the real Secret Service; fails or skips without one."""
    store = await KeyStore.open(metadata_path=metadata_path)
    status = store.backend_status()
    if not status.secure:
        reason = f"no Secret Service keychain: {status.message}"
        if os.environ.get("JARVIS_REQUIRE_KEYCHAIN") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    yield store


@pytest.fixture
def provider() -> Iterator[str]:
    """A provider name no real entry uses; its keychain item goes after."""
    name = f"jarvis-test-{secrets.token_hex(4)}"
    yield name
    # Already deleted by the test, or there is no keychain at all.
    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.get_keyring().delete_password(keys.SERVICE_NAME, name)
