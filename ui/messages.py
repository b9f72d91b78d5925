"""The service's messages in the user's language.

``jarvis/`` speaks English and may not import Qt; a message the window
should translate arrives as a :class:`jarvis.usertext.UserText`, which
carries a code and its parameters next to the English text. :func:`text`
turns one into the sentence for the installed translation. A message with
no code, an unknown code, or no translation for the current language shows
the service's own English, so nothing is ever lost or half-translated.

Call :func:`text` before a message crosses a Qt signal typed ``str``: the
signal keeps the characters but drops the code.

A message made of other messages ("request.refused": one line per
provider) holds them as a tuple parameter; each is translated and the
lines are joined as the English joins them.

FIXME:i18n still English, because they are built as plain text: the rate
limiter's refusals and waiting reasons (jarvis/ratelimit.py), image-rule
skips (jarvis/vision.py), and config-file problems (jarvis/config.py,
which name file and line). A translated sentence may hold one of them as
a parameter ("{provider}: {reason}"), so such a line is half German.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from jarvis.errors import ErrorKind
from jarvis.usertext import UserText

log = logging.getLogger(__name__)

_CONTEXT = "messages"

# What went wrong (jarvis/errors.py), as ErrorKind.explain() says it.
_ERROR_KINDS: dict[ErrorKind, Any] = {
    ErrorKind.RATE_LIMITED: QT_TRANSLATE_NOOP(
        "messages", "Rate limited by the provider: try again shortly."),
    ErrorKind.OVERLOADED: QT_TRANSLATE_NOOP(
        "messages", "The provider is overloaded: try again shortly."),
    ErrorKind.SERVER: QT_TRANSLATE_NOOP(
        "messages", "The provider had a server error."),
    ErrorKind.TIMEOUT: QT_TRANSLATE_NOOP(
        "messages", "The provider did not answer in time."),
    ErrorKind.CONNECTION: QT_TRANSLATE_NOOP(
        "messages", "Could not reach the provider: check the network."),
    ErrorKind.INTERRUPTED: QT_TRANSLATE_NOOP(
        "messages", "The connection dropped in the middle of the reply."),
    ErrorKind.AUTH: QT_TRANSLATE_NOOP(
        "messages", "Key rejected: replace it in Keys (or `jarvis keys set`)."),
    ErrorKind.PERMISSION: QT_TRANSLATE_NOOP(
        "messages", "The key is not allowed to use this model."),
    ErrorKind.NOT_FOUND: QT_TRANSLATE_NOOP(
        "messages", "Model not found: pick another model."),
    ErrorKind.CONTEXT_TOO_LONG: QT_TRANSLATE_NOOP(
        "messages", "Conversation too long: start a new one or trim it."),
    ErrorKind.BAD_REQUEST: QT_TRANSLATE_NOOP(
        "messages", "The provider rejected the request."),
    ErrorKind.NO_KEY: QT_TRANSLATE_NOOP(
        "messages", "No key for this provider: add one in Keys (or `jarvis keys "
                    "set`)."),
    ErrorKind.ENDPOINT_NOT_APPROVED: QT_TRANSLATE_NOOP(
        "messages", "Key not sent: this endpoint is not the provider's and is "
                    "not approved."),
    ErrorKind.CIRCUIT_OPEN: QT_TRANSLATE_NOOP(
        "messages", "Paused after repeated failures; it will be tried again "
                    "shortly."),
    ErrorKind.REFUSED: QT_TRANSLATE_NOOP("messages", "Refused by a limit."),
    ErrorKind.INVALID_CHOICE: QT_TRANSLATE_NOOP(
        "messages", "That provider, model or tier cannot be used."),
    ErrorKind.SECRET: QT_TRANSLATE_NOOP(
        "messages", "The message contains a secret; it was not sent."),
    ErrorKind.ALL_FAILED: QT_TRANSLATE_NOOP("messages", "Every provider failed."),
    ErrorKind.CANCELLED: QT_TRANSLATE_NOOP("messages", "Stopped."),
    ErrorKind.INTERNAL: QT_TRANSLATE_NOOP("messages", "Internal error."),
    ErrorKind.STORAGE: QT_TRANSLATE_NOOP(
        "messages", "Could not save to the local database (disk full or "
                    "read-only folder)."),
}

# Why a reply stopped early (jarvis/events.py, FinishReason.explain()), by
# the reason's value: the events module loads with the service, after the
# window's first paint.
_FINISH_REASONS: dict[str, Any] = {
    "length": QT_TRANSLATE_NOOP(
        "messages", "The reply reached the output limit."),
    "safety": QT_TRANSLATE_NOOP(
        "messages", "The reply was blocked by the provider's safety filter."),
    "thinking_limit": QT_TRANSLATE_NOOP(
        "messages", "Output limit reached while thinking: no text."),
    "cancelled": QT_TRANSLATE_NOOP("messages", "Stopped."),
    "interrupted": QT_TRANSLATE_NOOP(
        "messages", "The reply was interrupted."),
    "other": QT_TRANSLATE_NOOP(
        "messages", "The provider ended the reply early."),
}

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
    "service.paused": QT_TRANSLATE_NOOP(
        "messages", "Requests are paused: resume them to send."),
    "error.provider": QT_TRANSLATE_NOOP("messages", "{provider}: {reason}"),
    "error.http_status": QT_TRANSLATE_NOOP(
        "messages", "{message} (HTTP {status})"),
    **{f"error.{kind.value}": source for kind, source in _ERROR_KINDS.items()},
    **{f"finish.{reason}": source for reason, source in _FINISH_REASONS.items()},
    "keycheck.accepted": QT_TRANSLATE_NOOP(
        "messages", "{provider} accepted the key."),
    "keycheck.unchecked": QT_TRANSLATE_NOOP(
        "messages", "{provider}: could not check the key ({reason})"),
    "router.retrying": QT_TRANSLATE_NOOP(
        "messages", "{message} Retrying in {seconds} s."),
    "router.circuit_open": QT_TRANSLATE_NOOP(
        "messages", "{provider}: paused after repeated failures; tried again in "
                    "about {wait}."),
    "router.rate_limited": QT_TRANSLATE_NOOP(
        "messages", "{provider}: rate limited, try again in about {wait}."),
    "budget.refused": QT_TRANSLATE_NOOP(
        "messages", "Refused by the {cap}: ${left} left, this request may cost "
                    "up to ${needed}. Resets {resets}."),
    "budget.resets_soon": QT_TRANSLATE_NOOP(
        "messages", "at {stamp} (in {hours} h)"),
    "budget.resets_later": QT_TRANSLATE_NOOP("messages", "on {stamp}"),
    "endpoint.approved": QT_TRANSLATE_NOOP(
        "messages", "Key sent to the approved endpoint {url}."),
    "endpoint.local": QT_TRANSLATE_NOOP(
        "messages", "Local endpoint {url}: traffic stays on this machine."),
    "endpoint.refused": QT_TRANSLATE_NOOP(
        "messages", "The {name} key was not sent to {url}: keys go only to "
                    "{official} unless you approve this endpoint "
                    "(approved_endpoint in config.toml)."),
    "endpoint.refused+lookalike": QT_TRANSLATE_NOOP(
        "messages", "The {name} key was not sent to {url}: keys go only to "
                    "{official} unless you approve this endpoint "
                    "(approved_endpoint in config.toml). Careful: {lookalike} "
                    "looks like {official} but is not it; look-alike hosts are "
                    "used to steal keys."),
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
    joiner = _JOINED.get(message.code)
    if joiner is not None:
        return joiner.join(text(line) for line in message.params["reasons"])
    variant = _VARIANTS.get(message.code, _plain)(message.params)
    source = _SOURCES.get(f"{message.code}{variant}")
    if source is None:
        return str(message)
    translated = _tr(str(source))
    if translated == source and not _nested(message):
        return str(message)  # no translation loaded: the service's English
    try:
        return translated.format(**_shown(message))
    except (KeyError, IndexError, ValueError):
        log.warning("translation of %s does not fit its parameters", message.code)
        return str(message)


def _nested(message: UserText) -> bool:
    """Whether ``message`` holds messages: a sentence the same in both
    languages ("{provider}: {reason}") still translates its parts."""
    return any(isinstance(value, UserText) or _is_lines(value)
               for value in message.params.values())


def _tr(source: str) -> str:
    return QCoreApplication.translate(_CONTEXT, source)


def _shown(message: UserText) -> dict[str, Any]:
    """The parameters as the translated sentence shows them."""
    params = {name: _value(value) for name, value in message.params.items()}
    if message.code == "guard.pii_redacted":
        params["kinds"] = ", ".join(
            f"{_tr(str(_PII_KINDS.get(kind, kind)))}: {count}"
            for kind, count in message.params["kinds"])
    if message.code == "request.budget_alert":
        params["cap"] = _cap(message.params)
    return params


def _value(value: Any) -> Any:
    if isinstance(value, UserText):
        return text(value)
    if _is_lines(value):  # messages the sentence lists, as the English joins them
        return "; ".join(text(line) for line in value)
    return value


def _is_lines(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


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
    "endpoint.refused": _when_set("lookalike"),
    "cap.daily": _when_set("provider"),
    "cap.monthly": _when_set("provider"),
}

# Messages that are only their lines, joined as the English joins them.
_JOINED: dict[str, str] = {"request.refused": " "}
