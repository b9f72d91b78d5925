"""What a scanner found in a piece of text: kind, span and a safe label.

Shared by the secret and PII scanners. A finding never carries the matched
value itself; the label shows at most a masked preview for the UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One match: ``text[start:end]`` is the sensitive part.

    Attributes:
        kind: a short machine name ("github_token", "email", ...).
        start: index of the first character in the scanned text.
        end: index one past the last character.
        label: plain words for the UI with a masked preview, never the value.
    """

    kind: str
    start: int
    end: int
    label: str


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """Sorted findings with overlaps removed (the earlier, longer one wins)."""
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in ordered:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def mask(value: str, *, keep_prefix: int = 0) -> str:
    """A preview that shows a known public prefix and the last four characters.

    Short values show nothing but their length: four characters of an
    eight-character password are half of it.
    """
    if len(value) < 20:
        return f"({len(value)} characters)"
    prefix = value[:keep_prefix]
    return f"{prefix}…{value[-4:]}"
