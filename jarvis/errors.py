"""The error kinds the service layer distinguishes, and their messages.

Every failure a provider can produce maps to one :class:`ErrorKind`; the kind
decides whether a retry can help (C06: never for 400/401/403/404) and which
plain-words message the user sees. Messages never include the key, the
prompt or the provider's raw error body.
"""

from __future__ import annotations

import enum

from jarvis.usertext import UserText


class ErrorKind(enum.StrEnum):
    """What went wrong, as far as retry policy and the UI care."""

    RATE_LIMITED = "rate_limited"
    OVERLOADED = "overloaded"
    SERVER = "server"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    INTERRUPTED = "interrupted"
    AUTH = "auth"
    PERMISSION = "permission"
    NOT_FOUND = "not_found"
    CONTEXT_TOO_LONG = "context_too_long"
    BAD_REQUEST = "bad_request"
    NO_KEY = "no_key"
    CIRCUIT_OPEN = "circuit_open"
    ENDPOINT_NOT_APPROVED = "endpoint_not_approved"
    REFUSED = "refused"
    INVALID_CHOICE = "invalid_choice"
    # The name of an error kind, not a password.
    SECRET = "secret"  # nosec B105
    ALL_FAILED = "all_failed"
    CANCELLED = "cancelled"
    INTERNAL = "internal"
    # The local database refused a write (disk full, read-only folder).
    STORAGE = "storage"

    @property
    def retryable(self) -> bool:
        """Whether sending the same request again may succeed."""
        return self in _RETRYABLE

    @property
    def falls_back(self) -> bool:
        """Whether another provider may answer where this one could not."""
        return self in _RETRYABLE or self in _FALLBACK_ONLY

    def explain(self) -> UserText:
        """A plain-words, actionable message for the user (code
        ``error.<kind>``)."""
        return UserText(f"error.{self.value}", _MESSAGES[self])


_RETRYABLE = frozenset(
    {
        ErrorKind.RATE_LIMITED,
        ErrorKind.OVERLOADED,
        ErrorKind.SERVER,
        ErrorKind.TIMEOUT,
        ErrorKind.CONNECTION,
        ErrorKind.INTERRUPTED,
    }
)
_FALLBACK_ONLY = frozenset(
    {
        ErrorKind.AUTH,
        ErrorKind.PERMISSION,
        ErrorKind.NOT_FOUND,
        ErrorKind.NO_KEY,
        ErrorKind.CIRCUIT_OPEN,
        ErrorKind.ENDPOINT_NOT_APPROVED,
    }
)

_MESSAGES = {
    ErrorKind.RATE_LIMITED: "Rate limited by the provider: try again shortly.",
    ErrorKind.OVERLOADED: "The provider is overloaded: try again shortly.",
    ErrorKind.SERVER: "The provider had a server error.",
    ErrorKind.TIMEOUT: "The provider did not answer in time.",
    ErrorKind.CONNECTION: "Could not reach the provider: check the network.",
    ErrorKind.INTERRUPTED: "The connection dropped in the middle of the reply.",
    ErrorKind.AUTH: "Key rejected: replace it in Keys (or `jarvis keys set`).",
    ErrorKind.PERMISSION: "The key is not allowed to use this model.",
    ErrorKind.NOT_FOUND: "Model not found: pick another model.",
    ErrorKind.CONTEXT_TOO_LONG: (
        "Conversation too long: start a new one or trim it."
    ),
    ErrorKind.BAD_REQUEST: "The provider rejected the request.",
    ErrorKind.NO_KEY: (
        "No key for this provider: add one in Keys (or `jarvis keys set`)."
    ),
    ErrorKind.ENDPOINT_NOT_APPROVED: (
        "Key not sent: this endpoint is not the provider's and is not approved."
    ),
    ErrorKind.CIRCUIT_OPEN: (
        "Paused after repeated failures; it will be tried again shortly."
    ),
    ErrorKind.REFUSED: "Refused by a limit.",
    ErrorKind.INVALID_CHOICE: "That provider, model or tier cannot be used.",
    ErrorKind.SECRET: "The message contains a secret; it was not sent.",
    ErrorKind.ALL_FAILED: "Every provider failed.",
    ErrorKind.CANCELLED: "Stopped.",
    ErrorKind.INTERNAL: "Internal error.",
    ErrorKind.STORAGE: "Could not save to the local database (disk full or "
                       "read-only folder).",
}


class JarvisError(Exception):
    """Base of every error the service layer raises on purpose."""


class ConfigError(JarvisError):
    """The config file cannot be used; the message names file and line."""


class ChoiceError(JarvisError):
    """The request names a provider, model or tier that cannot be used."""


class ProviderError(JarvisError):
    """A provider call failed.

    Args:
        kind: what went wrong.
        provider: the provider's configured name.
        status: the HTTP status, when there was one.
        retry_after_s: the provider's requested wait, when it gave one.
        detail: a short, key-free description for logs and the UI.
    """

    def __init__(
        self,
        kind: ErrorKind,
        provider: str,
        *,
        status: int | None = None,
        retry_after_s: float | None = None,
        detail: str = "",
    ) -> None:
        self.kind = kind
        self.provider = provider
        self.status = status
        self.retry_after_s = retry_after_s
        self.detail = detail
        super().__init__(self.user_message())

    def user_message(self) -> UserText:
        """The message shown to the user."""
        if self.kind is ErrorKind.ENDPOINT_NOT_APPROVED and self.detail:
            return provider_says(self.provider, self.detail)
        said = provider_says(self.provider, self.kind.explain())
        if self.status is None:
            return said
        return UserText("error.http_status", f"{said} (HTTP {self.status})",
                        message=said, status=self.status)


def provider_says(provider: str, reason: str) -> UserText:
    """``reason`` (itself translatable) prefixed with the provider's name."""
    return UserText("error.provider", f"{provider}: {reason}",
                    provider=provider, reason=reason)


class RefusedError(JarvisError):
    """A limit or the guard refused the request before it was sent."""

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)
