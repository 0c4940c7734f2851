#!/usr/bin/env bash
# The data-path proof (test/stream): installs its Python tools (scripts/stream/setup.sh), runs pytest
# against the built transform bundle, prints the proof's figures and ends with "N passed, M failed"
# for scripts/test-summary.js. Needs the bundle (`npx projen bundle`) first.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash scripts/stream/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
rm -f test-reports/stream-proof.json
output=$(cd test/stream && PYTHONDONTWRITEBYTECODE=1 ../../.venv-stream/bin/python -m pytest -q -p no:cacheprovider -W ignore::UserWarning . 2>&1)
status=$?
echo "$output"
if [ -f test-reports/stream-proof.json ]; then
  echo "data path: $(cat test-reports/stream-proof.json)"
fi
summary=$(echo "$output" | tail -n 1)
passed=$(echo "$summary" | grep -oE '[0-9]+ passed' | awk '{ sum += $1 } END { print sum + 0 }')
failed=$(echo "$summary" | grep -oE '[0-9]+ (failed|errors?)' | awk '{ sum += $1 } END { print sum + 0 }')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
