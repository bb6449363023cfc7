#!/usr/bin/env bash
# Proves the one-command demo starts on its embedded defaults (SQLite, in-process tasks):
# runs `make run` without DATABASE_URL, REDIS_URL or CELERY_BROKER_URL, waits for the login page,
# then logs in as the demo's partner director and searches (the search's fallback for SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL -u KINDPORTAAL_ENV \
    setsid make run >"$log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null || true' EXIT

search_as_a_director() {
    local jar token found
    jar=$(mktemp)
    token=$(curl -fsS -c "$jar" http://127.0.0.1:8000/accounts/login/ \
        | grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    curl -fsS -b "$jar" -c "$jar" -o /dev/null -e http://127.0.0.1:8000/accounts/login/ \
        --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "login=bestuurder@example.org" \
        --data-urlencode "password=${DEMO_PASSWORD:-Voorbeeldstad-2026}" \
        http://127.0.0.1:8000/accounts/login/
    found=$(curl -fsS -b "$jar" "http://127.0.0.1:8000/zoeken/?q=peuter")
    if ! grep -q "resultaten voor “peuter”" <<<"$found" || ! grep -q "<mark>Peuter" <<<"$found"; then
        echo "demo-check: searching the demo as its partner director found nothing" >&2
        exit 1
    fi
    echo "demo-check: the partner director searches the demo ($(grep -o '[0-9]* resultaten voor “peuter”' <<<"$found"))"
}

for _ in $(seq 1 180); do
    if body=$(curl -fsS http://127.0.0.1:8000/accounts/login/ 2>/dev/null); then
        if grep -q "Inloggen" <<<"$body" && grep -q "beleid@example.org" "$log"; then
            echo "demo-check: the demo started and its login page answers in Dutch"
            search_as_a_director
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
