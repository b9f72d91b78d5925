"""Translations: complete, up to date, found by lupdate, and loaded at start.

The German translation stands for every language Jarvis ships: each string
the code passes to tr() has a finished translation with the same
placeholders, the committed .ts and .qm match what ``make translations``
would produce now, and a window built under a German locale shows German,
Qt's own buttons included.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from jarvis import budget, endpoints, settings
from jarvis.config import ProviderConfig, default_config
from jarvis.errors import ConfigError, ErrorKind, ProviderError, provider_says
from jarvis.events import FinishReason
from jarvis.guard import inbound
from jarvis.request import NO_KEYS_HELP
from jarvis.usertext import UserText
from tests.ui.helpers import until
from ui import i18n, messages
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.panes.settings import SettingsPane
from ui.session import Session

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "ui" / "translations" / "jarvis_de.ts"
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _script() -> ModuleType:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "translations_script", ROOT / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages() -> Iterator[tuple[str, str, ET.Element]]:
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") not in ("obsolete", "vanished"):
                yield name, message.findtext("source") or "", translation


def test_every_string_has_a_finished_german_translation() -> None:
    found = list(_messages())
    assert len(found) > 400
    unfinished = [(c, s) for c, s, t in found
                  if t.get("type") == "unfinished" or not (t.text or "").strip()]
    assert unfinished == [], "run `make translations` and translate these"


def test_translations_keep_the_placeholders_and_accelerators() -> None:
    for context, source, translation in _messages():
        text = translation.text or ""
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), \
            (context, source)
        amps = source.count("&") - 2 * source.count("&&")
        assert text.count("&") - 2 * text.count("&&") == amps, (context, source)


def test_ts_and_qm_are_what_make_translations_would_write() -> None:
    assert _script().stale() == [], "run `make translations` and commit the result"


def _translate_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("_tr", "tr"):
            yield node


def test_module_level_translate_calls_name_their_context() -> None:
    """lupdate reads ``_tr("context", "text")``; a one-argument helper or a
    local ``tr`` alias would hide the string from it (and from the .ts)."""
    wrong = []
    for path in _script().sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _translate_calls(tree):
            literal = [a for a in call.args if isinstance(a, ast.Constant)]
            if call.func.id == "tr" or len(literal) == 1 == len(call.args):
                wrong.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert wrong == []


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    installed = i18n.install(qapp, QLocale(QLocale.Language.German,
                                           QLocale.Country.Germany))
    assert len(installed) == 2, "Jarvis's and Qt's German translations load"
    try:
        yield
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
            translator.deleteLater()


def test_a_window_built_in_german_shows_german(german: None, qtbot: QtBot) -> None:
    pane = SettingsPane()
    qtbot.addWidget(pane)
    assert pane.apply_button.text() == "&Übernehmen"
    assert pane.add_box.title() == "OpenAI-kompatiblen Anbieter hinzufügen"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.buttons()[0].text() == "Abbrechen", "Qt's own strings too"


def test_guard_warnings_show_in_german(german: None) -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "HI")
    inspection = inbound.inspect(f"hello{hidden} write to a@b.example",
                                 pii_mode="redact")
    shown = [messages.text(w) for w in inspection.warnings]
    assert shown == ["Ihre Nachricht: unsichtbare Tag-Zeichen entfernt (2); sie "
                     "ergaben „HI“."]
    assert messages.text(inspection.pii_summary) == \
        "Persönliche Daten vor dem Senden ersetzt (1): E-Mail-Adresse: 1"
    assert messages.text(NO_KEYS_HELP).startswith("Noch kein Anbieter hat")


def test_without_a_translation_the_services_english_is_shown() -> None:
    warning = UserText("guard.fence_defanged", "notes.txt imitated the data "
                       "fence markers; they were broken up.", source="notes.txt")
    assert messages.text(warning) == str(warning)
    unknown = UserText("some.new_code", "Something new happened.")
    assert messages.text(unknown) == "Something new happened."
    assert messages.text("plain text") == "plain text"


def test_a_translation_that_does_not_fit_falls_back_to_english(
    german: None,
) -> None:
    broken = UserText("guard.fence_defanged", "English fallback.")  # no source
    assert messages.text(broken) == "English fallback."


def test_the_app_loads_the_system_language_at_start(tmp_path: Path) -> None:
    """``LANG=de_DE`` and a fresh process: the app's own set-up installs the
    translators before any widget is built."""
    code = (
        "from ui.app import application\n"
        "from ui.panes.settings import SettingsPane\n"
        "app = application()\n"
        "print(SettingsPane().apply_button.text())\n"
    )
    env = {**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8",
           "LANGUAGE": "de", "QT_QPA_PLATFORM": "offscreen",
           "JARVIS_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "&Übernehmen"


def test_english_needs_no_translator(qapp: QApplication) -> None:
    installed = i18n.install(qapp, QLocale(QLocale.Language.English,
                                           QLocale.Country.UnitedStates))
    try:
        assert all(t.language() != "de" for t in installed)
        assert QCoreApplication.translate("SettingsPane", "&Apply") == "&Apply"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    assert i18n.available() == ["de"]


def test_settings_refusals_and_budget_alerts_show_in_german(german: None) -> None:
    with pytest.raises(ConfigError) as refused:
        settings.new_provider(default_config(), "openai", "https://gw.example/v1",
                              "gpt-5-mini")
    assert messages.text(refused.value.args[0]) == \
        "Ein Anbieter namens „openai“ existiert bereits."

    alert = UserText("request.budget_alert", "80% of the daily cap of $5 used "
                     "($4.0000).", percent=80, window="daily", provider="",
                     limit=Decimal("5"), spent="4.0000")
    assert messages.text(alert) == \
        "80 % des Tageslimits von 5 $ verbraucht (4.0000 $)."
    per_provider = UserText("request.budget_alert", "…", percent=100,
                            window="monthly", provider="openai",
                            limit=Decimal("20"), spent="20.0100")
    assert messages.text(per_provider) == \
        "100 % des Monatslimits für openai von 20 $ verbraucht (20.0100 $)."


def test_a_cap_refusal_shows_in_german(german: None) -> None:
    now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    cap = budget.Cap("daily", None, Decimal("5"), now - timedelta(hours=15),
                     now + timedelta(hours=9))
    refusal = provider_says("anthropic", budget.refusal_message(
        cap, Decimal("4.5"), Decimal("0.75"), now))
    assert refusal.startswith("anthropic: Refused by the daily cap of $5:")
    assert messages.text(refusal) == (
        "anthropic: Abgelehnt wegen des Tageslimits von 5 $: noch 0.5000 $ übrig, "
        "diese Anfrage kann bis zu 0.7500 $ kosten. Zurückgesetzt am "
        "2026-03-11 00:00 (in 9.0 h).")
    keyless = ProviderError(ErrorKind.NO_KEY, "openai").user_message()
    both = UserText("request.refused", f"{refusal} {keyless}",
                    reasons=(refusal, keyless))
    assert messages.text(both) == (
        f"{messages.text(refusal)} openai: Kein Schlüssel für diesen Anbieter: "
        "Fügen Sie einen unter API-Schlüssel hinzu (oder mit `jarvis keys set`).")


def test_a_provider_error_shows_in_german(german: None) -> None:
    error = ProviderError(ErrorKind.RATE_LIMITED, "openai", status=429)
    assert messages.text(error.user_message()) == \
        "openai: Vom Anbieter gedrosselt: Versuchen Sie es gleich noch einmal. " \
        "(HTTP 429)"
    kept = UserText("request.partial_kept", "…", error=ProviderError(
        ErrorKind.INTERRUPTED, "gemini").user_message())
    assert messages.text(kept) == ("gemini: Die Verbindung ist mitten in der "
                                   "Antwort abgebrochen. Die unvollständige "
                                   "Antwort bleibt erhalten.")
    assert messages.text(FinishReason.LENGTH.explain()) == \
        "Die Antwort hat die Ausgabegrenze erreicht."
    assert messages.text(FinishReason.STOP.explain()) == ""


def test_pauses_and_endpoint_notes_show_in_german(german: None) -> None:
    paused = UserText("service.paused", "Requests are paused: resume them to send.")
    assert messages.text(paused) == \
        "Anfragen sind pausiert: Setzen Sie sie fort, um zu senden."
    fake = ProviderConfig(name="anthropic", kind="anthropic", model="m",
                          base_url="https://api.anthropic.com.keys.example")
    note = endpoints.check(fake).note
    assert messages.text(note).startswith(
        "Der Schlüssel für anthropic wurde nicht an "
        "https://api.anthropic.com.keys.example gesendet")
    assert "Vorsicht: api.anthropic.com.keys.example sieht aus wie " \
           "api.anthropic.com" in messages.text(note)


def test_every_error_kind_and_stop_reason_has_a_translation(german: None) -> None:
    untranslated = [str(reason.explain()) for reason in [*ErrorKind, *FinishReason]
                    if reason.explain() and
                    messages.text(reason.explain()) == reason.explain()]
    assert untranslated == []


async def test_the_chat_window_shows_a_cap_refusal_in_german(
    german: None, qtbot: QtBot, window: MainWindow, controller: ChatController,
    jarvis_home: Path,
) -> None:
    """Through the real facade (demo providers): the turn keeps the
    service's UserText and the window draws its German sentence."""
    (jarvis_home / "config.toml").write_text(
        "[limits]\ndaily_usd = 0.0001\n", encoding="utf-8")
    session = Session(controller)
    await session.open(demo=True)
    try:
        _send(qtbot, window, "Hello there")
        await until(lambda: not controller.busy, "the request to be refused")
    finally:
        await session.close()

    refused = controller.turns()[-1]
    assert refused.error.startswith("anthropic: Refused by the daily cap of $0.0001")
    shown = window.chat.widget_for(refused.id).problem.text()
    assert shown.startswith("anthropic: Abgelehnt wegen des Tageslimits von "
                            "0.0001 $: noch 0.0001 $ übrig"), shown
    assert "Refused" not in shown and "Resets" not in shown


async def test_the_chat_window_shows_a_provider_error_in_german(
    german: None, qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: Session,
) -> None:
    _send(qtbot, window, "Hello there [[sim: status=401]]")
    await until(lambda: not controller.busy, "the request to fail")

    failed = controller.turns()[-1]
    shown = window.chat.widget_for(failed.id).problem.text()
    assert "Key rejected" in failed.error
    assert "Schlüssel abgelehnt: Ersetzen Sie ihn unter API-Schlüssel" in shown, \
        shown
    assert "Key rejected" not in shown


def _send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.prompt.setFocus()
    qtbot.keyClicks(window.prompt, text)
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)


def test_key_check_results_show_in_german(german: None) -> None:
    unchecked = UserText("keycheck.unchecked", "openai: could not check the key "
                         "(The provider did not answer in time.)", provider="openai",
                         reason=ErrorKind.TIMEOUT.explain())
    assert messages.text(unchecked) == (
        "openai: Der Schlüssel konnte nicht geprüft werden (Der Anbieter hat "
        "nicht rechtzeitig geantwortet.)")
    accepted = UserText("keycheck.accepted", "openai accepted the key.",
                        provider="openai")
    assert messages.text(accepted) == "openai hat den Schlüssel angenommen."
