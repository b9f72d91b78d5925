#!/usr/bin/env bash
# Regenerate requirements/constraints.txt: the exact set CI and `make` install.
#
#   scripts/update-constraints.sh [PYTHON]      (default: python3.11)
#
# Resolves pyproject.toml's dependencies plus the test extras in a fresh
# virtual environment outside the checkout and freezes every installed
# distribution (transitive ones included), minus pip and Jarvis itself.
# Run it after changing a dependency in pyproject.toml and commit the result.
set -euo pipefail

python=${1:-python3.11}
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/jarvis-resolve.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Build from a copy, so the resolve leaves no build/ or egg-info behind.
mkdir "$scratch/src"
parts=()
for part in pyproject.toml setup.py README.md jarvis ui resources; do
    if [[ -e "$root/$part" ]]; then parts+=("$part"); fi
done
tar -C "$root" --exclude='__pycache__' -cf - "${parts[@]}" | tar -C "$scratch/src" -xf -
# Only the dependencies matter here; a missing README must not stop them.
[[ -e "$scratch/src/README.md" ]] || echo "# Jarvis" >"$scratch/src/README.md"

"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet "$scratch/src[test,package]"
version=$("$scratch/venv/bin/python" -c 'import sys; print(sys.version.split()[0])')

{
    echo "# Exact versions that CI and the Makefile install (Python $version):"
    echo "#   pip install -c requirements/constraints.txt -e '.[test]'"
    echo "# pyproject.toml keeps the lower bounds; this file pins the whole"
    echo "# resolved set, transitive dependencies included."
    echo "# Regenerate with scripts/update-constraints.sh after changing a"
    echo "# dependency (fresh venv, pip install '.[test,package]', pip freeze)."
    "$scratch/venv/bin/pip" freeze --all --exclude-editable \
        --exclude pip --exclude jarvis-assistant | LC_ALL=C sort -f -t = -k 1,1
} >"$root/requirements/constraints.txt.new"
mv "$root/requirements/constraints.txt.new" "$root/requirements/constraints.txt"
echo "wrote requirements/constraints.txt"
