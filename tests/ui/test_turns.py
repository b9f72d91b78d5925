"""Folding service events into a turn's view state (no widgets)."""

from __future__ import annotations

from decimal import Decimal

from jarvis.events import (
    AttemptStarted,
    Failed,
    FinishReason,
    Notice,
    Reply,
    ReplyDone,
    TextDelta,
    UsageReported,
)
from jarvis.usage import Usage
from ui.turns import Turn, TurnStatus, apply, fail
from ui.turnwidget import format_cost


def _reply(**changes: object) -> Reply:
    values: dict[str, object] = dict(
        text="Hello world", provider="openai", model="gpt-5-mini",
        usage=Usage(input_tokens=500, cache_read_tokens=1500, output_tokens=40,
                    reasoning_tokens=10),
        cost_usd=Decimal("0.000123"), finish_reason=FinishReason.STOP,
        latency_s=1.0, ttft_s=0.25, fallback_from=("anthropic",))
    values.update(changes)
    return Reply(**values)  # type: ignore[arg-type]


def test_deltas_stream_then_the_reply_completes() -> None:
    turn = Turn(1, "hi")
    assert apply(turn, AttemptStarted("anthropic", "claude-sonnet-4-5", 1))
    assert turn.status is TurnStatus.WAITING
    apply(turn, TextDelta("Hello"))
    apply(turn, TextDelta(" wor"))
    assert (turn.status, turn.text) == (TurnStatus.STREAMING, "Hello wor")
    apply(turn, UsageReported(Usage(input_tokens=3, output_tokens=2)))
    assert (turn.input_tokens, turn.output_tokens) == (3, 2)

    apply(turn, ReplyDone(_reply()))
    assert turn.status is TurnStatus.DONE
    assert turn.text == "Hello world"
    assert (turn.provider, turn.model) == ("openai", "gpt-5-mini")
    assert (turn.input_tokens, turn.output_tokens) == (2000, 50)
    assert turn.priced and turn.cost_usd == Decimal("0.000123")
    assert turn.fallback_from == ("anthropic",)
    assert turn.note == ""


def test_unpriced_reply_is_not_zero_C08() -> None:
    turn = Turn(1, "hi")
    apply(turn, ReplyDone(_reply(cost_usd=None)))
    assert not turn.priced and turn.cost_usd is None


def test_safety_stop_explains_why_C03() -> None:
    turn = Turn(1, "hi")
    apply(turn, ReplyDone(_reply(text="Here is", finish_reason=FinishReason.SAFETY)))
    assert turn.note == "The reply was blocked by the provider's safety filter."


def test_failure_with_partial_text_is_interrupted_and_keeps_it() -> None:
    turn = Turn(1, "hi")
    apply(turn, TextDelta("Hel"))
    apply(turn, Failed("interrupted", "overloaded", provider="anthropic",
                       partial_text="Hel"))
    assert (turn.status, turn.text, turn.error) == (
        TurnStatus.INTERRUPTED, "Hel", "overloaded")
    assert turn.status.retryable


def test_failure_before_any_text_is_failed() -> None:
    turn = Turn(1, "hi")
    apply(turn, Failed("auth", "Key rejected: replace it in Keys."))
    assert turn.status is TurnStatus.FAILED
    assert turn.error == "Key rejected: replace it in Keys."


def test_cancel_marks_only_an_active_turn_and_restart_forgets_the_reply() -> None:
    turn = Turn(7, "hi", asked_provider="gemini", asked_model="gemini-2.5-pro")
    apply(turn, AttemptStarted("gemini", "gemini-2.5-pro", 1))
    apply(turn, TextDelta("partial"))
    turn.cancel()
    assert turn.status is TurnStatus.CANCELLED
    turn.restart()
    assert (turn.id, turn.prompt, turn.text, turn.status, turn.provider) == (
        7, "hi", "", TurnStatus.WAITING, None)
    assert (turn.asked_provider, turn.asked_model) == ("gemini", "gemini-2.5-pro")
    done = Turn(2, "x", status=TurnStatus.DONE)
    done.cancel()
    assert done.status is TurnStatus.DONE


def test_an_unexpected_end_fails_the_turn_keeping_text() -> None:
    turn = Turn(1, "hi")
    fail(turn, "Internal error")
    assert (turn.status, turn.error) == (TurnStatus.FAILED, "Internal error")
    streaming = Turn(2, "hi")
    apply(streaming, TextDelta("so far"))
    fail(streaming, "Internal error")
    assert (streaming.status, streaming.text) == (TurnStatus.INTERRUPTED, "so far")


def test_notices_do_not_change_the_turn() -> None:
    turn = Turn(1, "hi")
    assert not apply(turn, Notice("budget", "80% of the daily cap used"))


def test_cost_format() -> None:
    assert format_cost(Decimal("0.000123")) == "$0.000123"
    assert format_cost(Decimal("0.0031")) == "$0.0031"
    assert format_cost(Decimal("0.5")) == "$0.50"
    assert format_cost(Decimal("0.0000004")) == "<$0.000001"
    assert format_cost(Decimal("0")) == "$0.00"
    assert format_cost(Decimal("12.345")) == "$12.35"
    assert format_cost(Decimal("1234.5")) == "$1,234.50"
