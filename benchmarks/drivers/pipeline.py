"""The facade in one process: time to first token, and memory over replies.

Usage:
    pipeline.py ttft HOME ITERATIONS    simulator URLs from HOME's config
    pipeline.py memory HOME REPLIES     demo mode (in-process simulator)

``ttft`` alternates ``Jarvis.ask`` and the same AsyncOpenAI streaming call
made directly (the client built like the adapter's, warmed up), both
against the same simulator, and reports each request's time to the first
text and to the end. ``memory`` streams replies in one session (a new
conversation every ten replies, as a user would) and reports the traced
Python heap and RSS after 10 and after ``REPLIES`` replies.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
import time
import tracemalloc
from pathlib import Path

from benchmarks.drivers.common import report, rss_mb
from jarvis.events import Failed, ReplyDone, TextDelta
from jarvis.service import AskOptions, Jarvis

PROMPT = "hi"
OPTIONS = AskOptions(provider="openai", fallback=False)


async def via_jarvis(jarvis: Jarvis) -> tuple[float, float]:
    start = time.perf_counter()
    first = 0.0
    async with contextlib.aclosing(jarvis.ask(PROMPT, options=OPTIONS)) as events:
        async for event in events:
            if isinstance(event, TextDelta) and not first:
                first = time.perf_counter()
            elif isinstance(event, Failed):
                raise RuntimeError(event.message)
            elif isinstance(event, ReplyDone):
                break
    return (first - start) * 1000, (time.perf_counter() - start) * 1000


async def via_sdk(client: object, model: str) -> tuple[float, float]:
    start = time.perf_counter()
    first = 0.0
    stream = await client.chat.completions.create(  # type: ignore[attr-defined]
        model=model, messages=[{"role": "user", "content": PROMPT}],
        stream=True, stream_options={"include_usage": True},
        max_completion_tokens=2048, store=False)
    async with stream:
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content and not first:
                first = time.perf_counter()
    return (first - start) * 1000, (time.perf_counter() - start) * 1000


async def ttft(home: Path, iterations: int) -> None:
    import openai

    jarvis = await Jarvis.open(home=home)
    provider = jarvis.config.providers["openai"]
    client = openai.AsyncOpenAI(api_key=await jarvis.keys.get("openai"),
                                base_url=provider.base_url, max_retries=0)
    try:
        for _ in range(5):  # warm both paths: imports, pools, prices
            await via_jarvis(jarvis)
            await via_sdk(client, provider.model)
        rows: dict[str, list[list[float]]] = {"jarvis": [], "sdk": []}
        for _ in range(iterations):
            rows["jarvis"].append(list(await via_jarvis(jarvis)))
            rows["sdk"].append(list(await via_sdk(client, provider.model)))
    finally:
        await client.close()
        await jarvis.aclose()
    report(rows)


async def memory(home: Path, replies: int) -> None:
    from benchmarks.simhome import without_nagle

    without_nagle()
    jarvis = await Jarvis.open(home=home, demo=True)
    await jarvis.warm_up()
    tracemalloc.start()
    marks: dict[str, float] = {}
    conversation: str | None = None
    try:
        for index in range(1, replies + 1):
            if index % 10 == 1:
                conversation = await jarvis.new_conversation()
            await _reply(jarvis, conversation)
            if index in (10, replies):
                gc.collect()
                traced, _peak = tracemalloc.get_traced_memory()
                marks[f"traced_{index}"] = traced / 1e6
                marks[f"rss_{index}"] = rss_mb()
        snapshot = tracemalloc.take_snapshot()
        top = snapshot.statistics("filename")[:5]
        marks["top"] = [f"{s.traceback[0].filename}: {s.size / 1e6:.2f} MB"
                        for s in top]  # type: ignore[assignment]
    finally:
        await jarvis.aclose()
    report(marks)


async def _reply(jarvis: Jarvis, conversation: str | None) -> None:
    events = jarvis.ask(PROMPT, options=OPTIONS, conversation_id=conversation)
    async with contextlib.aclosing(events) as stream:
        async for event in stream:
            if isinstance(event, Failed):
                raise RuntimeError(event.message)


if __name__ == "__main__":
    mode, folder, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    asyncio.run(ttft(folder, count) if mode == "ttft" else memory(folder, count))
