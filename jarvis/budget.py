"""Hard spend caps: reserve the worst case before sending, settle after.

Each cap is a window (today or this month, in local time: it resets at
local midnight, daylight-saving days included) and a scope (all providers
or one). Before an attempt goes out, its worst-case cost (the
estimated input plus ``max_tokens`` of output at the model's prices) is
reserved: the spend row is inserted with that charge inside one
``BEGIN IMMEDIATE`` transaction that first checks every cap, so concurrent
requests, in this process or another, can never pass a cap together. When
the attempt ends its charge becomes the real cost; an unpriced model counts
at ``[limits] unpriced_usd_per_mtok`` (CASES.md C08), an attempt whose usage
is unknown keeps its reservation. A $0 local model is never blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal

from jarvis import localtime, pricing
from jarvis.config import Config
from jarvis.usage import Usage
from jarvis.usertext import UserText

ALERT_THRESHOLDS = (50, 80, 100)
_MTOK = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class Cap:
    """One spend cap: ``limit_usd`` over a window, for one or all providers."""

    window: str  # "daily" | "monthly"
    provider: str | None
    limit_usd: Decimal
    since: datetime  # window start, aware
    resets_at: datetime  # next window start, aware

    def label(self) -> UserText:
        scope = f"{self.provider} " if self.provider else ""
        return UserText(f"cap.{self.window}",
                        f"{scope}{self.window} cap of ${self.limit_usd}",
                        provider=self.provider or "", limit=self.limit_usd)


@dataclass(frozen=True, slots=True)
class BudgetAlert:
    """A cap crossed ``percent`` of its limit with this request."""

    cap: Cap
    percent: int
    spent_usd: Decimal


def caps_for(
    config: Config, provider: str, now: datetime, tz: tzinfo | None = None
) -> list[Cap]:
    """Every cap that applies to a request to ``provider`` at ``now`` (aware),
    its windows in the local days of ``tz`` (``None``: the system's zone)."""
    today = now.astimezone(tz).date()
    day, next_day = _day(today, tz)
    month, next_month = _month(today, tz)
    limits = config.limits
    p = config.providers[provider]
    found = [
        ("daily", None, limits.daily_usd, day, next_day),
        ("monthly", None, limits.monthly_usd, month, next_month),
        ("daily", provider, p.daily_usd, day, next_day),
        ("monthly", provider, p.monthly_usd, month, next_month),
    ]
    return [Cap(w, prov, limit, since, reset)
            for w, prov, limit, since, reset in found if limit is not None]


def estimate_input_tokens(texts: list[str]) -> int:
    """An upper bound of the input tokens: the UTF-8 byte count.

    Byte-level tokenizers never produce more tokens than bytes, whatever the
    script (CJK, emoji, base64 run far below 3 characters a token), so a
    reservation built on this can never be too small. The real, smaller
    cost replaces it when the attempt settles.
    """
    return sum(len(text.encode("utf-8")) + 8 for text in texts) + 16


def worst_case(
    config: Config, provider: str, model: str, input_tokens: int, max_tokens: int
) -> tuple[Decimal, bool]:
    """The most an attempt can cost, and whether the model is priced."""
    kind = config.providers[provider].kind
    # Priced as one usage, so a tiered model (dearer above some input size)
    # is reserved at the tier this input falls in.
    cost = pricing.price(
        kind, model, Usage(input_tokens=input_tokens, output_tokens=max_tokens)
    )
    if cost is None:
        per_token = config.limits.unpriced_usd_per_mtok / _MTOK
        return per_token * (input_tokens + max_tokens), False
    return cost, True


def charge_for(
    config: Config, cost: Decimal | None, usage: Usage | None, reserved: Decimal
) -> Decimal:
    """What a finished attempt counts against the caps."""
    if cost is not None:
        return cost
    if usage is None:
        return reserved  # unknown usage: keep the worst case
    tokens = usage.total_input + usage.total_output
    return config.limits.unpriced_usd_per_mtok * tokens / _MTOK


def crossed(cap: Cap, before: Decimal, after: Decimal) -> list[BudgetAlert]:
    """Alerts for the thresholds passed going from ``before`` to ``after``."""
    if cap.limit_usd <= 0:
        return []
    alerts = []
    for percent in ALERT_THRESHOLDS:
        line = cap.limit_usd * percent / 100
        if before < line <= after:
            alerts.append(BudgetAlert(cap, percent, after))
    return alerts


def refusal_message(
    cap: Cap, spent: Decimal, needed: Decimal, now: datetime
) -> UserText:
    """Plain words: which cap, how much is left, when it resets."""
    left = _money(max(Decimal(0), cap.limit_usd - spent))
    label, resets = cap.label(), _when(cap.resets_at, now)
    return UserText(
        "budget.refused",
        f"Refused by the {label}: ${left} left, this request may cost up to "
        f"${_money(needed)}. Resets {resets}.",
        cap=label, left=left, needed=_money(needed), resets=resets)


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.0001')):f}"


def _when(at: datetime, now: datetime) -> UserText:
    hours = (at - now).total_seconds() / 3600
    stamp = at.strftime("%Y-%m-%d %H:%M")
    if hours < 24:
        return UserText("budget.resets_soon", f"at {stamp} (in {hours:.1f} h)",
                        stamp=stamp, hours=f"{hours:.1f}")
    return UserText("budget.resets_later", f"on {stamp}", stamp=stamp)


def _day(today: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    return (_local(today, tz), _local(today + timedelta(days=1), tz))


def _month(today: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    start = today.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return _local(start, tz), _local(following, tz)


def _local(day: date, tz: tzinfo | None) -> datetime:
    """Local midnight of ``day``, shown in local time (messages print it)."""
    return localtime.day_start(day, tz).astimezone(tz)
