"""The bridge between the service facade and the widgets.

:class:`ChatController` runs each request as an asyncio task that it owns,
folds the request's events into :class:`ui.turns.Turn` view state, and
tells the widgets through Qt signals. Widgets never await anything and
coroutines never touch a widget. Stopping a reply cancels its task: the
facade then stores the partial reply as cancelled and settles the spend
row. :meth:`ChatController.aclose` cancels and awaits every task with a
time limit (CASES C11).

Stored conversations are opened here too (their messages become turns),
and the history calls of the sidebar run as tasks of this controller
through :class:`ui.conversations.Conversations`, so quitting cancels them
as well.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from ui import messages
from ui.conversations import Conversations, turns_from_messages
from ui.turns import Turn, TurnStatus, apply, fail

if TYPE_CHECKING:
    from jarvis.events import ServiceEvent
    from jarvis.guard.inbound import Attachment
    from jarvis.images import ImageAttachment
    from jarvis.service import Jarvis, ProviderInfo

log = logging.getLogger(__name__)

# Seconds quit waits for running requests to store their partial replies.
STOP_TIMEOUT_S = 8.0


class ChatController(QObject):
    """Owns the requests of one chat window.

    Signals:
        providersChanged: the facade is attached; providers can be listed.
        turnAdded(int): a new turn exists (its id).
        turnChanged(int): a turn's view state changed (text or status).
        busyChanged(bool): a reply is being written, or no longer.
        statusMessage(str): a transient message for the status bar.
        noticeRaised(str): something to keep in view (budget alerts).
        promptReturned(str): a request failed before any reply text;
            the prompt goes back to the input box.
        secretHeld(int): a turn's prompt holds a secret and was not sent;
            the window asks whether to send it anyway.
        conversationCleared: a new, empty conversation started.
        conversationOpening(str): a stored conversation (its id) is being
            read; its turns come with conversationOpened.
        conversationOpened(int): a stored conversation's turns replaced the
            shown ones; the turn to scroll to (0: the end).
        turnRemoved(int): a turn left the conversation (edit and resend).
        imagesChecked(str, bool): what to say about the attached images
            before sending ("" when all is well), and whether no provider
            the request could reach would take them.
    """

    providersChanged = Signal()
    turnAdded = Signal(int)
    turnChanged = Signal(int)
    busyChanged = Signal(bool)
    statusMessage = Signal(str)
    noticeRaised = Signal(str)
    promptReturned = Signal(str)
    secretHeld = Signal(int)
    conversationCleared = Signal()
    conversationOpening = Signal(str)
    conversationOpened = Signal(int)
    turnRemoved = Signal(int)
    imagesChecked = Signal(str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jarvis: Jarvis | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._current: asyncio.Task[None] | None = None
        self._turns: dict[int, Turn] = {}
        self._next_id = 1
        self._conversation_id: str | None = None
        self._closing = False
        self._editing: int | None = None
        self._opening = 0
        self._image_checks = 0
        self.history = Conversations(self._spawn, self)

    # Facade -----------------------------------------------------------------

    def attach(self, jarvis: Jarvis) -> None:
        """Use ``jarvis`` for every request from now on."""
        self._jarvis = jarvis
        self.providersChanged.emit()
        self.history.attach(jarvis)

    @property
    def ready(self) -> bool:
        return self._jarvis is not None and not self._closing

    @property
    def demo(self) -> bool:
        return self._jarvis is not None and self._jarvis.demo

    def providers(self) -> list[ProviderInfo]:
        return [] if self._jarvis is None else self._jarvis.providers()

    @property
    def conversation_id(self) -> str | None:
        return self._conversation_id

    # Turns ------------------------------------------------------------------

    def turn(self, turn_id: int) -> Turn:
        return self._turns[turn_id]

    def turns(self) -> list[Turn]:
        return list(self._turns.values())

    def held(self) -> Turn | None:
        """The turn whose prompt waits for "Send anyway" or "Edit", if any."""
        return next((t for t in self._turns.values() if t.awaits_consent), None)

    @property
    def busy(self) -> bool:
        return self._current is not None

    # Actions ----------------------------------------------------------------

    def send(self, prompt: str, provider: str = "", model: str = "",
             attachments: Sequence[Attachment | ImageAttachment] = (),
             ) -> int | None:
        """Send ``prompt``; the new turn's id, or None when refused.

        Empty ``provider`` or ``model`` means the config's default.
        ``attachments`` (pastes, dropped files) go with it as untrusted data.
        """
        if not (prompt.strip() or attachments) or self.busy or not self.ready:
            return None
        if self.held() is not None:
            # One question at a time: a held prompt sent later would land
            # out of order in the conversation.
            return None
        replacing = self._replace_edited()
        turn = Turn(self._next_id, prompt, provider, model,
                    attachments=tuple(attachments))
        self._next_id += 1
        self._turns[turn.id] = turn
        self.turnAdded.emit(turn.id)
        self._start(turn, mode="replace" if replacing else "ask")
        return turn.id

    @Slot(int)
    def retry(self, turn_id: int) -> None:
        """Send a turn's prompt again; its reply is replaced, not appended."""
        turn = self._turns.get(turn_id)
        if turn is None or self.busy or not self.ready:
            return
        if not turn.status.retryable or turn.awaits_consent:
            return
        latest = turn.id == max(self._turns)
        turn.restart()
        self.turnChanged.emit(turn.id)
        self._start(turn, mode="retry" if latest else "ask")

    @Slot(int)
    def send_anyway(self, turn_id: int) -> None:
        """The user confirmed sending a prompt that holds a secret."""
        turn = self._turns.get(turn_id)
        if turn is None or not turn.awaits_consent or self.busy or not self.ready:
            return
        log.info("the user confirmed sending a prompt that holds a secret")
        turn.allow_secrets = True
        turn.restart()
        self.turnChanged.emit(turn.id)
        self._start(turn)

    def take_back(self, turn_id: int) -> Turn | None:
        """Remove a turn whose prompt was held back, to edit it again."""
        turn = self._turns.get(turn_id)
        if turn is None or not turn.awaits_consent:
            return None
        del self._turns[turn_id]
        return turn

    def last_turn(self) -> Turn | None:
        return self._turns[max(self._turns)] if self._turns else None

    def _settled_last(self, turn_id: int) -> Turn | None:
        """The turn if it is the last one and nothing is running."""
        last = self.last_turn()
        if last is None or last.id != turn_id or self.busy or not self.ready:
            return None
        if last.status.active or last.awaits_consent:
            return None
        return last

    @Slot(int)
    def regenerate(self, turn_id: int) -> None:
        """Ask for a new reply to the last prompt; it replaces the shown one.

        The reply is replaced in the history too: the facade drops it and
        sends the stored prompt again.
        """
        turn = self._settled_last(turn_id)
        if turn is None:
            return
        if turn.status.retryable:
            self.retry(turn_id)
            return
        turn.restart()
        self.turnChanged.emit(turn.id)
        self._start(turn, mode="regenerate")

    def edit_last(self, turn_id: int) -> Turn | None:
        """Start editing the last prompt; sending next replaces its turn.

        Returns:
            The turn whose prompt goes back to the input box, or None.
        """
        turn = self._settled_last(turn_id)
        self._editing = None if turn is None else turn.id
        return turn

    @property
    def editing(self) -> int | None:
        """The turn that the next send replaces, if any."""
        return self._editing

    def cancel_edit(self) -> None:
        self._editing = None

    def _replace_edited(self) -> bool:
        """Drop the turn being edited from the view; whether there was one
        (the facade then drops the stored exchange as the new one is sent)."""
        editing, self._editing = self._editing, None
        last = self.last_turn()
        if editing is not None and last is not None and last.id == editing:
            del self._turns[editing]
            self.turnRemoved.emit(editing)
            return True
        return False

    def open_conversation(self, conversation_id: str, message_id: int = 0) -> None:
        """Show a stored conversation; later sends continue it.

        ``message_id`` (from a search hit) is the message to scroll to.
        """
        if self._jarvis is None or self._closing:
            return
        running = self._current
        self.stop()
        self.conversationOpening.emit(conversation_id)
        self._opening += 1
        self._spawn(self._open(conversation_id, message_id, self._opening, running))

    async def _open(self, conversation_id: str, message_id: int, ticket: int,
                    running: asyncio.Task[None] | None) -> None:
        assert self._jarvis is not None
        if running is not None:
            # The stopped reply is stored before the history is read.
            await asyncio.wait({running})
        try:
            messages = await self._jarvis.messages(conversation_id)
        except Exception:
            log.warning("could not read a conversation", exc_info=True)
            self.statusMessage.emit(self.tr("Could not open the conversation."))
            return
        if ticket != self._opening:
            return  # another conversation was asked for meanwhile
        turns, shown_in = turns_from_messages(messages, self._next_id)
        self._next_id += len(turns)
        self._turns = {turn.id: turn for turn in turns}
        self._conversation_id = conversation_id
        self._editing = None
        log.info("opened a conversation of %d messages", len(messages))
        self.conversationOpened.emit(shown_in.get(message_id, 0))

    @Slot()
    def stop(self) -> None:
        """Stop the reply being written; its partial text is kept."""
        if self._current is not None:
            log.info("stopping the running request")
            self._current.cancel()

    @Slot()
    def new_conversation(self) -> None:
        """Start over with an empty conversation (stops a running reply)."""
        self.stop()
        self._opening += 1
        self._turns.clear()
        self._conversation_id = None
        self._editing = None
        self.conversationCleared.emit()

    def check_images(self, images: Sequence[ImageAttachment], provider: str = "",
                     model: str = "") -> None:
        """Ask the facade whether ``images`` could go; ``imagesChecked`` says."""
        self._image_checks += 1
        if self._jarvis is None or not images:
            self.imagesChecked.emit("", False)
            return
        self._spawn(self._check_images(tuple(images), provider, model,
                                       self._image_checks))

    async def _check_images(self, images: tuple[ImageAttachment, ...],
                            provider: str, model: str, ticket: int) -> None:
        from jarvis.service import AskOptions

        assert self._jarvis is not None
        options = AskOptions(provider=provider or None, model=model or None)
        found = await self._jarvis.check_images(images, options,
                                                self._conversation_id)
        if ticket == self._image_checks:  # else a newer check answers
            self.imagesChecked.emit(found.message, found.refused)

    # Tasks ------------------------------------------------------------------

    def _start(self, turn: Turn, *, mode: str = "ask") -> None:
        """Run ``turn``: "ask" it, "retry" or "regenerate" the stored last
        prompt, or "replace" the last exchange with it (edit and resend)."""
        task = self._spawn(self._ask(turn, mode))
        self._current = task
        self.busyChanged.emit(True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task is self._current:
            self._current = None
            self.busyChanged.emit(False)
        if not task.cancelled() and task.exception() is not None:
            log.error("a request task failed", exc_info=task.exception())

    async def _ask(self, turn: Turn, mode: str) -> None:
        try:
            await self._stream(turn, mode)
        except asyncio.CancelledError:
            turn.cancel()
            self.turnChanged.emit(turn.id)
            raise
        except Exception:
            # The facade reports failures as events; this is a bug, but the
            # turn must still end and say so.
            log.exception("a request ended with an unexpected error")
            fail(turn, self.tr("Internal error: see the log file."))
            self.turnChanged.emit(turn.id)
        finally:
            self.statusMessage.emit("")
        if turn.awaits_consent:
            self.secretHeld.emit(turn.id)
        elif turn.status is TurnStatus.FAILED:
            self.promptReturned.emit(turn.prompt)

    async def _stream(self, turn: Turn, mode: str) -> None:
        from jarvis.service import AskOptions

        assert self._jarvis is not None
        options = AskOptions(provider=turn.asked_provider or None,
                             model=turn.asked_model or None,
                             allow_secrets=turn.allow_secrets)
        ticket = self._opening
        if mode in ("retry", "regenerate") and self._conversation_id is not None:
            # The stored prompt is sent again; the reply to it is replaced.
            events = self._jarvis.retry(self._conversation_id, options=options,
                                        regenerate=mode == "regenerate")
        else:
            # A new chat (no id yet) is created with its first prompt, in
            # the same write; PromptStored names it.
            events = self._jarvis.ask(turn.prompt, options=options,
                                      conversation_id=self._conversation_id,
                                      attachments=turn.attachments,
                                      replace_last=mode == "replace"
                                      and self._conversation_id is not None)
        async with contextlib.aclosing(events) as stream:
            async for event in stream:
                self._adopt(event, ticket)
                self._on_event(turn, event)

    def _adopt(self, event: ServiceEvent, ticket: int) -> None:
        """Continue the conversation a first prompt created, unless another
        conversation was opened or started meanwhile."""
        from jarvis.events import PromptStored

        if isinstance(event, PromptStored) and self._conversation_id is None \
                and ticket == self._opening:
            self._conversation_id = event.conversation_id

    def _on_event(self, turn: Turn, event: ServiceEvent) -> None:
        # Here, not at the top: the events load with the service, after the
        # window's first paint.
        from jarvis.events import Notice

        if apply(turn, event):
            self.turnChanged.emit(turn.id)
        message = self._describe(event)
        if message:
            self.statusMessage.emit(message)
        if isinstance(event, Notice):
            self.noticeRaised.emit(messages.text(event.message))

    def _describe(self, event: ServiceEvent) -> str:
        from jarvis.events import AttemptStarted, FallbackUsed, Waiting

        if isinstance(event, Waiting):
            return self.tr("Waiting {seconds:.0f} s: {reason}").format(
                seconds=max(event.seconds, 1), reason=messages.text(event.reason))
        if isinstance(event, FallbackUsed):
            return self.tr("Trying {provider} instead: {reason}").format(
                provider=event.to_provider, reason=messages.text(event.reason))
        if isinstance(event, AttemptStarted):
            if event.attempt > 1:
                return self.tr("Retrying {provider} (attempt {n})").format(
                    provider=event.provider, n=event.attempt)
            return self.tr("Asking {provider}…").format(provider=event.provider)
        return ""

    # Shutdown ---------------------------------------------------------------

    async def aclose(self, grace_s: float = STOP_TIMEOUT_S) -> None:
        """Cancel every task and wait for them, at most ``grace_s`` seconds.

        A cancelled request stores its partial reply before its task ends,
        so waiting here is what keeps that reply (C11).
        """
        self._closing = True
        tasks = set(self._tasks)
        for task in tasks:
            task.cancel()
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=grace_s)
        if pending:
            log.error("%d request task(s) did not stop in %.0f s",
                      len(pending), grace_s)
