"""Small, valid images of each accepted type, made in memory for tests.

No image library is needed: the PNG is assembled from its chunks (zlib and
CRC from the standard library); the JPEG, GIF and WebP samples carry the
headers a reader checks (magic bytes and the pixel size).
"""

from __future__ import annotations

import struct
import zlib


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30),
        ) -> bytes:
    """A real PNG of one colour, any viewer opens it."""
    row = b"\x00" + bytes(rgb) * width
    pixels = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels)
            + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def gif(width: int = 2, height: int = 2) -> bytes:
    """A GIF header and one-pixel-block image."""
    return (b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\x00\x00"
            + b"\x00\x00\x00\xff\xff\xff" + b",\x00\x00\x00\x00"
            + struct.pack("<HH", width, height) + b"\x00\x02\x02D\x01\x00;")


def jpeg(width: int = 16, height: int = 8) -> bytes:
    """A JPEG start: SOI, an APP0 segment, then a baseline frame header."""
    app0 = (b"\xff\xe0" + struct.pack(">H", 16)
            + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def webp(width: int = 10, height: int = 20) -> bytes:
    """A WebP RIFF container with an extended (VP8X) header."""
    body = (b"WEBP" + b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00"
            + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def big_png(size: int) -> bytes:
    """A PNG padded with an ancillary chunk to about ``size`` bytes."""
    base = png()
    filler = _chunk(b"tEXt", b"c\x00" + b"x" * max(0, size - len(base) - 14))
    return base[:-12] + filler + base[-12:]
