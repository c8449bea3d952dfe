#!/usr/bin/env bash
# Serve http://127.0.0.1:8000 with a Celery worker and beat beside it; Ctrl-C stops all three.
set -euo pipefail
BIN=${BIN:-.venv/bin}
mkdir -p var
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
"$BIN/celery" -A claimcheck worker --loglevel=INFO --concurrency=2 -Q celery,archive &
"$BIN/celery" -A claimcheck beat --loglevel=INFO --pidfile=var/celerybeat.pid &
"$BIN/python" manage.py runserver 127.0.0.1:8000 &
wait -n
