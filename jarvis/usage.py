"""One usage shape for every provider.

Providers count tokens differently: OpenAI and Gemini report a prompt total
that *includes* cached tokens, Anthropic reports fresh input separately from
cache reads and writes. Adapters convert into :class:`Usage`, whose buckets
are disjoint, so that each token is priced exactly once (CASES.md C07).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts of one attempt, in disjoint buckets.

    Attributes:
        input_tokens: fresh (uncached) input tokens.
        cache_read_tokens: input tokens served from the provider's cache.
        cache_write_tokens: input tokens written to the provider's cache.
        output_tokens: visible output tokens, excluding reasoning.
        reasoning_tokens: output tokens spent on thinking.
    """

    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0

    @property
    def total_input(self) -> int:
        """All input tokens, cached or not."""
        return self.input_tokens + self.cache_read_tokens + self.cache_write_tokens

    @property
    def total_output(self) -> int:
        """All output tokens, visible or reasoning."""
        return self.output_tokens + self.reasoning_tokens

    def as_dict(self) -> dict[str, int]:
        """The buckets by their public names (CLI JSON, spend log)."""
        return {
            "input_tokens": self.input_tokens,
            "cache_read_tokens": self.cache_read_tokens,
            "cache_write_tokens": self.cache_write_tokens,
            "output_tokens": self.output_tokens,
            "reasoning_tokens": self.reasoning_tokens,
        }
