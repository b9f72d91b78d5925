"""The retry machinery (tenacity) is loaded only when a request needs a retry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_PROBE = """
import sys
from jarvis import cli
status = cli.main(["ask", "--demo", "--json", {prompt!r}])
print("TENACITY", "tenacity" in sys.modules, "STATUS", status)
"""


def _probe(tmp_path: Path, prompt: str) -> str:
    env = {**os.environ, "JARVIS_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(prompt=prompt)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_request_that_answers_never_imports_tenacity(tmp_path: Path) -> None:
    assert _probe(tmp_path, "hello") == "TENACITY False STATUS 0"


def test_a_retried_request_goes_through_tenacity__C04(tmp_path: Path) -> None:
    # Every attempt answers 503 (at once: Retry-After 0), so the request
    # fails after its retries, and those ran through tenacity.
    line = _probe(tmp_path, "hello [[sim: status=503 retry_after=0]]")
    assert line.startswith("TENACITY True STATUS ")
    assert not line.endswith(" 0")
