"""The user's config file: parsing, validation and defaults.

Jarvis reads ``config.toml`` and never writes over it. A file that cannot be
used raises :class:`ConfigError` naming the file, the line and the problem;
the CLI turns that into exit code 2. Keys never live here (see
:mod:`jarvis.keys`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, TypeVar

from jarvis.errors import ConfigError

KINDS = ("anthropic", "openai", "gemini", "openai_compatible")
_MAX_USD = Decimal(1_000_000)
T = TypeVar("T")

# name -> (kind, default model, models offered in the picker)
_BUILTIN = {
    "anthropic": (
        "anthropic",
        "claude-sonnet-4-5",
        ("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5"),
    ),
    "openai": ("openai", "gpt-5-mini", ("gpt-5-mini", "gpt-5", "gpt-4.1-mini")),
    "gemini": (
        "gemini",
        "gemini-2.5-flash",
        ("gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite"),
    ),
}


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """One provider entry, ``[providers.<name>]``."""

    name: str
    kind: str
    model: str
    models: tuple[str, ...] = ()
    base_url: str | None = None
    approved_endpoint: str | None = None
    enabled: bool = True
    api_key_env: str | None = None
    needs_key: bool = True
    daily_usd: Decimal | None = None
    monthly_usd: Decimal | None = None
    rpm: int | None = None
    tpm: int | None = None
    max_concurrent: int = 4
    # Whether models read images: True, False, or the model names that do;
    # None follows jarvis.vision's table.
    images: bool | tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class LimitsConfig:
    """``[limits]``: spend caps and request shape."""

    daily_usd: Decimal | None = Decimal("5")
    monthly_usd: Decimal | None = Decimal("50")
    max_tokens: int = 2048
    on_limit: str = "wait"
    unpriced_usd_per_mtok: Decimal = Decimal("75")


@dataclass(frozen=True, slots=True)
class RetryConfig:
    """``[retry]``: the one retry layer (the SDKs' own retries are off)."""

    attempts: int = 3
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0
    retry_after_ceiling_s: float = 30.0


@dataclass(frozen=True, slots=True)
class BreakerConfig:
    """``[breaker]``: per-provider circuit breaker."""

    failures: int = 5
    window_s: float = 60.0
    cooldown_s: float = 30.0


@dataclass(frozen=True, slots=True)
class CacheConfig:
    """``[cache]``: exact-match response cache."""

    enabled: bool = True
    size: int = 256
    ttl_s: float = 3600.0
    nondeterministic: bool = False


@dataclass(frozen=True, slots=True)
class PrivacyConfig:
    """``[privacy]``: what is kept, and for how long.

    Attributes:
        retention_days: conversations untouched for longer are deleted on
            start and daily; 0 keeps none from one session to the next;
            None keeps them until deleted.
        pii: "redact" replaces personal data (emails, phone and card
            numbers, IBANs, national ids) by placeholders before sending and
            restores them in the reply; "off" sends them as typed.
        provider_storage: let providers that offer it keep the conversation
            on their side (OpenAI's ``store``); off by default.
    """

    retention_days: int | None = None
    pii: Literal["redact", "off"] = "redact"
    provider_storage: bool = False


@dataclass(frozen=True, slots=True)
class Config:
    """The whole validated config."""

    providers: dict[str, ProviderConfig]
    fallback: tuple[str, ...]
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    retry: RetryConfig = field(default_factory=RetryConfig)
    breaker: BreakerConfig = field(default_factory=BreakerConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    tiers: dict[str, tuple[str, str]] = field(default_factory=dict)
    system_prompt: str = ""
    temperature: float | None = None
    source: Path | None = None

    @property
    def default_provider(self) -> str:
        """The first enabled provider of the fallback chain."""
        for name in self.fallback:
            if self.providers[name].enabled:
                return name
        return self.fallback[0] if self.fallback else next(iter(self.providers))

    def with_base_urls(self, urls: dict[str, str]) -> Config:
        """A copy whose providers of each kind point at ``urls[kind]``."""
        providers = {
            name: replace(p, base_url=urls.get(p.kind, p.base_url))
            for name, p in self.providers.items()
        }
        return replace(self, providers=providers)


def default_config() -> Config:
    """The config used when the user has no file."""
    return _build({}, "<defaults>", "")


def load(path: Path) -> Config:
    """Read and validate ``path``; the defaults when it does not exist.

    Raises:
        ConfigError: the file is unreadable or invalid; the message names
            the file and, where known, the line.
    """
    if not path.exists():
        return replace(default_config(), source=None)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {_toml_message(exc, text)}") from None
    return replace(_build(raw, str(path), text), source=path)


def _toml_message(exc: tomllib.TOMLDecodeError, source: str) -> str:
    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if match:
        problem = text[: match.start()].strip()
        return f"line {match.group(1)}, column {match.group(2)}: {problem}"
    if "end of document" in text:
        last = len(source.rstrip("\n").splitlines()) or 1
        problem = text.split("(")[0].strip()
        return f"line {last}: {problem} (the file ends too early)"
    return f"invalid TOML: {text}"


class _Reader:
    """Typed access to one table, with errors that name the line."""

    def __init__(self, table: dict[str, Any], section: str, where: str, text: str):
        self.table = table
        self.section = section
        self.where = where
        self.text = text
        self.seen: set[str] = set()

    def check_unknown(self) -> None:
        """Refuse keys nobody read: a typo must not silently drop a cap."""
        for key in self.table:
            if key not in self.seen:
                raise self.fail(key, "unknown setting (a typo?)")

    def fail(self, key: str, problem: str) -> ConfigError:
        line = _line_of(self.text, self.section, key)
        at = f"line {line}: " if line else ""
        name = f"{self.section}.{key}" if self.section else key
        return ConfigError(f"{self.where}: {at}{name}: {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        self.seen.add(key)
        if key not in self.table:
            return default
        value = self.table[key]
        if isinstance(value, bool) and kind is not bool and bool not in _tuple(kind):
            raise self.fail(key, "expected a number or text, got true/false")
        if not isinstance(value, kind):
            raise self.fail(key, f"expected {_kind_name(kind)}")
        return value

    def money(self, key: str, default: Decimal | None) -> Decimal | None:
        value = self.get(key, (int, float, str), None)
        if value is None:
            return default
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            problem = "expected an amount in USD such as 5 or 2.50"
            raise self.fail(key, problem) from None
        if not amount.is_finite() or amount > _MAX_USD:
            raise self.fail(key, f"expected an amount in USD up to {_MAX_USD}")
        if amount < 0:
            raise self.fail(key, "must not be negative")
        return amount

    def positive(self, key: str, default: float) -> float:
        value = self.get(key, (int, float), default)
        if not 0 < value < float("inf"):
            raise self.fail(key, "must be a number greater than 0")
        return float(value)

    def count(self, key: str, default: int | None) -> int | None:
        value: int | None = self.get(key, int, default)
        if value is not None and value < 1:
            raise self.fail(key, "must be at least 1")
        return value

    def strings(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.get(key, list, None)
        if value is None:
            return default
        if not all(isinstance(item, str) for item in value):
            raise self.fail(key, "expected a list of names in quotes")
        return tuple(value)

    def sub(self, key: str) -> _Reader:
        value = self.get(key, dict, {})
        section = f"{self.section}.{key}" if self.section else key
        return _Reader(value, section, self.where, self.text)


def _checked(reader: _Reader, build: Callable[[_Reader], T]) -> T:
    value = build(reader)
    reader.check_unknown()
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text in quotes", int: "a whole number", float: "a number",
             bool: "true or false", list: "a list", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in _tuple(kind))


def _line_of(text: str, section: str, key: str) -> int | None:
    """The 1-based line where ``key`` is set inside ``[section]``."""
    current = ""
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    assign = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        found = header.match(line)
        if found:
            current = found.group(1).replace('"', "")
            continue
        if current == section and assign.match(line):
            return number
    # Not set: the line of its own table, else of the section it is missing
    # from (a required key left out is still found by its place).
    for table in (f"{section}.{key}" if section else key, section):
        for number, line in enumerate(text.splitlines(), start=1):
            found = header.match(line)
            if found and found.group(1).replace('"', "") == table:
                return number
    return None


def _build(raw: dict[str, Any], where: str, text: str) -> Config:
    top = _Reader(raw, "", where, text)
    providers = _providers(top.sub("providers"))
    fallback = top.strings("fallback", tuple(providers))
    for name in fallback:
        if name not in providers:
            raise top.fail("fallback", f"unknown provider {name!r}")
    temperature = top.get("temperature", (int, float), None)
    if temperature is not None and not 0 <= temperature <= 2:
        raise top.fail("temperature", "must be between 0 and 2")
    config = Config(
        providers=providers,
        fallback=fallback,
        limits=_checked(top.sub("limits"), _limits),
        retry=_checked(top.sub("retry"), _retry),
        breaker=_checked(top.sub("breaker"), _breaker),
        cache=_checked(top.sub("cache"), _cache),
        privacy=_checked(top.sub("privacy"), _privacy),
        tiers=_tiers(top.sub("tiers"), providers),
        system_prompt=top.get("system_prompt", str, ""),
        temperature=None if temperature is None else float(temperature),
    )
    top.check_unknown()
    return config


def _providers(table: _Reader) -> dict[str, ProviderConfig]:
    names = list(_BUILTIN) + [n for n in table.table if n not in _BUILTIN]
    return {name: _checked(table.sub(name), functools.partial(_provider, name))
            for name in names}


def _provider(name: str, t: _Reader) -> ProviderConfig:
    kind_default, model_default, models_default = _BUILTIN.get(name, ("", "", ()))
    kind = t.get("kind", str, kind_default)
    if kind not in KINDS:
        raise t.fail("kind", f"must be one of {', '.join(KINDS)}")
    model = t.get("model", str, model_default)
    if not model:
        raise t.fail("model", "a default model is required")
    base_url = t.get("base_url", str, None)
    if kind == "openai_compatible" and not base_url:
        raise t.fail("base_url", "an OpenAI-compatible provider needs a base_url")
    if base_url is not None and not re.match(r"^https?://", base_url):
        raise t.fail("base_url", "must start with http:// or https://")
    models = t.strings("models", models_default)
    return ProviderConfig(
        name=name,
        kind=kind,
        model=model,
        models=tuple(dict.fromkeys((model, *models))),
        base_url=base_url,
        approved_endpoint=t.get("approved_endpoint", str, None),
        enabled=t.get("enabled", bool, True),
        api_key_env=t.get("api_key_env", str, None),
        needs_key=t.get("needs_key", bool, kind != "openai_compatible"),
        daily_usd=t.money("daily_usd", None),
        monthly_usd=t.money("monthly_usd", None),
        rpm=t.count("rpm", None),
        tpm=t.count("tpm", None),
        max_concurrent=t.count("max_concurrent", 4) or 4,
        images=_images(t),
    )


def _images(t: _Reader) -> bool | tuple[str, ...] | None:
    """``images``: true, false, or the names of the models that read images."""
    value = t.get("images", (bool, list), None)
    if isinstance(value, list):
        return t.strings("images", ())
    return value if isinstance(value, bool) else None


def _limits(t: _Reader) -> LimitsConfig:
    base = LimitsConfig()
    on_limit = t.get("on_limit", str, base.on_limit)
    if on_limit not in ("wait", "refuse"):
        raise t.fail("on_limit", 'must be "wait" or "refuse"')
    return LimitsConfig(
        daily_usd=t.money("daily_usd", base.daily_usd),
        monthly_usd=t.money("monthly_usd", base.monthly_usd),
        max_tokens=t.count("max_tokens", base.max_tokens) or base.max_tokens,
        on_limit=on_limit,
        unpriced_usd_per_mtok=(
            t.money("unpriced_usd_per_mtok", base.unpriced_usd_per_mtok)
            or base.unpriced_usd_per_mtok
        ),
    )


def _retry(t: _Reader) -> RetryConfig:
    base = RetryConfig()
    return RetryConfig(
        attempts=t.count("attempts", base.attempts) or base.attempts,
        base_delay_s=t.positive("base_delay_s", base.base_delay_s),
        max_delay_s=t.positive("max_delay_s", base.max_delay_s),
        retry_after_ceiling_s=t.positive(
            "retry_after_ceiling_s", base.retry_after_ceiling_s
        ),
    )


def _breaker(t: _Reader) -> BreakerConfig:
    base = BreakerConfig()
    return BreakerConfig(
        failures=t.count("failures", base.failures) or base.failures,
        window_s=t.positive("window_s", base.window_s),
        cooldown_s=t.positive("cooldown_s", base.cooldown_s),
    )


def _cache(t: _Reader) -> CacheConfig:
    base = CacheConfig()
    return CacheConfig(
        enabled=t.get("enabled", bool, base.enabled),
        size=t.count("size", base.size) or base.size,
        ttl_s=t.positive("ttl_s", base.ttl_s),
        nondeterministic=t.get("nondeterministic", bool, base.nondeterministic),
    )


def _privacy(t: _Reader) -> PrivacyConfig:
    days: int | None = t.get("retention_days", int, None)
    if days is not None and days < 0:
        raise t.fail("retention_days", "must be 0 or more days")
    storage = t.get("provider_storage", bool, False)
    pii = t.get("pii", str, "redact")
    if pii == "redact":
        return PrivacyConfig(days, "redact", storage)
    if pii == "off":
        return PrivacyConfig(days, "off", storage)
    raise t.fail("pii", 'must be "redact" or "off"')


def _tiers(
    t: _Reader, providers: dict[str, ProviderConfig]
) -> dict[str, tuple[str, str]]:
    tiers = {
        "fast": _default_tier(providers, fast=True),
        "default": _default_tier(providers, fast=False),
    }
    for name in t.table:
        spec = t.get(name, str, "")
        provider, _, model = spec.partition(":")
        if provider not in providers:
            raise t.fail(name, 'expected "provider:model" with a configured provider')
        tiers[name] = (provider, model or providers[provider].model)
    return tiers


def _default_tier(
    providers: dict[str, ProviderConfig], *, fast: bool
) -> tuple[str, str]:
    first = next(iter(providers.values()))
    if fast and first.name == "anthropic":
        return (first.name, "claude-haiku-4-5")
    return (first.name, first.model)
