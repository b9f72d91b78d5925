"""Provider API keys: the OS keychain, environment overrides, session-only keys.

Owns where a provider's key comes from and where it may be kept. A key lives
in one of three places, looked up in this order:

1. the environment (``ANTHROPIC_API_KEY``, ``OPENAI_API_KEY``,
   ``GEMINI_API_KEY``, or a variable a custom provider names);
2. the session store, in memory only, gone when the process exits;
3. the OS keychain through ``keyring`` (service ``"jarvis"``, username = the
   provider's name).

A key is never written to disk by this module. When the only keyring backend
is a fail, null or plaintext one (C09), :meth:`KeyStore.set` refuses and the
status says so, so the caller can offer a session-only key or an environment
variable instead. The optional metadata file holds when a key was added,
never the key or any part of it, and what the keychain held for each
provider when Jarvis last stored, deleted or read its key there: a window
opening marks the providers with no key from that record (``refresh`` with
``detect`` False) instead of reading the keychain, and the next read
confirms the marks.

Every keychain call runs in a daemon thread with a timeout: a locked or hung
keychain neither freezes the event loop nor keeps the process from exiting.
The facade's store finds the keychain only when a key is not in the
environment or the session (:meth:`KeyStore.deferred`): importing ``keyring``
and probing D-Bus take tens of milliseconds that ``jarvis ask`` with an
environment key need not pay.
Does not own: which providers exist (config) or how keys are used (adapters).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, TypeVar

from jarvis.errors import JarvisError
from jarvis.vault import Vault, VaultError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

logger = logging.getLogger(__name__)

SERVICE_NAME: Final = "jarvis"
DEFAULT_TIMEOUT_S: Final = 20.0
DEFAULT_ENV_VARS: Final[Mapping[str, str]] = {
    "anthropic": "ANTHROPIC_API_KEY",
    "openai": "OPENAI_API_KEY",
    "gemini": "GEMINI_API_KEY",
}

KeySource = Literal["env", "keychain", "session", "vault"]

# Backends that keep secrets in an OS-managed, encrypted store. Anything else
# (keyrings.alt files, fail, null, third-party plugins we cannot vouch for)
# is treated as "no secure keychain".
_SECURE_MODULES: Final = frozenset(
    {
        "keyring.backends.SecretService",
        "keyring.backends.libsecret",
        "keyring.backends.kwallet",
        "keyring.backends.macOS",
        "keyring.backends.Windows",
    }
)
_PROVIDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_TAIL = 4
ROTATE_AFTER_DAYS: Final = 90
_MIN_LEN_FOR_TAIL = 12

_T = TypeVar("_T")


class KeyStoreError(JarvisError):
    """A key could not be read, stored or deleted."""


class NoSecureKeychain(KeyStoreError):
    """Storing in the keychain was refused: no secure backend exists (C09)."""


class KeychainTimeout(KeyStoreError):
    """The keychain did not answer in time (locked, or its daemon hung)."""


class KeychainFailed(KeyStoreError):
    """The keychain backend raised an error."""


@dataclass(frozen=True, slots=True)
class BackendStatus:
    """Which keyring backend was found and whether keys may be stored in it.

    Attributes:
        name: the backend's name as keyring reports it.
        secure: whether :meth:`KeyStore.set` will store keys there.
        message: a plain-words sentence for the Keys pane and the CLI.
    """

    name: str
    secure: bool
    message: str


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """One provider's key as ``jarvis keys list`` and the Keys pane show it."""

    provider: str
    source: KeySource | None
    masked: str
    env_var: str | None
    added_at: datetime | None
    validated_at: datetime | None = None
    used_at: datetime | None = None

    def rotation_due(
        self, now: datetime, max_age_days: int = ROTATE_AFTER_DAYS
    ) -> bool:
        """Whether a stored key is older than ``max_age_days`` (a reminder)."""
        return self.added_at is not None and \
            (now - self.added_at).days >= max_age_days


def masked(key: str) -> str:
    """The key reduced to an ellipsis and its last four characters.

    Keys shorter than twelve characters show no tail at all, so that the
    mask never reveals a meaningful share of a short secret.
    """
    key = key.strip()
    if len(key) < _MIN_LEN_FOR_TAIL:
        return "…"
    return "…" + key[-_TAIL:]


def choose_backend(
    backend: KeyringBackend,
) -> tuple[KeyringBackend | None, BackendStatus]:
    """The backend Jarvis may store keys in, and the status to show.

    A chainer is replaced by its first secure member, so that a write can
    never fall through to a plaintext backend chained after it.
    """
    members = _chained(backend)
    if members is not None:
        secure = [member for member in members if _is_secure(member)]
        if secure:
            return secure[0], _secure_status(secure[0])
        return None, _insecure_status(backend, members)
    if _is_secure(backend):
        return backend, _secure_status(backend)
    return None, _insecure_status(backend, [])


async def detect_backend(
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> tuple[KeyringBackend | None, BackendStatus]:
    """Ask keyring for its backend off the event loop and judge it.

    Detection talks to D-Bus on Linux, so it gets the same timeout as every
    other keychain call.
    """
    try:
        backend = await _off_loop(_get_keyring, timeout_s, "detect")
    except TimeoutError:
        message = (
            f"The keychain did not answer within {timeout_s:g} s. Keys can be "
            "kept for this session only, or set in the environment."
        )
        return None, BackendStatus("unknown", False, message)
    except Exception as exc:
        logger.warning("keyring backend detection failed: %s", type(exc).__name__)
        message = (
            f"The keychain could not be opened ({type(exc).__name__}). Keys can "
            "be kept for this session only, or set in the environment."
        )
        return None, BackendStatus("unknown", False, message)
    return choose_backend(backend)


def _get_keyring() -> KeyringBackend:
    import keyring  # here, in the detecting thread: tens of ms to import

    return keyring.get_keyring()


# What a deferred store reports until it has looked for the keychain.
_UNCHECKED: Final = BackendStatus(
    "not checked yet", False, "The keychain has not been checked yet.")


class KeyStore:
    """Looks keys up and stores them, never on disk in plaintext.

    Build one with :meth:`open` (which detects the OS keychain), or pass a
    backend that has already been judged.

    Args:
        backend: the keychain to use, or None when there is no secure one.
        status: what :meth:`backend_status` reports.
        env_vars: provider name to environment variable, added to (and
            overriding) :data:`DEFAULT_ENV_VARS`.
        metadata_path: a JSON file for key metadata (when each key was
            added); None keeps no metadata.
        timeout_s: seconds each keychain call may take.
    """

    def __init__(
        self,
        backend: KeyringBackend | None,
        status: BackendStatus,
        *,
        env_vars: Mapping[str, str] | None = None,
        metadata_path: Path | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        vault: Vault | None = None,
    ) -> None:
        if (backend is not None) != status.secure:
            raise ValueError("a backend is passed exactly when it is secure")
        self._backend = backend
        self._status = status
        self._env_vars = {**DEFAULT_ENV_VARS, **(env_vars or {})}
        self._metadata = _Metadata(metadata_path)
        self._timeout_s = timeout_s
        self._session: dict[str, str] = {}
        self._in_keychain: dict[str, bool] = {}
        self._write_lock = asyncio.Lock()
        self._marked: dict[tuple[str, str], datetime] = {}
        # Providers whose _in_keychain comes from the metadata, not a read.
        self._recalled: set[str] = set()
        self._detected = True
        self._detect_lock = asyncio.Lock()
        self.vault = vault

    @classmethod
    async def open(
        cls,
        *,
        env_vars: Mapping[str, str] | None = None,
        metadata_path: Path | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        vault: Vault | None = None,
    ) -> KeyStore:
        """Detect the OS keychain and build a store on it."""
        backend, status = await detect_backend(timeout_s)
        logger.info("key store backend: %s (secure=%s)", status.name, status.secure)
        return cls(
            backend,
            status,
            env_vars=env_vars,
            metadata_path=metadata_path,
            timeout_s=timeout_s,
            vault=vault,
        )

    @classmethod
    def deferred(
        cls,
        *,
        env_vars: Mapping[str, str] | None = None,
        metadata_path: Path | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        vault: Vault | None = None,
    ) -> KeyStore:
        """A store that looks for the OS keychain on first need.

        That is the first key not found in the environment or the session,
        or any store, delete, list or :meth:`refresh`. Until then
        :meth:`backend_status` says the keychain was not checked yet.
        """
        store = cls(None, _UNCHECKED, env_vars=env_vars,
                    metadata_path=metadata_path, timeout_s=timeout_s, vault=vault)
        store._detected = False
        return store

    async def _keychain(self) -> KeyringBackend | None:
        """The secure backend (None when there is none), detected once."""
        if not self._detected:
            async with self._detect_lock:
                if not self._detected:
                    backend, status = await detect_backend(self._timeout_s)
                    logger.info("key store backend: %s (secure=%s)",
                                status.name, status.secure)
                    self._backend, self._status = backend, status
                    self._detected = True
        return self._backend

    async def unlock_vault(self, passphrase: str, *, create: bool = False) -> None:
        """Open (or create) the encrypted vault for this session.

        Key derivation takes a noticeable fraction of a second, so it runs
        off the event loop.

        Raises:
            VaultError: no vault is configured, or it cannot be opened;
                :class:`WrongPassphrase` for a wrong passphrase.
        """
        vault = self.vault
        if vault is None:
            raise VaultError("No vault file is configured.")
        work = vault.create if create else vault.unlock
        await asyncio.to_thread(work, passphrase)

    def backend_status(self) -> BackendStatus:
        """The keychain found and whether keys may go there (for a deferred
        store, "not checked yet" until it first needed the keychain)."""
        return self._status

    @property
    def recalled(self) -> bool:
        """Whether :meth:`source` reports a keychain key (or its absence)
        from the metadata for some provider, not yet confirmed by a read."""
        return bool(self._recalled)

    @property
    def checked(self) -> bool:
        """Whether :meth:`backend_status` names the keychain found (a
        deferred store's is "not checked yet" until it looks)."""
        return self._detected

    def env_var(self, provider: str) -> str | None:
        """The environment variable that overrides ``provider``'s key."""
        return self._env_vars.get(provider)

    def source(self, provider: str) -> KeySource | None:
        """Where :meth:`get` would find ``provider``'s key, without waiting.

        The keychain is only reported once it has been read for this
        provider (by :meth:`get`, :meth:`refresh`, :meth:`set` or
        :meth:`list_keys`), because asking it may block, or recalled from
        the metadata by ``refresh(detect=False)`` (see :attr:`recalled`).
        """
        if self._from_env(provider) is not None:
            return "env"
        if provider in self._session:
            return "session"
        if self._in_keychain.get(provider, False):
            return "keychain"
        if self.vault is not None and self.vault.unlocked and \
                self.vault.get(provider) is not None:
            return "vault"
        return None

    async def get(self, provider: str) -> str | None:
        """``provider``'s key from the environment, session or keychain.

        Raises:
            KeychainTimeout: the keychain did not answer in time.
            KeychainFailed: the keychain backend raised.
        """
        _check_provider(provider)
        key = self._from_env(provider) or self._session.get(provider)
        if key is not None:
            return key
        key = await self._keychain_get(provider)
        if key is None and self.vault is not None and self.vault.unlocked:
            key = self.vault.get(provider)
        return key

    async def set_in_vault(self, provider: str, key: str) -> None:
        """Store ``key`` in the unlocked encrypted vault (the opt-in store
        for machines without a keychain).

        Raises:
            VaultError: there is no vault, or it is locked.
        """
        _check_provider(provider)
        key = _clean_key(key)
        if self.vault is None:
            raise VaultError("No vault file is configured.")
        vault = self.vault
        await asyncio.to_thread(vault.set, provider, key)
        self._metadata.record(provider, datetime.now(UTC))
        logger.info("stored a key for %s in the encrypted vault", provider)

    async def set(self, provider: str, key: str) -> None:
        """Store ``key`` for ``provider`` in the OS keychain.

        Raises:
            NoSecureKeychain: only a fail, null or plaintext backend exists;
                offer :meth:`set_session` or an environment variable instead.
            KeychainTimeout: the keychain did not answer in time.
            KeychainFailed: the keychain backend raised.
            ValueError: the key is empty or spans several lines.
        """
        _check_provider(provider)
        key = _clean_key(key)
        backend = await self._keychain()
        if backend is None:
            raise NoSecureKeychain(self._status.message)

        def store() -> None:
            backend.set_password(SERVICE_NAME, provider, key)
            self._metadata.record(provider, datetime.now(UTC))
            self._metadata.note_keychain(provider, True)

        async with self._write_lock:
            await self._call(store, "set", provider, key)
        self._in_keychain[provider] = True
        self._recalled.discard(provider)
        self._session.pop(provider, None)
        logger.info("stored a key for %s in the keychain", provider)

    async def mark(self, provider: str, event: str) -> None:
        """Record that ``provider``'s key was just "validated" or "used".

        Use is recorded at most once an hour per provider, so a busy
        session does not rewrite the file on every request.
        """
        field = f"{event}_at"
        if field not in _Metadata.EVENTS:
            raise ValueError(f"unknown key event {event!r}")
        now = datetime.now(UTC)
        last = self._marked.get((provider, field))
        if field == "used_at" and last is not None and \
                (now - last).total_seconds() < 3600:
            return
        self._marked[(provider, field)] = now
        await asyncio.to_thread(self._metadata.record, provider, now, field)

    def set_session(self, provider: str, key: str) -> None:
        """Keep ``key`` for ``provider`` in memory until the process exits."""
        _check_provider(provider)
        self._session[provider] = _clean_key(key)
        logger.info("holding a session-only key for %s", provider)

    async def delete(self, provider: str) -> bool:
        """Forget ``provider``'s key in the session store and the keychain.

        Returns:
            Whether a key was removed. A key from the environment is not
            touched: the caller should tell the user to unset the variable.
        """
        _check_provider(provider)
        removed = self._session.pop(provider, None) is not None
        if self.vault is not None and self.vault.unlocked:
            removed = await asyncio.to_thread(self.vault.delete, provider) or removed
        backend = await self._keychain()
        if backend is None:
            return removed

        def remove() -> bool:
            from keyring.errors import PasswordDeleteError

            self._metadata.forget(provider)
            try:
                backend.delete_password(SERVICE_NAME, provider)
                found = True
            except PasswordDeleteError:
                found = False
            # Not reached when the keychain failed: the key may remain, and
            # with no record the next window reads the keychain for it.
            self._metadata.note_keychain(provider, False)
            return found

        async with self._write_lock:
            removed = await self._call(remove, "delete", provider) or removed
        self._in_keychain[provider] = False
        self._recalled.discard(provider)
        logger.info("deleted the key for %s (found=%s)", provider, removed)
        return removed

    async def refresh(self, providers: Iterable[str], *,
                      detect: bool = True) -> None:
        """Read the keychain for ``providers`` so :meth:`source` knows
        (and :meth:`backend_status` says which keychain there is).

        With ``detect`` False (a window opening) the keychain is read only
        for providers whose key is neither in the environment or the
        session nor in the metadata's record of the keychain; the others'
        keychain marks are recalled from that record (:attr:`recalled`)
        until a read confirms them. Finding the keychain imports keyring
        with its D-Bus and crypto modules (~13 MB) and asks the desktop's
        secret service, which such a start then never needs.
        """
        needed = [p for p in providers
                  if self._from_env(p) is None and p not in self._session]
        if not detect:
            needed = await self._recall(needed)
            if not needed:
                return
        await self._keychain()
        for provider in needed:
            await self._keychain_get(provider)

    async def _recall(self, providers: list[str]) -> list[str]:
        """Mark ``providers`` from the metadata's record of the keychain;
        those it has no record of."""
        record = await asyncio.to_thread(self._metadata.keychain_record)
        for provider in providers:
            if provider in record and provider not in self._in_keychain:
                self._in_keychain[provider] = record[provider]
                self._recalled.add(provider)
        return [p for p in providers if p not in record]

    async def list_keys(self, providers: Iterable[str] = ()) -> list[KeyInfo]:
        """Every known provider's key, masked, sorted by provider name.

        Lists ``providers`` plus those with a session key or keychain
        metadata; a provider with no key appears with source None.
        """
        await self._keychain()
        added = await self._call(self._metadata.load, "metadata", "*")
        validated = await self._call(
            lambda: self._metadata.load("validated_at"), "metadata", "*")
        used = await self._call(lambda: self._metadata.load("used_at"), "metadata", "*")
        names = sorted({*providers, *self._session, *added})
        infos = []
        for name in names:
            key = await self.get(name)
            infos.append(
                KeyInfo(
                    provider=name,
                    source=self.source(name) if key else None,
                    masked=masked(key) if key else "",
                    env_var=self.env_var(name),
                    added_at=added.get(name),
                    validated_at=validated.get(name),
                    used_at=used.get(name),
                )
            )
        return infos

    def _from_env(self, provider: str) -> str | None:
        name = self._env_vars.get(provider)
        value = os.environ.get(name, "").strip() if name else ""
        return value or None

    async def _keychain_get(self, provider: str) -> str | None:
        backend = await self._keychain()
        if backend is None:
            return None
        def read() -> str | None:
            found = backend.get_password(SERVICE_NAME, provider)
            self._metadata.note_keychain(provider, found is not None)
            return found

        key = await self._call(read, "get", provider)
        self._in_keychain[provider] = key is not None
        self._recalled.discard(provider)
        return key

    async def _call(
        self, fn: Callable[[], _T], what: str, provider: str, key: str = ""
    ) -> _T:
        """Run one keychain step off the loop, mapping its failures."""
        try:
            return await _off_loop(fn, self._timeout_s, what)
        except TimeoutError:
            logger.warning("keychain %s for %s timed out", what, provider)
            raise KeychainTimeout(
                f"The keychain did not answer within {self._timeout_s:g} s "
                "(is it locked?)."
            ) from None
        except (_keyring_error(), OSError, ValueError) as exc:
            detail = _scrub(f"{type(exc).__name__}: {exc}", key)
            logger.warning("keychain %s for %s failed: %s", what, provider, detail)
            raise KeychainFailed(f"The keychain refused to {what}: {detail}") from None


class _Metadata:
    """When each key was added, last validated and last used, and since
    when the keychain has (``keychain_at``) or has not (``no_keychain_at``)
    held it as far as Jarvis saw: a small JSON file of timestamps, never a
    key or any part of one."""

    FIELDS: Final = ("added_at", "validated_at", "used_at",
                     "keychain_at", "no_keychain_at")
    EVENTS: Final = ("validated_at", "used_at")

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()

    def load(self, field: str = "added_at") -> dict[str, datetime]:
        return self._load_all().get(field, {})

    def keychain_record(self) -> dict[str, bool]:
        """Provider -> whether the keychain held its key when last seen."""
        data = self._load_all()
        return {**dict.fromkeys(data.get("no_keychain_at", {}), False),
                **dict.fromkeys(data.get("keychain_at", {}), True)}

    def note_keychain(self, provider: str, held: bool) -> None:
        """Record what the keychain held for ``provider`` (written only when
        that changed, so reads do not rewrite the file)."""
        if self._path is None or self.keychain_record().get(provider) is held:
            return
        field, other = ("keychain_at", "no_keychain_at") if held \
            else ("no_keychain_at", "keychain_at")
        now = datetime.now(UTC)

        def change(data: dict[str, dict[str, datetime]]) -> None:
            data.setdefault(field, {})[provider] = now
            data.get(other, {}).pop(provider, None)

        self._update(change)

    def _load_all(self) -> dict[str, dict[str, datetime]]:
        if self._path is None:
            return {}
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            return {
                field: {str(k): datetime.fromisoformat(v)
                        for k, v in raw.get(field, {}).items()}
                for field in self.FIELDS
            }
        except FileNotFoundError:
            return {}
        except OSError as exc:
            logger.warning("cannot read key metadata: %s", exc)
            return {}
        except (ValueError, KeyError, TypeError, AttributeError):
            logger.warning("ignoring unreadable key metadata in %s", self._path)
            return {}

    def record(self, provider: str, when: datetime, field: str = "added_at") -> None:
        def change(data: dict[str, dict[str, datetime]]) -> None:
            data.setdefault(field, {})[provider] = when
            if field == "added_at":  # a new key: its old history is gone
                for other in ("validated_at", "used_at"):
                    data.get(other, {}).pop(provider, None)

        self._update(change)

    def forget(self, provider: str) -> None:
        def change(data: dict[str, dict[str, datetime]]) -> None:
            for field in self.FIELDS:
                data.get(field, {}).pop(provider, None)

        self._update(change)

    def _update(
        self, change: Callable[[dict[str, dict[str, datetime]]], object]
    ) -> None:
        if self._path is None:
            return
        with self._lock:
            data = self._load_all()
            change(data)
            body = {field: {k: v.isoformat() for k, v in sorted(data.get(field,
                                                                         {}).items())}
                    for field in self.FIELDS}
            try:
                self._write(json.dumps(body, indent=2) + "\n")
            except OSError as exc:
                # Metadata is a convenience: losing it must not fail a key
                # operation that already reached the keychain.
                logger.warning("could not save key metadata: %s", exc)

    def _write(self, text: str) -> None:
        assert self._path is not None
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, self._path)


async def _off_loop(fn: Callable[[], _T], timeout_s: float, what: str) -> _T:
    """Run ``fn`` in a daemon thread; raise TimeoutError after ``timeout_s``.

    Not ``asyncio.to_thread``: a call stuck in the default executor would
    keep ``asyncio.run`` (and so the app) from exiting; a daemon thread is
    abandoned on timeout and dies with the process.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def work() -> None:
        outcome: Callable[[], None]
        try:
            outcome = functools.partial(_resolve, future, fn())
        except Exception as exc:
            outcome = functools.partial(_reject, future, exc)
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(outcome)

    threading.Thread(target=work, name=f"jarvis-keychain-{what}", daemon=True).start()
    return await asyncio.wait_for(future, timeout_s)


def _resolve(future: asyncio.Future[_T], value: _T) -> None:
    if not future.done():  # not abandoned by a timeout
        future.set_result(value)


def _reject(future: asyncio.Future[_T], error: Exception) -> None:
    if not future.done():
        future.set_exception(error)


def _keyring_error() -> type[Exception]:
    # Only reached after a keychain call, so keyring is already imported.
    from keyring.errors import KeyringError

    return KeyringError


def _chained(backend: KeyringBackend) -> list[KeyringBackend] | None:
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        return list(backend.backends)
    return None


def _is_secure(backend: KeyringBackend) -> bool:
    return type(backend).__module__ in _SECURE_MODULES


def _secure_status(backend: KeyringBackend) -> BackendStatus:
    name = str(backend.name)
    return BackendStatus(name, True, f"Keys are stored in the OS keychain ({name}).")


def _insecure_status(
    backend: KeyringBackend, members: list[KeyringBackend]
) -> BackendStatus:
    found = ", ".join(str(m.name) for m in members) or str(backend.name)
    message = (
        f"No secure keychain found (keyring backend: {found}). Jarvis will not "
        "store keys in plaintext: keep a key for this session only, or set it "
        "in the environment (for example ANTHROPIC_API_KEY). On Linux, a "
        "running Secret Service such as gnome-keyring or KWallet fixes this."
    )
    return BackendStatus(str(backend.name), False, message)


def _check_provider(provider: str) -> None:
    if not _PROVIDER_NAME.fullmatch(provider):
        # The value is not echoed: a key pasted in the wrong place must not
        # end up in an error message.
        raise ValueError("a provider name is 1-64 letters, digits, '_', '.' or '-'")


def _clean_key(key: str) -> str:
    key = key.strip()
    if not key:
        raise ValueError("the key is empty")
    if any(ch in key for ch in "\r\n\0"):
        raise ValueError("the key spans several lines")
    return key


def _scrub(text: str, key: str) -> str:
    return text.replace(key, masked(key)) if key else text
