"""A small price table of the models Jarvis has priced, kept in a file.

Importing genai-prices and indexing its data costs a fresh process about
150 ms, as much as the rest of ``jarvis ask`` may add to the SDK call. This
module keeps, per provider kind and model, what genai-prices says in a form
that needs no import: the tier thresholds (on total input tokens) and, for
each tier, the USD per million tokens of each :class:`~jarvis.usage.Usage`
bucket. genai-prices stays the source of truth:

- an entry is made from genai-prices' own answers, and kept only when its
  results are verified equal to genai-prices' (exact Decimal) in every tier;
  a model whose price cannot be put this way (time-of-day prices, unknown
  price structure) is not kept and is priced by genai-prices every time;
- the file is keyed by the installed genai-prices files (sizes and times),
  so an upgrade of the price data starts a new table;
- an entry whose prices change at a future date (genai-prices' start-date
  conditions) expires on that date.

A model genai-prices does not know is kept as unpriced. Several processes
may write the file: each writes a whole new file and renames it, so a
reader sees an old or a new table, never a torn one; a lost entry is made
again on next use.

Does not own: what a request is charged or reserved (:mod:`jarvis.pricing`,
:mod:`jarvis.budget`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from jarvis.usage import Usage

log = logging.getLogger(__name__)

_MTOK: Final = Decimal(1_000_000)
_BUCKETS: Final = ("input", "cache_read", "cache_write", "output")
FORMAT: Final = 1


@dataclass(frozen=True, slots=True)
class TieredRates:
    """USD per million tokens of each bucket, per tier of total input.

    Tier ``i`` applies when total input tokens exceed ``starts[i - 1]``
    (tier 0 below the first start), as genai-prices' "cliff" tiers do: the
    tier's rate then applies to every token of the bucket.
    """

    starts: tuple[int, ...]
    input: tuple[Decimal, ...]
    cache_read: tuple[Decimal, ...]
    cache_write: tuple[Decimal, ...]
    output: tuple[Decimal, ...]
    until: date | None = None

    def tier(self, total_input: int) -> int:
        return sum(1 for start in self.starts if total_input > start)

    def cost(self, usage: Usage) -> Decimal:
        """The price of ``usage`` in USD."""
        i = self.tier(usage.total_input)
        return (self.input[i] * usage.input_tokens / _MTOK
                + self.cache_read[i] * usage.cache_read_tokens / _MTOK
                + self.cache_write[i] * usage.cache_write_tokens / _MTOK
                + self.output[i] * usage.total_output / _MTOK)

    def fresh(self, today: date) -> bool:
        return self.until is None or today < self.until


# An entry: rates, or None for a model the price data does not know.
Entry = TieredRates | None


class PriceTable:
    """Entries by (kind, model), in memory and in an optional file.

    Args:
        path: the file to read and write; None keeps the table in memory.
        source: what identifies the installed price data (default: the
            genai-prices files' sizes and times).
    """

    def __init__(self, path: Path | None = None, source: str | None = None) -> None:
        self._path = path
        self._source = source if source is not None else data_source()
        self._lock = threading.Lock()
        self._entries: dict[str, Entry] = self._read()

    def lookup(self, kind: str, model: str) -> tuple[bool, Entry]:
        """(found, entry): ``found`` is False when genai-prices must answer."""
        with self._lock:
            key = _key(kind, model)
            if key not in self._entries:
                return False, None
            entry = self._entries[key]
        if entry is not None and not entry.fresh(datetime.now(UTC).date()):
            return False, None
        return True, entry

    def store(self, kind: str, model: str, entry: Entry) -> None:
        """Keep ``entry`` here and in the file (merged with what is there)."""
        with self._lock:
            self._entries[_key(kind, model)] = entry
            if self._path is not None:
                merged = {**self._read(), **self._entries}
                self._write(merged)

    def _read(self) -> dict[str, Entry]:
        if self._path is None:
            return {}
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT or raw.get("source") != self._source:
                return {}
            return {key: _entry(value) for key, value in raw["models"].items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError,
                ArithmeticError):
            log.info("ignoring an unreadable price table at %s", self._path)
            return {}

    def _write(self, entries: dict[str, Entry]) -> None:
        if self._path is None:
            return
        body = {"format": FORMAT, "source": self._source,
                "models": {key: _plain(entry) for key, entry in entries.items()}}
        partial = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        try:
            partial.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
            os.replace(partial, self._path)
        except OSError as exc:
            # A convenience: the price is still right, the next process
            # builds the entry again.
            log.info("could not save the price table: %s", exc)
            partial.unlink(missing_ok=True)


def data_source() -> str:
    """The installed genai-prices files' names, sizes and modification
    times: changes with any upgrade, found without importing it."""
    spec = importlib.util.find_spec("genai_prices")
    if spec is None or not spec.submodule_search_locations:
        return "missing"
    folder = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        # No folder to read (a frozen app keeps modules in its archive): the
        # running program's own file changes with every build that could
        # bring other prices.
        program = Path(sys.executable).stat()
        digest.update(f"program:{program.st_size}:{program.st_mtime_ns}".encode())
        return digest.hexdigest()[:32]
    for entry in entries:
        if entry.name.endswith(".py"):
            stat = entry.stat()
            digest.update(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:32]


def _key(kind: str, model: str) -> str:
    return f"{kind}:{model}"


def _plain(entry: Entry) -> dict[str, Any] | None:
    if entry is None:
        return None
    plain: dict[str, Any] = {"starts": list(entry.starts)}
    for bucket in _BUCKETS:
        plain[bucket] = [f"{rate.normalize():f}" for rate in getattr(entry, bucket)]
    plain["until"] = entry.until.isoformat() if entry.until else None
    return plain


def _entry(plain: dict[str, Any] | None) -> Entry:
    if plain is None:
        return None
    starts = tuple(int(s) for s in plain["starts"])
    rates = {b: tuple(Decimal(str(r)) for r in plain[b]) for b in _BUCKETS}
    if any(len(r) != len(starts) + 1 for r in rates.values()):
        raise ValueError("a tier without rates")
    until = date.fromisoformat(plain["until"]) if plain["until"] else None
    return TieredRates(starts, until=until, **rates)
