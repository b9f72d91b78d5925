"""One pooled adapter per provider and key, created on first use.

A provider's adapter (and with it the SDK import and its HTTP connection
pool) is built the first time a request needs it, and rebuilt only when its
key changes. :meth:`AdapterPool.aclose` closes every client on shutdown.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Awaitable, Callable, Iterable

from jarvis import endpoints, pricing
from jarvis.config import Config, ProviderConfig
from jarvis.errors import ErrorKind, ProviderError
from jarvis.providers.base import Adapter, key_fingerprint

log = logging.getLogger(__name__)

KeyLookup = Callable[[str], Awaitable[str | None]]


def build_adapter(
    provider: ProviderConfig, key: str | None, *, provider_storage: bool = False
) -> Adapter:
    """A new adapter for ``provider`` using ``key``.

    ``provider_storage`` lets a provider that offers it keep the conversation
    on its side (OpenAI's ``store``); it is off unless the user turns it on.
    """
    if provider.kind == "anthropic":
        from jarvis.providers.anthropic_api import AnthropicAdapter

        return AnthropicAdapter(provider.name, key or "", provider.base_url)
    if provider.kind == "gemini":
        from jarvis.providers.gemini_api import GeminiAdapter

        return GeminiAdapter(provider.name, key or "", provider.base_url)
    from jarvis.providers.openai_api import OpenAIAdapter

    return OpenAIAdapter(provider.name, key, provider.base_url, kind=provider.kind,
                         store=provider_storage)


_SDK_MODULES = {
    "anthropic": ("anthropic",),
    "openai": ("openai",),
    "openai_compatible": ("openai",),
    "gemini": ("google.genai", "google.genai.types"),
}


def preload(kinds: set[str], models: Iterable[tuple[str, str]] = ()) -> None:
    """Import the SDKs of ``kinds`` and put the (kind, model) pairs in the
    price table (run in a thread: they take seconds)."""
    for kind in sorted(kinds):
        for module in _SDK_MODULES.get(kind, ()):
            importlib.import_module(module)
    pricing.warm(models)


class AdapterPool:
    """Adapters keyed by provider name and key fingerprint."""

    def __init__(self, config: Config, keys: KeyLookup) -> None:
        self._config = config
        self._keys = keys
        self._adapters: dict[str, tuple[str, Adapter]] = {}

    async def get(self, name: str) -> Adapter:
        """The adapter for provider ``name``.

        Raises:
            ProviderError: NO_KEY when the provider needs a key and has none.
        """
        provider = self._config.providers[name]
        key = await self._keys(name)
        if key is None and provider.needs_key:
            raise ProviderError(ErrorKind.NO_KEY, name)
        verdict = endpoints.check(provider)
        if key is not None and not verdict.allowed:
            raise ProviderError(ErrorKind.ENDPOINT_NOT_APPROVED, name,
                                detail=verdict.note)
        fingerprint = key_fingerprint(key or "")
        cached = self._adapters.get(name)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        if cached is not None:
            await cached[1].aclose()
        # Building an adapter imports its SDK (a second or more, the first
        # time): never on the event loop.
        adapter = await asyncio.to_thread(
            build_adapter, provider, key,
            provider_storage=self._config.privacy.provider_storage)
        self._adapters[name] = (fingerprint, adapter)
        log.debug("created %s adapter for %s", provider.kind, name)
        return adapter

    async def fingerprint(self, name: str) -> str:
        """The fingerprint of the key ``name`` uses now (cache scoping)."""
        return key_fingerprint(await self._keys(name) or "")

    async def aclose(self) -> None:
        """Close every HTTP client."""
        adapters, self._adapters = self._adapters, {}
        for _, adapter in adapters.values():
            try:
                await adapter.aclose()
            except Exception:
                log.warning("closing an adapter failed", exc_info=True)
