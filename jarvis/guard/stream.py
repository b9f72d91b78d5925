"""The filter every chunk of a model reply passes through before it is shown
or stored.

Owns :class:`ReplyFilter`. It redacts secrets in the reply, also when a
secret arrives split over several chunks, and swaps PII placeholders such as
``⟦EMAIL_1⟧`` back to the user's values, also when a placeholder is split.

To do that it holds back the shortest tail of the text seen so far that
could still grow into a secret or a placeholder, and nothing else: for each
secret shape it asks the ``regex`` module for a partial match that reaches
the end of the text, and releases everything before the earliest one. In
ordinary prose that tail is empty or a few characters (a word that could be
the start of ``token:`` or ``sk-``); a token that really is turning into a
key is held until it ends, then released as ``[redacted GitHub token]``.

The facade shows and stores the concatenation of what :meth:`feed` and
:meth:`flush` return, so the displayed and the stored reply are the same.

Does not own: rendering (links, images: the UI) or inbound text
(:mod:`jarvis.guard.inbound`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from jarvis.guard.findings import Finding
from jarvis.guard.pii import PLACEHOLDER, Redactor
from jarvis.guard.secrets import (
    AWS_PROXIMITY,
    aws_secret_pattern,
    describe,
    find_secrets,
    hold_patterns,
    known_keys_pattern,
)

if TYPE_CHECKING:
    import regex

logger = logging.getLogger(__name__)

# Original (unredacted) text kept after release, in memory only, so that an
# AWS secret key can be recognised next to an access key id sent earlier.
CONTEXT_CHARS: Final = AWS_PROXIMITY + 40
# The most a growing secret may hold back. Real private key blocks stay well
# under it (an RSA 4096 PEM is about 3.3 kB); a reply that keeps a block open
# past it is released, with what is secret so far redacted, so that an
# endless "key" cannot freeze the display or cost quadratic rescans.
MAX_HOLD: Final = 8192


# Compiled at the first reply, not at import: ``regex`` is ~2.5 MB that an
# idle window does not need (the secret patterns load the same way).
@functools.cache
def _placeholder_prefix() -> regex.Pattern[str]:
    import regex

    return regex.compile(PLACEHOLDER.pattern)


@functools.cache
def _aws_key_id() -> regex.Pattern[str]:
    import regex

    return regex.compile(r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}")


class ReplyFilter:
    """Redacts secrets and restores placeholders in a streamed reply.

    Args:
        known_keys: the user's configured keys, redacted by exact match.
        redactor: the conversation's PII redactor, or None when PII
            redaction is off (placeholders are then left as they are).
    """

    def __init__(
        self, known_keys: Iterable[str] = (), redactor: Redactor | None = None
    ) -> None:
        self._known_keys = tuple(known_keys)
        self._patterns = list(hold_patterns())
        known = known_keys_pattern(self._known_keys)
        if known is not None:
            self._patterns.append(known)
        self._redactor = redactor
        self._pending = ""
        self._context = ""
        self._placeholder_tail = ""
        self._growing: regex.Pattern[str] | None = None
        self.redacted: list[str] = []

    @property
    def held(self) -> int:
        """How many characters are held back right now."""
        return len(self._pending) + len(self._placeholder_tail)

    def feed(self, chunk: str) -> str:
        """The text that is safe to show now, given the next chunk."""
        return self._restore(self._release(chunk, final=False), final=False)

    def flush(self) -> str:
        """Everything still held, redacted; call once when the reply ends."""
        return self._restore(self._release("", final=True), final=True)

    def _release(self, chunk: str, *, final: bool) -> str:
        text = self._context + self._pending + chunk
        offset = len(self._context)
        if len(text) - offset > MAX_HOLD:
            final = True
            logger.warning("a reply held back more than %d characters; released",
                           MAX_HOLD)
        cut = len(text) if final else self._open_start(text, offset)
        if cut == offset:  # all of it may still be a secret: nothing to show
            self._pending = text[offset:]
            return ""
        findings = [f for f in find_secrets(text, self._known_keys)
                    if f.end > offset]
        for finding in findings:
            # Only findings that start in unshown text can hold the cut. One
            # that began in text already shown (an AWS secret key recognised
            # only once its key id arrives) has its unshown part redacted.
            if offset <= finding.start < cut < finding.end:
                cut = finding.start
        out = _replace(text, offset, cut, findings, self.redacted)
        self._pending = text[cut:]
        self._context = text[max(0, cut - CONTEXT_CHARS):cut]
        return out

    def _open_start(self, text: str, offset: int) -> int:
        """Start of the earliest match that could still grow (see module doc).

        Nothing that starts before the previous hold can become open again,
        so while one secret keeps growing only its own pattern is re-checked
        from the start of the hold: a long key block costs one anchored match
        per chunk, not a scan with every pattern.
        """
        growing = self._growing
        if growing is not None:
            match = growing.match(text, offset, partial=True)
            if match is not None and _could_grow(text, match):
                return offset
        patterns = self._patterns
        if _aws_key_id().search(text):
            patterns = [*patterns, aws_secret_pattern()]
        earliest, self._growing = len(text), None
        for pattern in patterns:
            for match in pattern.finditer(text, offset, partial=True):
                if match.start() < match.end() and _could_grow(text, match):
                    if match.start() < earliest:
                        earliest = match.start()
                        self._growing = pattern if earliest <= offset else None
                    break
        return max(offset, earliest)

    def _restore(self, text: str, *, final: bool) -> str:
        if self._redactor is None:
            return text
        text = self._placeholder_tail + text
        cut = len(text)
        if not final:
            start = text.rfind("⟦")
            if start >= 0 and _placeholder_prefix().fullmatch(text[start:],
                                                            partial=True):
                cut = start
        self._placeholder_tail = text[cut:]
        return self._redactor.restore(text[:cut])


def _could_grow(text: str, match: regex.Match[str]) -> bool:
    """Whether more text could extend the match: it reaches the end, or only
    whitespace follows it (a key block's next line may still come)."""
    rest = text[match.end():]
    return not rest or rest.isspace()


def _replace(
    text: str, offset: int, cut: int, findings: list[Finding], log: list[str]
) -> str:
    """``text[offset:cut]`` with every finding inside it replaced."""
    parts: list[str] = []
    cursor = offset
    for finding in findings:
        start, end = max(offset, finding.start), min(cut, finding.end)
        if start >= end or (finding.start >= offset and finding.end > cut):
            continue
        words = describe(finding.kind)
        parts += [text[cursor:start], f"[redacted {words}]"]
        log.append(words)
        logger.info("redacted a %s in a model reply", finding.kind)
        cursor = end
    parts.append(text[cursor:cut])
    return "".join(parts)
