"""The one async facade that the window, the CLI and the tests drive.

:class:`Jarvis` owns the config, the key store, the database, the adapter
pool and the router. A request is :meth:`Jarvis.ask`: an async generator of
:mod:`jarvis.events` that ends with :class:`ReplyDone` or :class:`Failed`.
The facade never holds a widget; the UI folds the events it receives.

Use it with ``contextlib.aclosing`` so that breaking out of the loop stops
the request::

    async with aclosing(jarvis.ask("Hello")) as events:
        async for event in events:
            ...
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from jarvis import budget, cache, endpoints, logs, pricing, tiers, vision
from jarvis import config as config_mod
from jarvis import paths as paths_mod
from jarvis.breaker import BreakerState
from jarvis.config import Config
from jarvis.errors import ChoiceError, ErrorKind, JarvisError
from jarvis.events import (
    Failed,
    Guarded,
    PromptStored,
    ReplyDone,
    ServiceEvent,
)
from jarvis.guard import inbound as guard
from jarvis.guard.pii import Redactor
from jarvis.guard.text import normalize
from jarvis.images import ImageAttachment, SessionImages
from jarvis.keycheck import KeyCheck, check_key
from jarvis.keys import KeyStore
from jarvis.providers.base import ChatRequest, Message
from jarvis.providers.pool import AdapterPool, preload
from jarvis.request import Plan, RequestRunner
from jarvis.router import Candidate, Router
from jarvis.store import recovery
from jarvis.store.db import Store
from jarvis.store.history import (
    ConversationSummary,
    History,
    Prompt,
    SearchHit,
    StoredMessage,
    new_conversation_id,
)
from jarvis.store.spend import SpendLog
from jarvis.usertext import UserText
from jarvis.vault import Vault

log = logging.getLogger(__name__)

__all__ = ["ConversationSummary", "Jarvis", "ProviderInfo", "StoredMessage"]

# Seconds a stopped request may take to settle its spend row and history.
STOP_GRACE_S = 5.0
# Prompts up to this long (and without attachments) are guarded on the loop.
INLINE_GUARD_CHARS = 1000
RETENTION_PERIOD_S = 24 * 3600


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """A configured provider as the UI lists it."""

    name: str
    kind: str
    model: str
    models: tuple[str, ...]
    enabled: bool
    key_source: str | None
    base_url: str | None
    endpoint_note: str = ""

    @property
    def has_key(self) -> bool:
        return self.key_source is not None


@dataclass(frozen=True, slots=True)
class AskOptions:
    """Per-request choices; None means "from the config".

    Attributes:
        provider: the provider to try first (else the tier's, else the
            first of the chain).
        model: the model for that provider.
        tier: a named tier ("fast", "default", "best") or "auto"; used when
            no provider is given.
        fallback: whether other providers may answer.
        chain: the fallback chain for this request (else the
            conversation's, else the config's).
        allow_secrets: the user confirmed sending a prompt that holds a
            secret (a key, a token, a private key).
    """

    provider: str | None = None
    model: str | None = None
    tier: str | None = None
    fallback: bool = True
    chain: tuple[str, ...] | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    system: str | None = None
    allow_secrets: bool = False


@dataclass(frozen=True, slots=True)
class CapStatus:
    """One spend cap as the usage pane and the tray show it."""

    label: str
    spent_usd: Decimal
    limit_usd: Decimal
    resets_at: datetime


class Jarvis:
    """Facade over keys, limits, router, providers and logs.

    Build it with :meth:`open`; close it with :meth:`aclose`.
    """

    def __init__(
        self,
        config: Config,
        paths: paths_mod.Paths,
        keys: KeyStore,
        store: Store,
        *,
        demo: Any = None,
    ) -> None:
        self.config = config
        self.paths = paths
        self.keys = keys
        self._store = store
        self.spend = SpendLog(store, demo=demo is not None)
        self.history = History(store)
        self._demo = demo
        self._pool = AdapterPool(config, self._key_for)
        self.router = Router(config, self._pool, self.spend)
        self._cache = cache.ResponseCache(config.cache)
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner = RequestRunner(self.router, self.history, self.spend,
                                     self._cache, self._tasks, paths.data_dir)
        self._redactors: dict[str, Redactor] = {}
        self._images = SessionImages()
        self._paused = False
        self._retired: list[AdapterPool] = []
        self._opened_at = datetime.now(UTC)

    @classmethod
    async def open(
        cls,
        *,
        home: Path | None = None,
        demo: bool = False,
        config: Config | None = None,
    ) -> Jarvis:
        """Load config, open the key store and the database.

        Args:
            home: a folder for config, data and logs (default: JARVIS_HOME
                or the platform's user folders).
            demo: point every provider at an in-process simulator with fake
                keys: the whole path runs, with no network and no cost.
            config: use this config instead of reading the file.

        Raises:
            ConfigError: the config file is invalid (nothing is changed).
        """
        paths = paths_mod.resolve(home)
        cfg = config or config_mod.load(paths.config_file)
        paths.ensure()
        pricing.use_table(paths.data_dir / "prices.json")
        env_vars = {n: p.api_key_env for n, p in cfg.providers.items()
                    if p.api_key_env}
        # The keychain is looked for once a key is not in the environment.
        keys = KeyStore.deferred(env_vars=env_vars,
                                 metadata_path=paths.data_dir / "keys.json",
                                 vault=Vault(paths.vault_file))
        store = Store(paths.database)
        await store.open()
        simulator = None
        if demo:
            cfg, simulator = _start_demo(cfg)
        service = cls(cfg, paths, keys, store, demo=simulator)
        await service.spend.recover_interrupted()
        await service.enforce_retention()
        service._start_daily_retention()
        return service

    async def warm_up(self, provider: str = "") -> None:
        """Import one provider's SDK and its price data off the loop.

        ``provider`` is the one the user picked ("" or an unknown name: the
        default). The window calls this when the user starts typing, so the
        first request does not wait the second or more those imports take,
        and a window left idle never pays them. Other providers' SDKs are
        imported (in a thread too) when a request first needs them: each
        costs tens of MB, and most sessions use one provider.
        """
        name = provider if provider in self.config.providers \
            else self.config.default_provider
        chosen = self.config.providers[name]
        await asyncio.to_thread(preload, {chosen.kind},
                                [(chosen.kind, chosen.model)])

    @property
    def demo(self) -> bool:
        return self._demo is not None

    @property
    def database_notice(self) -> str | None:
        """What to tell the user about the database at this start: a
        damaged file was moved aside (where to), or None."""
        moved = self._store.moved_aside
        return None if moved is None else moved.message()

    async def _key_for(self, provider: str) -> str | None:
        if self._demo is not None:
            return f"demo-key-{provider}"
        key = await self.keys.get(provider)
        if key is not None:
            logs.redaction().remember(key)
        return key

    def providers(self) -> list[ProviderInfo]:
        """Every configured provider, in fallback order first."""
        ordered = list(self.config.fallback) + [
            n for n in self.config.providers if n not in self.config.fallback]
        return [self._info(name) for name in ordered]

    def _info(self, name: str) -> ProviderInfo:
        p = self.config.providers[name]
        if self._demo is not None:
            source: str | None = "demo"
        elif not p.needs_key:
            source = "none-needed"
        else:
            source = self.keys.source(name)
        return ProviderInfo(name, p.kind, p.model, p.models, p.enabled, source,
                            p.base_url, endpoints.check(p).note)

    async def check_key(self, provider: str, key: str | None = None) -> KeyCheck:
        """Test ``key`` (default: the stored one) with a cheap call."""
        key = key if key is not None else await self._key_for(provider)
        if key is None:
            return KeyCheck(False, f"{provider}: no key to test.")
        verdict = await check_key(self.config.providers[provider], key)
        if verdict.valid and self._demo is None:
            await self.keys.mark(provider, "validated")
        return verdict

    async def replace_key(self, provider: str, key: str) -> KeyCheck:
        """Store ``key`` for ``provider`` only if the provider accepts it.

        A key the provider rejects is not stored and the old one stays; one
        that cannot be checked (offline) is stored with a note saying so.

        Raises:
            NoSecureKeychain: there is no keychain to store it in.
        """
        verdict = await check_key(self.config.providers[provider], key)
        if verdict.valid is False:
            return verdict
        await self.keys.set(provider, key)
        if verdict.valid:
            await self.keys.mark(provider, "validated")
        return verdict

    def pause(self, paused: bool) -> None:
        """Stop sending new requests (the tray's "pause all"), or resume."""
        self._paused = paused
        log.info("requests %s", "paused" if paused else "resumed")

    @property
    def paused(self) -> bool:
        return self._paused

    async def refresh_keys(self, *, detect: bool = True) -> None:
        """Find the keychain and read which providers have a key in it (off
        the event loop); demo mode only finds it, for the Keys pane.

        With ``detect`` False (a window opening) the keychain is not looked
        for when every provider's key is in the environment.
        """
        await self.keys.refresh(() if self._demo else self.config.providers,
                                detect=detect)

    async def new_conversation(self, title: str = "") -> str:
        """Start an empty conversation; its id."""
        return await self.history.create(title)

    async def conversations(self) -> list[ConversationSummary]:
        return await self.history.conversations()

    async def messages(self, conversation_id: str) -> list[StoredMessage]:
        return await self.history.messages(conversation_id)

    async def rename_conversation(self, conversation_id: str, title: str) -> None:
        await self.history.rename(conversation_id, title)

    async def pin_conversation(self, conversation_id: str, pinned: bool) -> None:
        await self.history.pin(conversation_id, pinned)

    async def delete_conversation(self, conversation_id: str) -> bool:
        """Delete a conversation and its messages (spend rows stay: they are
        the accounting, and hold no text)."""
        self._redactors.pop(conversation_id, None)
        self._images.forget(conversation_id)
        return await self.history.delete(conversation_id)

    async def search(self, query: str) -> list[SearchHit]:
        """Full-text search over every stored message."""
        return await self.history.search(query)

    async def export_conversation(self, conversation_id: str, fmt: str) -> str:
        """The conversation as "markdown" or "json" text.

        Raises:
            ChoiceError: no such conversation or format.
        """
        summary = next((c for c in await self.history.conversations()
                        if c.id == conversation_id), None)
        if summary is None:
            raise ChoiceError("No such conversation.")
        messages = await self.history.messages(conversation_id)
        from jarvis import export

        if fmt == "markdown":
            return export.to_markdown(summary, messages)
        if fmt == "json":
            return export.to_json(summary, messages)
        raise ChoiceError(f"Unknown export format {fmt!r}: markdown or json.")

    async def ask(
        self,
        prompt: str,
        *,
        conversation_id: str | None = None,
        options: AskOptions | None = None,
        attachments: Sequence[guard.Attachment | ImageAttachment] = (),
        replace_last: bool = False,
    ) -> AsyncGenerator[ServiceEvent, None]:
        """Stream one request's events; the last is ReplyDone or Failed.

        The guard runs first: text is normalized, personal data replaced by
        placeholders (restored in the reply), attachments fenced as data; a
        prompt holding a secret is refused unless ``allow_secrets`` is set.
        The prompt is stored before anything is sent (``PromptStored``
        says so; without ``conversation_id`` a new conversation is created
        in the same write and named there). Cancelling the
        consumer stops the request: the partial reply is stored as
        cancelled and the spend row settled. With ``replace_last`` (edit and
        resend) the conversation's last exchange is removed first.

        Images go only to models that read them: a provider of the chain
        that cannot is skipped with the reason, and when none can the
        request is refused before anything is stored or sent.
        """
        opts = options or AskOptions()
        if self._paused:
            yield Failed(ErrorKind.REFUSED.value,
                         UserText("service.paused",
                                  "Requests are paused: resume them to send."),
                         conversation_id=conversation_id)
            return
        # A new conversation is stored with its first prompt: a request
        # refused before that leaves nothing behind (and names none).
        new = conversation_id is None
        conversation_id = conversation_id or new_conversation_id()
        named = None if new else conversation_id
        try:
            chain = await self._chain(opts, prompt, conversation_id, new=new)
        except JarvisError as exc:
            yield Failed(ErrorKind.INVALID_CHOICE.value, str(exc),
                         conversation_id=named)
            return
        images = [a for a in attachments if isinstance(a, ImageAttachment)]
        refused = self._images_refused(chain, images)
        if refused:
            yield Failed(ErrorKind.REFUSED.value, refused, conversation_id=named)
            return
        keys = await self._known_keys()
        redactor = self._redactor(conversation_id)
        inspection = await self._inspect(prompt, attachments, keys, redactor)
        if inspection.needs_confirmation and not opts.allow_secrets:
            yield Failed(ErrorKind.SECRET.value, inspection.secret_summary,
                         conversation_id=named)
            return
        yield Guarded(inspection.pii_count, inspection.pii_summary,
                      inspection.warnings)
        shown = redactor.restore(inspection.text) if redactor else inspection.text
        title = self._title(prompt, inspection, keys)
        if new:
            # A first prompt has no context to read back: its write goes on
            # while the request is built, and the send waits for it. It
            # starts once nothing is left to await here, so the runner
            # always says PromptStored (or the storage failure).
            messages = [Message("user", inspection.text, inspection.images)]
            plan = await self._plan(messages, chain, opts, conversation_id, keys)
            write = self.history.write_prompt(conversation_id, shown, create=True,
                                              title=title)
            write.add_done_callback(functools.partial(
                self._keep_images, conversation_id, inspection.images))
            async for event in self._runner.stream(replace(plan, prompt=write)):
                await self._note_use(event)
                yield event
            return
        try:
            stored = await self.history.add_prompt(
                conversation_id, shown, replace_last=replace_last, title=title)
        except sqlite3.Error as exc:
            # Nothing is sent: a prompt that cannot be kept is not spent on.
            refused = recovery.write_failure(exc, self.paths.data_dir)
            log.warning("the prompt could not be stored: %s", type(exc).__name__)
            # As the runner says it when a later write fails (a database
            # locked by another program past the busy timeout, too).
            yield Failed(ErrorKind.STORAGE.value,
                         refused or f"Could not save to the database ({exc}).",
                         conversation_id=named)
            return
        yield PromptStored(conversation_id, stored.message_id)
        self._images.keep(conversation_id, stored.message_id, inspection.images)
        context = self._as_sent(conversation_id, stored.earlier, redactor)
        messages = [*context, Message("user", inspection.text, inspection.images)]
        plan = await self._plan(messages, chain, opts, conversation_id, keys)
        async for event in self._runner.stream(plan):
            await self._note_use(event)
            yield event

    async def retry(
        self, conversation_id: str, *, options: AskOptions | None = None,
        regenerate: bool = False,
    ) -> AsyncGenerator[ServiceEvent, None]:
        """Send the conversation's last prompt again.

        An interrupted or cancelled reply to it is replaced by the new one;
        with ``regenerate`` a complete reply is replaced too. The spend log
        keeps every attempt.
        """
        opts = options or AskOptions()
        prompt = await self.history.drop_unfinished_reply(
            conversation_id, complete_too=regenerate)
        if prompt is None:
            yield Failed(ErrorKind.REFUSED.value, "Nothing to retry yet.",
                         conversation_id=conversation_id)
            return
        try:
            chain = await self._chain(opts, prompt, conversation_id)
        except JarvisError as exc:
            yield Failed(ErrorKind.INVALID_CHOICE.value, str(exc),
                         conversation_id=conversation_id)
            return
        keys = await self._known_keys()
        context = await self._context(conversation_id, self._redactor(conversation_id))
        plan = await self._plan(context, chain, opts, conversation_id, keys)
        async for event in self._runner.stream(plan):
            await self._note_use(event)
            yield event

    async def check_images(
        self, images: Sequence[ImageAttachment], options: AskOptions | None = None,
        conversation_id: str | None = None,
    ) -> vision.ImageVerdict:
        """Where ``images`` would go with these options: the window says it
        before sending (refused, or taken by a later provider of the chain)."""
        try:
            chain = await self._chain(options or AskOptions(), "",
                                      conversation_id or "")
        except JarvisError as exc:
            return vision.ImageVerdict(str(exc), "", (str(exc),))
        return self._image_verdict(chain, images)

    def _image_verdict(
        self, chain: list[Candidate], images: Sequence[ImageAttachment]
    ) -> vision.ImageVerdict:
        pairs = [(self.config.providers[c.provider], c.model) for c in chain]
        return vision.verdict(pairs, images)

    def _images_refused(
        self, chain: list[Candidate], images: Sequence[ImageAttachment]
    ) -> str | None:
        """The reasons, when no candidate of ``chain`` can take ``images``."""
        found = self._image_verdict(chain, images)
        if not found.refused:
            return None
        log.info("images refused by every provider of the chain")
        return found.message

    async def _note_use(self, event: ServiceEvent) -> None:
        """Key metadata: when each key last answered (for rotation hints)."""
        if isinstance(event, ReplyDone) and not event.reply.cache_hit \
                and self._demo is None:
            try:
                await self.keys.mark(event.reply.provider, "used")
            except OSError:
                log.warning("could not record key use", exc_info=True)

    async def set_conversation_fallback(
        self, conversation_id: str, chain: Sequence[str] | None
    ) -> None:
        """Give one conversation its own fallback chain (None: the config's).

        Raises:
            JarvisError: a name in ``chain`` is not a configured provider.
        """
        unknown = [n for n in chain or () if n not in self.config.providers]
        if unknown:
            raise ChoiceError(f"Unknown provider {unknown[0]!r}: see config.toml.")
        await self.history.set_fallback(conversation_id, chain)

    async def _chain(
        self, opts: AskOptions, prompt: str, conversation_id: str, *,
        new: bool = False,
    ) -> list[Candidate]:
        providers = self.config.providers
        # A conversation not stored yet has no chain of its own.
        own = None if opts.chain or new else \
            await self.history.fallback(conversation_id)
        order = opts.chain or own or self.config.fallback
        first, model = opts.provider, opts.model
        if first is None and opts.tier:
            _tier, first, tier_model = tiers.resolve(opts.tier, self.config, prompt)
            model = model or tier_model
        first = first or next((n for n in order if n in providers
                               and providers[n].enabled), None)
        if first is None:
            raise ChoiceError("Every provider is disabled in config.toml.")
        if first not in providers:
            raise ChoiceError(f"Unknown provider {first!r}: see config.toml.")
        if not providers[first].enabled:
            raise ChoiceError(f"Provider {first!r} is disabled in config.toml.")
        chain = [Candidate(first, model or providers[first].model)]
        if opts.fallback:
            chain += [Candidate(n, providers[n].model) for n in order
                      if n != first and n in providers and providers[n].enabled]
        return chain

    def _request(
        self, messages: list[Message], chain: list[Candidate], opts: AskOptions
    ) -> ChatRequest:
        system = self.config.system_prompt if opts.system is None else opts.system
        temperature = (self.config.temperature if opts.temperature is None
                       else opts.temperature)
        return ChatRequest(
            model=chain[0].model, messages=tuple(_alternate(messages)),
            max_tokens=opts.max_tokens or self.config.limits.max_tokens,
            system=system, temperature=temperature)

    async def _context(
        self, conversation_id: str, redactor: Redactor | None
    ) -> list[Message]:
        """Earlier turns as sent: personal data replaced again."""
        stored = await self.history.messages(conversation_id)
        return self._as_sent(conversation_id, stored, redactor)

    @staticmethod
    def _title(prompt: str, inspection: guard.Inspection,
               keys: tuple[str, ...]) -> str:
        """What names a new conversation: the user's own words (not the
        fenced attachments the sent text starts with, no hidden tags); a
        secret sent anyway shows as its masked label, as in the bubble."""
        words = normalize(prompt).text
        if not inspection.needs_confirmation:
            return words
        from jarvis.guard.secrets import mask_secrets

        return mask_secrets(words, keys)[0]

    def _as_sent(
        self, conversation_id: str, stored: list[StoredMessage],
        redactor: Redactor | None,
    ) -> list[Message]:
        return [Message("user" if m.role == "user" else "assistant",
                        redactor.redact(m.text).text if redactor else m.text,
                        self._images.of(conversation_id, m.id))
                for m in stored if m.role == "user" or m.status == "ok"]

    async def _inspect(
        self, prompt: str, attachments: Sequence[guard.Attachment | ImageAttachment],
        keys: tuple[str, ...], redactor: Redactor | None,
    ) -> guard.Inspection:
        """The guard's verdict: inline for a short prompt alone (under a
        millisecond, as little as a hop to a thread costs), else in a thread."""
        inspect = functools.partial(
            guard.inspect, prompt, attachments=attachments, known_keys=keys,
            pii_mode=self.config.privacy.pii, redactor=redactor)
        if not attachments and len(prompt) <= INLINE_GUARD_CHARS:
            return inspect()
        return await asyncio.to_thread(inspect)

    def _redactor(self, conversation_id: str) -> Redactor | None:
        """The conversation's placeholders (in memory only), if PII is redacted."""
        if self.config.privacy.pii != "redact":
            return None
        return self._redactors.setdefault(conversation_id, Redactor())

    async def _known_keys(self) -> tuple[str, ...]:
        """Every key the user configured, to find them in text by exact match."""
        found = [await self._key_for(name) for name in self.config.providers]
        return tuple(key for key in found if key)

    async def _plan(
        self, messages: list[Message], chain: list[Candidate], opts: AskOptions,
        conversation_id: str, keys: tuple[str, ...],
    ) -> Plan:
        return Plan(
            request=self._request(messages, chain, opts), chain=tuple(chain),
            conversation_id=conversation_id,
            cache_scope=await self._pool.fingerprint(chain[0].provider),
            known_keys=keys, redactor=self._redactor(conversation_id))

    def _keep_images(
        self, conversation_id: str, images: tuple[ImageAttachment, ...],
        write: asyncio.Future[Prompt],
    ) -> None:
        """Keep a stored prompt's images for retries (in memory only)."""
        if not write.cancelled() and write.exception() is None:
            self._images.keep(conversation_id, write.result().message_id, images)

    async def enforce_retention(self) -> int:
        """Delete conversations older than ``[privacy] retention_days``."""
        days = self.config.privacy.retention_days
        if days is None:
            return 0
        cutoff = datetime.now(UTC) - timedelta(days=days)
        if days == 0:
            cutoff = self._opened_at  # keep only this session's
        removed = await self.history.purge_older_than(
            cutoff.isoformat(timespec="milliseconds"))
        if removed:
            log.info("retention: deleted %d conversations", removed)
        return removed

    def _start_daily_retention(self) -> None:
        if self.config.privacy.retention_days is None:
            return

        async def daily() -> None:
            while True:
                await asyncio.sleep(RETENTION_PERIOD_S)
                await self.enforce_retention()

        task = asyncio.create_task(daily())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def delete_all_data(self, *, keys: bool = False) -> None:
        """Really delete conversations, the spend log and the logs.

        The database is vacuumed so nothing remains in its free pages; with
        ``keys`` the stored keys go too.
        """
        await self._store.erase()
        self._cache.clear()
        for path in self.paths.log_dir.glob("*.log*"):
            path.write_bytes(b"")
        if keys:
            for name in self.config.providers:
                await self.keys.delete(name)
        log.info("all user data deleted (keys too: %s)", keys)

    def breaker_states(self) -> dict[str, BreakerState]:
        """Each provider's circuit breaker state."""
        return {name: self.router.breakers.get(name).state
                for name in self.config.providers}

    def on_breaker_change(
        self, callback: Callable[[str, BreakerState], None]
    ) -> Callable[[], None]:
        """Call ``callback(provider, state)`` on every change; unsubscribe."""
        return self.router.breakers.on_change(callback)

    async def caps(self, provider: str | None = None) -> list[CapStatus]:
        """Every spend cap with what counts against it now."""
        now = datetime.now().astimezone()
        found = budget.caps_for(self.config, provider or self.config.default_provider,
                                now)
        if provider is None:
            found = [cap for cap in found if cap.provider is None]
        charged = await self.spend.charged(found)
        return [CapStatus(cap.label(), spent, cap.limit_usd, cap.resets_at)
                for cap, spent in zip(found, charged, strict=True)]

    async def usage(
        self, since: date | None = None, *, until: date | None = None,
        provider: str | None = None, rows: bool = True,
    ) -> dict[str, Any]:
        """Real spend by day, provider and model, demo mode's simulated spend
        by provider apart, how many requests fell back to another provider,
        and (with ``rows``) every row, each saying whether it is demo. Days
        are local days (the caps' days), ``since`` through ``until``;
        optionally for one provider. Sums come from the hourly rollup; the
        rows, read one by one, are the slow part of a long range."""
        async def totals(*group: str, demo: bool = False) -> list[dict[str, Any]]:
            return await self.spend.totals(group, since, demo=demo, until=until,
                                           provider=provider)

        by_provider = await totals("provider")
        return {
            "by_day": await totals("day"),
            "by_provider": by_provider,
            "by_model": await totals("provider", "model"),
            "demo_by_provider": await totals("provider", demo=True),
            "fallbacks": sum(row["fallbacks"] for row in by_provider),
            "rows": (await self.spend.rows(since, until=until, provider=provider)
                     if rows else []),
        }

    async def apply_settings(self, changes: Mapping[str, Any]) -> None:
        """Write ``changes`` to config.toml and use them from now on.

        Nothing restarts: requests already running finish with the old
        settings; breaker states carry over while their settings stay.

        Raises:
            ConfigError: the changes would make the config invalid (the
                message names the setting); nothing changed.
        """
        if self._demo is not None:
            raise ChoiceError("Settings cannot be changed in demo mode.")
        from jarvis import settings  # tomlkit: only when settings change

        new = await asyncio.to_thread(settings.update, self.paths.config_file,
                                      changes)
        self._reconfigure(new)

    def _reconfigure(self, new: Config) -> None:
        old = self.config
        self._retired.append(self._pool)
        self.config = new
        self._pool = AdapterPool(new, self._key_for)
        breakers = self.router.breakers if new.breaker == old.breaker else None
        self.router = Router(new, self._pool, self.spend, breakers=breakers)
        if new.cache != old.cache:
            self._cache = cache.ResponseCache(new.cache)
        self._runner = RequestRunner(self.router, self.history, self.spend,
                                     self._cache, self._tasks, self.paths.data_dir)
        retiring = asyncio.create_task(self._retire_pools(set(self._tasks)))
        self._tasks.add(retiring)
        retiring.add_done_callback(self._tasks.discard)
        log.info("settings applied")

    async def _retire_pools(self, running: set[asyncio.Task[None]]) -> None:
        """Close the replaced HTTP clients once the requests using them end."""
        if running:
            await asyncio.wait(running)
        while self._retired:
            await self._retired.pop().aclose()

    async def aclose(self) -> None:
        """Stop running requests, close HTTP clients and the database."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=STOP_GRACE_S)
        while self._retired:
            await self._retired.pop().aclose()
        await self._pool.aclose()
        await self._store.close()
        if self._demo is not None:
            await asyncio.to_thread(self._demo.stop)
            self._demo = None


def _alternate(messages: list[Message]) -> list[Message]:
    """Merge consecutive turns of one role (a failed reply leaves a gap)."""
    merged: list[Message] = []
    for message in messages:
        if merged and merged[-1].role == message.role:
            merged[-1] = Message(message.role, f"{merged[-1].text}\n\n{message.text}",
                                 merged[-1].images + message.images)
        else:
            merged.append(message)
    return merged


def _start_demo(cfg: Config) -> tuple[Config, Any]:
    from jarvis.simulator import Simulator

    simulator = Simulator()
    simulator.start()
    return _on_simulator(cfg, simulator), simulator


def _on_simulator(cfg: Config, simulator: Any) -> Config:
    """``cfg`` with every cloud provider pointed at the demo simulator."""
    kinds = ("anthropic", "openai", "gemini")
    urls = {kind: simulator.base_url(kind) for kind in kinds}
    providers = {
        name: replace(p, base_url=urls[p.kind]) for name, p in cfg.providers.items()
        if p.kind in kinds
    }
    log.info("demo mode: providers point at the simulator on port %d", simulator.port)
    return replace(cfg, providers=providers,
                   fallback=tuple(n for n in cfg.fallback if n in providers))


