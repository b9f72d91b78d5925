"""A loopback provider simulator and a JARVIS_HOME whose config uses it."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jarvis.simulator import Simulator
from jarvis.simulator.handler import SimHandler

# Demo spend counts against demo caps too; benchmarks send thousands of
# replies, so the caps are set far above what they could reach.
_CONFIG = """\
[limits]
daily_usd = 1000000
monthly_usd = 1000000
max_tokens = {max_tokens}

[providers.openai]
base_url = "{openai}"

[providers.anthropic]
base_url = "{anthropic}"

[providers.gemini]
base_url = "{gemini}"
"""


@dataclass(frozen=True)
class SimHome:
    simulator: Simulator
    home: Path

    def fake_keys(self) -> dict[str, str]:
        # Assembled at run time; the simulator accepts any key.
        return {f"{name}_API_KEY": "-".join(("bench", name.lower(), "key"))
                for name in ("OPENAI", "ANTHROPIC", "GEMINI")}


def without_nagle() -> None:
    """Send the simulator's small SSE writes at once.

    Without TCP_NODELAY every small write after the first waits for the
    client's delayed ACK (40 ms on Linux), which would hide a 2 ms pipeline
    overhead under a 40 ms network artifact (see docs/benchmarks.md).
    """
    SimHandler.disable_nagle_algorithm = True


@contextlib.contextmanager
def sim_home(max_tokens: int = 32000) -> Iterator[SimHome]:
    """Start a simulator on 127.0.0.1 and write a config pointing at it."""
    without_nagle()
    with Simulator() as simulator, tempfile.TemporaryDirectory(
            prefix="jarvis-bench-") as folder:
        home = Path(folder)
        (home / "config.toml").write_text(_CONFIG.format(
            max_tokens=max_tokens,
            **{kind: simulator.base_url(kind)
               for kind in ("openai", "anthropic", "gemini")}))
        yield SimHome(simulator, home)
