"""Helpers shared by the driver scripts (no Jarvis or Qt imports here)."""

from __future__ import annotations

import json
import os
import resource
import sys

SDK_MODULES = ("anthropic", "openai", "google.genai")


def rss_mb() -> float:
    """Resident memory now, in MB (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    # Linux reports KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def sdks_loaded() -> list[str]:
    return [name for name in SDK_MODULES if name in sys.modules]


def report(result: dict[str, object]) -> None:
    """Print the result line and leave at once (no teardown is measured)."""
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
