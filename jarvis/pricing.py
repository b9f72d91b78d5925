"""Prices every attempt from the bundled genai-prices data, as Decimal.

A model the price data does not know gets ``None`` (unpriced), never ``0``:
the spend log stores NULL and the caps count it at a configured conservative
rate instead (CASES.md C08). Local models on loopback endpoints cost nothing.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from decimal import Decimal

from jarvis.usage import Usage

log = logging.getLogger(__name__)

# genai-prices names providers by its own ids.
_PRICE_PROVIDER = {"anthropic": "anthropic", "openai": "openai", "gemini": "google"}
_MTOK = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class Rates:
    """USD per million tokens for each bucket of one model."""

    input: Decimal
    output: Decimal
    cache_read: Decimal
    cache_write: Decimal


def is_free(kind: str) -> bool:
    """Whether a provider kind is billed at all (local servers are not)."""
    return kind == "openai_compatible"


def price(kind: str, model: str, usage: Usage) -> Decimal | None:
    """The cost of ``usage`` on ``model`` in USD, or None when unpriced."""
    if is_free(kind):
        return Decimal(0)
    provider_id = _PRICE_PROVIDER.get(kind)
    if provider_id is None:
        return None
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
        result = calc_price(priced_usage, model, provider_id=provider_id)
    except LookupError:
        log.info("no price data for %s model %s: logged as unpriced", kind, model)
        return None
    return Decimal(result.total_price)


@functools.lru_cache(maxsize=64)
def rates(kind: str, model: str) -> Rates | None:
    """Per-million-token rates of ``model``, or None when unpriced."""
    if is_free(kind):
        return Rates(Decimal(0), Decimal(0), Decimal(0), Decimal(0))
    probes = {
        "input": Usage(input_tokens=1_000_000),
        "output": Usage(output_tokens=1_000_000),
    }
    found = {name: price(kind, model, usage) for name, usage in probes.items()}
    if found["input"] is None or found["output"] is None:
        return None
    return Rates(
        input=found["input"],
        output=found["output"],
        cache_read=price(kind, model, Usage(cache_read_tokens=1_000_000))
        or found["input"],
        cache_write=price(kind, model, Usage(cache_write_tokens=1_000_000))
        or found["input"],
    )


def worst_case(rates_: Rates, input_tokens: int, max_output_tokens: int) -> Decimal:
    """The most a request can cost: all input fresh, all output used."""
    return (
        rates_.input * input_tokens + rates_.output * max_output_tokens
    ) / _MTOK
