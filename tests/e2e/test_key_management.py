"""Test, replace and pause from the facade (the Keys pane and the tray)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarvis.events import Failed, ReplyDone
from jarvis.keys import KeyStore, NoSecureKeychain
from jarvis.service import Jarvis
from jarvis.simulator import Simulator
from tests.e2e.conftest import collect, write_config


async def test_check_key_reports_accepted_and_rejected(
    service: Jarvis, sim: Simulator
) -> None:
    good = await service.check_key("openai")
    bad = await service.check_key("openai", "fake-invalid-key-1234")

    assert good.valid is True and "accepted" in good.message
    assert bad.valid is False and "Key rejected" in bad.message
    assert [r.path.endswith("/models") for r in sim.requests] == [True, True]


async def test_replace_key_keeps_the_old_one_when_the_new_is_rejected(
    service: Jarvis, sim: Simulator
) -> None:
    verdict = await service.replace_key("openai", "fake-invalid-key-1234")

    assert verdict.valid is False
    assert len(sim.requests) == 1, "only the check went out"


async def test_replace_key_without_keychain_is_refused_not_written(
    service: Jarvis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from jarvis.keys import BackendStatus

    monkeypatch.setattr(service, "keys", KeyStore(
        None, BackendStatus("fail", False, "No keychain.")))

    with pytest.raises(NoSecureKeychain):
        await service.replace_key("openai", "a-new-valid-looking-key-99")


async def test_key_not_checked_against_an_unapproved_endpoint(
    home: Path, sim: Simulator
) -> None:
    write_config(home, sim)
    config = home / "config.toml"
    config.write_text(config.read_text().replace(
        f'base_url = "{sim.base_url("openai")}"',
        'base_url = "https://api.openai.com.check.example/v1"'))
    jarvis = await Jarvis.open(home=home)
    try:
        verdict = await jarvis.check_key("openai", "some-key-to-check-0001")
    finally:
        await jarvis.aclose()

    assert verdict.valid is False and "looks like api.openai.com" in verdict.message
    assert sim.requests == []


async def test_pause_refuses_new_requests_until_resumed(
    service: Jarvis, sim: Simulator
) -> None:
    service.pause(True)
    paused = await collect(service, "hello")
    service.pause(False)
    resumed = await collect(service, "hello")

    assert isinstance(paused[-1], Failed) and "paused" in paused[-1].message
    assert isinstance(resumed[-1], ReplyDone)
    assert len(sim.requests) == 1


async def test_settings_apply_without_restart(
    service: Jarvis, sim: Simulator
) -> None:
    first = await collect(service, "hello")
    service.router.breakers.get("anthropic").record_failure()

    await service.apply_settings({"limits.daily_usd": 0, "fallback": ("openai",)})
    refused = await collect(service, "hello")

    assert isinstance(first[-1], ReplyDone)
    assert isinstance(refused[-1], Failed) and refused[-1].kind == "refused"
    assert "daily cap of $0" in refused[-1].message
    assert service.config.fallback == ("openai",)
    assert len(sim.requests) == 1


async def test_invalid_settings_change_nothing(service: Jarvis) -> None:
    from jarvis.errors import ConfigError

    before = service.config
    with pytest.raises(ConfigError):
        await service.apply_settings({"limits.on_limit": "sometimes"})

    assert service.config is before
