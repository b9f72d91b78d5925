"""Changes the user's config file from the settings pane, safely.

A change is a dotted key and a value (``"limits.daily_usd": Decimal("3")``).
The file is edited with tomlkit, so the user's comments, order and layout
stay as they were; the result is validated by the same code that reads it at
start (:func:`jarvis.config.load`) before anything is written, and written
atomically. A change that would make the file invalid is refused with the
same file-and-line message and leaves the file untouched.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomlkit
from tomlkit.items import Table

from jarvis import config as config_mod
from jarvis import endpoints
from jarvis.config import Config
from jarvis.errors import ConfigError
from jarvis.usertext import UserText

REMOVE = object()  # a value that deletes the key (back to the default)
# No dots: a name is one part of a dotted setting ("providers.<name>.rpm").
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# The names a look-alike host borrows from each official API host.
_BRANDS_OF = {
    "api.anthropic.com": ("anthropic", "claude"),
    "api.openai.com": ("openai",),
    "generativelanguage.googleapis.com": ("googleapis", "gemini"),
}


def update(path: Path, changes: Mapping[str, Any]) -> Config:
    """Apply ``changes`` to ``path`` and return the config it now holds.

    Raises:
        ConfigError: the file cannot be read, or the changed file would be
            invalid; nothing is written then.
    """
    document = _read(path)
    for dotted, value in changes.items():
        _apply(document, dotted, value)
    text = tomlkit.dumps(document)
    candidate = path.with_name(path.name + ".new")
    _write(candidate, text)
    try:
        config = config_mod.load(candidate)
    except ConfigError as exc:
        candidate.unlink(missing_ok=True)
        raise ConfigError(str(exc).replace(str(candidate), str(path))) from None
    os.replace(candidate, path)
    return config


def _read(path: Path) -> tomlkit.TOMLDocument:
    if not path.exists():
        return tomlkit.document()
    config_mod.load(path)  # a broken file is reported, never rewritten
    return tomlkit.parse(path.read_text(encoding="utf-8"))


def _apply(document: tomlkit.TOMLDocument, dotted: str, value: Any) -> None:
    *tables, key = dotted.split(".")
    node: Any = document
    for name in tables:
        if name not in node:
            if value is REMOVE:
                return
            node[name] = tomlkit.table()
        node = node[name]
        if not isinstance(node, Table | tomlkit.TOMLDocument):
            raise ConfigError(f"{dotted}: {name} is not a table")
    if value is REMOVE:
        node.pop(key, None)
    else:
        node[key] = _toml_value(value)


def _toml_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Money is written as text, so no binary float rounds it.
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def endpoint_risks(url: str) -> tuple[str, ...]:
    """Why sending a key to ``url`` deserves a second look, as codes.

    ``"lookalike:<official host>"``: the host imitates a provider's API
    host (a phishing pattern); ``"plain_http"``: the key would cross the
    network unencrypted; ``"loopback"``: traffic stays on this machine (a
    note, not a risk).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if endpoints.is_loopback(host):
        return ("loopback",)
    imitated = [official for official in endpoints.OFFICIAL_HOSTS.values()
                if endpoints.lookalike(host, official)]
    # A host can trip several brands' checks; name the one it resembles most.
    risks = [f"lookalike:{max(imitated, key=lambda o: _resemblance(host, o))}"
             ] if imitated else []
    if parts.scheme == "http":
        risks.append("plain_http")
    return tuple(risks)


def _refusal(code: str, text: str, **params: Any) -> ConfigError:
    """A refusal whose message the window can translate (its args[0])."""
    return ConfigError(UserText(f"settings.{code}", text, **params))


def _resemblance(host: str, official: str) -> float:
    if official in host:
        return 3.0
    if any(brand in host for brand in _BRANDS_OF.get(official, ())):
        return 2.0
    return difflib.SequenceMatcher(None, host, official).ratio()


def new_provider(
    config: Config,
    name: str,
    base_url: str,
    model: str,
    *,
    models: Sequence[str] = (),
    needs_key: bool = True,
    approved: bool = False,
) -> dict[str, Any]:
    """The changes that add an OpenAI-compatible provider (for :func:`update`).

    A look-alike host or a key sent over plain HTTP needs ``approved``;
    the approval is recorded as the provider's ``approved_endpoint``.

    Raises:
        ConfigError: the name, URL or model cannot be used; the message
            names the field ("providers.new.name: ...").
    """
    name, base_url, model = name.strip(), base_url.strip(), model.strip()
    if not _NAME.fullmatch(name):
        raise _refusal("name_bad", "providers.new.name: use 1-64 letters, digits, "
                       "'_' or '-', starting with a letter or digit")
    if name in config.providers:
        raise _refusal("name_taken",
                       f"providers.new.name: a provider named {name!r} exists",
                       name=name)
    if not re.match(r"^https?://[^/\s]+", base_url):
        raise _refusal("url_bad", "providers.new.base_url: expected an address "
                       "starting with http:// or https://")
    if not model:
        raise _refusal("model_missing",
                       "providers.new.model: a default model is required")
    risky = [r for r in endpoint_risks(base_url) if r != "loopback"]
    if risky and needs_key and not approved:
        raise _refusal("approval_needed", "providers.new.approved_endpoint: this "
                       "endpoint needs your approval before a key is sent to it")
    prefix = f"providers.{name}"
    changes: dict[str, Any] = {
        f"{prefix}.kind": "openai_compatible",
        f"{prefix}.base_url": base_url,
        f"{prefix}.model": model,
        f"{prefix}.needs_key": needs_key,
    }
    extra = tuple(dict.fromkeys(m.strip() for m in models if m.strip()))
    if extra:
        changes[f"{prefix}.models"] = extra
    if approved:
        changes[f"{prefix}.approved_endpoint"] = base_url
    return changes
