"""Local calendar days as UTC instants, for caps and usage reports.

Spend rows are stored in UTC, but a person's "today" starts at their local
midnight: the spend caps reset then and the usage pane's days are local days.
This module turns local dates into UTC instants and splits a span of time
into pieces of one constant UTC offset (a daylight-saving change splits it),
so that SQL can shift UTC text to local dates with one fixed modifier per
piece.

``tz`` is a :class:`~datetime.tzinfo` to use instead of the system's zone
(``None``, the default, follows the system, ``TZ`` included). It owns no
storage and knows nothing of spend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

HOUR = timedelta(hours=1)
QUARTER = timedelta(minutes=15)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Piece:
    """``[start, end)`` in UTC, all at one UTC offset of ``offset_s`` seconds."""

    start: datetime
    end: datetime
    offset_s: int


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which local ``day`` begins.

    A midnight that does not exist (a zone that springs forward at 00:00)
    is taken with the offset before the change, so the day starts at the
    change itself.
    """
    naive = datetime.combine(day, time())
    local = naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
    return local.astimezone(UTC)


def local_date(instant: datetime, tz: tzinfo | None = None) -> date:
    """The local calendar date of an aware ``instant``."""
    return instant.astimezone(tz).date()


def today(tz: tzinfo | None = None) -> date:
    """The local date now."""
    return datetime.now(UTC).astimezone(tz).date()


def offset_s(instant: datetime, tz: tzinfo | None = None) -> int:
    """The zone's UTC offset at ``instant``, in seconds."""
    offset = instant.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def day_starts(since: date, until: date, tz: tzinfo | None = None) -> list[datetime]:
    """The start of every local day from ``since`` through ``until``, and the
    start of the day after ``until`` (so day ``i`` is ``[s[i], s[i + 1])``)."""
    count = (until - since).days + 2
    return [day_start(since + timedelta(days=i), tz) for i in range(count)]


def pieces(starts: list[datetime], tz: tzinfo | None = None) -> list[Piece]:
    """``[starts[0], starts[-1])`` split where the zone's UTC offset changes.

    The offset is read at every boundary; between two that differ, the
    change is found to the minute by bisection. FIXME:two-offset-changes:
    a zone that changes its offset twice within one local day (none does
    today) would have the first change missed.
    """
    found: list[Piece] = []
    begin = previous = starts[0]
    current = offset_s(begin, tz)
    for boundary in starts[1:]:
        if offset_s(boundary, tz) != current:
            change = _change(previous, boundary, current, tz)
            found.append(Piece(begin, change, current))
            begin, current = change, offset_s(change, tz)
        previous = boundary
    if starts[-1] > begin:
        found.append(Piece(begin, starts[-1], current))
    return found


def _change(lo: datetime, hi: datetime, before: int, tz: tzinfo | None) -> datetime:
    """The first minute in ``(lo, hi]`` whose offset is no longer ``before``."""
    while hi - lo > _MINUTE:
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= lo:
            mid = lo + _MINUTE
        if offset_s(mid, tz) == before:
            lo = mid
        else:
            hi = mid
    return hi


def floor(instant: datetime, step: timedelta) -> datetime:
    """``instant`` (UTC) cut down to a whole ``step`` (a divisor of an hour)."""
    minutes = int(step.total_seconds()) // 60
    return instant.replace(minute=instant.minute // minutes * minutes, second=0,
                           microsecond=0)


def ceil(instant: datetime, step: timedelta) -> datetime:
    """``instant`` (UTC) rounded up to a whole ``step`` (unchanged if whole)."""
    down = floor(instant, step)
    return down if down == instant else down + step


def floor_hour(instant: datetime) -> datetime:
    """``instant`` (UTC) cut down to its hour."""
    return floor(instant, HOUR)


def ceil_hour(instant: datetime) -> datetime:
    """``instant`` (UTC) rounded up to the next whole hour (unchanged if whole)."""
    return ceil(instant, HOUR)
