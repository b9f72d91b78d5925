"""The machine description, the printed table and docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime
from importlib import metadata

from benchmarks.harness import Figure

_PACKAGES = ("PySide6-Essentials", "qasync", "anthropic", "openai",
             "google-genai", "httpx2", "sqlite-utils")


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    versions = []
    for name in _PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    from PySide6.QtCore import qVersion

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "system": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "qt": qVersion(),
        "packages": ", ".join(versions),
        "load": load,
    }


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if not unit and float(value).is_integer():
        return str(int(value))
    if unit == "ms" and value >= 1000:
        return f"{value / 1000:.2f} s"
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
    return f"{value:.{digits}f} {unit}".strip()


def cells(figure: Figure) -> list[str]:
    value = figure.value
    shown = _num(value.median if value else None, figure.unit)
    if value is not None and len(value.values) > 1:
        low, high = value.spread
        shown += f" ({_num(low, '')}–{_num(high, '')}, n={len(value.values)})"
    base = figure.baseline
    ratio = figure.ratio
    return [figure.name, shown,
            _num(base.median, figure.unit) if base else "—",
            f"{ratio:.2f}x" if ratio is not None else "—",
            figure.target or "—", figure.verdict]


HEADER = ["what", "Jarvis (median, spread)", "baseline", "ratio", "target",
          "result"]


def table(figures: list[Figure]) -> str:
    rows = [HEADER, *(cells(f) for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(figures: list[Figure], info: dict[str, str], intro: str,
             findings: str, elapsed_s: float) -> str:
    out = [intro.rstrip(), "", "## Last run", "",
           f"- Date: {info['date']}",
           f"- Machine: {info['cpu']}, {info['system']}",
           f"- Python {info['python']}, Qt {info['qt']}",
           f"- Packages: {info['packages']}",
           f"- Load average (1, 5, 15 min) at the start: {info['load']}; "
           f"at the end: {info.get('load_end', '?')} (a shared machine: "
           "absolute times drift, ratios to the same-run baselines hold "
           "better)",
           f"- Whole run: {elapsed_s / 60:.1f} min", "",
           "| " + " | ".join(HEADER) + " |",
           "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in cells(f)) + " |"
            for f in figures]
    out += ["", "Notes per figure:", ""]
    out += [f"- **{f.name.strip()}**: {f.note}" for f in figures if f.note]
    out += ["", findings.rstrip(), ""]
    return "\n".join(out)
