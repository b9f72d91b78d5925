"""How money and token counts read in the panes.

Amounts arrive from the spend log as integer pico-USD or None. None is
"unpriced" (the price is not known), never $0 (CASES C08); a sum that holds
unpriced rows says how many, next to the priced part.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from jarvis.store.spend import from_pusd
from ui.turnwidget import format_cost


def usd(amount: Decimal | None) -> str:
    """``$1.23``, ``$0.000412``, or "unpriced" for None."""
    if amount is None:
        return QCoreApplication.translate("money", "unpriced")
    return format_cost(amount)


def pusd(value: int | None) -> str:
    """An amount in pico-USD as :func:`usd` writes it."""
    return usd(from_pusd(value))


def spend(row: dict[str, object]) -> str:
    """A totals row's cost: its priced sum, and how many rows are unpriced."""
    cost = row.get("cost_pusd")
    unpriced = _count(row, "unpriced")
    if cost is None and unpriced:
        return usd(None)
    if cost is None and _count(row, "unknown_usage"):
        return QCoreApplication.translate("money", "unknown")
    text = pusd(cost if isinstance(cost, int) else 0)
    if unpriced:
        more = QCoreApplication.translate("money", "+ {n} unpriced")
        text = f"{text} {more.format(n=unpriced)}"
    return text


def tokens(count: int) -> str:
    """A token count with thousands separators."""
    return f"{count:,}"


def _count(row: dict[str, object], name: str) -> int:
    value = row.get(name)
    return value if isinstance(value, int) else 0
