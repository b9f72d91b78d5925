"""Prices every attempt from the bundled genai-prices data, as Decimal.

A model the price data does not know gets ``None`` (unpriced), never ``0``:
the spend log stores NULL and the caps count it at a configured conservative
rate instead (CASES.md C08). Local models on loopback endpoints cost nothing.

genai-prices is imported only when a model is not yet in the price table
(:mod:`jarvis.pricetable`): the facade points the table at a file in the
data folder with :func:`use_table`, so a process that prices a model it
priced before (``jarvis ask``) does not pay the import.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from jarvis.pricetable import Entry, PriceTable, TieredRates
from jarvis.usage import Usage

log = logging.getLogger(__name__)

# genai-prices names providers by its own ids.
_PRICE_PROVIDER = {"anthropic": "anthropic", "openai": "openai", "gemini": "google"}
_MTOK = Decimal(1_000_000)

_table = PriceTable()


def use_table(path: Path | None) -> None:
    """Keep the price table in ``path`` (None: in memory only)."""
    global _table
    _table = PriceTable(path)


def is_free(kind: str) -> bool:
    """Whether a provider kind is billed at all (local servers are not)."""
    return kind == "openai_compatible"


def price(kind: str, model: str, usage: Usage) -> Decimal | None:
    """The cost of ``usage`` on ``model`` in USD, or None when unpriced."""
    if is_free(kind):
        return Decimal(0)
    if kind not in _PRICE_PROVIDER:
        return None
    entry = _entry(kind, model)
    if isinstance(entry, TieredRates):
        return entry.cost(usage)
    if entry is None:
        log.info("no price data for %s model %s: logged as unpriced", kind, model)
        return None
    return _calc(kind, model, usage)


def warm(models: Iterable[tuple[str, str]]) -> None:
    """Make sure (kind, model) pairs are in the table (run in a thread: a
    miss imports genai-prices)."""
    for kind, model in models:
        if not is_free(kind) and kind in _PRICE_PROVIDER:
            _entry(kind, model)


# genai-prices --------------------------------------------------------------

# A model genai-prices prices in a way the table cannot hold.
_UNTABLED = object()


def _entry(kind: str, model: str) -> Entry | object:
    """The table's entry, made from genai-prices on a miss; ``_UNTABLED``
    when genai-prices must price this model every time."""
    found, entry = _table.lookup(kind, model)
    if found:
        return entry
    made = _tabulate(kind, model)
    if made is not _UNTABLED:
        _table.store(kind, model, made)  # type: ignore[arg-type]
    return made


def _calc(kind: str, model: str, usage: Usage) -> Decimal | None:
    from genai_prices import Usage as PriceUsage
    from genai_prices import calc_price

    # genai-prices counts input_tokens as *all* input, cache buckets included,
    # and bills reasoning as output.
    priced_usage = PriceUsage(
        input_tokens=usage.total_input,
        cache_read_tokens=usage.cache_read_tokens,
        cache_write_tokens=usage.cache_write_tokens,
        output_tokens=usage.total_output,
    )
    try:
        result = calc_price(priced_usage, model, provider_id=_PRICE_PROVIDER[kind])
    except LookupError:
        return None
    return Decimal(result.total_price)


def _tabulate(kind: str, model: str) -> Entry | object:
    """The model's tiered rates, read from genai-prices' answers and kept
    only if they give genai-prices' exact results in every tier."""
    if _calc(kind, model, Usage(input_tokens=1)) is None:
        return None
    info = _model_info(kind, model)
    shape = _shape(info) if info is not None else None
    if shape is None:
        log.debug("price of %s model %s not tabulated", kind, model)
        return _UNTABLED
    starts, until = shape
    tiers = [0, *(start + 1 for start in starts)]
    per_tier = [_tier_rates(kind, model, total) for total in tiers]
    entry = TieredRates(
        starts,
        **{bucket: tuple(r[bucket].normalize() for r in per_tier)
           for bucket in ("input", "cache_read", "cache_write", "output")},
        until=until)
    if not _agrees(kind, model, entry):
        log.info("price of %s model %s not tabulated: check failed", kind, model)
        return _UNTABLED
    return entry


def _model_info(kind: str, model: str) -> Any:
    from genai_prices import data_snapshot

    try:
        _provider, info = data_snapshot.get_snapshot().find_provider_model(
            model, None, _PRICE_PROVIDER[kind], None)
    except LookupError:
        return None
    return info


def _shape(info: Any) -> tuple[tuple[int, ...], date | None] | None:
    """The tier starts of the prices in force today and the date they
    change; None for prices the table cannot hold."""
    from genai_prices import types

    today = datetime.now(UTC).date()
    if isinstance(info.prices, types.ModelPrice):
        current, until = info.prices, None
    else:
        if any(not isinstance(c.constraint, types.StartDateConstraint | None)
               for c in info.prices):
            return None  # time-of-day prices change within a day
        current = info.get_prices(datetime.now(UTC))
        later = [c.constraint.start_date for c in info.prices
                 if c.constraint is not None and c.constraint.start_date > today]
        until = min(later, default=None)
    starts: set[int] = set()
    for value in vars(current).values():
        if isinstance(value, types.TieredPrices):
            starts.update(tier.start for tier in value.tiers)
        elif value is not None and not isinstance(value, Decimal):
            return None
    if any(start < 1 for start in starts):
        return None
    return tuple(sorted(starts)), until


def _tier_rates(kind: str, model: str, total: int) -> dict[str, Decimal]:
    """Each bucket's USD per million tokens when total input is ``total``,
    from genai-prices' prices of ``total`` tokens in that bucket alone."""
    def cost(usage: Usage) -> Decimal:
        found = _calc(kind, model, usage)
        if found is None:
            raise LookupError(model)
        return found

    total = max(total, 1)
    fresh = cost(Usage(input_tokens=total))
    with_output = cost(Usage(input_tokens=total, output_tokens=1_000_000))
    return {
        "input": fresh * _MTOK / total,
        "cache_read": cost(Usage(cache_read_tokens=total)) * _MTOK / total,
        "cache_write": cost(Usage(cache_write_tokens=total)) * _MTOK / total,
        "output": with_output - fresh,  # the price of exactly 1M tokens
    }


def _agrees(kind: str, model: str, entry: TieredRates) -> bool:
    """Whether ``entry`` prices mixed usages exactly as genai-prices does,
    at both edges of every tier."""
    edges = [1, *(s for s in entry.starts), *(s + 1 for s in entry.starts),
             max(entry.starts, default=0) + 3_000_000]
    for total in edges:
        fresh = max(total - total // 3 - total // 5, 0)
        usage = Usage(input_tokens=fresh, cache_read_tokens=total // 3,
                      cache_write_tokens=total // 5, output_tokens=4321,
                      reasoning_tokens=1234)
        if entry.cost(usage) != _calc(kind, model, usage):
            return False
    return True
