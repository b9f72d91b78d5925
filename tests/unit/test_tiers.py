"""Model tiers: the auto signals and resolving names to provider and model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jarvis.config import Config, default_config, load
from jarvis.errors import ConfigError, JarvisError
from jarvis.tiers import (
    AUTO,
    BEST_MIN_CHARS,
    FAST_MAX_CHARS,
    QUICK_ASK_TIER,
    AutoChoice,
    UnknownTierError,
    auto_choice,
    choose_auto,
    fallback_note,
    has_code,
    names,
    resolve,
)

DETAILED = "asks for a detailed answer"
PYTHON = """def area(r):
    return 3.14159 * r * r
"""


def with_best(tmp_path: Path) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(
        "[tiers]\n"
        'best = "anthropic:claude-opus-4-5"\n'
        'cheap = "gemini"\n',
        encoding="utf-8",
    )
    return load(path)


@pytest.mark.parametrize(
    ("prompt", "attachments", "expected"),
    [
        ("What is the capital of France?", 0, AutoChoice("fast", "short question")),
        ("x" * FAST_MAX_CHARS, 0, AutoChoice("fast", "short question")),
        (
            "x" * (FAST_MAX_CHARS + 1),
            0,
            AutoChoice("default", "medium-length prompt"),
        ),
        ("What is in this picture?", 1, AutoChoice("default", "has attachments")),
        ("word " * (BEST_MIN_CHARS // 5), 0, AutoChoice("best", "long prompt")),
        ("Why does this fail?\n" + PYTHON, 0, AutoChoice("best", "contains code")),
        ("Fix:\n```\nx = 1\n```", 0, AutoChoice("best", "contains code")),
        (
            "Explain in detail how TLS works.",
            0,
            AutoChoice("best", DETAILED),
        ),
        ("Solve it step-by-step.", 0, AutoChoice("best", DETAILED)),
        ("What are the TRADE-OFFS?", 2, AutoChoice("best", DETAILED)),
    ],
)
def test_auto_signals(prompt: str, attachments: int, expected: AutoChoice) -> None:
    assert auto_choice(prompt, attachments=attachments) == expected
    assert choose_auto(prompt, attachments=attachments) == expected.tier


@pytest.mark.parametrize(
    "prompt",
    [
        "How do I improve my sleep?",  # "improve" is not "prove"
        "Give me a recipe; something quick.",  # one semicolon is not code
        "The arrow => means implies.",  # a single code-like line
    ],
)
def test_plain_questions_stay_fast(prompt: str) -> None:
    assert choose_auto(prompt) == "fast"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PYTHON, True),
        ("~~~\nls -la\n~~~", True),
        ("const x = 1;\nconsole.log(x);", True),
        ("SELECT * FROM t\nWHERE id = 1;", True),
        ("Traceback (most recent call last):\n  File 'a.py', line 1", True),
        ("Dear Sam,\nthanks for the book.\nBest, Kim", False),
        ("Use `ls` to list files.", False),
    ],
)
def test_has_code(text: str, expected: bool) -> None:
    assert has_code(text) is expected


def test_resolve_named_tiers(tmp_path: Path) -> None:
    config = with_best(tmp_path)
    assert resolve("best", config) == ("best", "anthropic", "claude-opus-4-5")
    assert resolve("fast", config) == ("fast", "anthropic", "claude-haiku-4-5")
    assert resolve("default", config) == ("default", "anthropic", "claude-sonnet-4-5")
    assert resolve("cheap", config) == ("cheap", "gemini", "gemini-2.5-flash")


def test_resolve_ignores_case_and_spaces(tmp_path: Path) -> None:
    config = with_best(tmp_path)
    assert resolve("  Best ", config)[0] == "best"


def test_resolve_auto_uses_the_prompt(tmp_path: Path) -> None:
    config = with_best(tmp_path)
    assert resolve(AUTO, config, "hi") == ("fast", "anthropic", "claude-haiku-4-5")
    assert resolve(AUTO, config, "Explain in detail") == (
        "best",
        "anthropic",
        "claude-opus-4-5",
    )
    assert resolve(AUTO, config, "what is this?", attachments=1)[0] == "default"


def test_missing_best_falls_back_to_default() -> None:
    config = default_config()
    assert "best" not in config.tiers
    assert resolve("best", config) == ("default", "anthropic", "claude-sonnet-4-5")
    assert resolve(AUTO, config, PYTHON)[0] == "default"


def test_missing_default_uses_the_default_provider() -> None:
    config = replace(default_config(), tiers={}, fallback=("openai", "anthropic"))
    assert resolve("default", config) == ("default", "openai", "gpt-5-mini")
    assert resolve("fast", config) == ("default", "openai", "gpt-5-mini")
    assert resolve("best", config) == ("default", "openai", "gpt-5-mini")


def test_unknown_tier_names_the_choices() -> None:
    with pytest.raises(UnknownTierError) as caught:
        resolve("turbo", default_config())
    assert str(caught.value) == (
        'unknown tier "turbo": choose one of auto, fast, default, best'
    )
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, JarvisError)


def test_tier_with_unknown_provider_is_a_config_error() -> None:
    config = replace(default_config(), tiers={"odd": ("nowhere", "m")})
    with pytest.raises(ConfigError, match='"nowhere"'):
        resolve("odd", config)


def test_picker_names_and_quick_ask_default(tmp_path: Path) -> None:
    assert names(with_best(tmp_path)) == ["auto", "fast", "default", "best", "cheap"]
    assert QUICK_ASK_TIER == "fast"


def test_best_is_built_in_and_its_fallback_is_told() -> None:
    config = default_config()
    assert names(config) == ["auto", "fast", "default", "best"]
    assert fallback_note("Best", config) == (
        'tier "best" is not set in config.toml ([tiers] best = '
        '"provider:model"): using the default tier')
    assert fallback_note("auto", config) is None
    assert fallback_note("default", config) is None


def test_a_configured_best_needs_no_note(tmp_path: Path) -> None:
    config = with_best(tmp_path)
    assert fallback_note("best", config) is None
    assert resolve("best", config)[0] == "best"
