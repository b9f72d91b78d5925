#!/usr/bin/env bash
# Security checks that CI runs (`make security`, called from .ci/run):
#
#   1. bandit over jarvis/, ui/, scripts/ and setup.py (config: [tool.bandit]
#      in pyproject.toml; B101, assert, is off for ui/ only, see below).
#      A false positive is marked on its line with
#      `# nosec BXXX` under a comment saying why; .bandit-baseline.json holds
#      the few accepted findings in files that could not be edited then,
#      each with its reason. Any other finding, of any severity, fails.
#   2. scripts/audit_pins.py: every pin in requirements/constraints.txt
#      against PyPI's vulnerability records (why not pip-audit: see there).
#      Exceptions, each with a reason: requirements/audit-exceptions.txt.
#   3. scripts/secret_scan.py: detect-secrets (with our provider-key shapes,
#      scripts/detect_provider_keys.py) over every file git tracks; known
#      false positives are audited in .secrets.baseline.
#
#   scripts/security-checks.sh [bandit|audit|secrets ...]   (default: all)
#
# Tools come from $VENV (default .venv, as the Makefile builds it). Every
# check runs even if an earlier one fails; the exit status is 1 if any did.
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin

run_bandit() {
    local out status=0
    # ui/ holds no business logic and makes no security decision (DESIGN.md);
    # its asserts narrow Qt and Optional types, so B101 is off there alone.
    out=$(
        rc=0
        "$bin/bandit" --quiet -c pyproject.toml -b .bandit-baseline.json \
            -r jarvis scripts setup.py 2>&1 || rc=1
        "$bin/bandit" --quiet -c pyproject.toml -b .bandit-baseline.json \
            --skip B101 -r ui 2>&1 || rc=1
        exit "$rc"
    ) || status=$?
    # bandit only warns when it cannot read the baseline, and would then
    # report every accepted finding: fail loudly rather than guess.
    if grep -q "Failed to load baseline" <<<"$out"; then
        status=1
    fi
    # nosec lines make bandit warn about other tests on the same line.
    grep -v "but no failed test on file" <<<"$out" || true
    return "$status"
}

run_audit() {
    "$bin/python" scripts/audit_pins.py
}

run_secrets() {
    "$bin/python" scripts/secret_scan.py --baseline .secrets.baseline
}

checks=("$@")
if [[ ${#checks[@]} -eq 0 ]]; then checks=(bandit audit secrets); fi

failed=()
for check in "${checks[@]}"; do
    case $check in
        bandit | audit | secrets) ;;
        *) echo "security: unknown check '$check'" >&2; exit 2 ;;
    esac
    echo "security: $check"
    "run_$check" || failed+=("$check")
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "security: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "security: all passed (${checks[*]})"
