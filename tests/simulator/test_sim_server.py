"""Simulator lifecycle, routing, request records, scripts and directives."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import anthropic
import openai
import pytest
from google import genai

from jarvis.simulator import Fault, Simulator, main


def test_binds_loopback_on_a_free_port() -> None:
    with Simulator() as sim:
        assert sim.port > 0
        assert sim.url == f"http://127.0.0.1:{sim.port}"
        assert sim.base_url("anthropic") == f"{sim.url}/anthropic"
        assert sim.base_url("openai") == f"{sim.url}/openai/v1"
        assert sim.base_url("gemini") == f"{sim.url}/gemini"
        with pytest.raises(ValueError):
            sim.base_url("mistral")


def test_stop_joins_threads_even_with_idle_and_slow_connections() -> None:
    before = set(threading.enumerate())
    sim = Simulator()
    sim.start()
    idle = socket.create_connection(("127.0.0.1", sim.port))
    slow = socket.create_connection(("127.0.0.1", sim.port))
    body = json.dumps(
        {
            "model": "m",
            "max_tokens": 10,
            "stream": True,
            "messages": [{"role": "user", "content": "hi"}],
        }
    ).encode()
    sim.script("anthropic", Fault(first_token_delay=60))
    slow.sendall(
        b"POST /anthropic/v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    slow.recv(1)  # the headers have started: the handler is now waiting

    sim.stop()
    sim.stop()  # a second stop does nothing

    idle.close()
    slow.close()
    assert set(threading.enumerate()) <= before


def test_script_is_consumed_in_order_then_requests_succeed(sim: Simulator) -> None:
    sim.script("openai", Fault(status=500), Fault(status=429))

    statuses = [get_models(sim, "/openai/v1/models") for _ in range(3)]

    assert statuses == [500, 429, 200]
    assert [record.fault for record in sim.requests] == [
        Fault(status=500),
        Fault(status=429),
        None,
    ]


def test_reset_forgets_records_and_script(sim: Simulator) -> None:
    sim.script("gemini", Fault(status=500))
    get_models(sim, "/openai/v1/models")

    sim.reset()

    assert sim.requests == []
    assert get_models(sim, "/gemini/v1beta/models", "x-goog-api-key") == 200


def test_unknown_kind_cannot_be_scripted(sim: Simulator) -> None:
    with pytest.raises(ValueError):
        sim.script("mistral", Fault())


def test_missing_key_is_refused(sim: Simulator) -> None:
    assert get_models(sim, "/anthropic/v1/models", header=None) == 401
    assert get_models(sim, "/gemini/v1/models", header=None) == 403
    assert [record.has_key for record in sim.requests] == [False, False]


def test_unknown_path_is_404_and_recorded(sim: Simulator) -> None:
    assert get_models(sim, "/nowhere") == 404
    assert sim.requests[-1].kind == "unknown"


def test_gemini_key_in_query_is_accepted_and_never_recorded(sim: Simulator) -> None:
    secret = "-".join(("AIza", "query", "key"))

    status = get_models(sim, f"/gemini/v1beta/models?key={secret}", header=None)

    assert status == 200
    assert sim.requests[-1].path == "/gemini/v1beta/models"
    assert sim.requests[-1].has_key is True
    assert secret not in repr(sim.requests)


async def test_records_describe_each_request(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic, fake_key: str
) -> None:
    before = time.monotonic()
    await anthropic_client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=64,
        messages=[
            {"role": "user", "content": "one"},
            {"role": "assistant", "content": "two"},
            {"role": "user", "content": "three"},
        ],
    )

    (record,) = sim.requests
    assert record.kind == "anthropic"
    assert (record.method, record.path) == ("POST", "/anthropic/v1/messages")
    assert (record.model, record.stream, record.max_tokens) == (
        "claude-haiku-4-5",
        False,
        64,
    )
    assert (record.has_key, record.message_count, record.status) == (True, 3, 200)
    assert record.store is None and record.fault is None
    assert before <= record.received_at <= time.monotonic()
    assert fake_key not in repr(record)


async def test_directive_in_last_user_message_sets_the_fault(
    sim: Simulator, openai_client: openai.AsyncOpenAI
) -> None:
    prompt = "please [[sim: status=429 retry_after=2]]"

    with pytest.raises(openai.RateLimitError) as caught:
        await openai_client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}]
        )

    assert caught.value.response.headers["retry-after"] == "2"
    assert sim.requests[-1].fault == Fault(status=429, retry_after=2)


async def test_directive_reply_text_and_tokens(
    openai_client: openai.AsyncOpenAI,
) -> None:
    prompt = 'go [[sim: text="Hi **there**" output_tokens=7]]'

    completion = await openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}]
    )

    assert completion.choices[0].message.content == "Hi **there**"
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 7


async def test_bad_directive_is_a_400_naming_the_simulator(
    sim: Simulator, anthropic_client: anthropic.AsyncAnthropic
) -> None:
    with pytest.raises(anthropic.BadRequestError) as caught:
        await anthropic_client.messages.create(
            model="claude-haiku-4-5",
            max_tokens=64,
            messages=[{"role": "user", "content": "[[sim: colour=blue]]"}],
        )

    assert (caught.value.api_message or "").startswith("simulator directive:")


async def test_directive_only_in_earlier_message_is_ignored(
    anthropic_client: anthropic.AsyncAnthropic,
) -> None:
    message = await anthropic_client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=64,
        messages=[
            {"role": "user", "content": "[[sim: status=500]]"},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": "now normally"},
        ],
    )

    assert message.stop_reason == "end_turn"


async def test_unprefixed_base_urls_are_served(sim: Simulator, fake_key: str) -> None:
    a_client = anthropic.AsyncAnthropic(
        api_key=fake_key, base_url=sim.url, max_retries=0
    )
    o_client = openai.AsyncOpenAI(
        api_key=fake_key, base_url=sim.url + "/v1", max_retries=0
    )
    try:
        await a_client.models.list()
        await o_client.models.list()
        await o_client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
        )
    finally:
        await a_client.close()
        await o_client.close()

    assert [(r.kind, r.path) for r in sim.requests] == [
        ("anthropic", "/v1/models"),
        ("openai", "/v1/models"),
        ("openai", "/v1/chat/completions"),
    ]


async def test_first_token_delay_and_rate_slow_the_stream(
    sim: Simulator, gemini_client: genai.Client
) -> None:
    sim.script(
        "gemini", Fault(text="one two three four", first_token_delay=0.2, rate=40)
    )
    started = time.monotonic()
    arrivals: list[float] = []

    stream = await gemini_client.aio.models.generate_content_stream(
        model="gemini-2.5-flash", contents="hi"
    )
    async for _chunk in stream:
        arrivals.append(time.monotonic() - started)

    # Lower bounds only: the simulator waits at least this long.
    assert arrivals[0] >= 0.2
    assert arrivals[-1] >= 0.2 + 4 / 40


def test_standalone_main_serves_until_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    process = subprocess.Popen(
        [sys.executable, "-m", "jarvis.simulator", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        port = int(banner.rsplit(":", 1)[1])
        lines = [process.stdout.readline().strip() for _ in range(3)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request(
            "GET", "/openai/v1/models", headers={"authorization": "Bearer k"}
        )
        status = connection.getresponse().status
        connection.close()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    assert status == 200
    assert code == 0
    assert lines[1] == f"openai    base_url = http://127.0.0.1:{port}/openai/v1"


def test_main_in_process_stops_on_sigterm(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    returned = threading.Event()

    def terminate_once_listening() -> None:
        # main() installs its signal handlers before it starts listening.
        # Keep trying until main returns (a loaded machine may take long to
        # start it), so the test can fail but never hang.
        deadline = time.monotonic() + 120
        while not returned.is_set() and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except OSError:
                time.sleep(0.05)
                continue
            os.kill(os.getpid(), signal.SIGTERM)
            returned.wait(2)

    killer = threading.Thread(target=terminate_once_listening)
    killer.start()
    try:
        code = main(port)
    finally:
        returned.set()
        killer.join()

    assert code == 0
    out = capsys.readouterr().out
    assert f"gemini    base_url = http://127.0.0.1:{port}/gemini" in out
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def get_models(sim: Simulator, path: str, header: str | None = "authorization") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=10)
    headers = {}
    if header == "authorization":
        headers[header] = "Bearer k"
    elif header is not None:
        headers[header] = "k"
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
