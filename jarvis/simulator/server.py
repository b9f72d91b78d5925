"""The :class:`Simulator` object and the standalone ``main`` entry point.

The server runs on its own thread with one more thread per connection, so it
never competes with the asyncio or Qt loop of the process that starts it.
It binds 127.0.0.1 only.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType, TracebackType

from jarvis.simulator.faults import Fault
from jarvis.simulator.handler import SimServer
from jarvis.simulator.routes import PROVIDER_KINDS
from jarvis.simulator.state import RequestRecord, SimState

logger = logging.getLogger(__name__)

_BASE_PATHS = {"anthropic": "/anthropic", "openai": "/openai/v1", "gemini": "/gemini"}


class Simulator:
    """A loopback server speaking the Anthropic, OpenAI and Gemini protocols.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self._state = SimState()
        self._server: SimServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Bind 127.0.0.1 and serve on a background thread."""
        if self._server is not None:
            raise RuntimeError("simulator already started")
        self._state.stopping.clear()
        self._server = SimServer(self._requested_port, self._state)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"jarvis-simulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.debug("simulator listening on port %d", self.port)

    def stop(self) -> None:
        """Stop serving, end open connections and join every thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._state.stopping.set()
        server.shutdown()
        server.server_close()
        if not server.join_handlers():
            logger.warning("simulator connection threads did not end in time")
        thread.join()
        self._server = self._thread = None
        logger.debug("simulator stopped")

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
        if self._server is None:
            raise RuntimeError("simulator not started")
        return int(self._server.server_address[1])

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
