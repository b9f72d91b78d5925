"""Open a long stored conversation: the facade's read, then the chat view.

Usage: ``history.py HOME MESSAGES``. Messages (alternating prompt and a
Markdown reply with a code block) are stored through
``jarvis.store.history.History``; ``Jarvis.messages`` is timed. Then the
turns go to a :class:`ui.chatview.ChatView` in a window the size of the
app's through ``ChatView.show_turns``, the call the main window makes when
a conversation opens (it builds the turns near the view, the rest as the
user scrolls). First paint: from that call to the end of the first
repaint. Scrolling: Page Up held from the bottom to the first turn, then
Page Down back to the end (one page every 16 ms, as a key repeat would),
while the view builds the turns that come near; a 5 ms timer records how
late it fires (the longest lateness is the stall), and each step's own
handling and repaint are timed too. The conversation stays in HOME for
``drivers/opening.py``, which opens it in the real window.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from benchmarks.drivers.common import report, rss_mb
from jarvis.service import Jarvis
from ui.app import application
from ui.chatview import ChatView
from ui.turns import Turn, TurnStatus

REPLY = ("Here is the answer, step by step, with **bold** text and `code`.\n\n"
         "```python\ndef total(values: list[int]) -> int:\n"
         "    return sum(values)\n```\n")

TICK_MS = 5
KEY_REPEAT_MS = 16
SCROLL_LIMIT_S = 600.0


async def stored(home: Path, count: int) -> tuple[str, list[float], list[Turn]]:
    jarvis = await Jarvis.open(home=home)
    try:
        conversation = await jarvis.new_conversation("long")
        for index in range(count):
            role = "user" if index % 2 == 0 else "assistant"
            text = f"Question {index}?" if role == "user" else REPLY
            await jarvis.history.add(conversation, role, text)
        reads = []
        for _ in range(5):
            start = time.perf_counter()
            messages = await jarvis.messages(conversation)
            reads.append((time.perf_counter() - start) * 1000)
    finally:
        await jarvis.aclose()
    turns = []
    for index in range(0, len(messages) - 1, 2):
        turns.append(Turn(index // 2 + 1, messages[index].text,
                          text=messages[index + 1].text, status=TurnStatus.DONE))
    return conversation, reads, turns


class Scroller:
    """Holds Page Up, then Page Down, and records the loop's lateness."""

    def __init__(self, app: QApplication, window: QMainWindow,
                 view: ChatView) -> None:
        self.app, self.window, self.view = app, window, view
        self.worst_late = 0.0
        self.worst_step = 0.0
        self.steps = 0
        self.direction = -1
        self._last = time.perf_counter()
        self._started = self._last
        self._tick = QTimer()
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._key = QTimer()
        self._key.setInterval(KEY_REPEAT_MS)
        self._key.timeout.connect(self._on_key)

    def run(self) -> None:
        self._tick.start()
        self._key.start()
        self.app.exec()

    def _on_tick(self) -> None:
        now = time.perf_counter()
        self.worst_late = max(self.worst_late,
                              (now - self._last) * 1000 - TICK_MS)
        self._last = now

    def _on_key(self) -> None:
        start = time.perf_counter()
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + self.direction * bar.pageStep())
        self.window.repaint()
        self.worst_step = max(self.worst_step, time.perf_counter() - start)
        self.steps += 1
        ids = self.view.turn_ids()
        if self.direction < 0 and bar.value() == 0 and ids \
                and self.view.built()[:1] == ids[:1]:
            self.direction = 1
        elif self.direction > 0 and bar.value() == bar.maximum() \
                and self.view.built()[-1:] == ids[-1:]:
            self._stop()
        if time.perf_counter() - self._started > SCROLL_LIMIT_S:
            self._stop()

    def _stop(self) -> None:
        self._tick.stop()
        self._key.stop()
        self.app.quit()


def show(turns: list[Turn]) -> dict[str, float]:
    app = application()  # with the app's style sheet, as in the window
    by_id = {turn.id: turn for turn in turns}
    window = QMainWindow()
    view = ChatView(by_id.__getitem__)
    window.setCentralWidget(view)
    window.resize(1000, 760)
    window.show()
    app.processEvents()
    start = time.perf_counter()
    view.show_turns([turn.id for turn in turns])
    built = time.perf_counter()
    app.processEvents()
    window.repaint()
    painted = time.perf_counter()
    first_built = len(view.built())
    scroll_start = time.perf_counter()
    scroller = Scroller(app, window, view)
    scroller.run()
    return {"add_ms": (built - start) * 1000,
            "first_paint_ms": (painted - start) * 1000,
            "first_built": first_built,
            "worst_stall_ms": scroller.worst_late,
            "worst_step_ms": scroller.worst_step * 1000,
            "scroll_s": time.perf_counter() - scroll_start,
            "steps": scroller.steps, "built_at_end": len(view.built()),
            "rss_mb": rss_mb()}


if __name__ == "__main__":
    conversation, reads, turns = asyncio.run(stored(Path(sys.argv[1]),
                                                    int(sys.argv[2])))
    report({"conversation": conversation, "read_ms": reads, "turns": len(turns),
            **show(turns)})
