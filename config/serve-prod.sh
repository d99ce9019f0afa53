#!/usr/bin/env bash
# Production: migrate, collect static files, then serve the app with granian and run the task consumer
# beside it. Reads only the environment (README, "Production"). When either process ends, or on
# SIGINT/SIGTERM, both are stopped and the script exits with the first one's status.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE=config.settings.prod
export PORT="${PORT:-8000}"
# Each granian blocking thread holds its own database connection (CONN_MAX_AGE): granian's default of hundreds
# of threads per worker runs PostgreSQL out of connections (100 by default) under load. Workers x threads must
# stay under the database's max_connections; both can be set by the environment (README, "Production").
export GRANIAN_WORKERS="${GRANIAN_WORKERS:-2}"
export GRANIAN_BLOCKING_THREADS="${GRANIAN_BLOCKING_THREADS:-8}"

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput --verbosity 0

"$PY" manage.py run_huey --workers 2 &
consumer=$!
"$PY" -m granian --interface wsgi --host "${GRANIAN_HOST:-0.0.0.0}" --port "$PORT" --no-ws config.wsgi:application &
web=$!

stop() { kill -TERM "$consumer" "$web" 2>/dev/null || true; }
trap stop INT TERM

# A granian worker still starting when the stop comes misses it (granian 2.8: the main process says it is
# shutting down, the worker finishes starting and serves on, and the main process waits for it forever). So
# after a grace period the workers (granian's children, by parent id) are told again, every second, and
# after STOP_SECONDS everything left is killed.
GRACE_SECONDS=5
STOP_SECONDS="${TRELLIS_STOP_SECONDS:-25}"
running() { kill -0 "$consumer" 2>/dev/null || kill -0 "$web" 2>/dev/null; }
finish() {
    stop
    local waited=0
    while running && [ "$waited" -lt "$STOP_SECONDS" ]; do
        if [ "$waited" -ge "$GRACE_SECONDS" ]; then pkill -TERM -P "$web" 2>/dev/null || true; fi
        sleep 1
        waited=$((waited + 1))
    done
    if running; then
        pkill -KILL -P "$web" 2>/dev/null || true
        kill -KILL "$consumer" "$web" 2>/dev/null || true
    fi
}

set +e
wait -n "$consumer" "$web"
status=$?
finish
wait "$consumer" "$web" 2>/dev/null
exit "$status"
