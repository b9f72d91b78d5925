"""The simulator's HTTP request handler: route, check the key, apply a fault.

One handler instance serves one keep-alive connection on its own thread.
It answers with Content-Length bodies, or with chunked Server-Sent Events for
streams so that an abrupt close is visible to the client as a broken body.
Paths are logged without their query string: Gemini keys may travel there.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jarvis.simulator.anthropic_wire import AnthropicWire
from jarvis.simulator.faults import NORMAL, DirectiveError, Fault, find_directive
from jarvis.simulator.gemini_wire import GeminiWire
from jarvis.simulator.images import IMAGE_TOKENS, text_only
from jarvis.simulator.openai_wire import OpenAIWire
from jarvis.simulator.replies import ReplyPlan, count_tokens, plan_reply
from jarvis.simulator.routes import Route, resolve
from jarvis.simulator.state import RequestRecord, SimState
from jarvis.simulator.wire import ErrorInfo, JsonObject, ParsedRequest, Wire, dumps

logger = logging.getLogger(__name__)

WIRES: dict[str, Wire] = {
    "anthropic": AnthropicWire(),
    "openai": OpenAIWire(),
    "gemini": GeminiWire(),
}

Headers = Sequence[tuple[str, str]]


class SimServer(ThreadingHTTPServer):
    """A threading HTTP server that carries the simulator's state."""

    daemon_threads = True

    def __init__(self, listener: socket.socket, state: SimState) -> None:
        """Serve on ``listener``, a socket already bound and listening."""
        self.state = state
        # socketserver does not join daemon handler threads, so keep them here.
        self._handlers: list[threading.Thread] = []
        self._handlers_lock = threading.Lock()
        host, port = listener.getsockname()[:2]
        super().__init__((host, port), SimHandler, bind_and_activate=False)
        self.socket.close()  # the fresh one socketserver made, never bound
        self.socket = listener
        # What HTTPServer.server_bind sets, without its reverse DNS lookup.
        self.server_name, self.server_port = host, port

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="jarvis-simulator-connection",
            daemon=True,
        )
        with self._handlers_lock:
            self._handlers = [t for t in self._handlers if t.is_alive()]
            self._handlers.append(thread)
        thread.start()

    def join_handlers(self, timeout: float = 10.0) -> bool:
        """End every connection and join its thread; False if one hangs on."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # A connection accepted just now may register after a first pass.
            self.state.sever_connections()
            with self._handlers_lock:
                alive = [t for t in self._handlers if t.is_alive()]
            if not alive:
                return True
            alive[0].join(0.05)
        return False

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exception()
        if isinstance(error, OSError):
            # A client that resets an idle keep-alive connection is normal.
            logger.debug("simulator connection ended: %r", error)
            return
        # Anything else is a simulator bug: it must not pass for a dropped
        # connection.
        logger.error("simulator request failed", exc_info=error)


class _Aborted(Exception):
    """The reply cannot go on: the client left or the simulator is stopping."""


class SimHandler(BaseHTTPRequestHandler):
    """Serves the three providers' generation and model-list endpoints."""

    protocol_version = "HTTP/1.1"
    # Without TCP_NODELAY each small SSE write waits on the client's delayed
    # ACK (about 40 ms a reply on Linux): real providers do not behave so.
    disable_nagle_algorithm = True
    server_version = "jarvis-simulator/1"
    sys_version = ""
    server: SimServer

    def setup(self) -> None:
        super().setup()
        self.server.state.open_connection(self.connection)

    def finish(self) -> None:
        self.server.state.close_connection(self.connection)
        # The socket may have been dropped on purpose or by the client.
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: object) -> None:
        # The request line may carry a Gemini key in its query: never log it.
        logger.debug("%s %s", self.command, urlsplit(self.path).path)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug("%s %s -> %s", self.command, urlsplit(self.path).path, code)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        try:
            self._dispatch()
        except (_Aborted, BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        body = self._read_body()
        headers = {name.lower(): value for name, value in self.headers.items()}
        route = resolve(self.command, url.path, headers)
        if route is None:
            self._record("unknown", url.path, None, 404)
            self._send_json(404, {"error": {"message": "simulator: no such endpoint"}})
            return
        key = _api_key(headers, url.query)
        if key is None or "invalid" in key:
            self._refuse_key(route, url.path, key is not None)
            return
        if route.action == "models":
            self._serve_models(route, url.path)
        else:
            self._serve_generate(route, url.path, body)

    def _read_body(self) -> JsonObject:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _refuse_key(self, route: Route, path: str, present: bool) -> None:
        wire = WIRES[route.kind]
        if isinstance(wire, GeminiWire):
            # Gemini answers an unknown key with 400 INVALID_ARGUMENT and a
            # missing one with 403, never with 401.
            status = 400 if present else 403
            body = wire.bad_key() if present else wire.error(_info(403))
        else:
            status, body = 401, wire.error(_info(401))
        self._record(route.kind, path, route.model, status, has_key=present)
        self._send_json(status, body)

    def _serve_models(self, route: Route, path: str) -> None:
        wire = WIRES[route.kind]
        fault = self.server.state.next_fault(route.kind) or NORMAL
        status = fault.status or 200
        self._record(route.kind, path, None, status, fault=fault)
        if fault.status is not None:
            self._send_error(
                wire, fault, ErrorInfo(status, "", 0, _retry_seconds(fault))
            )
            return
        self._send_json(200, wire.models())

    def _serve_generate(self, route: Route, path: str, body: JsonObject) -> None:
        wire = WIRES[route.kind]
        request = wire.parse(body, route.model)
        stream = request.stream or route.stream
        problem = request.image_problem or (
            text_only(route.kind, request.model) if request.images else None)
        if problem is not None:
            self._record(route.kind, path, request.model, 400, request, stream)
            self._send_json(400, _bad_request(wire, problem, image=True))
            return
        try:
            fault = self.server.state.next_fault(route.kind) or _directive(request)
        except DirectiveError as err:
            self._record(route.kind, path, request.model, 400, request, stream)
            self._send_json(400, _bad_request(wire, f"simulator directive: {err}"))
            return
        status = fault.status or 200
        self._record(route.kind, path, request.model, status, request, stream, fault)
        plan = plan_reply(
            model=request.model,
            request_text=request.request_text,
            prompt=request.prompt,
            max_tokens=request.max_tokens,
            fault=fault,
            images=request.images,
            image_tokens=IMAGE_TOKENS[route.kind],
        )
        if fault.status is not None:
            info = ErrorInfo(
                status, request.model, plan.usage.prompt, _retry_seconds(fault)
            )
            self._send_error(wire, fault, info)
        elif stream:
            self._send_stream(wire, plan, fault, request.include_usage)
        else:
            self._send_complete(wire, plan, fault)

    def _record(
        self,
        kind: str,
        path: str,
        model: str | None,
        status: int,
        request: ParsedRequest | None = None,
        stream: bool = False,
        fault: Fault | None = None,
        has_key: bool = True,
    ) -> None:
        record = RequestRecord(
            kind=kind,
            method=self.command,
            path=path,
            model=model,
            stream=stream,
            has_key=has_key,
            max_tokens=request.max_tokens if request else None,
            message_count=request.message_count if request else 0,
            store=request.store if request else None,
            include_usage=request.include_usage if request else False,
            images=request.images if request else (),
            status=status,
            fault=fault if fault != NORMAL else None,
            received_at=time.monotonic(),
        )
        self.server.state.add_record(record)

    def _send_error(self, wire: Wire, fault: Fault, info: ErrorInfo) -> None:
        headers = [*_retry_headers(fault)]
        if wire.kind == "anthropic":
            headers.append(("request-id", "req_sim"))
        self._send_json(info.status, wire.error(info), headers)

    def _send_complete(self, wire: Wire, plan: ReplyPlan, fault: Fault) -> None:
        self._pause(fault.first_token_delay + _pace(fault, plan.text))
        if fault.drop_after is not None:
            self._drop()
        if fault.error_after is not None:
            info = ErrorInfo(wire.midstream_status, plan.model, plan.usage.prompt, None)
            self._send_json(info.status, wire.error(info))
            return
        self._send_json(200, wire.complete(plan))

    def _send_stream(
        self, wire: Wire, plan: ReplyPlan, fault: Fault, include_usage: bool
    ) -> None:
        frames = wire.stream(plan, include_usage)
        self._start_chunked()
        for frame in frames.head:
            self._write_chunk(frame)
        self._pause(fault.first_token_delay)
        for index in range(len(frames.deltas) + 1):
            if index == fault.error_after:
                self._write_chunk(frames.error)
                self._end_chunked()
                return
            if index == fault.drop_after:
                self._drop()
            if index < len(frames.deltas):
                self._write_chunk(frames.deltas[index])
                self._pause(_pace(fault, plan.deltas[index]))
        if _beyond(fault.error_after, frames.deltas):
            self._write_chunk(frames.error)
            self._end_chunked()
            return
        if _beyond(fault.drop_after, frames.deltas):
            self._drop()
        for frame in frames.tail:
            self._write_chunk(frame)
        self._end_chunked()

    def _send_json(self, status: int, body: object, headers: Headers = ()) -> None:
        data = dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _start_chunked(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def _end_chunked(self) -> None:
        self.wfile.write(b"0\r\n\r\n")

    def _drop(self) -> None:
        """Close the connection without finishing the body.

        A shutdown sends FIN, not RST, so the client still reads every chunk
        already sent before it sees the body cut short.
        """
        self.connection.shutdown(socket.SHUT_RDWR)
        raise _Aborted

    def _pause(self, seconds: float) -> None:
        if seconds > 0 and self.server.state.stopping.wait(seconds):
            raise _Aborted


def _api_key(headers: Mapping[str, str], query: str) -> str | None:
    """The key a client sent, in any provider's place for it (never stored)."""
    for name in ("x-api-key", "x-goog-api-key"):
        value = headers.get(name)
        if value:
            return value
    authorization = headers.get("authorization") or ""
    if authorization.lower().startswith("bearer ") and authorization[7:].strip():
        return authorization[7:].strip()
    keys = parse_qs(query).get("key")
    return keys[0] if keys else None


def _directive(request: ParsedRequest) -> Fault:
    return find_directive(request.prompt) or NORMAL


def _bad_request(wire: Wire, message: str, *, image: bool = False) -> JsonObject:
    """The provider's 400 body, saying ``message``."""
    body = wire.error(_info(400))
    error = body.get("error")
    if isinstance(error, dict):
        error["message"] = message
        if image and wire.kind == "openai":
            error["code"] = "invalid_image_format"
    return body


def _info(status: int) -> ErrorInfo:
    return ErrorInfo(status, "", 0, None)


def _retry_seconds(fault: Fault) -> float | None:
    if fault.retry_after is not None:
        return fault.retry_after
    if fault.retry_after_ms is not None:
        return fault.retry_after_ms / 1000
    return fault.retry_after_date


def _retry_headers(fault: Fault) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    if fault.retry_after is not None:
        headers.append(("retry-after", f"{fault.retry_after:g}"))
    if fault.retry_after_ms is not None:
        headers.append(("retry-after-ms", str(fault.retry_after_ms)))
    if fault.retry_after_date is not None:
        when = time.time() + fault.retry_after_date
        headers.append(("retry-after", formatdate(when, usegmt=True)))
    return headers


def _pace(fault: Fault, text: str) -> float:
    if fault.rate is None:
        return 0.0
    return count_tokens(text) / fault.rate


def _beyond(limit: int | None, deltas: Sequence[bytes]) -> bool:
    return limit is not None and limit > len(deltas)
