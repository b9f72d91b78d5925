"""Image attachments: the type comes from the bytes, never from the name."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from jarvis import images
from jarvis.images import ImageError, SessionImages, image_from_bytes, read_image
from tests import imagesamples


@pytest.mark.parametrize(("make", "media_type", "pixels"), [
    (imagesamples.png, "image/png", (4, 3)),
    (imagesamples.jpeg, "image/jpeg", (16, 8)),
    (imagesamples.gif, "image/gif", (2, 2)),
    (imagesamples.webp, "image/webp", (10, 20)),
])
def test_each_type_is_told_by_its_bytes(
    make: Callable[[], bytes], media_type: str, pixels: tuple[int, int]
) -> None:
    data = make()

    image = image_from_bytes("misnamed.txt", data)

    assert (image.media_type, (image.width, image.height)) == (media_type, pixels)
    assert image.sha256 == hashlib.sha256(data).hexdigest()
    assert image.size == len(data)
    assert image.data_url().startswith(f"data:{media_type};base64,")


def test_text_named_like_an_image_is_refused() -> None:
    with pytest.raises(ImageError) as caught:
        image_from_bytes("photo.png", b"just some words")

    assert str(caught.value) == "photo.png is not a PNG, JPEG, GIF or WebP image."


def test_a_truncated_image_is_refused() -> None:
    with pytest.raises(ImageError) as caught:
        image_from_bytes("cut.png", imagesamples.png()[:14])

    assert str(caught.value) == "cut.png is not a complete PNG image."


def test_an_image_over_the_largest_size_is_refused_naming_the_limit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(imagesamples.big_png(images.MAX_IMAGE_BYTES + 1))

    with pytest.raises(ImageError) as caught:
        read_image(path)

    assert str(caught.value) == (
        "huge.png is 20.0 MB; images of at most 20.0 MB can be attached.")


def test_labels_and_marker() -> None:
    image = image_from_bytes("cat.png", imagesamples.png(640, 480))

    assert image.size == 1949
    assert image.label == "cat.png (1.9 kB)"
    assert image.marker == "[image: cat.png · PNG 640×480 · 1.9 kB]"


def test_is_image_file_reads_the_first_bytes(tmp_path: Path) -> None:
    real, fake = tmp_path / "a.dat", tmp_path / "b.png"
    real.write_bytes(imagesamples.gif())
    fake.write_text("GIF? no", encoding="utf-8")

    assert (images.is_image_file(real), images.is_image_file(fake)) == (True, False)
    assert images.is_image_file(tmp_path / "missing.png") is False


def test_session_images_follow_messages_and_stay_in_budget() -> None:
    one = image_from_bytes("1.png", imagesamples.big_png(600))
    two = image_from_bytes("2.png", imagesamples.big_png(600))
    held = SessionImages(budget=1000)

    held.keep("c", 1, (one,))
    held.keep("c", 2, (two,))
    held.keep("d", 3, ())

    assert held.of("c", 1) == ()  # the oldest went to stay under 1000 bytes
    assert held.of("c", 2) == (two,)
    held.keep("c", 2, ())  # the id was reused by a message without images
    assert held.of("c", 2) == ()
    held.keep("c", 4, (one,))
    held.forget("c")
    assert held.of("c", 4) == ()
