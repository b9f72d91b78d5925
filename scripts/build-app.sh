#!/usr/bin/env bash
# Build the one-folder app with PyInstaller (packaging/jarvis.spec).
#
#   scripts/build-app.sh [DIST]        (default: dist; make app)
#
# Writes DIST/jarvis/, whose DIST/jarvis/jarvis runs without Python
# installed: `DIST/jarvis/jarvis --version`, `... ask --demo "hi"`, `... gui`.
# PyInstaller comes from the `package` extra:
#   pip install -c requirements/constraints.txt -e '.[package]'
# and is run from ${JARVIS_VENV:-.venv}. Its work folder is a temporary one,
# removed afterwards, so the checkout gains nothing but DIST. Warnings that
# ole32, shell32 or user32 are "not found" are about Windows-only code
# paths in dependencies and are harmless on Linux.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dist=${1:-dist}
bin=${JARVIS_VENV:-$root/.venv}/bin

if [[ ! -x $bin/pyinstaller ]]; then
    echo "build-app: no PyInstaller in $bin; install the package extra:" \
        "pip install -c requirements/constraints.txt -e '.[package]'" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/jarvis-pyinstaller.XXXXXX")
trap 'rm -rf "$work"' EXIT

started=$SECONDS
"$bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" "$root/packaging/jarvis.spec"
echo "build-app: $dist/jarvis/jarvis built in $((SECONDS - started)) s" \
    "($(du -sh "$dist/jarvis" | cut -f1))"
