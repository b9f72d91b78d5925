"""Dropping the module sources PySide's import hook keeps in memory.

Once PySide6 is imported, its import hook reads the source of every module
imported after it (``inspect.getsource``, to see whether the module uses
PySide), and :mod:`linecache` keeps every line: ~4 MB by the window's
first paint and ~3 MB more for the service layer. Nothing needs them (a
traceback reads its lines again), so the app drops them after each burst
of imports. Owns nothing else.
"""

from __future__ import annotations

import linecache


def forget() -> None:
    """Drop the cached source lines.

    Only while no other thread imports: a lookup racing the clear could
    fail (``linecache.getlines`` checks for a file, then reads it).
    """
    linecache.clearcache()
