#!/usr/bin/env bash
# Run cfn-lint, checkov and the offline IAM action check over synthesized
# CloudFormation templates.
#
#   bash scripts/template-checks/run.sh DIR      # DIR holds *.template.json
#
# Tools live in <repo>/.venv-template-checks, (re)built when missing or when
# requirements.txt / requirements-iam-db.txt / the Python version changed.
# A template named *.<region>.template.json is checked for that region
# (cn-north-1, us-gov-west-1, ...), any other for us-east-1.
# Ends with one line "N passed, M failed" (templates x tools); exit 1 if M > 0,
# exit 2 on a usage or setup error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.venv-template-checks"
python="${PYTHON:-python3}"

if [[ $# -ne 1 || ! -d $1 ]]; then
  echo "usage: bash scripts/template-checks/run.sh DIR   (DIR holds *.template.json)" >&2
  exit 2
fi
dir="$(cd "$1" && pwd)"
shopt -s nullglob
templates=("$dir"/*.template.json)
if [[ ${#templates[@]} -eq 0 ]]; then
  echo "no *.template.json in $dir" >&2
  exit 2
fi

# ---------------------------------------------------------------- tool venv
stamp="$( { cat "$here/requirements.txt" "$here/requirements-iam-db.txt"; "$python" -VV; } | sha256sum | cut -d' ' -f1)"
if [[ ! -x $venv/bin/python || "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$stamp" ]]; then
  echo "== building $venv"
  start=$SECONDS
  if [[ -e $venv ]]; then
    # Only ever delete a directory that is a venv built by this script.
    if [[ ! -f $venv/pyvenv.cfg ]]; then
      echo "refusing to replace $venv: not a venv" >&2
      exit 2
    fi
    rm -rf "$venv"
  fi
  "$python" -m venv "$venv"
  printf '# built by scripts/template-checks/run.sh\n*\n' > "$venv/.gitignore"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-deps --require-hashes --target "$venv/iam-db" -r "$here/requirements-iam-db.txt"
  echo "$stamp" > "$venv/.requirements.sha256"
  echo "   built in $((SECONDS - start))s"
fi
py="$venv/bin/python"
"$py" -c 'import importlib.metadata as m; print("== tools: cfn-lint", m.version("cfn-lint") + ", checkov", m.version("checkov"))'

passed=0
failed=0
tally() { if [[ $1 -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }

# ------------------------------------------------------------------ cfn-lint
for t in "${templates[@]}"; do
  echo "== cfn-lint: $(basename "$t")"
  rc=0; "$py" "$here/cfn_lint_check.py" --ignores "$here/cfn-lint-ignores.txt" "$t" || rc=$?
  [[ $rc -eq 2 ]] && exit 2
  tally "$rc"
done

# ------------------------------------------------------------------- checkov
for t in "${templates[@]}"; do
  echo "== checkov: $(basename "$t")"
  rc=0; "$py" "$here/checkov_check.py" --skips "$here/checkov-skips.txt" "$t" || rc=$?
  [[ $rc -eq 2 ]] && exit 2
  tally "$rc"
done

# ----------------------------------------------------------- IAM action check
echo "== IAM actions and resources (offline database)"
status="$(mktemp)"
trap 'rm -f "$status"' EXIT
rc=0; "$py" "$here/check_iam_actions.py" --iam-db-dir "$venv/iam-db" --status-file "$status" "${templates[@]}" || rc=$?
[[ $rc -eq 2 ]] && exit 2
for t in "${templates[@]}"; do
  if grep -qxF "PASS $t" "$status"; then tally 0; else tally 1; fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
