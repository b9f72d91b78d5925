"""Time to first token through the facade, and memory over many replies.

Both run in a fresh process (``drivers/pipeline.py``). Time to first token
alternates ``Jarvis.ask`` and the same AsyncOpenAI call made directly, in
the same warmed-up process, against one simulator on 127.0.0.1; the
pipeline's overhead is the difference of the medians.
"""

from __future__ import annotations

from benchmarks.harness import (
    Figure,
    Sample,
    python_env,
    ratio_at_most,
    run_driver,
    value_below,
)
from benchmarks.simhome import sim_home


def measure_ttft(iterations: int) -> list[Figure]:
    with sim_home() as sim:
        env = python_env(JARVIS_HOME=str(sim.home), **sim.fake_keys())
        rows = run_driver("pipeline.py", "ttft", str(sim.home), str(iterations),
                          env=env)
    jarvis_first = Sample([r[0] for r in rows["jarvis"]])
    sdk_first = Sample([r[0] for r in rows["sdk"]])
    jarvis_all = Sample([r[1] for r in rows["jarvis"]])
    sdk_all = Sample([r[1] for r in rows["sdk"]])
    overhead = Sample([jarvis_first.median - sdk_first.median])
    total = Sample([jarvis_all.median - sdk_all.median])
    n = f"{iterations} alternating requests"
    return [
        Figure("time to first token, whole pipeline", jarvis_first, "ms",
               sdk_first, "<= 1.05x", ratio_at_most(1.05),
               f"{n}; baseline: the same AsyncOpenAI call made directly"),
        Figure("pipeline overhead to first token", overhead, "ms",
               target="< 2 ms", check=value_below(2.0),
               note="difference of the medians above"),
        Figure("pipeline overhead per request (to the end)", total, "ms",
               target="info", note="whole request incl. spend settle and "
                                   "history; difference of medians"),
    ]


def measure_memory(replies: int) -> list[Figure]:
    with sim_home() as sim:
        env = python_env(JARVIS_HOME=str(sim.home))
        marks = run_driver("pipeline.py", "memory", str(sim.home), str(replies),
                           env=env, timeout=900)
    traced = marks[f"traced_{replies}"] - marks["traced_10"]
    rss = marks[f"rss_{replies}"] - marks["rss_10"]
    return [
        Figure(f"memory growth, 10 -> {replies} replies (RSS)", Sample([rss]),
               "MB", target="< 10 MB", check=value_below(10.0),
               note=f"RSS {marks['rss_10']:.1f} -> {marks[f'rss_{replies}']:.1f}"
                    " MB, demo mode, one process"),
        Figure(f"memory growth, 10 -> {replies} replies (tracemalloc)",
               Sample([traced]), "MB", target="< 10 MB",
               check=value_below(10.0),
               note=f"Python heap {marks['traced_10']:.2f} -> "
                    f"{marks[f'traced_{replies}']:.2f} MB"),
    ]
