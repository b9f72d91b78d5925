"""The spend log: one row per attempt, written when it starts, settled at end.

A row is inserted as ``pending`` before the request goes out and updated with
the real usage, cost and status when the attempt ends. A process killed
mid-stream therefore leaves a ``pending`` row, which the next start marks
``interrupted``: the attempt is never lost, and its usage stays NULL
(unknown), not 0.

Every write also updates the rollups (sums by UTC day, hour and quarter
hour, by triggers in the same transaction), which the cap check and the
usage totals read through :mod:`jarvis.store.rollup` instead of summing
every row. Dates
given to :meth:`SpendLog.rows` and :meth:`SpendLog.totals` are local days,
the days the caps reset on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from jarvis import localtime, processes
from jarvis.budget import Cap
from jarvis.store import rollup
from jarvis.store.db import Store
from jarvis.store.sql import Database
from jarvis.usage import Usage

log = logging.getLogger(__name__)

_PICO = Decimal(10) ** 12


def to_pusd(amount: Decimal | None) -> int | None:
    """USD as integer pico-dollars (None stays None)."""
    if amount is None:
        return None
    return int((amount * _PICO).to_integral_value())


def from_pusd(value: int | None) -> Decimal | None:
    """Integer pico-dollars back to USD, normalized (None stays None)."""
    if value is None:
        return None
    return (Decimal(value) / _PICO).normalize() if value else Decimal(0)


def now_iso() -> str:
    """The current time as UTC ISO 8601 text, as stored."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """How an attempt ended, as logged."""

    status: str
    usage: Usage | None
    cost_usd: Decimal | None
    latency_ms: float
    ttft_ms: float | None
    finish_reason: str | None = None
    error_kind: str | None = None
    model: str | None = None
    saved_usd: Decimal | None = None
    charge_usd: Decimal = Decimal(0)


class SpendLog:
    """Reads and writes the ``spend`` table.

    Args:
        store: the database.
        demo: this log writes demo mode's simulated spend. Demo rows and
            real rows never count toward each other's caps or totals.
        tz: the zone whose days :meth:`rows` and :meth:`totals` read
            (``None``: the system's, as the caps use).
    """

    def __init__(
        self, store: Store, *, demo: bool = False, tz: tzinfo | None = None
    ) -> None:
        self._store = store
        self._demo = int(demo)
        self._tz = tz

    def reserve(
        self,
        *,
        request_id: str,
        attempt: int,
        provider: str,
        model: str,
        conversation_id: str | None,
        reserve_usd: Decimal = Decimal(0),
        caps: Sequence[Cap] = (),
    ) -> asyncio.Future[int]:
        """Reserve ``reserve_usd`` under ``caps`` and insert a pending row;
        the future gives the row id.

        The check and the insert are one ``BEGIN IMMEDIATE`` transaction, so
        no other writer (task or process) can slip in between. The write
        starts now; the router builds the request meanwhile and sends it
        only once the row is in (:mod:`jarvis.providers.gate`).

        Raises:
            CapExceeded: (from the future) the reservation would take a cap
                past its limit.
        """
        row = {
            "request_id": request_id,
            "attempt": attempt,
            "started_at": now_iso(),
            "provider": provider,
            "model": model,
            "status": "pending",
            "conversation_id": conversation_id,
            "charge_pusd": to_pusd(reserve_usd) or 0,
            "owner": processes.token(),
            "demo": self._demo,
        }
        checked = caps if reserve_usd > 0 else ()
        # One short transaction: at once on the event loop when nothing
        # makes it wait (Store.urgent), else on the database thread.
        return self._store.urgent(lambda db: _reserve(db, row, checked, self._demo))

    async def insert_finished(self, row: dict[str, Any]) -> int:
        """Insert a row that needs no reservation (a cache hit)."""
        full = {"started_at": now_iso(), "demo": self._demo, **row}
        return await self._store.run(lambda db: _insert(db, full))

    async def charged(self, caps: Sequence[Cap]) -> list[Decimal]:
        """What counts against each cap right now (settled and reserved)."""

        def work(db: Database) -> list[Decimal]:
            return [from_pusd(charged) or Decimal(0)
                    for charged in _charged(db, caps, self._demo)]

        return await self._store.run(work)

    async def settle(self, row_id: int, result: AttemptResult) -> None:
        """Write how the attempt ended."""
        usage = result.usage.as_dict() if result.usage else dict.fromkeys(
            Usage().as_dict()
        )
        values: dict[str, Any] = {
            **usage,
            "status": result.status,
            "cost_pusd": to_pusd(result.cost_usd),
            "charge_pusd": to_pusd(result.charge_usd) or 0,
            "saved_pusd": to_pusd(result.saved_usd),
            "latency_ms": round(result.latency_ms, 3),
            "ttft_ms": None if result.ttft_ms is None else round(result.ttft_ms, 3),
            "finish_reason": result.finish_reason,
            "error_kind": result.error_kind,
        }
        if result.model:
            values["model"] = result.model
        found = await self._store.run(lambda db: _update(db, row_id, values))
        if not found:
            # Only erasing the whole log (another window's "delete my
            # data") deletes rows; what this attempt cost is lost with it.
            log.warning("spend row %d was gone when its attempt ended", row_id)

    async def recover_interrupted(self) -> int:
        """Mark rows left pending by processes that died; how many.

        Rows of processes still running (another window, a CLI call) are
        theirs to settle and are left alone.
        """

        def work(db: Database) -> int:
            owners = [row["owner"] for row in db.query(
                "SELECT DISTINCT owner FROM spend WHERE status = 'pending'")]
            dead = [owner for owner in owners if not processes.alive(owner)]
            count = 0
            for owner in dead:
                cursor = db.execute(
                    "UPDATE spend SET status = 'interrupted', "
                    "error_kind = 'process_exit' WHERE status = 'pending' "
                    "AND owner IS ?", [owner])
                count += cursor.rowcount
            return count

        count = await self._store.run(work)
        if count:
            log.warning("marked %d attempts left pending by a crash", count)
        return count

    async def rows(
        self, since: date | None = None, *, until: date | None = None,
        provider: str | None = None,
    ) -> list[dict[str, Any]]:
        """Every row from ``since`` through ``until`` (local days), oldest
        first, optionally of one provider."""
        where, args = _since(since, until, provider, self._tz)
        # ``where`` is a fixed clause from _since; the date is a parameter.
        sql = f"SELECT * FROM spend {where} ORDER BY id"  # nosec B608
        return await self._store.run(
            lambda db: [dict(r) for r in db.query(sql, args)]
        )

    async def totals(
        self, group_by: tuple[str, ...], since: date | None = None,
        *, demo: bool = False, until: date | None = None,
        provider: str | None = None,
    ) -> list[dict[str, Any]]:
        """Sums of requests, outcomes, fallbacks, tokens and cost grouped by
        ``day`` (local), ``provider`` and/or ``model``, over the local days
        ``since`` through ``until``, of real rows or, with ``demo``, of demo
        rows (see :func:`jarvis.store.rollup.totals`)."""
        return await self._store.run(lambda db: rollup.totals(
            db, group_by, since, until, demo=int(demo), provider=provider,
            tz=self._tz))


def _since(
    since: date | None, until: date | None = None, provider: str | None = None,
    tz: tzinfo | None = None,
) -> tuple[str, list[Any]]:
    """A fixed WHERE clause for the filters given; values are parameters."""
    clauses: list[str] = []
    args: list[Any] = []
    if since is not None:
        clauses.append("started_at >= ?")
        args.append(rollup.iso(localtime.day_start(since, tz)))
    if until is not None:
        clauses.append("started_at < ?")
        args.append(rollup.iso(localtime.day_start(until + timedelta(days=1), tz)))
    if provider is not None:
        clauses.append("provider = ?")
        args.append(provider)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), args


class CapExceeded(Exception):
    """A reservation would pass ``cap``; ``charged_usd`` is already counted."""

    def __init__(self, cap: Cap, charged_usd: Decimal) -> None:
        self.cap = cap
        self.charged_usd = charged_usd
        super().__init__(cap.label())


def _charged(db: Database, caps: Sequence[Cap], demo: int) -> list[int]:
    """What counts against each of ``caps`` (pico-dollars), in one query."""
    return rollup.charged_since(db, [(cap.since, cap.provider) for cap in caps],
                                demo)


def _reserve(
    db: Database, row: dict[str, Any], caps: Sequence[Cap], demo: int
) -> int:
    """Check ``caps`` and insert the pending ``row`` under the write lock
    (its own ``BEGIN IMMEDIATE``, or a savepoint of the caller's
    transaction, which must then hold the lock already)."""
    with db.atomic(immediate=True):
        for cap, charged in zip(caps, _charged(db, caps, demo), strict=True):
            if charged + row["charge_pusd"] > (to_pusd(cap.limit_usd) or 0):
                raise CapExceeded(cap, from_pusd(charged) or Decimal(0))
        return _insert(db, row)


def _update(db: Database, row_id: int, values: dict[str, Any]) -> bool:
    """Write ``values`` into row ``row_id``; whether the row was there."""
    cursor = db.execute(
        # Column names are settle()'s literals; values are parameters.
        f"UPDATE spend SET {', '.join(f'{name} = ?' for name in values)} "  # nosec B608
        "WHERE id = ?", [*values.values(), row_id])
    return cursor.rowcount > 0


def _insert(db: Database, row: dict[str, Any]) -> int:
    cursor = db.execute(
        # Column names are this module's and request.py's literals; values
        # are parameters.
        f"INSERT INTO spend ({', '.join(row)}) VALUES "  # nosec B608
        f"({', '.join('?' for _ in row)})",
        list(row.values()),
    )
    return int(cursor.lastrowid or 0)
