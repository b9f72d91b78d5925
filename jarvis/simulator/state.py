"""Shared, lock-protected state of a running simulator.

Handler threads record what they received, take scripted faults and watch
the stop signal here; the test thread reads and scripts through the same
object. Records never hold an API key or any message text.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from jarvis.simulator.faults import Fault
from jarvis.simulator.images import SeenImage
from jarvis.simulator.routes import PROVIDER_KINDS


@dataclass(frozen=True)
class RequestRecord:
    """What the simulator received in one request (never the key or text).

    Attributes:
        kind: provider kind ("anthropic", "openai", "gemini") or "unknown".
        method: HTTP method.
        path: URL path without the query string.
        model: model the request named, if any.
        stream: whether a stream was asked for.
        has_key: whether an API key came with the request.
        max_tokens: the output budget the request set, if any.
        message_count: number of messages (Gemini: contents) sent.
        store: OpenAI's ``store`` flag, if the request set one.
        include_usage: OpenAI ``stream_options.include_usage`` (True for the
            others, whose streams always carry usage).
        images: the images that arrived, in order (type, size, SHA-256).
        status: HTTP status the simulator answered with.
        fault: the fault applied, if any.
        received_at: ``time.monotonic()`` when the request arrived.
    """

    kind: str
    method: str
    path: str
    model: str | None
    stream: bool
    has_key: bool
    max_tokens: int | None
    message_count: int
    store: bool | None
    include_usage: bool
    status: int
    fault: Fault | None
    received_at: float
    images: tuple[SeenImage, ...] = ()


class SimState:
    """Records, fault scripts, open connections and the stop signal."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._scripts: dict[str, deque[Fault]] = {k: deque() for k in PROVIDER_KINDS}
        self._connections: set[socket.socket] = set()
        self.stopping = threading.Event()

    def add_record(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)

    def records(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)

    def script(self, kind: str, faults: Iterable[Fault]) -> None:
        if kind not in self._scripts:
            raise ValueError(f"unknown provider kind {kind!r}")
        with self._lock:
            self._scripts[kind].extend(faults)

    def next_fault(self, kind: str) -> Fault | None:
        with self._lock:
            queue = self._scripts.get(kind)
            return queue.popleft() if queue else None

    def reset(self) -> None:
        with self._lock:
            self._records.clear()
            for queue in self._scripts.values():
                queue.clear()

    def open_connection(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def close_connection(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def sever_connections(self) -> None:
        """Shut every open connection so idle keep-alive readers return."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            # A connection the peer already closed needs nothing more.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
