"""Adding an OpenAI-compatible provider: validated changes, endpoint risks."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarvis import settings
from jarvis.config import default_config
from jarvis.errors import ConfigError


@pytest.mark.parametrize(("url", "risks"), [
    ("http://localhost:11434/v1", ("loopback",)),
    ("http://127.0.0.1:8080/v1", ("loopback",)),
    ("https://gateway.example/v1", ()),
    ("http://gateway.example/v1", ("plain_http",)),
    ("https://api.openai.com.proxy.example/v1", ("lookalike:api.openai.com",)),
    ("https://my-claude-gw.example/v1", ("lookalike:api.anthropic.com",)),
    ("https://gemini-proxy.example/v1",
     ("lookalike:generativelanguage.googleapis.com",)),
])
def test_endpoint_risks_name_one_imitated_host(url: str,
                                               risks: tuple[str, ...]) -> None:
    assert settings.endpoint_risks(url) == risks


def test_a_new_provider_is_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n[limits]\ndaily_usd = 5\n", encoding="utf-8")
    changes = settings.new_provider(
        default_config(), " local ", "http://localhost:11434/v1", "llama3.2",
        models=["qwen3", " ", "llama3.2", "qwen3"], needs_key=False)

    config = settings.update(path, changes)

    local = config.providers["local"]
    assert (local.kind, local.base_url, local.model, local.needs_key) == \
        ("openai_compatible", "http://localhost:11434/v1", "llama3.2", False)
    assert local.models == ("llama3.2", "qwen3")
    assert local.approved_endpoint is None
    assert "# mine" in path.read_text(encoding="utf-8")


def test_an_approval_is_recorded_and_required_for_risky_hosts() -> None:
    url = "https://api.openai.com.proxy.example/v1"
    with pytest.raises(ConfigError, match="needs your approval"):
        settings.new_provider(default_config(), "gw", url, "gpt-5-mini")
    changes = settings.new_provider(default_config(), "gw", url, "gpt-5-mini",
                                    approved=True)
    assert changes["providers.gw.approved_endpoint"] == url
    # Without a key there is nothing to steal: no approval needed.
    keyless = settings.new_provider(default_config(), "gw", url, "gpt-5-mini",
                                    needs_key=False)
    assert "providers.gw.approved_endpoint" not in keyless


@pytest.mark.parametrize(("name", "url", "model", "problem"), [
    ("openai", "https://gw.example/v1", "m", "providers.new.name: a provider named"),
    ("my.gw", "https://gw.example/v1", "m", "providers.new.name: use 1-64"),
    ("", "https://gw.example/v1", "m", "providers.new.name: use 1-64"),
    ("gw", "gw.example/v1", "m", "providers.new.base_url: expected an address"),
    ("gw", "https://gw.example/v1", " ", "providers.new.model: a default model"),
])
def test_unusable_fields_are_refused_by_name(name: str, url: str, model: str,
                                             problem: str) -> None:
    with pytest.raises(ConfigError) as refused:
        settings.new_provider(default_config(), name, url, model)
    assert str(refused.value).startswith(problem)
