"""Fixtures: the real service facade wired to a running provider simulator.

Providers point at the simulator through ``config.toml``; their keys come
from the environment (fake, assembled at run time), so the whole path runs:
config, key lookup, router, the official SDKs over loopback HTTP, pricing and
the SQLite spend log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import aclosing
from pathlib import Path

import pytest

from jarvis.events import ServiceEvent
from jarvis.service import AskOptions, Jarvis
from jarvis.simulator import Simulator

FAKE_KEYS = {
    "ANTHROPIC_API_KEY": "-".join(("sk", "ant", "e2e", "fake", "0001")),
    "OPENAI_API_KEY": "-".join(("sk", "e2e", "fake", "0002")),
    "GEMINI_API_KEY": "-".join(("gm", "e2e", "fake", "0003")),
}


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator() as simulator:
        yield simulator


def write_config(home: Path, sim: Simulator, extra: str = "") -> Path:
    """A config.toml pointing every provider at ``sim``."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(
        'fallback = ["anthropic", "openai", "gemini"]\n'
        f"{extra}\n"
        f'[providers.anthropic]\nbase_url = "{sim.base_url("anthropic")}"\n'
        f'[providers.openai]\nbase_url = "{sim.base_url("openai")}"\n'
        f'[providers.gemini]\nbase_url = "{sim.base_url("gemini")}"\n'
        "[retry]\nbase_delay_s = 0.01\nmax_delay_s = 0.05\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("JARVIS_HOME", str(folder))
    for name, value in FAKE_KEYS.items():
        monkeypatch.setenv(name, value)
    return folder


@pytest.fixture
async def service(home: Path, sim: Simulator) -> AsyncIterator[Jarvis]:
    write_config(home, sim)
    jarvis = await Jarvis.open(home=home)
    yield jarvis
    await jarvis.aclose()


async def collect(
    jarvis: Jarvis, prompt: str, **options: object
) -> list[ServiceEvent]:
    """Every event of one request."""
    events: list[ServiceEvent] = []
    async with aclosing(jarvis.ask(prompt, options=AskOptions(**options))) as stream:  # type: ignore[arg-type]
        async for event in stream:
            events.append(event)
    return events
