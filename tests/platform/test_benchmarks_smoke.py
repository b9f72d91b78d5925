"""The benchmark harness runs end to end in its tiny mode (no timing checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmarks_write_a_report(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "spend",
         "ttft", "history", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)

    assert done.returncode == 0, done.stderr[-3000:]
    report = out.read_text()
    assert "- Machine: " in report
    for row in ("| usage aggregate by day and provider (2,000 rows, 90 days) |",
                "| time to first token, whole pipeline |",
                "| first paint of 10 turns in the chat view |"):
        assert row in report
    assert "did not run" not in report
    assert "usage aggregate by day and provider" in done.stdout
