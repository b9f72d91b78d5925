"""``python -m benchmarks [--quick] [--only NAME ...] [--out FILE]``.

Runs every measurement, prints the table and writes docs/benchmarks.md
(``--out -`` writes nothing). ``--quick`` uses tiny sizes to prove the
harness works; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import chatview, cliprocess, pipeline, report, spendlog, startup
from benchmarks.harness import ROOT, Figure

FULL = {
    "startup": lambda: startup.measure(runs=5),
    "cli": lambda: cliprocess.measure(runs=7),
    "ttft": lambda: pipeline.measure_ttft(iterations=300),
    "streaming": lambda: chatview.measure_streaming(tokens=20_000, runs=2),
    "history": lambda: chatview.measure_history(messages=5_000),
    "spend": lambda: spendlog.measure(rows=1_000_000, runs=7, inserts=500),
    "memory": lambda: pipeline.measure_memory(replies=1_000),
}
QUICK: dict[str, Callable[[], list[Figure]]] = {
    "startup": lambda: startup.measure(runs=1),
    "cli": lambda: cliprocess.measure(runs=1),
    "ttft": lambda: pipeline.measure_ttft(iterations=3),
    "streaming": lambda: chatview.measure_streaming(tokens=200, runs=1),
    "history": lambda: chatview.measure_history(messages=20),
    "spend": lambda: spendlog.measure(rows=2_000, runs=1, inserts=5),
    "memory": lambda: pipeline.measure_memory(replies=12),
}
DOC = ROOT / "docs" / "benchmarks.md"
FINDINGS = Path(__file__).with_name("findings.md")
INTRO = Path(__file__).with_name("intro.md")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes: proves the harness runs")
    parser.add_argument("--only", nargs="+", choices=sorted(FULL))
    parser.add_argument("--out", default=None,
                        help="where to write the report ('-': nowhere)")
    args = parser.parse_args(argv)
    suite = QUICK if args.quick else FULL
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    info = report.machine()
    started = time.perf_counter()
    figures: list[Figure] = []
    failed = []
    for name in args.only or list(suite):
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        try:
            figures += suite[name]()
        except Exception:
            traceback.print_exc()
            failed.append(name)
            figures.append(Figure(f"{name}: did not run", None, "",
                                  note="the benchmark failed; see its output"))
    info["load_end"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    elapsed = time.perf_counter() - started
    print(report.table(figures))
    print(f"\nload average {info['load']} -> {info['load_end']}; "
          f"{elapsed / 60:.1f} min")
    out = args.out or ("-" if args.quick else str(DOC))
    if out != "-":
        Path(out).write_text(report.markdown(
            figures, info, INTRO.read_text(), FINDINGS.read_text(), elapsed))
        print(f"wrote {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
