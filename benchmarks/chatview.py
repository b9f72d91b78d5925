"""The chat view under load: a long streamed reply, a long conversation.

Both run the real widgets offscreen in a fresh process
(``drivers/streaming.py``, ``drivers/history.py``); see those files for
how each figure is taken.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.harness import (
    Figure,
    Sample,
    python_env,
    ratio_at_most,
    run_driver,
    value_below,
)

OPEN_RUNS = 6  # the first is the cold open, reported on its own

_CONFIG = "[limits]\nmax_tokens = 32000\ndaily_usd = 1000000\nmonthly_usd = 1000000\n"


def measure_streaming(tokens: int, runs: int) -> list[Figure]:
    half = tokens // 2
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="jarvis-bench-") as folder:
        (Path(folder) / "config.toml").write_text(_CONFIG)
        for _ in range(runs):
            rows += run_driver("streaming.py", folder, str(half), str(tokens),
                               env=python_env(), timeout=600)["runs"]
    big = [r for r in rows if r["tokens"] == tokens]
    small = [r for r in rows if r["tokens"] == half]
    if any(r["status"] != "done" for r in rows):
        raise RuntimeError(f"a streamed reply did not finish: {rows}")

    def sample(which: list[dict], key: str, scale: float = 1.0) -> Sample:
        return Sample([r[key] * scale for r in which])

    streaming = Sample([(r["render_s"] * 1000 - r["final_render_ms"])
                        for r in big])
    streaming_half = Sample([(r["render_s"] * 1000 - r["final_render_ms"])
                             for r in small])
    return [
        Figure(f"longest event-loop stall, {tokens:,} tokens at 2,000/s",
               sample(big, "worst_stall_ms"), "ms", target="< 50 ms",
               check=value_below(50.0),
               note="5 ms QTimer lateness, real window, demo simulator; "
                    f"p99 {sample(big, 'p99_stall_ms').median:.1f} ms"),
        Figure("  longest single render pass",
               sample(big, "longest_render_ms"), "ms", target="info",
               note="one MarkdownView.advance; the final render: "
                    f"{sample(big, 'final_render_ms').median:.1f} ms "
                    "(it renders the unfinished tail only)"),
        Figure(f"render work {tokens:,} vs {half:,} tokens",
               sample(big, "render_s", 1000), "ms",
               sample(small, "render_s", 1000), "<= 2.20x", ratio_at_most(2.2),
               "time inside MarkdownView.advance (every render pass), summed"),
        Figure("  same, streaming frames only (final render left out)",
               streaming, "ms", streaming_half, "<= 2.20x", ratio_at_most(2.2)),
        Figure(f"process CPU while streaming {tokens:,} vs {half:,}",
               sample(big, "cpu_s", 1000), "ms", sample(small, "cpu_s", 1000),
               "info", note="whole process (includes the in-process simulator "
                            "and SDK parsing)"),
    ]


def measure_history(messages: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="jarvis-bench-") as folder:
        result = run_driver("history.py", folder, str(messages),
                            env=python_env(), timeout=900)
        opening = run_driver("opening.py", folder, result["conversation"],
                             str(OPEN_RUNS), env=python_env(), timeout=900)
    turns = result["turns"]
    cold, *warm = opening["open_ms"]
    return [
        Figure(f"opening a {messages:,}-message conversation in the window",
               Sample(warm), "ms", target="< 300 ms", check=value_below(300.0),
               note="ChatController.open_conversation (a click in the list) "
                    "to the end of the first repaint: the facade's read, the "
                    "turns, the chat view; the real window, session open"),
        Figure("  same, the session's first open (Markdown not loaded yet)",
               Sample([cold]), "ms", target="< 300 ms", check=value_below(300.0),
               note="pays importing the Markdown parser and highlighter, "
                    "which hovering the list or typing loads earlier"),
        Figure(f"read a {messages:,}-message conversation (Jarvis.messages)",
               Sample(result["read_ms"]), "ms", target="info",
               note="5 reads through the store thread"),
        Figure(f"first paint of {turns:,} turns in the chat view",
               Sample([result["first_paint_ms"]]), "ms", target="< 300 ms",
               check=value_below(300.0),
               note="ChatView.show_turns (what the window calls on opening "
                    f"a conversation; it built {result['first_built']} turns "
                    f"at once, {result['add_ms']:.0f} ms), then the first "
                    "repaint; the facade's read is the line above"),
        Figure("scrolling that conversation, longest event-loop stall",
               Sample([result["worst_stall_ms"]]), "ms", target="< 50 ms",
               check=value_below(50.0),
               note="Page Up held from the end to the first turn and Page "
                    f"Down back ({result['steps']} pages, "
                    f"{result['scroll_s']:.0f} s), turns built as they come "
                    "near; 5 ms timer lateness; RSS after: "
                    f"{result['rss_mb']:.0f} MB"),
        Figure("  longest single scroll step (handling and repaint)",
               Sample([result["worst_step_ms"]]), "ms", target="< 50 ms",
               check=value_below(50.0)),
    ]
