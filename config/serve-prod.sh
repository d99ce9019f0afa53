#!/usr/bin/env bash
# Production: migrate, collect static files, then serve the app with granian and run the task consumer
# beside it. Reads only the environment (README, "Production"). When either process ends, or on
# SIGINT/SIGTERM, both are stopped and the script exits with the first one's status.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE=config.settings.prod
export PORT="${PORT:-8000}"
# granian reads GRANIAN_WORKERS and GRANIAN_BLOCKING_THREADS from the environment. Each blocking thread holds a
# database connection (CONN_MAX_AGE): under load, workers x threads must stay under PostgreSQL's max_connections
# (README, "Production"; bench/load.py runs 2 workers of 8).

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput --verbosity 0

"$PY" manage.py run_huey --workers 2 &
consumer=$!
"$PY" -m granian --interface wsgi --host "${GRANIAN_HOST:-0.0.0.0}" --port "$PORT" --no-ws config.wsgi:application &
web=$!

stop() { kill -TERM "$consumer" "$web" 2>/dev/null || true; }
trap stop INT TERM

set +e
wait -n "$consumer" "$web"
status=$?
stop
wait "$consumer" "$web"
exit "$status"
