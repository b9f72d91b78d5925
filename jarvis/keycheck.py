"""Checks a key with the cheapest authenticated call before Jarvis keeps it.

The check goes only where the key may go (:mod:`jarvis.endpoints`): a key
for an unapproved endpoint is not sent even to be checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from jarvis import endpoints
from jarvis.config import ProviderConfig
from jarvis.errors import ErrorKind, ProviderError
from jarvis.providers.pool import build_adapter
from jarvis.usertext import UserText

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KeyCheck:
    """The verdict on a key.

    Attributes:
        valid: True when the provider accepted it, False when it rejected it
            (or it may not be sent), None when it could not be checked
            (offline, provider down).
        message: plain words for the user.
    """

    valid: bool | None
    message: str


async def check_key(provider: ProviderConfig, key: str) -> KeyCheck:
    """Ask ``provider`` whether ``key`` works (lists its models)."""
    verdict = endpoints.check(provider)
    if not verdict.allowed:
        return KeyCheck(False, verdict.note)
    adapter = build_adapter(provider, key)
    try:
        await adapter.validate_key()
    except ProviderError as exc:
        log.info("key check for %s: %s", provider.name, exc.kind)
        if exc.kind in (ErrorKind.AUTH, ErrorKind.PERMISSION):
            return KeyCheck(False, exc.user_message())
        reason = exc.kind.explain()
        return KeyCheck(None, UserText(
            "keycheck.unchecked",
            f"{provider.name}: could not check the key ({reason})",
            provider=provider.name, reason=reason))
    finally:
        await adapter.aclose()
    return KeyCheck(True, UserText("keycheck.accepted",
                                   f"{provider.name} accepted the key.",
                                   provider=provider.name))
