"""The command line every screenshot scene module shares: parse
``SCENE --home DIR``, open the demo window and run the module's stage."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from ui.app import application
from ui.controller import ChatController
from ui.eventloop import QtEventLoop
from ui.mainwindow import MainWindow
from ui.session import Session

Stage = Callable[[MainWindow, ChatController, str, Path], Coroutine[Any, Any, None]]


def run_scene(prog: str, scenes: Sequence[str], stage: Stage, argv: list[str],
              size: tuple[int, int] = (960, 720)) -> int:
    """Show the demo window at ``size`` and run ``stage`` for the scene named
    in ``argv``; 0 when it returns."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("scene", choices=tuple(scenes))
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args(argv)
    app = application()
    loop = QtEventLoop(app)
    asyncio.set_event_loop(loop)
    controller = ChatController()
    window = MainWindow(controller, demo=True)
    window.resize(*size)
    window.show()
    try:
        loop.run_until_complete(stage(window, controller, args.scene, args.home))
    finally:
        loop.close()
    return 0


async def run(window: MainWindow, session: Session, *, home: Path | None,
              demo: bool) -> None:
    """Open the session, wait until the window closes, close the session
    (what ``ui.app`` does around a window, without tray and welcome)."""
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    await session.open(home=home, demo=demo)
    session.watch(window)
    try:
        await closed.wait()
    finally:
        await session.close()
