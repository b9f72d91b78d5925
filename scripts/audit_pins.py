"""Audit requirements/constraints.txt against PyPI's vulnerability records.

    python scripts/audit_pins.py [--constraints FILE] [--exceptions FILE]
                                 [--index URL]

Why not pip-audit: its PyPI service asks for each pin's release record
(``/pypi/<name>/<version>/json``) and the PyPI reachable from this project's
machines answers those with 404, so pip-audit calls every dependency "not
found" (and without --strict it passes having audited nothing); its other
sources (OSV, ecosyste.ms) are not reachable at all. What is reachable is
each project's record (``/pypi/<name>/json``), whose ``vulnerabilities``
are those of the project's latest release: the same advisories pip-audit
reads, but for one version only.

So a pin is audited when it is the latest release, and fails when:
- PyPI has no such release, or every file of it is yanked;
- an advisory applies (not withdrawn) and is not accepted with a reason.
A pin older than the latest release is reported as a warning: advisories
fixed in between cannot be seen, so update it (`make constraints`) or accept
it with a reason. It does not fail the run: a new upstream release must not
turn an unchanged project red.

The exceptions file holds one entry a line, ``ID  reason`` for an advisory
or ``name==version  reason`` for a pin held back; a line with no reason is
an error. Lines starting with # are comments.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PYPI = "https://pypi.org/pypi"
_STALE = " is older than "
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


@dataclass(frozen=True)
class Pin:
    name: str
    version: str


def read_pins(path: Path) -> list[Pin]:
    """Every ``name==version`` line of a constraints file."""
    pins = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins.append(Pin(match[1], match[2]))
    return pins


def read_exceptions(path: Path) -> dict[str, str]:
    """Accepted advisory ids and held-back pins, each with its reason."""
    if not path.exists():
        return {}
    accepted = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, reason = line.strip().partition(" ")
        if not reason.strip():
            raise SystemExit(f"{path}:{number}: '{key}' needs a reason")
        accepted[key.lower()] = reason.strip()
    return accepted


def fetch(index: str, name: str) -> dict[str, Any]:
    """The project record for ``name``."""
    if not index.startswith(("https://", "http://")):
        raise ValueError(f"not an http(s) index: {index}")
    url = f"{index}/{name}/json"
    # The scheme is checked above: no file:// or custom openers.
    with urllib.request.urlopen(url, timeout=60) as reply:  # nosec B310
        record: dict[str, Any] = json.load(reply)
    return record


def problems(pin: Pin, record: dict[str, Any], accepted: dict[str, str]) -> list[str]:
    """What is wrong with one pin, given its project record."""
    files = record.get("releases", {}).get(pin.version)
    if files is None:
        return [f"{pin.version} is not a release on PyPI"]
    found = []
    if files and all(f.get("yanked") for f in files):
        reason = files[0].get("yanked_reason") or "no reason given"
        found.append(f"{pin.version} is yanked ({reason})")

    latest = record["info"]["version"]
    for advisory in record.get("vulnerabilities") or []:
        ids = [advisory["id"], *advisory.get("aliases", [])]
        if advisory.get("withdrawn") or any(i.lower() in accepted for i in ids):
            continue
        fixed = ", ".join(advisory.get("fixed_in") or []) or "none"
        found.append(f"{' / '.join(ids)} (reported for {latest}; fixed in {fixed})")

    held = f"{pin.name}=={pin.version}".lower()
    if pin.version != latest and held not in accepted:
        found.append(
            f"{pin.version}{_STALE}{latest}: advisories fixed in between "
            "cannot be seen here; update the pin or accept it with a reason"
        )
    return found


def audit(pins: list[Pin], index: str, accepted: dict[str, str]) -> list[str]:
    """One line per problem, over every pin."""

    def one(pin: Pin) -> list[str]:
        try:
            record = fetch(index, pin.name)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return [f"{pin.name}: could not be audited ({exc})"]
        return [f"{pin.name}: {p}" for p in problems(pin, record, accepted)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        return [line for lines in pool.map(one, pins) for line in lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--constraints", type=Path, default=Path("requirements/constraints.txt")
    )
    parser.add_argument(
        "--exceptions", type=Path, default=Path("requirements/audit-exceptions.txt")
    )
    parser.add_argument("--index", default=PYPI, help="PyPI JSON API base URL")
    args = parser.parse_args(argv)

    pins = read_pins(args.constraints)
    if not pins:
        print(f"audit: no pins in {args.constraints}", file=sys.stderr)
        return 1
    found = audit(pins, args.index.rstrip("/"), read_exceptions(args.exceptions))
    stale = [line for line in found if _STALE in line]
    failures = [line for line in found if _STALE not in line]
    for line in stale:
        print(f"warning: {line}")
    for line in failures:
        print(line)
    if failures:
        print(f"audit: {len(failures)} problem(s) in {len(pins)} pins",
              file=sys.stderr)
        return 1
    print(f"audit: {len(pins)} pins, no known vulnerabilities"
          + (f" ({len(stale)} not the latest release: see the warnings)"
             if stale else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
