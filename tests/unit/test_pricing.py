"""Pricing through the price table: the same Decimal as genai-prices.

The table (jarvis.pricetable) lets a process price a model it priced before
without importing genai-prices. These tests hold it to genai-prices'
answers, exactly, in every tier, and check when it must not be trusted.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from genai_prices import Usage as PriceUsage
from genai_prices import calc_price

from jarvis import pricing
from jarvis.pricetable import PriceTable, TieredRates, data_source
from jarvis.usage import Usage

ROOT = Path(__file__).resolve().parents[2]

# (kind, model, genai-prices provider id): flat and tiered prices, cache
# writes priced and not, three providers.
MODELS = [
    ("openai", "gpt-5-mini", "openai"),
    ("anthropic", "claude-sonnet-4-5", "anthropic"),
    ("anthropic", "claude-haiku-4-5", "anthropic"),
    ("gemini", "gemini-2.5-pro", "google"),
    ("gemini", "gemini-2.5-flash", "google"),
]


@pytest.fixture(autouse=True)
def fresh_table() -> Iterator[None]:
    pricing.use_table(None)
    yield
    pricing.use_table(None)


def genai(provider_id: str, model: str, usage: Usage) -> Decimal:
    """What genai-prices itself says, as jarvis.pricing used to ask it."""
    result = calc_price(
        PriceUsage(input_tokens=usage.total_input,
                   cache_read_tokens=usage.cache_read_tokens,
                   cache_write_tokens=usage.cache_write_tokens,
                   output_tokens=usage.total_output),
        model, provider_id=provider_id)
    return Decimal(result.total_price)


def usages(seed: int, count: int) -> list[Usage]:
    rnd = random.Random(seed)
    found = [Usage(input_tokens=200_000), Usage(input_tokens=200_001),
             Usage(input_tokens=199_000, cache_read_tokens=1_000),
             Usage(input_tokens=199_000, cache_read_tokens=1_001, output_tokens=9),
             Usage(), Usage(reasoning_tokens=5)]
    for _ in range(count):
        found.append(Usage(
            input_tokens=rnd.randrange(0, 400_000),
            cache_read_tokens=rnd.choice([0, rnd.randrange(0, 300_000)]),
            cache_write_tokens=rnd.choice([0, rnd.randrange(0, 100_000)]),
            output_tokens=rnd.randrange(0, 64_000),
            reasoning_tokens=rnd.choice([0, rnd.randrange(0, 30_000)])))
    return found


@pytest.mark.parametrize(("kind", "model", "provider_id"), MODELS)
def test_table_prices_exactly_as_genai_prices__C07(
    kind: str, model: str, provider_id: str, tmp_path: Path
) -> None:
    pricing.use_table(tmp_path / "prices.json")
    for usage in usages(seed=len(model), count=150):
        assert pricing.price(kind, model, usage) == genai(provider_id, model, usage)
    stored = json.loads((tmp_path / "prices.json").read_text())
    assert f"{kind}:{model}" in stored["models"]


def test_tiered_model_keeps_its_tiers() -> None:
    pricing.price("anthropic", "claude-sonnet-4-5", Usage(input_tokens=1))
    found, entry = pricing._table.lookup("anthropic", "claude-sonnet-4-5")
    assert found and isinstance(entry, TieredRates)
    assert entry.starts == (200_000,)
    assert entry.input == (Decimal(3), Decimal(6))
    assert entry.output == (Decimal(15), Decimal("22.5"))
    assert entry.tier(200_000) == 0 and entry.tier(200_001) == 1


def test_prices_are_unchanged_by_the_table(tmp_path: Path) -> None:
    usages = [Usage(input_tokens=1_000_000), Usage(output_tokens=1_000_000),
              Usage(cache_read_tokens=1_000_000), Usage(cache_write_tokens=1_000_000)]
    pricing.use_table(tmp_path / "prices.json")
    for usage in usages:
        assert pricing.price("anthropic", "claude-sonnet-4-5", usage) == genai(
            "anthropic", "claude-sonnet-4-5", usage)


def test_unknown_model_is_unpriced_and_remembered__C08(tmp_path: Path) -> None:
    pricing.use_table(tmp_path / "prices.json")
    assert pricing.price("openai", "gpt-from-the-future-2099",
                         Usage(input_tokens=10, output_tokens=5)) is None
    stored = json.loads((tmp_path / "prices.json").read_text())
    assert stored["models"]["openai:gpt-from-the-future-2099"] is None


def test_free_and_unknown_kinds_never_touch_the_table(tmp_path: Path) -> None:
    pricing.use_table(tmp_path / "prices.json")
    assert pricing.price("openai_compatible", "llama", Usage(output_tokens=9)) == 0
    assert pricing.price("mystery", "m", Usage(output_tokens=9)) is None
    assert not (tmp_path / "prices.json").exists()


def test_a_second_process_prices_without_genai_prices(tmp_path: Path) -> None:
    """The point of the table: ``jarvis ask`` skips the 150 ms import."""
    table = tmp_path / "prices.json"
    usage = Usage(input_tokens=123_456, cache_read_tokens=7_000,
                  cache_write_tokens=300, output_tokens=2_345, reasoning_tokens=99)
    pricing.use_table(table)
    expected = pricing.price("anthropic", "claude-sonnet-4-5", usage)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from jarvis import pricing\n"
        "from jarvis.usage import Usage\n"
        f"pricing.use_table(Path({str(table)!r}))\n"
        "print(pricing.price('anthropic', 'claude-sonnet-4-5', "
        f"Usage{usage_args(usage)}))\n"
        "print('genai_prices' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=120)
    cost, imported = done.stdout.split()
    assert Decimal(cost) == expected == genai("anthropic", "claude-sonnet-4-5", usage)
    assert imported == "False"


def usage_args(usage: Usage) -> str:
    return repr(tuple(usage.as_dict().values()))


def test_table_of_other_price_data_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    wrong = TieredRates((), (Decimal(99),), (Decimal(99),), (Decimal(99),),
                        (Decimal(99),))
    PriceTable(path, source="an older genai-prices").store("openai", "gpt-5-mini",
                                                           wrong)
    assert PriceTable(path, source="an older genai-prices").lookup(
        "openai", "gpt-5-mini") == (True, wrong)
    assert PriceTable(path).lookup("openai", "gpt-5-mini") == (False, None)
    pricing.use_table(path)
    assert pricing.price("openai", "gpt-5-mini", Usage(input_tokens=1_000_000)) \
        == Decimal("0.25")


def test_entry_expires_when_its_prices_change(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    old = TieredRates((), (Decimal(1),), (Decimal(1),), (Decimal(1),), (Decimal(1),),
                      until=date(2020, 1, 1))
    PriceTable(path).store("openai", "gpt-5-mini", old)
    assert PriceTable(path).lookup("openai", "gpt-5-mini") == (False, None)


@pytest.mark.parametrize("content", ["{not json", '{"format": 1}', "[]",
                                     '{"format": 1, "source": "%s", "models": '
                                     '{"openai:x": {"starts": [5]}}}'])
def test_unreadable_table_is_ignored(tmp_path: Path, content: str) -> None:
    path = tmp_path / "prices.json"
    path.write_text(content.replace("%s", data_source()))
    assert PriceTable(path).lookup("openai", "x") == (False, None)


def test_table_is_kept_when_several_writers_store(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    one, two = PriceTable(path), PriceTable(path)
    rates = TieredRates((), (Decimal(1),), (Decimal(2),), (Decimal(3),), (Decimal(4),))
    one.store("openai", "a", rates)
    two.store("openai", "b", None)
    again = PriceTable(path)
    assert again.lookup("openai", "a") == (True, rates)
    assert again.lookup("openai", "b") == (True, None)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_price_data_without_a_folder_is_identified_by_the_program(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A frozen app: genai_prices is found, but its folder cannot be listed.
    import importlib.machinery

    from jarvis import pricetable

    spec = importlib.machinery.ModuleSpec("genai_prices", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path / "inside-the-archive")]
    monkeypatch.setattr(pricetable.importlib.util, "find_spec", lambda name: spec)
    first = pricetable.data_source()
    assert first not in ("", "missing")
    assert first == pricetable.data_source()
