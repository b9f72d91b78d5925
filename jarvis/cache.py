"""The exact-match response cache: the same request again costs nothing.

A request is keyed by the SHA-256 of its canonical JSON form: provider,
model, system prompt, messages, parameters and a fingerprint of the API key,
so a hit is never shared across keys. Only deterministic requests
(temperature 0) are cached unless ``[cache].nondeterministic`` is set, and
only replies that finished normally are stored. A hit is replayed in chunks
so that it streams like a fresh reply.

The cache lives in memory only (a ``cachetools.TTLCache`` bounded by
``[cache].size`` and ``[cache].ttl_s``) and is empty after a restart: reply
text never reaches the disk through it. Logging the hit and the money it
saved is the caller's job.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cachetools import TTLCache

from jarvis.clock import Clock
from jarvis.config import CacheConfig
from jarvis.events import FinishReason
from jarvis.providers.base import key_fingerprint
from jarvis.usage import Usage

log = logging.getLogger(__name__)

# Bump when the key layout changes, so old and new keys never collide.
_KEY_VERSION = 1


@dataclass(frozen=True, slots=True)
class CachedReply:
    """A finished reply as stored; ``cost_usd`` is what a hit saves."""

    text: str
    provider: str
    model: str
    usage: Usage | None
    cost_usd: Decimal | None
    finish_reason: str


@dataclass(frozen=True, slots=True)
class CacheStats:
    """Counters since start, for the usage pane and logs."""

    hits: int
    misses: int
    entries: int


def fingerprint(api_key: str | None) -> str:
    """A short, one-way stand-in for ``api_key`` to put in cache keys.

    The same id the adapter pool uses (:func:`key_fingerprint`). Keyless
    providers (local servers) all get ``"keyless"``; their provider name and
    model still separate them.
    """
    return key_fingerprint(api_key) if api_key else "keyless"


def request_key(
    *,
    provider: str,
    model: str,
    system: str,
    messages: Sequence[tuple[str, str]],
    params: Mapping[str, object],
    key_fingerprint: str,
) -> str:
    """The cache key of one request: SHA-256 hex of its canonical JSON.

    Args:
        provider: the provider's configured name.
        model: the model id sent.
        system: the system prompt sent (after the guard).
        messages: (role, text) pairs in order, as sent.
        params: request parameters (temperature, max_tokens...); a
            parameter set to None counts as absent, and 1.0 equals 1.
        key_fingerprint: from :func:`fingerprint`; required so that
            replies are never shared across keys.

    Raises:
        ValueError: empty fingerprint, or a non-finite number in params.
        TypeError: a parameter value that has no canonical JSON form.
    """
    if not key_fingerprint:
        raise ValueError("a key fingerprint is required (use 'keyless')")
    payload = {
        "v": _KEY_VERSION,
        "provider": provider,
        "model": model,
        "system": system,
        "messages": [[role, text] for role, text in messages],
        "params": {k: _canonical(v) for k, v in params.items() if v is not None},
        "key": key_fingerprint,
    }
    text = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: object) -> object:
    """``value`` in a form whose JSON is the same for equal requests."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("request parameters must be finite numbers")
        return int(value) if value.is_integer() else value
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    raise TypeError(f"no cache key for a parameter of type {type(value).__name__}")


class ResponseCache:
    """In-memory TTL cache of finished replies.

    Args:
        config: ``[cache]`` settings (enabled, size, ttl_s, nondeterministic).
        timer: monotonic seconds for expiry; injectable for tests.
    """

    def __init__(self, config: CacheConfig, timer: Clock = time.monotonic) -> None:
        self.config = config
        self._entries: TTLCache[str, CachedReply] = TTLCache(
            maxsize=config.size, ttl=config.ttl_s, timer=timer
        )
        self._hits = 0
        self._misses = 0

    def cacheable(self, temperature: float | None) -> bool:
        """Whether a request at ``temperature`` may be served from the cache.

        Only temperature 0 is deterministic enough; None (the provider's
        default, usually 1) is not. ``nondeterministic = true`` allows all.
        """
        if not self.config.enabled:
            return False
        if self.config.nondeterministic:
            return True
        return temperature is not None and temperature == 0

    def get(self, key: str) -> CachedReply | None:
        """The stored reply for ``key``, or None (also when disabled)."""
        if not self.config.enabled:
            return None
        reply = self._entries.get(key)
        if reply is None:
            self._misses += 1
            return None
        self._hits += 1
        log.debug("cache hit %s", key[:12])
        return reply

    def put(self, key: str, reply: CachedReply) -> bool:
        """Store ``reply`` if it finished normally; returns whether it did.

        Interrupted, cancelled, cut-off or filtered replies are not stored:
        asking again should give the provider another chance.
        """
        if not self.config.enabled or not reply.text:
            return False
        if reply.finish_reason != FinishReason.STOP:
            return False
        self._entries[key] = reply
        return True

    def clear(self) -> None:
        """Forget every entry (e.g. when the user asks to)."""
        self._entries.clear()

    def stats(self) -> CacheStats:
        """Hits and misses since start, and live entries now."""
        self._entries.expire()
        return CacheStats(self._hits, self._misses, len(self._entries))


async def replay(reply: CachedReply, chunk_chars: int = 64) -> AsyncIterator[str]:
    """Yield ``reply.text`` in chunks, so a hit streams like a reply.

    Yields to the event loop between chunks so a long reply does not starve
    the window; nothing sleeps.
    """
    if chunk_chars < 1:
        raise ValueError("chunk_chars must be at least 1")
    for start in range(0, len(reply.text), chunk_chars):
        yield reply.text[start : start + chunk_chars]
        await asyncio.sleep(0)
