"""The connection the store's work functions are given: plain sqlite3.

:class:`Database` is a thin typed wrapper over one ``sqlite3.Connection``
opened in autocommit mode (``isolation_level=None``): a statement outside
:meth:`Database.atomic` commits on its own, and nothing opens a
transaction behind the caller's back. It owns no schema and no thread;
:mod:`jarvis.store.db` opens it and hands it to every ``Store.run`` call.

It replaces sqlite-utils' ``Database`` on the request path: that package
brings click, pluggy and dateutil with it (~40-90 ms and ~10 MB at every
start), and wraps each query in savepoints and each update in lookups of
the table's columns and keys. sqlite-utils stays for the migrations only
(:mod:`jarvis.store.schema`), imported when one is pending.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

Params = Sequence[Any] | Mapping[str, Any]

# One name serves every nesting level: ROLLBACK TO and RELEASE act on the
# innermost savepoint of that name, which is the block being left.
_SAVEPOINT = "jarvis_atomic"


class Database:
    """One open connection, used from the store's thread only.

    Attributes:
        conn: the sqlite3 connection (autocommit mode).
    """

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement; its cursor (rows as tuples)."""
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        """Run a statement that returns rows; each row as a dict.

        The statement runs now; its rows are read as they are iterated.

        Raises:
            ValueError: the statement returns no rows (use :meth:`execute`).
        """
        cursor = self.conn.execute(sql, params)
        if cursor.description is None:
            raise ValueError("query() is for statements that return rows")
        names = [column[0] for column in cursor.description]
        return (dict(zip(names, row, strict=True)) for row in cursor)

    @contextmanager
    def atomic(self, *, immediate: bool = False) -> Iterator[Database]:
        """A transaction around the block: committed at its end, rolled back
        if it raises. Inside another transaction it is a savepoint of that
        one (its changes are undone alone, kept only if the outer commits).

        Args:
            immediate: take the write lock at the start (``BEGIN
                IMMEDIATE``), so that what the block reads cannot change
                before it writes (the spend caps, CASES.md C14). Inside an
                outer transaction that one's lock holds.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self.conn.execute(f"SAVEPOINT {_SAVEPOINT}")
        try:
            yield
        except BaseException:
            # An error such as SQLITE_FULL may already have ended the whole
            # transaction, savepoint included: then there is nothing to undo.
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO {_SAVEPOINT}")
                self.conn.execute(f"RELEASE {_SAVEPOINT}")
            raise
        self.conn.execute(f"RELEASE {_SAVEPOINT}")

    def _rollback(self) -> None:
        # SQLite may have rolled back already (disk full, I/O error).
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
