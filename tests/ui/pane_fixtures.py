"""Fixtures for the pane tests: the real facade on a provider simulator.

``real_jarvis`` opens :class:`jarvis.service.Jarvis` out of demo mode (so
settings can be applied and spend counts as real), with a ``config.toml``
that points every provider at a :class:`jarvis.simulator.Simulator` on
loopback and fake keys in the environment. ``memory_keychain`` swaps the
key store for one on an in-memory keychain that counts as secure, for the
tests that store keys. Import the fixtures into a test module by name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import aclosing
from pathlib import Path

import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from jarvis.events import ServiceEvent
from jarvis.keys import BackendStatus, KeyStore
from jarvis.service import AskOptions, Jarvis
from jarvis.simulator import Simulator

FAKE_KEYS = {
    "ANTHROPIC_API_KEY": "-".join(("sk", "ant", "ui", "fake", "0001")),
    "OPENAI_API_KEY": "-".join(("sk", "ui", "fake", "0002")),
    "GEMINI_API_KEY": "-".join(("gm", "ui", "fake", "0003")),
}


class MemoryKeyring(KeyringBackend):
    """A keychain in a dict (never picked by keyring's own detection)."""

    priority = -10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")


def write_config(home: Path, sim: Simulator, extra: str = "") -> Path:
    """A config.toml (with a comment to keep) pointing providers at ``sim``."""
    path = home / "config.toml"
    path.write_text(
        "# my Jarvis settings\n"
        'fallback = ["anthropic", "openai", "gemini"]\n'
        f"{extra}\n"
        "[limits]\ndaily_usd = 5 # a comment on the cap\n"
        f'[providers.anthropic]\nbase_url = "{sim.base_url("anthropic")}"\n'
        f'[providers.openai]\nbase_url = "{sim.base_url("openai")}"\n'
        f'[providers.gemini]\nbase_url = "{sim.base_url("gemini")}"\n'
        "[retry]\nbase_delay_s = 0.01\nmax_delay_s = 0.05\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def env_keys(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name, value in FAKE_KEYS.items():
        monkeypatch.setenv(name, value)
    return FAKE_KEYS


@pytest.fixture
async def real_jarvis(jarvis_home: Path, sim: Simulator,
                      env_keys: dict[str, str]) -> AsyncIterator[Jarvis]:
    """The facade, not in demo mode, on the simulator."""
    write_config(jarvis_home, sim)
    jarvis = await Jarvis.open(home=jarvis_home)
    try:
        yield jarvis
    finally:
        await jarvis.aclose()


@pytest.fixture
def memory_keychain(real_jarvis: Jarvis, jarvis_home: Path) -> MemoryKeyring:
    """Keys stored by ``real_jarvis`` go to an in-memory, secure keychain."""
    backend = MemoryKeyring()
    real_jarvis.keys = KeyStore(
        backend, BackendStatus("memory", True, "Keys go to a test keychain."),
        metadata_path=jarvis_home / "keys.json")
    return backend


async def ask(jarvis: Jarvis, prompt: str, **options: object) -> list[ServiceEvent]:
    """Every event of one request."""
    events: list[ServiceEvent] = []
    chosen = AskOptions(**options)  # type: ignore[arg-type]
    async with aclosing(jarvis.ask(prompt, options=chosen)) as stream:
        async for event in stream:
            events.append(event)
    return events
