#!/usr/bin/env bash
# Proves the one-command demo starts on its embedded defaults (SQLite, in-process tasks):
# runs `make run` without DATABASE_URL, REDIS_URL or CELERY_BROKER_URL, waits for the login page.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL -u KINDPORTAAL_ENV \
    setsid make run >"$log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null || true' EXIT

for _ in $(seq 1 180); do
    if body=$(curl -fsS http://127.0.0.1:8000/accounts/login/ 2>/dev/null); then
        if grep -q "Inloggen" <<<"$body" && grep -q "beleid@example.org" "$log"; then
            echo "demo-check: the demo started and its login page answers in Dutch"
            exit 0
        fi
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        break
    fi
    sleep 1
done
echo "demo-check: the demo did not start; its output:" >&2
cat "$log" >&2
exit 1
