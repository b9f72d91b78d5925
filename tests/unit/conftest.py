"""Fixtures shared by the unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from jarvis.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """An opened store on a fresh database file in ``tmp_path``."""
    db = Store(tmp_path / "jarvis.sqlite3")
    await db.open()
    yield db
    await db.close()
