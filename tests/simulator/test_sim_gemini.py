"""The real ``google-genai`` SDK against the simulator's Gemini API."""

from __future__ import annotations

import httpx2
import pytest
from google import genai
from google.genai import errors, types

from jarvis.simulator import CACHED_USAGE_C07, Fault, Simulator
from jarvis.simulator.replies import count_tokens

MODEL = "gemini-2.5-flash"
PROMPT = "Show me a greeting function"


async def collect(
    client: genai.Client, max_output_tokens: int | None = None
) -> list[types.GenerateContentResponse]:
    config = types.GenerateContentConfig(max_output_tokens=max_output_tokens)
    stream = await client.aio.models.generate_content_stream(
        model=MODEL, contents=PROMPT, config=config
    )
    return [chunk async for chunk in stream]


def text_of(chunks: list[types.GenerateContentResponse]) -> str:
    return "".join(chunk.text or "" for chunk in chunks)


def finish_of(chunk: types.GenerateContentResponse) -> types.FinishReason | None:
    assert chunk.candidates
    return chunk.candidates[0].finish_reason


async def test_stream_text_and_final_usage(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    chunks = await collect(gemini_client)

    text = text_of(chunks)
    assert text.startswith("Here is a short answer to your 5-word message")
    assert finish_of(chunks[-1]) == types.FinishReason.STOP
    assert all(finish_of(chunk) is None for chunk in chunks[:-1])
    usage = chunks[-1].usage_metadata
    assert usage is not None
    assert usage.prompt_token_count == 5
    assert usage.candidates_token_count == count_tokens(text)
    assert usage.total_token_count == 5 + count_tokens(text)
    assert usage.cached_content_token_count is None
    assert chunks[-1].model_version == MODEL
    record = sim.requests[-1]
    assert record.path == f"/gemini/v1/models/{MODEL}:streamGenerateContent"
    assert (record.stream, record.model, record.message_count) == (True, MODEL, 1)


async def test_non_streamed_reply_equals_streamed_reply(
    gemini_client: genai.Client,
) -> None:
    chunks = await collect(gemini_client)
    response = await gemini_client.aio.models.generate_content(
        model=MODEL, contents=PROMPT
    )

    assert response.text == text_of(chunks)
    assert response.usage_metadata == chunks[-1].usage_metadata


async def test_cached_tokens_inside_prompt_count__C07(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script("gemini", CACHED_USAGE_C07)

    usage = (await collect(gemini_client))[-1].usage_metadata

    assert usage is not None
    assert usage.prompt_token_count == 2000
    assert usage.cached_content_token_count == 1500


async def test_safety_finish_without_parts__C03(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script("gemini", Fault(safety=True))

    chunks = await collect(gemini_client)

    assert [chunk.text for chunk in chunks] == ["Here is", None]
    last = chunks[-1]
    assert last.candidates is not None
    assert last.candidates[0].content is None
    assert finish_of(last) == types.FinishReason.SAFETY
    assert last.candidates[0].safety_ratings


async def test_thinking_exhausts_budget_without_text__C03(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script("gemini", Fault(thinking_exhausts=True))

    chunks = await collect(gemini_client, max_output_tokens=200)

    assert [chunk.text for chunk in chunks] == [None]
    assert finish_of(chunks[0]) == types.FinishReason.MAX_TOKENS
    usage = chunks[0].usage_metadata
    assert usage is not None
    assert usage.thoughts_token_count == 200
    assert usage.candidates_token_count is None
    assert sim.requests[-1].max_tokens == 200


async def test_reasoning_tokens_reported_apart(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script("gemini", Fault(text="Done.", reasoning_tokens=30))

    usage = (await collect(gemini_client))[-1].usage_metadata

    assert usage is not None
    assert (usage.candidates_token_count, usage.thoughts_token_count) == (2, 30)
    assert usage.total_token_count == 5 + 2 + 30


async def test_error_mid_stream_raises_server_error(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script("gemini", Fault(error_after=1))
    seen: list[types.GenerateContentResponse] = []

    with pytest.raises(errors.ServerError) as caught:
        stream = await gemini_client.aio.models.generate_content_stream(
            model=MODEL, contents=PROMPT
        )
        async for chunk in stream:
            seen.append(chunk)

    assert caught.value.code == 503
    assert caught.value.status == "UNAVAILABLE"
    assert text_of(seen) == "Here is a short"


async def test_dropped_connection_raises_raw_transport_error__C01(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script("gemini", Fault(drop_after=2))
    seen: list[types.GenerateContentResponse] = []

    # The Gemini SDK does not wrap transport errors in its own classes.
    with pytest.raises(httpx2.RemoteProtocolError):
        stream = await gemini_client.aio.models.generate_content_stream(
            model=MODEL, contents=PROMPT
        )
        async for chunk in stream:
            seen.append(chunk)

    assert text_of(seen) == "Here is a short answer to your 5"
    assert all(finish_of(chunk) is None for chunk in seen)


async def test_model_override__C08(sim: Simulator, gemini_client: genai.Client) -> None:
    sim.script("gemini", Fault(model="gemini-9.9-flash-preview-99-99"))

    chunks = await collect(gemini_client)

    assert {chunk.model_version for chunk in chunks} == {
        "gemini-9.9-flash-preview-99-99"
    }


async def test_model_list(sim: Simulator, gemini_client: genai.Client) -> None:
    pager = await gemini_client.aio.models.list()
    names = [model.name async for model in pager]

    assert names == ["models/gemini-2.5-flash", "models/gemini-2.5-pro"]
    assert sim.requests[-1].path == "/gemini/v1/models"


async def test_v1beta_api_version_is_served(sim: Simulator, fake_key: str) -> None:
    options = types.HttpOptions(base_url=sim.base_url("gemini"), api_version="v1beta")
    client = genai.Client(api_key=fake_key, http_options=options)
    try:
        response = await client.aio.models.generate_content(
            model=MODEL, contents=PROMPT
        )
    finally:
        await client.aio.aclose()
        client.close()

    assert response.text is not None
    assert sim.requests[-1].path == f"/gemini/v1beta/models/{MODEL}:generateContent"
