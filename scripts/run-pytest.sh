#!/usr/bin/env bash
# Run the test suite as `make test` and CI do (inside scripts/with-keyring.sh).
#
#   scripts/run-pytest.sh [PYTEST_ARG...]
#
# Qt runs offscreen, the keychain tests must run against the real Secret
# Service (JARVIS_REQUIRE_KEYCHAIN=1 turns "skipped" into "failed"), and line
# coverage of jarvis/ is measured and gated by fail_under in pyproject.toml.
set -uo pipefail

bin=${JARVIS_VENV:-.venv}/bin
export JARVIS_REQUIRE_KEYCHAIN=1
export QT_QPA_PLATFORM=offscreen

"$bin/pytest" --cov=jarvis --cov-report=term "$@"
status=$?

# Exit code 5 means pytest collected nothing: for this project that is a
# broken suite (a bad testpaths, an import error hidden by a filter), not a
# pass, and it must not look like a plain pytest failure either.
if ((status == 5)); then
    echo "run-pytest: pytest collected no tests; the suite must never be empty" >&2
    exit 1
fi
exit "$status"
