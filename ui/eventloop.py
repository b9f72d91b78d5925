"""The asyncio event loop of the app: qasync's, finishing async generators.

An async generator that is dropped before it ends (an SDK's byte stream
after a provider sends an error event mid-stream, say) is finalized by the
running loop's async-generator hooks: the loop schedules its ``aclose()``.
WORKAROUND: qasync 0.28 never installs those hooks (its ``run_forever``
replaces asyncio's, which sets them), so such a generator is closed by the
garbage collector outside the loop and fails there ("Exception ignored in:
<async_generator ...>", an error under pytest). This loop installs the
hooks for as long as it runs, as asyncio's own loops do.
"""

from __future__ import annotations

import sys
from typing import Any

import qasync


class QtEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's QEventLoop that also finalizes dropped async generators."""

    def run_forever(self) -> Any:
        previous = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(firstiter=self._asyncgen_firstiter_hook,
                               finalizer=self._asyncgen_finalizer_hook)
        try:
            return super().run_forever()
        finally:
            sys.set_asyncgen_hooks(*previous)
