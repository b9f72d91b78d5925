"""The service's messages in the user's language.

``jarvis/`` speaks English and may not import Qt; a message the window
should translate arrives as a :class:`jarvis.usertext.UserText`, which
carries a code and its parameters next to the English text. :func:`text`
turns one into the sentence for the installed translation. A message with
no code, an unknown code, or no translation for the current language shows
the service's own English, so nothing is ever lost or half-translated.

Call :func:`text` before a message crosses a Qt signal typed ``str``: the
signal keeps the characters but drops the code.

FIXME:i18n still English, because they are built as plain text outside the
modules this covers: provider error kinds and stop reasons
(jarvis/errors.py, FinishReason.explain), cap refusals (jarvis/budget.py
via the router), endpoint notes (jarvis/endpoints.py), "requests are
paused" and waiting notices (jarvis/service.py, jarvis/router.py), and
config-file problems. Each needs a UserText where it is made and a line
here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from jarvis.usertext import UserText

log = logging.getLogger(__name__)

_CONTEXT = "messages"

# code -> the English source of its translated sentence, by variant.
_SOURCES: dict[str, Any] = {
    "guard.source.prompt": QT_TRANSLATE_NOOP("messages", "your message"),
    "guard.source.untrusted": QT_TRANSLATE_NOOP("messages", "untrusted content"),
    "guard.tags_removed": QT_TRANSLATE_NOOP(
        "messages", "{source}: removed invisible tag characters ({n})."),
    "guard.tags_removed+hidden": QT_TRANSLATE_NOOP(
        "messages", "{source}: removed invisible tag characters ({n}); they "
                    "spelled “{hidden}”."),
    "guard.selectors_removed": QT_TRANSLATE_NOOP(
        "messages", "{source}: removed invisible variation selectors ({n})."),
    "guard.selectors_removed+decoded": QT_TRANSLATE_NOOP(
        "messages", "{source}: removed invisible variation selectors ({n}); "
                    "they encoded “{decoded}”."),
    "guard.bidi_visible": QT_TRANSLATE_NOOP(
        "messages", "{source}: made text-direction controls visible ({n}, shown "
                    "as ⟦RLO⟧ and similar), so it reads as sent."),
    "guard.html_removed": QT_TRANSLATE_NOOP(
        "messages", "Removed from {source}: {items}"),
    "guard.instructions": QT_TRANSLATE_NOOP(
        "messages", "{source} may try to instruct the assistant ({reason}); it is "
                    "sent as data, not as instructions."),
    "guard.fence_defanged": QT_TRANSLATE_NOOP(
        "messages", "{source} imitated the data fence markers; they were broken "
                    "up."),
    "guard.pii_redacted": QT_TRANSLATE_NOOP(
        "messages", "Personal data replaced before sending ({n}): {kinds}"),
    "guard.secrets_held": QT_TRANSLATE_NOOP(
        "messages", "This message contains secrets ({n}): {labels}. It is not "
                    "sent unless you confirm."),
    "request.no_keys": QT_TRANSLATE_NOOP(
        "messages", "No provider has a key yet. Add one under API keys (or with "
                    "`jarvis keys set PROVIDER`), set ANTHROPIC_API_KEY, "
                    "OPENAI_API_KEY or GEMINI_API_KEY, or try demo mode: "
                    "`jarvis gui --demo`."),
    "request.internal": QT_TRANSLATE_NOOP(
        "messages", "Internal error: see the log file."),
    "request.partial_kept": QT_TRANSLATE_NOOP(
        "messages", "{error} The partial reply is kept."),
    "request.all_failed": QT_TRANSLATE_NOOP(
        "messages", "Every provider failed. {reasons}"),
    "request.budget_alert": QT_TRANSLATE_NOOP(
        "messages", "{percent}% of the {cap} used (${spent})."),
    "settings.name_bad": QT_TRANSLATE_NOOP(
        "messages", "Use 1-64 letters, digits, '_' or '-', starting with a letter "
                    "or digit."),
    "settings.name_taken": QT_TRANSLATE_NOOP(
        "messages", "A provider named “{name}” exists already."),
    "settings.url_bad": QT_TRANSLATE_NOOP(
        "messages", "Expected an address starting with http:// or https://."),
    "settings.model_missing": QT_TRANSLATE_NOOP(
        "messages", "A default model is required."),
    "settings.approval_needed": QT_TRANSLATE_NOOP(
        "messages", "This endpoint needs your approval before a key is sent to "
                    "it."),
    "cap.daily": QT_TRANSLATE_NOOP("messages", "daily cap of ${limit}"),
    "cap.monthly": QT_TRANSLATE_NOOP("messages", "monthly cap of ${limit}"),
    "cap.daily+provider": QT_TRANSLATE_NOOP(
        "messages", "{provider} daily cap of ${limit}"),
    "cap.monthly+provider": QT_TRANSLATE_NOOP(
        "messages", "{provider} monthly cap of ${limit}"),
}

# The guard's names for kinds of personal data (jarvis/guard/pii.py).
_PII_KINDS: dict[str, Any] = {
    "email address": QT_TRANSLATE_NOOP("messages", "email address"),
    "phone number": QT_TRANSLATE_NOOP("messages", "phone number"),
    "payment card number": QT_TRANSLATE_NOOP("messages", "payment card number"),
    "bank account number (IBAN)": QT_TRANSLATE_NOOP(
        "messages", "bank account number (IBAN)"),
    "US social security number": QT_TRANSLATE_NOOP(
        "messages", "US social security number"),
    "UK National Insurance number": QT_TRANSLATE_NOOP(
        "messages", "UK National Insurance number"),
}


def text(message: str) -> str:
    """``message`` in the user's language (its English when untranslated)."""
    if not isinstance(message, UserText):
        return message
    variant = _VARIANTS.get(message.code, _plain)(message.params)
    source = _SOURCES.get(f"{message.code}{variant}")
    if source is None:
        return str(message)
    translated = _tr(str(source))
    if translated == source:  # no translation loaded: the service's English
        return str(message)
    try:
        return translated.format(**_shown(message))
    except (KeyError, IndexError, ValueError):
        log.warning("translation of %s does not fit its parameters", message.code)
        return str(message)


def _tr(source: str) -> str:
    return QCoreApplication.translate(_CONTEXT, source)


def _shown(message: UserText) -> dict[str, Any]:
    """The parameters as the translated sentence shows them."""
    params = {name: text(value) if isinstance(value, UserText) else value
              for name, value in message.params.items()}
    if message.code == "guard.pii_redacted":
        params["kinds"] = ", ".join(
            f"{_tr(str(_PII_KINDS.get(kind, kind)))}: {count}"
            for kind, count in message.params["kinds"])
    if message.code == "request.budget_alert":
        params["cap"] = _cap(message.params)
    return params


def _cap(params: Mapping[str, Any]) -> str:
    variant = "+provider" if params.get("provider") else ""
    source = _SOURCES.get(f"cap.{params['window']}{variant}")
    if source is None:
        return str(params["window"])
    return _tr(str(source)).format(provider=params.get("provider", ""),
                                   limit=params["limit"])


def _plain(_params: Mapping[str, Any]) -> str:
    return ""


def _when_set(name: str) -> Callable[[Mapping[str, Any]], str]:
    def variant(params: Mapping[str, Any]) -> str:
        return f"+{name}" if params.get(name) else ""
    return variant


_VARIANTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "guard.tags_removed": _when_set("hidden"),
    "guard.selectors_removed": _when_set("decoded"),
}
