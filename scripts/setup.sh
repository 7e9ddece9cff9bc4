#!/usr/bin/env bash
# Prepares this checkout for running and testing eqia:
#   1. Debian system packages (apt-get, only when one is missing);
#   2. a virtual environment in .venv with Python 3.11;
#   3. the Python dependencies exactly as uv.lock pins them (with hashes): pyproject.toml's
#      dependencies and its "prod" and "test" groups, installed by uv (itself installed with
#      pip); the project itself is not installed: it runs in place.
# Idempotent and quick when everything is in place (a few dpkg-query calls and a hash check).
# Needs no standard input, so it runs unchanged in CI (CI=true).
#
# Called by scripts/run.sh and scripts/test.sh; can also be run (or sourced) on its own.
#
# Environment:
#   EQIA_PYTHON=/path/to/python3.11  the interpreter for .venv (default: python3.11, then python3)
#   EQIA_SETUP_FORCE=1               reinstall the Python dependencies even if pyproject.toml
#                                    and uv.lock have not changed
#   EQIA_SETUP_AS_NON_ROOT=1         act as if not root (shows what a non-root user is told)

# System packages the project needs on Debian 12. Add one line per need, with its reason.
EQIA_SYSTEM_PACKAGES=(
    postgresql-15      # initdb/pg_ctl for the test suite's own temporary server (tests/pgserver.py)
    fonts-liberation   # metric-compatible Arial/Times for rendered documents
    fonts-dejavu-core  # fallback fonts
    libpango-1.0-0     # WeasyPrint renders the signed PDFs with Pango
    libpangoft2-1.0-0
    poppler-utils      # pdfsig checks signatures independently in the tests; pdftoppm for looking
    chromium           # the browser tests (Playwright drives /usr/bin/chromium; never playwright install)
)

# The uv that installs the Python dependencies from uv.lock; the same as required-version in
# pyproject.toml's [tool.uv].
EQIA_UV_VERSION=0.13.9

# Bump to make every checkout reinstall its Python dependencies once.
EQIA_INSTALL_RECIPE=2

eqia_setup() {
    set -euo pipefail
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    cd "$root"
    local started=${EPOCHREALTIME/[.,]/}

    # One setup at a time per checkout (run.sh and test.sh may start together).
    local lock
    lock="${TMPDIR:-/tmp}/eqia-setup.$(id -u).$(printf %s "$root" | cksum | cut -d' ' -f1).lock"
    if command -v flock >/dev/null 2>&1 && { exec 9>"$lock"; } 2>/dev/null; then
        if ! flock -n 9; then
            echo "setup: waiting for another setup of $root to finish..."
            flock -w 1800 9
        fi
    fi

    eqia_system_packages
    eqia_virtualenv
    eqia_python_dependencies

    local tenths=$(((${EPOCHREALTIME/[.,]/} - started) / 100000))
    echo "setup: ready ($(.venv/bin/python -V), $root/.venv) in $((tenths / 10)).$((tenths % 10))s"
}

eqia_is_root() {
    [ "$(id -u)" -eq 0 ] && [ -z "${EQIA_SETUP_AS_NON_ROOT:-}" ]
}

# Prints the first Python 3.11 interpreter found (its real path), or nothing.
eqia_find_python() {
    local candidates=(python3.11 python3) candidate
    if [ -n "${EQIA_PYTHON:-}" ]; then
        candidates=("$EQIA_PYTHON")
    fi
    for candidate in "${candidates[@]}"; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 0
}

eqia_system_packages() {
    local wanted=("${EQIA_SYSTEM_PACKAGES[@]}")
    command -v runuser >/dev/null 2>&1 || wanted+=(util-linux)  # the tests start PostgreSQL with it

    # Python 3.11 itself, when the machine has none, or Debian's venv module for its python3.11.
    if [ ! -e .venv/bin/python ] && [ ! -L .venv/bin/python ]; then
        local python
        python="$(eqia_find_python)"
        if [ -z "$python" ] && [ -z "${EQIA_PYTHON:-}" ]; then
            wanted+=(python3 python3-venv)  # Debian 12's python3 is 3.11
        elif [ -n "$python" ] && ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
            wanted+=(python3.11-venv)
        fi
    fi

    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "setup: not a Debian system; make sure these (or their equivalents) are installed:"
        echo "    ${wanted[*]}"
        return 0
    fi

    local missing=() package
    for package in "${wanted[@]}"; do
        if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null)" != "ii " ]; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    if ! eqia_is_root; then
        echo "setup: missing system packages: ${missing[*]}" >&2
        echo "setup: install them as root, then run this again:" >&2
        echo "    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi

    echo "setup: installing system packages: ${missing[*]}"
    # Keep package scripts from starting services (the postgresql-15 package would start a
    # system cluster; the tests start their own server, and containers have no init system).
    local guard=/usr/sbin/policy-rc.d guard_added=""
    if [ ! -e "$guard" ]; then
        printf '#!/bin/sh\n# added by eqia scripts/setup.sh during apt-get install\nexit 101\n' >"$guard"
        chmod 755 "$guard"
        guard_added=1
    fi
    local status=0
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                -o Dpkg::Use-Pty=0 "${missing[@]}" </dev/null
    } || status=$?
    [ -n "$guard_added" ] && rm -f "$guard"
    if [ "$status" -ne 0 ]; then
        echo "setup: apt-get failed ($status) installing: ${missing[*]}" >&2
        exit 1
    fi
}

eqia_virtualenv() {
    if [ -e .venv/bin/python ] || [ -L .venv/bin/python ]; then
        local version
        version="$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>&1)" ||
            version="broken: ${version:-no output}"
        [ "$version" = "3.11" ] && return 0
        # Never deleted automatically: other processes may be using it.
        echo "setup: .venv/bin/python is not a working Python 3.11 (${version})." >&2
        echo "setup: remove the environment and run this again:  rm -rf '$PWD/.venv'" >&2
        exit 1
    fi
    local python
    python="$(eqia_find_python)"
    if [ -z "$python" ]; then
        echo "setup: Python 3.11 not found (tried ${EQIA_PYTHON:-python3.11 and python3})." >&2
        echo "setup: install Python 3.11 (on Debian 12: apt-get install python3 python3-venv)" \
            "or set EQIA_PYTHON to a Python 3.11 interpreter." >&2
        exit 1
    fi
    echo "setup: creating .venv with $python"
    if ! "$python" -m venv .venv; then
        rm -rf .venv  # the half-made environment this run created
        echo "setup: could not create .venv with $python" >&2
        exit 1
    fi
}

eqia_python_dependencies() {
    local stamp=.venv/.eqia-installed want uv=.venv/uv/bin/uv
    want="recipe=$EQIA_INSTALL_RECIPE uv=$EQIA_UV_VERSION $(.venv/bin/python -V 2>&1)"
    want+=" $(cat pyproject.toml uv.lock | sha256sum | cut -d' ' -f1)"
    if [ -z "${EQIA_SETUP_FORCE:-}" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    rm -f "$stamp"
    # uv itself, with pip, into .venv/uv: outside the packages that uv sync manages.
    if [ "$("$uv" --version 2>/dev/null | cut -d' ' -f2)" != "$EQIA_UV_VERSION" ]; then
        echo "setup: installing uv $EQIA_UV_VERSION into .venv/uv"
        export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
        .venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip >/dev/null
        rm -rf .venv/uv
        .venv/bin/python -m pip install --quiet --only-binary=:all: --target .venv/uv \
            "uv==$EQIA_UV_VERSION"
        ln -sfn ../uv/bin/uv .venv/bin/uv
    fi
    echo "setup: installing Python dependencies from uv.lock (runtime, prod and test groups)"
    local force=()
    [ -n "${EQIA_SETUP_FORCE:-}" ] && force=(--reinstall)
    # --locked: uv.lock must match pyproject.toml. Exact: packages that uv.lock does not list
    # are removed (but not the pip of a `python -m venv`). Never a downloaded interpreter.
    if ! UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT="$PWD/.venv" UV_NO_PROGRESS=1 \
        "$uv" sync --locked --python .venv/bin/python --group prod --group test "${force[@]}"; then
        echo "setup: uv sync failed; after editing pyproject.toml run .venv/bin/uv lock" >&2
        exit 1
    fi
    printf '%s\n' "$want" >"$stamp"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    eqia_setup "$@"
else
    # Sourced: run in a subshell so its options, traps and exits stay out of the caller's
    # shell; the caller sees the exit status.
    (eqia_setup "$@")
fi
