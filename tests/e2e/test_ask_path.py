"""The facade's path to the first token: what it stores, what it imports.

A new conversation is stored together with its first prompt (one database
call); a request refused before that leaves nothing behind. Pricing comes
from the price table in the data folder once a model has been priced.
"""

from __future__ import annotations

import json
import os
import random
import string
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from jarvis.events import Failed, ReplyDone
from jarvis.service import Jarvis
from jarvis.simulator import Simulator
from tests.e2e.conftest import FAKE_KEYS, collect, write_config

ROOT = Path(__file__).resolve().parents[2]


def _token_body() -> str:
    """A token's random part, made at run time (no secret-like literal)."""
    return "".join(random.choices(string.ascii_letters + string.digits, k=36))


async def test_new_conversation_is_stored_with_its_prompt(service: Jarvis) -> None:
    events = await collect(service, "Name a prime.", provider="openai")
    done = events[-1]
    assert isinstance(done, ReplyDone)
    [summary] = await service.conversations()
    assert summary.id == done.reply.conversation_id
    assert summary.title == "Name a prime."
    stored = await service.messages(summary.id)
    assert [(m.role, m.status) for m in stored] == [("user", "ok"), ("assistant", "ok")]
    assert stored[1].text == done.reply.text


async def test_refused_new_conversation_leaves_nothing(service: Jarvis) -> None:
    prompt = "my key is ghp_" + _token_body()
    events = await collect(service, prompt, provider="openai")
    assert isinstance(events[-1], Failed)
    assert events[-1].kind == "secret"
    assert events[-1].conversation_id is None
    assert await service.conversations() == []
    events = await collect(service, "hello", provider="no-such-provider")
    assert isinstance(events[-1], Failed)
    assert events[-1].conversation_id is None
    assert await service.conversations() == []


async def test_existing_conversation_keeps_its_own_chain(service: Jarvis) -> None:
    conversation = await service.new_conversation()
    await service.set_conversation_fallback(conversation, ["gemini"])
    events = []
    async for event in service.ask("Which provider?", conversation_id=conversation):
        events.append(event)
    done = events[-1]
    assert isinstance(done, ReplyDone)
    assert done.reply.provider == "gemini"
    assert done.reply.conversation_id == conversation


def test_second_cli_process_prices_from_the_table(home: Path, sim: Simulator) -> None:
    """``jarvis ask`` twice: the first builds the price table, the second
    logs the same cost without importing genai-prices or keyring."""
    write_config(home, sim)
    env = {**os.environ, **FAKE_KEYS, "JARVIS_HOME": str(home)}
    script = (
        "import sys\n"
        "from jarvis.cli import main\n"
        "code = main(['ask', '-p', 'openai', '--json', 'hi'])\n"
        "print('MODULES', 'genai_prices' in sys.modules, 'keyring' in sys.modules)\n"
        "sys.exit(code)\n"
    )
    outputs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120,
                              check=True)
        body, _, modules = done.stdout.rpartition("MODULES")
        outputs.append((json.loads(body), modules.split()))
    (first, first_modules), (second, second_modules) = outputs
    assert first_modules == ["True", "False"]
    assert second_modules == ["False", "False"]
    assert Decimal(second["cost_usd"]) == Decimal(first["cost_usd"]) > 0
    assert (home / "data" / "prices.json").exists()
