"""An encrypted key file for machines with no OS keychain (CASES.md C09).

Opt-in only: Jarvis never falls back to it silently. The file holds one
AES-256-GCM ciphertext per provider, under a key derived from the user's
passphrase with scrypt; the provider name is bound to each ciphertext as
associated data, so entries cannot be swapped. The passphrase and the
derived key live in memory only while the vault is unlocked; a wrong
passphrase is told apart from a damaged file by a check entry.

Format (JSON, written atomically, mode 0600)::

    {"version": 1, "kdf": {"name": "scrypt", "salt": b64, "n": .., "r": .., "p": ..},
     "check": {"nonce": b64, "data": b64},
     "entries": {"openai": {"nonce": b64, "data": b64}, ...}}
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
from pathlib import Path
from typing import Any, Final

from jarvis.errors import JarvisError

log = logging.getLogger(__name__)

VERSION: Final = 1
# scrypt cost: about 0.1 s and 32 MiB here; the OWASP-recommended floor.
SCRYPT_N: Final = 2**15
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
_CHECK: Final = b"jarvis-vault-check"
_MIN_PASSPHRASE: Final = 8


class VaultError(JarvisError):
    """The vault cannot be used; the message says why, never a secret."""


class WrongPassphrase(VaultError):
    """The passphrase does not open this vault."""


class Vault:
    """An encrypted file of provider keys.

    Args:
        path: the vault file (created by :meth:`create`).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key: bytes | None = None
        self._data: dict[str, Any] | None = None

    def exists(self) -> bool:
        return self.path.exists()

    @property
    def unlocked(self) -> bool:
        return self._key is not None

    def create(self, passphrase: str) -> None:
        """Make a new, empty vault locked by ``passphrase``.

        Raises:
            VaultError: the vault exists already, or the passphrase is short.
        """
        if self.exists():
            raise VaultError(f"A vault already exists at {self.path}.")
        if len(passphrase) < _MIN_PASSPHRASE:
            raise VaultError(f"Use a passphrase of {_MIN_PASSPHRASE} characters "
                             "or more.")
        salt = secrets.token_bytes(16)
        key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        self._data = {
            "version": VERSION,
            "kdf": {"name": "scrypt", "salt": _b64(salt), "n": SCRYPT_N,
                    "r": SCRYPT_R, "p": SCRYPT_P},
            "check": _seal(key, _CHECK, "check"),
            "entries": {},
        }
        self._key = key
        self._save()
        log.info("created a key vault")

    def unlock(self, passphrase: str) -> None:
        """Open the vault for this session.

        Raises:
            WrongPassphrase: the passphrase does not open it.
            VaultError: the file is missing or damaged.
        """
        data = self._load()
        kdf = data["kdf"]
        key = _derive(passphrase, _unb64(kdf["salt"]), int(kdf["n"]), int(kdf["r"]),
                      int(kdf["p"]))
        try:
            check = _open(key, data["check"], "check")
        except _Tampered:
            raise WrongPassphrase("That passphrase does not open the vault.") from None
        if check != _CHECK:
            raise VaultError(f"The vault {self.path} is damaged.")
        self._key, self._data = key, data

    def lock(self) -> None:
        """Forget the derived key (and with it every decrypted value)."""
        self._key = None
        self._data = None

    def get(self, provider: str) -> str | None:
        """``provider``'s key, or None when the vault holds none."""
        key, data = self._unlocked()
        entry = data["entries"].get(provider)
        if entry is None:
            return None
        try:
            return _open(key, entry, provider).decode("utf-8")
        except _Tampered:
            raise VaultError(f"The vault entry for {provider} is damaged.") from None

    def set(self, provider: str, secret: str) -> None:
        """Store ``secret`` for ``provider``."""
        key, data = self._unlocked()
        data["entries"][provider] = _seal(key, secret.encode("utf-8"), provider)
        self._save()

    def delete(self, provider: str) -> bool:
        """Remove ``provider``'s key; whether there was one."""
        _key, data = self._unlocked()
        removed = data["entries"].pop(provider, None) is not None
        if removed:
            self._save()
        return removed

    def providers(self) -> list[str]:
        """Providers with a key in the vault (readable while locked)."""
        data = self._data or self._load()
        return sorted(data["entries"])

    def _unlocked(self) -> tuple[bytes, dict[str, Any]]:
        if self._key is None or self._data is None:
            raise VaultError("The vault is locked: unlock it with its passphrase.")
        return self._key, self._data

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise VaultError(f"No vault at {self.path}.") from None
        except (OSError, ValueError) as exc:
            raise VaultError(f"The vault {self.path} cannot be read ({exc}).") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise VaultError(f"The vault {self.path} has an unknown format.")
        return data

    def _save(self) -> None:
        assert self._data is not None
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = self.path.with_suffix(".tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self._data, out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, self.path)


class _Tampered(Exception):
    """Authentication failed: wrong key or altered data."""


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(
        passphrase.encode("utf-8"))


def _seal(key: bytes, plaintext: bytes, label: str) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    data = AESGCM(key).encrypt(nonce, plaintext, _aad(label))
    return {"nonce": _b64(nonce), "data": _b64(data)}


def _open(key: bytes, entry: dict[str, str], label: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(_unb64(entry["nonce"]), _unb64(entry["data"]),
                                   _aad(label))
    except (InvalidTag, KeyError, ValueError):
        raise _Tampered from None


def _aad(label: str) -> bytes:
    return f"jarvis-vault-v{VERSION}:{label}".encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
