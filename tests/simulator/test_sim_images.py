"""Image parts through each official SDK: decoded, hashed, counted, refused.

A part the real API would refuse (bad base64, bytes that are not the
declared type) gets HTTP 400 in the provider's own error shape.
"""

from __future__ import annotations

import base64
import hashlib

import anthropic
import httpx2
import openai
import pytest
from google import genai
from google.genai import types

from jarvis.simulator import Simulator
from jarvis.simulator.images import IMAGE_TOKENS
from tests import imagesamples

PNG = imagesamples.png()
DIGEST = hashlib.sha256(PNG).hexdigest()


def _anthropic_image(data: str, media_type: str = "image/png") -> dict[str, object]:
    return {"type": "image",
            "source": {"type": "base64", "media_type": media_type, "data": data}}


async def test_anthropic_image_block_is_seen_and_counted(
    anthropic_client: anthropic.AsyncAnthropic, sim: Simulator
) -> None:
    content = [_anthropic_image(base64.b64encode(PNG).decode()),
               {"type": "text", "text": "What is it?"}]

    reply = await anthropic_client.messages.create(
        model="claude-sonnet-4-5", max_tokens=200,
        messages=[{"role": "user", "content": content}])  # type: ignore[list-item]

    assert reply.content[0].type == "text"
    assert reply.content[0].text.startswith(
        f"I see 1 image: image/png sha256:{DIGEST[:16]}.")
    assert reply.usage.input_tokens == IMAGE_TOKENS["anthropic"] + 4
    assert [i.sha256 for i in sim.requests[0].images] == [DIGEST]


@pytest.mark.parametrize(("data", "media_type", "problem"), [
    ("not base64!", "image/png", "invalid base64 data"),
    (base64.b64encode(imagesamples.gif()).decode(), "image/png",
     "does not appear to be a valid image of that type"),
])
async def test_anthropic_refuses_a_bad_image_with_400(
    anthropic_client: anthropic.AsyncAnthropic, data: str, media_type: str,
    problem: str,
) -> None:
    with pytest.raises(anthropic.BadRequestError) as caught:
        await anthropic_client.messages.create(
            model="claude-sonnet-4-5", max_tokens=50,
            messages=[{"role": "user", "content": [  # type: ignore[list-item]
                _anthropic_image(data, media_type)]}])

    assert caught.value.status_code == 400
    assert "messages.0.content.0.image.source.base64" in caught.value.message
    assert problem in caught.value.message


async def test_openai_data_url_is_seen_and_bad_base64_refused(
    openai_client: openai.AsyncOpenAI, sim: Simulator
) -> None:
    url = "data:image/png;base64," + base64.b64encode(PNG).decode()

    def message(image_url: str) -> list[dict[str, object]]:
        return [{"role": "user", "content": [
            {"type": "text", "text": "What is it?"},
            {"type": "image_url", "image_url": {"url": image_url}}]}]

    reply = await openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=message(url))  # type: ignore[arg-type]
    with pytest.raises(openai.BadRequestError) as caught:
        await openai_client.chat.completions.create(
            model="gpt-4o-mini",
            messages=message("data:image/png;base64,%%%"))  # type: ignore[arg-type]

    assert (reply.choices[0].message.content or "").startswith(
        f"I see 1 image: image/png sha256:{DIGEST[:16]}.")
    assert reply.usage is not None
    assert reply.usage.prompt_tokens == IMAGE_TOKENS["openai"] + 4
    assert caught.value.code == "invalid_image_format"
    assert [r.status for r in sim.requests] == [200, 400]


async def test_gemini_inline_data_is_seen_and_bad_base64_refused(
    gemini_client: genai.Client, sim: Simulator, fake_key: str
) -> None:
    good = types.Content(role="user", parts=[
        types.Part(inline_data=types.Blob(data=PNG, mime_type="image/png")),
        types.Part(text="What is it?")])

    reply = await gemini_client.aio.models.generate_content(
        model="gemini-2.5-flash", contents=[good])
    # The SDK checks base64 itself: a bad part goes out over plain HTTP.
    bad = {"contents": [{"role": "user", "parts": [
        {"inlineData": {"data": "@@@", "mimeType": "image/png"}}]}]}
    async with httpx2.AsyncClient() as client:
        refused = await client.post(
            sim.base_url("gemini") + "/v1beta/models/gemini-2.5-flash:generateContent",
            json=bad, headers={"x-goog-api-key": fake_key})

    assert (reply.text or "").startswith(
        f"I see 1 image: image/png sha256:{DIGEST[:16]}.")
    assert reply.usage_metadata is not None
    assert reply.usage_metadata.prompt_token_count == IMAGE_TOKENS["gemini"] + 4
    assert refused.status_code == 400
    assert refused.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert refused.json()["error"]["message"] == (
        "Invalid value at 'contents[0].parts[0].inline_data.data' (TYPE_BYTES): "
        "invalid base64 data")
    assert [r.status for r in sim.requests] == [200, 400]


async def test_a_text_only_model_refuses_images_like_the_real_api(
    openai_client: openai.AsyncOpenAI, sim: Simulator
) -> None:
    url = "data:image/png;base64," + base64.b64encode(PNG).decode()

    with pytest.raises(openai.BadRequestError) as caught:
        await openai_client.chat.completions.create(
            model="gpt-3.5-turbo", messages=[{"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": url}}]}])

    assert caught.value.message.endswith(
        "Invalid content type. image_url is only supported by certain models.")
    assert [(r.status, len(r.images)) for r in sim.requests] == [(400, 1)]
