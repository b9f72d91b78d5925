"""finish(): a write a Stop must not cut short runs to its end first."""

from __future__ import annotations

import asyncio
import logging

import pytest

from jarvis.unstoppable import finish


async def _write(log: list[str], seconds: float, fail: bool = False) -> str:
    await asyncio.sleep(seconds)
    if fail:
        raise OSError("disk full")
    log.append("written")
    return "row 7"


async def test_it_returns_what_the_work_returned() -> None:
    assert await finish(_write([], 0)) == "row 7"


async def test_a_stop_waits_for_the_write_and_is_raised_after() -> None:
    written: list[str] = []
    task = asyncio.create_task(finish(_write(written, 0.05)))
    await asyncio.sleep(0.01)

    task.cancel()
    await asyncio.sleep(0.01)
    task.cancel()  # pressed twice: still only after the write

    with pytest.raises(asyncio.CancelledError):
        await task
    assert written == ["written"]


async def test_a_failure_is_raised_when_nobody_stopped() -> None:
    with pytest.raises(OSError, match="disk full"):
        await finish(_write([], 0, fail=True))


async def test_a_failure_after_a_stop_is_logged_and_the_stop_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    task = asyncio.create_task(finish(_write([], 0.03, fail=True)))
    await asyncio.sleep(0.01)
    task.cancel()

    with caplog.at_level(logging.WARNING, logger="jarvis.unstoppable"), \
            pytest.raises(asyncio.CancelledError):
        await task
    assert "failed: OSError" in caplog.text
