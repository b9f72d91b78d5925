"""The real ``openai`` SDK against the simulator's Chat Completions API."""

from __future__ import annotations

import asyncio

import httpx2
import openai
import pytest
from openai.types.chat import ChatCompletionChunk

from jarvis.simulator import CACHED_USAGE_C07, Fault, Simulator
from jarvis.simulator.replies import count_tokens

MODEL = "gpt-4o-mini"
PROMPT = [{"role": "user", "content": "Show me a greeting function"}]


async def collect(
    client: openai.AsyncOpenAI, include_usage: bool = True, **extra: object
) -> list[ChatCompletionChunk]:
    options = {"include_usage": include_usage}
    stream = await client.chat.completions.create(
        model=MODEL,
        messages=PROMPT,  # type: ignore[arg-type]
        stream=True,
        stream_options=options,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )
    return [chunk async for chunk in stream]


def text_of(chunks: list[ChatCompletionChunk]) -> str:
    return "".join(
        chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices
    )


def finish_of(chunks: list[ChatCompletionChunk]) -> str | None:
    reasons = [c.choices[0].finish_reason for c in chunks if c.choices]
    return reasons[-1]


async def test_stream_text_and_usage_only_final_chunk__C01(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script(
        "openai",
        Fault(text="Hello there, dear friend!", prompt_tokens=10, output_tokens=50),
    )

    chunks = await collect(openai_client)

    assert text_of(chunks) == "Hello there, dear friend!"
    assert [c.choices[0].delta.content for c in chunks[1:3]] == [
        "Hello there, dear",
        " friend!",
    ]
    assert finish_of(chunks) == "stop"
    assert all(chunk.usage is None for chunk in chunks[:-1])
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert (last.usage.prompt_tokens, last.usage.completion_tokens) == (10, 50)
    assert last.usage.total_tokens == 60
    assert sim.requests[-1].include_usage is True


async def test_stream_without_include_usage_has_no_usage(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    chunks = await collect(openai_client, include_usage=False)

    assert all(chunk.usage is None and chunk.choices for chunk in chunks)
    assert text_of(chunks).startswith("Here is a short answer")
    assert sim.requests[-1].include_usage is False


async def test_default_usage_counts_request_and_reply(
    openai_client: openai.AsyncOpenAI,
) -> None:
    chunks = await collect(openai_client)

    usage = chunks[-1].usage
    assert usage is not None
    assert usage.prompt_tokens == 5
    assert usage.completion_tokens == count_tokens(text_of(chunks))


async def test_cached_tokens_inside_prompt_tokens__C07(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script("openai", CACHED_USAGE_C07)

    usage = (await collect(openai_client))[-1].usage

    assert usage is not None
    assert usage.prompt_tokens == 2000
    assert usage.prompt_tokens_details is not None
    assert usage.prompt_tokens_details.cached_tokens == 1500


async def test_reasoning_tokens_inside_completion_tokens(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script("openai", Fault(text="Done.", reasoning_tokens=64))

    usage = (await collect(openai_client))[-1].usage

    assert usage is not None
    assert usage.completion_tokens == 2 + 64
    assert usage.completion_tokens_details is not None
    assert usage.completion_tokens_details.reasoning_tokens == 64


async def test_error_mid_stream_raises_api_error(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script("openai", Fault(error_after=1))
    seen: list[ChatCompletionChunk] = []

    with pytest.raises(openai.APIError) as caught:
        stream = await openai_client.chat.completions.create(
            model=MODEL,
            messages=PROMPT,
            stream=True,  # type: ignore[arg-type]
        )
        async for chunk in stream:
            seen.append(chunk)

    assert type(caught.value) is openai.APIError
    assert caught.value.body == {
        "message": "The server had an error while processing your request. "
        "Sorry about that!",
        "type": "server_error",
        "param": None,
        "code": None,
    }
    assert text_of(seen) == "Here is a short"


async def test_dropped_connection_loses_the_usage_chunk__C01(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script("openai", Fault(drop_after=2))
    seen: list[ChatCompletionChunk] = []

    with pytest.raises(openai.APIConnectionError) as caught:
        stream = await openai_client.chat.completions.create(
            model=MODEL,
            messages=PROMPT,  # type: ignore[arg-type]
            stream=True,
            stream_options={"include_usage": True},
        )
        async for chunk in stream:
            seen.append(chunk)

    assert isinstance(caught.value.__cause__, httpx2.RemoteProtocolError)
    assert text_of(seen) == "Here is a short answer to your 5"
    assert all(chunk.usage is None for chunk in seen)


async def test_content_filter_after_partial_text__C03(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script("openai", Fault(safety=True))

    chunks = await collect(openai_client)

    assert text_of(chunks) == "Here is"
    assert finish_of(chunks) == "content_filter"


async def test_reasoning_exhausts_budget_without_text__C03(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script("openai", Fault(thinking_exhausts=True))

    chunks = await collect(openai_client, max_completion_tokens=256)

    assert text_of(chunks) == ""
    assert finish_of(chunks) == "length"
    usage = chunks[-1].usage
    assert usage is not None and usage.completion_tokens_details is not None
    assert usage.completion_tokens == 256
    assert usage.completion_tokens_details.reasoning_tokens == 256
    assert sim.requests[-1].max_tokens == 256


async def test_non_streamed_completion_and_store_flag(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    completion = await openai_client.chat.completions.create(
        model=MODEL,
        messages=PROMPT,  # type: ignore[arg-type]
        store=False,
        max_tokens=8,
    )

    assert completion.choices[0].message.content == "Here is a short answer to your 5"
    assert completion.choices[0].finish_reason == "length"
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 8
    record = sim.requests[-1]
    assert (record.store, record.max_tokens, record.stream) == (False, 8, False)


async def test_model_override__C08(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    sim.script("openai", Fault(model="gpt-9o-2099-01-01"))

    chunks = await collect(openai_client)

    assert {chunk.model for chunk in chunks} == {"gpt-9o-2099-01-01"}


async def test_model_list(sim: Simulator, openai_client: openai.AsyncOpenAI) -> None:
    models = [model.id async for model in openai_client.models.list()]

    assert models == ["gpt-4o-mini", "gpt-4.1-mini"]
    assert sim.requests[-1].path == "/openai/v1/models"


async def test_many_concurrent_streams(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    texts = await asyncio.gather(*(collect(openai_client) for _ in range(40)))

    assert len({text_of(chunks) for chunks in texts}) == 1
    assert len(sim.requests) == 40
