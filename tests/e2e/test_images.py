"""Images end to end: the facade, the router, each official SDK, the simulator.

The simulator decodes every image part it gets, hashes the bytes and says in
its reply what it saw, so each test proves the picture arrived intact; it
also counts image tokens in the usage it reports, which the spend log keeps.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import aclosing
from decimal import Decimal
from pathlib import Path

import pytest

from jarvis.events import Failed, FallbackUsed, ReplyDone, ServiceEvent
from jarvis.images import ImageAttachment, image_from_bytes
from jarvis.service import AskOptions, Jarvis
from jarvis.simulator import Fault, Simulator
from jarvis.simulator.images import IMAGE_TOKENS
from tests import imagesamples
from tests.e2e.conftest import write_config

SAMPLES = {"anthropic": imagesamples.png, "openai": imagesamples.jpeg,
           "gemini": imagesamples.webp}


async def ask(
    jarvis: Jarvis, prompt: str, images: list[ImageAttachment],
    conversation_id: str | None = None, **options: object,
) -> list[ServiceEvent]:
    stream = jarvis.ask(prompt, attachments=images, conversation_id=conversation_id,
                        options=AskOptions(**options))  # type: ignore[arg-type]
    async with aclosing(stream) as events:
        return [event async for event in events]


def _done(events: list[ServiceEvent]) -> ReplyDone:
    assert isinstance(events[-1], ReplyDone), events[-1]
    return events[-1]


def _failed(events: list[ServiceEvent]) -> Failed:
    assert isinstance(events[-1], Failed), events[-1]
    return events[-1]


@pytest.mark.parametrize("provider", ["anthropic", "openai", "gemini"])
async def test_image_arrives_intact_is_counted_and_logged(
    service: Jarvis, sim: Simulator, provider: str
) -> None:
    data = SAMPLES[provider]()
    image = image_from_bytes("photo", data)

    events = await ask(service, "What is in this picture?", [image],
                       provider=provider, fallback=False)

    reply = _done(events).reply
    digest = hashlib.sha256(data).hexdigest()
    assert reply.text.startswith(
        f"I see 1 image: {image.media_type} sha256:{digest[:16]}.")
    [record] = sim.requests
    assert [(i.media_type, i.size, i.sha256) for i in record.images] == [
        (image.media_type, len(data), digest)]
    assert reply.usage is not None
    assert reply.usage.input_tokens > IMAGE_TOKENS[provider]
    [row] = (await service.usage())["rows"]
    assert row["status"] == "ok"
    assert row["input_tokens"] == reply.usage.input_tokens
    assert reply.cost_usd is not None and row["cost_pusd"] > 0


async def test_text_only_model_is_refused_before_anything_is_sent(
    service: Jarvis, sim: Simulator
) -> None:
    image = image_from_bytes("chart.png", imagesamples.png())

    events = await ask(service, "Explain the chart", [image], provider="openai",
                       model="gpt-3.5-turbo", fallback=False)

    failed = _failed(events)
    assert failed.kind == "refused"
    assert failed.message == (
        "openai (gpt-3.5-turbo) cannot read images. Pick a vision model such as "
        "gpt-5-mini, or remove the image.")
    assert sim.requests == []
    assert await service.history.messages(failed.conversation_id or "") == []
    assert (await service.usage())["rows"] == []


async def test_openai_compatible_endpoint_takes_no_images_unless_configured(
    home: Path, sim: Simulator
) -> None:
    local = (f'[providers.local]\nkind = "openai_compatible"\n'
             f'base_url = "{sim.base_url("openai")}"\nmodel = "llava"\n'
             'approved_endpoint = "{url}"\n')
    write_config(home, sim, extra="")
    config = home / "config.toml"
    image = image_from_bytes("cat.gif", imagesamples.gif())

    url = sim.base_url("openai")
    config.write_text(config.read_text() + local.replace("{url}", url))
    jarvis = await Jarvis.open(home=home)
    try:
        refused = _failed(await ask(jarvis, "Describe", [image], provider="local",
                                    fallback=False))
    finally:
        await jarvis.aclose()
    config.write_text(config.read_text() + "images = true\n")
    jarvis = await Jarvis.open(home=home)
    try:
        done = _done(await ask(jarvis, "Describe", [image], provider="local",
                               fallback=False))
    finally:
        await jarvis.aclose()

    assert refused.message.startswith(
        "local (llava) is an OpenAI-compatible endpoint with images off. If its "
        "model reads images, set images = true under [providers.local]")
    assert done.reply.provider == "local"
    assert [r.images[0].sha256 for r in sim.requests] == [image.sha256]


async def test_chain_skips_a_provider_that_cannot_read_images(
    service: Jarvis, sim: Simulator
) -> None:
    image = image_from_bytes("scan.png", imagesamples.png())

    events = await ask(service, "Read this", [image], provider="anthropic",
                       model="claude-2.1")

    [fallback] = [e for e in events if isinstance(e, FallbackUsed)]
    assert (fallback.from_provider, fallback.to_provider) == ("anthropic", "openai")
    assert fallback.reason.startswith("anthropic (claude-2.1) cannot read images.")
    reply = _done(events).reply
    assert (reply.provider, reply.fallback_from) == ("openai", ("anthropic",))
    assert [r.kind for r in sim.requests] == ["openai"]


async def test_over_size_image_goes_to_a_provider_that_takes_it(
    service: Jarvis, sim: Simulator
) -> None:
    image = image_from_bytes("huge.png", imagesamples.big_png(4_000_000))

    alone = await ask(service, "Look", [image], provider="anthropic", fallback=False)
    chained = await ask(service, "Look", [image], provider="anthropic")

    assert _failed(alone).message == (
        "anthropic (claude-sonnet-4-5) takes images of at most 3.75 MB; huge.png "
        "is 4.0 MB. Attach a smaller image or pick another provider.")
    assert _done(chained).reply.provider == "openai"
    assert [(r.kind, r.images[0].size) for r in sim.requests] == [
        ("openai", 4_000_000)]


async def test_history_keeps_a_marker_and_follow_ups_resend_the_image(
    service: Jarvis, sim: Simulator
) -> None:
    data = imagesamples.png(rgb=(1, 2, 3))
    image = image_from_bytes("photo.png", data)

    first = _done(await ask(service, "What colour?", [image], provider="gemini"))
    cid = first.reply.conversation_id
    _done(await ask(service, "And brighter?", [], conversation_id=cid,
                    provider="gemini"))

    stored = await service.messages(cid or "")
    assert stored[0].text == "What colour?\n\n[image: photo.png · PNG 4×3 · 73 B]"
    assert [len(r.images) for r in sim.requests] == [1, 1]
    assert sim.requests[1].images[0].sha256 == image.sha256
    database = service.paths.database.read_bytes()
    assert data not in database and image.base64().encode() not in database


async def test_cache_key_includes_the_image(service: Jarvis, sim: Simulator) -> None:
    red = image_from_bytes("a.png", imagesamples.png(rgb=(255, 0, 0)))
    blue = image_from_bytes("a.png", imagesamples.png(rgb=(0, 0, 255)))

    replies = [_done(await ask(service, "Colour?", [image], provider="openai",
                               temperature=0)).reply
               for image in (red, blue, red)]

    assert [r.cache_hit for r in replies] == [False, False, True]
    assert len(sim.requests) == 2


async def test_reservation_counts_the_images(home: Path, sim: Simulator) -> None:
    write_config(home, sim, extra="[limits]\ndaily_usd = 0.0001")
    image = image_from_bytes("big.png", imagesamples.png(1000, 1000))
    jarvis = await Jarvis.open(home=home)
    try:
        plain = _failed(await ask(jarvis, "x", [], provider="anthropic",
                                  fallback=False, max_tokens=10))
        with_image = _failed(await ask(jarvis, "x", [image], provider="anthropic",
                                       fallback=False, max_tokens=10))
    finally:
        await jarvis.aclose()

    def needed(message: str) -> Decimal:
        found = re.search(r"may cost up to \$(\d+\.\d{4})", message)
        assert found, message
        return Decimal(found.group(1))

    # 1000×1000 px at Anthropic: ceil(1e6 / 750) = 1334 tokens, reserved at
    # the input rate of the tier this small prompt is in ($3 / MTok):
    # $0.0040, plus the marker line's few dozen bytes.
    extra = needed(with_image.message) - needed(plain.message)
    assert Decimal("0.0040") <= extra <= Decimal("0.0042")
    assert sim.requests == []


async def test_a_failed_turn_is_merged_with_the_next_images_and_all(
    service: Jarvis, sim: Simulator
) -> None:
    image = image_from_bytes("x.webp", imagesamples.webp())

    sim.script("anthropic", Fault(status=400))
    failed = _failed(await ask(service, "Look", [image], provider="anthropic",
                               fallback=False))
    again = _done(await ask(service, "Look again", [], provider="anthropic",
                            conversation_id=failed.conversation_id, fallback=False))

    # No reply came between the two prompts: they go as one user turn.
    assert [r.message_count for r in sim.requests] == [1, 1]
    assert [r.images[0].sha256 for r in sim.requests] == [image.sha256] * 2
    assert again.reply.text.startswith("I see 1 image: image/webp")


async def test_config_saying_yes_wins_and_the_provider_has_the_last_word(
    home: Path, sim: Simulator
) -> None:
    write_config(home, sim)
    config = home / "config.toml"
    text = config.read_text().replace(
        "[providers.openai]\n", "[providers.openai]\nimages = true\n")
    config.write_text(text, encoding="utf-8")
    image = image_from_bytes("a.png", imagesamples.png())
    jarvis = await Jarvis.open(home=home)
    try:
        failed = _failed(await ask(jarvis, "Look", [image], provider="openai",
                                   model="gpt-3.5-turbo", fallback=False))
    finally:
        await jarvis.aclose()

    # Sent, because the config says this provider's models read images; the
    # provider refuses it with a 400, which is not retried.
    assert [(r.status, len(r.images)) for r in sim.requests] == [(400, 1)]
    assert (failed.kind, failed.message) == (
        "bad_request", "openai: The provider rejected the request. (HTTP 400)")
