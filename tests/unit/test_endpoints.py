"""Keys go only to their provider's official host unless approved."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jarvis import endpoints
from jarvis.config import default_config


def provider(name: str, url: str | None, approved: str | None = None):  # type: ignore[no-untyped-def]
    base = default_config().providers[name]
    return replace(base, base_url=url, approved_endpoint=approved)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("openai", None),
        ("openai", "https://api.openai.com/v1"),
        ("anthropic", "https://api.anthropic.com"),
        ("gemini", "https://generativelanguage.googleapis.com"),
    ],
)
def test_official_endpoints_are_allowed_silently(name: str, url: str | None) -> None:
    assert endpoints.check(provider(name, url)) == endpoints.Verdict(True)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/v1", "http://localhost:1/v1",
                                 "http://[::1]:9/v1"])
def test_loopback_is_allowed_with_a_note(url: str) -> None:
    verdict = endpoints.check(provider("openai", url))

    assert verdict.allowed and "stays on this machine" in verdict.note


@pytest.mark.parametrize(
    "url",
    ["https://api.openai.com.evil.example/v1", "https://api-openai.com/v1",
     "https://apl.openai.com/v1", "https://openai-proxy.example/v1"],
)
def test_lookalike_hosts_are_refused_with_a_warning(url: str) -> None:
    verdict = endpoints.check(provider("openai", url))

    assert not verdict.allowed
    assert "looks like api.openai.com" in verdict.note


def test_plain_http_to_the_official_host_is_refused() -> None:
    assert not endpoints.check(provider("openai", "http://api.openai.com/v1")).allowed


def test_unrelated_gateway_needs_approval_then_is_allowed() -> None:
    url = "https://llm-gateway.corp.example/v1"

    refused = endpoints.check(provider("openai", url))
    approved = endpoints.check(provider("openai", url, approved=url))
    other = endpoints.check(provider("openai", url, approved=url + "/other"))

    assert not refused.allowed and "looks like" not in refused.note
    assert "approved_endpoint" in refused.note
    assert approved.allowed and not other.allowed
