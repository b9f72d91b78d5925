"""The measuring kit: repeats, medians, results, subprocess drivers.

A :class:`Figure` is one measured value (median of several runs, with its
spread), optionally next to a baseline measured in the same run and a
target. Drivers run in fresh interpreters so imports, memory and start-up
are those of a real process, and report back one JSON line on stdout.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DRIVERS = Path(__file__).resolve().parent / "drivers"


@dataclass
class Sample:
    """Repeated values of one quantity."""

    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.values), max(self.values)


@dataclass
class Figure:
    """One line of the results table.

    Attributes:
        name: what was measured.
        value: the measurement.
        unit: "ms", "MB", "x" ...
        baseline: the same thing for the bare baseline, when there is one.
        target: the target in words, e.g. "<= 2.00x".
        check: given (value, ratio) whether the target is met; None when the
            figure is informational.
        note: how it was measured, or why it is missing.
    """

    name: str
    value: Sample | None
    unit: str
    baseline: Sample | None = None
    target: str = ""
    check: Callable[[float, float | None], bool] | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.baseline is None or not self.baseline.median:
            return None
        return self.value.median / self.baseline.median

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        if self.check is None:
            return "info"
        return "pass" if self.check(self.value.median, self.ratio) else "MISS"


def ratio_at_most(limit: float) -> Callable[[float, float | None], bool]:
    return lambda _value, ratio: ratio is not None and ratio <= limit


def value_below(limit: float) -> Callable[[float, float | None], bool]:
    return lambda value, _ratio: value < limit


def python_env(**extra: str) -> dict[str, str]:
    """The environment for a driver: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("JARVIS_DEBUG", None)
    env.update(extra)
    return env


def run_driver(script: str, *args: str, env: dict[str, str] | None = None,
               timeout: float = 300.0) -> dict[str, Any]:
    """Run ``drivers/<script>`` in a fresh interpreter; its JSON result."""
    command = [sys.executable, str(DRIVERS / script), *args]
    done = subprocess.run(command, env=env or python_env(), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed ({done.returncode}):\n"
                           f"{done.stderr[-3000:]}")
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"{script} printed no result:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def alternate(runs: int, *makers: Callable[[], float]) -> list[Sample]:
    """Run each maker ``runs`` times, interleaved so drift hits all alike."""
    values: list[list[float]] = [[] for _ in makers]
    for _ in range(runs):
        for index, make in enumerate(makers):
            values[index].append(make())
    return [Sample(v) for v in values]
