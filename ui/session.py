"""The life of one window's connection to the service.

:class:`Session` opens the facade (after the window shows, so the user
already sees the app), hands it to the controller, and closes everything
in order on quit: first the controller's request tasks, which store
partial replies and settle spend rows, then the facade, which closes HTTP
clients and the database (C11).

Warming up happens in worker threads and as late as still helps, wired
by :meth:`Session.watch`. When the user starts typing: the Markdown
parser, the highlighter and the secret patterns (~9 MB, 60-100 ms of
imports, needed by the first prompt and reply) and the SDK of the picked
provider (tens of MB, up to a second of imports), and the keychain when
the picker's key marks were recalled from keys.json: :meth:`Session.warm_up`.
When the pointer comes over the conversation list, or the user opens a
stored conversation or the quick-ask popup: the parser and the patterns
alone (:meth:`Session.warm_pieces`). A window that is opened and left
alone imports none of them.

What a warm-up loaded stays for the life of the process, so once warm-ups
end, everything allocated so far is frozen out of the cycle collector
(``gc.freeze``): otherwise every full collection walks the SDKs' hundreds
of thousands of objects again, on the GUI thread (:mod:`ui.gcguard`), and
a streaming reply stalls for 100 ms and more each time.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui import rendering, sourcelines
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
        self._warming: set[asyncio.Task[None]] = set()
        self._warmed: set[str] = set()
        self._pieces_warmed = False
        self._confirming: asyncio.Task[None] | None = None

    async def open(self, *, home: Path | None = None, demo: bool = False,
                   config: Config | None = None) -> None:
        """Open the facade and attach it to the controller.

        ``config`` replaces the file's (the defaults the user accepted for
        a session when the file is broken).

        Raises:
            ConfigError: the config file is invalid.
        """
        # FIXME:idle-memory: an idle demo window peaks at 1.59-1.61x the
        # bare window's RSS (target 1.6x); the service's imports add ~2 MB
        # (the request path ~40%), the store's open ~1.1 MB (libsqlite3,
        # its thread); ui/app.py's welcome built at every start 0.8 MB and
        # its QtWidgets setup after the paint 0.5 MB (benchmarks/findings.md).
        from jarvis.service import Jarvis

        # The service's imports are done and no thread of the session runs
        # yet: drop the sources PySide's import hook kept (~2 MB of peak).
        sourcelines.forget()
        self.jarvis = await Jarvis.open(home=home, demo=demo, config=config)
        if not demo:
            # Demo keys are fake: the keychain is looked for when a pane
            # first names it.
            await self._mark_keys(self.jarvis)
        self.controller.attach(self.jarvis)
        log.info("session open (demo=%s)", demo)

    async def _mark_keys(self, jarvis: Jarvis) -> None:
        """Which providers have a key, for the picker's "(no key)" marks.

        From the environment, the session and keys.json's record of what
        the keychain held when Jarvis last stored, deleted or read a key
        there: the keychain itself (keyring with its D-Bus and crypto
        modules, ~13 MB, and a secret-service round trip) is read now only
        for providers with no record, or when the record leaves no
        provider able to answer (a key put in the keychain by another
        program must not leave the window locked). Recalled marks are
        confirmed when the user starts typing (:meth:`warm_up`); the first
        request, the Keys pane and the welcome read the keychain too.
        """
        try:
            await jarvis.refresh_keys(detect=False)
            if jarvis.keys.recalled and not _can_answer(jarvis):
                await jarvis.refresh_keys()
        except Exception:
            # The window still opens; providers show as having no key.
            log.warning("could not read the keychain", exc_info=True)

    async def _confirm_keys(self, jarvis: Jarvis) -> None:
        """Read the keychain for the marks recalled from keys.json, and
        have the picker drawn again if one was wrong."""
        before = _key_marks(jarvis)
        try:
            await jarvis.refresh_keys()
        except Exception:
            log.warning("could not read the keychain", exc_info=True)
            return
        if _key_marks(jarvis) != before and self.jarvis is jarvis:
            log.info("the keychain differs from its record: marks redrawn")
            # FIXME:key-marks: MainWindow._providers_changed also shows
            # the start page; a redraw should only rebuild the picker.
            self.controller.providersChanged.emit()

    @property
    def warming(self) -> bool:
        """Whether a warm-up still runs in a thread."""
        return bool(self._warming)

    def watch(self, window: MainWindow) -> None:
        """Warm up when the user starts typing or opens a conversation."""
        window.draftStarted.connect(self.warm_up)
        if window.prompt.prompt().strip():
            # Typed while the session opened: warm up as typing would have.
            self.warm_up(str(window.provider_box.currentData() or ""))
        # Stored replies render once the history is read: the pointer over
        # the list gives a head start, the read itself a small one (any way
        # a conversation opens: a click, the keyboard, quick-ask's "open").
        window.sidebar.approached.connect(self.warm_pieces)
        window.controller.conversationOpening.connect(
            lambda _id: self.warm_pieces())

    def warm_up(self, provider: str = "") -> None:
        """Import ``provider``'s SDK ("" = the default) and the pieces of
        :meth:`warm_pieces` in threads, once each."""
        if self.jarvis is None or provider in self._warmed:
            return
        self.warm_pieces()
        self._warmed.add(provider)
        self._spawn(self.jarvis.warm_up(provider))
        if self.jarvis.keys.recalled and self._confirming is None:
            # The first request is near: check the marks it relies on.
            self._confirming = self._spawn(self._confirm_keys(self.jarvis))

    def warm_pieces(self) -> None:
        """Load the Markdown parser, the highlighter and the secret patterns
        in a thread, once: a reply and the prompt's check need them."""
        if self.jarvis is None or self._pieces_warmed:
            return
        self._pieces_warmed = True
        self._spawn(asyncio.to_thread(_warm_pieces))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(work)
        self._warming.add(task)
        task.add_done_callback(self._warm_done)
        return task

    def _warm_done(self, task: asyncio.Task[None]) -> None:
        self._warming.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # Nothing is lost: the first request imports what it needs.
            log.warning("a warm-up failed", exc_info=task.exception())
        if not self._warming:
            gc.freeze()
            log.debug("froze %d objects out of the collector",
                      gc.get_freeze_count())

    async def close(self, grace_s: float = STOP_TIMEOUT_S) -> None:
        """Stop every request, then close the facade."""
        await self.controller.aclose(grace_s)
        if self._confirming is not None:
            # A keychain read may wait long on a locked keychain; its
            # thread is a daemon one.
            self._confirming.cancel()
        if self._warming:
            # An import in a thread cannot be interrupted; let it finish.
            await asyncio.gather(*self._warming, return_exceptions=True)
        # Closed sessions' objects may be collected again (tests open many).
        gc.unfreeze()
        jarvis, self.jarvis = self.jarvis, None
        if jarvis is None:
            return
        try:
            await asyncio.wait_for(jarvis.aclose(), CLOSE_TIMEOUT_S)
        except TimeoutError:
            log.error("the service did not close in %.0f s", CLOSE_TIMEOUT_S)
        log.info("session closed")


def _can_answer(jarvis: Jarvis) -> bool:
    """Whether some enabled provider has a key (or needs none)."""
    return any(info.has_key and info.enabled for info in jarvis.providers())


def _key_marks(jarvis: Jarvis) -> dict[str, bool]:
    return {info.name: info.has_key for info in jarvis.providers()}


def _warm_pieces() -> None:
    """Load what the first prompt and reply need (pure Python, no Qt): the
    Markdown parser and highlighter, and the compiled secret shapes that
    mask the prompt and filter the reply."""
    from jarvis.guard.secrets import find_secrets, hold_patterns

    rendering.warm_up()
    find_secrets("")
    hold_patterns()

