"""Secrets in prompts: every shape in the table, known keys, false positives."""

from __future__ import annotations

import pytest

from jarvis.guard.secrets import find_secrets
from tests.security import fakes


@pytest.mark.parametrize(("kind", "make"), sorted(fakes.ALL_SHAPED.items()))
def test_each_shape_is_found_with_exact_span(kind: str, make: fakes.Maker) -> None:
    secret = make()
    text = f"Here it is: {secret}\nplease check it."

    findings = find_secrets(text)

    assert [(f.kind, text[f.start:f.end]) for f in findings] == [(kind, secret)]


@pytest.mark.parametrize("make", list(fakes.ALL_SHAPED.values()))
def test_label_never_holds_the_secret(make: fakes.Maker) -> None:
    secret = make()

    (finding,) = find_secrets(f"x {secret} y")

    assert secret not in finding.label
    assert len(finding.label) < 60
    # At most a public prefix and four characters of the end are shown.
    assert sum(ch.isalnum() for ch in finding.label) < 40


def test_github_fine_grained_token() -> None:
    token = fakes.github_fine_grained()

    assert [f.kind for f in find_secrets(f"GH={token}")] == ["github_token"]


def test_aws_secret_key_next_to_its_access_key_id() -> None:
    key_id, secret = fakes.aws_access_key_id(), fakes.aws_secret_key()
    text = f"[default]\naws_access_key_id = {key_id}\nregion = x\n{secret}\n"

    kinds = {f.kind: text[f.start:f.end] for f in find_secrets(text)}

    assert kinds == {"aws_access_key": key_id, "aws_secret_key": secret}


def test_aws_secret_key_when_labelled() -> None:
    secret = fakes.aws_secret_key()
    text = f"AWS_SECRET_ACCESS_KEY={secret}"

    (finding,) = find_secrets(text)

    assert (finding.kind, text[finding.start:finding.end]) == ("aws_secret_key",
                                                               secret)


def test_a_lone_40_character_string_is_not_an_aws_secret() -> None:
    assert find_secrets("commit " + "a1B/" * 10 + " landed") == []


def test_configured_key_by_exact_match_C10() -> None:
    key = fakes.configured_key()
    text = f"my key {key} and a near miss {key[:-1]}"

    findings = find_secrets(text, known_keys=[key, "short"])

    assert [(f.kind, f.start) for f in findings] == [("configured_key", 7)]
    assert key not in findings[0].label


def test_unterminated_private_key_block_still_counts() -> None:
    block = fakes.private_key_block("OPENSSH")
    truncated = block.rsplit("\n", 2)[0]

    (finding,) = find_secrets(truncated + "\n")

    assert finding.kind == "private_key"
    assert truncated[finding.start:finding.end].startswith("-----BEGIN")
    assert finding.end >= len(truncated) - 1


def test_private_key_span_stops_at_the_end_line() -> None:
    block = fakes.private_key_block()
    text = f"key:\n{block}\nThanks, and what does this do?"

    (finding,) = find_secrets(text)

    assert text[finding.start:finding.end] == block


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("PASSWORD=hunter22", "hunter22"),
        ('"password": "correct horse battery"', "correct horse battery"),
        ("db_password: 'Tr0ub4dor&3'", "Tr0ub4dor&3"),
        ("SECRET_KEY=django-insecure-abc123", "django-insecure-abc123"),
        ("postgres://bob:pa55word@localhost/db", "pa55word"),
        ("Authorization: Bearer " + "Zm9vYmFy" * 4, "Zm9vYmFy" * 4),
    ],
)
def test_password_assignments_are_found(text: str, value: str) -> None:
    (finding,) = find_secrets(text)

    assert text[finding.start:finding.end] == value


@pytest.mark.parametrize(
    "text",
    [
        "password = user_password",
        "password: str",
        "def login(password=pw): ...",
        "conn = connect(password=self.password)",
        "token = tokenizer(text)",
        "max_tokens=1024",
        "The secretary: Jane Smith",
        "secret = '********'",
        "api_key: ${API_KEY}",
        'password = "<your password>"',
        "password = os.environ['DB_PASSWORD']",
        "Password: please type it twice",
        "the bearer of bad news",
        "postgres://bob:${PGPASSWORD}@localhost/db",
        "Use git@github.com:org/repo.git and sha 3f2a9c1e",
        "a-very-long-hyphenated-sk-learn-pipeline-name",
    ],
)
def test_code_and_prose_are_not_secrets(text: str) -> None:
    assert find_secrets(text) == []


def test_encrypted_pem_with_headers_is_one_block() -> None:
    dashes = "-" * 5
    body = fakes.private_key_block().splitlines()[1:-1]
    block = "\n".join([f"{dashes}BEGIN RSA PRIVATE KEY{dashes}",
                       "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,00FF", "",
                       *body, f"{dashes}END RSA PRIVATE KEY{dashes}"])
    text = f"{block}\nwhat is this?"

    (finding,) = find_secrets(text)

    assert text[finding.start:finding.end] == block


def test_long_unterminated_blocks_and_runs_stay_linear() -> None:
    # Inputs that make nested quantifiers backtrack exponentially; with the
    # possessive body they finish (a regression would hang this test).
    dashes = "-" * 5
    header = f"{dashes}BEGIN RSA PRIVATE KEY{dashes}\n"
    for tail in ("A" * 5000 + "!", "AB CD " * 1000 + "!"):
        (finding,) = find_secrets(header + tail)
        assert finding.kind == "private_key"
