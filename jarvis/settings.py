"""Changes the user's config file from the settings pane, safely.

A change is a dotted key and a value (``"limits.daily_usd": Decimal("3")``).
The file is edited with tomlkit, so the user's comments, order and layout
stay as they were; the result is validated by the same code that reads it at
start (:func:`jarvis.config.load`) before anything is written, and written
atomically. A change that would make the file invalid is refused with the
same file-and-line message and leaves the file untouched.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from jarvis import config as config_mod
from jarvis.config import Config
from jarvis.errors import ConfigError

REMOVE = object()  # a value that deletes the key (back to the default)


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
