"""Image parts as the simulated providers receive them.

Each wire module finds its provider's image parts (Anthropic ``image``
blocks, OpenAI ``image_url`` data URLs, Gemini ``inlineData``) and hands the
base64 text here: it is decoded strictly and its first bytes checked, as the
real APIs do, and what arrived is kept as a :class:`SeenImage` (type, size,
SHA-256) so a test can prove the bytes came through intact. A bad part
raises :class:`ImageProblem`, which the handler answers with HTTP 400 in the
provider's error shape. Written apart from ``jarvis.images`` on purpose.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

ACCEPTED = ("image/png", "image/jpeg", "image/gif", "image/webp")

IMAGE_TOKENS = {"anthropic": 1500, "openai": 765, "gemini": 258}
"""Input tokens the simulator counts per image, by provider kind."""


TEXT_ONLY_MODELS = ("gpt-3.5-turbo", "claude-2.1", "claude-instant-1.2")
"""Models the simulator serves that refuse image input, as the real ones do."""


def text_only(kind: str, model: str) -> str | None:
    """The provider's words refusing images for ``model``, or None."""
    if model not in TEXT_ONLY_MODELS:
        return None
    if kind == "openai":
        return "Invalid content type. image_url is only supported by certain models."
    return f"{model} does not support image input."


class ImageProblem(Exception):
    """An image part the provider would refuse; the message is its words."""


@dataclass(frozen=True)
class SeenImage:
    """An image that arrived: its declared type, byte count and SHA-256."""

    media_type: str
    size: int
    sha256: str


def decode(data: object, media_type: object, where: str, *,
           urlsafe: bool = False, max_bytes: int | None = None) -> SeenImage:
    """Check one base64 image part.

    Args:
        data: the part's base64 text.
        media_type: the type the request declared.
        where: the part's position, for the error message.
        urlsafe: accept the URL-safe alphabet too (Gemini's JSON bytes).
        max_bytes: the largest base64 text the provider takes.

    Raises:
        ImageProblem: not base64, empty, too large, or not the declared type.
    """
    if not isinstance(data, str) or not data:
        raise ImageProblem(f"{where}: image data is missing")
    if max_bytes is not None and len(data) > max_bytes:
        raise ImageProblem(
            f"{where}: image exceeds 5 MB maximum: {len(data)} bytes > "
            f"{max_bytes} bytes")
    raw = _b64(data, urlsafe)
    if raw is None:
        raise ImageProblem(f"{where}: invalid base64 data")
    found = _sniff(raw)
    if media_type not in ACCEPTED:
        raise ImageProblem(f"{where}: unsupported image type {media_type!r}")
    if found != media_type:
        raise ImageProblem(
            f"{where}: the image was specified using the {media_type} media "
            "type, but does not appear to be a valid image of that type")
    return SeenImage(found, len(raw), hashlib.sha256(raw).hexdigest())


def from_data_url(url: object, where: str) -> SeenImage:
    """Check an OpenAI ``image_url`` that must be a base64 ``data:`` URL."""
    if not isinstance(url, str) or not url.startswith("data:"):
        raise ImageProblem(f"{where}: the simulator takes data: URLs only")
    head, comma, payload = url.partition(",")
    if not comma or not head.endswith(";base64"):
        raise ImageProblem(f"{where}: expected a base64-encoded data URL")
    return decode(payload, head[5:-7], where)


def _b64(data: str, urlsafe: bool) -> bytes | None:
    text = data.replace("-", "+").replace("_", "/") if urlsafe else data
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _sniff(raw: bytes) -> str | None:
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if raw.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if raw[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "image/webp"
    return None
