"""The send gate: the writes a request's first byte waits for.

Nothing goes to a provider before the prompt is stored (no failure can lose
it) and the attempt's worst case is reserved under the spend caps (no
overspend, across processes). Those writes take the database thread ~0.5 ms;
the SDK takes about as long again to build the request (its own parameter
checks, headers, the HTTP request object). Done one after the other they
were most of the pipeline's time to first token, so they now run side by
side: the writes start on the database thread, the SDK builds the request on
the event loop, and the SDK's HTTP client waits here, in its ``request``
event hook, just before it sends, until every write has committed. If one
failed, the hook raises and nothing is sent.

The gate of the attempt being sent is found through a context variable set
around the attempt (:func:`holding`): the hook gets only the HTTP request,
and the SDK calls it in the attempt's own task.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx2

_CURRENT: ContextVar[Gate | None] = ContextVar("jarvis_send_gate", default=None)


class GateClosed(Exception):
    """A write the request waited for failed: nothing was sent.

    The SDK wraps this in its own connection error; :meth:`Gate.failure`
    keeps the write's real exception for the router.
    """


class Gate:
    """The writes one attempt's request waits for before it is sent.

    Args:
        writes: futures of writes already started.
        on_open: called once, when a request first goes through (the
            attempt is announced then: one refused here never went out).
    """

    def __init__(self, *writes: asyncio.Future[Any],
                 on_open: Callable[[], None] = lambda: None) -> None:
        self._writes = writes
        self._on_open = on_open
        self._failure: BaseException | None = None
        self._opened = False

    @property
    def opened(self) -> bool:
        """Whether a request went through: its bytes may have been sent."""
        return self._opened

    @property
    def failure(self) -> BaseException | None:
        """The first write's exception, once :meth:`wait` saw it fail."""
        return self._failure

    async def wait(self) -> None:
        """Return once every write has committed.

        Raises:
            GateClosed: a write failed (:attr:`failure` says which way).
        """
        for write in self._writes:
            try:
                # Shielded: a cancelled request must not cancel a write the
                # database thread may already be doing (it settles later).
                await asyncio.shield(write)
            except Exception as exc:
                self._failure = exc
                raise GateClosed(type(exc).__name__) from None
        if not self._opened:
            self._opened = True
            self._on_open()

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Make this the gate of requests sent in this context."""
        token = _CURRENT.set(self)
        try:
            yield
        finally:
            _CURRENT.reset(token)


async def before_send(request: httpx2.Request) -> None:
    """An HTTP client's ``request`` event hook: wait at the current gate.

    Requests sent with no gate held (key checks) go at once.
    """
    gate = _CURRENT.get()
    if gate is not None:
        await gate.wait()


def hooks() -> dict[str, list[Any]]:
    """``event_hooks`` for an SDK's HTTP client."""
    return {"request": [before_send]}
