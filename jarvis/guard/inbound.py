"""The one entry point the facade calls before a prompt leaves the machine.

Owns the order of the inbound steps and the plain-words warnings:

1. pasted or attached HTML becomes plain text (what was dropped is listed);
2. every part is normalized (tag characters removed, bidi controls made
   visible; C13);
3. untrusted parts are scanned for instruction-like text;
4. secrets are looked for everywhere (the facade asks before sending);
5. personal data is replaced by placeholders, unless turned off;
6. untrusted parts are fenced; they come before the prompt, so the user's
   own words are the last thing the model reads.

A prompt with no attachments is sent exactly as normalized and redacted:
nothing the user typed is deleted or escaped. Safety for output comes from
the reply filter and the renderer, not from changing the question.

Images are not text: their bytes are not scanned (nothing here could read
a secret in a picture). Each one is carried to the provider as an image
part, and stands in the text as one marker line naming it, which is
scanned like the prompt (a file name can hold an email address).

Importing this module is cheap: the scanners (``regex``, bs4, the secret
patterns) load on the first :func:`inspect`, so :class:`Attachment` can be
used at start-up.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from jarvis.images import ImageAttachment
from jarvis.usertext import UserText

if TYPE_CHECKING:
    from jarvis.guard.findings import Finding
    from jarvis.guard.pii import Redactor
    from jarvis.guard.text import Normalized

logger = logging.getLogger(__name__)

PiiMode = Literal["off", "redact"]
HIDDEN_EXCERPT: Final = 120
_HTML_TYPES: Final = ("text/html", "application/xhtml+xml")
# Where a warning's text came from, when it has no name of its own.
_YOUR_MESSAGE: Final = UserText("guard.source.prompt", "your message")
_UNTRUSTED: Final = UserText("guard.source.untrusted", "untrusted content")

__all__ = ["Attachment", "ImageAttachment", "Inspection", "inspect"]


@dataclass(frozen=True, slots=True)
class Attachment:
    """Content the user did not type: a paste, a file, a fetched page.

    Attributes:
        name: where it came from, shown to the model and the user
            ("pasted text", "report.html").
        content: its text (decoded by the caller).
        media_type: "text/html" when it is HTML (a rich paste, .html file).
    """

    name: str
    content: str
    media_type: str = "text/plain"

    @property
    def is_html(self) -> bool:
        """Whether the content is HTML, by media type or file name."""
        return (self.media_type.lower() in _HTML_TYPES
                or self.name.lower().endswith((".html", ".htm", ".xhtml")))


@dataclass(frozen=True, slots=True)
class Inspection:
    """What will be sent, and what the user should be told before.

    Attributes:
        text: the text to send: normalized, PII replaced by placeholders,
            untrusted parts fenced.
        secrets: secrets in ``text``; the facade sends only if the user
            confirms (positions are in ``text``).
        pii_count: how many personal items were replaced.
        pii_kinds: the kind of each replaced item, in order.
        warnings: plain-words lines for the message.
        redactor: the redactor that holds the placeholders (None when PII
            redaction is off); give it to the reply filter.
        images: the images to send beside ``text``, in the order given
            (not scanned: they are not text).
    """

    text: str
    secrets: tuple[Finding, ...]
    pii_count: int
    pii_kinds: tuple[str, ...]
    warnings: tuple[str, ...]
    redactor: Redactor | None
    images: tuple[ImageAttachment, ...] = ()

    @property
    def needs_confirmation(self) -> bool:
        """Whether sending must wait for the user's yes (a secret is in it)."""
        return bool(self.secrets)

    @property
    def pii_summary(self) -> str:
        """"3 items redacted (2 email addresses, 1 phone number)", or ""."""
        if not self.pii_count:
            return ""
        counts = Counter(self.pii_kinds)
        kinds = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in counts.items())
        return UserText(
            "guard.pii_redacted",
            f"{self.pii_count} {_plural('item', self.pii_count)} redacted ({kinds})",
            n=self.pii_count, kinds=tuple(counts.items()))

    @property
    def secret_summary(self) -> str:
        """Why sending waits: "This message contains 1 secret: ...", or ""."""
        if not self.secrets:
            return ""
        n = len(self.secrets)
        labels = "; ".join(f.label for f in self.secrets)
        return UserText(
            "guard.secrets_held",
            f"This message contains {n} {_plural('secret', n)}: {labels}. "
            "It is not sent unless you confirm.", n=n, labels=labels)


def inspect(
    prompt: str,
    *,
    attachments: Sequence[Attachment | ImageAttachment] = (),
    known_keys: Iterable[str] = (),
    pii_mode: PiiMode = "redact",
    redactor: Redactor | None = None,
) -> Inspection:
    """Prepare ``prompt`` and ``attachments`` for sending.

    Args:
        prompt: what the user typed.
        attachments: pasted or attached content, in the order given.
        known_keys: the user's configured keys (found by exact match).
        pii_mode: "redact" replaces personal data by placeholders.
        redactor: the conversation's redactor; a new one when None and
            redaction is on. Reuse it for every turn of a conversation.
    """
    from jarvis.guard.pii import Redactor
    from jarvis.guard.secrets import find_secrets

    keys = tuple(known_keys)
    if pii_mode == "redact" and redactor is None:
        redactor = Redactor()
    active = redactor if pii_mode == "redact" else None
    warnings: list[str] = []
    kinds: list[str] = []

    images = tuple(a for a in attachments if isinstance(a, ImageAttachment))
    texts = [a for a in attachments if isinstance(a, Attachment)]
    parts = [_attachment_part(a, keys, active, warnings, kinds) for a in texts]
    parts.append(_prompt_part(prompt, keys, active, warnings, kinds))
    if images:
        # After the prompt, so a stored conversation is titled by the question.
        markers = "\n".join(image.marker for image in images)
        parts.append(_prompt_part(markers, keys, active, [], kinds))
        warnings.extend(_image_name_warnings(images))
    text = "\n\n".join(part for part in parts if part)

    secrets = tuple(find_secrets(text, keys))
    logger.debug("inspected a prompt: %d secrets, %d personal items, %d warnings, "
                 "%d images", len(secrets), len(kinds), len(warnings), len(images))
    return Inspection(text, secrets, len(kinds), tuple(kinds), tuple(warnings),
                      active, images)


def _prompt_part(
    prompt: str, keys: tuple[str, ...], redactor: Redactor | None,
    warnings: list[str], kinds: list[str],
) -> str:
    from jarvis.guard.text import normalize

    normalized = normalize(prompt)
    warnings.extend(_unicode_warnings(normalized, _YOUR_MESSAGE))
    return _redact(normalized.text, keys, redactor, kinds)


def _image_name_warnings(images: Sequence[ImageAttachment]) -> list[str]:
    """A file name is untrusted too: say when one reads like orders."""
    from jarvis.guard.untrusted import scan_instructions

    warnings: list[str] = []
    for image in images:
        source = image.marker_name
        for reason in scan_instructions(source):
            warnings.append(UserText(
                "guard.instructions",
                f"{source} may try to instruct the assistant ({reason}); "
                "it is sent as data, not as instructions.",
                source=source, reason=reason))
    return warnings


def _attachment_part(
    attachment: Attachment, keys: tuple[str, ...], redactor: Redactor | None,
    warnings: list[str], kinds: list[str],
) -> str:
    from jarvis.guard.text import normalize
    from jarvis.guard.untrusted import fence, html_to_text, scan_instructions

    source = attachment.name or _UNTRUSTED
    content = attachment.content
    if attachment.is_html:
        html = html_to_text(content)
        content = html.text
        if html.stripped:
            items = "; ".join(html.stripped)
            warnings.append(UserText("guard.html_removed",
                                     f"Removed from {source}: {items}",
                                     source=source, items=items))
    normalized = normalize(content)
    warnings.extend(_unicode_warnings(normalized, source))
    for reason in scan_instructions(normalized.text):
        warnings.append(UserText(
            "guard.instructions",
            f"{source} may try to instruct the assistant ({reason}); "
            "it is sent as data, not as instructions.",
            source=source, reason=reason))
    fenced = fence(_redact(normalized.text, keys, redactor, kinds), source)
    if fenced.defanged:
        warnings.append(UserText("guard.fence_defanged",
                                 f"{source} imitated the data fence markers; "
                                 "they were broken up.", source=source))
    return fenced.text


def _redact(
    text: str, keys: tuple[str, ...], redactor: Redactor | None, kinds: list[str]
) -> str:
    """PII replaced, except inside secrets (the user decides on those)."""
    if redactor is None:
        return text
    from jarvis.guard.pii import find_pii
    from jarvis.guard.secrets import find_secrets

    secrets = find_secrets(text, keys)
    personal = [f for f in find_pii(text) if not _inside_any(f, secrets)]
    redacted = redactor.redact(text, personal)
    kinds.extend(redacted.kinds)
    return redacted.text


def _inside_any(finding: Finding, others: Iterable[Finding]) -> bool:
    return any(finding.start < o.end and o.start < finding.end for o in others)


def _unicode_warnings(normalized: Normalized, source: str) -> list[str]:
    out: list[str] = []
    if normalized.removed_tags:
        hidden = normalized.hidden_text
        if len(hidden) > HIDDEN_EXCERPT:
            hidden = hidden[:HIDDEN_EXCERPT - 1] + "…"
        spelled = f"; they spelled “{hidden}”" if hidden else ""
        n = normalized.removed_tags
        out.append(UserText("guard.tags_removed",
                            f"Removed {n} invisible tag {_plural('character', n)} "
                            f"from {source}{spelled}.",
                            n=n, source=source, hidden=hidden))
    if normalized.removed_selectors:
        n = normalized.removed_selectors
        decoded = _printable(normalized.selector_text)[:HIDDEN_EXCERPT]
        spelled = f"; they encoded “{decoded}”" if decoded.strip() else ""
        out.append(UserText("guard.selectors_removed",
                            f"Removed {n} invisible variation "
                            f"{_plural('selector', n)} from {source}{spelled}.",
                            n=n, source=source,
                            decoded=decoded if decoded.strip() else ""))
    if normalized.bidi_controls:
        n = normalized.bidi_controls
        out.append(UserText("guard.bidi_visible",
                            f"Made {n} text-direction {_plural('control', n)} "
                            f"in {source} visible (shown as ⟦RLO⟧ and similar), "
                            "so it reads as sent.", n=n, source=source))
    return out


def _printable(text: str) -> str:
    """Hidden text made safe to show: controls and invisibles as spaces."""
    return "".join(c if c.isprintable() else " " for c in text)


def _plural(words: str, n: int) -> str:
    """English plural of a kind such as "email address" or "IBAN (bank)"."""
    if n == 1:
        return words
    head, paren, tail = words.partition(" (")
    if head.endswith(("s", "x")):
        head += "es"
    elif head.endswith("y"):
        head = head[:-1] + "ies"
    else:
        head += "s"
    return head + paren + tail
