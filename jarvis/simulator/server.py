"""The :class:`Simulator` object and the standalone ``main`` entry point.

The server runs on its own thread with one more thread per connection, so it
never competes with the asyncio or Qt loop of the process that starts it.
It binds 127.0.0.1 only.

The port listens from :meth:`Simulator.start` on, but the HTTP server and
the three wires (``http.server`` with ``email``, ~2 MB with their sources)
load on the server thread when the first client connects: demo mode starts
a simulator with every window, and a window left idle never sends it a
request. A client that connects meanwhile waits in the listen queue.
"""

from __future__ import annotations

import logging
import selectors
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from jarvis.simulator.faults import Fault
from jarvis.simulator.routes import PROVIDER_KINDS
from jarvis.simulator.state import RequestRecord, SimState

if TYPE_CHECKING:
    from jarvis.simulator.handler import SimServer

logger = logging.getLogger(__name__)

_BASE_PATHS = {"anthropic": "/anthropic", "openai": "/openai/v1", "gemini": "/gemini"}

# Seconds between looks at the stop signal while no client has come yet
# (the same as the server's own poll once it serves).
POLL_S = 0.05
# socketserver's default backlog of 5 would stall bursts of clients.
BACKLOG = 128


class Simulator:
    """A loopback server speaking the Anthropic, OpenAI and Gemini protocols.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self._state = SimState()
        self._listener: socket.socket | None = None
        self._server: SimServer | None = None
        self._thread: threading.Thread | None = None
        # Guards the hand-over of _server between the thread and stop().
        self._lock = threading.Lock()

    def start(self) -> None:
        """Bind 127.0.0.1 and serve on a background thread."""
        if self._listener is not None:
            raise RuntimeError("simulator already started")
        self._state.stopping.clear()
        self._listener = socket.create_server(
            ("127.0.0.1", self._requested_port), backlog=BACKLOG)
        self._thread = threading.Thread(
            target=self._serve,
            args=(self._listener,),
            name=f"jarvis-simulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.debug("simulator listening on port %d", self.port)

    def stop(self) -> None:
        """Stop serving, end open connections and join every thread."""
        listener, thread = self._listener, self._thread
        if listener is None or thread is None:
            return
        self._state.stopping.set()
        with self._lock:
            server = self._server
        if server is not None:
            server.shutdown()
            server.server_close()
            if not server.join_handlers():
                logger.warning("simulator connection threads did not end in time")
        thread.join()
        listener.close()  # never served: nothing else closes it
        self._listener = self._server = self._thread = None
        logger.debug("simulator stopped")

    def _serve(self, listener: socket.socket) -> None:
        """Wait for the first client, then load the HTTP server and serve."""
        if not self._first_client(listener):
            return
        try:
            from jarvis.simulator.handler import SimServer
        except BaseException:
            listener.close()  # clients see a closed port, not a silent hang
            raise
        server = SimServer(listener, self._state)
        with self._lock:
            if self._state.stopping.is_set():
                return  # stop() closes the listener, the server's socket
            self._server = server
        server.serve_forever(poll_interval=POLL_S)

    def _first_client(self, listener: socket.socket) -> bool:
        """Whether a client knocked before the simulator was stopped."""
        with selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            while not self._state.stopping.is_set():
                if selector.select(POLL_S):
                    return True
        return False

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (a free one when the simulator was given 0)."""
        if self._listener is None:
            raise RuntimeError("simulator not started")
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        """Root URL, for example ``http://127.0.0.1:8123``."""
        return f"http://127.0.0.1:{self.port}"

    def base_url(self, provider_kind: str) -> str:
        """What to pass as ``base_url`` to the provider's official SDK.

        anthropic: ``AsyncAnthropic(base_url=...)``, which appends
        ``/v1/messages``; openai: ``AsyncOpenAI(base_url=...)``, which appends
        ``/chat/completions`` (the value ends in ``/v1``); gemini:
        ``genai.Client(http_options=HttpOptions(base_url=...))``, which
        appends ``/{api_version}/models/...``.
        """
        if provider_kind not in _BASE_PATHS:
            raise ValueError(f"unknown provider kind {provider_kind!r}")
        return self.url + _BASE_PATHS[provider_kind]

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of the requests received so far, oldest first."""
        return self._state.records()

    def script(self, kind: str, *faults: Fault) -> None:
        """Queue faults for the next requests of one provider kind, in order."""
        self._state.script(kind, faults)

    def reset(self) -> None:
        """Forget recorded requests and queued faults."""
        self._state.reset()


def main(port: int = 0) -> int:
    """Serve until Ctrl+C or SIGTERM, printing each provider's base URL."""
    stop = threading.Event()
    with _stop_on_signals(stop), Simulator(port) as simulator:
        print(f"Jarvis provider simulator on {simulator.url}", flush=True)
        for kind in PROVIDER_KINDS:
            print(f"  {kind:<9} base_url = {simulator.base_url(kind)}", flush=True)
        print("Any key works; one containing 'invalid' is refused.", flush=True)
        with suppress(KeyboardInterrupt):
            stop.wait()
    return 0


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    def _handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {
        signum: signal.signal(signum, _handle)
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
