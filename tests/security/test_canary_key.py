"""A canary key never reaches a file Jarvis writes (CASES.md C10).

Every provider gets the canary as its key, DEBUG logging is on for Jarvis and
every SDK (the labelled ``JARVIS_DEBUG=content`` mode), and each provider
answers 400. Then every file under JARVIS_HOME
(config, logs, SQLite database and its WAL) and everything the user was shown
is searched for the canary.
"""

from __future__ import annotations

from pathlib import Path

from jarvis.simulator import Simulator
from tests.e2e.conftest import write_config
from tests.e2e.test_cli import jarvis

CANARY = "sk-test-CANARY-5d1f"


def test_canary_key_in_no_file_and_no_message__C10(
    tmp_path: Path, sim: Simulator
) -> None:
    write_config(tmp_path, sim)
    env = {"ANTHROPIC_API_KEY": CANARY, "OPENAI_API_KEY": CANARY,
           "GEMINI_API_KEY": CANARY, "JARVIS_DEBUG": "content"}

    for provider in ("anthropic", "openai", "gemini"):
        done = jarvis(tmp_path, "ask", "-p", provider, "hello [[sim: status=400]]",
                      env=env)
        assert done.returncode == 4
        assert CANARY not in done.stdout + done.stderr

    assert [r.kind for r in sim.requests] == ["anthropic", "openai", "gemini"]
    assert all(r.has_key for r in sim.requests)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in written), "DEBUG log was written"
    assert any(p.name.endswith(".sqlite3") for p in written)
    log_text = "".join(p.read_text(errors="replace") for p in written
                       if p.suffix == ".log")
    assert "anthropic" in log_text.lower(), "SDK debug lines reached the log"
    for path in written:
        assert CANARY.encode() not in path.read_bytes(), path
