"""The life of one window's connection to the service.

:class:`Session` opens the facade (after the window shows: the facade and
the provider SDKs load while the user already sees the app), hands it to
the controller, and closes everything in order on quit: first the
controller's request tasks, which store partial replies and settle spend
rows, then the facade, which closes HTTP clients and the database (C11).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from jarvis.errors import ConfigError
from ui.controller import STOP_TIMEOUT_S, ChatController

if TYPE_CHECKING:
    from jarvis.config import Config
    from jarvis.service import Jarvis
    from ui.mainwindow import MainWindow

log = logging.getLogger(__name__)

# Seconds the facade may take to close after the requests have stopped.
CLOSE_TIMEOUT_S = 15.0


class Session:
    """Opens and closes the service for a controller."""

    def __init__(self, controller: ChatController) -> None:
        self.controller = controller
        self.jarvis: Jarvis | None = None
        self._warm_up: asyncio.Task[None] | None = None

    async def open(self, *, home: Path | None = None, demo: bool = False,
                   config: Config | None = None) -> None:
        """Open the facade and attach it to the controller.

        ``config`` replaces the file's (the defaults the user accepted for
        a session when the file is broken).

        Raises:
            ConfigError: the config file is invalid.
        """
        from jarvis.service import Jarvis

        self.jarvis = await Jarvis.open(home=home, demo=demo, config=config)
        try:
            await self.jarvis.refresh_keys()
        except Exception:
            # The window still opens; providers show as having no key.
            log.warning("could not read the keychain", exc_info=True)
        self.controller.attach(self.jarvis)
        # The SDK imports take seconds: do them in a thread now, not on the
        # event loop at the first send.
        self._warm_up = asyncio.get_running_loop().create_task(
            self.jarvis.warm_up())
        log.info("session open (demo=%s)", demo)

    async def close(self, grace_s: float = STOP_TIMEOUT_S) -> None:
        """Stop every request, then close the facade."""
        await self.controller.aclose(grace_s)
        warm_up, self._warm_up = self._warm_up, None
        if warm_up is not None:
            # An import in a thread cannot be interrupted; let it finish.
            await asyncio.gather(warm_up, return_exceptions=True)
        jarvis, self.jarvis = self.jarvis, None
        if jarvis is None:
            return
        try:
            await asyncio.wait_for(jarvis.aclose(), CLOSE_TIMEOUT_S)
        except TimeoutError:
            log.error("the service did not close in %.0f s", CLOSE_TIMEOUT_S)
        log.info("session closed")


async def run(window: MainWindow, session: Session, *, home: Path | None,
              demo: bool) -> ConfigError | None:
    """Open the session, wait until the window closes, close the session.

    Returns:
        The config error that stopped the start, or None.
    """
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    try:
        await session.open(home=home, demo=demo)
    except ConfigError as exc:
        return exc
    try:
        await closed.wait()
    finally:
        await session.close()
    return None
