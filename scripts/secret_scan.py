"""Scan every file git tracks for secrets; fail on any the baseline lacks.

    python scripts/secret_scan.py [--baseline .secrets.baseline]

Run from the top of a checkout. Detectors and filters are detect-secrets'
own plus scripts/detect_provider_keys.py, as configured in the baseline.
The baseline lists the known false positives (test fixtures, the guard's
own patterns), each audited as not a secret; it is matched by file, secret
hash and type, so a line moving does not fail the check, and unlike
detect-secrets-hook this never rewrites it.

After adding a fixture that looks like a secret, refresh and audit it:

    detect-secrets scan --baseline .secrets.baseline
    detect-secrets audit .secrets.baseline
"""

from __future__ import annotations

import argparse

# Runs git with fixed arguments, nothing from input.
import subprocess  # nosec B404
import sys
from pathlib import Path

from detect_secrets.core import baseline
from detect_secrets.core.secrets_collection import SecretsCollection


def tracked_files(skip: Path) -> list[str]:
    """Every regular file git tracks here, except the baseline itself."""
    # git from PATH, as every developer runs it; the arguments are fixed.
    out = subprocess.run(  # nosec B603 B607
        ["git", "ls-files", "-z"], check=True, capture_output=True, text=True
    ).stdout
    names = [name for name in out.split("\0") if name]
    return [n for n in names if Path(n).is_file() and Path(n) != skip]


def new_secrets(baseline_path: Path) -> SecretsCollection:
    """What the scan finds that the baseline does not list."""
    known = baseline.load(baseline.load_from_file(str(baseline_path)))
    found = SecretsCollection()
    for name in tracked_files(baseline_path):
        found.scan_file(name)
    return found - known


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, default=Path(".secrets.baseline"))
    args = parser.parse_args(argv)

    fresh = new_secrets(args.baseline)
    if not fresh:
        print("secret scan: no secrets beyond the baseline")
        return 0
    for name, secret in fresh:
        print(f"{name}:{secret.line_number}: {secret.type}")
    count = sum(1 for _ in fresh)
    print(f"secret scan: {count} possible secret(s) in tracked files", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
