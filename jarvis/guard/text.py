"""Unicode hygiene for text Jarvis sends: NFC, tag characters, bidi controls.

Owns the C13 rules. Tag characters (U+E0000 to U+E007F) render as nothing yet
a model reads them, so an instruction can hide in them: they are removed and
what they spelled is returned for a warning. The one legitimate use, the tag
sequence of a subdivision flag (🏴 + "gbeng" in tags + CANCEL TAG), is kept.

Bidi embedding, override and isolate controls can make text display in an
order other than the one sent (``invoice<RLO>fdp.exe`` shows as
"invoiceexe.pdf"). Each one is replaced by a visible marker named by its
Unicode abbreviation, e.g. ``⟦RLO⟧``, so that what the user sees is what the
model gets. The marks LRM, RLM and ALM are kept: they are strong characters
without a glyph that RTL writers use to place punctuation, and they cannot
reverse a run of letters.

A variation selector picks one glyph for the character before it, so one
in a row is all Unicode defines. Longer runs carry no glyph but can encode
bytes ("emoji smuggling", one selector per byte): everything after the first
selector of a run is removed, and the bytes it encoded are returned.

Text is put in NFC, never NFKC: NFKC would rewrite ligatures, full-width
forms and superscripts the user typed on purpose.

Does not own: what the text means (secrets, PII) or HTML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

_TAG_FIRST: Final = 0xE0000

# Embeddings, overrides and isolates, and the controls that close them.
BIDI_MARKERS: Final[dict[str, str]] = {
    "\u202a": "⟦LRE⟧",
    "\u202b": "⟦RLE⟧",
    "\u202c": "⟦PDF⟧",
    "\u202d": "⟦LRO⟧",
    "\u202e": "⟦RLO⟧",
    "\u2066": "⟦LRI⟧",
    "\u2067": "⟦RLI⟧",
    "\u2068": "⟦FSI⟧",
    "\u2069": "⟦PDI⟧",
}
_BIDI = re.compile("[" + "".join(BIDI_MARKERS) + "]")

_TAG_LETTER = "[\U000e0061-\U000e007a]"
_TAG_DIGIT = "[\U000e0030-\U000e0039]"
# A subdivision flag: black flag, a region (two letters or three digits) and
# one to four letters or digits as tags, then CANCEL TAG (UTS #51, CLDR ids).
_FLAG_SEQUENCE = (
    "\U0001f3f4"
    f"(?:{_TAG_LETTER}{{2}}|{_TAG_DIGIT}{{3}})"
    f"(?:{_TAG_LETTER}|{_TAG_DIGIT}){{1,4}}"
    "\U000e007f"
)
_TAGS = re.compile(f"({_FLAG_SEQUENCE})|([\U000e0000-\U000e007f]+)")
_SELECTOR = "[\ufe00-\ufe0f\U000e0100-\U000e01ef]"
_SELECTOR_RUN = re.compile(f"(?<={_SELECTOR}){_SELECTOR}+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Text ready to send, and what was changed to make it so.

    Attributes:
        text: NFC text without hidden tags, bidi controls made visible.
        removed_tags: how many tag characters were removed.
        hidden_text: what the removed tag characters spelled (printable ASCII
            tags decoded; runs joined by a space), for the warning.
        bidi_controls: how many bidi controls were replaced by markers.
        removed_selectors: how many surplus variation selectors were removed.
        selector_text: the bytes those selectors encoded, as UTF-8 text
            (undecodable bytes shown as U+FFFD).
    """

    text: str
    removed_tags: int = 0
    hidden_text: str = ""
    bidi_controls: int = 0
    removed_selectors: int = 0
    selector_text: str = ""

    @property
    def changed(self) -> bool:
        """Whether anything other than NFC composition was changed."""
        return bool(self.removed_tags or self.bidi_controls
                    or self.removed_selectors)


def normalize(text: str) -> Normalized:
    """Strip hidden tags, make bidi controls visible, compose to NFC."""
    runs: list[str] = []
    removed = 0

    def drop_tags(match: re.Match[str]) -> str:
        nonlocal removed
        if match.group(1):
            return match.group(1)
        run = match.group(2)
        removed += len(run)
        runs.append(_decode_tags(run))
        return ""

    untagged = _TAGS.sub(drop_tags, text)
    surplus = [m.group() for m in _SELECTOR_RUN.finditer(untagged)]
    unselected = _SELECTOR_RUN.sub("", untagged)
    visible, bidi = _BIDI.subn(lambda m: BIDI_MARKERS[m.group()], unselected)
    return Normalized(
        text=unicodedata.normalize("NFC", visible),
        removed_tags=removed,
        hidden_text=" ".join(run for run in runs if run),
        bidi_controls=bidi,
        removed_selectors=sum(map(len, surplus)),
        selector_text=" ".join(_decode_selectors(run) for run in surplus),
    )


def _decode_selectors(run: str) -> str:
    """The bytes a run of variation selectors encodes (VS1-16 are 0-15,
    VS17-256 are 16-255), read as UTF-8."""
    data = bytes(ord(c) - 0xFE00 if ord(c) <= 0xFE0F else ord(c) - 0xE0100 + 16
                 for c in run)
    return data.decode("utf-8", errors="replace")


def _decode_tags(run: str) -> str:
    """The ASCII a run of tag characters stands for (controls dropped)."""
    return "".join(
        chr(ord(char) - _TAG_FIRST)
        for char in run
        if 0x20 <= ord(char) - _TAG_FIRST <= 0x7E
    )
