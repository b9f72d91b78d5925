"""Numbered, append-only schema migrations. Never edit one that shipped.

Money is stored as INTEGER pico-dollars (``cost_pusd``, 1e-12 USD): exact for
every price in the price data and summable in SQL. NULL means unpriced or
unknown, never zero (CASES.md C08). ``charge_pusd`` is what an attempt counts
against the spend caps: its worst-case reservation while pending or when its
usage is unknown, its real cost when priced, a conservative estimate when
unpriced. Times are UTC ISO 8601 text.

The migrations are applied by sqlite-utils' ``Migrations``, which records
each applied name in its ``_sqlite_migrations`` table. sqlite-utils is
imported only when a migration is pending (:func:`pending` reads that
table with plain SQL): an up-to-date database opens without it, so the
package and its dependencies stay off every start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

# The set name and the table sqlite-utils' Migrations records names in.
SET_NAME = "jarvis"
RECORD_TABLE = "_sqlite_migrations"
_STEPS: list[tuple[str, Callable[[Database], None]]] = []
_MIGRATIONS: Migrations | None = None


def _migration(name: str) -> Callable[[Callable[[Database], None]],
                                      Callable[[Database], None]]:
    """Register the decorated function as migration ``name`` (in order)."""

    def register(step: Callable[[Database], None]) -> Callable[[Database], None]:
        _STEPS.append((name, step))
        return step

    return register


@_migration("0001_spend_and_history")
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


@_migration("0002_conversation_fallback")
def _m0002(db: Database) -> None:
    # A conversation's own fallback chain (JSON list of provider names);
    # NULL follows the config.
    db.execute("ALTER TABLE conversations ADD COLUMN fallback TEXT")


@_migration("0003_spend_owner")
def _m0003(db: Database) -> None:
    # Which process wrote a pending row ("pid:start-time"), so that a new
    # process marks only rows of dead processes as interrupted.
    db.execute("ALTER TABLE spend ADD COLUMN owner TEXT")


@_migration("0004_spend_demo")
def _m0004(db: Database) -> None:
    # Demo mode's simulated spend: listed, but kept apart from real totals
    # and real caps (a demo reply costs nothing).
    db.execute("ALTER TABLE spend ADD COLUMN demo INTEGER NOT NULL DEFAULT 0")


@_migration("0005_conversation_pins_and_search")
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


# What one spend row adds to its hour's bucket in ``spend_hourly`` (0006):
# SQL over the row ``{r}`` (NEW or OLD in a trigger, an alias in a query).
# Frozen with migration 0006; a change to a sum is a new migration.
HOURLY_SUMS_0006 = {
    "requests": "1",
    "ok": "{r}.status = 'ok'",
    "failed": "{r}.status NOT IN ('ok', 'cache_hit', 'pending')",
    "cache_hits": "{r}.status = 'cache_hit'",
    "fallbacks": (
        # The row that brings a request's second provider: the request
        # fell back (counted once, however many providers follow).
        # FIXME:fallback-recount: evaluated when a row is written, so
        # deleting an earlier attempt of the request does not recount it
        # (only erasing everything deletes spend rows today).
        "COALESCE((SELECT COUNT(DISTINCT p.provider) = 1 "
        "AND SUM(p.provider = {r}.provider) = 0 FROM spend p "
        "WHERE p.request_id = {r}.request_id AND p.id < {r}.id), 0)"),
    "input_tokens": "COALESCE({r}.input_tokens, 0)",
    "cache_read_tokens": "COALESCE({r}.cache_read_tokens, 0)",
    "cache_write_tokens": "COALESCE({r}.cache_write_tokens, 0)",
    "output_tokens": "COALESCE({r}.output_tokens, 0)",
    "reasoning_tokens": "COALESCE({r}.reasoning_tokens, 0)",
    # cost_pusd is summed over priced rows only; ``priced`` says whether a
    # sum covers any, so that "all unpriced" stays NULL, not $0 (C08).
    "cost_pusd": "COALESCE({r}.cost_pusd, 0)",
    "priced": "{r}.cost_pusd IS NOT NULL",
    "unpriced": "{r}.cost_pusd IS NULL AND {r}.input_tokens IS NOT NULL",
    "unknown_usage": ("{r}.input_tokens IS NULL AND {r}.status IN "
                      "('interrupted', 'cancelled', 'pending')"),
    "charge_pusd": "{r}.charge_pusd",
    "saved_pusd": "COALESCE({r}.saved_pusd, 0)",
}
# The bucket of a row: its UTC hour as stored text, "YYYY-MM-DDTHH".
HOUR_OF_0006 = "substr({r}.started_at, 1, 13)"


def _bucket_add(table: str, key: str, bucket: str, row: str, sign: str,
                sums: dict[str, str] = HOURLY_SUMS_0006) -> str:
    """An UPSERT adding (``sign`` "+") or taking away ("-") row ``row`` to
    its bucket in ``table``, whose time column ``key`` is ``bucket``."""
    return _bucket_upsert(table, key, bucket, row, {
        name: f"{sign}({sql.format(r=row)})" for name, sql in sums.items()})


def _bucket_upsert(table: str, key: str, bucket: str, row: str,
                   values: dict[str, str]) -> str:
    """An UPSERT adding ``values`` (SQL by sum name) to the bucket of row
    ``row`` in ``table``, whose time column ``key`` is ``bucket``."""
    names = ("demo", key, "provider", "model", *values)
    keys = (f"{row}.demo", bucket.format(r=row), f"{row}.provider",
            f"{row}.model")
    updates = ", ".join(f"{name} = {name} + excluded.{name}" for name in values)
    # Table, column and bucket names are this module's literals, never input.
    return (f"INSERT INTO {table} ({', '.join(names)}) "  # nosec B608
            f"VALUES ({', '.join((*keys, *values.values()))}) "
            f"ON CONFLICT(demo, {key}, provider, model) DO UPDATE SET {updates};")


def _bucket_drop_empty(table: str, key: str, bucket: str, row: str) -> str:
    """Forget the bucket of ``row`` once no row is left in it (so erasing the
    log leaves no model names or hours behind)."""
    # Table, column and bucket names are this module's literals, never input.
    return (f"DELETE FROM {table} WHERE demo = {{r}}.demo AND {key} = "  # nosec B608
            f"{bucket} AND provider = {{r}}.provider AND model = "
            "{r}.model AND requests = 0;").format(r=row)


def _bucket_table(db: Database, table: str, key: str, bucket: str) -> None:
    """Create ``table`` of sums by (demo, ``key``, provider, model), fill it
    from the rows, and keep it in step with triggers."""
    columns = ", ".join(f"{name} INTEGER NOT NULL DEFAULT 0"
                        for name in HOURLY_SUMS_0006)
    db.execute(
        f"CREATE TABLE {table} (demo INTEGER NOT NULL, {key} TEXT NOT NULL, "
        f"provider TEXT NOT NULL, model TEXT NOT NULL, {columns}, "
        f"PRIMARY KEY (demo, {key}, provider, model)) WITHOUT ROWID")
    sums = ", ".join(f"SUM({sql.format(r='s')})"
                     for sql in HOURLY_SUMS_0006.values())
    names = ", ".join(("demo", key, "provider", "model", *HOURLY_SUMS_0006))
    db.execute(
        # The names are this module's literals, never input.
        f"INSERT INTO {table} ({names}) "  # nosec B608
        f"SELECT s.demo, {bucket.format(r='s')}, s.provider, s.model, {sums} "
        "FROM spend s GROUP BY 1, 2, 3, 4")

    def add(row: str, sign: str) -> str:
        return _bucket_add(table, key, bucket, row, sign)

    def drop(row: str) -> str:
        return _bucket_drop_empty(table, key, bucket, row)

    db.execute(f"CREATE TRIGGER {table}_insert AFTER INSERT ON spend BEGIN "
               f"{add('NEW', '+')} END")
    db.execute(f"CREATE TRIGGER {table}_update AFTER UPDATE ON spend BEGIN "
               f"{add('OLD', '-')} {add('NEW', '+')} {drop('OLD')} END")
    # Skipped once the sums are cleared: erasing the whole log can empty
    # them first and delete a million rows without a million upserts.
    db.execute(f"CREATE TRIGGER {table}_delete AFTER DELETE ON spend "
               # The names are this module's literals, never input.
               f"WHEN EXISTS (SELECT 1 FROM {table}) BEGIN "  # nosec B608
               f"{add('OLD', '-')} {drop('OLD')} END")


@_migration("0006_spend_hourly")
def _m0006(db: Database) -> None:
    # Hourly UTC sums of the spend log, kept by triggers in the transaction
    # of every insert, settle or delete, so that the usage report and the
    # cap check read a few thousand buckets instead of every row. A local
    # day is a sum of whole hours (jarvis.store.rollup).
    # Finding a request's earlier attempts (the fallback count).
    db.execute("CREATE INDEX spend_request ON spend(request_id, id)")
    _bucket_table(db, "spend_hourly", "hour", HOUR_OF_0006)


# The quarter hour of a row, "YYYY-MM-DDTHH:MM" (MM one of 00, 15, 30, 45).
QUARTER_OF_0007 = ("substr({r}.started_at, 1, 14) || "
                   "printf('%02d', substr({r}.started_at, 15, 2) / 15 * 15)")


@_migration("0007_spend_quarterly")
def _m0007(db: Database) -> None:
    # The same sums by quarter hour, read only for the hour in which a local
    # midnight falls when the zone's offset is not whole hours (+5:30,
    # +5:45, -3:30, ...): every zone in use today is a multiple of 15
    # minutes, so its days need no row read one by one.
    _bucket_table(db, "spend_quarterly", "quarter", QUARTER_OF_0007)


# The UTC day of a row, "YYYY-MM-DD".
DAY_OF_0008 = "substr({r}.started_at, 1, 10)"


@_migration("0008_spend_daily")
def _m0008(db: Database) -> None:
    # The same sums by UTC day, for the cap check: a month's cap then sums
    # about 30 days and a day of hours instead of some 720 hours, on every
    # request's reservation.
    _bucket_table(db, "spend_daily", "day", DAY_OF_0008)


# Migration 0009: the same sums, cheaper to keep. A settle then costs one
# upsert per rollup instead of two and a delete, and no fallback lookup;
# every insert's fallback lookup builds no temporary b-tree. Measured on a
# 1M-row log: a settle's UPDATE 0.08-0.6 ms (the upper mode when each
# COUNT(DISTINCT) b-tree's memory is handed back to the OS and faulted in
# again) against 0.06-0.08 ms.
FALLBACKS_0009 = (
    # As 0006's: the earlier attempts all used one provider (MIN = MAX:
    # provider is NOT NULL), and not this row's. No earlier attempt gives
    # NULL, so 0, as COUNT(DISTINCT) = 1 did.
    "COALESCE((SELECT MIN(p.provider) = MAX(p.provider) "
    "AND SUM(p.provider = {r}.provider) = 0 FROM spend p "
    "WHERE p.request_id = {r}.request_id AND p.id < {r}.id), 0)")
HOURLY_SUMS_0009 = {**HOURLY_SUMS_0006, "fallbacks": FALLBACKS_0009}
# The sums as the triggers keep them today: what a row read one by one
# must add to match the rollups (jarvis.store.rollup).
SUMS = HOURLY_SUMS_0009
# A settle: the row stays in its bucket and its fallback count cannot
# change (same request, id and provider, the same earlier rows).
_SAME_BUCKET = ("NEW.id IS OLD.id AND NEW.request_id IS OLD.request_id "
                "AND NEW.demo IS OLD.demo AND NEW.started_at IS OLD.started_at "
                "AND NEW.provider IS OLD.provider AND NEW.model IS OLD.model")
_ROLLUPS_0009 = (("spend_hourly", "hour", HOUR_OF_0006),
                 ("spend_quarterly", "quarter", QUARTER_OF_0007),
                 ("spend_daily", "day", DAY_OF_0008))


def _moved_in_place(table: str, key: str, bucket: str) -> str:
    """The UPSERT adding NEW minus OLD to their one bucket in ``table``."""
    unchanged = {"requests", "fallbacks"}
    return _bucket_upsert(table, key, bucket, "NEW", {
        name: "0" if name in unchanged
        else f"({sql.format(r='NEW')}) - ({sql.format(r='OLD')})"
        for name, sql in HOURLY_SUMS_0009.items()})


@_migration("0009_spend_rollup_cheaper_triggers")
def _m0009(db: Database) -> None:
    for table, key, bucket in _ROLLUPS_0009:
        for event in ("insert", "update", "delete"):
            db.execute(f"DROP TRIGGER {table}_{event}")

        def add(row: str, sign: str, t: str = table, k: str = key,
                b: str = bucket) -> str:
            return _bucket_add(t, k, b, row, sign, HOURLY_SUMS_0009)

        drop = _bucket_drop_empty(table, key, bucket, "OLD")
        db.execute(f"CREATE TRIGGER {table}_insert AFTER INSERT ON spend BEGIN "
                   f"{add('NEW', '+')} END")
        db.execute(f"CREATE TRIGGER {table}_settle AFTER UPDATE ON spend "
                   f"WHEN {_SAME_BUCKET} BEGIN "
                   f"{_moved_in_place(table, key, bucket)} END")
        db.execute(f"CREATE TRIGGER {table}_update AFTER UPDATE ON spend "
                   f"WHEN NOT ({_SAME_BUCKET}) BEGIN "
                   f"{add('OLD', '-')} {add('NEW', '+')} {drop} END")
        db.execute(f"CREATE TRIGGER {table}_delete AFTER DELETE ON spend "
                   # The names are this module's literals, never input.
                   f"WHEN EXISTS (SELECT 1 FROM {table}) BEGIN "  # nosec B608
                   f"{add('OLD', '-')} {drop} END")


NAMES = tuple(name for name, _ in _STEPS)


def applied(conn: sqlite3.Connection) -> list[str]:
    """The migrations recorded in the database, in the order applied."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                         "AND name = ?", [RECORD_TABLE]).fetchone()
    if found is None:
        return []
    rows = conn.execute(
        # The table name is this module's literal; the set is a parameter.
        f"SELECT name FROM {RECORD_TABLE} "  # nosec B608
        "WHERE migration_set = ? ORDER BY rowid", [SET_NAME])
    return [str(row[0]) for row in rows]


def pending(conn: sqlite3.Connection) -> list[str]:
    """The registered migrations the database has not applied, in order."""
    done = set(applied(conn))
    return [name for name in NAMES if name not in done]


def migrations() -> Migrations:
    """Every migration as sqlite-utils ``Migrations`` (imports sqlite-utils:
    call it only to apply or list them, not to check for pending ones)."""
    global _MIGRATIONS
    if _MIGRATIONS is None:
        from sqlite_utils import Migrations

        _MIGRATIONS = Migrations(SET_NAME)
        for name, step in _STEPS:
            _MIGRATIONS(name=name)(step)
    return _MIGRATIONS


def __getattr__(name: str) -> Migrations:
    # ``schema.MIGRATIONS`` for the benchmarks and tests that apply
    # migrations themselves, made when first read (see migrations()).
    if name == "MIGRATIONS":
        return migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

