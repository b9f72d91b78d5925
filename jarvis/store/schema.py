"""Numbered, append-only schema migrations. Never edit one that shipped.

Money is stored as INTEGER pico-dollars (``cost_pusd``, 1e-12 USD): exact for
every price in the price data and summable in SQL. NULL means unpriced or
unknown, never zero (CASES.md C08). ``charge_pusd`` is what an attempt counts
against the spend caps: its worst-case reservation while pending or when its
usage is unknown, its real cost when priced, a conservative estimate when
unpriced. Times are UTC ISO 8601 text.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("jarvis")


@MIGRATIONS(name="0001_spend_and_history")
def _m0001(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE spend (
            id INTEGER PRIMARY KEY,
            request_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            input_tokens INTEGER,
            cache_read_tokens INTEGER,
            cache_write_tokens INTEGER,
            output_tokens INTEGER,
            reasoning_tokens INTEGER,
            cost_pusd INTEGER,
            charge_pusd INTEGER NOT NULL DEFAULT 0,
            saved_pusd INTEGER,
            latency_ms REAL,
            ttft_ms REAL,
            status TEXT NOT NULL,
            finish_reason TEXT,
            error_kind TEXT,
            conversation_id TEXT
        )
        """
    )
    db.execute("CREATE INDEX spend_started ON spend(started_at)")
    db.execute("CREATE INDEX spend_provider ON spend(provider, started_at)")
    db.execute(
        """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id TEXT NOT NULL
                REFERENCES conversations(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            provider TEXT,
            model TEXT,
            cost_pusd INTEGER,
            request_id TEXT,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX messages_conversation ON messages(conversation_id, id)")


@MIGRATIONS(name="0002_conversation_fallback")
def _m0002(db: Database) -> None:
    # A conversation's own fallback chain (JSON list of provider names);
    # NULL follows the config.
    db.execute("ALTER TABLE conversations ADD COLUMN fallback TEXT")


@MIGRATIONS(name="0003_spend_owner")
def _m0003(db: Database) -> None:
    # Which process wrote a pending row ("pid:start-time"), so that a new
    # process marks only rows of dead processes as interrupted.
    db.execute("ALTER TABLE spend ADD COLUMN owner TEXT")


@MIGRATIONS(name="0004_spend_demo")
def _m0004(db: Database) -> None:
    # Demo mode's simulated spend: listed, but kept apart from real totals
    # and real caps (a demo reply costs nothing).
    db.execute("ALTER TABLE spend ADD COLUMN demo INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS(name="0005_conversation_pins_and_search")
def _m0005(db: Database) -> None:
    db.execute("ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL "
               "DEFAULT 0")
    # Full-text search over message text, kept in step by triggers. An
    # external-content table: the text is stored once, in messages.
    db.execute(
        "CREATE VIRTUAL TABLE messages_fts USING fts5("
        "text, content='messages', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO messages_fts(rowid, text) SELECT id, text FROM messages")
    db.execute(
        "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN "
        "INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    db.execute(
        "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN "
        "INSERT INTO messages_fts(messages_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); END"
    )
    db.execute(
        "CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN "
        "INSERT INTO messages_fts(messages_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); "
        "INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text); END"
    )
