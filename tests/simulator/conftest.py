"""Fixtures: a running simulator and each official SDK's async client on it.

Every client has the SDK's own retries off (``max_retries=0``; Gemini retries
nothing unless asked) so request counts are exact, and is closed after the
test so no socket is left for a ResourceWarning.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import anthropic
import openai
import pytest
from google import genai
from google.genai import types

from jarvis.simulator import Simulator

# Assembled at run time so no key-shaped literal sits in the repository.
FAKE_KEY = "-".join(("sk", "sim", "test", "0001"))


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
async def anthropic_client(sim: Simulator) -> AsyncIterator[anthropic.AsyncAnthropic]:
    client = anthropic.AsyncAnthropic(
        api_key=FAKE_KEY, base_url=sim.base_url("anthropic"), max_retries=0
    )
    yield client
    await client.close()


@pytest.fixture
async def openai_client(sim: Simulator) -> AsyncIterator[openai.AsyncOpenAI]:
    client = openai.AsyncOpenAI(
        api_key=FAKE_KEY, base_url=sim.base_url("openai"), max_retries=0
    )
    yield client
    await client.close()


@pytest.fixture
async def gemini_client(sim: Simulator) -> AsyncIterator[genai.Client]:
    # The Gemini SDK retries nothing unless HttpOptions.retry_options is set.
    options = types.HttpOptions(base_url=sim.base_url("gemini"))
    client = genai.Client(api_key=FAKE_KEY, http_options=options)
    yield client
    await client.aio.aclose()
    client.close()


@pytest.fixture
def fake_key() -> str:
    return FAKE_KEY
