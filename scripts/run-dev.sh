#!/usr/bin/env bash
# Serve http://127.0.0.1:8000 with a Celery worker and beat beside it; Ctrl-C (or any one exiting) stops all three.
set -uo pipefail
BIN=${BIN:-.venv/bin}
mkdir -p var
pids=()
stop_all() {
  trap - INT TERM EXIT
  # TERM to the three main processes only: Celery's warm shutdown then stops its own pool children.
  kill -TERM "${pids[@]}" 2>/dev/null
  wait
}
trap stop_all INT TERM EXIT
"$BIN/celery" -A claimcheck worker --loglevel=INFO --concurrency=2 -Q celery,archive & pids+=($!)
"$BIN/celery" -A claimcheck beat --loglevel=INFO --pidfile=var/celerybeat.pid & pids+=($!)
"$BIN/python" manage.py runserver 127.0.0.1:8000 & pids+=($!)
wait -n
