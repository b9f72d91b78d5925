"""Image attachments: what a picture is, told by its bytes, not its name.

Owns :class:`ImageAttachment` (the bytes, their type, size, pixel size and
SHA-256), the magic-byte check for PNG, JPEG, GIF and WebP, and reading an
image from a file or a paste. It decides nothing about providers: which
models read images and how large they may be is :mod:`jarvis.vision`.

An image is not text: the guard does not scan it for secrets or personal
data (docs/attachments.md says why). Only the standard library is imported
here, so the window and the CLI can use it at once.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES: Final = 20_000_000
"""The largest image read at all: no provider takes a larger one inline."""

NAMES: Final = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
}
"""The image types every supported provider reads, and their short names."""

_SNIFF_BYTES = 16

MARKER_NAME: Final = 80
"""Longest file name a marker line repeats (it follows the prompt)."""

# Whoever made the file chose its name: in the marker it may not end the
# line or the brackets and pose as the user's own words ("]\n\nSYSTEM: ...").
_MARKER_UNSAFE: Final = re.compile(r"[^\w .,()@+-]")


class ImageError(ValueError):
    """An image that cannot be attached; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class ImageAttachment:
    """A picture sent with a prompt.

    Build it with :func:`image_from_bytes` or :func:`read_image`, which check
    the bytes and fill in the rest.

    Attributes:
        name: where it came from ("photo.png", "pasted image.png").
        data: the file's bytes, as sent.
        media_type: "image/png", "image/jpeg", "image/gif" or "image/webp",
            from the bytes.
        width, height: pixels, when the header says (None otherwise).
        sha256: hex digest of ``data`` (cache keys, history, tests).
    """

    name: str
    data: bytes = field(repr=False, compare=False)  # sha256 stands for it
    media_type: str
    width: int | None
    height: int | None
    sha256: str

    @property
    def size(self) -> int:
        """Bytes."""
        return len(self.data)

    @property
    def kind(self) -> str:
        """"PNG", "JPEG", "GIF" or "WebP"."""
        return NAMES[self.media_type]

    @property
    def label(self) -> str:
        """"photo.png (12.3 kB)": what a chip and a stored turn show."""
        return f"{self.name} ({format_size(self.size)})"

    @property
    def marker(self) -> str:
        """The line that stands for the image in text: the stored prompt,
        and what the model reads beside the picture."""
        pixels = f" {self.width}×{self.height}" if self.width and self.height else ""
        name = self.marker_name
        name = name if len(name) <= MARKER_NAME else name[:MARKER_NAME - 1] + "…"
        return f"[image: {name} · {self.kind}{pixels} · {format_size(self.size)}]"

    @property
    def marker_name(self) -> str:
        """The name with anything but letters, digits, spaces and ``.,()@+-``
        replaced by ``_`` and runs of spaces cut to one (not shortened)."""
        return " ".join(_MARKER_UNSAFE.sub("_", self.name).split())

    def base64(self) -> str:
        """The bytes in standard base64 (Anthropic, data URLs)."""
        return base64.b64encode(self.data).decode("ascii")

    def data_url(self) -> str:
        """A ``data:`` URL holding the image (OpenAI chat ``image_url``)."""
        return f"data:{self.media_type};base64,{self.base64()}"


class SessionImages:
    """The images of this session's prompts, so follow-ups can send them again.

    History stores an image's marker line, not its bytes: the bytes stay in
    memory while the app runs, up to ``budget`` bytes (the oldest go first),
    and a conversation reopened later shows and sends the marker only.
    """

    def __init__(self, budget: int = 200_000_000) -> None:
        self._budget = budget
        self._held: dict[tuple[str, int], tuple[ImageAttachment, ...]] = {}

    def keep(self, conversation_id: str, message_id: int,
             images: tuple[ImageAttachment, ...]) -> None:
        """Hold ``images`` as those of stored message ``message_id``."""
        if not images:
            # Message ids can be reused after an exchange is dropped.
            self._held.pop((conversation_id, message_id), None)
            return
        self._held[(conversation_id, message_id)] = images
        while sum(i.size for held in self._held.values() for i in held) \
                > self._budget and len(self._held) > 1:
            oldest = next(iter(self._held))
            del self._held[oldest]
            log.debug("dropped a stored message's images from memory")

    def of(self, conversation_id: str, message_id: int) -> tuple[ImageAttachment, ...]:
        """The images sent with that message, if still held."""
        return self._held.get((conversation_id, message_id), ())

    def forget(self, conversation_id: str) -> None:
        """Drop a deleted conversation's images."""
        for key in [k for k in self._held if k[0] == conversation_id]:
            del self._held[key]


def format_size(size: int) -> str:
    """Bytes as people read them (1 kB = 1000 B)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def sniff(data: bytes) -> str | None:
    """The image media type the first bytes announce, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def is_image_file(path: Path) -> bool:
    """Whether ``path`` starts like an image (reads a few bytes only)."""
    try:
        with path.open("rb") as file:
            return sniff(file.read(_SNIFF_BYTES)) is not None
    except OSError:
        return False


def image_from_bytes(name: str, data: bytes) -> ImageAttachment:
    """``data`` as an image attachment.

    Raises:
        ImageError: not a PNG, JPEG, GIF or WebP image, empty, truncated or
            larger than :data:`MAX_IMAGE_BYTES`.
    """
    media_type = sniff(data)
    if media_type is None:
        raise ImageError(f"{name} is not a PNG, JPEG, GIF or WebP image.")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"{name} is {format_size(len(data))}; images of at most "
                         f"{format_size(MAX_IMAGE_BYTES)} can be attached.")
    pixels = dimensions(data, media_type)
    if pixels is None:
        raise ImageError(f"{name} is not a complete {NAMES[media_type]} image.")
    return ImageAttachment(name, data, media_type, pixels[0], pixels[1],
                           hashlib.sha256(data).hexdigest())


def read_image(path: Path) -> ImageAttachment:
    """The image file at ``path``.

    Raises:
        ImageError: see :func:`image_from_bytes`.
        OSError: the file cannot be read.
    """
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ImageError(f"{path.name} is {format_size(size)}; images of at most "
                         f"{format_size(MAX_IMAGE_BYTES)} can be attached.")
    return image_from_bytes(path.name, path.read_bytes())


def dimensions(data: bytes, media_type: str) -> tuple[int, int] | None:
    """Width and height from the image header; None when it is cut short."""
    try:
        reader = _READERS[media_type]
        pixels = reader(data)
    except (struct.error, IndexError):
        return None
    if pixels is None or min(pixels) <= 0:
        return None
    return pixels


def _png(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _gif(data: bytes) -> tuple[int, int] | None:
    width, height = struct.unpack("<HH", data[6:10])
    return int(width), int(height)


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    return None


# Start-of-frame markers carry the size; C4, C8 and CC are other segments.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return int(width), int(height)
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        at += 2 + int(length)
    return None


_READERS = {"image/png": _png, "image/gif": _gif, "image/webp": _webp,
            "image/jpeg": _jpeg}
