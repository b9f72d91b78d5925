"""Personal data in prompts, and the placeholders that keep it on the machine.

Owns :func:`find_pii` (emails, phone numbers, payment cards with the Luhn
check, IBANs with the mod-97 check, US SSNs and UK National Insurance
numbers) and :class:`Redactor`, which swaps each finding for a placeholder
such as ``⟦EMAIL_1⟧`` before a prompt is sent and swaps it back in the reply
that is shown. The mapping lives in memory only, one redactor per
conversation, so the same value always gets the same placeholder.

Trade-off: a number is personal data only when its shape says so (a "+" or
separators for phones, a valid checksum for cards and IBANs, hyphens for
SSNs). Bare digit runs, years, dates, versions and amounts are left alone,
at the price of missing an unformatted phone number.

Does not own: secrets (:mod:`jarvis.guard.secrets`) or the setting that
turns redaction on (the facade).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from jarvis.guard.findings import Finding, merge

# Redacted texts one conversation's redactor remembers (its earlier turns).
REMEMBERED_TEXTS: Final = 256

_EMAIL: Final = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])")
# Documentation domains (RFC 2606) and SSH remotes are not someone's address.
_NOT_PERSONAL_EMAIL: Final = re.compile(
    r"^git@|@(?:[\w-]+\.)*example\.(?:com|org|net)$|@[\w.-]+\.(?:test|invalid)$",
    re.IGNORECASE)

_SEP = r"[ .\-]"
# +CC then groups; (555) 123-4567 and 555-123-4567 (NANP); 0xx national
# numbers with separators (UK, EU). The digit count is checked afterwards.
_PHONE: Final = re.compile(
    r"(?<![\w+./-])(?:"
    rf"\+\d{{1,3}}(?:{_SEP}?\(\d{{1,4}}\))?(?:{_SEP}?\d{{1,6}}){{1,6}}"
    rf"|\(\d{{3}}\){_SEP}?\d{{3}}{_SEP}\d{{4}}"
    rf"|[2-9]\d{{2}}{_SEP}[2-9]\d{{2}}{_SEP}\d{{4}}"
    rf"|\(?0\d{{1,4}}\)?(?:{_SEP}\d{{2,8}}){{1,4}}"
    r")(?![\w/-]|\.\d)")
_SSN_SHAPE: Final = re.compile(r"\d{3}-\d{2}-\d{4}")
# Card numbers as printed: one run, 4-4-4-4(-3) groups, or Amex/Diners
# 4-6-5 and 4-6-4 groups, with one kind of separator.
_CARD: Final = re.compile(
    r"(?<![\d.-])(?:[2-6]\d{12,18}"
    r"|[2-6]\d{3}(?P<s>[ -])\d{4}(?P=s)\d{4}(?P=s)\d{4}(?:(?P=s)\d{3})?"
    r"|3\d{3}(?P<t>[ -])\d{6}(?P=t)\d{4,5})(?![\d-])")
_IBAN_START: Final = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})(\d{2})")
_SSN: Final = re.compile(
    r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
# UK National Insurance number: two prefix letters (some never issued),
# six digits, suffix A to D; spaces optional.
_NINO: Final = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])")

# Lengths of IBANs by country (SWIFT IBAN registry); others are not matched.
IBAN_LENGTHS: Final[dict[str, int]] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16,
    "BG": 22, "BH": 22, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28,
    "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
    "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23,
    "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

PLACEHOLDER: Final = re.compile(r"⟦([A-Z]{2,8})_(\d{1,6})⟧")

# Kind of finding -> placeholder name and plain-words label.
_KINDS: Final[dict[str, tuple[str, str]]] = {
    "email": ("EMAIL", "email address"),
    "phone": ("PHONE", "phone number"),
    "card": ("CARD", "payment card number"),
    "iban": ("IBAN", "bank account number (IBAN)"),
    "ssn": ("SSN", "US social security number"),
    "nino": ("NINO", "UK National Insurance number"),
}


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check of payment card numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """The ISO 13616 check: the right length for the country, mod 97 == 1."""
    iban = iban.replace(" ", "").upper()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def find_pii(text: str) -> list[Finding]:
    """Personal data in ``text``, sorted, without overlaps.

    Cards and IBANs win over phone numbers where they overlap: their
    checksums make them the surer reading.
    """
    strong = [*_cards(text), *_ibans(text), *_simple(text, _SSN, "ssn"),
              *_simple(text, _NINO, "nino")]
    weak = [*_emails(text), *_phones(text, strong)]
    return merge([*strong, *(w for w in weak if not _overlaps(w, strong))])


def _finding(kind: str, start: int, end: int) -> Finding:
    return Finding(kind, start, end, _KINDS[kind][1])


def _simple(text: str, pattern: re.Pattern[str], kind: str) -> list[Finding]:
    return [_finding(kind, m.start(), m.end()) for m in pattern.finditer(text)]


def _emails(text: str) -> list[Finding]:
    return [_finding("email", m.start(), m.end()) for m in _EMAIL.finditer(text)
            if not _NOT_PERSONAL_EMAIL.search(m.group())]


def _phones(text: str, stronger: list[Finding]) -> list[Finding]:
    found = []
    for match in _PHONE.finditer(text):
        # A run like "+44 20 7946 0958 123-45-6789" is a phone number
        # followed by an SSN: cut before the surer finding.
        stop = min((f.start for f in stronger
                    if match.start() < f.start < match.end()), default=None)
        value = _trim_phone(match.group()[:None if stop is None
                                          else stop - match.start()])
        value = value.rstrip(" .-")
        digits = sum(c.isdigit() for c in value)
        low = 8 if value.startswith("+") else 9
        if low <= digits <= 15 and not _SSN_SHAPE.fullmatch(value):
            end = match.start() + len(value)
            found.append(_finding("phone", match.start(), end))
    return found


def _trim_phone(value: str) -> str:
    """Drop trailing groups past 15 digits: "+44 20 7946 0958 2024" has a
    year after the number, not a longer number."""
    while sum(c.isdigit() for c in value) > 15:
        cut = max(value.rfind(sep) for sep in " .-")
        if cut <= 0:
            break
        value = value[:cut]
    return value


def _cards(text: str) -> list[Finding]:
    found = []
    match = _CARD.search(text)
    while match is not None:
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(_finding("card", match.start(), match.end()))
            match = _CARD.search(text, match.end())
        else:
            # "2024 4111 1111 1111 1111": the year made a failed candidate;
            # the card may start one group later.
            match = _CARD.search(text, match.start() + 1)
    return found


def _ibans(text: str) -> list[Finding]:
    """IBANs, written as one run or in groups separated by single spaces."""
    found = []
    for match in _IBAN_START.finditer(text):
        length = IBAN_LENGTHS.get(match.group(1))
        if length is None:
            continue
        end = _iban_end(text, match.start(), length)
        if end is not None and iban_valid(text[match.start():end]):
            found.append(_finding("iban", match.start(), end))
    return found


def _iban_end(text: str, start: int, length: int) -> int | None:
    """Where an IBAN of ``length`` characters starting at ``start`` ends."""
    count, index = 0, start
    while count < length and index < len(text):
        char = text[index]
        if char.isascii() and char.isalnum():
            count += 1
        elif not (char == " " and count and index + 1 < len(text)
                  and text[index + 1] != " "):
            return None
        index += 1
    if count < length or (index < len(text) and text[index].isalnum()):
        return None
    return index


def _overlaps(finding: Finding, others: Iterable[Finding]) -> bool:
    return any(finding.start < o.end and o.start < finding.end for o in others)


@dataclass(frozen=True, slots=True)
class Redacted:
    """Text with personal data replaced, and how many items were replaced."""

    text: str
    count: int
    kinds: tuple[str, ...] = ()


class Redactor:
    """Placeholders for one conversation: same value, same placeholder.

    The mapping stays in this object's memory; it is never logged or stored.
    """

    def __init__(self) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._next: dict[str, int] = {}
        # Texts redacted before, newest last: a conversation's earlier turns
        # are sent again with every request, and scanning them again cost
        # ~20 us per short turn (milliseconds for a long conversation).
        # Exact: once a text was redacted, every value in it has its
        # placeholder, so the same text always comes out the same.
        self._seen: OrderedDict[str, Redacted] = OrderedDict()

    def redact(
        self, text: str, findings: Iterable[Finding] | None = None
    ) -> Redacted:
        """Replace personal data in ``text`` (found now unless given)."""
        if findings is not None:
            return self._redact(text, findings)
        done = self._seen.get(text)
        if done is None:
            done = self._seen[text] = self._redact(text, find_pii(text))
            if len(self._seen) > REMEMBERED_TEXTS:
                self._seen.popitem(last=False)
        else:
            self._seen.move_to_end(text)
        return done

    def _redact(self, text: str, findings: Iterable[Finding]) -> Redacted:
        chosen = merge(findings)
        parts: list[str] = []
        cursor = 0
        for finding in chosen:
            value = text[finding.start:finding.end]
            parts += [text[cursor:finding.start],
                      self._placeholder(finding.kind, value, text)]
            cursor = finding.end
        parts.append(text[cursor:])
        kinds = tuple(_KINDS[f.kind][1] for f in chosen)
        return Redacted("".join(parts), len(chosen), kinds)

    def restore(self, text: str) -> str:
        """Put the original values back for placeholders this redactor made."""
        return PLACEHOLDER.sub(
            lambda m: self._by_placeholder.get(m.group(), m.group()), text)

    def placeholder_for(self, value: str) -> str | None:
        """The placeholder a value was given, if any (for tests and the UI)."""
        for (_, original), placeholder in self._by_value.items():
            if original == value:
                return placeholder
        return None

    def _placeholder(self, kind: str, value: str, context: str) -> str:
        key = (kind, _canonical(kind, value))
        existing = self._by_value.get(key)
        if existing is not None:
            return existing
        name = _KINDS[kind][0]
        number = self._next.get(name, 0)
        placeholder = ""
        # Skip numbers the user's own text already uses, so that restore()
        # never turns their literal "⟦EMAIL_1⟧" into someone's address.
        while not placeholder or placeholder in context:
            number += 1
            placeholder = f"⟦{name}_{number}⟧"
        self._next[name] = number
        self._by_value[key] = placeholder
        self._by_placeholder[placeholder] = value
        return placeholder


_CANONICAL: Final[dict[str, Callable[[str], str]]] = {
    "email": str.lower,
    "phone": lambda v: re.sub(r"[^\d+]", "", v),
    "card": lambda v: re.sub(r"\D", "", v),
    "iban": lambda v: v.replace(" ", "").upper(),
    "nino": lambda v: v.replace(" ", "").upper(),
}


def _canonical(kind: str, value: str) -> str:
    """The form two spellings of one value share (case, spaces)."""
    return _CANONICAL.get(kind, str)(value)
