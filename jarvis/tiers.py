"""Model tiers: named (provider, model) choices, and the ``auto`` pick.

``[tiers]`` in the config maps names to ``"provider:model"``. Three tiers are
built in: ``fast`` and ``default`` always have a model, and ``best`` is one
only when ``[tiers] best`` sets it; users add more. Asking for ``best``
without it uses ``default``, and :func:`fallback_note` says so (the CLI
prints it), so help, error messages and pickers all list the same three.
Quick-ask uses ``fast``. ``auto`` picks a tier from a few visible signals of
the prompt, in this order:

1. ``best``: the prompt asks for depth ("in detail", "detailed",
   "step by step", "in depth", "thoroughly", "comprehensive", "prove",
   "derive", "compare and contrast", "trade-offs"), contains code (a fenced
   block, a Python traceback, or at least two lines that look like code),
   or is long (4,000 characters or more);
2. ``default``: there are attachments, or the prompt is over 280 characters;
3. ``fast``: anything else (a short plain question).

A missing ``best`` or ``fast`` tier falls back to ``default``. The pick is
only a suggestion: choosing a tier explicitly always wins. This module does
not check keys, breakers or whether a provider is enabled; the router does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from jarvis.config import Config
from jarvis.errors import ChoiceError, ConfigError

log = logging.getLogger(__name__)

AUTO = "auto"
QUICK_ASK_TIER = "fast"
FAST_MAX_CHARS = 280
BEST_MIN_CHARS = 4000
CODE_MIN_LINES = 2

_FALLBACK = {"best": "default", "fast": "default"}
BUILT_IN = ("fast", "default", "best")

_DEPTH = re.compile(
    r"\b(in\s+detail|detailed|step[\s-]+by[\s-]+step|in[\s-]+depth|thoroughly"
    r"|comprehensive|prove|derive|compare\s+and\s+contrast|trade-?offs?)\b",
    re.IGNORECASE,
)
# A fence or a Python traceback is code on its own; other lines need company.
_BLOCK = re.compile(
    r"^\s*(```|~~~)|^Traceback \(most recent call last\)", re.MULTILINE
)
_CODE_LINE = re.compile(
    r"^\s*(def |class |import |from \S+ import |return\b|function\b|const |let "
    r"|var |#include|fn |func |public |private |SELECT |INSERT |UPDATE )"
    r"|[;{}]\s*$|=>|^\s*(if|for|while)\b.*[:{]\s*$"
)


class UnknownTierError(ChoiceError, ValueError):
    """The requested tier is not configured."""


@dataclass(frozen=True, slots=True)
class AutoChoice:
    """What ``auto`` picked and why, in words the UI can show."""

    tier: str
    reason: str


def auto_choice(prompt: str, *, attachments: int = 0) -> AutoChoice:
    """Pick a tier for ``prompt`` from the documented signals."""
    if _DEPTH.search(prompt):
        return AutoChoice("best", "asks for a detailed answer")
    if has_code(prompt):
        return AutoChoice("best", "contains code")
    if len(prompt) >= BEST_MIN_CHARS:
        return AutoChoice("best", "long prompt")
    if attachments > 0:
        return AutoChoice("default", "has attachments")
    if len(prompt) > FAST_MAX_CHARS:
        return AutoChoice("default", "medium-length prompt")
    return AutoChoice("fast", "short question")


def choose_auto(prompt: str, *, attachments: int = 0) -> str:
    """The tier name ``auto`` picks for ``prompt``."""
    return auto_choice(prompt, attachments=attachments).tier


def has_code(prompt: str) -> bool:
    """A fenced block, a traceback, or two lines that look like source code."""
    if _BLOCK.search(prompt):
        return True
    lines = prompt.splitlines()
    return sum(1 for line in lines if _CODE_LINE.search(line)) >= CODE_MIN_LINES


def names(config: Config) -> list[str]:
    """Tier names for a picker: ``auto``, the built-in ones, then the others."""
    extra = [t for t in config.tiers if t.lower() not in BUILT_IN]
    return [AUTO, *BUILT_IN, *extra]


def fallback_note(tier: str, config: Config) -> str | None:
    """Words saying a tier asked for by name is not set and what is used.

    None for ``auto`` (its fallback is part of its rules), a configured
    tier or an unknown one (:func:`resolve` raises for that).
    """
    wanted = tier.strip().lower()
    if wanted not in _FALLBACK or _configured(wanted, config) is not None:
        return None
    used = _FALLBACK[wanted]
    return (f'tier "{wanted}" is not set in config.toml ([tiers] {wanted} = '
            f'"provider:model"): using the {used} tier')


def resolve(
    tier_or_auto: str, config: Config, prompt: str = "", attachments: int = 0
) -> tuple[str, str, str]:
    """The (tier, provider, model) to use.

    Args:
        tier_or_auto: a configured tier name (any case) or ``"auto"``.
        config: the loaded config.
        prompt: the user's text, for ``auto``.
        attachments: how many files come with it, for ``auto``.

    Returns:
        The tier actually used (after falling back from a missing ``best``
        or ``fast`` to ``default``), its provider and its model.

    Raises:
        UnknownTierError: no such tier; the message lists the known ones.
        ConfigError: the tier names a provider that is not configured.
    """
    wanted = tier_or_auto.strip().lower()
    if wanted == AUTO:
        wanted = choose_auto(prompt, attachments=attachments)
    tier = _configured(wanted, config)
    if tier is None and wanted in _FALLBACK:
        log.debug("tier %s not configured: using default", wanted)
        tier = _configured(_FALLBACK[wanted], config)
    if tier is None and wanted in (*_FALLBACK, "default"):
        provider = config.default_provider
        return ("default", provider, config.providers[provider].model)
    if tier is None:
        known = ", ".join(names(config))
        raise UnknownTierError(
            f'unknown tier "{tier_or_auto.strip()}": choose one of {known}'
        )
    provider, model = config.tiers[tier]
    if provider not in config.providers:
        raise ConfigError(f'tier "{tier}" uses unknown provider "{provider}"')
    return (tier, provider, model or config.providers[provider].model)


def _configured(name: str, config: Config) -> str | None:
    """The configured tier called ``name``, ignoring case."""
    for tier in config.tiers:
        if tier.lower() == name:
            return tier
    return None
