#!/usr/bin/env bash
# The whole check, as CI runs it (.ci/run calls exactly this):
#   setup, ruff, import contracts (import-linter), types (mypy), migrations up to date,
#   pytest on SQLite, pytest on a temporary PostgreSQL 15.
# Extra arguments go to both pytest runs, e.g.  bash scripts/test.sh -x -k review
# Every check runs even when an earlier one fails; the summary at the end lists each with its
# time and the exit status is non-zero if any failed. Logs of the pytest runs are kept in
# test-artifacts/.
# Where no PostgreSQL 15 binaries exist, the PostgreSQL run skips its tests with the reason.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

started_all=$EPOCHREALTIME
summary=()   # one line per phase: name, result, time
closing=()   # pytest's closing line of each run
failed=0

seconds_since() {  # seconds since an $EPOCHREALTIME value, to a tenth
    local tenths=$(((${EPOCHREALTIME/[.,]/} - ${1/[.,]/}) / 100000))
    printf '%d.%ds' $((tenths / 10)) $((tenths % 10))
}

# phase "name" command...: runs the command, prints its time, records the result.
phase() {
    local name="$1" start=$EPOCHREALTIME status
    shift
    echo
    echo "==> $name"
    "$@"
    status=$?
    local took
    took="$(seconds_since "$start")"
    if [ "$status" -eq 0 ]; then
        echo "==> $name: ok in $took"
        summary+=("$(printf '  %-20s %-7s %s' "$name" ok "$took")")
    else
        echo "==> $name: FAILED (exit status $status) in $took"
        summary+=("$(printf '  %-20s %-7s %s' "$name" FAILED "$took")")
        failed=1
    fi
    return "$status"
}

# Runs pytest with unset DEBUG/DATABASE_URL so the developer's shell cannot change the
# settings the tests see, and its output both on screen and in test-artifacts/pytest-NAME.log.
run_pytest() {
    local name="$1"
    shift
    local log="test-artifacts/pytest-$name.log" color=()
    mkdir -p test-artifacts
    [ -t 1 ] && color=(--color=yes)
    env -u DEBUG -u DATABASE_URL .venv/bin/python -m pytest "${color[@]}" "$@" 2>&1 | tee "$log"
    local status=${PIPESTATUS[0]}
    # pytest's closing line, e.g. "==== 42 passed, 3 skipped in 12.34s ====", for the summary.
    local last
    last="$(sed 's/\x1b\[[0-9;]*m//g' "$log" |
        grep -E '(passed|failed|errors?|skipped|deselected|xfailed|xpassed|no tests ran).* in [0-9.]+s' |
        tail -n 1)"
    closing+=("  $name: ${last:-(no summary line from pytest)}")
    return "$status"
}

pytest_sqlite() {
    run_pytest sqlite "$@"
    local status=$?
    if [ "$status" -eq 5 ]; then
        echo "pytest collected no tests on SQLite: a suite that runs no test is broken." >&2
    fi
    return "$status"
}

pytest_postgres() {
    run_pytest postgres --postgres "$@"
    local status=$?
    [ "$status" -eq 5 ] && return 0  # no tests selected (e.g. by -k): the SQLite run judged that
    [ "$status" -ne 0 ] && return "$status"
    if grep -q 'PostgreSQL tests skipped:' test-artifacts/pytest-postgres.log; then
        echo "WARNING: the PostgreSQL run skipped its tests: no server could be started (reason above)." >&2
        echo "Run scripts/setup.sh as root to install postgresql-15, or set EQIA_PG_BIN." >&2
    fi
    return 0
}

if ! phase setup bash scripts/setup.sh; then
    echo "setup failed: nothing else was run." >&2
    exit 1
fi
phase ruff .venv/bin/ruff check .
phase "import contracts" .venv/bin/lint-imports
phase types .venv/bin/mypy
phase "migrations check" env -u DATABASE_URL DEBUG=1 \
    .venv/bin/python manage.py makemigrations --check --dry-run
if [ "${EQIA_TEST_SERIAL:-0}" = 1 ]; then
    phase "pytest (SQLite)" pytest_sqlite "$@"
    phase "pytest (PostgreSQL)" pytest_postgres "$@"
else
    # The two runs share nothing (each has its own databases, ports and folders), so they run
    # side by side: on two cores the suite takes the time of the longer one. Each run's output
    # is shown when it ends (and kept in test-artifacts/); EQIA_TEST_SERIAL=1 streams them one
    # after the other instead.
    mkdir -p test-artifacts
    started_pytest=$EPOCHREALTIME
    (pytest_sqlite "$@" >test-artifacts/run-sqlite.out 2>&1; echo $? >test-artifacts/run-sqlite.status) &
    (pytest_postgres "$@" >test-artifacts/run-postgres.out 2>&1; echo $? >test-artifacts/run-postgres.status) &
    wait
    for run in sqlite postgres; do
        name="pytest (SQLite)"
        [ "$run" = postgres ] && name="pytest (PostgreSQL)"
        echo
        echo "==> $name"
        cat "test-artifacts/run-$run.out"
        status="$(cat "test-artifacts/run-$run.status" 2>/dev/null || echo 1)"
        last="$(sed 's/\x1b\[[0-9;]*m//g' "test-artifacts/pytest-$run.log" 2>/dev/null |
            grep -E '(passed|failed|errors?|skipped|deselected|xfailed|xpassed|no tests ran).* in [0-9.]+s' |
            tail -n 1)"
        closing+=("  $run: ${last:-(no summary line from pytest)}")
        if [ "$status" -eq 0 ]; then
            summary+=("$(printf '  %-20s %-7s %s' "$name" ok "(side by side)")")
        else
            summary+=("$(printf '  %-20s %-7s %s' "$name" FAILED "(side by side)")")
            failed=1
        fi
    done
    summary+=("$(printf '  %-20s %-7s %s' "pytest, both runs" "" "$(seconds_since "$started_pytest")")")
fi

echo
echo "==> summary ($(seconds_since "$started_all") in all)"
printf '%s\n' "${summary[@]}"
[ ${#closing[@]} -gt 0 ] && printf '%s\n' "${closing[@]}"
if [ "$failed" -ne 0 ]; then
    echo "FAILED"
    exit 1
fi
echo "all checks passed"
