"""Fault validation, the directive grammar and the reply planner."""

from __future__ import annotations

import pytest

from jarvis.simulator import CACHED_USAGE_C07, DirectiveError, Fault, find_directive
from jarvis.simulator.replies import (
    SAFETY_PARTIAL,
    count_tokens,
    long_reply,
    plan_reply,
    split_tokens,
)


def test_default_fault_changes_nothing() -> None:
    fault = Fault()

    assert fault.status is None and fault.error_after is None
    assert fault.drop_after is None and fault.rate is None
    assert not fault.safety and not fault.thinking_exhausts


@pytest.mark.parametrize(
    "knobs",
    [
        {"status": 418},
        {"retry_after": 1, "retry_after_date": 5},
        {"rate": 0},
        {"prompt_tokens": 10, "cache_read": 11},
    ],
)
def test_inconsistent_faults_are_rejected(knobs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Fault(**knobs)  # type: ignore[arg-type]


def test_directive_values_take_each_knob_type() -> None:
    text = (
        "please [[sim: status=429 retry_after=2.5 safety=yes "
        'model=gpt-x text="a \\"quoted\\" reply"]]'
    )

    assert find_directive(text) == Fault(
        status=429,
        retry_after=2.5,
        safety=True,
        model="gpt-x",
        text='a "quoted" reply',
    )


def test_several_directives_merge_later_wins() -> None:
    text = "[[sim: tokens=2000 rate=500]] and [[SIM: rate=50 drop_after=3]]"

    assert find_directive(text) == Fault(tokens=2000, rate=50, drop_after=3)


def test_text_without_directive_gives_none() -> None:
    assert find_directive("just a [[normal]] message") is None


@pytest.mark.parametrize(
    "text",
    [
        "[[sim: colour=blue]]",
        "[[sim: status=often]]",
        "[[sim: safety=maybe]]",
        "[[sim: status=429 stray]]",
        "[[sim: status=418]]",
    ],
)
def test_bad_directives_raise(text: str) -> None:
    with pytest.raises(DirectiveError):
        find_directive(text)


@pytest.mark.parametrize(
    "text", ["", "plain words", "a-b, c.d!\n\n```py\nx = 1\n```\n  ", "  lead"]
)
def test_split_tokens_joins_back(text: str) -> None:
    assert "".join(split_tokens(text)) == text


def test_count_tokens_counts_words_and_marks() -> None:
    assert count_tokens("Hello, world!") == 4
    assert count_tokens("def f(x): return x") == 8


def test_same_request_same_reply_and_different_request_different_reply() -> None:
    first = plan_reply(
        model="m", request_text="a", prompt="a", max_tokens=None, fault=Fault()
    )
    again = plan_reply(
        model="m", request_text="a", prompt="a", max_tokens=None, fault=Fault()
    )
    other = plan_reply(
        model="m", request_text="b", prompt="b", max_tokens=None, fault=Fault()
    )

    assert first == again
    assert first.text != other.text
    assert "```python\n" in first.text and first.text.endswith("```\n")


def test_long_reply_has_about_n_tokens_and_balanced_fences() -> None:
    text = long_reply(2000, "0" * 64)

    assert 2000 <= count_tokens(text) <= 2003
    assert text.count("```python") >= 5
    assert text.count("```") % 2 == 0


def test_tokens_knob_and_usage_agree() -> None:
    reply = plan_reply(
        model="m",
        request_text="x",
        prompt="x",
        max_tokens=None,
        fault=Fault(tokens=300),
    )

    assert reply.usage.output == count_tokens(reply.text)
    assert 300 <= reply.usage.output <= 303
    assert reply.finish == "stop"


def test_cached_usage_preset__C07() -> None:
    reply = plan_reply(
        model="m", request_text="x", prompt="x", max_tokens=None, fault=CACHED_USAGE_C07
    )

    assert reply.usage.prompt == 2000
    assert (reply.usage.cache_read, reply.usage.cache_write) == (1500, 300)
    assert reply.usage.fresh_input == 200


def test_cache_knobs_add_to_counted_prompt() -> None:
    reply = plan_reply(
        model="m",
        request_text="three words here",
        prompt="x",
        max_tokens=None,
        fault=Fault(cache_read=100),
    )

    assert reply.usage.prompt == 103
    assert reply.usage.fresh_input == 3


def test_safety_and_thinking_plans() -> None:
    blocked = plan_reply(
        model="m", request_text="x", prompt="x", max_tokens=50, fault=Fault(safety=True)
    )
    thinking = plan_reply(
        model="m",
        request_text="x",
        prompt="x",
        max_tokens=50,
        fault=Fault(thinking_exhausts=True),
    )

    assert (blocked.text, blocked.finish) == (SAFETY_PARTIAL, "safety")
    assert (thinking.text, thinking.finish) == ("", "thinking")
    assert (thinking.usage.output, thinking.usage.reasoning) == (0, 50)
