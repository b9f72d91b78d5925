"""The reply filter: secrets split across chunks, placeholders split across
chunks, and how little ordinary text it holds back."""

from __future__ import annotations

import random
from collections.abc import Iterable

import pytest

from jarvis.guard.pii import Redactor
from jarvis.guard.secrets import describe, find_secrets
from jarvis.guard.stream import MAX_HOLD, ReplyFilter
from tests.security import fakes
from tests.security.corpora import ORDINARY_REPLY


def _run(chunks: Iterable[str], flt: ReplyFilter) -> str:
    return "".join(flt.feed(chunk) for chunk in chunks) + flt.flush()


def _splits(text: str) -> Iterable[list[str]]:
    """The text cut in two at every boundary, and once per character."""
    for index in range(len(text) + 1):
        yield [text[:index], text[index:]]
    yield list(text)


@pytest.mark.parametrize(("kind", "make"), sorted(fakes.ALL_SHAPED.items()))
def test_secret_split_at_every_boundary_is_redacted(
    kind: str, make: fakes.Maker
) -> None:
    secret = make()
    text = f"Here: {secret}\nDone."
    expected = f"Here: [redacted {describe(kind)}]\nDone."

    for chunks in _splits(text):
        assert _run(chunks, ReplyFilter()) == expected, chunks


def test_configured_key_split_at_every_boundary_C10() -> None:
    key = fakes.configured_key()
    text = f"The key{key}was echoed"

    for chunks in _splits(text):
        output = _run(chunks, ReplyFilter(known_keys=[key]))

        assert output == "The key[redacted API key]was echoed"


def test_password_assignment_split_at_every_boundary() -> None:
    text = 'Use DB_PASSWORD="Tr0ub4dor&3" in .env'

    for chunks in _splits(text):
        output = _run(chunks, ReplyFilter())

        assert output == 'Use DB_PASSWORD="[redacted password or secret value]" in .env'


def test_aws_secret_key_after_its_key_id_in_a_later_chunk() -> None:
    key_id, secret = fakes.aws_access_key_id(), fakes.aws_secret_key()
    chunks = [f"id {key_id[:10]}", f"{key_id[10:]} and secret ", secret[:7],
              secret[7:], " end"]

    output = _run(chunks, ReplyFilter())

    assert output == ("id [redacted AWS access key id] and secret "
                      "[redacted AWS secret access key] end")


def test_random_chunkings_agree_with_one_piece() -> None:
    rng = random.Random(7)
    pieces = [fakes.github_token(), fakes.jwt(), fakes.google_key(),
              "plain words", "token: abc", "sk-learn", "⟦EMAIL_1⟧", "\n"]
    for _ in range(150):
        text = " ".join(rng.choice(pieces) for _ in range(6))
        whole = _run([text], ReplyFilter())

        chunks, cursor = [], 0
        while cursor < len(text):
            step = rng.randint(1, 9)
            chunks.append(text[cursor:cursor + step])
            cursor += step

        assert _run(chunks, ReplyFilter()) == whole
        assert "redacted" in whole or not any(p in text for p in pieces[:3])


def test_placeholder_split_at_every_boundary_is_restored() -> None:
    redactor = Redactor()
    redactor.redact("write to bob@mail.org or call +44 20 7946 0958")
    text = "Dear ⟦EMAIL_1⟧, I will call ⟦PHONE_1⟧. ⟦RLO⟧ stays."

    for chunks in _splits(text):
        output = _run(chunks, ReplyFilter(redactor=redactor))

        assert output == ("Dear bob@mail.org, I will call +44 20 7946 0958. "
                          "⟦RLO⟧ stays.")


def test_without_a_redactor_placeholders_pass_through() -> None:
    assert _run(["⟦EMAIL_1⟧"], ReplyFilter()) == "⟦EMAIL_1⟧"


def test_unfinished_placeholder_is_released_at_flush() -> None:
    flt = ReplyFilter(redactor=Redactor())

    assert flt.feed("see ⟦EMAI") == "see "
    assert flt.flush() == "⟦EMAI"


def test_unterminated_secret_is_redacted_at_flush() -> None:
    token = fakes.github_token()
    flt = ReplyFilter()

    shown = flt.feed("partial " + token)

    assert shown == "partial "
    assert flt.flush() == "[redacted GitHub token]"


def test_ordinary_text_is_held_back_by_a_few_characters_at_most() -> None:
    text = ORDINARY_REPLY
    flt = ReplyFilter(known_keys=[fakes.configured_key()])
    held: list[int] = []
    output = []
    for char in text:
        output.append(flt.feed(char))
        held.append(flt.held)
    output.append(flt.flush())

    assert "".join(output) == text
    # The longest holds are URLs up to their host ("https://docs.python.org",
    # which could still become "scheme://user:password@host"); words such as
    # "password" or "token" are held until the next character rules out an
    # assignment; other prose is held for a character or two, if at all.
    assert max(held) == len("https://docs.python.org")
    assert sum(held) / len(held) < 2
    assert held.count(0) > len(held) // 3


def test_redactions_are_listed_for_the_ui() -> None:
    flt = ReplyFilter()

    _run([f"a {fakes.github_token()} b {fakes.slack_token()}"], flt)

    assert flt.redacted == ["GitHub token", "Slack token"]


def test_an_endless_key_block_is_released_at_the_hold_limit(
    caplog: pytest.LogCaptureFixture,
) -> None:
    header = "-" * 5 + "BEGIN RSA PRIVATE KEY" + "-" * 5 + "\n"
    line = "A" * 63 + "\n"
    flt = ReplyFilter()
    shown = [flt.feed(header)]
    shown += [flt.feed(line) for _ in range(MAX_HOLD // len(line) + 2)]

    output = "".join(shown)

    assert output.startswith("[redacted private key block]")
    assert flt.held < len(line)
    assert "held back more than" in caplog.text


def test_aws_secret_shown_before_its_key_id_never_stalls_the_stream() -> None:
    secret, key_id = fakes.aws_secret_key(), fakes.aws_access_key_id()
    flt = ReplyFilter()

    first = flt.feed(f"value {secret[:30]}")
    rest = [flt.feed(part) for part in (f"{secret[30:]} id {key_id}", " and more")]

    # The part already shown cannot be taken back; the rest is redacted and
    # nothing stays held.
    shown = first + "".join(rest) + flt.flush()
    before, marker, after = shown.partition("[redacted AWS secret access key]")
    assert marker and after == " id [redacted AWS access key id] and more"
    # What was shown of the secret is at most the part sent before its key
    # id (less when its last characters could have begun another secret).
    assert secret[:30].startswith(before.removeprefix("value "))


# Pieces that start, almost start, or end secret shapes, to build texts that
# stress the hold-back logic at every kind of boundary.
_ATOMS = ["s", "k", "-", "sk-", "A", "AKIA", "I", "za", "AIza", "gh", "p_", "ghp_",
          "xox", "b-", "eyJ", ".", "=", ":", " ", "\n", "password", "token", "'",
          '"', "-----", "BEGIN ", "PRIVATE KEY", "END ", "abc", "0123456789",
          "ABCDEFGHIJ", "https://", "u:p@", "x" * 20]


def test_any_chunking_equals_redacting_the_whole_reply() -> None:
    rng = random.Random(2025)
    own = fakes.configured_key()
    makers = [fakes.github_token, fakes.jwt, fakes.google_key, lambda: own]
    for _ in range(400):
        text = "".join(rng.choice(_ATOMS) for _ in range(rng.randint(1, 25)))
        if rng.random() < 0.4:
            text += rng.choice(makers)() + rng.choice(_ATOMS)
        chunks, cursor = [], 0
        while cursor < len(text):
            step = rng.randint(1, 7)
            chunks.append(text[cursor:cursor + step])
            cursor += step

        assert _run(chunks, ReplyFilter([own])) == _redact_whole(text, own), text


def _redact_whole(text: str, own: str) -> str:
    """The reference: every secret find_secrets sees in the whole text."""
    parts, cursor = [], 0
    for finding in find_secrets(text, [own]):
        parts += [text[cursor:finding.start], f"[redacted {describe(finding.kind)}]"]
        cursor = finding.end
    return "".join([*parts, text[cursor:]])
