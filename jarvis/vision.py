"""Which provider and model may be sent images, how large, at what cost.

Owns the one table of image-reading models, each provider's size limits,
the refusal messages, and the upper bound of the input tokens an image can
cost (the spend reservation must never be too small). A provider's
``images`` setting in config.toml overrides the table: ``true`` (every
model), ``false`` (none) or a list of model names. OpenAI-compatible
endpoints read no images unless so configured: a local model that cannot
see would otherwise answer about a picture it never got.

The figures are documented in docs/attachments.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from jarvis.config import ProviderConfig
from jarvis.images import ImageAttachment, format_size


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """What one provider kind accepts in one request.

    Attributes:
        max_bytes: largest image file (before base64).
        max_images: most images in one request.
        max_total_bytes: most image bytes in one request (before base64).
        max_side_px: longest side in pixels, where the provider refuses more.
    """

    max_bytes: int
    max_images: int
    max_total_bytes: int
    max_side_px: int | None = None


LIMITS: Final = {
    # 5 MB per image as the API counts it, after base64 (4/3 of the file);
    # a request is at most 32 MB.
    "anthropic": ImageLimits(3_750_000, 100, 24_000_000, 8000),
    # 50 MB of images in one request.
    "openai": ImageLimits(20_000_000, 500, 37_500_000),
    # A generateContent request carries at most 20 MB inline, base64 included.
    "gemini": ImageLimits(15_000_000, 3000, 15_000_000),
    "openai_compatible": ImageLimits(20_000_000, 50, 20_000_000),
}

# (model name prefixes that read images, substrings of those that do not)
# FIXME:vision-table: model names, not the providers' model metadata; it
# needs an entry when a provider ships a text-only family (config overrides).
_VISION_MODELS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "anthropic": (("claude-",), ("claude-2", "claude-instant")),
    "openai": (
        ("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-4-turbo", "gpt-5", "o1", "o3", "o4",
         "chatgpt-4o", "computer-use"),
        ("o1-mini", "o1-preview", "o3-mini", "audio", "realtime", "transcribe",
         "tts", "embedding", "search"),
    ),
    "gemini": (("gemini-",), ("embedding", "-tts", "aqa", "gemini-1.0")),
    "openai_compatible": ((), ()),
}

# Upper bounds of the input tokens of one image (docs/attachments.md).
ANTHROPIC_MAX_IMAGE_TOKENS: Final = 1_600
OPENAI_MAX_IMAGE_TOKENS: Final = 2_500
GEMINI_TILE_TOKENS: Final = 258
GEMINI_TILE_PX: Final = 768
GEMINI_MIN_IMAGE_TOKENS: Final = 1_120


def accepts_images(provider: ProviderConfig, model: str) -> bool:
    """Whether ``model`` of ``provider`` reads images."""
    setting = provider.images
    if isinstance(setting, bool):
        return setting
    if setting is not None:
        return model in setting
    prefixes, excluded = _VISION_MODELS.get(provider.kind, ((), ()))
    name = model.lower().rpartition("/")[2]
    return name.startswith(prefixes) and not any(x in name for x in excluded)


def refusal(
    provider: ProviderConfig, model: str, images: Sequence[ImageAttachment]
) -> str | None:
    """Why ``images`` cannot go to ``model`` of ``provider``, or None.

    The reason names the provider and model and says what to do.
    """
    if not images:
        return None
    if not accepts_images(provider, model):
        return _cannot_read(provider, model)
    limits = LIMITS.get(provider.kind, LIMITS["openai_compatible"])
    return _over_limits(f"{provider.name} ({model})", limits, images)


def _over_limits(
    where: str, limits: ImageLimits, images: Sequence[ImageAttachment]
) -> str | None:
    if len(images) > limits.max_images:
        return (f"{where} takes at most {limits.max_images} images in one "
                f"message; remove {len(images) - limits.max_images}.")
    total = sum(image.size for image in images)
    if total > limits.max_total_bytes:
        return (f"{where} takes at most {limits.max_total_bytes / 1_000_000:g} "
                f"MB of images in one message; these are {format_size(total)} "
                "(earlier images of this conversation count too). Remove some, "
                "or start a new conversation.")
    for image in images:
        if image.size > limits.max_bytes:
            return (f"{where} takes images of at most "
                    f"{limits.max_bytes / 1_000_000:g} MB; {image.name} is "
                    f"{format_size(image.size)}. Attach a smaller image or "
                    "pick another provider.")
        side = max(image.width or 0, image.height or 0)
        if limits.max_side_px and side > limits.max_side_px:
            return (f"{where} takes images of at most {limits.max_side_px} "
                    f"pixels a side; {image.name} is {image.width}×"
                    f"{image.height}. Attach a smaller image.")
    return None


@dataclass(frozen=True, slots=True)
class ImageVerdict:
    """What would happen to images sent along a fallback chain.

    Attributes:
        reason: why the first provider and model cannot take them ("" when
            it can).
        taken_by: "provider (model)" of the first one that can, when that is
            a later one; "" otherwise.
        reasons: one line per provider that cannot take them, in order.
    """

    reason: str = ""
    taken_by: str = ""
    reasons: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        """No provider of the chain can take the images."""
        return bool(self.reason) and not self.taken_by

    @property
    def message(self) -> str:
        """What to tell the user before sending ("" when all is well)."""
        if self.refused:
            return " ".join(self.reasons)
        if self.reason:
            return f"{self.reason} As it is, {self.taken_by} will answer."
        return ""


def verdict(
    chain: Sequence[tuple[ProviderConfig, str]], images: Sequence[ImageAttachment]
) -> ImageVerdict:
    """Where ``images`` can go along ``chain`` (provider, model) pairs."""
    if not images or not chain:
        return ImageVerdict()
    reasons: list[str] = []
    for provider, model in chain:
        why = refusal(provider, model, images)
        if why is None:
            taken_by = f"{provider.name} ({model})" if reasons else ""
            return ImageVerdict(reasons[0] if reasons else "", taken_by,
                                tuple(reasons))
        reasons.append(why)
    return ImageVerdict(reasons[0], "", tuple(reasons))


def _cannot_read(provider: ProviderConfig, model: str) -> str:
    if provider.kind == "openai_compatible" and provider.images is None:
        return (f"{provider.name} ({model}) is an OpenAI-compatible endpoint "
                "with images off. If its model reads images, set "
                f"images = true under [providers.{provider.name}] in "
                "config.toml; otherwise pick a vision model of another "
                "provider, or remove the image.")
    readers = [m for m in provider.models if accepts_images(provider, m)]
    hint = f" such as {readers[0]}" if readers else ""
    return (f"{provider.name} ({model}) cannot read images. Pick a vision "
            f"model{hint}, or remove the image.")


def image_tokens(kind: str, images: Iterable[ImageAttachment]) -> int:
    """The most input tokens ``images`` can cost at a provider of ``kind``."""
    return sum(_one_image_tokens(kind, image) for image in images)


def _one_image_tokens(kind: str, image: ImageAttachment) -> int:
    width, height = image.width or 0, image.height or 0
    if kind == "anthropic":
        if not (width and height):
            return ANTHROPIC_MAX_IMAGE_TOKENS
        return min(math.ceil(width * height / 750), ANTHROPIC_MAX_IMAGE_TOKENS)
    if kind == "gemini":
        tiles = math.ceil(width / GEMINI_TILE_PX) * math.ceil(height / GEMINI_TILE_PX)
        return max(tiles * GEMINI_TILE_TOKENS, GEMINI_MIN_IMAGE_TOKENS)
    return OPENAI_MAX_IMAGE_TOKENS
