"""The key store: lookup order, masking, C09 refusals, timeouts, no leaks.

These tests use small in-memory keyring backends; the round trips through a
real Secret Service live in tests/keychain/.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer, fail, null

from jarvis import keys
from jarvis.keys import (
    BackendStatus,
    KeychainFailed,
    KeychainTimeout,
    KeyStore,
    NoSecureKeychain,
    choose_backend,
    masked,
)

if TYPE_CHECKING:
    from conftest import FakeKeys

SECURE = BackendStatus("memory", True, "test keychain")


class MemoryKeyring(KeyringBackend):
    """A keychain in a dict; remembers which threads called it."""

    priority = -10  # never picked by keyring's own detection

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.threads: set[int] = set()

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.add(threading.get_ident())
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.add(threading.get_ident())
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")


class HungKeyring(MemoryKeyring):
    """A keychain whose every call waits until the test releases it."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return super().get_password(service, username)


class BrokenKeyring(MemoryKeyring):
    """A keychain that fails and (badly) echoes the password in its error."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"could not store {password}")


def plaintext_backend() -> KeyringBackend:
    """An instance that looks like keyrings.alt's PlaintextKeyring."""
    cls = type(
        "PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"}
    )
    backend: KeyringBackend = cls()
    return backend


@pytest.fixture
def memory() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def store(memory: MemoryKeyring, jarvis_home: Path) -> KeyStore:
    return KeyStore(memory, SECURE, metadata_path=jarvis_home / "keys.json")


def no_keychain_store() -> KeyStore:
    _, status = choose_backend(fail.Keyring())
    return KeyStore(None, status)


# masked -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("sk-test-abcdefghijklmnop1234", "…1234"),
        ("  sk-test-abcdefghijklmnop1234\n", "…1234"),
        ("short-key", "…"),  # too short to show any tail safely
        ("", "…"),
    ],
)
def test_masked_shows_only_the_last_four(key: str, shown: str) -> None:
    assert masked(key) == shown


# choosing a backend (C09) -------------------------------------------------------


def test_secret_service_is_secure() -> None:
    backend = SecretService.Keyring()
    chosen, status = choose_backend(backend)
    assert chosen is backend
    assert status == BackendStatus(
        "SecretService Keyring",
        True,
        "Keys are stored in the OS keychain (SecretService Keyring).",
    )


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), null.Keyring(), plaintext_backend()]
)
def test_fail_null_and_plaintext_backends_are_refused_C09(
    backend: KeyringBackend,
) -> None:
    chosen, status = choose_backend(backend)
    assert chosen is None
    assert status.secure is False
    assert status.name == backend.name
    assert status.message.startswith("No secure keychain found")
    assert "session only" in status.message
    assert "ANTHROPIC_API_KEY" in status.message


def test_chainer_uses_its_first_secure_member_C09(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plaintext, secret_service = plaintext_backend(), SecretService.Keyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plaintext, secret_service])
    chosen, status = choose_backend(chainer.ChainerBackend())
    assert chosen is secret_service
    assert status.secure is True


def test_chainer_of_nothing_secure_is_refused_C09(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plaintext_backend()])
    chosen, status = choose_backend(chainer.ChainerBackend())
    assert chosen is None
    assert status.secure is False
    assert "PlaintextKeyring" in status.message


async def test_detect_backend_reports_a_hung_keychain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()

    def hang() -> KeyringBackend:
        release.wait(30)
        return MemoryKeyring()

    monkeypatch.setattr(keyring, "get_keyring", hang)
    try:
        backend, status = await keys.detect_backend(timeout_s=0.05)
    finally:
        release.set()
    assert backend is None
    assert status.secure is False
    assert "did not answer within 0.05 s" in status.message


async def test_detect_backend_reports_a_broken_keychain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> KeyringBackend:
        raise keyring.errors.InitError("no collection")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    backend, status = await keys.detect_backend()
    assert backend is None
    assert status.name == "unknown"
    assert "could not be opened (InitError)" in status.message


def test_headless_machine_has_no_secure_keychain_C09(tmp_path: Path) -> None:
    """No D-Bus session at all: real keyring detection in a fresh process."""
    script = (
        "import asyncio, json\n"
        "from jarvis.keys import KeyStore, NoSecureKeychain\n"
        "async def main():\n"
        "    store = await KeyStore.open()\n"
        "    try:\n"
        "        await store.set('openai', 'sk-test-never-stored-0000')\n"
        "        refused = False\n"
        "    except NoSecureKeychain:\n"
        "        refused = True\n"
        "    status = store.backend_status()\n"
        "    print(json.dumps([status.secure, status.message, refused]))\n"
        "asyncio.run(main())\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path)  # no keyringrc.cfg choosing a backend
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    secure, message, refused = json.loads(done.stdout)
    assert secure is False
    assert message.startswith("No secure keychain found")
    assert refused is True


# lookup order -----------------------------------------------------------------


async def test_keychain_round_trip_runs_off_the_loop(
    store: KeyStore, memory: MemoryKeyring, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new("anthropic")
    await store.set("anthropic", key)

    assert memory.items == {("jarvis", "anthropic"): key}
    assert await store.get("anthropic") == key
    assert store.source("anthropic") == "keychain"
    assert threading.get_ident() not in memory.threads


async def test_environment_overrides_the_keychain(
    store: KeyStore, monkeypatch: pytest.MonkeyPatch, fake_keys: FakeKeys
) -> None:
    stored, from_env = fake_keys.new(), fake_keys.new()
    await store.set("openai", stored)
    monkeypatch.setenv("OPENAI_API_KEY", f"  {from_env}\n")

    assert await store.get("openai") == from_env
    assert store.source("openai") == "env"
    assert store.env_var("openai") == "OPENAI_API_KEY"


async def test_blank_environment_variable_is_ignored(
    store: KeyStore, monkeypatch: pytest.MonkeyPatch, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    await store.set("gemini", key)
    monkeypatch.setenv("GEMINI_API_KEY", "   ")
    assert await store.get("gemini") == key
    assert store.source("gemini") == "keychain"


async def test_custom_provider_names_its_own_variable(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, fake_keys: FakeKeys
) -> None:
    store = KeyStore(memory, SECURE, env_vars={"openrouter": "OPENROUTER_API_KEY"})
    key = fake_keys.new()
    monkeypatch.setenv("OPENROUTER_API_KEY", key)
    assert await store.get("openrouter") == key
    assert store.source("openrouter") == "env"
    assert store.env_var("anthropic") == "ANTHROPIC_API_KEY"


async def test_session_key_beats_keychain_until_a_keychain_set(
    store: KeyStore, memory: MemoryKeyring, fake_keys: FakeKeys
) -> None:
    session, stored = fake_keys.new(), fake_keys.new()
    store.set_session("anthropic", session)
    assert await store.get("anthropic") == session
    assert store.source("anthropic") == "session"
    assert memory.items == {}

    await store.set("anthropic", stored)
    assert await store.get("anthropic") == stored
    assert store.source("anthropic") == "keychain"


async def test_unknown_provider_has_no_key(store: KeyStore) -> None:
    assert await store.get("mistral") is None
    assert store.source("mistral") is None


async def test_source_reports_keychain_only_after_a_read(
    memory: MemoryKeyring, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    memory.items[("jarvis", "anthropic")] = key
    store = KeyStore(memory, SECURE)
    assert store.source("anthropic") is None  # not read yet: no blocking call

    await store.refresh(["anthropic", "openai"])
    assert store.source("anthropic") == "keychain"
    assert store.source("openai") is None


# delete -------------------------------------------------------------------------


async def test_delete_removes_keychain_and_session_keys(
    store: KeyStore, memory: MemoryKeyring, fake_keys: FakeKeys
) -> None:
    await store.set("anthropic", fake_keys.new())
    store.set_session("openai", fake_keys.new())

    assert await store.delete("anthropic") is True
    assert await store.delete("openai") is True
    assert memory.items == {}
    assert await store.get("anthropic") is None
    assert store.source("openai") is None
    assert await store.delete("anthropic") is False


async def test_delete_leaves_the_environment_alone(
    store: KeyStore, monkeypatch: pytest.MonkeyPatch, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    monkeypatch.setenv("ANTHROPIC_API_KEY", key)
    assert await store.delete("anthropic") is False
    assert await store.get("anthropic") == key


# no keychain (C09) --------------------------------------------------------------


async def test_set_is_refused_without_a_secure_keychain_C09(
    fake_keys: FakeKeys,
) -> None:
    store = no_keychain_store()
    with pytest.raises(NoSecureKeychain) as refused:
        await store.set("anthropic", fake_keys.new())
    assert str(refused.value) == store.backend_status().message


async def test_session_only_key_works_without_a_keychain_C09(
    fake_keys: FakeKeys,
) -> None:
    store = no_keychain_store()
    key = fake_keys.new()
    store.set_session("anthropic", key)
    assert await store.get("anthropic") == key
    assert store.source("anthropic") == "session"
    assert await store.delete("anthropic") is True
    assert await store.get("anthropic") is None
    assert await store.delete("anthropic") is False


def test_store_refuses_an_inconsistent_backend_and_status(
    memory: MemoryKeyring,
) -> None:
    with pytest.raises(ValueError, match="exactly when it is secure"):
        KeyStore(memory, BackendStatus("x", False, "no"))
    with pytest.raises(ValueError, match="exactly when it is secure"):
        KeyStore(None, SECURE)


# input checks -------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "  ", "a\nb", "x\ry", "\0"])
async def test_empty_or_multiline_keys_are_rejected(store: KeyStore, bad: str) -> None:
    with pytest.raises(ValueError, match=r"empty|several lines"):
        await store.set("anthropic", bad)
    with pytest.raises(ValueError, match=r"empty|several lines"):
        store.set_session("anthropic", bad)


async def test_bad_provider_name_is_not_echoed(
    store: KeyStore, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    with pytest.raises(ValueError) as rejected:
        await store.get(key + " oops")
    assert key not in str(rejected.value)
    assert "provider name" in str(rejected.value)


async def test_keys_are_stored_stripped(store: KeyStore, memory: MemoryKeyring) -> None:
    await store.set("anthropic", "  sk-test-with-spaces-0001\n")
    assert memory.items[("jarvis", "anthropic")] == "sk-test-with-spaces-0001"


# metadata -----------------------------------------------------------------------


async def test_metadata_records_when_but_never_the_key(
    store: KeyStore, jarvis_home: Path, fake_keys: FakeKeys
) -> None:
    key = fake_keys.new()
    before = datetime.now(UTC)
    await store.set("anthropic", key)

    text = (jarvis_home / "keys.json").read_text(encoding="utf-8")
    assert key not in text and key[-4:] not in text
    added = datetime.fromisoformat(json.loads(text)["added_at"]["anthropic"])
    assert before <= added <= datetime.now(UTC)

    await store.delete("anthropic")
    after = json.loads((jarvis_home / "keys.json").read_text())
    assert list(after.pop("no_keychain_at")) == ["anthropic"]
    assert after == {"added_at": {}, "validated_at": {}, "used_at": {},
                     "keychain_at": {}}


async def test_list_keys_masks_and_merges_sources(
    store: KeyStore, monkeypatch: pytest.MonkeyPatch, fake_keys: FakeKeys
) -> None:
    stored, session, env = (fake_keys.new() for _ in range(3))
    await store.set("anthropic", stored)
    store.set_session("ollama", session)
    monkeypatch.setenv("GEMINI_API_KEY", env)

    listed = await store.list_keys(["gemini", "openai"])

    by_name = {info.provider: info for info in listed}
    assert [info.provider for info in listed] == [
        "anthropic",
        "gemini",
        "ollama",
        "openai",
    ]
    assert by_name["anthropic"].source == "keychain"
    assert by_name["anthropic"].masked == "…" + stored[-4:]
    assert by_name["anthropic"].added_at is not None
    assert by_name["gemini"].source == "env"
    assert by_name["gemini"].env_var == "GEMINI_API_KEY"
    assert by_name["ollama"].source == "session"
    assert by_name["openai"].source is None
    assert by_name["openai"].masked == ""


async def test_unreadable_metadata_is_ignored(
    store: KeyStore, jarvis_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (jarvis_home / "keys.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="jarvis.keys"):
        listed = await store.list_keys(["anthropic"])
    assert [(i.provider, i.source) for i in listed] == [("anthropic", None)]
    assert "ignoring unreadable key metadata" in caplog.text


async def test_metadata_that_cannot_be_saved_does_not_fail_the_set(
    memory: MemoryKeyring, jarvis_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = jarvis_home / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    store = KeyStore(memory, SECURE, metadata_path=blocker / "keys.json")
    with caplog.at_level(logging.WARNING, logger="jarvis.keys"):
        await store.set("anthropic", "sk-test-metadata-0001")
    assert memory.items[("jarvis", "anthropic")] == "sk-test-metadata-0001"
    assert "could not save key metadata" in caplog.text


# a hung or broken keychain (C09) -----------------------------------------------


async def test_hung_keychain_times_out_without_blocking_the_loop_C09() -> None:
    hung = HungKeyring()
    store = KeyStore(hung, SECURE, timeout_s=0.2)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    try:
        with pytest.raises(KeychainTimeout, match="is it locked"):
            await store.get("anthropic")
    finally:
        ticker.cancel()
        hung.release.set()
    assert ticks > 2  # the loop kept running while the keychain hung
    _join_keychain_threads()


def test_abandoned_call_finishing_after_the_loop_closed_is_quiet() -> None:
    hung = HungKeyring()
    store = KeyStore(hung, SECURE, timeout_s=0.05)
    with pytest.raises(KeychainTimeout):
        asyncio.run(store.get("anthropic"))
    hung.release.set()  # the thread now reports to a closed loop
    _join_keychain_threads()


async def test_backend_error_is_reported_without_the_key(fake_keys: FakeKeys) -> None:
    store = KeyStore(BrokenKeyring(), SECURE)
    key = fake_keys.new()
    with pytest.raises(KeychainFailed) as failed:
        await store.set("anthropic", key)
    assert key not in str(failed.value)
    assert "PasswordSetError: could not store …" + key[-4:] in str(failed.value)
    assert store.source("anthropic") is None


def _join_keychain_threads() -> None:
    for thread in threading.enumerate():
        if thread.name.startswith("jarvis-keychain-"):
            thread.join(30)
            assert not thread.is_alive()


async def test_metadata_records_validation_use_and_rotation(tmp_path: Path) -> None:
    from datetime import timedelta

    from jarvis.keys import KeyInfo, _Metadata

    path = tmp_path / "keys.json"
    meta = _Metadata(path)
    old = datetime.now(UTC) - timedelta(days=120)
    meta.record("openai", old)
    meta.record("openai", datetime.now(UTC), "validated_at")
    meta.record("openai", datetime.now(UTC), "used_at")

    assert meta.load()["openai"] == old
    assert set(meta.load("validated_at")) == {"openai"}
    assert "sk-" not in path.read_text()
    info = KeyInfo("openai", "keychain", "…abcd", None, old)
    assert info.rotation_due(datetime.now(UTC))
    assert not KeyInfo("openai", "keychain", "…abcd", None,
                       datetime.now(UTC)).rotation_due(datetime.now(UTC))

    meta.record("openai", datetime.now(UTC))  # a new key: history restarts
    assert meta.load("validated_at") == {} and meta.load("used_at") == {}


# deferred keychain detection ---------------------------------------------------


def secure_memory_backend() -> MemoryKeyring:
    """A MemoryKeyring that passes for the Secret Service backend."""
    cls = type("Keyring", (MemoryKeyring,),
               {"__module__": "keyring.backends.SecretService"})
    backend: MemoryKeyring = cls()
    return backend


def test_deferred_store_with_an_env_key_never_imports_keyring() -> None:
    """``jarvis ask`` with OPENAI_API_KEY set skips keyring's import and the
    D-Bus probe (tens of ms at every start)."""
    script = (
        "import asyncio, json, sys\n"
        "from jarvis.keys import KeyStore\n"
        "async def main():\n"
        "    store = KeyStore.deferred()\n"
        "    key = await store.get('openai')\n"
        "    print(json.dumps([key, store.source('openai'),\n"
        "                      store.backend_status().name,\n"
        "                      'keyring' in sys.modules]))\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "OPENAI_API_KEY": "-".join(("sk", "test", "env", "0"))}
    done = subprocess.run([sys.executable, "-c", script], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    key, source, status, imported = json.loads(done.stdout)
    assert (key, source, status, imported) == (
        "sk-test-env-0", "env", "not checked yet", False)


async def test_deferred_store_finds_the_keychain_once_on_first_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = secure_memory_backend()
    backend.items[(keys.SERVICE_NAME, "anthropic")] = "sk-test-from-keychain-01"
    probes: list[int] = []

    def get_keyring() -> KeyringBackend:
        probes.append(1)
        return backend

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    store = KeyStore.deferred()
    assert store.backend_status().secure is False
    found = await asyncio.gather(store.get("anthropic"), store.get("gemini"))
    assert found == ["sk-test-from-keychain-01", None]
    assert probes == [1]
    assert store.backend_status().secure is True
    assert store.source("anthropic") == "keychain"


async def test_deferred_store_refuses_to_store_without_a_secure_keychain_C09(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    store = KeyStore.deferred()
    with pytest.raises(NoSecureKeychain) as refused:
        await store.set("openai", "sk-test-never-stored-0001")
    assert str(refused.value) == store.backend_status().message
    assert store.backend_status().message.startswith("No secure keychain found")


async def test_deferred_store_refresh_finds_the_keychain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", secure_memory_backend)
    store = KeyStore.deferred()
    assert store.checked is False
    await store.refresh(())
    assert store.checked is True
    assert store.backend_status().secure is True
