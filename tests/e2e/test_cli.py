"""The ``jarvis`` command as a real process: output, JSON and exit codes."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from jarvis.simulator import Simulator
from tests.e2e.conftest import FAKE_KEYS, write_config

ROOT = Path(__file__).resolve().parents[2]


def jarvis(
    home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")
    }
    environment.update({"JARVIS_HOME": str(home), "PYTHONPATH": str(ROOT)})
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "jarvis", *args], input=stdin, env=environment,
        capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("provider", ["anthropic", "openai", "gemini"])
def test_ask_demo_streams_then_usage_lists_priced_rows(
    tmp_path: Path, provider: str
) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "-p", provider, "Write hello world")

    assert done.returncode == 0, done.stderr
    assert "```python" in done.stdout
    assert f"{provider} ·" in done.stderr

    usage = jarvis(tmp_path, "usage", "--json")
    report = json.loads(usage.stdout)
    assert usage.returncode == 0
    assert [r["provider"] for r in report["rows"]] == [provider]
    row = report["rows"][0]
    assert row["status"] == "ok" and float(row["cost_usd"]) > 0
    assert row["demo"] == 1
    assert report["demo_by_provider"][0]["requests"] == 1


def test_ask_json_shape_and_stdin(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "--json", "-p", "openai", "-",
                  stdin="Tell me about lists")

    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert set(reply) >= {"text", "provider", "model", "usage", "cost_usd",
                          "finish_reason"}
    assert set(reply["usage"]) == {"input_tokens", "cache_read_tokens",
                                   "cache_write_tokens", "output_tokens",
                                   "reasoning_tokens"}
    assert reply["provider"] == "openai" and reply["finish_reason"] == "stop"
    assert isinstance(reply["cost_usd"], str) and float(reply["cost_usd"]) > 0


def test_a_json_failure_names_the_conversation_its_prompt_was_kept_in(
    tmp_path: Path,
) -> None:
    import sqlite3

    from jarvis import paths

    done = jarvis(tmp_path, "ask", "--demo", "--json", "-p", "openai",
                  "--no-fallback", "hi [[sim: status=401]]")

    assert done.returncode == 4, done.stderr
    failure = json.loads(done.stdout)
    assert failure["error"] == "auth"
    conn = sqlite3.connect(paths.resolve(tmp_path).database)
    try:
        kept = conn.execute("SELECT text FROM messages WHERE conversation_id = ?",
                            [failure["conversation_id"]]).fetchall()
    finally:
        conn.close()
    assert kept == [("hi [[sim: status=401]]",)]


def test_every_provider_failing_exits_4(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "hi [[sim: status=401]]")

    assert done.returncode == 4
    assert "Key rejected" in done.stderr


def test_refused_by_cap_exits_3(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[limits]\ndaily_usd = 0\n")

    done = jarvis(tmp_path, "ask", "--demo", "hello")

    assert done.returncode == 3
    assert "daily cap" in done.stderr and "Resets" in done.stderr


def test_broken_config_exits_2_names_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('fallback = ["openai"]\n[limits]\ndaily_usd = = 3\n')
    before = hashlib.sha256(config.read_bytes()).hexdigest()

    done = jarvis(tmp_path, "ask", "--demo", "hello")

    assert done.returncode == 2
    assert str(config) in done.stderr and "line 3" in done.stderr
    assert hashlib.sha256(config.read_bytes()).hexdigest() == before


def test_invalid_value_names_the_key_and_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[limits]\n\ndaily_usd = "lots"\n')

    done = jarvis(tmp_path, "usage")

    assert done.returncode == 2
    assert "line 3" in done.stderr and "limits.daily_usd" in done.stderr


def test_unknown_provider_is_a_usage_error(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "-p", "nosuch", "hi")

    assert done.returncode == 2
    assert "unknown provider 'nosuch'" in done.stderr


def test_keys_set_never_takes_the_key_from_argv(tmp_path: Path) -> None:
    key = "-".join(("sk", "in", "argv", "123456"))
    done = jarvis(tmp_path, "keys", "set", "openai", key)

    assert done.returncode == 2
    assert "never taken from the command line" in done.stderr
    assert key not in done.stderr + done.stdout


def test_env_key_reaches_the_provider(tmp_path: Path, sim: Simulator) -> None:
    write_config(tmp_path, sim)

    done = jarvis(tmp_path, "ask", "--json", "-p", "gemini", "hello",
                  env=dict(FAKE_KEYS))

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["provider"] == "gemini"
    assert [(r.kind, r.has_key) for r in sim.requests] == [("gemini", True)]


def test_version_and_help(tmp_path: Path) -> None:
    version = jarvis(tmp_path, "--version")
    helptext = jarvis(tmp_path, "ask", "--help")

    assert version.returncode == 0 and version.stdout.startswith("jarvis ")
    assert "exit codes" in helptext.stdout and "--json" in helptext.stdout


def test_debug_mode_keeps_prompts_out_of_the_log(tmp_path: Path) -> None:
    secret_words = "purple-elephant-4411"

    done = jarvis(tmp_path, "ask", "--demo", secret_words, env={"JARVIS_DEBUG": "1"})

    assert done.returncode == 0
    log_text = (tmp_path / "logs" / "jarvis.log").read_text()
    assert "DEBUG" in log_text
    assert secret_words not in log_text


def test_content_debug_mode_is_labelled(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "hello", env={"JARVIS_DEBUG": "content"})

    assert done.returncode == 0
    assert "may contain prompt and reply text" in (
        tmp_path / "logs" / "jarvis.log").read_text()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("ask", "--demo", "--tier", "ultra", "hi"), 2, "unknown tier"),
        (("ask", "--demo", "--max-tokens", "-3", "hi"), 2, "1 or more"),
        (("ask", "--demo", "--temperature", "nan", "hi"), 2, "from 0 to 2"),
        (("simulate", "--port", "99999"), 2, "from 0 to 65535"),
    ],
)
def test_bad_choices_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    done = jarvis(tmp_path, *args)

    assert done.returncode == code
    assert words in done.stderr.lower()
    assert "Traceback" not in done.stderr


def test_non_utf8_prompt_is_replaced_not_a_crash(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jarvis", "ask", "--demo", "--json", "-"],
        input=b"caf\xe9 au lait", capture_output=True, timeout=120, check=False,
        env={**os.environ, "JARVIS_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)})

    assert done.returncode == 0, done.stderr
    assert b"not UTF-8" in done.stderr


def test_demo_spend_is_listed_apart_and_never_meets_real_caps(
    tmp_path: Path,
) -> None:
    (tmp_path / "config.toml").write_text("[limits]\ndaily_usd = 0.05\n")
    for _ in range(3):
        assert jarvis(tmp_path, "ask", "--demo", "hello").returncode == 0

    report = json.loads(jarvis(tmp_path, "usage", "--json").stdout)
    table = jarvis(tmp_path, "usage").stdout

    assert len(report["rows"]) == 3 and all(r["demo"] == 1 for r in report["rows"])
    assert report["by_provider"] == [], "real totals hold no demo spend"
    assert report["demo_by_provider"][0]["requests"] == 3
    assert "Demo mode (simulated, no cost)" in table


def test_fallback_reason_is_printed(tmp_path: Path, sim: Simulator) -> None:
    write_config(tmp_path, sim)
    env = dict(FAKE_KEYS, ANTHROPIC_API_KEY="fake-invalid-1")

    done = jarvis(tmp_path, "ask", "hello", env=env)

    assert done.returncode == 0
    assert "anthropic: Key rejected" in done.stderr
    assert "Falling back to openai" in done.stderr


def test_secret_in_prompt_exits_3_unless_allowed(tmp_path: Path) -> None:
    key = "-".join(("sk", "proj", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4"))

    refused = jarvis(tmp_path, "ask", "--demo", f"is {key} valid?")
    allowed = jarvis(tmp_path, "ask", "--demo", "--allow-secrets", f"is {key} valid?")

    assert refused.returncode == 3
    assert "not sent unless you confirm" in refused.stderr
    assert key not in refused.stderr + refused.stdout
    assert allowed.returncode == 0, allowed.stderr


def test_attached_file_is_sent_as_data(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>Notes</p><img src='https://tracker.example/p.gif'>")

    done = jarvis(tmp_path, "ask", "--demo", "-a", str(page), "Summarize")
    missing = jarvis(tmp_path, "ask", "--demo", "-a", str(tmp_path / "no"), "x")

    assert done.returncode == 0, done.stderr
    assert "tracker.example" in done.stderr, "stripped images are reported"
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_data_delete_erases_conversations_and_spend(
    tmp_path: Path, sim: Simulator
) -> None:
    write_config(tmp_path, sim)
    jarvis(tmp_path, "ask", "a private question", env=dict(FAKE_KEYS))

    unconfirmed = jarvis(tmp_path, "data", "delete")
    deleted = jarvis(tmp_path, "data", "delete", "--yes")

    assert unconfirmed.returncode == 2 and "nothing deleted" in unconfirmed.stderr
    assert deleted.returncode == 0, deleted.stderr
    report = json.loads(jarvis(tmp_path, "usage", "--json").stdout)
    assert report["rows"] == []
    database = (tmp_path / "data" / "jarvis.sqlite3").read_bytes()
    assert b"a private question" not in database


def test_data_where_lists_the_folders(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "data", "where")

    assert done.returncode == 0
    assert str(tmp_path / "data" / "jarvis.sqlite3") in done.stdout


async def test_vault_keeps_a_key_encrypted_and_serves_it(
    tmp_path: Path, sim: Simulator
) -> None:
    from jarvis import vault as vault_mod
    from jarvis.service import Jarvis
    from tests.e2e.conftest import collect

    write_config(tmp_path, sim)
    key = "-".join(("sk", "vaulted", "e2e", "42424242"))

    stored = jarvis(tmp_path, "keys", "set", "openai", "--vault", "--no-validate",
                    stdin=f"a long passphrase\n{key}\n")
    listed = jarvis(tmp_path, "keys", "list")

    assert stored.returncode == 0, stored.stderr
    assert "encrypted vault" in stored.stdout
    assert "vault.json" in listed.stdout and "openai" in listed.stdout
    assert_in_no_file(tmp_path, key)

    service = await Jarvis.open(home=tmp_path)
    try:
        assert await service.keys.get("openai") is None, "locked until unlocked"
        await service.keys.unlock_vault("a long passphrase")
        events = await collect(service, "hello", provider="openai", fallback=False)
    finally:
        await service.aclose()
    assert type(events[-1]).__name__ == "ReplyDone"
    assert [(r.kind, r.has_key) for r in sim.requests] == [("openai", True)]
    assert vault_mod.SCRYPT_N >= 2**15


def test_a_key_that_could_not_be_checked_is_not_marked_validated(
    tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "config.toml").write_text(
        f'[providers.openai]\nbase_url = "http://127.0.0.1:{port}/v1"\n',
        encoding="utf-8")
    key = "-".join(("sk", "unchecked", "e2e", "42424242"))

    stored = jarvis(tmp_path, "keys", "set", "openai", "--vault",
                    stdin=f"a long passphrase\n{key}\n")

    assert stored.returncode == 0, stored.stderr
    assert "could not check the key" in stored.stderr
    dates = json.loads((tmp_path / "data" / "keys.json").read_text())
    assert "openai" in dates["added_at"]
    assert "openai" not in dates["validated_at"]


def test_usage_prints_no_escape_a_server_put_in_a_model_name(
    tmp_path: Path, sim: Simulator
) -> None:
    from jarvis.simulator import Fault

    write_config(tmp_path, sim)
    # OSC 52 would write the clipboard; ESC [2J clears the screen.
    sim.script("anthropic", Fault(model="evil\x1b]52;c;eA==\x07\x1b[2J"))
    asked = jarvis(tmp_path, "ask", "-p", "anthropic", "hi", env=dict(FAKE_KEYS))

    usage = jarvis(tmp_path, "usage")

    assert asked.returncode == 0, asked.stderr
    assert "anthropic / evil␛]52;c;eA==␇␛[2J" in usage.stdout
    assert "\x1b" not in usage.stdout


def assert_in_no_file(folder: Path, text: str) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            assert text.encode() not in path.read_bytes(), path


def test_keys_list_notes_local_and_unapproved_endpoints(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[providers.openai]\nbase_url = "http://127.0.0.1:9/v1"\n'
        '[providers.gemini]\nbase_url = "https://gemini-keys.example"\n')

    done = jarvis(tmp_path, "keys", "list")

    assert done.returncode == 0, done.stderr
    assert "traffic stays on this machine" in done.stdout
    assert "looks like generativelanguage.googleapis.com" in done.stdout


def test_usage_filters_and_csv(tmp_path: Path, sim: Simulator) -> None:
    write_config(tmp_path, sim)
    env = dict(FAKE_KEYS)
    jarvis(tmp_path, "ask", "-p", "openai", "one", env=env)
    jarvis(tmp_path, "ask", "-p", "gemini", "two [[sim: model=gemini-future-9]]",
           env=env)

    only_openai = json.loads(
        jarvis(tmp_path, "usage", "--json", "-p", "openai").stdout)
    before = json.loads(jarvis(tmp_path, "usage", "--json", "--until",
                               "2000-01-01").stdout)
    csv_text = jarvis(tmp_path, "usage", "--csv").stdout

    assert [r["provider"] for r in only_openai["rows"]] == ["openai"]
    assert before["rows"] == []
    header, *lines = csv_text.strip().splitlines()
    assert header.startswith("started_at,provider,model,status")
    assert len(lines) == 2
    unpriced = next(line for line in lines if "gemini-future-9" in line)
    fields = dict(zip(header.split(","), unpriced.split(","), strict=True))
    assert fields["cost_usd"] == "" and float(fields["charged_usd"]) > 0
