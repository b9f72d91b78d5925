"""The real ``anthropic`` SDK against the simulator's Messages API."""

from __future__ import annotations

import anthropic
import httpx2
import pytest
from anthropic.types import Message

from jarvis.simulator import CACHED_USAGE_C07, Fault, Simulator
from jarvis.simulator.replies import count_tokens

MODEL = "claude-sonnet-4-5"
PROMPT = [{"role": "user", "content": "Show me a greeting function"}]


async def stream_text(
    client: anthropic.AsyncAnthropic, max_tokens: int = 500
) -> tuple[list[str], Message]:
    deltas: list[str] = []
    async with client.messages.stream(
        model=MODEL, max_tokens=max_tokens, messages=PROMPT
    ) as stream:
        async for text in stream.text_stream:
            deltas.append(text)
        return deltas, await stream.get_final_message()


async def partial_then_error(
    client: anthropic.AsyncAnthropic,
) -> tuple[list[str], BaseException]:
    deltas: list[str] = []
    with pytest.raises(anthropic.APIError) as caught:
        await stream_text_into(client, deltas)
    return deltas, caught.value


async def stream_text_into(client: anthropic.AsyncAnthropic, deltas: list[str]) -> None:
    async with client.messages.stream(
        model=MODEL, max_tokens=500, messages=PROMPT
    ) as stream:
        async for text in stream.text_stream:
            deltas.append(text)


async def test_stream_text_usage_and_model(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    deltas, message = await stream_text(anthropic_client)

    text = "".join(deltas)
    assert len(deltas) > 3
    assert text.startswith("Here is a short answer to your 5-word message")
    assert "```python\ndef greet(name: str) -> str:" in text
    assert message.content[0].type == "text"
    assert message.content[0].text == text
    assert message.model == MODEL
    assert message.stop_reason == "end_turn"
    assert message.usage.input_tokens == 5
    assert message.usage.cache_read_input_tokens == 0
    assert message.usage.cache_creation_input_tokens == 0
    assert message.usage.output_tokens == count_tokens(text)


async def test_event_order_on_the_wire(sim: Simulator, fake_key: str) -> None:
    body = {"model": MODEL, "max_tokens": 100, "stream": True, "messages": PROMPT}
    async with httpx2.AsyncClient() as http:
        response = await http.post(
            sim.base_url("anthropic") + "/v1/messages",
            json=body,
            headers={"x-api-key": fake_key, "anthropic-version": "2023-06-01"},
        )
    events = [
        line.removeprefix("event: ")
        for line in response.text.splitlines()
        if line.startswith("event: ")
    ]

    assert response.headers["transfer-encoding"] == "chunked"
    assert events[:3] == ["message_start", "content_block_start", "ping"]
    assert set(events[3:-3]) == {"content_block_delta"}
    assert events[-3:] == ["content_block_stop", "message_delta", "message_stop"]


async def test_non_streamed_reply_equals_streamed_reply(
    anthropic_client: anthropic.AsyncAnthropic,
) -> None:
    deltas, streamed = await stream_text(anthropic_client)
    message = await anthropic_client.messages.create(
        model=MODEL, max_tokens=500, messages=PROMPT
    )

    assert message.content[0].type == "text"
    assert message.content[0].text == "".join(deltas)
    assert message.usage == streamed.usage
    assert message.stop_reason == "end_turn"


async def test_cached_usage_in_message_start__C07(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", CACHED_USAGE_C07)

    _, message = await stream_text(anthropic_client)

    assert message.usage.input_tokens == 200
    assert message.usage.cache_read_input_tokens == 1500
    assert message.usage.cache_creation_input_tokens == 300


async def test_error_event_after_200_is_overloaded__C02(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", Fault(text="Hello there, friend.", error_after=1))

    deltas, error = await partial_then_error(anthropic_client)

    assert deltas == ["Hello there, friend"]
    assert type(error) is anthropic.APIStatusError
    assert error.status_code == 200
    assert error.type == "overloaded_error"
    assert error.body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }
    assert sim.requests[-1].status == 200


async def test_dropped_connection_raises_connection_error__C01(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", Fault(drop_after=2))

    deltas, error = await partial_then_error(anthropic_client)

    assert len(deltas) == 2
    assert type(error) is anthropic.APIConnectionError
    assert isinstance(error.__cause__, httpx2.RemoteProtocolError)


async def test_refusal_stops_after_partial_text__C03(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", Fault(safety=True))

    deltas, message = await stream_text(anthropic_client)

    assert "".join(deltas) == "Here is"
    assert message.stop_reason == "refusal"
    assert message.stop_details is not None
    assert message.stop_details.type == "refusal"
    assert message.usage.output_tokens == 2


async def test_thinking_exhausts_budget_without_text__C03(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", Fault(thinking_exhausts=True))

    deltas, message = await stream_text(anthropic_client, max_tokens=300)

    assert deltas == []
    assert [block.type for block in message.content] == ["thinking"]
    assert message.stop_reason == "max_tokens"
    assert message.usage.output_tokens == 300
    assert message.usage.output_tokens_details is not None
    assert message.usage.output_tokens_details.thinking_tokens == 300


async def test_reasoning_tokens_come_with_a_thinking_block(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", Fault(text="Done.", reasoning_tokens=40))

    deltas, message = await stream_text(anthropic_client)

    assert "".join(deltas) == "Done."
    assert [block.type for block in message.content] == ["thinking", "text"]
    assert message.usage.output_tokens == 2 + 40
    assert message.usage.output_tokens_details is not None
    assert message.usage.output_tokens_details.thinking_tokens == 40


async def test_max_tokens_cuts_the_reply(
    anthropic_client: anthropic.AsyncAnthropic,
) -> None:
    deltas, message = await stream_text(anthropic_client, max_tokens=6)

    assert "".join(deltas) == "Here is a short answer to"
    assert message.stop_reason == "max_tokens"
    assert message.usage.output_tokens == 6


async def test_model_override_names_an_unknown_model__C08(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", Fault(model="claude-sonnet-9-20991231"))

    _, message = await stream_text(anthropic_client)

    assert message.model == "claude-sonnet-9-20991231"
    assert sim.requests[-1].model == MODEL


async def test_model_list_is_a_cheap_key_check(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    page = await anthropic_client.models.list()

    assert [model.id for model in page.data] == [
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
    ]
    assert sim.requests[-1].path == "/anthropic/v1/models"
