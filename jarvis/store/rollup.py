"""Reading spend through its rollups: cap sums and usage totals.

``spend_hourly`` (migration 0006) holds, per UTC hour, provider, model and
demo flag, the sums of every spend row started in that hour: requests,
outcomes, fallbacks, tokens by bucket, cost, charge and savings. Triggers
keep it in step inside the transaction of each insert, settle or delete,
so a pending reservation counts in it from the moment it is inserted,
exactly as in the rows themselves.

``spend_quarterly`` (0007) holds the same sums by quarter hour, and
``spend_daily`` (0008) by UTC day (read by the cap check only).

Caps and reports work in local days (:mod:`jarvis.localtime`). A local day
is a sum of the whole UTC hours inside it; where a midnight falls inside an
hour (zones of +5:30, +5:45, -3:30, ...) or a span starts mid-hour, that
hour is summed from its quarter hours, and only what is left (a span not
on a quarter hour) from the rows of ``spend`` themselves, through its index
on ``started_at``. All three compute the same per-row sums
(:data:`jarvis.store.schema.SUMS`), so they add up exactly.

This module reads the rollups (and empties them for an erase); rows are
written through :mod:`jarvis.store.spend`, the triggers do the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from jarvis import localtime
from jarvis.localtime import HOUR, QUARTER, Piece
from jarvis.store.schema import SUMS
from jarvis.store.sql import Database

# How each summed column leaves a report (cost: NULL when nothing in the
# group was priced, never $0: CASES.md C08).
_OUT = {name: f"SUM({name}) AS {name}" for name in SUMS}
_OUT["cost_pusd"] = "CASE WHEN SUM(priced) > 0 THEN SUM(cost_pusd) END AS cost_pusd"
del _OUT["priced"]
GROUPS = ("day", "provider", "model")
ROLLUPS = ("spend_daily", "spend_hourly", "spend_quarterly")


def forget_all(db: Database) -> None:
    """Empty every rollup, before every spend row is deleted in the same
    transaction (their delete triggers then do nothing: erasing a large log
    stays fast). Never call it on its own: the sums would be lost."""
    for table in ROLLUPS:
        # Table names are the literals above, never input.
        db.execute(f"DELETE FROM {table}")  # nosec B608


def iso(instant: datetime) -> str:
    """An instant as ``started_at`` stores it (UTC, milliseconds)."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds")


def hour_key(instant: datetime) -> str:
    """The ``spend_hourly.hour`` of the UTC hour starting at ``instant``."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H")


def quarter_key(instant: datetime) -> str:
    """The ``spend_quarterly.quarter`` of the quarter hour at ``instant``."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def charged(db: Database, since: datetime, demo: int, provider: str | None) -> int:
    """Pico-dollars charged (settled and reserved) from ``since`` on: whole
    UTC days, then whole hours, quarter hours and rows before them."""
    return charged_since(db, [(since, provider)], demo)[0]


def charged_since(
    db: Database, starts: Sequence[tuple[datetime, str | None]], demo: int,
) -> list[int]:
    """:func:`charged` from each ``(since, provider)`` of ``starts``, in one
    statement (every cap of a reservation in one round through SQLite)."""
    parts: list[str] = []
    args: list[Any] = []
    for since, provider in starts:
        part, more = _charged_sum(since, demo, provider)
        parts.append(f"({part})")
        args += more
    if not parts:
        return []
    # Each part is a fixed expression of _charged_sum; values are parameters.
    row = db.execute(f"SELECT {', '.join(parts)}", args).fetchone()  # nosec B608
    return [int(value) for value in row]


def _charged_sum(
    since: datetime, demo: int, provider: str | None,
) -> tuple[str, list[Any]]:
    """The SQL expression summing what is charged from ``since``, its args."""
    since = since.astimezone(UTC)
    day = _ceil_day(since)
    hour = localtime.ceil_hour(since)
    quarter = min(localtime.ceil(since, QUARTER), hour)
    scope = " AND provider = ?" if provider is not None else ""
    sql = (
        # ``scope`` is a fixed clause; every value is a parameter.
        "(SELECT COALESCE(SUM(charge_pusd), 0) FROM spend_daily "  # nosec B608
        f"WHERE demo = ? AND day >= ?{scope}) + "
        "(SELECT COALESCE(SUM(charge_pusd), 0) FROM spend_hourly "
        f"WHERE demo = ? AND hour >= ? AND hour < ?{scope}) + "
        "(SELECT COALESCE(SUM(charge_pusd), 0) FROM spend_quarterly "
        f"WHERE demo = ? AND quarter >= ? AND quarter < ?{scope}) + "
        "(SELECT COALESCE(SUM(charge_pusd), 0) FROM spend "
        f"WHERE started_at >= ? AND started_at < ? AND demo = ?{scope})"
    )
    more = [provider] if provider is not None else []
    args: list[Any] = [
        demo, day.strftime("%Y-%m-%d"), *more,
        demo, hour_key(hour), hour_key(day), *more,
        demo, quarter_key(quarter), quarter_key(hour), *more,
        iso(since), iso(quarter), demo, *more]
    return sql, args


def _ceil_day(instant: datetime) -> datetime:
    """``instant`` (UTC) rounded up to the next UTC midnight (unchanged if one)."""
    midnight = instant.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == instant else midnight + timedelta(days=1)


def totals(
    db: Database, group_by: Sequence[str], since: date | None,
    until: date | None, *, demo: int, provider: str | None,
    tz: tzinfo | None = None,
) -> list[dict[str, Any]]:
    """Sums grouped by ``group_by`` (names from :data:`GROUPS`) over the local
    days ``since`` through ``until`` (``None``: from the first or through the
    last row), of one demo flag and optionally one provider."""
    unknown = set(group_by) - set(GROUPS)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    span = _span(db, since, until, demo, tz)
    if span is None:
        return []
    starts = localtime.day_starts(*span, tz)
    query = _Query(demo, provider, with_day="day" in group_by)
    for piece in localtime.pieces(starts, tz):
        query.add_piece(piece, starts)
    if not query.parts:
        return []
    group = ", ".join(group_by)
    sql = (
        # Names come from GROUPS and SUMS; values are parameters.
        f"SELECT {group + ', ' if group else ''}"  # nosec B608
        f"{', '.join(_OUT.values())} FROM ({' UNION ALL '.join(query.parts)}) "
        f"{'GROUP BY ' + group if group else ''} HAVING SUM(requests) > 0 "
        f"{'ORDER BY ' + group if group else ''}"
    )
    return [dict(row) for row in db.query(sql, query.args)]


def _span(
    db: Database, since: date | None, until: date | None, demo: int,
    tz: tzinfo | None,
) -> tuple[date, date] | None:
    """The local days to report: the ones asked for, open ends closed at the
    first and last hour with spend; ``None`` when there is nothing."""
    if since is None or until is None:
        first, last = db.execute(
            "SELECT (SELECT MIN(hour) FROM spend_hourly WHERE demo = ?), "
            "(SELECT MAX(hour) FROM spend_hourly WHERE demo = ?)",
            [demo, demo]).fetchone()
        if first is None:
            return None
        if since is None:
            since = localtime.local_date(_hour_start(first), tz)
        if until is None:
            end = _hour_start(last) + HOUR - timedelta(microseconds=1)
            until = localtime.local_date(end, tz)
    return (since, until) if since <= until else None


def _hour_start(key: str) -> datetime:
    return datetime.strptime(key, "%Y-%m-%dT%H").replace(tzinfo=UTC)


@dataclass
class _Query:
    """The parts of a totals query: whole hours from the rollup, the rest
    from the rows, each part's local day shifted by its piece's offset."""

    demo: int
    provider: str | None
    with_day: bool
    parts: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add_piece(self, piece: Piece, starts: list[datetime]) -> None:
        lo = localtime.ceil_hour(piece.start)
        hi = localtime.floor_hour(piece.end)
        if lo >= hi:
            self._parts_of(piece, [(piece.start, piece.end)])
            return
        # Hours a local midnight cuts in two: each side by quarter hours,
        # and by rows where the midnight is not on a quarter hour.
        inside = [b for b in starts if lo < b < hi and b != localtime.floor_hour(b)]
        split = [localtime.floor_hour(b) for b in inside]
        cut = [part for b in inside for part in (
            (localtime.floor_hour(b), b), (b, localtime.floor_hour(b) + HOUR))]
        if piece.start < lo:
            cut.append((piece.start, lo))
        if hi < piece.end:
            cut.append((hi, piece.end))
        self._hours(piece, lo, hi, split)
        self._parts_of(piece, cut)

    def _parts_of(self, piece: Piece, ranges: list[tuple[datetime, datetime]]
                  ) -> None:
        """Whole quarter hours from their sums, the edges from the rows."""
        quarters, rows = [], []
        for start, end in ranges:
            first = min(localtime.ceil(start, QUARTER), end)
            last = max(localtime.floor(end, QUARTER), first)
            quarters += [(first, last)] if first < last else []
            rows += [(a, b) for a, b in ((start, first), (last, end)) if a < b]
        self._quarters(piece, quarters)
        self._rows(piece, rows)

    def _day(self, column: str, piece: Piece) -> str:
        if not self.with_day:
            return "NULL AS day"
        self.args.append(f"{piece.offset_s:+d} seconds")
        return f"date({column}, ?) AS day"

    def _scope(self, alias: str) -> str:
        if self.provider is None:
            return ""
        self.args.append(self.provider)
        return f" AND {alias}provider = ?"

    def _hours(self, piece: Piece, lo: datetime, hi: datetime,
               split: list[datetime]) -> None:
        day = self._day("hour || ':00'", piece)
        self.args += [self.demo, hour_key(lo), hour_key(hi)]
        where = "demo = ? AND hour >= ? AND hour < ?"
        if split:
            where += f" AND hour NOT IN ({', '.join('?' for _ in split)})"
            self.args += [hour_key(h) for h in split]
        where += self._scope("")
        self.parts.append(
            # Column names are the keys of SUMS; values are parameters.
            f"SELECT {day}, provider, model, "  # nosec B608
            f"{', '.join(SUMS)} FROM spend_hourly WHERE {where}")

    def _quarters(self, piece: Piece, ranges: list[tuple[datetime, datetime]]
                  ) -> None:
        if not ranges:
            return
        day = self._day("q.quarter", piece)
        spans = self._spans([(quarter_key(a), quarter_key(b)) for a, b in ranges])
        self.args.append(self.demo)
        scope = self._scope("q.")
        sums = ", ".join(f"q.{name}" for name in SUMS)
        self.parts.append(
            # One primary-key range search per span (CROSS JOIN keeps the
            # spans the outer loop; an OR of ranges would scan the table).
            # Column names are the keys of SUMS; values are parameters.
            f"SELECT {day}, q.provider, q.model, {sums} "  # nosec B608
            f"FROM {spans} CROSS JOIN spend_quarterly q WHERE q.demo = ? "
            f"AND q.quarter >= r.column1 AND q.quarter < r.column2{scope}")

    def _spans(self, ranges: list[tuple[str, str]]) -> str:
        """A VALUES table ``r(column1, column2)`` of ``ranges``."""
        for start, end in ranges:
            self.args += [start, end]
        return f"(VALUES {', '.join('(?, ?)' for _ in ranges)}) AS r"

    def _rows(self, piece: Piece, ranges: list[tuple[datetime, datetime]]) -> None:
        if not ranges:
            return
        day = self._day("s.started_at", piece)
        sums = ", ".join(f"{sql.format(r='s')} AS {name}"
                         for name, sql in SUMS.items())
        spans = self._spans([(iso(a), iso(b)) for a, b in ranges])
        self.args.append(self.demo)
        scope = self._scope("s.")
        self.parts.append(
            # The sums are SUMS' SQL; values are parameters.
            f"SELECT {day}, s.provider, s.model, {sums} "  # nosec B608
            f"FROM {spans} CROSS JOIN spend s WHERE s.started_at >= r.column1 "
            f"AND s.started_at < r.column2 AND s.demo = ?{scope}")
