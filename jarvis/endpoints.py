"""Which endpoint a provider's key may be sent to.

A key for Anthropic, OpenAI or Gemini is bound to that provider's official
API host. Sending it anywhere else (a proxy, a gateway, a look-alike host
set up to phish keys) needs an explicit approval of that exact base URL in
the provider's config (``approved_endpoint``). Loopback endpoints (local
models, the simulator) are allowed with a visible note. An OpenAI-compatible
provider's key belongs to the base URL it is configured with.
"""

from __future__ import annotations

import difflib
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from jarvis.config import ProviderConfig
from jarvis.usertext import UserText

OFFICIAL_HOSTS = {
    "anthropic": "api.anthropic.com",
    "openai": "api.openai.com",
    "gemini": "generativelanguage.googleapis.com",
}
_BRANDS = ("anthropic", "openai", "googleapis", "gemini", "claude")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a key may go to a provider's endpoint, and what to say."""

    allowed: bool
    note: str = ""


def check(provider: ProviderConfig) -> Verdict:
    """The verdict for sending ``provider``'s key to its base URL."""
    url = provider.base_url
    if url is None or provider.kind == "openai_compatible":
        return _loopback_note(url) if url else Verdict(True)
    host = (urlsplit(url).hostname or "").lower()
    official = OFFICIAL_HOSTS[provider.kind]
    if host == official and url.startswith("https://"):
        return Verdict(True)
    if is_loopback(host):
        return _loopback_note(url)
    if provider.approved_endpoint == url:
        return Verdict(True, UserText("endpoint.approved",
                                      f"Key sent to the approved endpoint {url}.",
                                      url=url))
    return Verdict(False, _refusal(provider.name, url, host, official))


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def lookalike(host: str, official: str) -> bool:
    """Whether ``host`` imitates ``official`` (a phishing pattern)."""
    if host == official:
        return False
    if official in host or any(brand in host for brand in _BRANDS):
        return True
    return difflib.SequenceMatcher(None, host, official).ratio() > 0.75


def _loopback_note(url: str) -> Verdict:
    return Verdict(True, UserText(
        "endpoint.local", f"Local endpoint {url}: traffic stays on this machine.",
        url=url))


def _refusal(name: str, url: str, host: str, official: str) -> UserText:
    text = (f"The {name} key was not sent to {url}: keys go only to {official} "
            f"unless you approve this endpoint (approved_endpoint in config.toml).")
    imitator = host if lookalike(host, official) else ""
    if imitator:
        text += (f" Careful: {host} looks like {official} but is not it; "
                 "look-alike hosts are used to steal keys.")
    # The window picks the sentence with or without the warning by "lookalike".
    return UserText("endpoint.refused", text, name=name, url=url,
                    official=official, lookalike=imitator)
