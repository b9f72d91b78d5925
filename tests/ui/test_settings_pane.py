"""The settings form against the real facade: shown values, apply, refusals.

Out of demo mode (settings cannot change in demo mode), on a config.toml
that points the providers at the simulator. Applying writes the file
through :meth:`jarvis.service.Jarvis.apply_settings` and takes effect at
once: the next request sees the new cap.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from jarvis.events import Failed, ReplyDone
from jarvis.service import Jarvis
from jarvis.simulator import Simulator
from tests.ui import pane_fixtures
from tests.ui.helpers import until
from tests.ui.pane_fixtures import ask
from ui.panes.settings import SettingsPane

# The shared fixtures, bound here so pytest finds them.
env_keys = pane_fixtures.env_keys
real_jarvis = pane_fixtures.real_jarvis
sim = pane_fixtures.sim


def _pane(qtbot: QtBot, jarvis: Jarvis) -> SettingsPane:
    pane = SettingsPane()
    qtbot.addWidget(pane)
    pane.attach(jarvis)
    pane.show()
    return pane


def _type(qtbot: QtBot, pane: SettingsPane, key: str, text: str) -> None:
    edit = pane.fields[key].widget
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


async def _apply(pane: SettingsPane) -> None:
    results: list[bool] = []
    pane.applied.connect(lambda ok, _message: results.append(ok))
    pane.apply_button.click()
    await until(lambda: results and not pane._tasks.busy, "apply to finish")


async def test_fields_show_the_config_in_use(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)
    config = real_jarvis.config

    assert pane.isEnabled()
    assert pane.fields["limits.daily_usd"].text() == "5"
    assert pane.fields["limits.monthly_usd"].text() == "50"
    assert pane.fields["limits.max_tokens"].text() == "2048"
    assert pane.fields["cache.enabled"].text() == "true"
    assert pane.fields["cache.ttl_s"].text() == "3600"
    assert pane.fields["privacy.pii"].text() == "redact"
    assert pane.fields["privacy.retention_days"].text() == ""
    assert pane.fields["providers.openai.rpm"].text() == ""
    assert pane.fields["providers.openai.base_url"].text() == \
        config.providers["openai"].base_url
    provider, model = config.tiers["fast"]
    assert pane.fields["tiers.fast"].text() == f"{provider}:{model}"
    assert pane.fallback_order() == config.fallback
    assert pane.changes() == {}


async def test_a_cap_change_is_written_and_refuses_the_next_ask(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path
) -> None:
    pane = _pane(qtbot, real_jarvis)
    done = await ask(real_jarvis, "before", provider="openai")
    assert isinstance(done[-1], ReplyDone)

    _type(qtbot, pane, "limits.daily_usd", "0")
    assert pane.changes() == {"limits.daily_usd": Decimal("0")}
    await _apply(pane)

    assert pane.status_label.text() == "Settings applied; they are in use now."
    text = (jarvis_home / "config.toml").read_text(encoding="utf-8")
    assert "# my Jarvis settings" in text, "comments are kept"
    assert 'daily_usd = "0"' in text
    assert real_jarvis.config.limits.daily_usd == Decimal("0")
    assert pane.fields["limits.daily_usd"].original == "0"
    after = await ask(real_jarvis, "after", provider="openai")
    assert isinstance(after[-1], Failed)
    assert "daily cap" in after[-1].message


async def test_a_refused_value_is_explained_next_to_its_field(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path
) -> None:
    before = (jarvis_home / "config.toml").read_text(encoding="utf-8")
    pane = _pane(qtbot, real_jarvis)

    _type(qtbot, pane, "limits.daily_usd", "-2")
    await _apply(pane)

    field = pane.fields["limits.daily_usd"]
    assert not field.error.isHidden()
    assert field.error.text() == "must not be negative"
    assert pane.status_label.text().startswith("Not applied:")
    assert "limits.daily_usd" in pane.status_label.text()
    assert field.text() == "-2", "the typed value stays, to be fixed"
    assert (jarvis_home / "config.toml").read_text(encoding="utf-8") == before
    assert real_jarvis.config.limits.daily_usd == Decimal("5")

    _type(qtbot, pane, "providers.openai.rpm", "lots")
    _type(qtbot, pane, "limits.daily_usd", "3")
    await _apply(pane)
    rpm = pane.fields["providers.openai.rpm"]
    assert rpm.error.text() == "expected a whole number"
    assert field.error.isHidden(), "the fixed field's old problem is gone"
    assert real_jarvis.config.limits.daily_usd == Decimal("5"), "all or nothing"


async def test_fallback_order_cache_and_privacy_apply_without_restart(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)

    pane.fallback_list.setCurrentRow(2)
    pane.move_fallback(-1)
    pane.move_fallback(-1)
    cache = pane.fields["cache.enabled"].widget
    assert isinstance(cache, QCheckBox)
    cache.click()
    _type(qtbot, pane, "cache.ttl_s", "120")
    _type(qtbot, pane, "privacy.retention_days", "30")
    _type(qtbot, pane, "providers.gemini.tpm", "9000")
    await _apply(pane)

    config = real_jarvis.config
    assert pane.status_label.property("tone") == "ok", pane.status_label.text()
    assert config.fallback == ("gemini", "anthropic", "openai")
    assert real_jarvis.providers()[0].name == "gemini"
    assert config.cache.enabled is False and config.cache.ttl_s == 120
    assert config.privacy.retention_days == 30
    assert config.providers["gemini"].tpm == 9000
    assert pane.changes() == {}

    _type(qtbot, pane, "privacy.retention_days", "")
    await _apply(pane)
    assert real_jarvis.config.privacy.retention_days is None, "back to default"


async def test_custom_endpoint_warns_on_lookalike_and_needs_approval(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)
    url = "https://api.openai-keys.example/v1"
    note = pane._endpoint_notes["openai"]

    _type(qtbot, pane, "providers.openai.base_url", url)
    assert "looks like api.openai.com" in note.text()
    await _apply(pane)
    info = next(p for p in real_jarvis.providers() if p.name == "openai")
    assert "was not sent" in info.endpoint_note
    assert "was not sent" in note.text()

    _type(qtbot, pane, "providers.openai.approved_endpoint", url)
    await _apply(pane)
    info = next(p for p in real_jarvis.providers() if p.name == "openai")
    assert real_jarvis.config.providers["openai"].approved_endpoint == url
    assert info.endpoint_note == f"Key sent to the approved endpoint {url}."
    assert info.endpoint_note in note.text()


async def test_demo_mode_shows_settings_read_only(
    qtbot: QtBot, jarvis_home: Path
) -> None:
    jarvis = await Jarvis.open(home=jarvis_home, demo=True)
    try:
        pane = _pane(qtbot, jarvis)
        assert not pane.isEnabled()
        assert "demo mode" in pane.status_label.text()
        assert pane.fields["limits.daily_usd"].text() == "5"
    finally:
        await jarvis.aclose()


async def test_revert_drops_unapplied_edits(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path
) -> None:
    before = (jarvis_home / "config.toml").read_text(encoding="utf-8")
    pane = _pane(qtbot, real_jarvis)
    _type(qtbot, pane, "limits.monthly_usd", "7")
    pane.fallback_list.setCurrentRow(0)
    pane.move_fallback(1)
    assert set(pane.changes()) == {"limits.monthly_usd", "fallback"}

    pane.revert_button.click()

    assert pane.changes() == {}
    assert pane.fields["limits.monthly_usd"].text() == "50"
    assert pane.fallback_order() == real_jarvis.config.fallback
    assert (jarvis_home / "config.toml").read_text(encoding="utf-8") == before

    pane.apply_button.click()
    assert pane.status_label.text() == "Nothing to apply: no setting changed."


async def test_every_field_has_a_label_and_a_clean_accessible_name(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)

    for key, field in pane.fields.items():
        name = field.widget.accessibleName()
        assert name and "&" not in name, key
    assert pane.fields["limits.daily_usd"].widget.accessibleName() == \
        "Daily cap (USD)"


def _pick(combo: QComboBox, value: str) -> None:
    """Choose the item whose config value is ``value``, with the keyboard."""
    combo.setFocus()
    while combo.currentData() != value:
        before = combo.currentIndex()
        QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{value!r} not offered"


async def test_retries_breaker_and_on_limit_apply_without_restart(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path
) -> None:
    pane = _pane(qtbot, real_jarvis)
    assert pane.fields["retry.attempts"].text() == "3"
    assert pane.fields["breaker.cooldown_s"].text() == "30"
    assert pane.fields["limits.on_limit"].text() == "wait"
    on_limit = pane.fields["limits.on_limit"].widget
    assert isinstance(on_limit, QComboBox)
    assert on_limit.currentText() == "wait until the rate limit allows it"

    _type(qtbot, pane, "retry.attempts", "1")
    _type(qtbot, pane, "retry.retry_after_ceiling_s", "12.5")
    _type(qtbot, pane, "breaker.failures", "2")
    _pick(on_limit, "refuse")
    await _apply(pane)

    config = real_jarvis.config
    assert config.retry.attempts == 1
    assert config.retry.retry_after_ceiling_s == 12.5
    assert config.breaker.failures == 2
    assert config.limits.on_limit == "refuse"
    assert real_jarvis.router.breakers.get("openai") is not None
    text = (jarvis_home / "config.toml").read_text(encoding="utf-8")
    assert 'on_limit = "refuse"' in text and "attempts = 1" in text
    assert pane.status_label.text() == "Settings applied; they are in use now."
    assert pane.changes() == {}


async def test_a_bad_retry_value_is_refused_next_to_its_field(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)

    _type(qtbot, pane, "retry.attempts", "0")
    _type(qtbot, pane, "breaker.window_s", "-1")
    await _apply(pane)

    attempts = pane.fields["retry.attempts"]
    assert attempts.error.text() == "must be at least 1"
    assert not attempts.error.isHidden()
    assert real_jarvis.config.retry.attempts == 3, "nothing applied"

    _type(qtbot, pane, "retry.attempts", "2")
    await _apply(pane)
    assert pane.fields["breaker.window_s"].error.text() == \
        "must be a number greater than 0"


async def test_a_disabled_provider_is_skipped_at_once(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)
    enabled = pane.fields["providers.anthropic.enabled"].widget
    assert isinstance(enabled, QCheckBox) and enabled.isChecked()

    enabled.setFocus()
    qtbot.keyClick(enabled, Qt.Key.Key_Space)
    await _apply(pane)

    assert real_jarvis.config.providers["anthropic"].enabled is False
    events = await ask(real_jarvis, "hello")
    done = [e for e in events if isinstance(e, ReplyDone)]
    assert done and done[0].reply.provider == "openai", "the next one answered"

    enabled.setFocus()
    qtbot.keyClick(enabled, Qt.Key.Key_Space)
    await _apply(pane)
    assert real_jarvis.config.providers["anthropic"].enabled is True


async def test_unticked_providers_leave_the_fallback_order(
    qtbot: QtBot, real_jarvis: Jarvis, jarvis_home: Path
) -> None:
    pane = _pane(qtbot, real_jarvis)
    gemini = pane.fallback_list.item(2)
    gemini.setCheckState(Qt.CheckState.Unchecked)
    assert pane.changes() == {"fallback": ("anthropic", "openai")}
    await _apply(pane)
    assert real_jarvis.config.fallback == ("anthropic", "openai")
    assert pane.fallback_list.count() == 3, "the unticked one stays listed"
    assert pane.fallback_list.item(2).checkState() == Qt.CheckState.Unchecked

    before = (jarvis_home / "config.toml").read_text(encoding="utf-8")
    for row in range(2):
        pane.fallback_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    pane.apply_button.click()
    assert not pane.fallback_error.isHidden()
    assert "tick at least one provider" in pane.fallback_error.text()
    assert (jarvis_home / "config.toml").read_text(encoding="utf-8") == before


def _fill_new(qtbot: QtBot, pane: SettingsPane, name: str, url: str,
              model: str = "local-model") -> None:
    box = pane.add_box
    for edit, text in ((box.name_edit, name), (box.url_edit, url),
                       (box.model_edit, model)):
        edit.clear()
        qtbot.keyClicks(edit, text)


async def _add(pane: SettingsPane) -> None:
    results: list[bool] = []
    pane.providerAdded.connect(lambda ok, _message: results.append(ok))
    pane.add_box.add_button.click()
    await until(lambda: results and not pane._tasks.busy, "the provider to be added")


async def test_a_local_openai_compatible_provider_is_added_and_answers(
    qtbot: QtBot, real_jarvis: Jarvis, sim: Simulator
) -> None:
    pane = _pane(qtbot, real_jarvis)
    box = pane.add_box
    url = sim.base_url("openai")
    _fill_new(qtbot, pane, "local", url, "gpt-5-mini")
    qtbot.keyClicks(box.models_edit, "gpt-4.1-mini, gpt-5-mini")
    box.needs_key.setChecked(False)
    assert box.note.text() == "Local endpoint: traffic stays on this machine."
    assert box.approve.isHidden(), "nothing to approve on loopback"

    await _add(pane)

    local = real_jarvis.config.providers["local"]
    assert (local.kind, local.base_url, local.needs_key) == \
        ("openai_compatible", url, False)
    assert local.models == ("gpt-5-mini", "gpt-4.1-mini")
    assert "providers.local.enabled" in pane.fields, "it got its own box"
    assert pane.status_label.text().startswith("Provider local added.")
    assert box.name_edit.text() == ""
    events = await ask(real_jarvis, "hello", provider="local", fallback=False)
    done = [e for e in events if isinstance(e, ReplyDone)]
    assert done and done[0].reply.provider == "local"


async def test_a_lookalike_endpoint_needs_an_explicit_approval(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)
    box = pane.add_box
    url = "https://api.openai.com.proxy.example/v1"
    _fill_new(qtbot, pane, "gateway", url, "gpt-5-mini")
    assert "looks like api.openai.com" in box.note.text()
    assert not box.approve.isHidden()

    box.add_button.click()
    assert "needs your approval" in box.error.text()
    assert "gateway" not in real_jarvis.config.providers

    box.approve.setChecked(True)
    await _add(pane)
    gateway = real_jarvis.config.providers["gateway"]
    assert gateway.approved_endpoint == url and gateway.needs_key


async def test_a_new_provider_with_a_taken_or_bad_name_is_refused(
    qtbot: QtBot, real_jarvis: Jarvis
) -> None:
    pane = _pane(qtbot, real_jarvis)
    box = pane.add_box

    _fill_new(qtbot, pane, "openai", "http://127.0.0.1:9/v1")
    box.add_button.click()
    assert box.error.text() == "a provider named 'openai' exists"

    _fill_new(qtbot, pane, "my.gateway", "http://127.0.0.1:9/v1")
    box.add_button.click()
    assert box.error.text().startswith("use 1-64 letters")

    _fill_new(qtbot, pane, "mine", "ftp://127.0.0.1/v1")
    box.add_button.click()
    assert box.error.text().startswith("expected an address")
    assert set(real_jarvis.config.providers) == {"anthropic", "openai", "gemini"}
