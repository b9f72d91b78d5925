"""The exact-match response cache: keys, eligibility, expiry and replay."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal

import pytest

from jarvis.cache import (
    CachedReply,
    CacheStats,
    ResponseCache,
    fingerprint,
    replay,
    request_key,
)
from jarvis.clock import ManualClock
from jarvis.config import CacheConfig
from jarvis.events import FinishReason
from jarvis.providers.base import key_fingerprint
from jarvis.usage import Usage

CANARY_KEY = "-".join(("sk", "test", "CANARY", "5d1f"))


def key(**changes: object) -> str:
    fields: dict[str, object] = {
        "provider": "openai",
        "model": "gpt-5-mini",
        "system": "Be brief.",
        "messages": [("user", "Hi"), ("assistant", "Hello!"), ("user", "2+2?")],
        "params": {"temperature": 0, "max_tokens": 2048},
        "key_fingerprint": fingerprint("sk-one"),
    }
    fields.update(changes)
    return request_key(**fields)  # type: ignore[arg-type]


def reply(text: str = "4", finish: str = FinishReason.STOP) -> CachedReply:
    return CachedReply(
        text=text,
        provider="openai",
        model="gpt-5-mini",
        usage=Usage(input_tokens=12, output_tokens=1),
        cost_usd=Decimal("0.000005"),
        finish_reason=finish,
    )


def test_key_is_sha256_of_canonical_json() -> None:
    expected = json.dumps(
        {
            "key": fingerprint("sk-one"),
            "messages": [["user", "Hi"], ["assistant", "Hello!"], ["user", "2+2?"]],
            "model": "gpt-5-mini",
            "params": {"max_tokens": 2048, "temperature": 0},
            "provider": "openai",
            "system": "Be brief.",
            "v": 1,
        },
        separators=(",", ":"),
    )
    assert key() == hashlib.sha256(expected.encode()).hexdigest()


def test_same_request_same_key_regardless_of_param_order_and_number_form() -> None:
    reordered: Mapping[str, object] = {"max_tokens": 2048, "temperature": 0.0}
    assert key(params=reordered) == key()
    assert key(params={**reordered, "top_p": None}) == key()


@pytest.mark.parametrize(
    "change",
    [
        {"provider": "azure"},
        {"model": "gpt-5"},
        {"system": "Be verbose."},
        {"messages": [("user", "Hi"), ("assistant", "Hello!"), ("user", "2+3?")]},
        {"messages": [("user", "Hi"), ("user", "Hello!"), ("user", "2+2?")]},
        {"messages": [("user", "Hi"), ("assistant", "Hello!")]},
        {"params": {"temperature": 0, "max_tokens": 1024}},
        {"params": {"temperature": 0, "max_tokens": 2048, "seed": 1}},
        {"params": {"temperature": True, "max_tokens": 2048}},
        {"key_fingerprint": fingerprint("sk-two")},
    ],
)
def test_any_difference_changes_the_key(change: dict[str, object]) -> None:
    assert key(**change) != key()


def test_message_boundaries_are_part_of_the_key() -> None:
    joined = key(messages=[("user", "ab")])
    split = key(messages=[("user", "a"), ("user", "b")])
    assert joined != split


def test_fingerprint_is_one_way_and_keyless_is_explicit__C10() -> None:
    print_ = fingerprint(CANARY_KEY)
    assert "CANARY" not in print_
    assert print_ == key_fingerprint(CANARY_KEY)
    assert len(print_) == 16
    assert fingerprint(None) == fingerprint("") == "keyless"
    assert CANARY_KEY not in key(key_fingerprint=print_)


def test_a_fingerprint_is_required() -> None:
    with pytest.raises(ValueError, match="fingerprint"):
        key(key_fingerprint="")


@pytest.mark.parametrize(
    ("value", "error"),
    [(float("nan"), ValueError), (float("inf"), ValueError), (object(), TypeError)],
)
def test_unkeyable_params_raise(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        key(params={"temperature": value})


def test_nested_params_are_canonical() -> None:
    one = key(params={"thinking": {"budget": 1024.0, "on": True}, "stop": ("x",)})
    two = key(params={"stop": ["x"], "thinking": {"on": True, "budget": 1024}})
    assert one == two


@pytest.mark.parametrize(
    ("temperature", "nondeterministic", "expected"),
    [
        (0, False, True),
        (0.0, False, True),
        (0.2, False, False),
        (None, False, False),
        (0.7, True, True),
        (None, True, True),
    ],
)
def test_cacheable_only_when_deterministic(
    temperature: float | None, nondeterministic: bool, expected: bool
) -> None:
    cache = ResponseCache(CacheConfig(nondeterministic=nondeterministic))
    assert cache.cacheable(temperature) is expected


def test_disabled_cache_stores_and_serves_nothing() -> None:
    cache = ResponseCache(CacheConfig(enabled=False))
    assert not cache.cacheable(0)
    assert not cache.put(key(), reply())
    assert cache.get(key()) is None
    assert cache.stats() == CacheStats(hits=0, misses=0, entries=0)


def test_put_then_get_returns_the_stored_reply() -> None:
    cache = ResponseCache(CacheConfig())
    stored = reply("The answer is 4.")
    assert cache.put(key(), stored)
    assert cache.get(key()) == stored
    assert cache.get(key(model="gpt-5")) is None
    assert cache.stats() == CacheStats(hits=1, misses=1, entries=1)


def test_hits_are_never_shared_across_keys() -> None:
    cache = ResponseCache(CacheConfig())
    cache.put(key(key_fingerprint=fingerprint("sk-one")), reply())
    assert cache.get(key(key_fingerprint=fingerprint("sk-two"))) is None


@pytest.mark.parametrize(
    "finish",
    [
        FinishReason.INTERRUPTED,
        FinishReason.CANCELLED,
        FinishReason.LENGTH,
        FinishReason.SAFETY,
        FinishReason.THINKING_LIMIT,
        FinishReason.OTHER,
    ],
)
def test_only_complete_replies_are_stored__C02(finish: FinishReason) -> None:
    cache = ResponseCache(CacheConfig())
    assert not cache.put(key(), reply("Hel", finish))
    assert cache.get(key()) is None


def test_empty_reply_is_not_stored__C03() -> None:
    cache = ResponseCache(CacheConfig())
    assert not cache.put(key(), reply(""))


def test_entries_expire_after_ttl() -> None:
    clock = ManualClock()
    cache = ResponseCache(CacheConfig(ttl_s=60), timer=clock)
    cache.put(key(), reply())
    clock.advance(59.9)
    assert cache.get(key()) is not None
    clock.advance(0.1)
    assert cache.get(key()) is None
    assert cache.stats().entries == 0


def test_size_bound_evicts_least_recently_used() -> None:
    cache = ResponseCache(CacheConfig(size=2))
    first, second, third = (key(system=str(n)) for n in range(3))
    cache.put(first, reply("1"))
    cache.put(second, reply("2"))
    assert cache.get(first) is not None  # first is now the most recent
    cache.put(third, reply("3"))
    assert cache.get(second) is None
    assert cache.get(first) is not None
    assert cache.get(third) is not None


def test_clear_forgets_everything() -> None:
    cache = ResponseCache(CacheConfig())
    cache.put(key(), reply())
    cache.clear()
    assert cache.get(key()) is None


async def test_replay_streams_the_whole_text_in_chunks() -> None:
    text = "Here is a reply with emoji 👩‍👩‍👧 and עברית." * 3
    chunks = [chunk async for chunk in replay(reply(text), chunk_chars=10)]
    assert "".join(chunks) == text
    assert all(len(chunk) == 10 for chunk in chunks[:-1])
    assert len(chunks) == -(-len(text) // 10)


async def test_replay_default_chunks_and_empty_text() -> None:
    assert [c async for c in replay(reply("x" * 130))] == ["x" * 64, "x" * 64, "xx"]
    assert [c async for c in replay(reply(""))] == []


async def test_replay_rejects_zero_chunk() -> None:
    with pytest.raises(ValueError):
        [c async for c in replay(reply(), chunk_chars=0)]
