"""Fake secrets, assembled at run time so no key-shaped literal is in the repo.

Each maker joins a public prefix and random characters; none of them is or
was ever a real credential.
"""

from __future__ import annotations

import base64
import json
import secrets
import string
from collections.abc import Callable

Maker = Callable[[], str]

_ALNUM = string.ascii_letters + string.digits


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def anthropic_key() -> str:
    return "-".join(("sk", "ant", "api03", _random(_ALNUM + "_-", 93) + "AA"))


def openai_project_key() -> str:
    return "-".join(("sk", "proj", _random(_ALNUM + "_-", 120)))


def google_key() -> str:
    return "AI" + "za" + _random(_ALNUM + "_-", 35)


def aws_access_key_id() -> str:
    return "AK" + "IA" + _random(string.ascii_uppercase + string.digits, 16)


def aws_secret_key() -> str:
    body = _random(_ALNUM + "/+", 37)
    return body + "a1B"  # surely mixed case and digits


def github_token() -> str:
    return "gh" + "p_" + _random(_ALNUM, 36)


def github_fine_grained() -> str:
    return "github" + "_pat_" + _random(_ALNUM + "_", 82)


def gitlab_token() -> str:
    return "gl" + "pat-" + _random(_ALNUM + "_-", 20)


def slack_token() -> str:
    return "xo" + "xb-" + "-".join(_random(string.digits, 12) for _ in range(2)) \
        + "-" + _random(_ALNUM, 24)


def private_key_block(label: str = "RSA") -> str:
    body = "\n".join(_random(_ALNUM + "+/", 64) for _ in range(5))
    dashes = "-" * 5
    return (f"{dashes}BEGIN {label} PRIVATE KEY{dashes}\n{body}\n"
            f"{dashes}END {label} PRIVATE KEY{dashes}")


def jwt() -> str:
    def part(data: dict[str, object]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    signature = _random(_ALNUM + "_-", 43)
    return ".".join((part({"alg": "HS256", "typ": "JWT"}),
                     part({"sub": "1234567890", "name": "Test"}), signature))


def configured_key() -> str:
    return "-".join(("sk", "test", "own", secrets.token_hex(12)))


ALL_SHAPED: dict[str, Maker] = {
    "anthropic_key": anthropic_key,
    "openai_key": openai_project_key,
    "google_api_key": google_key,
    "aws_access_key": aws_access_key_id,
    "github_token": github_token,
    "gitlab_token": gitlab_token,
    "slack_token": slack_token,
    "private_key": private_key_block,
    "jwt": jwt,
}
