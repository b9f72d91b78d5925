"""A log file the disk refuses is one line on stderr, not a traceback per
record (a tester's full disk printed "--- Logging error ---" blocks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import logging, resource, signal, sys
from pathlib import Path
from jarvis import logs
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
logs.setup(Path(sys.argv[1]))
_soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (1500, hard))
log = logging.getLogger("jarvis.test")
for index in range(100):
    log.warning("record %d %s", index, "x" * 80)
# Lifted again: coverage (under `make test`) writes its data at exit.
resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
print("done")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_a_refused_log_write_is_said_once(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "jarvis.log"
    done = subprocess.run([sys.executable, "-c", CHILD, str(log_file)],
                          capture_output=True, text=True, timeout=60, check=False)

    assert done.returncode == 0 and done.stdout.strip() == "done"
    assert "Logging error" not in done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"jarvis: cannot write the log file {log_file}")
    assert "logging is off for this run" in lines[0]
    assert log_file.stat().st_size > 0, "what fitted was written"
