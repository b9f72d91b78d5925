"""Start to window shown, and idle memory, against a bare Qt window.

Each run is a fresh process (``drivers/window.py``); Jarvis's runs start
the real ``jarvis gui --demo`` entry point. The time is taken from just
before the process is spawned to the first event-loop turn after the main
window's first paint, in wall-clock time shared by parent and child.
Bare and Jarvis runs alternate so that machine noise hits both. Both
read cached bytecode from a private cache written by untimed first
starts, as an installed app would (see :func:`_bytecode_cached`).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.harness import (
    Figure,
    Sample,
    python_env,
    ratio_at_most,
    run_driver,
    value_below,
)


def _one(mode: str, home: str, env: dict[str, str]) -> dict[str, float | list[str]]:
    before = time.time()
    result = run_driver("window.py", mode, home, env=env)
    result["shown_ms"] = (float(result["painted"]) - before) * 1000
    result["cpu_ms"] = float(result["cpu_shown"]) * 1000
    return result


def _bytecode_cached(home: str) -> dict[str, str]:
    """A driver environment whose imports read cached bytecode, as an
    installed app's do (pip compiles on install): a private cache folder,
    written by the untimed first starts even where the caller's environment
    says not to write bytecode (that would compile every changed module of
    the checkout again in each timed start, and the bare window none)."""
    env = python_env(PYTHONPYCACHEPREFIX=str(Path(home) / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(runs: int) -> list[Figure]:
    bare: list[dict] = []
    jarvis: list[dict] = []
    typed: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="jarvis-bench-") as home:
        env = _bytecode_cached(home)
        # Untimed: the first starts write the bytecode cache and create
        # the database.
        _one("bare", home, env)
        _one("jarvis-typed", home, env)
        for _ in range(runs):
            bare.append(_one("bare", home, env))
            jarvis.append(_one("jarvis", home, env))
            typed.append(_one("jarvis-typed", home, env))

    def sample(rows: list[dict], key: str) -> Sample:
        return Sample([float(r[key]) for r in rows])

    sdks = sorted({name for r in jarvis for name in r.get("sdks_at_shown", [])})
    idle_sdks = sorted({name for r in jarvis for name in r.get("sdks_at_idle", [])})
    return [
        Figure("start to window shown (offscreen)", sample(jarvis, "shown_ms"),
               "ms", sample(bare, "shown_ms"), "<= 2.00x", ratio_at_most(2.0),
               "process spawn to the end of the main window's first paint "
               "(`jarvis gui --demo`)"),
        Figure("  same, in CPU time of the process", sample(jarvis, "cpu_ms"),
               "ms", sample(bare, "cpu_ms"), "info",
               note="CPU time of the child when shown (steadier than the wall "
               "clock on a busy machine; excludes the spawn)"),
        Figure("provider SDKs imported when shown", Sample([len(sdks)]), "",
               target="none", check=value_below(1),
               note=", ".join(sdks) or "none"),
        Figure("RSS when shown", sample(jarvis, "rss_shown"), "MB",
               sample(bare, "rss_shown"), "<= 1.60x", ratio_at_most(1.6),
               "resident memory at the first paint"),
        Figure("idle memory after start (peak RSS)", sample(jarvis, "peak_rss"),
               "MB", sample(bare, "peak_rss"), "<= 1.60x", ratio_at_most(1.6),
               "after the session opened and its warm-up threads ended, "
               "+0.5 s; SDKs then loaded: " + (", ".join(idle_sdks) or "none")),
        Figure("  same, once the user typed (the picked SDK warmed up)",
               sample(typed, "peak_rss"), "MB", sample(bare, "peak_rss"),
               "info", note="one character typed: the default provider's SDK "
               "and its prices load in a thread: " + ", ".join(sorted(
                   {n for r in typed for n in r["sdks_at_idle"]}))),
    ]
