"""Keys through jarvis.keys on a real gnome-keyring over D-Bus (C09)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.core
import pytest
from keyring.backends import SecretService

from jarvis import keys
from jarvis.keys import KeyStore, NoSecureKeychain

if TYPE_CHECKING:
    from conftest import FakeKeys

pytestmark = pytest.mark.keychain


def in_secret_service(provider: str) -> str | None:
    """What the Secret Service itself holds, bypassing jarvis.keys."""
    value: str | None = SecretService.Keyring().get_password(
        keys.SERVICE_NAME, provider
    )
    return value


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def files_containing(folder: Path, text: str) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and text in path.read_text("utf-8", errors="replace")
    ]


async def test_backend_is_the_secret_service(secret_service: KeyStore) -> None:
    status = secret_service.backend_status()
    assert status.secure is True
    assert status.name == "SecretService Keyring"


async def test_set_get_delete_round_trip(
    secret_service: KeyStore, provider: str, metadata_path: Path, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    await secret_service.set(provider, key)

    assert in_secret_service(provider) == key
    assert await secret_service.get(provider) == key
    assert secret_service.source(provider) == "keychain"
    metadata = read_text(metadata_path)
    assert key not in metadata
    assert provider in json.loads(metadata)["added_at"]

    assert await secret_service.delete(provider) is True
    assert in_secret_service(provider) is None
    assert await secret_service.get(provider) is None
    assert secret_service.source(provider) is None
    assert await secret_service.delete(provider) is False


async def test_set_replaces_the_previous_key(
    secret_service: KeyStore, provider: str, fake_keys: FakeKeys
) -> None:
    first, second = fake_keys.new(), fake_keys.new()
    await secret_service.set(provider, first)
    await secret_service.set(provider, second)
    assert in_secret_service(provider) == second
    assert await secret_service.get(provider) == second


async def test_key_outlives_the_store(
    secret_service: KeyStore, provider: str, metadata_path: Path, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    await secret_service.set(provider, key)

    reopened = await KeyStore.open(metadata_path=metadata_path)
    assert await reopened.get(provider) == key
    [info] = await reopened.list_keys([provider])
    assert (info.source, info.masked) == ("keychain", "…" + key[-4:])
    assert info.added_at is not None


async def test_environment_overrides_the_stored_key(
    secret_service: KeyStore,
    provider: str,
    metadata_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_keys: FakeKeys,
) -> None:
    stored, from_env = fake_keys.new(), fake_keys.new()
    await secret_service.set(provider, stored)
    store = await KeyStore.open(
        env_vars={provider: "JARVIS_TEST_PROVIDER_KEY"}, metadata_path=metadata_path
    )
    monkeypatch.setenv("JARVIS_TEST_PROVIDER_KEY", from_env)

    assert await store.get(provider) == from_env
    assert store.source(provider) == "env"
    assert in_secret_service(provider) == stored


async def test_fail_backend_refuses_and_offers_session_keys_C09(
    secret_service: KeyStore,
    provider: str,
    jarvis_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_keys: FakeKeys,
) -> None:
    """The Secret Service is running, but keyring is told to use the fail one."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    store = await KeyStore.open(metadata_path=jarvis_home / "data" / "keys.json")

    status = store.backend_status()
    assert (status.name, status.secure) == ("fail Keyring", False)
    assert status.message.startswith("No secure keychain found (keyring backend: fail")

    key = fake_keys.new()
    with pytest.raises(NoSecureKeychain):
        await store.set(provider, key)
    store.set_session(provider, key)
    assert await store.get(provider) == key
    assert store.source(provider) == "session"

    assert in_secret_service(provider) is None
    assert not files_containing(jarvis_home, key)


LOCKED_PROBE = """
import asyncio, json, sys
from contextlib import closing

import keyring
import secretstorage

from jarvis.keys import KeyStore, KeyStoreError

key = sys.argv[1]
keyring.set_password("jarvis", "anthropic", key)
with closing(secretstorage.dbus_init()) as bus:
    secretstorage.get_default_collection(bus).lock()

async def main():
    store = await KeyStore.open(timeout_s=10)
    try:
        await store.get("anthropic")
    except KeyStoreError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}
    return {"error": None, "message": ""}

print(json.dumps(asyncio.run(main())))
"""


def test_locked_keychain_gives_an_error_not_a_hang_C09(fake_keys: FakeKeys) -> None:
    """A locked collection and no way to prompt (no display): a clear error.

    Runs in a keyring session of its own, so locking it cannot disturb the
    other tests' keychain.
    """
    root = Path(__file__).resolve().parents[2]
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"JARVIS_KEYRING_BUS", "DISPLAY", "WAYLAND_DISPLAY"}
        and not name.startswith("DBUS_")
    }
    env["PYTHONPATH"] = str(root)
    key = fake_keys.new()
    done = subprocess.run(
        [
            str(root / "scripts" / "with-keyring.sh"),
            sys.executable,
            "-c",
            LOCKED_PROBE,
            key,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["error"] in {"KeychainFailed", "KeychainTimeout"}
    assert "lock" in outcome["message"].lower()
    assert key not in done.stdout + done.stderr
