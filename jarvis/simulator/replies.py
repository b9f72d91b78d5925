"""Deterministic reply text, simple token counting and the plan of one reply.

The simulator counts a token as a word or a single punctuation mark, with the
whitespace before it attached, so joining the pieces gives the text back and
every provider shape reports the same counts for the same request.

A :class:`ReplyPlan` is provider-neutral: the text deltas to stream, why the
reply stops and the usage numbers. The wire modules render it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from jarvis.simulator.faults import Fault
from jarvis.simulator.images import SeenImage

Finish = Literal["stop", "length", "safety", "thinking"]
"""stop: natural end; length: max tokens hit; safety: blocked by a filter;
thinking: the output budget went to thinking and no text came."""

TOKENS_PER_DELTA = 4
"""Tokens carried by one streamed text delta."""

SAFETY_PARTIAL = "Here is"
"""The text a safety-stopped reply shows before it is cut (CASES C03)."""

_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])")


@dataclass(frozen=True)
class UsageNumbers:
    """Provider-neutral usage; see the package docstring for each shape.

    Attributes:
        prompt: all input tokens, cached ones included.
        cache_read: input tokens read from the prompt cache.
        cache_write: input tokens written to the prompt cache.
        output: visible output tokens.
        reasoning: thinking tokens, not included in ``output``.
    """

    prompt: int
    cache_read: int
    cache_write: int
    output: int
    reasoning: int

    @property
    def fresh_input(self) -> int:
        """Input tokens neither read from nor written to the cache."""
        return max(0, self.prompt - self.cache_read - self.cache_write)


@dataclass(frozen=True)
class ReplyPlan:
    """What one successful (or faulted-in-stream) reply consists of."""

    model: str
    deltas: tuple[str, ...]
    finish: Finish
    usage: UsageNumbers
    thinking: str
    reply_id: str

    @property
    def text(self) -> str:
        """The full visible reply text."""
        return "".join(self.deltas)


def split_tokens(text: str) -> list[str]:
    """Split text into token pieces that join back into exactly ``text``."""
    pieces = _TOKEN.findall(text)
    rest = text[sum(len(piece) for piece in pieces) :]
    if rest and pieces:
        pieces[-1] += rest
    elif rest:
        pieces.append(rest)
    return pieces


def count_tokens(text: str) -> int:
    """Count tokens the simulator's way."""
    return len(_TOKEN.findall(text))


def plan_reply(
    *,
    model: str,
    request_text: str,
    prompt: str,
    max_tokens: int | None,
    fault: Fault,
    images: tuple[SeenImage, ...] = (),
    image_tokens: int = 0,
) -> ReplyPlan:
    """Decide the reply for a request from its text, budget and fault.

    Args:
        model: the model the request named.
        request_text: all text of the request (system and messages), used to
            count input tokens.
        prompt: the last user message, which seeds the reply.
        max_tokens: the request's output budget, if it set one.
        fault: knobs for this request.
        images: the images the request carried; the default reply says
            what it saw, so a test can tell they arrived intact.
        image_tokens: input tokens counted for each image.
    """
    seed = request_text + "".join(image.sha256 for image in images)
    digest = hashlib.sha256(seed.encode()).hexdigest()
    body = _reply_body(prompt, digest, fault)
    if images and fault.text is None and not (fault.safety or fault.thinking_exhausts):
        body = saw_images(images) + body
    pieces, finish = _cut(split_tokens(body), max_tokens, fault)
    reasoning = fault.reasoning_tokens
    if fault.thinking_exhausts:
        reasoning = max_tokens if max_tokens is not None else 1024
    usage = UsageNumbers(
        prompt=_prompt_tokens(request_text, fault) + image_tokens * len(images),
        cache_read=fault.cache_read,
        cache_write=fault.cache_write,
        output=fault.output_tokens if fault.output_tokens is not None else len(pieces),
        reasoning=reasoning,
    )
    return ReplyPlan(
        model=fault.model or model,
        deltas=_group(pieces),
        finish=finish,
        usage=usage,
        thinking=_thinking_text(digest) if reasoning else "",
        reply_id=digest[:24],
    )


def saw_images(images: tuple[SeenImage, ...]) -> str:
    """"I see 2 images: image/png sha256:1a2b…, image/jpeg sha256:…. ""."""
    noun = "image" if len(images) == 1 else "images"
    seen = ", ".join(f"{i.media_type} sha256:{i.sha256[:16]}" for i in images)
    return f"I see {len(images)} {noun}: {seen}.\n\n"


def _prompt_tokens(request_text: str, fault: Fault) -> int:
    if fault.prompt_tokens is not None:
        return fault.prompt_tokens
    counted = max(1, count_tokens(request_text))
    return counted + fault.cache_read + fault.cache_write


def _reply_body(prompt: str, digest: str, fault: Fault) -> str:
    if fault.safety:
        return SAFETY_PARTIAL
    if fault.thinking_exhausts:
        return ""
    if fault.text is not None:
        return fault.text
    if fault.tokens is not None:
        return long_reply(fault.tokens, digest)
    return short_reply(prompt, digest)


def _cut(
    pieces: list[str], max_tokens: int | None, fault: Fault
) -> tuple[list[str], Finish]:
    if fault.safety:
        return pieces, "safety"
    if fault.thinking_exhausts:
        return [], "thinking"
    if max_tokens is not None and len(pieces) > max_tokens:
        return pieces[:max_tokens], "length"
    return pieces, "stop"


def _group(pieces: list[str]) -> tuple[str, ...]:
    return tuple(
        "".join(pieces[start : start + TOKENS_PER_DELTA])
        for start in range(0, len(pieces), TOKENS_PER_DELTA)
    )


def short_reply(prompt: str, digest: str) -> str:
    """The default answer: one paragraph and a fenced Python block."""
    words = len(prompt.split())
    return (
        f"Here is a short answer to your {words}-word message "
        f"(reply `{digest[:8]}`). The function below shows the idea "
        "in **plain Python**.\n\n"
        "```python\n"
        "def greet(name: str) -> str:\n"
        '    return f"Hello, {name}!"\n'
        "```\n"
    )


_SECTION = (
    "Step {n} explains one more part of the answer (reply `{ref}`). "
    "It keeps the code small, names things plainly and checks each result "
    "before moving on, so a reader can follow along.\n\n"
    "```python\n"
    "def step_{n}(values: list[int]) -> int:\n"
    "    total = 0\n"
    "    for value in values:\n"
    "        total += value * {n}\n"
    "    return total\n"
    "```\n\n"
)


def long_reply(tokens: int, digest: str) -> str:
    """A Markdown reply of ``tokens`` tokens with several code blocks."""
    sections: list[str] = []
    count = 0
    while count < tokens:
        section = _SECTION.format(n=len(sections) + 1, ref=digest[:8])
        sections.append(section)
        count += count_tokens(section)
    pieces = split_tokens("".join(sections))[:tokens]
    text = "".join(pieces)
    if text.count("```") % 2:
        # A cut inside a code block would leave the rest of a chat unfenced.
        text = text.rstrip() + "\n```\n"
    return text


def _thinking_text(digest: str) -> str:
    return f"Considering the request ({digest[:8]}) step by step."
