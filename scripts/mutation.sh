#!/usr/bin/env bash
# Mutation testing of the modules that hold the rules, with mutmut (docs/development.md).
#   scripts/mutation.sh kindportaal.exports          one module (dotted name)
#   scripts/mutation.sh kindportaal.exports agenda.services   several, one after the other
#   scripts/mutation.sh                               every module of [tool.mutmut] only_mutate
#   scripts/mutation.sh --report                      the table of scores so far
# Runs on SQLite with one child process at low priority: the machine is shared. Results stay in
# mutants/ (ignored by git); a second run only tries the mutants that have no result yet.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
modules=("$@")
if [[ ${#modules[@]} -eq 1 && ${modules[0]} == --report ]]; then
    exec "$PY" scripts/mutation_report.py
fi
if [[ ${#modules[@]} -eq 0 ]]; then
    mapfile -t modules < <("$PY" scripts/mutation_report.py --modules)
fi

for module in "${modules[@]}"; do
    start=$(date +%s)
    echo "== mutation: $module"
    env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL KINDPORTAAL_ENV=test \
        nice -n 10 .venv/bin/mutmut run --max-children 1 "$module.*" || true
    "$PY" scripts/mutation_report.py --record-time "$module" $(( $(date +%s) - start ))
done
"$PY" scripts/mutation_report.py "${modules[@]}"
