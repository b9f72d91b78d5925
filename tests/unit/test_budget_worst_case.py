"""The worst case reserved before sending is the exact price of the most the
request can use, in the price tier its input falls in."""

from __future__ import annotations

from decimal import Decimal

from genai_prices import Usage as PriceUsage
from genai_prices import calc_price

from jarvis import budget
from jarvis.config import default_config


def _genai(model: str, input_tokens: int, output_tokens: int) -> Decimal:
    result = calc_price(PriceUsage(input_tokens=input_tokens,
                                   output_tokens=output_tokens),
                        model, provider_id="anthropic")
    return Decimal(result.total_price)


def test_a_prompt_above_the_tier_is_reserved_at_the_higher_rates() -> None:
    config = default_config()
    small, priced = budget.worst_case(
        config, "anthropic", "claude-sonnet-4-5", 1_000, 8_000)
    large, _ = budget.worst_case(
        config, "anthropic", "claude-sonnet-4-5", 300_000, 8_000)
    assert priced
    assert small == _genai("claude-sonnet-4-5", 1_000, 8_000)
    assert large == _genai("claude-sonnet-4-5", 300_000, 8_000)
    # Above 200k input tokens the output costs more per token as well, so
    # the large reservation exceeds the small one's output rate applied to
    # the same output.
    output_low = small - _genai("claude-sonnet-4-5", 1_000, 0)
    output_high = large - _genai("claude-sonnet-4-5", 300_000, 0)
    assert output_high > output_low


def test_an_unpriced_model_is_reserved_at_the_configured_rate__C08() -> None:
    config = default_config()
    cost, priced = budget.worst_case(config, "openai", "gpt-from-2099", 100, 900)
    assert not priced
    assert cost == config.limits.unpriced_usd_per_mtok * 1000 / Decimal(1_000_000)
