"""``jarvis doctor`` as a real process against the provider simulator.

Providers point at the simulator on 127.0.0.1 (a key containing "invalid"
is rejected there); the display probe runs offscreen or with no display.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

from jarvis import paths
from jarvis.simulator import Simulator
from tests.e2e.conftest import FAKE_KEYS, write_config
from tests.e2e.test_cli import jarvis


def _doctor(home: Path, env: dict[str, str] | None = None
            ) -> tuple[int, dict[str, dict[str, str]]]:
    done = jarvis(home, "doctor", "--json",
                  env={"QT_QPA_PLATFORM": "offscreen", **(env or {})})
    report = json.loads(done.stdout)
    assert report["ok"] is (done.returncode == 0), done.stderr
    return done.returncode, {c["check"]: c for c in report["checks"]}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_healthy_setup_exits_0_and_touches_nothing(
    tmp_path: Path, sim: Simulator
) -> None:
    write_config(tmp_path, sim)
    before = sorted(p.name for p in tmp_path.iterdir())

    code, checks = _doctor(tmp_path, dict(FAKE_KEYS))

    assert code == 0
    for name in ("anthropic", "openai", "gemini"):
        assert checks[f"provider {name}"]["status"] == "ok"
        assert "the key works" in checks[f"provider {name}"]["summary"]
    assert checks["config"]["status"] == "ok"
    assert checks["database"]["summary"].endswith("created at the first start.")
    assert checks["display"]["status"] == "note"
    assert "offscreen" in checks["display"]["summary"]
    assert checks["tray"]["status"] == "note"
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "read-only"
    # One cheap call per provider, each with its key, nowhere else.
    assert sorted((r.kind, r.has_key) for r in sim.requests) == [
        ("anthropic", True), ("gemini", True), ("openai", True)]


def test_a_rejected_key_and_a_dead_server_are_problems_with_fixes(
    tmp_path: Path, sim: Simulator
) -> None:
    port = _free_port()
    (tmp_path / "config.toml").write_text(
        'fallback = ["local", "openai"]\n'
        f'[providers.local]\nkind = "openai_compatible"\n'
        f'base_url = "http://127.0.0.1:{port}/v1"\nmodel = "m"\n'
        f'[providers.openai]\nbase_url = "{sim.base_url("openai")}"\n'
        f'[providers.anthropic]\nbase_url = "{sim.base_url("anthropic")}"\n'
        "[providers.gemini]\nenabled = false\n", encoding="utf-8")
    env = {"OPENAI_API_KEY": "-".join(("sk", "invalid", "doctor", "0001"))}

    code, checks = _doctor(tmp_path, env)

    assert code == 5
    openai = checks["provider openai"]
    assert openai["status"] == "problem" and "rejected" in openai["summary"]
    assert "jarvis keys set openai" in openai["fix"]
    assert openai["fix"].startswith("The key comes from OPENAI_API_KEY, which "
                                    "overrides the keychain")
    local = checks["provider local"]
    assert local["status"] == "problem"
    assert f"127.0.0.1:{port}" in local["fix"]
    assert checks["provider anthropic"]["status"] == "note"
    assert "provider gemini" not in checks, "disabled providers are skipped"
    assert checks["providers"]["status"] == "problem"
    assert checks["providers"]["fix"].startswith(
        "Fix the provider problems above, or add a key")


def test_a_broken_config_is_named_and_left_as_it_is(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[limits]\ndaily_usd = -3\n", encoding="utf-8")
    before = config.read_bytes()

    code, checks = _doctor(tmp_path)

    assert code == 5
    assert checks["config"]["status"] == "problem"
    assert str(config) in checks["config"]["summary"]
    assert "line 2" in checks["config"]["summary"]
    assert checks["providers"]["summary"].startswith("Not checked")
    assert config.read_bytes() == before


def test_a_damaged_database_is_reported_not_moved(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "ask", "--demo", "Hi [[sim: tokens=5]]")
    assert done.returncode == 0, done.stderr
    code, checks = _doctor(tmp_path, dict(FAKE_KEYS))
    assert checks["database"]["status"] == "ok"
    assert "integrity ok, schema at 0" in checks["database"]["summary"]

    database = paths.resolve(tmp_path).database
    database.write_bytes(database.read_bytes()[:6000])
    code, checks = _doctor(tmp_path, dict(FAKE_KEYS))

    assert code == 5
    assert checks["database"]["status"] == "problem"
    assert "moves the damaged file aside" in checks["database"]["fix"]
    assert list(database.parent.glob("*.broken-*")) == []


def test_no_display_is_a_note_and_the_text_report_has_fixes(tmp_path: Path) -> None:
    done = jarvis(tmp_path, "doctor", env={"QT_QPA_PLATFORM": "", "DISPLAY": "",
                                           "WAYLAND_DISPLAY": ""})

    assert done.returncode == 5, "no provider has a key"
    lines = done.stdout.splitlines()
    display = next(line for line in lines if line.split()[1:2] == ["display"])
    assert display.startswith("note") and "No window can open here" in display
    assert "-> `jarvis gui` needs a desktop session" in done.stdout
    assert lines[-1] == "1 problem(s) found."


def test_a_key_in_the_locked_vault_is_not_asked_for(
    tmp_path: Path, sim: Simulator
) -> None:
    from jarvis.vault import Vault

    write_config(tmp_path, sim)
    vault = Vault(paths.resolve(tmp_path).vault_file)
    vault.create("-".join(("correct", "horse", "battery")))
    vault.set("gemini", "-".join(("gm", "vault", "fake", "0004")))
    vault.lock()

    code, checks = _doctor(tmp_path, {"OPENAI_API_KEY": FAKE_KEYS["OPENAI_API_KEY"]})

    assert code == 0
    assert checks["provider gemini"]["status"] == "ok"
    assert "encrypted vault" in checks["provider gemini"]["summary"]
    assert checks["provider anthropic"]["status"] == "note"
    assert [r.kind for r in sim.requests] == ["openai"], "no vault key was sent"
