"""Staged panes for screenshots: ``python -m tests.ui.scenes_panes NAME``.

Opens the real facade out of demo mode on a provider simulator (fake keys
from the environment, assembled here), sends a few requests through the
real SDKs, back-fills two weeks of earlier spend rows so the chart has
days to show (staged: those rows are written straight to the spend log),
and shows the panes in the main window's tabs. Meant for ``scripts/screenshot.sh``::

    scripts/screenshot.sh -w 12 -o docs/screenshots/usage.png -- \\
        /tmp/venv/bin/python -m tests.ui.scenes_panes usage --home "$(mktemp -d)"

Scenes:
    usage: the usage pane, with an unpriced model and per-provider caps.
    keys: the keys and settings page, after a rejected key.
    settings: the same page scrolled to the settings, after a refused value.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jarvis.service import Jarvis
from jarvis.simulator import Simulator
from tests.ui.helpers import until
from tests.ui.pane_fixtures import FAKE_KEYS, ask, write_config
from ui.app import application
from ui.controller import ChatController
from ui.eventloop import QtEventLoop
from ui.mainwindow import MainWindow
from ui.panes.host import Panes
from ui.session import Session

_PICO = 10 ** 12
# (days ago, provider, model, output tokens, cost in micro-USD or None)
_HISTORY = [
    (13, "openai", "gpt-5-mini", 900, 1900), (12, "anthropic",
    "claude-sonnet-4-5", 1400, 23100), (11, "openai", "gpt-5-mini", 600, 1300),
    (9, "gemini", "gemini-2.5-flash", 2200, 5600), (8, "anthropic",
    "claude-sonnet-4-5", 3100, 49800), (7, "openai", "gpt-5", 1800, 19200),
    (6, "gemini", "gemini-2.5-flash", 800, 2100), (5, "anthropic",
    "claude-haiku-4-5", 2500, 13000), (4, "gemini", "gemini-future-9", 1200, None),
    (3, "anthropic", "claude-sonnet-4-5", 2600, 41000), (2, "openai",
    "gpt-5-mini", 1500, 3100), (1, "anthropic", "claude-sonnet-4-5", 1900, 30500),
]


async def _backfill(jarvis: Jarvis) -> None:
    now = datetime.now(UTC)
    for days, provider, model, output, micro in _HISTORY:
        started = (now - timedelta(days=days)).isoformat(timespec="milliseconds")
        cost = None if micro is None else micro * _PICO // 10 ** 6
        await jarvis.spend.insert_finished({
            "request_id": uuid.uuid4().hex, "attempt": 1, "started_at": started,
            "provider": provider, "model": model, "status": "ok",
            "input_tokens": output * 2, "cache_read_tokens": output // 3,
            "cache_write_tokens": 0, "output_tokens": output,
            "reasoning_tokens": output // 5, "cost_pusd": cost,
            "charge_pusd": cost if cost is not None else 90 * _PICO // 1000,
            "latency_ms": 900.0, "ttft_ms": 300.0, "finish_reason": "stop"})


async def _stage(jarvis: Jarvis, panes: Panes, scene: str) -> None:
    await jarvis.apply_settings({"providers.anthropic.daily_usd": 1})
    for prompt, provider in (("Hello", "openai"), ("Plan my week", "anthropic"),
                             ("Translate this", "gemini"),
                             ("Try the new model [[sim: model=gemini-future-9]]",
                              "gemini")):
        await ask(jarvis, prompt, provider=provider)
    await _backfill(jarvis)
    panes.attach(jarvis)
    await until(lambda: panes.keys.loads > 0, "the keys pane", 30)
    if scene == "keys":
        card = panes.keys.cards["openai"]
        card.key_edit.setText("-".join(("sk", "invalid", "demo", "0000")))
        panes.keys.save("openai")
    if scene == "settings":
        field = panes.settings.fields["limits.daily_usd"]
        field.widget.setProperty("text", "-3")
        panes.settings.apply()
        await until(lambda: not field.error.isHidden(), "the refusal", 30)


async def _main(window: MainWindow, scene: str, home: Path) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    panes, tabs = window.panes, window.tabs
    session = Session(window.controller)
    with Simulator() as sim:
        write_config(home, sim)
        await session.open(home=home)
        jarvis = session.jarvis
        assert jarvis is not None
        try:
            await _stage(jarvis, panes, scene)
            tabs.setCurrentWidget(panes.usage if scene == "usage"
                                  else panes.keys_page)
            if scene == "settings":
                await asyncio.sleep(0.5)  # the page lays out once shown
                bar = panes.keys_page.verticalScrollBar()
                bar.setValue(panes.settings.y() - 50)
            await stop.wait()
        finally:
            await panes.aclose()
            await session.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.scenes_panes")
    parser.add_argument("scene", choices=("usage", "keys", "settings"))
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.update(FAKE_KEYS)
    app = application()
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow(ChatController())
    window.resize(1100, 760)
    window.show()
    try:
        with contextlib.suppress(KeyboardInterrupt):
            loop.run_until_complete(_main(window, args.scene, args.home))
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
