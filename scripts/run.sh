#!/usr/bin/env bash
# Runs eqia for development: setup, migrate the SQLite database (db.sqlite3), load the demo
# register and demo logins, then the development server on http://$HOST:$PORT/.
# HOST defaults to 127.0.0.1 and PORT to 8000; extra arguments go to runserver.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

export DEBUG=1  # development settings (the settings refuse DEBUG off with the development key)
unset DATABASE_URL  # always the local SQLite database: never seed demo data anywhere else
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"

.venv/bin/python manage.py migrate --noinput --verbosity 0 && echo "Database ready: db.sqlite3"
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py seed_plans  # the equality plans (plans app), after the demo logins
.venv/bin/python manage.py record_overdue_snapshot  # this month's overdue count (cron does it monthly)

echo
echo "eqia is starting on http://$host:$port/  (stop it with Ctrl+C)"
echo
exec .venv/bin/python manage.py runserver "$host:$port" "$@"
