"""Personal data: shapes, checksums, false positives, and the placeholders."""

from __future__ import annotations

import random

import pytest

from jarvis.guard.pii import Redactor, find_pii, iban_valid, luhn_valid


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start:f.end]) for f in find_pii(text)]


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4111111111111111", True),     # Visa test number
        ("5555555555554444", True),     # Mastercard test number
        ("378282246310005", True),      # Amex test number
        ("6011111111111117", True),     # Discover test number
        ("4111111111111112", False),
        ("1234567812345678", False),
        ("0000000000000000", True),     # passes Luhn; the shape check drops it
    ],
)
def test_luhn(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


def test_every_single_digit_typo_breaks_luhn() -> None:
    number = "4111111111111111"
    for index in range(len(number)):
        for digit in "0123456789":
            if digit != number[index]:
                typo = number[:index] + digit + number[index + 1:]
                assert not luhn_valid(typo), typo


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("DE89370400440532013000", True),
        ("GB82WEST12345698765432", True),
        ("FR1420041010050500013M02606", True),
        ("NL91ABNA0417164300", True),
        ("NO9386011117947", True),
        ("DE89370400440532013001", False),   # check digits wrong
        ("GB82WEST1234569876543", False),    # one character short
        ("XX89370400440532013000", False),   # no such country
        ("de89370400440532013000", True),    # case does not matter
    ],
)
def test_iban_mod97(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail Jane.Doe+work@mail.co.uk now", [("email", "Jane.Doe+work@mail.co.uk")]),
        ("Call +1 (555) 123-4567.", [("phone", "+1 (555) 123-4567")]),
        ("Call 555-234-5678 or (555) 234-5678",
         [("phone", "555-234-5678"), ("phone", "(555) 234-5678")]),
        ("UK +44 20 7946 0958, 020 7946 0958, 07700 900123",
         [("phone", "+44 20 7946 0958"), ("phone", "020 7946 0958"),
          ("phone", "07700 900123")]),
        ("FR +33 1 23 45 67 89 DE 030 12345678",
         [("phone", "+33 1 23 45 67 89"), ("phone", "030 12345678")]),
        ("E.164 +14155552671", [("phone", "+14155552671")]),
        ("+44 20 7946 0958 2024", [("phone", "+44 20 7946 0958")]),
        ("card 4111 1111 1111 1111.", [("card", "4111 1111 1111 1111")]),
        ("card 3782-822463-10005", [("card", "3782-822463-10005")]),
        ("IBAN DE89 3704 0044 0532 0130 00 ok",
         [("iban", "DE89 3704 0044 0532 0130 00")]),
        ("to GB82WEST12345698765432.", [("iban", "GB82WEST12345698765432")]),
        ("SSN 123-45-6789", [("ssn", "123-45-6789")]),
        ("NI number AB 12 34 56 C", [("nino", "AB 12 34 56 C")]),
    ],
)
def test_pii_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 we sold 1 000 000 units; on 2024-01-15 at 10:30.",
        "Version 1.2.3 at 192.168.1.1, pi is 3.14159265358979",
        "ISBN 978-3-16-148410-0, order 12345678901, dated 01.02.2024",
        "card 4111 1111 1111 1112 fails Luhn",
        "IBAN GB82 WEST 1234 5698 7654 33 fails mod 97",
        "SSN-shaped but never issued: 000-12-3456 666-12-3456 900-12-3456 "
        "123-00-4567 123-45-0000",
        "NI numbers never issued: QQ123456C GB123456A",
        "Examples: user@example.com, git@github.com:org/repo.git",
        "matrix a@b.T and decorators @property",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "card 4111 1111 1111 1112 fails Luhn, 3704 1044 1532 1130 11 is no card",
    ],
)
def test_not_pii(text: str) -> None:
    assert _found(text) == []


def test_redactor_gives_one_placeholder_per_value() -> None:
    redactor = Redactor()

    first = redactor.redact("Mail bob@mail.org or BOB@mail.org, call +1 555 234 5678")
    second = redactor.redact("Again bob@mail.org, and amy@mail.org")

    assert first.text == "Mail ⟦EMAIL_1⟧ or ⟦EMAIL_1⟧, call ⟦PHONE_1⟧"
    assert first.count == 3
    assert second.text == "Again ⟦EMAIL_1⟧, and ⟦EMAIL_2⟧"
    assert redactor.restore("Write to ⟦EMAIL_2⟧ and ⟦EMAIL_1⟧") == (
        "Write to amy@mail.org and bob@mail.org")


def test_restore_leaves_unknown_placeholders_alone() -> None:
    redactor = Redactor()
    redactor.redact("bob@mail.org")

    assert redactor.restore("⟦EMAIL_9⟧ ⟦CARD_1⟧ ⟦RLO⟧") == "⟦EMAIL_9⟧ ⟦CARD_1⟧ ⟦RLO⟧"


def test_user_literal_placeholder_is_never_reused() -> None:
    redactor = Redactor()

    result = redactor.redact("What does ⟦EMAIL_1⟧ mean for bob@mail.org?")

    assert result.text == "What does ⟦EMAIL_1⟧ mean for ⟦EMAIL_2⟧?"
    assert redactor.restore("⟦EMAIL_1⟧") == "⟦EMAIL_1⟧"


def test_two_redactors_share_nothing() -> None:
    one, two = Redactor(), Redactor()
    one.redact("bob@mail.org")

    assert two.restore("⟦EMAIL_1⟧") == "⟦EMAIL_1⟧"


def test_redact_then_restore_round_trips_random_text() -> None:
    rng = random.Random(4)
    values = ["bob@mail.org", "+44 20 7946 0958", "4111 1111 1111 1111",
              "GB82WEST12345698765432", "123-45-6789"]
    for _ in range(200):
        words = [rng.choice([*values, "hello", "2024", "x"]) for _ in range(8)]
        text = " ".join(words)
        redactor = Redactor()

        redacted = redactor.redact(text)

        assert not any(v in redacted.text for v in values)
        assert redactor.restore(redacted.text) == text


def test_a_text_redacted_before_is_not_scanned_again_and_comes_out_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jarvis.guard import pii

    redactor = Redactor()
    turns = [f"Turn {n}: write to ana{n}@mail.co.uk" for n in range(5)]
    first = [redactor.redact(turn) for turn in turns]
    scans: list[str] = []
    monkeypatch.setattr(pii, "find_pii", lambda text: scans.append(text) or [])

    again = [redactor.redact(turn) for turn in turns]

    assert again == first
    assert scans == []
    assert [r.count for r in again] == [1] * 5
    assert redactor.restore(again[3].text) == turns[3]


def test_the_remembered_texts_are_bounded_and_the_oldest_scanned_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jarvis.guard import pii

    redactor = Redactor()
    oldest = "Reach bo@mail.co.uk"
    kept = redactor.redact(oldest)
    for n in range(pii.REMEMBERED_TEXTS):
        redactor.redact(f"filler {n}")
    scans: list[str] = []
    original = pii.find_pii
    monkeypatch.setattr(pii, "find_pii",
                        lambda text: scans.append(text) or original(text))

    assert redactor.redact(oldest) == kept, "same placeholder after a rescan"
    assert scans == [oldest]
    assert len(redactor._seen) == pii.REMEMBERED_TEXTS
