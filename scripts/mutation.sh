#!/usr/bin/env bash
# Mutation testing of the modules that hold the rules, with mutmut (docs/development.md).
#   scripts/mutation.sh kindportaal.exports                 one module (dotted name)
#   scripts/mutation.sh kindportaal.exports agenda.services  several, one after the other
#   scripts/mutation.sh                                      every module of the table below
#   scripts/mutation.sh --report                             the table of scores so far
#   scripts/mutation.sh --again kindportaal.exports          try its survivors again (new tests)
# Each module's mutants run with that module's own tests (the table below; of those, mutmut
# runs for each mutant the ones that call the mutated function). On SQLite, one child process,
# low priority: the machine is shared. Results stay in mutants/ (ignored by git); a second run
# only tries the mutants that have no result yet.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A TESTS=(
    [kindportaal.permissions]="tests/kindportaal/test_permissions.py tests/kindportaal/test_invitations.py"
    [kindportaal.exports]="tests/kindportaal/test_exports.py tests/kindportaal/test_shared_helpers.py"
    [kindportaal.middleware]="tests/kindportaal/test_two_factor.py tests/kindportaal/test_layout.py tests/kindportaal/test_accounts.py"
    [kindportaal.services]="tests/kindportaal/test_invitation_services.py tests/kindportaal/test_invitations.py tests/kindportaal/test_accounts.py"
    [kindportaal.invitations]="tests/kindportaal/test_records.py tests/kindportaal/test_invitations.py tests/partners/test_memberships.py"
    [kindportaal.concurrency]="tests/kindportaal/test_lock_versioned.py tests/kindportaal/test_shared_helpers.py tests/kindportaal/test_records.py"
    [kindportaal.records]="tests/kindportaal/test_records.py"
    [partners.permissions]="tests/partners"
    [partners.registers.planning]="tests/partners/test_register_imports.py tests/partners/test_register_files.py tests/partners/test_register_pages.py"
    [partners.registers.applying]="tests/partners/test_register_imports.py tests/partners/test_register_pages.py"
    [kindcentra.permissions]="tests/kindcentra"
    [agenda.permissions]="tests/agenda"
    [agenda.services]="tests/agenda"
    [budgets.permissions]="tests/budgets"
    [budgets.services]="tests/budgets"
    [budgets.accounting]="tests/budgets/test_accounting.py tests/budgets/test_year_overviews.py tests/budgets/test_pages.py"
)

PY=.venv/bin/python
again=false
if [[ ${1:-} == --report ]]; then
    exec "$PY" scripts/mutation_report.py
fi
if [[ ${1:-} == --again ]]; then
    again=true
    shift
fi
modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then
    mapfile -t modules < <("$PY" scripts/mutation_report.py --modules)
fi

for module in "${modules[@]}"; do
    if [[ -z ${TESTS[$module]:-} ]]; then
        echo "mutation: no tests listed for $module in scripts/mutation.sh" >&2
        exit 2
    fi
    names=("$module.*")
    if $again; then
        mapfile -t names < <("$PY" scripts/mutation_report.py --survivors "$module")
        [[ ${#names[@]} -gt 0 ]] || continue
    fi
    start=$(date +%s)
    echo "== mutation: $module with ${TESTS[$module]}"
    env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL KINDPORTAAL_ENV=test \
        MUTATION_TESTS="${TESTS[$module]}" \
        nice -n 10 .venv/bin/mutmut run --max-children 1 "${names[@]}" || true
    "$PY" scripts/mutation_report.py --record-time "$module" $(( $(date +%s) - start ))
done
"$PY" scripts/mutation_report.py "${modules[@]}"
