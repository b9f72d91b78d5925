"""A real start (Paths.ensure, then the store) after a clean close runs no
quick_check: ensure() must not make the database look changed.

Found by the tester pass of session 3: ensure() chmods every file in the
data folder at each start, which moves the file's ctime, so
jarvis.store.checkup saw "the file changed since Jarvis last closed it"
at every start and the check ran every time.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from jarvis import paths
from jarvis.store import checkup
from jarvis.store.db import Store


async def _open_close(database: Path) -> None:
    store = Store(database)
    await store.open()
    await store.close()


def test_ensure_after_a_clean_close_leaves_no_reason_to_check(
        tmp_path: Path) -> None:
    where = paths.resolve(tmp_path)
    where.ensure()
    asyncio.run(_open_close(where.database))
    assert checkup.reason(where.database) is None

    where.ensure()  # what Jarvis.open and the CLI do at every start

    assert checkup.reason(where.database) is None
