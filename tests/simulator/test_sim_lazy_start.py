"""The simulator listens at start and loads its HTTP server at the first client.

A demo window starts a simulator and may never call it: until a client
connects, the process holds a listening socket and one waiting thread, not
``http.server`` with ``email`` and the three wires.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading

import pytest

from jarvis.simulator import Simulator

# Runs in a fresh interpreter: this test process has long imported http.*.
FIRST_CLIENT = """
import json, socket, sys
from jarvis.simulator import Simulator

HEAVY = ("http.server", "email.parser", "jarvis.simulator.handler")
with Simulator() as sim:
    idle = [name for name in HEAVY if name in sys.modules]
    with socket.create_connection(("127.0.0.1", sim.port)) as client:
        client.sendall(b"GET /openai/v1/models HTTP/1.1\\r\\nHost: x\\r\\n"
                       b"Authorization: Bearer k\\r\\nConnection: close\\r\\n\\r\\n")
        status = client.makefile("rb").readline().decode().strip()
    served = [name for name in HEAVY if name in sys.modules]
print(json.dumps({"idle": idle, "status": status, "served": served}))
"""


def test_http_machinery_loads_when_the_first_client_connects() -> None:
    done = subprocess.run([sys.executable, "-c", FIRST_CLIENT], capture_output=True,
                          text=True, timeout=60, check=True)

    result = json.loads(done.stdout)
    assert result["idle"] == []
    assert result["status"] == "HTTP/1.1 200 OK"
    assert result["served"] == ["http.server", "email.parser",
                                "jarvis.simulator.handler"]


def test_stop_before_any_client_joins_the_thread_and_closes_the_port() -> None:
    before = set(threading.enumerate())
    sim = Simulator()
    sim.start()
    port = sim.port

    sim.stop()

    assert set(threading.enumerate()) <= before
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with pytest.raises(RuntimeError, match="not started"):
        _ = sim.port


def test_a_stopped_simulator_starts_again_and_serves() -> None:
    sim = Simulator()
    sim.start()
    sim.stop()

    with sim, socket.create_connection(("127.0.0.1", sim.port), timeout=5) as client:
        client.sendall(b"GET /v1/models HTTP/1.1\r\nHost: x\r\n"
                       b"x-api-key: k\r\nConnection: close\r\n\r\n")
        status = client.makefile("rb").readline().decode().strip()

    assert status == "HTTP/1.1 200 OK"
    assert [record.path for record in sim.requests] == ["/v1/models"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_server_that_cannot_load_closes_its_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "jarvis.simulator.handler", None)
    sim = Simulator()
    sim.start()
    try:
        answer = _first_byte(sim.port)
    finally:
        sim.stop()

    assert answer == b"", "the client is told at once, not left waiting"


def _first_byte(port: int) -> bytes:
    """The first byte the server answers; b"" when it closed or reset the
    connection (it may do so before, during or after the connect)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            client.sendall(b"GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n")
            return client.recv(1)
    except (ConnectionResetError, ConnectionRefusedError, BrokenPipeError):
        return b""
