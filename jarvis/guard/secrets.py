"""Secrets in text: provider keys, cloud and VCS tokens, private keys, JWTs,
passwords in assignments, and the user's own configured keys.

Owns the table of secret shapes (:data:`PATTERNS`) and :func:`find_secrets`.
Patterns are written for the ``regex`` module so that the reply filter can
ask the same table whether the end of a stream could still become a secret
(partial matching); see :mod:`jarvis.guard.stream`.

Trade-off: shapes with a fixed public prefix (``ghp_``, ``AKIA``...) are
matched strictly. Generic ``password = ...`` assignments are matched only
when the value looks like a literal, not a variable, a placeholder or a
call, so that pasted code does not trip the confirmation on every line.

Does not own: what to do with a finding (the facade asks the user) or
personal data (:mod:`jarvis.guard.pii`).

The ``regex`` module is imported, and the table compiled, at the first
search, not with this module: the window imports it long before anyone
types a secret.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from jarvis.guard.findings import Finding, mask, merge

if TYPE_CHECKING:
    import regex

# Token characters on either side of a key: a key glued to other token
# characters is part of something else (a hash, a longer identifier).
_START: Final = r"(?<![A-Za-z0-9_\-])"
_END: Final = r"(?![A-Za-z0-9_\-])"
_PEM_LABEL: Final = r"[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----"
# Base64 lines and "Proc-Type: ..." headers, each after whitespace. Possessive
# quantifiers: a long body that ends badly must not backtrack (ReDoS).
_PEM_BODY: Final = r"(?:\s++(?:[A-Za-z][A-Za-z\-]*+:[^\r\n]*+|[A-Za-z0-9+/=]++))*+"

MIN_KNOWN_KEY: Final = 8
AWS_PROXIMITY: Final = 200


@dataclass(frozen=True, slots=True)
class SecretPattern:
    """One row of the table.

    Attributes:
        kind: machine name of the finding.
        description: plain words for the UI.
        pattern: ``regex`` source; a group named ``v`` marks the secret part
            when the match also holds a label such as ``password=``.
        keep_prefix: characters of the value that are a public prefix and
            may show in the masked preview.
        accept: an extra check on the secret part (None accepts all).
    """

    kind: str
    description: str
    pattern: str
    keep_prefix: int = 0
    accept: Callable[[regex.Match[str]], bool] | None = None


_NOT_SECRETS: Final = frozenset({
    "none", "null", "nil", "true", "false", "undefined", "required", "optional",
    "password", "passwd", "secret", "token", "string", "redacted", "hidden",
    "example", "your_password", "yourpassword", "your-password", "mypassword",
})
_IDENTIFIER: Final = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_]\w*)*"


def _literal_value(match: regex.Match[str]) -> bool:
    """Whether a ``password = value`` match holds a literal, not code or a
    placeholder."""
    value = match.group("v")
    if len(value) < 6 or value.lower() in _NOT_SECRETS:
        return False
    if value[0] in "$%{<[(!*&" or "{{" in value or "..." in value or "…" in value:
        return False
    if len(set(value)) == 1:  # "********", "xxxxxxxx"
        return False
    if match.group("q"):
        return True
    if "(" in value or "[" in value:  # a call or an index: code
        return False
    if _compile(_IDENTIFIER).fullmatch(value):
        # ``password = user_password`` is code; ``PASSWORD=hunter22`` in an
        # env file is a value. Dotted names are attribute references.
        spaced = bool(match.group("sp"))
        return not spaced and "." not in value and any(c.isdigit() for c in value)
    return True


def _not_placeholder(match: regex.Match[str]) -> bool:
    value = match.group("v")
    return value.lower() not in _NOT_SECRETS and value[0] not in "$%{<*"


# The table. Each entry says in its comment where the shape comes from.
PATTERNS: Final[tuple[SecretPattern, ...]] = (
    # Anthropic: sk-ant-<type><version>-<base64url>, e.g. api03, admin01.
    SecretPattern("anthropic_key", "Anthropic API key",
                  _START + r"sk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_\-]{20,}", 7),
    # OpenAI project, service-account and admin keys.
    SecretPattern("openai_key", "OpenAI API key",
                  _START + r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}", 8),
    # OpenAI legacy user keys: sk- and 48 alphanumerics (no dashes).
    SecretPattern("openai_key", "OpenAI API key",
                  _START + r"sk-[A-Za-z0-9]{32,}" + _END, 3),
    # Google API keys (Gemini, Maps...): AIza and 35 more characters.
    SecretPattern("google_api_key", "Google API key",
                  _START + r"AIza[0-9A-Za-z_\-]{35}" + _END, 4),
    # AWS access key ids (long-term AKIA, temporary ASIA, and the rarer ones).
    SecretPattern("aws_access_key", "AWS access key id",
                  r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])",
                  4),
    # AWS secret access key when labelled; unlabelled ones near an access
    # key id are found by _aws_secrets_near().
    SecretPattern("aws_secret_key", "AWS secret access key",
                  r"(?i:secret_?access_?key)[\"']?[ \t]*[:=][ \t]*[\"']?"
                  r"(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"),
    # GitHub classic tokens: personal, OAuth, user-to-server, server, refresh.
    SecretPattern("github_token", "GitHub token",
                  _START + r"gh[pousr]_[A-Za-z0-9]{36,255}" + _END, 4),
    # GitHub fine-grained personal access tokens.
    SecretPattern("github_token", "GitHub token",
                  _START + r"github_pat_[A-Za-z0-9_]{22,255}" + _END, 11),
    # GitLab personal, deploy, runner, trigger, CI job, SCIM, feed tokens.
    SecretPattern("gitlab_token", "GitLab token",
                  _START + r"gl(?:pat|dt|rt|ptt|cbt|soat|ffct|imt|oas)-"
                  r"[A-Za-z0-9_\-]{20,}", 6),
    # Slack bot, user, app-level, refresh and configuration tokens.
    SecretPattern("slack_token", "Slack token",
                  _START + r"(?:xox[abposre]|xapp)-[A-Za-z0-9\-]{10,}", 5),
    # Slack incoming webhooks carry their secret in the path.
    SecretPattern("slack_webhook", "Slack webhook URL",
                  r"https://hooks\.slack\.com/services/"
                  r"T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+", 33),
    # PEM and PGP private key blocks; a block without its END line (a
    # truncated paste) still counts, up to where the base64 stops.
    SecretPattern("private_key", "private key block",
                  r"-----BEGIN " + _PEM_LABEL
                  + _PEM_BODY + r"(?:\s*-----END " + _PEM_LABEL + ")?"),
    # JSON Web Tokens: base64url of '{"' starts with eyJ, header and payload.
    SecretPattern("jwt", "JSON Web Token",
                  _START + r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}"
                  r"\.[A-Za-z0-9_\-]*" + _END, 3),
    # HTTP bearer tokens (Authorization headers pasted from curl or logs).
    SecretPattern("bearer_token", "bearer token",
                  r"(?i:bearer)[ \t]+(?P<v>[A-Za-z0-9._~+/\-]{20,}=*)",
                  accept=_not_placeholder),
    # Passwords in connection URLs: scheme://user:password@host.
    SecretPattern("url_password", "password in a URL",
                  r"(?i:(?:https?|ftps?|postgres(?:ql)?|mysql|mariadb|mongodb"
                  r"(?:\+srv)?|rediss?|amqps?|smtps?|ldaps?)://)"
                  r"[^\s/:@]+:(?P<v>[^\s/@]+)@", accept=_not_placeholder),
    # Assignments in code, env files, JSON and YAML: password = "...".
    SecretPattern("password", "password or secret value",
                  r"(?i:password|passwd|passphrase|pwd|secret_key|client_secret"
                  r"|secret|api_?key|api-key|access_token|auth_token|token"
                  r"|private_key)[\"']?(?P<sp>[ \t]*)[:=][ \t]*"
                  r"(?:(?P<q>[\"'])(?P<v>[^\"'\r\n]{1,200})(?P=q)"
                  r"|(?P<v>[^\s'\",;)\]}>]{1,200}))", accept=_literal_value),
)

_AWS_SECRET: Final = r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"


@functools.cache
def _compile(pattern: str) -> regex.Pattern[str]:
    import regex

    return regex.compile(pattern)


@functools.cache
def _compiled() -> tuple[tuple[SecretPattern, regex.Pattern[str]], ...]:
    return tuple((entry, _compile(entry.pattern)) for entry in PATTERNS)


def describe(kind: str) -> str:
    """Plain words for a kind of secret ("GitHub token")."""
    if kind == "configured_key":
        return "API key"
    return next((e.description for e in PATTERNS if e.kind == kind), "secret")


def aws_secret_pattern() -> regex.Pattern[str]:
    """The unlabelled AWS secret key shape (only meaningful near a key id)."""
    return _compile(_AWS_SECRET)


# A key block with its END line required: only for partial matching, so that
# a stream ending in "\n-----EN" is known to be inside a block.
_PEM_WITH_END: Final = (r"-----BEGIN " + _PEM_LABEL
                        + _PEM_BODY + r"\s*-----END " + _PEM_LABEL)


def hold_patterns() -> tuple[regex.Pattern[str], ...]:
    """Every shape a stream tail could be growing into (partial matches)."""
    return (*(compiled for _, compiled in _compiled()), _compile(_PEM_WITH_END))


def known_keys_pattern(known_keys: Iterable[str]) -> regex.Pattern[str] | None:
    """One pattern for the exact keys the user configured, or None."""
    return _known_keys_pattern(
        frozenset(k for k in known_keys if len(k) >= MIN_KNOWN_KEY))


@functools.lru_cache(maxsize=8)
def _known_keys_pattern(keys: frozenset[str]) -> regex.Pattern[str] | None:
    # Built once per set of keys, not for every chunk of every reply (the
    # escaping alone was a tenth of a millisecond per chunk).
    if not keys:
        return None
    import regex

    longest_first = sorted(keys, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(k) for k in longest_first))


def find_secrets(text: str, known_keys: Iterable[str] = ()) -> list[Finding]:
    """Every secret in ``text``, sorted, without overlaps.

    Args:
        text: what the user is about to send, or a model reply.
        known_keys: the user's configured keys, matched exactly (keys
            shorter than eight characters are ignored: too many false hits).

    Returns:
        Findings whose labels never hold more than a masked preview.
    """
    findings: list[Finding] = []
    known = known_keys_pattern(known_keys)
    if known is not None:
        findings.extend(
            Finding("configured_key", m.start(), m.end(),
                    f"one of your configured API keys {mask(m.group())}")
            for m in known.finditer(text))
    for entry, compiled in _compiled():
        findings.extend(_matches(entry, compiled, text))
    findings.extend(_aws_secrets_near(text, findings))
    return merge(findings)


def mask_secrets(text: str, known_keys: Iterable[str] = ()) -> tuple[str, int]:
    """``text`` with each secret replaced by ``[its masked label]``; how many.

    What is shown instead of a secret the user chose to send anyway: the
    prompt's bubble, and a conversation's title, are never the key itself
    (screens are shared and recorded).
    """
    found = find_secrets(text, known_keys)
    parts: list[str] = []
    end = 0
    for finding in found:
        parts.append(text[end:finding.start])
        parts.append(f"[{finding.label}]")
        end = finding.end
    parts.append(text[end:])
    return "".join(parts), len(found)


def _matches(
    entry: SecretPattern, compiled: regex.Pattern[str], text: str
) -> Iterable[Finding]:
    for match in compiled.finditer(text):
        if entry.accept is not None and not entry.accept(match):
            continue
        group = "v" if "v" in compiled.groupindex else 0
        start, end = match.span(group)
        value = text[start:end]
        yield Finding(entry.kind, start, end, _label(entry, value))


def _label(entry: SecretPattern, value: str) -> str:
    if entry.kind == "private_key":
        return entry.description
    return f"{entry.description} {mask(value, keep_prefix=entry.keep_prefix)}"


def _aws_secrets_near(text: str, found: list[Finding]) -> list[Finding]:
    """40-character AWS secret keys close to an access key id, unlabelled."""
    extra = []
    for key_id in (f for f in found if f.kind == "aws_access_key"):
        window_start = max(0, key_id.start - AWS_PROXIMITY)
        window_end = key_id.end + AWS_PROXIMITY
        for match in aws_secret_pattern().finditer(text, window_start, window_end):
            value = match.group()
            if _mixed(value):
                extra.append(Finding("aws_secret_key", match.start(), match.end(),
                                     f"AWS secret access key {mask(value)}"))
    return extra


def _mixed(value: str) -> bool:
    """Upper, lower and digits together: random, not a word or a number."""
    return (any(c.isupper() for c in value) and any(c.islower() for c in value)
            and any(c.isdigit() for c in value))
