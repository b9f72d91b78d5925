"""Refresh ui/translations: the .ts sources from the code, the .qm from them.

    python scripts/translations.py            # both steps (make translations)
    python scripts/translations.py --check    # fail if either is out of date

Step 1 runs pyside6-lupdate over every Python file under ui/ and updates
each ``ui/translations/jarvis_<lang>.ts`` in place: new strings arrive
unfinished, strings gone from the code are dropped (git keeps their old
translations). Translate the unfinished ones (Qt Linguist, or by hand),
then run it again. Step 2 compiles each .ts to its .qm with pyside6-lrelease; the .qm
files are committed so that the wheel and a checkout work without Qt's
tools.

Calls written ``_tr("context", "text")`` (a module-level alias of
QCoreApplication.translate) are read as translate calls; a one-argument
helper is not, so modules outside a QObject use that two-argument form.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil

# Runs Qt's own tools from the venv, fixed arguments, no shell.
import subprocess  # nosec B404
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
FOLDER = UI / "translations"
LUPDATE_OPTIONS = ("-tr-function-alias", "translate+=_tr", "-locations", "none",
                   "-no-obsolete",
                   "-no-ui-lines", "-source-language", "en")


def tool(name: str) -> str:
    """The path of a pyside6 tool next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this venv")
    return found


def sources() -> list[Path]:
    """Every Python file of the ui package, in a stable order."""
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


def ts_files() -> list[Path]:
    return sorted(FOLDER.glob("jarvis_*.ts"))


def lupdate(ts: Path) -> None:
    """Bring ``ts`` up to date with the strings in the code."""
    language = ts.stem.removeprefix("jarvis_")
    # Fixed arguments, no shell.
    subprocess.run(  # nosec B603
        [tool("pyside6-lupdate"), *map(str, sources()), *LUPDATE_OPTIONS,
         "-target-language", language, "-ts", str(ts)],
        check=True, capture_output=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    """Compile ``ts`` into ``qm`` (unfinished strings left out)."""
    # Fixed arguments, no shell.
    subprocess.run(  # nosec B603
        [tool("pyside6-lrelease"), "-silent", "-nounfinished", str(ts),
         "-qm", str(qm)],
        check=True, capture_output=True, cwd=ROOT)


def refresh() -> None:
    for ts in ts_files():
        lupdate(ts)
        lrelease(ts, ts.with_suffix(".qm"))
        print(f"{ts.relative_to(ROOT)}: updated, compiled")


def stale() -> list[str]:
    """The files ``refresh`` would change (checked on copies)."""
    found = []
    with tempfile.TemporaryDirectory() as work:
        for ts in ts_files():
            copy = Path(work) / ts.name
            shutil.copy(ts, copy)
            lupdate(copy)
            if copy.read_bytes() != ts.read_bytes():
                found.append(str(ts.relative_to(ROOT)))
            qm = Path(work) / ts.with_suffix(".qm").name
            lrelease(ts, qm)
            shipped = ts.with_suffix(".qm")
            if not shipped.exists() or not filecmp.cmp(qm, shipped, shallow=False):
                found.append(str(shipped.relative_to(ROOT)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="report out-of-date files instead of updating them")
    if parser.parse_args().check:
        out_of_date = stale()
        for name in out_of_date:
            print(f"{name} is out of date: run `make translations`")
        return 1 if out_of_date else 0
    refresh()
    return 0


if __name__ == "__main__":
    sys.exit(main())
