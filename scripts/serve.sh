#!/usr/bin/env bash
# Runs eqia in production: checks the settings, migrates the database, collects the static
# files, then starts gunicorn (gunicorn.conf.py) on $GUNICORN_BIND (default 127.0.0.1:8000).
# Settings come from the environment (README "Settings", docs/deploy.md); DEBUG must be off.
# Needs a prepared checkout (bash scripts/setup.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -n "${DEBUG:-}" ] && [ "${DEBUG}" != "0" ] && [ "${DEBUG,,}" != "false" ]; then
    echo "serve: DEBUG is on; production runs with DEBUG off (use scripts/run.sh to develop)." >&2
    exit 2
fi
python=.venv/bin/python
if [ ! -x "$python" ] || [ ! -x .venv/bin/gunicorn ]; then
    echo "serve: .venv is not set up: run bash scripts/setup.sh first." >&2
    exit 2
fi

echo "serve: checking the production settings"
"$python" manage.py check --deploy --fail-level WARNING
echo "serve: migrating the database"
"$python" manage.py migrate --noinput
echo "serve: collecting static files into ${STATIC_ROOT:-staticfiles/}"
"$python" manage.py collectstatic --noinput --verbosity 0
echo "serve: starting gunicorn on ${GUNICORN_BIND:-127.0.0.1:8000}"
exec .venv/bin/gunicorn --config gunicorn.conf.py eqia.wsgi:application
