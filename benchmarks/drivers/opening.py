"""Open a stored conversation in the real window, as a click in the list does.

Usage: ``opening.py HOME CONVERSATION_ID RUNS``. HOME already holds the
conversation (``drivers/history.py`` stored it). The window, its controller
and session are built as ``ui.app`` builds them and the session is opened;
nothing is warmed up beyond what opening the session does, so the first
run pays what a user's first click pays (the Markdown parser and the
highlighter are imported then unless the pointer went over the list
first). Each run: a new empty conversation, then
``ChatController.open_conversation`` (what the sidebar calls), timed from
that call to the end of the first repaint after the controller announced
the turns (the facade's read, turning messages into turns, the chat view
building the turns near the end, their layout and paint).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from benchmarks.drivers.common import report, rss_mb
from jarvis import logs, paths
from ui.app import application
from ui.controller import ChatController
from ui.eventloop import QtEventLoop
from ui.mainwindow import MainWindow
from ui.session import Session


async def open_once(window: MainWindow, controller: ChatController,
                    conversation_id: str) -> float:
    opened = asyncio.Event()

    def announce(_focus: int) -> None:
        opened.set()

    controller.conversationOpened.connect(announce)
    try:
        start = time.perf_counter()
        controller.open_conversation(conversation_id)
        await opened.wait()
        window.repaint()  # the window's own slot has shown the turns by now
        return (time.perf_counter() - start) * 1000
    finally:
        controller.conversationOpened.disconnect(announce)


async def main(window: MainWindow, controller: ChatController, session: Session,
               home: Path, conversation_id: str, runs: int) -> None:
    await session.open(home=home)
    times = []
    turns = 0
    try:
        for _ in range(runs):
            controller.new_conversation()
            window.chat.clear()
            await asyncio.sleep(0.2)  # the empty view painted, loop idle
            times.append(await open_once(window, controller, conversation_id))
            turns = len(controller.turns())
    finally:
        await session.close()
    report({"open_ms": times, "turns": turns, "built": len(window.chat.built()),
            "rss_mb": rss_mb()})


if __name__ == "__main__":
    home, conversation, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    logs.setup(paths.resolve(home).log_file)
    app = application()
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    controller = ChatController()
    window = MainWindow(controller)
    window.resize(1000, 760)
    window.show()
    loop.run_until_complete(main(window, controller, Session(controller), home,
                                 conversation, count))
