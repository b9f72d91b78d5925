"""The stored conversations as the sidebar and the chat view need them.

:class:`Conversations` runs the facade's history calls (list, search,
rename, pin, delete, export) as tasks that the chat controller owns, and
reports their results through Qt signals; widgets never await anything.
:func:`turns_from_messages` turns stored messages into the view's turns.
:func:`relative_time` and :func:`snippet_html` format what the list shows.
Nothing here decides what is stored: the facade does.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject, Signal

from ui.turns import Turn, TurnStatus

if TYPE_CHECKING:
    from jarvis.service import Jarvis
    from jarvis.store.history import StoredMessage

log = logging.getLogger(__name__)

Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]

# Stored reply status -> how the window marks it.
_STATUS = {
    "ok": TurnStatus.DONE,
    "interrupted": TurnStatus.INTERRUPTED,
    "cancelled": TurnStatus.CANCELLED,
}

# The marks the store puts around a search match in a snippet.
MATCH_OPEN, MATCH_CLOSE = "[", "]"


_tr = QCoreApplication.translate


def turns_from_messages(messages: Sequence[StoredMessage], first_id: int
                        ) -> tuple[list[Turn], dict[int, int]]:
    """Stored messages as turns, numbered from ``first_id``.

    Returns:
        The turns, oldest first, and which turn shows each message id.
    """
    turns: list[Turn] = []
    shown_in: dict[int, int] = {}
    for message in messages:
        if message.role == "user" or not turns:
            turns.append(_prompt_turn(first_id + len(turns), message))
        else:
            _add_reply(turns[-1], message)
        shown_in[message.id] = turns[-1].id
    return turns, shown_in


def _prompt_turn(turn_id: int, message: StoredMessage) -> Turn:
    if message.role != "user":
        # A reply with no stored prompt before it (retention cut the prompt).
        turn = Turn(turn_id, "")
        _add_reply(turn, message)
        return turn
    turn = Turn(turn_id, message.text, status=TurnStatus.FAILED)
    turn.error = _tr("conversations", "No reply was stored for this message.")
    return turn


def _add_reply(turn: Turn, message: StoredMessage) -> None:
    # A second reply to one prompt (an older retry) follows the first.
    turn.text = f"{turn.text}\n\n{message.text}" if turn.text else message.text
    status = _STATUS.get(message.status)
    if status is None:
        status = TurnStatus.INTERRUPTED if turn.text else TurnStatus.FAILED
    turn.status = status
    turn.error = ""
    turn.provider, turn.model = message.provider, message.model
    turn.cost_usd = message.cost_usd
    turn.priced = message.cost_usd is not None


def relative_time(when: datetime, now: datetime | None = None) -> str:
    """"just now", "5 min", "3 h", "yesterday", "4 d", "Nov 22", "Nov 2024"."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    seconds = max(0.0, (now - when).total_seconds())
    if seconds < 60:
        return _tr("conversations", "just now")
    if seconds < 3600:
        return _tr("conversations", "{n} min").format(n=int(seconds // 60))
    if seconds < 86400:
        return _tr("conversations", "{n} h").format(n=int(seconds // 3600))
    days = int(seconds // 86400)
    if days == 1:
        return _tr("conversations", "yesterday")
    if days < 7:
        return _tr("conversations", "{n} d").format(n=days)
    local = when.astimezone()
    day = QDate(local.year, local.month, local.day)
    # Short: the list's time column must leave room for the titles.
    shape = "MMM d" if days < 300 else "MMM yyyy"
    return QLocale().toString(day, shape)


def snippet_html(snippet: str) -> str:
    """A search snippet as rich text: everything escaped, the match bold.

    The snippet is text from the history (a reply can hold any markup);
    only the bold tags around the marked match are ours.
    """
    parts: list[str] = []
    rest = snippet
    while MATCH_OPEN in rest:
        before, _, tail = rest.partition(MATCH_OPEN)
        match, closed, rest = tail.partition(MATCH_CLOSE)
        parts.append(html.escape(before))
        if not closed:
            parts.append(html.escape(MATCH_OPEN + match))
            break
        parts.append(f"<b>{html.escape(match)}</b>")
    else:
        parts.append(html.escape(rest))
    return "".join(parts)


class Conversations(QObject):
    """Runs history calls for one window.

    Args:
        spawn: starts a coroutine as a task its owner cancels on quit.

    Signals:
        listed(list): the conversations (ConversationSummary), pinned first.
        found(str, list): the query and its SearchHits, best first.
        exported(str): the path an export was written to.
        deleted(str): a conversation's id, after it was deleted.
        failed(str): a call failed; a plain-words message.
    """

    listed = Signal(list)
    found = Signal(str, list)
    exported = Signal(str)
    deleted = Signal(str)
    failed = Signal(str)

    def __init__(self, spawn: Spawn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spawn = spawn
        self._jarvis: Jarvis | None = None
        self._query = ""
        self._listing = 0

    def _run(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            self._spawn(work)
        except RuntimeError:
            # No event loop runs (a window driven without a session).
            work.close()
            log.debug("no event loop: a history call was skipped")

    def attach(self, jarvis: Jarvis) -> None:
        self._jarvis = jarvis
        self.refresh()

    def refresh(self) -> None:
        """List the conversations again (after a reply, a rename…)."""
        if self._jarvis is not None:
            self._run(self._list())

    def search(self, query: str) -> None:
        """Search the history; only the latest query's results are told."""
        self._query = query
        if self._jarvis is not None and query.strip():
            self._run(self._search(query))

    def rename(self, conversation_id: str, title: str) -> None:
        if title.strip():
            self._change(lambda j: j.rename_conversation(
                conversation_id, title.strip()))

    def pin(self, conversation_id: str, pinned: bool) -> None:
        self._change(lambda j: j.pin_conversation(conversation_id, pinned))

    def delete(self, conversation_id: str) -> None:
        if self._jarvis is not None:
            self._run(self._delete(conversation_id))

    def export(self, conversation_id: str, fmt: str, path: Path) -> None:
        """Write the conversation as ``fmt`` ("markdown" or "json") to ``path``."""
        if self._jarvis is not None:
            self._run(self._export(conversation_id, fmt, path))

    def _change(self, call: Callable[[Jarvis], Coroutine[Any, Any, None]]) -> None:
        if self._jarvis is not None:
            self._run(self._apply(call(self._jarvis)))

    async def _apply(self, change: Coroutine[Any, Any, None]) -> None:
        try:
            await change
        except Exception:
            log.warning("a conversation change failed", exc_info=True)
            self.failed.emit(_tr("conversations", "Could not change the conversation."))
        await self._list()

    async def _list(self) -> None:
        assert self._jarvis is not None
        self._listing += 1
        ticket = self._listing
        try:
            summaries = await self._jarvis.conversations()
        except Exception:
            log.warning("could not list the conversations", exc_info=True)
            self.failed.emit(_tr("conversations",
                                 "Could not read the conversation list."))
            return
        if ticket == self._listing:  # an older listing is out of date
            self.listed.emit(summaries)

    async def _search(self, query: str) -> None:
        assert self._jarvis is not None
        try:
            hits = await self._jarvis.search(query)
        except Exception:
            log.warning("the history search failed", exc_info=True)
            self.failed.emit(_tr("conversations", "The search failed."))
            return
        if query == self._query:
            self.found.emit(query, hits)

    async def _delete(self, conversation_id: str) -> None:
        assert self._jarvis is not None
        try:
            await self._jarvis.delete_conversation(conversation_id)
        except Exception:
            log.warning("could not delete a conversation", exc_info=True)
            self.failed.emit(_tr("conversations", "Could not delete the conversation."))
            return
        self.deleted.emit(conversation_id)
        await self._list()

    async def _export(self, conversation_id: str, fmt: str, path: Path) -> None:
        assert self._jarvis is not None
        try:
            text = await self._jarvis.export_conversation(conversation_id, fmt)
            await asyncio.to_thread(path.write_text, text, encoding="utf-8")
        except Exception as exc:
            log.warning("the export failed", exc_info=True)
            self.failed.emit(_tr("conversations", "Could not export: {problem}").format(
                problem=exc))
            return
        log.info("a conversation was exported as %s", fmt)
        self.exported.emit(str(path))
