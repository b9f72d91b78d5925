#!/usr/bin/env bash
# Run the test suite as `make test` and CI do (inside scripts/with-keyring.sh).
#
#   scripts/run-pytest.sh
#
# Qt runs offscreen, the keychain tests must run against the real Secret
# Service (JARVIS_REQUIRE_KEYCHAIN=1 turns "skipped" into "failed"), and line
# coverage of jarvis/ is measured and gated by fail_under in pyproject.toml.
#
# Two passes. FIXME:ui-gc-crash — under coverage's tracer the Qt window
# tests (tests/ui) crash the interpreter now and then (SIGSEGV in
# QCoreApplication::notifyInternal2 from QTimerInfoList::activateTimers: a
# timer event for a QObject that is already gone). It has not happened
# without the tracer, nor with the tracer and the cyclic GC off: most likely
# a Python-owned QObject in a reference cycle, freed by the collector at the
# wrong moment or on a worker thread. Coverage is of jarvis/ only, which the
# other tests exercise, so the window tests run in a second pass without it.
set -uo pipefail

bin=${JARVIS_VENV:-.venv}/bin
export QT_QPA_PLATFORM=offscreen

# A hung test must not eat CI's whole time budget: after this many seconds
# pytest gets SIGABRT, so faulthandler prints every thread's stack.
limit=${JARVIS_TEST_TIMEOUT_S:-1200}

# pytest's exit code, except that 5 (nothing collected) is a failure: for
# this project an empty run means a broken suite, not a pass.
run_pass() {
    timeout --signal=ABRT --kill-after=30 "$limit" "$bin/pytest" "$@"
    local status=$?
    if ((status == 124)); then
        echo "run-pytest: pytest hung for ${limit} s; stacks above" >&2
    elif ((status == 5)); then
        echo "run-pytest: pytest collected no tests; the suite must never be empty" >&2
        return 1
    fi
    return "$status"
}

status=0
JARVIS_REQUIRE_KEYCHAIN=1 run_pass --cov=jarvis --cov-report=term \
    --ignore=tests/ui || status=$?
if [[ -d tests/ui ]]; then
    ui_status=0
    JARVIS_REQUIRE_KEYCHAIN=0 run_pass tests/ui || ui_status=$?
    if ((status == 0)); then status=$ui_status; fi
fi
exit "$status"
