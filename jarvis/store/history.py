"""Conversation history: conversations and their messages.

A reply is stored once it ends, whatever its end: complete (``ok``), cut off
(``interrupted``), stopped by the user (``cancelled``) or failed with partial
text (``error``). The user's prompt is stored before the request goes out, so
no failure can lose it.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from jarvis.store.db import Store
from jarvis.store.spend import from_pusd, now_iso, to_pusd
from jarvis.store.sql import Database

# A first prompt up to this long is written on the event loop (~0.26 ms at
# 20,000 characters, ~0.7 ms at 100,000, most of it the full-text index); a
# longer one, pasted documents and all, goes to the database thread so the
# window never waits on it.
URGENT_PROMPT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    """One line of the conversation list."""

    id: str
    title: str
    updated_at: datetime
    message_count: int
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A message that matches a search, with the match marked in a snippet."""

    conversation_id: str
    conversation_title: str
    message_id: int
    role: str
    snippet: str


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """One stored message."""

    id: int
    role: str
    text: str
    status: str
    provider: str | None
    model: str | None
    cost_usd: Decimal | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Prompt:
    """A prompt just stored, with the conversation before it.

    Attributes:
        message_id: the stored prompt's id.
        earlier: the conversation's messages before the prompt, oldest first.
    """

    message_id: int
    earlier: list[StoredMessage]


def new_conversation_id() -> str:
    """A fresh conversation id (the conversation is created when stored)."""
    return uuid.uuid4().hex


class History:
    """Reads and writes conversations and messages."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def create(self, title: str = "") -> str:
        """A new empty conversation; its id."""
        conversation_id = new_conversation_id()
        stamp = now_iso()
        await self._store.run(
            lambda db: _create(db, conversation_id, title, stamp))
        return conversation_id

    async def add_prompt(
        self, conversation_id: str, text: str, *, create: bool = False,
        replace_last: bool = False, title: str | None = None,
    ) -> Prompt:
        """Store a prompt in one database call, before it is sent.

        In one transaction: create the conversation (``create``), remove its
        last exchange (``replace_last``, for edit and resend), read what is
        left, and append the prompt. One call instead of four keeps the
        database thread's round trips off the time to first token.
        ``title`` is what an untitled conversation is named after (default:
        the prompt itself; the service passes it with secrets masked).
        """
        return await self.write_prompt(conversation_id, text, create=create,
                                       replace_last=replace_last, title=title)

    def write_prompt(
        self, conversation_id: str, text: str, *, create: bool = False,
        replace_last: bool = False, title: str | None = None,
    ) -> asyncio.Future[Prompt]:
        """:meth:`add_prompt` started now; the caller awaits it (or hands it
        to the send gate) later.

        A new conversation's short first prompt is written at once on the
        event loop when nothing makes it wait (``Store.urgent``): there is
        no earlier conversation to read back. Others go to the database
        thread.
        """
        row = prompt_row(conversation_id, text)

        def work(db: Database) -> Prompt:
            return store_prompt(db, row, create=create, replace_last=replace_last,
                                title=title)

        # FIXME:ttft-follow-up: a follow-up reads its conversation back in
        # this write, which for a long one would hold the event loop, so it
        # goes to the thread: ~0.4 ms more to the first token than a new
        # chat's (benchmarks/findings.md item 4).
        if create and len(text) <= URGENT_PROMPT_CHARS:
            return self._store.urgent(work)
        return self._store.submit(work)

    async def add(
        self,
        conversation_id: str,
        role: str,
        text: str,
        *,
        status: str = "ok",
        provider: str | None = None,
        model: str | None = None,
        cost_usd: Decimal | None = None,
        request_id: str | None = None,
    ) -> int:
        """Append a message and touch the conversation; the message id."""
        row = _message_row(conversation_id, role, text, status=status,
                           provider=provider, model=model, cost_usd=cost_usd,
                           request_id=request_id)
        return await self._store.run(lambda db: _add(db, row))

    async def set_fallback(
        self, conversation_id: str, chain: Sequence[str] | None
    ) -> None:
        """Give a conversation its own fallback chain (None: the config's)."""
        value = None if chain is None else json.dumps(list(chain))
        sql = "UPDATE conversations SET fallback = ? WHERE id = ?"
        await self._store.run(lambda db: db.execute(sql, [value, conversation_id]))

    async def fallback(self, conversation_id: str) -> tuple[str, ...] | None:
        """The conversation's own fallback chain, if it has one."""
        sql = "SELECT fallback FROM conversations WHERE id = ?"
        # A point read on every follow-up before anything is sent: at once
        # on the event loop when the database thread is idle.
        row = await self._store.urgent(
            lambda db: next(db.query(sql, [conversation_id]), None))
        if row is None or row["fallback"] is None:
            return None
        return tuple(json.loads(row["fallback"]))

    async def drop_unfinished_reply(
        self, conversation_id: str, *, complete_too: bool = False
    ) -> str | None:
        """Remove the replies after the last prompt; that prompt.

        Used by "retry" (interrupted replies only: the new reply replaces the
        partial one) and "regenerate" (``complete_too``). Returns None when
        the conversation has no prompt.
        """
        drop = _DROP_REPLIES if complete_too else _DROP_UNFINISHED

        def work(db: Database) -> str | None:
            last = next(db.query(
                "SELECT id, text FROM messages WHERE conversation_id = ? "
                "AND role = 'user' ORDER BY id DESC LIMIT 1", [conversation_id]),
                None)
            if last is None:
                return None
            with db.atomic():
                db.execute(drop, [conversation_id, last["id"]])
            return str(last["text"])

        return await self._store.run(work)

    async def purge_older_than(self, cutoff_iso: str) -> int:
        """Delete conversations untouched since ``cutoff_iso``; how many."""

        def work(db: Database) -> int:
            with db.atomic():
                cursor = db.execute(
                    "DELETE FROM conversations WHERE updated_at < ?", [cutoff_iso])
            return cursor.rowcount

        return await self._store.run(work)

    async def drop_last_exchange(self, conversation_id: str) -> str | None:
        """Remove the last prompt and every reply to it; that prompt.

        Used by "edit and resend": the edited prompt replaces the exchange.
        """

        def work(db: Database) -> str | None:
            # Immediate: it reads before it writes, and SQLite does not wait
            # for another writer when a read turns into a write (C14).
            with db.atomic(immediate=True):
                return _drop_last_exchange(db, conversation_id)

        return await self._store.run(work)

    async def messages(self, conversation_id: str) -> list[StoredMessage]:
        """The messages of a conversation, oldest first."""
        return await self._store.run(lambda db: _messages(db, conversation_id))

    async def conversations(self) -> list[ConversationSummary]:
        """All conversations, pinned first, then most recently used first."""
        sql = (
            "SELECT c.id, c.title, c.updated_at, c.pinned, COUNT(m.id) AS n "
            "FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id "
            "GROUP BY c.id ORDER BY c.pinned DESC, c.updated_at DESC"
        )
        rows = await self._store.run(lambda db: [dict(r) for r in db.query(sql)])
        return [
            ConversationSummary(r["id"], r["title"],
                                datetime.fromisoformat(r["updated_at"]), r["n"],
                                bool(r["pinned"]))
            for r in rows
        ]

    async def rename(self, conversation_id: str, title: str) -> None:
        """Give a conversation a title of the user's choosing."""
        title = " ".join(title.split())[:200] or "New chat"
        sql = "UPDATE conversations SET title = ? WHERE id = ?"
        await self._store.run(lambda db: db.execute(sql, [title, conversation_id]))

    async def pin(self, conversation_id: str, pinned: bool) -> None:
        """Keep a conversation at the top of the list, or stop."""
        sql = "UPDATE conversations SET pinned = ? WHERE id = ?"
        await self._store.run(
            lambda db: db.execute(sql, [int(pinned), conversation_id]))

    async def delete(self, conversation_id: str) -> bool:
        """Delete a conversation and its messages; whether it existed."""

        def work(db: Database) -> bool:
            with db.atomic():
                cursor = db.execute("DELETE FROM conversations WHERE id = ?",
                                    [conversation_id])
            return cursor.rowcount > 0

        return await self._store.run(work)

    async def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages matching ``query`` (words, all required), best first."""
        match = _fts_query(query)
        if not match:
            return []
        sql = (
            "SELECT m.conversation_id, c.title, m.id, m.role, "
            "snippet(messages_fts, 0, '[', ']', '…', 12) AS snippet "
            "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
            "JOIN conversations c ON c.id = m.conversation_id "
            "WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        rows = await self._store.run(
            lambda db: [dict(r) for r in db.query(sql, [match, limit])])
        return [SearchHit(r["conversation_id"], r["title"], r["id"], r["role"],
                          r["snippet"]) for r in rows]


def _message_row(
    conversation_id: str, role: str, text: str, *, status: str,
    provider: str | None = None, model: str | None = None,
    cost_usd: Decimal | None = None, request_id: str | None = None,
) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id, "role": role, "text": text,
        "status": status, "provider": provider, "model": model,
        "cost_pusd": to_pusd(cost_usd), "request_id": request_id,
        "created_at": now_iso(),
    }


def prompt_row(conversation_id: str, text: str) -> dict[str, Any]:
    """The message row of a prompt about to be stored (see store_prompt)."""
    return _message_row(conversation_id, "user", text, status="ok")


def store_prompt(
    db: Database, row: dict[str, Any], *, create: bool = False,
    replace_last: bool = False, title: str | None = None,
) -> Prompt:
    """:meth:`History.add_prompt`'s work on the database thread, in one
    transaction (a savepoint when the caller's transaction is open, so it
    can be joined with other writes in one ``Store.run``)."""
    conversation_id = row["conversation_id"]
    # Immediate: it reads the conversation before it writes, and SQLite does
    # not wait for another writer when a read turns into a write (C14).
    with db.atomic(immediate=True):
        if create:
            _create(db, conversation_id, "", row["created_at"])
        dropped = _drop_last_exchange(db, conversation_id) if replace_last else None
        earlier = _messages(db, conversation_id)
        if dropped is not None and not earlier:
            # The first prompt was edited: a title taken from it follows
            # the new one (a title the user gave stays).
            db.execute("UPDATE conversations SET title = 'New chat' "
                       "WHERE id = ? AND title = substr(?, 1, 60)",
                       [conversation_id, _first_line(dropped)])
        return Prompt(_insert_message(db, row, title), earlier)


def _create(db: Database, conversation_id: str, title: str, stamp: str) -> None:
    db.execute("INSERT INTO conversations (id, title, created_at, updated_at) "
               "VALUES (?, ?, ?, ?)",
               [conversation_id, title or "New chat", stamp, stamp])


def _add(db: Database, row: dict[str, Any]) -> int:
    with db.atomic():
        return _insert_message(db, row)


def _insert_message(db: Database, row: dict[str, Any],
                    title: str | None = None) -> int:
    """Append ``row`` and touch its conversation (inside a transaction); an
    untitled conversation is named after ``title`` or else the text."""
    cursor = db.execute(
        # Column names are _message_row()'s literals; values are parameters.
        f"INSERT INTO messages ({', '.join(row)}) VALUES "  # nosec B608
        f"({', '.join('?' for _ in row)})",
        list(row.values()),
    )
    db.execute(
        "UPDATE conversations SET updated_at = ?, title = CASE "
        "WHEN title = 'New chat' AND ? = 'user' THEN substr(?, 1, 60) "
        "ELSE title END WHERE id = ?",
        [row["created_at"], row["role"], _first_line(
            row["text"] if title is None else title), row["conversation_id"]],
    )
    return int(cursor.lastrowid or 0)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "New chat"


def _drop_last_exchange(db: Database, conversation_id: str) -> str | None:
    """Delete the last prompt and its replies (inside a transaction)."""
    last = next(db.query(
        "SELECT id, text FROM messages WHERE conversation_id = ? "
        "AND role = 'user' ORDER BY id DESC LIMIT 1", [conversation_id]), None)
    if last is None:
        return None
    db.execute("DELETE FROM messages WHERE conversation_id = ? AND id >= ?",
               [conversation_id, last["id"]])
    return str(last["text"])


def _messages(db: Database, conversation_id: str) -> list[StoredMessage]:
    sql = "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id"
    return [_message(dict(r)) for r in db.query(sql, [conversation_id])]


_DROP_REPLIES = ("DELETE FROM messages WHERE conversation_id = ? AND id > ? "
                 "AND role = 'assistant'")
_DROP_UNFINISHED = _DROP_REPLIES + " AND status != 'ok'"


def _fts_query(text: str) -> str:
    """The user's words as an FTS5 query: each a quoted prefix term, so that
    no input is read as FTS5 syntax."""
    words = [w for w in text.replace('"', " ").split() if w]
    return " ".join(f'"{word}"*' for word in words[:20])


def _message(row: dict[str, Any]) -> StoredMessage:
    return StoredMessage(
        id=row["id"], role=row["role"], text=row["text"], status=row["status"],
        provider=row["provider"], model=row["model"],
        cost_usd=from_pusd(row["cost_pusd"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )
