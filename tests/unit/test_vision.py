"""Which models read images, the limits, the refusals and the token bounds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jarvis import config, vision
from jarvis.errors import ConfigError
from jarvis.images import image_from_bytes
from tests import imagesamples

PROVIDERS = config.default_config().providers


@pytest.mark.parametrize(("provider", "model", "reads"), [
    ("anthropic", "claude-sonnet-4-5", True),
    ("anthropic", "claude-haiku-4-5", True),
    ("anthropic", "claude-2.1", False),
    ("openai", "gpt-5-mini", True),
    ("openai", "gpt-4o-mini", True),
    ("openai", "gpt-3.5-turbo", False),
    ("openai", "o3-mini", False),
    ("openai", "gpt-4o-audio-preview", False),
    ("gemini", "gemini-2.5-flash", True),
    ("gemini", "models/gemini-2.5-pro", True),
    ("gemini", "gemini-embedding-001", False),
])
def test_the_table(provider: str, model: str, reads: bool) -> None:
    assert vision.accepts_images(PROVIDERS[provider], model) is reads


def test_openai_compatible_reads_none_unless_configured(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[providers.local]\nkind = "openai_compatible"\n'
        'base_url = "http://127.0.0.1:1/v1"\nmodel = "llama3"\n'
        '[providers.lab]\nkind = "openai_compatible"\n'
        'base_url = "http://127.0.0.1:2/v1"\nmodel = "llava"\n'
        'images = ["llava"]\n'
        '[providers.openai]\nimages = false\n', encoding="utf-8")
    providers = config.load(path).providers

    assert vision.accepts_images(providers["local"], "llama3") is False
    assert vision.accepts_images(providers["lab"], "llava") is True
    assert vision.accepts_images(providers["lab"], "llama3") is False
    assert vision.accepts_images(providers["openai"], "gpt-5") is False


def test_images_setting_of_the_wrong_type_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[providers.openai]\nimages = "yes"\n', encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        config.load(path)

    assert "line 2: providers.openai.images: expected true or false or a list" \
        in str(caught.value)


def test_refusals_name_provider_model_and_what_to_do() -> None:
    small = image_from_bytes("a.png", imagesamples.png())
    wide = image_from_bytes("wide.png", imagesamples.png(9000, 10))
    anthropic = PROVIDERS["anthropic"]

    assert vision.refusal(anthropic, "claude-sonnet-4-5", [small]) is None
    assert vision.refusal(anthropic, "claude-sonnet-4-5", []) is None
    assert vision.refusal(anthropic, "claude-sonnet-4-5", [wide]) == (
        "anthropic (claude-sonnet-4-5) takes images of at most 8000 pixels a "
        "side; wide.png is 9000×10. Attach a smaller image.")
    assert vision.refusal(anthropic, "claude-sonnet-4-5", [small] * 101) == (
        "anthropic (claude-sonnet-4-5) takes at most 100 images in one "
        "message; remove 1.")
    assert vision.refusal(anthropic, "claude-2.1", [small]) == (
        "anthropic (claude-2.1) cannot read images. Pick a vision model such as "
        "claude-sonnet-4-5, or remove the image.")
    half = image_from_bytes("half.png", imagesamples.big_png(8_000_000))
    assert vision.refusal(PROVIDERS["gemini"], "gemini-2.5-flash", [half] * 2) == (
        "gemini (gemini-2.5-flash) takes at most 15 MB of images in one message; "
        "these are 16.0 MB (earlier images of this conversation count too). "
        "Remove some, or start a new conversation.")
    blind = replace(PROVIDERS["openai"], models=("gpt-3.5-turbo",))
    assert vision.refusal(blind, "gpt-3.5-turbo", [small]) == (
        "openai (gpt-3.5-turbo) cannot read images. Pick a vision model, or "
        "remove the image.")


@pytest.mark.parametrize(("kind", "pixels", "tokens"), [
    ("anthropic", (1000, 1000), 1334),     # ceil(1e6 / 750)
    ("anthropic", (4000, 3000), 1600),     # scaled down by the provider
    ("gemini", (300, 300), 1120),          # one tile, at least 1120
    ("gemini", (2000, 2000), 9 * 258),     # 3 × 3 tiles of 768 px
    ("openai", (10, 10), 2500),
    ("openai_compatible", (10, 10), 2500),
])
def test_image_token_bounds(kind: str, pixels: tuple[int, int], tokens: int) -> None:
    image = image_from_bytes("x.png", imagesamples.png(*pixels))

    assert vision.image_tokens(kind, [image]) == tokens
    assert vision.image_tokens(kind, [image, image]) == 2 * tokens


def test_verdict_along_a_chain() -> None:
    image = [image_from_bytes("a.png", imagesamples.png())]
    openai, gemini = PROVIDERS["openai"], PROVIDERS["gemini"]

    fine = vision.verdict([(openai, "gpt-5-mini")], image)
    later = vision.verdict([(openai, "gpt-3.5-turbo"), (gemini, "gemini-2.5-pro")],
                           image)
    none = vision.verdict([(openai, "gpt-3.5-turbo"), (gemini, "gemini-embedding-001")],
                          image)

    assert (fine.refused, fine.message) == (False, "")
    assert not later.refused and later.taken_by == "gemini (gemini-2.5-pro)"
    assert later.message.endswith("As it is, gemini (gemini-2.5-pro) will answer.")
    assert none.refused and none.message == " ".join(none.reasons)
    assert len(none.reasons) == 2
    assert vision.verdict([(openai, "gpt-3.5-turbo")], []).message == ""
