"""Stream a long Markdown reply into the real window and time the loop.

Usage: ``streaming.py HOME TOKENS [TOKENS ...]``. The window is built as
``ui.app.main`` builds it, in demo mode. For each size a prompt asks the
simulator for a reply of that many tokens at 2,000 tokens/s. A 5 ms timer
records how late it fires (the event-loop stall); ``MarkdownView
.advance`` (each render pass: the one ``show_markdown`` makes and any
later ones it schedules) is wrapped to sum the time spent rendering, and
the process CPU time of the stream is taken too.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from benchmarks.drivers.common import report
from benchmarks.simhome import without_nagle
from jarvis import logs, paths
from ui import markdownview
from ui.app import application
from ui.controller import ChatController
from ui.eventloop import QtEventLoop
from ui.mainwindow import MainWindow
from ui.session import Session

TICK_MS = 5
RATE = 2000


class Render:
    """Sums the time spent in MarkdownView.advance (every render pass)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.longest = 0.0
        self.final = 0.0
        original = markdownview.MarkdownView.advance

        def timed(view: markdownview.MarkdownView) -> None:
            start = time.perf_counter()
            original(view)
            spent = time.perf_counter() - start
            self.seconds += spent
            self.calls += 1
            self.longest = max(self.longest, spent)
            if view._final:
                self.final += spent

        markdownview.MarkdownView.advance = timed  # type: ignore[method-assign]


class Lateness:
    """A timer that records how late each tick fires."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.late: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.worst, self.late = 0.0, []
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = (now - self._last) * 1000 - TICK_MS
        self.late.append(late)
        self.worst = max(self.worst, late)
        self._last = now


async def stream(window: MainWindow, controller: ChatController, tokens: int,
                 render: Render, lateness: Lateness) -> dict[str, float]:
    render.seconds, render.calls, render.longest = 0.0, 0, 0.0
    render.final = 0.0
    done = asyncio.Event()
    controller.busyChanged.connect(lambda busy: None if busy else done.set())
    cpu, wall = time.process_time(), time.perf_counter()
    lateness.start()
    turn_id = controller.send(f"[[sim: tokens={tokens} rate={RATE}]] go")
    await done.wait()
    body = window.chat.widget_for(turn_id or 0).body
    for _ in range(6000):  # render passes the final render left for later
        if not body.pending:
            break
        await asyncio.sleep(0.01)
    lateness.stop()
    turn = controller.turn(turn_id or 0)
    late = sorted(lateness.late)
    return {"tokens": tokens, "status": str(turn.status),
            "chars": len(turn.text), "wall_s": time.perf_counter() - wall,
            "cpu_s": time.process_time() - cpu, "render_s": render.seconds,
            "render_calls": render.calls,
            "longest_render_ms": render.longest * 1000,
            "final_render_ms": render.final * 1000, "worst_stall_ms": lateness.worst,
            "p99_stall_ms": late[int(len(late) * 0.99)] if late else 0.0}


async def main(window: MainWindow, controller: ChatController,
               session: Session, home: Path, sizes: list[int]) -> None:
    render, lateness = Render(), Lateness()
    await session.open(home=home, demo=True)
    session.warm_up()  # as typing the first prompt would
    for _ in range(6000):
        if not session.warming:
            break
        await asyncio.sleep(0.01)
    results = []
    for tokens in sizes:
        controller.new_conversation()
        window.chat.clear()
        results.append(await stream(window, controller, tokens, render, lateness))
    report({"runs": results})


if __name__ == "__main__":
    without_nagle()
    home = Path(sys.argv[1])
    logs.setup(paths.resolve(home).log_file)
    app = application()
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    controller = ChatController()
    window = MainWindow(controller, demo=True)
    window.resize(1000, 760)
    window.show()
    loop.run_until_complete(main(window, controller, Session(controller), home,
                                 [int(n) for n in sys.argv[2:]]))
