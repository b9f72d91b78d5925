"""Quick-ask: one question, answered by the fast tier, outside the chat.

:class:`QuickAsk` runs the request as a task it owns and folds its events
into a :class:`ui.turns.Turn`, like the chat's controller; each question
starts a conversation of its own, which "Open in chat" hands to the main
window to continue. The popup that shows it is
:class:`ui.quickaskpopup.QuickAskPopup`, built when first opened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui import messages
from ui.turns import Turn, apply, fail

if TYPE_CHECKING:
    from jarvis.events import ServiceEvent
    from jarvis.service import Jarvis

log = logging.getLogger(__name__)

TIER = "fast"
"""The model tier quick-ask uses (``[tiers]`` in config.toml)."""

# Seconds quit waits for a running quick-ask to store its partial reply.
STOP_TIMEOUT_S = 8.0


class QuickAsk(QObject):
    """Runs quick-ask requests through the facade.

    Signals:
        attached: the facade is open; questions can go out.
        changed: the answer's view state changed.
        busyChanged(bool): an answer is being written, or no longer.
        finished: an answer ended (done, failed or stopped).
        noticeRaised(str, str): the service said something (kind, message),
            e.g. a budget alert.
    """

    attached = Signal()
    changed = Signal()
    busyChanged = Signal(bool)
    finished = Signal()
    noticeRaised = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jarvis: Jarvis | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.turn: Turn | None = None
        self.conversation_id: str | None = None

    def attach(self, jarvis: Jarvis) -> None:
        self._jarvis = jarvis
        self.attached.emit()

    @property
    def ready(self) -> bool:
        return self._jarvis is not None and not self._closing

    @property
    def busy(self) -> bool:
        return self._task is not None

    def ask(self, prompt: str) -> bool:
        """Ask ``prompt`` in a new conversation; whether it was sent."""
        if not prompt.strip() or self.busy or not self.ready:
            return False
        self.turn = Turn(1, prompt)
        self.conversation_id = None
        self.changed.emit()
        self._task = asyncio.get_running_loop().create_task(self._run(self.turn))
        self._task.add_done_callback(self._forget)
        self.busyChanged.emit(True)
        return True

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _forget(self, task: asyncio.Task[None]) -> None:
        if task is self._task:
            self._task = None
            self.busyChanged.emit(False)
            self.finished.emit()
        if not task.cancelled() and task.exception() is not None:
            log.error("a quick-ask task failed", exc_info=task.exception())

    async def _run(self, turn: Turn) -> None:
        try:
            await self._stream(turn)
        except asyncio.CancelledError:
            turn.cancel()
            self.changed.emit()
            raise
        except Exception:
            log.exception("a quick-ask ended with an unexpected error")
            fail(turn, self.tr("Internal error: see the log file."))
            self.changed.emit()

    async def _stream(self, turn: Turn) -> None:
        from jarvis.events import PromptStored
        from jarvis.service import AskOptions

        assert self._jarvis is not None
        self.conversation_id = None
        # Each question is a new conversation, created with its prompt.
        events = self._jarvis.ask(turn.prompt, options=AskOptions(tier=TIER))
        async with contextlib.aclosing(events) as stream:
            async for event in stream:
                if isinstance(event, PromptStored):
                    self.conversation_id = event.conversation_id
                self._on_event(turn, event)

    def _on_event(self, turn: Turn, event: ServiceEvent) -> None:
        from jarvis.events import Notice  # loaded with the service

        if apply(turn, event):
            self.changed.emit()
        if isinstance(event, Notice):
            self.noticeRaised.emit(event.kind, messages.text(event.message))

    async def aclose(self, grace_s: float = STOP_TIMEOUT_S) -> None:
        """Stop a running answer and wait for it to store its partial text."""
        self._closing = True
        task = self._task
        if task is None:
            return
        task.cancel()
        _done, pending = await asyncio.wait({task}, timeout=grace_s)
        if pending:
            log.error("the quick-ask task did not stop in %.0f s", grace_s)
