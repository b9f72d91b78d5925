"""CSV cells a spreadsheet shows as text, never runs as a formula.

Spend rows carry names that come from config and provider replies (model,
provider, request id, error kind). A cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is read as a formula by Excel,
LibreOffice and Google Sheets, so a crafted model name could run one when
the user opens an export. Such a cell gets a leading single quote, as the
OWASP "CSV Injection" page recommends. A plain number (``-0.0012``) is left
alone: a spreadsheet reads it as a number, and it runs nothing.
"""

from __future__ import annotations

import re

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?([eE][+-]?\d+)?")


def cell(value: object) -> object:
    """``value``, with a quote in front if a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) \
            and not _NUMBER.fullmatch(value):
        return f"'{value}"
    return value
