"""Cycles are collected on the GUI thread, never by a worker's allocation."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication

from ui import gcguard


def test_collection_runs_on_the_gui_thread(app: QApplication) -> None:
    collector = gcguard.install(app)
    seen: list[str] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.current_thread().name)

    gc.callbacks.append(record)
    try:
        worker = threading.Thread(
            target=lambda: [[object()] for _ in range(200_000)], name="worker")
        worker.start()
        worker.join()
        assert "worker" not in seen
        for _ in range(5000):
            a: list[object] = []
            a.append(a)
        collector.collect_due()
    finally:
        gc.callbacks.remove(record)

    assert not gc.isenabled()
    assert seen and set(seen) == {threading.main_thread().name}
