"""HTTP error faults: each SDK's exception class, status, body and headers.

With the SDKs' own retries off, each failing call is exactly one request.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime

import anthropic
import httpx2
import openai
import pytest
from google import genai
from google.genai import errors

from jarvis.simulator import ERROR_STATUSES, Fault, Simulator

Call = Callable[[], Awaitable[object]]

ANTHROPIC_CLASSES: dict[int, type[anthropic.APIStatusError]] = {
    400: anthropic.BadRequestError,
    401: anthropic.AuthenticationError,
    403: anthropic.PermissionDeniedError,
    404: anthropic.NotFoundError,
    429: anthropic.RateLimitError,
    500: anthropic.InternalServerError,
    503: anthropic.ServiceUnavailableError,
    529: anthropic.OverloadedError,
}

OPENAI_CLASSES: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    429: openai.RateLimitError,
    500: openai.InternalServerError,
    503: openai.InternalServerError,
    529: openai.InternalServerError,
}


def anthropic_call(client: anthropic.AsyncAnthropic) -> Call:
    return lambda: client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=100,
        messages=[{"role": "user", "content": "hi"}],
    )


def openai_call(client: openai.AsyncOpenAI) -> Call:
    return lambda: client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )


def gemini_call(client: genai.Client) -> Call:
    return lambda: client.aio.models.generate_content(
        model="gemini-2.5-flash", contents="hi"
    )


@pytest.mark.parametrize("status", sorted(ERROR_STATUSES))
async def test_anthropic_status_classes(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic, status: int
) -> None:
    sim.script("anthropic", Fault(status=status))

    with pytest.raises(anthropic.APIStatusError) as caught:
        await anthropic_call(anthropic_client)()

    assert type(caught.value) is ANTHROPIC_CLASSES[status]
    assert caught.value.status_code == status
    assert caught.value.request_id == "req_sim"
    assert len(sim.requests) == 1


@pytest.mark.parametrize("status", sorted(ERROR_STATUSES))
async def test_openai_status_classes(
    sim: Simulator, openai_client: openai.AsyncOpenAI, status: int
) -> None:
    sim.script("openai", Fault(status=status))

    with pytest.raises(openai.APIStatusError) as caught:
        await openai_call(openai_client)()

    assert type(caught.value) is OPENAI_CLASSES[status]
    assert caught.value.status_code == status
    assert len(sim.requests) == 1


@pytest.mark.parametrize("status", sorted(ERROR_STATUSES))
async def test_gemini_status_classes(
    sim: Simulator, gemini_client: genai.Client, status: int
) -> None:
    sim.script("gemini", Fault(status=status))

    with pytest.raises(errors.APIError) as caught:
        await gemini_call(gemini_client)()

    expected = errors.ClientError if status < 500 else errors.ServerError
    assert type(caught.value) is expected
    assert caught.value.code == status
    assert len(sim.requests) == 1


async def test_anthropic_529_is_overloaded_error(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    sim.script("anthropic", Fault(status=529))

    with pytest.raises(anthropic.OverloadedError) as caught:
        await anthropic_call(anthropic_client)()

    assert caught.value.type == "overloaded_error"


async def test_context_too_long_bodies__C06(
    sim: Simulator,
    anthropic_client: anthropic.AsyncAnthropic,
    openai_client: openai.AsyncOpenAI,
    gemini_client: genai.Client,
) -> None:
    for kind in ("anthropic", "openai", "gemini"):
        sim.script(kind, Fault(status=400))

    with pytest.raises(anthropic.BadRequestError) as from_anthropic:
        await anthropic_call(anthropic_client)()
    with pytest.raises(openai.BadRequestError) as from_openai:
        await openai_call(openai_client)()
    with pytest.raises(errors.ClientError) as from_gemini:
        await gemini_call(gemini_client)()

    assert from_anthropic.value.type == "invalid_request_error"
    assert (from_anthropic.value.api_message or "").startswith("prompt is too long")
    assert from_openai.value.code == "context_length_exceeded"
    assert from_gemini.value.status == "INVALID_ARGUMENT"
    assert "exceeds the maximum number of tokens" in (from_gemini.value.message or "")
    assert [record.status for record in sim.requests] == [400, 400, 400]


def response_of(error: BaseException) -> httpx2.Response:
    response = getattr(error, "response", None)
    assert isinstance(response, httpx2.Response)
    return response


async def rate_limited(
    sim: Simulator, kind: str, call: Call, fault: Fault
) -> BaseException:
    sim.script(kind, fault)
    with pytest.raises(Exception) as caught:
        await call()
    assert response_of(caught.value).status_code == 429
    return caught.value


async def each_provider(
    sim: Simulator,
    fault: Fault,
    anthropic_client: anthropic.AsyncAnthropic,
    openai_client: openai.AsyncOpenAI,
    gemini_client: genai.Client,
) -> list[httpx2.Response]:
    calls = {
        "anthropic": anthropic_call(anthropic_client),
        "openai": openai_call(openai_client),
        "gemini": gemini_call(gemini_client),
    }
    return [
        response_of(await rate_limited(sim, kind, call, fault))
        for kind, call in calls.items()
    ]


async def test_retry_after_seconds__C05(
    sim: Simulator,
    anthropic_client: anthropic.AsyncAnthropic,
    openai_client: openai.AsyncOpenAI,
    gemini_client: genai.Client,
) -> None:
    fault = Fault(status=429, retry_after=2)

    responses = await each_provider(
        sim, fault, anthropic_client, openai_client, gemini_client
    )

    assert [r.headers["retry-after"] for r in responses] == ["2", "2", "2"]
    assert len(sim.requests) == 3


async def test_retry_after_ms__C05(
    sim: Simulator,
    anthropic_client: anthropic.AsyncAnthropic,
    openai_client: openai.AsyncOpenAI,
    gemini_client: genai.Client,
) -> None:
    fault = Fault(status=429, retry_after_ms=1500)

    responses = await each_provider(
        sim, fault, anthropic_client, openai_client, gemini_client
    )

    assert [r.headers["retry-after-ms"] for r in responses] == ["1500"] * 3
    assert all("retry-after" not in r.headers for r in responses)


async def test_retry_after_http_date__C05(
    sim: Simulator,
    anthropic_client: anthropic.AsyncAnthropic,
    openai_client: openai.AsyncOpenAI,
    gemini_client: genai.Client,
) -> None:
    fault = Fault(status=429, retry_after_date=900)
    before = time.time()

    responses = await each_provider(
        sim, fault, anthropic_client, openai_client, gemini_client
    )

    for response in responses:
        when = parsedate_to_datetime(response.headers["retry-after"]).timestamp()
        # An HTTP-date has whole seconds, so allow for the rounding down.
        assert before + 899 <= when <= time.time() + 900


async def test_gemini_429_carries_retry_info(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script("gemini", Fault(status=429, retry_after=2))

    with pytest.raises(errors.ClientError) as caught:
        await gemini_call(gemini_client)()

    assert caught.value.status == "RESOURCE_EXHAUSTED"
    assert caught.value.details["error"]["details"] == [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2s"}
    ]


async def test_invalid_key_is_refused_everywhere(sim: Simulator) -> None:
    bad = "-".join(("sk", "invalid", "key"))
    a_client = anthropic.AsyncAnthropic(
        api_key=bad, base_url=sim.base_url("anthropic"), max_retries=0
    )
    o_client = openai.AsyncOpenAI(
        api_key=bad, base_url=sim.base_url("openai"), max_retries=0
    )
    g_client = genai.Client(
        api_key=bad,
        http_options=genai.types.HttpOptions(base_url=sim.base_url("gemini")),
    )
    try:
        with pytest.raises(anthropic.AuthenticationError):
            await a_client.models.list()
        with pytest.raises(anthropic.AuthenticationError):
            await anthropic_call(a_client)()
        with pytest.raises(openai.AuthenticationError):
            await o_client.models.list()
        with pytest.raises(openai.AuthenticationError):
            await openai_call(o_client)()
        with pytest.raises(errors.ClientError) as from_gemini:
            await gemini_call(g_client)()
        with pytest.raises(errors.ClientError):
            await g_client.aio.models.list()
    finally:
        await a_client.close()
        await o_client.close()
        await g_client.aio.aclose()
        g_client.close()

    # Gemini answers an unknown key with 400, not 401: adapters must look
    # at the reason, not only the status.
    assert from_gemini.value.code == 400
    reasons = [d.get("reason") for d in from_gemini.value.details["error"]["details"]]
    assert reasons == ["API_KEY_INVALID"]
    assert [r.status for r in sim.requests] == [401, 401, 401, 401, 400, 400]
    assert bad not in repr(sim.requests)


async def test_non_streamed_mid_stream_knobs_become_http_faults(
    sim: Simulator,
    anthropic_client: anthropic.AsyncAnthropic,
    openai_client: openai.AsyncOpenAI,
    gemini_client: genai.Client,
) -> None:
    sim.script("anthropic", Fault(error_after=1), Fault(drop_after=1))
    sim.script("openai", Fault(error_after=1))
    sim.script("gemini", Fault(error_after=1), Fault(drop_after=1))

    with pytest.raises(anthropic.OverloadedError):
        await anthropic_call(anthropic_client)()
    with pytest.raises(anthropic.APIConnectionError):
        await anthropic_call(anthropic_client)()
    with pytest.raises(openai.InternalServerError):
        await openai_call(openai_client)()
    with pytest.raises(errors.ServerError) as from_gemini:
        await gemini_call(gemini_client)()
    with pytest.raises(httpx2.RemoteProtocolError):
        await gemini_call(gemini_client)()

    assert from_gemini.value.code == 503
    assert len(sim.requests) == 5
