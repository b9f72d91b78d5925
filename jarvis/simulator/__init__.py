"""Provider simulator: a loopback server speaking three LLM wire protocols.

It speaks the Anthropic Messages API, OpenAI Chat Completions and the Gemini
``generateContent`` / ``streamGenerateContent`` API closely enough that the
official SDKs parse it unmodified, and injects faults on demand. It is
written from the providers' public API references and imports nothing from
the rest of ``jarvis``, so a test can never pass because an adapter and the
simulator share a mistake.

Use::

    with Simulator() as sim:
        client = AsyncAnthropic(api_key="...", base_url=sim.base_url("anthropic"))
        sim.script("anthropic", Fault(status=429, retry_after=2))

Base URLs (``Simulator.base_url``)::

    anthropic  http://127.0.0.1:PORT/anthropic     SDK adds /v1/messages
    openai     http://127.0.0.1:PORT/openai/v1     SDK adds /chat/completions
    gemini     http://127.0.0.1:PORT/gemini        SDK adds /v1/models/M:...

Unprefixed paths (``/v1/messages``, ``/v1/chat/completions``,
``/v1beta/models/...``) are served too. Model lists: ``GET .../v1/models``
(Anthropic, OpenAI) and ``GET .../{v1,v1beta}/models`` (Gemini).

Keys: any key is accepted, and none is ever stored or logged. A key that
contains ``invalid`` is refused on every endpoint the way each provider does
it: Anthropic and OpenAI answer 401; Gemini answers 400 INVALID_ARGUMENT with
reason ``API_KEY_INVALID`` (it never sends 401 for a bad key). A request with
no key gets 401 (Gemini: 403 PERMISSION_DENIED).

Faults: ``script(kind, *faults)`` queues :class:`Fault` objects, one taken per
request of that kind (model lists included); with the queue empty, the last
user message's directive applies, else the request succeeds normally.

Directive grammar (in the last user message; several merge, later wins)::

    directive := "[[sim:" pair* "]]"
    pair      := name "=" value          name: a Fault field name
    value     := bare | '"' text '"'     bare: no spaces; \\" escapes a quote
    booleans  := 1 true yes on | 0 false no off

    e.g. [[sim: status=429 retry_after=2]]   [[sim: tokens=2000 rate=500]]
         [[sim: error_after=1]]   [[sim: text="Hi **there**"]]

An unknown knob or bad value gets HTTP 400 whose message starts with
"simulator directive:".

Token knobs are provider-neutral and each provider reports them its own way:
``prompt_tokens`` is all input including cached tokens (Anthropic reports
``input_tokens = prompt - cache_read - cache_write``; OpenAI and Gemini
report the whole prompt with the cached part inside it); ``output_tokens``
is visible output and ``reasoning_tokens`` thinking on top of it (OpenAI
``completion_tokens`` and Anthropic ``output_tokens`` include thinking;
Gemini reports ``candidatesTokenCount`` and ``thoughtsTokenCount`` apart).
Tokens are counted as words and punctuation marks.

Images (Anthropic ``image`` blocks, OpenAI ``image_url`` data URLs, Gemini
``inlineData``) are decoded and checked against their declared type; a bad
one, or one sent to a text-only model, gets HTTP 400. Each counts a fixed
number of input tokens (``images.IMAGE_TOKENS``), is recorded as type, size
and SHA-256 (``RequestRecord.images``), and the default reply starts with
what was seen: ``I see 1 image: image/png sha256:…``.
"""

from jarvis.simulator.faults import (
    CACHED_USAGE_C07,
    ERROR_STATUSES,
    NORMAL,
    DirectiveError,
    Fault,
    find_directive,
)
from jarvis.simulator.routes import PROVIDER_KINDS
from jarvis.simulator.server import Simulator, main
from jarvis.simulator.state import RequestRecord

__all__ = [
    "CACHED_USAGE_C07",
    "ERROR_STATUSES",
    "NORMAL",
    "PROVIDER_KINDS",
    "DirectiveError",
    "Fault",
    "RequestRecord",
    "Simulator",
    "find_directive",
    "main",
]
