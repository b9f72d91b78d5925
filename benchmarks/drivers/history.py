"""Open a long stored conversation: the facade's read, then the chat view.

Usage: ``history.py HOME MESSAGES``. Messages (alternating prompt and a
Markdown reply with a code block) are stored through
``jarvis.store.history.History``; ``Jarvis.messages`` is timed; then every
turn is added to a :class:`ui.chatview.ChatView` in a window the size of
the app's, and the time to the first paint after that is taken. Scrolling
is timed as the longest repaint over 20 jumps through the page. The same
is done first for the last 30 turns alone: what a view that builds only
the turns near the viewport (paging) would pay.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow

from benchmarks.drivers.common import report, rss_mb
from jarvis.service import Jarvis
from ui.chatview import ChatView
from ui.turns import Turn, TurnStatus

REPLY = ("Here is the answer, step by step, with **bold** text and `code`.\n\n"
         "```python\ndef total(values: list[int]) -> int:\n"
         "    return sum(values)\n```\n")


async def stored(home: Path, count: int) -> tuple[list[float], list[Turn]]:
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
    return reads, turns


def show(turns: list[Turn]) -> dict[str, float]:
    app = QApplication.instance() or QApplication(sys.argv)
    by_id = {turn.id: turn for turn in turns}
    window = QMainWindow()
    view = ChatView(by_id.__getitem__)
    window.setCentralWidget(view)
    window.resize(1000, 760)
    window.show()
    app.processEvents()
    start = time.perf_counter()
    for turn in turns:
        view.add_turn(turn.id)
        view.widget_for(turn.id).refresh(turn)
    added = time.perf_counter()
    app.processEvents()
    window.repaint()
    painted = time.perf_counter()
    bar = view.verticalScrollBar()
    worst = 0.0
    for step in range(20):
        jump = time.perf_counter()
        bar.setValue(bar.maximum() * step // 19)
        app.processEvents()
        window.repaint()
        worst = max(worst, time.perf_counter() - jump)
    return {"add_ms": (added - start) * 1000,
            "first_paint_ms": (painted - start) * 1000,
            "worst_scroll_ms": worst * 1000, "rss_mb": rss_mb()}


LAST = 30
"""Turns a paged view would build at first: about two screens."""


if __name__ == "__main__":
    reads, turns = asyncio.run(stored(Path(sys.argv[1]), int(sys.argv[2])))
    last = {f"last_{key}": value for key, value in show(turns[-LAST:]).items()}
    report({"read_ms": reads, "turns": len(turns), **last, **show(turns)})
