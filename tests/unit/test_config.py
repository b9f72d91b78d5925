"""Config parsing: defaults, validation, and errors that name file and line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jarvis import config
from jarvis.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    cfg = config.load(tmp_path / "nope.toml")

    assert list(cfg.providers) == ["anthropic", "openai", "gemini"]
    assert cfg.fallback == ("anthropic", "openai", "gemini")
    assert cfg.limits.daily_usd == Decimal("5")
    assert cfg.default_provider == "anthropic"
    assert cfg.source is None


def test_full_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, """
fallback = ["ollama", "openai"]
system_prompt = "Be brief."
[providers.openai]
model = "gpt-5"
enabled = true
daily_usd = 1.5
[providers.ollama]
kind = "openai_compatible"
base_url = "http://127.0.0.1:11434/v1"
model = "llama3.2"
[limits]
daily_usd = "2.25"
monthly_usd = 20
on_limit = "refuse"
[tiers]
best = "openai:gpt-5"
""")
    cfg = config.load(path)

    assert cfg.fallback == ("ollama", "openai")
    assert cfg.default_provider == "ollama"
    assert cfg.providers["openai"].model == "gpt-5"
    assert cfg.providers["openai"].daily_usd == Decimal("1.5")
    ollama = cfg.providers["ollama"]
    assert (ollama.kind, ollama.needs_key) == ("openai_compatible", False)
    assert cfg.limits.daily_usd == Decimal("2.25")
    assert cfg.limits.on_limit == "refuse"
    assert cfg.tiers["best"] == ("openai", "gpt-5")
    assert cfg.system_prompt == "Be brief."


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("fallback = [\n", "line 1"),
        ('a = 1\n[limits\n', "line 2, column"),
        ('[limits]\ndaily_usd = "lots"\n', "line 2: limits.daily_usd"),
        ("[limits]\n\nmonthly_usd = -1\n", "line 3: limits.monthly_usd: must not"),
        ('fallback = ["nosuch"]\n', "line 1: fallback: unknown provider 'nosuch'"),
        ('[providers.x]\nkind = "openai_compatible"\nmodel = "m"\n',
         "line 1: providers.x.base_url: an OpenAI-compatible provider needs a "
         "base_url"),
        ('[limits]\ndaily_usd = 1\n\n[providers.foo]\nkind = "openai_compatible"\n',
         "line 4: providers.foo.model: a default model is required"),
        ('[providers.openai]\nbase_url = "ftp://x"\n',
         "line 2: providers.openai.base_url: must start with http"),
        ('[providers.openai]\nenabled = "yes"\n', "expected true or false"),
        ("[retry]\nattempts = 0\n", "retry.attempts: must be at least 1"),
        ('[limits]\non_limit = "maybe"\n', 'must be "wait" or "refuse"'),
        ('[tiers]\nbest = "nosuch:model"\n', "line 2: tiers.best"),
    ],
)
def test_errors_name_file_line_and_key(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = write(tmp_path, text)

    with pytest.raises(ConfigError) as caught:
        config.load(path)

    message = str(caught.value)
    assert message.startswith(str(path))
    assert fragment in message


def test_with_base_urls_points_each_kind(tmp_path: Path) -> None:
    cfg = config.default_config().with_base_urls({"gemini": "http://127.0.0.1:9/g"})

    assert cfg.providers["gemini"].base_url == "http://127.0.0.1:9/g"
    assert cfg.providers["openai"].base_url is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[limts]\ndaily_usd = 1\n", "line 1: limts: unknown setting"),
        ("[limits]\ndaily_cap = 0.0001\n", "line 2: limits.daily_cap: unknown setting"),
        ('fallbak = ["openai"]\n', "line 1: fallbak: unknown setting"),
        ('[providers.anthropic]\nmodle = "x"\n',
         "line 2: providers.anthropic.modle: unknown setting"),
        ("[limits]\ndaily_usd = nan\n", "limits.daily_usd: expected an amount"),
        ("[limits]\ndaily_usd = inf\n", "limits.daily_usd: expected an amount"),
        ("[limits]\nmonthly_usd = 1e400\n", "limits.monthly_usd: expected an amount"),
        ("temperature = 9\n", "line 1: temperature: must be between 0 and 2"),
        ("[retry]\nmax_delay_s = inf\n", "retry.max_delay_s: must be a number"),
    ],
)
def test_typos_and_impossible_values_are_errors(
    tmp_path: Path, text: str, fragment: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        config.load(write(tmp_path, text))

    assert fragment in str(caught.value)
